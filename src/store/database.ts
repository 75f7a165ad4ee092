import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/**
 * The one door to the database. Both engines speak PostgreSQL's dialect, so everything above this file
 * writes one SQL with `$1` parameters and never concatenates values into it. PGlite (PostgreSQL compiled
 * to WebAssembly, in a data directory) is the default; a connection URL selects a PostgreSQL server.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations, restore). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly engine: "pglite" | "postgres";
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. Retried on
   * PostgreSQL's serialisation failures and deadlocks, so `work` must not have effects outside the database.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://…`: use that server. Otherwise PGlite in `dataDir` (in memory when absent). */
  url?: string;
  dataDir?: string;
  /** Connections in the pool (PostgreSQL only). */
  poolSize?: number;
  /**
   * PGlite only: how long statements may follow one another without the event loop coming round (see
   * `turnTaking`); default 5 ms.
   */
  turnEveryMs?: number;
}

const retryableCodes = new Set(["40001", "40P01"]);
const maxAttempts = 5;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url
    ? openPostgres(options.url, options.poolSize ?? 10)
    : openPglite(options.dataDir, options.turnEveryMs ?? 5);
}

/**
 * PGlite runs each statement synchronously in this thread, so a statement's promise is settled before
 * anything else can happen, and its own queue hands the connection to the next waiter from the same
 * microtask queue: under load a chain of queued requests was worked off without the event loop ever
 * reaching its I/O phase, and new connections waited to be accepted until the chain ran dry (measured:
 * 100 clients connecting during a mixed load, the last accepted after 10 to 40 s, up to 246 client
 * timeouts a minute). Statements and transactions therefore take turns in a queue of our own, and once
 * they have followed one another for `everyMs` without the event loop coming round, the next one waits
 * for it (`setImmediate`, after the I/O phase). Waiting before every statement did the same for fairness
 * but cost reads a loop iteration each. Statements inside a transaction never wait: that would only hold
 * the connection longer.
 */
function turnTaking(everyMs: number): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  /** When the event loop last came round to its check phase, which follows the I/O phase. */
  let cameRound = performance.now();
  let watching = false;
  const noteTurn = () => {
    cameRound = performance.now();
    watching = false;
  };
  const ioTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const beforeEach = async () => {
    if (!watching) {
      watching = true;
      setImmediate(noteTurn);
    }
    if (performance.now() - cameRound >= everyMs) await ioTurn();
  };
  return (work) => {
    const run = tail.then(beforeEach).then(work);
    tail = run.catch(() => undefined);
    return run;
  };
}

async function openPglite(dataDir: string | undefined, turnEveryMs: number): Promise<Database> {
  const db = dataDir ? await PGlite.create({ dataDir }) : await PGlite.create();
  const query = async <Row>(client: Pick<PGlite, "query">, sql: string, params?: readonly unknown[]) =>
    (await client.query<Row>(sql, params as unknown[] | undefined)).rows;
  const inTurn = turnTaking(turnEveryMs);
  return {
    engine: "pglite",
    query: (sql, params) => inTurn(() => query(db, sql, params)),
    exec: (sql) => inTurn(async () => void (await db.exec(sql))),
    // PGlite is a single connection: its transaction() takes an exclusive lock, so other statements
    // wait instead of joining the transaction. Nothing else can conflict, hence no retry here.
    transaction: (work) =>
      inTurn(() =>
        db.transaction((tx) =>
          work({
            query: (sql, params) => query(tx, sql, params),
            exec: async (sql) => void (await tx.exec(sql)),
          }),
        ),
      ),
    close: () => inTurn(() => db.close()),
  };
}

// Counts and sequence numbers are int8; they stay far below 2^53, so numbers (as PGlite returns them) are
// safer to compare than pg's default strings.
function getTypeParser(oid: number, format?: "text" | "binary") {
  if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
  return pg.types.getTypeParser(oid, format);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: { getTypeParser } });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  // Check the connection now so that a wrong URL fails at start, not at the first request.
  await pool.query("select 1");
  const statementName = preparedStatementNames();
  const query = async <Row>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) => {
    const name = params?.length ? statementName(sql) : undefined;
    const values = params as unknown[] | undefined;
    const result = name ? await client.query({ name, text: sql, values }) : await client.query(sql, values);
    return result.rows as Row[];
  };
  return {
    engine: "postgres",
    query: (sql, params) => query(pool, sql, params),
    exec: async (sql) => void (await pool.query(sql)),
    async transaction(work) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query("begin");
          const result = await work({
            query: (sql, params) => query(client, sql, params),
            exec: async (sql) => void (await client.query(sql)),
          });
          await client.query("commit");
          return result;
        } catch (error) {
          await client.query("rollback").catch(() => {});
          const code = (error as { code?: string }).code;
          if (attempt < maxAttempts && code && retryableCodes.has(code)) continue;
          throw error;
        } finally {
          client.release();
        }
      }
    },
    close: () => pool.end(),
  };
}

/** Distinct statements a process prepares at most; the rest are parsed and planned on every call. */
const maxPreparedStatements = 1_000;

/**
 * A name per SQL text, so that each pooled connection parses and plans a statement once and then only
 * binds values: most requests run one or two short queries, where planning is a large part of the work.
 * Names are per process and connection (PostgreSQL keeps prepared statements per session); SQL built
 * with varying text (filters, sorts) stays within the bound, and anything past it runs unnamed.
 */
function preparedStatementNames(): (sql: string) => string | undefined {
  const names = new Map<string, string>();
  return (sql) => {
    const known = names.get(sql);
    if (known !== undefined || names.size >= maxPreparedStatements) return known;
    const name = `mamori_${names.size + 1}`;
    names.set(sql, name);
    return name;
  };
}

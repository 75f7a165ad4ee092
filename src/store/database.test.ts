import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "./database.js";
import { createTestDatabase, dropTestDatabase, postgresUrl } from "./test-databases.js";

describe.runIf(postgresUrl)("PostgreSQL statements", () => {
  let url: string;
  let db: Database;
  beforeAll(async () => {
    url = await createTestDatabase(postgresUrl as string);
    // One connection, so the session that prepared a statement is the one asked about it.
    db = await openDatabase({ url, poolSize: 1 });
  });
  afterAll(async () => {
    await db.close();
    await dropTestDatabase(postgresUrl as string, url);
  });

  it("prepares each parameterised statement once per connection and gives the same answers", async () => {
    const sql = "select $1::int + 1 as next";
    expect(await db.query(sql, [1])).toEqual([{ next: 2 }]);
    expect(await db.query(sql, [41])).toEqual([{ next: 42 }]);
    const prepared = await db.query<{ statement: string }>(
      "select statement from pg_prepared_statements where statement = $1",
      [sql],
    );
    expect(prepared).toEqual([{ statement: sql }]);
    // Statements without parameters (scripts, DDL) are never prepared.
    await db.query("select 1 as one");
    expect(
      await db.query("select count(*)::int as n from pg_prepared_statements where statement = $1", [
        "select 1 as one",
      ]),
    ).toEqual([{ n: 0 }]);
    // The same text in a transaction (another pooled client in general) is prepared there too.
    expect(await db.transaction((tx) => tx.query(sql, [2]))).toEqual([{ next: 3 }]);
  });
});

describe("PGlite under a queue of statements", () => {
  /** Event-loop turns (what a server needs to accept connections and read requests) taken while `work` runs. */
  async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
    let turns = 0;
    let done = false;
    const turn = () => {
      if (done) return;
      turns += 1;
      setImmediate(turn);
    };
    setImmediate(turn);
    await work();
    done = true;
    return turns;
  }
  const queue = (db: Database, length: number) =>
    Promise.all(
      Array.from({ length }, (_, i) =>
        i % 10 === 0
          ? db.transaction((tx) => tx.query<{ n: number }>("select $1::int as n", [i]))
          : db.query<{ n: number }>("select $1::int as n", [i]),
      ),
    );

  it("lets the event loop come round between queued statements and transactions", async () => {
    const db = await openDatabase({ turnEveryMs: 0 });
    try {
      let answers: { n: number }[][] = [];
      const turns = await turnsDuring(async () => {
        answers = await queue(db, 200);
      });
      expect(turns).toBeGreaterThanOrEqual(100);
      expect(answers.map((rows) => rows[0]?.n)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    } finally {
      await db.close();
    }
  });

  it("by default, once statements have followed one another for a few milliseconds", async () => {
    const db = await openDatabase({});
    try {
      // 3,000 statements take PGlite far longer than 5 ms; without turn-taking there is no turn at all.
      expect(await turnsDuring(() => queue(db, 3000))).toBeGreaterThanOrEqual(2);
    } finally {
      await db.close();
    }
  });
});

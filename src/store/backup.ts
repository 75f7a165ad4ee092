import type { Database, Queryable } from "./database.js";
import { type Migration, migrations } from "./migrations.js";

/**
 * Backup and restore as JSON Lines: a header, then one line per row, table by table. Read in one
 * repeatable-read transaction, so the snapshot is consistent while the server keeps running; restored in
 * one transaction, so a failed restore leaves the database as it was. Sessions are not backed up: a
 * restored system asks everyone to sign in again. Caches (match_states, product_match_states) are not
 * backed up either: the next matching rebuilds them.
 */
export const backupTables = [
  "users",
  "api_tokens",
  "sites",
  "site_entities",
  "site_layouts",
  "products",
  "memberships",
  "analyses",
  "jobs",
  "audit_log",
  "advisories",
  "advisory_revisions",
  "reference_data",
  "sboms",
  "vulnerability_matches",
  "match_reviews",
  "vulnerability_cases",
  "case_events",
  "notifications",
  "notification_reads",
  "product_sboms",
  "product_matches",
  "product_match_reviews",
  "product_vulnerabilities",
  "model_sboms",
] as const;

export interface BackupHeader {
  format: "mamori-backup";
  /** 2: `json` columns as their exact text (a JSON string); 1 (still restored): as parsed JSON. */
  formatVersion: 1 | 2;
  schemaVersion: number;
  createdAt: string;
  engine: string;
}

const orderBy: Record<(typeof backupTables)[number], string> = {
  users: "id",
  api_tokens: "id",
  sites: "id",
  site_entities: "site_id, collection, position",
  site_layouts: "site_id",
  products: "id",
  memberships: "scope, scope_id, user_id",
  analyses: "site_id, lang",
  jobs: "id",
  audit_log: "seq",
  advisories: "key",
  advisory_revisions: "advisory_key, sha256",
  reference_data: "kind",
  sboms: "site_id, asset_id",
  vulnerability_matches: "site_id, asset_id, component, advisory_key, product_id",
  match_reviews: "site_id, asset_id, component, advisory_key, product_id",
  vulnerability_cases: "site_id, asset_id, vulnerability_id",
  case_events: "id",
  notifications: "id",
  notification_reads: "notification_id, user_id",
  product_sboms: "product_id",
  product_matches: "product_id, component, advisory_key, advisory_product",
  product_match_reviews: "product_id, component, advisory_key, advisory_product",
  product_vulnerabilities: "product_id, vulnerability_id",
  model_sboms: "vendor, model, version",
};

export async function writeBackup(
  db: Database,
  now: Date,
  write: (line: string) => void | Promise<void>,
): Promise<{ rows: number }> {
  return db.transaction(async (tx) => {
    if (db.engine === "postgres")
      await tx.query("set transaction isolation level repeatable read, read only");
    const [version] = await tx.query<{ v: number }>("select max(version) as v from schema_migrations");
    const header: BackupHeader = {
      format: "mamori-backup",
      formatVersion: 2,
      schemaVersion: version?.v ?? 0,
      createdAt: now.toISOString(),
      engine: db.engine,
    };
    await write(JSON.stringify(header));
    let rows = 0;
    for (const table of backupTables) {
      const columns = await columnsOf(tx, table);
      // Paged by offset inside one snapshot, so memory stays flat for large sites.
      for (let offset = 0; ; offset += 5000) {
        const page = await tx.query<{ row: unknown }>(
          `select row_to_json(t) as row from (select ${selectList(columns)} from ${table} order by ${orderBy[table]} limit 5000 offset $1) t`,
          [offset],
        );
        for (const { row } of page) await write(JSON.stringify({ table, row }));
        rows += page.length;
        if (page.length < 5000) break;
      }
    }
    return { rows };
  });
}

export class BackupError extends Error {}

interface Column {
  name: string;
  json: boolean;
}

/** A table's columns in order, and which are `json`: those are backed up as their exact text. */
async function columnsOf(tx: Queryable, table: string): Promise<Column[]> {
  const rows = await tx.query<{ name: string; type: string }>(
    `select column_name as name, data_type as type from information_schema.columns
     where table_schema = current_schema() and table_name = $1 order by ordinal_position`,
    [table],
  );
  return rows.map((r) => ({ name: r.name, json: r.type === "json" }));
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * `json` columns as text: advisories as published and SBOMs keep their exact text (their SHA-256 was
 * taken of it), and a line stays one line even when that text spans several.
 */
function selectList(columns: readonly Column[]): string {
  return columns
    .map((c) => (c.json ? `${quoted(c.name)}::text as ${quoted(c.name)}` : quoted(c.name)))
    .join(", ");
}

/** Rows of a batch back into the table; `json` columns of a format-2 backup from their text. */
function insertFrom(table: string, columns: readonly Column[], jsonAsText: boolean): string {
  const values = columns.map((c) =>
    c.json && jsonAsText ? `(e->>'${c.name.replaceAll("'", "''")}')::json` : `r.${quoted(c.name)}`,
  );
  return `insert into ${table} (${columns.map((c) => quoted(c.name)).join(", ")})
    select ${values.join(", ")} from json_array_elements($1::json) e, json_populate_record(null::${table}, e) r`;
}

/** Restores into a database at the same schema version; `replace` allows one that already holds data. */
export async function restoreBackup(
  db: Database,
  lines: AsyncIterable<string> | Iterable<string>,
  options: { replace: boolean },
): Promise<{ rows: number }> {
  return db.transaction(async (tx) => {
    let header: BackupHeader | undefined;
    const batches = new Map<string, unknown[]>();
    let rows = 0;
    const latest = (migrations.at(-1) as Migration).version;
    const inserts = new Map<string, string>();
    const flush = async (table: string) => {
      const batch = batches.get(table);
      if (!batch?.length) return;
      let insert = inserts.get(table);
      if (!insert) {
        insert = insertFrom(table, await columnsOf(tx, table), header?.formatVersion === 2);
        inserts.set(table, insert);
      }
      await tx.query(insert, [JSON.stringify(batch)]);
      batches.set(table, []);
    };
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber++;
      if (!line.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new BackupError(`line ${lineNumber}: not JSON`);
      }
      if (!header) {
        header = value as BackupHeader;
        if (header.format !== "mamori-backup" || (header.formatVersion !== 1 && header.formatVersion !== 2))
          throw new BackupError("not a Mamori backup");
        if (header.schemaVersion !== latest)
          throw new BackupError(
            `backup has schema ${header.schemaVersion}, this Mamori has ${latest}: restore with the version that wrote it`,
          );
        await prepare(tx, options.replace);
        continue;
      }
      const { table, row } = value as { table: string; row: unknown };
      if (!(backupTables as readonly string[]).includes(table))
        throw new BackupError(`line ${lineNumber}: unknown table ${table}`);
      const batch = batches.get(table) ?? [];
      batch.push(row);
      batches.set(table, batch);
      rows++;
      if (batch.length >= 2000) {
        // Parents' pending rows first, so foreign keys hold at every insert.
        for (const pending of backupTables) {
          await flush(pending);
          if (pending === table) break;
        }
      }
    }
    if (!header) throw new BackupError("empty backup");
    // Parents before children, whatever order the lines came in.
    for (const table of backupTables) await flush(table);
    for (const table of ["jobs", "case_events", "notifications"])
      await tx.query(
        `select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 0) + 1, false)`,
      );
    // Every process's cached advisory index is stale now.
    await tx.query("update advisory_generation set generation = generation + 1");
    return { rows };
  });
}

async function prepare(tx: Queryable, replace: boolean) {
  const [{ n } = { n: 0 }] = await tx.query<{ n: number }>(
    "select (select count(*) from users) + (select count(*) from sites) + (select count(*) from audit_log) as n",
  );
  if (Number(n) > 0 && !replace)
    throw new BackupError("the database is not empty: use --replace to overwrite it");
  if (Number(n) > 0) {
    // The audit log refuses deletion by design; a restore replaces it with the backup's own chain.
    await tx.exec(`alter table audit_log disable trigger audit_log_no_update;
      delete from audit_log; alter table audit_log enable trigger audit_log_no_update;`);
    for (const table of [...backupTables].reverse())
      if (table !== "audit_log") await tx.query(`delete from ${table}`);
    await tx.query("delete from sessions");
  }
}

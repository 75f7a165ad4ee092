import { createHash } from "node:crypto";
import type { Queryable } from "./database.js";

/**
 * The audit log: every change, who made it, when, and the record before and after. Rows are appended in
 * the same transaction as the change they describe (no change without its entry, no entry without its
 * change) and chained: each hash covers the row and the previous hash, so editing or removing any row
 * breaks every hash after it. The table also refuses UPDATE, DELETE and TRUNCATE (see migrations.ts).
 */
export interface AuditChange {
  actor: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  siteId: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditEntry extends AuditChange {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

export const genesisHash = "0".repeat(64);
// Serialises appenders across connections and processes; released at commit.
const auditLock = 7_275_002;

/** JSON with keys sorted at every level, so a hash does not depend on how the database orders keys. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function entryHash(entry: Omit<AuditEntry, "hash">): string {
  const content = canonicalJson({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    siteId: entry.siteId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    prevHash: entry.prevHash,
  });
  return createHash("sha256").update(content).digest("hex");
}

export async function appendAudit(tx: Queryable, change: AuditChange, now: Date): Promise<AuditEntry> {
  await tx.query("select pg_advisory_xact_lock($1)", [auditLock]);
  const last = await tx.query<{ seq: number; hash: string }>(
    "select seq, hash from audit_log order by seq desc limit 1",
  );
  const entry: Omit<AuditEntry, "hash"> = {
    ...change,
    before: change.before ?? null,
    after: change.after ?? null,
    seq: (last[0]?.seq ?? 0) + 1,
    at: now.toISOString(),
    prevHash: last[0]?.hash ?? genesisHash,
  };
  const hash = entryHash(entry);
  await tx.query(
    `insert into audit_log(seq, at, actor, action, subject_type, subject_id, site_id, before, after, prev_hash, hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      entry.seq,
      entry.at,
      entry.actor,
      entry.action,
      entry.subjectType,
      entry.subjectId,
      entry.siteId,
      JSON.stringify(entry.before),
      JSON.stringify(entry.after),
      entry.prevHash,
      hash,
    ],
  );
  return { ...entry, hash };
}

interface AuditRow {
  seq: number;
  at: Date;
  actor: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  site_id: string | null;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

const auditColumns =
  "seq, at, actor, action, subject_type, subject_id, site_id, before, after, prev_hash, hash";

function fromRow(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    siteId: row.site_id,
    before: row.before,
    after: row.after,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export interface AuditQuery {
  siteId?: string;
  actor?: string;
  action?: string;
  subjectType?: string;
  from?: string;
  to?: string;
  /** Entries with seq below this (newest first paging). */
  beforeSeq?: number;
  limit: number;
}

export async function listAudit(db: Queryable, query: AuditQuery): Promise<AuditEntry[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, value: unknown) => {
    params.push(value);
    where.push(condition.replace("?", `$${params.length}`));
  };
  if (query.siteId !== undefined) add("site_id = ?", query.siteId);
  if (query.actor !== undefined) add("actor = ?", query.actor);
  if (query.action !== undefined) add("action = ?", query.action);
  if (query.subjectType !== undefined) add("subject_type = ?", query.subjectType);
  if (query.from !== undefined) add("at >= ?", query.from);
  if (query.to !== undefined) add("at < ?", query.to);
  if (query.beforeSeq !== undefined) add("seq < ?", query.beforeSeq);
  params.push(query.limit);
  const rows = await db.query<AuditRow>(
    `select ${auditColumns} from audit_log ${where.length ? `where ${where.join(" and ")}` : ""}
     order by seq desc limit $${params.length}`,
    params,
  );
  return rows.map(fromRow);
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not hold, and why. */
  broken?: { seq: number; reason: "hash" | "link" | "gap" };
}

/** Re-computes the whole chain in pages, oldest first. */
export async function verifyAudit(db: Queryable, pageSize = 5000): Promise<AuditVerification> {
  let previous = { seq: 0, hash: genesisHash };
  let entries = 0;
  for (;;) {
    const rows = await db.query<AuditRow>(
      `select ${auditColumns} from audit_log where seq > $1 order by seq limit $2`,
      [previous.seq, pageSize],
    );
    for (const row of rows) {
      const entry = fromRow(row);
      if (entry.seq !== previous.seq + 1)
        return { ok: false, entries, broken: { seq: entry.seq, reason: "gap" } };
      if (entry.prevHash !== previous.hash)
        return { ok: false, entries, broken: { seq: entry.seq, reason: "link" } };
      if (entryHash(entry) !== entry.hash)
        return { ok: false, entries, broken: { seq: entry.seq, reason: "hash" } };
      previous = entry;
      entries++;
    }
    if (rows.length < pageSize) return { ok: true, entries };
  }
}

/** CSV for spreadsheets (RFC 4180 quoting; before/after as JSON). */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const header = [
    "seq",
    "at",
    "actor",
    "action",
    "subjectType",
    "subjectId",
    "siteId",
    "before",
    "after",
    "hash",
  ];
  const quote = (value: unknown) => {
    const text =
      value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = entries.map((e) =>
    [e.seq, e.at, e.actor, e.action, e.subjectType, e.subjectId, e.siteId, e.before, e.after, e.hash]
      .map(quote)
      .join(","),
  );
  return `${[header.join(","), ...lines].join("\r\n")}\r\n`;
}

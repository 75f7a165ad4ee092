import type { Database } from "./database.js";
import { type Revision, refuse } from "./failure.js";
import { type Actor, revisionOf } from "./sites.js";

/** Diagram layouts: one per site, versioned like everything else so two people's drags do not collide. */
export interface DiagramLayout {
  positions: Record<string, { x: number; y: number }>;
  collapsed: string[];
}

export const emptyLayout: DiagramLayout = { positions: {}, collapsed: [] };

export async function readLayout(
  db: Database,
  siteId: string,
): Promise<{ data: DiagramLayout; revision: Revision }> {
  const [row] = await db.query<{
    layout: DiagramLayout;
    version: number;
    updated_at: Date;
    updated_by: string | null;
  }>("select layout, version, updated_at, updated_by from site_layouts where site_id = $1", [siteId]);
  if (row) return { data: row.layout, revision: revisionOf(row) };
  const site = await db.query("select 1 from sites where id = $1", [siteId]);
  if (!site.length) refuse({ kind: "not-found", subject: `site ${siteId}` });
  return { data: emptyLayout, revision: { version: 0, updatedAt: "", updatedBy: null } };
}

/** Saves a layout; `expectedVersion` 0 for the first save. Not audited: it changes no fact about the plant. */
export async function writeLayout(
  db: Database,
  siteId: string,
  layout: DiagramLayout,
  expectedVersion: number | undefined,
  actor: Actor,
  now: Date,
): Promise<{ data: DiagramLayout; revision: Revision }> {
  if (expectedVersion === undefined) refuse({ kind: "precondition-required", subject: `layout ${siteId}` });
  return db.transaction(async (tx) => {
    const site = await tx.query("select 1 from sites where id = $1 for share", [siteId]);
    if (!site.length) refuse({ kind: "not-found", subject: `site ${siteId}` });
    const [row] = await tx.query<{ version: number; updated_at: Date; updated_by: string | null }>(
      "select version, updated_at, updated_by from site_layouts where site_id = $1 for update",
      [siteId],
    );
    const current = row?.version ?? 0;
    if (current !== expectedVersion)
      refuse({
        kind: "stale",
        subject: `layout ${siteId}`,
        current: row ? revisionOf(row) : { version: 0, updatedAt: "", updatedBy: null },
      });
    await tx.query(
      `insert into site_layouts(site_id, layout, version, updated_at, updated_by) values ($1, $2, 1, $3, $4)
       on conflict (site_id) do update set layout = excluded.layout, version = site_layouts.version + 1,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [siteId, JSON.stringify(layout), now.toISOString(), actor.username],
    );
    return {
      data: layout,
      revision: { version: current + 1, updatedAt: now.toISOString(), updatedBy: actor.username },
    };
  });
}

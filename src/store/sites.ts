import {
  assembleSite,
  entityKey,
  type SiteCollection,
  type SiteSettings,
  siteCollectionNames,
  siteCollections,
  splitSite,
} from "../model/collections.js";
import { hasErrors, type Problem, problem } from "../model/problems.js";
import type { Site } from "../model/site.js";
import { Site as SiteSchema } from "../model/site.js";
import { type ValidationOptions, validateValue } from "../model/validate.js";
import { walk } from "../model/walk.js";
import { appendAudit } from "./audit.js";
import type { Database, Queryable } from "./database.js";
import { type Revision, refuse } from "./failure.js";

/**
 * Sites as rows: the settings in `sites`, each item of each collection in `site_entities` with its own
 * version. Every write locks the site row, applies the change to the current document, validates the
 * whole resulting document (the same rules as `mamori validate`), and only then writes, audits and bumps
 * the site's version — all in one transaction. A process keeps the last document it assembled per site
 * and reuses it while the site's version is unchanged, so a write costs one validation, not a reload.
 */

export interface SiteSnapshot {
  id: string;
  version: number;
  site: Site;
}

export interface Actor {
  userId: string;
  username: string;
  /** The person's name as shown, where the actor is a signed-in user (records that show who approved). */
  displayName?: string;
}

export interface EntityRecord<T = Record<string, unknown>> {
  data: T;
  revision: Revision;
}

export interface ListQuery {
  offset: number;
  limit: number;
  /** Substring of the id or the name (either language), case-insensitive. */
  search?: string;
  /** Top-level fields that must equal a value, e.g. { type: "plc", maintainer: "org:vendor" }. */
  equals?: Record<string, string>;
  /** A top-level field, `id`, or `position` (the document's order); descending with `-` first. */
  sort?: string;
}

export interface ListResult<T> {
  total: number;
  items: EntityRecord<T>[];
}

interface EntityRow {
  key: string;
  data: Record<string, unknown>;
  version: number;
  updated_at: Date;
  updated_by: string | null;
}

export function revisionOf(row: { version: number; updated_at: Date; updated_by: string | null }): Revision {
  return {
    version: row.version,
    updatedAt: new Date(row.updated_at).toISOString(),
    updatedBy: row.updated_by,
  };
}

export interface EntityChange {
  collection: SiteCollection;
  key: string;
  /** The whole new item, or null to delete it. */
  data: Record<string, unknown> | null;
}

export interface BatchOutcome {
  version: number;
  created: number;
  updated: number;
  deleted: number;
  /** Errors; those inside a changed item carry the index of the change. */
  problems: (Problem & { change?: number })[];
}

export interface SiteStoreOptions {
  clock: () => Date;
  validation: ValidationOptions;
}

export type SiteStore = ReturnType<typeof createSiteStore>;

export function createSiteStore(db: Database, options: SiteStoreOptions) {
  const snapshots = new Map<string, SiteSnapshot>();

  async function loadSnapshot(q: Queryable, siteId: string, version: number): Promise<SiteSnapshot> {
    const cached = snapshots.get(siteId);
    if (cached && cached.version === version) return cached;
    const [row] = await q.query<{ settings: SiteSettings; version: number }>(
      "select settings, version from sites where id = $1",
      [siteId],
    );
    if (!row) refuse({ kind: "not-found", subject: `site ${siteId}` });
    const rows = await q.query<{ collection: SiteCollection; data: unknown }>(
      "select collection, data from site_entities where site_id = $1 order by collection, position",
      [siteId],
    );
    const collections = new Map<SiteCollection, unknown[]>();
    for (const entity of rows) {
      const list = collections.get(entity.collection);
      if (list) list.push(entity.data);
      else collections.set(entity.collection, [entity.data]);
    }
    const snapshot = { id: siteId, version: row.version, site: assembleSite(row.settings, collections) };
    snapshots.set(siteId, snapshot);
    return snapshot;
  }

  async function lockSite(tx: Queryable, siteId: string): Promise<number> {
    const [row] = await tx.query<{ version: number }>("select version from sites where id = $1 for update", [
      siteId,
    ]);
    if (!row) refuse({ kind: "not-found", subject: `site ${siteId}` });
    return row.version;
  }

  function validated(site: unknown): Site {
    const result = validateValue(site, options.validation);
    if (result.kind !== "site" && result.kind !== undefined) {
      refuse({
        kind: "invalid",
        problems: [problem("wrong-document-kind", ["kind"], { expected: "site", actual: result.kind })],
      });
    }
    if (!result.valid || hasErrors(result.problems)) {
      const errors = result.problems.filter((p) => p.severity === "error");
      // Type and shape errors are the request's fault (400); the rest are meaning (422).
      const shape = errors.some((p) => shapeCodes.has(p.code));
      refuse({ kind: shape ? "invalid" : "semantic", problems: errors });
    }
    // The input as given, not zod's output: zod rebuilds objects in schema key order, and the model has no
    // defaults or transforms, so the two differ only in the order people wrote their keys in.
    return site as Site;
  }

  async function insertEntities(tx: Queryable, siteId: string, site: Site, actor: Actor, now: Date) {
    const { collections } = splitSite(site);
    const rows: unknown[] = [];
    for (const [collection, items] of collections) {
      items.forEach((item, position) => {
        rows.push({
          c: collection,
          k: entityKey(collection, item as Record<string, unknown>),
          p: position,
          d: item,
        });
      });
    }
    // One statement per 5,000 rows: the JSON array travels as one parameter, so 100k assets is ~20 round trips.
    for (let start = 0; start < rows.length; start += 5000) {
      await tx.query(
        `insert into site_entities(site_id, collection, key, position, data, version, updated_at, updated_by)
         select $1, r->>'c', r->>'k', (r->>'p')::bigint, r->'d', 1, $3, $4
         from json_array_elements($2::json) as r`,
        [siteId, JSON.stringify(rows.slice(start, start + 5000)), now.toISOString(), actor.username],
      );
    }
  }

  function settingsOf(site: Site): SiteSettings {
    return splitSite(site).settings;
  }

  /**
   * A page as the stored JSON text of each item: the API sends it on without parsing and re-encoding
   * every item (that work was most of a page's cost).
   */
  async function entityTexts(
    siteId: string,
    collection: SiteCollection,
    query: ListQuery,
  ): Promise<{ total: number; items: { text: string; revision: Revision }[] }> {
    const params: unknown[] = [siteId, collection];
    const where = ["site_id = $1", "collection = $2"];
    if (query.search) {
      params.push(`%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const p = `$${params.length}`;
      where.push(
        `(key ilike ${p} or (data->>'name') ilike ${p} or (data->'name'->>'ja') ilike ${p} or (data->'name'->>'en') ilike ${p} or (data->>'title') ilike ${p} or (data->'title'->>'ja') ilike ${p} or (data->'title'->>'en') ilike ${p})`,
      );
    }
    for (const [field, value] of Object.entries(query.equals ?? {})) {
      params.push(field, value);
      where.push(`data->>$${params.length - 1} = $${params.length}`);
    }
    const condition = where.join(" and ");
    // Counted apart only when the page is empty (past the end): otherwise the window count comes with the
    // rows. Counted with the filter's parameters only: PostgreSQL refuses parameters a statement does not use.
    const filterParams = [...params];
    let order = "position";
    if (query.sort) {
      const descending = query.sort.startsWith("-");
      const field = descending ? query.sort.slice(1) : query.sort;
      const direction = descending ? "desc" : "asc";
      if (field === "position") order = `position ${direction}`;
      else if (field === "id" || field === siteCollections[collection].key) order = `key ${direction}`;
      else {
        params.push(field);
        // Localised text sorts by its Japanese form, else its English one.
        order = `coalesce(data->$${params.length}->>'ja', data->$${params.length}->>'en', data->>$${params.length}) ${direction} nulls last, key`;
      }
    }
    params.push(query.limit, query.offset);
    const rows = await db.query<Omit<EntityRow, "data"> & { text: string; total: number }>(
      `select key, data::text as text, version, updated_at, updated_by, count(*) over ()::int as total
       from site_entities where ${condition}
       order by ${order} limit $${params.length - 1} offset $${params.length}`,
      params,
    );
    let total = rows[0]?.total;
    if (total === undefined) {
      // An empty page of a site that does not exist is a 404.
      if (!(await db.query("select 1 from sites where id = $1", [siteId])).length)
        refuse({ kind: "not-found", subject: `site ${siteId}` });
      const [count] = await db.query<{ total: number }>(
        `select count(*)::int as total from site_entities where ${condition}`,
        filterParams,
      );
      total = count?.total ?? 0;
    }
    return { total, items: rows.map((row) => ({ text: row.text, revision: revisionOf(row) })) };
  }

  /** The site's own fields replaced: a new site version and a new settings version. */
  async function storeSettings(tx: Queryable, siteId: string, site: Site, actor: Actor, now: Date) {
    await tx.query(
      "update sites set settings = $2, version = version + 1, settings_version = settings_version + 1, updated_at = $3, updated_by = $4 where id = $1",
      [siteId, JSON.stringify(settingsOf(site)), now.toISOString(), actor.username],
    );
  }

  /** Any change to a site's items makes a new site version (what analyses and exports are tagged with). */
  async function bumpVersion(tx: Queryable, siteId: string, actor: Actor, now: Date) {
    await tx.query("update sites set version = version + 1, updated_at = $2, updated_by = $3 where id = $1", [
      siteId,
      now.toISOString(),
      actor.username,
    ]);
  }

  async function afterWrite(siteId: string, version: number, site: Site) {
    snapshots.set(siteId, { id: siteId, version, site });
  }

  return {
    async list(): Promise<{ id: string; name: Site["name"]; version: number; updatedAt: string }[]> {
      const rows = await db.query<{ id: string; settings: SiteSettings; version: number; updated_at: Date }>(
        "select id, settings, version, updated_at from sites order by id",
      );
      return rows.map((r) => ({
        id: r.id,
        name: r.settings.name,
        version: r.version,
        updatedAt: new Date(r.updated_at).toISOString(),
      }));
    },

    async snapshot(siteId: string): Promise<SiteSnapshot> {
      const [row] = await db.query<{ version: number }>("select version from sites where id = $1", [siteId]);
      if (!row) refuse({ kind: "not-found", subject: `site ${siteId}` });
      return loadSnapshot(db, siteId, row.version);
    },

    /** Creates a site from a whole document (import). All or nothing. */
    async create(document: unknown, actor: Actor): Promise<SiteSnapshot> {
      const site = validated(document);
      const now = options.clock();
      await db.transaction(async (tx) => {
        const existing = await tx.query("select 1 from sites where id = $1", [site.id]);
        if (existing.length) refuse({ kind: "exists", subject: `site ${site.id}` });
        await tx.query(
          "insert into sites(id, settings, version, created_at, updated_at, updated_by) values ($1, $2, 1, $3, $3, $4)",
          [site.id, JSON.stringify(settingsOf(site)), now.toISOString(), actor.username],
        );
        await insertEntities(tx, site.id, site, actor, now);
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: "site.create",
            subjectType: "site",
            subjectId: site.id,
            siteId: site.id,
            before: null,
            after: { settings: settingsOf(site), counts: countsOf(site) },
          },
          now,
        );
      });
      await afterWrite(site.id, 1, site);
      return { id: site.id, version: 1, site };
    },

    /** Replaces a whole site (re-import). `expectedVersion` guards against overwriting unseen edits. */
    async replace(siteId: string, document: unknown, expectedVersion: number | undefined, actor: Actor) {
      const site = validated(document);
      if (site.id !== siteId)
        refuse({
          kind: "invalid",
          problems: [problem("id-mismatch", ["id"], { expected: siteId, actual: site.id })],
        });
      const now = options.clock();
      const version = await db.transaction(async (tx) => {
        const current = await lockSite(tx, siteId);
        if (expectedVersion === undefined)
          refuse({ kind: "precondition-required", subject: `site ${siteId}` });
        if (expectedVersion !== current)
          refuse({ kind: "stale", subject: `site ${siteId}`, current: await siteRevision(tx, siteId) });
        const before = await loadSnapshot(tx, siteId, current);
        await tx.query("delete from site_entities where site_id = $1", [siteId]);
        await insertEntities(tx, siteId, site, actor, now);
        await storeSettings(tx, siteId, site, actor, now);
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: "site.replace",
            subjectType: "site",
            subjectId: siteId,
            siteId,
            before: { settings: settingsOf(before.site), counts: countsOf(before.site) },
            after: { settings: settingsOf(site), counts: countsOf(site) },
          },
          now,
        );
        return current + 1;
      });
      await afterWrite(siteId, version, site);
      return { id: siteId, version, site };
    },

    async remove(siteId: string, actor: Actor): Promise<void> {
      const now = options.clock();
      await db.transaction(async (tx) => {
        const current = await lockSite(tx, siteId);
        const before = await loadSnapshot(tx, siteId, current);
        await tx.query("delete from memberships where scope = 'site' and scope_id = $1", [siteId]);
        await tx.query("delete from sites where id = $1", [siteId]);
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: "site.delete",
            subjectType: "site",
            subjectId: siteId,
            siteId,
            before: { settings: settingsOf(before.site), counts: countsOf(before.site) },
            after: null,
          },
          now,
        );
      });
      snapshots.delete(siteId);
    },

    async settings(siteId: string): Promise<EntityRecord<SiteSettings>> {
      const [row] = await db.query<{
        settings: SiteSettings;
        settings_version: number;
        updated_at: Date;
        updated_by: string | null;
      }>("select settings, settings_version, updated_at, updated_by from sites where id = $1", [siteId]);
      if (!row) refuse({ kind: "not-found", subject: `site ${siteId}` });
      return { data: row.settings, revision: revisionOf({ ...row, version: row.settings_version }) };
    },

    async updateSettings(
      siteId: string,
      settings: Record<string, unknown>,
      expectedVersion: number | undefined,
      actor: Actor,
    ) {
      const now = options.clock();
      const result = await db.transaction(async (tx) => {
        const current = await lockSite(tx, siteId);
        const [row] = await tx.query<{
          settings_version: number;
          updated_at: Date;
          updated_by: string | null;
        }>("select settings_version, updated_at, updated_by from sites where id = $1", [siteId]);
        if (expectedVersion === undefined)
          refuse({ kind: "precondition-required", subject: `site ${siteId} settings` });
        if (row && row.settings_version !== expectedVersion)
          refuse({
            kind: "stale",
            subject: `site ${siteId} settings`,
            current: revisionOf({ ...row, version: row.settings_version }),
          });
        for (const key of Object.keys(settings)) {
          if ((siteCollectionNames as string[]).includes(key))
            refuse({ kind: "invalid", problems: [problem("unknown-key", [key], { key, allowed: [] })] });
        }
        if (settings.id !== undefined && settings.id !== siteId)
          refuse({
            kind: "invalid",
            problems: [problem("id-mismatch", ["id"], { expected: siteId, actual: String(settings.id) })],
          });
        const before = await loadSnapshot(tx, siteId, current);
        const { collections } = splitSite(before.site);
        const site = validated(assembleSite({ ...settings, id: siteId } as SiteSettings, collections));
        await storeSettings(tx, siteId, site, actor, now);
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: "settings.update",
            subjectType: "settings",
            subjectId: siteId,
            siteId,
            before: settingsOf(before.site),
            after: settingsOf(site),
          },
          now,
        );
        return { site, version: current + 1, settingsVersion: (row?.settings_version ?? 0) + 1 };
      });
      await afterWrite(siteId, result.version, result.site);
      return {
        data: settingsOf(result.site),
        revision: {
          version: result.settingsVersion,
          updatedAt: now.toISOString(),
          updatedBy: actor.username,
        },
      };
    },

    async listEntities<C extends SiteCollection>(
      siteId: string,
      collection: C,
      query: ListQuery,
    ): Promise<ListResult<Record<string, unknown>>> {
      const page = await entityTexts(siteId, collection, query);
      return {
        total: page.total,
        items: page.items.map((item) => ({ data: JSON.parse(item.text), revision: item.revision })),
      };
    },

    listEntityTexts: entityTexts,

    async getEntity(siteId: string, collection: SiteCollection, key: string): Promise<EntityRecord> {
      const [row] = await db.query<EntityRow>(
        "select key, data, version, updated_at, updated_by from site_entities where site_id = $1 and collection = $2 and key = $3",
        [siteId, collection, key],
      );
      if (!row) {
        const site = await db.query("select 1 from sites where id = $1", [siteId]);
        refuse({ kind: "not-found", subject: site.length ? `${collection} ${key}` : `site ${siteId}` });
      }
      return { data: row.data, revision: revisionOf(row) };
    },

    /**
     * Creates (`expectedVersion` null) or updates an entity. `guard` sees the entity before and after and may
     * refuse (e.g. a vendor touching another organisation's asset). Returns the stored entity.
     */
    async putEntity(
      siteId: string,
      collection: SiteCollection,
      key: string,
      data: Record<string, unknown>,
      expectedVersion: number | null | undefined,
      actor: Actor,
      guard?: (before: Record<string, unknown> | undefined, after: Record<string, unknown>) => void,
    ): Promise<EntityRecord> {
      const keyField = siteCollections[collection].key;
      if (data[keyField] !== undefined && data[keyField] !== key)
        refuse({
          kind: "invalid",
          problems: [problem("id-mismatch", [keyField], { expected: key, actual: String(data[keyField]) })],
        });
      const entity = { [keyField]: key, ...data };
      const now = options.clock();
      const result = await db.transaction(async (tx) => {
        const current = await lockSite(tx, siteId);
        const [row] = await tx.query<EntityRow & { position: number }>(
          "select key, data, version, updated_at, updated_by, position from site_entities where site_id = $1 and collection = $2 and key = $3",
          [siteId, collection, key],
        );
        if (row === undefined && expectedVersion !== null && expectedVersion !== undefined)
          refuse({ kind: "not-found", subject: `${collection} ${key}` });
        if (row !== undefined && expectedVersion === null)
          refuse({ kind: "exists", subject: `${collection} ${key}` });
        if (row !== undefined && expectedVersion === undefined)
          refuse({ kind: "precondition-required", subject: `${collection} ${key}` });
        if (row !== undefined && row.version !== expectedVersion)
          refuse({ kind: "stale", subject: `${collection} ${key}`, current: revisionOf(row) });
        guard?.(row?.data, entity);
        const before = await loadSnapshot(tx, siteId, current);
        const list =
          ((before.site as Record<string, unknown>)[collection] as Record<string, unknown>[] | undefined) ??
          [];
        const index = row ? list.findIndex((item) => entityKey(collection, item) === key) : -1;
        const nextList =
          index >= 0 ? list.map((item, i) => (i === index ? entity : item)) : [...list, entity];
        const site = validated({ ...before.site, [collection]: nextList }) as Site;
        const stored = (site as Record<string, unknown>)[collection] as Record<string, unknown>[];
        const storedEntity = stored[index >= 0 ? index : stored.length - 1] ?? entity;
        if (row) {
          await tx.query(
            "update site_entities set data = $4, version = version + 1, updated_at = $5, updated_by = $6 where site_id = $1 and collection = $2 and key = $3",
            [siteId, collection, key, JSON.stringify(storedEntity), now.toISOString(), actor.username],
          );
        } else {
          await tx.query(
            `insert into site_entities(site_id, collection, key, position, data, version, updated_at, updated_by)
             values ($1, $2, $3, coalesce((select max(position) + 1 from site_entities where site_id = $1 and collection = $2), 0), $4, 1, $5, $6)`,
            [siteId, collection, key, JSON.stringify(storedEntity), now.toISOString(), actor.username],
          );
        }
        await bumpVersion(tx, siteId, actor, now);
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: row ? `${collection}.update` : `${collection}.create`,
            subjectType: collection,
            subjectId: key,
            siteId,
            before: row?.data ?? null,
            after: storedEntity,
          },
          now,
        );
        return { site, version: current + 1, entity: storedEntity, entityVersion: (row?.version ?? 0) + 1 };
      });
      await afterWrite(siteId, result.version, result.site);
      return {
        data: result.entity,
        revision: { version: result.entityVersion, updatedAt: now.toISOString(), updatedBy: actor.username },
      };
    },

    /** Deletes an entity; refused while anything else in the site refers to it. */
    async deleteEntity(
      siteId: string,
      collection: SiteCollection,
      key: string,
      expectedVersion: number | undefined,
      actor: Actor,
      guard?: (before: Record<string, unknown>) => void,
    ) {
      const now = options.clock();
      const result = await db.transaction(async (tx) => {
        const current = await lockSite(tx, siteId);
        const [row] = await tx.query<EntityRow>(
          "select key, data, version, updated_at, updated_by from site_entities where site_id = $1 and collection = $2 and key = $3",
          [siteId, collection, key],
        );
        if (!row) refuse({ kind: "not-found", subject: `${collection} ${key}` });
        if (expectedVersion === undefined)
          refuse({ kind: "precondition-required", subject: `${collection} ${key}` });
        if (row.version !== expectedVersion)
          refuse({ kind: "stale", subject: `${collection} ${key}`, current: revisionOf(row) });
        guard?.(row.data);
        const before = await loadSnapshot(tx, siteId, current);
        if (collection !== "treatments") {
          const referrers = referrersOf(before.site, key);
          if (referrers.length) refuse({ kind: "referenced", subject: `${collection} ${key}`, referrers });
        }
        const list =
          ((before.site as Record<string, unknown>)[collection] as Record<string, unknown>[]) ?? [];
        const site = {
          ...before.site,
          [collection]: list.filter((item) => entityKey(collection, item) !== key),
        } as Site;
        await tx.query("delete from site_entities where site_id = $1 and collection = $2 and key = $3", [
          siteId,
          collection,
          key,
        ]);
        await bumpVersion(tx, siteId, actor, now);
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: `${collection}.delete`,
            subjectType: collection,
            subjectId: key,
            siteId,
            before: row.data,
            after: null,
          },
          now,
        );
        return { site, version: current + 1 };
      });
      await afterWrite(siteId, result.version, result.site);
    },

    /**
     * Several upserts and deletes as one change: applied to the current document, validated once, written
     * in one transaction (all or nothing) and audited as one entry. With `dryRun`, nothing is written and
     * the problems are returned instead of refused. Each problem inside a changed item names the change.
     */
    async applyChanges(
      siteId: string,
      changes: readonly EntityChange[],
      actor: Actor,
      batch: { dryRun: boolean; action: string },
    ): Promise<BatchOutcome> {
      const at = options.clock();
      const outcome = await db.transaction(async (tx) => {
        const current = await lockSite(tx, siteId);
        const before = await loadSnapshot(tx, siteId, current);
        const lists = new Map<SiteCollection, Record<string, unknown>[]>();
        const listOf = (collection: SiteCollection) => {
          let list = lists.get(collection);
          if (!list) {
            list = [
              ...(((before.site as Record<string, unknown>)[collection] as
                | Record<string, unknown>[]
                | undefined) ?? []),
            ];
            lists.set(collection, list);
          }
          return list;
        };
        let created = 0;
        let updated = 0;
        let deleted = 0;
        const changed = new Map<string, number>();
        changes.forEach((change, number) => {
          const list = listOf(change.collection);
          const index = list.findIndex((item) => entityKey(change.collection, item) === change.key);
          if (change.data === null) {
            if (index >= 0) {
              list.splice(index, 1);
              deleted++;
            }
            return;
          }
          const keyField = siteCollections[change.collection].key;
          const entity = { [keyField]: change.key, ...change.data };
          if (index >= 0) {
            list[index] = entity;
            updated++;
          } else {
            list.push(entity);
            created++;
          }
          changed.set(`${change.collection}\u0000${change.key}`, number);
        });
        const candidate = { ...before.site } as Record<string, unknown>;
        for (const [collection, list] of lists) candidate[collection] = list;
        const result = validateValue(candidate, options.validation);
        const problems = result.problems
          .filter((p) => p.severity === "error")
          .map((p) => {
            const [collection, index] = p.path;
            const item =
              typeof collection === "string" && typeof index === "number"
                ? lists.get(collection as SiteCollection)?.[index]
                : undefined;
            const change = item
              ? changed.get(`${collection}\u0000${entityKey(collection as SiteCollection, item)}`)
              : undefined;
            return change === undefined ? p : { ...p, change };
          });
        if (problems.length > 0 || batch.dryRun)
          return { version: current, created, updated, deleted, problems, site: undefined };
        const site = candidate as Site;
        for (const [collection, list] of lists) {
          const keys = new Set(list.map((item) => entityKey(collection, item)));
          const removed = (
            ((before.site as Record<string, unknown>)[collection] as Record<string, unknown>[] | undefined) ??
            []
          )
            .map((item) => entityKey(collection, item))
            .filter((key) => !keys.has(key));
          if (removed.length)
            await tx.query(
              "delete from site_entities where site_id = $1 and collection = $2 and key = any($3)",
              [siteId, collection, removed],
            );
          const touched = list
            .map((item, position) => ({ item, position, key: entityKey(collection, item) }))
            .filter(({ key }) => changed.has(`${collection}\u0000${key}`));
          for (let start = 0; start < touched.length; start += 5000) {
            const rows = touched
              .slice(start, start + 5000)
              .map(({ item, position, key }) => ({ k: key, p: position, d: item }));
            await tx.query(
              `insert into site_entities(site_id, collection, key, position, data, version, updated_at, updated_by)
               select $1, $2, r->>'k', (r->>'p')::bigint + coalesce((select max(position) + 1 from site_entities where site_id = $1 and collection = $2), 0), r->'d', 1, $4, $5
               from json_array_elements($3::json) as r
               on conflict (site_id, collection, key) do update set data = excluded.data, version = site_entities.version + 1,
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
              [siteId, collection, JSON.stringify(rows), at.toISOString(), actor.username],
            );
          }
        }
        await bumpVersion(tx, siteId, actor, at);
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: batch.action,
            subjectType: "site",
            subjectId: siteId,
            siteId,
            before: null,
            after: {
              created,
              updated,
              deleted,
              changes: changes.map((c) => ({ collection: c.collection, key: c.key, data: c.data })),
            },
          },
          at,
        );
        return { version: current + 1, created, updated, deleted, problems, site };
      });
      if (outcome.site) await afterWrite(siteId, outcome.version, outcome.site);
      const { site: _site, ...rest } = outcome;
      return rest;
    },

    forget(siteId: string) {
      snapshots.delete(siteId);
    },
  };
}

const shapeCodes = new Set<string>([
  "syntax",
  "not-a-mapping",
  "type",
  "missing-key",
  "unknown-key",
  "not-in-vocabulary",
  "format",
  "too-small",
  "too-big",
]);

async function siteRevision(q: Queryable, siteId: string): Promise<Revision> {
  const [row] = await q.query<{ version: number; updated_at: Date; updated_by: string | null }>(
    "select version, updated_at, updated_by from sites where id = $1",
    [siteId],
  );
  return row ? revisionOf(row) : { version: 0, updatedAt: "", updatedBy: null };
}

function countsOf(site: Site): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of siteCollectionNames)
    counts[name] = ((site as Record<string, unknown>)[name] as unknown[] | undefined)?.length ?? 0;
  return counts;
}

/** Where the site refers to `id` (as JSON pointers), found with the same schema walk that validation uses. */
export function referrersOf(site: Site, id: string): string[] {
  const found: string[] = [];
  walk(SiteSchema, site, {
    reference(_kinds, target, path) {
      if (target === id) found.push(`/${path.join("/")}`);
    },
  });
  return found;
}

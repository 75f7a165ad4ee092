import { summariseCsaf } from "../advisories/advisory.js";
import type { Database, Queryable } from "./database.js";
import { productMatchJob, siteAnalysisJob, siteMatchJob } from "./jobs.js";

/**
 * Versioned schema changes, in PostgreSQL's dialect for both engines. A migration is never edited once
 * released: add the next one. Kept as code (not .sql files) so the built CLI carries them.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** What SQL cannot do (re-deriving stored data with Mamori's own code), run after `sql` in its transaction. */
  data?: (tx: Queryable) => Promise<void>;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: "initial",
    sql: `
create table users (
  id text primary key,
  username text not null unique,
  display_name text not null,
  password_hash text not null,
  is_admin boolean not null default false,
  disabled boolean not null default false,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

create table sessions (
  token_hash text primary key,
  user_id text not null references users(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null
);
create index sessions_user on sessions(user_id);

create table api_tokens (
  id text primary key,
  user_id text not null references users(id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  scope text not null check (scope in ('read', 'write')),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  last_used_at timestamptz
);
create index api_tokens_user on api_tokens(user_id);

create table sites (
  id text primary key,
  -- json, not jsonb: json keeps the keys in the order people wrote them, so an export reads like the import.
  settings json not null,
  version bigint not null default 1,
  settings_version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  updated_by text
);

-- One row per entity of a site's model, so that two people editing different assets never conflict
-- and each entity carries its own version for optimistic concurrency.
create table site_entities (
  site_id text not null references sites(id) on delete cascade,
  collection text not null,
  key text not null,
  position bigint not null,
  data json not null,
  version integer not null default 1,
  updated_at timestamptz not null,
  updated_by text,
  primary key (site_id, collection, key)
);
create index site_entities_order on site_entities(site_id, collection, position);

create table products (
  id text primary key,
  document jsonb not null,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  updated_by text
);

-- A user's role on one site or product. Vendors are bound to the organisation (an id in the site's
-- model) whose assets and conduits they maintain.
create table memberships (
  scope text not null check (scope in ('site', 'product')),
  scope_id text not null,
  user_id text not null references users(id) on delete cascade,
  role text not null check (role in ('security-lead', 'editor', 'viewer', 'management', 'vendor')),
  organisation text,
  primary key (scope, scope_id, user_id),
  check ((role = 'vendor') = (organisation is not null))
);
create index memberships_user on memberships(user_id);

-- The latest analysis of each site, rendered in each language (reports carry their sentences).
create table analyses (
  site_id text not null references sites(id) on delete cascade,
  lang text not null,
  site_version bigint not null,
  computed_at timestamptz not null,
  report json not null,
  primary key (site_id, lang)
);

create table jobs (
  id bigserial primary key,
  kind text not null,
  payload jsonb not null,
  dedupe_key text,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  attempts integer not null default 0,
  max_attempts integer not null default 3,
  run_after timestamptz not null,
  locked_by text,
  locked_until timestamptz,
  result jsonb,
  error text,
  created_at timestamptz not null,
  finished_at timestamptz
);
create unique index jobs_dedupe on jobs(dedupe_key) where status = 'queued';
create index jobs_ready on jobs(status, run_after, id);

-- Append-only and hash-chained: each row's hash covers its content and the previous row's hash.
create table audit_log (
  seq bigint primary key,
  at timestamptz not null,
  actor text,
  action text not null,
  subject_type text not null,
  subject_id text,
  site_id text,
  before jsonb,
  after jsonb,
  prev_hash text not null,
  hash text not null
);
create index audit_log_site on audit_log(site_id, seq);
create index audit_log_actor on audit_log(actor, seq);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end;
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each statement execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();
`,
  },
  {
    version: 2,
    name: "diagram layouts",
    sql: `
-- Where people placed zones and assets on a site's diagram, and what they collapsed: how the drawing
-- looks, not what the model says, so it is kept beside the model and does not bump the site version.
create table site_layouts (
  site_id text primary key references sites(id) on delete cascade,
  layout json not null,
  version integer not null default 1,
  updated_at timestamptz not null,
  updated_by text
);
`,
  },
  {
    version: 3,
    name: "vulnerability information",
    sql: `
-- Advisories (CSAF, OSV) as published, one row per advisory pointing at its current revision; every revision
-- ever imported is kept, so a newer one replaces the older without losing what the older said.
create table advisories (
  key text primary key,
  format text not null check (format in ('csaf', 'osv')),
  tracking_id text not null,
  publisher text not null,
  title text not null,
  version text not null,
  current_release_date timestamptz,
  sha256 text not null,
  summary json not null,
  imported_at timestamptz not null,
  imported_by text
);
create index advisories_release on advisories(current_release_date desc nulls last, key);

create table advisory_revisions (
  advisory_key text not null references advisories(key) on delete cascade,
  sha256 text not null,
  version text not null,
  current_release_date timestamptz,
  document json not null,
  source text not null,
  imported_at timestamptz not null,
  imported_by text,
  primary key (advisory_key, sha256)
);

-- Bumped by every import that changes a current revision: processes cache the advisory index by it.
create table advisory_generation (id integer primary key check (id = 1), generation bigint not null);
insert into advisory_generation values (1, 0);

-- CISA KEV and EPSS, as last imported.
create table reference_data (
  kind text primary key check (kind in ('kev', 'epss')),
  version text not null,
  data json not null,
  imported_at timestamptz not null,
  imported_by text
);

-- One SBOM per asset of a site (a newer one replaces it), read into Mamori's component tree.
create table sboms (
  site_id text not null references sites(id) on delete cascade,
  asset_id text not null,
  format text not null,
  spec_version text not null,
  name text,
  components integer not null,
  sha256 text not null,
  tree json not null,
  imported_at timestamptz not null,
  imported_by text,
  primary key (site_id, asset_id)
);

-- What matching found: an advisory's product against an asset or one of its SBOM components ('' = the asset).
create table vulnerability_matches (
  site_id text not null references sites(id) on delete cascade,
  asset_id text not null,
  component text not null,
  advisory_key text not null references advisories(key) on delete cascade,
  product_id text not null,
  advisory_version text not null,
  confidence text not null,
  version_verdict text not null,
  certain boolean not null,
  reasons json not null,
  vulnerabilities json not null,
  first_seen timestamptz not null,
  primary key (site_id, asset_id, component, advisory_key, product_id)
);

-- A person's verdict on an uncertain match. Keyed without the revision, so it holds for later revisions.
create table match_reviews (
  site_id text not null references sites(id) on delete cascade,
  asset_id text not null,
  component text not null,
  advisory_key text not null,
  product_id text not null,
  decision text not null check (decision in ('confirmed', 'rejected')),
  note text not null default '',
  decided_at timestamptz not null,
  decided_by text,
  primary key (site_id, asset_id, component, advisory_key, product_id)
);

-- One case per asset and vulnerability: our status (VEX) and where it stands in the OODA loop.
create table vulnerability_cases (
  site_id text not null references sites(id) on delete cascade,
  asset_id text not null,
  vulnerability_id text not null,
  stage text not null check (stage in ('observe', 'orient', 'decide', 'act', 'closed')),
  status text not null check (status in ('affected', 'not-affected', 'fixed', 'under-investigation')),
  justification text,
  status_detail text,
  orientation json,
  decision json,
  task json,
  source text not null,
  version integer not null default 1,
  opened_at timestamptz not null,
  updated_at timestamptz not null,
  updated_by text,
  primary key (site_id, asset_id, vulnerability_id)
);
create index vulnerability_cases_stage on vulnerability_cases(site_id, stage);

create table case_events (
  id bigserial primary key,
  site_id text not null references sites(id) on delete cascade,
  asset_id text not null,
  vulnerability_id text not null,
  at timestamptz not null,
  actor text,
  from_stage text,
  to_stage text not null,
  change json not null
);
create index case_events_case on case_events(site_id, asset_id, vulnerability_id, id);

-- What each site was last matched on (advisory generation and items' identifiers), so that an edit that
-- changes neither costs no matching. A cache: not backed up, rebuilt by the next match.
create table match_states (
  site_id text primary key references sites(id) on delete cascade,
  fingerprint text not null
);

-- In-app notices to the role that has to act next; read marks are per user.
create table notifications (
  id bigserial primary key,
  site_id text not null references sites(id) on delete cascade,
  role text not null check (role in ('security-lead', 'editor', 'viewer', 'management', 'vendor')),
  organisation text,
  kind text not null,
  params json not null,
  created_at timestamptz not null
);
create index notifications_site on notifications(site_id, role, id desc);
create table notification_reads (
  notification_id bigint not null references notifications(id) on delete cascade,
  user_id text not null references users(id) on delete cascade,
  read_at timestamptz not null,
  primary key (notification_id, user_id)
);
`,
  },
  {
    version: 4,
    name: "product vulnerability information",
    sql: `
-- One SBOM per IoT product (a newer one replaces it), read into Mamori's component tree, like sboms per asset.
create table product_sboms (
  product_id text primary key references products(id) on delete cascade,
  format text not null,
  spec_version text not null,
  name text,
  components integer not null,
  sha256 text not null,
  tree json not null,
  imported_at timestamptz not null,
  imported_by text
);

-- What matching found for a product, shaped like vulnerability_matches: an advisory's product (advisory_product)
-- against the product itself (component '') or one of its components (the id in the product document, or
-- the SBOM's ref for a component the document does not list).
create table product_matches (
  product_id text not null references products(id) on delete cascade,
  component text not null,
  advisory_key text not null references advisories(key) on delete cascade,
  advisory_product text not null,
  advisory_version text not null,
  confidence text not null,
  version_verdict text not null,
  certain boolean not null,
  reasons json not null,
  vulnerabilities json not null,
  first_seen timestamptz not null,
  primary key (product_id, component, advisory_key, advisory_product)
);
-- An advisory's page lists the products it matched, across products.
create index product_matches_advisory on product_matches(advisory_key);

-- A person's verdict on an uncertain product match. A table of its own, as match_reviews, so that it outlives
-- the match (a component that leaves the SBOM and comes back) and, keyed without the revision, holds for
-- later revisions of the advisory.
create table product_match_reviews (
  product_id text not null references products(id) on delete cascade,
  component text not null,
  advisory_key text not null,
  advisory_product text not null,
  decision text not null check (decision in ('confirmed', 'rejected')),
  note text not null default '',
  decided_at timestamptz not null,
  decided_by text,
  primary key (product_id, component, advisory_key, advisory_product)
);

-- The manufacturer's (PSIRT's) status of each vulnerability for the product as a whole: opened as under
-- investigation when matching finds an active match, then set by people; matching never changes it again.
create table product_vulnerabilities (
  product_id text not null references products(id) on delete cascade,
  vulnerability_id text not null,
  status text not null check (status in ('affected', 'not-affected', 'fixed', 'under-investigation')),
  justification text,
  status_detail text,
  source text not null check (source in ('matching', 'person', 'vex')),
  version integer not null default 1,
  first_seen timestamptz not null,
  updated_at timestamptz not null,
  updated_by text,
  primary key (product_id, vulnerability_id)
);

-- What each product was last matched on, as match_states for sites. A cache: not backed up.
create table product_match_states (
  product_id text primary key references products(id) on delete cascade,
  fingerprint text not null
);

-- SBOMs per product model, as vendors publish them (installation-wide, like advisories): an asset without
-- an SBOM of its own takes the one of its vendor and model (compared case-insensitively) for its firmware
-- version, else the one for any firmware (version ''). Vendor and model keep the spelling of the first import.
create table model_sboms (
  vendor text not null,
  model text not null,
  version text not null,
  format text not null,
  spec_version text not null,
  name text,
  components integer not null,
  sha256 text not null,
  tree json not null,
  imported_at timestamptz not null,
  imported_by text,
  primary key (vendor, model, version)
);
create unique index model_sboms_folded on model_sboms(lower(vendor), lower(model), version);
`,
  },
  {
    version: 5,
    name: "advisory summaries with SKUs, file hashes and SBOM URLs",
    // The summaries written before this version did not keep two of the products' identification helpers
    // (file hashes, SBOM URLs), and SKUs were never compared: read every current revision again.
    sql: "",
    data: async (tx) => {
      await resummariseAdvisories(tx);
      await rematchEverything(tx);
    },
  },
  {
    version: 6,
    name: "analyses made again in report schema 2 (each crossing's reasons stated once)",
    // A stored report of schema 1 has its reasons on every hop and no `crossings`: readers of schema 2
    // would show hops without reasons. Drop them and queue every site's analysis; until it has run, a read
    // answers that the analysis is pending, as for a new site.
    sql: "delete from analyses",
    data: (tx) => queueForEach(tx, siteAnalysisJob, "sites", "site"),
  },
];

/** Each CSAF advisory's summary, made again from its current revision by this version's reader. */
async function resummariseAdvisories(tx: Queryable): Promise<void> {
  const rows = await tx.query<{ key: string; document: string }>(
    `select a.key, r.document::text as document from advisories a
     join advisory_revisions r on r.advisory_key = a.key and r.sha256 = a.sha256
     where a.format = 'csaf' order by a.key`,
  );
  for (const row of rows)
    await tx.query("update advisories set summary = $2 where key = $1", [
      row.key,
      JSON.stringify(summariseCsaf(JSON.parse(row.document))),
    ]);
}

/**
 * After matching itself changed: every process reloads the advisory index (new generation), the caches of
 * what each site and product was matched on are dropped, and each is queued for matching.
 */
async function rematchEverything(tx: Queryable): Promise<void> {
  await tx.query("update advisory_generation set generation = generation + 1");
  await tx.query("delete from match_states");
  await tx.query("delete from product_match_states");
  await queueForEach(tx, siteMatchJob, "sites", "site");
  await queueForEach(tx, productMatchJob, "products", "product");
}

/** One job of this kind for every site or product (`{ [field]: id }`), deduplicated as the server does. */
async function queueForEach(tx: Queryable, kind: string, table: "sites" | "products", field: string) {
  await tx.query(
    `insert into jobs(kind, payload, dedupe_key, max_attempts, run_after, created_at)
     select $1, json_build_object($2::text, id)::jsonb, $1 || ':' || id, 3, now(), now() from ${table}
     on conflict (dedupe_key) where status = 'queued' do nothing`,
    [kind, field],
  );
}

// Any constant shared by every Mamori process: the lock that serialises concurrent migrators.
const migrationLock = 7_275_001;

export interface MigrationOutcome {
  applied: Migration[];
  current: number;
}

/** Brings the schema to the newest version, all or nothing in one transaction; safe to run
 * from several processes at once (the second waits for the first's lock, then finds nothing to do). */
export async function migrate(db: Database, target = Number.POSITIVE_INFINITY): Promise<MigrationOutcome> {
  return db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1)", [migrationLock]);
    await tx.query(
      `create table if not exists schema_migrations (
         version integer primary key, name text not null, applied_at timestamptz not null default now())`,
    );
    const done = new Set(
      (await tx.query<{ version: number }>("select version from schema_migrations")).map(
        (row) => row.version,
      ),
    );
    const applied: Migration[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version) || migration.version > target) continue;
      if (migration.sql) await tx.exec(migration.sql);
      await migration.data?.(tx);
      await tx.query("insert into schema_migrations(version, name) values ($1, $2)", [
        migration.version,
        migration.name,
      ]);
      applied.push(migration);
    }
    return { applied, current: Math.max(0, ...done, ...applied.map((m) => m.version)) };
  });
}

export async function schemaVersion(db: Database): Promise<number> {
  const rows = await db.query<{ version: number | null }>(
    "select max(version) as version from schema_migrations",
  );
  return rows[0]?.version ?? 0;
}

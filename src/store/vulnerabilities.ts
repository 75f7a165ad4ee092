import { createHash } from "node:crypto";
import { type AdvisorySummary, compareRevisions, summariseCsaf } from "../advisories/advisory.js";
import { rankCases } from "../advisories/case-ranking.js";
import { pointerPath } from "../advisories/csaf-validate.js";
import { inventoryOf } from "../advisories/inventory.js";
import {
  type EpssScore,
  type ExploitDataProblem,
  type KevEntry,
  readEpss,
  readKev,
} from "../advisories/kev.js";
import type { InventoryItem } from "../advisories/match.js";
import type { OsvRecord } from "../advisories/osv.js";
import { componentItems, type Sbom } from "../advisories/sbom.js";
import { type KnownAdvisory, prepareSiteMatcher, type SiteMatcher } from "../advisories/site-matching.js";
import type { AnalysisReport } from "../analysis/report.js";
import { resolveRoleMatrix } from "../catalogues/role-matrix.js";
import type { OodaRole } from "../catalogues/schema.js";
import { type Language, translator } from "../i18n/index.js";
import { defaultScales } from "../model/common.js";
import type { ProblemCode } from "../model/problems.js";
import { problem } from "../model/problems.js";
import type { Site } from "../model/site.js";
import { externalKinds } from "../model/vocabulary.js";
import type { SiteRole } from "./accounts.js";
import { appendAudit } from "./audit.js";
import type { Database, Queryable } from "./database.js";
import { refuse } from "./failure.js";
import type { Actor, SiteStore } from "./sites.js";
import {
  changedStatus,
  expectVersion,
  findings,
  loadMatches,
  type MatchRow,
  matchOf,
  modelSbomTable,
  needsReview,
  readSbomRow,
  rematchScope,
  removeSbom,
  type StoredMatch,
  saveReview,
  siteMatchTables,
  siteSbomTable,
  writeSbom,
} from "./vulnerability-records.js";

export type { StoredMatch } from "./vulnerability-records.js";

/**
 * Vulnerability information (issue 6) as the server keeps it: advisories with every revision, KEV/EPSS,
 * SBOMs per asset, what matching found per site, people's verdicts on uncertain matches, and one case per
 * asset and vulnerability carrying our status (VEX) and its way through the preventive OODA loop. Every
 * change is one transaction with its audit entry; notices go to the role that has to act next.
 */
export const caseStages = ["observe", "orient", "decide", "act", "closed"] as const;
export type CaseStage = (typeof caseStages)[number];
export const caseStatuses = ["affected", "not-affected", "fixed", "under-investigation"] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const caseActions = ["patch", "mitigate", "accept"] as const;
export type CaseAction = (typeof caseActions)[number];
export const exploitabilities = ["exploitable", "conditions-required", "not-exploitable", "unknown"] as const;

export interface Orientation {
  exploitability: (typeof exploitabilities)[number];
  /** What it would do to production if exploited, in the plant's words. */
  operationalImpact: string;
  note?: string;
}

export interface CaseDecision {
  action: CaseAction;
  rationale: string;
  /** The decision maker of the role matrix's Decide stage that took it. */
  decisionMaker: { title: unknown; department?: string };
  decidedBy: string;
  decidedAt: string;
  /** Management's approval, recorded by the server from the approving user (acceptance only). */
  approvedBy?: string;
  /** The approver's name as shown at the time (the username above is who it was). */
  approverName?: string;
  reviewBy?: string;
}

export interface CaseTask {
  owner: string;
  due: string;
  window?: string;
  note?: string;
  done?: boolean;
}

export interface VulnerabilityCase {
  site: string;
  asset: string;
  vulnerability: string;
  stage: CaseStage;
  status: CaseStatus;
  justification: string | null;
  statusDetail: string | null;
  orientation: Orientation | null;
  decision: CaseDecision | null;
  task: CaseTask | null;
  source: string;
  version: number;
  openedAt: string;
  updatedAt: string;
  updatedBy: string | null;
}

export interface CaseEvent {
  at: string;
  actor: string | null;
  from: CaseStage | null;
  to: CaseStage;
  change: Record<string, unknown>;
}

export type AdvisoryEntry =
  | { format: "csaf"; document: unknown; text: string; source: string }
  | { format: "osv"; record: OsvRecord; text: string; source: string };

export interface AdvisoryImportOutcome {
  key: string;
  version: string;
  outcome: "new" | "updated" | "unchanged" | "older-revision-kept";
  source: string;
}

export interface AdvisoryListItem {
  key: string;
  format: "csaf" | "osv";
  trackingId: string;
  publisher: string;
  title: string;
  version: string;
  currentReleaseDate: string | null;
  vulnerabilities: string[];
}

export type StoredAdvisory = KnownAdvisory;

export interface CaseChange {
  stage?: CaseStage;
  status?: CaseStatus;
  justification?: string | null;
  statusDetail?: string | null;
  orientation?: Orientation;
  decision?: { action: CaseAction; rationale: string; decisionMaker: number; reviewBy?: string };
  task?: CaseTask;
}

export interface Notice {
  id: number;
  site: string;
  role: SiteRole;
  kind: string;
  params: Record<string, string>;
  createdAt: string;
  read: boolean;
}

/** The top-level properties of CISA's KEV feed (its schema's). */
const kevRoot = new Set(["title", "catalogVersion", "dateReleased", "count", "vulnerabilities"]);

export type VulnerabilityStore = ReturnType<typeof createVulnerabilityStore>;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A product model as vendors publish SBOMs for it; version '' stands for any firmware. */
export interface ModelKey {
  vendor: string;
  model: string;
  version?: string;
}
interface ModelSbomRow {
  vendor: string;
  model: string;
  version: string;
}

function modelKeyOf(key: ModelKey): ModelSbomRow {
  const wanted = { vendor: key.vendor.trim(), model: key.model.trim(), version: key.version?.trim() ?? "" };
  if (!wanted.vendor || !wanted.model)
    refuse({
      kind: "invalid",
      problems: [problem("required", [wanted.vendor ? "model" : "vendor"], {})],
    });
  return wanted;
}

const modelSubject = (k: ModelSbomRow) => `${k.vendor} ${k.model}${k.version ? ` ${k.version}` : ""}`;

const modelAudit = (k: ModelSbomRow, actor: Actor) => ({
  actor: actor.username,
  subjectType: "model-sbom",
  subjectId: modelSubject(k),
  siteId: null,
});

/** The key as held when a model SBOM of that vendor and model (in any case) and version is stored already. */
async function heldModelKey(q: Queryable, wanted: ModelSbomRow): Promise<ModelSbomRow> {
  const [held] = await q.query<ModelSbomRow>(
    "select vendor, model, version from model_sboms where lower(vendor) = lower($1) and lower(model) = lower($2) and version = $3",
    [wanted.vendor, wanted.model, wanted.version],
  );
  return held ?? wanted;
}

/** Who is told when a case enters a stage (the app's roles; the role matrix names the departments). */
const stageRoles: Record<CaseStage, SiteRole[]> = {
  observe: ["security-lead"],
  orient: ["security-lead"],
  decide: ["security-lead", "management"],
  act: ["editor", "security-lead"],
  closed: [],
};

const next: Record<CaseStage, CaseStage | undefined> = {
  observe: "orient",
  orient: "decide",
  decide: "act",
  act: "closed",
  closed: undefined,
};

interface CaseRow {
  site_id: string;
  asset_id: string;
  vulnerability_id: string;
  stage: CaseStage;
  status: CaseStatus;
  justification: string | null;
  status_detail: string | null;
  orientation: Orientation | null;
  decision: CaseDecision | null;
  task: CaseTask | null;
  source: string;
  version: number;
  opened_at: Date;
  updated_at: Date;
  updated_by: string | null;
}

const caseOf = (row: CaseRow): VulnerabilityCase => ({
  site: row.site_id,
  asset: row.asset_id,
  vulnerability: row.vulnerability_id,
  stage: row.stage,
  status: row.status,
  justification: row.justification,
  statusDetail: row.status_detail,
  orientation: row.orientation,
  decision: row.decision,
  task: row.task,
  source: row.source,
  version: row.version,
  openedAt: new Date(row.opened_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
  updatedBy: row.updated_by,
});

export function createVulnerabilityStore(
  db: Database,
  options: { clock: () => Date; sites: SiteStore; oodaRoles: readonly OodaRole[] },
) {
  const { clock, sites } = options;
  let cached:
    | { generation: number; advisories: Map<string, StoredAdvisory>; matcher?: SiteMatcher }
    | undefined;
  let kevCache: { importedAt: string; entries: Map<string, KevEntry> } | undefined;
  let epssCache: { importedAt: string; scores: Map<string, EpssScore> } | undefined;

  async function currentAdvisories(q: Queryable = db): Promise<Map<string, StoredAdvisory>> {
    const [row] = await q.query<{ generation: string }>("select generation from advisory_generation");
    const generation = Number(row?.generation ?? 0);
    if (cached?.generation === generation) return cached.advisories;
    const rows = await q.query<{ key: string; format: "csaf" | "osv"; summary: unknown }>(
      "select key, format, summary from advisories order by key",
    );
    const advisories = new Map<string, StoredAdvisory>(
      rows.map((r) => [
        r.key,
        r.format === "csaf"
          ? { format: "csaf", summary: r.summary as AdvisorySummary }
          : { format: "osv", record: r.summary as OsvRecord },
      ]),
    );
    cached = { generation, advisories };
    return advisories;
  }

  /**
   * The current advisories, their import generation and the matcher for them, built once per generation;
   * products are matched with the same one. Read before a matching transaction: PGlite has one connection.
   */
  async function matching(): Promise<{
    generation: number | null;
    advisories: Map<string, StoredAdvisory>;
    matcher: SiteMatcher;
  }> {
    const advisories = await currentAdvisories();
    if (cached && cached.advisories === advisories) {
      cached.matcher ??= prepareSiteMatcher(advisories);
      return { generation: cached.generation, advisories, matcher: cached.matcher };
    }
    return { generation: null, advisories, matcher: prepareSiteMatcher(advisories) };
  }

  /** Adds what people read to matches: the advisory's title and the product's name. */
  async function named<M extends StoredMatch>(matches: M[]): Promise<M[]> {
    const advisories = await currentAdvisories();
    return matches.map((m) => {
      const advisory = advisories.get(m.advisory);
      if (!advisory) return m;
      if (advisory.format === "osv")
        return { ...m, advisoryTitle: advisory.record.summary ?? advisory.record.id, productName: m.product };
      const product = advisory.summary.products.find((p) => p.productId === m.product);
      return { ...m, advisoryTitle: advisory.summary.title, productName: product?.name ?? m.product };
    });
  }

  async function notify(
    tx: Queryable,
    siteId: string,
    roles: readonly SiteRole[],
    kind: string,
    params: Record<string, string>,
    organisation: string | null = null,
  ) {
    for (const role of roles)
      await tx.query(
        "insert into notifications(site_id, role, organisation, kind, params, created_at) values ($1, $2, $3, $4, $5, $6)",
        [siteId, role, organisation, kind, JSON.stringify(params), clock().toISOString()],
      );
  }

  async function event(
    tx: Queryable,
    c: { site: string; asset: string; vulnerability: string },
    from: CaseStage | null,
    to: CaseStage,
    change: Record<string, unknown>,
    actor: string | null,
  ) {
    await tx.query(
      `insert into case_events(site_id, asset_id, vulnerability_id, at, actor, from_stage, to_stage, change)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [c.site, c.asset, c.vulnerability, clock().toISOString(), actor, from, to, JSON.stringify(change)],
    );
  }

  /** Opens a case for every active match's affected vulnerability that has none yet. */
  async function openCases(
    tx: Queryable,
    siteId: string,
    matches: readonly StoredMatch[],
    actor: string | null,
  ) {
    let opened = 0;
    const wanted = new Map<
      string,
      { asset: string; vulnerability: string; status: CaseStatus; advisory: string }
    >();
    for (const { match, vulnerability, state } of findings(matches)) {
      const status: CaseStatus =
        state === "affected" && match.version === "affected-version" ? "affected" : "under-investigation";
      const key = `${match.asset}\u0000${vulnerability}`;
      const known = wanted.get(key);
      if (!known || (known.status !== "affected" && status === "affected"))
        wanted.set(key, { asset: match.asset, vulnerability, status, advisory: match.advisory });
    }
    for (const want of wanted.values()) {
      const now = clock().toISOString();
      const inserted = await tx.query(
        `insert into vulnerability_cases(site_id, asset_id, vulnerability_id, stage, status, source, opened_at, updated_at, updated_by)
         values ($1, $2, $3, 'observe', $4, $5, $6, $6, $7) on conflict do nothing returning 1`,
        [siteId, want.asset, want.vulnerability, want.status, `advisory:${want.advisory}`, now, actor],
      );
      if (!inserted.length) continue;
      opened++;
      const c = { site: siteId, asset: want.asset, vulnerability: want.vulnerability };
      await event(tx, c, null, "observe", { status: want.status, advisory: want.advisory }, actor);
      await notify(tx, siteId, stageRoles.observe, "case-opened", {
        asset: want.asset,
        vulnerability: want.vulnerability,
        advisory: want.advisory,
      });
    }
    return opened;
  }

  async function loadCase(q: Queryable, siteId: string, asset: string, vulnerability: string, lock = false) {
    const [row] = await q.query<CaseRow>(
      `select * from vulnerability_cases where site_id = $1 and asset_id = $2 and vulnerability_id = $3${lock ? " for update" : ""}`,
      [siteId, asset, vulnerability],
    );
    if (!row) refuse({ kind: "not-found", subject: `case ${asset} / ${vulnerability}` });
    return row;
  }

  /**
   * The model SBOM each asset without an SBOM of its own takes: the one of its vendor and model (trimmed,
   * case-insensitive) for its firmware version, else the one for any firmware (version '').
   */
  async function modelSbomsOf<Extra extends object = object>(
    q: Queryable,
    site: Site,
    own: ReadonlySet<string>,
    columns = "",
  ): Promise<Map<string, ModelSbomRow & Extra>> {
    const fold = (text: string | undefined) => text?.trim().toLowerCase() ?? "";
    const candidates = (site.assets ?? []).filter((a) => !own.has(a.id) && fold(a.vendor) && fold(a.model));
    const applied = new Map<string, ModelSbomRow & Extra>();
    if (!candidates.length) return applied;
    const rows = await q.query<ModelSbomRow & Extra>(
      `select vendor, model, version${columns} from model_sboms
       where lower(vendor) = any($1::text[]) and lower(model) = any($2::text[]) order by vendor, model, version`,
      [
        [...new Set(candidates.map((a) => fold(a.vendor)))],
        [...new Set(candidates.map((a) => fold(a.model)))],
      ],
    );
    const byKey = new Map<string, ModelSbomRow & Extra>(
      rows.map((r) => [`${fold(r.vendor)}\u0000${fold(r.model)}\u0000${r.version}`, r]),
    );
    for (const asset of candidates) {
      const key = `${fold(asset.vendor)}\u0000${fold(asset.model)}\u0000`;
      const firmware = asset.firmwareVersion?.trim();
      const row = (firmware ? byKey.get(key + firmware) : undefined) ?? byKey.get(key);
      if (row) applied.set(asset.id, row);
    }
    return applied;
  }

  async function inventoryWithComponents(q: Queryable, siteId: string, site: Site) {
    const items: InventoryItem[] = [];
    const owners = new Map<string, { asset: string; component: string }>();
    for (const item of inventoryOf(site)) {
      items.push(item);
      owners.set(item.id, { asset: item.id, component: "" });
    }
    const assets = new Set((site.assets ?? []).map((a) => a.id));
    const rows = await q.query<{ asset_id: string; tree: Sbom }>(
      "select asset_id, tree from sboms where site_id = $1 order by asset_id",
      [siteId],
    );
    // An SBOM of a deleted asset is kept (it comes back with the asset) but matches nothing meanwhile.
    const own = rows.filter((row) => assets.has(row.asset_id));
    // Assets without their own take their model's: the same component ids, so cases and VEX read them alike.
    const models = await modelSbomsOf<{ tree: Sbom }>(q, site, new Set(own.map((r) => r.asset_id)), ", tree");
    const trees = [...own, ...[...models].map(([asset_id, row]) => ({ asset_id, tree: row.tree }))].sort(
      (a, b) => (a.asset_id < b.asset_id ? -1 : a.asset_id > b.asset_id ? 1 : 0),
    );
    for (const row of trees) {
      for (const { component, item } of componentItems(row.tree, (ref) => `${row.asset_id}\u0000${ref}`)) {
        owners.set(item.id, { asset: row.asset_id, component: component.ref });
        items.push(item);
      }
    }
    return { items, owners };
  }

  return {
    /** Every advisory's current revision as matching reads it (cached per import generation). */
    current: () => currentAdvisories(),

    /** The current advisories with their generation and matcher (see `matching`). */
    matching: () => matching(),

    /** Matches with what people read: the advisory's title and the product's name as it writes them. */
    named: <M extends StoredMatch>(matches: M[]) => named(matches),

    /** The site's assets and SBOM components as matching items, and which asset/component each item is. */
    async inventory(siteId: string) {
      const snapshot = await sites.snapshot(siteId);
      return { site: snapshot.site, ...(await inventoryWithComponents(db, siteId, snapshot.site)) };
    },

    /**
     * Stores advisories that passed validation, all in one transaction. A revision already held is
     * "unchanged"; an older revision than the current one joins the history without replacing it.
     */
    async importAdvisories(
      entries: readonly AdvisoryEntry[],
      actor: Actor | null,
    ): Promise<AdvisoryImportOutcome[]> {
      const now = clock().toISOString();
      const outcomes = await db.transaction(async (tx) => {
        const outcomes: AdvisoryImportOutcome[] = [];
        for (const entry of entries) {
          const hash = sha256(entry.text);
          const identity =
            entry.format === "csaf"
              ? (() => {
                  const summary = summariseCsaf(entry.document);
                  return {
                    key: summary.key,
                    trackingId: summary.trackingId,
                    publisher: summary.publisher.name,
                    title: summary.title,
                    version: summary.version,
                    date: summary.currentReleaseDate ?? null,
                    summary: summary as unknown,
                  };
                })()
              : {
                  key: `osv:${entry.record.id}`,
                  trackingId: entry.record.id,
                  publisher: "OSV",
                  title: entry.record.summary ?? entry.record.id,
                  version: entry.record.modified,
                  date: entry.record.modified,
                  summary: entry.record as unknown,
                };
          const [current] = await tx.query<{
            version: string;
            current_release_date: Date | null;
            sha256: string;
          }>("select version, current_release_date, sha256 from advisories where key = $1 for update", [
            identity.key,
          ]);
          const held = await tx.query(
            "select 1 from advisory_revisions where advisory_key = $1 and sha256 = $2",
            [identity.key, hash],
          );
          if (held.length) {
            outcomes.push({
              key: identity.key,
              version: identity.version,
              outcome: "unchanged",
              source: entry.source,
            });
            continue;
          }
          const newer =
            !current ||
            (entry.format === "osv"
              ? Date.parse(identity.version) > new Date(current.current_release_date ?? 0).getTime()
              : compareRevisions(
                  {
                    version: identity.version,
                    ...(identity.date ? { currentReleaseDate: identity.date } : {}),
                  },
                  {
                    version: current.version,
                    ...(current.current_release_date
                      ? { currentReleaseDate: new Date(current.current_release_date).toISOString() }
                      : {}),
                  },
                ) > 0);
          const row = [
            identity.key,
            entry.format,
            identity.trackingId,
            identity.publisher,
            identity.title,
            identity.version,
            identity.date,
            hash,
            JSON.stringify(identity.summary),
            now,
            actor?.username ?? null,
          ];
          if (!current)
            await tx.query(
              `insert into advisories(key, format, tracking_id, publisher, title, version, current_release_date, sha256, summary, imported_at, imported_by)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
              row,
            );
          else if (newer)
            await tx.query(
              `update advisories set format = $2, tracking_id = $3, publisher = $4, title = $5, version = $6,
                 current_release_date = $7, sha256 = $8, summary = $9, imported_at = $10, imported_by = $11 where key = $1`,
              row,
            );
          await tx.query(
            `insert into advisory_revisions(advisory_key, sha256, version, current_release_date, document, source, imported_at, imported_by)
             values ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [
              identity.key,
              hash,
              identity.version,
              identity.date,
              entry.text,
              entry.source,
              now,
              actor?.username ?? null,
            ],
          );
          outcomes.push({
            key: identity.key,
            version: identity.version,
            outcome: !current ? "new" : newer ? "updated" : "older-revision-kept",
            source: entry.source,
          });
        }
        const changed = outcomes.filter((o) => o.outcome === "new" || o.outcome === "updated");
        if (changed.length) {
          await tx.query("update advisory_generation set generation = generation + 1");
          await appendAudit(
            tx,
            {
              actor: actor?.username ?? null,
              action: "advisories.import",
              subjectType: "advisory",
              subjectId: null,
              siteId: null,
              before: null,
              after: {
                count: outcomes.length,
                changed: changed.map((o) => ({ key: o.key, version: o.version, outcome: o.outcome })),
              },
            },
            clock(),
          );
        }
        return outcomes;
      });
      return outcomes;
    },

    async listAdvisories(query: { search?: string; limit: number; offset: number }) {
      const pattern = query.search ? `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
      const rows = await db.query<{
        key: string;
        format: "csaf" | "osv";
        tracking_id: string;
        publisher: string;
        title: string;
        version: string;
        current_release_date: Date | null;
        vulnerabilities: string | null;
        total: string;
      }>(
        `select key, format, tracking_id, publisher, title, version, current_release_date,
           (case when format = 'csaf' then (select string_agg(v->>'id', ' ') from json_array_elements(summary->'vulnerabilities') v)
                 else coalesce((select string_agg(a, ' ') from json_array_elements_text(summary->'aliases') a), summary->>'id') end) as vulnerabilities,
           count(*) over () as total
         from advisories
         where $1::text is null or key ilike $1 or title ilike $1 or tracking_id ilike $1
           or summary::text ilike $1
         order by current_release_date desc nulls last, key limit $2 offset $3`,
        [pattern, query.limit, query.offset],
      );
      return {
        total: Number(rows[0]?.total ?? 0),
        items: rows.map(
          (r): AdvisoryListItem => ({
            key: r.key,
            format: r.format,
            trackingId: r.tracking_id,
            publisher: r.publisher,
            title: r.title,
            version: r.version,
            currentReleaseDate: r.current_release_date
              ? new Date(r.current_release_date).toISOString()
              : null,
            vulnerabilities: (r.vulnerabilities ?? "").split(" ").filter(Boolean),
          }),
        ),
      };
    },

    async advisory(key: string) {
      const [row] = await db.query<{ key: string; format: "csaf" | "osv"; summary: unknown; sha256: string }>(
        "select key, format, summary, sha256 from advisories where key = $1",
        [key],
      );
      if (!row) refuse({ kind: "not-found", subject: `advisory ${key}` });
      const revisions = await db.query<{
        sha256: string;
        version: string;
        current_release_date: Date | null;
        source: string;
        imported_at: Date;
        imported_by: string | null;
      }>(
        `select sha256, version, current_release_date, source, imported_at, imported_by from advisory_revisions
         where advisory_key = $1 order by current_release_date desc nulls last, imported_at desc`,
        [key],
      );
      const advisory: StoredAdvisory =
        row.format === "csaf"
          ? { format: "csaf", summary: row.summary as AdvisorySummary }
          : { format: "osv", record: row.summary as OsvRecord };
      return {
        key: row.key,
        advisory,
        revisions: revisions.map((r) => ({
          sha256: r.sha256,
          version: r.version,
          currentReleaseDate: r.current_release_date ? new Date(r.current_release_date).toISOString() : null,
          source: r.source,
          importedAt: new Date(r.imported_at).toISOString(),
          importedBy: r.imported_by,
          current: r.sha256 === row.sha256,
        })),
      };
    },

    /** The document exactly as imported (the current revision, or the one with this SHA-256). */
    async advisoryDocument(key: string, revision?: string): Promise<string> {
      const [row] = await db.query<{ document: string }>(
        `select r.document::text as document from advisory_revisions r join advisories a on a.key = r.advisory_key
         where r.advisory_key = $1 and r.sha256 = coalesce($2, a.sha256)`,
        [key, revision ?? null],
      );
      if (!row)
        refuse({ kind: "not-found", subject: `advisory ${key}${revision ? ` revision ${revision}` : ""}` });
      return row.document;
    },

    /** Sites (ids) where the advisory matched something, with the matches, for "which assets are affected". */
    async advisoryMatches(key: string) {
      const rows = await db.query<{ site_id: string } & MatchRow>(
        `select m.*, r.decision, r.note, r.decided_at, r.decided_by
         from vulnerability_matches m left join match_reviews r using (site_id, asset_id, component, advisory_key, product_id)
         where m.advisory_key = $1 order by m.site_id, m.asset_id, m.component, m.product_id`,
        [key],
      );
      return named(rows.map((row) => ({ site: row.site_id, ...matchOf(row) })));
    },

    async importReferenceData(kind: "kev" | "epss", version: string, data: unknown, actor: Actor | null) {
      await db.transaction(async (tx) => {
        await tx.query(
          `insert into reference_data(kind, version, data, imported_at, imported_by) values ($1, $2, $3, $4, $5)
           on conflict (kind) do update set version = excluded.version, data = excluded.data,
             imported_at = excluded.imported_at, imported_by = excluded.imported_by`,
          [kind, version, JSON.stringify(data), clock().toISOString(), actor?.username ?? null],
        );
        await appendAudit(
          tx,
          {
            actor: actor?.username ?? null,
            action: `${kind}.import`,
            subjectType: "reference-data",
            subjectId: kind,
            siteId: null,
            before: null,
            after: { version },
          },
          clock(),
        );
      });
    },

    /** KEV JSON or EPSS CSV, read and stored; the problems of an unreadable file, located. */
    async importReferenceText(
      kind: "kev" | "epss",
      text: string,
      actor: Actor | null,
    ): Promise<{ kind: string; version: string; entries: number }> {
      const located = (p: ExploitDataProblem) =>
        problem("invalid", "pointer" in p.at ? pointerPath(p.at.pointer) : [], {
          message: `${p.code}: ${p.message}${"line" in p.at ? ` (line ${p.at.line})` : ""}`,
        });
      if (kind === "kev") {
        const reading = readKev(text);
        const root = reading.catalog ? (JSON.parse(text) as Record<string, unknown>) : {};
        const foreign = Object.keys(root).filter((key) => !kevRoot.has(key));
        if (foreign.length)
          refuse({
            kind: "semantic",
            problems: foreign.map((key) => problem("unknown-key", [key], { key, hint: "" })),
          });
        if (!reading.catalog) refuse({ kind: "invalid", problems: reading.problems.map(located) });
        if (reading.problems.length) refuse({ kind: "semantic", problems: reading.problems.map(located) });
        const { catalogVersion, dateReleased, entries } = reading.catalog;
        await this.importReferenceData(
          "kev",
          catalogVersion,
          { catalogVersion, dateReleased, entries: [...entries.values()] },
          actor,
        );
        return { kind, version: catalogVersion, entries: entries.size };
      }
      const reading = readEpss(text);
      if (!reading.epss) refuse({ kind: "invalid", problems: reading.problems.map(located) });
      if (reading.problems.length) refuse({ kind: "semantic", problems: reading.problems.map(located) });
      const { modelVersion, scoreDate, scores } = reading.epss;
      const version = scoreDate ?? modelVersion ?? "unknown";
      await this.importReferenceData(
        "epss",
        version,
        { modelVersion, scoreDate, scores: [...scores.values()] },
        actor,
      );
      return { kind, version, entries: scores.size };
    },

    async referenceData<T>(
      kind: "kev" | "epss",
    ): Promise<{ version: string; data: T; importedAt: string } | null> {
      const [row] = await db.query<{ version: string; data: T; imported_at: Date }>(
        "select version, data, imported_at from reference_data where kind = $1",
        [kind],
      );
      return row
        ? { version: row.version, data: row.data, importedAt: new Date(row.imported_at).toISOString() }
        : null;
    },

    /**
     * The site's cases ranked in the plant's context (see `advisories/case-ranking.ts`), each reason also as
     * a sentence in `lang`, with the asset's name and zone.
     */
    async ranked(siteId: string, lang: Language) {
      const snapshot = await sites.snapshot(siteId);
      const [cases, matches, advisories, kev, epss, analysis] = await Promise.all([
        this.cases(siteId),
        this.matches(siteId),
        currentAdvisories(),
        this.kev(),
        this.epss(),
        db.query<{ site_version: number; report: string }>(
          "select site_version, report::text as report from analyses where site_id = $1 and lang = $2",
          [siteId, lang],
        ),
      ]);
      const report = analysis[0] ? (JSON.parse(analysis[0].report) as AnalysisReport) : undefined;
      const active = matches.filter((m) => m.active);
      const ranked = rankCases({
        cases,
        matches: active.length ? active : matches,
        advisories,
        ...(kev ? { kev: kev.entries } : {}),
        ...(epss ? { epss: epss.scores } : {}),
        ...(report ? { report } : {}),
      });
      const { t, label } = translator(lang);
      const levelLabel = (key: string) =>
        (snapshot.site.scales?.importance ?? defaultScales.importance).find((l) => l.key === key)?.label[
          lang
        ] ?? key;
      const kindLabel = (kind: string) =>
        Object.hasOwn(externalKinds, kind) ? label("externalKinds", kind) : kind;
      // Parameters that are vocabulary keys or scale levels are said in the reader's words.
      const spoken = (params: Readonly<Record<string, unknown>>): Record<string, string> => {
        const out: Record<string, string> = {};
        for (const [key, value] of Object.entries(params)) {
          if (key === "entry" && typeof value === "string") out[key] = kindLabel(value);
          else if (key === "kinds" && Array.isArray(value))
            out[key] = value.map((k) => kindLabel(String(k))).join(lang === "ja" ? "、" : ", ");
          else if (key === "importance" && typeof value === "string") out[key] = levelLabel(value);
          else if (key === "zoneType" && typeof value === "string") out[key] = label("zoneTypes", value);
          else out[key] = String(value);
        }
        return out;
      };
      const zoneOf = new Map<string, string>();
      for (const zone of snapshot.site.zones ?? []) for (const a of zone.assets ?? []) zoneOf.set(a, zone.id);
      const assets = new Map((snapshot.site.assets ?? []).map((a) => [a.id, a]));
      return {
        items: ranked.map((r) => {
          const asset = assets.get(r.case.asset);
          return {
            ...r,
            asset: {
              id: r.case.asset,
              name: asset?.name ?? r.case.asset,
              type: asset?.type ?? "",
              zone: zoneOf.get(r.case.asset) ?? null,
            },
            priority: {
              ...r.priority,
              reasons: r.priority.reasons.map((reason) => ({
                ...reason,
                text: t(`vulnerabilities.priority.${reason.code}`, spoken(reason.params)),
              })),
            },
          };
        }),
        analysedVersion: analysis[0]?.site_version ?? null,
        reference: {
          kev: kev ? { version: kev.version, importedAt: kev.importedAt } : null,
          epss: epss ? { version: epss.version, importedAt: epss.importedAt } : null,
        },
      };
    },

    /** The KEV catalogue as last imported, with its entries by CVE (cached per import). */
    async kev() {
      const held = await this.referenceData<{ entries: KevEntry[] }>("kev");
      if (!held) return null;
      if (kevCache?.importedAt !== held.importedAt)
        kevCache = {
          importedAt: held.importedAt,
          entries: new Map(held.data.entries.map((e) => [e.cve, e])),
        };
      return { version: held.version, importedAt: held.importedAt, entries: kevCache.entries };
    },

    async epss() {
      const held = await this.referenceData<{ scores: EpssScore[] }>("epss");
      if (!held) return null;
      if (epssCache?.importedAt !== held.importedAt)
        epssCache = { importedAt: held.importedAt, scores: new Map(held.data.scores.map((e) => [e.cve, e])) };
      return { version: held.version, importedAt: held.importedAt, scores: epssCache.scores };
    },

    /** Stores an asset's SBOM (replacing the previous one) after checking the asset exists. */
    async putSbom(siteId: string, assetId: string, sbom: Sbom, text: string, actor: Actor) {
      const snapshot = await sites.snapshot(siteId);
      if (!(snapshot.site.assets ?? []).some((a) => a.id === assetId))
        refuse({ kind: "not-found", subject: `asset ${assetId}` });
      const audit = { actor: actor.username, subjectType: "sbom", subjectId: assetId, siteId };
      const stored = await db.transaction((tx) =>
        writeSbom(tx, siteSbomTable, [siteId, assetId], sbom, text, audit, clock()),
      );
      return { asset: assetId, ...stored };
    },

    sbom: (siteId: string, assetId: string) => readSbomRow(db, siteSbomTable, [siteId, assetId], assetId),

    async sboms(siteId: string) {
      const rows = await db.query<{
        asset_id: string;
        format: string;
        spec_version: string;
        name: string | null;
        components: number;
        imported_at: Date;
      }>(
        "select asset_id, format, spec_version, name, components, imported_at from sboms where site_id = $1 order by asset_id",
        [siteId],
      );
      return rows.map((r) => ({
        asset: r.asset_id,
        format: r.format,
        specVersion: r.spec_version,
        name: r.name,
        components: r.components,
        importedAt: new Date(r.imported_at).toISOString(),
      }));
    },

    async deleteSbom(siteId: string, assetId: string, actor: Actor) {
      const audit = { actor: actor.username, subjectType: "sbom", subjectId: assetId, siteId };
      await db.transaction((tx) => removeSbom(tx, siteSbomTable, [siteId, assetId], audit, clock()));
    },

    /** Which assets of the site take a model SBOM (they have none of their own), and which one. */
    async modelSbomsUsed(siteId: string) {
      const snapshot = await sites.snapshot(siteId);
      const own = await db.query<{ asset_id: string }>("select asset_id from sboms where site_id = $1", [
        siteId,
      ]);
      const used = await modelSbomsOf<{ components: number; imported_at: Date }>(
        db,
        snapshot.site,
        new Set(own.map((r) => r.asset_id)),
        ", components, imported_at",
      );
      return [...used]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([asset, r]) => ({
          asset,
          vendor: r.vendor,
          model: r.model,
          version: r.version,
          components: r.components,
          importedAt: new Date(r.imported_at).toISOString(),
        }));
    },

    /**
     * Stores a product model's SBOM (installation-wide), replacing the one under the same vendor, model
     * (compared case-insensitively, the first import's spelling kept) and firmware version ('' = any).
     */
    async putModelSbom(key: ModelKey, sbom: Sbom, text: string, actor: Actor) {
      const wanted = modelKeyOf(key);
      return db.transaction(async (tx) => {
        const held = await heldModelKey(tx, wanted);
        const stored = await writeSbom(
          tx,
          modelSbomTable,
          [held.vendor, held.model, held.version],
          sbom,
          text,
          modelAudit(held, actor),
          clock(),
        );
        return { ...held, ...stored };
      });
    },

    async modelSbom(key: ModelKey) {
      const held = await heldModelKey(db, modelKeyOf(key));
      const subject = modelSubject(held);
      return {
        ...held,
        ...(await readSbomRow(db, modelSbomTable, [held.vendor, held.model, held.version], subject)),
      };
    },

    async modelSboms() {
      const rows = await db.query<
        ModelSbomRow & {
          format: string;
          spec_version: string;
          name: string | null;
          components: number;
          imported_at: Date;
        }
      >(
        "select vendor, model, version, format, spec_version, name, components, imported_at from model_sboms order by lower(vendor), lower(model), version",
      );
      return rows.map((r) => ({
        vendor: r.vendor,
        model: r.model,
        version: r.version,
        format: r.format,
        specVersion: r.spec_version,
        name: r.name,
        components: r.components,
        importedAt: new Date(r.imported_at).toISOString(),
      }));
    },

    async deleteModelSbom(key: ModelKey, actor: Actor) {
      await db.transaction(async (tx) => {
        const held = await heldModelKey(tx, modelKeyOf(key));
        await removeSbom(
          tx,
          modelSbomTable,
          [held.vendor, held.model, held.version],
          modelAudit(held, actor),
          clock(),
        );
      });
    },

    /**
     * Matches the site's assets and SBOM components against every current advisory and stores the result:
     * matches that disappeared are removed, new ones keep their first sighting, and every active match of
     * an affected vulnerability opens a case (once). Reviews and cases are never touched here.
     */
    async rematch(siteId: string) {
      const snapshot = await sites.snapshot(siteId);
      const input = {
        ...(await matching()),
        ...(await inventoryWithComponents(db, siteId, snapshot.site)),
      };
      const scope = { table: "sites", id: siteId } as const;
      const outcome = await rematchScope(db, siteMatchTables, scope, input, clock, async (tx, saved) => {
        for (const match of saved.revised)
          await notify(tx, siteId, ["security-lead"], "advisory-revised", {
            asset: match.asset,
            advisory: match.advisory,
            version: match.advisoryVersion,
          });
        if (saved.newToReview)
          await notify(tx, siteId, ["security-lead"], "matches-to-review", {
            count: String(saved.newToReview),
          });
        return openCases(tx, siteId, saved.stored, null);
      });
      return { site: siteId, ...outcome };
    },

    async matches(siteId: string, filter: { asset?: string; advisory?: string; review?: boolean } = {}) {
      const all = await loadMatches(db, siteMatchTables, siteId, {
        ...(filter.asset ? { asset: filter.asset } : {}),
        ...(filter.advisory ? { advisory: filter.advisory } : {}),
      });
      return named(filter.review ? all.filter(needsReview) : all);
    },

    /** A person's verdict on a match; remembered for later revisions, and a confirmation opens its cases. */
    async reviewMatch(
      siteId: string,
      key: { asset: string; component: string; advisory: string; product: string },
      decision: "confirmed" | "rejected",
      note: string,
      actor: Actor,
    ) {
      return db.transaction(async (tx) => {
        const audit = {
          actor: actor.username,
          action: "match.review",
          subjectType: "vulnerability-match",
          siteId,
        };
        const match = await saveReview(tx, siteMatchTables, siteId, key, decision, note, audit, clock());
        const opened = await openCases(tx, siteId, [match], actor.username);
        return { match, opened };
      });
    },

    async cases(siteId: string, filter: { asset?: string; stage?: CaseStage; vulnerability?: string } = {}) {
      const rows = await db.query<CaseRow>(
        `select * from vulnerability_cases where site_id = $1
           and ($2::text is null or asset_id = $2) and ($3::text is null or stage = $3)
           and ($4::text is null or vulnerability_id = $4)
         order by asset_id, vulnerability_id`,
        [siteId, filter.asset ?? null, filter.stage ?? null, filter.vulnerability ?? null],
      );
      return rows.map(caseOf);
    },

    async case(siteId: string, asset: string, vulnerability: string) {
      const row = await loadCase(db, siteId, asset, vulnerability);
      const events = await db.query<{
        at: Date;
        actor: string | null;
        from_stage: CaseStage | null;
        to_stage: CaseStage;
        change: Record<string, unknown>;
      }>(
        `select at, actor, from_stage, to_stage, change from case_events
         where site_id = $1 and asset_id = $2 and vulnerability_id = $3 order by id`,
        [siteId, asset, vulnerability],
      );
      return {
        case: caseOf(row),
        events: events.map(
          (e): CaseEvent => ({
            at: new Date(e.at).toISOString(),
            actor: e.actor,
            from: e.from_stage,
            to: e.to_stage,
            change: e.change,
          }),
        ),
      };
    },

    /**
     * Moves a case along Observe → Orient → Decide → Act → closed and records our status. Each stage asks
     * for what the guideline's stage produces: leaving Orient needs the exploitability and the impact on
     * production, leaving Decide a decision by one of the role matrix's decision makers (acceptance only by
     * someone who may approve it, recorded as the approver), leaving Act a task done. A case may be closed
     * from any stage with a not-affected (justified) or fixed status, and reopened into Orient.
     */
    async updateCase(
      siteId: string,
      asset: string,
      vulnerability: string,
      change: CaseChange,
      expectedVersion: number,
      actor: Actor,
      may: { approve: boolean },
    ): Promise<VulnerabilityCase> {
      const snapshot = await sites.snapshot(siteId);
      return db.transaction(async (tx) => {
        const row = await loadCase(tx, siteId, asset, vulnerability, true);
        expectVersion(row, expectedVersion, `case ${asset} / ${vulnerability}`);
        const semantic = (code: ProblemCode, path: string[], params: Record<string, string> = {}): never =>
          refuse({ kind: "semantic", problems: [problem(code, path, params)] });
        const current = caseOf(row);
        const updated: VulnerabilityCase = { ...current };
        if (change.orientation) updated.orientation = change.orientation;
        if (change.task) updated.task = change.task;
        if (change.decision) {
          const matrix = resolveRoleMatrix(snapshot.site, options.oodaRoles);
          const maker = matrix.phases.preventive.decide.decisionMakers[change.decision.decisionMaker];
          if (!maker) return semantic("unknown-decision-maker", ["decision", "decisionMaker"]);
          if (change.decision.action === "accept" && !may.approve)
            refuse({
              kind: "forbidden",
              reason: "accepting a vulnerability risk needs management's approval",
            });
          updated.decision = {
            action: change.decision.action,
            rationale: change.decision.rationale,
            decisionMaker: {
              title: maker.title,
              ...(maker.department ? { department: maker.department } : {}),
            },
            decidedBy: actor.username,
            decidedAt: clock().toISOString(),
            ...(change.decision.action === "accept"
              ? {
                  approvedBy: actor.username,
                  ...(actor.displayName ? { approverName: actor.displayName } : {}),
                }
              : {}),
            ...(change.decision.reviewBy ? { reviewBy: change.decision.reviewBy } : {}),
          };
        }
        Object.assign(updated, changedStatus(current, change));
        if (change.task) {
          const parties = new Set([
            ...(snapshot.site.departments ?? []).map((d) => d.id),
            ...(snapshot.site.organisations ?? []).map((o) => o.id),
          ]);
          if (!parties.has(change.task.owner))
            semantic("unknown-reference", ["task", "owner"], { id: change.task.owner });
          if (
            change.task.window &&
            !(snapshot.site.maintenanceWindows ?? []).some((w) => w.id === change.task?.window)
          )
            semantic("unknown-reference", ["task", "window"], { id: change.task.window });
        }
        const target = change.stage ?? current.stage;
        if (target !== current.stage) {
          const closing = target === "closed";
          const reopening = current.stage === "closed" && target === "orient";
          const forward = next[current.stage] === target;
          if (
            !forward &&
            !reopening &&
            !(closing && updated.status !== "affected" && updated.status !== "under-investigation")
          )
            semantic("case-transition", ["stage"]);
          if (forward && target === "decide" && !updated.orientation)
            semantic("orientation-required", ["orientation"]);
          if (forward && target === "act") {
            if (!updated.decision) semantic("decision-required", ["decision"]);
            if (updated.decision?.action === "accept") semantic("accepted-risk-has-no-task", ["stage"]);
            if (!updated.task) semantic("task-required", ["task"]);
          }
          if (forward && target === "closed" && current.stage === "act" && !updated.task?.done)
            semantic("task-not-done", ["task", "done"]);
          if (
            closing &&
            current.stage === "decide" &&
            updated.decision?.action !== "accept" &&
            updated.status === "affected"
          )
            semantic("case-transition", ["stage"]);
          updated.stage = target;
        }
        // An accepted risk is closed as decided: it lives on in the risk register, not as work.
        if (current.stage === "decide" && change.decision?.action === "accept") updated.stage = "closed";
        const now = clock().toISOString();
        await tx.query(
          `update vulnerability_cases set stage = $4, status = $5, justification = $6, status_detail = $7,
             orientation = $8, decision = $9, task = $10, version = version + 1, updated_at = $11, updated_by = $12
           where site_id = $1 and asset_id = $2 and vulnerability_id = $3`,
          [
            siteId,
            asset,
            vulnerability,
            updated.stage,
            updated.status,
            updated.justification,
            updated.statusDetail,
            updated.orientation ? JSON.stringify(updated.orientation) : null,
            updated.decision ? JSON.stringify(updated.decision) : null,
            updated.task ? JSON.stringify(updated.task) : null,
            now,
            actor.username,
          ],
        );
        const ref = { site: siteId, asset, vulnerability };
        await event(tx, ref, current.stage, updated.stage, { ...change }, actor.username);
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: "case.update",
            subjectType: "vulnerability-case",
            subjectId: `${asset}|${vulnerability}`,
            siteId,
            before: current,
            after: { ...updated, version: current.version + 1, updatedAt: now, updatedBy: actor.username },
          },
          clock(),
        );
        if (updated.stage !== current.stage) {
          const params = { asset, vulnerability, stage: updated.stage };
          await notify(tx, siteId, stageRoles[updated.stage], "case-stage", params);
          const owner = updated.task?.owner;
          if (
            updated.stage === "act" &&
            owner &&
            (snapshot.site.organisations ?? []).some((o) => o.id === owner)
          )
            await notify(tx, siteId, ["vendor"], "case-task", { ...params, owner }, owner);
        }
        return { ...updated, version: current.version + 1, updatedAt: now, updatedBy: actor.username };
      });
    },

    /**
     * The floor reports on the task of a case in Act: done or not, with a note. The case stays in Act; the
     * security lead is told, and closes it with the status the work reached.
     */
    async reportTask(
      siteId: string,
      asset: string,
      vulnerability: string,
      report: { done: boolean; note?: string },
      expectedVersion: number,
      actor: Actor,
    ): Promise<VulnerabilityCase> {
      return db.transaction(async (tx) => {
        const row = await loadCase(tx, siteId, asset, vulnerability, true);
        expectVersion(row, expectedVersion, `case ${asset} / ${vulnerability}`);
        const current = caseOf(row);
        if (current.stage !== "act" || !current.task)
          refuse({ kind: "semantic", problems: [problem("task-required", ["stage"])] });
        const task: CaseTask = {
          ...current.task,
          done: report.done,
          ...(report.note !== undefined ? { note: report.note } : {}),
        };
        const now = clock().toISOString();
        await tx.query(
          `update vulnerability_cases set task = $4, version = version + 1, updated_at = $5, updated_by = $6
           where site_id = $1 and asset_id = $2 and vulnerability_id = $3`,
          [siteId, asset, vulnerability, JSON.stringify(task), now, actor.username],
        );
        const ref = { site: siteId, asset, vulnerability };
        await event(tx, ref, "act", "act", { task }, actor.username);
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: "case.task",
            subjectType: "vulnerability-case",
            subjectId: `${asset}|${vulnerability}`,
            siteId,
            before: current.task,
            after: task,
          },
          clock(),
        );
        if (report.done) await notify(tx, siteId, ["security-lead"], "task-done", { asset, vulnerability });
        return { ...current, task, version: current.version + 1, updatedAt: now, updatedBy: actor.username };
      });
    },

    /** Sets our status from someone else's VEX (a vendor's CSAF VEX, a supplier's CycloneDX VEX). */
    async applyVex(
      siteId: string,
      statements: readonly {
        asset: string;
        vulnerability: string;
        status: CaseStatus;
        justification?: string;
        detail?: string;
      }[],
      source: string,
      actor: Actor,
    ) {
      return db.transaction(async (tx) => {
        let created = 0;
        let updated = 0;
        const now = clock().toISOString();
        for (const s of statements) {
          const closes = s.status === "not-affected" || s.status === "fixed";
          const [existing] = await tx.query<CaseRow>(
            "select * from vulnerability_cases where site_id = $1 and asset_id = $2 and vulnerability_id = $3 for update",
            [siteId, s.asset, s.vulnerability],
          );
          const ref = { site: siteId, asset: s.asset, vulnerability: s.vulnerability };
          const change = { status: s.status, justification: s.justification ?? null, source };
          if (!existing) {
            await tx.query(
              `insert into vulnerability_cases(site_id, asset_id, vulnerability_id, stage, status, justification, status_detail,
                 source, opened_at, updated_at, updated_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)`,
              [
                siteId,
                s.asset,
                s.vulnerability,
                closes ? "closed" : "observe",
                s.status,
                s.justification ?? null,
                s.detail ?? null,
                source,
                now,
                actor.username,
              ],
            );
            await event(tx, ref, null, closes ? "closed" : "observe", change, actor.username);
            created++;
            continue;
          }
          const stage = closes ? "closed" : existing.stage;
          await tx.query(
            `update vulnerability_cases set stage = $4, status = $5, justification = $6, status_detail = $7,
               version = version + 1, updated_at = $8, updated_by = $9
             where site_id = $1 and asset_id = $2 and vulnerability_id = $3`,
            [
              siteId,
              s.asset,
              s.vulnerability,
              stage,
              s.status,
              s.justification ?? null,
              s.detail ?? null,
              now,
              actor.username,
            ],
          );
          await event(tx, ref, existing.stage, stage, change, actor.username);
          updated++;
        }
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: "vex.import",
            subjectType: "vulnerability-case",
            subjectId: null,
            siteId,
            before: null,
            after: { source, statements: statements.length, created, updated },
          },
          clock(),
        );
        return { created, updated };
      });
    },

    async notices(
      memberships: readonly { site: string; role: SiteRole; organisation: string | null }[],
      userId: string,
      limit = 100,
    ): Promise<Notice[]> {
      if (!memberships.length) return [];
      const rows = await db.query<{
        id: string;
        site_id: string;
        role: SiteRole;
        kind: string;
        params: Record<string, string>;
        created_at: Date;
        read: boolean;
      }>(
        `select n.id, n.site_id, n.role, n.kind, n.params, n.created_at, (r.user_id is not null) as read
         from notifications n
         join json_to_recordset($1::json) as m(site text, role text, organisation text)
           on m.site = n.site_id and m.role = n.role and (n.organisation is null or n.organisation = m.organisation)
         left join notification_reads r on r.notification_id = n.id and r.user_id = $2
         order by n.id desc limit $3`,
        [JSON.stringify(memberships), userId, limit],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        site: r.site_id,
        role: r.role,
        kind: r.kind,
        params: r.params,
        createdAt: new Date(r.created_at).toISOString(),
        read: r.read,
      }));
    },

    async markRead(ids: readonly number[], userId: string) {
      if (!ids.length) return;
      await db.query(
        `insert into notification_reads(notification_id, user_id, read_at)
         select id, $2, $3 from notifications where id = any($1::bigint[]) on conflict do nothing`,
        [ids, userId, clock().toISOString()],
      );
    },
  };
}

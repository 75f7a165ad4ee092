import { hostname } from "node:os";
import { Worker as Thread } from "node:worker_threads";
import type { Logger } from "pino";
import type { Analyzer } from "../analysis/analyze.js";
import type { AnalysisReport } from "../analysis/report.js";
import { builtInCatalogues } from "../catalogues/files.js";
import { type Catalogues, countermeasureIds } from "../catalogues/load.js";
import type { Language } from "../i18n/index.js";
import type { Site } from "../model/site.js";
import { type AccountStore, createAccountStore } from "../store/accounts.js";
import { type Database, openDatabase } from "../store/database.js";
import { enqueue, siteAnalysisJob, siteMatchJob, startWorker, type Worker } from "../store/jobs.js";
import { migrate } from "../store/migrations.js";
import { defaultCost, testCost } from "../store/passwords.js";
import {
  createProductVulnerabilityStore,
  type ProductVulnerabilityStore,
} from "../store/product-vulnerabilities.js";
import { createProductStore, type ProductStore } from "../store/products.js";
import { createSiteStore, type SiteStore } from "../store/sites.js";
import { createVulnerabilityStore, type VulnerabilityStore } from "../store/vulnerabilities.js";
import { type AnalysisAnswer, type AnalysisRequest, analyseToText } from "./analysis-thread.js";
import type { ServerConfig } from "./config.js";

/**
 * The server's composition root: the one place where the database, the clock, the logger and the
 * catalogues are chosen and handed to everything else. Tests build the same services with their own
 * database and clock.
 */
export interface Services {
  config: ServerConfig;
  db: Database;
  clock: () => Date;
  logger: Logger;
  catalogues: Catalogues;
  sites: SiteStore;
  products: ProductStore;
  accounts: AccountStore;
  analyses: AnalysisService;
  vulnerabilities: VulnerabilityStore;
  productVulnerabilities: ProductVulnerabilityStore;
  worker: Worker;
  close(): Promise<void>;
}

export interface ServiceOptions {
  config: ServerConfig;
  logger: Logger;
  clock?: () => Date;
  /** An already opened (and migrated) database, for tests. */
  db?: Database;
  /** Poll for jobs in the background (off in tests that drain explicitly). */
  pollJobs?: boolean;
}

export async function createServices(options: ServiceOptions): Promise<Services> {
  const { config, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const loaded = builtInCatalogues();
  if (!loaded.catalogues) throw new Error("the built-in catalogues do not load; run `mamori catalog list`");
  const catalogues = loaded.catalogues;
  const db =
    options.db ??
    (await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir }));
  if (!options.db) {
    const outcome = await migrate(db);
    if (outcome.applied.length)
      logger.info({ applied: outcome.applied.map((m) => m.version) }, "database migrated");
  }
  const validation = { catalogueCountermeasures: countermeasureIds(catalogues) };
  const sites = createSiteStore(db, { clock, validation });
  const products = createProductStore(db, { clock, validation });
  const accounts = createAccountStore(db, {
    clock,
    passwordCost: config.fastPasswordHashing ? testCost : defaultCost,
    sessionHours: config.sessionHours,
    principalCacheMs: config.principalCacheMs,
  });
  const analyses = createAnalysisService(db, sites, catalogues, clock);
  const vulnerabilities = createVulnerabilityStore(db, { clock, sites, oodaRoles: catalogues.oodaRoles });
  const productVulnerabilities = createProductVulnerabilityStore(db, { clock, products, vulnerabilities });
  const worker = startWorker(
    db,
    {
      workerId: `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`,
      clock,
      handlers:
        config.workers > 0
          ? {
              // Matching follows every analysis: the inventory may have changed, and priorities read the report.
              [siteAnalysisJob]: async (job) => {
                const analysed = await analyses.run(String(job.payload.site));
                return { ...analysed, matching: await vulnerabilities.rematch(String(job.payload.site)) };
              },
              [siteMatchJob]: (job) => vulnerabilities.rematch(String(job.payload.site)),
              ...productVulnerabilities.handlers,
            }
          : {},
      onError: (job, error) => logger.error({ job: job.id, kind: job.kind, err: error }, "job failed"),
    },
    options.pollJobs ?? true,
  );
  analyses.onEnqueued(() => worker.nudge());
  return {
    config,
    db,
    clock,
    logger,
    catalogues,
    sites,
    products,
    accounts,
    analyses,
    vulnerabilities,
    productVulnerabilities,
    worker,
    async close() {
      await worker.stop();
      await analyses.close();
      await db.close();
    },
  };
}

export interface AnalysisState {
  siteVersion: number;
  analysedVersion: number | null;
  computedAt: string | null;
  fresh: boolean;
  report: AnalysisReport | null;
}

/**
 * Which stored analysis a report is read from: the site version analysed and when (a re-analysis of the
 * same version, e.g. after a catalogue update, has a time of its own).
 */
export interface AnalysedStamp {
  version: number;
  computedAt: string;
}

export type AnalysisService = ReturnType<typeof createAnalysisService>;

/** `computed_at` is the time `$4` names, to the millisecond a JavaScript date holds. */
const sameTime = "abs(extract(epoch from a.computed_at - $4::timestamptz)) < 0.001";

const languages: Language[] = ["ja", "en"];

/**
 * Analyses run as jobs after every change (deduplicated per site, so a burst of edits costs one run) and
 * are stored per language. Each process keeps an incremental analyser per site.
 */
export function createAnalysisService(
  db: Database,
  sites: SiteStore,
  _catalogues: Catalogues,
  clock: () => Date,
) {
  let listener: () => void = () => {};
  const analyse = analysisRunner();
  return {
    onEnqueued(callback: () => void) {
      listener = callback;
    },
    async request(siteId: string): Promise<number> {
      const id = await enqueue(db, siteAnalysisJob, { site: siteId }, clock(), {
        dedupeKey: `${siteAnalysisJob}:${siteId}`,
      });
      listener();
      return id;
    },
    /** Matching alone, after an advisory or SBOM import (deduplicated per site like analyses). */
    async requestMatch(siteId: string): Promise<number> {
      const id = await enqueue(db, siteMatchJob, { site: siteId }, clock(), {
        dedupeKey: `${siteMatchJob}:${siteId}`,
      });
      listener();
      return id;
    },
    async run(siteId: string): Promise<{ site: string; version: number }> {
      const snapshot = await sites.snapshot(siteId);
      const now = clock();
      const reports = await analyse.run(siteId, snapshot.site, now.toISOString().slice(0, 10));
      // Both languages in one transaction, so an analysis is never fresh in one language only; never
      // replace a newer analysis with an older one (two workers, out of order).
      await db.transaction(async (tx) => {
        for (const lang of languages) {
          await tx.query(
            `insert into analyses(site_id, lang, site_version, computed_at, report) values ($1, $2, $3, $4, $5)
             on conflict (site_id, lang) do update set site_version = excluded.site_version,
               computed_at = excluded.computed_at, report = excluded.report
             where analyses.site_version <= excluded.site_version`,
            [siteId, lang, snapshot.version, now.toISOString(), reports[lang]],
          );
        }
      });
      return { site: siteId, version: snapshot.version };
    },
    /**
     * Where the site's latest analysis stands, without its report: cheap enough for every read, which
     * decides from it whether a cached or a 304 answer will do.
     */
    async state(
      siteId: string,
      lang: Language,
    ): Promise<(AnalysisState & { createdAt: number }) | undefined> {
      const [row] = await db.query<{
        version: number;
        created_at: Date;
        site_version: number | null;
        computed_at: Date | null;
      }>(
        `select s.version, s.created_at, a.site_version, a.computed_at
         from sites s left join analyses a on a.site_id = s.id and a.lang = $2 where s.id = $1`,
        [siteId, lang],
      );
      if (!row) return undefined;
      return {
        siteVersion: row.version,
        analysedVersion: row.site_version,
        computedAt: row.computed_at ? new Date(row.computed_at).toISOString() : null,
        fresh: row.site_version !== null && row.site_version === row.version,
        report: null,
        createdAt: new Date(row.created_at).getTime(),
      };
    },
    /** The latest report as the stored JSON text, parsed only by callers that need parts of it. */
    async reportText(siteId: string, lang: Language): Promise<string | null> {
      const [row] = await db.query<{ report: string }>(
        "select report::text as report from analyses where site_id = $1 and lang = $2",
        [siteId, lang],
      );
      return row?.report ?? null;
    },
    /**
     * The report of the analysis `analysed` names, as JSON text: every field but the lists, the lists
     * named in `lists` (in the report's order), and `counts`, the length of every list. The database
     * takes the stored text apart (`json_each` returns each value as its exact text), so a 90 MB report is
     * never sent to this process, let alone parsed here. Undefined when that analysis has been replaced
     * meanwhile (the caller reads the state again).
     */
    async reportParts(
      siteId: string,
      lang: Language,
      analysed: AnalysedStamp,
      lists: readonly string[],
    ): Promise<string | undefined> {
      const rows = await db.query<{ key: string; length: number | null; value: string | null }>(
        `select e.key,
           case when json_typeof(e.value) = 'array' then json_array_length(e.value) end as length,
           case when json_typeof(e.value) <> 'array' or e.key = any(string_to_array($5, ','))
             then e.value::text end as value
         from analyses a cross join lateral json_each(a.report) with ordinality as e(key, value, ord)
         where a.site_id = $1 and a.lang = $2 and a.site_version = $3 and ${sameTime}
         order by e.ord`,
        [siteId, lang, analysed.version, analysed.computedAt, lists.join(",")],
      );
      if (rows.length === 0) return undefined;
      const fields: string[] = [];
      const counts: string[] = [];
      for (const row of rows) {
        if (row.value !== null) fields.push(`${JSON.stringify(row.key)}:${row.value}`);
        if (row.length !== null) counts.push(`${JSON.stringify(row.key)}:${row.length}`);
      }
      return `{${fields.join(",")},"counts":{${counts.join(",")}}}`;
    },
    /**
     * Items `offset` to `offset + limit` of one list of the report `analysed` names, as the text of a
     * JSON array, with the list's length; undefined when that analysis has been replaced meanwhile.
     */
    async reportPage(
      siteId: string,
      lang: Language,
      analysed: AnalysedStamp,
      list: string,
      offset: number,
      limit: number,
    ): Promise<{ total: number; items: string } | undefined> {
      // One pass over the list: its length and the page's items, each as its stored text.
      const [row] = await db.query<{ found: boolean; total: number; items: string | null }>(
        `select bool_or(true) as found, count(e.ord)::int as total,
           string_agg(e.value::text, ',' order by e.ord) filter (where e.ord > $6::int and e.ord <= $6::int + $7::int) as items
         from analyses a
           left join lateral json_array_elements(a.report -> $5::text) with ordinality as e(value, ord) on true
         where a.site_id = $1 and a.lang = $2 and a.site_version = $3 and ${sameTime}`,
        [siteId, lang, analysed.version, analysed.computedAt, list, offset, limit],
      );
      if (!row?.found) return undefined;
      return { total: row.total, items: `[${row.items ?? ""}]` };
    },
    forget(siteId: string) {
      analyse.forget(siteId);
    },
    close: () => analyse.close(),
  };
}

/**
 * Runs analyses in a worker thread when Mamori runs from its build, so seconds of analysis never stall
 * requests; in the same thread when it runs from TypeScript sources (tests), where a worker could not
 * load them.
 */
function analysisRunner() {
  const threadUrl = new URL("./analysis-thread.js", import.meta.url);
  const inThread = import.meta.url.endsWith(".ts");
  const keep = new Map<string, Analyzer>();
  let worker: Thread | undefined;
  let next = 1;
  const pending = new Map<
    number,
    { resolve: (r: { ja: string; en: string }) => void; reject: (e: Error) => void }
  >();
  const start = () => {
    const created = new Thread(threadUrl);
    created.unref();
    created.on("message", (answer: AnalysisAnswer) => {
      const waiting = pending.get(answer.id);
      pending.delete(answer.id);
      if ("error" in answer) waiting?.reject(new Error(answer.error));
      else waiting?.resolve(answer.reports);
    });
    created.on("error", (error) => {
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
      worker = undefined;
    });
    return created;
  };
  return {
    async run(siteId: string, site: Site, asOf: string): Promise<{ ja: string; en: string }> {
      if (inThread) return analyseToText(siteId, site, asOf, keep);
      worker ??= start();
      const id = next++;
      const answer = new Promise<{ ja: string; en: string }>((resolve, reject) =>
        pending.set(id, { resolve, reject }),
      );
      worker.postMessage({ id, siteId, site, asOf } satisfies AnalysisRequest);
      return answer;
    },
    forget(siteId: string) {
      keep.delete(siteId);
      worker?.postMessage({ forget: siteId });
    },
    async close() {
      await worker?.terminate();
      worker = undefined;
    },
  };
}

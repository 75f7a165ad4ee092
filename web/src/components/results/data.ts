import { useCallback, useEffect, useRef, useState } from "react";
import { type ApiError, api, call } from "../../api/client";
import type { components } from "../../api/schema";
import { useSignedIn } from "../../session";

/** Data of the results pages: the analysis (polled while a re-analysis is pending), the site model, the layout. */
export type AnalysisState = components["schemas"]["AnalysisState"];
/** The whole report, every list in it (what `parts=all` answers). */
export type Report = components["schemas"]["AnalysisReport"];
/** The report as the server sends it: the lists asked for only, and every list's length (`counts`). */
export type ReportParts = components["schemas"]["AnalysisReportParts"];
export type ReportList = keyof components["schemas"]["AnalysisCounts"];
/** The report with these lists in it. */
export type ReportWith<L extends ReportList> = ReportParts & Pick<Report, L>;
export type Reason = Report["risks"][number]["why"][number];
export type Risk = Report["risks"][number];
export type Finding = Report["findings"][number];
export type AttackPath = Report["attackPaths"][number];
type Crossing = Pick<Report["crossings"][number], "conduit" | "from" | "to">;
export type ReportZone = Report["zones"][number];
export type Subject = Finding["subject"];

const crossingKey = (c: Crossing) => `${c.conduit}\n${c.from}\n${c.to}`;

/**
 * Why a hop of a path costs what it does: the reasons of its crossing, which the report states once per
 * conduit and direction however many paths take it.
 */
export function crossingWhy(report: Pick<Report, "crossings">): (hop: Crossing) => Reason[] {
  const byCrossing = new Map(report.crossings.map((c) => [crossingKey(c), c.why]));
  return (hop) => byCrossing.get(crossingKey(hop)) ?? [];
}

/** Why an asset is as important as it is: its derivation, which the report states once per asset. */
export function importanceWhy(report: Pick<Report, "assets">): (asset: string) => Reason[] {
  const byAsset = new Map(report.assets.map((a) => [a.id, a.why]));
  return (asset) => byAsset.get(asset) ?? [];
}

/** Whether the report holds these lists (a page shows a view once the lists it needs have come). */
export function hasLists<L extends ReportList>(
  report: ReportParts | null | undefined,
  lists: readonly L[],
): report is ReportWith<L> {
  return !!report && lists.every((list) => report[list] !== undefined);
}

export type Text = string | { ja?: string; en?: string };

export interface ZoneDoc {
  id: string;
  name?: Text;
  type?: string;
  assets?: string[];
}
export interface AssetDoc {
  id: string;
  name?: Text;
  type?: string;
}
export interface ExternalDoc {
  id: string;
  name?: Text;
  kind?: string;
}
export interface ConduitDoc {
  id: string;
  name?: Text;
  from: string;
  to: string;
  direction: "bidirectional" | "one-way" | "data-diode";
  medium?: string;
  protocols?: { protocol: string; port?: number | string }[];
  controls?: { type: string; status?: "implemented" | "planned" }[];
}
export interface SiteDoc {
  id: string;
  name?: Text;
  zones?: ZoneDoc[];
  assets?: AssetDoc[];
  externals?: ExternalDoc[];
  conduits?: ConduitDoc[];
  countermeasures?: { id: string; name?: Text }[];
}

export type Loadable<T> =
  | { phase: "loading" }
  | { phase: "failed"; error: ApiError }
  | { phase: "ready"; data: T };

const pollMs = 1500;

type Lists = Partial<Pick<Report, ReportList>>;

/**
 * The latest analysis in the given language with the lists of the report named in `parts` (the others are
 * left out: a 10,000-asset site's report is about 90 MB); while `fresh` is false it is polled until it is.
 * Lists already read are kept while the analysis is the same, so a page that asks for more (another tab)
 * reads only those, and polling a pending re-analysis reads only the report's small fields.
 */
export function useAnalysis(site: string, lang: string, parts: readonly ReportList[]) {
  const [state, setState] = useState<Loadable<AnalysisState>>({ phase: "loading" });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const held = useRef<{ analysis: string; lists: Lists } | undefined>(undefined);
  const wanted = [...new Set(parts)].sort().join(",");
  useEffect(() => {
    let cancelled = false;
    void tick; // a reload asks again
    let timer: ReturnType<typeof setTimeout> | undefined;
    const language = lang === "en" ? "en" : "ja";
    const lists = wanted ? (wanted.split(",") as ReportList[]) : [];
    const about = `${site}\n${language}\n`;
    const load = async (again = false): Promise<void> => {
      const kept = !again && held.current?.analysis.startsWith(about) ? held.current.lists : undefined;
      const missing = lists.filter((list) => kept?.[list] === undefined);
      const result = await call(
        api.GET("/api/sites/{site}/analysis", {
          params: {
            path: { site },
            query: { lang: language, ...(missing.length ? { parts: missing.join(",") } : {}) },
          },
        }),
      );
      if (cancelled) return;
      if (!result.ok) return setState({ phase: "failed", error: result.error });
      const data = result.data;
      if (data.report) {
        const analysis = `${about}${data.analysedVersion}\n${data.computedAt}`;
        const read = Object.fromEntries(
          lists
            .filter((list) => data.report?.[list] !== undefined)
            .map((list) => [list, data.report?.[list]]),
        ) as Lists;
        const merged: Lists = { ...(held.current?.analysis === analysis ? held.current.lists : {}), ...read };
        held.current = { analysis, lists: merged };
        // The analysis changed since the lists kept were read: read every list needed again.
        if (!again && lists.some((list) => merged[list] === undefined)) return load(true);
        setState({ phase: "ready", data: { ...data, report: { ...data.report, ...merged } } });
      } else {
        setState((previous) =>
          // Keep showing the previous report while the new one is computed.
          previous.phase === "ready" && previous.data.report
            ? { phase: "ready", data: { ...data, report: previous.data.report } }
            : { phase: "ready", data },
        );
      }
      if (!data.fresh) timer = setTimeout(() => void load(), pollMs);
    };
    void load();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [site, lang, tick, wanted]);
  return { state, reload };
}

/** The whole site model (zones, assets, externals, conduits…) as JSON. */
export function useSiteModel(site: string) {
  const [state, setState] = useState<Loadable<SiteDoc>>({ phase: "loading" });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    let cancelled = false;
    void tick; // a reload asks again
    void call(
      api.GET("/api/sites/{site}/export", { params: { path: { site }, query: { format: "json" } } }),
    ).then((result) => {
      if (cancelled) return;
      setState(
        result.ok
          ? { phase: "ready", data: result.data as unknown as SiteDoc }
          : { phase: "failed", error: result.error },
      );
    });
    return () => {
      cancelled = true;
    };
  }, [site, tick]);
  return { state, reload };
}

/** The layout routes came after the generated types (schema.d.ts); typed here until `npm run api-types` runs. */
interface LayoutRecord {
  data: Layout;
  revision: { version: number; updatedAt: string; updatedBy: string | null };
}
type LayoutCall = (
  path: string,
  init: Record<string, unknown>,
) => Promise<{ data?: LayoutRecord; error?: unknown; response: Response }>;
const layoutApi = api as unknown as { GET: LayoutCall; PUT: LayoutCall };

export interface Layout {
  positions: Record<string, { x: number; y: number }>;
  collapsed: string[];
}

/** The saved diagram layout and a debounced save (If-Match with the version read; "0" the first time). */
export function useLayout(site: string) {
  const [state, setState] = useState<Loadable<Layout & { version: number }>>({ phase: "loading" });
  const [saveError, setSaveError] = useState<ApiError | undefined>();
  const version = useRef(0);
  const pending = useRef<Layout | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    void call(layoutApi.GET("/api/sites/{site}/layout", { params: { path: { site } } })).then((result) => {
      if (cancelled) return;
      if (!result.ok) return setState({ phase: "failed", error: result.error });
      version.current = result.data.revision.version;
      setState({ phase: "ready", data: { ...result.data.data, version: result.data.revision.version } });
    });
    return () => {
      cancelled = true;
    };
  }, [site]);
  const flush = useCallback(async () => {
    const layout = pending.current;
    if (!layout) return;
    pending.current = undefined;
    const result = await call(
      layoutApi.PUT("/api/sites/{site}/layout", {
        params: { path: { site } },
        body: layout,
        headers: { "If-Match": `"${version.current}"` },
      }),
    );
    if (result.ok) {
      version.current = result.data.revision.version;
      setSaveError(undefined);
    } else {
      setSaveError(result.error);
      // Someone else saved meanwhile: take their version so the next save goes through.
      if (result.error.current) version.current = result.error.current.version;
    }
  }, [site]);
  const save = useCallback(
    (layout: Layout) => {
      pending.current = layout;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), 600);
    },
    [flush],
  );
  // Leaving the page does not lose the last move.
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      void flush();
    },
    [flush],
  );
  return { state, save, saveError };
}

/** What the signed-in user may do on the site, from GET /api/auth/me memberships (and the site list). */
export function useSitePermissions(site: string): Set<string> {
  const { me, sites } = useSignedIn();
  const membership = me.memberships.find((m) => m.scope === "site" && m.scopeId === site);
  const permissions = new Set<string>(membership?.permissions ?? []);
  for (const p of sites.find((s) => s.id === site)?.permissions ?? []) permissions.add(p);
  return permissions;
}

/** Where a subject of the model is edited in the workspace. */
export function editPath(site: string, subject: { kind: string; id: string }): string {
  const base = `/sites/${encodeURIComponent(site)}`;
  switch (subject.kind) {
    case "zone":
    case "conduit":
    case "external":
      return `${base}/step/1-6`;
    case "asset":
      return `${base}/step/1-4`;
    case "operation":
      return `${base}/step/1-2`;
    case "countermeasure":
      return `${base}/step/2-2`;
    default:
      return base;
  }
}

export const riskLevelOrder = ["low", "medium", "high", "critical"] as const;
export function levelRank(level: string): number {
  return riskLevelOrder.indexOf(level as (typeof riskLevelOrder)[number]);
}

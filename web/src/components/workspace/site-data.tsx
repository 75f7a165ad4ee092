import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import type { AnalysisReport } from "../../../../src/analysis/report";
import type { Site } from "../../../../src/model/site";
import { type ApiError, request } from "./http";

/**
 * What every workspace page reads: the whole site model (for progress, the forms' choices and the
 * client-side validation) and the latest analysis. Loaded once per site and shared by the pages through a
 * module-level cache, so moving between steps does not refetch; every save calls `changed()`.
 */
export interface AnalysisState {
  siteVersion: number;
  analysedVersion: number | null;
  computedAt: string | null;
  fresh: boolean;
  /** With `zones` and `findings` only (asked for by `parts`). */
  report: Pick<AnalysisReport, "site" | "language" | "scales" | "zones" | "findings"> | null;
}

interface Loaded {
  /** When the analysis was last read (ms), so moving between pages does not read it again at once. */
  analysisAt?: number;
  site?: Site;
  siteError?: ApiError;
  analysis?: AnalysisState;
  analysisError?: ApiError;
}

const cache = new Map<string, Loaded>();
const listeners = new Map<string, Set<() => void>>();

function notify(site: string) {
  for (const listener of listeners.get(site) ?? []) listener();
}

async function loadSite(site: string): Promise<void> {
  const result = await request<Site>("GET", "/api/sites/{site}/export", {
    params: { path: { site }, query: { format: "json" } },
  });
  const entry = cache.get(site) ?? {};
  cache.set(
    site,
    result.ok ? { ...entry, site: result.data, siteError: undefined } : { ...entry, siteError: result.error },
  );
  notify(site);
}

async function loadAnalysis(site: string, lang: string): Promise<AnalysisState | undefined> {
  const result = await request<AnalysisState>("GET", "/api/sites/{site}/analysis", {
    // Only what the workspace shows: the whole report of a 10,000-asset site is about 90 MB.
    params: { path: { site }, query: { lang, parts: "zones,findings" } },
  });
  const entry = cache.get(site) ?? {};
  cache.set(
    site,
    result.ok
      ? { ...entry, analysis: result.data, analysisError: undefined, analysisAt: Date.now() }
      : { ...entry, analysisError: result.error },
  );
  notify(site);
  return result.ok ? result.data : undefined;
}

export interface SiteData extends Loaded {
  siteId: string;
  /** Re-reads the model and the analysis after a change (the analysis is polled until fresh). */
  changed(): void;
}

const SiteDataContext = createContext<SiteData | undefined>(undefined);

export function useSiteData(): SiteData {
  const data = useContext(SiteDataContext);
  if (!data) throw new Error("useSiteData outside <SiteDataProvider>");
  return data;
}

export function useSiteId(): string {
  return useParams().siteId ?? "";
}

export function SiteDataProvider({ children }: { children: ReactNode }) {
  const siteId = useSiteId();
  const { i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const [, setTick] = useState(0);
  const poll = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const alive = useRef(true);

  const pollAnalysis = useCallback(
    async (attempt = 0) => {
      clearTimeout(poll.current);
      const state = await loadAnalysis(siteId, lang);
      // A re-analysis takes a moment on a demo plant and longer on a large site: back off to 10 s.
      if (alive.current && state && !state.fresh && attempt < 120)
        poll.current = setTimeout(
          () => void pollAnalysis(attempt + 1),
          Math.min(10_000, 1000 * 1.5 ** attempt),
        );
    },
    [siteId, lang],
  );

  useEffect(() => {
    alive.current = true;
    const listener = () => setTick((n) => n + 1);
    const set = listeners.get(siteId) ?? new Set();
    set.add(listener);
    listeners.set(siteId, set);
    const cached = cache.get(siteId);
    if (!cached?.site) void loadSite(siteId);
    const recent = cached?.analysis?.fresh && Date.now() - (cached.analysisAt ?? 0) < 15_000;
    if (!recent || cached?.analysis?.report?.language !== lang) void pollAnalysis();
    return () => {
      alive.current = false;
      clearTimeout(poll.current);
      set.delete(listener);
    };
  }, [siteId, pollAnalysis, lang]);

  const changed = useCallback(() => {
    void loadSite(siteId);
    void pollAnalysis();
  }, [siteId, pollAnalysis]);

  const loaded = cache.get(siteId) ?? {};
  return (
    <SiteDataContext.Provider value={{ ...loaded, siteId, changed }}>{children}</SiteDataContext.Provider>
  );
}

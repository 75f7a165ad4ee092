import { parentPort } from "node:worker_threads";
import { type Analyzer, createAnalyzer } from "../analysis/analyze.js";
import { analysisReport } from "../analysis/report.js";
import { builtInCatalogues } from "../catalogues/files.js";
import type { Site } from "../model/site.js";

/**
 * The analysis in its own thread: a 10,000-asset site takes seconds of CPU, which on the server's own
 * thread would stall every request meanwhile. Keeps one incremental analyser per site, like the
 * in-process path in services.ts, and answers with the reports already serialised (the database stores
 * the text as is).
 */
export interface AnalysisRequest {
  id: number;
  siteId: string;
  site: Site;
  asOf: string;
}

export type AnalysisAnswer =
  | { id: number; reports: { ja: string; en: string } }
  | { id: number; error: string };

const analyzers = new Map<string, Analyzer>();

export function analyseToText(siteId: string, site: Site, asOf: string, keep: Map<string, Analyzer>) {
  const { catalogues } = builtInCatalogues();
  if (!catalogues) throw new Error("the built-in catalogues do not load");
  let analyzer = keep.get(siteId);
  if (!analyzer) {
    analyzer = createAnalyzer(catalogues);
    keep.set(siteId, analyzer);
  }
  const analysis = analyzer(site, { asOf });
  return {
    ja: JSON.stringify(analysisReport(analysis, catalogues, "ja")),
    en: JSON.stringify(analysisReport(analysis, catalogues, "en")),
  };
}

parentPort?.on("message", (request: AnalysisRequest | { forget: string }) => {
  if ("forget" in request) {
    analyzers.delete(request.forget);
    return;
  }
  try {
    const reports = analyseToText(request.siteId, request.site, request.asOf, analyzers);
    parentPort?.postMessage({ id: request.id, reports } satisfies AnalysisAnswer);
  } catch (error) {
    parentPort?.postMessage({
      id: request.id,
      error: error instanceof Error ? error.message : String(error),
    } satisfies AnalysisAnswer);
  }
});

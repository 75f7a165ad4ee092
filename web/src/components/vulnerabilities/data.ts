import { useCallback, useEffect, useRef, useState } from "react";
import type { AdvisorySummary } from "../../../../src/advisories/advisory";
import type { OsvRecord } from "../../../../src/advisories/osv";
import { type ApiError, api, call, type Result } from "../../api/client";
import type { components, paths } from "../../api/schema";

/**
 * What the vulnerability pages read and send, as the API documents it (generated types), plus the shapes
 * the API declares as `unknown` (the advisory as Mamori read it), named from the pure core.
 */
export type Case = components["schemas"]["VulnerabilityCase"];
export type CaseChange = components["schemas"]["VulnerabilityCaseChange"];
export type Match = components["schemas"]["VulnerabilityMatch"];
export type Stage = Case["stage"];
export type Status = Case["status"];
export type Exploitability = NonNullable<Case["orientation"]>["exploitability"];
export type Action = NonNullable<Case["decision"]>["action"];
export type Justification = NonNullable<CaseChange["justification"]>;

type Ok<T> = T extends { responses: { 200: { content: { "application/json": infer B } } } } ? B : never;

export type CaseDetail = Ok<paths["/api/sites/{site}/cases/{asset}/{vulnerability}"]["get"]>;
export type CaseEvent = CaseDetail["events"][number];
export type DecisionMaker = CaseDetail["decisionMakers"][number];
export type WindowOccurrence = CaseDetail["windows"][number];
export type Ranking = Ok<paths["/api/sites/{site}/vulnerabilities"]["get"]>;
export type VexImport = Ok<paths["/api/sites/{site}/vex"]["post"]>;
export type AdvisoryImport = Ok<paths["/api/advisories"]["post"]>;

/** The advisory as Mamori read it: CSAF's summary, or the OSV record. */
export type HeldAdvisory =
  | { format: "csaf"; summary: AdvisorySummary }
  | { format: "osv"; record: OsvRecord };
type AdvisoryAnswer = Ok<paths["/api/advisories/{key}"]["get"]>;
export type AdvisoryDetail = Omit<AdvisoryAnswer, "advisory"> & { advisory: HeldAdvisory };

export const stages = ["observe", "orient", "decide", "act", "closed"] as const satisfies readonly Stage[];
export const statuses = [
  "affected",
  "under-investigation",
  "not-affected",
  "fixed",
] as const satisfies readonly Status[];
export const exploitabilities = [
  "exploitable",
  "conditions-required",
  "not-exploitable",
  "unknown",
] as const satisfies readonly Exploitability[];
export const actions = ["patch", "mitigate", "accept"] as const satisfies readonly Action[];
export const bands = ["critical", "high", "medium", "low"] as const;
export type Band = (typeof bands)[number];

/** Mamori's justifications for "not affected" (advisories/vex.ts), in the order the API lists them. */
export const justifications = [
  "component-not-present",
  "code-not-present",
  "code-not-in-execute-path",
  "requires-configuration",
  "requires-environment",
  "not-controllable-by-adversary",
  "protected-at-perimeter",
  "unreachable-unconnected-line",
  "protected-by-compiler",
  "protected-at-runtime",
  "inline-mitigations",
  "mitigating-control",
  "mitigated-by-zone-controls",
] as const satisfies readonly Justification[];

/** Said of an installed asset in a plant, not of a product as its maker ships it (the API refuses them there). */
const plantJustifications = ["unreachable-unconnected-line", "mitigated-by-zone-controls"] as const;
export type ProductJustification = Exclude<Justification, (typeof plantJustifications)[number]>;
export const productJustifications = justifications.filter(
  (j): j is ProductJustification => !(plantJustifications as readonly string[]).includes(j),
);

const siteBase = (site: string) => `/sites/${encodeURIComponent(site)}`;

/** Where a case is worked on. */
export function caseLink(site: string, asset: string, vulnerability: string): string {
  return `${siteBase(site)}/vulnerabilities/${encodeURIComponent(asset)}/${encodeURIComponent(vulnerability)}`;
}

/** The vulnerabilities page on a tab, optionally filtered by an asset. */
export function vulnerabilitiesLink(site: string, tab?: string, asset?: string): string {
  const query = new URLSearchParams();
  if (tab) query.set("tab", tab);
  if (asset) query.set("asset", asset);
  const text = query.toString();
  return `${siteBase(site)}/vulnerabilities${text ? `?${text}` : ""}`;
}

export function advisoryLink(key: string): string {
  return `/advisories/${encodeURIComponent(key)}`;
}

export type Loadable<T> =
  | { phase: "loading" }
  | { phase: "failed"; error: ApiError }
  | { phase: "ready"; data: T };

/**
 * Loads with `load` whenever its inputs change (the caller memoises it) and on `reload()`; the previous data
 * stays on screen while a reload is under way (`busy`), and an answer that arrives after a newer request is
 * dropped.
 */
export function useLoad<T>(load: () => Promise<Result<T>>): {
  state: Loadable<T>;
  reload(): void;
  busy: boolean;
} {
  const [state, setState] = useState<Loadable<T>>({ phase: "loading" });
  const [busy, setBusy] = useState(true);
  const [tick, setTick] = useState(0);
  const sequence = useRef(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    void tick;
    const mine = ++sequence.current;
    setBusy(true);
    void load().then((result) => {
      if (mine !== sequence.current) return;
      setBusy(false);
      setState(result.ok ? { phase: "ready", data: result.data } : { phase: "failed", error: result.error });
    });
  }, [load, tick]);
  return { state, reload, busy };
}

/** An upload of a file's text as it is (the server detects the format from the content). */
export function rawBody(text: string, contentType: string) {
  return {
    body: text as never,
    bodySerializer: (body: unknown) => body as string,
    headers: { "Content-Type": contentType },
  };
}

/** The content type an SBOM file is sent with: XML, SPDX tag-value, or JSON. */
export function sbomContentType(text: string): string {
  const start = text.trimStart();
  if (start.startsWith("<")) return "application/xml";
  if (start.startsWith("{")) return "application/json";
  return "text/spdx";
}

export async function readFileText(file: File): Promise<string | undefined> {
  try {
    return await file.text();
  } catch {
    return undefined;
  }
}

export async function patchCase(
  site: string,
  asset: string,
  vulnerability: string,
  version: number,
  change: CaseChange,
): Promise<Result<Case>> {
  return call(
    api.PATCH("/api/sites/{site}/cases/{asset}/{vulnerability}", {
      params: { path: { site, asset, vulnerability } },
      headers: { "If-Match": `"${version}"` },
      body: change,
    }),
  );
}

/** The floor's report on the task of a case in Act (editors; the security lead closes the case). */
export async function reportTask(
  site: string,
  asset: string,
  vulnerability: string,
  version: number,
  report: { done: boolean; note?: string },
): Promise<Result<Case>> {
  return call(
    api.POST("/api/sites/{site}/cases/{asset}/{vulnerability}/task", {
      params: { path: { site, asset, vulnerability } },
      headers: { "If-Match": `"${version}"` },
      body: report,
    }),
  );
}

/** Problems of a failed call whose JSON pointer starts with one of `prefixes` (a form's own fields). */
export function problemsAt(error: ApiError | undefined, prefixes: readonly string[]): string[] {
  if (!error) return [];
  return error.problems
    .filter((p) => prefixes.some((prefix) => p.pointer === prefix || p.pointer.startsWith(`${prefix}/`)))
    .map((p) => p.message);
}

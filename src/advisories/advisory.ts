import {
  type AdvisoryProduct,
  type ProductState,
  productStatuses,
  productsOf,
  stateOf,
} from "./csaf-products.js";

/**
 * What Mamori keeps of a CSAF advisory besides the document itself: its identity and revision, and per
 * vulnerability the statuses, scores, remediations, threats and VEX flags, with product groups expanded to
 * product ids. Pure and total: a malformed document yields what can be read (validation refuses it at
 * intake before it is ever summarised for storage).
 */
export interface AdvisoryRevision {
  readonly number: string;
  readonly date: string;
  readonly summary: string;
}

export interface AdvisoryScore {
  readonly system: "cvss_v2" | "cvss_v3" | "cvss_v4";
  readonly version: string;
  readonly baseScore: number;
  readonly severity?: string;
  readonly vector: string;
  readonly products: readonly string[];
}

export const remediationCategories = [
  "vendor_fix",
  "mitigation",
  "workaround",
  "none_available",
  "no_fix_planned",
  "optional_patch",
  "fix_planned",
] as const;
export type RemediationCategory = (typeof remediationCategories)[number];

export interface AdvisoryRemediation {
  readonly category: RemediationCategory;
  readonly details: string;
  readonly url?: string;
  readonly date?: string;
  readonly products: readonly string[];
}

export interface AdvisoryThreat {
  readonly category: "impact" | "exploit_status" | "target_set";
  readonly details: string;
  readonly products: readonly string[];
}

/** CSAF VEX justification labels (flags), as the standard names them. */
export const vexFlagLabels = [
  "component_not_present",
  "inline_mitigations_already_exist",
  "vulnerable_code_cannot_be_controlled_by_adversary",
  "vulnerable_code_not_in_execute_path",
  "vulnerable_code_not_present",
] as const;
export type VexFlagLabel = (typeof vexFlagLabels)[number];

export interface AdvisoryFlag {
  readonly label: VexFlagLabel;
  readonly products: readonly string[];
}

export interface AdvisoryVulnerabilityDetail {
  /** The CVE when there is one, else the first `ids` entry as `system:text`, else `<advisory>#<n>`. */
  readonly id: string;
  readonly cve?: string;
  readonly aliases: readonly string[];
  readonly title?: string;
  readonly cwe?: { readonly id: string; readonly name: string };
  /** product id → what the advisory says about it (groups expanded). */
  readonly states: Readonly<Record<string, ProductState>>;
  readonly scores: readonly AdvisoryScore[];
  readonly remediations: readonly AdvisoryRemediation[];
  readonly threats: readonly AdvisoryThreat[];
  readonly flags: readonly AdvisoryFlag[];
}

export interface AdvisorySummary {
  readonly format: "csaf";
  /** `document.tracking.id`, unique per publisher namespace. */
  readonly trackingId: string;
  /** The key Mamori stores the advisory under: publisher namespace + tracking id. */
  readonly key: string;
  readonly title: string;
  readonly category: string;
  readonly publisher: { readonly name: string; readonly namespace: string };
  readonly version: string;
  readonly status: string;
  readonly initialReleaseDate?: string;
  readonly currentReleaseDate?: string;
  readonly revisionHistory: readonly AdvisoryRevision[];
  readonly tlp?: string;
  readonly language?: string;
  readonly references: readonly { readonly url: string; readonly summary: string }[];
  readonly products: readonly AdvisoryProduct[];
  readonly vulnerabilities: readonly AdvisoryVulnerabilityDetail[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

export function advisoryKey(namespace: string, trackingId: string): string {
  return `${namespace.replace(/\/+$/, "")}#${trackingId}`;
}

export function summariseCsaf(document: unknown): AdvisorySummary {
  const root = isObject(document) ? document : {};
  const meta = isObject(root.document) ? root.document : {};
  const tracking = isObject(meta.tracking) ? meta.tracking : {};
  const publisher = isObject(meta.publisher) ? meta.publisher : {};
  const tree = isObject(root.product_tree) ? root.product_tree : {};
  const groups = new Map<string, string[]>();
  for (const group of objects(tree.product_groups)) {
    const id = text(group.group_id);
    if (id) groups.set(id, strings(group.product_ids));
  }
  const productsIn = (item: Json): string[] => [
    ...new Set([
      ...strings(item.product_ids),
      ...strings(item.group_ids).flatMap((id) => groups.get(id) ?? []),
    ]),
  ];
  const trackingId = text(tracking.id) ?? "";
  const namespace = text(publisher.namespace) ?? "";
  const vulnerabilities = objects(root.vulnerabilities).map((vulnerability, index) =>
    vulnerabilityOf(vulnerability, index, trackingId, productsIn),
  );
  const distribution = isObject(meta.distribution) ? meta.distribution : {};
  const tlp = isObject(distribution.tlp) ? text(distribution.tlp.label) : undefined;
  return {
    format: "csaf",
    trackingId,
    key: advisoryKey(namespace, trackingId),
    title: text(meta.title) ?? "",
    category: text(meta.category) ?? "",
    publisher: { name: text(publisher.name) ?? "", namespace },
    version: text(tracking.version) ?? "",
    status: text(tracking.status) ?? "",
    ...optional("initialReleaseDate", text(tracking.initial_release_date)),
    ...optional("currentReleaseDate", text(tracking.current_release_date)),
    revisionHistory: objects(tracking.revision_history).map((revision) => ({
      number: text(revision.number) ?? "",
      date: text(revision.date) ?? "",
      summary: text(revision.summary) ?? "",
    })),
    ...optional("tlp", tlp),
    ...optional("language", text(meta.lang)),
    references: objects(meta.references).flatMap((reference) => {
      const url = text(reference.url);
      return url ? [{ url, summary: text(reference.summary) ?? "" }] : [];
    }),
    products: productsOf(root),
    vulnerabilities,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function vulnerabilityOf(
  vulnerability: Json,
  index: number,
  trackingId: string,
  productsIn: (item: Json) => string[],
): AdvisoryVulnerabilityDetail {
  const cve = text(vulnerability.cve);
  const ids = objects(vulnerability.ids).flatMap((id) => {
    const system = text(id.system_name);
    const value = text(id.text);
    return system && value ? [`${system}:${value}`] : [];
  });
  const states: Record<string, ProductState> = {};
  const status = isObject(vulnerability.product_status) ? vulnerability.product_status : {};
  for (const key of productStatuses) {
    const state = stateOf[key];
    if (state) for (const id of strings(status[key])) states[id] = state;
  }
  const cwe = isObject(vulnerability.cwe) ? vulnerability.cwe : undefined;
  const scores: AdvisoryScore[] = [];
  for (const score of objects(vulnerability.scores)) {
    const products = strings(score.products);
    for (const system of ["cvss_v4", "cvss_v3", "cvss_v2"] as const) {
      const cvss = isObject(score[system]) ? (score[system] as Json) : undefined;
      if (!cvss || typeof cvss.baseScore !== "number" || typeof cvss.vectorString !== "string") continue;
      scores.push({
        system,
        version: text(cvss.version) ?? "",
        baseScore: cvss.baseScore,
        ...optional("severity", text(cvss.baseSeverity)),
        vector: cvss.vectorString,
        products,
      });
    }
  }
  return {
    id: cve ?? ids[0] ?? `${trackingId}#${index + 1}`,
    ...optional("cve", cve),
    aliases: ids,
    ...optional("title", text(vulnerability.title)),
    ...(cwe && text(cwe.id) ? { cwe: { id: text(cwe.id) as string, name: text(cwe.name) ?? "" } } : {}),
    states,
    scores,
    remediations: objects(vulnerability.remediations).flatMap((remediation) => {
      const category = text(remediation.category) as RemediationCategory | undefined;
      if (!category || !remediationCategories.includes(category)) return [];
      return [
        {
          category,
          details: text(remediation.details) ?? "",
          ...optional("url", text(remediation.url)),
          ...optional("date", text(remediation.date)),
          products: productsIn(remediation),
        },
      ];
    }),
    threats: objects(vulnerability.threats).flatMap((threat) => {
      const category = text(threat.category);
      if (category !== "impact" && category !== "exploit_status" && category !== "target_set") return [];
      return [{ category, details: text(threat.details) ?? "", products: productsIn(threat) }];
    }),
    flags: objects(vulnerability.flags).flatMap((flag) => {
      const label = text(flag.label) as VexFlagLabel | undefined;
      return label && vexFlagLabels.includes(label) ? [{ label, products: productsIn(flag) }] : [];
    }),
  };
}

/**
 * Is revision `a` of an advisory newer than `b`? CSAF versions are either integers or SemVer
 * (`tracking.version`); within one advisory a producer keeps to one. The current release date breaks
 * ties and settles mixed or unreadable versions.
 */
export function compareRevisions(
  a: { readonly version: string; readonly currentReleaseDate?: string },
  b: { readonly version: string; readonly currentReleaseDate?: string },
): -1 | 0 | 1 {
  const integer = /^(0|[1-9][0-9]*)$/;
  const semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
  const sign = (n: number): -1 | 0 | 1 => (n < 0 ? -1 : n > 0 ? 1 : 0);
  if (integer.test(a.version) && integer.test(b.version)) {
    const byNumber = sign(Number(a.version) - Number(b.version));
    if (byNumber !== 0) return byNumber;
  } else {
    const x = semver.exec(a.version);
    const y = semver.exec(b.version);
    if (x && y) {
      for (const i of [1, 2, 3]) {
        const byPart = sign(Number(x[i]) - Number(y[i]));
        if (byPart !== 0) return byPart;
      }
      // A pre-release precedes its release; two pre-releases fall back to the date.
      if (!x[4] !== !y[4]) return x[4] ? -1 : 1;
    }
  }
  const da = a.currentReleaseDate ? Date.parse(a.currentReleaseDate) : Number.NaN;
  const db = b.currentReleaseDate ? Date.parse(b.currentReleaseDate) : Number.NaN;
  if (Number.isNaN(da) || Number.isNaN(db)) return 0;
  return sign(da - db);
}

export type { AdvisoryProduct, ProductState };

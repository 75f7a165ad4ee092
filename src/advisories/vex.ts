import { z } from "zod";
import { summariseCsaf, type VexFlagLabel } from "./advisory.js";
import { parseCpe } from "./cpe.js";
import { type AdvisoryProduct, productsOf } from "./csaf-products.js";
import { parsePurl } from "./purl.js";
import { contains, parseProductVersionRange } from "./vers.js";
import { compareVersions } from "./versions.js";

/**
 * VEX (issue 6): what Mamori records about one vulnerability on one asset (or one SBOM component of it),
 * read from CSAF VEX and CycloneDX VEX documents and written back as either. Pure and total: documents in,
 * statements and located problems out; statuses in, a document or the problems that prevent one out.
 *
 * Mamori keeps its own vocabulary of justifications because neither standard says what a factory needs
 * to say: CSAF's five flags and CycloneDX's nine justifications describe the product ("the code is not
 * present"), while a plant mostly argues from where the device sits ("the line is not connected", "the
 * zone's controls block it"). The table `justifications` maps every Mamori value to one CSAF flag and one
 * CycloneDX justification (written), and every flag and justification to one Mamori value (read). The
 * mapping is Mamori's judgement, not the standards' text; where it stretches a definition the entry says so.
 */

// ---------------------------------------------------------------------------------------------------------
// Vocabulary

export const vulnerabilityStates = ["affected", "not-affected", "fixed", "under-investigation"] as const;
export type VulnerabilityState = (typeof vulnerabilityStates)[number];

/** What the plant decided to do about an affected asset (Mamori's, recorded beside the free-text action). */
export const decisions = ["patch", "mitigate", "accept"] as const;
export type Decision = (typeof decisions)[number];

/** CycloneDX 1.4–1.6 `impactAnalysisJustification`. */
export const cyclonedxJustifications = [
  "code_not_present",
  "code_not_reachable",
  "requires_configuration",
  "requires_dependency",
  "requires_environment",
  "protected_by_compiler",
  "protected_at_runtime",
  "protected_at_perimeter",
  "protected_by_mitigating_control",
] as const;
export type CycloneDxJustification = (typeof cyclonedxJustifications)[number];

/** CycloneDX 1.4–1.6 `impactAnalysisState`. */
export const cyclonedxStates = [
  "resolved",
  "resolved_with_pedigree",
  "exploitable",
  "in_triage",
  "false_positive",
  "not_affected",
] as const;
export type CycloneDxState = (typeof cyclonedxStates)[number];

interface JustificationMapping {
  /** The CSAF VEX flag written for it. */
  readonly csaf: VexFlagLabel;
  /** The CycloneDX justification written for it. */
  readonly cyclonedx: CycloneDxJustification;
}

/**
 * Mamori's justifications for "not affected", each with the flag and the justification it is written as.
 * Reading goes the other way through `justificationFromCsaf` / `justificationFromCycloneDx`, to the entry
 * named after the standard's own value; the two plant-specific entries are written as their nearest
 * standard value and come back only through Mamori's own CycloneDX property (see toCycloneDxVex).
 */
export const justifications = {
  /** CSAF's own term; CycloneDX's "requires a dependency that is not present" says the same of a component. */
  "component-not-present": { csaf: "component_not_present", cyclonedx: "requires_dependency" },
  "code-not-present": { csaf: "vulnerable_code_not_present", cyclonedx: "code_not_present" },
  /** CSAF "not in execute path" = CycloneDX "not invoked at runtime". */
  "code-not-in-execute-path": {
    csaf: "vulnerable_code_not_in_execute_path",
    cyclonedx: "code_not_reachable",
  },
  /** The feature that runs the code is switched off: the code is not in the execute path. */
  "requires-configuration": {
    csaf: "vulnerable_code_not_in_execute_path",
    cyclonedx: "requires_configuration",
  },
  /** The environment an exploit needs is absent: the adversary cannot bring the code into play. */
  "requires-environment": {
    csaf: "vulnerable_code_cannot_be_controlled_by_adversary",
    cyclonedx: "requires_environment",
  },
  "not-controllable-by-adversary": {
    csaf: "vulnerable_code_cannot_be_controlled_by_adversary",
    cyclonedx: "requires_environment",
  },
  /** A block at the perimeter means the adversary cannot reach, hence not control, the code. */
  "protected-at-perimeter": {
    csaf: "vulnerable_code_cannot_be_controlled_by_adversary",
    cyclonedx: "protected_at_perimeter",
  },
  /**
   * Mamori's: the asset is on a line with no network connection (an air gap is a physical perimeter in
   * CycloneDX's words). Removable media still reach such a line; whoever records this has judged that
   * the vulnerability is not exploitable that way.
   */
  "unreachable-unconnected-line": {
    csaf: "vulnerable_code_cannot_be_controlled_by_adversary",
    cyclonedx: "protected_at_perimeter",
  },
  "protected-by-compiler": { csaf: "inline_mitigations_already_exist", cyclonedx: "protected_by_compiler" },
  "protected-at-runtime": { csaf: "inline_mitigations_already_exist", cyclonedx: "protected_at_runtime" },
  /** CSAF's built-in mitigations; of CycloneDX's, "prevented at runtime" is the built-in one. */
  "inline-mitigations": { csaf: "inline_mitigations_already_exist", cyclonedx: "protected_at_runtime" },
  /**
   * CSAF's flag speaks of mitigations built into the product; a control in front of it is the nearest
   * flag there is, so "mitigated" controls are written as inline mitigations (a stretch, stated here).
   */
  "mitigating-control": {
    csaf: "inline_mitigations_already_exist",
    cyclonedx: "protected_by_mitigating_control",
  },
  /** Mamori's: the zone's implemented countermeasures (its conduits' controls) block the exploit. */
  "mitigated-by-zone-controls": {
    csaf: "inline_mitigations_already_exist",
    cyclonedx: "protected_by_mitigating_control",
  },
} as const satisfies Record<string, JustificationMapping>;
export type Justification = keyof typeof justifications;
export const justificationKeys = Object.keys(justifications) as Justification[];
/** Said of an installed asset in a plant (its line, its zone): not of a product as its maker ships it. */
export const plantJustifications: readonly Justification[] = [
  "unreachable-unconnected-line",
  "mitigated-by-zone-controls",
];
/** What a maker may say of its product's status. */
export const productJustificationKeys = justificationKeys.filter((key) => !plantJustifications.includes(key));

const fromCsaf: Record<VexFlagLabel, Justification> = {
  component_not_present: "component-not-present",
  vulnerable_code_not_present: "code-not-present",
  vulnerable_code_not_in_execute_path: "code-not-in-execute-path",
  vulnerable_code_cannot_be_controlled_by_adversary: "not-controllable-by-adversary",
  inline_mitigations_already_exist: "inline-mitigations",
};
const fromCycloneDx: Record<CycloneDxJustification, Justification> = {
  code_not_present: "code-not-present",
  code_not_reachable: "code-not-in-execute-path",
  requires_configuration: "requires-configuration",
  requires_dependency: "component-not-present",
  requires_environment: "requires-environment",
  protected_by_compiler: "protected-by-compiler",
  protected_at_runtime: "protected-at-runtime",
  protected_at_perimeter: "protected-at-perimeter",
  protected_by_mitigating_control: "mitigating-control",
};

export function justificationFromCsaf(label: VexFlagLabel): Justification {
  return fromCsaf[label];
}
export function justificationFromCycloneDx(value: CycloneDxJustification): Justification {
  return fromCycloneDx[value];
}

/** English names of the justifications, for the impact statements CSAF VEX requires beside the flag. */
const justificationText: Record<Justification, string> = {
  "component-not-present": "The vulnerable component is not present.",
  "code-not-present": "The vulnerable code is not present.",
  "code-not-in-execute-path": "The vulnerable code is not in the execute path.",
  "requires-configuration": "Exploitation requires a configuration that is not set.",
  "requires-environment": "Exploitation requires an environment that is not present.",
  "not-controllable-by-adversary": "The vulnerable code cannot be controlled by an adversary.",
  "protected-at-perimeter": "Attacks are blocked at the perimeter.",
  "unreachable-unconnected-line": "Not reachable: the asset is on a line with no network connection.",
  "protected-by-compiler": "Exploitation is prevented by compiler protections.",
  "protected-at-runtime": "Exploitation is prevented at runtime.",
  "inline-mitigations": "Inline mitigations already exist.",
  "mitigating-control": "Mitigating controls prevent exploitation.",
  "mitigated-by-zone-controls": "Mitigated by the controls of the zone the asset is in.",
};

// ---------------------------------------------------------------------------------------------------------
// Our status

/** Mamori's status of one vulnerability on one asset (or one SBOM component of it). */
export interface VulnerabilityStatus {
  readonly asset: string;
  /** The SBOM component's ref (bom-ref / SPDXID) when the status is about a part of the asset. */
  readonly component?: string;
  /** A CVE, or an advisory-local id (`system:text` as `summariseCsaf` writes it). */
  readonly vulnerability: string;
  readonly state: VulnerabilityState;
  /** Why it is not affected; only with state "not-affected". */
  readonly justification?: Justification;
  readonly detail?: string;
  /** For "affected": what to do. */
  readonly action?: string;
  /** For "affected": what was decided (Mamori's addition to the issue's fields; see `decisions`). */
  readonly decision?: Decision;
  /** ISO 8601 date-time with an offset. */
  readonly updatedAt: string;
  readonly updatedBy?: string;
}

/** A located problem: `at.pointer` is a JSON pointer into the document read or the statuses written. */
export interface VexProblem {
  readonly code: string;
  readonly message: string;
  readonly at: { readonly pointer: string };
}

const problem = (code: string, message: string, pointer: string): VexProblem => ({
  code,
  message,
  at: { pointer },
});

// Not `.trim()`: zod would trim the checked copy, and the writers use the statuses as given.
const nonEmpty = z.string().regex(/\S/, "must not be empty");
const StatusSchema = z.strictObject({
  asset: nonEmpty,
  component: nonEmpty.optional(),
  vulnerability: nonEmpty,
  state: z.enum(vulnerabilityStates),
  justification: z.enum(justificationKeys as [Justification, ...Justification[]]).optional(),
  detail: nonEmpty.optional(),
  action: nonEmpty.optional(),
  decision: z.enum(decisions).optional(),
  updatedAt: z.iso.datetime({ offset: true }),
  updatedBy: nonEmpty.optional(),
});

const pointerOf = (path: readonly PropertyKey[]): string =>
  path.map((p) => `/${String(p).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");

/**
 * Checks statuses before they are written: the shape, then what makes a statement meaningless or
 * ambiguous (a justification on anything but "not affected", "not affected" with no reason at all, a
 * decision on anything but "affected", two statuses for the same asset, component and vulnerability).
 */
export function checkStatuses(statuses: readonly unknown[]): VexProblem[] {
  const problems: VexProblem[] = [];
  const seen = new Map<string, number>();
  statuses.forEach((raw, index) => {
    const parsed = StatusSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(problem("status-shape", issue.message, pointerOf([index, ...issue.path])));
      return;
    }
    const s = parsed.data;
    if (s.justification && s.state !== "not-affected")
      problems.push(
        problem(
          "justification-without-not-affected",
          `a justification explains "not affected"; the state is "${s.state}"`,
          pointerOf([index, "justification"]),
        ),
      );
    if (s.state === "not-affected" && !s.justification && !s.detail)
      problems.push(
        problem(
          "not-affected-without-reason",
          "a not-affected status needs a justification or a detail saying why",
          pointerOf([index]),
        ),
      );
    if (s.decision && s.state !== "affected")
      problems.push(
        problem(
          "decision-without-affected",
          `a decision is taken on an affected asset; the state is "${s.state}"`,
          pointerOf([index, "decision"]),
        ),
      );
    const key = statusKey(s);
    const first = seen.get(key);
    if (first !== undefined)
      problems.push(
        problem(
          "duplicate-status",
          `the same asset, component and vulnerability as statuses[${first}]`,
          pointerOf([index]),
        ),
      );
    else seen.set(key, index);
  });
  return problems;
}

/** A status as Mamori records it: a site's case, or a product's status as its manufacturer sets it. */
export interface RecordedStatus {
  readonly vulnerability: string;
  readonly status: VulnerabilityState;
  readonly justification: string | null;
  readonly statusDetail: string | null;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

/**
 * A recorded status as the VEX status of an asset or product (or one component of it): the justification
 * only with "not affected", the detail people wrote with any state (a not-affected status with neither
 * says "not affected"), and with "affected" the action (and the decision, when one was taken) that CSAF
 * requires.
 */
export function vexStatusOf(
  record: RecordedStatus,
  target: { readonly asset: string; readonly component?: string },
  affected: { readonly action: string; readonly decision?: Decision },
): VulnerabilityStatus {
  const notAffected = record.status === "not-affected";
  return {
    asset: target.asset,
    ...(target.component !== undefined ? { component: target.component } : {}),
    vulnerability: record.vulnerability,
    state: record.status,
    ...(notAffected && record.justification ? { justification: record.justification as Justification } : {}),
    ...(record.statusDetail
      ? { detail: record.statusDetail }
      : notAffected && !record.justification
        ? { detail: "not affected" }
        : {}),
    ...(record.status === "affected" ? affected : {}),
    updatedAt: record.updatedAt,
    ...(record.updatedBy ? { updatedBy: record.updatedBy } : {}),
  };
}

function statusKey(s: { asset: string; component?: string; vulnerability: string }): string {
  return JSON.stringify([s.asset, s.component ?? null, s.vulnerability]);
}

// ---------------------------------------------------------------------------------------------------------
// Product ids

/**
 * What Mamori's product ids name: an asset of a site (the plant's VEX), or an IoT product the company
 * makes (the manufacturer's VEX). The `asset` of a status is then the product's id.
 */
export type VexSubjectKind = "asset" | "product";

/**
 * The product id (CSAF) and bom-ref (CycloneDX) Mamori writes for an asset or a product, or one component
 * of it: stable, readable and reversible (each part percent-encoded, so any id or component ref fits).
 */
export function mamoriProductId(asset: string, component?: string, kind: VexSubjectKind = "asset"): string {
  const base = `mamori:${kind}/${encodeURIComponent(asset)}`;
  return component === undefined ? base : `${base}/component/${encodeURIComponent(component)}`;
}

/**
 * The asset (or product, with `kind`) and component a `mamoriProductId` names; undefined for anyone
 * else's id, and for an id of the other kind.
 */
export function parseMamoriProductId(
  id: string,
  kind: VexSubjectKind = "asset",
): { asset: string; component?: string } | undefined {
  const match = new RegExp(`^mamori:${kind}/([^/]+)(?:/component/([^/]+))?$`).exec(id);
  if (!match) return undefined;
  try {
    const asset = decodeURIComponent(match[1] as string);
    return match[2] === undefined ? { asset } : { asset, component: decodeURIComponent(match[2]) };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reading

/** What a VEX document says about one product and one vulnerability. */
export interface VexStatement {
  /** CSAF product id, or CycloneDX `affects[].ref` as written (a bom-ref or a BOM-Link). */
  readonly product: string;
  /** The CVE when there is one, else the document's id for the vulnerability. */
  readonly vulnerability: string;
  readonly aliases: readonly string[];
  readonly state: VulnerabilityState;
  /** The document's own word: `known_affected`, `exploitable`, `resolved_with_pedigree`… */
  readonly sourceState: string;
  readonly justification?: Justification;
  /** The flag label or CycloneDX justification as written. */
  readonly sourceJustification?: string;
  readonly detail?: string;
  /** Remediation details (CSAF) or recommendation and workaround (CycloneDX). */
  readonly action?: string;
  /** CSAF remediation categories or CycloneDX responses, as written. */
  readonly responses: readonly string[];
  /** Mamori's own decision, present only in documents Mamori wrote. */
  readonly decision?: Decision;
  /** CycloneDX: the versions the statement is limited to, each with its status. */
  readonly versions?: readonly VexVersion[];
  /** When the statement was last updated, if the document says (CycloneDX lastUpdated, CSAF release). */
  readonly issuedAt?: string;
  readonly updatedBy?: string;
  /** JSON pointer of the statement in the document. */
  readonly at: string;
}

export interface VexVersion {
  readonly version?: string;
  readonly range?: string;
  readonly status: "affected" | "unaffected" | "unknown";
}

/** A product the document describes, with what identifies it. */
export interface VexProduct {
  readonly id: string;
  readonly name?: string;
  readonly vendor?: string;
  readonly version?: string;
  readonly cpe?: string;
  readonly purl?: string;
  /** How the document identifies it, as advisory matching reads products (every identification helper). */
  readonly identity: AdvisoryProduct;
}

export interface VexReading {
  readonly format?: "csaf" | "cyclonedx";
  readonly statements: readonly VexStatement[];
  readonly products: readonly VexProduct[];
  readonly problems: readonly VexProblem[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value : undefined;
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

/** Reads a VEX document of either format, told apart by content: `document.csaf_version` or `bomFormat`. */
export function readVex(input: string): VexReading {
  let document: unknown;
  try {
    document = JSON.parse(input.replace(/^\uFEFF/, ""));
  } catch (error) {
    return {
      statements: [],
      products: [],
      problems: [problem("json-syntax", (error as Error).message, "")],
    };
  }
  if (isObject(document) && isObject(document.document) && "csaf_version" in document.document)
    return readCsafVex(document);
  if (isObject(document) && "bomFormat" in document) return readCycloneDxVex(document);
  return {
    statements: [],
    products: [],
    problems: [
      problem("unknown-format", "neither a CSAF document nor a CycloneDX JSON BOM (XML VEX is not read)", ""),
    ],
  };
}

const csafStatusState: Readonly<Record<string, VulnerabilityState>> = {
  first_affected: "affected",
  known_affected: "affected",
  last_affected: "affected",
  under_investigation: "under-investigation",
  first_fixed: "fixed",
  fixed: "fixed",
  known_not_affected: "not-affected",
};

/** When one product is listed under two states, the most cautious one is kept (and the clash reported). */
const caution: Readonly<Record<VulnerabilityState, number>> = {
  affected: 3,
  "under-investigation": 2,
  fixed: 1,
  "not-affected": 0,
};

/**
 * Statements of a CSAF document (category csaf_vex, or any CSAF with product statuses): one per product
 * id and vulnerability, for the four VEX states (`recommended` is not a state). The justification comes
 * from the flag naming the product, the detail from its `impact` threats, the action from its
 * remediations; product groups are expanded. The CSAF VEX profile's requirements are reported as problems
 * but do not stop the reading.
 */
export function readCsafVex(document: unknown): VexReading {
  const problems: VexProblem[] = [];
  if (!isObject(document) || !isObject(document.document) || !text(document.document.csaf_version))
    return {
      format: "csaf",
      statements: [],
      products: [],
      problems: [problem("not-csaf", "a CSAF document has document.csaf_version", "")],
    };
  const summary = summariseCsaf(document);
  const products = productsOf(document);
  const known = new Set(products.map((p) => p.productId));
  const isVex = summary.category === "csaf_vex";
  const issuedAt = summary.currentReleaseDate;
  const statements: VexStatement[] = [];
  const rawVulnerabilities = Array.isArray(document.vulnerabilities) ? document.vulnerabilities : [];
  // summariseCsaf keeps the objects of the list in order: walk both together.
  let n = 0;
  rawVulnerabilities.forEach((raw, index) => {
    if (!isObject(raw)) return;
    const vulnerability = summary.vulnerabilities[n++];
    if (!vulnerability) return;
    const status = isObject(raw.product_status) ? raw.product_status : {};
    const found = new Map<string, { state: VulnerabilityState; sourceState: string; at: string }>();
    for (const [key, state] of Object.entries(csafStatusState)) {
      strings(status[key]).forEach((productId, j) => {
        const at = `/vulnerabilities/${index}/product_status/${key}/${j}`;
        if (!known.has(productId))
          problems.push(problem("unknown-product", `product id ${productId} is not in the product tree`, at));
        const previous = found.get(productId);
        if (previous && previous.state !== state) {
          problems.push(
            problem(
              "contradicting-status",
              `${productId} is also listed as ${previous.sourceState}; the more cautious state is kept`,
              at,
            ),
          );
          if (caution[state] <= caution[previous.state]) return;
        }
        if (!previous || previous.state !== state) found.set(productId, { state, sourceState: key, at });
      });
    }
    for (const [productId, { state, sourceState, at }] of [...found].sort(([a], [b]) => compare(a, b))) {
      const flag = vulnerability.flags.find((f) => f.products.includes(productId));
      const impacts = vulnerability.threats.filter(
        (t) => t.category === "impact" && t.products.includes(productId) && t.details.trim() !== "",
      );
      const remediations = vulnerability.remediations.filter((r) => r.products.includes(productId));
      if (state === "not-affected" && !flag && impacts.length === 0)
        problems.push(
          problem(
            "not-affected-without-impact-statement",
            "a known_not_affected product needs a flag or an impact threat (CSAF 6.1.27.9)",
            at,
          ),
        );
      if (isVex && state === "affected" && remediations.length === 0)
        problems.push(
          problem(
            "affected-without-action",
            "a known_affected product needs a remediation (CSAF 6.1.27.10)",
            at,
          ),
        );
      const detail = impacts.map((t) => t.details).join("\n");
      const action = remediations
        .map((r) => r.details)
        .filter((d) => d.trim() !== "")
        .join("\n");
      statements.push({
        product: productId,
        vulnerability: vulnerability.id,
        aliases: vulnerability.aliases,
        state,
        sourceState,
        ...(flag ? { justification: fromCsaf[flag.label], sourceJustification: flag.label } : {}),
        ...(detail ? { detail } : {}),
        ...(action ? { action } : {}),
        responses: [...new Set(remediations.map((r) => r.category))],
        ...(issuedAt ? { issuedAt } : {}),
        at,
      });
    }
    // 6.1.33: one VEX flag per product and vulnerability.
    const flagged = new Map<string, number>();
    for (const flag of vulnerability.flags)
      for (const id of flag.products) flagged.set(id, (flagged.get(id) ?? 0) + 1);
    for (const [id, count] of flagged)
      if (count > 1)
        problems.push(
          problem(
            "several-flags",
            `${id} has ${count} VEX flags for one vulnerability`,
            `/vulnerabilities/${index}/flags`,
          ),
        );
  });
  return {
    format: "csaf",
    statements,
    products: products.map((p) => ({
      id: p.productId,
      name: p.name,
      ...(p.vendor ? { vendor: p.vendor } : {}),
      ...(p.version ? { version: p.version } : {}),
      ...(p.cpe ? { cpe: p.cpe } : {}),
      ...(p.purl ? { purl: p.purl } : {}),
      identity: p,
    })),
    problems,
  };
}

const cyclonedxState: Readonly<Record<CycloneDxState, VulnerabilityState>> = {
  exploitable: "affected",
  in_triage: "under-investigation",
  // A false positive is a finding that does not apply at all: nothing to do, like "not affected".
  false_positive: "not-affected",
  not_affected: "not-affected",
  resolved: "fixed",
  resolved_with_pedigree: "fixed",
};

/** The properties Mamori adds to a CycloneDX vulnerability to keep what the standard has no field for. */
export const mamoriProperties = {
  justification: "mamori:justification",
  decision: "mamori:decision",
  updatedBy: "mamori:updatedBy",
} as const;

/**
 * Statements of a CycloneDX 1.4–1.6 JSON document: one per vulnerability and `affects` entry, with the
 * analysis state, justification, responses and detail; the versions an entry lists limit it (see
 * `statusesFromVex`). A vulnerability without an analysis is "affected": the schema describes `affects`
 * as "the components or services that are affected by the vulnerability" (a VDR).
 */
export function readCycloneDxVex(document: unknown): VexReading {
  const problems: VexProblem[] = [];
  if (!isObject(document) || document.bomFormat !== "CycloneDX")
    return {
      format: "cyclonedx",
      statements: [],
      products: [],
      problems: [problem("not-cyclonedx", 'a CycloneDX BOM has bomFormat "CycloneDX"', "")],
    };
  const spec = text(document.specVersion);
  if (!spec || !["1.4", "1.5", "1.6"].includes(spec))
    problems.push(
      problem("spec-version", `specVersion ${String(spec)} is not 1.4, 1.5 or 1.6`, "/specVersion"),
    );
  const products: VexProduct[] = [];
  const refs = new Set<string>();
  const visit = (component: unknown) => {
    if (!isObject(component)) return;
    const ref = text(component["bom-ref"]);
    if (ref) {
      refs.add(ref);
      const vendor = isObject(component.supplier) ? text(component.supplier.name) : undefined;
      const name = text(component.name);
      const version = text(component.version);
      const cpe = text(component.cpe);
      const purl = text(component.purl);
      const hashes = (Array.isArray(component.hashes) ? component.hashes : [])
        .filter(isObject)
        .flatMap((h) => {
          const algorithm = text(h.alg);
          const value = text(h.content);
          return algorithm && value ? [{ algorithm, value }] : [];
        });
      const described = {
        ...(name ? { name } : {}),
        ...(vendor ? { vendor } : {}),
        ...(version ? { version } : {}),
        ...(cpe ? { cpe } : {}),
        ...(purl ? { purl } : {}),
      };
      products.push({
        id: ref,
        ...described,
        identity: {
          productId: ref,
          ...described,
          name: name ?? ref,
          productNames: [],
          modelNumbers: [],
          serialNumbers: [],
          skus: [],
          hashes: hashes.length ? [{ filename: name ?? ref, hashes }] : [],
          sbomUrls: [],
        },
      });
    }
    if (Array.isArray(component.components)) for (const child of component.components) visit(child);
  };
  if (isObject(document.metadata)) visit(document.metadata.component);
  if (Array.isArray(document.components)) for (const c of document.components) visit(c);
  if (Array.isArray(document.services))
    for (const s of document.services)
      if (isObject(s) && text(s["bom-ref"])) refs.add(s["bom-ref"] as string);
  const timestamp = isObject(document.metadata) ? text(document.metadata.timestamp) : undefined;
  const statements: VexStatement[] = [];
  const list = Array.isArray(document.vulnerabilities) ? document.vulnerabilities : [];
  list.forEach((raw, index) => {
    const at = `/vulnerabilities/${index}`;
    if (!isObject(raw)) {
      problems.push(problem("vulnerability-shape", "a vulnerability is an object", at));
      return;
    }
    const id = text(raw.id);
    if (!id) {
      problems.push(problem("vulnerability-without-id", "a vulnerability needs an id to be matched", at));
      return;
    }
    const analysis = isObject(raw.analysis) ? raw.analysis : {};
    const rawState = analysis.state;
    let state: VulnerabilityState = "affected";
    let sourceState = "";
    if (rawState !== undefined) {
      if (typeof rawState !== "string" || !(cyclonedxStates as readonly string[]).includes(rawState)) {
        problems.push(
          problem(
            "unknown-state",
            `analysis state ${String(rawState)} is not CycloneDX's`,
            `${at}/analysis/state`,
          ),
        );
        return;
      }
      state = cyclonedxState[rawState as CycloneDxState];
      sourceState = rawState;
    }
    const properties = new Map<string, string>();
    if (Array.isArray(raw.properties))
      for (const p of raw.properties)
        if (isObject(p) && typeof p.name === "string" && typeof p.value === "string")
          properties.set(p.name, p.value);
    let justification: Justification | undefined;
    const rawJustification = analysis.justification;
    if (rawJustification !== undefined) {
      if (
        typeof rawJustification === "string" &&
        (cyclonedxJustifications as readonly string[]).includes(rawJustification)
      )
        justification = fromCycloneDx[rawJustification as CycloneDxJustification];
      else
        problems.push(
          problem(
            "unknown-justification",
            `justification ${String(rawJustification)} is not CycloneDX's`,
            `${at}/analysis/justification`,
          ),
        );
    }
    // Mamori's own finer justification, when it agrees with the standard one it was written as.
    const own = properties.get(mamoriProperties.justification) as Justification | undefined;
    if (own && own in justifications && justifications[own].cyclonedx === rawJustification)
      justification = own;
    const ownDecision = properties.get(mamoriProperties.decision) as Decision | undefined;
    const decision = ownDecision && decisions.includes(ownDecision) ? ownDecision : undefined;
    const detail = text(analysis.detail);
    const action = [text(raw.recommendation), text(raw.workaround)].filter(Boolean).join("\n");
    const issuedAt = text(analysis.lastUpdated) ?? text(raw.updated) ?? timestamp;
    const updatedBy = properties.get(mamoriProperties.updatedBy);
    const aliases = Array.isArray(raw.references)
      ? raw.references.flatMap((r) => (isObject(r) && text(r.id) ? [r.id as string] : []))
      : [];
    const affects = Array.isArray(raw.affects) ? raw.affects : [];
    if (affects.length === 0)
      problems.push(
        problem("no-affects", "the vulnerability names no component it affects", `${at}/affects`),
      );
    affects.forEach((entry, j) => {
      const entryAt = `${at}/affects/${j}`;
      const ref = isObject(entry) ? text(entry.ref) : undefined;
      if (!ref || !isObject(entry)) {
        problems.push(problem("affects-without-ref", "an affects entry needs a ref", entryAt));
        return;
      }
      if (!refs.has(ref) && !ref.startsWith("urn:cdx:"))
        problems.push(problem("unknown-ref", `${ref} is not a bom-ref of this document`, `${entryAt}/ref`));
      const versions: VexVersion[] = [];
      if (Array.isArray(entry.versions))
        for (const v of entry.versions) {
          if (!isObject(v)) continue;
          const status = v.status === "unaffected" || v.status === "unknown" ? v.status : "affected";
          const version = text(v.version);
          const range = text(v.range);
          if (version) versions.push({ version, status });
          else if (range) versions.push({ range, status });
        }
      statements.push({
        product: ref,
        vulnerability: id,
        aliases,
        state,
        sourceState,
        ...(justification ? { justification, sourceJustification: rawJustification as string } : {}),
        ...(detail ? { detail } : {}),
        ...(action ? { action } : {}),
        responses: strings(analysis.response),
        ...(decision ? { decision } : {}),
        ...(versions.length ? { versions } : {}),
        ...(issuedAt ? { issuedAt } : {}),
        ...(updatedBy ? { updatedBy } : {}),
        at: entryAt,
      });
    });
  });
  return { format: "cyclonedx", statements, products, problems };
}

// ---------------------------------------------------------------------------------------------------------
// Statements → statuses

/** The asset (and component, and its installed version) a statement's product stands for. */
export interface VexTarget {
  readonly asset: string;
  readonly component?: string;
  /** The installed version, to apply statements limited to versions. */
  readonly version?: string;
}

export interface VexStatusOptions {
  /** When the statuses are recorded, for statements whose document gives no date. */
  readonly updatedAt: string;
  readonly updatedBy?: string;
  /**
   * Which assets a product is. Default: Mamori's own product ids (`mamoriProductId`), so documents Mamori
   * wrote come back without help; anyone else's products are matched by the caller (match.ts).
   */
  readonly resolve?: (product: VexProduct | undefined, statement: VexStatement) => readonly VexTarget[];
}

/** The bom-ref inside a BOM-Link (`urn:cdx:serial/version#ref`), or the ref itself. */
function innerRef(ref: string): string {
  const hash = ref.startsWith("urn:cdx:") ? ref.indexOf("#") : -1;
  if (hash === -1) return ref;
  try {
    return decodeURIComponent(ref.slice(hash + 1));
  } catch {
    return ref.slice(hash + 1);
  }
}

function defaultResolve(_product: VexProduct | undefined, statement: VexStatement): VexTarget[] {
  const own = parseMamoriProductId(innerRef(statement.product));
  return own ? [own] : [];
}

/** Does a statement limited to versions speak about this version? Unknown or unreadable: it does. */
function appliesToVersion(statement: VexStatement, version: string | undefined): boolean {
  if (!statement.versions || version === undefined) return true;
  for (const v of statement.versions) {
    if (
      v.version !== undefined &&
      (v.version === version || compareVersions(v.version, version, "all") === 0)
    )
      return true;
    if (v.range !== undefined) {
      const reading = parseProductVersionRange(v.range);
      if (reading.kind !== "vers") return true;
      const inside = contains(reading.range, version);
      if (inside === true || inside === "incomparable") return true;
    }
  }
  return false;
}

/**
 * Turns statements into Mamori statuses for the assets their products resolve to. Statements limited to
 * versions apply only to an installed version inside them; when two statements give one asset different
 * states, the most cautious is kept and the clash reported.
 */
export function statusesFromVex(
  reading: VexReading,
  options: VexStatusOptions,
): { statuses: VulnerabilityStatus[]; problems: VexProblem[] } {
  const problems: VexProblem[] = [];
  const productsById = new Map(reading.products.map((p) => [p.id, p]));
  const resolve = options.resolve ?? defaultResolve;
  const byKey = new Map<string, { status: VulnerabilityStatus; at: string }>();
  for (const statement of reading.statements) {
    const product = productsById.get(statement.product) ?? productsById.get(innerRef(statement.product));
    const targets = resolve(product, statement);
    if (targets.length === 0) {
      problems.push(
        problem("unresolved-product", `no asset is known for product ${statement.product}`, statement.at),
      );
      continue;
    }
    for (const target of targets) {
      if (!appliesToVersion(statement, target.version)) continue;
      const updatedBy = statement.updatedBy ?? options.updatedBy;
      const status: VulnerabilityStatus = {
        asset: target.asset,
        ...(target.component !== undefined ? { component: target.component } : {}),
        vulnerability: statement.vulnerability,
        state: statement.state,
        ...(statement.state === "not-affected" && statement.justification
          ? { justification: statement.justification }
          : {}),
        ...(statement.detail ? { detail: statement.detail } : {}),
        ...(statement.action ? { action: statement.action } : {}),
        ...(statement.decision && statement.state === "affected" ? { decision: statement.decision } : {}),
        updatedAt: statement.issuedAt ?? options.updatedAt,
        ...(updatedBy ? { updatedBy } : {}),
      };
      const key = statusKey(status);
      const previous = byKey.get(key);
      if (previous && previous.status.state !== status.state) {
        problems.push(
          problem(
            "conflicting-statements",
            `${previous.at} says ${previous.status.state} for the same asset; the more cautious state is kept`,
            statement.at,
          ),
        );
        if (caution[status.state] <= caution[previous.status.state]) continue;
      }
      if (!previous || previous.status.state !== status.state) byKey.set(key, { status, at: statement.at });
    }
  }
  const statuses = [...byKey.values()].map((v) => v.status);
  statuses.sort((a, b) => compare(statusKey(a), statusKey(b)));
  return { statuses, problems };
}

// ---------------------------------------------------------------------------------------------------------
// Writing

/** What an asset or component is, for the product tree or the component list. */
export interface VexProductInfo {
  readonly name: string;
  readonly vendor?: string;
  readonly version?: string;
  readonly cpe?: string;
  readonly purl?: string;
  readonly modelNumbers?: readonly string[];
  readonly serialNumbers?: readonly string[];
  readonly skus?: readonly string[];
  /** CycloneDX component type; default "device" for an asset, "library" for a component. */
  readonly type?: string;
}

export interface VexProducts {
  /** What the ids name (see `mamoriProductId`): a site's assets unless said otherwise. */
  readonly kind?: VexSubjectKind;
  readonly assets: Readonly<Record<string, VexProductInfo>>;
  /** asset id → component ref → the component. */
  readonly components?: Readonly<Record<string, Readonly<Record<string, VexProductInfo>>>>;
}

export interface CsafVexOptions {
  readonly publisher: {
    readonly name: string;
    /** A URL of the publisher; also the document's external reference unless `references` are given. */
    readonly namespace: string;
    /** CSAF publisher category; a plant writing about its own assets is a "user". */
    readonly category?: "coordinator" | "discoverer" | "other" | "translator" | "user" | "vendor";
    readonly contactDetails?: string;
  };
  readonly trackingId: string;
  /** The document version, an integer as text ("1", "2", …). */
  readonly version: string;
  /** The release date of this version (ISO 8601 date-time): the caller's clock. */
  readonly now: string;
  readonly products: VexProducts;
  readonly title?: string;
  readonly initialReleaseDate?: string;
  /** Required from version 2 on: CSAF wants every version from 1 in the history. */
  readonly revisionHistory?: readonly {
    readonly number: string;
    readonly date: string;
    readonly summary: string;
  }[];
  readonly references?: readonly { readonly url: string; readonly summary: string }[];
  readonly lang?: string;
  /** tracking.generator.engine.version */
  readonly generatorVersion?: string;
}

export type VexWriting<T> =
  | { readonly ok: true; readonly document: T }
  | { readonly ok: false; readonly problems: readonly VexProblem[] };

function checkProducts(statuses: readonly VulnerabilityStatus[], products: VexProducts): VexProblem[] {
  const problems: VexProblem[] = [];
  statuses.forEach((s, index) => {
    if (!Object.hasOwn(products.assets, s.asset))
      problems.push(
        problem(
          "unknown-asset",
          `asset ${s.asset} is not among the products given`,
          pointerOf([index, "asset"]),
        ),
      );
    else if (s.component !== undefined && !Object.hasOwn(products.components?.[s.asset] ?? {}, s.component))
      problems.push(
        problem(
          "unknown-component",
          `component ${s.component} of ${s.asset} is not among the products given`,
          pointerOf([index, "component"]),
        ),
      );
  });
  const checkInfo = (info: VexProductInfo, path: PropertyKey[]) => {
    if (!info.name || info.name.trim() === "")
      problems.push(
        problem("product-without-name", "a product needs a name", pointerOf(["products", ...path, "name"])),
      );
    if (info.cpe !== undefined && !parseCpe(info.cpe).ok)
      problems.push(
        problem("bad-cpe", `${info.cpe} is not a CPE 2.3 name`, pointerOf(["products", ...path, "cpe"])),
      );
    if (info.purl !== undefined && !parsePurl(info.purl).ok)
      problems.push(
        problem("bad-purl", `${info.purl} is not a package URL`, pointerOf(["products", ...path, "purl"])),
      );
  };
  for (const [asset, info] of Object.entries(products.assets)) checkInfo(info, ["assets", asset]);
  for (const [asset, components] of Object.entries(products.components ?? {}))
    for (const [ref, info] of Object.entries(components)) checkInfo(info, ["components", asset, ref]);
  return problems;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const cvePattern = /^CVE-[0-9]{4}-[0-9]{4,}$/;

/** CSAF 2.0 remediation category for a decision: what the plant will do, in CSAF's categories. */
const remediationOf: Readonly<Record<Decision, string>> = {
  patch: "vendor_fix",
  mitigate: "mitigation",
  // The asset owner plans no fix: CSAF's "no_fix_planned", seen from the plant rather than the vendor.
  accept: "no_fix_planned",
};

/** CycloneDX responses for a decision, for readers that do not know Mamori's property. */
const responseOf: Readonly<Record<Decision, string>> = {
  patch: "update",
  mitigate: "workaround_available",
  accept: "will_not_fix",
};

function usedProducts(statuses: readonly VulnerabilityStatus[], products: VexProducts) {
  const ids = new Map<string, { info: VexProductInfo; asset: string; component?: string }>();
  for (const s of statuses) {
    const assetInfo = products.assets[s.asset] as VexProductInfo;
    ids.set(mamoriProductId(s.asset, undefined, products.kind), { info: assetInfo, asset: s.asset });
    if (s.component !== undefined)
      ids.set(mamoriProductId(s.asset, s.component, products.kind), {
        info: products.components?.[s.asset]?.[s.component] as VexProductInfo,
        asset: s.asset,
        component: s.component,
      });
  }
  return [...ids].sort(([a], [b]) => compare(a, b));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return new Map([...groups].sort(([a], [b]) => compare(a, b)));
}

/**
 * A CSAF 2.0 `csaf_vex` document of the statuses: one product per asset and per component (ids from
 * `mamoriProductId`), one vulnerability per CVE or id (CSAF allows a CVE once per document), the four
 * states as product statuses, justifications as flags plus an impact statement (the flag alone would
 * satisfy 6.1.27.9, but people read the words), actions as remediations. CSAF VEX requires an action
 * for every affected product (6.1.27.10): an affected status without an action or a decision is refused;
 * record "under investigation" until one is decided. A decision is written as a remediation category
 * (patch → vendor_fix, mitigate → mitigation, accept → no_fix_planned; an action without a decision →
 * mitigation), an action while under investigation as a workaround. Deterministic: sorted, no clock but
 * `now`. CSAF has no place for the author and date of each status or Mamori's finer justification, and
 * the decision survives only as a remediation category: use CycloneDX for a lossless export.
 */
export function toCsafVex(
  statuses: readonly VulnerabilityStatus[],
  options: CsafVexOptions,
): VexWriting<Json> {
  const problems = checkStatuses(statuses);
  if (problems.length === 0) problems.push(...checkProducts(statuses, options.products));
  statuses.forEach((s, index) => {
    if (s.state === "affected" && !s.action && !s.decision)
      problems.push(
        problem(
          "affected-without-action",
          "CSAF VEX needs an action for every affected product (6.1.27.10); record one or keep the status under investigation",
          pointerOf([index]),
        ),
      );
  });
  if (statuses.length === 0)
    problems.push(problem("nothing-to-write", "a CSAF VEX document needs at least one vulnerability", ""));
  // A final document is never version 0 (6.1.20).
  if (!/^[1-9][0-9]*$/.test(options.version))
    problems.push(
      problem("document-version", "the document version is a positive integer as text", "/options/version"),
    );
  if (options.lang !== undefined && !/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(options.lang))
    problems.push(problem("lang", "the language is a language tag such as ja or en", "/options/lang"));
  if (!z.iso.datetime({ offset: true }).safeParse(options.now).success)
    problems.push(problem("now", "now is an ISO 8601 date-time with an offset", "/options/now"));
  if (!/^\S(.*\S)?$/.test(options.trackingId))
    problems.push(problem("tracking-id", "the tracking id has no surrounding spaces", "/options/trackingId"));
  if (!isUrl(options.publisher.namespace))
    problems.push(problem("namespace", "the publisher namespace is a URL", "/options/publisher/namespace"));
  for (const [i, r] of (options.references ?? []).entries())
    if (!isUrl(r.url))
      problems.push(problem("reference", "a reference is a URL", `/options/references/${i}/url`));
  const history = options.revisionHistory ?? [
    { number: options.version, date: options.now, summary: "Initial version." },
  ];
  if (!options.revisionHistory && options.version !== "1")
    problems.push(
      problem(
        "revision-history-needed",
        "from version 2 on, the revision history must list every version (CSAF 6.1.21)",
        "/options/revisionHistory",
      ),
    );
  else problems.push(...checkHistory(history, options.version));
  if (problems.length > 0) return { ok: false, problems };

  const products = usedProducts(statuses, options.products);
  const fullProductNames = products.map(([productId, { info, asset, component }]) => {
    const assetName = options.products.assets[asset]?.name ?? asset;
    const name =
      component === undefined
        ? [info.vendor, info.name, info.version].filter(Boolean).join(" ")
        : `${[info.name, info.version].filter(Boolean).join(" ")} (${assetName})`;
    const helper = {
      ...(info.cpe ? { cpe: info.cpe } : {}),
      ...(info.purl ? { purl: info.purl } : {}),
      ...(info.modelNumbers?.length ? { model_numbers: [...info.modelNumbers] } : {}),
      ...(info.serialNumbers?.length ? { serial_numbers: [...info.serialNumbers] } : {}),
      ...(info.skus?.length ? { skus: [...info.skus] } : {}),
    };
    return {
      name,
      product_id: productId,
      ...(Object.keys(helper).length ? { product_identification_helper: helper } : {}),
    };
  });

  const vulnerabilities = [...groupBy(statuses, (s) => s.vulnerability)].map(([id, group]) => {
    const idOf = (s: VulnerabilityStatus) => mamoriProductId(s.asset, s.component, options.products.kind);
    const sorted = (list: VulnerabilityStatus[]) => list.map(idOf).sort(compare);
    const inState = (state: VulnerabilityState) => group.filter((s) => s.state === state);
    const productStatus = {
      ...(inState("fixed").length ? { fixed: sorted(inState("fixed")) } : {}),
      ...(inState("affected").length ? { known_affected: sorted(inState("affected")) } : {}),
      ...(inState("not-affected").length ? { known_not_affected: sorted(inState("not-affected")) } : {}),
      ...(inState("under-investigation").length
        ? { under_investigation: sorted(inState("under-investigation")) }
        : {}),
    };
    const flags = [
      ...groupBy(
        group.filter((s) => s.justification),
        (s) => justifications[s.justification as Justification].csaf,
      ),
    ].map(([label, list]) => ({ label, product_ids: sorted(list) }));
    // Impact statements: the detail people wrote, else the justification in words.
    const impact = (s: VulnerabilityStatus) =>
      s.detail ?? (s.justification ? justificationText[s.justification] : undefined);
    const threats = [
      ...groupBy(
        group.filter((s) => impact(s) !== undefined),
        (s) => impact(s) as string,
      ),
    ].map(([details, list]) => ({ category: "impact", details, product_ids: sorted(list) }));
    // What to do about an affected product, and a stopgap while one is investigated; a fixed or
    // not-affected product needs no remediation, so an action recorded on one is not written.
    const actionable = group.filter(
      (s) =>
        (s.state === "affected" && (s.action || s.decision)) ||
        (s.state === "under-investigation" && s.action),
    );
    const remediationKey = (s: VulnerabilityStatus) =>
      JSON.stringify([
        s.state === "under-investigation" ? "workaround" : remediationOf[s.decision ?? "mitigate"],
        s.action ?? decisionText[s.decision as Decision],
      ]);
    const remediations = [...groupBy(actionable, remediationKey)].map(([key, list]) => {
      const [category, details] = JSON.parse(key) as [string, string];
      return { category, details, product_ids: sorted(list) };
    });
    const cve = cvePattern.test(id);
    const colon = id.indexOf(":");
    const ids =
      colon > 0 && colon < id.length - 1
        ? [{ system_name: id.slice(0, colon), text: id.slice(colon + 1) }]
        : [{ system_name: options.publisher.name, text: id }];
    return {
      ...(cve ? { cve: id } : { ids }),
      notes: [
        {
          category: "summary",
          title: "Scope",
          text: `Exploitability of ${id} in the products of this document, as assessed by ${options.publisher.name}.`,
        },
      ],
      product_status: productStatus,
      ...(flags.length ? { flags } : {}),
      ...(threats.length ? { threats } : {}),
      ...(remediations.length ? { remediations } : {}),
    };
  });

  const references = options.references ?? [{ url: options.publisher.namespace, summary: "Publisher" }];
  const document: Json = {
    document: {
      category: "csaf_vex",
      csaf_version: "2.0",
      ...(options.lang ? { lang: options.lang } : {}),
      publisher: {
        category: options.publisher.category ?? "user",
        name: options.publisher.name,
        namespace: options.publisher.namespace,
        ...(options.publisher.contactDetails ? { contact_details: options.publisher.contactDetails } : {}),
      },
      references: references.map((r) => ({ category: "external", summary: r.summary, url: r.url })),
      title: options.title ?? `Vulnerability statuses of ${options.publisher.name}`,
      tracking: {
        current_release_date: options.now,
        generator: {
          date: options.now,
          engine: {
            name: "Mamori",
            ...(options.generatorVersion ? { version: options.generatorVersion } : {}),
          },
        },
        id: options.trackingId,
        initial_release_date: options.initialReleaseDate ?? history[0]?.date ?? options.now,
        revision_history: history.map((r) => ({ date: r.date, number: r.number, summary: r.summary })),
        status: "final",
        version: options.version,
      },
    },
    product_tree: { full_product_names: fullProductNames },
    vulnerabilities,
  };
  return { ok: true, document };
}

function isUrl(value: string): boolean {
  try {
    return /^[a-z][a-z0-9+.-]*:/i.test(value) && new URL(value).href !== "";
  } catch {
    return false;
  }
}

/**
 * CSAF's mandatory tests on the history (6.1.14, 6.1.16, 6.1.21): versions are integers counting up by one
 * from 0 or 1 in the order of their dates, and the last one is the document's version.
 */
function checkHistory(
  history: readonly { readonly number: string; readonly date: string; readonly summary: string }[],
  version: string,
): VexProblem[] {
  const problems: VexProblem[] = [];
  const datetime = z.iso.datetime({ offset: true });
  history.forEach((r, i) => {
    if (!/^(0|[1-9][0-9]*)$/.test(r.number))
      problems.push(
        problem(
          "revision-number",
          "a revision number is an integer as text",
          `/options/revisionHistory/${i}/number`,
        ),
      );
    if (!datetime.safeParse(r.date).success)
      problems.push(
        problem(
          "revision-date",
          "a revision date is an ISO 8601 date-time",
          `/options/revisionHistory/${i}/date`,
        ),
      );
    if (r.summary.trim() === "")
      problems.push(
        problem("revision-summary", "a revision needs a summary", `/options/revisionHistory/${i}/summary`),
      );
  });
  if (problems.length > 0) return problems;
  const first = Number(history[0]?.number);
  const ordered = history.every(
    (r, i) =>
      Number(r.number) === first + i &&
      (i === 0 || Date.parse(r.date) >= Date.parse(history[i - 1]?.date ?? "")),
  );
  if (history.length === 0 || first > 1 || !ordered || history.at(-1)?.number !== version)
    problems.push(
      problem(
        "revision-history",
        `the revisions count up by one from 0 or 1, in date order, to the document version ${version}`,
        "/options/revisionHistory",
      ),
    );
  return problems;
}

const decisionText: Record<Decision, string> = {
  patch: "Apply the vendor's fix.",
  mitigate: "Apply mitigations.",
  accept: "The risk is accepted; no fix is planned.",
};

export interface CycloneDxVexOptions {
  readonly products: VexProducts;
  /** metadata.timestamp: the caller's clock. */
  readonly now: string;
  /** `urn:uuid:…`; left out when not given (a pure function cannot make a random one). */
  readonly serialNumber?: string;
  /** The BOM version, 1 by default. */
  readonly version?: number;
  /** metadata.supplier.name: who states the statuses. */
  readonly publisher?: string;
}

/**
 * A CycloneDX 1.6 JSON BOM with the statuses as `vulnerabilities`: one component per asset (bom-ref from
 * `mamoriProductId`) with its SBOM components nested in it, and one vulnerability entry per group of
 * statuses that say exactly the same thing, `affects` pointing at the components. Mamori's justification,
 * decision and author travel as properties, so `statusesFromVex(readCycloneDxVex(x))` gives the statuses back.
 */
export function toCycloneDxVex(
  statuses: readonly VulnerabilityStatus[],
  options: CycloneDxVexOptions,
): VexWriting<Json> {
  const problems = checkStatuses(statuses);
  if (problems.length === 0) problems.push(...checkProducts(statuses, options.products));
  if (!z.iso.datetime({ offset: true }).safeParse(options.now).success)
    problems.push(problem("now", "now is an ISO 8601 date-time with an offset", "/options/now"));
  if (
    options.serialNumber !== undefined &&
    !/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(options.serialNumber)
  )
    problems.push(
      problem("serial-number", "the serial number is a lowercase urn:uuid", "/options/serialNumber"),
    );
  if (options.version !== undefined && (!Number.isInteger(options.version) || options.version < 1))
    problems.push(problem("bom-version", "the BOM version is a positive integer", "/options/version"));
  if (problems.length > 0) return { ok: false, problems };

  const component = (info: VexProductInfo, ref: string, fallbackType: string, children: Json[]): Json => ({
    type: info.type ?? fallbackType,
    "bom-ref": ref,
    ...(info.vendor ? { supplier: { name: info.vendor } } : {}),
    name: info.name,
    ...(info.version ? { version: info.version } : {}),
    ...(info.cpe ? { cpe: info.cpe } : {}),
    ...(info.purl ? { purl: info.purl } : {}),
    ...(children.length ? { components: children } : {}),
  });
  const assets = [...new Set(statuses.map((s) => s.asset))].sort(compare);
  const components = assets.map((asset) => {
    const refs = [
      ...new Set(
        statuses
          .filter((s) => s.asset === asset && s.component !== undefined)
          .map((s) => s.component as string),
      ),
    ].sort(compare);
    const children = refs.map((ref) =>
      component(
        options.products.components?.[asset]?.[ref] as VexProductInfo,
        mamoriProductId(asset, ref, options.products.kind),
        "library",
        [],
      ),
    );
    return component(
      options.products.assets[asset] as VexProductInfo,
      mamoriProductId(asset, undefined, options.products.kind),
      "device",
      children,
    );
  });

  const sayKey = (s: VulnerabilityStatus) =>
    JSON.stringify([
      s.vulnerability,
      s.state,
      s.justification ?? null,
      s.detail ?? null,
      s.action ?? null,
      s.decision ?? null,
      s.updatedAt,
      s.updatedBy ?? null,
    ]);
  const cdxState: Record<VulnerabilityState, CycloneDxState> = {
    affected: "exploitable",
    "not-affected": "not_affected",
    fixed: "resolved",
    "under-investigation": "in_triage",
  };
  const vulnerabilities = [...groupBy(statuses, sayKey)].map(([, group]) => {
    const s = group[0] as VulnerabilityStatus;
    const properties = [
      ...(s.justification ? [{ name: mamoriProperties.justification, value: s.justification }] : []),
      ...(s.decision ? [{ name: mamoriProperties.decision, value: s.decision }] : []),
      ...(s.updatedBy ? [{ name: mamoriProperties.updatedBy, value: s.updatedBy }] : []),
    ];
    return {
      id: s.vulnerability,
      ...(s.action ? { recommendation: s.action } : {}),
      analysis: {
        state: cdxState[s.state],
        ...(s.justification ? { justification: justifications[s.justification].cyclonedx } : {}),
        ...(s.decision ? { response: [responseOf[s.decision]] } : {}),
        ...(s.detail ? { detail: s.detail } : {}),
        lastUpdated: s.updatedAt,
      },
      affects: group
        .map((x) => mamoriProductId(x.asset, x.component, options.products.kind))
        .sort(compare)
        .map((ref) => ({ ref })),
      ...(properties.length ? { properties } : {}),
    };
  });
  return {
    ok: true,
    document: {
      bomFormat: "CycloneDX",
      specVersion: "1.6",
      ...(options.serialNumber ? { serialNumber: options.serialNumber } : {}),
      version: options.version ?? 1,
      metadata: {
        timestamp: options.now,
        tools: { components: [{ type: "application", name: "Mamori" }] },
        ...(options.publisher ? { supplier: { name: options.publisher } } : {}),
      },
      components,
      vulnerabilities,
    },
  };
}

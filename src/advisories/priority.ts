import type { ReasonParam } from "../analysis/reasons.js";
import type { AnalysisReport } from "../analysis/report.js";
import { vulnerabilitiesEn, vulnerabilitiesJa } from "../i18n/vulnerabilities.js";
import type { AdvisoryScore, AdvisoryVulnerabilityDetail } from "./advisory.js";
import type { EpssScore, KevEntry } from "./kev.js";
import type { Confidence, VersionVerdict } from "./match.js";
import type { Justification, VulnerabilityState } from "./vex.js";

/**
 * Prioritisation in the factory's context (issue 6): one score from 0 to 100 per (asset, vulnerability),
 * a band, and the reasons that raised or lowered it, heaviest first. A reachable PLC in a remote-maintenance
 * zone must outrank the same CVE on an unconnected line; a vulnerability people have judged not affected
 * or fixed must rank below every open one. Pure and deterministic.
 *
 * THE WEIGHTING IS MAMORI'S JUDGEMENT, written down to be argued with; no standard prescribes it, and it is
 * not CVSS, not CISA's SSVC and not METI's. 100 points before the match factor, in five parts:
 *
 * - Severity, 30: 3 × the CVSS base score of the matched product (v4 preferred, then v3.x, then v2; the
 *   highest of that version when several). Unknown: 5.0 is assumed and said. Severity is the vendor's
 *   worst case for a generic deployment, so it is under a third of the whole: the plant's context decides.
 * - Exploitation, 25: in CISA KEV 12, with known ransomware use 5 more (ransomware is what stops Japanese
 *   plants), EPSS up to 8 as 8 × √EPSS (most EPSS values are below 0.01; the root spreads the meaningful
 *   range 0.01–0.5 instead of crushing it). Evidence of exploitation elsewhere outweighs severity alone.
 * - Exposure, 22: the entry that exposes the zone most, weighed by kind (ENTRY_WEIGHT, up to 20) and by
 *   hops (HOP_FACTOR), plus 0.5 per further kind of entry up to 2. People on site (insider, physical
 *   access) reach every zone and would tell no zone from another, so they weigh nothing here.
 * - Importance, 15: the asset's derived importance, 15 × rank / levels on the site's scale.
 * - Attack paths, 8: 1 per path of the analysis that ends at the asset or its zone, up to 4, and up to 4
 *   for how easy the easiest is (cost 10 or less: 4; 30 or more: 0). Paths count controls on the way
 *   (MFA, jump hosts) that exposure, being topology only, does not.
 *
 * The sum is multiplied by the match's certainty (MATCH_FACTOR): a name-only match with an unknown version
 * is a lead for a person, not a finding. People's statuses come last and override: "affected" (confirmed)
 * removes the match factor; "not affected" and "fixed", and a version the matcher placed outside the
 * affected range, are excluded: their score is mapped into 0–9 and every open one into 10–100, so an
 * excluded item ranks below every open one whatever its other parts. Bands: critical ≥ 75, high ≥ 55,
 * medium ≥ 35 (open items only; excluded ones are low).
 */

export const SEVERITY = { perCvssPoint: 3, assumedWhenUnknown: 5 } as const;
export const EXPLOITATION = { kev: 12, ransomware: 5, epssMax: 8 } as const;
export const EXPOSURE = { breadthPerKind: 0.5, breadthMax: 2 } as const;
export const IMPORTANCE_MAX = 15;
export const PATHS = { perPath: 1, countMax: 4, easeMax: 4, easyCost: 10, hardCost: 30 } as const;

/**
 * How much an entry kind exposes a zone to an exploit of a known vulnerability, for the easiest hop.
 * Remote network entries count fully (an attacker anywhere can deliver an exploit through them); carried
 * ones (media, brought-in PCs) partly, as someone must carry the exploit in; people on site not at all.
 * Keys are the site model's external kinds (model/vocabulary.ts).
 */
export const ENTRY_WEIGHT: Readonly<Record<string, number>> = {
  internet: 20,
  /** Remote access is how most ransomware reaches Japanese companies (National Police Agency reports). */
  "vendor-remote-maintenance": 19,
  "cloud-service": 15,
  "corporate-it": 14,
  "partner-network": 13,
  "group-plant": 13,
  wireless: 12,
  "supplier-update": 9,
  "maintenance-pc": 8,
  "removable-media": 6,
  insider: 0,
  "physical-access": 0,
};
/** An entry kind not in the table (a newer vocabulary): counted as a carried one. */
const unknownEntryWeight = 8;
/** Entries over which an exploit arrives from outside without anyone carrying it. */
const networkEntries = new Set([
  "internet",
  "vendor-remote-maintenance",
  "cloud-service",
  "corporate-it",
  "partner-network",
  "group-plant",
  "wireless",
  "supplier-update",
]);

/** Each conduit hop between the entry and the zone is another place to be stopped. */
export function hopFactor(hops: number): number {
  if (hops <= 1) return 1;
  if (hops === 2) return 0.75;
  if (hops === 3) return 0.55;
  if (hops === 4) return 0.4;
  return 0.3;
}

/** Certainty of the match, by how it was made. A person's "affected" replaces it with 1. */
export const MATCH_FACTOR = {
  certain: 1,
  identifierVersionUnknown: 0.9,
  nameVersionAffected: 0.85,
  nameVersionUnknown: 0.75,
} as const;

export const BANDS = { critical: 75, high: 55, medium: 35 } as const;
export const bands = ["critical", "high", "medium", "low"] as const;
export type Band = (typeof bands)[number];

// ---------------------------------------------------------------------------------------------------------
// Input

export interface PriorityScore {
  readonly system: AdvisoryScore["system"];
  /** "3.1", "4.0"… as the advisory writes it (may be empty). */
  readonly version: string;
  readonly baseScore: number;
}

/** Where the asset stands in the plant: from the analysis (see `priorityInputsFromReport`). */
export interface PriorityContext {
  /** The asset's derived importance and its rank on the site's scale (1 = lowest of `levels`). */
  readonly importance?: { readonly level: string; readonly rank: number; readonly levels: number };
  /** The asset's zone (for data and software, the first zone it is reached in). */
  readonly zone?: { readonly id: string; readonly type?: string };
  /** Entry kinds that reach the zone, each with the fewest conduit hops. */
  readonly exposure: readonly { readonly kind: string; readonly hops: number }[];
  /** Attack paths of the analysis that end at the asset or its zone, and the cost of the easiest. */
  readonly paths: { readonly count: number; readonly cheapestCost?: number };
}

export interface PriorityCandidate {
  readonly asset: string;
  /** The SBOM component, when the vulnerability is in a part of the asset. */
  readonly component?: string;
  readonly vulnerability: string;
  /** CVSS scores for the matched product (`scoresForProduct`). */
  readonly scores: readonly PriorityScore[];
  readonly kev?: KevEntry;
  readonly epss?: EpssScore;
  /** How the advisory's product was matched to the asset (match.ts); absent when nobody had to match. */
  readonly match?: {
    readonly confidence: Confidence;
    readonly version: VersionVerdict;
    readonly certain: boolean;
  };
  /** What people recorded (vex.ts). */
  readonly status?: { readonly state: VulnerabilityState; readonly justification?: Justification };
  readonly context: PriorityContext;
}

/**
 * A reason: an i18n code (messages under `vulnerabilities.priority.<code>`; render with
 * `translator(lang).reason({ code: priorityMessageKey(code), params })`) and its parameters, named as the
 * analysis names them (`entry`, `kinds`, `importance`, `zoneType` are shown by their labels). Always
 * `points`: what it added (negative: took away) on the 100-point scale before the tiers.
 */
export interface PriorityReason {
  readonly code: string;
  readonly params: Readonly<Record<string, ReasonParam>>;
}

export const priorityMessageKey = (code: string) => `vulnerabilities.priority.${code}`;

const label = <K extends string>(
  ja: Readonly<Record<K, string>>,
  en: Readonly<Record<K, string>>,
  key: K,
) => ({
  ja: ja[key],
  en: en[key],
});

export interface Priority {
  readonly score: number;
  readonly band: Band;
  readonly excluded: boolean;
  readonly reasons: readonly PriorityReason[];
}

/** The CVSS scores an advisory gives for one of its products. */
export function scoresForProduct(
  vulnerability: AdvisoryVulnerabilityDetail,
  productId: string,
): AdvisoryScore[] {
  return vulnerability.scores.filter((s) => s.products.includes(productId));
}

// ---------------------------------------------------------------------------------------------------------
// Scoring

const round1 = (n: number) => Math.round(n * 10) / 10;
const systemRank: Record<PriorityScore["system"], number> = { cvss_v4: 3, cvss_v3: 2, cvss_v2: 1 };

/** The preferred CVSS score: the newest version present, the highest base score within it. */
export function preferredCvss(scores: readonly PriorityScore[]): PriorityScore | undefined {
  let best: PriorityScore | undefined;
  for (const s of scores) {
    if (!Number.isFinite(s.baseScore) || s.baseScore < 0 || s.baseScore > 10) continue;
    if (
      !best ||
      systemRank[s.system] > systemRank[best.system] ||
      (s.system === best.system && s.baseScore > best.baseScore)
    )
      best = s;
  }
  return best;
}

const epssShown = (epss: number) => Number(epss.toPrecision(2));

export function prioritise(candidate: PriorityCandidate): Priority {
  const parts: { code: string; params: Record<string, ReasonParam>; points: number }[] = [];
  const add = (code: string, points: number, params: Record<string, ReasonParam> = {}) =>
    parts.push({ code, params, points });

  // Severity
  const cvss = preferredCvss(candidate.scores);
  if (cvss) {
    const version = cvss.version || { cvss_v4: "4", cvss_v3: "3", cvss_v2: "2" }[cvss.system];
    add("cvss", cvss.baseScore * SEVERITY.perCvssPoint, { score: cvss.baseScore, version });
  } else
    add("cvss-unknown", SEVERITY.assumedWhenUnknown * SEVERITY.perCvssPoint, {
      assumed: SEVERITY.assumedWhenUnknown,
    });

  // Exploitation
  if (candidate.kev) {
    const ransomware = candidate.kev.knownRansomwareCampaignUse;
    add(
      ransomware ? "kev-ransomware" : "kev",
      EXPLOITATION.kev + (ransomware ? EXPLOITATION.ransomware : 0),
      { dateAdded: candidate.kev.dateAdded },
    );
  }
  if (candidate.epss && Number.isFinite(candidate.epss.epss)) {
    const epss = Math.min(1, Math.max(0, candidate.epss.epss));
    add("epss", EXPLOITATION.epssMax * Math.sqrt(epss), {
      epss: epssShown(epss),
      percentile: Math.round(Math.min(1, Math.max(0, candidate.epss.percentile)) * 100),
    });
  }

  // Exposure
  const { context } = candidate;
  const weighed = context.exposure
    .map((e) => ({ ...e, points: (ENTRY_WEIGHT[e.kind] ?? unknownEntryWeight) * hopFactor(e.hops) }))
    .filter((e) => e.points > 0)
    .sort(
      (a, b) => b.points - a.points || a.hops - b.hops || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0),
    );
  const top = weighed[0];
  if (top) {
    add("exposure", top.points, { entry: top.kind, hops: top.hops });
    const others = weighed.slice(1).map((e) => e.kind);
    if (others.length)
      add("exposure-breadth", Math.min(EXPOSURE.breadthMax, EXPOSURE.breadthPerKind * others.length), {
        kinds: others,
        count: others.length,
      });
  }
  const network = weighed.some((e) => networkEntries.has(e.kind));
  if (!network)
    add(
      context.zone?.type === "unconnected-line" ? "no-exposure-unconnected-line" : "no-network-exposure",
      0,
      {
        ...(context.zone?.type ? { zoneType: context.zone.type } : {}),
      },
    );

  // Importance
  const importance = context.importance;
  if (importance && importance.levels > 0 && importance.rank >= 1)
    add("importance", (IMPORTANCE_MAX * Math.min(importance.rank, importance.levels)) / importance.levels, {
      importance: importance.level,
    });
  else add("importance-unknown", IMPORTANCE_MAX / 2);

  // Attack paths
  if (context.paths.count > 0) {
    const cost = context.paths.cheapestCost;
    const ease =
      cost === undefined
        ? 0
        : PATHS.easeMax *
          Math.min(1, Math.max(0, (PATHS.hardCost - cost) / (PATHS.hardCost - PATHS.easyCost)));
    const points = Math.min(PATHS.countMax, PATHS.perPath * context.paths.count) + ease;
    add(cost === undefined ? "paths-count" : "paths", points, {
      count: context.paths.count,
      ...(cost !== undefined ? { cost } : {}),
    });
  } else add("no-paths", 0);

  const raw = parts.reduce((sum, p) => sum + p.points, 0);

  // Certainty of the match, unless a person confirmed it.
  const state = candidate.status?.state;
  let factor = 1;
  if (state === "affected") add("status-affected", 0);
  else if (candidate.match && !candidate.match.certain) {
    const { confidence, version } = candidate.match;
    const byName = confidence === "name-heuristic";
    factor = byName
      ? version === "unknown"
        ? MATCH_FACTOR.nameVersionUnknown
        : MATCH_FACTOR.nameVersionAffected
      : version === "unknown"
        ? MATCH_FACTOR.identifierVersionUnknown
        : MATCH_FACTOR.certain;
    if (factor < 1)
      add("match-uncertain", raw * (factor - 1), {
        confidence: label(vulnerabilitiesJa.matchConfidence, vulnerabilitiesEn.matchConfidence, confidence),
        version: label(vulnerabilitiesJa.versionVerdict, vulnerabilitiesEn.versionVerdict, version),
        factor,
      });
  }
  if (state === "under-investigation") add("status-under-investigation", 0);

  // People's statuses, and a version outside the range, take the item out of the open list.
  const tier: PriorityReason[] = [];
  const justification = candidate.status?.justification;
  if (state === "not-affected")
    tier.push(
      justification
        ? {
            code: "status-not-affected-justified",
            params: {
              justification: label(
                vulnerabilitiesJa.justification,
                vulnerabilitiesEn.justification,
                justification,
              ),
            },
          }
        : { code: "status-not-affected", params: {} },
    );
  else if (state === "fixed") tier.push({ code: "status-fixed", params: {} });
  else if (state === undefined && candidate.match?.version === "other-version")
    tier.push({ code: "version-not-affected", params: {} });
  const excluded = tier.length > 0;
  const total = Math.max(0, Math.min(100, raw * factor));
  const score = round1(excluded ? total * 0.09 : 10 + total * 0.9);
  const band: Band = excluded
    ? "low"
    : score >= BANDS.critical
      ? "critical"
      : score >= BANDS.high
        ? "high"
        : score >= BANDS.medium
          ? "medium"
          : "low";
  const ordered = parts
    .map((p) => ({
      code: p.code,
      params: { ...p.params, points: round1(p.points) },
      weight: Math.abs(p.points),
    }))
    .sort((a, b) => b.weight - a.weight || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map(({ code, params }) => ({ code, params }));
  return {
    score,
    band,
    excluded,
    reasons: [...tier.map((t) => ({ code: t.code, params: { ...t.params, points: 0 } })), ...ordered],
  };
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Candidates ranked highest first. Ties are broken by the vulnerability, then the asset, then the
 * component (code-unit order), so the same input always gives the same order.
 */
export function rankVulnerabilities(
  list: readonly PriorityCandidate[],
): { readonly candidate: PriorityCandidate; readonly priority: Priority }[] {
  return list
    .map((candidate) => ({ candidate, priority: prioritise(candidate) }))
    .sort(
      (a, b) =>
        b.priority.score - a.priority.score ||
        compareText(a.candidate.vulnerability, b.candidate.vulnerability) ||
        compareText(a.candidate.asset, b.candidate.asset) ||
        compareText(a.candidate.component ?? "", b.candidate.component ?? ""),
    );
}

// ---------------------------------------------------------------------------------------------------------
// From the analysis report

interface ReportIndex {
  readonly contexts: Map<string, PriorityContext>;
}
const indexes = new WeakMap<AnalysisReport, ReportIndex>();

/**
 * Every asset's context from one analysis report, built once per report. The report carries each zone's
 * exposure as the entries of its threats (kind and hops) and as its attack paths (entry kind and hops);
 * both are merged, fewest hops per kind. Paths are the report's k easiest per important target, so the
 * count is "how many of the easiest paths end here", not every path there is. The index is kept per report
 * object, as reports are never changed once made.
 */
export function priorityContexts(report: AnalysisReport): ReadonlyMap<string, PriorityContext> {
  const cached = indexes.get(report);
  if (cached) return cached.contexts;
  const scale = [...(report.scales.importance ?? [])].sort((a, b) => a.value - b.value);
  const zoneType = new Map(report.zones.map((z) => [z.id, z.type]));
  const exposureOf = new Map<string, Map<string, number>>();
  const note = (zone: string, kind: string, hops: number) => {
    let kinds = exposureOf.get(zone);
    if (!kinds) {
      kinds = new Map();
      exposureOf.set(zone, kinds);
    }
    kinds.set(kind, Math.min(kinds.get(kind) ?? Number.POSITIVE_INFINITY, hops));
  };
  for (const threat of report.threats) for (const e of threat.entries) note(threat.zone, e.kind, e.hops);
  const pathsToZone = new Map<string, { count: number; cheapest: number }>();
  const pathsToTarget = new Map<
    string,
    { count: number; cheapest: number; zones: Set<string>; ids: Set<string> }
  >();
  const pathZone = new Map<string, string>();
  for (const path of report.attackPaths) {
    note(path.targetZone, path.entryKind, path.hops.length);
    pathZone.set(path.id, path.targetZone);
    const z = pathsToZone.get(path.targetZone) ?? { count: 0, cheapest: Number.POSITIVE_INFINITY };
    z.count += 1;
    z.cheapest = Math.min(z.cheapest, path.score);
    pathsToZone.set(path.targetZone, z);
    const t = pathsToTarget.get(path.target) ?? {
      count: 0,
      cheapest: Number.POSITIVE_INFINITY,
      zones: new Set<string>(),
      ids: new Set<string>(),
    };
    t.count += 1;
    t.cheapest = Math.min(t.cheapest, path.score);
    t.zones.add(path.targetZone);
    t.ids.add(path.id);
    pathsToTarget.set(path.target, t);
  }
  const contexts = new Map<string, PriorityContext>();
  for (const asset of report.assets) {
    const own = pathsToTarget.get(asset.id);
    // Data and software sit in no zone: they are reached where their hosts are, as the paths say.
    const zones = asset.zone ? [asset.zone] : [...(own?.zones ?? [])].sort(compareText);
    const kinds = new Map<string, number>();
    for (const zone of zones)
      for (const [kind, hops] of exposureOf.get(zone) ?? [])
        kinds.set(kind, Math.min(kinds.get(kind) ?? hops, hops));
    // Paths that end at the asset or in its zones, each counted once.
    let count = 0;
    let cheapest = Number.POSITIVE_INFINITY;
    for (const zone of zones) {
      const z = pathsToZone.get(zone);
      if (!z) continue;
      count += z.count;
      cheapest = Math.min(cheapest, z.cheapest);
    }
    if (own) {
      for (const id of own.ids) if (!zones.includes(pathZone.get(id) ?? "")) count += 1;
      cheapest = Math.min(cheapest, own.cheapest);
    }
    const rank = scale.findIndex((l) => l.key === asset.importance);
    const zone = zones[0];
    contexts.set(asset.id, {
      ...(rank >= 0 ? { importance: { level: asset.importance, rank: rank + 1, levels: scale.length } } : {}),
      ...(zone
        ? { zone: { id: zone, ...(zoneType.get(zone) ? { type: zoneType.get(zone) as string } : {}) } }
        : {}),
      exposure: [...kinds]
        .map(([kind, hops]) => ({ kind, hops }))
        .sort((a, b) => a.hops - b.hops || compareText(a.kind, b.kind)),
      paths: { count, ...(count > 0 && Number.isFinite(cheapest) ? { cheapestCost: cheapest } : {}) },
    });
  }
  indexes.set(report, { contexts });
  return contexts;
}

/** One asset's context from the analysis report; undefined for an asset the report does not know. */
export function priorityInputsFromReport(
  report: AnalysisReport,
  assetId: string,
): PriorityContext | undefined {
  return priorityContexts(report).get(assetId);
}

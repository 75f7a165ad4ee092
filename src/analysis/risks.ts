import type { Treatment } from "../model/site.js";
import type { ImportanceResult } from "./importance.js";
import { type Reason, reason, type Subject } from "./reasons.js";
import type { RequiredCountermeasure, ZoneRequirement } from "./requirements.js";
import type { SiteIndex } from "./site-index.js";
import type { ZoneThreat } from "./threats.js";

/**
 * The risk register: one risk per threat that applies to a zone, rated likelihood × impact on the site's
 * scales, before any countermeasure (inherent), with the implemented ones (residual) and with the
 * planned ones too (planned). The ratings are Mamori's judgement, written down here so they can be
 * argued with:
 *
 * - Impact follows the zone's importance, one step higher when the threat can hurt people and the zone
 *   carries safety (a safety zone, or an operation whose importance is argued from safety).
 * - Likelihood follows how directly the threat's entry routes reach the zone: straight in over one
 *   conduit "likely" (4 of 5), two conduits "possible" (3), further or only through insiders and the
 *   premises "unlikely" (2). Each implemented countermeasure against the threat in the zone lowers it
 *   one step, at most two, never below the lowest level.
 * - The level is the share of the largest possible product: ≥ 64 % critical, ≥ 40 % high, ≥ 20 % medium.
 */

export const riskLevels = ["low", "medium", "high", "critical"] as const;
export type RiskLevel = (typeof riskLevels)[number];

export interface Rating {
  likelihood: string;
  impact: string;
  level: RiskLevel;
  /** likelihood rank × impact rank: the position on the heat map. */
  score: number;
  reasons: Reason[];
}

export type TreatmentState = "untreated" | "current" | "review" | "unapproved";

export interface Risk {
  /** `risk:<threat>@<zone>`: stable across edits, so treatments stay attached. */
  id: string;
  threat: string;
  subject: Subject;
  operations: readonly string[];
  existingControls: readonly string[];
  plannedControls: readonly string[];
  inherent: Rating;
  residual: Rating;
  planned: Rating;
  treatment?: Treatment;
  treatmentState: TreatmentState;
  reasons: Reason[];
}

const fivePoint = 5;
const none: readonly RequiredCountermeasure[] = Object.freeze([]);
const noIds: readonly string[] = Object.freeze([]);

function levelOf(likelihood: number, impact: number, maxLikelihood: number, maxImpact: number): RiskLevel {
  const share = (likelihood * impact) / (maxLikelihood * maxImpact);
  if (share >= 0.64) return "critical";
  if (share >= 0.4) return "high";
  if (share >= 0.2) return "medium";
  return "low";
}

export function riskRank(level: RiskLevel): number {
  return riskLevels.indexOf(level);
}

/**
 * Highest residual first. Ties keep the order they are listed in (Array.prototype.sort is stable): zone by
 * zone in the document's order and, within a zone, the catalogue's, so no string comparison is needed.
 */
export function byResidual(a: Risk, b: Risk): number {
  return riskRank(b.residual.level) - riskRank(a.residual.level) || b.residual.score - a.residual.score;
}

export function buildRiskRegister(
  index: SiteIndex,
  importance: ImportanceResult,
  zoneThreats: ZoneThreat[],
  requirements: ZoneRequirement[],
): { risks: Risk[]; orphanedTreatments: Treatment[] } {
  const rated = rateRisks(index, importance, zoneThreats, requirements);
  rated.risks.sort(byResidual);
  return rated;
}

/** The risks in the order of the zone threats (the analyzer sorts once, after merging zones). */
export function rateRisks(
  index: SiteIndex,
  importance: ImportanceResult,
  zoneThreats: ZoneThreat[],
  requirements: ZoneRequirement[],
): { risks: Risk[]; orphanedTreatments: Treatment[] } {
  const likelihoodLevels = index.scales.likelihood.map((l) => l.value);
  const impactLevels = index.scales.impact.map((l) => l.value);
  const maxLikelihood = Math.max(...likelihoodLevels);
  const minLikelihood = Math.min(...likelihoodLevels);
  const maxImpact = Math.max(...impactLevels);
  const maxImportance = Math.max(...index.scales.importance.map((l) => l.value));
  const toScale = (value: number, of: number, max: number) =>
    Math.max(1, Math.min(max, Math.round((value / of) * max)));

  const requirementOf = new Map(requirements.map((r) => [r.zone, r]));
  const treatments = new Map((index.site.treatments ?? []).map((t) => [t.risk, t]));
  const used = new Set<string>();
  /**
   * What the risks of one zone share. Impact is the same for every threat of a zone unless safety raises
   * it; the rating before countermeasures depends only on that and on the easiest entry kind (its hops are
   * the zone's), so the risks of a zone share a handful of rating objects instead of one each.
   */
  interface ZoneShared {
    subject: Subject;
    requirement: ZoneRequirement | undefined;
    rank: number;
    reasons: Reason[];
    safety: Reason[] | undefined;
    /** entry kind ("" for none) → the rating without countermeasures; [0] plain impact, [1] raised */
    ratings: [Map<string, Rating>, Map<string, Rating>];
  }
  const sharedOfZone = new Map<string, ZoneShared>();
  // A zone's threats come one after another: most look-ups are for the zone just seen.
  let last: ZoneShared | undefined;
  const zoneShared = (zt: ZoneThreat): ZoneShared => {
    if (last?.subject.id === zt.zone) return last;
    let shared = sharedOfZone.get(zt.zone);
    if (!shared) {
      const zone = index.zones.get(zt.zone);
      const rank = toScale(importance.rankOfZone(zt.zone), maxImportance, maxImpact);
      const why = reason("impact-from-importance", {
        zone: zt.zone,
        importance: importance.zones.get(zt.zone)?.value ?? "",
      });
      const safety =
        zone?.type === "safety" ||
        zt.operations.some((op) => index.operations.get(op)?.reasons.some((r) => r.aspect === "safety"));
      shared = {
        subject: { kind: "zone", id: zt.zone },
        requirement: requirementOf.get(zt.zone),
        rank,
        reasons: [why],
        safety: safety && rank < maxImpact ? [why, reason("impact-safety", { zone: zt.zone })] : undefined,
        ratings: [new Map(), new Map()],
      };
      sharedOfZone.set(zt.zone, shared);
    }
    last = shared;
    return shared;
  };
  const rate = (
    baseRank: number,
    impactRank: number,
    likelihoodReason: Reason,
    impactReasons: Reason[],
    mitigations: readonly RequiredCountermeasure[],
  ): Rating => {
    const rank = Math.max(minLikelihood, baseRank - Math.min(2, mitigations.length));
    return {
      likelihood: index.levelAt("likelihood", rank),
      impact: index.levelAt("impact", impactRank),
      level: levelOf(rank, impactRank, maxLikelihood, maxImpact),
      score: rank * impactRank,
      reasons:
        mitigations.length > 0
          ? [
              likelihoodReason,
              reason("likelihood-mitigated", { countermeasures: mitigations.map((m) => m.countermeasure) }),
            ].concat(impactReasons)
          : [likelihoodReason].concat(impactReasons),
    };
  };
  const risks = zoneThreats.map((zt): Risk => {
    const zoneImpact = zoneShared(zt);
    const against = zoneImpact.requirement?.mitigationsOf.get(zt) ?? none;
    // Most risks have no countermeasure in place or planned: count first, and share the empty lists.
    let implementedCount = 0;
    let plannedCount = 0;
    for (const m of against) {
      if (m.status === "implemented") implementedCount += 1;
      else if (m.status === "planned") plannedCount += 1;
    }
    const implemented = implementedCount === 0 ? none : against.filter((m) => m.status === "implemented");
    const plannedToo = plannedCount === 0 ? implemented : against.filter((m) => m.status !== "missing");

    const raised = zt.impacts.includes("safety") && zoneImpact.safety !== undefined;
    const impactRank = raised ? zoneImpact.rank + 1 : zoneImpact.rank;
    const impactReasons = raised ? (zoneImpact.safety as Reason[]) : zoneImpact.reasons;

    // Likelihood
    const easiest = zt.entries[0];
    const base = !easiest || easiest.hops === 0 || easiest.hops >= 3 ? 2 : easiest.hops === 1 ? 4 : 3;
    const baseRank = Math.max(minLikelihood, toScale(base, fivePoint, maxLikelihood));
    const ratings = zoneImpact.ratings[raised ? 1 : 0];
    let inherent = ratings.get(easiest?.kind ?? "");
    let likelihoodReason = inherent?.reasons[0];
    if (!inherent || !likelihoodReason) {
      likelihoodReason =
        easiest && easiest.hops > 0
          ? reason("likelihood-entry", { entry: easiest.kind, hops: easiest.hops })
          : reason("likelihood-implicit", { entry: easiest?.kind ?? "insider" });
      inherent = rate(baseRank, impactRank, likelihoodReason, impactReasons, none);
      ratings.set(easiest?.kind ?? "", inherent);
    }
    // Most risks have no countermeasure yet: then the three ratings are one and the same object.
    const residual =
      implemented.length > 0
        ? rate(baseRank, impactRank, likelihoodReason, impactReasons, implemented)
        : inherent;
    const planned =
      plannedToo.length === implemented.length
        ? residual
        : rate(baseRank, impactRank, likelihoodReason, impactReasons, plannedToo);

    const id = `risk:${zt.threat}@${zt.zone}`;
    // Most plants have few treatments: looking the new id up would hash it for nothing.
    const treatment = treatments.size === 0 ? undefined : treatments.get(id);
    let treatmentState: TreatmentState = "untreated";
    if (treatment) {
      used.add(id);
      const changed =
        treatment.basis !== undefined &&
        (treatment.basis.likelihood !== residual.likelihood || treatment.basis.impact !== residual.impact);
      const needsApproval =
        (treatment.decision === "accept" || treatment.decision === "transfer") && !treatment.approvedBy;
      treatmentState = changed ? "review" : needsApproval ? "unapproved" : "current";
    }
    return {
      id,
      threat: zt.threat,
      subject: zoneImpact.subject,
      operations: zt.operations,
      existingControls: implemented.length === 0 ? noIds : implemented.flatMap((m) => m.by),
      plannedControls:
        plannedToo.length === implemented.length
          ? noIds
          : plannedToo.filter((m) => m.status === "planned").flatMap((m) => m.by),
      inherent,
      residual,
      planned,
      ...(treatment ? { treatment } : {}),
      treatmentState,
      reasons: zt.reasons,
    };
  });
  const orphanedTreatments = (index.site.treatments ?? []).filter((t) => !used.has(t.risk));
  return { risks, orphanedTreatments };
}

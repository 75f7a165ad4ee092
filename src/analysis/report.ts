import { z } from "zod";
import type { Catalogues } from "../catalogues/load.js";
import { type Language, translator } from "../i18n/index.js";
import { textIn } from "../model/common.js";
import { riskTreatments } from "../model/vocabulary.js";
import type { Analysis } from "./analyze.js";
import type { PathHop } from "./paths.js";
import type { Reason, ReasonParams } from "./reasons.js";
import { riskLevels } from "./risks.js";
import type { ZoneThreat } from "./threats.js";

/**
 * The analysis as a JSON document: the contract for CI gates, the server and the web UI. Its shape is
 * this zod schema (versioned; published as schema/analysis.schema.json beside the model schemas), and
 * every explanation comes both as structured reasons and as a sentence in the requested language.
 */

/** 2: a path's hops no longer carry their reasons; `crossings` states each crossing's reasons once. */
export const analysisSchemaVersion = 2;

interface ReasonOut {
  code: string;
  params: ReasonParams;
  text: string;
  because?: ReasonOut[];
}
const ReasonOut: z.ZodType<ReasonOut> = z.lazy(() =>
  z.object({
    code: z.string(),
    params: z.record(
      z.string(),
      z.union([z.string(), z.number(), z.array(z.string()), z.object({ ja: z.string(), en: z.string() })]),
    ),
    text: z.string(),
    because: z.array(ReasonOut).optional(),
  }),
);
const Why = z.array(ReasonOut);
const Status = z.enum(["implemented", "planned", "missing"]);
const Level = z.enum(riskLevels);
const Rating = z.object({
  likelihood: z.string(),
  impact: z.string(),
  level: Level,
  score: z.number(),
  why: Why,
});
const SubjectOut = z.object({
  kind: z.enum(["site", "zone", "asset", "conduit", "external", "operation", "path", "countermeasure"]),
  id: z.string(),
});

export const AnalysisReport = z
  .object({
    analysisSchemaVersion: z.literal(analysisSchemaVersion),
    language: z.enum(["ja", "en"]),
    site: z.object({ id: z.string(), name: z.string() }),
    /** The site's scales, so that level keys below can be shown by their labels. */
    scales: z.record(
      z.string(),
      z.array(z.object({ key: z.string(), value: z.number(), label: z.string() })),
    ),
    zones: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        type: z.string(),
        importance: z.string(),
        importanceWhy: Why,
        recommendedLevel: z.string(),
        recommendedLevelWhy: Why,
        targetLevel: z.string(),
        targetLevelWhy: Why,
        policy: z.object({ source: z.enum(["site", "draft"]), ja: z.string(), en: z.string() }),
        requiredCountermeasures: z.array(
          z.object({ id: z.string(), area: z.string(), status: Status, by: z.array(z.string()), why: Why }),
        ),
        gaps: z.array(z.object({ id: z.string(), area: z.string(), status: Status })),
        coverage: z.object({
          implemented: z.number(),
          planned: z.number(),
          missing: z.number(),
          ratio: z.number(),
          byArea: z.record(z.string(), z.object({ implemented: z.number(), required: z.number() })),
        }),
      }),
    ),
    assets: z.array(
      z.object({ id: z.string(), zone: z.string().nullable(), importance: z.string(), why: Why }),
    ),
    threats: z.array(
      z.object({
        id: z.string(),
        threat: z.string(),
        name: z.string(),
        zone: z.string(),
        impacts: z.array(z.string()),
        operations: z.array(z.string()),
        entries: z.array(z.object({ kind: z.string(), hops: z.number() })),
        mitigations: z.array(z.object({ countermeasure: z.string(), required: z.boolean(), status: Status })),
        why: Why,
      }),
    ),
    risks: z.array(
      z.object({
        id: z.string(),
        threat: z.string(),
        subject: SubjectOut,
        likelihood: z.string(),
        impact: z.string(),
        level: Level,
        inherent: Rating,
        residual: Rating,
        planned: Rating,
        existingControls: z.array(z.string()),
        plannedControls: z.array(z.string()),
        treatment: z
          .object({
            decision: z.enum(Object.keys(riskTreatments) as [keyof typeof riskTreatments]),
            state: z.enum(["current", "review", "unapproved"]),
            owner: z.string().nullable(),
            reason: z.string(),
            decidedOn: z.string(),
            approvedBy: z.string().nullable(),
          })
          .nullable(),
        why: Why,
      }),
    ),
    findings: z.array(
      z.object({
        id: z.string(),
        rule: z.string(),
        severity: Level,
        subject: SubjectOut,
        title: z.string(),
        message: z.string(),
        fix: z.string(),
        why: Why,
      }),
    ),
    attackPaths: z.array(
      z.object({
        id: z.string(),
        entry: z.string(),
        entryKind: z.string(),
        target: z.string(),
        targetZone: z.string(),
        /** Why each hop costs what it does is its crossing's `why` (same conduit, from and to). */
        hops: z.array(z.object({ conduit: z.string(), from: z.string(), to: z.string(), cost: z.number() })),
        score: z.number(),
        why: Why,
      }),
    ),
    /**
     * Every way an attacker can cross a conduit, with what it costs and why: the hops of the paths above
     * refer to these by conduit, from and to (a hop's cost depends on nothing else), so the reasons of a
     * conduit crossed by hundreds of paths are stated once.
     */
    crossings: z.array(
      z.object({ conduit: z.string(), from: z.string(), to: z.string(), cost: z.number(), why: Why }),
    ),
    /** Per target zone: the fewest conduit changes that cut every path from every entry. */
    cuts: z.array(
      z.object({
        zones: z.array(z.string()),
        targets: z.number(),
        conduits: z.array(
          z.object({
            conduit: z.string(),
            pathsCut: z.number(),
            knownCost: z.number().nullable(),
            suggestion: z.string(),
          }),
        ),
        cost: z.number(),
      }),
    ),
    /** The few conduit changes that would cut the most easy paths, site-wide. */
    recommendedChanges: z.array(
      z.object({
        conduit: z.string(),
        paths: z.number(),
        targets: z.number(),
        easiest: z.number(),
        cuts: z.number(),
        knownCost: z.number().nullable(),
        suggestion: z.string(),
      }),
    ),
    smartFactoryTable: z.array(
      z.object({
        row: z.number(),
        id: z.string(),
        threatKind: z.string(),
        threat: z.string(),
        areas: z.array(z.string()),
        catalogueThreats: z.array(z.string()),
        zoneThreats: z.number(),
        mitigations: z.object({ implemented: z.number(), planned: z.number(), missing: z.number() }),
      }),
    ),
    orphanedTreatments: z.array(z.string()),
  })
  .describe("Mamori analysis of a site (Steps 1-7 to 2-2): zones, threats, coverage, risks");
export type AnalysisReport = z.infer<typeof AnalysisReport>;

/** The report's lists: its array-valued top-level fields, which the API sends on request and by pages. */
export type AnalysisReportList = {
  [K in keyof AnalysisReport]: AnalysisReport[K] extends readonly unknown[] ? K : never;
}[keyof AnalysisReport];

/** The names of the report's lists, in the report's order, read from the schema above. */
export const analysisReportLists = Object.entries(AnalysisReport.shape)
  .filter(([, schema]) => schema instanceof z.ZodArray)
  .map(([name]) => name) as [AnalysisReportList, ...AnalysisReportList[]];

const recommendedChanges = 10;

/** Targets in the same zones share one cut: report each distinct cut once, with how many targets it guards. */
function cutsByZones(analysis: Analysis, render: (r: Reason) => string): AnalysisReport["cuts"] {
  const byKey = new Map<string, AnalysisReport["cuts"][number]>();
  for (const cut of analysis.paths.cutsByTarget.values()) {
    const key = `${cut.zones.join(",")}|${cut.conduits.join(",")}`;
    const existing = byKey.get(key);
    if (existing) {
      existing.targets += 1;
      continue;
    }
    byKey.set(key, {
      zones: cut.zones,
      targets: 1,
      conduits: cut.perConduit.map((c) => ({
        conduit: c.conduit,
        pathsCut: c.pathsCut,
        knownCost: c.knownCost ?? null,
        suggestion: render(c.suggestion),
      })),
      cost: cut.cost,
    });
  }
  return [...byKey.values()];
}

/** A hop as a path lists it; a crossing adds its reasons. */
const hopOut = (h: PathHop) => ({ conduit: h.conduit, from: h.from, to: h.to, cost: h.cost });

export function analysisReport(analysis: Analysis, catalogues: Catalogues, lang: Language): AnalysisReport {
  const i18n = translator(lang);
  // The analysis shares reason objects widely (one per operation, zone impact…): render each once.
  const rendered = new Map<Reason, ReasonOut>();
  const one = (r: Reason): ReasonOut => {
    let out = rendered.get(r);
    if (!out) {
      out = {
        code: r.code,
        params: r.params,
        text: i18n.reason(r, analysis.index.scales),
        ...(r.because ? { because: why(r.because) } : {}),
      };
      rendered.set(r, out);
    }
    return out;
  };
  const why = (reasons: readonly Reason[]): ReasonOut[] => reasons.map(one);
  const { index } = analysis;
  const threatName = new Map(catalogues.threats.map((t) => [t.id, t.name[lang]]));
  const policyOf = new Map(analysis.policies.map((p) => [p.zone, p]));
  const requirementOf = new Map(analysis.requirements.map((r) => [r.zone, r]));
  const mitigationsOf = (zt: ZoneThreat) => requirementOf.get(zt.zone)?.mitigationsOf.get(zt) ?? [];

  const rowStats = catalogues.smartFactoryThreats.map((row) => {
    const catalogueThreats = catalogues.threats
      .filter((t) => t.smartFactoryRows?.includes(row.id))
      .map((t) => t.id);
    const zoneThreats = analysis.zoneThreats.filter((zt) => catalogueThreats.includes(zt.threat));
    const counts = { implemented: 0, planned: 0, missing: 0 };
    for (const zt of zoneThreats) for (const m of mitigationsOf(zt)) if (m.required) counts[m.status] += 1;
    return {
      row: row.row,
      id: row.id,
      threatKind: i18n.label("threatKinds", row.threatKind),
      threat: row.threat[lang],
      areas: row.areas,
      catalogueThreats,
      zoneThreats: zoneThreats.length,
      mitigations: counts,
    };
  });

  return {
    analysisSchemaVersion,
    language: lang,
    site: { id: index.site.id, name: textIn(index.site.name, lang) },
    scales: Object.fromEntries(
      Object.entries(index.scales).map(([name, levels]) => [
        name,
        levels.map((l) => ({ key: l.key, value: l.value, label: l.label[lang] })),
      ]),
    ),
    zones: analysis.requirements.map((r) => {
      const zone = index.zones.get(r.zone);
      const policy = policyOf.get(r.zone);
      const required = r.mitigations.filter((m) => m.required);
      return {
        id: r.zone,
        name: textIn(zone?.name, lang),
        type: zone?.type ?? "",
        importance: r.importance.value,
        importanceWhy: why(r.importance.reasons),
        recommendedLevel: r.recommendedLevel.value,
        recommendedLevelWhy: why(r.recommendedLevel.reasons),
        targetLevel: r.targetLevel.value,
        targetLevelWhy: why(r.targetLevel.reasons),
        policy: { source: policy?.source ?? "draft", ja: policy?.text.ja ?? "", en: policy?.text.en ?? "" },
        requiredCountermeasures: required.map((m) => ({
          id: m.countermeasure,
          area: m.area,
          status: m.status,
          by: [...m.by],
          why: why(m.reasons),
        })),
        gaps: required
          .filter((m) => m.status !== "implemented")
          .map((m) => ({ id: m.countermeasure, area: m.area, status: m.status })),
        coverage: { ...r.coverage, byArea: r.coverageByArea },
      };
    }),
    assets: [...index.assets.values()].map((asset) => {
      const derived = analysis.importance.assets.get(asset.id);
      return {
        id: asset.id,
        zone: index.zoneOfAsset.get(asset.id) ?? null,
        importance: derived?.value ?? "",
        why: why(derived?.reasons ?? []),
      };
    }),
    threats: analysis.zoneThreats.map((zt) => ({
      id: zt.id,
      threat: zt.threat,
      name: threatName.get(zt.threat) ?? zt.threat,
      zone: zt.zone,
      impacts: zt.impacts,
      operations: [...zt.operations],
      entries: zt.entries,
      mitigations: mitigationsOf(zt).map((m) => ({
        countermeasure: m.countermeasure,
        required: m.required,
        status: m.status,
      })),
      why: why(zt.reasons),
    })),
    risks: analysis.risks.map((risk) => {
      const rating = (r: typeof risk.residual) => ({
        likelihood: r.likelihood,
        impact: r.impact,
        level: r.level,
        score: r.score,
        why: why(r.reasons),
      });
      return {
        id: risk.id,
        threat: risk.threat,
        subject: risk.subject,
        likelihood: risk.residual.likelihood,
        impact: risk.residual.impact,
        level: risk.residual.level,
        inherent: rating(risk.inherent),
        residual: rating(risk.residual),
        planned: rating(risk.planned),
        existingControls: [...risk.existingControls],
        plannedControls: [...risk.plannedControls],
        treatment:
          risk.treatment && risk.treatmentState !== "untreated"
            ? {
                decision: risk.treatment.decision,
                state: risk.treatmentState,
                owner: risk.treatment.owner ?? null,
                reason: textIn(risk.treatment.reason, lang),
                decidedOn: risk.treatment.decidedOn,
                approvedBy: risk.treatment.approvedBy ? textIn(risk.treatment.approvedBy, lang) : null,
              }
            : null,
        why: why(risk.reasons),
      };
    }),
    findings: analysis.findings.map((f) => ({
      id: f.id,
      rule: f.rule,
      severity: f.severity,
      subject: f.subject,
      title: i18n.t(`finding.${f.rule}.title`),
      message: i18n.reason(f.message, index.scales),
      fix: i18n.reason(f.fix, index.scales),
      why: why(f.because),
    })),
    attackPaths: analysis.paths.paths.map((p) => ({
      id: p.id,
      entry: p.entry,
      entryKind: p.entryKind,
      target: p.target,
      targetZone: p.targetZone,
      hops: p.hops.map(hopOut),
      score: p.score,
      why: why(p.reasons),
    })),
    crossings: analysis.paths.crossings.map((h) => ({ ...hopOut(h), why: why(h.reasons) })),
    cuts: cutsByZones(analysis, (r) => i18n.reason(r, index.scales)),
    recommendedChanges: analysis.paths.conduitRanking.slice(0, recommendedChanges).map((r) => ({
      conduit: r.conduit,
      paths: r.paths,
      targets: r.targets,
      easiest: r.easiest,
      cuts: r.cuts,
      knownCost: r.knownCost ?? null,
      suggestion: i18n.reason(r.suggestion, index.scales),
    })),
    smartFactoryTable: rowStats,
    orphanedTreatments: analysis.orphanedTreatments.map((t) => t.risk),
  };
}

import type { Catalogues } from "../catalogues/load.js";
import type { Countermeasure as CatalogueCountermeasure } from "../catalogues/schema.js";
import type { Conduit, Zone } from "../model/site.js";
import type { countermeasureAreas } from "../model/vocabulary.js";
import type { EntryKind, ZoneExposure } from "./exposure.js";
import type { ImportanceResult } from "./importance.js";
import { compareIds, type Derived, type Reason, reason } from "./reasons.js";
import type { SiteIndex } from "./site-index.js";
import type { ZoneThreat } from "./threats.js";

/**
 * Steps 1-7 and 2-2: the security level each zone needs, the catalogue countermeasures that level
 * requires against the zone's threats, and whether the site has each one (implemented, planned, missing).
 */

/** Entry kinds whose direct conduit into a zone raises its needed level by one (the supplement's
 * "外部ネットワーク接続の増加" and "サプライチェーンの広がり"). */
export const exposingEntries: readonly EntryKind[] = [
  "internet",
  "cloud-service",
  "vendor-remote-maintenance",
  "partner-network",
  "group-plant",
  "wireless",
];

export type MitigationStatus = "implemented" | "planned" | "missing";

export interface RequiredCountermeasure {
  countermeasure: string;
  /** Required at the zone's target level (else it applies, but only a higher level would demand it). */
  required: boolean;
  area: keyof typeof countermeasureAreas;
  status: MitigationStatus;
  /** Site countermeasures (ids) or conduit controls (`<conduit>#<control>`) that implement or plan it. */
  by: string[];
  /** The zone threats (ids) it is required against. */
  against: string[];
  reasons: Reason[];
}

export interface ZoneRequirement {
  zone: string;
  importance: Derived<string>;
  recommendedLevel: Derived<string>;
  /** The level the analysis works to: the zone's declared level, else the recommended one. */
  targetLevel: Derived<string>;
  /** Every catalogue countermeasure against the zone's threats that fits the zone, required or not. */
  mitigations: RequiredCountermeasure[];
  /** The same, per zone threat (keyed by the object, for the register's lookups). */
  mitigationsOf: Map<ZoneThreat, RequiredCountermeasure[]>;
  coverage: { implemented: number; planned: number; missing: number; ratio: number };
  coverageByArea: Record<string, { implemented: number; required: number }>;
}

/** "slN" → N: catalogue minimum levels are numbered like the default scale; an organisation's own
 * security-level scale is compared by rank. */
function minimumRank(countermeasure: CatalogueCountermeasure): number {
  return Number(countermeasure.minimumLevel.slice(2));
}

function scaleRank(rank: number, from: number, to: number): number {
  return Math.max(1, Math.min(to, Math.ceil((rank / Math.max(1, from)) * to)));
}

export function zoneLevels(
  index: SiteIndex,
  importance: ImportanceResult,
  exposure: Map<string, ZoneExposure>,
  zone: Zone,
): { recommended: Derived<string>; target: Derived<string> } {
  const importanceMax = Math.max(...index.scales.importance.map((l) => l.value));
  const levelMax = Math.max(...index.scales.securityLevel.map((l) => l.value));
  const zoneImportance = importance.zones.get(zone.id);
  const base = scaleRank(importance.rankOfZone(zone.id), importanceMax, levelMax);
  const reasons: Reason[] = [
    reason("level-from-importance", {
      importance: zoneImportance?.value ?? "",
      securityLevel: index.levelAt("securityLevel", base),
    }),
  ];
  const direct = (exposure.get(zone.id)?.direct ?? []).filter((id) =>
    exposingEntries.includes(index.externals.get(id)?.kind as EntryKind),
  );
  let rank = base;
  if (direct.length > 0) {
    rank = Math.min(levelMax, base + 1);
    reasons.push(
      reason("level-exposed", { externals: direct, securityLevel: index.levelAt("securityLevel", rank) }),
    );
  }
  const recommended = { value: index.levelAt("securityLevel", rank), reasons };
  const declared = zone.securityLevel?.target;
  const target = declared
    ? { value: declared, reasons: [reason("level-declared", { securityLevel: declared })] }
    : {
        value: recommended.value,
        reasons: [reason("level-recommended", { securityLevel: recommended.value }, reasons)],
      };
  return { recommended, target };
}

interface ControlView {
  conduit: Conduit;
  status: MitigationStatus;
}

/** Status of a control type on a conduit: implemented unless marked planned; missing when absent. */
function controlOn(conduit: Conduit, type: string): ControlView {
  const controls = (conduit.controls ?? []).filter((c) => c.type === type);
  if (controls.some((c) => (c.status ?? "implemented") === "implemented"))
    return { conduit, status: "implemented" };
  if (controls.length > 0) return { conduit, status: "planned" };
  return { conduit, status: "missing" };
}

export function appliesToZone(
  index: SiteIndex,
  exposure: Map<string, ZoneExposure>,
  zone: Zone,
  appliesTo: CatalogueCountermeasure["appliesTo"],
): boolean {
  if (!appliesTo) return true;
  const { zoneTypes, assetTypes, conduitKinds, protocols } = appliesTo;
  if (zoneTypes?.length || assetTypes?.length) {
    const types = index.assetTypesOfZone.get(zone.id) ?? new Set();
    if (!(zoneTypes?.includes(zone.type) || assetTypes?.some((t) => types.has(t)))) return false;
  }
  if (conduitKinds?.length && !conduitKinds.some((k) => exposure.get(zone.id)?.hops.has(k))) return false;
  if (protocols?.length) {
    const used = (index.conduitsOf.get(zone.id) ?? []).some((c) =>
      c.protocols?.some((p) => protocols.includes(p.protocol)),
    );
    if (!used) return false;
  }
  return true;
}

export function zoneRequirements(
  index: SiteIndex,
  catalogues: Catalogues,
  importance: ImportanceResult,
  exposure: Map<string, ZoneExposure>,
  zoneThreats: ZoneThreat[],
  /** Only these zones (the incremental analyzer recomputes the zones an edit touched); default all. */
  zones: Iterable<Zone> = index.zones.values(),
): ZoneRequirement[] {
  const threatsOfZone = new Map<string, ZoneThreat[]>();
  for (const zt of zoneThreats) {
    const list = threatsOfZone.get(zt.zone);
    if (list) list.push(zt);
    else threatsOfZone.set(zt.zone, [zt]);
  }
  // Site countermeasures by the catalogue item they implement, with the zones they reach.
  const siteByCatalogue = new Map<string, { id: string; status: string; zones: Set<string> }[]>();
  for (const cm of index.site.countermeasures ?? []) {
    if (!cm.catalogue || cm.status === "retired") continue;
    const zones = new Set<string>();
    for (const target of cm.appliesTo) {
      if (index.zones.has(target)) zones.add(target);
      const zoneOfAsset = index.zoneOfAsset.get(target);
      if (zoneOfAsset) zones.add(zoneOfAsset);
      const conduit = index.conduits.get(target);
      if (conduit) for (const end of [conduit.from, conduit.to]) if (index.zones.has(end)) zones.add(end);
      if (index.externals.has(target))
        for (const c of index.conduitsOf.get(target) ?? [])
          for (const end of [c.from, c.to]) if (index.zones.has(end)) zones.add(end);
    }
    const list = siteByCatalogue.get(cm.catalogue) ?? [];
    list.push({ id: cm.id, status: cm.status, zones });
    siteByCatalogue.set(cm.catalogue, list);
  }
  // Entry conduits by external kind, for controls that belong where a route enters the site.
  const entryConduits = new Map<string, Conduit[]>();
  for (const external of index.externals.values()) {
    const list = entryConduits.get(external.kind) ?? [];
    list.push(...(index.conduitsOf.get(external.id) ?? []));
    entryConduits.set(external.kind, list);
  }
  // Catalogue countermeasures sorted once; each zone walks this list instead of sorting its own.
  const countermeasuresInOrder = [...catalogues.countermeasures].sort((a, b) => compareIds(a.id, b.id));
  const missingReason = reason("status-missing", { by: [] });

  /**
   * A countermeasure carried by a conduit control holds for a zone when every relevant conduit has the
   * control: those from the entry kinds it names that touch the zone, else those entry conduits wherever
   * they enter the site (the route into the zone passes one of them), else every conduit of the zone.
   * The site-wide case is the same for every zone, so it is computed once per countermeasure.
   */
  type ControlResult = { status: MitigationStatus; by: string[]; lacking?: Reason } | undefined;
  const siteWide = new Map<string, ControlResult>();
  const evaluate = (relevant: Conduit[], cm: CatalogueCountermeasure): ControlResult => {
    const protocols = cm.appliesTo?.protocols;
    const conduits = protocols?.length
      ? relevant.filter((c) => c.protocols?.some((p) => protocols.includes(p.protocol)))
      : relevant;
    if (conduits.length === 0) return undefined;
    const type = cm.conduitControl as string;
    const views = conduits.map((c) => controlOn(c, type));
    const status: MitigationStatus = views.every((v) => v.status === "implemented")
      ? "implemented"
      : views.every((v) => v.status !== "missing")
        ? "planned"
        : "missing";
    const lacking = views.filter((v) => v.status === "missing").map((v) => v.conduit.id);
    return {
      status,
      by: views.filter((v) => v.status !== "missing").map((v) => `${v.conduit.id}#${type}`),
      ...(lacking.length > 0
        ? { lacking: reason("control-lacking", { control: type, conduits: lacking }) }
        : {}),
    };
  };
  const controlStatus = (zoneId: string, cm: CatalogueCountermeasure): ControlResult => {
    const kinds = cm.appliesTo?.conduitKinds;
    const touching = index.conduitsOf.get(zoneId) ?? [];
    if (!kinds?.length) return evaluate(touching, cm);
    const direct = touching.filter((c) =>
      kinds.includes(index.externals.get(c.from === zoneId ? c.to : c.from)?.kind as EntryKind),
    );
    if (direct.length > 0) return evaluate(direct, cm);
    if (!siteWide.has(cm.id))
      siteWide.set(
        cm.id,
        evaluate(
          kinds.flatMap((k) => entryConduits.get(k) ?? []),
          cm,
        ),
      );
    return siteWide.get(cm.id);
  };

  return [...zones].map((zone) => {
    const levels = zoneLevels(index, importance, exposure, zone);
    const targetRank = index.rank("securityLevel", levels.target.value);
    const against = new Map<string, string[]>();
    const fitsZone = new Map<string, boolean>();
    const fittingOf = new Map<ZoneThreat, string[]>();
    for (const zt of threatsOfZone.get(zone.id) ?? []) {
      const fitting: string[] = [];
      for (const cm of catalogues.mitigatedBy.get(zt.threat) ?? []) {
        let fits = fitsZone.get(cm.id);
        if (fits === undefined) {
          fits = appliesToZone(index, exposure, zone, cm.appliesTo);
          fitsZone.set(cm.id, fits);
        }
        if (!fits) continue;
        fitting.push(cm.id);
        const list = against.get(cm.id) ?? [];
        list.push(zt.id);
        against.set(cm.id, list);
      }
      fittingOf.set(zt, fitting);
    }

    const mitigations: RequiredCountermeasure[] = [];
    for (const cm of countermeasuresInOrder) {
      const threats = against.get(cm.id);
      if (!threats) continue;
      const id = cm.id;
      const isRequired = minimumRank(cm) <= targetRank;
      const reasons: Reason[] = [
        reason(isRequired ? "required-at-level" : "optional-at-level", {
          countermeasure: id,
          minimum: cm.minimumLevel,
          securityLevel: levels.target.value,
          threats: threats.length,
        }),
      ];
      let status: MitigationStatus = "missing";
      const by: string[] = [];
      for (const site of siteByCatalogue.get(id) ?? []) {
        if (!site.zones.has(zone.id)) continue;
        by.push(site.id);
        if (site.status === "implemented") status = "implemented";
        else if (status === "missing") status = "planned";
      }
      if (status !== "implemented" && cm.conduitControl) {
        const control = controlStatus(zone.id, cm);
        if (control) {
          by.push(...control.by);
          if (control.status === "implemented" || (control.status === "planned" && status === "missing"))
            status = control.status;
          if (control.lacking) reasons.push(control.lacking);
        }
      }
      reasons.push(status === "missing" ? missingReason : reason(`status-${status}`, { by }));
      mitigations.push({
        countermeasure: id,
        required: isRequired,
        area: cm.area,
        status,
        by: by.length < 2 ? by : [...new Set(by)].sort(),
        against: threats,
        reasons,
      });
    }
    const required = mitigations.filter((m) => m.required);
    // Per zone threat, its mitigations as objects: the register looks them up by the threat itself.
    const byId = new Map(mitigations.map((m) => [m.countermeasure, m]));
    const mitigationsOf = new Map<ZoneThreat, RequiredCountermeasure[]>();
    for (const [zt, ids] of fittingOf) {
      mitigationsOf.set(
        zt,
        ids.sort(compareIds).map((id) => byId.get(id) as RequiredCountermeasure),
      );
    }

    const count = (s: MitigationStatus) => required.filter((r) => r.status === s).length;
    const coverageByArea: Record<string, { implemented: number; required: number }> = {};
    for (const r of required) {
      const area = coverageByArea[r.area] ?? { implemented: 0, required: 0 };
      coverageByArea[r.area] = area;
      area.required += 1;
      if (r.status === "implemented") area.implemented += 1;
    }
    const implemented = count("implemented");
    return {
      zone: zone.id,
      importance: importance.zones.get(zone.id) ?? { value: "", reasons: [] },
      recommendedLevel: levels.recommended,
      targetLevel: levels.target,
      mitigations,
      mitigationsOf,
      coverage: {
        implemented,
        planned: count("planned"),
        missing: count("missing"),
        ratio: required.length === 0 ? 1 : implemented / required.length,
      },
      coverageByArea,
    };
  });
}

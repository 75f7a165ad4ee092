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
  by: readonly string[];
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

/** Status of a control type on a conduit: implemented unless marked planned; missing when absent. */
function controlOn(conduit: Conduit, type: string): MitigationStatus {
  let status: MitigationStatus = "missing";
  for (const control of conduit.controls ?? []) {
    if (control.type !== type) continue;
    if ((control.status ?? "implemented") === "implemented") return "implemented";
    status = "planned";
  }
  return status;
}

const noIds: readonly string[] = Object.freeze([]);

function carriesAny(conduit: Conduit, protocols: readonly string[]): boolean {
  for (const use of conduit.protocols ?? []) if (protocols.includes(use.protocol)) return true;
  return false;
}

/** What a countermeasure's `appliesTo` asks of a zone; the protocols are gathered on first need. */
interface ZoneView {
  zone: Zone;
  types: ReadonlySet<string> | undefined;
  hops: ReadonlyMap<string, number> | undefined;
  protocols?: Set<string>;
}

function viewOf(index: SiteIndex, exposure: Map<string, ZoneExposure>, zone: Zone): ZoneView {
  return { zone, types: index.assetTypesOfZone.get(zone.id), hops: exposure.get(zone.id)?.hops };
}

function hasAny(
  keys: readonly string[] | undefined,
  set: ReadonlySet<string> | ReadonlyMap<string, unknown> | undefined,
): boolean {
  if (!keys || !set) return false;
  for (const key of keys) if (set.has(key)) return true;
  return false;
}

/** Plain loops, no callbacks: this runs for every zone and countermeasure of a large plant. */
function fits(index: SiteIndex, view: ZoneView, appliesTo: CatalogueCountermeasure["appliesTo"]): boolean {
  if (!appliesTo) return true;
  const { zoneTypes, assetTypes, conduitKinds, protocols } = appliesTo;
  if (zoneTypes?.length || assetTypes?.length) {
    if (!(zoneTypes?.includes(view.zone.type) || hasAny(assetTypes, view.types))) return false;
  }
  if (conduitKinds?.length && !hasAny(conduitKinds, view.hops)) return false;
  if (protocols?.length) {
    if (!view.protocols) {
      view.protocols = new Set();
      for (const conduit of index.conduitsOf.get(view.zone.id) ?? [])
        for (const use of conduit.protocols ?? []) view.protocols.add(use.protocol);
    }
    if (!hasAny(protocols, view.protocols)) return false;
  }
  return true;
}

export function appliesToZone(
  index: SiteIndex,
  exposure: Map<string, ZoneExposure>,
  zone: Zone,
  appliesTo: CatalogueCountermeasure["appliesTo"],
): boolean {
  return fits(index, viewOf(index, exposure, zone), appliesTo);
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
  // Catalogue countermeasures sorted once and numbered: a zone's working sets are arrays indexed by that
  // number (reset per zone), not maps keyed by id, and walking the numbers in order is the id order.
  const countermeasuresInOrder = [...catalogues.countermeasures].sort((a, b) => compareIds(a.id, b.id));
  const cmCount = countermeasuresInOrder.length;
  const numberOf = new Map(countermeasuresInOrder.map((cm, i) => [cm, i]));
  const mitigatorsOf = new Map<string, number[]>();
  const mitigators = (threat: string): number[] => {
    let list = mitigatorsOf.get(threat);
    if (!list) {
      // In number order, so that every zone's list for the threat comes out in id order unsorted.
      list = (catalogues.mitigatedBy.get(threat) ?? [])
        .map((cm) => numberOf.get(cm) as number)
        .sort((a, b) => a - b);
      mitigatorsOf.set(threat, list);
    }
    return list;
  };
  const missingReason = reason("status-missing", { by: [] });
  const noSites: { id: string; status: string; zones: Set<string> }[] = [];
  /**
   * The level reason depends only on the countermeasure, the target level and how many threats it is
   * required against, so zones share it (and, for the usual missing one, the whole reason list): a plant of
   * 5k zones has 200k mitigations but a few thousand distinct explanations.
   */
  const levelReasons = Array.from(
    { length: cmCount },
    () => new Map<string, { level: Reason; missing: Reason[] }[]>(),
  );
  const levelReason = (n: number, targetLevel: string, isRequired: boolean, threats: number) => {
    const cm = countermeasuresInOrder[n] as CatalogueCountermeasure;
    const byLevel = levelReasons[n] as Map<string, { level: Reason; missing: Reason[] }[]>;
    let byCount = byLevel.get(targetLevel);
    if (!byCount) {
      byCount = [];
      byLevel.set(targetLevel, byCount);
    }
    let shared = byCount[threats];
    if (!shared) {
      const level = reason(isRequired ? "required-at-level" : "optional-at-level", {
        countermeasure: cm.id,
        minimum: cm.minimumLevel,
        securityLevel: targetLevel,
        threats,
      });
      shared = { level, missing: [level, missingReason] };
      byCount[threats] = shared;
    }
    return shared;
  };

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
    const type = cm.conduitControl as string;
    let count = 0;
    let implemented = 0;
    const by: string[] = [];
    const lacking: string[] = [];
    for (const conduit of relevant) {
      if (protocols?.length && !carriesAny(conduit, protocols)) continue;
      count += 1;
      const status = controlOn(conduit, type);
      if (status === "missing") lacking.push(conduit.id);
      else {
        by.push(`${conduit.id}#${type}`);
        if (status === "implemented") implemented += 1;
      }
    }
    if (count === 0) return undefined;
    const status: MitigationStatus =
      implemented === count ? "implemented" : lacking.length === 0 ? "planned" : "missing";
    return {
      status,
      by,
      ...(lacking.length > 0
        ? { lacking: reason("control-lacking", { control: type, conduits: lacking }) }
        : {}),
    };
  };
  const controlStatus = (zoneId: string, cm: CatalogueCountermeasure): ControlResult => {
    const kinds = cm.appliesTo?.conduitKinds;
    const touching = index.conduitsOf.get(zoneId) ?? [];
    if (!kinds?.length) return evaluate(touching, cm);
    const direct: Conduit[] = [];
    for (const c of touching) {
      const kind = index.externals.get(c.from === zoneId ? c.to : c.from)?.kind;
      if (kind !== undefined && kinds.includes(kind)) direct.push(c);
    }
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

  // Per-zone working sets, reused: fit of each countermeasure (0 unknown, 1 fits, 2 does not), the zone
  // threats it is required against (a mitigation keeps an exact-size copy: a list grown by push keeps
  // room for 17), and the mitigation made for it.
  const fitOf = new Int8Array(cmCount);
  const againstOf: string[][] = Array.from({ length: cmCount }, () => []);
  const mitigationOf: (RequiredCountermeasure | undefined)[] = new Array(cmCount);
  // The numbers of each zone threat's fitting countermeasures, end to end; the lists the register keeps
  // are then made at their exact size (a zone's 20-odd lists grown by push keep room for 17 each).
  let fitting = new Int32Array(256);

  return [...zones].map((zone) => {
    const levels = zoneLevels(index, importance, exposure, zone);
    const targetRank = index.rank("securityLevel", levels.target.value);
    fitOf.fill(0);
    const view = viewOf(index, exposure, zone);
    const zoneThreats = threatsOfZone.get(zone.id) ?? [];
    const ends = new Int32Array(zoneThreats.length);
    let used = 0;
    let distinct = 0;
    zoneThreats.forEach((zt, i) => {
      for (const n of mitigators(zt.threat)) {
        let fit = fitOf[n];
        if (fit === 0) {
          fit = fits(index, view, countermeasuresInOrder[n]?.appliesTo) ? 1 : 2;
          fitOf[n] = fit;
        }
        if (fit !== 1) continue;
        if (used === fitting.length) {
          const larger = new Int32Array(fitting.length * 2);
          larger.set(fitting);
          fitting = larger;
        }
        fitting[used++] = n;
        const against = againstOf[n] as string[];
        if (against.length === 0) distinct += 1;
        against.push(zt.id);
      }
      ends[i] = used;
    });

    const mitigations = new Array<RequiredCountermeasure>(distinct);
    let made = 0;
    for (let n = 0; n < cmCount; n++) {
      const scratch = againstOf[n] as string[];
      if (scratch.length === 0) continue;
      const threats = scratch.slice();
      scratch.length = 0;
      const cm = countermeasuresInOrder[n] as CatalogueCountermeasure;
      const id = cm.id;
      const isRequired = minimumRank(cm) <= targetRank;
      const shared = levelReason(n, levels.target.value, isRequired, threats.length);
      let status: MitigationStatus = "missing";
      let by: string[] | undefined;
      for (const site of siteByCatalogue.get(id) ?? noSites) {
        if (!site.zones.has(zone.id)) continue;
        by ??= [];
        by.push(site.id);
        if (site.status === "implemented") status = "implemented";
        else if (status === "missing") status = "planned";
      }
      let lacking: Reason | undefined;
      if (status !== "implemented" && cm.conduitControl) {
        const control = controlStatus(zone.id, cm);
        if (control) {
          by = by ? by.concat(control.by) : control.by.slice();
          if (control.status === "implemented" || (control.status === "planned" && status === "missing"))
            status = control.status;
          lacking = control.lacking;
        }
      }
      let reasons: Reason[];
      if (status === "missing") reasons = lacking ? [shared.level, lacking, missingReason] : shared.missing;
      else {
        const statusReason = reason(`status-${status}`, { by: by ?? [] });
        reasons = lacking ? [shared.level, lacking, statusReason] : [shared.level, statusReason];
      }
      const mitigation: RequiredCountermeasure = {
        countermeasure: id,
        required: isRequired,
        area: cm.area,
        status,
        // Nearly all mitigations of a large plant have none: they share one empty list.
        by: !by || by.length === 0 ? noIds : by.length === 1 ? by : [...new Set(by)].sort(),
        against: threats,
        reasons,
      };
      mitigationOf[n] = mitigation;
      mitigations[made++] = mitigation;
    }
    // Per zone threat, its mitigations as objects: the register looks them up by the threat itself.
    const mitigationsOf = new Map<ZoneThreat, RequiredCountermeasure[]>();
    let start = 0;
    zoneThreats.forEach((zt, i) => {
      const end = ends[i] as number;
      const list = new Array<RequiredCountermeasure>(end - start);
      for (let j = start; j < end; j++)
        list[j - start] = mitigationOf[fitting[j] as number] as RequiredCountermeasure;
      mitigationsOf.set(zt, list);
      start = end;
    });

    const required = mitigations.filter((m) => m.required);

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

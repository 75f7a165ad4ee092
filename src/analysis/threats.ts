import type { Catalogues } from "../catalogues/load.js";
import type { Threat } from "../catalogues/schema.js";
import type { Asset, Zone } from "../model/site.js";
import type { EntryKind, ZoneExposure } from "./exposure.js";
import { compareIds, type Reason, reason } from "./reasons.js";
import type { SiteIndex } from "./site-index.js";

/**
 * Step 1-7: the catalogue threats that apply to each zone, and why. A threat applies when every
 * dimension it states holds for the zone:
 * - entry: one of its entry routes reaches the zone (exposure.ts);
 * - target: the zone is of one of its zone types, or holds an asset of one of its asset types;
 * - conduit kinds: an external entity of one of those kinds reaches the zone;
 * - protocols: a conduit touching the zone carries one of its protocols.
 * A dimension the threat leaves empty does not restrict it.
 */
export interface ZoneThreat {
  /** `<threat>@<zone>`: stable, and the basis of the risk id. */
  id: string;
  threat: string;
  zone: string;
  impacts: Threat["impacts"];
  threatKind: Threat["threatKind"];
  /** Entry routes of the threat that reach the zone, easiest first. */
  entries: { kind: EntryKind; hops: number }[];
  /** Assets of the zone the threat targets (all of the zone's assets when it applies by zone type). */
  targets: readonly string[];
  operations: readonly string[];
  reasons: Reason[];
}

const maxListed = 5;

/** What every threat test needs to know about a zone, computed once per zone. */
interface ZoneFacts {
  zone: Zone;
  exposure: ZoneExposure | undefined;
  assetIds: readonly string[];
  assetsByType: Map<string, Asset[]>;
  /** protocol → first conduit carrying it */
  protocols: Map<string, string>;
  /** operations of the zone and of all its assets */
  allOperations: readonly string[];
}

function zoneFacts(index: SiteIndex, zone: Zone, exposure: ZoneExposure | undefined): ZoneFacts {
  const assets = index.assetsOfZone.get(zone.id) ?? [];
  const assetsByType = new Map<string, Asset[]>();
  const operations = new Set(zone.operations ?? []);
  for (const asset of assets) {
    const list = assetsByType.get(asset.type);
    if (list) list.push(asset);
    else assetsByType.set(asset.type, [asset]);
    for (const op of asset.operations ?? []) operations.add(op);
  }
  const protocols = new Map<string, string>();
  for (const conduit of index.conduitsOf.get(zone.id) ?? []) {
    for (const use of conduit.protocols ?? [])
      if (!protocols.has(use.protocol)) protocols.set(use.protocol, conduit.id);
  }
  return {
    zone,
    exposure,
    assetIds: assets.map((a) => a.id),
    assetsByType,
    protocols,
    allOperations: [...operations].sort(),
  };
}

export function threatsForZone(
  index: SiteIndex,
  catalogues: Catalogues,
  zone: Zone,
  exposure: ZoneExposure | undefined,
): ZoneThreat[] {
  const facts = zoneFacts(index, zone, exposure);
  const result: ZoneThreat[] = [];
  for (const threat of catalogues.threats) {
    const found = applies(threat, facts);
    if (found) result.push(found);
  }
  return result;
}

function applies(threat: Threat, facts: ZoneFacts): ZoneThreat | undefined {
  const hops = facts.exposure?.hops;
  const { assetTypes, zoneTypes, conduitKinds, protocols } = threat.appliesTo;
  // Cheap rejections first: most threats do not fit most zones, and nothing is allocated for them.
  const byZoneType = zoneTypes?.includes(facts.zone.type) ?? false;
  const restrictsTargets = (assetTypes?.length ?? 0) > 0 || (zoneTypes?.length ?? 0) > 0;
  if (restrictsTargets && !byZoneType && !assetTypes?.some((t) => facts.assetsByType.has(t)))
    return undefined;
  if (conduitKinds?.length && !conduitKinds.some((kind) => hops?.has(kind))) return undefined;
  if (protocols?.length && !protocols.some((p) => facts.protocols.has(p))) return undefined;
  let easiest: { kind: EntryKind; hops: number } | undefined;
  const entries: { kind: EntryKind; hops: number }[] = [];
  for (const kind of threat.entryRoutes) {
    const h = hops?.get(kind);
    if (h === undefined) continue;
    const entry = { kind, hops: h };
    entries.push(entry);
    if (!easiest || h < easiest.hops || (h === easiest.hops && kind < easiest.kind)) easiest = entry;
  }
  if (!easiest) return undefined;

  const reasons: Reason[] = [
    easiest.hops === 0
      ? reason("threat-entry-implicit", { entry: easiest.kind })
      : reason("threat-entry", { entry: easiest.kind, hops: easiest.hops }),
  ];
  let targets: readonly string[] = facts.assetIds;
  let operations = facts.allOperations;
  if (restrictsTargets) {
    if (byZoneType) {
      reasons.push(reason("threat-zone-type", { zoneType: facts.zone.type }));
    } else {
      const matched: Asset[] = [];
      const types: string[] = [];
      for (const type of assetTypes ?? []) {
        const list = facts.assetsByType.get(type);
        if (!list) continue;
        types.push(type);
        matched.push(...list);
      }
      targets = matched.map((a) => a.id);
      const ops = new Set(facts.zone.operations ?? []);
      for (const asset of matched) for (const op of asset.operations ?? []) ops.add(op);
      operations = [...ops].sort();
      reasons.push(
        reason("threat-asset-types", {
          assetTypes: types,
          assets: targets.slice(0, maxListed),
          count: targets.length,
        }),
      );
    }
  }
  if (conduitKinds?.length) {
    reasons.push(reason("threat-conduit-kind", { kinds: conduitKinds.filter((kind) => hops?.has(kind)) }));
  }
  if (protocols?.length) {
    const used = protocols.filter((p) => facts.protocols.has(p));
    reasons.push(
      reason("threat-protocols", {
        protocols: used,
        conduits: [...new Set(used.map((p) => facts.protocols.get(p) ?? ""))],
      }),
    );
  }
  entries.sort((a, b) => a.hops - b.hops || compareIds(a.kind, b.kind));
  return {
    id: `${threat.id}@${facts.zone.id}`,
    threat: threat.id,
    zone: facts.zone.id,
    impacts: threat.impacts,
    threatKind: threat.threatKind,
    entries,
    targets,
    operations,
    reasons,
  };
}

import type { Catalogues } from "../catalogues/load.js";
import type { Threat } from "../catalogues/schema.js";
import type { Asset, Zone } from "../model/site.js";
import type { EntryKind, ZoneExposure } from "./exposure.js";
import { compareIds, type Reason, reason, reasonList, trimmed } from "./reasons.js";
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

type Entry = { kind: EntryKind; hops: number };

/**
 * What every threat test needs to know about a zone, computed once per zone, and the parts of zone threats
 * that depend only on the zone and on which of its facts a threat matched: the threats of a zone share
 * them (a plant of 5k zones has over 100k zone threats).
 */
interface ZoneFacts {
  zone: Zone;
  exposure: ZoneExposure | undefined;
  assetIds: readonly string[];
  assetsByType: Map<string, Asset[]>;
  /** protocol → first conduit carrying it */
  protocols: Map<string, string>;
  /** operations of the zone and of all its assets */
  allOperations: readonly string[];
  /** the entry kinds that reach the zone, easiest first (fewest hops, then kind) */
  entries: Entry[];
  /** which of `entries` a threat's routes take (bit i = entries[i]) → that list */
  entryLists: Map<number, Entry[]>;
  entryReasons: Map<EntryKind, Reason>;
  zoneTypeReason?: Reason;
  /** number of a threat's asset-type list (ListNumbers) → its targets here, their operations, the reason */
  byAssetTypes: Map<number, { targets: readonly string[]; operations: readonly string[]; reason: Reason }>;
  /** number of a threat's conduit-kind or protocol list → the reason */
  conduitKindReasons: Map<number, Reason>;
  protocolReasons: Map<number, Reason>;
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
  const entries: Entry[] = [];
  for (const [kind, hops] of exposure?.hops ?? []) entries.push({ kind, hops });
  entries.sort((a, b) => a.hops - b.hops || compareIds(a.kind, b.kind));
  return {
    zone,
    exposure,
    assetIds: assets.map((a) => a.id),
    assetsByType,
    protocols,
    allOperations: [...operations].sort(),
    entries,
    entryLists: new Map(),
    entryReasons: new Map(),
    byAssetTypes: new Map(),
    conduitKindReasons: new Map(),
    protocolReasons: new Map(),
  };
}

/** The zone's entries a threat's routes take, easiest first; shared by the threats that take the same. */
function entriesFor(threat: Threat, facts: ZoneFacts): Entry[] {
  let mask = 0;
  let repeated = false;
  for (let i = 0; i < facts.entries.length; i++) {
    const kind = (facts.entries[i] as Entry).kind;
    const first = threat.entryRoutes.indexOf(kind);
    if (first < 0) continue;
    mask |= 1 << i;
    if (threat.entryRoutes.indexOf(kind, first + 1) >= 0) repeated = true;
  }
  const shared = repeated ? undefined : facts.entryLists.get(mask);
  if (shared) return shared;
  // A route named twice counts twice, as it always has.
  const list: Entry[] = [];
  for (const entry of facts.entries)
    for (const kind of threat.entryRoutes) if (kind === entry.kind) list.push(entry);
  const kept = trimmed(list);
  if (!repeated) facts.entryLists.set(mask, kept);
  return kept;
}

/**
 * Per catalogue threat, a number for each list it states (asset types, conduit kinds, protocols), equal
 * for equal lists: a zone keeps the reason it made for a list by that number, with no key to build.
 */
interface ListNumbers {
  assetTypes: number[];
  conduitKinds: number[];
  protocols: number[];
}

const listNumbersOf = new WeakMap<Catalogues, ListNumbers>();

function listNumbers(catalogues: Catalogues): ListNumbers {
  let numbers = listNumbersOf.get(catalogues);
  if (!numbers) {
    const numbering = (list: (threat: Threat) => readonly string[] | undefined) => {
      const seen = new Map<string, number>();
      return catalogues.threats.map((threat) => {
        const key = (list(threat) ?? []).join(",");
        let n = seen.get(key);
        if (n === undefined) {
          n = seen.size;
          seen.set(key, n);
        }
        return n;
      });
    };
    numbers = {
      assetTypes: numbering((t) => t.appliesTo.assetTypes),
      conduitKinds: numbering((t) => t.appliesTo.conduitKinds),
      protocols: numbering((t) => t.appliesTo.protocols),
    };
    listNumbersOf.set(catalogues, numbers);
  }
  return numbers;
}

export function threatsForZone(
  index: SiteIndex,
  catalogues: Catalogues,
  zone: Zone,
  exposure: ZoneExposure | undefined,
): ZoneThreat[] {
  const facts = zoneFacts(index, zone, exposure);
  const numbers = listNumbers(catalogues);
  const result: ZoneThreat[] = [];
  catalogues.threats.forEach((threat, t) => {
    const found = applies(threat, t, numbers, facts);
    if (found) result.push(found);
  });
  return result;
}

function anyIn(keys: readonly string[] | undefined, map: ReadonlyMap<string, unknown> | undefined): boolean {
  if (!keys || !map) return false;
  for (const key of keys) if (map.has(key)) return true;
  return false;
}

function applies(threat: Threat, t: number, numbers: ListNumbers, facts: ZoneFacts): ZoneThreat | undefined {
  const hops = facts.exposure?.hops;
  const { assetTypes, zoneTypes, conduitKinds, protocols } = threat.appliesTo;
  // Cheap rejections first: most threats do not fit most zones, and nothing is allocated for them (not
  // even a callback: this runs for every zone and catalogue threat).
  const byZoneType = zoneTypes?.includes(facts.zone.type) ?? false;
  const restrictsTargets = (assetTypes?.length ?? 0) > 0 || (zoneTypes?.length ?? 0) > 0;
  if (restrictsTargets && !byZoneType && !anyIn(assetTypes, facts.assetsByType)) return undefined;
  if (conduitKinds?.length && !anyIn(conduitKinds, hops)) return undefined;
  if (protocols?.length && !anyIn(protocols, facts.protocols)) return undefined;
  const entries = entriesFor(threat, facts);
  const easiest = entries[0];
  if (!easiest) return undefined;

  let entryReason = facts.entryReasons.get(easiest.kind);
  if (!entryReason) {
    entryReason =
      easiest.hops === 0
        ? reason("threat-entry-implicit", { entry: easiest.kind })
        : reason("threat-entry", { entry: easiest.kind, hops: easiest.hops });
    facts.entryReasons.set(easiest.kind, entryReason);
  }
  let targetReason: Reason | undefined;
  let kindReason: Reason | undefined;
  let protocolReason: Reason | undefined;
  let targets: readonly string[] = facts.assetIds;
  let operations = facts.allOperations;
  if (restrictsTargets) {
    if (byZoneType) {
      facts.zoneTypeReason ??= reason("threat-zone-type", { zoneType: facts.zone.type });
      targetReason = facts.zoneTypeReason;
    } else {
      const list = numbers.assetTypes[t] as number;
      let byTypes = facts.byAssetTypes.get(list);
      if (!byTypes) {
        const types = trimmed((assetTypes ?? []).filter((type) => facts.assetsByType.has(type)));
        const matched = types.flatMap((type) => facts.assetsByType.get(type) ?? []);
        const ids = matched.map((a) => a.id);
        const ops = new Set(facts.zone.operations ?? []);
        for (const asset of matched) for (const op of asset.operations ?? []) ops.add(op);
        byTypes = {
          targets: ids,
          operations: [...ops].sort(),
          reason: reason("threat-asset-types", {
            assetTypes: types,
            assets: ids.slice(0, maxListed),
            count: ids.length,
          }),
        };
        facts.byAssetTypes.set(list, byTypes);
      }
      targets = byTypes.targets;
      operations = byTypes.operations;
      targetReason = byTypes.reason;
    }
  }
  if (conduitKinds?.length) {
    const list = numbers.conduitKinds[t] as number;
    kindReason = facts.conduitKindReasons.get(list);
    if (!kindReason) {
      kindReason = reason("threat-conduit-kind", {
        kinds: trimmed(conduitKinds.filter((kind) => hops?.has(kind))),
      });
      facts.conduitKindReasons.set(list, kindReason);
    }
  }
  if (protocols?.length) {
    const list = numbers.protocols[t] as number;
    protocolReason = facts.protocolReasons.get(list);
    if (!protocolReason) {
      const used = trimmed(protocols.filter((p) => facts.protocols.has(p)));
      protocolReason = reason("threat-protocols", {
        protocols: used,
        conduits: [...new Set(used.map((p) => facts.protocols.get(p) ?? ""))],
      });
      facts.protocolReasons.set(list, protocolReason);
    }
  }
  const reasons = reasonList(entryReason, targetReason, kindReason, protocolReason);
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

import { effectiveScales, type Scales } from "../model/common.js";
import type { Asset, Conduit, External, Operation, Site, Zone } from "../model/site.js";
import { type AssetType, assetTypes } from "../model/vocabulary.js";

/**
 * A valid site, indexed once for the analysis: every lookup the rules, paths and risks need is a map
 * access. Built in O(size of the site). Pure; iteration orders follow the document, so results are stable.
 */
export interface SiteIndex {
  site: Site;
  scales: Scales;
  operations: Map<string, Operation>;
  assets: Map<string, Asset>;
  zones: Map<string, Zone>;
  externals: Map<string, External>;
  conduits: Map<string, Conduit>;
  /** asset id → zone id */
  zoneOfAsset: Map<string, string>;
  /** zone id → its assets, in the zone's order */
  assetsOfZone: Map<string, Asset[]>;
  /** zone id → the asset types present in it */
  assetTypesOfZone: Map<string, Set<AssetType>>;
  /** zone or external id → the conduits that touch it (either end) */
  conduitsOf: Map<string, Conduit[]>;
  /** operation id → the assets that serve it */
  assetsOfOperation: Map<string, Asset[]>;
  /** Rank of a level key on a scale (higher = more). Unknown keys rank 0. */
  rank(scale: keyof Scales, key: string | undefined): number;
  /** The level with the given rank, or the nearest existing one. */
  levelAt(scale: keyof Scales, rank: number): string;
}

function byId<T extends { id: string }>(items: readonly T[] | undefined): Map<string, T> {
  return new Map((items ?? []).map((item) => [item.id, item]));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexSite(site: Site): SiteIndex {
  const scales = effectiveScales(site.scales);
  const assets = byId(site.assets);
  const zoneOfAsset = new Map<string, string>();
  const assetsOfZone = new Map<string, Asset[]>();
  const assetTypesOfZone = new Map<string, Set<AssetType>>();
  for (const zone of site.zones ?? []) {
    const members: Asset[] = [];
    const types = new Set<AssetType>();
    for (const id of zone.assets ?? []) {
      const asset = assets.get(id);
      if (!asset) continue;
      zoneOfAsset.set(id, zone.id);
      members.push(asset);
      types.add(asset.type);
    }
    assetsOfZone.set(zone.id, members);
    assetTypesOfZone.set(zone.id, types);
  }
  const conduitsOf = new Map<string, Conduit[]>();
  for (const conduit of site.conduits ?? []) {
    push(conduitsOf, conduit.from, conduit);
    if (conduit.to !== conduit.from) push(conduitsOf, conduit.to, conduit);
  }
  const assetsOfOperation = new Map<string, Asset[]>();
  for (const asset of site.assets ?? [])
    for (const op of asset.operations ?? []) push(assetsOfOperation, op, asset);

  const rankTables = Object.fromEntries(
    Object.entries(scales).map(([name, levels]) => [name, new Map(levels.map((l) => [l.key, l.value]))]),
  ) as Record<keyof Scales, Map<string, number>>;
  const sorted = Object.fromEntries(
    Object.entries(scales).map(([name, levels]) => [name, [...levels].sort((a, b) => a.value - b.value)]),
  ) as Scales;

  return {
    site,
    scales,
    operations: byId(site.operations),
    assets,
    zones: byId(site.zones),
    externals: byId(site.externals),
    conduits: byId(site.conduits),
    zoneOfAsset,
    assetsOfZone,
    assetTypesOfZone,
    conduitsOf,
    assetsOfOperation,
    rank: (scale, key) => (key === undefined ? 0 : (rankTables[scale].get(key) ?? 0)),
    levelAt: (scale, rank) => {
      const levels = sorted[scale];
      let best = levels[0]?.key ?? "";
      for (const level of levels) if (level.value <= rank) best = level.key;
      return best;
    },
  };
}

export function categoryOf(asset: Asset): string {
  return assetTypes[asset.type].category;
}

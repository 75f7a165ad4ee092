import { bilingual, type Derived, reason } from "./reasons.js";
import type { SiteIndex } from "./site-index.js";

/**
 * Steps 1-3 → 1-5 → 1-6: operation importance (set by people, with reasons) flows to the assets that
 * serve it (the highest of their operations, unless a person overrides it with a reason), and from assets
 * and operations to the zone that holds them (the highest of what it holds).
 */
export interface ImportanceResult {
  operations: Map<string, Derived<string>>;
  assets: Map<string, Derived<string>>;
  zones: Map<string, Derived<string>>;
  /** Rank of a derived importance, for comparisons (0 when unknown). */
  rankOfAsset(id: string): number;
  rankOfZone(id: string): number;
}

export function deriveImportance(index: SiteIndex): ImportanceResult {
  const lowest = index.levelAt("importance", Number.NEGATIVE_INFINITY);
  const operations = new Map<string, Derived<string>>();
  for (const op of index.operations.values()) {
    operations.set(op.id, {
      value: op.importance,
      reasons: [
        reason("operation-set", {
          operation: op.id,
          importance: op.importance,
          aspects: op.reasons.map((r) => r.aspect),
        }),
      ],
    });
  }

  const assets = new Map<string, Derived<string>>();
  // One derived value per operation, shared by every asset that takes its importance from it (a plant of
  // 100k assets has a few dozen operations), and one for the assets that serve none.
  const fromOperation = new Map<string, Derived<string>>();
  const noOperation: Derived<string> = {
    value: lowest,
    reasons: [reason("asset-no-operation", { importance: lowest })],
  };
  for (const asset of index.assets.values()) {
    if (asset.importance) {
      assets.set(asset.id, {
        value: asset.importance.level,
        reasons: [
          reason("asset-override", {
            importance: asset.importance.level,
            note: bilingual(asset.importance.reason),
          }),
        ],
      });
      continue;
    }
    let best: { id: string; level: string; rank: number } | undefined;
    for (const opId of asset.operations ?? []) {
      const op = index.operations.get(opId);
      if (!op) continue;
      const rank = index.rank("importance", op.importance);
      if (!best || rank > best.rank) best = { id: op.id, level: op.importance, rank };
    }
    if (best) {
      let derived = fromOperation.get(best.id);
      if (!derived) {
        const op = index.operations.get(best.id);
        derived = {
          value: best.level,
          reasons: [
            reason(
              "asset-from-operation",
              { importance: best.level, operation: best.id, name: bilingual(op?.name) },
              operations.get(best.id)?.reasons,
            ),
          ],
        };
        fromOperation.set(best.id, derived);
      }
      assets.set(asset.id, derived);
    } else {
      assets.set(asset.id, noOperation);
    }
  }

  // A host is at least as important as what it holds: a PLC holding the press recipe matters as much as
  // the recipe. (An override on the host still wins: a person decided.)
  for (const asset of index.assets.values()) {
    for (const hostId of asset.hostedOn ?? []) {
      const host = assets.get(hostId);
      const held = assets.get(asset.id);
      if (!host || !held || index.assets.get(hostId)?.importance) continue;
      if (index.rank("importance", held.value) > index.rank("importance", host.value)) {
        assets.set(hostId, {
          value: held.value,
          reasons: [reason("asset-hosts", { importance: held.value, asset: asset.id }, held.reasons)],
        });
      }
    }
  }

  const zones = new Map<string, Derived<string>>();
  for (const zone of index.zones.values()) {
    // Find the highest first; explain only the one chosen (a zone may hold thousands of assets).
    let best: { level: string; rank: number; asset?: string; operation?: string } | undefined;
    for (const asset of index.assetsOfZone.get(zone.id) ?? []) {
      const derived = assets.get(asset.id);
      if (!derived) continue;
      const rank = index.rank("importance", derived.value);
      if (!best || rank > best.rank) best = { level: derived.value, rank, asset: asset.id };
    }
    for (const opId of zone.operations ?? []) {
      const op = operations.get(opId);
      if (!op) continue;
      const rank = index.rank("importance", op.value);
      if (!best || rank > best.rank) best = { level: op.value, rank, operation: opId };
    }
    const found = best as { level: string; asset?: string; operation?: string } | undefined;
    const chosen = found && {
      level: found.level,
      why: found.asset
        ? reason(
            "zone-from-asset",
            { importance: found.level, asset: found.asset },
            assets.get(found.asset)?.reasons,
          )
        : reason(
            "zone-from-operation",
            { importance: found.level, operation: found.operation as string },
            operations.get(found.operation as string)?.reasons,
          ),
    };
    zones.set(
      zone.id,
      chosen
        ? { value: chosen.level, reasons: [chosen.why] }
        : { value: lowest, reasons: [reason("zone-empty", { importance: lowest })] },
    );
  }

  return {
    operations,
    assets,
    zones,
    rankOfAsset: (id) => index.rank("importance", assets.get(id)?.value),
    rankOfZone: (id) => index.rank("importance", zones.get(id)?.value),
  };
}

import type { External } from "../model/site.js";
import { compareIds } from "./reasons.js";
import type { SiteIndex } from "./site-index.js";

/**
 * Which kinds of entry point reach each zone, and in how many conduit hops (1 = a conduit straight from
 * the entry). Conduits are followed in their allowed direction only: `one-way` and `data-diode` from
 * `from` to `to`. Routes never pass through another external entity.
 *
 * Insiders and physical access are everywhere in a plant: the guideline counts the plant's own people and
 * premises among the routes of every zone, so they reach every zone implicitly (hops 0) even when the
 * model draws no conduit for them.
 */
export type EntryKind = External["kind"];
export const implicitEntries: readonly EntryKind[] = ["insider", "physical-access"];

export interface ZoneExposure {
  /** entry kind → fewest hops from any entry of that kind */
  hops: Map<EntryKind, number>;
  /** the external ids that reach the zone directly (one hop) */
  direct: string[];
}

export function computeExposure(index: SiteIndex): Map<string, ZoneExposure> {
  const result = new Map<string, ZoneExposure>();
  for (const zoneId of index.zones.keys()) {
    result.set(zoneId, { hops: new Map(implicitEntries.map((kind) => [kind, 0])), direct: [] });
  }

  // Forward adjacency between zones, built once.
  const next = new Map<string, string[]>();
  const add = (a: string, b: string) => {
    const list = next.get(a);
    if (list) list.push(b);
    else next.set(a, [b]);
  };
  for (const conduit of index.conduits.values()) {
    const fromZone = index.zones.has(conduit.from);
    const toZone = index.zones.has(conduit.to);
    if (fromZone && toZone) {
      add(conduit.from, conduit.to);
      if (conduit.direction === "bidirectional") add(conduit.to, conduit.from);
    }
  }

  // One multi-source BFS per entry kind: a handful of passes over the zone graph.
  const byKind = new Map<EntryKind, External[]>();
  for (const external of index.externals.values()) {
    const list = byKind.get(external.kind);
    if (list) list.push(external);
    else byKind.set(external.kind, [external]);
  }
  for (const [kind, externals] of [...byKind].sort(([a], [b]) => compareIds(a, b))) {
    const distance = new Map<string, number>();
    let frontier: string[] = [];
    for (const external of externals) {
      for (const conduit of index.conduitsOf.get(external.id) ?? []) {
        // From an external into a zone: `from` must be the external unless the conduit is bidirectional.
        const zone = conduit.from === external.id ? conduit.to : conduit.from;
        const allowed = conduit.from === external.id || conduit.direction === "bidirectional";
        if (!allowed || !index.zones.has(zone)) continue;
        result.get(zone)?.direct.push(external.id);
        if (!distance.has(zone)) {
          distance.set(zone, 1);
          frontier.push(zone);
        }
      }
    }
    let depth = 1;
    while (frontier.length > 0) {
      depth += 1;
      const following: string[] = [];
      for (const zone of frontier) {
        for (const neighbour of next.get(zone) ?? []) {
          if (distance.has(neighbour)) continue;
          distance.set(neighbour, depth);
          following.push(neighbour);
        }
      }
      frontier = following;
    }
    for (const [zone, hops] of distance) {
      const exposure = result.get(zone);
      if (exposure && (exposure.hops.get(kind) ?? Number.POSITIVE_INFINITY) > hops)
        exposure.hops.set(kind, hops);
    }
  }
  for (const exposure of result.values()) exposure.direct = [...new Set(exposure.direct)].sort();
  return result;
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateSite } from "../generate/site.js";
import type { Control, Site } from "../model/site.js";
import { controlTypes } from "../model/vocabulary.js";
import { deriveImportance } from "./importance.js";
import { analyseAttackPaths, type PathAnalysis, type PathOptions } from "./paths.js";
import { indexSite } from "./site-index.js";

const run = (site: Site, options?: PathOptions): PathAnalysis => {
  const index = indexSite(site);
  return analyseAttackPaths(index, deriveImportance(index), options);
};

/** Generated plants of a few hundred assets (the options are what a counterexample shows). */
const plants = fc.record({
  assets: fc.integer({ min: 100, max: 400 }),
  zones: fc.integer({ min: 9, max: 30 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

/** The comparable content of an analysis (Maps and shared objects flattened). */
const summary = (analysis: PathAnalysis) => ({
  paths: analysis.paths.map((p) => [p.id, p.score, p.hops.map((h) => h.cost)]),
  cuts: [...analysis.cutsByTarget].map(([target, cut]) => [target, cut.conduits, cut.cost, cut.pathsCut]),
  ranking: analysis.conduitRanking.map((r) => [r.conduit, r.paths, r.targets, r.cuts]),
  unreachable: analysis.unreachable,
  unzoned: analysis.unzoned,
});

const easiest = (analysis: PathAnalysis, target: string) => analysis.pathsByTarget.get(target)?.[0]?.score;
const settings = (seed: number) => ({ seed, numRuns: 25 });

describe("attack paths: properties on generated sites", () => {
  it("are deterministic", () => {
    fc.assert(
      fc.property(plants, (plant) => {
        const site = generateSite(plant);
        const first = summary(run(site));
        expect(summary(run(structuredClone(site)))).toEqual(first);
        expect(summary(run(site))).toEqual(first);
      }),
      settings(20261121),
    );
  });

  it("removing a conduit never adds a path nor makes a target's easiest path easier", () => {
    fc.assert(
      fc.property(plants, fc.nat(), (plant, pick) => {
        const site = generateSite(plant);
        const conduits = site.conduits ?? [];
        const removed = conduits[pick % conduits.length]?.id as string;
        const before = run(site);
        const after = run({ ...site, conduits: conduits.filter((c) => c.id !== removed) });
        expect(after.targets).toEqual(before.targets);
        for (const target of before.targets) {
          const was = before.pathsByTarget.get(target) ?? [];
          const now = after.pathsByTarget.get(target) ?? [];
          expect(now.length).toBeLessThanOrEqual(was.length);
          if (was.length === 0) expect(now).toEqual([]);
          const entriesBefore = new Set(was.map((p) => p.entry));
          if (was.length < before.k) for (const p of now) expect(entriesBefore.has(p.entry)).toBe(true);
          for (const p of now) expect(p.hops.some((h) => h.conduit === removed)).toBe(false);
          const easiestNow = easiest(after, target);
          if (easiestNow !== undefined)
            expect(easiestNow).toBeGreaterThanOrEqual(easiest(before, target) ?? 0);
        }
      }),
      settings(7),
    );
  });

  it("adding an implemented control never makes a path easier", () => {
    const types = Object.keys(controlTypes) as Control["type"][];
    fc.assert(
      fc.property(plants, fc.nat(), fc.constantFrom(...types), (plant, pick, type) => {
        const site = generateSite(plant);
        const conduits = site.conduits ?? [];
        const i = pick % conduits.length;
        const hardened = structuredClone(site);
        const target = hardened.conduits?.[i];
        if (!target) return;
        target.controls = [...(target.controls ?? []), { type }];
        const before = run(site);
        const after = run(hardened);
        const scoreBefore = new Map(before.paths.map((p) => [p.id, p.score]));
        for (const p of after.paths) {
          const was = scoreBefore.get(p.id);
          if (was !== undefined) expect(p.score).toBeGreaterThanOrEqual(was);
        }
        for (const t of before.targets) {
          const was = before.pathsByTarget.get(t) ?? [];
          const now = after.pathsByTarget.get(t) ?? [];
          expect(now.length).toBe(was.length);
          // The i-th easiest path is never easier than before.
          now.forEach((p, n) => {
            expect(p.score).toBeGreaterThanOrEqual(was[n]?.score ?? 0);
          });
        }
      }),
      settings(11),
    );
  });

  it("gives simple paths that follow conduit directions, from an entry to the target's zone", () => {
    fc.assert(
      fc.property(plants, fc.boolean(), (plant, includePlanned) => {
        const site = generateSite(plant);
        const analysis = run(site, { includePlanned });
        const conduits = new Map((site.conduits ?? []).map((c) => [c.id, c]));
        const externals = new Map((site.externals ?? []).map((e) => [e.id, e]));
        const zoneOf = new Map((site.zones ?? []).flatMap((z) => (z.assets ?? []).map((a) => [a, z.id])));
        // Collect violations and assert once: thousands of paths per case.
        const wrong: string[] = [];
        const check = (ok: boolean, what: string, path: string) => {
          if (!ok) wrong.push(`${path}: ${what}`);
        };
        for (const path of analysis.paths) {
          const id = path.id;
          check(externals.get(path.entry)?.kind === path.entryKind, "entry kind", id);
          check(path.hops[0]?.from === path.entry, "starts at the entry", id);
          check(path.hops.at(-1)?.to === path.targetZone, "ends in the target zone", id);
          check(zoneOf.get(path.target) === path.targetZone, "target in the zone", id);
          const visited = [path.entry, ...path.hops.map((h) => h.to)];
          check(new Set(visited).size === visited.length, "simple", id);
          let total = path.entryCost + path.targetCost;
          for (const [n, hop] of path.hops.entries()) {
            total += hop.cost;
            const conduit = conduits.get(hop.conduit);
            if (!conduit) {
              wrong.push(`${id}: unknown conduit ${hop.conduit}`);
              continue;
            }
            check(n === 0 || !externals.has(hop.from), "never through an external", id);
            check(!externals.has(hop.to), "never into an external", id);
            const forward = hop.from === conduit.from && hop.to === conduit.to;
            const backward = hop.from === conduit.to && hop.to === conduit.from;
            check(forward || backward, "along its conduit", id);
            if (backward) {
              check(conduit.direction !== "data-diode", "never against a diode", id);
              if (conduit.direction === "one-way")
                check(
                  hop.reasons.some((r) => r.code === "one-way-reverse"),
                  "one-way crossed backwards says so",
                  id,
                );
            }
            check(hop.cost > 0, "positive cost", id);
            check(
              hop.reasons.reduce((s, r) => s + (r.params.cost as number), 0) === hop.cost,
              "reasons add up",
              id,
            );
          }
          check(path.score === total, "score is the sum", id);
        }
        for (const [target, list] of analysis.pathsByTarget)
          for (let n = 1; n < list.length; n++)
            check((list[n - 1]?.score ?? 0) <= (list[n]?.score ?? 0), "easiest first", target);
        expect(wrong.slice(0, 10)).toEqual([]);
      }),
      settings(3),
    );
  });

  it("cuts: removing a target's cut conduits leaves it unreachable", () => {
    fc.assert(
      fc.property(plants, fc.nat(), (plant, pick) => {
        const site = generateSite(plant);
        const analysis = run(site);
        const withCut = analysis.targets.filter((t) => analysis.cutsByTarget.has(t));
        const target = withCut[pick % Math.max(1, withCut.length)];
        if (target === undefined) return;
        const cut = analysis.cutsByTarget.get(target);
        const after = run({
          ...site,
          conduits: (site.conduits ?? []).filter((c) => !cut?.conduits.includes(c.id)),
        });
        expect(after.pathsByTarget.get(target)).toEqual([]);
        expect(cut?.pathsCut).toBe(analysis.pathsByTarget.get(target)?.length);
      }),
      settings(5),
    );
  });
});

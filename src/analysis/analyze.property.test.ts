import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readCatalogueTexts } from "../catalogues/files.js";
import { loadCatalogues } from "../catalogues/load.js";
import { generateSite } from "../generate/site.js";
import type { Site } from "../model/site.js";
import { analyzeSite, createAnalyzer } from "./analyze.js";
import { analysisReport } from "./report.js";

/** Laws the analysis keeps on any site: determinism and monotonicity in countermeasures. */

const loaded = loadCatalogues(readCatalogueTexts()).catalogues;
if (!loaded) throw new Error("catalogues must load");
const catalogues = loaded;
const runs = { numRuns: 25, seed: 20261121 };

const residualScores = (site: Site) =>
  new Map(analyzeSite(site, catalogues).risks.map((r) => [r.id, r.residual.score]));

describe("analysis properties", () => {
  it("is deterministic: the same site gives the same report, byte for byte", () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 300 }), fc.nat(1000), (assets, seed) => {
        const site = generateSite({ assets, seed });
        const a = JSON.stringify(analysisReport(analyzeSite(site, catalogues), catalogues, "ja"));
        const b = JSON.stringify(
          analysisReport(analyzeSite(structuredClone(site), catalogues), catalogues, "ja"),
        );
        expect(a).toBe(b);
      }),
      { ...runs, numRuns: 10 },
    );
  });

  it("never raises a risk when an implemented countermeasure is added", () => {
    const ids = catalogues.countermeasures.map((c) => c.id);
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 200 }),
        fc.nat(1000),
        fc.constantFrom(...ids),
        fc.nat(),
        (assets, seed, catalogueId, pick) => {
          const site = generateSite({ assets, seed });
          const before = residualScores(site);
          const zones = site.zones ?? [];
          const zone = zones[pick % zones.length];
          if (!zone) return;
          site.countermeasures = [
            ...(site.countermeasures ?? []),
            {
              id: "cm-added",
              name: "追加",
              catalogue: catalogueId,
              appliesTo: [zone.id],
              status: "implemented",
            },
          ];
          const after = residualScores(site);
          for (const [id, score] of after)
            expect(score, id).toBeLessThanOrEqual(before.get(id) ?? Number.POSITIVE_INFINITY);
        },
      ),
      runs,
    );
  });

  it("never raises a risk when an implemented control is added to a conduit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 200 }),
        fc.nat(1000),
        fc.constantFrom(
          "firewall",
          "mfa",
          "jump-host",
          "encryption",
          "authentication",
          "monitoring",
          "malware-scanning" as const,
        ),
        fc.nat(),
        (assets, seed, type, pick) => {
          const site = generateSite({ assets, seed });
          const before = residualScores(site);
          const conduits = site.conduits ?? [];
          const conduit = conduits[pick % conduits.length];
          if (!conduit) return;
          conduit.controls = [...(conduit.controls ?? []), { type }];
          const after = residualScores(site);
          for (const [id, score] of after)
            expect(score, id).toBeLessThanOrEqual(before.get(id) ?? Number.POSITIVE_INFINITY);
        },
      ),
      runs,
    );
  });
});

/** Edits as a server applies them: a new site object that shares every part the edit did not touch. */
type Edit = (site: Site, pick: number) => Site;
const edits: Edit[] = [
  (site, pick) => {
    const assets = site.assets ?? [];
    const i = pick % assets.length;
    return {
      ...site,
      assets: assets.map((a, j) => (j === i ? { ...a, generalPurpose: !a.generalPurpose } : a)),
    };
  },
  (site, pick) => {
    const assets = site.assets ?? [];
    const ops = site.operations ?? [];
    const i = pick % assets.length;
    const op = ops[pick % ops.length]?.id;
    return op ? { ...site, assets: assets.map((a, j) => (j === i ? { ...a, operations: [op] } : a)) } : site;
  },
  (site, pick) => {
    // Move an asset to another zone.
    const zones = site.zones ?? [];
    const from = zones.findIndex((z) => (z.assets?.length ?? 0) > 1);
    if (from < 0) return site;
    const to = (from + 1 + (pick % (zones.length - 1))) % zones.length;
    const moved = zones[from]?.assets?.[0] as string;
    return {
      ...site,
      zones: zones.map((z, j) =>
        j === from
          ? { ...z, assets: z.assets?.slice(1) }
          : j === to
            ? { ...z, assets: [...(z.assets ?? []), moved] }
            : z,
      ),
    };
  },
  (site, pick) => {
    const conduits = site.conduits ?? [];
    const i = pick % conduits.length;
    return {
      ...site,
      conduits: conduits.map((c, j) =>
        j === i ? { ...c, controls: [...(c.controls ?? []), { type: "mfa" as const }] } : c,
      ),
    };
  },
  (site, pick) => {
    const ops = site.operations ?? [];
    const i = pick % ops.length;
    const levels = ["low", "medium", "high", "critical"];
    return {
      ...site,
      operations: ops.map((o, j) => (j === i ? { ...o, importance: levels[pick % 4] as string } : o)),
    };
  },
  (site, pick) => {
    const zone = site.zones?.[pick % (site.zones?.length ?? 1)];
    const catalogueId = catalogues.countermeasures[pick % catalogues.countermeasures.length]?.id;
    if (!zone || !catalogueId) return site;
    const id = `cm-edit-${pick}`;
    if (site.countermeasures?.some((c) => c.id === id)) return site;
    return {
      ...site,
      countermeasures: [
        ...(site.countermeasures ?? []),
        { id, name: "追加", catalogue: catalogueId, appliesTo: [zone.id], status: "implemented" },
      ],
    };
  },
];

describe("incremental analysis", () => {
  it("recomputes only the zone an asset edit touched", () => {
    const site = generateSite({ assets: 300, seed: 4, conduits: 60 });
    const analyzer = createAnalyzer(catalogues);
    expect(analyzer(site).recomputedZones).toBe(site.zones?.length);
    expect(analyzer(site).recomputedZones).toBe(0);
    const edited = (edits[0] as Edit)(site, 17);
    expect(analyzer(edited).recomputedZones).toBe(1);
    const conduitEdit = (edits[3] as Edit)(edited, 3);
    expect(analyzer(conduitEdit).recomputedZones).toBe(site.zones?.length);
  });

  it("equals a full recomputation after every edit of a random sequence", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 30, max: 250 }),
        fc.nat(1000),
        fc.array(fc.tuple(fc.nat(edits.length - 1), fc.nat(10_000)), { minLength: 1, maxLength: 8 }),
        (assets, seed, steps) => {
          let site = generateSite({ assets, seed, conduits: assets / 5 });
          const analyzer = createAnalyzer(catalogues);
          analyzer(site, { asOf: "2026-11-21" });
          for (const [edit, pick] of steps) {
            site = (edits[edit] as Edit)(site, pick);
            const incremental = analysisReport(analyzer(site, { asOf: "2026-11-21" }), catalogues, "en");
            const full = analysisReport(
              analyzeSite(site, catalogues, { asOf: "2026-11-21" }),
              catalogues,
              "en",
            );
            expect(JSON.stringify(incremental)).toBe(JSON.stringify(full));
          }
        },
      ),
      { numRuns: 20, seed: 20261121 },
    );
  });
});

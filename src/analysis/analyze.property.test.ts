import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readCatalogueTexts } from "../catalogues/files.js";
import { loadCatalogues } from "../catalogues/load.js";
import { generateSite } from "../generate/site.js";
import type { Site } from "../model/site.js";
import { analyzeSite } from "./analyze.js";
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

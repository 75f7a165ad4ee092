import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateSite } from "../../generate/site.js";
import type { Site } from "../../model/site.js";
import { deriveImportance } from "../importance.js";
import { indexSite } from "../site-index.js";
import { createRuleContext, type Finding, runFindingRules } from "./index.js";

/** Properties over generated plants (src/generate/site.ts), with a fixed seed so a failure replays. */

const settings = { seed: 20261121, numRuns: 60 };

function findingsOf(site: Site): Finding[] {
  const index = indexSite(site);
  return runFindingRules(createRuleContext(index, deriveImportance(index), { asOf: "2026-11-21" }));
}

const plant = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  assets: fc.integer({ min: 9, max: 300 }),
  zones: fc.integer({ min: 9, max: 40 }),
});

describe("finding rules on generated plants", () => {
  it("are deterministic", () => {
    fc.assert(
      fc.property(plant, (options) => {
        const a = findingsOf(generateSite(options));
        const b = findingsOf(generateSite(options));
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      }),
      settings,
    );
  });

  it("give unique ids", () => {
    fc.assert(
      fc.property(plant, (options) => {
        const ids = findingsOf(generateSite(options)).map((finding) => finding.id);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      settings,
    );
  });

  it("never add a finding when a conduit gains MFA and time-limited access in force", () => {
    fc.assert(
      fc.property(plant, fc.nat(), (options, pick) => {
        const site = generateSite(options);
        const before = new Set(findingsOf(site).map((finding) => finding.id));
        const conduits = site.conduits ?? [];
        const conduit = conduits[pick % conduits.length];
        if (!conduit) return;
        conduit.controls = [...(conduit.controls ?? []), { type: "mfa" }, { type: "time-limited-access" }];
        const after = findingsOf(site);
        expect(after.filter((finding) => !before.has(finding.id)).map((finding) => finding.id)).toEqual([]);
        // …and the conduit itself is left without a finding about MFA or standing access.
        const onConduit = after
          .filter((finding) => finding.subject.id === conduit.id)
          .map((finding) => finding.rule);
        expect(onConduit).not.toContain("remote-access-without-mfa");
        expect(onConduit).not.toContain("remote-access-standing");
        expect(onConduit).not.toContain("vendor-standing-access");
      }),
      settings,
    );
  });
});

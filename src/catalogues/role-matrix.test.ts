import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateSite } from "../generate/site.js";
import type { Site } from "../model/site.js";
import { validateText } from "../model/validate.js";
import { readCatalogueTexts } from "./files.js";
import { loadCatalogues } from "./load.js";
import { resolveRoleMatrix } from "./role-matrix.js";

const catalogues = loadCatalogues(readCatalogueTexts()).catalogues;
const seedRoles = catalogues?.oodaRoles ?? [];

describe("resolveRoleMatrix", () => {
  it("applies the supplement's tables to a site without its own matrix, resolved to its departments", () => {
    const site = generateSite({ assets: 50, seed: 2 });
    const matrix = resolveRoleMatrix(site, seedRoles);
    expect(matrix.source).toBe("guideline");
    const observe = matrix.phases.preventive.observe;
    expect(observe.responsible.map((p) => p.ids)).toEqual([["org-vendor"], ["dept-security"]]);
    expect(observe.activities.map((a) => (typeof a === "string" ? a : a.ja))).toEqual([
      "導入している機器の脆弱性情報の収集",
      "導入している機器の脆弱性情報に関する連絡",
    ]);
    const decide = matrix.phases.damage.decide.decisionMakers;
    expect(decide[0]).toMatchObject({ department: "dept-management", condition: { ja: "重要度に応じて" } });
  });

  it("keeps a party the site has no department for, with no ids, so the gap shows", () => {
    const site: Site = { ...generateSite({ assets: 20, seed: 1 }), departments: [] };
    const orient = resolveRoleMatrix(site, seedRoles).phases.damage.orient;
    expect(orient.responsible.length).toBeGreaterThan(0);
    expect(orient.responsible.every((p) => p.ids.length === 0)).toBe(true);
    expect(orient.decisionMakers.every((m) => m.department === undefined)).toBe(true);
  });

  it("uses the site's own matrix when it has one", () => {
    const text = readFileSync(new URL("../../examples/demo-site.yaml", import.meta.url), "utf8");
    const valid = validateText(text).valid;
    if (valid?.kind !== "site") throw new Error("demo site must be valid");
    const matrix = resolveRoleMatrix(valid.document, seedRoles);
    expect(matrix.source).toBe("site");
    expect(matrix.phases.damage.act.responsible.length).toBeGreaterThan(0);
    for (const party of matrix.phases.preventive.observe.responsible) expect(party.ids).toHaveLength(1);
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { summariseCsaf } from "../advisories/advisory.js";
import { buildAdvisoryIndex, matchAdvisories } from "../advisories/advisory-index.js";
import { parseCpe } from "../advisories/cpe.js";
import { parsePurl } from "../advisories/purl.js";
import { sharedDirectory } from "../catalogues/shared-data.js";
import { generateInventory } from "./inventory.js";

const root = join(sharedDirectory(), "corpora/cisa-csaf/csaf_files");
// Every fifth CISA advisory: 477 of them, every year and most vendors.
const advisories = readdirSync(root, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith(".json") && !f.includes("feed"))
  .sort()
  .filter((_, i) => i % 5 === 0)
  .map((f) => summariseCsaf(JSON.parse(readFileSync(join(root, f), "utf8"))));
const products = advisories.flatMap((a) => a.products);
const options = { products, assets: 3000, sboms: 20, componentsPerSbom: 200, seed: 5 };
const inventory = generateInventory(options);
const components = inventory.sboms.flatMap((s) => s.components);

describe("generated inventories", () => {
  it("are deterministic: the same products and options give the same inventory", () => {
    expect(generateInventory(options)).toEqual(inventory);
    expect(generateInventory({ ...options, seed: 6 })).not.toEqual(inventory);
  });

  it("have the sizes asked for and unique ids", () => {
    expect(inventory.assets).toHaveLength(3000);
    expect(inventory.sboms).toHaveLength(20);
    for (const sbom of inventory.sboms) {
      expect(sbom.components).toHaveLength(200);
      for (const c of sbom.components) expect(c.id.startsWith(`${sbom.id}/`)).toBe(true);
    }
    const ids = [...inventory.assets, ...components].map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("write valid identifiers: every CPE and purl parses", () => {
    const items = [...inventory.assets, ...components];
    const cpes = new Set(items.flatMap((i) => (i.cpe ? [i.cpe] : [])));
    const purls = new Set(items.flatMap((i) => (i.purl ? [i.purl] : [])));
    expect(cpes.size).toBeGreaterThan(10);
    expect(purls.size).toBeGreaterThan(1000);
    for (const cpe of cpes) expect(parseCpe(cpe).ok, cpe).toBe(true);
    for (const purl of purls) expect(parsePurl(purl).ok, purl).toBe(true);
    // Components are identified by purl, assets by vendor, product and model (some by CPE).
    for (const c of components) expect(c.purl).toBeDefined();
    expect(inventory.assets.every((a) => a.vendor && a.product)).toBe(true);
  });

  it("give most libraries a SHA-256, the same for a release in every SBOM", () => {
    const libraries = components.filter((c) => !c.purl?.startsWith("pkg:generic/"));
    const hashed = libraries.filter((c) => c.hashes);
    expect(hashed.length / libraries.length).toBeGreaterThan(0.6);
    expect(hashed.length / libraries.length).toBeLessThan(0.8);
    const byPurl = new Map<string, string>();
    for (const c of hashed) {
      const [hash] = c.hashes ?? [];
      expect(hash?.alg).toBe("SHA-256");
      expect(hash?.content).toMatch(/^[0-9a-f]{64}$/);
      const seen = byPurl.get(c.purl as string);
      if (seen) expect(hash?.content).toBe(seen);
      byPurl.set(c.purl as string, hash?.content as string);
    }
    expect(new Set(byPurl.values()).size).toBe(byPurl.size);
  });

  it("draw assets from the advisories' vendors and products, so that about half match and half do not", () => {
    const vendors = new Set(products.map((p) => p.vendor?.trim()));
    const fromAdvisories = inventory.assets.filter((a) => vendors.has(a.vendor)).length;
    expect(fromAdvisories / inventory.assets.length).toBeGreaterThan(0.3);
    const matches = matchAdvisories(buildAdvisoryIndex(advisories), [...inventory.assets, ...components]);
    const matched = new Set(matches.map((m) => m.item));
    const assetShare = inventory.assets.filter((a) => matched.has(a.id)).length / inventory.assets.length;
    expect(assetShare).toBeGreaterThan(0.3);
    expect(assetShare).toBeLessThan(0.7);
    // Components are mostly open-source libraries ICS advisories do not name; a few OT components match.
    const componentShare = components.filter((c) => matched.has(c.id)).length / components.length;
    expect(componentShare).toBeGreaterThan(0);
    expect(componentShare).toBeLessThan(0.05);
    // Plants standardise: far fewer kinds of device than devices.
    const kinds = new Set(
      inventory.assets.map((a) => JSON.stringify([a.vendor, a.product, a.model, a.version])),
    );
    expect(kinds.size).toBeLessThan(inventory.assets.length / 4);
  });

  it("without products, every asset is IT equipment and every component an open-source library", () => {
    const bare = generateInventory({ products: [], assets: 200, sboms: 2, componentsPerSbom: 50 });
    expect(bare.assets).toHaveLength(200);
    expect(bare.sboms.flatMap((s) => s.components).every((c) => !c.purl?.startsWith("pkg:generic/"))).toBe(
      true,
    );
  });
});

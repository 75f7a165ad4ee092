import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCatalogueTexts } from "../catalogues/files.js";
import { countermeasureIds, loadCatalogues } from "../catalogues/load.js";
import type { Product } from "./product.js";
import type { Site } from "./site.js";
import { validateText } from "./validate.js";
import { assetTypes, externalKinds, zoneTypes } from "./vocabulary.js";

/** The shipped demo documents must stay valid, realistic and consistent with each other. */

const read = (name: string) => readFileSync(new URL(`../../examples/${name}`, import.meta.url), "utf8");

let siteCache: Site | undefined;
function validSite(): Site {
  if (siteCache) return siteCache;
  const result = validateText(read("demo-site.yaml"));
  if (result.valid?.kind !== "site") throw new Error("demo-site.yaml is not a valid site");
  siteCache = result.valid.document;
  return siteCache;
}

let productCache: Product | undefined;
function validProduct(): Product {
  if (productCache) return productCache;
  const result = validateText(read("demo-product.yaml"));
  if (result.valid?.kind !== "product") throw new Error("demo-product.yaml is not a valid product");
  productCache = result.valid.document;
  return productCache;
}

interface CycloneDxComponent {
  "bom-ref"?: string;
  type: string;
  name: string;
  version?: string;
  purl?: string;
}
interface CycloneDx {
  bomFormat: string;
  specVersion: string;
  serialNumber?: string;
  version: number;
  metadata?: { component?: CycloneDxComponent };
  components?: CycloneDxComponent[];
  dependencies?: { ref: string; dependsOn?: string[] }[];
}

describe("examples/demo-site.yaml", () => {
  it("validates with no problems at all, errors or warnings", () => {
    const result = validateText(read("demo-site.yaml"));
    expect(result.problems).toEqual([]);
    expect(result.valid?.kind).toBe("site");
  });

  it("is a plant of realistic size", () => {
    const site = validSite();
    expect(site.assets?.length ?? 0).toBeGreaterThanOrEqual(100);
    expect(site.zones?.length ?? 0).toBeGreaterThanOrEqual(8);
    expect(site.conduits?.length ?? 0).toBeGreaterThanOrEqual(15);
    expect(site.operations?.length ?? 0).toBeGreaterThanOrEqual(15);
    expect(site.countermeasures?.length ?? 0).toBeGreaterThanOrEqual(20);
  });

  it("has an asset of every category", () => {
    const categories = new Set((validSite().assets ?? []).map((asset) => assetTypes[asset.type].category));
    expect([...categories].sort()).toEqual(["data", "device", "facility", "network", "service", "software"]);
  });

  it("uses every kind of external entity, each through a conduit", () => {
    const site = validSite();
    const kinds = new Set((site.externals ?? []).map((external) => external.kind));
    expect([...kinds].sort()).toEqual(Object.keys(externalKinds).sort());
    const ends = new Set((site.conduits ?? []).flatMap((conduit) => [conduit.from, conduit.to]));
    for (const external of site.externals ?? []) expect(ends).toContain(external.id);
  });

  it("lists every zone type it uses, and uses the ones the demo is meant to show", () => {
    const used = new Set((validSite().zones ?? []).map((zone) => zone.type));
    const expected = [
      "building-facility",
      "cloud",
      "control",
      "dmz",
      "enterprise-it",
      "field",
      "mes-operations",
      "remote-maintenance",
      "safety",
      "unconnected-line",
    ];
    expect([...used].sort()).toEqual(expected);
    for (const type of used) expect(Object.keys(zoneTypes)).toContain(type);
  });

  it("keeps the weaknesses the analysis is meant to find", () => {
    const conduits = new Map((validSite().conduits ?? []).map((conduit) => [conduit.id, conduit]));
    const controlTypes = (id: string) =>
      (conduits.get(id)?.controls ?? []).filter((c) => c.status !== "planned").map((c) => c.type);
    expect(controlTypes("c.vendor-asrs")).toContain("vpn");
    expect(controlTypes("c.vendor-asrs")).not.toContain("mfa");
    expect(controlTypes("c.vendor-asrs")).not.toContain("time-limited-access");
    expect(conduits.get("c.mes-cloud-opcua")?.protocols?.map((p) => p.protocol)).toContain("opc-ua");
    expect(conduits.get("c.mes-press")?.protocols?.map((p) => p.protocol)).toContain("modbus-tcp");
    expect(conduits.get("c.agv-wifi")?.medium).toBe("wireless");
    expect(controlTypes("c.usb-unconnected")).not.toContain("malware-scanning");
    expect([...conduits.values()].some((conduit) => conduit.direction === "data-diode")).toBe(true);
  });

  it("links its countermeasures to catalogue countermeasures that exist", () => {
    const { catalogues, problems } = loadCatalogues(readCatalogueTexts());
    expect(problems).toEqual([]);
    if (!catalogues) throw new Error("the catalogues did not load");
    const known = countermeasureIds(catalogues);
    const linked = (validSite().countermeasures ?? []).filter((countermeasure) => countermeasure.catalogue);
    for (const countermeasure of linked) expect(known, countermeasure.id).toContain(countermeasure.catalogue);
    expect(linked.length).toBeGreaterThanOrEqual(20);
  });
});

describe("examples/demo-product.yaml and its SBOM", () => {
  const sbom = JSON.parse(read("demo-product.cdx.json")) as CycloneDx;

  it("validates with no problems at all, errors or warnings", () => {
    const result = validateText(read("demo-product.yaml"));
    expect(result.problems).toEqual([]);
    expect(result.valid?.kind).toBe("product");
  });

  it("points at the CycloneDX SBOM beside it", () => {
    expect(validProduct().sbom).toEqual({ format: "cyclonedx", path: "demo-product.cdx.json" });
  });

  it("is CycloneDX 1.6 JSON", () => {
    expect(sbom.bomFormat).toBe("CycloneDX");
    expect(sbom.specVersion).toBe("1.6");
    expect(sbom.version).toBe(1);
    expect(sbom.serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(sbom.metadata?.component?.name).toBe("TSG-200");
  });

  it("lists the same components as the product, by name and version (and purl)", () => {
    const product = validProduct();
    const key = (c: { name: string; version?: string }) => `${c.name}@${c.version ?? ""}`;
    const inProduct = (product.components ?? []).map(key).sort();
    const inSbom = (sbom.components ?? []).map(key).sort();
    expect(inProduct.length).toBeGreaterThanOrEqual(12);
    expect(inSbom).toEqual(inProduct);
    const purls = new Map((sbom.components ?? []).map((c) => [key(c), c.purl]));
    for (const component of product.components ?? []) expect(purls.get(key(component))).toBe(component.purl);
  });

  it("has unique bom-refs and every dependency ref resolves to one", () => {
    const refs = [sbom.metadata?.component, ...(sbom.components ?? [])].map((c) => c?.["bom-ref"]);
    expect(refs.every((ref) => typeof ref === "string")).toBe(true);
    expect(new Set(refs).size).toBe(refs.length);
    const known = new Set(refs);
    const dependencies = sbom.dependencies ?? [];
    expect(dependencies.length).toBeGreaterThan(0);
    for (const dependency of dependencies) {
      expect(known).toContain(dependency.ref);
      for (const target of dependency.dependsOn ?? []) expect(known).toContain(target);
    }
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { sharedDirectory } from "../catalogues/shared-data.js";
import type { Site } from "../model/site.js";
import { productsOf, vulnerabilitiesOf } from "./csaf-products.js";
import { inventoryOf } from "./inventory.js";
import { expandModels, hashKey, matchInventory, matchProduct, sameVendor, sbomUrlKey } from "./match.js";

const demo = parse(readFileSync(new URL("../../examples/demo-site.yaml", import.meta.url), "utf8")) as Site;
const inventory = inventoryOf(demo);
const advisory = (path: string) =>
  JSON.parse(readFileSync(join(sharedDirectory(), "corpora/cisa-csaf/csaf_files/OT/white", path), "utf8"));

function summary(path: string) {
  const products = productsOf(advisory(path));
  return matchInventory(inventory, products)
    .map((m) => `${m.item} ${m.product} ${m.confidence} ${m.version}${m.certain ? " certain" : ""}`)
    .sort();
}

describe("matching real CISA ICS advisories against the demo plant (hand-checked)", () => {
  it("ICSA-23-306-02 MELSEC iQ-R: the R04CPUs at firmware 40 are affected (>=35), the R08CPU at 28 is not", () => {
    // Read by hand: product CSAFPID-0010 is "R04/08/16/32/120(EN)CPU", affected from firmware 35 on.
    expect(summary("2023/icsa-23-306-02.json")).toEqual([
      "plc-asrs-01 CSAFPID-0010 name-heuristic other-version",
      "plc-press-01 CSAFPID-0010 name-heuristic affected-version",
      "plc-press-02 CSAFPID-0010 name-heuristic affected-version",
      "plc-press-03 CSAFPID-0010 name-heuristic affected-version",
    ]);
    const vulnerabilities = vulnerabilitiesOf(advisory("2023/icsa-23-306-02.json"));
    expect(vulnerabilities[0]?.cve).toBe("CVE-2023-4625");
    expect(vulnerabilities[0]?.states.get("CSAFPID-0010")).toBe("affected");
  });

  it("ICSA-24-226-10 Rockwell: the CompactLogix 5380 is the product, but '<v36.011_v35.013_v34.014' lists several release trains, so a person decides", () => {
    expect(summary("2024/icsa-24-226-10.json")).toEqual(["plc-paint-01 CSAFPID-0001 name-heuristic unknown"]);
    const [match] = matchInventory(inventory, productsOf(advisory("2024/icsa-24-226-10.json")));
    expect(match?.reasons.map((r) => r.code)).toEqual(["product-name", "range-unread"]);
  });

  it("ICSA-19-346-02 Omron: both NX1P2 controllers, every version", () => {
    expect(summary("2019/icsa-19-346-02.json")).toEqual([
      "plc-assy-01 CSAFPID-0002 name-heuristic affected-version",
      "plc-assy-02 CSAFPID-0002 name-heuristic affected-version",
    ]);
  });
});

describe("identifiers decide before names", () => {
  const scalance = {
    product_tree: {
      branches: [
        {
          category: "vendor",
          name: "Siemens",
          branches: [
            {
              category: "product_name",
              name: "SCALANCE XC208",
              branches: [
                {
                  category: "product_version_range",
                  name: "vers:all/<V4.5.1",
                  product: {
                    name: "SCALANCE XC208 < V4.5.1",
                    product_id: "P1",
                    product_identification_helper: {
                      cpe: "cpe:2.3:o:siemens:scalance_xc208_firmware:*:*:*:*:*:*:*:*",
                    },
                  },
                },
              ],
            },
          ],
        },
      ],
    },
  };

  it("a CPE and a readable range make a certain match", () => {
    const [match] = matchInventory(inventory, productsOf(scalance));
    expect(match).toMatchObject({
      item: "sw-weld",
      product: "P1",
      confidence: "identifier-range",
      version: "affected-version",
      certain: true,
    });
  });

  it("disagreeing CPEs rule a product out even when the names agree", () => {
    const other = productsOf(scalance).map((p) => ({
      ...p,
      cpe: "cpe:2.3:o:siemens:scalance_xc216_firmware:*:*:*:*:*:*:*:*",
    }));
    expect(matchInventory(inventory, other)).toEqual([]);
  });

  it("model numbers with wildcards identify", () => {
    const [product] = productsOf(scalance).map((p) => ({
      ...p,
      cpe: undefined,
      modelNumbers: ["6GK5208-0BA00-2*"],
    }));
    const match = matchProduct({ id: "a", model: "6GK5208-0BA00-2AC2", version: "V4.4" }, product as never);
    expect(match).toMatchObject({
      confidence: "identifier-range",
      version: "affected-version",
      certain: true,
    });
  });

  it("SKUs decide either way, wildcards and spacing as for model numbers", () => {
    const [product] = productsOf(scalance).map((p) => ({
      ...p,
      cpe: undefined,
      skus: ["6GK5 208-0BA00-2*"],
    }));
    const sku = (skus: string[]) =>
      matchProduct(
        { id: "a", vendor: "Siemens", product: "SCALANCE XC208", skus, version: "V4.4" },
        product as never,
      );
    expect(sku(["6GK5208-0BA00-2AC2"])).toMatchObject({
      confidence: "identifier-range",
      certain: true,
      reasons: [{ code: "sku", params: { advisory: "6GK5 208-0BA00-2*", asset: "6GK5208-0BA00-2AC2" } }, {}],
    });
    // Another SKU rules the product out although vendor and name agree.
    expect(sku(["6GK5216-0BA00-2AC2"])).toBeUndefined();
  });

  it("a file hash or an SBOM URL identifies on a hit and is passed over on a miss", () => {
    const [product] = productsOf(scalance).map((p) => ({
      ...p,
      hashes: [{ filename: "fw.bin", hashes: [{ algorithm: "sha256", value: "ab".repeat(32) }] }],
      sbomUrls: ["https://cert-portal.siemens.com/sbom/xc208.spdx.json"],
    }));
    const hit = matchProduct(
      {
        id: "a",
        cpe: "cpe:2.3:o:siemens:scalance_xc216_firmware:*:*:*:*:*:*:*:*",
        hashes: [{ alg: "SHA-256", content: "AB".repeat(32) }],
      },
      product as never,
    );
    // The hash names the very file: it wins over a disagreeing CPE and settles the version.
    expect(hit).toMatchObject({ confidence: "exact-identifier", version: "affected-version", certain: true });
    expect(hit?.reasons.map((r) => r.code)).toEqual(["file-hash", "version-by-hash"]);
    // Another hash says nothing; the CPE then decides.
    const miss = { id: "a", hashes: [{ alg: "SHA-256", content: "cd".repeat(32) }] };
    expect(
      matchProduct(
        { ...miss, cpe: "cpe:2.3:o:siemens:scalance_xc208_firmware:4.4:*:*:*:*:*:*:*" },
        product as never,
      ),
    ).toMatchObject({ reasons: [{ code: "cpe" }, { code: "no-version" }] });
    expect(matchProduct(miss, product as never)).toBeUndefined();
    const url = matchProduct(
      { id: "a", version: "V4.6", sbomUrls: ["HTTPS://cert-portal.siemens.com/sbom/xc208.spdx.json/#root"] },
      product as never,
    );
    // The SBOM is the product's; the version is still compared.
    expect(url).toMatchObject({ confidence: "identifier-range", version: "other-version", certain: true });
  });
});

describe("identifier keys", () => {
  it("hash algorithms in CSAF's, CycloneDX's and SPDX's spellings are one", () => {
    for (const alg of ["sha256", "SHA-256", "SHA256", "sha_256"])
      expect(hashKey(alg, "AB")).toBe("sha256:ab");
    expect(hashKey("sha3-512", "x")).toBe(hashKey("SHA3-512", "X"));
    expect(hashKey("sha3-256", "x")).not.toBe(hashKey("sha256", "x"));
  });

  it("SBOM URLs compare without fragment, trailing slash or the case of scheme and host", () => {
    expect(sbomUrlKey("HTTPS://Example.COM/Sbom/A.json/#top")).toBe("https://example.com/Sbom/A.json");
    expect(sbomUrlKey("https://example.com/")).toBe("https://example.com/");
    expect(sbomUrlKey("urn:uuid:3E671687-395B-41F5-A30F-A58921A69B79")).toBe(
      "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
    );
    expect(sbomUrlKey(" not a url ")).toBe("not a url");
  });

  it("are idempotent (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.webUrl({ withFragments: true, withQueryParameters: true }), fc.string()),
        (text) => {
          const key = sbomUrlKey(text);
          expect(sbomUrlKey(key)).toBe(key);
        },
      ),
    );
  });
});

describe("names", () => {
  it("expands vendors' model lists", () => {
    expect(expandModels("R04/08/16/32/120(EN)CPU")).toEqual(
      expect.arrayContaining(["R04CPU", "R08CPU", "R120CPU", "R04ENCPU", "R120ENCPU"]),
    );
    expect(expandModels("SIMATIC S7-1500")).toEqual([]);
  });

  it("compares vendors without their legal form", () => {
    expect(sameVendor("Mitsubishi Electric", "Mitsubishi Electric Corporation")).toBe(true);
    expect(sameVendor("OMRON", "Omron Corp.")).toBe(true);
    expect(sameVendor("Siemens", "Siemens Energy")).toBe(false);
    expect(sameVendor("Rockwell Automation", "Schneider Electric")).toBe(false);
  });

  it("never matches across vendors by name (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...inventory),
        fc.string({ minLength: 1, maxLength: 30 }),
        (item, productName) => {
          const products = productsOf({
            product_tree: {
              branches: [
                {
                  category: "vendor",
                  name: "Nobody Such Vendor",
                  branches: [
                    {
                      category: "product_name",
                      name: productName,
                      product: { name: productName, product_id: "X" },
                    },
                  ],
                },
              ],
            },
          });
          const found = matchInventory([{ ...item, cpe: undefined, purl: undefined }], products);
          expect(found).toEqual([]);
        },
      ),
    );
  });
});

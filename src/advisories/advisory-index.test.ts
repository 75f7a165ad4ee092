import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { sharedDirectory } from "../catalogues/shared-data.js";
import { generateInventory } from "../generate/inventory.js";
import type { Site } from "../model/site.js";
import { type AdvisorySummary, summariseCsaf } from "./advisory.js";
import { type AdvisoryMatch, buildAdvisoryIndex, matchAdvisories } from "./advisory-index.js";
import type { AdvisoryProduct } from "./csaf-products.js";
import { inventoryOf } from "./inventory.js";
import { expandModels, type InventoryItem, matchProduct } from "./match.js";
import { readSbom, sbomInventory } from "./sbom.js";

const root = join(sharedDirectory(), "corpora/cisa-csaf/csaf_files");
const files = readdirSync(root, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith(".json") && !f.includes("feed"))
  .sort();
const summary = (file: string) => summariseCsaf(JSON.parse(readFileSync(join(root, file), "utf8")));

/** The brute force the index must equal: `matchProduct` on every (item, advisory product) pair. */
function bruteForce(
  advisories: readonly AdvisorySummary[],
  items: readonly InventoryItem[],
): AdvisoryMatch[] {
  const out: AdvisoryMatch[] = [];
  for (const item of items)
    for (const advisory of advisories)
      for (const product of advisory.products) {
        const match = matchProduct(item, product);
        if (!match) continue;
        out.push({
          ...match,
          advisory: advisory.key,
          vulnerabilities: advisory.vulnerabilities.flatMap((v) =>
            Object.hasOwn(v.states, product.productId)
              ? [{ id: v.id, state: v.states[product.productId] as NonNullable<(typeof v.states)[string]> }]
              : [],
          ),
        });
      }
  return out;
}

const demo = parse(readFileSync(new URL("../../examples/demo-site.yaml", import.meta.url), "utf8")) as Site;
const demoSbom = readSbom(
  readFileSync(new URL("../../examples/demo-product.cdx.json", import.meta.url), "utf8"),
);
const demoItems = [...inventoryOf(demo), ...sbomInventory(demoSbom.sbom as never, "demo-product/")];

describe("the advisory index on real CISA documents", () => {
  // Every thirteenth advisory (184 of them, a sample of every year and vendor) and the hand-checked ones.
  const sample = [
    ...new Set([
      ...files.filter((_, i) => i % 13 === 0),
      "OT/white/2023/icsa-23-306-02.json",
      "OT/white/2024/icsa-24-226-10.json",
      "OT/white/2019/icsa-19-346-02.json",
    ]),
  ].map(summary);
  const index = buildAdvisoryIndex(sample);
  const generated = generateInventory({
    products: sample.flatMap((a) => a.products),
    assets: 400,
    sboms: 3,
    componentsPerSbom: 150,
    seed: 7,
  });
  const items = [...demoItems, ...generated.assets, ...generated.sboms.flatMap((s) => s.components)];

  it("gives exactly the brute force's matches, in its order", () => {
    const found = matchAdvisories(index, items);
    expect(found).toEqual(bruteForce(sample, items));
    // Not a vacuous comparison: the sample matches by model numbers, model lists and names.
    const codes = new Set(found.flatMap((m) => m.reasons.map((r) => r.code)));
    for (const code of ["model-number", "model-in-list", "model-token", "product-name"])
      expect(codes).toContain(code);
    expect(new Set(found.map((m) => m.confidence))).toEqual(new Set(["identifier-range", "name-heuristic"]));
  });

  it("finds the demo plant's hand-checked matches and each vulnerability's status", () => {
    const found = matchAdvisories(index, demoItems);
    const melsec = found.filter((m) => m.advisory === "https://www.cisa.gov#ICSA-23-306-02");
    expect(melsec.map((m) => `${m.item} ${m.product} ${m.version}`).sort()).toEqual([
      "plc-asrs-01 CSAFPID-0010 other-version",
      "plc-press-01 CSAFPID-0010 affected-version",
      "plc-press-02 CSAFPID-0010 affected-version",
      "plc-press-03 CSAFPID-0010 affected-version",
    ]);
    expect(melsec[0]?.vulnerabilities).toEqual([{ id: "CVE-2023-4625", state: "affected" }]);
    const omron = found.filter((m) => m.advisory === "https://www.cisa.gov#ICSA-19-346-02");
    expect(omron.map((m) => m.item).sort()).toEqual(["plc-assy-01", "plc-assy-02"]);
  });

  it("matches items with the same identifying fields alike, and shares their reasons", () => {
    const twice = [...demoItems, ...demoItems.map((item) => ({ ...item, id: `${item.id}#copy` }))];
    const found = matchAdvisories(index, twice);
    const half = found.length / 2;
    expect(found.slice(half).map((m) => ({ ...m, item: m.item.replace(/#copy$/, "") }))).toEqual(
      found.slice(0, half),
    );
    expect(found[half]?.reasons).toBe(found[0]?.reasons);
  });

  it("an index of nothing matches nothing, and an empty inventory is matched by nothing", () => {
    expect(matchAdvisories(buildAdvisoryIndex([]), items)).toEqual([]);
    expect(matchAdvisories(index, [])).toEqual([]);
    expect(buildAdvisoryIndex(sample).size).toBe(sample.reduce((n, a) => n + a.products.length, 0));
  });
});

// ---------------------------------------------------------------------------------------------------------
// Property: small random advisories and inventories drawn from real CISA products

/** Advisories of at most 40 products, so that the brute force stays small. */
const pool = [
  ...files.filter((_, i) => i % 11 === 3),
  // Model lists ("Q03/04/06/13/26UDVCPU", "L02/06/26CPU-P"…) and model numbers.
  "OT/white/2018/icsa-18-025-02b.json",
  "OT/white/2019/icsa-19-311-01.json",
  "OT/white/2020/icsa-20-161-02.json",
  "OT/white/2022/icsa-22-090-04.json",
  "OT/white/2021/icsa-21-257-13.json",
  "OT/white/2022/icsa-22-195-03.json",
]
  .map(summary)
  .filter((a) => a.products.length > 0 && a.products.length <= 40);

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "") || "x";
const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** Hash values (SHA-256 and SHA-1 lengths) shared by advisories and items. */
const hashValues = ["a1".repeat(32), "B2".repeat(32), "c3".repeat(20)];
const sbomUrls = [
  "https://psirt.example.com/sbom/gw-1.cdx.json",
  "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
];

/**
 * Identifiers CISA's products lack (no CPE, purl, serial number, SKU or SBOM URL in the corpus, one
 * advisory with hashes), so every index is exercised.
 */
const identifiers = (product: AdvisoryProduct) =>
  fc.record(
    {
      cpe: fc.constantFrom(
        `cpe:2.3:o:${slug(product.vendor ?? "x")}:${slug(product.productNames.at(-1) ?? product.name)}:*:*:*:*:*:*:*:*`,
        `cpe:2.3:h:*:${slug(product.productNames.at(-1) ?? product.name)}:*:*:*:*:*:*:*:*`,
        `cpe:2.3:o:${slug(product.vendor ?? "x")}:${slug(product.name).slice(0, 3)}*:*:*:*:*:*:*:*:*`,
        `cpe:2.3:a:-:-:*:*:*:*:*:*:*:*`,
        "cpe:2.3:not a cpe",
      ),
      purl: fc.constantFrom(
        `pkg:generic/${slug(product.vendor ?? "x")}/${slug(product.name)}`,
        `pkg:generic/${slug(product.vendor ?? "x")}/${slug(product.name)}@1.0`,
        `pkg:npm/${slug(product.name)}`,
        "pkg:",
      ),
      modelNumbers: fc.array(fc.constantFrom("6GK5208-0BA00-2*", "R0?CPU", "*", "NX1P2-*", "AB-12"), {
        maxLength: 2,
      }),
      serialNumbers: fc.array(fc.constantFrom("S12*", "S1234", "??99", "*"), { maxLength: 2 }),
      skus: fc.array(fc.constantFrom("6ES7 512-1CK01-0AB0", "6ES7*", "R04CPU-?", "SKU-1"), { maxLength: 2 }),
      hashes: fc.array(
        fc.record({
          filename: fc.constantFrom("fw.bin", "lib.so"),
          hashes: fc.array(
            fc.record({
              algorithm: fc.constantFrom("sha256", "SHA-256", "sha1", "sha3-256"),
              value: fc.constantFrom(...hashValues),
            }),
            { minLength: 1, maxLength: 2 },
          ),
        }),
        { maxLength: 2 },
      ),
      sbomUrls: fc.array(fc.constantFrom(...sbomUrls, "https://PSIRT.example.com/sbom/gw-1.cdx.json/"), {
        maxLength: 2,
      }),
    },
    { requiredKeys: [] },
  );

const advisoryArbitrary = fc.constantFrom(...pool).chain((advisory) =>
  fc
    .array(fc.option(fc.nat(), { nil: undefined }), {
      minLength: advisory.products.length,
      maxLength: advisory.products.length,
    })
    .chain((which) =>
      fc.tuple(
        ...advisory.products.map((product, i) =>
          which[i] !== undefined && which[i] % 3 === 0
            ? identifiers(product).map((extra) => ({ ...product, ...extra }))
            : fc.constant(product),
        ),
      ),
    )
    .map((products): AdvisorySummary => ({ ...advisory, products })),
);

const instantiate = (pattern: string) => pattern.replace(/\*/g, "X7").replace(/\?/g, "4");

/** The item's list identifiers, drawn alone for twins of an item (below). */
const listIdentifiers = {
  serialNumbers: fc.array(fc.constantFrom("S1234", "S12X", "AB99", "", "s-1234"), { maxLength: 2 }),
  skus: fc.array(fc.constantFrom("6ES7512-1CK01-0AB0", "R04CPU-A", "SKU-2", "sku 1"), { maxLength: 2 }),
  hashes: fc.array(
    fc.record({
      alg: fc.constantFrom("SHA-256", "SHA-1", "SHA3-256", "MD5"),
      content: fc.constantFrom(...hashValues, ...hashValues.map((h) => h.toUpperCase()), "d4".repeat(32)),
    }),
    { maxLength: 2 },
  ),
  sbomUrls: fc.array(
    fc.constantFrom(...sbomUrls, "https://psirt.example.com/sbom/gw-1.cdx.json#x", "https://other.example/"),
    { maxLength: 2 },
  ),
};

/**
 * An item, and sometimes its twin: the same fields but for one list identifier, so that matches kept per
 * identifying fields must tell the two apart.
 */
const itemWithTwin = (id: string, products: readonly AdvisoryProduct[]) =>
  itemArbitrary(id, products).chain((item) =>
    fc.oneof(
      fc.constant([item]),
      fc
        .constantFrom(...(Object.keys(listIdentifiers) as (keyof typeof listIdentifiers)[]))
        .chain((field) =>
          listIdentifiers[field].map((value) => [item, { ...item, id: `${id}-twin`, [field]: value }]),
        ),
    ),
  );

const itemArbitrary = (id: string, products: readonly AdvisoryProduct[]) =>
  fc.constantFrom(...products).chain((product) => {
    const family = product.productNames.at(-1) ?? product.name;
    const vendor = product.vendor ?? "";
    const models = [
      ...product.modelNumbers.map(instantiate),
      ...[family, product.name].flatMap(expandModels),
    ];
    return fc.record(
      {
        id: fc.constant(id),
        vendor: fc.constantFrom(
          vendor,
          vendor.toUpperCase(),
          `${vendor} Corporation`,
          words(vendor)[0] ?? "",
          words(vendor).slice(0, 2).join(" "),
          `${vendor} Japan K.K.`,
          pool[0]?.products[0]?.vendor ?? "Siemens",
          "",
        ),
        product: fc.constantFrom(
          family,
          words(family).slice(0, 2).join(" "),
          words(family).at(-1) ?? "",
          "Gateway",
        ),
        model: fc.constantFrom(
          ...models,
          ...models.map((m) => `${m}(EN)`),
          ...words(family).filter((w) => /\d/.test(w) && /[a-z]/i.test(w)),
          "6GK5208-0BA00-2AC2",
          "R04CPU",
          "-",
        ),
        version: fc.constantFrom(
          ...(product.range?.text.match(/\d+(?:\.\d+)*/g) ?? []),
          product.version ?? "1.0",
          "V2.9.4",
          "",
        ),
        cpe: fc.constantFrom(
          `cpe:2.3:o:${slug(vendor)}:${slug(family)}:1.0:*:*:*:*:*:*:*`,
          `cpe:2.3:h:${slug(vendor)}:${slug(family)}:*:*:*:*:*:*:*:*`,
          `cpe:2.3:a:-:-:-:*:*:*:*:*:*:*`,
          "cpe:2.3:broken",
        ),
        purl: fc.constantFrom(
          `pkg:generic/${slug(vendor)}/${slug(product.name)}@1.0`,
          `pkg:npm/${slug(product.name)}@2.0.0`,
          "not a purl",
        ),
        ...listIdentifiers,
      },
      { requiredKeys: ["id"] },
    );
  });

/** Advisories, and items drawn mostly from their own products (else few would match). */
const caseArbitrary = fc.array(advisoryArbitrary, { minLength: 1, maxLength: 6 }).chain((advisories) => {
  const own = advisories.flatMap((a) => a.products);
  const products = own.length > 0 ? own : pool.flatMap((a) => a.products);
  const others = pool.flatMap((a) => a.products);
  return fc.tuple(
    fc.constant(advisories),
    fc
      .integer({ min: 0, max: 25 })
      .chain((n) =>
        fc.tuple(
          ...Array.from({ length: n }, (_, i) => itemWithTwin(`item-${i}`, i % 4 === 3 ? others : products)),
        ),
      )
      .map((groups) => groups.flat()),
  );
});

describe("the advisory index against the brute force (property)", () => {
  it("gives exactly matchProduct on every pair, for random advisories and inventories from CISA products", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(caseArbitrary, ([advisories, items]) => {
        const found = matchAdvisories(buildAdvisoryIndex(advisories), items);
        expect(found).toEqual(bruteForce(advisories, items));
        for (const m of found) seen.add(m.reasons[0]?.code ?? "");
      }),
      { numRuns: 150 },
    );
    // Every way to match was met: hashes, SBOM URLs, CPE, purl, model and serial numbers, SKUs, and the
    // three name heuristics.
    for (const code of [
      "file-hash",
      "sbom-url",
      "cpe",
      "purl",
      "model-number",
      "serial-number",
      "sku",
      "model-in-list",
      "model-token",
      "product-name",
    ])
      expect(seen).toContain(code);
  });
});

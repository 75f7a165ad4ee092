import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sharedDirectory } from "../catalogues/shared-data.js";
import type { AdvisoryProduct } from "./csaf-products.js";
import { matchProduct } from "./match.js";
import {
  detectSbomFormat,
  readSbom,
  type Sbom,
  type SbomComponent,
  sbomInventory,
  spdxActorName,
  toCycloneDxJson,
} from "./sbom.js";

const corpora = join(sharedDirectory(), "corpora");
const specTests = join(corpora, "cyclonedx-spec-tests/tools/src/test/resources");

/**
 * The invalid spec-test documents whose defect a parser must report, by feature (the file name without
 * `invalid-` and the version). Each one breaks what the normalised tree holds or how it is linked:
 * the document kind and version (bomformat, namespace), a component's identity (empty-component = no name,
 * missing-component-type, component-type, component-ref = empty or duplicate bom-ref), the dependency graph
 * (dependency = entry without ref), the hashes and serial number we keep (hash-*, serialnumber) and the
 * shape of the license choice we keep (license-choice, license-missing-id-and-name, license-id-count,
 * license-name-count, license-declared-concluded-mix).
 *
 * Left to a schema validator, because the parser does not read the field or would need the SPDX license
 * list: component-swid, issue-type, patch-type (pedigree), scope, metadata-timestamp, service-data,
 * properties, license-encoding (license text), license-id and metadata-license (unknown SPDX ids).
 * For these the test asserts the parser reads the document without problems, so the choice stays visible.
 */
const caught = new Set([
  "bomformat",
  "namespace",
  "empty-component",
  "missing-component-type",
  "component-type",
  "component-ref",
  "dependency",
  "hash-alg",
  "hash-md5",
  "hash-sha1",
  "hash-sha256",
  "hash-sha512",
  "serialnumber",
  "license-choice",
  "license-missing-id-and-name",
  "license-id-count",
  "license-name-count",
  "license-declared-concluded-mix",
]);
const leftToSchema = new Set([
  "component-swid",
  "issue-type",
  "patch-type",
  "scope",
  "metadata-timestamp",
  "service-data",
  "properties",
  "license-encoding",
  "license-id",
  "metadata-license",
]);

describe("CycloneDX spec tests 1.4–1.6", () => {
  for (const version of ["1.4", "1.5", "1.6"]) {
    it(`reads every valid document and locates the structural defects of the invalid ones (${version})`, () => {
      const files = readdirSync(join(specTests, version)).filter((f) => /\.(json|xml)$/.test(f));
      const tally = { valid: 0, invalidCaught: 0, invalidLeft: 0 };
      for (const file of files) {
        const reading = readSbom(readFileSync(join(specTests, version, file), "utf8"));
        const feature = file.replace(/^(?:in)?valid-/, "").replace(/-\d\.\d\.(json|xml)$/, "");
        if (file.startsWith("valid-")) {
          expect(reading.problems, file).toEqual([]);
          expect(reading.sbom?.specVersion, file).toBe(version);
          expect(reading.sbom?.format, file).toBe(file.endsWith(".xml") ? "cyclonedx-xml" : "cyclonedx-json");
          tally.valid++;
        } else if (caught.has(feature)) {
          expect(reading.problems.length, file).toBeGreaterThan(0);
          for (const p of reading.problems)
            expect(file.endsWith(".xml") ? "line" in p.at : "pointer" in p.at, `${file} ${p.code}`).toBe(
              true,
            );
          tally.invalidCaught++;
        } else {
          expect(leftToSchema.has(feature), `${file}: decide whether the parser must catch it`).toBe(true);
          expect(reading.problems, file).toEqual([]);
          tally.invalidLeft++;
        }
      }
      expect(tally).toEqual(
        {
          "1.4": { valid: 60, invalidCaught: 28, invalidLeft: 18 },
          "1.5": { valid: 74, invalidCaught: 28, invalidLeft: 18 },
          "1.6": { valid: 92, invalidCaught: 32, invalidLeft: 20 },
        }[version],
      );
    });
  }

  it("locates problems by JSON pointer and by XML line", () => {
    const json = readSbom(readFileSync(join(specTests, "1.6/invalid-hash-md5-1.6.json"), "utf8"));
    expect(json.problems).toEqual([
      expect.objectContaining({ code: "hash-content", at: { pointer: "/components/0/hashes/0" } }),
    ]);
    const xml = readSbom(readFileSync(join(specTests, "1.6/invalid-component-ref-1.6.xml"), "utf8"));
    expect(xml.problems.map((p) => [p.code, p.at])).toEqual([
      ["bom-ref-duplicate", { line: 8 }],
      ["bom-ref-duplicate", { line: 13 }],
      ["bom-ref", { line: 17 }],
    ]);
    const dependency = readSbom(readFileSync(join(specTests, "1.4/invalid-dependency-1.4.xml"), "utf8"));
    expect(dependency.problems.map((p) => [p.code, p.at])).toEqual([["dependency-ref", { line: 17 }]]);
  });

  it("reads the same tree from the JSON and the XML form of a document", () => {
    // 107 valid documents exist in both forms. 88 give equal trees; in the other 19 the two files say
    // different things (checked by hand on license-expression, license-id, bom, service and component-ref:
    // the XML has a purl and hashes, a bom-ref, a supplier or nested components the JSON lacks, or other names).
    const differ = new Set(
      "bom component-ref compositions dependency external-reference license-expression license-id license-name service"
        .split(" ")
        .flatMap((f) => [`valid-${f}-1.4`, `valid-${f}-1.5`])
        .concat("valid-machine-learning-1.5"),
    );
    let equal = 0;
    for (const version of ["1.4", "1.5", "1.6"]) {
      const dir = join(specTests, version);
      const files = new Set(readdirSync(dir));
      for (const file of files) {
        const name = file.replace(/\.json$/, "");
        if (!file.startsWith("valid-") || !file.endsWith(".json") || !files.has(`${name}.xml`)) continue;
        const json = readSbom(readFileSync(join(dir, file), "utf8")).sbom;
        const xml = readSbom(readFileSync(join(dir, `${name}.xml`), "utf8")).sbom;
        if (differ.has(name)) expect({ ...xml, format: "cyclonedx-json" }, name).not.toEqual(json);
        else {
          expect({ ...xml, format: "cyclonedx-json" }, name).toEqual(json);
          equal++;
        }
      }
    }
    expect(equal).toBe(88);
  });
});

describe("CycloneDX examples", () => {
  it("reads the 1.4 and 1.6 example SBOMs, nested and flat", () => {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.(json|xml)$/.test(entry.name)) found.push(path);
      }
    };
    walk(join(corpora, "cyclonedx-bom-examples"));
    let read = 0;
    for (const path of found) {
      const text = readFileSync(path, "utf8");
      const reading = readSbom(text);
      if (/"specVersion"\s*:\s*"1\.[46]"|bom\/1\.[46]"/.test(text.slice(0, 2000))) {
        expect(reading.sbom, path).toBeDefined();
        expect(reading.problems, path).toEqual([]);
        read++;
      } else expect(reading.sbom === undefined || reading.problems.length >= 0).toBe(true);
    }
    expect(read).toBeGreaterThanOrEqual(45);
    const bare = readSbom(
      readFileSync(join(corpora, "cyclonedx-bom-examples/SBOM/juice-shop/via_npm/bare/bom.1.4.json"), "utf8"),
    ).sbom as Sbom;
    const flat = readSbom(
      readFileSync(join(corpora, "cyclonedx-bom-examples/SBOM/juice-shop/via_npm/flat/bom.1.4.json"), "utf8"),
    ).sbom as Sbom;
    const count = (list: readonly SbomComponent[]): number =>
      list.reduce((n, c) => n + 1 + count(c.children), 0);
    expect(bare.components.length).toBe(837);
    expect(count(bare.components)).toBe(1115);
    expect(flat.components.length).toBe(1115);
    expect(bare.components.some((c) => c.children.length > 0)).toBe(true);
  });
});

describe("SPDX 2.3", () => {
  const examples = join(corpora, "spdx-2.3-examples/examples");
  const canonical = (sbom: Sbom) => ({
    ...sbom,
    format: "spdx",
    components: [...sbom.components].sort((a, b) => a.ref.localeCompare(b.ref)),
    dependencies: sbom.dependencies
      .map((d) => ({ ref: d.ref, dependsOn: [...d.dependsOn].sort() }))
      .sort((a, b) => a.ref.localeCompare(b.ref)),
  });

  it("reads the reference example to the same tree from JSON and tag-value", () => {
    const json = readSbom(readFileSync(join(examples, "SPDXJSONExample-v2.3.spdx.json"), "utf8"));
    const tag = readSbom(readFileSync(join(examples, "SPDXTagExample-v2.3.spdx"), "utf8"));
    expect(json.problems).toEqual([]);
    expect(tag.problems).toEqual([]);
    expect(json.sbom?.format).toBe("spdx-json");
    expect(tag.sbom?.format).toBe("spdx-tag-value");
    expect(canonical(tag.sbom as Sbom)).toEqual(canonical(json.sbom as Sbom));
    const sbom = json.sbom as Sbom;
    // 4 packages and 5 files; the files after glibc in tag-value are its hasFiles in JSON.
    expect(sbom.components).toHaveLength(9);
    expect(sbom.describes).toEqual(["SPDXRef-File", "SPDXRef-Package"]);
    expect(sbom.components.find((c) => c.ref === "SPDXRef-Package")).toMatchObject({
      name: "glibc",
      version: "2.11.1",
      supplier: "Jane Doe",
      cpe: "cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*",
      type: "source",
    });
    expect(canonical(sbom).dependencies).toEqual([
      { ref: "SPDXRef-JenaLib", dependsOn: ["SPDXRef-Package"] },
      {
        ref: "SPDXRef-Package",
        dependsOn: [
          "SPDXRef-CommonsLangSrc",
          "SPDXRef-DoapSource",
          "SPDXRef-JenaLib",
          "SPDXRef-Saxon",
          "SPDXRef-Specification",
        ],
      },
    ]);
  });

  it("reads the NTIA conformance documents and real-world SBOMs (SPDX 2.2 and 2.3, JSON and tag-value)", () => {
    const dir = join(corpora, "spdx-ntia-conformance/tests/data");
    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => /\.(spdx|spdx\.json|json|spdx\.tag)$/.test(f));
    let read = 0;
    let other = 0;
    for (const f of files) {
      const text = readFileSync(join(dir, f), "utf8");
      const reading = readSbom(text);
      if (/SPDX-2\.[23]/.test(text.slice(0, 3000)) && detectSbomFormat(text)?.startsWith("spdx")) {
        expect(reading.sbom, f).toBeDefined();
        read++;
      } else other++;
    }
    expect(read).toBeGreaterThanOrEqual(20);
    expect(other).toBeGreaterThanOrEqual(0);
  });

  it("names suppliers without their kind and contact", () => {
    expect(spdxActorName("Organization: ExampleCodeInspect (contact@example.com)")).toBe(
      "ExampleCodeInspect",
    );
    expect(spdxActorName("Person: Jane Doe")).toBe("Jane Doe");
    expect(spdxActorName("NOASSERTION")).toBeUndefined();
  });

  it("locates tag-value problems by line", () => {
    const reading = readSbom(
      "SPDXVersion: SPDX-2.3\nPackageName: a\nSPDXID: SPDXRef-a\nnot a tag line\nPackageName: b\nSPDXID: SPDXRef-a\nRelationship: SPDXRef-a DEPENDS_ON SPDXRef-zz\n",
    );
    expect(reading.problems.map((p) => [p.code, p.at])).toEqual([
      ["tag-value-syntax", { line: 4 }],
      ["spdx-id-duplicate", { line: 5 }],
      ["spdx-ref", { line: 7 }],
    ]);
  });
});

describe("matching SBOM components", () => {
  it("turns components into inventory items that match advisories by purl and CPE", () => {
    const sbom = readSbom(
      readFileSync(join(corpora, "spdx-2.3-examples/examples/SPDXJSONExample-v2.3.spdx.json"), "utf8"),
    ).sbom as Sbom;
    const items = sbomInventory(sbom, "sbom-1/");
    // Files without a purl, a CPE or a hash are left out: 7 packages and the two files with checksums.
    expect(items.map((i) => i.id)).toEqual([
      "sbom-1/SPDXRef-Package",
      "sbom-1/SPDXRef-fromDoap-1",
      "sbom-1/SPDXRef-fromDoap-0",
      "sbom-1/SPDXRef-Saxon",
      "sbom-1/SPDXRef-DoapSource",
      "sbom-1/SPDXRef-CommonsLangSrc",
      "sbom-1/SPDXRef-JenaLib",
      "sbom-1/SPDXRef-Specification",
      "sbom-1/SPDXRef-File",
    ]);
    // The elements the document DESCRIBES carry its namespace as an SBOM URL; the others do not.
    const namespace = "http://spdx.org/spdxdocs/spdx-example-444504E0-4F89-41D3-9A0C-0305E82C3301";
    expect(items.filter((i) => i.sbomUrls).map((i) => [i.id, i.sbomUrls])).toEqual([
      ["sbom-1/SPDXRef-Package", [namespace]],
      ["sbom-1/SPDXRef-File", [namespace]],
    ]);
    const product: AdvisoryProduct = {
      productId: "jena",
      name: "Apache Jena",
      productNames: [],
      purl: "pkg:maven/org.apache.jena/apache-jena@3.12.0",
      modelNumbers: [],
      serialNumbers: [],
      skus: [],
      hashes: [],
      sbomUrls: [],
    };
    const matches = items.map((i) => matchProduct(i, product)).filter((m) => m !== undefined);
    expect(matches).toEqual([
      expect.objectContaining({ item: "sbom-1/SPDXRef-fromDoap-0", confidence: "exact-identifier" }),
    ]);
    const spring: AdvisoryProduct = { ...product, productId: "spring", purl: undefined } as AdvisoryProduct;
    const cpe = matchProduct(items[0] as (typeof items)[0], {
      ...spring,
      cpe: "cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*",
    });
    expect(cpe?.confidence).toBe("exact-identifier");
  });

  it("matches a file by a hash the advisory gives (any spelling of the algorithm), and a document by its URL", () => {
    const sbom = readSbom(
      readFileSync(join(corpora, "spdx-2.3-examples/examples/SPDXJSONExample-v2.3.spdx.json"), "utf8"),
    ).sbom as Sbom;
    const items = sbomInventory(sbom, "sbom-1/");
    const byFile: AdvisoryProduct = {
      productId: "foo",
      name: "foo.c 1.0",
      productNames: [],
      version: "1.0",
      modelNumbers: [],
      serialNumbers: [],
      skus: [],
      // The SPDX file's SHA1, as CSAF writes algorithms (OpenSSL names) and in capitals.
      hashes: [
        {
          filename: "foo.c",
          hashes: [{ algorithm: "sha1", value: "D6A770BA38583ED4BB4525BD96E50461655D2758" }],
        },
      ],
      sbomUrls: [],
    };
    const found = items.flatMap((i) => matchProduct(i, byFile) ?? []);
    expect(found.map((m) => [m.item, m.confidence, m.version, m.certain])).toEqual([
      // The hash names the very file, so the version needs no comparing (the file has none).
      ["sbom-1/SPDXRef-File", "exact-identifier", "affected-version", true],
    ]);
    expect(found[0]?.reasons.map((r) => r.code)).toEqual(["file-hash", "version-by-hash"]);
    // Another value under the same algorithm says nothing: the file may be another of the product's.
    const otherFile = {
      ...byFile,
      hashes: [{ filename: "bar.c", hashes: [{ algorithm: "sha1", value: "0".repeat(40) }] }],
    };
    expect(items.flatMap((i) => matchProduct(i, otherFile) ?? [])).toEqual([]);
    const bySbom: AdvisoryProduct = {
      ...byFile,
      hashes: [],
      version: undefined,
      sbomUrls: ["HTTP://SPDX.org/spdxdocs/spdx-example-444504E0-4F89-41D3-9A0C-0305E82C3301#package"],
    } as AdvisoryProduct;
    const documented = items.flatMap((i) => matchProduct(i, bySbom) ?? []);
    expect(documented.map((m) => [m.item, m.confidence, m.certain])).toEqual([
      ["sbom-1/SPDXRef-Package", "exact-identifier", true],
      ["sbom-1/SPDXRef-File", "exact-identifier", true],
    ]);
    expect(documented[0]?.reasons[0]).toEqual({ code: "sbom-url", params: { url: bySbom.sbomUrls[0] } });
  });
});

describe("hostile input", () => {
  it("refuses DTDs (no entity expansion) and limits size and depth", () => {
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="library"><name>&b;</name></component></components></bom>`;
    expect(readSbom(bomb).problems.map((p) => [p.code, p.at])).toEqual([["xml-doctype", { line: 2 }]]);
    const external = `<?xml version="1.0"?><!DOCTYPE bom SYSTEM "file:///etc/passwd"><bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>`;
    expect(readSbom(external).problems[0]?.code).toBe("xml-doctype");
    expect(readSbom(`{"bomFormat":"CycloneDX"}`, { maxLength: 10 }).problems[0]?.code).toBe("too-large");
    let nested: Record<string, unknown> = { type: "library", name: "leaf" };
    for (let i = 0; i < 200; i++) nested = { type: "library", name: `c${i}`, components: [nested] };
    const deep = readSbom(
      JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", components: [nested] }),
    );
    expect(deep.problems.map((p) => p.code)).toEqual(["too-deep"]);
    const deepXml = `<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components>${'<component type="library"><name>x</name><components>'.repeat(300)}${"</components></component>".repeat(300)}</components></bom>`;
    expect(readSbom(deepXml).problems.length).toBeGreaterThan(0);
    const many = JSON.stringify({
      bomFormat: "CycloneDX",
      specVersion: "1.6",
      components: Array.from({ length: 20 }, (_, i) => ({ type: "library", name: `c${i}` })),
    });
    expect(readSbom(many, { maxComponents: 10 }).problems.map((p) => p.code)).toEqual([
      "too-many-components",
    ]);
  });

  it("never throws on arbitrary text, JSON values or near-SBOMs", () => {
    const total = (text: string) => {
      const reading = readSbom(text);
      expect(Array.isArray(reading.problems)).toBe(true);
      expect(reading.sbom !== undefined || reading.problems.length > 0).toBe(true);
    };
    fc.assert(fc.property(fc.string({ unit: "binary" }), total), { numRuns: 300 });
    fc.assert(
      fc.property(fc.jsonValue(), (v) => total(JSON.stringify(v) ?? "null")),
      { numRuns: 300 },
    );
    const cdx = fc.record({
      bomFormat: fc.constant("CycloneDX"),
      specVersion: fc.constantFrom("1.4", "1.5", "1.6"),
      components: fc.anything(),
      dependencies: fc.anything(),
      metadata: fc.anything(),
    });
    fc.assert(
      fc.property(cdx, (v) => total(JSON.stringify(v))),
      { numRuns: 300 },
    );
    const spdx = fc.record({
      spdxVersion: fc.constant("SPDX-2.3"),
      packages: fc.anything(),
      files: fc.anything(),
      relationships: fc.anything(),
    });
    fc.assert(
      fc.property(spdx, (v) => total(JSON.stringify(v))),
      { numRuns: 300 },
    );
    const tags = fc.array(
      fc.tuple(
        fc.constantFrom(
          "PackageName",
          "SPDXID",
          "FileName",
          "Relationship",
          "ExternalRef",
          "PackageChecksum",
          "X",
        ),
        fc.string(),
      ),
    );
    fc.assert(
      fc.property(tags, (lines) =>
        total(`SPDXVersion: SPDX-2.3\n${lines.map(([t, v]) => `${t}: ${v}`).join("\n")}`),
      ),
      { numRuns: 300 },
    );
    const xml = fc.array(
      fc.constantFrom(
        "<component>",
        "</component>",
        "<components>",
        "</components>",
        "<name>",
        "</name>",
        "x",
        "&amp;",
        "&#0;",
        '<hash alg="MD5">',
      ),
    );
    fc.assert(
      fc.property(xml, (parts) =>
        total(`<bom xmlns="http://cyclonedx.org/schema/bom/1.5">${parts.join("")}</bom>`),
      ),
      { numRuns: 300 },
    );
  });
});

describe("round trip through CycloneDX JSON", () => {
  const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== "");
  const hex = (n: number) =>
    fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: n, maxLength: n });
  const component = (ref: string, children: SbomComponent[]) =>
    fc
      .record(
        {
          name: text,
          version: fc.string({ minLength: 1, maxLength: 8 }),
          group: text,
          supplier: text,
          purl: text,
          cpe: text,
          hashes: fc.array(
            fc.oneof(
              hex(32).map((content) => ({ alg: "MD5", content })),
              hex(64).map((content) => ({ alg: "SHA-256", content })),
            ),
            { minLength: 1, maxLength: 3 },
          ),
          type: fc.constantFrom("library", "application", "firmware", "device"),
          licenses: fc.oneof(
            fc.array(fc.stringMatching(/^[A-Za-z0-9.-]{1,10}$/), { minLength: 1, maxLength: 3 }),
            fc.constant(["MIT OR Apache-2.0"]),
          ),
        },
        { requiredKeys: ["name", "type"] },
      )
      .map((c): SbomComponent => ({ ref, ...c, children }));
  const tree = fc
    .array(fc.nat(5), { maxLength: 8 })
    .chain((shape) =>
      fc.tuple(
        ...shape.map((kids, i) =>
          fc
            .tuple(...Array.from({ length: kids }, (_, k) => component(`c${i}-${k}`, [])))
            .chain((children) => component(`c${i}`, children)),
        ),
      ),
    );
  it("reads back what it wrote", () => {
    fc.assert(
      fc.property(tree, fc.constantFrom("1.4", "1.5", "1.6"), (components, specVersion) => {
        const refs = components.flatMap((c) => [c.ref, ...c.children.map((k) => k.ref)]);
        const sbom: Sbom = {
          format: "cyclonedx-json",
          specVersion,
          serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
          components,
          dependencies: refs.slice(0, 3).map((ref) => ({ ref, dependsOn: refs.slice(3, 5) })),
        };
        const reading = readSbom(toCycloneDxJson(sbom));
        expect(reading.problems).toEqual([]);
        expect(reading.sbom).toEqual(sbom);
      }),
      { numRuns: 60 },
    );
  });
});

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sharedDirectory } from "../catalogues/shared-data.js";
import { vexFlagLabels } from "./advisory.js";
import { productsOf } from "./csaf-products.js";
import {
  type CsafVexOptions,
  checkStatuses,
  cyclonedxJustifications,
  decisions,
  type Justification,
  justificationFromCsaf,
  justificationFromCycloneDx,
  justificationKeys,
  justifications,
  mamoriProductId,
  parseMamoriProductId,
  readCsafVex,
  readCycloneDxVex,
  readVex,
  statusesFromVex,
  toCsafVex,
  toCycloneDxVex,
  type VexProducts,
  type VulnerabilityStatus,
  vexStatusOf,
  vulnerabilityStates,
} from "./vex.js";

const corpora = join(sharedDirectory(), "corpora");
const csafVexDir = join(corpora, "csaf-oasis-tests/csaf_2.0/examples/csaf/csaf_vex");
const cdxVexDir = join(corpora, "cyclonedx-bom-examples/VEX");
const read = (path: string) => readFileSync(path, "utf8");
const walk = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((f) =>
      statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : f.endsWith(".json") ? [join(dir, f)] : [],
    );

describe("justification vocabulary", () => {
  it("reads every CSAF flag to a justification that is written back as the same flag", () => {
    for (const label of vexFlagLabels) expect(justifications[justificationFromCsaf(label)].csaf).toBe(label);
  });

  it("reads every CycloneDX justification to one that is written back as the same value", () => {
    for (const value of cyclonedxJustifications)
      expect(justifications[justificationFromCycloneDx(value)].cyclonedx).toBe(value);
  });

  it("writes the plant's own reasons as the nearest standard values the issue names", () => {
    expect(justifications["mitigated-by-zone-controls"]).toEqual({
      csaf: "inline_mitigations_already_exist",
      cyclonedx: "protected_by_mitigating_control",
    });
    expect(justifications["unreachable-unconnected-line"]).toEqual({
      csaf: "vulnerable_code_cannot_be_controlled_by_adversary",
      cyclonedx: "protected_at_perimeter",
    });
  });
});

describe("Mamori product ids", () => {
  it("give back the asset and component, whatever characters they hold", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
        (a, c) => {
          expect(parseMamoriProductId(mamoriProductId(a, c))).toEqual(
            c === undefined ? { asset: a } : { asset: a, component: c },
          );
        },
      ),
    );
  });

  it("are not read into anyone else's ids", () => {
    expect(parseMamoriProductId("CSAFPID-0001")).toBeUndefined();
    expect(parseMamoriProductId("mamori:asset/a/b")).toBeUndefined();
    expect(parseMamoriProductId("mamori:asset/%E0%A4")).toBeUndefined();
  });

  it("name a manufacturer's product and its components apart from a plant's assets", () => {
    const id = mamoriProductId("product.tsg-200", "comp.openssl", "product");
    expect(id).toBe("mamori:product/product.tsg-200/component/comp.openssl");
    expect(parseMamoriProductId(id, "product")).toEqual({
      asset: "product.tsg-200",
      component: "comp.openssl",
    });
    // A product's id never resolves to an asset, nor an asset's to a product.
    expect(parseMamoriProductId(id)).toBeUndefined();
    expect(parseMamoriProductId(mamoriProductId("plc-1"), "product")).toBeUndefined();
  });
});

describe("recorded statuses as VEX statuses", () => {
  const recorded = {
    vulnerability: "CVE-2024-13176",
    justification: null,
    statusDetail: null,
    updatedAt: "2026-11-21T10:00:00.000Z",
    updatedBy: "psirt",
  };
  const at = { updatedAt: recorded.updatedAt, updatedBy: "psirt" };
  const pending = { action: "A fix is being prepared." };

  it("keep the justification only with 'not affected', and what people wrote with any state", () => {
    expect(
      vexStatusOf(
        {
          ...recorded,
          status: "not-affected",
          justification: "code-not-in-execute-path",
          statusDetail: "P-521 unused",
        },
        { asset: "p", component: "c" },
        pending,
      ),
    ).toEqual({
      asset: "p",
      component: "c",
      vulnerability: "CVE-2024-13176",
      state: "not-affected",
      justification: "code-not-in-execute-path",
      detail: "P-521 unused",
      ...at,
    });
    expect(vexStatusOf({ ...recorded, status: "not-affected" }, { asset: "p" }, pending)).toMatchObject({
      detail: "not affected",
    });
    expect(
      vexStatusOf(
        { ...recorded, status: "fixed", justification: "code-not-present" },
        { asset: "p" },
        pending,
      ),
    ).toEqual({ asset: "p", vulnerability: "CVE-2024-13176", state: "fixed", ...at });
  });

  it("give 'affected' the action (and decision) CSAF VEX needs, and nothing else one", () => {
    expect(
      vexStatusOf(
        { ...recorded, status: "affected" },
        { asset: "p" },
        { decision: "patch", action: "2.4.0" },
      ),
    ).toMatchObject({ state: "affected", decision: "patch", action: "2.4.0" });
    expect(
      vexStatusOf({ ...recorded, status: "under-investigation" }, { asset: "p" }, pending),
    ).not.toHaveProperty("action");
    expect(
      checkStatuses([vexStatusOf({ ...recorded, status: "affected" }, { asset: "p" }, pending)]),
    ).toEqual([]);
  });
});

describe("reading CSAF VEX (OASIS examples)", () => {
  const files = readdirSync(csafVexDir).filter((f) => f.endsWith(".json"));

  it("reads all 13 examples without problems, in all four states", () => {
    expect(files).toHaveLength(13);
    const states = new Map<string, number>();
    for (const file of files) {
      const reading = readVex(read(join(csafVexDir, file)));
      expect(reading.format).toBe("csaf");
      expect(reading.problems, file).toEqual([]);
      for (const s of reading.statements) states.set(s.state, (states.get(s.state) ?? 0) + 1);
    }
    // Counted independently (Python over the product_status lists; uc-08's "recommended" is not a state).
    expect(Object.fromEntries(states)).toEqual({
      affected: 26,
      fixed: 8,
      "not-affected": 50,
      "under-investigation": 7,
    });
  });

  it("takes the detail from the impact threat and the action from the remediation", () => {
    const reading = readVex(read(join(csafVexDir, "2022-evd-uc-03-ms-001.json")));
    expect(reading.statements).toHaveLength(19);
    const by = (cve: string) => reading.statements.find((s) => s.vulnerability === cve);
    expect(by("CVE-2020-11897")).toMatchObject({
      product: "CSAFPID-0001",
      state: "not-affected",
      sourceState: "known_not_affected",
      detail: "IPv6 is not supported and code is not present.",
      at: "/vulnerabilities/1/product_status/known_not_affected/0",
    });
    expect(by("CVE-2020-11898")).toMatchObject({
      state: "affected",
      action: "We are working to integrate the upstream patches in our code.",
      responses: ["none_available"],
    });
    expect(by("CVE-2020-11901")?.state).toBe("fixed");
    expect(by("CVE-2020-11896")?.state).toBe("under-investigation");
  });

  it("takes the justification from the flag", () => {
    const reading = readVex(read(join(csafVexDir, "sec-vex-2022-0001.json")));
    expect(reading.statements.map((s) => [s.vulnerability, s.justification, s.sourceJustification])).toEqual([
      ["CVE-2021-44228", "component-not-present", "component_not_present"],
      ["CVE-2021-45046", "component-not-present", "component_not_present"],
      ["CVE-2021-45105", "component-not-present", "component_not_present"],
    ]);
    expect(reading.products).toEqual([
      {
        id: "CSAFPID-0001",
        name: "Secvisogram <=1.14.0",
        vendor: "Secvisogram",
        identity: expect.objectContaining({ productId: "CSAFPID-0001", range: expect.anything() }),
      },
    ]);
  });

  it("reports what the VEX profile requires and a product listed under two states", () => {
    const document = JSON.parse(read(join(csafVexDir, "2022-evd-uc-03-ms-001.json")));
    const v = document.vulnerabilities;
    delete v[1].threats; // CVE-2020-11897: not affected, now without an impact statement
    delete v[2].remediations; // CVE-2020-11898: affected, now without an action
    v[5].product_status.known_affected = ["CSAFPID-0001"]; // CVE-2020-11901: also fixed
    v[6].product_status.known_not_affected.push("CSAFPID-9999");
    const reading = readCsafVex(document);
    expect(reading.problems.map((p) => [p.code, p.at.pointer])).toEqual([
      ["not-affected-without-impact-statement", "/vulnerabilities/1/product_status/known_not_affected/0"],
      ["affected-without-action", "/vulnerabilities/2/product_status/known_affected/0"],
      ["contradicting-status", "/vulnerabilities/5/product_status/fixed/0"],
      ["affected-without-action", "/vulnerabilities/5/product_status/known_affected/0"],
      ["unknown-product", "/vulnerabilities/6/product_status/known_not_affected/1"],
      ["not-affected-without-impact-statement", "/vulnerabilities/6/product_status/known_not_affected/1"],
    ]);
    // The more cautious state wins a contradiction.
    expect(reading.statements.find((s) => s.vulnerability === "CVE-2020-11901")?.state).toBe("affected");
  });

  it("refuses what is not CSAF", () => {
    expect(readCsafVex({ bomFormat: "CycloneDX" }).problems[0]?.code).toBe("not-csaf");
    expect(readVex("{").problems[0]?.code).toBe("json-syntax");
    expect(readVex("[]").problems[0]?.code).toBe("unknown-format");
  });
});

describe("reading CycloneDX VEX (CycloneDX bom-examples)", () => {
  const files = walk(cdxVexDir);
  const rel = (f: string) => f.slice(cdxVexDir.length + 1);

  it("reads every example; only the vague Case-7 (no affects) and the 1.3 SBOM are reported", () => {
    const problems = files.flatMap((f) =>
      readVex(read(f)).problems.map((p) => [rel(f), p.code, p.at.pointer].join(" ")),
    );
    expect(problems).toEqual([
      "Use-Cases/Case-7/vex.json no-affects /vulnerabilities/0/affects",
      "bom.json spec-version /specVersion",
    ]);
  });

  it("maps the four CISA use-case statuses", () => {
    const state = (name: string) => readVex(read(join(cdxVexDir, "CISA-Use-Cases/Case-1", name))).statements;
    expect(state("vex-affected.json").map((s) => [s.state, s.sourceState])).toEqual([
      ["affected", "exploitable"],
    ]);
    expect(state("vex-fixed.json").map((s) => [s.state, s.sourceState])).toEqual([["fixed", "resolved"]]);
    expect(state("vex-under_investigation.json").map((s) => [s.state, s.sourceState])).toEqual([
      ["under-investigation", "in_triage"],
    ]);
    expect(state("vex-not_affected.json").map((s) => [s.state, s.justification])).toEqual([
      ["not-affected", "code-not-present"],
    ]);
  });

  it("keeps justifications, responses and details per vulnerability (Case-12)", () => {
    const reading = readVex(read(join(cdxVexDir, "Use-Cases/Case-12/vex.json")));
    expect(
      reading.statements.map((s) => [s.vulnerability, s.product, s.state, s.justification ?? null]),
    ).toEqual([
      ["CVE-2020-25649", "acme-product", "not-affected", "code-not-in-execute-path"],
      ["CVE-2020-35491", "acme-product", "affected", null],
      ["CVE-2020-14195", "acme-product", "not-affected", "mitigating-control"],
    ]);
    expect(reading.statements[1]?.responses).toEqual(["will_not_fix", "update"]);
    expect(reading.statements[1]?.detail).toBe("Update to Acme Product v2.4.0 or higher");
    expect(reading.products.map((p) => p.id)).toEqual(["acme-product"]);
  });

  it("applies statements limited to versions to the installed version only (Case-5)", () => {
    const reading = readVex(read(join(cdxVexDir, "Use-Cases/Case-5/vex.json")));
    const at = (version: string) =>
      statusesFromVex(reading, {
        updatedAt: "2025-01-01T00:00:00Z",
        resolve: (product) => (product?.id === "acme-product" ? [{ asset: "mes-01", version }] : []),
      }).statuses.map((s) => s.state);
    expect(at("6.0.0")).toEqual(["affected"]);
    expect(at("7.1.0")).toEqual(["not-affected"]);
    expect(at("1.4.9")).toEqual(["not-affected"]);
  });

  it("follows BOM-Links to the bom-ref and reports products nobody resolved", () => {
    const reading = readVex(read(join(cdxVexDir, "vex.json")));
    const seen: string[] = [];
    const { statuses, problems } = statusesFromVex(reading, {
      updatedAt: "2025-01-01T00:00:00Z",
      updatedBy: "import",
      resolve: (_p, s) => {
        seen.push(s.product);
        return [];
      },
    });
    expect(seen).toEqual([
      "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar",
    ]);
    expect(statuses).toEqual([]);
    expect(problems.map((p) => [p.code, p.at.pointer])).toEqual([
      ["unresolved-product", "/vulnerabilities/0/affects/0"],
    ]);
  });

  it("reports unknown states and justifications, refs that are not in the BOM and BOMs that are not CycloneDX", () => {
    const reading = readCycloneDxVex({
      bomFormat: "CycloneDX",
      specVersion: "1.6",
      vulnerabilities: [
        { id: "CVE-2024-0001", analysis: { state: "maybe" }, affects: [{ ref: "x" }] },
        {
          id: "CVE-2024-0002",
          analysis: { state: "not_affected", justification: "feels_safe" },
          affects: [{ ref: "x" }],
        },
        { analysis: { state: "exploitable" } },
      ],
    });
    expect(reading.problems.map((p) => [p.code, p.at.pointer])).toEqual([
      ["unknown-state", "/vulnerabilities/0/analysis/state"],
      ["unknown-justification", "/vulnerabilities/1/analysis/justification"],
      ["unknown-ref", "/vulnerabilities/1/affects/0/ref"],
      ["vulnerability-without-id", "/vulnerabilities/2"],
    ]);
    expect(reading.statements.map((s) => [s.vulnerability, s.state, s.justification ?? null])).toEqual([
      ["CVE-2024-0002", "not-affected", null],
    ]);
    expect(readCycloneDxVex({ bomFormat: "SPDX" }).problems[0]?.code).toBe("not-cyclonedx");
  });

  it("reads a vulnerability without an analysis as affected (a VDR)", () => {
    const reading = readCycloneDxVex({
      bomFormat: "CycloneDX",
      specVersion: "1.5",
      components: [{ type: "firmware", name: "fw", "bom-ref": "fw" }],
      vulnerabilities: [{ id: "CVE-2024-0003", affects: [{ ref: "fw" }] }],
    });
    expect(reading.statements.map((s) => [s.state, s.sourceState])).toEqual([["affected", ""]]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Writing

const products: VexProducts = {
  assets: {
    "plc-press-01": { name: "MELSEC iQ-R R04CPU", vendor: "Mitsubishi Electric", version: "33" },
    "hmi-press-01": { name: "GOT2000", vendor: "Mitsubishi Electric", modelNumbers: ["GT2710-STBA"] },
    "ews-legacy": {
      name: "Engineering workstation",
      cpe: "cpe:2.3:o:microsoft:windows_10:1809:*:*:*:*:*:*:*",
    },
    "gw-press-modbus": { name: "Protocol gateway", serialNumbers: ["SN-0042"], skus: ["GW-100-JP"] },
  },
  components: {
    "gw-press-modbus": {
      "pkg:generic/openssl@1.1.1k": {
        name: "OpenSSL",
        version: "1.1.1k",
        purl: "pkg:generic/openssl@1.1.1k",
      },
      busybox: { name: "BusyBox", version: "1.31.1" },
    },
  },
};

const at = "2025-06-02T09:30:00+09:00";
const plant: VulnerabilityStatus[] = [
  {
    asset: "plc-press-01",
    vulnerability: "CVE-2023-6943",
    state: "affected",
    action: "Update the CPU firmware to 35 in the August shutdown.",
    decision: "patch",
    updatedAt: at,
    updatedBy: "security@plant",
  },
  {
    asset: "hmi-press-01",
    vulnerability: "CVE-2023-6943",
    state: "not-affected",
    justification: "mitigated-by-zone-controls",
    detail: "The MELSOFT port is closed at the zone firewall.",
    updatedAt: at,
  },
  {
    asset: "ews-legacy",
    vulnerability: "CVE-2023-6943",
    state: "not-affected",
    justification: "unreachable-unconnected-line",
    updatedAt: at,
  },
  {
    asset: "gw-press-modbus",
    component: "pkg:generic/openssl@1.1.1k",
    vulnerability: "CVE-2022-0778",
    state: "fixed",
    updatedAt: at,
  },
  {
    asset: "gw-press-modbus",
    component: "busybox",
    vulnerability: "JVN:JVNVU#99999999",
    state: "under-investigation",
    detail: "Asked the integrator which BusyBox applets are enabled.",
    action: "Disable telnetd until the integrator answers.",
    updatedAt: at,
  },
  {
    asset: "gw-press-modbus",
    vulnerability: "CVE-2022-0778",
    state: "affected",
    decision: "mitigate",
    updatedAt: at,
  },
];

const csafOptions: CsafVexOptions = {
  publisher: { name: "Example Plant Security", namespace: "https://plant.example.co.jp" },
  trackingId: "MAMORI-VEX-2025-0001",
  version: "1",
  now: "2025-06-02T10:00:00+09:00",
  products,
};

/**
 * The official validator (@secvisogram/csaf-validator-lib 2.0.10) in strict mode: the CSAF 2.0 strict schema
 * and every mandatory test. The package ships no declarations, so the little used here is typed here
 * (the specifiers are variables, which keeps TypeScript from looking for declarations).
 */
type CsafTest = (doc: unknown) => unknown;
interface CsafRun {
  isValid: boolean;
  tests: { name: string; errors: { instancePath: string; message: string }[] }[];
}
const lib = "@secvisogram/csaf-validator-lib";
const { default: validateStrict } = (await import(`${lib}/validateStrict.js`)) as {
  default: (tests: readonly CsafTest[], doc: unknown) => Promise<CsafRun>;
};
const mandatory = (await import(`${lib}/mandatoryTests.js`)) as Record<string, CsafTest>;
const { csaf_2_0_strict } = (await import(`${lib}/schemaTests.js`)) as { csaf_2_0_strict: CsafTest };
const csafTests = [csaf_2_0_strict, ...Object.values(mandatory)];
async function csafFailures(document: unknown): Promise<string[]> {
  const result = await validateStrict(csafTests, document);
  return result.tests.flatMap((t) => t.errors.map((e) => `${t.name} ${e.instancePath} ${e.message}`));
}

describe("writing CSAF VEX", () => {
  it("passes the official validator's schema and every mandatory test", async () => {
    const written = toCsafVex(plant, csafOptions);
    if (!written.ok) throw new Error(JSON.stringify(written.problems));
    expect(await csafFailures(written.document)).toEqual([]);
    // The tests that make a CSAF VEX document what it is are among those run.
    for (const test of ["6_1_27_9", "6_1_27_10", "6_1_33"])
      expect(mandatory).toHaveProperty(`mandatoryTest_${test}`);
    expect(Object.keys(mandatory)).toHaveLength(43);
  });

  it("is one product per asset and component, one vulnerability per CVE, flags with impact statements", () => {
    const written = toCsafVex(plant, csafOptions);
    if (!written.ok) throw new Error("refused");
    const doc = written.document as {
      product_tree: { full_product_names: { product_id: string; name: string }[] };
      vulnerabilities: Record<string, unknown>[];
    };
    expect(doc.product_tree.full_product_names.map((p) => [p.product_id, p.name])).toEqual([
      ["mamori:asset/ews-legacy", "Engineering workstation"],
      ["mamori:asset/gw-press-modbus", "Protocol gateway"],
      ["mamori:asset/gw-press-modbus/component/busybox", "BusyBox 1.31.1 (Protocol gateway)"],
      [
        "mamori:asset/gw-press-modbus/component/pkg%3Ageneric%2Fopenssl%401.1.1k",
        "OpenSSL 1.1.1k (Protocol gateway)",
      ],
      ["mamori:asset/hmi-press-01", "Mitsubishi Electric GOT2000"],
      ["mamori:asset/plc-press-01", "Mitsubishi Electric MELSEC iQ-R R04CPU 33"],
    ]);
    // The asset's serial numbers and SKUs are written as identification helpers, and read back as such.
    expect(
      productsOf(written.document).find((p) => p.productId === "mamori:asset/gw-press-modbus"),
    ).toMatchObject({
      serialNumbers: ["SN-0042"],
      skus: ["GW-100-JP"],
    });
    expect(doc.vulnerabilities.map((v) => v.cve ?? v.ids)).toEqual([
      "CVE-2022-0778",
      "CVE-2023-6943",
      [{ system_name: "JVN", text: "JVNVU#99999999" }],
    ]);
    expect(doc.vulnerabilities[1]).toMatchObject({
      product_status: {
        known_affected: ["mamori:asset/plc-press-01"],
        known_not_affected: ["mamori:asset/ews-legacy", "mamori:asset/hmi-press-01"],
      },
      flags: [
        { label: "inline_mitigations_already_exist", product_ids: ["mamori:asset/hmi-press-01"] },
        {
          label: "vulnerable_code_cannot_be_controlled_by_adversary",
          product_ids: ["mamori:asset/ews-legacy"],
        },
      ],
      threats: [
        {
          category: "impact",
          details: "Not reachable: the asset is on a line with no network connection.",
          product_ids: ["mamori:asset/ews-legacy"],
        },
        {
          category: "impact",
          details: "The MELSOFT port is closed at the zone firewall.",
          product_ids: ["mamori:asset/hmi-press-01"],
        },
      ],
      remediations: [
        {
          category: "vendor_fix",
          details: "Update the CPU firmware to 35 in the August shutdown.",
          product_ids: ["mamori:asset/plc-press-01"],
        },
      ],
    });
    // An action while under investigation is a workaround.
    expect(doc.vulnerabilities[2]).toMatchObject({
      product_status: { under_investigation: ["mamori:asset/gw-press-modbus/component/busybox"] },
      remediations: [
        {
          category: "workaround",
          details: "Disable telnetd until the integrator answers.",
          product_ids: ["mamori:asset/gw-press-modbus/component/busybox"],
        },
      ],
    });
    // A decision without words is written in words.
    expect(doc.vulnerabilities[0]).toMatchObject({
      remediations: [
        {
          category: "mitigation",
          details: "Apply mitigations.",
          product_ids: ["mamori:asset/gw-press-modbus"],
        },
      ],
    });
  });

  it("reads back through the CSAF reader to the same assets, states and standard justifications", () => {
    const written = toCsafVex(plant, csafOptions);
    if (!written.ok) throw new Error("refused");
    const reading = readCsafVex(written.document);
    expect(reading.problems).toEqual([]);
    const { statuses, problems } = statusesFromVex(reading, { updatedAt: "2025-07-01T00:00:00Z" });
    expect(problems).toEqual([]);
    const key = (s: VulnerabilityStatus) => [s.asset, s.component ?? "", s.vulnerability, s.state].join(" ");
    expect(statuses.map(key).sort()).toEqual(plant.map(key).sort());
    for (const s of statuses.filter((x) => x.justification)) {
      const original = plant.find((p) => key(p) === key(s));
      expect(justifications[s.justification as Justification].csaf).toBe(
        justifications[original?.justification as Justification].csaf,
      );
    }
    // CSAF has no per-statement date: the document's release date stands in.
    expect(new Set(statuses.map((s) => s.updatedAt))).toEqual(new Set([csafOptions.now]));
  });

  it("is deterministic and independent of the order of the statuses", () => {
    const a = toCsafVex(plant, csafOptions);
    const b = toCsafVex([...plant].reverse(), csafOptions);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it("passes the validator for random statuses", async () => {
    await fc.assert(
      fc.asyncProperty(statusesArbitrary, async (statuses) => {
        const written = toCsafVex(statuses, { ...csafOptions, products: productsFor(statuses) });
        if (!written.ok) throw new Error(JSON.stringify(written.problems));
        expect(await csafFailures(written.document)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it("refuses, with the place, what CSAF VEX cannot say or Mamori would have to guess", () => {
    const refused = (statuses: unknown[], options: Partial<CsafVexOptions> = {}) => {
      const written = toCsafVex(statuses as VulnerabilityStatus[], { ...csafOptions, ...options });
      return written.ok ? [] : written.problems.map((p) => [p.code, p.at.pointer]);
    };
    const base = plant[0] as VulnerabilityStatus;
    expect(refused([{ ...base, action: undefined, decision: undefined }])).toEqual([
      ["affected-without-action", "/0"],
    ]);
    expect(refused([{ ...base, state: "not-affected", action: undefined, decision: undefined }])).toEqual([
      ["not-affected-without-reason", "/0"],
    ]);
    expect(refused([{ ...base, justification: "code-not-present" }])).toEqual([
      ["justification-without-not-affected", "/0/justification"],
    ]);
    expect(refused([base, { ...base, detail: "again" }])).toEqual([["duplicate-status", "/1"]]);
    expect(refused([{ ...base, state: "broken" }]).map(([code, at]) => `${code} ${at}`)).toEqual([
      "status-shape /0/state",
    ]);
    expect(refused([{ ...base, updatedAt: "yesterday" }])).toEqual([["status-shape", "/0/updatedAt"]]);
    expect(refused([{ ...base, asset: "nowhere" }])).toEqual([["unknown-asset", "/0/asset"]]);
    expect(refused([{ ...base, component: "nothing" }])).toEqual([["unknown-component", "/0/component"]]);
    expect(
      refused([base], { products: { assets: { "plc-press-01": { name: "PLC", purl: "not a purl" } } } }),
    ).toEqual([["bad-purl", "/products/assets/plc-press-01/purl"]]);
    expect(refused([])).toEqual([["nothing-to-write", ""]]);
    expect(refused([base], { version: "2" })).toEqual([
      ["revision-history-needed", "/options/revisionHistory"],
    ]);
    expect(
      refused([base], {
        version: "2",
        revisionHistory: [
          { number: "1", date: "2025-05-01T00:00:00Z", summary: "First." },
          { number: "3", date: "2025-06-01T00:00:00Z", summary: "Third." },
        ],
      }),
    ).toEqual([["revision-history", "/options/revisionHistory"]]);
    expect(refused([base], { version: "0" })).toEqual([
      ["document-version", "/options/version"],
      ["revision-history-needed", "/options/revisionHistory"],
    ]);
    expect(refused([base], { lang: "日本語" })).toEqual([["lang", "/options/lang"]]);
    expect(refused([base], { publisher: { name: "P", namespace: "plant" } })).toEqual([
      ["namespace", "/options/publisher/namespace"],
    ]);
  });

  it("writes a later version with its history, which the validator accepts", async () => {
    const written = toCsafVex(plant, {
      ...csafOptions,
      version: "2",
      initialReleaseDate: "2025-05-01T00:00:00Z",
      revisionHistory: [
        { number: "1", date: "2025-05-01T00:00:00Z", summary: "Initial version." },
        {
          number: "2",
          date: "2025-06-02T10:00:00+09:00",
          summary: "PLC status after the vendor's advisory.",
        },
      ],
    });
    if (!written.ok) throw new Error(JSON.stringify(written.problems));
    expect(await csafFailures(written.document)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// CycloneDX

const cdxSchemaDir = join(corpora, "cyclonedx-spec-tests/schema");
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
ajv.addSchema(JSON.parse(read(join(cdxSchemaDir, "spdx.schema.json"))));
ajv.addSchema(JSON.parse(read(join(cdxSchemaDir, "jsf-0.82.schema.json"))));
const cdx16 = ajv.compile(JSON.parse(read(join(cdxSchemaDir, "bom-1.6.schema.json"))));

const assetIds = ["plc-01", "hmi/02", "ews 03", "gw:04"];
const componentRefs = ["pkg:npm/left-pad@1.3.0", "busybox", "#/components/0"];
const statusArbitrary: fc.Arbitrary<VulnerabilityStatus> = fc
  .record({
    asset: fc.constantFrom(...assetIds),
    component: fc.option(fc.constantFrom(...componentRefs), { nil: undefined }),
    vulnerability: fc.constantFrom(
      "CVE-2024-0001",
      "CVE-2023-12345",
      "GHSA:GHSA-aaaa-bbbb-cccc",
      "JVNDB-2024-000001",
    ),
    state: fc.constantFrom(...vulnerabilityStates),
    justification: fc.constantFrom(...justificationKeys),
    detail: fc.option(
      fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ""),
      { nil: undefined },
    ),
    action: fc.option(fc.constantFrom("Update firmware.", "ファームウェアを更新する"), { nil: undefined }),
    decision: fc.constantFrom(...decisions),
    updatedAt: fc.constantFrom("2025-01-01T00:00:00Z", "2025-06-02T09:30:00+09:00"),
    updatedBy: fc.option(fc.constantFrom("security@plant", "vendor"), { nil: undefined }),
  })
  .map((r) => {
    // Keep only the fields the state allows, and give an affected status its action (CSAF needs one).
    const { justification, decision, action, component, detail, updatedBy, ...rest } = r;
    return {
      ...rest,
      ...(component !== undefined ? { component } : {}),
      ...(detail !== undefined ? { detail } : {}),
      ...(updatedBy !== undefined ? { updatedBy } : {}),
      ...(r.state === "not-affected" ? { justification } : {}),
      ...(r.state === "affected" ? { decision, ...(action ? { action } : {}) } : action ? { action } : {}),
    };
  });
const statusesArbitrary = fc.uniqueArray(statusArbitrary, {
  minLength: 1,
  maxLength: 12,
  selector: (s) => JSON.stringify([s.asset, s.component ?? null, s.vulnerability]),
});

function productsFor(statuses: readonly VulnerabilityStatus[]): VexProducts {
  const assets: Record<string, { name: string }> = {};
  const components: Record<string, Record<string, { name: string; version: string }>> = {};
  for (const s of statuses) {
    assets[s.asset] = { name: `Asset ${s.asset}` };
    if (s.component === undefined) continue;
    const own = components[s.asset] ?? {};
    own[s.component] = { name: s.component, version: "1" };
    components[s.asset] = own;
  }
  return { assets, components };
}

const byKey = (list: readonly VulnerabilityStatus[]) =>
  [...list].sort((a, b) => {
    const ka = JSON.stringify([a.asset, a.component ?? null, a.vulnerability]);
    const kb = JSON.stringify([b.asset, b.component ?? null, b.vulnerability]);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });

describe("writing CycloneDX VEX", () => {
  const options = { products, now: "2025-06-02T10:00:00+09:00", publisher: "Example Plant Security" };

  it("is a valid CycloneDX 1.6 BOM whose affects point at its components", () => {
    const written = toCycloneDxVex(plant, {
      ...options,
      serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
    });
    if (!written.ok) throw new Error(JSON.stringify(written.problems));
    expect(cdx16(written.document), JSON.stringify(cdx16.errors)).toBe(true);
    const reading = readCycloneDxVex(written.document);
    expect(reading.problems).toEqual([]);
    const refs = new Set(reading.products.map((p) => p.id));
    for (const s of reading.statements) expect(refs.has(s.product), s.product).toBe(true);
    expect(written.document).toMatchObject({
      vulnerabilities: expect.arrayContaining([
        expect.objectContaining({
          id: "CVE-2023-6943",
          analysis: expect.objectContaining({
            state: "not_affected",
            justification: "protected_by_mitigating_control",
            detail: "The MELSOFT port is closed at the zone firewall.",
          }),
          affects: [{ ref: "mamori:asset/hmi-press-01" }],
          properties: [{ name: "mamori:justification", value: "mitigated-by-zone-controls" }],
        }),
      ]),
    });
  });

  it("reads back to the same statuses (round trip), and stays a valid 1.6 BOM", () => {
    fc.assert(
      fc.property(statusesArbitrary, (statuses) => {
        const written = toCycloneDxVex(statuses, {
          products: productsFor(statuses),
          now: "2025-06-02T10:00:00Z",
        });
        if (!written.ok) throw new Error(JSON.stringify(written.problems));
        expect(cdx16(written.document), JSON.stringify(cdx16.errors)).toBe(true);
        const text = JSON.stringify(written.document);
        const { statuses: back, problems } = statusesFromVex(readVex(text), {
          updatedAt: "1999-01-01T00:00:00Z",
        });
        expect(problems).toEqual([]);
        expect(byKey(back)).toEqual(byKey(statuses));
      }),
      { numRuns: 200 },
    );
  });

  it("puts statuses that say the same thing into one vulnerability entry", () => {
    const same = (asset: string): VulnerabilityStatus => ({
      asset,
      vulnerability: "CVE-2024-0001",
      state: "not-affected",
      justification: "unreachable-unconnected-line",
      updatedAt: at,
    });
    const written = toCycloneDxVex([same("plc-01"), same("hmi/02")], {
      products: productsFor([same("plc-01"), same("hmi/02")]),
      now: at,
    });
    if (!written.ok) throw new Error("refused");
    const vulnerabilities = (written.document as { vulnerabilities: { affects: unknown[] }[] })
      .vulnerabilities;
    expect(vulnerabilities).toHaveLength(1);
    expect(vulnerabilities[0]?.affects).toEqual([
      { ref: "mamori:asset/hmi%2F02" },
      { ref: "mamori:asset/plc-01" },
    ]);
  });

  it("accepts an affected status without an action (unlike CSAF VEX) and refuses bad options", () => {
    const open: VulnerabilityStatus = {
      asset: "plc-press-01",
      vulnerability: "CVE-2024-0001",
      state: "affected",
      updatedAt: at,
    };
    expect(toCycloneDxVex([open], options).ok).toBe(true);
    expect(toCsafVex([open], csafOptions).ok).toBe(false);
    const bad = toCycloneDxVex([open], { ...options, serialNumber: "1234", version: 0 });
    expect(bad.ok ? [] : bad.problems.map((p) => p.code)).toEqual(["serial-number", "bom-version"]);
  });

  it("does not trust Mamori's property when it contradicts the standard justification", () => {
    const reading = readCycloneDxVex({
      bomFormat: "CycloneDX",
      specVersion: "1.6",
      components: [{ type: "device", name: "PLC", "bom-ref": "mamori:asset/plc-01" }],
      vulnerabilities: [
        {
          id: "CVE-2024-0001",
          analysis: { state: "not_affected", justification: "code_not_present" },
          affects: [{ ref: "mamori:asset/plc-01" }],
          properties: [{ name: "mamori:justification", value: "mitigated-by-zone-controls" }],
        },
      ],
    });
    expect(reading.statements[0]?.justification).toBe("code-not-present");
  });
});

import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { translator } from "../i18n/index.js";
import { type Problem, problemCodes } from "./problems.js";
import { validateText, validateValue } from "./validate.js";

/** A small valid site, as YAML text, that each case edits one way. */
const base = `kind: site
schemaVersion: 1
id: plant
name: {ja: 工場, en: Plant}
departments:
  - id: sec
    name: セキュリティ推進室
    type: security
organisations:
  - id: vendor
    name: ベンダ
    type: equipment-vendor
operations:
  - id: press
    name: プレス
    importance: high
    reasons:
      - aspect: safety
        note: 挟まれ事故
assets:
  - id: plc-1
    name: PLC
    type: plc
    operations: [press]
    owner: sec
    maintainer: vendor
  - id: recipe
    name: レシピ
    type: recipe
    hostedOn: [plc-1]
    operations: [press]
zones:
  - id: control
    name: 制御
    type: control
    assets: [plc-1]
    securityLevel: {target: sl2}
externals:
  - id: rm
    name: リモート保守
    kind: vendor-remote-maintenance
    organisation: vendor
conduits:
  - id: c1
    from: rm
    to: control
    direction: bidirectional
    protocols: [{protocol: vnc, port: 5900}]
    controls: [{type: vpn}]
`;

function codes(problems: readonly Problem[]) {
  return problems.map((p) => p.code);
}

function only(text: string): Problem {
  const result = validateText(text);
  expect(result.problems, JSON.stringify(result.problems, null, 1)).toHaveLength(1);
  return result.problems[0] as Problem;
}

describe("validateText", () => {
  it("accepts the base site with no problems", () => {
    const result = validateText(base);
    expect(result.problems).toEqual([]);
    expect(result.valid?.kind).toBe("site");
  });

  it("reports a YAML syntax error with its line and column", () => {
    const p = only("kind: site\nid: [unclosed\n");
    expect(p.code).toBe("syntax");
    expect(p.location?.line).toBeGreaterThanOrEqual(2);
  });

  it("rejects duplicate keys and multiple documents as syntax errors", () => {
    expect(codes(validateText("kind: site\nkind: site\n").problems)).toEqual(["syntax"]);
    expect(codes(validateText("kind: site\n---\nkind: site\n").problems)).toContain("syntax");
  });

  it("requires a mapping at the top and a known kind", () => {
    expect(only("- a\n- b\n").code).toBe("not-a-mapping");
    expect(only("id: x\n").code).toBe("required");
    const unknown = only("kind: sitee\n");
    expect(unknown).toMatchObject({
      code: "unknown-kind",
      params: { suggestion: "site" },
      location: { line: 1, column: 7 },
    });
    expect(only("kind: site\nschemaVersion: 2\n").code).toBe("unsupported-version");
    // Found by the mutation property test (seed 3): a non-string kind rendered as [object Object].
    expect(only("kind: [[{}]]\n")).toMatchObject({
      code: "type",
      params: { expected: "string", actual: "array" },
    });
  });

  it("locates an unknown key at the key and suggests the intended one", () => {
    const p = only(
      base.replace("    operations: [press]\n    owner: sec", "    operatons: [press]\n    owner: sec"),
    );
    expect(p).toMatchObject({
      code: "unknown-key",
      path: ["assets", 0, "operatons"],
      params: { key: "operatons", suggestion: "operations" },
      location: { line: 24, column: 5 },
    });
  });

  it("reports a missing enum value as missing, not as the value 'undefined'", () => {
    // Found by the mutation property test: a deleted `status` became "「undefined」は使えない値です".
    expect(only(base.replace("    type: security\n", ""))).toMatchObject({
      code: "required",
      params: { key: "type" },
    });
  });

  it("reports a wrong enum value with a suggestion", () => {
    const result = validateText(base.replace("type: plc\n", "type: plcc\n"));
    expect(result.problems[0]).toMatchObject({ code: "enum", params: { value: "plcc", suggestion: "plc" } });
  });

  it("reports wrong types, missing keys and bad formats together", () => {
    const text = base
      .replace("importance: high", "importance: 3")
      .replace("    name: PLC\n", "")
      .replace("{protocol: vnc, port: 5900}", "{protocol: vnc, port: 70000}")
      .replace("id: c1", "id: 'c 1'");
    const result = validateText(text);
    expect(codes(result.problems).sort()).toEqual(["format", "required", "too-big", "type"].sort());
    for (const p of result.problems) expect(p.location?.line).toBeGreaterThan(0);
  });

  it("explains an empty or language-less text", () => {
    expect(only(base.replace("name: {ja: 工場, en: Plant}", "name: {}")).code).toBe("text-needs-language");
    expect(
      codes(validateText(base.replace("name: {ja: 工場, en: Plant}", "name: {fr: Usine}")).problems),
    ).toEqual(["text-needs-language", "unknown-key"]);
  });

  it("reports unknown references with a suggestion and wrong-kind references", () => {
    const unknown = only(base.replace("hostedOn: [plc-1]", "hostedOn: [plc-2]"));
    expect(unknown).toMatchObject({
      code: "unknown-reference",
      params: { id: "plc-2", kinds: ["asset"], suggestion: "plc-1" },
    });
    const result = validateText(
      base.replace("operations: [press]\n    owner: sec", "operations: [control]\n    owner: sec"),
    );
    expect(codes(result.problems)).toContain("wrong-kind-reference");
  });

  it("reports duplicate ids across entity kinds, naming the first definition", () => {
    const result = validateText(base.replace("  - id: c1\n", "  - id: press\n"));
    const duplicate = result.problems.find((p) => p.code === "duplicate-id");
    expect(duplicate?.params).toMatchObject({ id: "press", first: "operations[0].id" });
  });

  it("refuses an asset in two zones", () => {
    const text = `${base}  - id: c2\n    from: control\n    to: other\n    direction: one-way\n`.replace(
      "externals:",
      "  - id: other\n    name: 別ゾーン\n    type: field\n    assets: [plc-1]\nexternals:",
    );
    expect(codes(validateText(text).problems)).toEqual(["asset-in-two-zones"]);
  });

  it("refuses conduits to themselves and between two external entities", () => {
    const same = validateText(base.replace("from: rm\n    to: control", "from: control\n    to: control"));
    expect(codes(same.problems)).toEqual(["external-unconnected", "conduit-same-endpoints"]);
    const between = base
      .replace("from: rm\n    to: control", "from: internet\n    to: rm")
      .replace("externals:\n", "externals:\n  - id: internet\n    name: Internet\n    kind: internet\n");
    expect(codes(validateText(between).problems)).toEqual(["conduit-between-externals"]);
  });

  it("warns about what is modelled but not tied in", () => {
    const text = base
      .replace("    assets: [plc-1]\n", "    assets: []\n")
      .replace(
        "operations:\n  - id: press",
        "operations:\n  - id: idle\n    name: 待機\n    importance: low\n    reasons: [{aspect: cost, note: なし}]\n  - id: press",
      )
      .replace("externals:\n", "externals:\n  - id: wifi\n    name: 無線\n    kind: wireless\n");
    const result = validateText(text);
    expect(codes(result.problems).sort()).toEqual([
      "device-outside-zones",
      "external-unconnected",
      "operation-not-served",
    ]);
    expect(result.problems.every((p) => p.severity === "warning")).toBe(true);
    expect(result.valid).toBeDefined();
  });

  it("finds cycles in zone parents and operation dependencies", () => {
    const text = base
      .replace("    type: control\n", "    type: control\n    parent: control\n")
      .replace("    importance: high\n", "    importance: high\n    dependsOn: [press]\n");
    expect(codes(validateText(text).problems).sort()).toEqual(["cycle", "cycle"]);
  });

  it("checks levels against the document's own scales", () => {
    expect(only(base.replace("importance: high", "importance: hihg"))).toMatchObject({
      code: "unknown-level",
      params: { scale: "importance", suggestion: "high" },
    });
    const scales = `scales:
  importance:
    - {key: a, value: 1, label: {ja: A, en: A}}
    - {key: b, value: 2, label: {ja: B, en: B}}
`;
    const own = validateText(
      base.replace("departments:", `${scales}departments:`).replace("importance: high", "importance: b"),
    );
    expect(own.problems).toEqual([]);
    const duplicate = validateText(
      base.replace("departments:", `${scales.replace("key: b", "key: a")}departments:`),
    );
    expect(codes(duplicate.problems)).toContain("duplicate-level");
  });

  it("checks impossible values: port ranges, rules on non-firewalls, data hosted on data", () => {
    expect(only(base.replace("port: 5900", "port: '6000-5900'")).code).toBe("port-range");
    expect(
      only(base.replace("controls: [{type: vpn}]", "controls: [{type: vpn, rules: [{action: allow}]}]")).code,
    ).toBe("rules-on-wrong-control");
    expect(only(base.replace("hostedOn: [plc-1]", "hostedOn: [recipe]")).code).toBe("hosted-on-wrong-type");
  });

  it("checks catalogue references when the catalogue is given", () => {
    const text = `${base}countermeasures:\n  - id: cm1\n    name: FW\n    catalogue: cm.nw.zone-firewal\n    appliesTo: [c1]\n    status: planned\n`;
    expect(validateText(text).problems).toEqual([]);
    const result = validateText(text, { catalogueCountermeasures: new Set(["cm.nw.zone-firewall"]) });
    expect(result.problems[0]).toMatchObject({
      code: "unknown-catalogue-item",
      params: { suggestion: "cm.nw.zone-firewall" },
    });
  });

  it("reads JSON with the same locations", () => {
    const json = JSON.stringify(
      {
        kind: "site",
        schemaVersion: 1,
        id: "x",
        name: "X",
        zones: [{ id: "z", name: "Z", type: "controll" }],
      },
      null,
      "\t",
    );
    const p = only(json);
    expect(p).toMatchObject({ code: "enum", location: { line: 10, column: 12 } });
  });

  it("validates values without text and gives paths instead of lines", () => {
    const result = validateValue({ kind: "product", schemaVersion: 1, id: "p", name: "P" });
    expect(codes(result.problems)).toEqual(["required"]);
    expect(result.problems[0]?.path).toEqual(["manufacturer"]);
    expect(result.problems[0]?.location).toBeUndefined();
  });

  it("accepts a minimal product and checks its references", () => {
    const product = {
      kind: "product",
      schemaVersion: 1,
      id: "gw",
      name: "Gateway",
      manufacturer: "ACME",
      assets: [{ id: "fw", name: "firmware", type: "firmware" }],
      risks: [
        {
          id: "r1",
          title: "t",
          assets: ["fw", "fx"],
          threat: "x",
          likelihood: "possible",
          impact: "major",
          treatment: "mitigate",
        },
      ],
    };
    const result = validateText(stringify(product));
    expect(result.problems).toMatchObject([
      { code: "unknown-reference", params: { id: "fx", suggestion: "fw" } },
    ]);
  });
});

describe("problem messages", () => {
  it("render every problem code in Japanese and English without missing keys", () => {
    for (const lang of ["ja", "en"] as const) {
      const { problem } = translator(lang);
      for (const code of problemCodes) {
        const message = problem({
          severity: "error",
          code,
          path: [],
          params: {
            id: "x",
            key: "k",
            kinds: ["asset"],
            actual: "zone",
            allowed: ["a"],
            scale: "importance",
            origin: "array",
            limit: 1,
            format: "id",
            value: "v",
            ids: ["a", "b"],
            detail: "BAD_INDENT",
            message: "m",
          },
        });
        expect(message, `${lang} ${code}`).not.toMatch(/problem\.|undefined|\[object Object\]/);
        expect(message.length).toBeGreaterThan(3);
      }
    }
  });

  it("are Japanese by default and English on request", () => {
    const p = only(base.replace("hostedOn: [plc-1]", "hostedOn: [plc-2]"));
    expect(translator("ja").problem(p)).toBe(
      "保護対象「plc-2」は定義されていません（もしかして「plc-1」？）",
    );
    expect(translator("en").problem(p)).toBe("no asset with id 'plc-2' (did you mean 'plc-1'?)");
  });
});

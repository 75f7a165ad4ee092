import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validateValue } from "../model/validate.js";
import type { CliIo } from "./io.js";
import { run } from "./program.js";

/** The CLI end to end, in-process: argv in, exit code and output out. */

const root = fileURLToPath(new URL("../../", import.meta.url));
const demoSite = `${root}examples/demo-site.yaml`;
const demoProduct = `${root}examples/demo-product.yaml`;

function cli(args: string[], files: Record<string, string> = {}, env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const written: Record<string, string> = {};
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readFile: (path) => files[path] ?? readFileSync(path, "utf8"),
    writeFile: (path, text) => {
      written[path] = text;
    },
    env,
    today: () => "2026-11-21",
  };
  const code = run(args, io);
  return { code, stdout, stderr, written };
}

const broken = `kind: site
schemaVersion: 1
id: broken
name: 壊れた工場
operations:
  - id: press
    name: プレス
    importance: hihg
    reasons: [{aspect: safety, note: 挟まれ}]
assets:
  - id: plc-1
    name: PLC
    type: plcc
    operations: [press]
zones:
  - id: control
    name: 制御
    type: control
    assets: [plc-1, plc-2]
    colour: red
`;

describe("mamori validate", () => {
  it("accepts the demo site and product", () => {
    const result = cli(["validate", demoSite, demoProduct]);
    expect(result.stdout).toContain("問題ありません");
    expect(result.code).toBe(0);
  });

  it("reports every problem at once, located, in Japanese by default, exit code 2", () => {
    const result = cli(["validate", "broken.yaml"], { "broken.yaml": broken });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      "broken.yaml:8:17: エラー: 「hihg」は尺度「重要度」にない段階です（もしかして「high」？）",
    );
    expect(result.stdout).toContain(
      "broken.yaml:13:11: エラー: 「plcc」は使えない値です（もしかして「plc」？）",
    );
    expect(result.stdout).toContain(
      "broken.yaml:19:21: エラー: 保護対象「plc-2」は定義されていません（もしかして「plc-1」？）",
    );
    expect(result.stdout).toContain("broken.yaml:20:5: エラー: 不明なキー「colour」です");
    expect(result.stdout).toContain("エラー 4件");
    expect(result.stdout).not.toMatch(/\n\s+at /);
  });

  it("speaks English with --lang en or an English locale", () => {
    const flag = cli(["validate", "--lang", "en", "broken.yaml"], { "broken.yaml": broken });
    expect(flag.stdout).toContain(
      "broken.yaml:13:11: error: 'plcc' is not an allowed value (did you mean 'plc'?)",
    );
    const env = cli(["validate", "broken.yaml"], { "broken.yaml": broken }, { LANG: "en_US.UTF-8" });
    expect(env.stdout).toContain("error: no asset with id 'plc-2' (did you mean 'plc-1'?)");
    const override = cli(
      ["validate", "broken.yaml"],
      { "broken.yaml": broken },
      { LANG: "en_US.UTF-8", MAMORI_LANG: "ja" },
    );
    expect(override.stdout).toContain("エラー");
  });

  it("gives JSON with pointers, lines and messages", () => {
    const result = cli(["validate", "--format", "json", "broken.yaml"], { "broken.yaml": broken });
    const [report] = JSON.parse(result.stdout);
    expect(report).toMatchObject({ file: "broken.yaml", kind: "site", valid: false, errors: 4, warnings: 0 });
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        code: "unknown-reference",
        pointer: "/zones/0/assets/1",
        line: 19,
        column: 21,
      }),
    );
  });

  it("fails warnings only under --strict, with exit code 1", () => {
    const warning = broken
      .replace("importance: hihg", "importance: high")
      .replace("type: plcc", "type: plc")
      .replace("assets: [plc-1, plc-2]\n    colour: red\n", "assets: []\n");
    expect(cli(["validate", "w.yaml"], { "w.yaml": warning }).code).toBe(0);
    const strict = cli(["validate", "--strict", "w.yaml"], { "w.yaml": warning });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain("警告");
  });

  it("reports a missing file without a stack trace", () => {
    const result = cli(["validate", "/nonexistent/site.yaml"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("/nonexistent/site.yaml: エラー: ファイルを読めません: ENOENT");
  });
});

describe("mamori summary", () => {
  it("summarises the demo site and product", () => {
    const result = cli(["summary", demoSite, demoProduct, "--lang", "en"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Assets\s+\d{3} \(/);
    expect(result.stdout).toContain("Zones");
    expect(result.stdout).toContain("Measures 1–6 covered");
  });

  it("gives the summary as JSON", () => {
    const [site] = JSON.parse(cli(["summary", "--format", "json", demoSite]).stdout);
    expect(site.summary.kind).toBe("site");
    expect(site.summary.assets.total).toBeGreaterThanOrEqual(100);
  });
});

describe("mamori analyze", () => {
  it("prints a readable analysis of the demo plant in Japanese and English", () => {
    const ja = cli(["analyze", demoSite]);
    expect(ja.code).toBe(0);
    expect(ja.stdout).toContain("分析結果: 東海精密部品株式会社 浜松第二工場");
    expect(ja.stdout).toContain("主なリスク");
    const en = cli(["analyze", demoSite, "--lang", "en"]);
    expect(en.stdout).toContain("Top risks (by residual level)");
  });

  it("gives JSON in the published analysis schema", async () => {
    const { AnalysisReport } = await import("../analysis/report.js");
    const result = cli(["analyze", demoSite, "--format", "json"]);
    const report = JSON.parse(result.stdout);
    expect(AnalysisReport.safeParse(report).success).toBe(true);
    expect(report.zones.length).toBeGreaterThanOrEqual(8);
    for (const zone of report.zones) expect(zone).toHaveProperty("requiredCountermeasures");
  });

  it("writes a Markdown report with the supplement's threat table", () => {
    const md = cli(["analyze", demoSite, "--format", "md", "--lang", "en"]).stdout;
    expect(md).toMatch(/^# Analysis: /);
    expect(md).toContain("## Smart-factory threats and countermeasures (the supplement's table)");
    expect(md.match(/^\| \d \| /gm)).toHaveLength(9);
  });

  it("gates on untreated risks with --fail-on, exit code 1", () => {
    const gated = cli(["analyze", demoSite, "--fail-on", "critical"]);
    expect(gated.code).toBe(1);
    expect(gated.stderr).toMatch(/critical 以上の未対応リスクが \d+ 件あります/);
    const small = `kind: site
schemaVersion: 1
id: tiny
name: 小さな工場
operations:
  - {id: op, name: 検査, importance: low, reasons: [{aspect: cost, note: 小}]}
assets:
  - {id: pc, name: PC, type: office-pc, operations: [op]}
zones:
  - {id: z, name: 事務, type: office, assets: [pc]}
`;
    expect(cli(["analyze", "tiny.yaml", "--fail-on", "critical"], { "tiny.yaml": small }).code).toBe(0);
  });

  it("refuses invalid input and products with exit code 2", () => {
    expect(cli(["analyze", "broken.yaml"], { "broken.yaml": broken }).code).toBe(2);
    const product = cli(["analyze", demoProduct]);
    expect(product.code).toBe(2);
    expect(product.stderr).toContain("サイトではありません");
  });
});

describe("mamori generate", () => {
  it("writes a valid site as YAML or JSON, reproducibly", () => {
    const yaml = cli(["generate", "--assets", "120", "--seed", "9"]);
    expect(yaml.code).toBe(0);
    const site = parse(yaml.stdout);
    expect(site.assets).toHaveLength(120);
    expect(validateValue(site).problems).toEqual([]);
    const json = cli(["generate", "--assets", "120", "--seed", "9", "--format", "json"]);
    expect(JSON.parse(json.stdout)).toEqual(site);
  });

  it("refuses nonsense counts with exit code 2", () => {
    const result = cli(["generate", "--assets", "lots"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--assets");
  });
});

describe("mamori catalog", () => {
  it("lists threats filtered by entry route and countermeasures by area", () => {
    const threats = cli([
      "catalog",
      "list",
      "--catalogue",
      "mamori-threats",
      "--route",
      "removable-media",
      "--format",
      "json",
    ]);
    const items = JSON.parse(threats.stdout) as { id: string; publisher: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.publisher === "mamori")).toBe(true);
    const physical = cli(["catalog", "list", "--catalogue", "mamori-countermeasures", "--area", "physical"]);
    expect(physical.code).toBe(0);
    expect(physical.stdout).toMatch(/件/);
  });

  it("shows a seed row with its METI source, and our own items as ours", () => {
    const row = cli(["catalog", "show", "meti.sf-threat.1"]);
    expect(row.code).toBe(0);
    expect(row.stdout).toContain("経済産業省");
    const threat = JSON.parse(
      cli(["catalog", "list", "--catalogue", "mamori-threats", "--format", "json"]).stdout,
    )[0];
    const ours = cli(["catalog", "show", threat.id, "--lang", "en"]);
    expect(ours.stdout).toContain("Mamori's own (not METI's text)");
    expect(ours.stdout).toContain("Mitigated by");
  });

  it("suggests the id meant when it does not exist", () => {
    const result = cli(["catalog", "show", "meti.sf-threat.10x"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("もしかして");
  });
});

describe("mamori schema and usage", () => {
  it("prints the JSON Schema that is committed under schema/", () => {
    for (const kind of ["site", "product", "analysis"]) {
      const printed = cli(["schema", "--kind", kind]).stdout;
      expect(printed).toBe(readFileSync(`${root}schema/${kind}.schema.json`, "utf8"));
    }
  });

  it("has help everywhere, localised, and exit code 2 for wrong usage", () => {
    for (const args of [
      ["--help"],
      ["validate", "--help"],
      ["generate", "--help"],
      ["catalog", "list", "--help"],
      ["catalog", "show", "--help"],
      ["schema", "--help"],
      ["summary", "--help"],
    ]) {
      const result = cli(args);
      expect(result.code, args.join(" ")).toBe(0);
      expect(result.stdout).toContain("使い方:");
    }
    expect(cli(["--help", "--lang", "en"]).stdout).toContain("Usage:");
    const unknown = cli(["validate", "--bogus", "x.yaml"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("使い方の誤り");
    expect(cli(["frobnicate"]).code).toBe(2);
    expect(cli(["validate"]).code).toBe(2);
    const badFilter = cli(["catalog", "list", "--catalogue", "mamori-threat"]);
    expect(badFilter.code).toBe(2);
    expect(badFilter.stderr).toContain("mamori-threats");
  });
});

describe("mamori analyze --as-of", () => {
  it("judges end of support on the date given, and refuses a date that is not one", () => {
    const count = (date: string) => {
      const { code, stdout } = cli([
        "analyze",
        "examples/demo-site.yaml",
        "--format",
        "json",
        "--as-of",
        date,
      ]);
      expect(code === 0 || code === 1).toBe(true);
      const report = JSON.parse(stdout) as { findings: { rule: string }[] };
      return report.findings.filter((f) => f.rule.includes("support")).length;
    };
    expect(count("2040-01-01")).toBeGreaterThan(count("2020-01-01"));
    const bad = cli(["analyze", "examples/demo-site.yaml", "--as-of", "next week"]);
    expect(bad.code).toBe(2);
  });
});

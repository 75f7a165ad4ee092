import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareCsafValidation } from "../advisories/csaf-validate.js";
import { sharedDirectory } from "../catalogues/shared-data.js";
import type { CliIo } from "./io.js";
import { run } from "./program.js";

/** `mamori advisories validate`, in-process through run(argv, io) with files from the corpora or in memory. */

const corpora = resolve(sharedDirectory(), "corpora");
const cisa = resolve(corpora, "cisa-csaf/csaf_files/OT/white");
const valid = join(cisa, "2024/icsa-24-298-03.json");
// Names CWE-280 with a trailing space: refused by mandatory test 6.1.11.
const invalid = join(cisa, "2019/icsa-19-099-04.json");
const oasis = resolve(corpora, "csaf-oasis-tests/csaf_2.0/test/validator/data");

async function cli(args: string[], files: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readFile: (path) => files[path] ?? readFileSync(path, "utf8"),
    writeFile: () => {
      throw new Error("advisories validate writes no file");
    },
    env: {},
    today: () => "2026-11-21",
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

beforeAll(() => prepareCsafValidation(), 120_000);

describe("mamori advisories validate", () => {
  it("accepts a valid CISA advisory, in Japanese by default, exit code 0", async () => {
    const result = await cli(["advisories", "validate", valid]);
    expect(result).toEqual({ code: 0, stdout: `${valid}: 有効なCSAF 2.0 文書です\n`, stderr: "" });
  });

  it("refuses an invalid one with exit code 2, naming the test, the pointer and the line and column", async () => {
    const result = await cli(["advisories", "validate", invalid]);
    expect(result.code).toBe(2);
    const match =
      /^(.*):(\d+):(\d+): エラー: \[必須テスト 6\.1\.11\] (.*) \(\/vulnerabilities\/4\/cwe\/name\)$/m.exec(
        result.stdout,
      );
    expect(match?.[1]).toBe(invalid);
    expect(match?.[4]).toBe("the name does not match the weakness with the given id");
    // The line and column are those of the offending value in the file.
    const line = readFileSync(invalid, "utf8").split("\n")[Number(match?.[2]) - 1] ?? "";
    expect(line.slice(Number(match?.[3]) - 1)).toBe(
      '"Improper Handling of Insufficient Permissions or Privileges "',
    );
    expect(result.stdout).toContain(`${invalid}: 無効です（エラー 1件、警告 0件）`);
  });

  it("locates a JSON syntax error and says it in the chosen language", async () => {
    const files = { "broken.json": '{\n  "document": {\n    "csaf_version": "2.0",\n  }\n}\n' };
    const ja = await cli(["advisories", "validate", "broken.json"], files);
    expect(ja.code).toBe(2);
    expect(ja.stdout).toContain(
      "broken.json:4:3: エラー: [JSON 構文] 構文エラー: ここには置けない文字があります",
    );
    const en = await cli(["advisories", "validate", "--lang", "en", "broken.json"], files);
    expect(en.stdout).toContain(
      "broken.json:4:3: error: [JSON syntax] syntax error: a character that cannot stand here",
    );
    expect(en.stdout).toContain("broken.json: invalid (1 errors, 0 warnings)");
  });

  it("holds a file to the syntax its name promises, and locates YAML errors too", async () => {
    const files = { "notes.json": "hello\n", "bad.yaml": "id: X\nmodified: [unclosed\n" };
    const result = await cli(["advisories", "validate", "notes.json", "bad.yaml"], files);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      "notes.json:1:1: エラー: [JSON 構文] 構文エラー: ここには置けない文字があります",
    );
    expect(result.stdout).toMatch(/^bad\.yaml:\d+:\d+: エラー: \[YAML 構文\] 構文エラー: /m);
  });

  it("reads only CSAF 2.0", async () => {
    const document = JSON.parse(readFileSync(valid, "utf8"));
    document.document.csaf_version = "2.1";
    const result = await cli(["advisories", "validate", "v21.json"], {
      "v21.json": JSON.stringify(document, null, 2),
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /^v21\.json:\d+:\d+: エラー: \[CSAF バージョン\] CSAF バージョン「2\.1」の文書は読めません（読めるのは 2\.0 のみ） \(\/document\/csaf_version\)$/m,
    );
  });

  it("reports every file and fails when any is invalid or unreadable", async () => {
    const result = await cli(["advisories", "validate", valid, invalid, "nowhere.json"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`${valid}: 有効なCSAF 2.0 文書です`);
    expect(result.stdout).toContain(`${invalid}: 無効です`);
    expect(result.stdout).toContain("nowhere.json: エラー: [取り込み] 読めません（ENOENT）");
  });

  it("writes JSON with pointers, positions, the library's own words and the translated message", async () => {
    const result = await cli(["advisories", "validate", "--format", "json", "--lang", "en", valid, invalid]);
    expect(result.code).toBe(2);
    const out = JSON.parse(result.stdout);
    expect(out[0]).toEqual({
      file: valid,
      format: "csaf",
      valid: true,
      errors: 0,
      warnings: 0,
      problems: [],
    });
    expect(out[1]).toEqual({
      file: invalid,
      format: "csaf",
      valid: false,
      errors: 1,
      warnings: 0,
      problems: [
        {
          severity: "error",
          test: "6.1.11",
          pointer: "/vulnerabilities/4/cwe/name",
          line: expect.any(Number),
          column: expect.any(Number),
          message: "the name does not match the weakness with the given id",
          detail: "the name does not match the weakness with the given id",
        },
      ],
    });
  });

  it("passes a document with an additional property, with the optional test 6.2.20 as a warning", async () => {
    const file = join(oasis, "optional/oasis_csaf_tc-csaf_2_0-2021-6-2-20-01.json");
    const result = await cli(["advisories", "validate", file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /:\d+:\d+: 警告: \[任意テスト 6\.2\.20\] CSAF 2\.0 のスキーマにないプロパティ「custom_property」があります \(\/document\/custom_property\)\n/,
    );
    expect(result.stdout).toContain(`${file}: 有効なCSAF 2.0 文書です（警告 1件）`);
  });

  it("validates OSV records too, JSON and YAML, and refuses what is neither", async () => {
    const yaml = join(corpora, "osv-pypa-advisory-db/vulns/apache-skywalking/PYSEC-2020-342.yaml");
    const json = join(corpora, "osv-schema-tests/tools/osv-linter/testdata/GO-2020-0001.json");
    const ok = await cli(["advisories", "validate", yaml, json]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(`${yaml}: 有効なOSV レコードです\n${json}: 有効なOSV レコードです\n`);
    const neither = await cli(["advisories", "validate", "other.json"], {
      "other.json": '{"hello": "world"}',
    });
    expect(neither.code).toBe(2);
    expect(neither.stdout).toContain("other.json: エラー: [形式] 脆弱性情報ではありません");
  });

  it("has localised help, and exit code 2 for wrong usage", async () => {
    const group = await cli(["advisories", "--help"]);
    expect(group.code).toBe(0);
    expect(group.stdout).toContain("使い方:");
    expect(group.stdout).toContain("CSAF 2.0 / OSV のファイルを検証する");
    const validate = await cli(["advisories", "validate", "--help", "--lang", "en"]);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain("Validate CSAF 2.0 / OSV files");
    const missing = await cli(["advisories", "validate"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("使い方の誤り");
    expect((await cli(["advisories", "validate", "--format", "xml", valid])).code).toBe(2);
  });
});

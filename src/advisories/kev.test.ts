import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { sharedDirectory } from "../catalogues/shared-data.js";
import { readEpss, readKev } from "./kev.js";

const kevDir = join(sharedDirectory(), "kb/cisa-kev");
const kevText = readFileSync(join(kevDir, "known_exploited_vulnerabilities.json"), "utf8");
const kevSchema = JSON.parse(
  readFileSync(join(kevDir, "known_exploited_vulnerabilities_schema.json"), "utf8"),
);

describe("CISA KEV", () => {
  it("reads the whole catalog (2025.08.25, 1,404 entries) without problems", () => {
    const { catalog, problems } = readKev(kevText);
    expect(problems).toEqual([]);
    expect(catalog?.catalogVersion).toBe("2025.08.25");
    expect(catalog?.dateReleased).toBe("2025-08-25T17:04:19.9796Z");
    expect(catalog?.entries.size).toBe(1404);
    // 293 entries say "Known" (the README's count).
    expect([...(catalog?.entries.values() ?? [])].filter((e) => e.knownRansomwareCampaignUse)).toHaveLength(
      293,
    );
  });

  it("keeps the fields prioritisation uses (an OT entry and a ransomware one)", () => {
    const entries = readKev(kevText).catalog?.entries;
    expect(entries?.get("CVE-2023-6448")).toEqual({
      cve: "CVE-2023-6448",
      vendorProject: "Unitronics",
      product: "Vision PLC and HMI",
      dateAdded: "2023-12-11",
      dueDate: "2023-12-18",
      knownRansomwareCampaignUse: false,
      requiredAction:
        "Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.",
    });
    expect(entries?.get("CVE-2017-0144")).toMatchObject({
      product: "SMBv1",
      dateAdded: "2022-02-10",
      knownRansomwareCampaignUse: true,
    });
    expect(entries?.has("CVE-2099-0001")).toBe(false);
  });

  it("reports bad entries by JSON pointer, keeps the good ones, and agrees with CISA's schema on them", () => {
    const document = JSON.parse(kevText);
    const good = document.vulnerabilities[0];
    document.vulnerabilities = [
      good,
      { ...good, cveID: "CVE-25-1" },
      { ...good, cveID: "CVE-2024-99999", dateAdded: "25 Aug 2025" },
      { ...good, cveID: "CVE-2024-99998", requiredAction: undefined },
      { ...good },
    ];
    document.count = 5;
    const { catalog, problems } = readKev(JSON.stringify(document));
    expect(problems.map((p) => [p.code, "pointer" in p.at ? p.at.pointer : p.at.line])).toEqual([
      ["entry-shape", "/vulnerabilities/1/cveID"],
      ["entry-shape", "/vulnerabilities/2/dateAdded"],
      ["entry-shape", "/vulnerabilities/3/requiredAction"],
      ["duplicate-cve", "/vulnerabilities/4/cveID"],
    ]);
    expect([...(catalog?.entries.keys() ?? [])]).toEqual([good.cveID]);
    // The official schema (with formats) rejects the same three entries; the duplicate is our own check.
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
    ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T/);
    const validate = ajv.compile(kevSchema);
    validate(document);
    const rejected = new Set((validate.errors ?? []).map((e) => e.instancePath.split("/")[2]));
    expect(rejected).toEqual(new Set(["1", "2", "3"]));
    expect(validate(JSON.parse(kevText))).toBe(true);
  });

  it("reports a catalog it cannot read, a count that disagrees and text that is not JSON", () => {
    expect(readKev("{").problems[0]?.code).toBe("json-syntax");
    const noVersion = readKev(
      JSON.stringify({ dateReleased: "2025-01-01T00:00:00Z", count: 0, vulnerabilities: [] }),
    );
    expect(noVersion.catalog).toBeUndefined();
    expect(noVersion.problems.map((p) => [p.code, "pointer" in p.at && p.at.pointer])).toEqual([
      ["catalog-shape", "/catalogVersion"],
    ]);
    const miscounted = readKev(
      JSON.stringify({
        catalogVersion: "x",
        dateReleased: "2025-01-01T00:00:00Z",
        count: 3,
        vulnerabilities: [],
      }),
    );
    expect(miscounted.catalog?.entries.size).toBe(0);
    expect(miscounted.problems.map((p) => p.code)).toEqual(["count-mismatch"]);
  });
});

/**
 * There is no EPSS data in ../shared (its README says the snapshots found withhold the CSV), so these
 * fixtures are synthetic, written in the layout of FIRST's daily file: a model/date comment line, the
 * header, one row per CVE. The scores are invented.
 */
describe("EPSS (synthetic fixtures in FIRST's layout)", () => {
  const file = [
    "#model_version:v2025.03.14,score_date:2025-06-01T12:55:00Z",
    "cve,epss,percentile",
    "CVE-2023-6448,0.92104,0.99631",
    "CVE-2021-44228,0.94358,0.99960",
    "CVE-2024-0001,0.00043,0.10212",
    "",
  ].join("\n");

  it("reads the model line and the scores", () => {
    const { epss, problems } = readEpss(file);
    expect(problems).toEqual([]);
    expect(epss?.modelVersion).toBe("v2025.03.14");
    expect(epss?.scoreDate).toBe("2025-06-01T12:55:00Z");
    expect(epss?.scores.get("CVE-2023-6448")).toEqual({
      cve: "CVE-2023-6448",
      epss: 0.92104,
      percentile: 0.99631,
    });
    expect(epss?.scores.size).toBe(3);
  });

  it("reads a file without the comment line, with CRLF and the columns in another order", () => {
    const { epss, problems } = readEpss("percentile,cve,epss\r\n0.5,CVE-2020-0001,0.01\r\n");
    expect(problems).toEqual([]);
    expect(epss?.modelVersion).toBeUndefined();
    expect(epss?.scores.get("CVE-2020-0001")).toEqual({ cve: "CVE-2020-0001", epss: 0.01, percentile: 0.5 });
  });

  it("reports bad rows by line and keeps the rest", () => {
    const { epss, problems } = readEpss(
      [
        "#model_version:v2025.03.14,score_date:2025-06-01T12:55:00Z",
        "cve,epss,percentile",
        "CVE-2023-6448,0.92104,0.99631",
        "CVE-2023-x,0.1,0.2",
        "CVE-2023-0002,1.5,0.2",
        "CVE-2023-0003,,0.2",
        "CVE-2023-0004,0x1,0.2",
        "CVE-2023-6448,0.5,0.5",
        "CVE-2023-0005,1e-3,0.3",
      ].join("\n"),
    );
    expect(problems.map((p) => [p.code, "line" in p.at ? p.at.line : p.at.pointer])).toEqual([
      ["row-cve", 4],
      ["row-score", 5],
      ["row-score", 6],
      ["row-score", 7],
      ["duplicate-cve", 8],
    ]);
    expect([...(epss?.scores.keys() ?? [])]).toEqual(["CVE-2023-6448", "CVE-2023-0005"]);
    expect(epss?.scores.get("CVE-2023-0005")?.epss).toBe(0.001);
  });

  it("reports what the CSV parser finds, at its line", () => {
    const { problems } = readEpss('cve,epss,percentile\nCVE-2020-0001,0.1,0.2\n"CVE-2020-0002,0.1,0.2\n');
    expect(problems.map((p) => [p.code, "line" in p.at && p.at.line])).toEqual([
      ["csv", 3],
      ["row-cve", 3],
    ]);
  });

  it("refuses a file without the columns it needs", () => {
    const { epss, problems } = readEpss("#model_version:v1\ncve,score\nCVE-2020-0001,0.1\n");
    expect(epss).toBeUndefined();
    expect(problems.map((p) => [p.code, "line" in p.at && p.at.line])).toEqual([["header", 2]]);
    expect(readEpss("").problems[0]?.code).toBe("header");
  });
});

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sharedDirectory } from "../catalogues/shared-data.js";
import { readNativeRange } from "./native-range.js";
import { contains } from "./vers.js";
import { compareVersions } from "./versions.js";

const read = (text: string) => {
  const r = readNativeRange(text);
  return r.ok ? r.range.constraints : r.reason;
};

describe("readNativeRange", () => {
  it.each([
    ["All versions < V4.33", [{ comparator: "<", version: "V4.33" }]],
    ["< V5.5 SP1", [{ comparator: "<", version: "V5.5 SP1" }]],
    ["<=2.2.1", [{ comparator: "<=", version: "2.2.1" }]],
    [
      ">= V3.0 and < V3.2",
      [
        { comparator: ">=", version: "V3.0" },
        { comparator: "<", version: "V3.2" },
      ],
    ],
    [
      ">=7.80<9.40",
      [
        { comparator: ">=", version: "7.80" },
        { comparator: "<", version: "9.40" },
      ],
    ],
    [
      "< V3.2 | >= V3.0",
      [
        { comparator: ">=", version: "V3.0" },
        { comparator: "<", version: "V3.2" },
      ],
    ],
    ["V2.0 and prior", [{ comparator: "<=", version: "V2.0" }]],
    ["versions prior to 3.1", [{ comparator: "<", version: "3.1" }]],
    [
      "1.0 through 2.3",
      [
        { comparator: ">=", version: "1.0" },
        { comparator: "<=", version: "2.3" },
      ],
    ],
    ["All Versions", "*"],
    ["vers:all/<V3.2.16", [{ comparator: "<", version: "V3.2.16" }]],
    ["All versions ≦ 2.0", [{ comparator: "<=", version: "2.0" }]],
  ])("reads %j", (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it.each([
    "<=the_first_2021_release",
    "< January 31 2014",
    "All versions with U-Boot < 2.0",
    "< SIMATIC WinAC RTX 2010 SP3",
    "Versions V8.0, V8.1",
    "<v36.011_v35.013_v34.014",
    "> 3.0 > 2.0",
    "< 2.0 and < 3.0",
    "",
  ])("leaves %j unread, with a reason", (text) => {
    const r = readNativeRange(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
  });

  const version = fc
    .tuple(
      fc.constantFrom("", "V", "v"),
      fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 4 }),
      fc.constantFrom("", " SP1", " Update 2", "b"),
    )
    .map(([prefix, parts, suffix]) => `${prefix}${parts.join(".")}${suffix}`);

  it("means what it says: 'All versions < X' contains exactly the versions below X (property)", () => {
    fc.assert(
      fc.property(version, version, fc.constantFrom("<", "<=", ">", ">="), (bound, probe, comparator) => {
        const reading = readNativeRange(`All versions ${comparator} ${bound}`);
        expect(reading.ok).toBe(true);
        if (!reading.ok) return;
        const inside = contains(reading.range, probe);
        const order = compareVersions(probe, bound, "all");
        if (order === "incomparable") {
          expect(inside).toBe("incomparable");
        } else {
          const expected = { "<": order < 0, "<=": order <= 0, ">": order > 0, ">=": order >= 0 }[comparator];
          expect(inside).toBe(expected);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("never throws, on any text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const r = readNativeRange(text);
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 2000 },
    );
  });

  it("reads most of CISA's ICS CSAF ranges and explains the rest", () => {
    const root = join(sharedDirectory(), "corpora/cisa-csaf/csaf_files");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith(".json")) files.push(path);
      }
    };
    walk(root);
    let total = 0;
    let readCount = 0;
    const visit = (branch: { branches?: { category: string; name: string }[] } | undefined) => {
      for (const child of branch?.branches ?? []) {
        if (child.category === "product_version_range") {
          total++;
          const r = readNativeRange(child.name);
          if (r.ok) readCount++;
          else expect(r.reason).not.toBe("");
        }
        visit(child as never);
      }
    };
    for (const file of files) visit(JSON.parse(readFileSync(file, "utf8")).product_tree);
    expect(total).toBeGreaterThan(10_000);
    // 12,3xx of 13,621 when written; a floor against regressions, not a target.
    expect(readCount / total).toBeGreaterThan(0.88);
  });
});

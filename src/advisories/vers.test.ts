import { readdirSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sharedDirectory } from "../catalogues/shared-data.js";
import {
  type Comparator,
  contains,
  encodeVersion,
  formatVers,
  normaliseVers,
  parseProductVersionRange,
  parseVers,
  type VersConstraint,
  type VersRange,
} from "./vers.js";

function parsed(text: string): VersRange {
  const r = parseVers(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.value;
}

describe("parseVers", () => {
  it("reads the canonical form", () => {
    expect(parseVers("vers:npm/1.2.3|>=2.0.0|<5.0.0")).toEqual({
      ok: true,
      value: {
        scheme: "npm",
        constraints: [
          { comparator: "=", version: "1.2.3" },
          { comparator: ">=", version: "2.0.0" },
          { comparator: "<", version: "5.0.0" },
        ],
      },
    });
    expect(parsed("vers:deb/*").constraints).toBe("*");
    expect(parsed("vers:generic/4.0%20SP1").constraints).toEqual([{ comparator: "=", version: "4.0 SP1" }]);
  });

  it.each([
    ["npm:1.0", "not-vers", 0],
    ["vers:/1.0", "missing-type", 5],
    ["vers:NPM/1.0", "invalid-type", 5],
    ["vers:invalid/1.0", "reserved-type", 5],
    ["vers:npm/", "empty-constraints", 9],
    ["vers:npm/>=1.0.0 |<2.0.0", "whitespace", 16],
    ["vers:npm/|1.0.0", "leading-pipe", 9],
    ["vers:npm/1.0.0|", "trailing-pipe", 14],
    ["vers:npm/1.0.0||2.0.0", "consecutive-pipes", 15],
    ["vers:npm/*|1.0.0", "star-not-alone", 9],
    ["vers:npm/=1.0.0", "equals-comparator", 9],
    ["vers:npm/>=", "empty-version", 11],
    ["vers:npm/1.0%2", "invalid-percent-encoding", 12],
    ["vers:npm/1.0%2f", "non-canonical-encoding", 12],
    ["vers:npm/1.0%41", "non-canonical-encoding", 12],
    ["vers:all/>=V7.80<V9.40", "invalid-character", 16],
    ["vers:npm/2.0.0|1.0.0", "unsorted", 15],
    ["vers:npm/1.0.0|<1.0.0", "duplicate-version", 15],
    ["vers:pypi/1.0|1.0.0", "duplicate-version", 14],
    ["vers:npm/>1.0.0|>2.0.0", "invalid-sequence", 16],
    ["vers:npm/<1.0.0|<2.0.0", "invalid-sequence", 16],
    ["vers:npm/1.0.0|<2.0.0", "invalid-sequence", 15],
    ["vers:npm/>1.0.0|1.5.0|<2.0.0", "invalid-sequence", 16],
    ["vers:datetime/2024-01-01t00:00:00z", "invalid-version", 14],
  ])("%s fails with %s at %i", (text, code, offset) => {
    const r = parseVers(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.code, r.error.offset]).toEqual([code, offset]);
  });

  it("accepts '!=' anywhere and equalities before a lower bound", () => {
    expect(parseVers("vers:npm/!=0.5.0|1.0.0|>=2.0.0|!=2.5.0|<3.0.0").ok).toBe(true);
    expect(parseVers("vers:npm/<1.0.0|1.5.0|>=2.0.0").ok).toBe(true);
  });

  it("does not call a pair it cannot order unsorted", () => {
    expect(parseVers("vers:generic/<4.0%20SP1|>=4.0.1").ok).toBe(true);
  });
});

describe("normaliseVers and formatVers", () => {
  it("sorts constraints and writes the canonical string", () => {
    const r = normaliseVers("vers:generic/>=V2.0|1.0|<V3.0");
    expect(r.ok && formatVers(r.value)).toBe("vers:generic/1.0|>=V2.0|<V3.0");
  });
  it("refuses what it cannot order", () => {
    const r = normaliseVers("vers:generic/4.0.1|4.0%20SP1");
    expect(r.ok ? "ok" : r.error.code).toBe("unorderable");
  });
  it("encodes the reserved characters of a version", () => {
    expect(encodeVersion("1.0 <beta>|*=!%")).toBe("1.0%20%3Cbeta%3E%7C%2A%3D%21%25");
  });
});

describe("contains", () => {
  it.each([
    ["vers:npm/>=1.0.0|<2.0.0", "1.5.0", true],
    ["vers:npm/>=1.0.0|<2.0.0", "2.0.0", false],
    ["vers:npm/>=1.0.0|<2.0.0", "1.0.0", true],
    ["vers:npm/<1.0.0|>=2.0.0", "1.5.0", false],
    ["vers:npm/<1.0.0|>=2.0.0", "3.0.0", true],
    ["vers:npm/>=1.0.0|!=1.5.0|<2.0.0", "1.5.0", false],
    ["vers:npm/1.2.3", "1.2.3", true],
    ["vers:npm/1.2.3", "1.2.4", false],
    // The specification's containment procedure: a lone '!=' bounds nothing, so nothing is inside.
    ["vers:npm/!=1.2.3", "1.2.4", false],
    ["vers:npm/>=1.0.0|<2.0.0", "not-semver", "incomparable"],
    ["vers:all/<V4.3.8", "V4.3.7", true],
    ["vers:all/<V4.3.8", "4.3.8", false],
    ["vers:all/<V4.3.8", "V4.3.8 SP1", false],
    ["vers:generic/<4.0%20SP1", "4.0", true],
    ["vers:generic/<4.0%20SP1", "4.0.1", "incomparable"],
    ["vers:generic/<4.0%20SP1", "3.9", true],
    ["vers:generic/>=2.00.00|<2.00.06", "2.0.5", "incomparable"],
    ["vers:generic/>=2.00.00|<2.00.06", "2.00.05", true],
    ["vers:generic/>=1.0|<2.0|>=3.0|<4.0", "2.4.x", "incomparable"],
    ["vers:generic/1.0|>=2.0|<3.0", "1.0 foo", "incomparable"],
    // a decided interval stays decided even when another constraint cannot be compared
    ["vers:generic/>=1.0|<2.0|5.0%20foo", "1.5", true],
  ])("%s contains %s → %s", (range, version, expected) => {
    const r = normaliseVers(range);
    expect(r.ok).toBe(true);
    if (r.ok) expect(contains(r.value, version)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------------------
// properties

/**
 * A ground truth over integers 0..40: disjoint intervals separated by gaps, isolated points in the gaps and
 * exclusions inside intervals. It is turned into vers constraints; `contains` must agree with the truth on every
 * integer and every midpoint. Versions are written in three schemes so all their comparisons are exercised.
 */
interface Interval {
  readonly lo?: number;
  readonly loIncl: boolean;
  readonly hi?: number;
  readonly hiIncl: boolean;
}
interface Truth {
  readonly intervals: readonly Interval[];
  readonly points: readonly number[];
  readonly excluded: readonly number[];
}

const truthArbitrary: fc.Arbitrary<Truth> = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 1, max: 39 }), { minLength: 0, maxLength: 10 }),
    fc.boolean(),
    fc.boolean(),
    fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
    fc.array(fc.nat({ max: 2 }), { minLength: 12, maxLength: 12 }),
  )
  .map(([cuts, openStart, openEnd, incl, roles]) => {
    // Bounds at every third value so that gaps have room for points; pair them into intervals.
    const bounds = [...new Set(cuts.map((c) => c - (c % 3)))].filter((b) => b > 0).sort((a, b) => a - b);
    const intervals: Interval[] = [];
    const list = [...bounds];
    if (openStart && list.length > 0)
      intervals.push({ hi: list.shift() as number, hiIncl: incl[0] === true, loIncl: false });
    while (list.length >= 2) {
      const lo = list.shift() as number;
      const hi = list.shift() as number;
      intervals.push({
        lo,
        hi,
        loIncl: incl[intervals.length + 1] === true,
        hiIncl: incl[intervals.length + 2] === true,
      });
    }
    if (openEnd && list.length === 1)
      intervals.push({ lo: list.shift() as number, loIncl: incl[9] === true, hiIncl: false });
    else if (openStart && intervals.length === 0) intervals.push({ lo: 0, loIncl: true, hiIncl: false }); // all from 0 on
    const inInterval = (v: number) =>
      intervals.some((i) => (i.lo === undefined || v > i.lo) && (i.hi === undefined || v < i.hi));
    const used = new Set(intervals.flatMap((i) => [i.lo, i.hi]).filter((x): x is number => x !== undefined));
    const points: number[] = [];
    const excluded: number[] = [];
    roles.forEach((role, k) => {
      const v = 1 + k * 3 + 1;
      if (used.has(v) || v > 40) return;
      if (role === 1 && !inInterval(v)) points.push(v);
      if (role === 2 && inInterval(v)) excluded.push(v);
    });
    return { intervals, points, excluded };
  });

function truthContains(t: Truth, v: number): boolean {
  if (t.points.includes(v)) return true;
  if (t.excluded.includes(v)) return false;
  return t.intervals.some(
    (i) =>
      (i.lo === undefined || v > i.lo || (i.loIncl && v === i.lo)) &&
      (i.hi === undefined || v < i.hi || (i.hiIncl && v === i.hi)),
  );
}

const schemes = {
  generic: (n: number) => (Number.isInteger(n) ? `V${n}` : `V${Math.floor(n)}.5`),
  npm: (n: number) => (Number.isInteger(n) ? `${n}.0.0` : `${Math.floor(n)}.5.0`),
  pypi: (n: number) => (Number.isInteger(n) ? `${n}.0` : `${Math.floor(n)}.5`),
} as const;

function truthToRange(t: Truth, scheme: keyof typeof schemes): VersRange {
  const write = schemes[scheme];
  const constraints: { at: number; c: VersConstraint }[] = [];
  const add = (at: number, comparator: Comparator) =>
    constraints.push({ at, c: { comparator, version: write(at) } });
  for (const i of t.intervals) {
    if (i.lo !== undefined) add(i.lo, i.loIncl ? ">=" : ">");
    if (i.hi !== undefined) add(i.hi, i.hiIncl ? "<=" : "<");
  }
  for (const p of t.points) add(p, "=");
  for (const e of t.excluded) add(e, "!=");
  constraints.sort((a, b) => a.at - b.at);
  return { scheme, constraints: constraints.map((x) => x.c) };
}

describe("contains agrees with a brute-force evaluation of the constraints", () => {
  it.each(Object.keys(schemes) as (keyof typeof schemes)[])("in the %s scheme", (scheme) => {
    fc.assert(
      fc.property(truthArbitrary, (truth) => {
        const range = truthToRange(truth, scheme);
        if (range.constraints !== "*" && range.constraints.length === 0) return; // the empty set has no vers
        const text = formatVers(range);
        const reparsed = parseVers(text);
        expect(reparsed.ok, text).toBe(true);
        if (!reparsed.ok) return;
        for (let v = 0; v <= 41; v += 0.5) {
          expect(contains(reparsed.value, schemes[scheme](v)), `${text} ∋ ${schemes[scheme](v)}`).toBe(
            truthContains(truth, v),
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("parse and format round-trip", () => {
  it("parseVers(formatVers(range)) gives the range back, and the string back", () => {
    fc.assert(
      fc.property(
        truthArbitrary,
        fc.constantFrom("generic", "npm", "pypi") as fc.Arbitrary<keyof typeof schemes>,
        (truth, scheme) => {
          const range = truthToRange(truth, scheme);
          if (range.constraints !== "*" && range.constraints.length === 0) return;
          const text = formatVers(range);
          const r = parseVers(text);
          expect(r).toEqual({ ok: true, value: range });
          if (r.ok) expect(formatVers(r.value)).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("normaliseVers puts shuffled constraints back in canonical order", () => {
    fc.assert(
      fc.property(truthArbitrary, fc.integer(), (truth, seed) => {
        const range = truthToRange(truth, "npm");
        if (range.constraints === "*" || range.constraints.length === 0) return;
        const shuffled = [...range.constraints].sort(
          (a, b) => ((a.version.length * 31 + seed) % 7) - ((b.version.length * 17 + seed) % 5),
        );
        const r = normaliseVers(formatVers({ scheme: "npm", constraints: shuffled }));
        expect(r).toEqual({ ok: true, value: range });
      }),
      { numRuns: 200 },
    );
  });

  it("carries any printable ASCII version through percent-encoding", () => {
    const version = fc.string({
      unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(version, fc.constantFrom<Comparator>("=", "!=", "<", "<=", ">", ">="), (v, comparator) => {
        const range: VersRange = {
          scheme: "test",
          constraints: [{ comparator, version: v.replace(/ /g, "_") }],
        };
        expect(parseVers(formatVers(range))).toEqual({ ok: true, value: range });
      }),
      { numRuns: 500 },
    );
  });
});

describe("random garbage never throws", () => {
  it("in parseVers, normaliseVers, parseProductVersionRange and contains", () => {
    const alphabet = fc.constantFrom(..."vers:npmgeneric/|<>=!*%20.1AV ", "%2", "vers:", "SP");
    const versLike = fc.array(alphabet, { maxLength: 25 }).map((a) => a.join(""));
    const anything = fc.oneof(versLike, fc.string(), fc.string({ unit: "grapheme" }));
    fc.assert(
      fc.property(anything, fc.string({ maxLength: 10 }), (text, version) => {
        for (const r of [parseVers(text), normaliseVers(text)]) {
          if (r.ok) {
            expect(["boolean", "string"]).toContain(typeof contains(r.value, version));
            expect(parseVers(formatVers(r.value)).ok || !r.ok || r.value.constraints !== "*").toBe(true);
          } else {
            expect(r.error.offset).toBeGreaterThanOrEqual(0);
            expect(r.error.offset).toBeLessThanOrEqual(text.length);
          }
        }
        const p = parseProductVersionRange(text);
        expect(["vers", "free-text"]).toContain(p.kind);
      }),
      { numRuns: 3000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// CSAF product_version_range

describe("parseProductVersionRange", () => {
  it("keeps a canonical vers as it is", () => {
    expect(parseProductVersionRange("vers:all/<V4.3.8")).toEqual({
      kind: "vers",
      range: { scheme: "all", constraints: [{ comparator: "<", version: "V4.3.8" }] },
      repairs: [],
    });
  });
  it("repairs the usual producer mistakes and lists each repair", () => {
    const r = parseProductVersionRange("vers:all/>=V5.4<V5.5 SP1");
    expect(r.kind).toBe("vers");
    if (r.kind === "vers") {
      expect(formatVers(r.range)).toBe("vers:all/>=V5.4|<V5.5%20SP1");
      expect(r.repairs).toEqual([
        "missing pipe inserted in '>=V5.4<V5.5 SP1'",
        "space in version 'V5.5 SP1' percent-encoded",
      ]);
      expect(contains(r.range, "V5.5")).toBe(true);
      expect(contains(r.range, "V5.5 SP1")).toBe(false);
    }
    const spaced = parseProductVersionRange("vers:all/>= 3.0 | < 3.5");
    expect(spaced.kind === "vers" && formatVers(spaced.range)).toBe("vers:all/>=3.0|<3.5");
    const unsorted = parseProductVersionRange("vers:all/<V3.0|>=V2.3");
    expect(unsorted.kind === "vers" && unsorted.repairs).toEqual(["constraints sorted by version"]);
  });
  it("returns free text for everything else, with the vers error when it looked like one", () => {
    expect(parseProductVersionRange("All versions < V9.0 SP3 UC04")).toEqual({
      kind: "free-text",
      text: "All versions < V9.0 SP3 UC04",
    });
    const bad = parseProductVersionRange("vers:all/>=2.0|>=3.0");
    expect(bad.kind).toBe("free-text");
    if (bad.kind === "free-text") expect(bad.error?.code).toBe("invalid-sequence");
  });

  it("reads every product_version_range of the CISA ICS corpus without throwing", () => {
    const root = resolve(sharedDirectory(), "corpora/cisa-csaf/csaf_files/OT/white");
    const ranges: string[] = [];
    // biome-ignore lint/suspicious/noExplicitAny: CSAF branches
    const walk = (branches: any[] | undefined) => {
      for (const b of branches ?? []) {
        if (b.category === "product_version_range") ranges.push(b.name);
        walk(b.branches);
      }
    };
    for (const year of readdirSync(root).filter((d) => statSync(resolve(root, d)).isDirectory())) {
      for (const file of readdirSync(resolve(root, year)).filter((f) => f.endsWith(".json"))) {
        walk(JSON.parse(readFileSync(resolve(root, year, file), "utf8")).product_tree?.branches);
      }
    }
    expect(ranges.length).toBeGreaterThan(10_000);
    const results = ranges.map(parseProductVersionRange);
    const vers = results.filter((r) => r.kind === "vers");
    // Every range read as vers writes back as a canonical vers that reads the same.
    for (const r of vers)
      if (r.kind === "vers") expect(parseVers(formatVers(r.range))).toEqual({ ok: true, value: r.range });
    // The vers-looking strings that stay free text are few; the rest of the free text is prose.
    const versLooking = ranges.filter((t) => t.trim().startsWith("vers:")).length;
    expect(vers.length / versLooking).toBeGreaterThan(0.95);
  });
});

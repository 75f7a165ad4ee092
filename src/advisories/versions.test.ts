import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Comparison,
  compareGenericParsed,
  compareSegments,
  compareVersions,
  type GenericVersion,
  parseGenericVersion,
  resolveScheme,
  type VersionScheme,
  versionSchemes,
} from "./versions.js";

const generic = (a: string, b: string) => compareVersions(a, b, "generic");

describe("firmware-style versions (generic)", () => {
  const cases: [string, string, Comparison][] = [
    // V prefixes are noise
    ["V2.9.4", "2.9.4", 0],
    ["V2.9.4", "V2.9.10", -1],
    ["v4.0", "4.0.0", 0],
    ["Version 3.1", "V3.1", 0],
    ["Firmware V2.1", "2.1", 0],
    // patch letters after the number come after the bare release
    ["1.2.3b", "1.2.3", 1],
    ["1.2.3b", "1.2.3c", -1],
    ["1.2.3b", "1.2.4", -1],
    ["V12.2a", "V12.2", 1],
    // service packs and updates
    ["4.0 SP1", "4.0", 1],
    ["4.0 SP1", "4.0 SP2", -1],
    ["4.0SP1", "4.0 SP1", 0],
    ["4.0 Service Pack 1", "4.0 SP1", 0],
    ["4.0 SP1", "4.1", -1],
    ["4.0 SP1", "3.9", 1],
    ["4.0 SP1", "4.0.1", "incomparable"],
    ["4.0 SP1", "4.0 Update 1", "incomparable"],
    ["V15 SP1 Update 2", "V15 SP1", 1],
    ["V15 SP1 Update 2", "V15 SP1 Update 10", -1],
    ["Version 3.1 Update 2", "3.1 Update 3", -1],
    ["Version 3.1 Update 2", "3.1", 1],
    ["V6.2_Upd3", "V6.2 Update 4", -1],
    // leading zeros: fixed-width notation
    ["2.00.05", "2.00.06", -1],
    ["2.00.05", "2.01.00", -1],
    ["2.00.05", "2.1", -1],
    ["2.00.05", "2.0.5", "incomparable"],
    ["1.05", "1.5", "incomparable"],
    ["1.05", "1.10", -1],
    ["33.011", "33.012", -1],
    ["33.011", "33.11", "incomparable"],
    ["33.011", "34.0", -1],
    // no leading zero: integer reading
    ["1.50", "1.5", 1],
    ["1.50", "1.49", 1],
    ["1.9", "1.10", -1],
    // R numbering is its own line
    ["R04", "R05", -1],
    ["R04", "R4", 0],
    ["R10C", "R10B", 1],
    ["R04", "4", "incomparable"],
    ["R04", "V04", "incomparable"],
    // builds
    ["1.2.3 build 456", "1.2.3 build 457", -1],
    ["1.2.3 build 456", "1.2.3 (build 456)", 0],
    ["1.2.3 build 456", "1.2.3", "incomparable"],
    ["1.2.3 build 456", "1.2.4", -1],
    ["1.2.3+456", "1.2.3+457", -1],
    ["1.2.3+456", "1.2.3 build 456", 0],
    // pre-releases
    ["1.0 beta", "1.0", -1],
    ["1.0rc1", "1.0", -1],
    ["1.0-alpha", "1.0-beta", -1],
    ["1.0 beta 2", "1.0 rc 1", -1],
    ["1.0 beta", "1.0.1", -1],
    ["1.0 beta", "1.0 SP1", -1],
    ["1.0b2", "1.0", "incomparable"],
    ["1.0b2", "1.0b3", -1],
    // dates
    ["2023-05-01", "2023-06-01", -1],
    ["2023-05-01", "2023-05-01", 0],
    ["2023-05-01", "1.2", "incomparable"],
    ["2023-13-01", "2023-12-01", "incomparable"],
    // not versions
    ["2.4.x", "2.4.1", "incomparable"],
    ["N/A", "1.0", "incomparable"],
    ["", "1.0", "incomparable"],
    ["All versions", "1.0", "incomparable"],
    ["1.0 foo", "1.0", "incomparable"],
    ["1.0 foo 2", "1.0 foo 3", -1],
    ["1.2-4", "1.2", "incomparable"],
    ["1.2-4", "1.2-5", -1],
  ];
  it.each(cases)("%s vs %s → %s", (a, b, expected) => {
    expect(generic(a, b)).toBe(expected);
    const reverse = expected === "incomparable" ? expected : expected === 0 ? 0 : -expected;
    expect(generic(b, a)).toBe(reverse);
  });

  it("compares numeric segments by both readings when a leading zero signals fixed width", () => {
    expect(compareSegments("05", "5", false)).toBe("incomparable");
    expect(compareSegments("05", "5", true)).toBe(0);
    expect(compareSegments("00", "0", false)).toBe(0);
    expect(compareSegments("00", "1", false)).toBe(-1);
    expect(compareSegments("10", "9", false)).toBe(1);
  });
});

describe("other schemes", () => {
  const cases: [VersionScheme | string, string, string, Comparison][] = [
    ["semver", "1.2.3", "1.2.10", -1],
    ["semver", "v1.2.3", "1.2.3", 0],
    ["semver", "1.0.0-rc.1", "1.0.0", -1],
    ["semver", "1.0.0+build.1", "1.0.0+build.2", 0],
    ["semver", "1.2", "1.2.0", "incomparable"],
    ["npm", "2.0.0-alpha.10", "2.0.0-alpha.9", 1],
    ["golang", "v0.3.7", "v0.3.10", -1],
    ["pypi", "1.0", "1.0.0", 0],
    ["pypi", "1.0a1", "1.0", -1],
    ["pypi", "1.0.post1", "1.0", 1],
    ["pypi", "1!0.5", "2.0", 1],
    ["pypi", "not a version", "1.0", "incomparable"],
    ["deb", "1:1.0", "2.0", 1],
    ["deb", "1.0~rc1", "1.0", -1],
    ["deb", "1.0-1", "1.0-2", -1],
    ["deb", "1.0+b1", "1.0", 1],
    ["deb", "2.4.47-2+b1", "2.4.47-2", 1],
    ["deb", "abc", "1.0", "incomparable"],
    ["maven", "1.0-SNAPSHOT", "1.0", -1],
    ["maven", "1.0-sp1", "1.0", 1],
    ["maven", "1.0.0", "1", 0],
    ["datetime", "2024-01-01T00:00:00Z", "2023-12-31T19:00:00-05:00", 0],
    ["lexicographic", "B", "a", -1],
    ["all", "V4.3.7", "V4.3.8", -1],
    ["rpm", "1.0", "1.0.0", "incomparable"],
    ["rpm", "1.0", "1.1", -1],
  ];
  it.each(cases)("%s: %s vs %s → %s", (scheme, a, b, expected) => {
    expect(compareVersions(a, b, scheme)).toBe(expected);
  });

  it("says which schemes fall back to the generic rules", () => {
    expect(resolveScheme("npm")).toEqual({ scheme: "npm" });
    expect(resolveScheme("cargo").scheme).toBe("semver");
    expect(resolveScheme("all")).toMatchObject({ scheme: "generic" });
    expect(resolveScheme("all").cautious).toBeUndefined();
    expect(resolveScheme("gem")).toMatchObject({ scheme: "generic", cautious: true });
    expect(resolveScheme("gem").note).toContain("gem");
  });
});

// ---------------------------------------------------------------------------------------------------------
// properties

/** Checks that `compare` is a total preorder on the comparable pairs of `items` (all triples). */
function preorderViolations<T>(
  items: readonly T[],
  compare: (a: T, b: T) => Comparison,
  show: (t: T) => string,
): string[] {
  const n = items.length;
  const table: Comparison[][] = items.map((a) => items.map((b) => compare(a, b)));
  const out: string[] = [];
  for (let i = 0; i < n && out.length < 5; i++) {
    if (table[i]?.[i] !== 0) out.push(`not reflexive: ${show(items[i] as T)}`);
    for (let j = 0; j < n; j++) {
      const ij = table[i]?.[j] as Comparison;
      const ji = table[j]?.[i] as Comparison;
      const expected = ij === "incomparable" ? ij : ij === 0 ? 0 : -ij;
      if (ji !== expected)
        out.push(`not antisymmetric: ${show(items[i] as T)} ${ij} ${show(items[j] as T)}, reverse ${ji}`);
      if (ij === "incomparable" || ij === 1) continue;
      for (let k = 0; k < n; k++) {
        const jk = table[j]?.[k] as Comparison;
        if (jk === "incomparable" || jk === 1) continue;
        const ik = table[i]?.[k] as Comparison;
        const want = ij === 0 && jk === 0 ? 0 : -1;
        if (ik !== want) {
          out.push(
            `not transitive: ${show(items[i] as T)} ${ij} ${show(items[j] as T)} ${jk} ${show(items[k] as T)} but ${ik}`,
          );
        }
      }
    }
  }
  return out;
}

const digitString = fc.constantFrom("0", "00", "1", "01", "2", "05", "5", "9", "10", "11", "50");
const words = fc.constantFrom("beta", "alpha", "rc", "SP", "Update", "build", "b", "a", "c", "foo", "");
const group = fc
  .tuple(
    fc.constantFrom(" ", "-", "", "."),
    words,
    fc.option(fc.constantFrom("1", "2", "10", "02"), { nil: undefined }),
  )
  .map(([sep, w, n]) =>
    w === "" ? (n === undefined ? "" : `-${n}`) : `${sep}${w}${n === undefined ? "" : n}`,
  );
const firmware = fc
  .tuple(
    fc.constantFrom("", "V", "v", "R"),
    fc.array(digitString, { minLength: 1, maxLength: 4 }),
    fc.array(group, { maxLength: 2 }),
  )
  .map(([prefix, release, groups]) => `${prefix}${release.join(".")}${groups.join("")}`);

describe("generic comparison is a total preorder on comparable versions", () => {
  it("holds on random sets of firmware-style versions (every triple)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(firmware, { minLength: 5, maxLength: 28 }), (versions) => {
        const parsed = versions
          .map((v) => [v, parseGenericVersion(v)] as const)
          .filter((x): x is readonly [string, GenericVersion] => x[1] !== null);
        expect(
          preorderViolations(
            parsed,
            (a, b) => compareGenericParsed(a[1], b[1]),
            (x) => x[0],
          ),
        ).toEqual([]);
      }),
      { numRuns: 120 },
    );
  });

  it("holds exhaustively on a fixed universe of tricky versions", () => {
    const universe = [
      ...["4", "4.0", "4.0.0", "4.00", "4.0.1", "4.0.01", "4.1", "4.01", "4.10", "4.05", "4.5", "5"],
      ...["4.0 SP1", "4.0.0 SP1", "4.0 SP2", "4.0 SP1 Update 1", "4.0 Update 1", "4.0.1 SP1", "4.1 SP1"],
      ...[
        "4.0 beta",
        "4.0.0 beta",
        "4.0 rc1",
        "4.0 alpha 2",
        "4.0.1 beta",
        "4.0b",
        "4.0c",
        "4.0.1b",
        "4.0b2",
      ],
      ...["4.0 build 5", "4.0 build 6", "4.0.0 build 5", "4.0+5", "4.0 foo", "4.0-1", "4.0-2", "4.0.1-1"],
      ...["2.00.05", "2.0.5", "2.00.06", "2.1", "2.01", "2.10", "2.0.50", "2.00.5", "2.5"],
      ...["R04", "R4", "R05", "R04 SP1", "V4.0", "2023-05-01", "2023-06-01"],
    ];
    const parsed = universe.map((v) => [v, parseGenericVersion(v) as GenericVersion] as const);
    expect(parsed.every((p) => p[1] !== null)).toBe(true);
    expect(
      preorderViolations(
        parsed,
        (a, b) => compareGenericParsed(a[1], b[1]),
        (x) => x[0],
      ),
    ).toEqual([]);
    const cautious = (a: GenericVersion, b: GenericVersion) => compareGenericParsed(a, b, true);
    expect(
      preorderViolations(
        parsed,
        (a, b) => cautious(a[1], b[1]),
        (x) => x[0],
      ),
    ).toEqual([]);
  });

  it("agrees with the reference model on plain dotted numbers (zero-padded integer tuples)", () => {
    const tuple = fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 5 });
    const reference = (a: number[], b: number[]): Comparison => {
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const d = (a[i] ?? 0) - (b[i] ?? 0);
        if (d !== 0) return d < 0 ? -1 : 1;
      }
      return 0;
    };
    fc.assert(
      fc.property(tuple, tuple, fc.boolean(), (a, b, prefixed) => {
        const sa = `${prefixed ? "V" : ""}${a.join(".")}`;
        expect(generic(sa, b.join("."))).toBe(reference(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it("agrees with the reference model on releases with pre-release and service-pack qualifiers", () => {
    const kinds = ["alpha", "beta", "rc", "", "SP"] as const;
    const rank = (k: (typeof kinds)[number]) => kinds.indexOf(k);
    const version = fc.tuple(
      fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 2 }),
      fc.constantFrom(...kinds),
      fc.integer({ min: 1, max: 12 }),
    );
    fc.assert(
      fc.property(version, version, ([ra, ka, na], [rb, kb, nb]) => {
        const text = (r: number[], k: string, n: number) => `${r.join(".")}${k === "" ? "" : ` ${k}${n}`}`;
        const ref: [number, number, number][] = [
          [ra[0] ?? 0, ra[1] ?? 0, rank(ka) * 100 + (ka === "" ? 0 : na)],
          [rb[0] ?? 0, rb[1] ?? 0, rank(kb) * 100 + (kb === "" ? 0 : nb)],
        ];
        const [x, y] = ref as [[number, number, number], [number, number, number]];
        const d = x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
        expect(generic(text(ra, ka, na), text(rb, kb, nb))).toBe(d < 0 ? -1 : d > 0 ? 1 : 0);
      }),
      { numRuns: 500 },
    );
  });
});

describe("every scheme's comparison is a total preorder", () => {
  const n = () => fc.nat({ max: 12 }).map(String);
  const samples: Record<string, fc.Arbitrary<string>> = {
    semver: fc
      .tuple(
        n(),
        n(),
        n(),
        fc.option(fc.constantFrom("alpha", "alpha.1", "beta", "rc.1", "rc.10", "1"), { nil: undefined }),
      )
      .map(([a, b, c, p]) => `${a}.${b}.${c}${p ? `-${p}` : ""}`),
    pypi: fc
      .tuple(n(), n(), fc.constantFrom("", "a1", "b2", "rc1", ".post1", ".dev3", "+local"))
      .map(([a, b, s]) => `${a}.${b}${s}`),
    deb: fc
      .tuple(
        fc.constantFrom("", "1:"),
        n(),
        n(),
        fc.constantFrom("", "~rc1", "+b1", "a"),
        fc.constantFrom("", "-1", "-2", "-1ubuntu1"),
      )
      .map(([e, a, b, s, r]) => `${e}${a}.${b}${s}${r}`),
    maven: fc
      .tuple(
        n(),
        fc.constantFrom("", ".0", ".1", "-1"),
        fc.constantFrom("", "-SNAPSHOT", "-alpha1", "-beta", "-rc1", "-sp1", "-ga", "-foo", ".RELEASE"),
      )
      .map(([a, b, s]) => `${a}${b}${s}`),
    datetime: fc
      .tuple(
        fc.integer({ min: 2020, max: 2024 }),
        fc.integer({ min: 10, max: 12 }),
        fc.constantFrom("Z", "+09:00", "-05:00", ".5Z"),
      )
      .map(([y, m, z]) => `${y}-${m}-01T${m}:00:00${z}`),
  };
  for (const [scheme, arbitrary] of Object.entries(samples)) {
    it(`holds for ${scheme}`, () => {
      fc.assert(
        fc.property(fc.uniqueArray(arbitrary, { minLength: 3, maxLength: 18 }), (versions) => {
          expect(
            preorderViolations(
              versions,
              (a, b) => compareVersions(a, b, scheme),
              (v) => v,
            ),
          ).toEqual([]);
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe("garbage never throws", () => {
  it("compares any two strings in every scheme without throwing", () => {
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: "grapheme", maxLength: 30 }),
      firmware,
    );
    fc.assert(
      fc.property(text, text, fc.constantFrom(...versionSchemes, "all", "rpm", "golang"), (a, b, scheme) => {
        const c = compareVersions(a, b, scheme);
        expect([-1, 0, 1, "incomparable"]).toContain(c);
      }),
      { numRuns: 2000 },
    );
  });
});

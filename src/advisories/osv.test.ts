import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { sharedDirectory } from "../catalogues/shared-data.js";
import { type OsvEvent, type OsvRecord, osvAffects, readOsv } from "./osv.js";

const corpora = join(sharedDirectory(), "corpora");
const load = (relative: string) => readOsv(readFileSync(join(corpora, relative), "utf8"));
const recordOf = (relative: string) => {
  const reading = load(relative);
  expect(reading.problems).toEqual([]);
  return reading.record as OsvRecord;
};

describe("OSV corpora", () => {
  // One test per corpus, each file parsed once.
  const corpus = (dir: string, ext: string) =>
    readdirSync(join(corpora, dir), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(ext))
      .map((f) => join(dir, f));

  it("reads all of RustSec and the Go vulnerability database (JSON) without problems", () => {
    for (const [dir, count] of [
      ["osv-rustsec/crates", 1206],
      ["osv-golang-vulndb/data/osv", 4291],
    ] as const) {
      const files = corpus(dir, ".json");
      expect(files).toHaveLength(count);
      const problems = files.flatMap((f) => load(f).problems.map((p) => `${f}${p.pointer}: ${p.message}`));
      expect(problems).toEqual([]);
    }
  });

  it("reads all of the PyPA database (YAML); each listed version is inside its entry's ranges", () => {
    const files = corpus("osv-pypa-advisory-db/vulns", ".yaml");
    expect(files).toHaveLength(2661);
    const tally = { listed: 0, inside: 0, outside: 0, incomparable: 0, withdrawn: 0 };
    for (const f of files) {
      const reading = load(f);
      expect(reading.problems, f).toEqual([]);
      const record = reading.record as OsvRecord;
      for (const entry of record.affected) {
        if (!entry.package) continue;
        // The ECOSYSTEM ranges alone, without the enumeration: the enumeration is the oracle.
        const alone: OsvRecord = {
          ...record,
          withdrawn: undefined,
          affected: [{ ...entry, versions: [], ranges: entry.ranges.filter((r) => r.type !== "GIT") }],
        } as OsvRecord;
        for (const version of entry.versions) {
          tally.listed++;
          if (record.withdrawn) tally.withdrawn++;
          const answer = osvAffects(alone, { ...entry.package, version });
          if (answer === true) tally.inside++;
          else if (answer === false) tally.outside++;
          else tally.incomparable++;
        }
      }
    }
    // Checked again with Python `packaging` 26.2 and OSV's sorted-events algorithm (a script independent of
    // this code): 140,724 inside, 15 outside, 108 not PEP 440 (legacy versions such as 1.0.beta: incomparable
    // here, never guessed). The corpus README's 140,696 / 42 came from an older check; the 15 outside are
    // enumerated from GIT analysis (gevent 23.9.0, pyspark 3.1.x, django pre-releases, …).
    expect(tally).toEqual({
      listed: 140847,
      inside: 140724,
      outside: 15,
      incomparable: 108,
      withdrawn: 1366,
    });
  });
});

describe("osvAffects on hand-picked records", () => {
  it("GO-2020-0001 (gin, SEMVER introduced 0, fixed 1.6.0)", () => {
    const r = recordOf("osv-golang-vulndb/data/osv/GO-2020-0001.json");
    const q = (version: string) =>
      osvAffects(r, { ecosystem: "Go", name: "github.com/gin-gonic/gin", version });
    expect(q("1.5.0")).toBe(true); // below the fix
    expect(q("v1.5.9")).toBe(true); // Go writes a v; SemVer accepts it
    expect(q("1.6.0")).toBe(false); // fixed is the first unaffected version
    expect(q("1.6.0-rc.1")).toBe(true); // a pre-release of 1.6.0 sorts before it
    expect(q("banana")).toBe("incomparable");
    expect(osvAffects(r, { ecosystem: "Go", name: "github.com/other/gin", version: "1.0.0" })).toBe(false);
    expect(osvAffects(r, { purl: "pkg:golang/github.com/gin-gonic/gin@1.4.0" })).toBe(true);
  });

  it("GO-2021-0069 (stdlib, two introduced/fixed pairs)", () => {
    const r = recordOf("osv-golang-vulndb/data/osv/GO-2021-0069.json");
    const q = (version: string) => osvAffects(r, { ecosystem: "Go", name: "stdlib", version });
    expect(q("1.13.9")).toBe(false); // before the first introduced (1.14.0-0)
    expect(q("1.14.0")).toBe(true);
    expect(q("1.14.12")).toBe(false); // first fix
    expect(q("1.14.15")).toBe(false); // between the two stretches
    expect(q("1.15.4")).toBe(true); // second stretch
    expect(q("1.15.5")).toBe(false);
  });

  it("RUSTSEC-2017-0002 (hyper, by purl)", () => {
    const r = recordOf("osv-rustsec/crates/RUSTSEC-2017-0002.json");
    const q = (version: string) => osvAffects(r, { purl: `pkg:cargo/hyper@${version}` });
    expect(q("0.9.17")).toBe(true);
    expect(q("0.9.18")).toBe(false);
    expect(q("0.10.1")).toBe(true); // introduced 0.10.0 again
    expect(q("0.10.2")).toBe(false);
    expect(q("0.11.0")).toBe(false);
  });

  it("PYSEC-2022-42969 (py, last_affected 1.11.0) and PYSEC-2014-9 (lxml, ECOSYSTEM and enumerated versions)", () => {
    const py = recordOf("osv-pypa-advisory-db/vulns/py/PYSEC-2022-42969.yaml");
    const q = (version: string) => osvAffects(py, { ecosystem: "PyPI", name: "py", version });
    expect(q("1.11.0")).toBe(true); // last_affected is still affected
    expect(q("1.11")).toBe(true); // PEP 440: 1.11 == 1.11.0
    expect(q("1.11.0.post1")).toBe(false); // after last_affected
    expect(q("1.12.0")).toBe(false);
    const lxml = recordOf("osv-pypa-advisory-db/vulns/lxml/PYSEC-2014-9.yaml");
    const l = (version: string) => osvAffects(lxml, { ecosystem: "PyPI", name: "LXML", version });
    expect(l("3.3.4")).toBe(true); // PEP 503: LXML is lxml
    expect(l("3.3.5")).toBe(false); // fixed
    expect(l("1.0.beta")).toBe(true); // not PEP 440, but enumerated
    expect(osvAffects(lxml, { purl: "pkg:pypi/lxml@2.0" })).toBe(true);
  });

  it("GIT ranges: incomparable unless versions are enumerated", () => {
    const base: OsvRecord = {
      id: "X",
      aliases: [],
      modified: "2024-01-01T00:00:00Z",
      severity: [],
      references: [],
      affected: [
        {
          package: { ecosystem: "PyPI", name: "p" },
          ranges: [{ type: "GIT", repo: "https://x", events: [{ kind: "introduced", version: "abc" }] }],
          versions: [],
        },
      ],
    };
    // Commits cannot be placed against a release: nothing can be said.
    expect(osvAffects(base, { ecosystem: "PyPI", name: "p", version: "1.0" })).toBe("incomparable");
    const listed = {
      ...base,
      affected: [{ ...(base.affected[0] as OsvRecord["affected"][0]), versions: ["1.0"] }],
    };
    expect(osvAffects(listed, { ecosystem: "PyPI", name: "p", version: "1.0" })).toBe(true);
    // With an enumeration, it stands for the releases the GIT range covers: 2.0 is not among them.
    expect(osvAffects(listed, { ecosystem: "PyPI", name: "p", version: "2.0" })).toBe(false);
    // A withdrawn record affects nothing.
    expect(
      osvAffects(
        { ...listed, withdrawn: "2024-02-01T00:00:00Z" },
        { ecosystem: "PyPI", name: "p", version: "1.0" },
      ),
    ).toBe(false);
  });

  it("limit events cap a range", () => {
    const r: OsvRecord = {
      id: "L",
      aliases: [],
      modified: "2024-01-01T00:00:00Z",
      severity: [],
      references: [],
      affected: [
        {
          package: { ecosystem: "npm", name: "n" },
          ranges: [
            {
              type: "SEMVER",
              events: [
                { kind: "introduced", version: "0" },
                { kind: "limit", version: "2.0.0" },
              ],
            },
          ],
          versions: [],
        },
      ],
    };
    expect(osvAffects(r, { ecosystem: "npm", name: "n", version: "1.9.9" })).toBe(true);
    expect(osvAffects(r, { ecosystem: "npm", name: "n", version: "2.0.0" })).toBe(false);
  });
});

describe("osvAffects against a linear scan (SEMVER)", () => {
  // A universe of sorted versions; events at random versions of it. The model walks the sorted list
  // once, switching "affected" on at introduced, off at fixed, and off after last_affected.
  const universe: string[] = [];
  for (let major = 0; major < 3; major++)
    for (let minor = 0; minor < 3; minor++)
      for (let patch = 0; patch < 3; patch++) universe.push(`${major}.${minor}.${patch}`);
  const event = fc.record({
    kind: fc.constantFrom("introduced", "fixed", "last_affected", "limit"),
    index: fc.nat(universe.length - 1),
  });
  const model = (events: { kind: string; index: number }[], target: number): boolean => {
    const limits = events.filter((e) => e.kind === "limit");
    if (limits.length && !limits.some((l) => target < l.index)) return false;
    let affected = false;
    let endAfter = false;
    for (let i = 0; i <= target; i++) {
      if (endAfter) affected = false;
      endAfter = false;
      const here = events.filter((e) => e.index === i);
      if (here.some((e) => e.kind === "introduced")) affected = true;
      if (here.some((e) => e.kind === "fixed")) affected = false;
      else if (affected && here.some((e) => e.kind === "last_affected")) endAfter = true;
    }
    return affected;
  };
  it("agrees on every version", () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 8 }),
        fc.nat(universe.length - 1),
        fc.boolean(),
        (raw, target, zero) => {
          const events: OsvEvent[] = raw.map((e) => ({ kind: e.kind, version: universe[e.index] as string }));
          if (zero) events.unshift({ kind: "introduced", version: "0" });
          const record: OsvRecord = {
            id: "P",
            aliases: [],
            modified: "2024-01-01T00:00:00Z",
            severity: [],
            references: [],
            affected: [
              {
                package: { ecosystem: "npm", name: "n" },
                ranges: [{ type: "SEMVER", events }],
                versions: [],
              },
            ],
          };
          const expected = model(zero ? [{ kind: "introduced", index: 0 }, ...raw] : raw, target);
          expect(
            osvAffects(record, { ecosystem: "npm", name: "n", version: universe[target] as string }),
          ).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("OSV reader robustness", () => {
  it("never throws on arbitrary text or JSON", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const r = readOsv(text);
        expect(r.record !== undefined || r.problems.length > 0).toBe(true);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.record({
          id: fc.string(),
          modified: fc.string(),
          affected: fc.anything(),
          severity: fc.anything(),
        }),
        (v) => {
          expect(() => readOsv(JSON.stringify(v))).not.toThrow();
          expect(() => readOsv(stringify(v))).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps YAML versions as written (1.10 is not the number 1.1) and limits aliases", () => {
    const r = readOsv(
      "id: A\nmodified: '2024'\naffected:\n- package: {ecosystem: PyPI, name: x}\n  ranges:\n  - type: ECOSYSTEM\n    events:\n    - introduced: 0\n    - fixed: 1.10\n",
    );
    expect(r.record?.affected[0]?.ranges[0]?.events).toEqual([
      { kind: "introduced", version: "0" },
      { kind: "fixed", version: "1.10" },
    ]);
    const laughs = `a: &a [x,x,x,x,x,x,x,x,x,x]\n${Array.from({ length: 200 }, (_, i) => `b${i}: [*a,*a,*a,*a]`).join("\n")}\n`;
    expect(readOsv(laughs).problems[0]?.code).toBe("syntax");
  });

  it("locates problems by JSON pointer and round-trips through JSON and YAML", () => {
    const bad = readOsv(
      JSON.stringify({
        id: "B",
        modified: "x",
        affected: [{ ranges: [{ type: "SEMVER", events: [{ fixed: "1.0", introduced: "0" }] }] }],
      }),
    );
    expect(bad.problems.map((p) => [p.code, p.pointer])).toEqual([
      ["event", "/affected/0/ranges/0/events/0"],
      ["no-introduced", "/affected/0/ranges/0/events"],
    ]);
    const go = recordOf("osv-golang-vulndb/data/osv/GO-2021-0069.json");
    const raw = JSON.parse(
      readFileSync(join(corpora, "osv-golang-vulndb/data/osv/GO-2021-0069.json"), "utf8"),
    );
    expect(readOsv(stringify(raw)).record).toEqual(go);
  });
});

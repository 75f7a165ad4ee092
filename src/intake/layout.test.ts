/**
 * The layout parsers and the reference rules, by example and by property: whatever a listing says, no
 * reference becomes a path outside its folder; what a provider writes reads back as written.
 */
import { join, relative, resolve, sep } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  classifyJson,
  overlapLength,
  parseChangesCsv,
  parseIndexTxt,
  readProviderMetadata,
  readRolieFeed,
  referenceCandidates,
  safeSegments,
  segmentsBelow,
  splitCsvLine,
  suffixCandidates,
} from "./layout.js";

const base = resolve("/srv/usb/csaf");
const staysInside = (segments: readonly string[]) => {
  const rel = relative(base, join(base, ...segments));
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep);
};

/** Pieces hostile listings are made of. */
const hostilePiece = fc.constantFrom(
  "..",
  ".",
  "",
  "%2e%2e",
  "%2E%2e",
  ".%2e",
  "%2f",
  "%5c",
  "\\",
  "..\\..",
  "a",
  "2024",
  "x.json",
  "%00",
  "%",
  "%zz",
  "~",
  "C:",
  "...",
  "\u0000",
  "é",
  "%C3%A9",
);
const hostileReference = fc
  .tuple(fc.constantFrom("", "/", "//", "./", "../"), fc.array(hostilePiece, { maxLength: 6 }))
  .map(([lead, pieces]) => lead + pieces.join("/"));

const name = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,11}$/).filter((s) => s !== "." && s !== "..");
const safePath = fc.array(name, { minLength: 1, maxLength: 5 });

describe("references never leave their folder", () => {
  it("safeSegments gives only plain names, for any hostile reference", () => {
    fc.assert(
      fc.property(fc.oneof(hostileReference, fc.string()), (reference) => {
        const segments = safeSegments(reference);
        if (segments === undefined) return;
        expect(segments.length).toBeGreaterThan(0);
        for (const s of segments) {
          expect([".", "..", ""]).not.toContain(s);
          expect([..."/\\\u0000"].some((c) => s.includes(c))).toBe(false);
        }
        expect(staysInside(segments)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("refuses the classic escapes", () => {
    for (const reference of [
      "../outside.json",
      "2024/../../x.json",
      "%2e%2e/x.json",
      ".%2E/x.json",
      "/etc/passwd",
      "2024%2f..%2f..%2fx.json",
      "2024\\..\\x.json",
      "file:///etc/passwd",
      "https://elsewhere.example/x.json",
      "a//b.json",
      "a/./b.json",
      "x.json?download=1",
      "x%00.json",
    ])
      expect({ reference, segments: safeSegments(reference) }).toEqual({ reference, segments: undefined });
    expect(safeSegments("2024/icsa-24-001-01.json")).toEqual(["2024", "icsa-24-001-01.json"]);
    expect(safeSegments("2024/a%20b.json")).toEqual(["2024", "a b.json"]);
  });

  it("maps a URL below its anchor onto the same path, and nothing else", () => {
    const anchor = "https://provider.example/.well-known/csaf/provider-metadata.json";
    fc.assert(
      fc.property(safePath, (segments) => {
        const url = `https://provider.example/.well-known/csaf/${segments.map(encodeURIComponent).join("/")}`;
        expect(segmentsBelow(url, anchor)).toEqual(segments);
      }),
    );
    fc.assert(
      fc.property(fc.array(hostilePiece, { maxLength: 6 }), (pieces) => {
        const segments = segmentsBelow(
          `https://provider.example/.well-known/csaf/${pieces.join("/")}`,
          anchor,
        );
        if (segments) expect(staysInside(segments)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(
      segmentsBelow("https://provider.example/.well-known/csaf/../../secret.json", anchor),
    ).toBeUndefined();
    expect(segmentsBelow("https://other.example/.well-known/csaf/x.json", anchor)).toBeUndefined();
    expect(segmentsBelow("http://provider.example/.well-known/csaf/x.json", anchor)).toBeUndefined();
    expect(segmentsBelow("https://provider.example:8443/.well-known/csaf/x.json", anchor)).toBeUndefined();
    expect(segmentsBelow("https://provider.example/.well-known/csafx/y.json", anchor)).toBeUndefined();
  });

  it("suffix candidates and listing candidates stay inside, longest first", () => {
    fc.assert(
      fc.property(fc.array(hostilePiece, { maxLength: 6 }), (pieces) => {
        for (const segments of suffixCandidates(`https://keys.example.net/${pieces.join("/")}`))
          expect(staysInside(segments)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(suffixCandidates("https://keys.example.net/vks/v1/ABC")).toEqual([
      ["vks", "v1", "ABC"],
      ["v1", "ABC"],
      ["ABC"],
    ]);
    fc.assert(
      fc.property(
        safePath,
        fc.oneof(
          hostileReference,
          safePath.map((p) => p.join("/")),
        ),
        (directory, reference) => {
          for (const segments of referenceCandidates(directory, reference))
            expect(staysInside(segments)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("finds CISA's repository-relative index lines below the folder they are in", () => {
    const directory = ["work", "shared", "cisa-csaf", "csaf_files", "OT", "white"];
    expect(referenceCandidates(directory, "csaf_files/OT/white/2024/icsa-24-001-01.json")).toEqual([
      ["csaf_files", "OT", "white", "2024", "icsa-24-001-01.json"],
      ["2024", "icsa-24-001-01.json"],
    ]);
    expect(referenceCandidates(directory, "2024/icsa-24-001-01.json")).toEqual([
      ["2024", "icsa-24-001-01.json"],
    ]);
  });

  it("overlapLength is the longest suffix of the folder that starts the reference, never all of it", () => {
    fc.assert(
      fc.property(safePath, safePath, fc.nat(5), (directory, rest, cut) => {
        const k = Math.min(cut, directory.length);
        const reference = [...directory.slice(directory.length - k), ...rest];
        const found = overlapLength(directory, reference);
        expect(found).toBeGreaterThanOrEqual(Math.min(k, reference.length - 1));
        expect(found).toBeLessThan(reference.length);
        expect(directory.slice(directory.length - found)).toEqual(reference.slice(0, found));
      }),
    );
  });
});

describe("index.txt and changes.csv", () => {
  it("reads back every list of references however lines end", () => {
    fc.assert(
      fc.property(
        fc.array(safePath, { maxLength: 20 }),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        (paths, eol, final) => {
          const references = paths.map((p) => p.join("/"));
          const text = references.join(eol) + (final ? eol : "");
          const parsed = parseIndexTxt(text);
          expect(parsed.problems).toEqual([]);
          expect(parsed.references.map((r) => r.reference)).toEqual(references);
        },
      ),
    );
  });

  it("reports unsafe lines with their line number and keeps the others", () => {
    const parsed = parseIndexTxt(
      "2024/a.json\n../b.json\n\n  2024/c.json  \n/etc/passwd\nhttps://p.example/x.json\n",
    );
    expect(parsed.references).toEqual([
      { reference: "2024/a.json", line: 1 },
      { reference: "2024/c.json", line: 4 },
      { reference: "https://p.example/x.json", line: 6 },
    ]);
    expect(parsed.problems.map((p) => [p.code, p.line])).toEqual([
      ["unsafe-reference", 2],
      ["unsafe-reference", 5],
    ]);
  });

  it("reads back changes written quoted or not, and never throws on noise", () => {
    const date = fc
      .date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true })
      .map((d) => d.toISOString());
    fc.assert(
      fc.property(fc.array(fc.tuple(safePath, date, fc.boolean()), { maxLength: 20 }), (rows) => {
        const text = rows
          .map(([p, d, quoted]) => (quoted ? `"${p.join("/")}","${d}"` : `${p.join("/")},${d}`))
          .join("\n");
        const parsed = parseChangesCsv(text);
        expect(parsed.problems).toEqual([]);
        expect(parsed.changes.map((c) => [c.reference, c.date])).toEqual(
          rows.map(([p, d]) => [p.join("/"), d]),
        );
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'a,"\n\r/.0T:Z-'.split("")) }), (text) => {
        const parsed = parseChangesCsv(text);
        for (const change of parsed.changes) expect(safeSegments(change.reference)).toBeDefined();
      }),
      { numRuns: 2000 },
    );
  });

  it("splits CSV lines with RFC 4180 quoting", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom(...'ab," '.split("")) }), { minLength: 1, maxLength: 4 }),
        (fields) => {
          const line = fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(",");
          expect(splitCsvLine(line)).toEqual(fields);
        },
      ),
    );
    expect(splitCsvLine('"a,b",c')).toEqual(["a,b", "c"]);
    expect(splitCsvLine('"a')).toBeUndefined();
    expect(splitCsvLine('a"b,c')).toBeUndefined();
  });

  it("refuses lines without two fields, bad dates and unsafe references, by line", () => {
    const parsed = parseChangesCsv(
      "2024/a.json,2024-09-10T06:00:00.000000Z\n2024/b.json\n2024/c.json,yesterday\n../d.json,2024-01-01T00:00:00Z\n",
    );
    expect(parsed.changes).toEqual([
      { reference: "2024/a.json", date: "2024-09-10T06:00:00.000000Z", line: 1 },
    ]);
    expect(parsed.problems.map((p) => [p.code, p.line])).toEqual([
      ["changes-line", 2],
      ["changes-date", 3],
      ["unsafe-reference", 4],
    ]);
  });
});

describe("provider metadata and ROLIE feeds", () => {
  it("reads the OASIS example provider metadata", () => {
    const metadata = readProviderMetadata({
      canonical_url: "https://www.example.com/.well-known/csaf/provider-metadata.json",
      distributions: [
        {
          rolie: {
            feeds: [
              { tlp_label: "WHITE", url: "https://www.example.com/.well-known/csaf/feed-tlp-white.json" },
            ],
          },
        },
        { directory_url: "https://www.example.com/.well-known/csaf/white" },
      ],
      metadata_version: "2.0",
      public_openpgp_keys: [{ fingerprint: "8F5F 2679", url: "https://keys.example.net/vks/v1/8F5F2679" }],
    });
    expect(metadata).toEqual({
      canonicalUrl: "https://www.example.com/.well-known/csaf/provider-metadata.json",
      directoryUrls: ["https://www.example.com/.well-known/csaf/white/"],
      feedUrls: ["https://www.example.com/.well-known/csaf/feed-tlp-white.json"],
      keys: [{ url: "https://keys.example.net/vks/v1/8F5F2679", fingerprint: "8F5F 2679" }],
      problems: [],
    });
  });

  it("locates what is missing or wrong in metadata by JSON pointer", () => {
    const metadata = readProviderMetadata({
      canonical_url: "ftp://x",
      distributions: [{}, { rolie: { feeds: [{ url: 5 }] } }],
    });
    expect(metadata.problems.map((p) => p.at)).toEqual([
      "/canonical_url",
      "/distributions/0",
      "/distributions/1/rolie/feeds/0/url",
    ]);
    expect(readProviderMetadata([]).problems).toHaveLength(1);
  });

  it("reads a feed's entries with their hash and signature links", () => {
    const feed = readRolieFeed({
      feed: {
        link: [{ rel: "self", href: "https://p.example/csaf/feed.json" }],
        entry: [
          {
            link: [
              { rel: "self", href: "https://p.example/csaf/2024/a.json" },
              { rel: "hash", href: "https://p.example/csaf/2024/a.json.sha512" },
              { rel: "signature", href: "https://p.example/csaf/2024/a.json.asc" },
            ],
            updated: "2024-01-01T00:00:00Z",
          },
          { content: { src: "https://p.example/csaf/2024/b.json" } },
          { link: [] },
          "x",
        ],
      },
    });
    expect(feed.selfUrl).toBe("https://p.example/csaf/feed.json");
    expect(feed.entries).toEqual([
      {
        url: "https://p.example/csaf/2024/a.json",
        hashUrls: ["https://p.example/csaf/2024/a.json.sha512"],
        signatureUrl: "https://p.example/csaf/2024/a.json.asc",
        updated: "2024-01-01T00:00:00Z",
        at: "/feed/entry/0",
      },
      { url: "https://p.example/csaf/2024/b.json", hashUrls: [], at: "/feed/entry/1" },
    ]);
    expect(feed.problems.map((p) => p.at)).toEqual(["/feed/entry/2", "/feed/entry/3"]);
  });

  it("classifies JSON by content", () => {
    expect(classifyJson({ document: { csaf_version: "2.0" } })).toBe("csaf");
    expect(classifyJson({ schema_version: "1.6.0", id: "X" })).toBe("osv");
    expect(classifyJson({ id: "GO-1", modified: "2024-01-01T00:00:00Z" })).toBe("osv");
    expect(classifyJson({ canonical_url: "https://x", metadata_version: "2.0" })).toBe("provider-metadata");
    expect(classifyJson({ feed: {} })).toBe("rolie-feed");
    expect(classifyJson({ aggregator: {}, csaf_providers: [] })).toBe("aggregator");
    expect(classifyJson({ document: {} })).toBe("unknown");
    expect(classifyJson([1])).toBe("unknown");
  });
});

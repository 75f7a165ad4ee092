import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cpe23Pattern } from "../model/site.js";
import {
  ANY,
  type CpeName,
  type CpeValue,
  compareCpe,
  cpeAttributes,
  cpeMatches,
  cpeName,
  formatCpe,
  NA,
  parseCpe,
} from "./cpe.js";

function cpe(text: string): CpeName {
  const r = parseCpe(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.value;
}

describe("parseCpe", () => {
  it("unbinds values, logical values and escapes", () => {
    const n = cpe("cpe:2.3:h:siemens:simatic_s7-1500_cpu_1518-4_pn\\/dp:2.9.4:-:*:*:*:*:*:*");
    expect(n.part).toEqual({ kind: "value", text: "h", before: "", after: "" });
    expect(n.product).toEqual({
      kind: "value",
      text: "simatic_s7-1500_cpu_1518-4_pn/dp",
      before: "",
      after: "",
    });
    expect(n.update).toEqual(NA);
    expect(n.edition).toEqual(ANY);
    expect(cpe("cpe:2.3:a:foo\\:bar:baz:1.0:*:*:*:*:*:*:*").vendor).toMatchObject({ text: "foo:bar" });
    expect(cpe("cpe:2.3:a:vendor:prod*:??1.0*:*:*:*:*:*:*:*").version).toEqual({
      kind: "value",
      text: "1.0",
      before: "??",
      after: "*",
    });
  });

  it.each([
    ["cpe:/a:foo:bar", "not-cpe23", 0],
    ["cpe:2.3:a:foo:bar", "component-count", 17],
    ["cpe:2.3:a:foo:bar:1:*:*:*:*:*:*:*:extra", "component-count", 33],
    ["cpe:2.3:a::bar:1:*:*:*:*:*:*:*", "empty-component", 10],
    ["cpe:2.3:a:foo bar:baz:1:*:*:*:*:*:*:*", "invalid-character", 13],
    ["cpe:2.3:a:foo!:baz:1:*:*:*:*:*:*:*", "invalid-character", 13],
    ["cpe:2.3:a:foo:b*r:1:*:*:*:*:*:*:*", "misplaced-wildcard", 15],
    ["cpe:2.3:a:foo:bar:1\\-2:*:*:*:*:*:*:*", "invalid-character", 19],
    ["cpe:2.3:a:foo:bar:1:*:*:*:*:*:*:x\\", "dangling-escape", 33],
    ["cpe:2.3:x:foo:bar:1:*:*:*:*:*:*:*", "invalid-part", 8],
  ])("%s fails with %s at %i", (text, code, offset) => {
    const r = parseCpe(text);
    expect(r.ok ? "ok" : [r.error.code, r.error.offset]).toEqual([code, offset]);
  });
});

describe("cpeMatches (NISTIR 7696 name matching)", () => {
  const plc = cpe("cpe:2.3:h:siemens:s7-1500:2.9.4:*:*:*:*:*:*:*");
  it.each([
    ["cpe:2.3:h:siemens:s7-1500:2.9.4:*:*:*:*:*:*:*", true],
    ["cpe:2.3:h:siemens:s7-1500:V2.9.4:*:*:*:*:*:*:*", true],
    ["cpe:2.3:h:Siemens:S7-1500:2.9.4:*:*:*:*:*:*:*", true],
    ["cpe:2.3:h:siemens:s7-1500:*:*:*:*:*:*:*:*", true],
    ["cpe:2.3:*:*:*:*:*:*:*:*:*:*:*", true],
    ["cpe:2.3:h:siemens:s7-15*:*:*:*:*:*:*:*:*", true],
    ["cpe:2.3:h:siemens:s7-1500:2.9.*:*:*:*:*:*:*:*", true],
    ["cpe:2.3:h:siemens:s7-1500:2.9.?:*:*:*:*:*:*:*", true],
    ["cpe:2.3:h:siemens:s7-1500:2.9.5:*:*:*:*:*:*:*", false],
    ["cpe:2.3:h:siemens:s7-1200:*:*:*:*:*:*:*:*", false],
    ["cpe:2.3:h:siemens:s7-1500:-:*:*:*:*:*:*:*", false],
    ["cpe:2.3:a:siemens:s7-1500:*:*:*:*:*:*:*:*", false],
    ["cpe:2.3:h:schneider:s7-1500:*:*:*:*:*:*:*:*", false],
  ])("%s against the inventory's PLC → %s", (pattern, expected) => {
    expect(cpeMatches(cpe(pattern), plc).match).toBe(expected);
  });

  it("is uncertain when the version cannot be compared, or the inventory does not know a value", () => {
    const r = cpeMatches(
      cpe("cpe:2.3:h:siemens:s7-1500:2.00.05:*:*:*:*:*:*:*"),
      cpe("cpe:2.3:h:siemens:s7-1500:2.0.5:*:*:*:*:*:*:*"),
    );
    expect(r.match).toBe("uncertain");
    expect(r.reason).toContain("2.00.05");
    const unknownVersion = cpeMatches(plc, cpe("cpe:2.3:h:siemens:s7-1500:*:*:*:*:*:*:*:*"));
    expect(unknownVersion).toEqual({
      match: "uncertain",
      reason: "version is '2.9.4' in the advisory but unspecified (*) in the inventory",
    });
    const wildTarget = cpeMatches(plc, cpe("cpe:2.3:h:siemens:s7-1500:2.9.*:*:*:*:*:*:*:*"));
    expect(wildTarget.match).toBe("uncertain");
  });

  it("gives the 7696 relation of every attribute", () => {
    const relations = compareCpe(
      cpe("cpe:2.3:h:siemens:*:-:2.9.4:*:*:*:*:*:*"),
      cpe("cpe:2.3:h:siemens:x:-:*:*:*:*:*:*:*"),
    );
    expect(relations.slice(0, 5).map((r) => r.relation)).toEqual([
      "equal",
      "equal",
      "superset",
      "equal",
      "subset",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// properties

const textChar = fc.constantFrom(..."abcxyz019._-", ..."\\*?!\"#$%&'()+,/:;<=>@[]^`{|}~");
const text = fc.array(textChar, { minLength: 1, maxLength: 8 }).map((a) => a.join(""));
const run = fc.constantFrom("", "*", "?", "??");
const value: fc.Arbitrary<CpeValue> = fc.oneof(
  fc.constant(ANY),
  fc.constant(NA),
  fc
    .tuple(text, run, run)
    .filter(([t, b, a]) => !(t === "-" && b === "" && a === ""))
    .map(([t, b, a]) => ({ kind: "value" as const, text: t, before: b, after: a })),
);
const part = fc.constantFrom<CpeValue>(
  ANY,
  NA,
  ...["a", "o", "h"].map((t) => ({ kind: "value" as const, text: t, before: "", after: "" })),
);
const name: fc.Arbitrary<CpeName> = fc
  .tuple(part, fc.array(value, { minLength: 10, maxLength: 10 }))
  .map(
    ([p, rest]) =>
      Object.fromEntries([["part", p], ...cpeAttributes.slice(1).map((a, i) => [a, rest[i]])]) as CpeName,
  );

describe("CPE properties", () => {
  it("parseCpe(formatCpe(name)) gives the name back, and the string matches the official pattern", () => {
    fc.assert(
      fc.property(name, (n) => {
        const s = formatCpe(n);
        expect(cpe23Pattern.test(s), s).toBe(true);
        expect(parseCpe(s)).toEqual({ ok: true, value: n });
      }),
      { numRuns: 1000 },
    );
  });

  it("accepts exactly the strings the official CPE 2.3 pattern accepts", () => {
    const component = fc.oneof(
      fc.array(fc.constantFrom(..."ab1.-_*?\\:!/ "), { maxLength: 6 }).map((a) => a.join("")),
      fc.constantFrom("*", "-", "a", "h"),
    );
    const candidate = fc
      .array(component, { minLength: 9, maxLength: 13 })
      .map((c) => `cpe:2.3:${c.join(":")}`);
    fc.assert(
      fc.property(candidate, (s) => {
        expect(parseCpe(s).ok, s).toBe(cpe23Pattern.test(s));
      }),
      { numRuns: 5000 },
    );
  });

  it("a wildcard-free name matches itself, and ANY matches every name without wildcards", () => {
    const plainName = name.filter((n) =>
      cpeAttributes.every((a) => n[a].kind !== "value" || (n[a].before === "" && n[a].after === "")),
    );
    fc.assert(
      fc.property(plainName, (n) => {
        expect(cpeMatches(n, n).match).toBe(true);
        expect(cpeMatches(cpeName({}), n).match).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("a leading or trailing '*' pattern matches every target whose text it surrounds", () => {
    fc.assert(
      fc.property(text, text, text, (prefix, middle, suffix) => {
        const target = cpeName({ part: "a", vendor: "v", product: `${prefix}${middle}${suffix}` });
        const pattern = cpeName({
          part: "a",
          vendor: "v",
          product: { kind: "value", text: middle, before: "*", after: "*" },
        });
        expect(cpeMatches(pattern, target).match).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on garbage", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: "grapheme" }),
          fc.string().map((s) => `cpe:2.3:${s}`),
        ),
        (s) => {
          const r = parseCpe(s);
          if (!r.ok) expect(r.error.offset).toBeLessThanOrEqual(s.length);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

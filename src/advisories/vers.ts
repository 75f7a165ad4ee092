/**
 * Version range specifiers (vers, https://github.com/package-url/vers-spec): `vers:<type>/<constraints>`.
 * Pure; bad input is returned as a located error value (`offset` into the input string), never thrown.
 *
 * - `parseVers` is strict: it accepts only the canonical form the specification requires (lowercase
 *   `vers:` and type, no whitespace, no leading/trailing/doubled pipes, no `=` comparator, valid and
 *   canonical percent-encoding, constraints sorted by version with unique versions and a valid comparator
 *   sequence, `*` alone). Order and uniqueness are checked wherever the scheme can compare two versions; a
 *   pair it cannot compare is not an error here (it makes `contains` answer "incomparable" instead).
 * - `normaliseVers` is the spec's "validate" operation: like `parseVers`, but constraints may come in any order;
 *   they are sorted (an error if the type cannot order two of the versions). `formatVers` writes the canonical
 *   string.
 * - `contains(range, version)` answers true, false, or "incomparable" when the answer depends on a comparison
 *   the version scheme cannot make (see versions.ts); three-valued logic keeps a decided answer decided.
 * - `parseProductVersionRange` reads a CSAF `product_version_range`: a strict vers, else a vers repaired from
 *   the usual producer mistakes (each repair is listed), else free text for a person to read.
 */
import { type Comparison, compareVersions, isValidVersion } from "./versions.js";

export type Comparator = "=" | "!=" | "<" | "<=" | ">" | ">=";

export interface VersConstraint {
  readonly comparator: Comparator;
  /** The decoded version. */
  readonly version: string;
}

export interface VersRange {
  /** The vers type ("npm", "pypi", "generic", "all", …), lowercase. */
  readonly scheme: string;
  /** "*" matches every version. */
  readonly constraints: "*" | readonly VersConstraint[];
}

export type VersErrorCode =
  | "not-vers"
  | "missing-type"
  | "invalid-type"
  | "reserved-type"
  | "empty-constraints"
  | "whitespace"
  | "leading-pipe"
  | "trailing-pipe"
  | "consecutive-pipes"
  | "star-not-alone"
  | "equals-comparator"
  | "empty-version"
  | "invalid-character"
  | "invalid-percent-encoding"
  | "non-canonical-encoding"
  | "invalid-version"
  | "unsorted"
  | "unorderable"
  | "duplicate-version"
  | "invalid-sequence";

export interface VersError {
  readonly code: VersErrorCode;
  /** Index into the input string where the problem starts. */
  readonly offset: number;
  readonly message: string;
}

export type VersResult =
  | { readonly ok: true; readonly value: VersRange }
  | { readonly ok: false; readonly error: VersError };

const fail = (code: VersErrorCode, offset: number, message: string): VersResult => ({
  ok: false,
  error: { code, offset, message },
});

/** Characters a version must carry percent-encoded (and the space, which is written %20). */
const mustEncode = new Set([">", "<", "=", "!", "*", "|", "%", " "]);
const comparators: readonly Comparator[] = [">=", "<=", "!=", "<", ">"];

interface RawConstraint {
  readonly comparator: Comparator;
  readonly version: string;
  readonly offset: number;
}

function decodeVersion(
  raw: string,
  offset: number,
): { ok: true; value: string } | { ok: false; error: VersError } {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === "%") {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        return {
          ok: false,
          error: {
            code: "invalid-percent-encoding",
            offset: offset + i,
            message: `'%${hex}' is not a valid percent-encoded triplet`,
          },
        };
      }
      const decoded = String.fromCharCode(Number.parseInt(hex, 16));
      if (hex !== hex.toUpperCase() || !mustEncode.has(decoded)) {
        return {
          ok: false,
          error: {
            code: "non-canonical-encoding",
            offset: offset + i,
            message: `'%${hex}' is not canonical: only > < = ! * | % and space are percent-encoded, in uppercase hex`,
          },
        };
      }
      out += decoded;
      i += 2;
      continue;
    }
    const code = c.charCodeAt(0);
    if (code < 0x21 || code > 0x7e) {
      return {
        ok: false,
        error: {
          code: "invalid-character",
          offset: offset + i,
          message: `a version holds printable ASCII only; found U+${code.toString(16).toUpperCase().padStart(4, "0")}`,
        },
      };
    }
    if (mustEncode.has(c)) {
      return {
        ok: false,
        error: {
          code: "invalid-character",
          offset: offset + i,
          message: `'${c}' in a version must be percent-encoded`,
        },
      };
    }
    out += c;
  }
  return { ok: true, value: out };
}

/** Syntax only: scheme, type, pipes, comparators, percent-encoding. */
function parseSyntax(
  text: string,
): { ok: true; scheme: string; star: boolean; raw: RawConstraint[] } | { ok: false; error: VersError } {
  const bad = (code: VersErrorCode, offset: number, message: string) => ({
    ok: false as const,
    error: { code, offset, message },
  });
  const ws = /\s/.exec(text);
  if (ws)
    return bad(
      "whitespace",
      ws.index,
      "whitespace is not permitted in a vers (write a space in a version as %20)",
    );
  if (!text.startsWith("vers:")) return bad("not-vers", 0, "a version range specifier starts with 'vers:'");
  const slash = text.indexOf("/", 5);
  if (slash === -1 || slash === 5)
    return bad("missing-type", 5, "the vers type is missing: 'vers:<type>/<constraints>'");
  const scheme = text.slice(5, slash);
  if (!/^[a-z][a-z0-9.-]*$/.test(scheme)) {
    return bad(
      "invalid-type",
      5,
      `'${scheme}' is not a valid vers type (lowercase ASCII letters, digits, '.' and '-', starting with a letter)`,
    );
  }
  if (scheme === "invalid") return bad("reserved-type", 5, "the reserved vers type 'invalid' is never valid");
  const body = text.slice(slash + 1);
  const base = slash + 1;
  if (body.length === 0) return bad("empty-constraints", base, "a vers needs at least one constraint");
  if (body === "*") return { ok: true, scheme, star: true, raw: [] };
  if (body.startsWith("|")) return bad("leading-pipe", base, "the constraints start with a pipe");
  if (body.endsWith("|"))
    return bad("trailing-pipe", base + body.length - 1, "the constraints end with a pipe");
  const raw: RawConstraint[] = [];
  let offset = base;
  for (const part of body.split("|")) {
    if (part.length === 0) return bad("consecutive-pipes", offset, "two pipes follow each other");
    if (part.includes("*"))
      return bad("star-not-alone", offset + part.indexOf("*"), "'*' stands alone: 'vers:<type>/*'");
    if (part.startsWith("="))
      return bad("equals-comparator", offset, "equality is written as a bare version, without '='");
    const comparator = comparators.find((c) => part.startsWith(c)) ?? "=";
    const skip = comparator === "=" ? 0 : comparator.length;
    const rawVersion = part.slice(skip);
    if (rawVersion.length === 0)
      return bad("empty-version", offset + skip, "a constraint needs a version after its comparator");
    const decoded = decodeVersion(rawVersion, offset + skip);
    if (!decoded.ok) return decoded;
    raw.push({ comparator, version: decoded.value, offset });
    offset += part.length + 1;
  }
  return { ok: true, scheme, star: false, raw };
}

/**
 * Types whose versions are checked against their grammar while parsing. Only "datetime", whose canonical form
 * (uppercase T and Z) the vers conformance suite requires; for every other type a version the scheme cannot
 * read is accepted and makes each comparison with it "incomparable", so `contains` answers "incomparable".
 */
const grammarSchemes = new Set(["datetime"]);

function checkVersions(scheme: string, raw: readonly RawConstraint[]): VersError | undefined {
  if (!grammarSchemes.has(scheme)) return undefined;
  for (const c of raw) {
    if (!isValidVersion(c.version, scheme)) {
      return {
        code: "invalid-version",
        offset: c.offset,
        message: `'${c.version}' is not a valid '${scheme}' version`,
      };
    }
  }
  return undefined;
}

const allowedAfter: Record<Comparator, readonly Comparator[]> = {
  "=": ["=", ">", ">="],
  "<": ["=", ">", ">="],
  "<=": ["=", ">", ">="],
  ">": ["<", "<="],
  ">=": ["<", "<="],
  "!=": [],
};

/** Order, uniqueness and comparator sequence of constraints already in their final order. */
function checkOrder(scheme: string, raw: readonly RawConstraint[]): VersError | undefined {
  for (let i = 1; i < raw.length; i++) {
    const prev = raw[i - 1] as RawConstraint;
    const cur = raw[i] as RawConstraint;
    const c = compareVersions(prev.version, cur.version, scheme);
    if (c === 0)
      return {
        code: "duplicate-version",
        offset: cur.offset,
        message: `version '${cur.version}' occurs twice`,
      };
    if (c === 1)
      return {
        code: "unsorted",
        offset: cur.offset,
        message: `constraints are not sorted by version: '${cur.version}' comes before '${prev.version}'`,
      };
  }
  for (let i = 0; i < raw.length; i++) {
    for (let j = i + 2; j < raw.length; j++) {
      const a = raw[i] as RawConstraint;
      const b = raw[j] as RawConstraint;
      if (compareVersions(a.version, b.version, scheme) === 0) {
        return {
          code: "duplicate-version",
          offset: b.offset,
          message: `version '${b.version}' occurs twice`,
        };
      }
    }
  }
  const ranged = raw.filter((c) => c.comparator !== "!=");
  for (let i = 1; i < ranged.length; i++) {
    const prev = ranged[i - 1] as RawConstraint;
    const cur = ranged[i] as RawConstraint;
    if (!allowedAfter[prev.comparator].includes(cur.comparator)) {
      const p = prev.comparator === "=" ? "an equality" : `'${prev.comparator}'`;
      const n = cur.comparator === "=" ? "an equality" : `'${cur.comparator}'`;
      return {
        code: "invalid-sequence",
        offset: cur.offset,
        message: `${n} cannot follow ${p}: the constraints describe an empty or redundant range`,
      };
    }
  }
  return undefined;
}

function toRange(scheme: string, star: boolean, raw: readonly RawConstraint[]): VersRange {
  return {
    scheme,
    constraints: star ? "*" : raw.map(({ comparator, version }) => ({ comparator, version })),
  };
}

/** Strict, canonical parsing. */
export function parseVers(text: string): VersResult {
  if (typeof text !== "string") return fail("not-vers", 0, "a vers is a string");
  const syntax = parseSyntax(text);
  if (!syntax.ok) return syntax;
  const problem = checkVersions(syntax.scheme, syntax.raw) ?? checkOrder(syntax.scheme, syntax.raw);
  if (problem) return { ok: false, error: problem };
  return { ok: true, value: toRange(syntax.scheme, syntax.star, syntax.raw) };
}

function sortRaw(scheme: string, raw: readonly RawConstraint[]): RawConstraint[] | VersError {
  const out: RawConstraint[] = [];
  for (const c of raw) {
    let at = out.length;
    for (let i = 0; i < out.length; i++) {
      const cmp = compareVersions(c.version, (out[i] as RawConstraint).version, scheme);
      if (cmp === "incomparable") {
        return {
          code: "unorderable",
          offset: c.offset,
          message: `'${c.version}' and '${(out[i] as RawConstraint).version}' cannot be ordered as '${scheme}' versions`,
        };
      }
      if (cmp === 0)
        return {
          code: "duplicate-version",
          offset: c.offset,
          message: `version '${c.version}' occurs twice`,
        };
      if (cmp === -1 && at === out.length) at = i;
    }
    out.splice(at, 0, c);
  }
  return out;
}

/** The spec's "validate": sorts the constraints, then checks as `parseVers` does. */
export function normaliseVers(text: string): VersResult {
  if (typeof text !== "string") return fail("not-vers", 0, "a vers is a string");
  const syntax = parseSyntax(text);
  if (!syntax.ok) return syntax;
  const invalid = checkVersions(syntax.scheme, syntax.raw);
  if (invalid) return { ok: false, error: invalid };
  const sorted = sortRaw(syntax.scheme, syntax.raw);
  if (!Array.isArray(sorted)) return { ok: false, error: sorted };
  const problem = checkOrder(syntax.scheme, sorted);
  if (problem) return { ok: false, error: problem };
  return { ok: true, value: toRange(syntax.scheme, syntax.star, sorted) };
}

export function encodeVersion(version: string): string {
  let out = "";
  for (const c of version) {
    out += mustEncode.has(c) ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}` : c;
  }
  return out;
}

export function formatVers(range: VersRange): string {
  const body =
    range.constraints === "*"
      ? "*"
      : range.constraints
          .map((c) => `${c.comparator === "=" ? "" : c.comparator}${encodeVersion(c.version)}`)
          .join("|");
  return `vers:${range.scheme}/${body}`;
}

// ---------------------------------------------------------------------------------------------------------
// containment, in three-valued (Kleene) logic: T, F, or U (unknown because a comparison was incomparable)

type Tri = true | false | "unknown";

const or = (a: Tri, b: Tri): Tri =>
  a === true || b === true ? true : a === "unknown" || b === "unknown" ? "unknown" : false;
const and = (a: Tri, b: Tri): Tri =>
  a === false || b === false ? false : a === "unknown" || b === "unknown" ? "unknown" : true;
const not = (a: Tri): Tri => (a === "unknown" ? a : !a);
const is = (c: Comparison, wanted: -1 | 0 | 1): Tri => (c === "incomparable" ? "unknown" : c === wanted);

/** Is `version` inside `range`? "incomparable" when the answer needs a comparison the scheme cannot make. */
export function contains(range: VersRange, version: string): boolean | "incomparable" {
  if (range.constraints === "*") return true;
  const scheme = range.scheme;
  const cmp = range.constraints.map((c) => ({ c, r: compareVersions(version, c.version, scheme) }));
  let equal: Tri = false;
  let excluded: Tri = false;
  for (const { c, r } of cmp) {
    if (c.comparator === "=" || c.comparator === "<=" || c.comparator === ">=") equal = or(equal, is(r, 0));
    if (c.comparator === "!=") excluded = or(excluded, is(r, 0));
  }
  if (equal === true) return true;
  if (excluded === true) return false;
  const bounds = cmp.filter(({ c }) => c.comparator !== "=" && c.comparator !== "!=");
  let inside: Tri = false;
  const lower = (x: (typeof bounds)[number]) => x.c.comparator === ">" || x.c.comparator === ">=";
  const first = bounds[0];
  const last = bounds[bounds.length - 1];
  if (first !== undefined && !lower(first)) inside = or(inside, is(first.r, -1));
  if (last !== undefined && lower(last)) inside = or(inside, is(last.r, 1));
  for (let i = 0; i + 1 < bounds.length; i++) {
    const cur = bounds[i] as (typeof bounds)[number];
    const next = bounds[i + 1] as (typeof bounds)[number];
    if (lower(cur) && !lower(next)) inside = or(inside, and(is(cur.r, 1), is(next.r, -1)));
  }
  const result = and(or(equal, inside), not(excluded));
  return result === "unknown" ? "incomparable" : result;
}

// ---------------------------------------------------------------------------------------------------------
// CSAF product_version_range

export type ProductVersionRange =
  | {
      readonly kind: "vers";
      readonly range: VersRange;
      /** What was repaired to read a non-conformant vers; empty for a canonical one. */
      readonly repairs: readonly string[];
    }
  | {
      readonly kind: "free-text";
      readonly text: string;
      /** Why it was not read as a vers (absent when it does not even start with "vers:"). */
      readonly error?: VersError;
    };

/**
 * Reads a CSAF `product_version_range`. CSAF allows a vers or free text; producers often write vers with
 * spaces, missing pipes (`>=V7.80<V9.40`), unsorted constraints or an unencoded space inside a version
 * (`<V5.5 SP1`). Those are repaired and listed; anything else is free text.
 */
export function parseProductVersionRange(text: string): ProductVersionRange {
  if (typeof text !== "string") return { kind: "free-text", text: String(text) };
  const trimmed = text.trim();
  if (!/^vers:/i.test(trimmed)) return { kind: "free-text", text };
  const strict = parseVers(trimmed);
  if (strict.ok)
    return {
      kind: "vers",
      range: strict.value,
      repairs: trimmed === text ? [] : ["surrounding whitespace removed"],
    };
  const repairs: string[] = trimmed === text ? [] : ["surrounding whitespace removed"];
  const slash = trimmed.indexOf("/");
  if (slash === -1) return { kind: "free-text", text, error: strict.error };
  let head = trimmed.slice(0, slash);
  if (head !== head.toLowerCase()) {
    head = head.toLowerCase();
    repairs.push("scheme and type lowercased");
  }
  const parts = trimmed
    .slice(slash + 1)
    .split("|")
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const split: string[] = [];
  for (const part of parts) {
    // A comparator after the first character starts a new constraint: ">=V7.80<V9.40".
    const pieces = part
      .replace(/\s*(?=(?:>=|<=|!=|<|>))/g, "\u0000")
      .split("\u0000")
      .filter((p) => p.length > 0);
    if (pieces.length > 1) repairs.push(`missing pipe inserted in '${part}'`);
    for (const piece of pieces) {
      const m = /^(>=|<=|!=|<|>|=)?\s*(.*)$/.exec(piece) as RegExpExecArray;
      const comparator = m[1] === "=" ? "" : (m[1] ?? "");
      if (m[1] === "=") repairs.push("'=' comparator dropped");
      const version = (m[2] ?? "").trim();
      if (/\s/.test(version)) repairs.push(`space in version '${version}' percent-encoded`);
      if (version !== (m[2] ?? "") || /\s/.test(piece.slice(comparator.length, comparator.length + 1))) {
        repairs.push("whitespace around a comparator removed");
      }
      split.push(`${comparator}${version.replace(/ /g, "%20")}`);
    }
  }
  const candidate = `${head}/${split.join("|")}`;
  const repaired = normaliseVers(candidate);
  if (!repaired.ok) return { kind: "free-text", text, error: strict.error };
  if (formatVers(repaired.value) !== candidate) repairs.push("constraints sorted by version");
  return { kind: "vers", range: repaired.value, repairs: [...new Set(repairs)] };
}

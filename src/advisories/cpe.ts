/**
 * CPE 2.3 formatted strings (NISTIR 7695, section 6.2) and name matching (NISTIR 7696). Pure; bad input is
 * a located error value.
 *
 * - `parseCpe` unbinds `cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:target_sw:
 *   target_hw:other` into a name whose attributes are ANY (`*`), NA (`-`) or a value: the unescaped text with
 *   an optional leading and trailing wildcard run (`*`, or one or more `?`). It accepts exactly the strings the
 *   official CPE 2.3 formatted-string pattern accepts (the model's `cpe23Pattern`): `\` escapes every printable
 *   punctuation character except `-`, `.` and `_`, which stand unescaped; an unescaped `*` or `?` may appear
 *   only at the start or end of a value. A value that is exactly `-` is NA, so a literal lone hyphen cannot be
 *   written (a known ambiguity of the binding).
 * - `formatCpe` binds a name back; `parseCpe(formatCpe(n))` gives `n` back.
 * - `compareCpe` gives the NISTIR 7696 relation per attribute (superset, equal, subset, disjoint, undefined);
 *   values compare case-insensitively. The version and update attributes are also compared with the generic
 *   firmware rules of versions.ts when their texts differ: equal versions written differently ("V2.9.4" and
 *   "2.9.4") are equal, and versions the rules cannot order make the match uncertain instead of disjoint.
 * - `cpeMatches(pattern, target)` is true when every attribute of the pattern is a superset of or equal to the
 *   target's (the 7696 CPE_NAME_COMPARE "match"), false when one is disjoint, "uncertain" otherwise, always
 *   with a reason. Uncertain covers 7696's subset (the advisory names a value the inventory leaves as ANY: the
 *   asset may or may not be affected), its undefined (the inventory's name itself holds wildcards) and a
 *   version comparison the generic rules cannot make.
 * - Not implemented: the CPE 2.2 URI binding (`cpe:/…`), language-tag validation, and version ranges beside a
 *   CPE (NVD's versionStartIncluding…); CSAF ranges are vers strings, handled in vers.ts.
 */
import { compareGeneric } from "./versions.js";

export const cpeAttributes = [
  "part",
  "vendor",
  "product",
  "version",
  "update",
  "edition",
  "language",
  "swEdition",
  "targetSw",
  "targetHw",
  "other",
] as const;
export type CpeAttribute = (typeof cpeAttributes)[number];

export type CpeValue =
  | { readonly kind: "any" }
  | { readonly kind: "na" }
  | {
      readonly kind: "value";
      /** The literal text, unescaped. Never empty. */
      readonly text: string;
      /** Leading wildcard run: "", "*", or one or more "?". */
      readonly before: string;
      /** Trailing wildcard run: "", "*", or one or more "?". */
      readonly after: string;
    };

export type CpeName = { readonly [K in CpeAttribute]: CpeValue };

export type CpeErrorCode =
  | "not-cpe23"
  | "component-count"
  | "empty-component"
  | "invalid-character"
  | "misplaced-wildcard"
  | "dangling-escape"
  | "invalid-part";

export interface CpeError {
  readonly code: CpeErrorCode;
  /** Index into the input string. */
  readonly offset: number;
  readonly message: string;
}

export type CpeResult =
  | { readonly ok: true; readonly value: CpeName }
  | { readonly ok: false; readonly error: CpeError };

const prefix = "cpe:2.3:";
/** Printable punctuation that must be escaped with a backslash in a formatted string. */
const escapable = new Set("\\*?!\"#$%&'()+,/:;<=>@[]^`{|}~");
const plain = /^[A-Za-z0-9._-]$/;

export const ANY: CpeValue = { kind: "any" };
export const NA: CpeValue = { kind: "na" };

function failAt(code: CpeErrorCode, offset: number, message: string): CpeResult {
  return { ok: false, error: { code, offset, message } };
}

/** Splits on unescaped colons; returns the components with their offsets. */
function splitComponents(text: string, start: number): { value: string; offset: number }[] {
  const out: { value: string; offset: number }[] = [];
  let current = "";
  let offset = start;
  for (let i = start; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "\\" && i + 1 < text.length) {
      current += c + text[i + 1];
      i++;
    } else if (c === ":") {
      out.push({ value: current, offset });
      current = "";
      offset = i + 1;
    } else {
      current += c;
    }
  }
  out.push({ value: current, offset });
  return out;
}

function parseValue(
  raw: string,
  offset: number,
  attribute: CpeAttribute,
): { ok: true; value: CpeValue } | { ok: false; error: CpeError } {
  const err = (code: CpeErrorCode, at: number, message: string) => ({
    ok: false as const,
    error: { code, offset: offset + at, message },
  });
  if (raw === "*") return { ok: true, value: ANY };
  if (raw === "-") return { ok: true, value: NA };
  if (raw.length === 0)
    return err("empty-component", 0, `the ${attribute} is empty (write * for ANY or - for NA)`);
  // Tokens: literal characters (escaped or plain) and unescaped wildcards.
  const tokens: { wildcard: boolean; char: string; at: number }[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === "\\") {
      const next = raw[i + 1];
      if (next === undefined) return err("dangling-escape", i, `the ${attribute} ends with a lone backslash`);
      if (!escapable.has(next)) {
        return err(
          "invalid-character",
          i,
          `'\\${next}' is not a valid escape in the ${attribute} (only punctuation other than - . _ is escaped)`,
        );
      }
      tokens.push({ wildcard: false, char: next, at: i });
      i++;
    } else if (c === "*" || c === "?") {
      tokens.push({ wildcard: true, char: c, at: i });
    } else if (plain.test(c)) {
      tokens.push({ wildcard: false, char: c, at: i });
    } else {
      const code = c.charCodeAt(0);
      const what =
        code > 0x20 && code < 0x7f
          ? `'${c}' must be escaped as '\\${c}'`
          : `U+${code.toString(16).toUpperCase().padStart(4, "0")} is not allowed`;
      return err("invalid-character", i, `${what} in the ${attribute}`);
    }
  }
  let s = 0;
  while (s < tokens.length && tokens[s]?.wildcard) s++;
  let e = tokens.length;
  while (e > s && tokens[e - 1]?.wildcard) e--;
  const middle = tokens.slice(s, e);
  const stray = middle.find((t) => t.wildcard);
  if (stray)
    return err(
      "misplaced-wildcard",
      stray.at,
      `an unescaped '${stray.char}' may only start or end the ${attribute}`,
    );
  if (middle.length === 0)
    return err("misplaced-wildcard", 0, `the ${attribute} holds wildcards but no text`);
  const before = tokens
    .slice(0, s)
    .map((t) => t.char)
    .join("");
  const after = tokens
    .slice(e)
    .map((t) => t.char)
    .join("");
  for (const [run, at] of [
    [before, 0],
    [after, raw.length - after.length],
  ] as const) {
    if (run.length > 0 && run !== "*" && !/^\?+$/.test(run)) {
      return err("misplaced-wildcard", at, `'${run}' is not a wildcard run: use one '*' or a run of '?'`);
    }
  }
  return { ok: true, value: { kind: "value", text: middle.map((t) => t.char).join(""), before, after } };
}

/** Unbinds a CPE 2.3 formatted string. */
export function parseCpe(text: string): CpeResult {
  if (typeof text !== "string" || !text.startsWith(prefix)) {
    return failAt("not-cpe23", 0, "a CPE 2.3 formatted string starts with 'cpe:2.3:'");
  }
  const components = splitComponents(text, prefix.length);
  if (components.length !== cpeAttributes.length) {
    const at =
      components.length > cpeAttributes.length
        ? (components[cpeAttributes.length]?.offset ?? text.length) - 1
        : text.length;
    return failAt(
      "component-count",
      at,
      `a CPE 2.3 name has ${cpeAttributes.length} components after 'cpe:2.3:'; found ${components.length}`,
    );
  }
  const values: Partial<Record<CpeAttribute, CpeValue>> = {};
  for (let i = 0; i < cpeAttributes.length; i++) {
    const attribute = cpeAttributes[i] as CpeAttribute;
    const { value, offset } = components[i] as { value: string; offset: number };
    const parsed = parseValue(value, offset, attribute);
    if (!parsed.ok) return parsed;
    values[attribute] = parsed.value;
  }
  const part = values.part as CpeValue;
  if (part.kind === "value" && (part.before !== "" || part.after !== "" || !/^[aho]$/.test(part.text))) {
    return failAt(
      "invalid-part",
      prefix.length,
      "the part is 'a' (application), 'o' (operating system), 'h' (hardware), '*' or '-'",
    );
  }
  return { ok: true, value: values as CpeName };
}

function bindValue(v: CpeValue): string {
  switch (v.kind) {
    case "any":
      return "*";
    case "na":
      return "-";
    case "value": {
      let out = v.before;
      for (const c of v.text) out += escapable.has(c) ? `\\${c}` : c;
      return out + v.after;
    }
  }
}

/** Binds a name to its formatted string. */
export function formatCpe(name: CpeName): string {
  return prefix + cpeAttributes.map((a) => bindValue(name[a])).join(":");
}

/** A CPE name from partial attributes (the rest ANY), for building patterns in code and tests. */
export function cpeName(values: Partial<Record<CpeAttribute, string | CpeValue>>): CpeName {
  const out: Partial<Record<CpeAttribute, CpeValue>> = {};
  for (const a of cpeAttributes) {
    const v = values[a];
    out[a] =
      v === undefined ? ANY : typeof v === "string" ? { kind: "value", text: v, before: "", after: "" } : v;
  }
  return out as CpeName;
}

// ---------------------------------------------------------------------------------------------------------
// matching (NISTIR 7696)

export type CpeRelation = "superset" | "equal" | "subset" | "disjoint" | "undefined";

export interface AttributeComparison {
  readonly attribute: CpeAttribute;
  readonly relation: CpeRelation;
  /** Set when the relation comes from a version comparison that could not be made. */
  readonly uncertain?: string;
}

function hasWildcards(v: CpeValue): boolean {
  return v.kind === "value" && (v.before !== "" || v.after !== "");
}

function runPattern(run: string): string {
  return run === "" ? "" : run === "*" ? "[\\s\\S]*" : `[\\s\\S]{0,${run.length}}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function wildcardMatches(source: CpeValue & { kind: "value" }, target: string): boolean {
  const re = new RegExp(
    `^${runPattern(source.before)}${escapeRegExp(source.text)}${runPattern(source.after)}$`,
    "i",
  );
  return re.test(target);
}

function compareAttribute(attribute: CpeAttribute, source: CpeValue, target: CpeValue): AttributeComparison {
  const r = (relation: CpeRelation, uncertain?: string): AttributeComparison =>
    uncertain === undefined ? { attribute, relation } : { attribute, relation, uncertain };
  if (source.kind === "any") return r(target.kind === "any" ? "equal" : "superset");
  if (target.kind === "any") return r("subset");
  if (source.kind === "na") return r(target.kind === "na" ? "equal" : "disjoint");
  if (target.kind === "na") return r("disjoint");
  if (hasWildcards(target)) return r("undefined");
  if (hasWildcards(source)) return r(wildcardMatches(source, target.text) ? "superset" : "disjoint");
  if (source.text.toLowerCase() === target.text.toLowerCase()) return r("equal");
  if (attribute === "version" || attribute === "update") {
    const c = compareGeneric(source.text, target.text);
    if (c === 0) return r("equal");
    if (c === "incomparable") {
      return r(
        "undefined",
        `${attribute} '${source.text}' and '${target.text}' cannot be compared with the generic version rules`,
      );
    }
  }
  return r("disjoint");
}

/** The NISTIR 7696 relation of each attribute of `source` to the same attribute of `target`. */
export function compareCpe(source: CpeName, target: CpeName): AttributeComparison[] {
  return cpeAttributes.map((a) => compareAttribute(a, source[a], target[a]));
}

export interface CpeMatch {
  readonly match: boolean | "uncertain";
  readonly reason: string;
}

function show(v: CpeValue): string {
  return v.kind === "any" ? "*" : v.kind === "na" ? "-" : bindValue(v);
}

/** Does the advisory's CPE `pattern` match the inventory's CPE `target`? */
export function cpeMatches(pattern: CpeName, target: CpeName): CpeMatch {
  const relations = compareCpe(pattern, target);
  const disjoint = relations.find((x) => x.relation === "disjoint");
  if (disjoint) {
    const a = disjoint.attribute;
    return {
      match: false,
      reason: `${a} differs: '${show(pattern[a])}' does not cover '${show(target[a])}'`,
    };
  }
  const open = relations.find((x) => x.relation === "undefined" || x.relation === "subset");
  if (open) {
    const a = open.attribute;
    const why =
      open.uncertain ??
      (open.relation === "subset"
        ? `${a} is '${show(pattern[a])}' in the advisory but unspecified (*) in the inventory`
        : `${a} '${show(target[a])}' in the inventory holds wildcards`);
    return { match: "uncertain", reason: why };
  }
  const exact = relations.every((x) => x.relation === "equal");
  return {
    match: true,
    reason: exact
      ? "every attribute is equal"
      : "every attribute of the advisory's name covers the inventory's",
  };
}

import { type Comparator, parseProductVersionRange, type VersConstraint, type VersRange } from "./vers.js";
import { compareVersions, isValidVersion } from "./versions.js";

/**
 * Reads the version ranges OT advisories write in words instead of vers: "All versions < V4.33",
 * "<= 2.1", ">= V3.0 and < V3.2", "V2.0 and prior", "versions prior to 3.1", "1.0 through 2.3",
 * "All versions". Of the 13,621 `product_version_range` values in CISA's ICS CSAF files, 6,078 are vers;
 * most of the rest are one of these phrasings.
 *
 * Never-wrong first: a phrase is read only when every word of it is understood and every version in it is a
 * version Mamori can order (firmware-style, see versions.ts). Anything else — "<=the first 2021 release",
 * "All versions with U-Boot < 2.0", dates in words, several release trains in one string — stays unread,
 * and a match against it is left to a person.
 */
export type NativeRangeReading =
  | {
      readonly ok: true;
      readonly range: VersRange;
      readonly how: "vers" | "words";
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly reason: string };

const scheme = "all";

/** Words that only say "this is about versions" and may precede the comparison. */
const leadingNoise =
  /^(?:(?:all|affected|the|firmware|software|bios|fw|sw|product|products|versions?|ver\.?|release|releases)\s+)+/i;

const words: [RegExp, Comparator][] = [
  [/^(?:prior to|before|earlier than|older than|below|lower than|less than)\s+/i, "<"],
  [/^(?:up to(?: and including)?|through|until)\s+/i, "<="],
  [/^(?:from|since|starting (?:with|from)|later than or equal to)\s+/i, ">="],
  [/^(?:after|later than|newer than|above|greater than)\s+/i, ">"],
];

const suffixes: [RegExp, Comparator][] = [
  [/\s+(?:and|or|&)\s+(?:prior|earlier|older|before|below|lower)(?: versions?)?$/i, "<="],
  [/\s+(?:and|or|&)\s+(?:later|newer|above|higher|after)(?: versions?)?$/i, ">="],
];

function readVersion(text: string): string | undefined {
  const version = text.trim().replace(/^["'“”]|["'“”]$/g, "");
  if (version.length === 0 || version.length > 100) return undefined;
  // "v36.011_v35.013_v34.014" lists fixed versions of several release trains: not one bound.
  if (/[_,;|]/.test(version)) return undefined;
  // A version is one token, optionally with qualifier words the firmware parser knows (SP1, Update 2, build 456).
  if (!/^[A-Za-z]{0,8}\.?\s?\d/.test(version) && !/^\d/.test(version)) return undefined;
  return isValidVersion(version, scheme) ? version : undefined;
}

function constraint(comparator: Comparator, text: string): VersConstraint | undefined {
  const version = readVersion(text);
  return version === undefined ? undefined : { comparator, version };
}

/** One comparison: "< V4.33", "prior to 3.1", "V2.0 and prior", ">=1.0". */
function readPart(part: string): VersConstraint | undefined {
  const text = part.trim().replace(leadingNoise, "");
  const symbol = /^(<=|>=|=<|=>|<|>|=|≦|≧|≤|≥)\s*(.+)$/.exec(text);
  if (symbol) {
    const map: Record<string, Comparator> = {
      "<=": "<=",
      "=<": "<=",
      "≦": "<=",
      "≤": "<=",
      ">=": ">=",
      "=>": ">=",
      "≧": ">=",
      "≥": ">=",
      "<": "<",
      ">": ">",
      "=": "=",
    };
    return constraint(map[symbol[1] as string] as Comparator, symbol[2] as string);
  }
  for (const [pattern, comparator] of words) {
    const m = pattern.exec(text);
    if (m) return constraint(comparator, text.slice(m[0].length));
  }
  for (const [pattern, comparator] of suffixes) {
    const m = pattern.exec(text);
    if (m) return constraint(comparator, text.slice(0, m.index));
  }
  return undefined;
}

function sortConstraints(constraints: VersConstraint[]): VersConstraint[] | undefined {
  const sorted = [...constraints];
  let incomparable = false;
  sorted.sort((a, b) => {
    const c = compareVersions(a.version, b.version, scheme);
    if (c === "incomparable") {
      incomparable = true;
      return 0;
    }
    return c;
  });
  return incomparable ? undefined : sorted;
}

export function readNativeRange(input: string): NativeRangeReading {
  if (typeof input !== "string") return { ok: false, reason: "not text" };
  const text = input.normalize("NFKC").replace(/\s+/g, " ").trim();
  const body = text.replace(leadingNoise, "");
  if (text.length === 0) return { ok: false, reason: "empty" };
  if (/^vers:/i.test(text)) {
    const vers = parseProductVersionRange(input);
    return vers.kind === "vers"
      ? { ok: true, range: vers.range, how: "vers", notes: vers.repairs }
      : { ok: false, reason: `not a valid vers: ${vers.error?.message ?? "unreadable"}` };
  }
  if (/^(?:all|all versions|all (?:firmware|software|bios) versions|any version|every version)$/i.test(text))
    return {
      ok: true,
      range: { scheme, constraints: "*" },
      how: "words",
      notes: [`'${text}' read as every version`],
    };

  // "1.0 through 2.3", "1.0 - 2.3", "from 1.0 to 2.3": both ends included.
  const between = /^(?:from )?(.+?)\s+(?:through|to|-|–|~|〜)\s+(.+)$/i.exec(body);
  if (between && !/[<>=≦≧≤≥]/.test(text)) {
    const low = readVersion(between[1] as string);
    const high = readVersion(between[2] as string);
    if (low !== undefined && high !== undefined) {
      const sorted = sortConstraints([
        { comparator: ">=", version: low },
        { comparator: "<=", version: high },
      ]);
      if (sorted && sorted[0]?.comparator === ">=")
        return {
          ok: true,
          range: { scheme, constraints: sorted },
          how: "words",
          notes: [`'${text}' read as ${low} to ${high}, both included`],
        };
    }
  }

  // One or two comparisons joined by "and", ",", "|", "&", or simply written one after the other.
  const pieces = body
    .replace(
      /\s*(?:\||,|&|;|\band\b)\s*(?=(?:<|>|=|≦|≧|≤|≥|prior to|before|from|after|up to|since))/gi,
      "\u0000",
    )
    .replace(/(\S)\s*(?=(?:<=|>=|<|>)\s*[A-Za-z]{0,8}\.?\s?\d)/g, "$1\u0000")
    .split("\u0000")
    .map((p) => p.trim())
    .filter(Boolean);
  if (pieces.length === 0 || pieces.length > 2)
    return { ok: false, reason: `'${text}' has ${pieces.length} parts` };
  const constraints: VersConstraint[] = [];
  for (const piece of pieces) {
    const read = readPart(piece);
    if (!read) return { ok: false, reason: `'${piece}' is not a comparison Mamori reads` };
    constraints.push(read);
  }
  const sorted = sortConstraints(constraints);
  if (!sorted) return { ok: false, reason: `the versions in '${text}' cannot be ordered` };
  if (sorted.length === 2) {
    const [low, high] = sorted as [VersConstraint, VersConstraint];
    const lowerBound = low.comparator === ">" || low.comparator === ">=";
    const upperBound = high.comparator === "<" || high.comparator === "<=";
    if (!lowerBound || !upperBound)
      return { ok: false, reason: `'${text}' is not a range from a lower to an upper bound` };
  }
  if (sorted.some((c) => c.comparator === "=") && sorted.length > 1)
    return { ok: false, reason: `'${text}' mixes = with bounds` };
  return {
    ok: true,
    range: { scheme, constraints: sorted },
    how: "words",
    notes: [`'${text}' read as ${sorted.map((c) => `${c.comparator}${c.version}`).join(" and ")}`],
  };
}

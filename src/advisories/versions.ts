/**
 * Version semantics for advisory matching: is the installed version before, equal to or after the version an
 * advisory names? Pure: no I/O, no clock, no environment; bad input is a value, never an exception.
 *
 * `compareVersions(a, b, scheme)` answers -1 | 0 | 1, or "incomparable" when the two strings cannot be put in
 * order with confidence. Incomparable is an answer, not a failure: matching treats it as "uncertain", which
 * waits for a person. We never guess.
 *
 * Schemes (see README.md beside this file for the full reasoning):
 * - "semver" / "npm": SemVer 2.0 through the `semver` package (a leading "v" or "=" is accepted, build metadata
 *   is ignored for precedence as the SemVer spec requires). A string that is not SemVer is incomparable.
 * - "pypi": PEP 440 through `@renovatebot/pep440`; an invalid PEP 440 string is incomparable.
 * - "deb": Debian policy / dpkg ordering (epoch, upstream version, revision; "~" sorts before everything).
 * - "maven": Maven's ComparableVersion ordering (qualifiers alpha < beta < milestone < rc < snapshot < "" < sp,
 *   unknown qualifiers after known ones, lexically).
 * - "datetime": RFC 3339 timestamps compared as instants. "lexicographic": UTF-8 byte order.
 * - "generic": firmware-style versions as OT vendors write them (V2.9.4, 1.2.3b, 4.0 SP1, 2.00.05, R04, 1.50,
 *   33.011, Version 3.1 Update 2, 1.2.3 build 456, 2023-05-01). Rules:
 *   - Prefixes "v", "ver", "version", "firmware", "fw" are noise: "V2.9.4" == "2.9.4". "R"/"Rev"/"Release"
 *     prefixes name a different numbering ("R04"): they compare only with other R-prefixed versions.
 *   - The release is the leading run of dot-separated numbers; trailing zeros do not matter (4.0 == 4.0.0).
 *   - Numeric segments compare as integers (1.9 < 1.10, so 1.50 > 1.5). A leading zero signals fixed-width
 *     notation: when two segments at the same position have different widths and one has a leading zero, the
 *     integer reading ("05" = 5) and the decimal reading ("05" = .05) must agree, otherwise incomparable. So
 *     2.00.05 vs 2.00.06 and 2.00.05 vs 2.1 are ordered, but 2.00.05 vs 2.0.5 and 33.011 vs 33.11 are incomparable
 *     (a person decides). The first segment is always an integer.
 *   - After the release come qualifier groups (a word and its numbers): pre-release words dev < alpha < beta <
 *     rc (= pre, preview, cr) sort before the release; post-release words (sp / service pack, update, patch,
 *     hotfix, post, rev) and a lone patch letter (1.2.3b, V12.2a) sort after it. Two different post-release
 *     words (SP1 vs Update 2) are incomparable. Build numbers ("build 456", "+456") order builds of the same
 *     release but are incomparable with the bare release. Unknown words and a single letter followed by digits
 *     ("1.0b2": beta 2 or patch letter b?) compare only with the same word.
 *   - A qualified shorter release against a longer one ("4.0 SP1" vs "4.0.1") is incomparable, except that a
 *     pre-release or build of 4.0 is before 4.0.1; for the same reason "4.0 SP1" vs "4.0.0 SP1" is incomparable.
 *   - ISO dates (2023-05-01) compare only with ISO dates. Wildcards (2.4.x), text without a number, and
 *     characters outside letters, digits and . - _ + ( ) , / ~ and space are not versions: incomparable.
 * - Any other vers scheme: "cargo" and "golang" are SemVer; "all" (as CSAF producers write it) is "generic";
 *   the rest ("gem", "nuget", "rpm", "apk", "alpm", "conan", "openssl", …) use "generic" in cautious mode
 *   (trailing zeros, lone letters and number lists of different lengths are incomparable, because that is
 *   where ecosystems disagree), and `resolveScheme` says so in a note.
 *
 * Identical strings are always equal, whatever the scheme.
 */
import { compare as pep440Compare, valid as pep440Valid } from "@renovatebot/pep440";
import semver from "semver";

export type Ordering = -1 | 0 | 1;
export type Comparison = Ordering | "incomparable";

export const versionSchemes = [
  "semver",
  "npm",
  "pypi",
  "deb",
  "maven",
  "generic",
  "datetime",
  "lexicographic",
] as const;
export type VersionScheme = (typeof versionSchemes)[number];

export interface ResolvedScheme {
  readonly scheme: VersionScheme;
  /**
   * True when a scheme without its own rules here falls back to "generic": then trailing zeros are
   * significant-or-unknown (5 vs 5.0 incomparable), a lone letter is not taken as a patch letter, and a trailing
   * separator makes the string unorderable, because those are exactly where ecosystems disagree.
   */
  readonly cautious?: boolean;
  /** Set when the requested scheme is compared with another scheme's rules. */
  readonly note?: string;
}

const semverAliases = new Set(["cargo", "golang"]);

/** Maps a vers / purl type to the comparison rules used for it. */
export function resolveScheme(type: string): ResolvedScheme {
  const lower = type.toLowerCase();
  if ((versionSchemes as readonly string[]).includes(lower)) return { scheme: lower as VersionScheme };
  if (lower === "all") {
    return {
      scheme: "generic",
      note: "CSAF producers write vendor versions under 'vers:all'; read with the generic firmware rules",
    };
  }
  if (semverAliases.has(lower)) {
    return { scheme: "semver", note: `'${lower}' versions are SemVer 2.0; compared with the semver rules` };
  }
  return {
    scheme: "generic",
    cautious: true,
    note: `no native ordering for '${lower}'; compared with Mamori's generic rules in cautious mode, which answer 'incomparable' where ecosystems disagree`,
  };
}

export function compareVersions(a: string, b: string, scheme: VersionScheme | (string & {})): Comparison {
  if (a === b) return 0;
  const resolved = resolveScheme(scheme);
  switch (resolved.scheme) {
    case "semver":
    case "npm":
      return compareSemver(a, b);
    case "pypi":
      return comparePep440(a, b);
    case "deb":
      return compareDebian(a, b);
    case "maven":
      return compareMaven(a, b);
    case "datetime":
      return compareDatetime(a, b);
    case "lexicographic":
      return compareLexicographic(a, b);
    case "generic":
      return compareGeneric(a, b, resolved.cautious === true);
  }
}

/** Whether `version` is a well-formed version of the scheme (incomparable with everything else if not). */
export function isValidVersion(version: string, scheme: VersionScheme | (string & {})): boolean {
  switch (resolveScheme(scheme).scheme) {
    case "semver":
    case "npm":
      return parseSemver(version) !== null;
    case "pypi":
      return isPep440(version);
    case "deb":
      return parseDebian(version) !== null;
    case "maven":
      return version.length > 0 && !/\s/.test(version);
    case "datetime":
      return parseDatetime(version) !== null;
    case "lexicographic":
      return version.length > 0;
    case "generic":
      return parseGenericVersion(version, resolveScheme(scheme).cautious === true) !== null;
  }
}

function sign(n: number): Ordering {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function negate(c: Comparison): Comparison {
  return c === "incomparable" ? c : c === 0 ? 0 : c === 1 ? -1 : 1;
}

// ---------------------------------------------------------------------------------------------------------
// semver / npm

function parseSemver(v: string): semver.SemVer | null {
  try {
    return semver.parse(v.trim(), { loose: false });
  } catch {
    return null;
  }
}

function compareSemver(a: string, b: string): Comparison {
  const pa = parseSemver(a);
  const pb = parseSemver(b);
  if (pa === null || pb === null) return "incomparable";
  return pa.compare(pb);
}

// ---------------------------------------------------------------------------------------------------------
// pypi (PEP 440)

function isPep440(v: string): boolean {
  try {
    return pep440Valid(v) !== null;
  } catch {
    return false;
  }
}

function comparePep440(a: string, b: string): Comparison {
  if (!isPep440(a) || !isPep440(b)) return "incomparable";
  try {
    return sign(pep440Compare(a, b));
  } catch {
    return "incomparable";
  }
}

// ---------------------------------------------------------------------------------------------------------
// deb (Debian policy 5.6.12, dpkg's verrevcmp)

interface DebianVersion {
  readonly epoch: bigint;
  readonly upstream: string;
  readonly revision: string;
}

export function parseDebian(v: string): DebianVersion | null {
  const m = /^(?:(\d+):)?([A-Za-z0-9.+~:-]+?)(?:-([A-Za-z0-9.+~]+))?$/.exec(v);
  if (!m) return null;
  const upstream = m[2] ?? "";
  if (!/^[0-9]/.test(upstream)) return null;
  if (m[1] === undefined && upstream.includes(":")) return null;
  return { epoch: BigInt(m[1] ?? "0"), upstream, revision: m[3] ?? "" };
}

function debOrder(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === "~") return -1;
  if (/[0-9]/.test(c)) return 0;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function verrevcmp(a: string, b: string): Ordering {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !/[0-9]/.test(a[i] ?? "")) || (j < b.length && !/[0-9]/.test(b[j] ?? ""))) {
      const ac = i < a.length && !/[0-9]/.test(a[i] ?? "") ? a[i] : undefined;
      const bc = j < b.length && !/[0-9]/.test(b[j] ?? "") ? b[j] : undefined;
      const d = debOrder(ac) - debOrder(bc);
      if (d !== 0) return sign(d);
      if (ac !== undefined) i++;
      if (bc !== undefined) j++;
    }
    let an = "";
    let bn = "";
    while (i < a.length && /[0-9]/.test(a[i] ?? "")) an += a[i++];
    while (j < b.length && /[0-9]/.test(b[j] ?? "")) bn += b[j++];
    const c = compareDigitStrings(an || "0", bn || "0");
    if (c !== 0) return c;
  }
  return 0;
}

function compareDebian(a: string, b: string): Comparison {
  const pa = parseDebian(a);
  const pb = parseDebian(b);
  if (pa === null || pb === null) return "incomparable";
  if (pa.epoch !== pb.epoch) return pa.epoch < pb.epoch ? -1 : 1;
  return verrevcmp(pa.upstream, pb.upstream) || verrevcmp(pa.revision, pb.revision);
}

// ---------------------------------------------------------------------------------------------------------
// maven (the ordering of Maven's ComparableVersion)

type MavenItem =
  | { readonly kind: "int"; readonly value: bigint }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "list"; readonly items: MavenItem[] };

const mavenQualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const mavenAliases: Record<string, string> = { ga: "", final: "", release: "", cr: "rc" };

function mavenString(value: string, followedByDigit: boolean): MavenItem {
  let v = value;
  if (followedByDigit && v.length === 1) {
    v = v === "a" ? "alpha" : v === "b" ? "beta" : v === "m" ? "milestone" : v;
  }
  return { kind: "string", value: mavenAliases[v] ?? v };
}

function mavenQualifierKey(q: string): string {
  const i = mavenQualifiers.indexOf(q);
  return i === -1 ? `${mavenQualifiers.length}-${q}` : String(i);
}

const mavenReleaseKey = mavenQualifierKey("");

function mavenIsNull(item: MavenItem): boolean {
  switch (item.kind) {
    case "int":
      return item.value === 0n;
    case "string":
      return mavenQualifierKey(item.value) === mavenReleaseKey;
    case "list":
      return item.items.length === 0;
  }
}

function mavenParseItem(isDigit: boolean, buf: string): MavenItem {
  return isDigit ? { kind: "int", value: BigInt(buf) } : mavenString(buf, false);
}

function mavenNormalize(list: MavenItem[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i] as MavenItem;
    if (mavenIsNull(last)) list.splice(i, 1);
    else if (last.kind !== "list") break;
  }
}

export function parseMaven(version: string): MavenItem {
  const v = version.toLowerCase();
  const root: MavenItem[] = [];
  let list = root;
  const stack: MavenItem[][] = [root];
  let isDigit = false;
  let start = 0;
  const push = (): void => {
    const next: MavenItem[] = [];
    list.push({ kind: "list", items: next });
    list = next;
    stack.push(next);
  };
  for (let i = 0; i < v.length; i++) {
    const c = v[i] as string;
    if (c === ".") {
      list.push(i === start ? { kind: "int", value: 0n } : mavenParseItem(isDigit, v.slice(start, i)));
      start = i + 1;
    } else if (c === "-") {
      list.push(i === start ? { kind: "int", value: 0n } : mavenParseItem(isDigit, v.slice(start, i)));
      start = i + 1;
      push();
    } else if (c >= "0" && c <= "9") {
      if (!isDigit && i > start) {
        list.push(mavenString(v.slice(start, i), true));
        start = i;
        push();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(mavenParseItem(true, v.slice(start, i)));
        start = i;
        push();
      }
      isDigit = false;
    }
  }
  if (v.length > start) list.push(mavenParseItem(isDigit, v.slice(start)));
  while (stack.length > 0) mavenNormalize(stack.pop() as MavenItem[]);
  return { kind: "list", items: root };
}

function mavenCompare(a: MavenItem, b: MavenItem | undefined): Ordering {
  if (b === undefined) {
    switch (a.kind) {
      case "int":
        return a.value === 0n ? 0 : 1;
      case "string":
        return compareCodeUnits(mavenQualifierKey(a.value), mavenReleaseKey);
      case "list":
        return a.items.length === 0 ? 0 : mavenCompare(a.items[0] as MavenItem, undefined);
    }
  }
  switch (a.kind) {
    case "int":
      return b.kind === "int" ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : 1;
    case "string":
      if (b.kind === "string")
        return compareCodeUnits(mavenQualifierKey(a.value), mavenQualifierKey(b.value));
      return -1;
    case "list": {
      if (b.kind === "int") return -1;
      if (b.kind === "string") return 1;
      const n = Math.max(a.items.length, b.items.length);
      for (let i = 0; i < n; i++) {
        const l = a.items[i];
        const r = b.items[i];
        const c =
          l === undefined
            ? r === undefined
              ? 0
              : negateOrdering(mavenCompare(r, undefined))
            : mavenCompare(l, r);
        if (c !== 0) return c;
      }
      return 0;
    }
  }
}

function negateOrdering(o: Ordering): Ordering {
  return o === 0 ? 0 : o === 1 ? -1 : 1;
}

function compareCodeUnits(a: string, b: string): Ordering {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareMaven(a: string, b: string): Comparison {
  if (a.length === 0 || b.length === 0 || /\s/.test(a) || /\s/.test(b)) return "incomparable";
  return mavenCompare(parseMaven(a), parseMaven(b));
}

// ---------------------------------------------------------------------------------------------------------
// datetime (RFC 3339) and lexicographic

const rfc3339 = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

function parseDatetime(v: string): { seconds: number; fraction: string } | null {
  const m = rfc3339.exec(v);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[4]}`);
  if (Number.isNaN(ms)) return null;
  return { seconds: ms / 1000, fraction: (m[3] ?? "").replace(/0+$/, "") };
}

function compareDatetime(a: string, b: string): Comparison {
  const pa = parseDatetime(a);
  const pb = parseDatetime(b);
  if (pa === null || pb === null) return "incomparable";
  if (pa.seconds !== pb.seconds) return pa.seconds < pb.seconds ? -1 : 1;
  const w = Math.max(pa.fraction.length, pb.fraction.length);
  return compareCodeUnits(pa.fraction.padEnd(w, "0"), pb.fraction.padEnd(w, "0"));
}

const utf8 = new TextEncoder();

function compareLexicographic(a: string, b: string): Comparison {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return sign(d);
  }
  return sign(x.length - y.length);
}

// ---------------------------------------------------------------------------------------------------------
// generic (firmware-style)

export type QualifierClass = "pre" | "post" | "letter" | "build" | "other";

export interface QualifierGroup {
  /** Normalised word ("sp", "update", "rc", "b", "build", …); "" for numbers without a word ("1.2-4"). */
  readonly label: string;
  readonly cls: QualifierClass;
  /** Digit strings as written. */
  readonly numbers: readonly string[];
}

export interface GenericVersion {
  readonly kind: "release" | "date";
  /** "r" for R04 / Rev 4 / Release 4 numbering; "" otherwise. */
  readonly prefix: "" | "r";
  /** Digit strings as written (leading zeros kept: they carry meaning, see the header). */
  readonly release: readonly string[];
  readonly qualifiers: readonly QualifierGroup[];
}

const preRanks: Record<string, number> = { dev: 0, alpha: 1, beta: 2, rc: 3 };
const wordAliases: Record<string, { label: string; cls: QualifierClass }> = {
  dev: { label: "dev", cls: "pre" },
  snapshot: { label: "dev", cls: "pre" },
  alpha: { label: "alpha", cls: "pre" },
  beta: { label: "beta", cls: "pre" },
  rc: { label: "rc", cls: "pre" },
  cr: { label: "rc", cls: "pre" },
  pre: { label: "rc", cls: "pre" },
  preview: { label: "rc", cls: "pre" },
  sp: { label: "sp", cls: "post" },
  servicepack: { label: "sp", cls: "post" },
  update: { label: "update", cls: "post" },
  upd: { label: "update", cls: "post" },
  patch: { label: "patch", cls: "post" },
  pl: { label: "patch", cls: "post" },
  hotfix: { label: "hotfix", cls: "post" },
  hf: { label: "hotfix", cls: "post" },
  post: { label: "post", cls: "post" },
  rev: { label: "rev", cls: "post" },
  revision: { label: "rev", cls: "post" },
  build: { label: "build", cls: "build" },
  bld: { label: "build", cls: "build" },
};

interface Token {
  readonly text: string;
  readonly digits: boolean;
  /** The separator before the token: "" when attached to the previous token. */
  readonly sep: string;
}

const separatorChars = new Set([".", "-", "_", " ", "+", "(", ")", ",", "/", "~", "\t"]);

function tokenize(s: string): Token[] | null {
  const tokens: Token[] = [];
  let sep = "";
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (separatorChars.has(c)) {
      // "+" wins over other separators around it (build metadata); otherwise keep the first one.
      sep = c === "+" ? "+" : sep === "" ? c : sep;
      i++;
      continue;
    }
    const digits = c >= "0" && c <= "9";
    const letters = c >= "a" && c <= "z";
    if (!digits && !letters) return null;
    let j = i + 1;
    while (j < s.length) {
      const d = s[j] as string;
      if (digits ? !(d >= "0" && d <= "9") : !(d >= "a" && d <= "z")) break;
      j++;
    }
    tokens.push({ text: s.slice(i, j), digits, sep });
    sep = "";
    i = j;
  }
  return tokens;
}

/** Parses a firmware-style version; null when the string is not a version Mamori can order. */
export function parseGenericVersion(input: string, cautious = false): GenericVersion | null {
  let s = input.trim().toLowerCase();
  if (s.length === 0 || s.length > 200) return null;
  if (cautious && separatorChars.has(s[s.length - 1] as string)) return null;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (date) {
    const month = Number(date[2]);
    const day = Number(date[3]);
    if (month < 1 || month > 12 || day < 1 || day > 31) return null;
    return { kind: "date", prefix: "", release: [date[1], date[2], date[3]] as string[], qualifiers: [] };
  }
  s = s.replace(/^(?:firmware|fw)\b[\s:]*/, "");
  let prefix: "" | "r" = "";
  const v = /^(?:version|ver\.?|v\.?)\s*(?=\d)/.exec(s);
  if (v) s = s.slice(v[0].length);
  else {
    const r = /^(?:release|rev\.?|r)\s*(?=\d)/.exec(s);
    if (r) {
      prefix = "r";
      s = s.slice(r[0].length);
    }
  }
  s = s.replace(/service\s+pack/g, "servicepack");
  if (!/^\d/.test(s)) return null;
  const tokens = tokenize(s);
  if (tokens === null || tokens.length === 0) return null;

  const release: string[] = [];
  let k = 0;
  while (k < tokens.length) {
    const t = tokens[k] as Token;
    if (!t.digits || (k > 0 && t.sep !== ".")) break;
    release.push(t.text);
    k++;
  }
  // Wildcards such as 2.4.x or 14.1.X are ranges, not versions.
  const next = tokens[k];
  if (next?.text === "x" && next.sep === ".") return null;

  const qualifiers: { label: string; cls: QualifierClass; numbers: string[] }[] = [];
  let current: { label: string; cls: QualifierClass; numbers: string[] } | undefined;
  for (; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.digits) {
      if (current === undefined || t.sep === "+") {
        current =
          t.sep === "+"
            ? { label: "build", cls: "build", numbers: [] }
            : { label: "", cls: "other", numbers: [] };
        qualifiers.push(current);
      }
      current.numbers.push(t.text);
      continue;
    }
    const followedByDigits = tokens[k + 1]?.digits === true && tokens[k + 1]?.sep === "";
    const known = wordAliases[t.text];
    if (t.sep === "+") {
      current = { label: known?.cls === "build" ? "build" : `build:${t.text}`, cls: "build", numbers: [] };
    } else if (known) {
      current = { label: known.label, cls: known.cls, numbers: [] };
    } else if (t.text.length === 1) {
      current = { label: t.text, cls: followedByDigits || cautious ? "other" : "letter", numbers: [] };
    } else {
      current = { label: t.text, cls: "other", numbers: [] };
    }
    qualifiers.push(current);
  }
  return { kind: "release", prefix, release, qualifiers };
}

function stripZeros(d: string): string {
  const s = d.replace(/^0+/, "");
  return s === "" ? "0" : s;
}

function compareDigitStrings(a: string, b: string): Ordering {
  const x = stripZeros(a);
  const y = stripZeros(b);
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return compareCodeUnits(x, y);
}

function hasLeadingZero(d: string): boolean {
  return d.length > 1 && d.startsWith("0");
}

/** One numeric segment against another; see the header for the leading-zero rule. */
export function compareSegments(a: string, b: string, integerOnly: boolean): Comparison {
  const integer = compareDigitStrings(a, b);
  if (integerOnly || a.length === b.length || (!hasLeadingZero(a) && !hasLeadingZero(b))) return integer;
  const w = Math.max(a.length, b.length);
  const decimal = compareCodeUnits(a.padEnd(w, "0"), b.padEnd(w, "0"));
  return decimal === integer ? integer : "incomparable";
}

function compareNumberLists(a: readonly string[], b: readonly string[], cautious: boolean): Comparison {
  if (cautious && a.length !== b.length) return "incomparable";
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareSegments(a[i] ?? "0", b[i] ?? "0", false);
    if (c !== 0) return c;
  }
  return 0;
}

/** A qualifier group against "nothing more": pre-releases before, post-releases after, others unknown. */
function compareToEnd(g: QualifierGroup): Comparison {
  switch (g.cls) {
    case "pre":
      return -1;
    case "post":
    case "letter":
      return 1;
    default:
      return "incomparable";
  }
}

function compareGroups(a: QualifierGroup, b: QualifierGroup, cautious: boolean): Comparison {
  if (a.cls !== b.cls) {
    if (a.cls === "pre" && (b.cls === "post" || b.cls === "letter")) return -1;
    if (b.cls === "pre" && (a.cls === "post" || a.cls === "letter")) return 1;
    return "incomparable";
  }
  if (a.cls === "pre") {
    const d = (preRanks[a.label] ?? 0) - (preRanks[b.label] ?? 0);
    if (d !== 0) return sign(d);
  } else if (a.cls === "letter") {
    const d = compareCodeUnits(a.label, b.label);
    if (d !== 0) return d;
  } else if (a.label !== b.label) {
    return "incomparable";
  }
  return compareNumberLists(a.numbers, b.numbers, cautious);
}

function compareQualifiers(
  a: readonly QualifierGroup[],
  b: readonly QualifierGroup[],
  cautious: boolean,
): Comparison {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    const c =
      x === undefined
        ? y === undefined
          ? 0
          : negate(compareToEnd(y))
        : y === undefined
          ? compareToEnd(x)
          : compareGroups(x, y, cautious);
    if (c !== 0) return c;
  }
  return 0;
}

export function compareGenericParsed(a: GenericVersion, b: GenericVersion, cautious = false): Comparison {
  if (a.kind !== b.kind || a.prefix !== b.prefix) return "incomparable";
  const n = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < n; i++) {
    const x = a.release[i];
    const y = b.release[i];
    if (x !== undefined && y !== undefined) {
      const c = compareSegments(x, y, i === 0 || a.kind === "date");
      if (c !== 0) return c;
      continue;
    }
    // One release has ended: zeros extend it (4.0 == 4.0.0).
    const longerIsA = x !== undefined;
    const segment = (x ?? y) as string;
    if (compareDigitStrings(segment, "0") === 0) {
      if (cautious) return "incomparable";
      continue;
    }
    const shorter = longerIsA ? b : a;
    const first = shorter.qualifiers[0];
    if (first !== undefined && first.cls !== "pre" && first.cls !== "build") return "incomparable";
    return longerIsA ? 1 : -1;
  }
  const fa = a.qualifiers[0];
  const fb = b.qualifiers[0];
  if (fa !== undefined && fb !== undefined && a.release.length !== b.release.length) {
    // "4.0 SP1" and "4.0.0 SP1" may differ ("4.0 SP1" vs "4.0.1" is unknown, "4.0.0 SP1" < "4.0.1"), but a
    // pre-release or build of 4.0 is one of 4.0.0 too, and a pre-release comes before any service pack.
    const early = (g: QualifierGroup) => g.cls === "pre" || g.cls === "build";
    const late = (g: QualifierGroup) => g.cls === "post" || g.cls === "letter";
    if (!(early(fa) && early(fb))) {
      if (fa.cls === "pre" && late(fb)) return -1;
      if (fb.cls === "pre" && late(fa)) return 1;
      return "incomparable";
    }
  }
  return compareQualifiers(a.qualifiers, b.qualifiers, cautious);
}

export function compareGeneric(a: string, b: string, cautious = false): Comparison {
  if (a === b) return 0;
  const pa = parseGenericVersion(a, cautious);
  const pb = parseGenericVersion(b, cautious);
  if (pa === null || pb === null) return "incomparable";
  return compareGenericParsed(pa, pb, cautious);
}

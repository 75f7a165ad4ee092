import { parse as parseYaml } from "yaml";
import { parsePurl } from "./purl.js";
import { type Comparison, compareVersions } from "./versions.js";

/**
 * OSV intake (https://ossf.github.io/osv-schema/): a record in JSON or YAML read into the fields matching
 * uses, and `osvAffects` answering whether a package version is affected, in OSV's range semantics and
 * three-valued like the rest of this folder. Pure and total: problems are values located by JSON pointer
 * (for YAML too: the pointer names the same field), never exceptions.
 */

export type OsvEventKind = "introduced" | "fixed" | "last_affected" | "limit";
export interface OsvEvent {
  readonly kind: OsvEventKind;
  readonly version: string;
}
export type OsvRangeType = "SEMVER" | "ECOSYSTEM" | "GIT";
export interface OsvRange {
  readonly type: OsvRangeType;
  readonly repo?: string;
  readonly events: readonly OsvEvent[];
}
export interface OsvPackage {
  readonly ecosystem: string;
  readonly name: string;
  readonly purl?: string;
}
export interface OsvAffected {
  readonly package?: OsvPackage;
  readonly ranges: readonly OsvRange[];
  readonly versions: readonly string[];
}
export interface OsvSeverity {
  readonly type: string;
  readonly score: string;
}
export interface OsvReference {
  readonly type: string;
  readonly url: string;
}
export interface OsvRecord {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly summary?: string;
  readonly modified: string;
  readonly published?: string;
  readonly withdrawn?: string;
  readonly affected: readonly OsvAffected[];
  readonly severity: readonly OsvSeverity[];
  readonly references: readonly OsvReference[];
}

export interface OsvProblem {
  readonly code: string;
  readonly message: string;
  readonly pointer: string;
}
export interface OsvReading {
  readonly record?: OsvRecord;
  readonly problems: readonly OsvProblem[];
}

/** Characters of one record; the largest in the three corpora here is under 200 k. */
export const maxOsvLength = 8 * 1024 * 1024;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const eventKinds: readonly OsvEventKind[] = ["introduced", "fixed", "last_affected", "limit"];

/** Reads one OSV record, JSON when it starts with `{`, YAML otherwise. */
export function readOsv(text: string): OsvReading {
  if (text.length > maxOsvLength)
    return {
      problems: [{ code: "too-large", message: `more than ${maxOsvLength} characters`, pointer: "" }],
    };
  let document: unknown;
  const body = text.replace(/^\uFEFF/, "");
  try {
    document = body.trimStart().startsWith("{")
      ? JSON.parse(body)
      : // Failsafe schema: every scalar a string, so `fixed: 1.10` stays "1.10" and not the number 1.1. Aliases
        // are limited (no "billion laughs"); custom tags are unknown and so rejected.
        parseYaml(body, { schema: "failsafe", maxAliasCount: 100, uniqueKeys: false });
  } catch (error) {
    return {
      problems: [{ code: "syntax", message: (error as Error).message.split("\n")[0] ?? "", pointer: "" }],
    };
  }
  return readOsvDocument(document);
}

/** Reads an already parsed OSV record. */
export function readOsvDocument(document: unknown): OsvReading {
  const problems: OsvProblem[] = [];
  const problem = (code: string, message: string, pointer: string) => {
    if (problems.length < 1000) problems.push({ code, message, pointer });
  };
  if (!isObject(document))
    return { problems: [{ code: "not-an-object", message: "an OSV record is an object", pointer: "" }] };
  const text = (key: string, required: boolean): string | undefined => {
    const v = document[key];
    if (typeof v === "string" && v !== "") return v;
    if (v !== undefined || required) problem("field", `${key} must be a non-empty string`, `/${key}`);
    return undefined;
  };
  const id = text("id", true);
  const modified = text("modified", true);
  const summary = text("summary", false);
  const published = text("published", false);
  const withdrawn = text("withdrawn", false);
  const list = (key: string): unknown[] => {
    const v = document[key];
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    problem("field", `${key} must be a list`, `/${key}`);
    return [];
  };
  const aliases = list("aliases").filter((a, i) => {
    if (typeof a === "string") return true;
    problem("alias", "an alias is a string", `/aliases/${i}`);
    return false;
  }) as string[];
  const severity: OsvSeverity[] = [];
  list("severity").forEach((s, i) => {
    if (isObject(s) && typeof s.type === "string" && typeof s.score === "string")
      severity.push({ type: s.type, score: s.score });
    else problem("severity", "a severity has a type and a score", `/severity/${i}`);
  });
  const references: OsvReference[] = [];
  list("references").forEach((r, i) => {
    if (isObject(r) && typeof r.type === "string" && typeof r.url === "string")
      references.push({ type: r.type, url: r.url });
    else problem("reference", "a reference has a type and a url", `/references/${i}`);
  });
  const affected: OsvAffected[] = [];
  list("affected").forEach((a, i) => {
    const at = `/affected/${i}`;
    if (!isObject(a)) {
      problem("affected", "an affected entry is an object", at);
      return;
    }
    let pkg: OsvPackage | undefined;
    if (a.package !== undefined) {
      const p = a.package;
      if (
        isObject(p) &&
        typeof p.ecosystem === "string" &&
        p.ecosystem &&
        typeof p.name === "string" &&
        p.name
      )
        pkg = {
          ecosystem: p.ecosystem,
          name: p.name,
          ...(typeof p.purl === "string" && p.purl ? { purl: p.purl } : {}),
        };
      else problem("package", "a package has an ecosystem and a name", `${at}/package`);
    }
    const ranges: OsvRange[] = [];
    const rawRanges = a.ranges === undefined ? [] : a.ranges;
    if (!Array.isArray(rawRanges)) problem("ranges", "ranges must be a list", `${at}/ranges`);
    else
      rawRanges.forEach((r, j) => {
        const rat = `${at}/ranges/${j}`;
        if (!isObject(r)) {
          problem("range", "a range is an object", rat);
          return;
        }
        if (r.type !== "SEMVER" && r.type !== "ECOSYSTEM" && r.type !== "GIT") {
          problem(
            "range-type",
            `the range type ${JSON.stringify(r.type)} is not SEMVER, ECOSYSTEM or GIT`,
            rat,
          );
          return;
        }
        if (!Array.isArray(r.events) || r.events.length === 0) {
          problem("events", "a range has at least one event", `${rat}/events`);
          return;
        }
        const events: OsvEvent[] = [];
        r.events.forEach((e, k) => {
          const keys = isObject(e)
            ? Object.keys(e).filter((key) => (eventKinds as string[]).includes(key))
            : [];
          const kind = keys[0] as OsvEventKind | undefined;
          const version = kind && isObject(e) ? e[kind] : undefined;
          if (keys.length !== 1 || typeof version !== "string" || version === "") {
            problem(
              "event",
              "an event has exactly one of introduced, fixed, last_affected, limit, with a version",
              `${rat}/events/${k}`,
            );
            return;
          }
          events.push({ kind: kind as OsvEventKind, version });
        });
        if (!events.some((e) => e.kind === "introduced"))
          problem("no-introduced", "a range without an introduced event affects nothing", `${rat}/events`);
        ranges.push({
          type: r.type,
          ...(typeof r.repo === "string" ? { repo: r.repo } : {}),
          events,
        });
      });
    const versions: string[] = [];
    if (a.versions !== undefined) {
      if (!Array.isArray(a.versions)) problem("versions", "versions must be a list", `${at}/versions`);
      else
        a.versions.forEach((v, j) => {
          if (typeof v === "string") versions.push(v);
          else problem("versions", "a version is a string", `${at}/versions/${j}`);
        });
    }
    affected.push({ ...(pkg ? { package: pkg } : {}), ranges, versions });
  });
  if (id === undefined || modified === undefined) return { problems };
  return {
    record: {
      id,
      aliases,
      ...(summary ? { summary } : {}),
      modified,
      ...(published ? { published } : {}),
      ...(withdrawn ? { withdrawn } : {}),
      affected,
      severity,
      references,
    },
    problems,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Range semantics

/**
 * The version scheme of an OSV ecosystem, as a vers / purl type `resolveScheme` knows. "Debian:11" and
 * "Ubuntu:22.04:LTS" are Debian versions; unknown ecosystems fall back to cautious generic rules.
 */
export function ecosystemScheme(ecosystem: string): string {
  const base = (ecosystem.split(":")[0] ?? "").toLowerCase();
  const map: Record<string, string> = {
    "crates.io": "cargo",
    go: "golang",
    pypi: "pypi",
    npm: "npm",
    maven: "maven",
    debian: "deb",
    ubuntu: "deb",
    rubygems: "gem",
    nuget: "nuget",
    packagist: "composer",
    hex: "hex",
    pub: "pub",
    alpine: "apk",
    "rocky linux": "rpm",
    almalinux: "rpm",
    "red hat": "rpm",
    suse: "rpm",
    opensuse: "rpm",
  };
  return map[base] ?? base;
}

const purlEcosystems: Record<string, string> = {
  cargo: "crates.io",
  golang: "Go",
  pypi: "PyPI",
  npm: "npm",
  maven: "Maven",
  gem: "RubyGems",
  nuget: "NuGet",
  composer: "Packagist",
  hex: "Hex",
  pub: "Pub",
  deb: "Debian",
  apk: "Alpine",
};

/** PEP 503 for PyPI (case and runs of - _ . do not matter); other ecosystems compare names exactly. */
function sameName(ecosystem: string, a: string, b: string): boolean {
  if (a === b) return true;
  if (ecosystem === "PyPI") {
    const n = (s: string) => s.toLowerCase().replace(/[-_.]+/g, "-");
    return n(a) === n(b);
  }
  return false;
}

export type OsvQuery =
  | { readonly ecosystem: string; readonly name: string; readonly version: string }
  | { readonly purl: string; readonly version?: string };

type Tri = boolean | "incomparable";
const or = (a: Tri, b: Tri): Tri =>
  a === true || b === true ? true : a === false && b === false ? false : "incomparable";

/**
 * Is the version inside one SEMVER or ECOSYSTEM range? OSV's algorithm sorts the events by version and
 * walks them: `introduced` (with "0" before everything) starts an affected stretch, `fixed` ends it at its
 * version, `last_affected` ends it after its version; `limit` caps the range (the version must be below
 * some limit; "*" is no limit). Equivalently: among the events the version has passed (introduced and fixed
 * at or below it, last_affected strictly below it), the greatest decides — affected if it is an
 * introduced; at one version an introduced sorts before a fixed or last_affected. Any comparison the
 * scheme cannot make, where it matters, makes the answer "incomparable".
 */
export function rangeContains(range: OsvRange, version: string, scheme: string): Tri {
  const compare = (a: string, b: string): Comparison => compareVersions(a, b, scheme);
  // Limits first: below no limit means outside.
  const limits = range.events.filter((e) => e.kind === "limit" && e.version !== "*");
  if (limits.length) {
    const below = limits
      .map((l) => compare(version, l.version))
      .map((c): Tri => (c === "incomparable" ? c : c < 0));
    const capped = below.reduce(or, false);
    if (capped !== true) return capped;
  }
  const passed: OsvEvent[] = [];
  let unsure = false;
  for (const e of range.events) {
    if (e.kind === "limit") continue;
    if (e.kind === "introduced" && e.version === "0") {
      passed.push(e);
      continue;
    }
    const c = compare(version, e.version);
    if (c === "incomparable") unsure = true;
    else if (e.kind === "last_affected" ? c > 0 : c >= 0) passed.push(e);
  }
  // The greatest passed event, with introduced "0" lowest and introduced before the others at one version.
  let top: OsvEvent | undefined;
  for (const e of passed) {
    if (top === undefined) {
      top = e;
      continue;
    }
    const c =
      e.kind === "introduced" && e.version === "0"
        ? -1
        : top.kind === "introduced" && top.version === "0"
          ? 1
          : compare(e.version, top.version);
    if (c === "incomparable") return "incomparable";
    if (c > 0 || (c === 0 && top.kind === "introduced" && e.kind !== "introduced")) top = e;
  }
  const answer = top?.kind === "introduced";
  if (!unsure) return answer;
  // An event the version could not be placed against might have been the deciding one.
  return "incomparable";
}

function affectedContains(entry: OsvAffected, version: string, scheme: string): Tri {
  // An enumerated version is affected, whatever the ranges say.
  if (entry.versions.some((v) => v === version || compareVersions(v, version, scheme) === 0)) return true;
  let answer: Tri = false;
  for (const range of entry.ranges) {
    if (range.type === "GIT") {
      // Commits cannot be compared with a version. When the entry enumerates versions, they are the
      // releases its GIT ranges cover (as OSV asks producers to list them), so an unlisted version is
      // outside; without an enumeration nothing can be said.
      if (entry.versions.length === 0) answer = or(answer, "incomparable");
      continue;
    }
    answer = or(answer, rangeContains(range, version, range.type === "SEMVER" ? "semver" : scheme));
    if (answer === true) return true;
  }
  return answer;
}

/**
 * Does the record affect this package version? `true` when some affected entry of the package contains
 * the version, `false` when every one of them excludes it (or none names the package), "incomparable"
 * when a range could not be evaluated for it. A withdrawn record affects nothing.
 */
export function osvAffects(record: OsvRecord, query: OsvQuery): Tri {
  if (record.withdrawn !== undefined) return false;
  let ecosystem: string;
  let name: string;
  let version: string | undefined;
  if ("purl" in query) {
    const parsed = parsePurl(query.purl);
    if (!parsed.ok) return "incomparable";
    const p = parsed.value;
    ecosystem = purlEcosystems[p.type] ?? p.type;
    name =
      p.type === "maven" && p.namespace
        ? `${p.namespace}:${p.name}`
        : p.namespace && p.type !== "pypi"
          ? `${p.namespace}/${p.name}`
          : p.name;
    version = query.version ?? p.version;
  } else {
    ({ ecosystem, name, version } = query);
  }
  if (version === undefined) return "incomparable";
  let answer: Tri = false;
  for (const entry of record.affected) {
    const pkg = entry.package;
    if (!pkg) continue;
    const base = pkg.ecosystem.split(":")[0] as string;
    const ecosystemMatches =
      pkg.ecosystem === ecosystem ||
      (!ecosystem.includes(":") && base.toLowerCase() === ecosystem.toLowerCase());
    if (!ecosystemMatches || !sameName(base, pkg.name, name)) continue;
    // compareVersions resolves the type itself (resolveScheme): cautious generic rules for ecosystems
    // without their own.
    answer = or(answer, affectedContains(entry, version, ecosystemScheme(pkg.ecosystem)));
    if (answer === true) return true;
  }
  return answer;
}

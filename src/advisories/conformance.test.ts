/**
 * The vers and purl conformance suites from ../shared/corpora, run case by case. Every case either runs or
 * is excluded by a rule below that says why; the counts are asserted, so a changed suite shows up here.
 *
 * Figures (suite commits named in the corpora READMEs):
 * - vers: 2,701 cases. Run with the exact expected result: 977 maven, 7 datetime, 8 lexicographic comparison and
 *   equality cases; 12 parse, 15 validate, 11 containment cases (1,030, all pass). Run with the weaker
 *   "never wrong" assertion (the scheme falls back to cautious generic rules; the answer must be the expected
 *   one or "incomparable"): 930 apk/alpm/gentoo/conan/nuget/openssl cases, of which 788 are ordered as expected,
 *   142 answer "incomparable", none is wrong. Excluded: 737 from_native cases and 4 validate cases (reasons
 *   below).
 * - purl: 586 cases; 583 run and pass; 3 excluded. The 59-case legacy suite is excluded as a whole.
 */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedDirectory } from "../catalogues/shared-data.js";
import { buildPurl, formatPurl, parsePurl, purlTypeRules } from "./purl.js";
import { contains, formatVers, normaliseVers, parseVers } from "./vers.js";
import { compareVersions, resolveScheme } from "./versions.js";

const corpora = resolve(sharedDirectory(), "corpora");

interface SuiteCase {
  readonly description: string;
  readonly test_group: "required" | "recommended";
  readonly test_type: string;
  // biome-ignore lint/suspicious/noExplicitAny: the suites' inputs and outputs vary by test type
  readonly input: any;
  // biome-ignore lint/suspicious/noExplicitAny: see above
  readonly expected_output: any;
  readonly expected_failure?: boolean;
}

interface Loaded {
  readonly file: string;
  readonly case: SuiteCase;
}

function load(dir: string): Loaded[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((file) =>
      (JSON.parse(readFileSync(resolve(dir, file), "utf8")) as { tests: SuiteCase[] }).tests.map((c) => ({
        file,
        case: c,
      })),
    );
}

interface Exclusion {
  readonly reason: string;
  readonly applies: (c: Loaded) => boolean;
}

function partition(cases: readonly Loaded[], exclusions: readonly Exclusion[]) {
  const excluded = new Map<string, Loaded[]>();
  const run: Loaded[] = [];
  for (const c of cases) {
    const rule = exclusions.find((x) => x.applies(c));
    if (rule) excluded.set(rule.reason, [...(excluded.get(rule.reason) ?? []), c]);
    else run.push(c);
  }
  return { run, excluded };
}

// ---------------------------------------------------------------------------------------------------------

const nativeSchemes = new Set(["maven", "datetime", "lexicographic"]);

const versExclusions: readonly Exclusion[] = [
  {
    reason:
      "from_native: converting an ecosystem's own range syntax (npm '^1.2', conan, openssl, nginx, PyPI, gem, NuGet) into vers is not implemented; Mamori reads vers and CSAF ranges",
    applies: (c) => c.case.test_type === "from_native",
  },
  {
    reason:
      "validate cases whose expected output breaks the specification's own validation rules (Clause 5.4: versions are unique; '>' and '>=' are followed only by '<' or '<='); we follow Clause 5.4 and report an error",
    applies: (c) =>
      c.case.test_type === "validate" &&
      [
        "vers:pypi/>0.0.0|>=0.0.1|0.0.2|<0.0.3|0.0.4|<0.0.5|>=0.0.6",
        "vers:pypi/>0.0.0|>=0.0.1|>=0.0.1|0.0.2|0.0.3|0.0.4|<0.0.5|<=0.0.6|!=0.7|8.0|>12|<15.3",
        "vers:pypi/>0.0.0|>=0.0.1|0.0.2|0.0.3|0.0.4|<0.0.5|>=0.0.6|!=0.8",
        "vers:pypi/0.0.2|0.0.6|>=0.0.0|0.0.1|0.0.4|0.0.5|0.0.3",
      ].includes(c.case.input),
  },
];

/** Sorted-order check for a comparison case: every pair in expected order must compare -1 (or 0 if equal). */
function orderVerdict(scheme: string, expected: readonly string[]): "ok" | "incomparable" | "wrong" {
  let verdict: "ok" | "incomparable" = "ok";
  for (let i = 0; i < expected.length; i++) {
    for (let j = i + 1; j < expected.length; j++) {
      const a = expected[i] as string;
      const b = expected[j] as string;
      const c = compareVersions(a, b, scheme);
      if (c === "incomparable") verdict = "incomparable";
      else if (c === 1 || (c === 0 && a !== b)) return "wrong";
    }
  }
  return verdict;
}

function comparisonVerdict(c: SuiteCase): "ok" | "incomparable" | "wrong" {
  const scheme = c.input.input_scheme as string;
  if (c.test_type === "equality") {
    const [a, b] = c.input.versions as [string, string];
    const r = compareVersions(a, b, scheme);
    if (r === "incomparable") return "incomparable";
    return (r === 0) === c.expected_output ? "ok" : "wrong";
  }
  return orderVerdict(scheme, c.expected_output as string[]);
}

function versCaseFails(c: SuiteCase): string | undefined {
  switch (c.test_type) {
    case "parse": {
      const r = parseVers(c.input);
      if (c.expected_failure) return r.ok ? "parsed, but must fail" : undefined;
      if (!r.ok) return `failed: ${r.error.message}`;
      const got = {
        scheme: r.value.scheme,
        version_constraints:
          r.value.constraints === "*" ? "*" : r.value.constraints.map((x) => [x.comparator, x.version]),
      };
      return JSON.stringify(got) === JSON.stringify(c.expected_output) ? undefined : JSON.stringify(got);
    }
    case "validate": {
      const r = normaliseVers(c.input);
      if (!r.ok) return `failed: ${r.error.message}`;
      return formatVers(r.value) === c.expected_output ? undefined : formatVers(r.value);
    }
    case "containment": {
      // The containment inputs are not all in canonical order, so they are read with the "validate" operation.
      const r = normaliseVers(c.input.vers);
      if (!r.ok) return `failed: ${r.error.message}`;
      const got = contains(r.value, c.input.version);
      return got === c.expected_output ? undefined : String(got);
    }
    default: {
      const verdict = comparisonVerdict(c);
      return verdict === "ok" ? undefined : verdict;
    }
  }
}

describe("vers-spec conformance suite", () => {
  const cases = load(resolve(corpora, "vers-spec-tests/tests"));
  const { run, excluded } = partition(cases, versExclusions);
  const isFallback = (c: Loaded) =>
    (c.case.test_type === "comparison" || c.case.test_type === "equality") &&
    !nativeSchemes.has(c.case.input.input_scheme);
  const exact = run.filter((c) => !isFallback(c));
  const fallback = run.filter(isFallback);

  it("has the cases we counted, each run or excluded with a reason", () => {
    expect(cases).toHaveLength(2701);
    expect(exact).toHaveLength(1030);
    expect(fallback).toHaveLength(930);
    expect([...excluded.values()].map((x) => x.length)).toEqual([737, 4]);
    expect([...excluded.keys()].every((reason) => reason.length > 40)).toBe(true);
  });

  it("passes every case of the schemes, parsing, validation and containment it implements", () => {
    const failures = exact.flatMap((c) => {
      const why = versCaseFails(c.case);
      return why === undefined ? [] : [`${c.file}: ${JSON.stringify(c.case.input)} → ${why}`];
    });
    expect(failures).toEqual([]);
  });

  it("never orders wrongly where a scheme falls back to the cautious generic rules", () => {
    for (const c of fallback) expect(resolveScheme(c.case.input.input_scheme).cautious).toBe(true);
    const verdicts = fallback.map((c) => ({ c, v: comparisonVerdict(c.case) }));
    const wrong = verdicts
      .filter((x) => x.v === "wrong")
      .map((x) => `${x.c.file}: ${JSON.stringify(x.c.case.input)}`);
    expect(wrong).toEqual([]);
    expect(verdicts.filter((x) => x.v === "ok")).toHaveLength(788);
    expect(verdicts.filter((x) => x.v === "incomparable")).toHaveLength(142);
  });
});

// ---------------------------------------------------------------------------------------------------------

const purlExclusions: readonly Exclusion[] = [
  {
    reason:
      "uppercase qualifier keys must fail here, but the same suite's required maven parse case ('repositorY_url') and its recommended validate cases expect them lowercased; ECMA-427 makes keys case-insensitive with a lowercase canonical form, so we lowercase",
    applies: (c) =>
      c.case.test_type === "parse" &&
      c.case.expected_failure === true &&
      /[?&][a-z_]*[A-Z]/.test(String(c.case.input)),
  },
  {
    reason:
      "expects the git namespace and name lowercased, but the registered git type definition says both are case sensitive; we follow the definition",
    applies: (c) =>
      c.file === "git-test.json" &&
      c.case.input === "pkg:git/github/Package-url/purl-Spec@244fd47e07d1004f0aed9c",
  },
];

function purlCaseFails(c: SuiteCase): string | undefined {
  switch (c.test_type) {
    case "parse": {
      const r = parsePurl(c.input);
      if (c.expected_failure) return r.ok ? `parsed, but must fail: ${formatPurl(r.value)}` : undefined;
      if (!r.ok) return `failed: ${r.error.message}`;
      const sorted = (q: Record<string, string> | null) =>
        q === null || Object.keys(q).length === 0 ? null : Object.fromEntries(Object.entries(q).sort());
      const got = {
        type: r.value.type,
        namespace: r.value.namespace ?? null,
        name: r.value.name,
        version: r.value.version ?? null,
        qualifiers: sorted(r.value.qualifiers),
        subpath: r.value.subpath ?? null,
      };
      const want = { ...c.expected_output, qualifiers: sorted(c.expected_output.qualifiers) };
      return JSON.stringify(got) === JSON.stringify(want) ? undefined : JSON.stringify(got);
    }
    case "validate": {
      const r = parsePurl(c.input);
      if (!r.ok) return `failed: ${r.error.message}`;
      return formatPurl(r.value) === c.expected_output ? undefined : formatPurl(r.value);
    }
    case "build": {
      const r = buildPurl(c.input);
      if (c.expected_failure) return r.ok ? `built, but must fail: ${formatPurl(r.value)}` : undefined;
      if (!r.ok) return `failed: ${r.error.message}`;
      return formatPurl(r.value) === c.expected_output ? undefined : formatPurl(r.value);
    }
    default:
      return `unknown test type ${c.test_type}`;
  }
}

describe("purl-spec conformance suite", () => {
  const root = resolve(corpora, "purl-spec-tests");
  const cases = [...load(resolve(root, "tests/spec")), ...load(resolve(root, "tests/types"))];
  const { run, excluded } = partition(cases, purlExclusions);

  it("has the cases we counted, each run or excluded with a reason", () => {
    expect(cases).toHaveLength(586);
    expect(run).toHaveLength(583);
    expect([...excluded.values()].map((x) => x.length)).toEqual([2, 1]);
  });

  it("passes every case it runs (parse, validate and build)", () => {
    const failures = run.flatMap((c) => {
      const why = purlCaseFails(c.case);
      return why === undefined ? [] : [`${c.file}: ${JSON.stringify(c.case.input)} → ${why}`];
    });
    expect(failures).toEqual([]);
  });

  it("excludes the 59-case legacy suite: superseded upstream (2025-07-25) and contradicted by the current one", () => {
    // Its canonical strings leave '/' unencoded in qualifier values, accept a Hugging Face purl without a
    // namespace and a cpan module name ('URI::PackageURL'); the current suite above requires the opposite.
    const legacy = JSON.parse(
      readFileSync(resolve(root, "legacy/test-suite-data.json"), "utf8"),
    ) as unknown[];
    expect(legacy).toHaveLength(59);
  });

  it("embeds the registered type definitions' rules faithfully", () => {
    const dir = resolve(root, "types");
    const seen: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith("-definition.json"))) {
      // biome-ignore lint/suspicious/noExplicitAny: a type definition document
      const d: any = JSON.parse(readFileSync(resolve(dir, file), "utf8"));
      const rule = purlTypeRules[d.type];
      expect(rule, d.type).toBeDefined();
      const ns = d.namespace_definition?.requirement;
      expect(rule?.namespace, `${d.type} namespace`).toBe(
        ns === "required" || ns === "prohibited" ? ns : undefined,
      );
      expect(rule?.lowerNamespace === true, `${d.type} namespace case`).toBe(
        d.namespace_definition?.case_sensitive === false,
      );
      expect(rule?.lowerName === true, `${d.type} name case`).toBe(
        d.name_definition?.case_sensitive === false,
      );
      expect(rule?.lowerVersion === true, `${d.type} version case`).toBe(
        d.version_definition?.case_sensitive === false,
      );
      const required = (d.qualifiers_definition ?? [])
        .filter((q: { requirement?: string }) => q.requirement === "required")
        .map((q: { key: string }) => q.key);
      expect(rule?.requiredQualifiers ?? [], `${d.type} qualifiers`).toEqual(required);
      expect(rule?.namePattern?.source, `${d.type} name pattern`).toBe(
        d.name_definition?.permitted_characters,
      );
      expect(rule?.versionPattern?.source, `${d.type} version pattern`).toBe(
        d.version_definition?.permitted_characters,
      );
      seen.push(d.type);
    }
    expect(Object.keys(purlTypeRules).sort()).toEqual(seen.sort());
  });
});

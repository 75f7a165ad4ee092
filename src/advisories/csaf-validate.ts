import type { DocumentTest } from "@secvisogram/csaf-validator-lib/validate.js";
import type { PathSegment } from "../model/problems.js";
import { parseSource } from "../model/source.js";

/**
 * CSAF 2.0 validation: the JSON schema and every mandatory test (section 6.1 of the standard), run by BSI's
 * @secvisogram/csaf-validator-lib. Pure: no file system, no clock, no environment; asynchronous only
 * because the library is. Bad input is answered with located problems, never with an exception.
 *
 * Decisions:
 * - Validity is the plain schema (`csaf_2_0`) plus the mandatory tests. Additional properties are the
 *   optional test 6.2.20 in CSAF 2.0, so the library's strict schema is run too but its findings are
 *   warnings: an OASIS test document (6-2-20-01) is valid with an additional property.
 * - Only CSAF 2.0 is read: another `csaf_version` is one problem and no test runs, since the 2.0 schema
 *   would only list the differences of another version as hundreds of errors.
 * - The library is loaded on first use: importing its mandatory tests compiles schemas and CWE lists for
 *   seconds on a loaded machine, which a CLI that only validates a site file must not pay. It is entered
 *   through `validate.js` (the runner), `schemaTests.js` and `mandatoryTests.js`. `validateStrict.js` would import the optional
 *   and informative tests too, only to check that the tests it is given are the library's: four times the
 *   start-up (about 30 s instead of 7 s on two busy cores) for a check that holds by construction here, since
 *   every test run is one imported from the library.
 */

export interface CsafProblem {
  /** The test that found it: "csaf_2_0" (schema), "6.1.1" … "6.1.33", "6.2.20", "json", "csaf_version". */
  readonly test: string;
  /** JSON pointer (RFC 6901) into the document; "" for the root. */
  readonly at: string;
  /** In English: the library's own words for its tests, ours for the others. */
  readonly message: string;
  /** Set for Mamori's own problems, so a surface can say them in the user's language. */
  readonly code?: CsafProblemCode;
  readonly params?: Readonly<Record<string, string | number>>;
  /** 1-based, when the document came from text and the place could be found in it. */
  readonly line?: number;
  readonly column?: number;
}

export type CsafProblemCode =
  | "syntax"
  | "too-large"
  | "not-an-object"
  | "csaf-version"
  | "test-crashed"
  | "additional-property";

export interface CsafValidation {
  readonly valid: boolean;
  readonly problems: readonly CsafProblem[];
  readonly warnings: readonly CsafProblem[];
}

export type CsafParse =
  | { readonly ok: true; readonly document: unknown }
  | { readonly ok: false; readonly problem: CsafProblem };

/** Characters of one document. CISA's largest is 705 KB; intake refuses more than 16 MiB before decoding. */
export const maxCsafLength = 16 * 1024 * 1024;

export function parseCsafText(text: string): CsafParse {
  if (text.length > maxCsafLength)
    return {
      ok: false,
      problem: {
        test: "json",
        at: "",
        code: "too-large",
        params: { limit: maxCsafLength },
        message: `more than ${maxCsafLength} characters`,
      },
    };
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  try {
    return { ok: true, document: JSON.parse(body) };
  } catch {
    // JSON.parse says where only in some of V8's messages; the scanner below always does.
  }
  const error = findJsonSyntaxError(body) ?? { offset: 0, reason: "unexpected-character" as const };
  const { line, column } = lineColumn(body, error.offset);
  // The BOM was removed before scanning; it is not a character a person sees, so columns stay as shown.
  return {
    ok: false,
    problem: {
      test: "json",
      at: "",
      code: "syntax",
      params: { reason: error.reason },
      message: `JSON syntax error: ${error.reason.replaceAll("-", " ")}`,
      line,
      column,
    },
  };
}

export type JsonSyntaxReason =
  | "unexpected-end"
  | "unexpected-character"
  | "bad-escape"
  | "control-character"
  | "bad-number"
  | "trailing-text";

/** What the scanner expects next. */
const Expect = { Value: 0, Key: 1, AfterValue: 2 } as const;

/**
 * Where JSON text first stops being JSON (RFC 8259), or undefined when it is JSON. Iterative, so a
 * document nested a million deep cannot overflow the stack. Agrees with JSON.parse on what is JSON (a
 * property test holds it to that).
 */
export function findJsonSyntaxError(text: string): { offset: number; reason: JsonSyntaxReason } | undefined {
  const n = text.length;
  let i = 0;
  const containers: number[] = [];
  let expect: (typeof Expect)[keyof typeof Expect] = Expect.Value;
  const skipWhitespace = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      i++;
    }
  };
  const fail = (reason: JsonSyntaxReason, offset = i) => ({ offset: Math.min(offset, n), reason });
  while (true) {
    skipWhitespace();
    if (expect === Expect.AfterValue && containers.length === 0)
      return i < n ? fail("trailing-text") : undefined;
    if (i >= n) return fail("unexpected-end");
    const c = text.charCodeAt(i);
    if (expect === Expect.AfterValue) {
      const top = containers[containers.length - 1];
      if (c === 0x2c /* , */) {
        i++;
        expect = top === 0x7b ? Expect.Key : Expect.Value;
      } else if ((c === 0x7d && top === 0x7b) || (c === 0x5d && top === 0x5b)) {
        containers.pop();
        i++;
      } else return fail("unexpected-character");
      continue;
    }
    if (expect === Expect.Key) {
      if (c !== 0x22) return fail("unexpected-character");
      const end = scanString(text, i);
      if (typeof end !== "number") return end;
      i = end;
      skipWhitespace();
      if (i >= n) return fail("unexpected-end");
      if (text.charCodeAt(i) !== 0x3a /* : */) return fail("unexpected-character");
      i++;
      expect = Expect.Value;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      i++;
      skipWhitespace();
      const close = c === 0x7b ? 0x7d : 0x5d;
      if (i < n && text.charCodeAt(i) === close) {
        i++;
        expect = Expect.AfterValue;
      } else {
        containers.push(c);
        expect = c === 0x7b ? Expect.Key : Expect.Value;
      }
      continue;
    }
    let end: number | { offset: number; reason: JsonSyntaxReason };
    if (c === 0x22) end = scanString(text, i);
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) end = scanNumber(text, i);
    else {
      const literal = ["true", "false", "null"].find((word) => text.startsWith(word, i));
      if (!literal) return fail("unexpected-character");
      end = i + literal.length;
    }
    if (typeof end !== "number") return end;
    i = end;
    expect = Expect.AfterValue;
  }
}

function scanString(text: string, start: number): number | { offset: number; reason: JsonSyntaxReason } {
  let j = start + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c < 0x20) return { offset: j, reason: "control-character" };
    if (c === 0x5c) {
      const next = text[j + 1];
      if (next === undefined) return { offset: text.length, reason: "unexpected-end" };
      if ('"\\/bfnrt'.includes(next)) j += 2;
      else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) j += 6;
      else return { offset: j, reason: "bad-escape" };
    } else j++;
  }
  return { offset: text.length, reason: "unexpected-end" };
}

function scanNumber(text: string, start: number): number | { offset: number; reason: JsonSyntaxReason } {
  const match = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  match.lastIndex = start;
  const found = match.exec(text);
  if (!found) return { offset: start, reason: "bad-number" };
  const end = start + found[0].length;
  // "1." and "1e" stop the pattern early; the dangling part is a broken number, not a stray character.
  const after = text[end];
  if (after === "." || after === "e" || after === "E") return { offset: end, reason: "bad-number" };
  return end;
}

/** 1-based line and column (in UTF-16 code units, as the YAML parser counts them) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf("\n"); k !== -1 && k < offset; k = text.indexOf("\n", k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

interface Library {
  validate: typeof import("@secvisogram/csaf-validator-lib/validate.js").default;
  schema: DocumentTest;
  strictSchema: DocumentTest;
  mandatory: { name: string; test: DocumentTest }[];
}

let library: Promise<Library> | undefined;

/** "mandatoryTest_6_1_27_10" → "6.1.27.10". */
function sectionOf(testName: string): string {
  return testName.replace(/^mandatoryTest_/, "").replaceAll("_", ".");
}

function bySection(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let k = 0; k < Math.max(pa.length, pb.length); k++) {
    const d = (pa[k] ?? -1) - (pb[k] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

function loadLibrary(): Promise<Library> {
  library ??= Promise.all([
    import("@secvisogram/csaf-validator-lib/validate.js"),
    import("@secvisogram/csaf-validator-lib/schemaTests.js"),
    import("@secvisogram/csaf-validator-lib/mandatoryTests.js"),
  ]).then(([runner, schemas, mandatoryTests]) => ({
    validate: runner.default,
    schema: schemas.csaf_2_0,
    strictSchema: schemas.csaf_2_0_strict,
    // A module namespace lists its exports alphabetically (6.1.10 before 6.1.2); the standard's order reads better.
    mandatory: Object.entries(mandatoryTests)
      .filter(([name]) => name.startsWith("mandatoryTest_"))
      .map(([name, test]) => ({ name: sectionOf(name), test: test as DocumentTest }))
      .sort((a, b) => bySection(a.name, b.name)),
  }));
  return library;
}

/** Loads the library ahead of the first document, e.g. while a progress display starts. */
export async function prepareCsafValidation(): Promise<void> {
  await loadLibrary();
}

type Outcome = Awaited<ReturnType<Library["validate"]>>["tests"][number];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export async function validateCsaf(document: unknown): Promise<CsafValidation> {
  if (!isObject(document))
    return refusal({
      test: "csaf_version",
      at: "",
      code: "not-an-object",
      message: "a CSAF document is a JSON object",
    });
  const header = document.document;
  const version = isObject(header) ? header.csaf_version : undefined;
  // A missing version is left to the schema, which names the missing property alongside everything else.
  if (version !== undefined && version !== "2.0")
    return refusal({
      test: "csaf_version",
      at: "/document/csaf_version",
      code: "csaf-version",
      params: { version: typeof version === "string" ? version : JSON.stringify(version) },
      message: `CSAF version ${JSON.stringify(version)} is not read; only 2.0 is`,
    });

  const lib = await loadLibrary();
  const named = new Map<DocumentTest, string>([
    [lib.schema, "csaf_2_0"],
    [lib.strictSchema, "6.2.20"],
    ...lib.mandatory.map(({ name, test }) => [test, name] as const),
  ]);
  const tests = [...named.keys()];
  const outcomes = await runTests(lib, tests, document);

  const problems: CsafProblem[] = [];
  const warnings: CsafProblem[] = [];
  tests.forEach((test, index) => {
    const name = named.get(test) ?? "";
    const outcome = outcomes[index];
    if (outcome instanceof Error) {
      problems.push({
        test: name,
        at: "",
        code: "test-crashed",
        params: { error: outcome.message },
        message: `the test could not run on this document: ${outcome.message}`,
      });
      return;
    }
    if (!outcome) return;
    if (test === lib.strictSchema) {
      for (const finding of outcome.errors) {
        // The strict schema repeats every plain schema error; only its own finding is test 6.2.20's.
        if (finding.keyword !== "additionalProperties") continue;
        const property = String(finding.params?.additionalProperty ?? "");
        warnings.push({
          test: name,
          at: `${finding.instancePath}/${escapePointer(property)}`,
          code: "additional-property",
          params: { property },
          message: `additional property '${property}' is not defined by the CSAF 2.0 schema`,
        });
      }
      return;
    }
    if (!outcome.isValid) {
      // ajv reports an error once per oneOf branch that fails it; the same words at the same place say nothing new.
      const said = new Set<string>();
      for (const finding of outcome.errors) {
        const key = `${finding.instancePath}\u0000${finding.message}`;
        if (said.has(key)) continue;
        said.add(key);
        problems.push({ test: name, at: finding.instancePath, message: finding.message });
      }
    }
    for (const finding of outcome.warnings)
      warnings.push({ test: name, at: finding.instancePath, message: finding.message });
  });
  return { valid: problems.length === 0, problems, warnings };
}

function refusal(problem: CsafProblem): CsafValidation {
  return { valid: false, problems: [problem], warnings: [] };
}

/**
 * All tests in one call of the library's runner; when a test throws (some assume a shape the schema
 * has already refused), each test again on its own so the others still report and the crash is a problem.
 */
async function runTests(
  lib: Library,
  tests: readonly DocumentTest[],
  document: unknown,
): Promise<(Outcome | Error | undefined)[]> {
  try {
    return (await lib.validate(tests, document)).tests;
  } catch {
    const outcomes: (Outcome | Error | undefined)[] = [];
    for (const test of tests) {
      try {
        outcomes.push((await lib.validate([test], document)).tests[0]);
      } catch (error) {
        outcomes.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return outcomes;
  }
}

export function escapePointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** RFC 6901 pointer → path; all-digit segments become indices, which is what they are in CSAF and OSV. */
export function pointerPath(pointer: string): PathSegment[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((raw) => {
      const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
      return /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment;
    });
}

/**
 * Adds line and column to problems that have only a pointer, from the text the document was read from.
 * The text is parsed with positions only here, so a valid document never pays for it.
 */
export function locateProblems(text: string, problems: readonly CsafProblem[]): CsafProblem[] {
  if (problems.every((p) => p.line !== undefined)) return [...problems];
  const source = parseSource(text.startsWith("\uFEFF") ? text.slice(1) : text).source;
  if (!source) return [...problems];
  return problems.map((p) => {
    if (p.line !== undefined) return p;
    const where = source.locate(pointerPath(p.at), p.code === "additional-property" ? "key" : "value");
    return where ? { ...p, line: where.line, column: where.column } : p;
  });
}

/**
 * CSAF 2.0 leaves properties it does not define to an optional test (6.2.20). Mamori refuses them at
 * import: such a property is most often a misspelling (`product_ids` written `productids`), and matching
 * would silently miss what it was meant to say. None of CISA's 2,379 ICS advisories has one.
 */
export const unknownPropertyTest = "6.2.20";

/**
 * A problem is a value, never an exception: what is wrong (a code with parameters that i18n turns into a
 * sentence), where it is (a path into the document and, when the document came from text, a line and
 * column) and how bad it is. Everything that checks user input returns problems; one renderer per
 * surface (CLI text, JSON, later HTTP problem details) turns them into output.
 */

export type Severity = "error" | "warning";
export type PathSegment = string | number;

export const problemCodes = [
  "syntax",
  "not-a-mapping",
  "unknown-kind",
  "unsupported-version",
  "type",
  "required",
  "unknown-key",
  "enum",
  "literal",
  "format",
  "too-small",
  "too-big",
  "text-needs-language",
  "invalid",
  "duplicate-id",
  "unknown-reference",
  "wrong-kind-reference",
  "unknown-level",
  "duplicate-level",
  "asset-in-two-zones",
  "conduit-same-endpoints",
  "conduit-between-externals",
  "operation-not-served",
  "device-outside-zones",
  "external-unconnected",
  "cycle",
  "port-range",
  "rules-on-wrong-control",
  "hosted-on-wrong-type",
  "unknown-catalogue-item",
  "unmitigated-threat",
  "unrefined-seed-row",
  "file-unreadable",
  "id-mismatch",
  "wrong-document-kind",
  "unknown-decision-maker",
  "justification-required",
  "case-transition",
  "orientation-required",
  "decision-required",
  "accepted-risk-has-no-task",
  "task-required",
  "task-not-done",
] as const;
export type ProblemCode = (typeof problemCodes)[number];

export type ProblemParams = Record<string, string | number | readonly string[]>;

export interface Location {
  /** 1-based */
  line: number;
  /** 1-based, in characters */
  column: number;
}

export interface Problem {
  severity: Severity;
  code: ProblemCode;
  path: PathSegment[];
  params: ProblemParams;
  location?: Location;
}

export function problem(
  code: ProblemCode,
  path: PathSegment[],
  params: ProblemParams = {},
  severity: Severity = "error",
): Problem {
  return { severity, code, path, params };
}

/** RFC 6901 JSON pointer of a path, the form HTTP responses use. */
export function jsonPointer(path: readonly PathSegment[]): string {
  return path.map((segment) => `/${String(segment).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/** `zones[3].assets[0]`, the form people read. */
export function dottedPath(path: readonly PathSegment[]): string {
  let result = "";
  for (const segment of path) {
    if (typeof segment === "number") result += `[${segment}]`;
    else result += result === "" ? segment : `.${segment}`;
  }
  return result;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === "error");
}

/** Stable order: by position in the document, then by code, so output is byte-stable. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
      dottedPath(a.path).localeCompare(dottedPath(b.path)) ||
      a.code.localeCompare(b.code),
  );
}

import {
  type CsafProblem,
  type CsafProblemCode,
  locateProblems,
  parseCsafText,
  validateCsaf,
} from "../advisories/csaf-validate.js";
import { type OsvRecord, readOsv, readOsvDocument } from "../advisories/osv.js";
import { parseSource } from "../model/source.js";
import { classifyJson, type JsonKind } from "./layout.js";

/**
 * One advisory text → its format, the document and its located problems. Pure (text in, values out), so
 * the CLI's `advisories validate` and the intake of folders and providers judge a document the same way.
 * The format is decided by content: a JSON object with `document.csaf_version` is CSAF, one with
 * `schema_version` or `id` and `modified` is OSV, and YAML (only OSV is written in YAML) is OSV.
 */

export type AdvisoryFormat = "csaf" | "osv" | "unknown";

/** Mamori's own problem codes at intake, besides the validator's; a surface words them per language. */
export type IntakeProblemCode =
  | CsafProblemCode
  | "unknown-format"
  | "unreadable"
  | "not-found"
  | "not-utf8"
  | "too-large"
  | "outside-base"
  | "too-many-files"
  | "too-deep"
  | "http-status"
  | "hash-mismatch"
  | "hash-malformed"
  | "signature-bad"
  | "key-unreadable"
  | "key-fingerprint"
  | "not-offline"
  | "listing"
  | "other-origin";

/** A located problem: the validator's shape, with intake's codes allowed. */
export interface IntakeProblem extends Omit<CsafProblem, "code"> {
  readonly code?: IntakeProblemCode;
}

export interface ExaminedText {
  readonly format: AdvisoryFormat;
  /** What a JSON text is when it is not an advisory (a feed, provider metadata), so a folder walk can skip it. */
  readonly kind: JsonKind | "yaml";
  readonly document?: unknown;
  readonly osv?: OsvRecord;
  /** Errors: any one refuses the document. Located by JSON pointer and, where found, line and column. */
  readonly problems: readonly IntakeProblem[];
  readonly warnings: readonly IntakeProblem[];
}

function looksLikeJson(text: string): boolean {
  return /^\uFEFF?\s*[{[]/.test(text);
}

/** The syntax a file's name promises (`.json`, `.yaml`/`.yml`); none when the name says nothing. */
export type SyntaxHint = "json" | "yaml" | undefined;

export function syntaxOf(name: string): SyntaxHint {
  if (/\.json$/i.test(name)) return "json";
  return /\.ya?ml$/i.test(name) ? "yaml" : undefined;
}

/**
 * `syntax` is what the file's name promises: a `.json` file that is not JSON gets a JSON syntax error
 * rather than a YAML reading of its text. Without it, the text decides.
 */
export async function examineAdvisoryText(text: string, syntax?: SyntaxHint): Promise<ExaminedText> {
  if (syntax === "yaml" || (syntax === undefined && !looksLikeJson(text))) return examineOsvYaml(text);
  const parsed = parseCsafText(text);
  if (!parsed.ok) return { format: "unknown", kind: "unknown", problems: [parsed.problem], warnings: [] };
  const kind = classifyJson(parsed.document);
  if (kind === "csaf") {
    const validation = await validateCsaf(parsed.document);
    return {
      format: "csaf",
      kind,
      document: parsed.document,
      problems: locateProblems(text, validation.problems),
      warnings: locateProblems(text, validation.warnings),
    };
  }
  if (kind === "osv") {
    const reading = readOsvDocument(parsed.document);
    return {
      format: "osv",
      kind,
      document: parsed.document,
      ...(reading.record ? { osv: reading.record } : {}),
      problems: locateProblems(text, reading.problems.map(osvProblem)),
      warnings: [],
    };
  }
  return {
    format: "unknown",
    kind,
    document: parsed.document,
    problems: [
      {
        test: "format",
        at: "",
        code: "unknown-format",
        params: { kind },
        message:
          kind === "unknown"
            ? "neither a CSAF document (document.csaf_version) nor an OSV record (schema_version, id and modified)"
            : `a ${kind} file, not an advisory`,
      },
    ],
    warnings: [],
  };
}

function osvProblem(p: { code: string; message: string; pointer: string }): CsafProblem {
  return { test: "osv", at: p.pointer, message: p.message, params: { osvCode: p.code } };
}

function examineOsvYaml(text: string): ExaminedText {
  const reading = readOsv(text);
  const problems = reading.problems.map(osvProblem);
  const syntax = reading.problems.find((p) => p.code === "syntax");
  if (syntax) {
    // readOsv says what is wrong but not where; the positional parser (the one site files use) finds the
    // line and names the error by the same codes the site validator translates.
    const located = parseSource(text).problems[0];
    const detail = String(located?.params.detail ?? "");
    return {
      format: "unknown",
      kind: "yaml",
      problems: [
        {
          test: "yaml",
          at: "",
          code: "syntax",
          params: { detail, message: String(located?.params.message ?? syntax.message) },
          message: syntax.message,
          ...(located?.location ?? {}),
        },
      ],
      warnings: [],
    };
  }
  return {
    format: reading.record || reading.problems.every((p) => p.code !== "not-an-object") ? "osv" : "unknown",
    kind: "yaml",
    ...(reading.record ? { osv: reading.record } : {}),
    problems: locateProblems(text, problems),
    warnings: [],
  };
}

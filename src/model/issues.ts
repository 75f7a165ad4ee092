import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";
import { idPattern } from "./common.js";
import type { PathSegment, Problem } from "./problems.js";
import { problem } from "./problems.js";
import { cpe23Pattern } from "./site.js";
import { keysAt } from "./walk.js";

/** Turns zod's issues into Mamori problems: stable codes with parameters, in the words of the model. */

/**
 * A suggestion only when it is plausibly a typo of the input, not merely the least bad candidate: a few
 * edits (a third of the length), swapped letters, or the start of a longer word.
 */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || input.length === 0) return undefined;
  const lower = input.toLowerCase();
  const best = closest(
    lower,
    candidates.map((c) => c.toLowerCase()),
  );
  const match = candidates.find((c) => c.toLowerCase() === best) as string;
  const limit = Math.max(1, Math.floor(Math.max(lower.length, best.length) / 3));
  if (distance(lower, best) <= limit) return match;
  const letters = (text: string) => [...text].sort().join("");
  if (letters(lower) === letters(best)) return match;
  return lower.length >= 3 ? candidates.find((c) => c.toLowerCase().startsWith(lower)) : undefined;
}

export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value === undefined) return "undefined";
  if (typeof value === "number" && !Number.isFinite(value)) return "number";
  return typeof value;
}

const namedPatterns = new Map<string, string>([
  [String(idPattern), "id"],
  [String(cpe23Pattern), "cpe"],
  [String(/^pkg:[a-zA-Z.+-][a-zA-Z0-9.+-]*\/.+/), "purl"],
  [String(/^\d{1,5}-\d{1,5}$/), "port-range"],
  [String(/^[A-Z]{3}$/), "currency"],
  [String(/^[a-z0-9][a-z0-9-]*$/), "key"],
]);

type Issue = z.core.$ZodIssue & { input?: unknown };

export function issuesToProblems(
  schema: z.ZodType,
  issues: readonly Issue[],
  prefix: PathSegment[] = [],
): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as PathSegment[])];
    switch (issue.code) {
      case "invalid_type":
        if (issue.input === undefined) {
          out.push(problem("required", path, { key: String(path.at(-1) ?? "") }));
        } else {
          out.push(problem("type", path, { expected: issue.expected, actual: describeValue(issue.input) }));
        }
        break;
      case "unrecognized_keys": {
        const allowed = keysAt(schema, path);
        for (const key of issue.keys) {
          const suggestion = suggest(key, allowed);
          out.push(problem("unknown-key", [...path, key], { key, ...(suggestion ? { suggestion } : {}) }));
        }
        break;
      }
      case "invalid_value": {
        if (issue.input === undefined) {
          out.push(problem("required", path, { key: String(path.at(-1) ?? "") }));
          break;
        }
        const allowed = issue.values.map(String);
        if (allowed.length === 1) {
          out.push(problem("literal", path, { expected: allowed[0] ?? "", actual: String(issue.input) }));
        } else {
          const suggestion = typeof issue.input === "string" ? suggest(issue.input, allowed) : undefined;
          out.push(
            problem("enum", path, {
              value: typeof issue.input === "string" ? issue.input : describeValue(issue.input),
              allowed,
              ...(suggestion ? { suggestion } : {}),
            }),
          );
        }
        break;
      }
      case "invalid_format": {
        const format =
          issue.format === "regex" ? (namedPatterns.get(String(issue.pattern)) ?? "pattern") : issue.format;
        out.push(problem("format", path, { format, value: String(issue.input ?? "") }));
        break;
      }
      case "too_small":
      case "too_big": {
        const limit = issue.code === "too_small" ? issue.minimum : issue.maximum;
        out.push(
          problem(issue.code === "too_small" ? "too-small" : "too-big", path, {
            origin: issue.origin,
            limit: Number(limit),
          }),
        );
        break;
      }
      case "invalid_union":
        out.push(...unionProblems(schema, issue, path));
        break;
      case "custom":
        if (issue.message === "text-needs-language") out.push(problem("text-needs-language", path));
        else out.push(problem("invalid", path, { message: issue.message }));
        break;
      default:
        out.push(problem("invalid", path, { message: issue.message }));
    }
  }
  return out;
}

/**
 * A union fails when every option fails. Report the option that got furthest — the one whose type
 * matched (its problems are about the inside of the value); if none matched, one type problem.
 */
function unionProblems(
  schema: z.ZodType,
  issue: Issue & { errors: Issue[][] },
  path: PathSegment[],
): Problem[] {
  if (issue.input === undefined) return [problem("required", path, { key: String(path.at(-1) ?? "") })];
  const matchedType = issue.errors.find(
    (branch) => !branch.some((inner) => inner.code === "invalid_type" && inner.path.length === 0),
  );
  if (matchedType) return issuesToProblems(schema, matchedType, path);
  const expected = [
    ...new Set(
      issue.errors.flatMap((branch) => branch.map((inner) => ("expected" in inner ? inner.expected : ""))),
    ),
  ]
    .filter(Boolean)
    .join(" | ");
  return [problem("type", path, { expected, actual: describeValue(issue.input) })];
}

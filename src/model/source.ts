import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { Location, PathSegment, Problem } from "./problems.js";

/**
 * Text → value, keeping where every value came from. JSON is read by the same YAML 1.2 parser (JSON is
 * a subset of YAML 1.2 for every document Mamori accepts), so both formats get line and column for free.
 * Pure: the caller does the file I/O.
 */
export interface SourceDocument {
  value: unknown;
  /** Where a path is in the text; the nearest existing ancestor when the path itself does not exist. */
  locate(path: readonly PathSegment[], what?: "key" | "value"): Location | undefined;
}

export interface ParseResult {
  source?: SourceDocument;
  problems: Problem[];
}

/** Aliases expand; a small document must not expand into gigabytes ("billion laughs"). */
const maxAliasCount = 1000;

export function parseSource(text: string): ParseResult {
  // JSON fast path: JSON.parse is an order of magnitude faster than building a YAML document with
  // positions; the positions are only needed when there is a problem to point at, so they come later.
  if (/^\s*[[{]/.test(text)) {
    try {
      const value: unknown = JSON.parse(text);
      let located: SourceDocument | undefined;
      return {
        source: {
          value,
          locate: (path, what) => {
            located ??= parseYaml(text).source;
            return located?.locate(path, what);
          },
        },
        problems: [],
      };
    } catch {
      // Not strict JSON (comments, trailing commas, YAML flow style): the YAML parser reports it.
    }
  }
  return parseYaml(text);
}

function parseYaml(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, version: "1.2" });
  const position = (offset: number): Location => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((error) => ({
        severity: "error",
        code: "syntax",
        path: [],
        params: { detail: error.code, message: firstLine(error.message) },
        location: position(error.pos[0]),
      })),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount });
  } catch (error) {
    // The yaml library signals excessive aliasing and unresolvable aliases by throwing.
    return {
      problems: [
        {
          severity: "error",
          code: "syntax",
          path: [],
          params: {
            detail: "ALIAS",
            message: firstLine(error instanceof Error ? error.message : String(error)),
          },
          location: { line: 1, column: 1 },
        },
      ],
    };
  }

  const locate = (path: readonly PathSegment[], what: "key" | "value" = "value"): Location | undefined => {
    let node: unknown = doc.contents;
    let keyNode: unknown;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isPair(item) && isScalar(item.key) && item.key.value === segment,
        );
        if (!pair) break;
        keyNode = pair.key;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
        keyNode = undefined;
        node = node.items[segment];
      } else {
        break;
      }
    }
    const target = (what === "key" && keyNode ? keyNode : node) as Node | undefined;
    const offset = target?.range?.[0];
    return offset === undefined ? position(0) : position(offset);
  };
  return { source: { value, locate }, problems: [] };
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}

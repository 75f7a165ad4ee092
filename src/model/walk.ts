import type { z } from "zod";
import { declares, type EntityKind, levelOf, refersTo, type ScaleName } from "./common.js";
import type { PathSegment } from "./problems.js";

/**
 * Walks a value alongside its schema and reports every entity declaration, reference and scale level it
 * meets, wherever the schema tagged one (see `entity`, `ref` and `level` in ./common.ts). Works on
 * unvalidated input: it only descends where the value has the shape the schema expects, so reference
 * problems are found even when the same document also has type errors.
 */
export interface Visitor {
  declaration?(kind: EntityKind, id: string, path: PathSegment[], value: Record<string, unknown>): void;
  reference?(kinds: readonly EntityKind[], id: string, path: PathSegment[]): void;
  level?(scale: ScaleName, key: string, path: PathSegment[]): void;
}

// zod v4 keeps its definition on `_zod.def`; only the fields read here are typed.
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  in?: z.ZodType;
  getter?: () => z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function walk(schema: z.ZodType, value: unknown, visitor: Visitor, path: PathSegment[] = []): void {
  const def = defOf(schema);
  switch (def.type) {
    case "object": {
      if (!isRecord(value)) return;
      const declared = declares.get(schema);
      if (declared && typeof value.id === "string")
        visitor.declaration?.(declared.kind, value.id, path, value);
      for (const [key, child] of Object.entries(def.shape ?? {})) {
        if (key in value) walk(child, value[key], visitor, [...path, key]);
      }
      return;
    }
    case "array":
      if (!Array.isArray(value) || !def.element) return;
      value.forEach((item, index) => {
        walk(def.element as z.ZodType, item, visitor, [...path, index]);
      });
      return;
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      if (def.innerType) walk(def.innerType, value, visitor, path);
      return;
    case "pipe":
      if (def.in) walk(def.in, value, visitor, path);
      return;
    case "lazy":
      if (def.getter) walk(def.getter(), value, visitor, path);
      return;
    case "record":
      if (!isRecord(value) || !def.valueType) return;
      for (const [key, child] of Object.entries(value)) walk(def.valueType, child, visitor, [...path, key]);
      return;
    case "union": {
      // Walk the first option the value satisfies; unions in the model hold no references today, but a
      // future one must not be skipped silently.
      const option = def.options?.find((candidate) => candidate.safeParse(value).success);
      if (option) walk(option, value, visitor, path);
      return;
    }
    case "string": {
      if (typeof value !== "string") return;
      const reference = refersTo.get(schema);
      if (reference) visitor.reference?.(reference.kinds, value, path);
      const scale = levelOf.get(schema);
      if (scale) visitor.level?.(scale.scale, value, path);
      return;
    }
    default:
      return;
  }
}

/** The keys an object schema allows at `path` (for "did you mean" on unknown keys). */
export function keysAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  let current: z.ZodType | undefined = schema;
  const unwrap = (s: z.ZodType): z.ZodType => {
    let node = s;
    for (;;) {
      const def = defOf(node);
      if (def.innerType) node = def.innerType;
      else if (def.type === "pipe" && def.in) node = def.in;
      else return node;
    }
  };
  for (const segment of path) {
    if (!current) return [];
    const node = unwrap(current);
    const def = defOf(node);
    if (def.type === "object" && typeof segment === "string") current = def.shape?.[segment];
    else if (def.type === "array") current = def.element;
    else if (def.type === "union")
      current = def.options?.find((option) => defOf(unwrap(option)).type === "object");
    else return [];
  }
  if (!current) return [];
  let node = unwrap(current);
  if (defOf(node).type === "union") {
    node =
      defOf(node)
        .options?.map(unwrap)
        .find((option) => defOf(option).type === "object") ?? node;
  }
  return Object.keys(defOf(node).shape ?? {});
}

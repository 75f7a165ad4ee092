import type { z } from "zod";
import { type EntityKind, effectiveScales, type ScaleName, type Scales, scaleNames } from "./common.js";
import { describeValue, issuesToProblems, suggest } from "./issues.js";
import { dottedPath, hasErrors, type PathSegment, type Problem, problem, sortProblems } from "./problems.js";
import { Product } from "./product.js";
import { Site } from "./site.js";
import { parseSource, type SourceDocument } from "./source.js";
import { assetTypes } from "./vocabulary.js";
import { walk } from "./walk.js";

/**
 * The one entry point that decides whether a document is a valid Mamori site or product. Pure and
 * total: any input gives a result, never an exception, and every problem found is reported at once.
 */

export type DocumentKind = "site" | "product";
export const documentSchemas = { site: Site, product: Product } as const;

export type ValidDocument = { kind: "site"; document: Site } | { kind: "product"; document: Product };

export interface ValidationResult {
  /** Present only when there is no error (warnings allowed). */
  valid?: ValidDocument;
  kind?: DocumentKind;
  problems: Problem[];
}

export interface ValidationOptions {
  /** Ids of the catalogue countermeasures, to check `countermeasures[].catalogue` against. */
  catalogueCountermeasures?: ReadonlySet<string>;
}

export function validateText(text: string, options: ValidationOptions = {}): ValidationResult {
  const parsed = parseSource(text);
  if (!parsed.source) return { problems: parsed.problems };
  return validateSource(parsed.source, options);
}

/** For values that did not come from text (API bodies, generated sites): no line numbers. */
export function validateValue(value: unknown, options: ValidationOptions = {}): ValidationResult {
  return validateSource({ value, locate: () => undefined }, options);
}

function validateSource(source: SourceDocument, options: ValidationOptions): ValidationResult {
  const { value } = source;
  const locateAll = (problems: Problem[]) =>
    sortProblems(
      problems.map((p) => {
        const location = source.locate(p.path, p.code === "unknown-key" ? "key" : "value");
        return location ? { ...p, location } : p;
      }),
    );

  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      problems: locateAll([problem("not-a-mapping", [], { actual: value === null ? "null" : typeof value })]),
    };
  }
  const record = value as Record<string, unknown>;
  const kind = record.kind;
  if (kind !== "site" && kind !== "product") {
    if (kind === undefined) return { problems: locateAll([problem("required", ["kind"], { key: "kind" })]) };
    if (typeof kind !== "string") {
      return {
        problems: locateAll([problem("type", ["kind"], { expected: "string", actual: describeValue(kind) })]),
      };
    }
    const suggestion = suggest(kind, ["site", "product"]);
    return {
      problems: locateAll([
        problem("unknown-kind", ["kind"], { value: kind, ...(suggestion ? { suggestion } : {}) }),
      ]),
    };
  }
  if (record.schemaVersion !== undefined && record.schemaVersion !== 1) {
    return {
      kind,
      problems: locateAll([
        problem("unsupported-version", ["schemaVersion"], { version: JSON.stringify(record.schemaVersion) }),
      ]),
    };
  }

  const schema: z.ZodType = documentSchemas[kind];
  const parsed = schema.safeParse(value, { reportInput: true });
  const problems = parsed.success ? [] : issuesToProblems(schema, parsed.error.issues);
  problems.push(...checkConsistency(schema, record, options));
  const located = locateAll(problems);
  if (parsed.success && !hasErrors(located)) {
    // The value as written, not zod's copy: the model has no defaults or transforms, and zod rebuilds
    // objects in schema key order, which would reorder what people wrote when it is stored and exported.
    return { kind, valid: { kind, document: value } as ValidDocument, problems: located };
  }
  return { kind, problems: located };
}

// ---------------------------------------------------------------------------------------------------------
// Checks across the document: ids, references, levels, and the model's own rules.

interface Declaration {
  kind: EntityKind;
  path: PathSegment[];
  value: Record<string, unknown>;
}

function checkConsistency(
  schema: z.ZodType,
  doc: Record<string, unknown>,
  options: ValidationOptions,
): Problem[] {
  const problems: Problem[] = [];
  const declarations = new Map<string, Declaration>();
  const references: { kinds: readonly EntityKind[]; id: string; path: PathSegment[] }[] = [];
  const levels: { scale: ScaleName; key: string; path: PathSegment[] }[] = [];

  walk(schema, doc, {
    declaration(kind, id, path, value) {
      const first = declarations.get(id);
      if (first) {
        problems.push(
          problem("duplicate-id", [...path, "id"], { id, first: dottedPath([...first.path, "id"]) }),
        );
      } else {
        declarations.set(id, { kind, path, value });
      }
    },
    reference(kinds, id, path) {
      references.push({ kinds, id, path });
    },
    level(scale, key, path) {
      levels.push({ scale, key, path });
    },
  });

  for (const { kinds, id, path } of references) {
    const target = declarations.get(id);
    if (!target) {
      const candidates = [...declarations]
        .filter(([, d]) => kinds.includes(d.kind))
        .map(([candidate]) => candidate);
      const suggestion = suggest(id, candidates);
      problems.push(problem("unknown-reference", path, { id, kinds, ...(suggestion ? { suggestion } : {}) }));
    } else if (!kinds.includes(target.kind)) {
      problems.push(problem("wrong-kind-reference", path, { id, kinds, actual: target.kind }));
    }
  }

  const scales = checkScales(doc.scales, problems);
  for (const { scale, key, path } of levels) {
    const allowed = scales[scale].map((l) => l.key);
    if (!allowed.includes(key)) {
      const suggestion = suggest(key, allowed);
      problems.push(
        problem("unknown-level", path, { scale, key, allowed, ...(suggestion ? { suggestion } : {}) }),
      );
    }
  }

  problems.push(...checkCycles(declarations));
  if (doc.kind === "site") problems.push(...checkSiteRules(doc, declarations, options));
  return problems;
}

function checkScales(raw: unknown, problems: Problem[]): Scales {
  const overrides: Partial<Record<ScaleName, { key: string; value: number }[]>> = {};
  if (typeof raw === "object" && raw !== null) {
    for (const name of scaleNames) {
      const levels = (raw as Record<string, unknown>)[name];
      if (!Array.isArray(levels)) continue;
      const wellFormed = levels.filter(
        (l): l is { key: string; value: number } =>
          typeof l === "object" && l !== null && typeof l.key === "string" && typeof l.value === "number",
      );
      const keys = new Set<string>();
      const values = new Set<number>();
      wellFormed.forEach((level) => {
        const index = levels.indexOf(level);
        if (keys.has(level.key))
          problems.push(problem("duplicate-level", ["scales", name, index, "key"], { key: level.key }));
        if (values.has(level.value))
          problems.push(
            problem("duplicate-level", ["scales", name, index, "value"], { key: String(level.value) }),
          );
        keys.add(level.key);
        values.add(level.value);
      });
      if (wellFormed.length > 0) overrides[name] = wellFormed;
    }
  }
  return effectiveScales(overrides as Partial<Scales>);
}

/** Hierarchies and dependencies must not loop: zone and department parents, operation dependencies. */
function checkCycles(declarations: Map<string, Declaration>): Problem[] {
  const problems: Problem[] = [];
  const edges: [EntityKind, string][] = [
    ["zone", "parent"],
    ["department", "parent"],
    ["operation", "dependsOn"],
  ];
  for (const [kind, field] of edges) {
    const next = (id: string): string[] => {
      const target = declarations.get(id);
      if (!target || target.kind !== kind) return [];
      const raw = target.value[field];
      return (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string");
    };
    const state = new Map<string, "visiting" | "done">();
    const reported = new Set<string>();
    const visit = (id: string, trail: string[]) => {
      if (state.get(id) === "done") return;
      if (state.get(id) === "visiting") {
        const loop = trail.slice(trail.indexOf(id));
        const key = [...loop].sort().join(",");
        const declaration = declarations.get(id);
        if (!reported.has(key) && declaration) {
          reported.add(key);
          problems.push(problem("cycle", [...declaration.path, field], { ids: [...loop, id] }));
        }
        return;
      }
      state.set(id, "visiting");
      for (const target of next(id)) visit(target, [...trail, id]);
      state.set(id, "done");
    };
    for (const [id, declaration] of [...declarations].sort(([a], [b]) => a.localeCompare(b))) {
      if (declaration.kind === kind) visit(id, []);
    }
  }
  return problems;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

const categoryOf = (type: unknown): string | undefined =>
  typeof type === "string" && type in assetTypes
    ? assetTypes[type as keyof typeof assetTypes].category
    : undefined;

function checkSiteRules(
  doc: Record<string, unknown>,
  declarations: Map<string, Declaration>,
  options: ValidationOptions,
): Problem[] {
  const problems: Problem[] = [];

  // An asset sits in one zone; zones are the unit the guideline sets requirements for (1-6).
  const zoneOfAsset = new Map<string, string>();
  asArray(doc.zones).forEach((zone, zoneIndex) => {
    const zoneId = String(asRecord(zone).id ?? zoneIndex);
    asArray(asRecord(zone).assets).forEach((assetId, assetIndex) => {
      if (typeof assetId !== "string") return;
      const other = zoneOfAsset.get(assetId);
      if (other !== undefined && other !== zoneId) {
        problems.push(
          problem("asset-in-two-zones", ["zones", zoneIndex, "assets", assetIndex], {
            asset: assetId,
            zone: zoneId,
            other,
          }),
        );
      } else {
        zoneOfAsset.set(assetId, zoneId);
      }
    });
  });

  const connected = new Set<string>();
  asArray(doc.conduits).forEach((conduit, index) => {
    const c = asRecord(conduit);
    const { from, to } = c;
    if (typeof from === "string") connected.add(from);
    if (typeof to === "string") connected.add(to);
    if (typeof from === "string" && from === to) {
      problems.push(problem("conduit-same-endpoints", ["conduits", index, "to"], { id: from }));
    } else if (
      declarations.get(String(from))?.kind === "external" &&
      declarations.get(String(to))?.kind === "external"
    ) {
      problems.push(
        problem("conduit-between-externals", ["conduits", index], { from: String(from), to: String(to) }),
      );
    }
    for (const [field, list] of [
      ["protocols", c.protocols],
      ["controls", c.controls],
    ] as const) {
      asArray(list).forEach((item, itemIndex) => {
        const entry = asRecord(item);
        checkPort(entry.port, ["conduits", index, field, itemIndex, "port"], problems);
        if (field === "controls") {
          asArray(entry.rules).forEach((rule, ruleIndex) => {
            checkPort(
              asRecord(rule).port,
              ["conduits", index, field, itemIndex, "rules", ruleIndex, "port"],
              problems,
            );
          });
          if (entry.rules !== undefined && entry.type !== "firewall" && entry.type !== "allow-listing") {
            problems.push(
              problem("rules-on-wrong-control", ["conduits", index, field, itemIndex, "rules"], {
                type: String(entry.type),
              }),
            );
          }
        }
      });
    }
  });

  asArray(doc.externals).forEach((external, index) => {
    const id = asRecord(external).id;
    if (typeof id === "string" && !connected.has(id)) {
      problems.push(problem("external-unconnected", ["externals", index], { id }, "warning"));
    }
  });

  const served = new Set<string>();
  asArray(doc.assets).forEach((asset, index) => {
    const a = asRecord(asset);
    for (const op of asArray(a.operations)) if (typeof op === "string") served.add(op);
    const id = typeof a.id === "string" ? a.id : undefined;
    if (id && categoryOf(a.type) === "device" && !zoneOfAsset.has(id)) {
      problems.push(problem("device-outside-zones", ["assets", index], { id }, "warning"));
    }
    asArray(a.hostedOn).forEach((host, hostIndex) => {
      const target = typeof host === "string" ? declarations.get(host) : undefined;
      const category = categoryOf(target?.value.type);
      if (target?.kind === "asset" && category !== "device" && category !== "service") {
        problems.push(
          problem("hosted-on-wrong-type", ["assets", index, "hostedOn", hostIndex], {
            id: String(host),
            type: String(target.value.type),
          }),
        );
      }
    });
  });
  asArray(doc.operations).forEach((operation, index) => {
    const id = asRecord(operation).id;
    if (typeof id === "string" && !served.has(id)) {
      problems.push(problem("operation-not-served", ["operations", index], { id }, "warning"));
    }
  });

  if (options.catalogueCountermeasures) {
    const known = options.catalogueCountermeasures;
    asArray(doc.countermeasures).forEach((countermeasure, index) => {
      const ref = asRecord(countermeasure).catalogue;
      if (typeof ref === "string" && !known.has(ref)) {
        const suggestion = suggest(ref, [...known]);
        problems.push(
          problem("unknown-catalogue-item", ["countermeasures", index, "catalogue"], {
            id: ref,
            ...(suggestion ? { suggestion } : {}),
          }),
        );
      }
    });
  }
  return problems;
}

function checkPort(port: unknown, path: PathSegment[], problems: Problem[]): void {
  if (typeof port !== "string") return;
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(port);
  if (!match) return;
  const [low, high] = [Number(match[1]), Number(match[2])];
  if (low > high || high > 65535) problems.push(problem("port-range", path, { value: port }));
}

import type { SiteCollection } from "../../../../src/model/collections";
import type { ScaleName } from "../../../../src/model/common";
import type { vocabularies } from "../../../../src/model/vocabulary";

/**
 * How each collection of the site model is edited: its fields in the order a person fills them in. The
 * form is generic over these descriptions; the model's zod schemas (through `validateValue`) stay the
 * judge of what is valid, so a field here only says how to show and read a value.
 */
export type Vocabulary = keyof typeof vocabularies;

export type Field =
  | { path: string; kind: "id" }
  | { path: string; kind: "text"; required?: boolean; multiline?: boolean }
  | { path: string; kind: "ltext"; required?: boolean; multiline?: boolean }
  | { path: string; kind: "enum"; vocabulary: Vocabulary; required?: boolean }
  | { path: string; kind: "level"; scale: ScaleName; required?: boolean }
  | { path: string; kind: "ref"; to: SiteCollection[]; required?: boolean }
  | { path: string; kind: "refs"; to: SiteCollection[]; required?: boolean }
  | { path: string; kind: "list" }
  | { path: string; kind: "number"; integer?: boolean }
  | { path: string; kind: "boolean" }
  | { path: string; kind: "date" }
  | { path: string; kind: "rows"; columns: RowColumn[]; required?: boolean }
  | { path: string; kind: "json" };

export type RowColumn =
  | { key: string; kind: "enum"; vocabulary: Vocabulary }
  | { key: string; kind: "text" }
  | { key: string; kind: "port" }
  | { key: string; kind: "date" };

const party: SiteCollection[] = ["departments", "organisations"];

export const entityFields: Record<Exclude<SiteCollection, "treatments">, Field[]> = {
  requirements: [
    { path: "id", kind: "id" },
    { path: "category", kind: "enum", vocabulary: "requirementCategories", required: true },
    { path: "title", kind: "ltext", required: true },
    { path: "description", kind: "ltext", multiline: true },
    { path: "source", kind: "ltext" },
    { path: "stakeholders", kind: "refs", to: party },
    { path: "operations", kind: "refs", to: ["operations"] },
    { path: "zones", kind: "refs", to: ["zones"] },
  ],
  departments: [
    { path: "id", kind: "id" },
    { path: "name", kind: "ltext", required: true },
    { path: "type", kind: "enum", vocabulary: "departmentTypes", required: true },
    { path: "head", kind: "ltext" },
    { path: "parent", kind: "ref", to: ["departments"] },
    { path: "contact", kind: "text" },
    { path: "description", kind: "ltext", multiline: true },
  ],
  organisations: [
    { path: "id", kind: "id" },
    { path: "name", kind: "ltext", required: true },
    { path: "type", kind: "enum", vocabulary: "organisationTypes", required: true },
    { path: "contact", kind: "text" },
    { path: "contract", kind: "ltext" },
    { path: "description", kind: "ltext", multiline: true },
  ],
  operations: [
    { path: "id", kind: "id" },
    { path: "name", kind: "ltext", required: true },
    { path: "description", kind: "ltext", multiline: true },
    { path: "importance", kind: "level", scale: "importance", required: true },
    {
      path: "reasons",
      kind: "rows",
      required: true,
      columns: [
        { key: "aspect", kind: "enum", vocabulary: "impactAspects" },
        { key: "note", kind: "text" },
      ],
    },
    { path: "addedBySmartFactory", kind: "boolean" },
    { path: "responsible", kind: "ref", to: party },
    { path: "dependsOn", kind: "refs", to: ["operations"] },
    { path: "recovery.rtoHours", kind: "number" },
    { path: "recovery.rpoHours", kind: "number" },
  ],
  assets: [
    { path: "id", kind: "id" },
    { path: "name", kind: "ltext", required: true },
    { path: "type", kind: "enum", vocabulary: "assetTypes", required: true },
    { path: "description", kind: "ltext", multiline: true },
    { path: "vendor", kind: "text" },
    { path: "product", kind: "text" },
    { path: "model", kind: "text" },
    { path: "hardwareVersion", kind: "text" },
    { path: "firmwareVersion", kind: "text" },
    { path: "softwareVersion", kind: "text" },
    { path: "cpe", kind: "text" },
    { path: "purl", kind: "text" },
    { path: "serialNumbers", kind: "list" },
    { path: "skus", kind: "list" },
    { path: "quantity", kind: "number", integer: true },
    { path: "owner", kind: "ref", to: ["departments"] },
    { path: "maintainer", kind: "ref", to: party },
    { path: "location", kind: "ltext" },
    { path: "operations", kind: "refs", to: ["operations"] },
    { path: "hostedOn", kind: "refs", to: ["assets"] },
    { path: "importance.level", kind: "level", scale: "importance" },
    { path: "importance.reason", kind: "ltext" },
    { path: "cia.confidentiality", kind: "level", scale: "importance" },
    { path: "cia.integrity", kind: "level", scale: "importance" },
    { path: "cia.availability", kind: "level", scale: "importance" },
    { path: "generalPurpose", kind: "boolean" },
    { path: "supportEnds", kind: "date" },
    { path: "installedOn", kind: "date" },
    { path: "addresses", kind: "list" },
    { path: "tags", kind: "list" },
  ],
  zones: [
    { path: "id", kind: "id" },
    { path: "name", kind: "ltext", required: true },
    { path: "type", kind: "enum", vocabulary: "zoneTypes", required: true },
    { path: "description", kind: "ltext", multiline: true },
    { path: "parent", kind: "ref", to: ["zones"] },
    { path: "owner", kind: "ref", to: ["departments"] },
    { path: "location", kind: "ltext" },
    { path: "operations", kind: "refs", to: ["operations"] },
    { path: "assets", kind: "refs", to: ["assets"] },
    { path: "securityLevel.target", kind: "level", scale: "securityLevel" },
    { path: "securityLevel.reason", kind: "ltext" },
    { path: "policy", kind: "ltext", multiline: true },
  ],
  externals: [
    { path: "id", kind: "id" },
    { path: "name", kind: "ltext", required: true },
    { path: "kind", kind: "enum", vocabulary: "externalKinds", required: true },
    { path: "organisation", kind: "ref", to: ["organisations"] },
    { path: "description", kind: "ltext", multiline: true },
  ],
  conduits: [
    { path: "id", kind: "id" },
    { path: "name", kind: "ltext" },
    { path: "from", kind: "ref", to: ["zones", "externals"], required: true },
    { path: "to", kind: "ref", to: ["zones", "externals"], required: true },
    { path: "direction", kind: "enum", vocabulary: "conduitDirections", required: true },
    { path: "medium", kind: "enum", vocabulary: "conduitMedia" },
    {
      path: "protocols",
      kind: "rows",
      columns: [
        { key: "protocol", kind: "enum", vocabulary: "protocols" },
        { key: "port", kind: "port" },
        { key: "note", kind: "text" },
      ],
    },
    { path: "controls", kind: "json" },
    { path: "purpose", kind: "ltext" },
    { path: "operations", kind: "refs", to: ["operations"] },
    { path: "maintainer", kind: "ref", to: party },
    { path: "description", kind: "ltext", multiline: true },
  ],
  countermeasures: [
    { path: "id", kind: "id" },
    { path: "name", kind: "ltext", required: true },
    { path: "catalogue", kind: "text" },
    { path: "area", kind: "enum", vocabulary: "countermeasureAreas" },
    { path: "subarea", kind: "enum", vocabulary: "physicalSubareas" },
    { path: "appliesTo", kind: "refs", to: ["zones", "assets", "conduits", "externals"], required: true },
    { path: "status", kind: "enum", vocabulary: "countermeasureStatuses", required: true },
    { path: "owner", kind: "ref", to: party },
    { path: "dueDate", kind: "date" },
    { path: "implementedOn", kind: "date" },
    { path: "maturity", kind: "level", scale: "maturity" },
    { path: "cost", kind: "number" },
    {
      path: "evidence",
      kind: "rows",
      columns: [
        { key: "title", kind: "text" },
        { key: "location", kind: "text" },
        { key: "date", kind: "date" },
      ],
    },
    { path: "description", kind: "ltext", multiline: true },
    { path: "note", kind: "ltext", multiline: true },
  ],
  maintenanceWindows: [
    { path: "id", kind: "id" },
    { path: "name", kind: "ltext", required: true },
    { path: "start", kind: "text", required: true },
    { path: "durationMinutes", kind: "number", integer: true },
    { path: "rrule", kind: "text" },
    { path: "timeZone", kind: "text" },
    { path: "zones", kind: "refs", to: ["zones"] },
    { path: "note", kind: "ltext", multiline: true },
  ],
};

export type EditableCollection = keyof typeof entityFields;

/** The columns each table shows (top-level fields, so the server can sort by them). */
export const tableColumns: Record<EditableCollection, string[]> = {
  requirements: ["id", "category", "title"],
  departments: ["id", "name", "type"],
  organisations: ["id", "name", "type"],
  operations: ["id", "name", "importance"],
  assets: ["id", "name", "type", "model", "firmwareVersion"],
  zones: ["id", "name", "type", "securityLevel"],
  externals: ["id", "name", "kind"],
  conduits: ["id", "from", "to", "direction"],
  countermeasures: ["id", "name", "status", "appliesTo"],
  maintenanceWindows: ["id", "name", "start", "durationMinutes", "rrule"],
};

/** Columns a table may filter by value (field:value on the server). */
export const tableFilters: Partial<Record<EditableCollection, { field: string; vocabulary: Vocabulary }>> = {
  requirements: { field: "category", vocabulary: "requirementCategories" },
  assets: { field: "type", vocabulary: "assetTypes" },
  zones: { field: "type", vocabulary: "zoneTypes" },
  externals: { field: "kind", vocabulary: "externalKinds" },
  conduits: { field: "direction", vocabulary: "conduitDirections" },
  countermeasures: { field: "status", vocabulary: "countermeasureStatuses" },
  departments: { field: "type", vocabulary: "departmentTypes" },
  organisations: { field: "type", vocabulary: "organisationTypes" },
};

export function getPath(value: Record<string, unknown>, path: string): unknown {
  let node: unknown = value;
  for (const part of path.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Sets (or, with undefined, removes) a dotted path; parents left empty are removed too. */
export function setPath(
  value: Record<string, unknown>,
  path: string,
  next: unknown,
): Record<string, unknown> {
  const [head, ...rest] = path.split(".") as [string, ...string[]];
  const copy = { ...value };
  if (rest.length === 0) {
    if (next === undefined) delete copy[head];
    else copy[head] = next;
    return copy;
  }
  const child =
    typeof copy[head] === "object" && copy[head] !== null ? (copy[head] as Record<string, unknown>) : {};
  const updated = setPath(child, rest.join("."), next);
  if (Object.keys(updated).length === 0) delete copy[head];
  else copy[head] = updated;
  return copy;
}

/** "/importance/level" or "/reasons/0/note" → the field path it belongs to ("importance.level", "reasons"). */
export function fieldOfPointer(fields: Field[], pointer: string): string | undefined {
  const parts = pointer
    .split("/")
    .slice(1)
    .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join(".");
    if (fields.some((f) => f.path === candidate)) return candidate;
  }
  return undefined;
}

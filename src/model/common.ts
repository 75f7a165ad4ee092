import { z } from "zod";
import { departmentTypes, keysOf, type Label, organisationTypes } from "./vocabulary.js";

/**
 * Building blocks shared by the site and product documents: ids, bilingual text, references and
 * scale levels. References and levels are tagged in registries so that one generic walk
 * (./references.ts) checks every one of them; a new reference field cannot be forgotten.
 */

/** Readable, stable ids: `plc-press-01`, `zone.control`, `op:press`. Unique within a document. */
export const idPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
export const Id = z
  .string()
  .regex(idPattern)
  .describe("Readable stable id: letters, digits, '.', '_', ':', '-'");

/** Text in Japanese, English or both. A plain string is taken as written in the document's language. */
export const LocalizedText = z.union([
  z.string().min(1),
  z
    .strictObject({ ja: z.string().min(1).optional(), en: z.string().min(1).optional() })
    .refine((text) => text.ja !== undefined || text.en !== undefined, { message: "text-needs-language" }),
]);
export type LocalizedText = z.infer<typeof LocalizedText>;

export function textIn(text: LocalizedText | undefined, lang: "ja" | "en"): string {
  if (text === undefined) return "";
  if (typeof text === "string") return text;
  return text[lang] ?? text.ja ?? text.en ?? "";
}

export const IsoDate = z.iso.date().describe("Calendar date, YYYY-MM-DD");

export const entityKinds = [
  "requirement",
  "department",
  "organisation",
  "operation",
  "asset",
  "zone",
  "external",
  "conduit",
  "countermeasure",
  "maintenanceWindow",
  "productRole",
  "productUser",
  "useCase",
  "productAsset",
  "risk",
  "misuseCase",
  "interface",
  "component",
  "verification",
  "contact",
] as const;
export type EntityKind = (typeof entityKinds)[number];

/** Objects that declare an entity (their `id` is registered under this kind). */
export const declares = z.registry<{ kind: EntityKind }>();
/** Strings that refer to an entity of one of these kinds. */
export const refersTo = z.registry<{ kinds: readonly EntityKind[] }>();
/** Strings that name a level on one of the document's scales. */
export const levelOf = z.registry<{ scale: ScaleName }>();

export function entity<T extends z.ZodRawShape>(kind: EntityKind, shape: T) {
  const schema = z.strictObject({ id: Id, ...shape });
  declares.add(schema, { kind });
  return schema;
}

export function ref(...kinds: EntityKind[]) {
  const schema = Id.describe(`Id of a ${kinds.join(" or ")}`);
  refersTo.add(schema, { kinds });
  return schema;
}

export function refs(...kinds: EntityKind[]) {
  return z.array(ref(...kinds));
}

// ---------------------------------------------------------------------------------------------------------
// Scales: ordinal levels that an organisation may redefine.

export const scaleNames = ["importance", "securityLevel", "likelihood", "impact", "maturity"] as const;
export type ScaleName = (typeof scaleNames)[number];

export function level(scale: ScaleName) {
  const schema = z.string().min(1).describe(`A level key of the '${scale}' scale`);
  levelOf.add(schema, { scale });
  return schema;
}

export const ScaleLevel = z.strictObject({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  /** Rank: higher means more important, more likely, more severe, more mature. */
  value: z.number().int(),
  label: z.strictObject({ ja: z.string().min(1), en: z.string().min(1) }),
  description: LocalizedText.optional(),
});
export type ScaleLevel = z.infer<typeof ScaleLevel>;

export const Scale = z.array(ScaleLevel).min(2);
export const Scales = z.strictObject(
  Object.fromEntries(scaleNames.map((name) => [name, Scale.optional()])) as Record<
    ScaleName,
    z.ZodOptional<typeof Scale>
  >,
);
export type Scales = Record<ScaleName, ScaleLevel[]>;

function levels(entries: [string, number, Label, Label?][]): ScaleLevel[] {
  return entries.map(([key, value, label, description]) => ({
    key,
    value,
    label: { ...label },
    ...(description ? { description: { ...description } } : {}),
  }));
}

/**
 * Defaults. Importance uses the guideline's customary 高/中/低 with one level above for operations whose
 * loss threatens life or the business itself. Security levels follow the four target levels of
 * IEC 62443 (SL 1–4) by number only; the descriptions are ours. Maturity is the five-step
 * self-assessment scale of the glossary.
 */
export const defaultScales: Scales = {
  importance: levels([
    ["low", 1, { ja: "低", en: "Low" }],
    ["medium", 2, { ja: "中", en: "Medium" }],
    ["high", 3, { ja: "高", en: "High" }],
    [
      "critical",
      4,
      { ja: "最重要", en: "Critical" },
      { ja: "人命・事業存続に関わる", en: "Life or the business at stake" },
    ],
  ]),
  securityLevel: levels([
    [
      "sl1",
      1,
      { ja: "レベル1", en: "Level 1" },
      { ja: "偶発的な誤操作・誤用から守る", en: "Against casual or accidental misuse" },
    ],
    [
      "sl2",
      2,
      { ja: "レベル2", en: "Level 2" },
      { ja: "一般的な手段による意図的な攻撃から守る", en: "Against intentional attack with simple means" },
    ],
    [
      "sl3",
      3,
      { ja: "レベル3", en: "Level 3" },
      { ja: "OTの知識を持つ高度な攻撃から守る", en: "Against sophisticated attack with OT skills" },
    ],
    [
      "sl4",
      4,
      { ja: "レベル4", en: "Level 4" },
      { ja: "豊富な資源を持つ攻撃者から守る", en: "Against attackers with extended resources" },
    ],
  ]),
  likelihood: levels([
    ["rare", 1, { ja: "まれ", en: "Rare" }],
    ["unlikely", 2, { ja: "低い", en: "Unlikely" }],
    ["possible", 3, { ja: "あり得る", en: "Possible" }],
    ["likely", 4, { ja: "高い", en: "Likely" }],
    ["almost-certain", 5, { ja: "ほぼ確実", en: "Almost certain" }],
  ]),
  impact: levels([
    ["negligible", 1, { ja: "軽微", en: "Negligible" }],
    ["minor", 2, { ja: "小", en: "Minor" }],
    ["moderate", 3, { ja: "中", en: "Moderate" }],
    ["major", 4, { ja: "大", en: "Major" }],
    ["severe", 5, { ja: "甚大", en: "Severe" }],
  ]),
  maturity: levels([
    ["none", 1, { ja: "未実施", en: "Not done" }],
    ["initial", 2, { ja: "部分的に実施", en: "Partly done" }],
    ["defined", 3, { ja: "実施・文書化", en: "Done and documented" }],
    ["managed", 4, { ja: "管理・測定", en: "Managed and measured" }],
    ["optimising", 5, { ja: "継続的改善", en: "Continuously improved" }],
  ]),
};

/** A document's own scales replace the defaults scale by scale. */
export function effectiveScales(
  overrides: Partial<Record<ScaleName, ScaleLevel[] | undefined>> | undefined,
): Scales {
  const result = { ...defaultScales };
  for (const name of scaleNames) {
    const override = overrides?.[name];
    if (override) result[name] = override;
  }
  return result;
}

/** A vocabulary turned into a zod enum. */
export function oneOf<V extends Record<string, unknown>>(vocabulary: V) {
  return z.enum(keysOf(vocabulary as Record<string, Label>) as [keyof V & string, ...(keyof V & string)[]]);
}

export const Importance = z.strictObject({
  level: level("importance"),
  reason: LocalizedText,
});

export const CiaNeeds = z.strictObject({
  confidentiality: level("importance").optional(),
  integrity: level("importance").optional(),
  availability: level("importance").optional(),
});

export const Evidence = z.strictObject({
  title: LocalizedText,
  location: z.string().min(1).optional().describe("URL, document number or file path"),
  date: IsoDate.optional(),
});

export const Department = entity("department", {
  name: LocalizedText,
  type: oneOf(departmentTypes),
  head: LocalizedText.optional().describe(
    "Title of the person responsible, e.g. セキュリティ担当部署の責任者",
  ),
  parent: ref("department").optional(),
  contact: z.string().min(1).optional(),
  description: LocalizedText.optional(),
});

export const Organisation = entity("organisation", {
  name: LocalizedText,
  type: oneOf(organisationTypes),
  contact: z.string().min(1).optional(),
  contract: LocalizedText.optional().describe("Contract or agreement that sets responsibilities (責任分界)"),
  description: LocalizedText.optional(),
});

/**
 * Gives shared schemas a name, so the generated JSON Schema holds them once under $defs with a readable
 * name instead of repeating them inline.
 */
export function nameSchemas(schemas: Record<string, z.ZodType>): void {
  for (const [id, schema] of Object.entries(schemas)) {
    z.globalRegistry.add(schema, { ...z.globalRegistry.get(schema), id });
  }
}

nameSchemas({ LocalizedText, Department, Organisation, Importance, CiaNeeds, Evidence, ScaleLevel, IsoDate });

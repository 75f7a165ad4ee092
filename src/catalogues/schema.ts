import { z } from "zod";
import { Id, oneOf } from "../model/common.js";
import {
  assetTypes,
  cataloguePublishers,
  controlTypes,
  countermeasureAreas,
  departmentTypes,
  externalKinds,
  impactAspects,
  oodaPhases,
  oodaStages,
  organisationTypes,
  physicalSubareas,
  protocols,
  supplyPhases,
  supplySubjects,
  threatKinds,
  zoneTypes,
} from "../model/vocabulary.js";

/**
 * The shape of every catalogue file under catalogues/. Each file names its catalogue type and its
 * source; an item may name the section of the source it comes from. Seed-derived (METI) items keep the
 * Japanese text verbatim with an English gloss; Mamori's own items say so in their source.
 */

/** Both languages are required in catalogues: Japanese as the source (or our wording), English as the gloss. */
export const Bilingual = z.strictObject({ ja: z.string().min(1), en: z.string().min(1) });
export type Bilingual = z.infer<typeof Bilingual>;

export const CatalogueSource = z.strictObject({
  publisher: oneOf(cataloguePublishers),
  document: Bilingual,
  seed: z.string().min(1).optional().describe("File in ../shared/seeds the text was transcribed from"),
  section: z.string().min(1).optional(),
  url: z.url().optional(),
  version: z.string().min(1).optional(),
  licence: z.string().min(1).optional(),
  attribution: z.string().min(1).optional(),
});
export type CatalogueSource = z.infer<typeof CatalogueSource>;

const item = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject({ id: Id, section: z.string().min(1).optional(), ...shape });

const file = <N extends string, I extends z.ZodType>(name: N, itemSchema: I) =>
  z.strictObject({
    $schema: z.string().optional(),
    catalogue: z.literal(name),
    source: CatalogueSource,
    items: z.array(itemSchema).min(1),
  });

const techniqueId = z.string().regex(/^T0\d{3}$/);
const mitigationId = z.string().regex(/^M0\d{3}$/);
const srId = z.string().regex(/^SR [1-7]\.\d{1,2}$/);
const csfId = z.string().regex(/^[A-Z]{2}(\.[A-Z]{2}(-\d{2})?)?$/);

// --- from the seeds (METI) ---------------------------------------------------------------------------------

export const MethodStep = item({
  step: z.string().regex(/^[1-3](-\d)?$/),
  title: Bilingual,
  guidelineSection: z.string().min(1).optional().describe("Section of the main guideline, e.g. 3.1.1"),
  points: z.array(z.strictObject({ title: Bilingual, text: Bilingual })),
});

export const SmartFactoryThreat = item({
  row: z.number().int().min(1),
  threatKind: oneOf(threatKinds),
  threat: Bilingual,
  countermeasureKind: Bilingual,
  areas: z.array(oneOf(countermeasureAreas)).min(1),
});

/** Who the seed names: departments of the plant, or outside parties such as ベンダ. */
const OodaParty = z
  .strictObject({
    text: Bilingual,
    departmentTypes: z.array(oneOf(departmentTypes)).min(1).optional(),
    organisationTypes: z.array(oneOf(organisationTypes)).min(1).optional(),
  })
  .refine((party) => party.departmentTypes !== undefined || party.organisationTypes !== undefined, {
    message: "needs departmentTypes or organisationTypes",
  });
const OodaDecisionMaker = z.strictObject({
  text: Bilingual,
  departmentType: oneOf(departmentTypes),
  condition: Bilingual.optional(),
});
export const OodaRole = item({
  phase: oneOf(oodaPhases),
  stage: oneOf(oodaStages),
  responsible: z.array(OodaParty).min(1),
  decisionMakers: z.array(OodaDecisionMaker).min(1),
  activities: z.array(Bilingual).min(1),
});

export const SupplyChainCheckpoint = item({
  subject: oneOf(supplySubjects),
  phase: oneOf(supplyPhases),
  text: Bilingual,
  /** The seed writes a remark instead of check points (e.g. general-purpose products at contract). */
  remark: z.boolean().optional(),
});

export const IotMeasure = item({
  number: z.number().int().min(1).max(6),
  title: Bilingual,
  points: z.array(z.strictObject({ id: Id, text: Bilingual })).min(1),
  productSections: z
    .array(z.string().min(1))
    .min(1)
    .describe("Product document fields that carry this measure"),
});

export const CountermeasureArea = item({
  area: oneOf(countermeasureAreas),
  heading: Bilingual,
  topics: z.array(Bilingual),
  subareas: z.array(oneOf(physicalSubareas)).optional(),
});

// --- Mamori's own baseline ---------------------------------------------------------------------------------

export const Applicability = z.strictObject({
  assetTypes: z.array(oneOf(assetTypes)).optional(),
  zoneTypes: z.array(oneOf(zoneTypes)).optional(),
  /** External entity kinds at the far end of a conduit that bring this threat in. */
  conduitKinds: z.array(oneOf(externalKinds)).optional(),
  protocols: z.array(oneOf(protocols)).optional(),
});

export const Threat = item({
  name: Bilingual,
  description: Bilingual,
  threatKind: oneOf(threatKinds),
  entryRoutes: z.array(oneOf(externalKinds)).min(1),
  appliesTo: Applicability,
  impacts: z.array(oneOf(impactAspects)).min(1),
  attack: z.array(techniqueId).optional().describe("MITRE ATT&CK for ICS techniques"),
  smartFactoryRows: z
    .array(Id)
    .optional()
    .describe("Rows of the supplement's smart-factory threat table this threat refines (meti.sf-threat.N)"),
});

export const Countermeasure = item({
  name: Bilingual,
  description: Bilingual,
  area: oneOf(countermeasureAreas),
  subarea: oneOf(physicalSubareas).optional(),
  mitigates: z.array(Id).min(1),
  minimumLevel: z.enum(["sl1", "sl2", "sl3", "sl4"]).describe("Lowest zone security level that requires it"),
  appliesTo: Applicability.optional(),
  conduitControl: oneOf(controlTypes)
    .optional()
    .describe("A conduit control that implements this countermeasure"),
  relativeCost: z.enum(["low", "medium", "high"]).optional(),
  attackMitigations: z.array(mitigationId).optional(),
  iec62443: z.array(srId).optional().describe("IEC 62443-3-3 SR identifiers (identifiers only)"),
  csf: z.array(csfId).optional().describe("NIST CSF 2.0 identifiers"),
});

// --- reference sets (identifiers and names from public catalogues) -------------------------------------

export const AttackTechnique = item({
  name: z.string().min(1),
  tactics: z.array(z.string().min(1)).min(1),
  assets: z.array(z.string().regex(/^A0\d{3}$/)),
});
export const AttackMitigation = item({
  name: z.string().min(1),
  techniques: z.array(techniqueId),
  labels: z.array(z.string().min(1)),
});
export const AttackAsset = item({ name: z.string().min(1) });

export const CsfElement = item({
  kind: z.enum(["function", "category", "subcategory"]),
  title: z.string().min(1),
});

/** IEC writes SR identifiers with a space ("SR 1.1"), which the general Id pattern does not allow. */
export const IecRequirement = item({ id: srId, foundationalRequirement: z.string().regex(/^FR [1-7]$/) });

export const CatalogueFile = z.discriminatedUnion("catalogue", [
  file("meti-method-steps", MethodStep),
  file("meti-smart-factory-threats", SmartFactoryThreat),
  file("meti-ooda-roles", OodaRole),
  file("meti-supply-chain-checkpoints", SupplyChainCheckpoint),
  file("meti-iot-measures", IotMeasure),
  file("meti-countermeasure-areas", CountermeasureArea),
  file("mamori-threats", Threat),
  file("mamori-countermeasures", Countermeasure),
  file("attack-ics-techniques", AttackTechnique),
  file("attack-ics-mitigations", AttackMitigation),
  file("attack-ics-assets", AttackAsset),
  file("nist-csf-2.0", CsfElement),
  file("iec-62443-3-3", IecRequirement),
]);
export type CatalogueFile = z.infer<typeof CatalogueFile>;
export type CatalogueName = CatalogueFile["catalogue"];
export const catalogueNames: CatalogueName[] = CatalogueFile.options.map(
  (option) => option.shape.catalogue.value,
);

export type MethodStep = z.infer<typeof MethodStep>;
export type SmartFactoryThreat = z.infer<typeof SmartFactoryThreat>;
export type OodaRole = z.infer<typeof OodaRole>;
export type SupplyChainCheckpoint = z.infer<typeof SupplyChainCheckpoint>;
export type IotMeasure = z.infer<typeof IotMeasure>;
export type CountermeasureArea = z.infer<typeof CountermeasureArea>;
export type Threat = z.infer<typeof Threat>;
export type Countermeasure = z.infer<typeof Countermeasure>;
export type AttackTechnique = z.infer<typeof AttackTechnique>;
export type AttackMitigation = z.infer<typeof AttackMitigation>;

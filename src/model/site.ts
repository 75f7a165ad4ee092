import { z } from "zod";
import {
  CiaNeeds,
  Department,
  Evidence,
  entity,
  Id,
  Importance,
  IsoDate,
  LocalizedText,
  level,
  nameSchemas,
  Organisation,
  oneOf,
  ref,
  refs,
  Scales,
} from "./common.js";
import {
  assetTypes,
  conduitDirections,
  conduitMedia,
  controlTypes,
  countermeasureAreas,
  countermeasureStatuses,
  externalKinds,
  impactAspects,
  physicalSubareas,
  protocols,
  requirementCategories,
  riskTreatments,
  ruleActions,
  zoneTypes,
} from "./vocabulary.js";

/**
 * A site: one factory, described along Step 1 of the guideline (requirements, operations, assets, zones,
 * connections) with the countermeasures of Step 2 and the OODA role matrix of Step 3.
 */

const party = ["department", "organisation"] as const;

// Step 1-1 ------------------------------------------------------------------------------------------------
export const Requirement = entity("requirement", {
  category: oneOf(requirementCategories),
  title: LocalizedText,
  description: LocalizedText.optional(),
  source: LocalizedText.optional().describe("Where it comes from: the law, the standard, the customer"),
  stakeholders: refs(...party).optional(),
  operations: refs("operation").optional(),
  zones: refs("zone").optional(),
});

// Step 1-2 / 1-3 ------------------------------------------------------------------------------------------
export const ImportanceReason = z.strictObject({
  aspect: oneOf(impactAspects),
  note: LocalizedText,
});

export const Operation = entity("operation", {
  name: LocalizedText,
  description: LocalizedText.optional(),
  importance: level("importance"),
  reasons: z
    .array(ImportanceReason)
    .min(1)
    .describe("Why the operation has this importance (S/Q/D/C, BC, information)"),
  addedBySmartFactory: z.boolean().optional().describe("Added or extended by the smart-factory work (1-2)"),
  responsible: ref(...party).optional(),
  dependsOn: refs("operation").optional(),
  recovery: z
    .strictObject({
      rtoHours: z.number().nonnegative().optional().describe("Recovery time objective, hours"),
      rpoHours: z.number().nonnegative().optional().describe("Recovery point objective, hours"),
    })
    .optional(),
});

// Step 1-4 / 1-5 ------------------------------------------------------------------------------------------
/** CPE 2.3 formatted string: cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:target_sw:target_hw:other */
export const cpe23Pattern =
  /^cpe:2\.3:[aho*-](?::(?:\?*|\*?)(?:(?:[a-zA-Z0-9\-._]|\\[\\*?!"#$%&'()+,/:;<=>@[\]^`{|}~])+(?:\?*|\*?))|:[*-]){10}$/;

export const Asset = entity("asset", {
  name: LocalizedText,
  type: oneOf(assetTypes),
  description: LocalizedText.optional(),
  vendor: z.string().min(1).optional().describe("Manufacturer, as advisories name it"),
  product: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  hardwareVersion: z.string().min(1).optional(),
  firmwareVersion: z.string().min(1).optional(),
  softwareVersion: z.string().min(1).optional(),
  cpe: z.string().regex(cpe23Pattern).optional().describe("CPE 2.3 formatted string"),
  purl: z
    .string()
    .regex(/^pkg:[a-zA-Z.+-][a-zA-Z0-9.+-]*\/.+/)
    .optional()
    .describe("Package URL"),
  serialNumbers: z.array(z.string().min(1)).optional(),
  skus: z
    .array(z.string().min(1))
    .optional()
    .describe("Stock keeping units: the order or article numbers the asset was bought under"),
  quantity: z.number().int().positive().optional(),
  owner: ref("department").optional(),
  maintainer: ref(...party)
    .optional()
    .describe("Who maintains it, e.g. the equipment vendor"),
  location: LocalizedText.optional(),
  operations: refs("operation").optional().describe("The operations this asset serves (1-5)"),
  hostedOn: refs("asset").optional().describe("For data and software: the assets that store or run it"),
  cia: CiaNeeds.optional(),
  importance: Importance.optional().describe("Overrides the importance derived from the operations served"),
  generalPurpose: z
    .boolean()
    .optional()
    .describe("汎用品: an off-the-shelf product whose security the buyer cannot specify"),
  sbom: z
    .string()
    .min(1)
    .optional()
    .describe("Path (relative to this document) or URL of the SBOM of this asset"),
  supportEnds: IsoDate.optional().describe("End of the vendor's security support"),
  installedOn: IsoDate.optional(),
  addresses: z.array(z.string().min(1)).optional().describe("Network addresses (IP, hostname)"),
  tags: z.array(z.string().min(1)).optional(),
});

// Step 1-6 / 1-7 ------------------------------------------------------------------------------------------
export const Zone = entity("zone", {
  name: LocalizedText,
  type: oneOf(zoneTypes),
  description: LocalizedText.optional(),
  parent: ref("zone").optional(),
  owner: ref("department").optional(),
  location: LocalizedText.optional(),
  operations: refs("operation").optional(),
  assets: refs("asset").optional(),
  securityLevel: z
    .strictObject({ target: level("securityLevel"), reason: LocalizedText.optional() })
    .optional()
    .describe("Security requirement level of the zone (1-7)"),
  policy: LocalizedText.optional().describe(
    "Security policy of the zone (2-1) as the site wrote it; the analysis drafts one when absent",
  ),
});

export const External = entity("external", {
  name: LocalizedText,
  kind: oneOf(externalKinds),
  organisation: ref("organisation").optional(),
  description: LocalizedText.optional(),
});

const Port = z.union([
  z.number().int().min(0).max(65535),
  z
    .string()
    .regex(/^\d{1,5}-\d{1,5}$/)
    .describe("Port range, e.g. 49152-65535"),
]);

export const ProtocolUse = z.strictObject({
  protocol: oneOf(protocols),
  port: Port.optional(),
  note: LocalizedText.optional(),
});

export const FirewallRule = z.strictObject({
  action: oneOf(ruleActions),
  source: z.string().min(1).optional(),
  destination: z.string().min(1).optional(),
  protocol: oneOf(protocols).optional(),
  port: Port.optional(),
  note: LocalizedText.optional(),
});

export const Control = z.strictObject({
  type: oneOf(controlTypes),
  status: z.enum(["implemented", "planned"]).optional().describe("Defaults to implemented"),
  rules: z.array(FirewallRule).optional().describe("Firewall or allow-list rules"),
  device: ref("asset").optional().describe("The asset enforcing this control (firewall, jump host…)"),
  note: LocalizedText.optional(),
});

export const Conduit = entity("conduit", {
  name: LocalizedText.optional(),
  description: LocalizedText.optional(),
  from: ref("zone", "external"),
  to: ref("zone", "external"),
  direction: oneOf(conduitDirections),
  medium: oneOf(conduitMedia).optional(),
  protocols: z.array(ProtocolUse).optional(),
  controls: z.array(Control).optional(),
  purpose: LocalizedText.optional(),
  operations: refs("operation").optional(),
  maintainer: ref(...party).optional(),
});

// Step 2 --------------------------------------------------------------------------------------------------
export const Countermeasure = entity("countermeasure", {
  name: LocalizedText,
  description: LocalizedText.optional(),
  catalogue: Id.optional().describe("Id of the catalogue countermeasure this implements"),
  area: oneOf(countermeasureAreas).optional(),
  subarea: oneOf(physicalSubareas).optional(),
  appliesTo: refs("zone", "asset", "conduit", "external").min(1),
  status: oneOf(countermeasureStatuses),
  owner: ref(...party).optional(),
  dueDate: IsoDate.optional(),
  implementedOn: IsoDate.optional(),
  maturity: level("maturity").optional(),
  cost: z.number().nonnegative().optional().describe("Estimated cost, in the site's currency"),
  evidence: z.array(Evidence).optional(),
  note: LocalizedText.optional(),
});

// Step 3: OODA role matrix --------------------------------------------------------------------------------
export const DecisionMaker = z.strictObject({
  title: LocalizedText,
  department: ref("department").optional(),
  condition: LocalizedText.optional().describe("When this person decides, e.g. 重要度に応じて"),
});

export const OodaStage = z.strictObject({
  responsible: refs(...party).min(1),
  decisionMakers: z.array(DecisionMaker).min(1),
  activities: z.array(LocalizedText).min(1),
});

export const OodaPhase = z.strictObject({
  observe: OodaStage,
  orient: OodaStage,
  decide: OodaStage,
  act: OodaStage,
});

export const RoleMatrix = z.strictObject({ preventive: OodaPhase, damage: OodaPhase });

// Step 3: maintenance windows ----------------------------------------------------------------------------
const validTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/**
 * When a part of the plant can take a patch without stopping production (Step 3, Act): a patch plan's due
 * date falls into the next window of the asset's zone. Recurrence follows RFC 5545 so windows can be copied
 * from the plant's production calendar.
 */
export const MaintenanceWindow = entity("maintenanceWindow", {
  name: LocalizedText,
  start: z.iso
    .datetime({ local: true })
    .describe("First start, local time in timeZone: YYYY-MM-DDTHH:MM[:SS]"),
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 31),
  rrule: z
    .string()
    .max(500)
    .regex(/^(?:RRULE:)?FREQ=[A-Z]+(?:;[A-Z]+=[A-Za-z0-9,+-]+)*$/)
    .optional()
    .describe("RFC 5545 recurrence rule, e.g. FREQ=MONTHLY;BYDAY=1SA"),
  timeZone: z
    .string()
    .max(64)
    .refine(validTimeZone, { message: "unknown IANA time zone" })
    .optional()
    .describe("IANA time zone of start; Asia/Tokyo when absent"),
  zones: refs("zone").optional().describe("Zones the window applies to; the whole site when absent"),
  note: LocalizedText.optional(),
});

// Risk treatments --------------------------------------------------------------------------------------------
/**
 * A decision on a risk of the analysis's register. Risk ids are stable (`risk:<threat>@<zone>`), so a
 * decision survives edits and re-analysis; `basis` records what the decision saw, so a change in the risk
 * flags the decision for review instead of silently keeping it.
 */
export const Treatment = z.strictObject({
  risk: z
    .string()
    .regex(/^risk:[A-Za-z0-9._:-]+@[A-Za-z0-9._:-]+$/)
    .describe("Risk id from the analysis, risk:<threat>@<zone>"),
  decision: oneOf(riskTreatments),
  owner: ref(...party).optional(),
  reason: LocalizedText,
  decidedOn: IsoDate,
  approvedBy: LocalizedText.optional().describe("Management approval, required to accept or transfer"),
  insurance: LocalizedText.optional().describe("For transfer: the policy that carries the risk"),
  countermeasures: refs("countermeasure")
    .optional()
    .describe("For mitigate: the countermeasures that will do it"),
  reviewBy: IsoDate.optional(),
  basis: z
    .strictObject({ likelihood: level("likelihood"), impact: level("impact") })
    .optional()
    .describe("The residual likelihood and impact the decision was made on"),
});

// The document --------------------------------------------------------------------------------------------
export const Site = z
  .strictObject({
    $schema: z.string().optional(),
    kind: z.literal("site"),
    schemaVersion: z.literal(1),
    id: Id,
    name: LocalizedText,
    description: LocalizedText.optional(),
    company: LocalizedText.optional(),
    location: LocalizedText.optional(),
    industry: LocalizedText.optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional()
      .describe("ISO 4217 code for costs, default JPY"),
    scales: Scales.optional(),
    requirements: z.array(Requirement).optional(),
    departments: z.array(Department).optional(),
    organisations: z.array(Organisation).optional(),
    operations: z.array(Operation).optional(),
    assets: z.array(Asset).optional(),
    zones: z.array(Zone).optional(),
    externals: z.array(External).optional(),
    conduits: z.array(Conduit).optional(),
    countermeasures: z.array(Countermeasure).optional(),
    roleMatrix: RoleMatrix.optional().describe("OODA roles; the seed's example tables apply when absent"),
    treatments: z.array(Treatment).optional(),
    maintenanceWindows: z.array(MaintenanceWindow).optional(),
  })
  .describe("Mamori site: one factory along METI's factory-system guideline");

export type Site = z.infer<typeof Site>;
export type Requirement = z.infer<typeof Requirement>;
export type Operation = z.infer<typeof Operation>;
export type Asset = z.infer<typeof Asset>;
export type Zone = z.infer<typeof Zone>;
export type External = z.infer<typeof External>;
export type Conduit = z.infer<typeof Conduit>;
export type Control = z.infer<typeof Control>;
export type Countermeasure = z.infer<typeof Countermeasure>;
export type RoleMatrix = z.infer<typeof RoleMatrix>;
export type Treatment = z.infer<typeof Treatment>;
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

nameSchemas({
  Requirement,
  Operation,
  Asset,
  Zone,
  External,
  Conduit,
  Countermeasure,
  Control,
  FirewallRule,
  ProtocolUse,
  OodaStage,
  OodaPhase,
  DecisionMaker,
  Treatment,
});

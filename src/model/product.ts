import { z } from "zod";
import {
  CiaNeeds,
  Department,
  entity,
  Id,
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
import { cpe23Pattern } from "./site.js";
import {
  contactKinds,
  exposures,
  informationMedia,
  interfaceKinds,
  lifecyclePhases,
  productAssetTypes,
  protocols,
  residualDecisions,
  riskTreatments,
  transports,
  userInformationTopics,
  verificationMethods,
  verificationResults,
  workStatuses,
} from "./vocabulary.js";

/**
 * A product: an IoT device the company makes, described along METI's security-by-design measures
 * (seed 004, 対策1–6). Each section names the measure it carries.
 */

const party = ["department", "organisation"] as const;

// 対策1: product security policy, led by management and reviewed
export const ProductPolicy = z.strictObject({
  statement: LocalizedText,
  approvedBy: LocalizedText.describe("The executive who owns the policy"),
  approvedOn: IsoDate.optional(),
  lastReviewedOn: IsoDate.optional(),
  reviewIntervalMonths: z.number().int().positive().optional(),
  communication: z.array(LocalizedText).optional().describe("How it is spread: publicity, training"),
});

// 対策2: organisation and roles
export const ProductRole = entity("productRole", {
  title: LocalizedText,
  holder: ref(...party),
  responsibilities: z.array(LocalizedText).min(1),
});

// 対策3: users, use cases, what to protect, risks
export const ProductUser = entity("productUser", {
  name: LocalizedText,
  description: LocalizedText.optional(),
  securityNeeds: z.array(LocalizedText).optional(),
});

export const UseCase = entity("useCase", {
  name: LocalizedText,
  users: refs("productUser").min(1),
  description: LocalizedText.optional(),
  environment: LocalizedText.optional(),
});

export const ProductAsset = entity("productAsset", {
  name: LocalizedText,
  type: oneOf(productAssetTypes),
  description: LocalizedText.optional(),
  cia: CiaNeeds.optional(),
});

export const ProductRisk = entity("risk", {
  title: LocalizedText,
  assets: refs("productAsset").min(1),
  threat: LocalizedText,
  interfaces: refs("interface").optional(),
  likelihood: level("likelihood"),
  impact: level("impact"),
  treatment: oneOf(riskTreatments),
  measures: z.array(LocalizedText).optional().describe("Design measures against the risk (対策4)"),
});

// 対策4: design — misuse cases, attack surface, components, support period
export const MisuseCase = entity("misuseCase", {
  actor: LocalizedText,
  description: LocalizedText,
  risks: refs("risk").optional(),
  prevention: LocalizedText.optional(),
});

export const ExposedPort = z.strictObject({
  port: z.number().int().min(0).max(65535),
  transport: oneOf(transports),
  protocol: oneOf(protocols).optional(),
  service: z.string().min(1),
  enabledByDefault: z.boolean(),
  authentication: z.boolean().optional(),
});

export const ProductInterface = entity("interface", {
  name: LocalizedText,
  kind: oneOf(interfaceKinds),
  exposure: oneOf(exposures),
  ports: z.array(ExposedPort).optional(),
  minimisation: LocalizedText.optional().describe(
    "How this surface is kept small (disabled by default, removed in production…)",
  ),
});

export const Component = entity("component", {
  name: z.string().min(1),
  version: z.string().min(1),
  supplier: z.string().min(1).optional(),
  purl: z
    .string()
    .regex(/^pkg:[a-zA-Z.+-][a-zA-Z0-9.+-]*\/.+/)
    .optional(),
  cpe: z.string().regex(cpe23Pattern).optional(),
  licence: z.string().min(1).optional(),
  supportEnds: IsoDate.optional().describe("Until when the component receives security fixes"),
});

// 対策4/5: verification plan and results
export const Verification = entity("verification", {
  activity: LocalizedText,
  method: oneOf(verificationMethods),
  phase: oneOf(lifecyclePhases),
  covers: refs("risk").optional(),
  status: oneOf(workStatuses),
  date: IsoDate.optional(),
  result: oneOf(verificationResults).optional(),
  findings: LocalizedText.optional(),
  performedBy: ref(...party).optional(),
});

// 対策4: residual risk — accept, or transfer (e.g. cyber insurance)
export const ResidualRisk = z.strictObject({
  risk: ref("risk"),
  decision: oneOf(residualDecisions),
  reason: LocalizedText,
  approvedBy: LocalizedText,
  date: IsoDate.optional(),
  insurance: LocalizedText.optional(),
});

// 対策6: after shipment — contact points and information for users
export const Contact = entity("contact", {
  kind: oneOf(contactKinds),
  name: LocalizedText,
  email: z.email().optional(),
  url: z.url().optional(),
  phone: z.string().min(1).optional(),
});

export const UserInformation = z.strictObject({
  topic: oneOf(userInformationTopics),
  media: z.array(oneOf(informationMedia)).min(1),
  text: LocalizedText,
});

export const Product = z
  .strictObject({
    $schema: z.string().optional(),
    kind: z.literal("product"),
    schemaVersion: z.literal(1),
    id: Id,
    name: LocalizedText,
    description: LocalizedText.optional(),
    manufacturer: LocalizedText,
    model: z.string().min(1).optional(),
    firmwareVersion: z.string().min(1).optional(),
    cpe: z.string().regex(cpe23Pattern).optional(),
    scales: Scales.optional(),
    policy: ProductPolicy.optional(),
    departments: z.array(Department).optional(),
    organisations: z.array(Organisation).optional(),
    roles: z.array(ProductRole).optional(),
    users: z.array(ProductUser).optional(),
    useCases: z.array(UseCase).optional(),
    assets: z.array(ProductAsset).optional(),
    risks: z.array(ProductRisk).optional(),
    misuseCases: z.array(MisuseCase).optional(),
    attackSurface: z.array(ProductInterface).optional(),
    components: z.array(Component).optional(),
    sbom: z
      .strictObject({ format: z.enum(["cyclonedx", "spdx"]), path: z.string().min(1) })
      .optional()
      .describe("The SBOM that lists the components in full"),
    supportPeriod: z
      .strictObject({ until: IsoDate, policy: LocalizedText.optional(), published: z.boolean().optional() })
      .optional(),
    verification: z.array(Verification).optional(),
    residualRisks: z.array(ResidualRisk).optional(),
    contacts: z.array(Contact).optional(),
    userInformation: z.array(UserInformation).optional(),
  })
  .describe("Mamori product: an IoT device along METI's security-by-design measures 1–6");

export type Product = z.infer<typeof Product>;
export type ProductRisk = z.infer<typeof ProductRisk>;
export type Component = z.infer<typeof Component>;
export type ProductInterface = z.infer<typeof ProductInterface>;

nameSchemas({
  ProductPolicy,
  ProductRole,
  ProductUser,
  UseCase,
  ProductAsset,
  ProductRisk,
  MisuseCase,
  ExposedPort,
  ProductInterface,
  Component,
  Verification,
  ResidualRisk,
  Contact,
  UserInformation,
});

import { effectiveScales, type LocalizedText, type Scales } from "./common.js";
import type { Product } from "./product.js";
import type { Site } from "./site.js";
import { assetTypes, requirementCategories } from "./vocabulary.js";

/** Counts that tell at a glance how far a site or product model has come. Pure; sorted keys. */

export interface SiteSummary {
  kind: "site";
  id: string;
  name: LocalizedText;
  requirements: Record<string, number>;
  departments: number;
  organisations: number;
  operations: { total: number; addedBySmartFactory: number; byImportance: Record<string, number> };
  assets: { total: number; byCategory: Record<string, number> };
  zones: { id: string; name: LocalizedText; type: string; assets: number; securityLevel?: string }[];
  externals: Record<string, number>;
  conduits: number;
  countermeasures: { total: number; byStatus: Record<string, number> };
  ownRoleMatrix: boolean;
  /** The scales in force for this site, to label the levels above. */
  scales: Scales;
}

export interface ProductSummary {
  kind: "product";
  id: string;
  name: LocalizedText;
  components: number;
  risks: number;
  interfaces: number;
  verification: { total: number; done: number };
  supportUntil?: string;
  contacts: string[];
  /** Which product sections hold something: the input to "measures 1–6 covered". */
  filledSections: string[];
}

function tally<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    result[k] = (result[k] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
}

export function summariseSite(site: Site): SiteSummary {
  const operations = site.operations ?? [];
  const assets = site.assets ?? [];
  const countermeasures = site.countermeasures ?? [];
  return {
    kind: "site",
    id: site.id,
    name: site.name,
    requirements: tally(site.requirements ?? [], (r) => requirementCategories[r.category].group),
    departments: site.departments?.length ?? 0,
    organisations: site.organisations?.length ?? 0,
    operations: {
      total: operations.length,
      addedBySmartFactory: operations.filter((o) => o.addedBySmartFactory).length,
      byImportance: tally(operations, (o) => o.importance),
    },
    assets: { total: assets.length, byCategory: tally(assets, (a) => assetTypes[a.type].category) },
    zones: (site.zones ?? []).map((z) => ({
      id: z.id,
      name: z.name,
      type: z.type,
      assets: z.assets?.length ?? 0,
      ...(z.securityLevel ? { securityLevel: z.securityLevel.target } : {}),
    })),
    externals: tally(site.externals ?? [], (e) => e.kind),
    conduits: site.conduits?.length ?? 0,
    countermeasures: { total: countermeasures.length, byStatus: tally(countermeasures, (c) => c.status) },
    ownRoleMatrix: site.roleMatrix !== undefined,
    scales: effectiveScales(site.scales),
  };
}

export function summariseProduct(product: Product): ProductSummary {
  const filled = Object.entries(product)
    .filter(([, value]) => (Array.isArray(value) ? value.length > 0 : value !== undefined))
    .map(([key]) => key)
    .sort();
  return {
    kind: "product",
    id: product.id,
    name: product.name,
    components: product.components?.length ?? 0,
    risks: product.risks?.length ?? 0,
    interfaces: product.attackSurface?.length ?? 0,
    verification: {
      total: product.verification?.length ?? 0,
      done: product.verification?.filter((v) => v.status === "done").length ?? 0,
    },
    ...(product.supportPeriod ? { supportUntil: product.supportPeriod.until } : {}),
    contacts: [...new Set((product.contacts ?? []).map((c) => c.kind))].sort(),
    filledSections: filled,
  };
}

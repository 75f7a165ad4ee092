import type { z } from "zod";
import { Department, Organisation } from "./common.js";
import {
  Asset,
  Conduit,
  Countermeasure,
  External,
  MaintenanceWindow,
  Operation,
  Requirement,
  Site,
  Treatment,
  Zone,
} from "./site.js";

/**
 * The lists of a site document that people edit item by item: what the server stores one row per item,
 * the API exposes as collections, and the web UI edits in tables. Everything else in a site (name,
 * scales, role matrix…) is its settings. Treatments are keyed by the risk they decide, the rest by id.
 */
export const siteCollections = {
  requirements: { schema: Requirement, key: "id" },
  departments: { schema: Department, key: "id" },
  organisations: { schema: Organisation, key: "id" },
  operations: { schema: Operation, key: "id" },
  assets: { schema: Asset, key: "id" },
  zones: { schema: Zone, key: "id" },
  externals: { schema: External, key: "id" },
  conduits: { schema: Conduit, key: "id" },
  countermeasures: { schema: Countermeasure, key: "id" },
  treatments: { schema: Treatment, key: "risk" },
  maintenanceWindows: { schema: MaintenanceWindow, key: "id" },
} as const satisfies Record<string, { schema: z.ZodType; key: string }>;

export type SiteCollection = keyof typeof siteCollections;
export const siteCollectionNames = Object.keys(siteCollections) as SiteCollection[];
export type SiteEntity<C extends SiteCollection> = z.infer<(typeof siteCollections)[C]["schema"]>;

export type SiteSettings = Omit<Site, SiteCollection>;

export function isSiteCollection(name: string): name is SiteCollection {
  return Object.hasOwn(siteCollections, name);
}

export function entityKey(collection: SiteCollection, entity: Record<string, unknown>): string {
  return String(entity[siteCollections[collection].key]);
}

/** Top-level keys of a site in the schema's order, so an assembled document reads like a written one. */
export const siteKeyOrder = Object.keys(Site.shape) as (keyof Site)[];

export function splitSite(site: Site): {
  settings: SiteSettings;
  collections: Map<SiteCollection, unknown[]>;
} {
  const settings: Record<string, unknown> = {};
  const collections = new Map<SiteCollection, unknown[]>();
  for (const [key, value] of Object.entries(site)) {
    if (isSiteCollection(key)) collections.set(key, value as unknown[]);
    else settings[key] = value;
  }
  return { settings: settings as SiteSettings, collections };
}

export function assembleSite(
  settings: SiteSettings,
  collections: ReadonlyMap<SiteCollection, unknown[]>,
): Site {
  const site: Record<string, unknown> = {};
  for (const key of siteKeyOrder) {
    const value = isSiteCollection(key) ? collections.get(key) : (settings as Record<string, unknown>)[key];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0 && isSiteCollection(key)))
      site[key] = value;
  }
  return site as Site;
}

import type { AdvisoryRemediation, AdvisoryScore } from "../advisories/advisory.js";
import { rankCases } from "../advisories/case-ranking.js";
import type { KevEntry } from "../advisories/kev.js";
import type { InventoryItem } from "../advisories/match.js";
import { componentItems, type Sbom } from "../advisories/sbom.js";
import {
  type Justification,
  plantJustifications,
  toCsafVex,
  toCycloneDxVex,
  type VexProductInfo,
  type VexProducts,
  type VulnerabilityState,
  type VulnerabilityStatus,
  vexStatusOf,
} from "../advisories/vex.js";
import { textIn } from "../model/common.js";
import { problem } from "../model/problems.js";
import type { Product } from "../model/product.js";
import { appendAudit } from "./audit.js";
import type { Database, Queryable } from "./database.js";
import { Refusal, refuse } from "./failure.js";
import { enqueue, type Job, productMatchJob } from "./jobs.js";
import type { ProductStore } from "./products.js";
import type { Actor } from "./sites.js";
import type { VulnerabilityStore } from "./vulnerabilities.js";
import {
  changedStatus,
  expectVersion,
  findings,
  loadMatches,
  needsReview,
  productMatchTables,
  productSbomTable,
  readSbomRow,
  rematchScope,
  removeSbom,
  type StatusChange,
  type StoredMatch,
  saveReview,
  writeSbom,
} from "./vulnerability-records.js";

/**
 * Vulnerability information for the IoT products a company makes (METI's 対策6, the PSIRT's side): one
 * SBOM per product, what matching finds in the product and its components, people's verdicts on what it is
 * unsure of, and the manufacturer's status of each vulnerability for the product, exported as VEX for its
 * customers. Matching, SBOM rows, reviews and the status rules are the site's code (vulnerability-records.ts,
 * the vulnerability store's matcher); what is the product's own is here.
 *
 * A status is about the product as a whole (is the gateway affected?), not about a component: matching opens
 * it "under investigation" when an active match names a vulnerability as affecting a component, and only
 * people (or a VEX, later) move it on; matching never changes it again, nor removes it when the match goes.
 */
export type ProductVulnerabilityStore = ReturnType<typeof createProductVulnerabilityStore>;

export const productStatusSources = ["matching", "person", "vex"] as const;

export interface ProductVulnerability {
  product: string;
  vulnerability: string;
  status: VulnerabilityState;
  justification: string | null;
  statusDetail: string | null;
  source: (typeof productStatusSources)[number];
  version: number;
  firstSeen: string;
  updatedAt: string;
  updatedBy: string | null;
}

/** A match of a product: `asset` is the product, `component` its component ('' = the product itself). */
export type ProductMatch = StoredMatch;

/** A product's match as an advisory's page lists it: with the product's name and the component's. */
export interface AdvisoryProductMatch extends ProductMatch {
  iotProduct: { id: string; name: Product["name"] };
  componentName: string | null;
  componentVersion: string | null;
}

export interface ProductComponent {
  /** '' for the product itself; else the document's component id, or the SBOM's ref. */
  id: string;
  source: "product" | "document" | "sbom";
  info: VexProductInfo;
}

interface StatusRow {
  product_id: string;
  vulnerability_id: string;
  status: VulnerabilityState;
  justification: string | null;
  status_detail: string | null;
  source: ProductVulnerability["source"];
  version: number;
  first_seen: Date;
  updated_at: Date;
  updated_by: string | null;
}

const statusOf = (row: StatusRow): ProductVulnerability => ({
  product: row.product_id,
  vulnerability: row.vulnerability_id,
  status: row.status,
  justification: row.justification,
  statusDetail: row.status_detail,
  source: row.source,
  version: row.version,
  firstSeen: new Date(row.first_seen).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
  updatedBy: row.updated_by,
});

const english = (text: Product["name"] | undefined) => textIn(text, "en") || textIn(text, "ja");

/**
 * The product and its components as matching items. The product itself is matched on its manufacturer,
 * model (else name), firmware version and CPE; each component of its document on its supplier, name,
 * version, purl and CPE; each SBOM component that the document does not list already. An SBOM component is
 * the document's (or the product itself) when its ref is the component's id, or its purl, its CPE, or its
 * name and version are the same (compared without case): most products list their main parts in the
 * document and all of them in the SBOM, and one part must not be matched, reviewed and exported twice.
 */
export function productInventory(product: Product, sbom: Sbom | undefined) {
  const items: InventoryItem[] = [];
  const owners = new Map<string, { asset: string; component: string }>();
  const components = new Map<string, ProductComponent>();
  const known = new Set<string>();
  const identities = (c: { name?: string; version?: string; purl?: string; cpe?: string }) =>
    [c.purl, c.cpe, c.name && c.version ? `${c.name}@${c.version}` : undefined]
      .filter((x): x is string => !!x)
      .map((x) => x.toLowerCase());
  const add = (id: string, source: ProductComponent["source"], item: InventoryItem, info: VexProductInfo) => {
    items.push(item);
    owners.set(item.id, { asset: product.id, component: id });
    components.set(id, { id, source, info });
    known.add(`ref:${id}`);
    for (const identity of identities({ ...info, ...(item.model ? { name: item.model } : {}) }))
      known.add(identity);
  };
  const vendor = english(product.manufacturer);
  add(
    "",
    "product",
    {
      id: "product",
      ...(vendor ? { vendor } : {}),
      // Advisories name a device by its model; the full name ("… industrial IoT gateway") rarely.
      product: product.model ?? english(product.name),
      ...(product.model ? { model: product.model } : {}),
      ...(product.firmwareVersion ? { version: product.firmwareVersion } : {}),
      ...(product.cpe ? { cpe: product.cpe } : {}),
    },
    {
      name: english(product.name) || product.id,
      ...(vendor ? { vendor } : {}),
      ...(product.firmwareVersion ? { version: product.firmwareVersion } : {}),
      ...(product.cpe ? { cpe: product.cpe } : {}),
      ...(product.model ? { modelNumbers: [product.model] } : {}),
      type: "device",
    },
  );
  for (const c of product.components ?? []) {
    const info: VexProductInfo = {
      name: c.name,
      version: c.version,
      ...(c.supplier ? { vendor: c.supplier } : {}),
      ...(c.purl ? { purl: c.purl } : {}),
      ...(c.cpe ? { cpe: c.cpe } : {}),
      type: "library",
    };
    add(c.id, "document", { id: `component:${c.id}`, product: c.name, ...info }, info);
  }
  for (const { component, item } of sbom ? componentItems(sbom, (ref) => `sbom:${ref}`) : []) {
    if (known.has(`ref:${component.ref}`) || identities(component).some((i) => known.has(i))) continue;
    add(component.ref, "sbom", item, {
      name: item.product ?? component.name,
      ...(component.version ? { version: component.version } : {}),
      ...(component.supplier ? { vendor: component.supplier } : {}),
      ...(component.purl ? { purl: component.purl } : {}),
      ...(component.cpe ? { cpe: component.cpe } : {}),
      type: component.type ?? "library",
    });
  }
  return { items, owners, components };
}

export function createProductVulnerabilityStore(
  db: Database,
  options: { clock: () => Date; products: ProductStore; vulnerabilities: VulnerabilityStore },
) {
  const { clock, products, vulnerabilities } = options;

  async function sbomTree(q: Queryable, productId: string): Promise<Sbom | undefined> {
    const [row] = await q.query<{ tree: Sbom }>("select tree from product_sboms where product_id = $1", [
      productId,
    ]);
    return row?.tree;
  }

  async function inventory(productId: string) {
    const record = await products.get(productId);
    return { product: record.data, ...productInventory(record.data, await sbomTree(db, productId)) };
  }

  /** Opens an "under investigation" status for every vulnerability an active match finds, once. */
  async function openStatuses(
    tx: Queryable,
    productId: string,
    matches: readonly StoredMatch[],
    actor: string | null,
  ) {
    const opened: string[] = [];
    const now = clock().toISOString();
    for (const vulnerability of new Set(findings(matches).map((f) => f.vulnerability))) {
      const inserted = await tx.query(
        `insert into product_vulnerabilities(product_id, vulnerability_id, status, source, first_seen, updated_at, updated_by)
         values ($1, $2, 'under-investigation', 'matching', $3, $3, $4) on conflict do nothing returning 1`,
        [productId, vulnerability, now, actor],
      );
      if (inserted.length) opened.push(vulnerability);
    }
    return opened;
  }

  async function loadStatus(q: Queryable, productId: string, vulnerability: string, lock = false) {
    const [row] = await q.query<StatusRow>(
      `select * from product_vulnerabilities where product_id = $1 and vulnerability_id = $2${lock ? " for update" : ""}`,
      [productId, vulnerability],
    );
    if (!row)
      refuse({ kind: "not-found", subject: `vulnerability ${vulnerability} of product ${productId}` });
    return row;
  }

  const store = {
    /** The product and its components as matching sees them (see `productInventory`). */
    inventory,

    /** Stores the product's SBOM (replacing the previous one) after checking the product exists. */
    async putSbom(productId: string, sbom: Sbom, text: string, actor: Actor) {
      await products.get(productId);
      const audit = {
        actor: actor.username,
        subjectType: "product-sbom",
        subjectId: productId,
        siteId: null,
      };
      const stored = await db.transaction((tx) =>
        writeSbom(tx, productSbomTable, [productId], sbom, text, audit, clock()),
      );
      return { product: productId, ...stored };
    },

    sbom: (productId: string) => readSbomRow(db, productSbomTable, [productId], productId),

    async deleteSbom(productId: string, actor: Actor) {
      const audit = {
        actor: actor.username,
        subjectType: "product-sbom",
        subjectId: productId,
        siteId: null,
      };
      await db.transaction((tx) => removeSbom(tx, productSbomTable, [productId], audit, clock()));
    },

    /**
     * Matches the product and its components against every current advisory and stores the result (the
     * site's code: matches that disappeared removed, reviews kept), opening a status for what an active
     * match finds. Nothing is matched or written when neither the advisories nor the identifiers changed.
     */
    async rematch(productId: string) {
      const input = { ...(await inventory(productId)), ...(await vulnerabilities.matching()) };
      const scope = { table: "products", id: productId } as const;
      const outcome = await rematchScope(
        db,
        productMatchTables,
        scope,
        input,
        clock,
        async (tx, saved, now) => {
          const opened = await openStatuses(tx, productId, saved.stored, null);
          if (saved.added || saved.removed || opened.length)
            await appendAudit(
              tx,
              {
                actor: null,
                action: "product.match",
                subjectType: "product",
                subjectId: productId,
                siteId: null,
                before: null,
                after: { added: saved.added, removed: saved.removed, opened },
              },
              now,
            );
          return opened.length;
        },
      );
      return { product: productId, ...outcome };
    },

    /** Matching as a job, deduplicated per product (after an SBOM import, a product save, an advisory import). */
    requestMatch: (productId: string, q: Queryable = db) =>
      enqueue(q, productMatchJob, { product: productId }, clock(), {
        dedupeKey: `${productMatchJob}:${productId}`,
      }),

    /** Matching of every product as jobs: after an advisory import. */
    async requestMatchAll() {
      for (const product of await products.list()) await store.requestMatch(product.id);
    },

    /** The job handlers for the server's worker; a product deleted since the job was queued is skipped. */
    handlers: {
      [productMatchJob]: async (job: Job) => {
        const productId = String(job.payload.product);
        const [held] = await db.query("select 1 from products where id = $1", [productId]);
        return held ? store.rematch(productId) : { product: productId, skipped: "deleted" };
      },
    },

    async matches(productId: string, filter: { review?: boolean } = {}): Promise<ProductMatch[]> {
      await products.get(productId);
      const all = await loadMatches(db, productMatchTables, productId);
      return vulnerabilities.named(filter.review ? all.filter(needsReview) : all);
    },

    /**
     * One advisory's matches across the products `visible` admits (every one by default), in product order,
     * each with its product's id and name and its component as the product knows it: name and version,
     * null when the product no longer lists it (until it is matched again). The advisory's page shows them.
     */
    async matchesOfAdvisory(
      advisoryKey: string,
      visible: (productId: string) => boolean = () => true,
    ): Promise<AdvisoryProductMatch[]> {
      const found = (await loadMatches(db, productMatchTables, null, { advisory: advisoryKey })).filter((m) =>
        visible(m.asset),
      );
      const inventories = new Map<string, Awaited<ReturnType<typeof inventory>>>();
      for (const id of new Set(found.map((m) => m.asset))) {
        try {
          inventories.set(id, await inventory(id));
        } catch (error) {
          // Deleted since the matches were read (they go with it): not shown.
          if (!(error instanceof Refusal && error.failure.kind === "not-found")) throw error;
        }
      }
      const named = await vulnerabilities.named(found.filter((m) => inventories.has(m.asset)));
      return named.map((m) => {
        const { product, components } = inventories.get(m.asset) as Awaited<ReturnType<typeof inventory>>;
        const part = components.get(m.component)?.info;
        return {
          ...m,
          iotProduct: { id: m.asset, name: product.name },
          componentName: part?.name ?? null,
          componentVersion: part?.version ?? null,
        };
      });
    },

    /** A person's verdict on a match; remembered for later revisions, and a confirmation opens its statuses. */
    async reviewMatch(
      productId: string,
      key: { component: string; advisory: string; product: string },
      decision: "confirmed" | "rejected",
      note: string,
      actor: Actor,
    ) {
      const audit = {
        actor: actor.username,
        action: "product-match.review",
        subjectType: "product-match",
        siteId: null,
      };
      const outcome = await db.transaction(async (tx) => {
        const match = await saveReview(
          tx,
          productMatchTables,
          productId,
          { asset: productId, ...key },
          decision,
          note,
          audit,
          clock(),
        );
        const opened = await openStatuses(tx, productId, [match], actor.username);
        return { match, opened: opened.length };
      });
      // Named after the transaction: PGlite has one connection, which the transaction holds.
      const [match] = await vulnerabilities.named([outcome.match]);
      return { match: match ?? outcome.match, opened: outcome.opened };
    },

    async statuses(productId: string): Promise<ProductVulnerability[]> {
      const rows = await db.query<StatusRow>(
        "select * from product_vulnerabilities where product_id = $1 order by vulnerability_id",
        [productId],
      );
      return rows.map(statusOf);
    },

    async status(productId: string, vulnerability: string): Promise<ProductVulnerability> {
      return statusOf(await loadStatus(db, productId, vulnerability));
    },

    /**
     * The product's vulnerabilities, each with our status, the components matching found it in (active
     * matches), and what the advisories say: titles, the best CVSS score for the matched products, their
     * remediations; KEV and EPSS when they were imported. Open ones first, then by CVSS, then by id.
     */
    async vulnerabilities(productId: string) {
      const [{ components }, statuses, matches, advisories, kev, epss] = await Promise.all([
        inventory(productId),
        store.statuses(productId),
        loadMatches(db, productMatchTables, productId),
        vulnerabilities.current(),
        vulnerabilities.kev(),
        vulnerabilities.epss(),
      ]);
      const active = matches.filter((m) => m.active);
      const ranked = rankCases({
        cases: statuses.map((s) => ({ ...s, asset: productId })),
        matches: active,
        advisories,
        ...(kev ? { kev: kev.entries } : {}),
        ...(epss ? { epss: epss.scores } : {}),
      });
      const open = (s: ProductVulnerability) => s.status === "affected" || s.status === "under-investigation";
      const items = ranked.map((r) => {
        const { asset: _product, ...status } = r.case;
        const found = active.filter((m) => m.vulnerabilities.some((v) => v.id === status.vulnerability));
        return {
          vulnerability: status as ProductVulnerability,
          cvss: r.cvss as AdvisoryScore | null,
          kev: r.kev as KevEntry | null,
          epss: r.epss,
          advisories: r.advisories as { key: string; title: string; remediations: AdvisoryRemediation[] }[],
          components: [...new Set(found.map((m) => m.component))].sort().map((id) => {
            const part = components.get(id);
            const match = found.find((m) => m.component === id) as StoredMatch;
            return {
              id,
              name: part?.info.name ?? id,
              version: part?.info.version ?? null,
              advisory: match.advisory,
              certain: match.certain,
            };
          }),
        };
      });
      items.sort(
        (a, b) =>
          Number(open(b.vulnerability)) - Number(open(a.vulnerability)) ||
          (b.cvss?.baseScore ?? -1) - (a.cvss?.baseScore ?? -1) ||
          (a.vulnerability.vulnerability < b.vulnerability.vulnerability ? -1 : 1),
      );
      return {
        items,
        reference: {
          kev: kev ? { version: kev.version, importedAt: kev.importedAt } : null,
          epss: epss ? { version: epss.version, importedAt: epss.importedAt } : null,
        },
      };
    },

    /**
     * The manufacturer's status of one vulnerability for the product, by the rules of a case's status
     * ("not affected" needs a justification), against the version the caller read (If-Match).
     */
    async setStatus(
      productId: string,
      vulnerability: string,
      change: StatusChange,
      expectedVersion: number | undefined,
      actor: Actor,
    ): Promise<ProductVulnerability> {
      return db.transaction(async (tx) => {
        const row = await loadStatus(tx, productId, vulnerability, true);
        const subject = `vulnerability ${vulnerability} of product ${productId}`;
        if (expectedVersion === undefined) refuse({ kind: "precondition-required", subject });
        expectVersion(row, expectedVersion, subject);
        const current = statusOf(row);
        // The store refuses what the API's schema does, for callers that are not the API (the CLI).
        if (change.justification && plantJustifications.includes(change.justification as Justification))
          refuse({
            kind: "semantic",
            problems: [
              problem("invalid", ["justification"], {
                message: `${change.justification} is said of a plant's asset, not of a product`,
              }),
            ],
          });
        const next = changedStatus(current, change);
        const now = clock();
        const updated: ProductVulnerability = {
          ...current,
          ...next,
          source: "person",
          version: current.version + 1,
          updatedAt: now.toISOString(),
          updatedBy: actor.username,
        };
        await tx.query(
          `update product_vulnerabilities set status = $3, justification = $4, status_detail = $5, source = 'person',
             version = version + 1, updated_at = $6, updated_by = $7
           where product_id = $1 and vulnerability_id = $2`,
          [
            productId,
            vulnerability,
            updated.status,
            updated.justification,
            updated.statusDetail,
            updated.updatedAt,
            actor.username,
          ],
        );
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: "product-vulnerability.update",
            subjectType: "product-vulnerability",
            subjectId: `${productId}|${vulnerability}`,
            siteId: null,
            before: current,
            after: updated,
          },
          now,
        );
        return updated;
      });
    },

    /**
     * The manufacturer's statuses as VEX for its customers: CSAF 2.0 `csaf_vex` (publisher category
     * "vendor") or CycloneDX 1.6. Product ids name the product (`mamori:product/<id>`) and, for every
     * component an active match found the vulnerability in, the component with the same status
     * (`mamori:product/<id>/component/<component>`), so a customer scanning the SBOM sees the verdict on
     * the part it flagged. The product's PSIRT contact is the publisher's namespace and contact, if given.
     */
    async vex(productId: string, format: "csaf" | "cyclonedx", now: Date) {
      const [{ product, components }, statuses, matches] = await Promise.all([
        inventory(productId),
        store.statuses(productId),
        loadMatches(db, productMatchTables, productId),
      ]);
      const active = matches.filter((m) => m.active);
      const pending = {
        action: `${english(product.manufacturer) || "The manufacturer"} is assessing the fix; see its security advisories.`,
      };
      const parts: Record<string, VexProductInfo> = {};
      const written: VulnerabilityStatus[] = [];
      for (const s of statuses) {
        written.push(vexStatusOf(s, { asset: productId }, pending));
        const found = new Set(
          active
            .filter((m) => m.component && m.vulnerabilities.some((v) => v.id === s.vulnerability))
            .map((m) => m.component),
        );
        for (const id of [...found].sort()) {
          const part = components.get(id);
          if (!part) continue;
          parts[id] = part.info;
          written.push(vexStatusOf(s, { asset: productId, component: id }, pending));
        }
      }
      const vexProducts: VexProducts = {
        kind: "product",
        assets: { [productId]: components.get("")?.info ?? { name: productId } },
        components: { [productId]: parts },
      };
      const psirt = (product.contacts ?? []).find((c) => c.kind === "psirt");
      const publisher = english(product.manufacturer) || productId;
      const stamp = now.toISOString();
      if (format === "cyclonedx")
        return toCycloneDxVex(written, { products: vexProducts, now: stamp, publisher });
      return toCsafVex(written, {
        publisher: {
          name: publisher,
          namespace: psirt?.url ?? `https://mamori.invalid/products/${encodeURIComponent(productId)}`,
          category: "vendor",
          ...(psirt?.email ? { contactDetails: psirt.email } : {}),
        },
        trackingId: `${productId}-vex-${stamp.slice(0, 10)}`,
        version: "1",
        now: stamp,
        products: vexProducts,
        title: `VEX: ${english(product.name) || productId}`,
      });
    },
  };
  return store;
}

import type { AdvisorySummary } from "./advisory.js";
import type { AdvisoryProduct, ProductState } from "./csaf-products.js";
import {
  type Confidence,
  type InventoryItem,
  type MatchReason,
  matchInventory,
  type VersionVerdict,
} from "./match.js";
import { type OsvRecord, osvAffects } from "./osv.js";
import { parsePurl } from "./purl.js";

/** An advisory as Mamori keeps it: CSAF's summary, or an OSV record as read. */
export type KnownAdvisory =
  | { readonly format: "csaf"; readonly summary: AdvisorySummary }
  | { readonly format: "osv"; readonly record: OsvRecord };

/** A match of one advisory product against an asset or one of its SBOM components ("" = the asset). */
export interface SiteMatch {
  readonly asset: string;
  readonly component: string;
  readonly advisory: string;
  readonly product: string;
  readonly confidence: Confidence;
  readonly version: VersionVerdict;
  readonly certain: boolean;
  readonly reasons: readonly MatchReason[];
  /** What each vulnerability of the advisory says about the matched product. */
  readonly vulnerabilities: readonly { readonly id: string; readonly state: ProductState }[];
}

const separator = "\u0000";

/**
 * Every advisory against a site's inventory (assets and SBOM components; `owners` says which asset and
 * component each item id stands for). CSAF products are matched by `matchInventory` in one pass over all
 * advisories' products; OSV records by package name against the items' purls, then `osvAffects` decides.
 * Sorted, so the same inputs give the same list.
 */
export function matchSiteInventory(
  items: readonly InventoryItem[],
  owners: ReadonlyMap<string, { readonly asset: string; readonly component: string }>,
  advisories: ReadonlyMap<string, KnownAdvisory>,
): SiteMatch[] {
  const products: AdvisoryProduct[] = [];
  const osvByName = new Map<string, { key: string; record: OsvRecord }[]>();
  for (const [key, advisory] of advisories) {
    if (advisory.format === "csaf") {
      for (const product of advisory.summary.products)
        products.push({ ...product, productId: `${key}${separator}${product.productId}` });
      continue;
    }
    for (const affected of advisory.record.affected) {
      const name = affected.package ? packageName(affected.package.name) : undefined;
      if (!name) continue;
      const list = osvByName.get(name) ?? [];
      if (!list.some((entry) => entry.key === key)) list.push({ key, record: advisory.record });
      osvByName.set(name, list);
    }
  }
  const results: SiteMatch[] = [];
  for (const match of matchInventory(items, products)) {
    const owner = owners.get(match.item);
    const cut = match.product.indexOf(separator);
    const key = match.product.slice(0, cut);
    const productId = match.product.slice(cut + 1);
    const advisory = advisories.get(key);
    if (!owner || advisory?.format !== "csaf") continue;
    results.push({
      asset: owner.asset,
      component: owner.component,
      advisory: key,
      product: productId,
      confidence: match.confidence,
      version: match.version,
      certain: match.certain,
      reasons: match.reasons,
      vulnerabilities: advisory.summary.vulnerabilities.flatMap((v) => {
        const state = v.states[productId];
        return state ? [{ id: v.id, state }] : [];
      }),
    });
  }
  for (const item of items) {
    const owner = owners.get(item.id);
    if (!owner || !item.purl) continue;
    const parsed = parsePurl(item.purl);
    if (!parsed.ok) continue;
    for (const { key, record } of osvByName.get(parsed.value.name.toLowerCase()) ?? []) {
      const version = parsed.value.version ?? item.version;
      const query = version ? { purl: item.purl, version } : { purl: item.purl };
      const affects = osvAffects(record, query);
      if (affects === false) continue;
      const entry = record.affected.find(
        (a) => a.package && packageName(a.package.name) === parsed.value.name.toLowerCase(),
      );
      const id = record.aliases.find((a) => /^CVE-\d{4}-\d+$/.test(a)) ?? record.id;
      results.push({
        asset: owner.asset,
        component: owner.component,
        advisory: key,
        product: entry?.package ? `${entry.package.ecosystem}:${entry.package.name}` : record.id,
        confidence: "identifier-range",
        version: affects === true ? "affected-version" : "unknown",
        certain: affects === true,
        reasons: [
          {
            code: affects === true ? "osv-range" : "osv-range-incomparable",
            params: { purl: item.purl, record: record.id, version: version ?? "" },
          },
        ],
        vulnerabilities: [{ id, state: "affected" }],
      });
    }
  }
  const order = (m: SiteMatch) => [m.asset, m.component, m.advisory, m.product].join(separator);
  return results.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/** The last segment of an OSV package name as a purl would name it: `github.com/x/y` → `y`, `g:a` → `a`. */
function packageName(name: string): string {
  return (name.split(/[/:]/).at(-1) ?? name).toLowerCase();
}

import type { AdvisorySummary } from "./advisory.js";
import { type AdvisoryIndex, buildAdvisoryIndex } from "./advisory-index.js";
import type { ProductState } from "./csaf-products.js";
import type { Confidence, InventoryItem, MatchReason, VersionVerdict } from "./match.js";
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
 * The advisories as matching uses them: CSAF ones indexed by identifier and vendor (`advisory-index.ts`),
 * OSV ones by package name. Built once per set of advisories (the store keeps it per import generation).
 */
export interface SiteMatcher {
  readonly advisories: ReadonlyMap<string, KnownAdvisory>;
  readonly csaf: AdvisoryIndex;
  readonly osvByName: ReadonlyMap<string, readonly { key: string; record: OsvRecord }[]>;
}

export function prepareSiteMatcher(advisories: ReadonlyMap<string, KnownAdvisory>): SiteMatcher {
  const summaries: AdvisorySummary[] = [];
  const osvByName = new Map<string, { key: string; record: OsvRecord }[]>();
  for (const [key, advisory] of advisories) {
    // The index reports advisories by their summary's key; the store's key must be the same one.
    if (advisory.format === "csaf") {
      summaries.push(advisory.summary.key === key ? advisory.summary : { ...advisory.summary, key });
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
  return { advisories, csaf: buildAdvisoryIndex(summaries), osvByName };
}

/**
 * Every advisory against a site's inventory (assets and SBOM components; `owners` says which asset and
 * component each item id stands for). CSAF products through the index (exactly `matchProduct` on every
 * pair, without trying each); OSV records by package name against the items' purls, then `osvAffects`
 * decides. Sorted, so the same inputs give the same list.
 */
export function matchSiteInventory(
  items: readonly InventoryItem[],
  owners: ReadonlyMap<string, { readonly asset: string; readonly component: string }>,
  matcher: SiteMatcher,
): SiteMatch[] {
  const results: SiteMatch[] = [];
  for (const match of matcher.csaf.match(items)) {
    const owner = owners.get(match.item);
    if (!owner) continue;
    results.push({
      asset: owner.asset,
      component: owner.component,
      advisory: match.advisory,
      product: match.product,
      confidence: match.confidence,
      version: match.version,
      certain: match.certain,
      reasons: match.reasons,
      vulnerabilities: match.vulnerabilities,
    });
  }
  const osvByName = matcher.osvByName;
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

import type { AdvisoryRemediation, AdvisoryScore } from "../../../../src/advisories/advisory";
import type { EpssScore, KevEntry } from "../../../../src/advisories/kev";
import type { Sbom, SbomComponent } from "../../../../src/advisories/sbom";
import { api, call, type Result } from "../../api/client";
import type { components, paths } from "../../api/schema";
import { useSignedIn } from "../../session";

/**
 * What the product pages read and send, as the API documents it (generated types), plus the shapes the API
 * declares as `unknown` (scores, KEV and EPSS entries, remediations), named from the pure core.
 */
type Ok<T> = T extends { responses: { 200: { content: { "application/json": infer B } } } } ? B : never;

export type ProductSummary = Ok<paths["/api/products"]["get"]>["items"][number];
export type ProductRecord = Ok<paths["/api/products/{product}"]["get"]>;
export type ProductMatch = components["schemas"]["ProductVulnerabilityMatch"];
export type ProductVulnerability = components["schemas"]["ProductVulnerability"];
export type ProductVulnerabilityChange = components["schemas"]["ProductVulnerabilityChange"];
export type ProductSbom = Ok<paths["/api/products/{product}/sbom"]["get"]>;

type Listed = Ok<paths["/api/products/{product}/vulnerabilities"]["get"]>;
type ListedItem = Listed["items"][number];

/** One vulnerability of the product with what the advisories, KEV and EPSS say about it. */
export type ProductVulnerabilityItem = Omit<ListedItem, "cvss" | "kev" | "epss" | "advisories"> & {
  cvss: AdvisoryScore | null;
  kev: KevEntry | null;
  epss: EpssScore | null;
  advisories: { key: string; title: string; remediations: AdvisoryRemediation[] }[];
};
export type ProductVulnerabilities = Omit<Listed, "items"> & { items: ProductVulnerabilityItem[] };

/**
 * The number of components of an SBOM as the server counts them when it stores one (`flattenComponents` in
 * src/advisories/sbom.ts: the described component and every component, nested ones included). Counted here
 * because the API sends the tree, not the count, and sbom.ts would bring its XML parser into the page.
 */
export function componentCount(tree: Sbom): number {
  const count = (c: SbomComponent): number => 1 + c.children.reduce((n, child) => n + count(child), 0);
  return (
    (tree.metadataComponent ? count(tree.metadataComponent) : 0) +
    tree.components.reduce((n, c) => n + count(c), 0)
  );
}

export function productLink(product: string): string {
  return `/products/${encodeURIComponent(product)}`;
}

export type ProductPermission = "product:read" | "product:edit";

/**
 * What the signed-in user may do on a product, as the session reports it: administrators everything, others
 * what their membership of the product lists. (The server still checks every request.)
 */
export function useProductPermissions(product: string): (permission: ProductPermission) => boolean {
  const { me } = useSignedIn();
  const granted = new Set<string>();
  for (const membership of me.memberships)
    if (membership.scope === "product" && membership.scopeId === product)
      for (const p of membership.permissions) granted.add(p);
  return (permission) => me.isAdmin || granted.has(permission);
}

/** Whether the user sees any product: administrators, and members of a product. */
export function seesProducts(me: { isAdmin: boolean; memberships: { scope: string }[] }): boolean {
  return me.isAdmin || me.memberships.some((m) => m.scope === "product");
}

/** The product's SBOM, or null when none has been imported (the API answers 404). */
export async function loadSbom(product: string): Promise<Result<ProductSbom | null>> {
  const result = await call(api.GET("/api/products/{product}/sbom", { params: { path: { product } } }));
  if (!result.ok && result.error.status === 404) return { ok: true, data: null };
  return result;
}

/** The product's vulnerabilities, with the shapes the API leaves as `unknown` named. */
export function loadVulnerabilities(product: string): Promise<Result<ProductVulnerabilities>> {
  return call(
    api.GET("/api/products/{product}/vulnerabilities", { params: { path: { product } } }),
  ) as Promise<Result<ProductVulnerabilities>>;
}

/** The SBOM as Mamori keeps it (the API declares it `unknown`). */
export function sbomTree(sbom: ProductSbom): Sbom {
  return sbom.sbom as Sbom;
}

export async function patchStatus(
  product: string,
  vulnerability: string,
  version: number,
  change: ProductVulnerabilityChange,
): Promise<Result<ProductVulnerability>> {
  return call(
    api.PATCH("/api/products/{product}/vulnerabilities/{vulnerability}", {
      params: { path: { product, vulnerability } },
      headers: { "If-Match": `"${version}"` },
      body: change,
    }),
  );
}

import type { Membership, Principal, SiteRole } from "../store/accounts.js";

/**
 * Who may do what. Every route names one permission (see `x-mamori-permission` in the OpenAPI
 * document); the guard in routing.ts checks it before the request body is even read. Site and product
 * permissions come from the user's membership; administrators hold all of them except approving risk
 * acceptance, which the guideline gives to management.
 */
export const sitePermissions = [
  "site:read",
  "site:export",
  "site:edit",
  "site:members",
  "site:audit",
  "site:treat",
  "site:approve",
  // Assets and conduits: vendors see and edit those their organisation maintains.
  "site:read-maintained",
  "site:edit-maintained",
] as const;
export type SitePermission = (typeof sitePermissions)[number];

export const productPermissions = ["product:read", "product:edit"] as const;
export type ProductPermission = (typeof productPermissions)[number];

export type Permission = "public" | "authenticated" | "admin" | SitePermission | ProductPermission;

export const siteRolePermissions: Record<SiteRole, readonly SitePermission[]> = {
  "security-lead": [
    "site:read",
    "site:export",
    "site:edit",
    "site:members",
    "site:audit",
    "site:treat",
    "site:read-maintained",
    "site:edit-maintained",
  ],
  editor: ["site:read", "site:export", "site:edit", "site:read-maintained", "site:edit-maintained"],
  viewer: ["site:read", "site:export", "site:audit", "site:read-maintained"],
  management: ["site:read", "site:export", "site:treat", "site:approve", "site:read-maintained"],
  vendor: ["site:read-maintained", "site:edit-maintained"],
};

const productRolePermissions: Record<SiteRole, readonly ProductPermission[]> = {
  "security-lead": ["product:read", "product:edit"],
  editor: ["product:read", "product:edit"],
  viewer: ["product:read"],
  management: ["product:read"],
  vendor: [],
};

export function membershipOf(
  principal: Principal,
  scope: Membership["scope"],
  id: string,
): Membership | undefined {
  return principal.memberships.find((m) => m.scope === scope && m.scopeId === id);
}

export function mayOnSite(principal: Principal, permission: SitePermission, siteId: string): boolean {
  if (principal.isAdmin && permission !== "site:approve") return true;
  const membership = membershipOf(principal, "site", siteId);
  return membership !== undefined && siteRolePermissions[membership.role].includes(permission);
}

export function mayOnProduct(
  principal: Principal,
  permission: ProductPermission,
  productId: string,
): boolean {
  if (principal.isAdmin) return true;
  const membership = membershipOf(principal, "product", productId);
  return membership !== undefined && productRolePermissions[membership.role].includes(permission);
}

/** The organisation a vendor acts for on a site, when that is all the user is there. */
export function vendorOrganisation(principal: Principal, siteId: string): string | undefined {
  if (principal.isAdmin) return undefined;
  const membership = membershipOf(principal, "site", siteId);
  return membership?.role === "vendor" ? (membership.organisation ?? undefined) : undefined;
}

/** What the web UI shows or hides for this user on a site (the server still checks every request). */
export function sitePermissionsOf(principal: Principal, siteId: string): SitePermission[] {
  return sitePermissions.filter((permission) => mayOnSite(principal, permission, siteId));
}

export function productPermissionsOf(principal: Principal, productId: string): ProductPermission[] {
  return productPermissions.filter((permission) => mayOnProduct(principal, permission, productId));
}

import { useSignedIn } from "../../session";

export type SitePermission =
  | "site:read"
  | "site:export"
  | "site:edit"
  | "site:members"
  | "site:audit"
  | "site:treat"
  | "site:approve"
  | "site:read-maintained"
  | "site:edit-maintained";

/** What the signed-in user may do on a site, as the server reported it with the site list. */
export function useSitePermissions(site: string): (permission: SitePermission) => boolean {
  const { me, sites } = useSignedIn();
  const granted = new Set(sites.find((s) => s.id === site)?.permissions ?? []);
  for (const membership of me.memberships)
    if (membership.scope === "site" && membership.scopeId === site)
      for (const p of membership.permissions) granted.add(p);
  return (permission) => granted.has(permission) || (me.isAdmin && permission !== "site:approve");
}

import { type ComponentType, type LazyExoticComponent, lazy } from "react";
import type { ja } from "./i18n/ja";

/**
 * The pages of a site's workspace, in the order of the guideline's steps. The navigation is drawn from
 * this table and every page is loaded on demand (its own chunk).
 */
export type NavKey = keyof typeof ja.nav;

export interface SitePage {
  path: string;
  label: NavKey;
  page: LazyExoticComponent<ComponentType>;
  /** Shown only to administrators, or to whoever `visible` admits. */
  adminOnly?: boolean;
  visible?: (me: { isAdmin: boolean; memberships: { permissions: string[] }[] }) => boolean;
}

export interface NavGroup {
  label: NavKey;
  pages: SitePage[];
}

export const siteOverview: SitePage = {
  path: "",
  label: "overview",
  page: lazy(() => import("./pages/site/Overview")),
};

export const siteNav: NavGroup[] = [
  {
    label: "phase1",
    pages: [
      { path: "step/1-1", label: "step1_1", page: lazy(() => import("./pages/site/Step1_1")) },
      { path: "step/1-2", label: "step1_2", page: lazy(() => import("./pages/site/Step1_2")) },
      { path: "step/1-3", label: "step1_3", page: lazy(() => import("./pages/site/Step1_3")) },
      { path: "step/1-4", label: "step1_4", page: lazy(() => import("./pages/site/Step1_4")) },
      { path: "step/1-5", label: "step1_5", page: lazy(() => import("./pages/site/Step1_5")) },
      { path: "step/1-6", label: "step1_6", page: lazy(() => import("./pages/site/Step1_6")) },
      { path: "step/1-7", label: "step1_7", page: lazy(() => import("./pages/site/Step1_7")) },
    ],
  },
  {
    label: "phase2",
    pages: [
      { path: "step/2-1", label: "step2_1", page: lazy(() => import("./pages/site/Step2_1")) },
      { path: "step/2-2", label: "step2_2", page: lazy(() => import("./pages/site/Step2_2")) },
    ],
  },
  {
    label: "results",
    pages: [
      { path: "analysis", label: "analysis", page: lazy(() => import("./pages/site/Analysis")) },
      { path: "diagram", label: "diagram", page: lazy(() => import("./pages/site/Diagram")) },
    ],
  },
  {
    label: "phase3",
    pages: [
      {
        path: "vulnerabilities",
        label: "vulnerabilities",
        page: lazy(() => import("./pages/site/Vulnerabilities")),
      },
      // Advisories are the installation's, not a site's: the link leaves the site (like administration).
      { path: "/advisories", label: "advisories", page: lazy(() => import("./pages/Advisories")) },
    ],
  },
];

/** Pages of a site opened from other pages rather than from the navigation. */
export const siteSubPages: { path: string; page: LazyExoticComponent<ComponentType> }[] = [
  {
    path: "vulnerabilities/:asset/:vulnerability",
    page: lazy(() => import("./pages/site/VulnerabilityCase")),
  },
];

/**
 * The IoT products (the manufacturer's PSIRT work): outside any site, linked from the header for the users who
 * see products (the server answers each with what the user may read).
 */
export const productPages: { path: string; page: LazyExoticComponent<ComponentType> }[] = [
  { path: "/products", page: lazy(() => import("./pages/Products")) },
  { path: "/products/:productId", page: lazy(() => import("./pages/Product")) },
];

/** Pages outside any site, open to everyone signed in (absolute `path` entries of `siteNav` included). */
export const appPages: { path: string; page: LazyExoticComponent<ComponentType> }[] = [
  ...siteNav.flatMap((group) => group.pages.filter((page) => page.path.startsWith("/"))),
  { path: "/advisories/:key", page: lazy(() => import("./pages/Advisory")) },
  ...productPages,
];

/** Administration (users, audit log) is not per site; linked from a site's navigation for admins. */
export const adminNav: NavGroup = {
  label: "admin",
  pages: [
    {
      path: "/admin/users",
      label: "users",
      page: lazy(() => import("./pages/admin/Users")),
      // Everyone reaches it for their own API tokens; the accounts part is the administrators'.
      visible: () => true,
    },
    {
      path: "/admin/audit",
      label: "audit",
      page: lazy(() => import("./pages/admin/Audit")),
      visible: (me) => me.isAdmin || me.memberships.some((m) => m.permissions.includes("site:audit")),
    },
  ],
};

export const SetupPage = lazy(() => import("./pages/Setup"));
export const LoginPage = lazy(() => import("./pages/Login"));
export const SiteListPage = lazy(() => import("./pages/SiteList"));
export const NotFoundPage = lazy(() => import("./pages/NotFound"));

import { createRoute, type OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Language } from "../i18n/index.js";
import type { Services } from "../server/services.js";
import type { Principal } from "../store/accounts.js";
import { refuse } from "../store/failure.js";
import { mayOnProduct, mayOnSite, type Permission } from "./access.js";
import { ProblemDetails } from "./errors.js";

export interface ApiEnv {
  Variables: {
    services: Services;
    principal: Principal | undefined;
    lang: Language;
    /** The raw session token, for logout. */
    sessionToken: string | undefined;
  };
}
export type ApiApp = OpenAPIHono<ApiEnv>;
export type ApiContext = Context<ApiEnv>;

export const sessionCookie = "mamori_session";
export const csrfHeader = "x-csrf-token";

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Resolves who is calling: a bearer token, else the session cookie. Never refuses by itself. */
export function identify(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const { accounts } = c.get("services");
    const authorization = c.req.header("authorization");
    let principal: Principal | undefined;
    if (authorization?.toLowerCase().startsWith("bearer ")) {
      principal = await accounts.principalFromToken(authorization.slice(7).trim());
      // A wrong token is an error even on public routes, so automation notices a revoked token at once.
      if (!principal) refuse({ kind: "unauthenticated" });
    } else {
      const token = getCookie(c, sessionCookie);
      if (token) {
        principal = await accounts.principalFromSession(token);
        c.set("sessionToken", token);
      }
    }
    c.set("principal", principal);
    await next();
  };
}

export function requirePrincipal(c: ApiContext): Principal {
  const principal = c.get("principal");
  if (!principal) refuse({ kind: "unauthenticated" });
  return principal;
}

/** The permission check every route runs before its body is read. */
export function guard(permission: Permission): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (permission === "public") return next();
    const principal = requirePrincipal(c);
    if (unsafeMethods.has(c.req.method)) {
      if (principal.via === "token" && principal.scope !== "write")
        refuse({ kind: "forbidden", reason: "read-only-token" });
      // Cookie-authenticated writes must echo the session's CSRF token, which a foreign page cannot read.
      if (principal.via === "session" && c.req.header(csrfHeader) !== principal.csrfToken)
        refuse({ kind: "forbidden", reason: "csrf" });
    }
    if (permission === "authenticated") return next();
    if (permission === "admin") {
      if (!principal.isAdmin) refuse({ kind: "forbidden", reason: "admin-only" });
      return next();
    }
    if (permission.startsWith("site:")) {
      // Site routes name the site in the path; the audit log, which spans sites, in the query, where only
      // administrators (who see every site) may leave it out.
      const site = c.req.param("site") ?? c.req.query("site");
      const allowed =
        site === undefined
          ? principal.isAdmin && permission !== "site:approve"
          : mayOnSite(principal, permission as Parameters<typeof mayOnSite>[1], site);
      if (!allowed) refuse({ kind: "forbidden", reason: permission });
      return next();
    }
    const product = c.req.param("product");
    if (!product || !mayOnProduct(principal, permission as Parameters<typeof mayOnProduct>[1], product))
      refuse({ kind: "forbidden", reason: permission });
    return next();
  };
}

export const errorResponses = {
  400: {
    description: "Invalid request; one problem per JSON pointer",
    content: { "application/problem+json": { schema: ProblemDetails } },
  },
  401: { description: "Not signed in", content: { "application/problem+json": { schema: ProblemDetails } } },
  403: { description: "Not permitted", content: { "application/problem+json": { schema: ProblemDetails } } },
} as const;

/**
 * Declares a route: its OpenAPI description, the permission it needs (checked by `guard` and published as
 * `x-mamori-permission`, which the route-by-route access test reads), and the shared error responses.
 */
export function route<const R extends Omit<RouteConfig, "middleware">>(permission: Permission, config: R) {
  return createRoute({
    ...config,
    middleware: guard(permission),
    "x-mamori-permission": permission,
    ...(permission === "public" ? {} : { security: [{ session: [] }, { token: [] }] }),
    responses: { ...errorResponses, ...config.responses },
  } as R & { middleware: MiddlewareHandler<ApiEnv> });
}

export function ifMatch(c: ApiContext): number | undefined {
  const header = c.req.header("if-match");
  if (!header) return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  return match ? Number(match[1]) : -1;
}

export function etag(version: number): string {
  return `"${version}"`;
}

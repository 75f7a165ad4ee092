import { z } from "@hono/zod-openapi";
import { deleteCookie, setCookie } from "hono/cookie";
import { refuse } from "../../store/failure.js";
import { productPermissionsOf, sitePermissionsOf } from "../access.js";
import type { ApiApp, ApiContext } from "../routing.js";
import { requirePrincipal, route, sessionCookie } from "../routing.js";
import { User } from "./users.js";

const Credentials = z
  .object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1024) })
  .strict()
  .openapi("Credentials");

const Membership = z.object({
  scope: z.enum(["site", "product"]),
  scopeId: z.string(),
  role: z.enum(["security-lead", "editor", "viewer", "management", "vendor"]),
  organisation: z.string().nullable(),
  permissions: z.array(z.string()),
});

export const Me = z
  .object({
    userId: z.string(),
    username: z.string(),
    displayName: z.string(),
    isAdmin: z.boolean(),
    via: z.enum(["session", "token"]),
    csrfToken: z.string().optional().describe("Send as X-CSRF-Token with every cookie-authenticated write"),
    memberships: z.array(Membership),
  })
  .openapi("Me");

/** Per-address login attempts, in memory: a burst from one address is slowed before accounts lock. */
function loginLimiter(perMinute: number, clock: () => Date) {
  const attempts = new Map<string, number[]>();
  return (address: string): number | undefined => {
    const now = clock().getTime();
    const recent = (attempts.get(address) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= perMinute) return Math.ceil((60_000 - (now - (recent[0] ?? now))) / 1000);
    recent.push(now);
    attempts.set(address, recent);
    if (attempts.size > 10_000) attempts.clear();
    return undefined;
  };
}

function secure(c: ApiContext): boolean {
  const setting = c.get("services").config.secureCookies;
  if (setting !== "auto") return setting === "always";
  return new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
}

function meOf(c: ApiContext): z.infer<typeof Me> {
  const principal = requirePrincipal(c);
  return {
    userId: principal.userId,
    username: principal.username,
    displayName: principal.displayName,
    isAdmin: principal.isAdmin,
    via: principal.via,
    ...(principal.csrfToken ? { csrfToken: principal.csrfToken } : {}),
    memberships: principal.memberships.map((m) => ({
      ...m,
      permissions:
        m.scope === "site"
          ? sitePermissionsOf(principal, m.scopeId)
          : productPermissionsOf(principal, m.scopeId),
    })),
  };
}

export function sessionRoutes(app: ApiApp, clientAddress: (c: ApiContext) => string) {
  const limit = loginLimiter(20, () => new Date());

  app.openapi(
    route("public", {
      method: "get",
      path: "/api/setup",
      tags: ["session"],
      summary: "Whether the first administrator still has to be created",
      responses: {
        200: {
          description: "Setup state",
          content: { "application/json": { schema: z.object({ needed: z.boolean() }) } },
        },
      },
    }),
    async (c) => c.json({ needed: await c.get("services").accounts.needsSetup() }, 200),
  );

  app.openapi(
    route("public", {
      method: "post",
      path: "/api/setup",
      tags: ["session"],
      summary: "First run: create the first administrator (refused once any user exists)",
      request: {
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z
                .object({
                  username: z.string(),
                  displayName: z.string().min(1).max(200).optional(),
                  password: z.string(),
                })
                .strict(),
            },
          },
        },
      },
      responses: {
        201: { description: "Administrator created", content: { "application/json": { schema: User } } },
        409: { description: "Setup already done" },
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const user = await c.get("services").accounts.setup(body);
      return c.json(user, 201);
    },
  );

  app.openapi(
    route("public", {
      method: "post",
      path: "/api/auth/login",
      tags: ["session"],
      summary: "Sign in; sets an HttpOnly session cookie",
      request: { body: { required: true, content: { "application/json": { schema: Credentials } } } },
      responses: {
        200: { description: "Signed in", content: { "application/json": { schema: Me } } },
        429: { description: "Too many attempts from this address, or the account is locked for a while" },
      },
    }),
    async (c) => {
      const { username, password } = c.req.valid("json");
      const wait = limit(clientAddress(c));
      if (wait !== undefined) refuse({ kind: "rate-limited", retryAfterSeconds: wait });
      const outcome = await c.get("services").accounts.login(username, password);
      if ("failure" in outcome) {
        if (outcome.failure === "locked") {
          const until = outcome.until ? Date.parse(outcome.until) : Date.now();
          refuse({
            kind: "rate-limited",
            retryAfterSeconds: Math.max(1, Math.ceil((until - Date.now()) / 1000)),
          });
        }
        refuse({ kind: "unauthenticated" });
      }
      setCookie(c, sessionCookie, outcome.sessionToken, {
        httpOnly: true,
        sameSite: "Strict",
        secure: secure(c),
        path: "/",
        maxAge: c.get("services").config.sessionHours * 3600,
      });
      c.set("principal", outcome.principal);
      return c.json(meOf(c), 200);
    },
  );

  app.openapi(
    route("authenticated", {
      method: "post",
      path: "/api/auth/logout",
      tags: ["session"],
      summary: "Sign out: ends the session",
      responses: { 204: { description: "Signed out" } },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const token = c.get("sessionToken");
      if (token) await c.get("services").accounts.logout(token, principal);
      deleteCookie(c, sessionCookie, { path: "/" });
      return c.body(null, 204);
    },
  );

  app.openapi(
    route("authenticated", {
      method: "get",
      path: "/api/auth/me",
      tags: ["session"],
      summary: "Who is signed in, their roles and what they may do on each site",
      responses: { 200: { description: "The caller", content: { "application/json": { schema: Me } } } },
    }),
    (c) => c.json(meOf(c), 200),
  );

  app.openapi(
    route("authenticated", {
      method: "post",
      path: "/api/auth/password",
      tags: ["session"],
      summary: "Change one's own password (ends all sessions)",
      request: {
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z
                .object({ currentPassword: z.string().max(1024), newPassword: z.string().max(1024) })
                .strict(),
            },
          },
        },
      },
      responses: { 204: { description: "Changed" } },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const { currentPassword, newPassword } = c.req.valid("json");
      const { accounts } = c.get("services");
      const check = await accounts.login(principal.username, currentPassword);
      if ("failure" in check) refuse({ kind: "forbidden", reason: "wrong-current-password" });
      await accounts.resetPassword(principal.userId, newPassword, principal.username);
      deleteCookie(c, sessionCookie, { path: "/" });
      return c.body(null, 204);
    },
  );
}

import { z } from "@hono/zod-openapi";
import { auditCsv, listAudit, verifyAudit } from "../../store/audit.js";
import { refuse } from "../../store/failure.js";
import { getJob } from "../../store/jobs.js";
import { mayOnSite } from "../access.js";
import type { ApiApp } from "../routing.js";
import { etag, ifMatch, requirePrincipal, route } from "../routing.js";

export const User = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    isAdmin: z.boolean(),
    disabled: z.boolean(),
    lockedUntil: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("User");

const NewUser = z
  .object({
    username: z.string().max(64),
    displayName: z.string().min(1).max(200).optional(),
    password: z.string().max(1024),
    isAdmin: z.boolean().optional(),
  })
  .strict()
  .openapi("NewUser");

const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.enum(["read", "write"]),
    createdAt: z.string(),
    expiresAt: z.string(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi("ApiToken");

const AuditEntry = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string().nullable(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string().nullable(),
    siteId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi("AuditEntry");

const AuditFilter = z.object({
  site: z.string().optional().describe("The site whose entries to list; required unless an administrator"),
  actor: z.string().optional(),
  action: z.string().optional(),
  subjectType: z.string().optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  before: z.coerce.number().int().positive().optional().describe("Entries older than this sequence number"),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const idParam = z.object({ user: z.string().min(1).max(200) });

export function userRoutes(app: ApiApp) {
  app.openapi(
    route("admin", {
      method: "get",
      path: "/api/users",
      tags: ["users"],
      summary: "All user accounts",
      responses: {
        200: {
          description: "Users",
          content: { "application/json": { schema: z.object({ items: z.array(User) }) } },
        },
      },
    }),
    async (c) => c.json({ items: await c.get("services").accounts.listUsers() }, 200),
  );

  app.openapi(
    route("admin", {
      method: "post",
      path: "/api/users",
      tags: ["users"],
      summary: "Create a local account",
      request: { body: { required: true, content: { "application/json": { schema: NewUser } } } },
      responses: { 201: { description: "Created", content: { "application/json": { schema: User } } } },
    }),
    async (c) =>
      c.json(await c.get("services").accounts.createUser(c.req.valid("json"), requirePrincipal(c)), 201),
  );

  app.openapi(
    route("admin", {
      method: "get",
      path: "/api/users/{user}",
      tags: ["users"],
      summary: "One account (by id or user name)",
      request: { params: idParam },
      responses: { 200: { description: "The user", content: { "application/json": { schema: User } } } },
    }),
    async (c) => {
      const user = await c.get("services").accounts.getUser(c.req.valid("param").user);
      c.header("etag", etag(user.version));
      return c.json(user, 200);
    },
  );

  app.openapi(
    route("admin", {
      method: "patch",
      path: "/api/users/{user}",
      tags: ["users"],
      summary: "Rename, promote, demote, disable or enable an account (If-Match required)",
      request: {
        params: idParam,
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z
                .object({
                  displayName: z.string().min(1).max(200).optional(),
                  isAdmin: z.boolean().optional(),
                  disabled: z.boolean().optional(),
                })
                .strict(),
            },
          },
        },
      },
      responses: { 200: { description: "Updated", content: { "application/json": { schema: User } } } },
    }),
    async (c) => {
      const { accounts } = c.get("services");
      const existing = await accounts.getUser(c.req.valid("param").user);
      const user = await accounts.updateUser(
        existing.id,
        c.req.valid("json"),
        ifMatch(c),
        requirePrincipal(c),
      );
      c.header("etag", etag(user.version));
      return c.json(user, 200);
    },
  );

  app.openapi(
    route("admin", {
      method: "post",
      path: "/api/users/{user}/password",
      tags: ["users"],
      summary: "Set a new password for an account; unlocks it and ends its sessions",
      request: {
        params: idParam,
        body: {
          required: true,
          content: { "application/json": { schema: z.object({ password: z.string().max(1024) }).strict() } },
        },
      },
      responses: { 200: { description: "Reset", content: { "application/json": { schema: User } } } },
    }),
    async (c) =>
      c.json(
        await c
          .get("services")
          .accounts.resetPassword(
            c.req.valid("param").user,
            c.req.valid("json").password,
            requirePrincipal(c).username,
          ),
        200,
      ),
  );

  app.openapi(
    route("authenticated", {
      method: "get",
      path: "/api/tokens",
      tags: ["tokens"],
      summary: "The caller's API tokens (never the secrets)",
      responses: {
        200: {
          description: "Tokens",
          content: { "application/json": { schema: z.object({ items: z.array(ApiToken) }) } },
        },
      },
    }),
    async (c) =>
      c.json({ items: await c.get("services").accounts.listTokens(requirePrincipal(c).userId) }, 200),
  );

  app.openapi(
    route("authenticated", {
      method: "post",
      path: "/api/tokens",
      tags: ["tokens"],
      summary: "Create an API token for automation; the secret is shown once",
      request: {
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z
                .object({
                  name: z.string().min(1).max(100),
                  scope: z.enum(["read", "write"]).default("read"),
                  expiresInDays: z.number().int().min(1).max(365).default(90),
                })
                .strict(),
            },
          },
        },
      },
      responses: {
        201: {
          description: "Created",
          content: { "application/json": { schema: z.object({ token: z.string(), record: ApiToken }) } },
        },
      },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      // A token cannot mint tokens: a leaked one must not outlive its own expiry.
      if (principal.via === "token") refuse({ kind: "forbidden", reason: "tokens-cannot-create-tokens" });
      return c.json(await c.get("services").accounts.createToken(principal, c.req.valid("json")), 201);
    },
  );

  app.openapi(
    route("authenticated", {
      method: "delete",
      path: "/api/tokens/{token}",
      tags: ["tokens"],
      summary: "Revoke a token (one's own; administrators any)",
      request: { params: z.object({ token: z.string().min(1).max(100) }) },
      responses: { 204: { description: "Revoked" }, 404: { description: "No such token of yours" } },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      await c.get("services").accounts.revokeToken(principal, c.req.valid("param").token, principal.isAdmin);
      return c.body(null, 204);
    },
  );

  app.openapi(
    route("site:audit", {
      method: "get",
      path: "/api/audit",
      tags: ["audit"],
      summary:
        "The audit log, newest first. Administrators see everything; auditors and security leads their sites' (`site` required)",
      request: { query: AuditFilter },
      responses: {
        200: {
          description: "Entries",
          content: { "application/json": { schema: z.object({ items: z.array(AuditEntry) }) } },
        },
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const items = await listAudit(c.get("services").db, {
        ...(query.site ? { siteId: query.site } : {}),
        ...(query.actor ? { actor: query.actor } : {}),
        ...(query.action ? { action: query.action } : {}),
        ...(query.subjectType ? { subjectType: query.subjectType } : {}),
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
        ...(query.before ? { beforeSeq: query.before } : {}),
        limit: query.limit,
      });
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    route("admin", {
      method: "get",
      path: "/api/audit/export",
      tags: ["audit"],
      summary: "The whole audit log as CSV or JSON",
      request: {
        query: z.object({ format: z.enum(["csv", "json"]).default("json"), site: z.string().optional() }),
      },
      responses: {
        200: {
          description: "Export",
          content: {
            "application/json": { schema: z.array(AuditEntry) },
            "text/csv": { schema: z.string() },
          },
        },
      },
    }),
    async (c) => {
      const { format, site } = c.req.valid("query");
      const entries = (
        await listAudit(c.get("services").db, { ...(site ? { siteId: site } : {}), limit: 1_000_000 })
      ).reverse();
      const stamp = c.get("services").clock().toISOString().slice(0, 10);
      c.header("content-disposition", `attachment; filename="mamori-audit-${stamp}.${format}"`);
      if (format === "csv")
        return c.body(auditCsv(entries), 200, { "content-type": "text/csv; charset=utf-8" });
      return c.json(entries, 200);
    },
  );

  app.openapi(
    route("admin", {
      method: "get",
      path: "/api/audit/verify",
      tags: ["audit"],
      summary: "Re-compute the hash chain and report the first broken entry, if any",
      responses: {
        200: {
          description: "Verification",
          content: {
            "application/json": {
              schema: z.object({
                ok: z.boolean(),
                entries: z.number(),
                broken: z.object({ seq: z.number(), reason: z.enum(["hash", "link", "gap"]) }).optional(),
              }),
            },
          },
        },
      },
    }),
    async (c) => c.json(await verifyAudit(c.get("services").db), 200),
  );

  app.openapi(
    route("authenticated", {
      method: "get",
      path: "/api/jobs/{job}",
      tags: ["jobs"],
      summary: "State of a background job",
      request: {
        params: z.object({
          job: z.coerce
            .number()
            .int()
            .positive()
            .max(2 ** 53),
        }),
      },
      responses: {
        200: {
          description: "The job",
          content: {
            "application/json": {
              schema: z.object({
                id: z.number(),
                kind: z.string(),
                status: z.enum(["queued", "running", "done", "failed"]),
                attempts: z.number(),
                error: z.string().nullable(),
                createdAt: z.string(),
                finishedAt: z.string().nullable(),
              }),
            },
          },
        },
        404: { description: "No such job" },
      },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const job = await getJob(c.get("services").db, c.req.valid("param").job);
      const site = typeof job?.payload.site === "string" ? job.payload.site : undefined;
      if (!job || (!principal.isAdmin && (site === undefined || !mayOnSite(principal, "site:read", site))))
        refuse({ kind: "not-found", subject: `job ${c.req.valid("param").job}` });
      const { payload: _payload, result: _result, ...rest } = job;
      return c.json(rest, 200);
    },
  );
}

import { z } from "@hono/zod-openapi";
import { stringify } from "yaml";
import { type AnalysisReportList, analysisReportLists } from "../../analysis/report.js";
import { countermeasureIds } from "../../catalogues/load.js";
import type { Language } from "../../i18n/index.js";
import { type SiteCollection, siteCollectionNames, siteCollections } from "../../model/collections.js";
import { LocalizedText } from "../../model/common.js";
import { suggest } from "../../model/issues.js";
import { hasErrors, problem } from "../../model/problems.js";
import { Site } from "../../model/site.js";
import { validateText } from "../../model/validate.js";
import type { AnalysedStamp, AnalysisState } from "../../server/services.js";
import { siteRoles } from "../../store/accounts.js";
import { refuse } from "../../store/failure.js";
import type { EntityRecord } from "../../store/sites.js";
import { mayOnSite, sitePermissionsOf, vendorOrganisation } from "../access.js";
import { nulProblems, Revision } from "../errors.js";
import { createResponseCache, type ResponseCache, sendCached } from "../response-cache.js";
import type { ApiApp, ApiContext } from "../routing.js";
import { etag, ifMatch, requirePrincipal, route } from "../routing.js";

const siteParam = z.object({ site: z.string().min(1).max(100) });

const SiteSummary = z
  .object({
    id: z.string(),
    name: LocalizedText,
    version: z.number().int(),
    updatedAt: z.string(),
    permissions: z.array(z.string()).describe("What the caller may do on this site"),
  })
  .openapi("SiteSummary");

const siteBody = {
  required: true,
  description: "A whole site document (YAML or JSON), as `mamori validate` reads it",
  content: {
    "application/yaml": { schema: z.string().openapi({ format: "binary" }) },
    "text/yaml": { schema: z.string().openapi({ format: "binary" }) },
  },
} as const;

const ListQuery = z.object({
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  q: z.string().max(200).optional().describe("Substring of the id or the name"),
  sort: z
    .string()
    .regex(/^-?[A-Za-z][A-Za-z0-9]{0,50}$/)
    .optional()
    .describe("A top-level field, id or position; '-' first for descending"),
  filter: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe("field:value, repeatable; top-level fields only, e.g. type:plc"),
});

function envelope<T extends z.ZodType>(schema: T) {
  return z.object({ data: schema, revision: Revision });
}

/** Reads a site document from the request: YAML or JSON text, located problems on failure. */
async function readSiteDocument(c: ApiContext): Promise<unknown> {
  const text = await c.req.text();
  const { catalogues } = c.get("services");
  const result = validateText(text, { catalogueCountermeasures: countermeasureIds(catalogues) });
  if (!result.valid || hasErrors(result.problems)) {
    const errors = result.problems.filter((p) => p.severity === "error");
    refuse({ kind: result.kind === undefined ? "invalid" : "semantic", problems: errors });
  }
  if (result.kind !== "site")
    refuse({
      kind: "invalid",
      problems: [
        {
          severity: "error",
          code: "wrong-document-kind",
          path: ["kind"],
          params: { expected: "site", actual: result.kind ?? "" },
        },
      ],
    });
  const nul = nulProblems(result.valid.document);
  if (nul.length) refuse({ kind: "invalid", problems: nul });
  return result.valid.document;
}

const reportLists: readonly string[] = analysisReportLists;

/** `parts` as the lists it names, in the report's order (every list for `all`); other names are refused. */
function partsOf(parts: string | undefined): AnalysisReportList[] {
  if (parts === undefined) return [];
  const names = parts.split(",");
  if (names.includes("all")) return [...analysisReportLists];
  const allowed = [...analysisReportLists, "all"];
  const unknown = [...new Set(names.filter((name) => !reportLists.includes(name)))];
  if (unknown.length)
    refuse({
      kind: "invalid",
      problems: unknown.map((value) => {
        const suggestion = suggest(value, allowed);
        return problem("enum", ["parts"], { value, allowed, ...(suggestion ? { suggestion } : {}) });
      }),
    });
  return analysisReportLists.filter((list) => names.includes(list));
}

function filtersOf(filter: string | string[] | undefined): Record<string, string> {
  const equals: Record<string, string> = {};
  for (const item of filter === undefined ? [] : Array.isArray(filter) ? filter : [filter]) {
    const at = item.indexOf(":");
    if (at <= 0)
      refuse({
        kind: "invalid",
        problems: [
          {
            severity: "error",
            code: "format",
            path: ["filter"],
            params: { value: item, format: "field:value" },
          },
        ],
      });
    equals[item.slice(0, at)] = item.slice(at + 1);
  }
  return equals;
}

export function siteRoutes(app: ApiApp) {
  // One cache per app, so two apps on two databases in one process never share answers.
  const reportCache = createResponseCache(128 * 1024 * 1024);
  app.openapi(
    route("authenticated", {
      method: "get",
      path: "/api/sites",
      tags: ["sites"],
      summary: "The sites (factories) the caller may see",
      responses: {
        200: {
          description: "Sites",
          content: { "application/json": { schema: z.object({ items: z.array(SiteSummary) }) } },
        },
      },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const all = await c.get("services").sites.list();
      const items = all
        .filter((s) => mayOnSite(principal, "site:read-maintained", s.id))
        .map((s) => ({ ...s, permissions: sitePermissionsOf(principal, s.id) }));
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    route("admin", {
      method: "post",
      path: "/api/sites",
      tags: ["sites"],
      summary: "Create a site by importing a whole document; all or nothing",
      request: { body: siteBody },
      responses: {
        201: { description: "Created", content: { "application/json": { schema: SiteSummary } } },
        409: { description: "A site with this id exists" },
        413: { description: "Larger than the import limit" },
        422: { description: "The document is not a valid site; problems located by line and column" },
      },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const { sites, analyses } = c.get("services");
      const created = await sites.create(await readSiteDocument(c), principal);
      await analyses.request(created.id);
      c.header("etag", etag(created.version));
      c.header("location", `/api/sites/${encodeURIComponent(created.id)}`);
      return c.json(
        {
          id: created.id,
          name: created.site.name,
          version: created.version,
          updatedAt: c.get("services").clock().toISOString(),
          permissions: sitePermissionsOf(principal, created.id),
        },
        201,
      );
    },
  );

  app.openapi(
    route("site:export", {
      method: "get",
      path: "/api/sites/{site}/export",
      tags: ["sites"],
      summary: "The whole site as a document (YAML by default, or JSON), as `mamori validate` reads it",
      request: { params: siteParam, query: z.object({ format: z.enum(["yaml", "json"]).default("yaml") }) },
      responses: {
        200: {
          description: "The document",
          content: { "application/yaml": { schema: z.string() }, "application/json": { schema: Site } },
        },
      },
    }),
    async (c) => {
      const snapshot = await c.get("services").sites.snapshot(c.req.valid("param").site);
      const { format } = c.req.valid("query");
      c.header("etag", etag(snapshot.version));
      c.header("content-disposition", `attachment; filename="${snapshot.id}.${format}"`);
      if (format === "json") return c.json(snapshot.site as never, 200);
      return c.body(stringify(snapshot.site, { lineWidth: 0 }), 200, {
        "content-type": "application/yaml; charset=utf-8",
      });
    },
  );

  app.openapi(
    route("site:edit", {
      method: "put",
      path: "/api/sites/{site}/export",
      tags: ["sites"],
      summary: "Replace the whole site by a document (re-import); If-Match with the site version is required",
      request: { params: siteParam, body: siteBody },
      responses: {
        200: { description: "Replaced", content: { "application/json": { schema: SiteSummary } } },
        409: { description: "The site changed since the version given" },
        422: { description: "Not a valid site" },
        428: { description: "If-Match missing" },
      },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const { site } = c.req.valid("param");
      const { sites, analyses, clock } = c.get("services");
      const replaced = await sites.replace(site, await readSiteDocument(c), ifMatch(c), principal);
      await analyses.request(site);
      c.header("etag", etag(replaced.version));
      return c.json(
        {
          id: site,
          name: replaced.site.name,
          version: replaced.version,
          updatedAt: clock().toISOString(),
          permissions: sitePermissionsOf(principal, site),
        },
        200,
      );
    },
  );

  app.openapi(
    route("admin", {
      method: "delete",
      path: "/api/sites/{site}",
      tags: ["sites"],
      summary: "Delete a site with everything in it (its memberships and analyses too)",
      request: { params: siteParam },
      responses: { 204: { description: "Deleted" }, 404: { description: "No such site" } },
    }),
    async (c) => {
      const { site } = c.req.valid("param");
      const { sites, analyses } = c.get("services");
      await sites.remove(site, requirePrincipal(c));
      analyses.forget(site);
      return c.body(null, 204);
    },
  );

  const Settings = Site.omit(
    Object.fromEntries(siteCollectionNames.map((n) => [n, true])) as { [K in SiteCollection]: true },
  );

  app.openapi(
    route("site:read", {
      method: "get",
      path: "/api/sites/{site}/settings",
      tags: ["sites"],
      summary: "The site's own fields: name, company, scales, role matrix…",
      request: { params: siteParam },
      responses: {
        200: { description: "Settings", content: { "application/json": { schema: envelope(Settings) } } },
      },
    }),
    async (c) => {
      const record = await c.get("services").sites.settings(c.req.valid("param").site);
      c.header("etag", etag(record.revision.version));
      return c.json(record as never, 200);
    },
  );

  app.openapi(
    route("site:edit", {
      method: "put",
      path: "/api/sites/{site}/settings",
      tags: ["sites"],
      summary: "Replace the site's own fields (If-Match required)",
      request: {
        params: siteParam,
        body: { required: true, content: { "application/json": { schema: Settings } } },
      },
      responses: {
        200: { description: "Updated", content: { "application/json": { schema: envelope(Settings) } } },
        409: { description: "Changed by someone else" },
        422: { description: "Inconsistent with the rest of the site" },
      },
    }),
    async (c) => {
      const { site } = c.req.valid("param");
      const { sites, analyses } = c.get("services");
      const record = await sites.updateSettings(site, c.req.valid("json"), ifMatch(c), requirePrincipal(c));
      await analyses.request(site);
      c.header("etag", etag(record.revision.version));
      return c.json(record as never, 200);
    },
  );

  const Member = z
    .object({
      userId: z.string(),
      username: z.string(),
      displayName: z.string(),
      role: z.enum(siteRoles),
      organisation: z.string().nullable(),
    })
    .openapi("Member");

  app.openapi(
    route("site:read", {
      method: "get",
      path: "/api/sites/{site}/members",
      tags: ["members"],
      summary: "Who has which role on the site",
      request: { params: siteParam },
      responses: {
        200: {
          description: "Members",
          content: { "application/json": { schema: z.object({ items: z.array(Member) }) } },
        },
      },
    }),
    async (c) => {
      const items = await c.get("services").accounts.listMembers("site", c.req.valid("param").site);
      return c.json({ items: items.map(({ scope: _s, scopeId: _i, ...m }) => m) }, 200);
    },
  );

  app.openapi(
    route("site:members", {
      method: "put",
      path: "/api/sites/{site}/members/{user}",
      tags: ["members"],
      summary: "Give a user a role on the site (vendors name the organisation they act for)",
      request: {
        params: siteParam.extend({ user: z.string().min(1).max(200) }),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z
                .object({ role: z.enum(siteRoles), organisation: z.string().min(1).max(100).optional() })
                .strict(),
            },
          },
        },
      },
      responses: { 204: { description: "Set" } },
    }),
    async (c) => {
      const { site, user } = c.req.valid("param");
      const { role, organisation } = c.req.valid("json");
      const { accounts, sites } = c.get("services");
      if (role === "vendor") {
        const snapshot = await sites.snapshot(site);
        if (!organisation || !snapshot.site.organisations?.some((o) => o.id === organisation))
          refuse({
            kind: "semantic",
            problems: [
              {
                severity: "error",
                code: "unknown-reference",
                path: ["organisation"],
                params: { id: organisation ?? "", kinds: ["organisation"], hint: "" },
              },
            ],
          });
      } else {
        await sites.snapshot(site);
      }
      await accounts.setMember(
        "site",
        site,
        user,
        role,
        role === "vendor" ? (organisation ?? null) : null,
        requirePrincipal(c),
      );
      return c.body(null, 204);
    },
  );

  app.openapi(
    route("site:members", {
      method: "delete",
      path: "/api/sites/{site}/members/{user}",
      tags: ["members"],
      summary: "Take a user's role on the site away",
      request: { params: siteParam.extend({ user: z.string().min(1).max(200) }) },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const { site, user } = c.req.valid("param");
      await c.get("services").accounts.setMember("site", site, user, null, null, requirePrincipal(c));
      return c.body(null, 204);
    },
  );

  // What an analysis answer is made of, by the analysis alone: a site edit changes the answer's state
  // (its site version, `fresh`) long before the re-analysis changes its report or page.
  const partCache = createResponseCache(64 * 1024 * 1024);

  /**
   * An answer made from the site's latest analysis in `lang`: a 304 when the caller has it (ETag), else
   * from this process's memory, else the state's fields (`head`) followed by the part of the report the
   * answer carries (`part`, read once per analysis and `variant`: the lists asked for, the page), or `none`
   * before the first analysis. Each is made once however many requests ask for it meanwhile.
   */
  const analysisAnswer = async (
    c: ApiContext,
    site: string,
    lang: Language,
    variant: string,
    answer: {
      head(state: AnalysisState): string;
      part(analysed: AnalysedStamp): Promise<string | undefined>;
      none: string;
    },
  ) => {
    const { analyses } = c.get("services");
    const key = JSON.stringify([site, lang, variant]);
    for (let attempt = 0; attempt < 5; attempt++) {
      const found = await analyses.state(site, lang);
      if (!found) refuse({ kind: "not-found", subject: `site ${site}` });
      const { createdAt, ...state } = found;
      // A change whose job was lost (a process died between commit and enqueue) heals on the next read.
      if (!state.fresh && attempt === 0) await analyses.request(site);
      // The answer only changes with the analysis and the site's version (a site deleted and made again
      // starts from version 1 again, hence its creation time): a client polling an unchanged one gets a 304.
      const computed = state.computedAt ? Date.parse(state.computedAt) : 0;
      const tag = `W/"${state.analysedVersion ?? 0}.${computed.toString(36)}-${state.siteVersion}.${createdAt.toString(36)}-${lang}-${variant}"`;
      c.header("etag", tag);
      c.header("cache-control", "no-cache");
      if (c.req.header("if-none-match") === tag) return c.body(null, 304);
      const analysed =
        state.analysedVersion === null || state.computedAt === null
          ? undefined
          : { version: state.analysedVersion, computedAt: state.computedAt };
      const stamp = `${state.siteVersion}@${createdAt}:${state.analysedVersion}@${state.computedAt}`;
      const cached = await reportCache.through(key, stamp, async () => {
        const head = Buffer.from(answer.head(state));
        if (!analysed) return Buffer.concat([head, Buffer.from(`${answer.none}}`)]);
        const part = await partCache.through(
          key,
          `${createdAt}:${analysed.version}@${analysed.computedAt}`,
          () => answer.part(analysed),
        );
        return part && Buffer.concat([head, part.body, Buffer.from("}")]);
      });
      if (cached) return sendCached(c, cached);
      // The analysis was replaced between reading its state and its report: read the state again.
    }
    throw new Error(`the analysis of ${site} kept changing while it was read`);
  };

  app.openapi(
    route("site:read", {
      method: "get",
      path: "/api/sites/{site}/analysis",
      tags: ["analysis"],
      summary:
        "The latest analysis (Steps 1-7 to 2-2) in the caller's language: without its lists unless asked for (`parts`), with every list's length (`counts`); re-analysis runs after every change",
      description: `Without \`parts\`: every field of the report except its lists (${analysisReportLists.join(", ")}), which are large (a 10,000-asset site's attack paths alone are about 27 M characters of JSON), plus \`counts\`, each list's length. \`parts=zones,findings\` adds those lists in full; a page of one list at a time is \`GET /api/sites/{site}/analysis/{list}\`. \`parts=all\` is the whole report, for exports: about 90 MB for a 10,000-asset site. Every answer carries an ETag; \`If-None-Match\` with it gets a 304 until the analysis or the site changes.`,
      request: {
        params: siteParam,
        query: z.object({
          lang: z.enum(["ja", "en"]).optional(),
          parts: z
            .string()
            .regex(/^[A-Za-z]+(,[A-Za-z]+)*$/)
            .optional()
            .describe(
              `Lists of the report to include in full, comma-separated: ${analysisReportLists.join(", ")}; or \`all\` for the whole report (large). Another name is refused (400)`,
            ),
        }),
      },
      responses: {
        200: {
          description: "Analysis",
          content: { "application/json": { schema: { $ref: "#/components/schemas/AnalysisState" } } },
        },
        304: { description: "Unchanged since the ETag given in If-None-Match" },
      },
    }),
    async (c) => {
      const { site } = c.req.valid("param");
      const query = c.req.valid("query");
      const lang = query.lang ?? c.get("lang");
      const lists = partsOf(query.parts);
      const variant = lists.length === analysisReportLists.length ? "all" : lists.join(",") || "counts";
      const { analyses } = c.get("services");
      return (await analysisAnswer(c, site, lang, variant, {
        head: (state) => JSON.stringify(state).slice(0, -"null}".length),
        // Taken apart by the database: parsing a 90 MB report here would stall every request for seconds.
        part: (analysed) => analyses.reportParts(site, lang, analysed, lists),
        none: "null",
      })) as never;
    },
  );

  app.openapi(
    route("site:read", {
      method: "get",
      path: "/api/sites/{site}/analysis/{list}",
      tags: ["analysis"],
      summary: "One list of the latest analysis, a page at a time, in the report's order",
      description: `\`list\` is one of ${analysisReportLists.join(", ")}; another name is refused (400, like any invalid parameter). The page says which analysis it comes from (\`analysedVersion\`, \`computedAt\`, \`fresh\`) and carries an ETag, so a client paging through one analysis can tell when it changed. Before the first analysis, \`analysedVersion\` is null and the page empty.`,
      request: {
        params: siteParam.extend({
          list: z.enum(analysisReportLists).describe("Which list of the report"),
        }),
        query: ListQuery.pick({ offset: true, limit: true }).extend({
          lang: z.enum(["ja", "en"]).optional(),
        }),
      },
      responses: {
        200: {
          description: "A page of the list",
          content: { "application/json": { schema: { $ref: "#/components/schemas/AnalysisListPage" } } },
        },
        304: { description: "Unchanged since the ETag given in If-None-Match" },
      },
    }),
    async (c) => {
      const { site, list } = c.req.valid("param");
      const { offset, limit, lang: asked } = c.req.valid("query");
      const lang = asked ?? c.get("lang");
      const { analyses } = c.get("services");
      return (await analysisAnswer(c, site, lang, `${list}.${offset}.${limit}`, {
        head: ({ report: _none, ...state }) =>
          `${JSON.stringify({ list, ...state, offset, limit }).slice(0, -1)},`,
        part: async (analysed) => {
          const page = await analyses.reportPage(site, lang, analysed, list, offset, limit);
          return page && `"total":${page.total},"items":${page.items}`;
        },
        none: `"total":0,"items":[]`,
      })) as never;
    },
  );

  app.openapi(
    route("site:edit", {
      method: "post",
      path: "/api/sites/{site}/analysis",
      tags: ["analysis"],
      summary: "Ask for a re-analysis now (e.g. after a catalogue update)",
      request: { params: siteParam },
      responses: {
        202: {
          description: "Queued",
          content: { "application/json": { schema: z.object({ job: z.number() }) } },
        },
      },
    }),
    async (c) => {
      const { site } = c.req.valid("param");
      await c.get("services").sites.snapshot(site);
      return c.json({ job: await c.get("services").analyses.request(site) }, 202);
    },
  );

  const pageCache = createResponseCache(64 * 1024 * 1024);
  for (const collection of siteCollectionNames) collectionRoutes(app, collection, pageCache);
}

/** List, read, create, update and delete for one collection of the site model. */
function collectionRoutes(app: ApiApp, collection: SiteCollection, pageCache: ResponseCache) {
  const { schema, key } = siteCollections[collection];
  const maintained = collection === "assets" || collection === "conduits";
  const treatments = collection === "treatments";
  const read = maintained ? "site:read-maintained" : "site:read";
  const edit = maintained ? "site:edit-maintained" : treatments ? "site:treat" : "site:edit";
  const itemParam = siteParam.extend({ key: z.string().min(1).max(200) });
  const Envelope = envelope(schema);
  const tag = collection;
  const base = `/api/sites/{site}/${collection}`;

  /** Vendors see and change only what their organisation maintains; the rest does not exist for them. */
  const vendorCheck = (c: ApiContext, site: string, ...entities: (Record<string, unknown> | undefined)[]) => {
    const organisation = vendorOrganisation(requirePrincipal(c), site);
    if (organisation === undefined) return;
    for (const entity of entities) {
      if (entity !== undefined && entity.maintainer !== organisation)
        refuse({ kind: "forbidden", reason: "maintained-by-another-organisation" });
    }
  };

  /** Accepting or transferring a risk is management's decision; the server records who approved it. */
  const approval = (c: ApiContext, site: string, data: Record<string, unknown>): Record<string, unknown> => {
    if (!treatments) return data;
    const decision = data.decision;
    if (decision !== "accept" && decision !== "transfer") return data;
    const principal = requirePrincipal(c);
    if (!mayOnSite(principal, "site:approve", site))
      refuse({ kind: "forbidden", reason: "acceptance-needs-management" });
    return { ...data, approvedBy: principal.displayName };
  };

  const respond = (c: ApiContext, record: EntityRecord, status: 200 | 201) => {
    c.header("etag", etag(record.revision.version));
    return c.json(record as never, status);
  };

  app.openapi(
    route(read, {
      method: "get",
      path: base,
      tags: [tag],
      summary: `List ${collection}, a page at a time, searchable, filterable and sortable`,
      request: { params: siteParam, query: ListQuery },
      responses: {
        200: {
          description: "A page",
          content: {
            "application/json": {
              schema: z.object({
                total: z.number().int(),
                offset: z.number().int(),
                limit: z.number().int(),
                items: z.array(Envelope),
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const { site } = c.req.valid("param");
      const query = c.req.valid("query");
      const equals = filtersOf(query.filter);
      const organisation = vendorOrganisation(requirePrincipal(c), site);
      if (organisation !== undefined) equals.maintainer = organisation;
      const { sites, db } = c.get("services");
      // A page only changes with the site's version (every item write bumps it): the version and the
      // site's creation time (a site deleted and made again starts from version 1) are read first, and an
      // unchanged page is answered from this process's memory.
      const [current] = await db.query<{ version: number; created_at: Date }>(
        "select version, created_at from sites where id = $1",
        [site],
      );
      if (!current) refuse({ kind: "not-found", subject: `site ${site}` });
      const pageKey = JSON.stringify([site, collection, organisation ?? null, query]);
      const stamp = `${current.version}@${new Date(current.created_at).getTime()}`;
      const cached = pageCache.get(pageKey, stamp);
      if (cached) return sendCached(c, cached) as never;
      const page = await sites.listEntityTexts(site, collection, {
        offset: query.offset,
        limit: query.limit,
        ...(query.q ? { search: query.q } : {}),
        ...(query.sort ? { sort: query.sort } : {}),
        equals,
      });
      // Items go out as stored: a page is assembled, not parsed and re-encoded item by item.
      const items = page.items.map(
        (item) => `{"data":${item.text},"revision":${JSON.stringify(item.revision)}}`,
      );
      const body = `{"total":${page.total},"offset":${query.offset},"limit":${query.limit},"items":[${items.join(",")}]}`;
      return sendCached(c, pageCache.set(pageKey, stamp, body)) as never;
    },
  );

  app.openapi(
    route(read, {
      method: "get",
      path: `${base}/{key}`,
      tags: [tag],
      summary: `One of the ${collection}, with its version (ETag)`,
      request: { params: itemParam },
      responses: {
        200: { description: "The item", content: { "application/json": { schema: Envelope } } },
        404: { description: "Not found" },
      },
    }),
    async (c) => {
      const { site, key: id } = c.req.valid("param");
      const record = await c.get("services").sites.getEntity(site, collection, id);
      const organisation = vendorOrganisation(requirePrincipal(c), site);
      if (organisation !== undefined && record.data.maintainer !== organisation)
        refuse({ kind: "not-found", subject: `${collection} ${id}` });
      return respond(c, record, 200);
    },
  );

  app.openapi(
    route(edit, {
      method: "post",
      path: base,
      tags: [tag],
      summary: `Add to ${collection}; the whole site is checked as \`mamori validate\` would`,
      request: { params: siteParam, body: { required: true, content: { "application/json": { schema } } } },
      responses: {
        201: { description: "Created", content: { "application/json": { schema: Envelope } } },
        409: { description: `The ${key} is taken` },
        422: {
          description: "Inconsistent with the rest of the site (unknown reference, an asset in two zones…)",
        },
      },
    }),
    async (c) => {
      const { site } = c.req.valid("param");
      const body = c.req.valid("json") as Record<string, unknown>;
      vendorCheck(c, site, body);
      const data = approval(c, site, body);
      const { sites, analyses } = c.get("services");
      const record = await sites.putEntity(
        site,
        collection,
        String(data[key]),
        data,
        null,
        requirePrincipal(c),
      );
      await analyses.request(site);
      c.header(
        "location",
        `/api/sites/${encodeURIComponent(site)}/${collection}/${encodeURIComponent(String(data[key]))}`,
      );
      return respond(c, record, 201);
    },
  );

  app.openapi(
    route(edit, {
      method: "put",
      path: `${base}/{key}`,
      tags: [tag],
      summary: `Replace one of the ${collection}; If-Match with the version read is required`,
      request: { params: itemParam, body: { required: true, content: { "application/json": { schema } } } },
      responses: {
        200: { description: "Updated", content: { "application/json": { schema: Envelope } } },
        404: { description: "Not found" },
        409: { description: "Changed by someone else since it was read; the body says who and when" },
        422: { description: "Inconsistent with the rest of the site" },
        428: { description: "If-Match missing" },
      },
    }),
    async (c) => {
      const { site, key: id } = c.req.valid("param");
      const body = c.req.valid("json") as Record<string, unknown>;
      const data = approval(c, site, body);
      const { sites, analyses } = c.get("services");
      const organisation = vendorOrganisation(requirePrincipal(c), site);
      const guard =
        organisation === undefined
          ? undefined
          : (before: Record<string, unknown> | undefined, after: Record<string, unknown>) =>
              vendorCheck(c, site, before, after);
      const record = await sites.putEntity(
        site,
        collection,
        id,
        data,
        ifMatch(c),
        requirePrincipal(c),
        guard,
      );
      await analyses.request(site);
      return respond(c, record, 200);
    },
  );

  app.openapi(
    route(maintained ? "site:edit" : edit, {
      method: "delete",
      path: `${base}/{key}`,
      tags: [tag],
      summary: `Delete one of the ${collection}; refused while anything refers to it. If-Match required`,
      request: { params: itemParam },
      responses: {
        204: { description: "Deleted" },
        404: { description: "Not found" },
        409: { description: "Changed since read, or still referred to (the referrers are listed)" },
        428: { description: "If-Match missing" },
      },
    }),
    async (c) => {
      const { site, key: id } = c.req.valid("param");
      const { sites, analyses } = c.get("services");
      await sites.deleteEntity(site, collection, id, ifMatch(c), requirePrincipal(c));
      await analyses.request(site);
      return c.body(null, 204);
    },
  );
}

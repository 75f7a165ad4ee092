import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { compress } from "hono/compress";
import { secureHeaders } from "hono/secure-headers";
import { analysisReportLists } from "../analysis/report.js";
import { isLanguage, type Language } from "../i18n/index.js";
import { issuesToProblems } from "../model/issues.js";
import { problem } from "../model/problems.js";
import { jsonSchemaFor } from "../schemas/json-schema.js";
import type { Services } from "../server/services.js";
import { refuse } from "../store/failure.js";
import { migrations, schemaVersion } from "../store/migrations.js";
import { failureOf, nulProblems, respondFailure } from "./errors.js";
import { inventoryRoutes, layoutRoutes } from "./routes/inventory.js";
import { productVulnerabilityRoutes } from "./routes/product-vulnerabilities.js";
import { productRoutes } from "./routes/products.js";
import { sessionRoutes } from "./routes/session.js";
import { siteRoutes } from "./routes/sites.js";
import { userRoutes } from "./routes/users.js";
import { vulnerabilityRoutes } from "./routes/vulnerabilities.js";
import { type ApiContext, type ApiEnv, identify } from "./routing.js";

export interface AppOptions {
  /** The caller's address for login rate limiting (the Node adapter knows the socket). */
  clientAddress?: (c: ApiContext) => string;
  /** Extra routes mounted before the 404 handler (the web UI's static files). */
  extend?: (app: OpenAPIHono<ApiEnv>) => void;
}

function languageOf(c: ApiContext): Language {
  const requested = c.req.query("lang");
  if (isLanguage(requested)) return requested;
  const accept = c.req.header("accept-language")?.toLowerCase() ?? "";
  // Japanese unless the caller prefers English over Japanese.
  const en = accept.indexOf("en");
  const ja = accept.indexOf("ja");
  return en >= 0 && (ja < 0 || en < ja) ? "en" : "ja";
}

const importPaths = [
  /^\/api\/sites\/?$/,
  /^\/api\/sites\/[^/]+\/export$/,
  /^\/api\/sites\/[^/]+\/assets\/[^/]+\/sbom$/,
  /^\/api\/products\/[^/]+\/sbom$/,
  /^\/api\/advisories$/,
  /^\/api\/model-sboms$/,
];

/**
 * The analysis report is recursive (reasons have reasons), which the zod-to-OpenAPI generator cannot
 * unroll; the published JSON Schema of `mamori analyze --format json` is registered instead, its $defs
 * as components, so the API and the CLI share one contract. Each list's element is a component of its
 * own (`AnalysisRisksItem`…), which the report, the report as the API sends it (`AnalysisReportParts`:
 * lists only on request, `counts` always) and the pages of one list (`AnalysisListPage`) refer to.
 */
function registerAnalysisSchemas(app: OpenAPIHono<ApiEnv>) {
  const {
    $schema: _s,
    $id: _i,
    title: _t,
    $defs,
    ...report
  } = jsonSchemaFor("analysis") as Record<string, unknown> & {
    $defs?: Record<string, unknown>;
    properties: Record<string, Record<string, unknown>>;
    required: string[];
  };
  const relocate = <T>(value: T): T =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'));
  const register = (name: string, schema: unknown) =>
    app.openAPIRegistry.registerComponent("schemas", name, schema as never);
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  for (const [name, definition] of Object.entries($defs ?? {})) register(name, relocate(definition));

  const pascal = (list: string) => `${list.charAt(0).toUpperCase()}${list.slice(1)}`;
  const itemOf = (list: string) => `Analysis${pascal(list)}Item`;
  const properties: Record<string, unknown> = { ...report.properties };
  for (const list of analysisReportLists) {
    const { items, ...array } = report.properties[list] as { items: unknown };
    register(itemOf(list), relocate(items));
    properties[list] = { ...array, items: ref(itemOf(list)) };
  }
  register("AnalysisReport", relocate({ ...report, properties }));
  register("AnalysisCounts", {
    type: "object",
    description: "The length of every list of the report, whether or not the answer includes it",
    properties: Object.fromEntries(
      analysisReportLists.map((list) => [list, { type: "integer", minimum: 0 }]),
    ),
    required: analysisReportLists,
    additionalProperties: false,
  });
  const lists: readonly string[] = analysisReportLists;
  register("AnalysisReportParts", {
    ...relocate({ ...report, properties: { ...properties, counts: ref("AnalysisCounts") } }),
    description:
      "The analysis report as the API sends it: every field, but of the lists only those asked for with `parts` (all of them with `parts=all`), and `counts`",
    required: [...report.required.filter((field) => !lists.includes(field)), "counts"],
  });
  const state = {
    siteVersion: { type: "integer" },
    analysedVersion: {
      type: ["integer", "null"],
      description: "The site version analysed; null before the first analysis",
    },
    computedAt: { type: ["string", "null"] },
    fresh: { type: "boolean", description: "False while a re-analysis of the latest change is pending" },
  };
  register("AnalysisState", {
    type: "object",
    required: ["siteVersion", "analysedVersion", "computedAt", "fresh", "report"],
    properties: {
      ...state,
      report: { anyOf: [ref("AnalysisReportParts"), { type: "null" }] },
    },
  });
  const pageOf = (list: string) => `Analysis${pascal(list)}Page`;
  for (const list of analysisReportLists)
    register(pageOf(list), {
      type: "object",
      required: ["list", ...Object.keys(state), "offset", "limit", "total", "items"],
      properties: {
        list: { type: "string", const: list },
        ...state,
        offset: { type: "integer" },
        limit: { type: "integer" },
        total: { type: "integer", description: "The list's length" },
        items: { type: "array", items: ref(itemOf(list)), description: "In the report's order" },
      },
    });
  register("AnalysisListPage", {
    oneOf: analysisReportLists.map((list) => ref(pageOf(list))),
    discriminator: {
      propertyName: "list",
      mapping: Object.fromEntries(analysisReportLists.map((list) => [list, ref(pageOf(list)).$ref])),
    },
  });
}

/** The HTTP API: every route, its OpenAPI description, its permission and its errors, in one app. */
export function createApp(services: Services, options: AppOptions = {}) {
  const app = new OpenAPIHono<ApiEnv>({
    // Request validation failures become located problems, like every other 400.
    defaultHook: (result, c) => {
      const lang = (c as ApiContext).get("lang") ?? "ja";
      if (!result.success) {
        const problems = issuesToProblems(z.unknown(), result.error.issues as never);
        return respondFailure(c as ApiContext, { kind: "invalid", problems }, lang);
      }
      const nul = result.target === "json" ? nulProblems(result.data) : [];
      if (nul.length) return respondFailure(c as ApiContext, { kind: "invalid", problems: nul }, lang);
      return undefined;
    },
  });

  app.use("*", async (c, next) => {
    c.set("services", services);
    c.set("lang", languageOf(c));
    const started = performance.now();
    await next();
    services.logger.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        user: c.get("principal")?.username,
      },
      "request",
    );
  });

  // Large answers (reports, lists, the web UI's scripts) gzipped for clients that accept it; answers sent
  // from the response cache arrive already gzipped and are left alone.
  // Only for clients that accept an encoding: the middleware touches the finished response, which makes
  // the Node adapter build a full Response, a cost every other request would pay for nothing.
  const gzip = compress({ threshold: 8 * 1024, encoding: "gzip" });
  app.use("*", (c, next) => (c.req.header("accept-encoding") ? gzip(c, next) : next()));
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: "same-origin",
      crossOriginEmbedderPolicy: false,
    }),
  );

  app.use("/api/*", async (c, next) => {
    // A GET carries no body; asking for one would make the adapter build a full Request for every read.
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const large = importPaths.some((pattern) => pattern.test(c.req.path));
    const maxSize = large ? services.config.importLimitBytes : services.config.bodyLimitBytes;
    return bodyLimit({ maxSize, onError: () => refuse({ kind: "too-large", limitBytes: maxSize }) })(c, next);
  });
  app.use("/api/*", async (c, next) => {
    // Answers to API calls carry personal data and change with every edit: never cached.
    await next();
    // On the response's own headers: `c.header` after the handler would rebuild the response.
    if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
  });
  app.use("/api/*", async (c, next) => {
    // PostgreSQL text cannot hold NUL: such a parameter is the request's fault (400), not a failed query (500).
    if (c.req.url.includes("%00")) {
      const url = new URL(c.req.url);
      const inQuery = nulProblems(Object.fromEntries(url.searchParams));
      refuse({
        kind: "invalid",
        problems: inQuery.length
          ? inQuery
          : [problem("format", [], { value: url.pathname, format: "pattern" })],
      });
    }
    return next();
  });
  app.use("/api/*", identify());

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    try {
      const version = await schemaVersion(services.db);
      const latest = migrations.at(-1)?.version ?? 0;
      if (version !== latest) return c.json({ status: "migrating", schema: version, expected: latest }, 503);
      return c.json({ status: "ready", engine: services.db.engine, schema: version });
    } catch {
      return c.json({ status: "database-unavailable" }, 503);
    }
  });

  sessionRoutes(app, options.clientAddress ?? (() => "unknown"));
  userRoutes(app);
  siteRoutes(app);
  productRoutes(app);
  inventoryRoutes(app);
  layoutRoutes(app);
  vulnerabilityRoutes(app);
  productVulnerabilityRoutes(app);

  registerAnalysisSchemas(app);
  app.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "mamori_session",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "token", { type: "http", scheme: "bearer" });
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Mamori API",
      version: "1",
      description:
        "Sites (factories) and IoT products along METI's guidelines: the model (Steps 1-1 to 2-2), its analysis, users, roles and the audit log. Writes need If-Match with the version read; cookie-authenticated writes need X-CSRF-Token.",
    },
  });

  const swagger = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  const asset = (file: string, type: string) => {
    const body = readFileSync(join(swagger, file));
    return (c: ApiContext) =>
      c.body(body, 200, { "content-type": type, "cache-control": "public, max-age=86400" });
  };
  app.get("/api/docs/swagger-ui.css", asset("swagger-ui.css", "text/css"));
  app.get("/api/docs/swagger-ui-bundle.js", asset("swagger-ui-bundle.js", "text/javascript"));
  app.get("/api/docs/init.js", (c) =>
    c.body(
      'window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#api", deepLinking: true });',
      200,
      { "content-type": "text/javascript" },
    ),
  );
  app.get("/api/docs", (c) =>
    c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mamori API</title><link rel="stylesheet" href="/api/docs/swagger-ui.css"></head><body><div id="api"></div><script src="/api/docs/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script></body></html>`,
    ),
  );

  options.extend?.(app);

  app.notFound((c) =>
    respondFailure(
      c as ApiContext,
      { kind: "not-found", subject: c.req.path },
      (c as ApiContext).get("lang") ?? "ja",
    ),
  );
  app.onError((error, c) => {
    const context = c as ApiContext;
    const failure = failureOf(error);
    if (failure) return respondFailure(context, failure, context.get("lang") ?? "ja");
    services.logger.error({ err: error, method: c.req.method, path: c.req.path }, "unexpected error");
    return c.json(
      { type: "https://mamori.dev/problems/internal", title: "Internal error", status: 500 },
      500,
    );
  });
  return app;
}

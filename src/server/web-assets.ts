import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "../api/routing.js";

/**
 * The web UI's static files (`vite build web` writes them to dist/web), mounted behind the API: hashed
 * files under /assets/ are cached for a year, everything else is revalidated; any other GET that is not
 * the API or a probe answers index.html so the single-page app can route it.
 */
export const defaultWebDir = fileURLToPath(new URL("../web", import.meta.url));

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

const immutable = "public, max-age=31536000, immutable";

interface Asset {
  body: Uint8Array<ArrayBuffer>;
  type: string;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => `/${relative(dir, join(dir, name)).split(sep).join("/")}`);
}

function isReserved(path: string): boolean {
  return path === "/api" || path.startsWith("/api/") || path === "/healthz" || path === "/readyz";
}

/** `createApp(services, { extend: webAssets() })`. Files are read once, at start. */
export function webAssets(dir: string = defaultWebDir) {
  return function mountWebAssets(app: OpenAPIHono<ApiEnv>) {
    if (!existsSync(join(dir, "index.html"))) {
      app.get("/", (c) =>
        c.text(
          "The Mamori web UI was not built (dist/web is missing). Run `npm run build`; the API is at /api/docs.\n",
          200,
          { "cache-control": "no-cache" },
        ),
      );
      return;
    }
    // Only files that exist at start are ever served, so a request path can never reach outside `dir`.
    const assets = new Map<string, Asset>();
    for (const path of filesUnder(dir)) {
      assets.set(path, {
        body: new Uint8Array(readFileSync(join(dir, path.slice(1)))),
        type: contentTypes[extname(path)] ?? "application/octet-stream",
      });
    }
    const index = assets.get("/index.html") as Asset;

    app.use("*", async function webAsset(c, next) {
      if ((c.req.method !== "GET" && c.req.method !== "HEAD") || isReserved(c.req.path)) return next();
      const path = c.req.path;
      const asset = path === "/" ? undefined : assets.get(path);
      if (asset) {
        const cache = path.startsWith("/assets/") ? immutable : "no-cache";
        return c.body(asset.body, 200, { "content-type": asset.type, "cache-control": cache });
      }
      // A missing hashed file is an error (an old page after a deploy), not a page of the app.
      if (path.startsWith("/assets/")) return next();
      return c.body(index.body, 200, { "content-type": index.type, "cache-control": "no-cache" });
    });
  };
}

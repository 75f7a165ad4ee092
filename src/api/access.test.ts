import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { readSbom, type Sbom } from "../advisories/sbom.js";
import { sharedDirectory } from "../catalogues/shared-data.js";
import { type SiteCollection, siteCollectionNames, siteCollections } from "../model/collections.js";
import type { Site } from "../model/site.js";
import type { Actor } from "../store/sites.js";
import { testEngines } from "../store/test-databases.js";
import {
  type Caller,
  callerWith,
  fixtureRoles,
  kevCatalogue,
  openTestApi,
  password,
  seedDemo,
  type TestApi,
} from "./test-support.js";

/**
 * The route-by-route access test: every operation of the OpenAPI document, for anonymous and for every
 * role, with a request that succeeds for a caller who is allowed. Who is allowed is written out here by
 * hand from the guideline's roles, not imported from access.ts, so that this test checks that code.
 */
type Who = "anonymous" | "admin" | (typeof fixtureRoles)[number] | "outsider";
const signedIn = ["admin", ...fixtureRoles, "outsider"] as const satisfies readonly Who[];
const everyone: readonly Who[] = ["anonymous", ...signedIn];

const readers = ["admin", "security-lead", "editor", "viewer", "management"] as const;
const editors = ["admin", "security-lead", "editor"] as const;

/** Who gets a 2xx for each published permission; anyone else signed in gets 403, anonymous 401. */
const allowed: Record<string, readonly Who[]> = {
  public: everyone,
  authenticated: signedIn,
  admin: ["admin"],
  "site:read": readers,
  "site:export": readers,
  "site:edit": editors,
  "site:members": ["admin", "security-lead"],
  "site:audit": ["admin", "security-lead", "viewer"],
  "site:treat": ["admin", "security-lead", "management"],
  "site:approve": ["management"],
  "site:read-maintained": [...readers, "vendor"],
  "site:edit-maintained": [...editors, "vendor"],
  // Product roles are granted by this suite to every site role but the vendor (products have none).
  "product:read": readers,
  "product:edit": editors,
};

interface Call {
  method: string;
  path: string;
  json?: unknown;
  yaml?: string;
  /** If-Match */
  version?: number;
  /** Sent with this session instead of the caller's usual one (logout, password change). */
  session?: Caller;
  /** The call ends the caller's sessions: sign in again afterwards. */
  endsSessions?: boolean;
}

interface Operation {
  key: string;
  method: string;
  path: string;
  permission: string | undefined;
}

async function operationsOf(api: TestApi): Promise<Operation[]> {
  const doc = (await (await api.request("/api/openapi.json")).json()) as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      key: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      permission: operation["x-mamori-permission"] as string | undefined,
    })),
  );
}

/** A session without the rate-limited login route, for the many sign-ins a walk needs. */
async function sessionHeaders(api: TestApi, username: string) {
  const outcome = await api.services.accounts.login(username, password);
  if ("failure" in outcome) throw new Error(`login ${username}: ${outcome.failure}`);
  return {
    cookie: `mamori_session=${outcome.sessionToken}`,
    "x-csrf-token": outcome.principal.csrfToken ?? "",
  };
}

async function sessionOf(api: TestApi, username: string): Promise<Caller> {
  return callerWith(api, username, await sessionHeaders(api, username));
}

function send(api: TestApi, caller: Caller | undefined, call: Call): Promise<Response> {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (call.yaml !== undefined) {
    headers["content-type"] = "application/yaml";
    body = call.yaml;
  } else if (call.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(call.json);
  }
  if (call.version !== undefined) headers["if-match"] = `"${call.version}"`;
  const init = { method: call.method, headers, ...(body !== undefined ? { body } : {}) };
  const via = call.session ?? caller;
  return via ? via.request(call.path, init) : api.request(call.path, init);
}

const demoProduct = parse(
  readFileSync(new URL("../../examples/demo-product.yaml", import.meta.url), "utf8"),
) as Record<string, unknown>;
const productId = String(demoProduct.id);

const melsecText = readFileSync(
  join(sharedDirectory(), "corpora/cisa-csaf/csaf_files/OT/white/2023/icsa-23-306-02.json"),
  "utf8",
);
const melsecKey = "https://www.cisa.gov#ICSA-23-306-02";
const melsecMatch = { asset: "plc-press-01", component: "", advisory: melsecKey, product: "CSAFPID-0010" };
const sbomText = JSON.stringify({
  bomFormat: "CycloneDX",
  specVersion: "1.6",
  version: 1,
  components: [
    { type: "library", name: "gin", version: "v1.5.0", purl: "pkg:golang/github.com/gin-gonic/gin@v1.5.0" },
  ],
});

const smallKev = kevCatalogue([{ cve: "CVE-2023-4625" }]);

// The demo product's SBOM and an advisory about one of its parts (OpenSSL 3.0.15), for the product routes.
const productSbomText = readFileSync(
  new URL("../../examples/demo-product.cdx.json", import.meta.url),
  "utf8",
);
const opensslText = readFileSync(
  new URL("../advisories/fixtures/openssl-cve-2024-13176.json", import.meta.url),
  "utf8",
);
const opensslMatch = {
  component: "comp.openssl",
  advisory: "https://mamori.invalid/tests#MAMORI-TEST-2025-0001",
  product: "CSAFPID-0001",
};

const productSbom = () => readSbom(productSbomText).sbom as Sbom;

const tiny = (id: string) => ({ kind: "site", schemaVersion: 1, id, name: `Tiny ${id}` });
const slug = (who: Who) => who.replace(/[^a-z]/g, "");

for (const engine of testEngines) {
  describe(`access on ${engine.name}`, () => {
    let api: TestApi;
    let site: Site;
    let actor: Actor;
    let vendorOrganisation: string;
    const callers = new Map<Who, Caller>();
    let serial = 0;

    beforeAll(async () => {
      api = await openTestApi(engine);
      // First run: anyone may create the first administrator, once.
      const first = await api.request("/api/setup", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "admin", password }),
      });
      expect(first.status).toBe(201);
      const seeded = await seedDemo(api);
      site = seeded.site;
      vendorOrganisation = seeded.vendorOrganisation;
      const { accounts, products } = api.services;
      const admin = await accounts.getUser("admin");
      actor = { userId: admin.id, username: admin.username };
      await accounts.createUser({ username: "spare", password }, actor);
      await products.create(demoProduct, actor);
      for (const role of fixtureRoles)
        if (role !== "vendor") await accounts.setMember("product", productId, role, role, null, actor);
      // A treatment to read, replace and delete; the demo has none.
      await api.services.sites.putEntity(
        site.id,
        "treatments",
        "risk:access.seed@zone.seed",
        treatment("risk:access.seed@zone.seed"),
        null,
        actor,
      );
      // Vulnerability information to read and act on: a real CISA advisory that matches the demo's
      // R04CPUs by name, one match confirmed (which opens its case), and an SBOM.
      const { vulnerabilities } = api.services;
      await vulnerabilities.importAdvisories(
        [{ format: "csaf", document: JSON.parse(melsecText), text: melsecText, source: "access test" }],
        actor,
      );
      await vulnerabilities.rematch(site.id);
      await vulnerabilities.reviewMatch(site.id, melsecMatch, "confirmed", "seen", actor);
      await vulnerabilities.putSbom(site.id, "mes-01", readSbom(sbomText).sbom as Sbom, sbomText, actor);
      // The demo product with its SBOM, matched against an advisory about its OpenSSL: one status to set.
      const { productVulnerabilities } = api.services;
      await vulnerabilities.importAdvisories(
        [{ format: "csaf", document: JSON.parse(opensslText), text: opensslText, source: "access test" }],
        actor,
      );
      await productVulnerabilities.putSbom(productId, productSbom(), productSbomText, actor);
      await productVulnerabilities.rematch(productId);
      for (const who of signedIn) callers.set(who, await sessionOf(api, who));
    }, 120_000);
    afterAll(() => api?.dispose());

    function treatment(risk: string) {
      return { risk, decision: "mitigate", reason: "Planned countermeasures", decidedOn: "2026-11-01" };
    }

    const vendorItem = (collection: "assets" | "conduits") => {
      const items = (site[collection] ?? []) as Record<string, unknown>[];
      const item = items.find((i) => i.maintainer === vendorOrganisation);
      if (!item) throw new Error(`the demo has no ${collection} maintained by ${vendorOrganisation}`);
      return item;
    };

    /** An existing item every reader of the collection may see (the vendor's own for assets/conduits). */
    const existingKey = (collection: SiteCollection): string => {
      if (collection === "assets" || collection === "conduits") return String(vendorItem(collection).id);
      if (collection === "treatments") return "risk:access.seed@zone.seed";
      const first = (site[collection] as Record<string, unknown>[] | undefined)?.[0];
      if (!first) throw new Error(`the demo has no ${collection}`);
      return String(first[siteCollections[collection].key]);
    };

    /** A new item with a fresh key, valid on its own and referred to by nothing. */
    const newItem = (collection: SiteCollection, who: Who): Record<string, unknown> => {
      const suffix = `${slug(who)}${++serial}`;
      if (collection === "treatments") return treatment(`risk:access.${suffix}@zone.walk`);
      const template =
        collection === "assets" || collection === "conduits"
          ? vendorItem(collection)
          : ((site[collection] as Record<string, unknown>[])[0] as Record<string, unknown>);
      const item: Record<string, unknown> = { ...template, id: `${String(template.id)}.${suffix}` };
      if (collection === "zones") item.assets = [];
      return item;
    };

    const sitePath = () => `/api/sites/${site.id}`;

    /** One request per operation and caller that an allowed caller would see succeed. */
    const scenarios = (): Record<string, (who: Who) => Promise<Call>> => {
      const { accounts, sites, products, analyses } = api.services;
      const all: Record<string, (who: Who) => Promise<Call>> = {
        "GET /api/setup": async () => ({ method: "GET", path: "/api/setup" }),
        "POST /api/setup": async (who) => ({
          method: "POST",
          path: "/api/setup",
          json: { username: `setup-${slug(who)}`, password },
        }),
        "POST /api/auth/login": async (who) => ({
          method: "POST",
          path: "/api/auth/login",
          json: { username: who === "anonymous" ? "viewer" : who, password },
        }),
        "POST /api/auth/logout": async (who) => ({
          method: "POST",
          path: "/api/auth/logout",
          ...(who === "anonymous" ? {} : { session: await sessionOf(api, who) }),
        }),
        "GET /api/auth/me": async () => ({ method: "GET", path: "/api/auth/me" }),
        "POST /api/auth/password": async () => ({
          method: "POST",
          path: "/api/auth/password",
          json: { currentPassword: password, newPassword: password },
          endsSessions: true,
        }),
        "GET /api/users": async () => ({ method: "GET", path: "/api/users" }),
        "POST /api/users": async (who) => ({
          method: "POST",
          path: "/api/users",
          json: { username: `made-by-${slug(who)}`, password },
        }),
        "GET /api/users/{user}": async () => ({ method: "GET", path: "/api/users/viewer" }),
        "PATCH /api/users/{user}": async (who) => ({
          method: "PATCH",
          path: "/api/users/spare",
          json: { displayName: `Spare, seen by ${who}` },
          version: (await accounts.getUser("spare")).version,
        }),
        "POST /api/users/{user}/password": async () => ({
          method: "POST",
          path: "/api/users/spare/password",
          json: { password },
        }),
        "GET /api/tokens": async () => ({ method: "GET", path: "/api/tokens" }),
        "POST /api/tokens": async () => ({
          method: "POST",
          path: "/api/tokens",
          json: { name: "automation", scope: "read" },
        }),
        "DELETE /api/tokens/{token}": async (who) => {
          const owner = await accounts.getUser(who === "anonymous" ? "admin" : who);
          const { record } = await accounts.createToken(
            { userId: owner.id, username: owner.username },
            { name: "to revoke", scope: "read", expiresInDays: 1 },
          );
          return { method: "DELETE", path: `/api/tokens/${record.id}` };
        },
        "GET /api/audit": async () => ({ method: "GET", path: `/api/audit?site=${site.id}&limit=5` }),
        "GET /api/audit/export": async () => ({ method: "GET", path: "/api/audit/export?format=csv" }),
        "GET /api/audit/verify": async () => ({ method: "GET", path: "/api/audit/verify" }),
        "GET /api/jobs/{job}": async () => ({
          method: "GET",
          path: `/api/jobs/${await analyses.request(site.id)}`,
        }),
        "GET /api/sites": async () => ({ method: "GET", path: "/api/sites" }),
        "POST /api/sites": async (who) => ({
          method: "POST",
          path: "/api/sites",
          yaml: stringify(tiny(`site.new-${slug(who)}`)),
        }),
        "GET /api/sites/{site}/export": async () => ({ method: "GET", path: `${sitePath()}/export` }),
        "PUT /api/sites/{site}/export": async () => {
          const current = await sites.snapshot(site.id);
          return {
            method: "PUT",
            path: `${sitePath()}/export`,
            yaml: stringify(current.site),
            version: current.version,
          };
        },
        "DELETE /api/sites/{site}": async (who) => {
          const id = `site.doomed-${slug(who)}`;
          await sites.create(tiny(id), actor);
          return { method: "DELETE", path: `/api/sites/${id}` };
        },
        "GET /api/sites/{site}/settings": async () => ({ method: "GET", path: `${sitePath()}/settings` }),
        "PUT /api/sites/{site}/settings": async () => {
          const current = await sites.settings(site.id);
          return {
            method: "PUT",
            path: `${sitePath()}/settings`,
            json: current.data,
            version: current.revision.version,
          };
        },
        "GET /api/sites/{site}/members": async () => ({ method: "GET", path: `${sitePath()}/members` }),
        "PUT /api/sites/{site}/members/{user}": async () => ({
          method: "PUT",
          path: `${sitePath()}/members/spare`,
          json: { role: "viewer" },
        }),
        "DELETE /api/sites/{site}/members/{user}": async () => ({
          method: "DELETE",
          path: `${sitePath()}/members/spare`,
        }),
        "GET /api/sites/{site}/analysis": async () => ({
          method: "GET",
          path: `${sitePath()}/analysis?lang=en`,
        }),
        "GET /api/sites/{site}/analysis/{list}": async () => ({
          method: "GET",
          path: `${sitePath()}/analysis/risks?lang=en&offset=1&limit=5`,
        }),
        "POST /api/sites/{site}/analysis": async () => ({ method: "POST", path: `${sitePath()}/analysis` }),
        "POST /api/sites/{site}/asset-import": async (who) => ({
          method: "POST",
          path: `${sitePath()}/asset-import`,
          json: {
            dryRun: false,
            rows: [
              { id: `sheet.${slug(who)}${++serial}`, name_ja: "検査PLC", type: "plc", zone: "zone.dmz" },
            ],
          },
        }),
        "GET /api/sites/{site}/asset-export": async () => ({
          method: "GET",
          path: `${sitePath()}/asset-export`,
        }),
        "GET /api/sites/{site}/layout": async () => ({ method: "GET", path: `${sitePath()}/layout` }),
        "PUT /api/sites/{site}/layout": async () => {
          const current = await (callers.get("admin") as Caller).request(`${sitePath()}/layout`);
          return {
            method: "PUT",
            path: `${sitePath()}/layout`,
            json: { positions: { "zone.dmz": { x: 10, y: 20 } }, collapsed: [] },
            version: Number(current.headers.get("etag")?.replaceAll('"', "")),
          };
        },
        "GET /api/products": async () => ({ method: "GET", path: "/api/products" }),
        "POST /api/products": async (who) => ({
          method: "POST",
          path: "/api/products",
          json: { ...demoProduct, id: `product.new-${slug(who)}` },
        }),
        "GET /api/products/{product}": async () => ({ method: "GET", path: `/api/products/${productId}` }),
        "PUT /api/products/{product}": async () => {
          const current = await products.get(productId);
          return {
            method: "PUT",
            path: `/api/products/${productId}`,
            json: current.data,
            version: current.revision.version,
          };
        },
        "DELETE /api/products/{product}": async (who) => {
          const id = `product.doomed-${slug(who)}`;
          await products.create({ ...demoProduct, id }, actor);
          return { method: "DELETE", path: `/api/products/${id}`, version: 1 };
        },
        "PUT /api/products/{product}/members/{user}": async () => ({
          method: "PUT",
          path: `/api/products/${productId}/members/spare`,
          json: { role: "viewer" },
        }),
      };
      const { vulnerabilities } = api.services;
      const advisoryPath = `/api/advisories/${encodeURIComponent(melsecKey)}`;
      const productPath = `/api/products/${productId}`;
      const casePath = `${sitePath()}/cases/plc-press-01/CVE-2023-4625`;
      Object.assign(all, {
        "GET /api/advisories": async () => ({ method: "GET", path: "/api/advisories?q=MELSEC" }),
        "POST /api/advisories": async () => ({
          method: "POST",
          path: "/api/advisories",
          json: JSON.parse(melsecText),
        }),
        "GET /api/advisories/{key}": async () => ({ method: "GET", path: advisoryPath }),
        "GET /api/advisories/{key}/document": async () => ({
          method: "GET",
          path: `${advisoryPath}/document`,
        }),
        "GET /api/sites/{site}/matches": async () => ({
          method: "GET",
          path: `${sitePath()}/matches?review=true`,
        }),
        "POST /api/sites/{site}/matches/review": async (who: Who) => ({
          method: "POST",
          path: `${sitePath()}/matches/review`,
          json: { ...melsecMatch, decision: "confirmed", note: `checked by ${who}` },
        }),
        "POST /api/sites/{site}/matches/refresh": async () => ({
          method: "POST",
          path: `${sitePath()}/matches/refresh`,
        }),
        "GET /api/sites/{site}/cases": async () => ({
          method: "GET",
          path: `${sitePath()}/cases?stage=observe`,
        }),
        "GET /api/sites/{site}/cases/{asset}/{vulnerability}": async () => ({
          method: "GET",
          path: casePath,
        }),
        "PATCH /api/sites/{site}/cases/{asset}/{vulnerability}": async (who: Who) => ({
          method: "PATCH",
          path: casePath,
          json: { statusDetail: `looked at by ${who}` },
          version: (await vulnerabilities.case(site.id, "plc-press-01", "CVE-2023-4625")).case.version,
        }),
        "POST /api/sites/{site}/cases/{asset}/{vulnerability}/task": async (who: Who) => {
          // A case of its own per caller, brought into Act, so that every allowed caller can report on it.
          const vulnerability = `CVE-2099-${1000 + ++serial}`;
          const lead = { userId: "t", username: "t" };
          await vulnerabilities.applyVex(
            site.id,
            [{ asset: "plc-press-01", vulnerability, status: "affected" }],
            `access ${who}`,
            lead,
          );
          const step = async (change: Record<string, unknown>) => {
            const current = (await vulnerabilities.case(site.id, "plc-press-01", vulnerability)).case;
            await vulnerabilities.updateCase(
              site.id,
              "plc-press-01",
              vulnerability,
              change,
              current.version,
              lead,
              {
                approve: false,
              },
            );
          };
          await step({ stage: "orient" });
          await step({ stage: "decide", orientation: { exploitability: "unknown", operationalImpact: "x" } });
          await step({ decision: { action: "patch", rationale: "x", decisionMaker: 0 } });
          await step({ stage: "act", task: { owner: "dept.it", due: "2026-12-01" } });
          return {
            method: "POST",
            path: `${sitePath()}/cases/plc-press-01/${vulnerability}/task`,
            json: { done: true, note: `done, says ${who}` },
            version: (await vulnerabilities.case(site.id, "plc-press-01", vulnerability)).case.version,
          };
        },
        "GET /api/sites/{site}/sboms": async () => ({ method: "GET", path: `${sitePath()}/sboms` }),
        "GET /api/sites/{site}/assets/{asset}/sbom": async () => ({
          method: "GET",
          path: `${sitePath()}/assets/mes-01/sbom`,
        }),
        "PUT /api/sites/{site}/assets/{asset}/sbom": async () => ({
          method: "PUT",
          path: `${sitePath()}/assets/mes-01/sbom`,
          json: JSON.parse(sbomText),
        }),
        "DELETE /api/sites/{site}/assets/{asset}/sbom": async () => {
          await vulnerabilities.putSbom(
            site.id,
            "db-mes-01",
            readSbom(sbomText).sbom as Sbom,
            sbomText,
            actor,
          );
          return { method: "DELETE", path: `${sitePath()}/assets/db-mes-01/sbom` };
        },
        "GET /api/model-sboms": async () => ({ method: "GET", path: "/api/model-sboms" }),
        "GET /api/model-sboms/sbom": async () => {
          const model = { vendor: "Access Test", model: "Reader", version: "1.0" };
          await vulnerabilities.putModelSbom(model, readSbom(sbomText).sbom as Sbom, sbomText, actor);
          return {
            method: "GET",
            path: "/api/model-sboms/sbom?vendor=access%20test&model=READER&version=1.0",
          };
        },
        "PUT /api/model-sboms": async () => ({
          method: "PUT",
          path: "/api/model-sboms?vendor=Access%20Test&model=Writer",
          json: JSON.parse(sbomText),
        }),
        "DELETE /api/model-sboms": async (who: Who) => {
          const model = { vendor: "Access Test", model: `Doomed ${slug(who)}` };
          await vulnerabilities.putModelSbom(model, readSbom(sbomText).sbom as Sbom, sbomText, actor);
          return {
            method: "DELETE",
            path: `/api/model-sboms?vendor=Access%20Test&model=${encodeURIComponent(model.model)}`,
          };
        },
        "GET /api/sites/{site}/vulnerabilities": async () => ({
          method: "GET",
          path: `${sitePath()}/vulnerabilities?lang=en`,
        }),
        "PUT /api/reference-data/{kind}": async () => ({
          method: "PUT",
          path: "/api/reference-data/kev",
          json: smallKev,
        }),
        "GET /api/sites/{site}/vex": async () => ({
          method: "GET",
          path: `${sitePath()}/vex?format=cyclonedx`,
        }),
        "POST /api/sites/{site}/vex": async () => {
          const response = await (callers.get("admin") as Caller).request(
            `${sitePath()}/vex?format=cyclonedx`,
          );
          return { method: "POST", path: `${sitePath()}/vex`, json: await response.json() };
        },
        "GET /api/products/{product}/sbom": async () => {
          await api.services.productVulnerabilities.putSbom(productId, productSbom(), productSbomText, actor);
          return { method: "GET", path: `${productPath}/sbom` };
        },
        "PUT /api/products/{product}/sbom": async () => ({
          method: "PUT",
          path: `${productPath}/sbom`,
          json: JSON.parse(productSbomText),
        }),
        "DELETE /api/products/{product}/sbom": async () => {
          await api.services.productVulnerabilities.putSbom(productId, productSbom(), productSbomText, actor);
          return { method: "DELETE", path: `${productPath}/sbom` };
        },
        "GET /api/products/{product}/matches": async () => ({
          method: "GET",
          path: `${productPath}/matches?review=false`,
        }),
        "POST /api/products/{product}/matches/review": async (who: Who) => ({
          method: "POST",
          path: `${productPath}/matches/review`,
          json: { ...opensslMatch, decision: "confirmed", note: `checked by ${who}` },
        }),
        "GET /api/products/{product}/vulnerabilities": async () => ({
          method: "GET",
          path: `${productPath}/vulnerabilities`,
        }),
        "PATCH /api/products/{product}/vulnerabilities/{vulnerability}": async (who: Who) => ({
          method: "PATCH",
          path: `${productPath}/vulnerabilities/CVE-2024-13176`,
          json: { statusDetail: `looked at by ${who}` },
          version: (await api.services.productVulnerabilities.status(productId, "CVE-2024-13176")).version,
        }),
        "GET /api/products/{product}/vex": async () => ({
          method: "GET",
          path: `${productPath}/vex?format=cyclonedx`,
        }),
        "GET /api/notices": async () => ({ method: "GET", path: "/api/notices" }),
        "POST /api/notices/read": async () => ({
          method: "POST",
          path: "/api/notices/read",
          json: { ids: [1] },
        }),
      });
      for (const collection of siteCollectionNames) {
        const base = `/api/sites/{site}/${collection}`;
        const path = () => `${sitePath()}/${collection}`;
        const item = (key: string) => `${path()}/${encodeURIComponent(key)}`;
        all[`GET ${base}`] = async () => ({ method: "GET", path: `${path()}?limit=5` });
        all[`POST ${base}`] = async (who) => ({
          method: "POST",
          path: path(),
          json: newItem(collection, who),
        });
        all[`GET ${base}/{key}`] = async () => ({ method: "GET", path: item(existingKey(collection)) });
        all[`PUT ${base}/{key}`] = async () => {
          const current = await sites.getEntity(site.id, collection, existingKey(collection));
          return {
            method: "PUT",
            path: item(existingKey(collection)),
            json: current.data,
            version: current.revision.version,
          };
        };
        all[`DELETE ${base}/{key}`] = async (who) => {
          const doomed = newItem(collection, who);
          const key = String(doomed[siteCollections[collection].key]);
          const record = await sites.putEntity(site.id, collection, key, doomed, null, actor);
          return { method: "DELETE", path: item(key), version: record.revision.version };
        };
      }
      return all;
    };

    /**
     * Row-level rules beyond the route's permission: a job belongs to a site, and whoever may not read
     * that site is told it does not exist; setup is done once, so later calls find it done.
     */
    const exceptions: Record<string, (who: Who) => number | undefined> = {
      "GET /api/jobs/{job}": (who) =>
        who !== "anonymous" && !allowed["site:read"]?.includes(who) ? 404 : undefined,
      "POST /api/setup": () => 409,
    };

    it("publishes a permission for every operation, and every API route is in the document", async () => {
      const operations = await operationsOf(api);
      expect(operations.filter((o) => o.permission === undefined).map((o) => o.key)).toEqual([]);
      expect(operations.filter((o) => !((o.permission ?? "") in allowed)).map((o) => o.key)).toEqual([]);
      const { createApp } = await import("./app.js");
      const documented = new Set(operations.map((o) => o.key));
      const undocumented = createApp(api.services)
        .routes.filter((r) => r.method !== "ALL" && r.path.startsWith("/api/"))
        .filter((r) => r.path !== "/api/openapi.json" && !r.path.startsWith("/api/docs"))
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`)
        .filter((key) => !documented.has(key));
      expect([...new Set(undocumented)]).toEqual([]);
    });

    it("lets a read-only token read but not write, and refuses revoked and expired tokens", async () => {
      const { accounts, db } = api.services;
      const editor = await accounts.getUser("editor");
      const as = { userId: editor.id, username: editor.username };
      const bearer = (token: string) => callerWith(api, "editor", { authorization: `Bearer ${token}` });
      const asset = `${sitePath()}/assets/${existingKey("assets")}`;
      const read = bearer(
        (await accounts.createToken(as, { name: "ro", scope: "read", expiresInDays: 1 })).token,
      );
      expect((await read.request(asset)).status).toBe(200);
      const current = await api.services.sites.getEntity(site.id, "assets", existingKey("assets"));
      const put = { method: "PUT", json: current.data, version: current.revision.version };
      expect((await read.request(asset, put)).status).toBe(403);
      expect((await read.request(`${sitePath()}/analysis`, { method: "POST" })).status).toBe(403);
      expect((await read.request("/api/tokens", { method: "POST", json: { name: "x" } })).status).toBe(403);
      const write = await accounts.createToken(as, { name: "rw", scope: "write", expiresInDays: 1 });
      // A token is not a cookie: no CSRF token needed.
      expect((await bearer(write.token).request(asset, put)).status).toBe(200);
      // But it cannot mint tokens that would outlive it.
      expect(
        (await bearer(write.token).request("/api/tokens", { method: "POST", json: { name: "x" } })).status,
      ).toBe(403);
      await accounts.revokeToken(as, write.record.id, false);
      expect((await bearer(write.token).request(asset)).status).toBe(401);
      // A wrong token fails even where no sign-in is needed, so automation notices at once.
      expect((await bearer(write.token).request("/api/setup")).status).toBe(401);
      const expiring = await accounts.createToken(as, { name: "old", scope: "write", expiresInDays: 1 });
      await db.query("update api_tokens set expires_at = $2 where id = $1", [
        expiring.record.id,
        new Date(Date.now() - 60_000).toISOString(),
      ]);
      expect((await bearer(expiring.token).request(asset)).status).toBe(401);
      expect((await bearer("mt_not-a-token").request(asset)).status).toBe(401);
    });

    it("refuses a session write without the CSRF token, and with a wrong one", async () => {
      const editor = await sessionOf(api, "editor");
      const versionBefore = (await api.services.sites.snapshot(site.id)).version;
      const path = `${sitePath()}/departments`;
      const json = newItem("departments", "editor");
      const cookieOnly = new Headers();
      for (const [name, value] of [
        ["x-csrf-token", ""],
        ["x-csrf-token", "forged"],
      ] as const) {
        cookieOnly.set(name, value);
        const response = await editor.request(path, { method: "POST", json, headers: cookieOnly });
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({ detail: "csrf" });
      }
      const bare = callerWith(api, "editor", { cookie: (await sessionHeaders(api, "editor")).cookie });
      expect((await bare.request(path, { method: "POST", json })).status).toBe(403);
      expect((await api.services.sites.snapshot(site.id)).version).toBe(versionBefore);
      expect((await editor.request(path, { method: "POST", json })).status).toBe(201);
    });

    it("lets management accept a risk, recording who approved it, and no one else", async () => {
      const decision = (risk: string) => ({
        risk,
        decision: "accept",
        reason: "Residual risk within appetite",
        decidedOn: "2026-11-02",
        approvedBy: "Someone else",
      });
      const path = `${sitePath()}/treatments`;
      for (const who of ["editor", "security-lead", "admin"] as const) {
        const refused = await (callers.get(who) as Caller).request(path, {
          method: "POST",
          json: decision(`risk:accept.${slug(who)}@zone.x`),
        });
        expect(refused.status, who).toBe(403);
      }
      const lead = callers.get("security-lead") as Caller;
      const existing = await api.services.sites.getEntity(site.id, "treatments", existingKey("treatments"));
      const upgrade = await lead.request(`${path}/${existingKey("treatments")}`, {
        method: "PUT",
        json: { ...existing.data, decision: "transfer", insurance: "Cyber policy" },
        version: existing.revision.version,
      });
      expect(upgrade.status).toBe(403);
      expect(await upgrade.json()).toMatchObject({ detail: "acceptance-needs-management" });
      const management = callers.get("management") as Caller;
      const accepted = await management.request(path, {
        method: "POST",
        json: decision("risk:accept.management@zone.x"),
      });
      expect(accepted.status).toBe(201);
      const stored = await api.services.sites.getEntity(
        site.id,
        "treatments",
        "risk:accept.management@zone.x",
      );
      expect(stored.data).toMatchObject({ decision: "accept", approvedBy: "management" });
    });

    it("shows a vendor only what its organisation maintains", async () => {
      const vendor = callers.get("vendor") as Caller;
      const admin = callers.get("admin") as Caller;
      for (const collection of ["assets", "conduits"] as const) {
        const page = (await (await vendor.request(`${sitePath()}/${collection}?limit=1000`)).json()) as {
          total: number;
          items: { data: Record<string, unknown> }[];
        };
        const theirs = (await (
          await admin.request(
            `${sitePath()}/${collection}?limit=1000&filter=maintainer:${vendorOrganisation}`,
          )
        ).json()) as { total: number };
        expect(page.total).toBeGreaterThan(0);
        expect(page.total).toBe(theirs.total);
        expect(page.items.every((i) => i.data.maintainer === vendorOrganisation)).toBe(true);
        // A filter cannot widen the view.
        const widened = (await (
          await vendor.request(`${sitePath()}/${collection}?limit=1000&filter=maintainer:dept.it`)
        ).json()) as { items: { data: Record<string, unknown> }[] };
        expect(widened.items.every((i) => i.data.maintainer === vendorOrganisation)).toBe(true);
        const other = ((site[collection] ?? []) as Record<string, unknown>[]).find(
          (i) => i.maintainer !== vendorOrganisation,
        ) as Record<string, unknown>;
        const otherPath = `${sitePath()}/${collection}/${String(other.id)}`;
        expect((await vendor.request(otherPath)).status).toBe(404);
        const otherNow = await api.services.sites.getEntity(site.id, collection, String(other.id));
        const takeOver = await vendor.request(otherPath, {
          method: "PUT",
          json: { ...otherNow.data, maintainer: vendorOrganisation },
          version: otherNow.revision.version,
        });
        expect(takeOver.status).toBe(403);
        const own = await api.services.sites.getEntity(site.id, collection, existingKey(collection));
        const ownPath = `${sitePath()}/${collection}/${existingKey(collection)}`;
        const giveAway = await vendor.request(ownPath, {
          method: "PUT",
          json: { ...own.data, maintainer: "org.si" },
          version: own.revision.version,
        });
        expect(giveAway.status).toBe(403);
        const foreign = await vendor.request(`${sitePath()}/${collection}`, {
          method: "POST",
          json: { ...newItem(collection, "vendor"), maintainer: "org.si" },
        });
        expect(foreign.status).toBe(403);
        expect(
          (await vendor.request(ownPath, { method: "DELETE", version: own.revision.version })).status,
        ).toBe(403);
      }
      const sites = (await (await vendor.request("/api/sites")).json()) as {
        items: { id: string; permissions: string[] }[];
      };
      expect(sites.items.map((s) => [s.id, s.permissions])).toEqual([
        [site.id, ["site:read-maintained", "site:edit-maintained"]],
      ]);
    });

    it("answers every operation for every caller as the roles say", async () => {
      const operations = await operationsOf(api);
      const table = scenarios();
      const unwalked = operations.filter((o) => !table[o.key]).map((o) => o.key);
      expect(unwalked, "operations without a scenario in this test").toEqual([]);
      const mismatches: string[] = [];
      let walked = 0;
      for (const operation of operations) {
        const scenario = table[operation.key] as (who: Who) => Promise<Call>;
        const permitted = allowed[operation.permission as string] ?? [];
        for (const who of everyone) {
          const call = await scenario(who);
          const response = await send(api, callers.get(who), call);
          walked++;
          const expected =
            exceptions[operation.key]?.(who) ??
            (permitted.includes(who) ? "2xx" : who === "anonymous" ? 401 : 403);
          const ok =
            expected === "2xx"
              ? response.status >= 200 && response.status < 300
              : response.status === expected;
          if (!ok)
            mismatches.push(
              `${operation.key} (${operation.permission}) as ${who}: expected ${expected}, got ${response.status} ${(await response.text()).slice(0, 200)}`,
            );
          if (call.endsSessions && who !== "anonymous") callers.set(who, await sessionOf(api, who));
        }
      }
      expect(mismatches).toEqual([]);
      expect(walked).toBe(operations.length * everyone.length);
      console.info(
        `access walk on ${engine.name}: ${operations.length} operations × ${everyone.length} callers`,
      );
    });
  });
}

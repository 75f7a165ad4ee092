import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { readSbom, type Sbom } from "../advisories/sbom.js";
import { sharedDirectory } from "../catalogues/shared-data.js";
import { type SiteCollection, siteCollectionNames, siteCollections } from "../model/collections.js";
import type { Site } from "../model/site.js";
import { testEngines } from "../store/test-databases.js";
import { type Caller, openTestApi, password, seedDemo, type TestApi } from "./test-support.js";

/**
 * Every endpoint fed malformed JSON, the wrong JSON type, unknown fields and oversize bodies: a clear
 * 4xx with problem details, never a 500, and nothing written. List routes get nonsense query parameters.
 */
const limit = 64 * 1024;
const refusals = [400, 409, 413, 415, 422, 428];

const demoProduct = parse(
  readFileSync(new URL("../../examples/demo-product.yaml", import.meta.url), "utf8"),
) as Record<string, unknown>;
// The smallest CISA advisory (4 KB), well under this suite's 64 KiB limit.
const smallAdvisory = readFileSync(
  join(sharedDirectory(), "corpora/cisa-csaf/csaf_files/OT/white/2017/icsma-17-227-01.json"),
  "utf8",
);

const tiny = (id: string) => ({ kind: "site", schemaVersion: 1, id, name: `Tiny ${id}` });

interface Operation {
  key: string;
  media: string | undefined;
  queryParameters: string[];
}

interface Valid {
  path: string;
  version?: number;
  body: Record<string, unknown>;
}

for (const engine of testEngines) {
  describe(`malformed requests on ${engine.name}`, () => {
    let api: TestApi;
    let admin: Caller;
    let site: Site;
    let operations: Operation[];

    beforeAll(async () => {
      api = await openTestApi(engine, { bodyLimitBytes: limit, importLimitBytes: limit });
      const seeded = await seedDemo(api);
      admin = seeded.admin;
      site = seeded.site;
      const user = await api.services.accounts.getUser("admin");
      await api.services.products.create(demoProduct, { userId: user.id, username: user.username });
      const doc = (await (await api.request("/api/openapi.json")).json()) as {
        paths: Record<
          string,
          Record<
            string,
            {
              requestBody?: { content: Record<string, unknown> };
              parameters?: { in: string; name: string }[];
            }
          >
        >;
      };
      operations = Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({
          key: `${method.toUpperCase()} ${path}`,
          media: operation.requestBody ? Object.keys(operation.requestBody.content)[0] : undefined,
          queryParameters: (operation.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
        })),
      );
    }, 120_000);
    afterAll(() => api?.dispose());

    /** What a refused request must not have touched. */
    async function fingerprint(): Promise<string> {
      const { db } = api.services;
      const parts = await Promise.all([
        db.query("select count(*)::int as n, coalesce(max(seq), 0)::int as last from audit_log"),
        db.query("select id, version, settings_version from sites order by id"),
        db.query("select count(*)::int as n, coalesce(sum(version), 0)::int as v from site_entities"),
        db.query(
          "select username, version, display_name, password_hash, failed_logins, locked_until from users order by username",
        ),
        db.query("select count(*)::int as n from api_tokens"),
        db.query("select count(*)::int as n from sessions"),
        db.query("select scope, scope_id, user_id, role from memberships order by 1, 2, 3"),
        db.query("select id, version from products order by id"),
        db.query("select advisory_key, sha256 from advisory_revisions order by 1, 2"),
        db.query("select site_id, asset_id, sha256 from sboms order by 1, 2"),
        db.query(
          "select count(*)::int as n, string_agg(decision || note, ',' order by asset_id) as d from match_reviews",
        ),
        db.query("select asset_id, vulnerability_id, version from vulnerability_cases order by 1, 2"),
        db.query("select count(*)::int as n from notification_reads"),
        db.query("select product_id, sha256 from product_sboms order by 1"),
        db.query("select vendor, model, version, sha256 from model_sboms order by 1, 2, 3"),
        db.query(
          "select count(*)::int as n, string_agg(decision || note, ',' order by component) as d from product_match_reviews",
        ),
        db.query("select product_id, vulnerability_id, version from product_vulnerabilities order by 1, 2"),
      ]);
      return JSON.stringify(parts);
    }

    const sitePath = () => `/api/sites/${site.id}`;

    const newItem = (collection: SiteCollection): Record<string, unknown> => {
      if (collection === "treatments")
        return { risk: "risk:fuzz@zone.x", decision: "mitigate", reason: "Planned", decidedOn: "2026-11-01" };
      const template = (site[collection] as Record<string, unknown>[])[0] as Record<string, unknown>;
      return {
        ...template,
        id: `${String(template.id)}.fuzz`,
        ...(collection === "zones" ? { assets: [] } : {}),
      };
    };

    /** A confirmed match with its case, made once: what review and case updates are tried on. */
    let seededCase:
      | {
          match: { asset: string; component: string; advisory: string; product: string };
          vulnerability: string;
        }
      | undefined;
    async function vulnerabilityCase() {
      if (seededCase) return seededCase;
      const { vulnerabilities } = api.services;
      const user = await api.services.accounts.getUser("admin");
      const actor = { userId: user.id, username: user.username };
      const melsec = readFileSync(
        join(sharedDirectory(), "corpora/cisa-csaf/csaf_files/OT/white/2023/icsa-23-306-02.json"),
        "utf8",
      );
      await vulnerabilities.importAdvisories(
        [{ format: "csaf", document: JSON.parse(melsec), text: melsec, source: "t" }],
        actor,
      );
      await vulnerabilities.rematch(site.id);
      const match = {
        asset: "plc-press-01",
        component: "",
        advisory: "https://www.cisa.gov#ICSA-23-306-02",
        product: "CSAFPID-0010",
      };
      await vulnerabilities.reviewMatch(site.id, match, "confirmed", "", actor);
      seededCase = { match, vulnerability: "CVE-2023-4625" };
      return seededCase;
    }

    /** The demo product with its SBOM, matched against an advisory about its OpenSSL, made once. */
    const productSbomText = readFileSync(
      new URL("../../examples/demo-product.cdx.json", import.meta.url),
      "utf8",
    );
    let productMatched: { match: Record<string, string>; vulnerability: string } | undefined;
    async function productMatch() {
      if (productMatched) return productMatched;
      const { vulnerabilities, productVulnerabilities } = api.services;
      const user = await api.services.accounts.getUser("admin");
      const actor = { userId: user.id, username: user.username };
      const openssl = readFileSync(
        new URL("../advisories/fixtures/openssl-cve-2024-13176.json", import.meta.url),
        "utf8",
      );
      await vulnerabilities.importAdvisories(
        [{ format: "csaf", document: JSON.parse(openssl), text: openssl, source: "t" }],
        actor,
      );
      const sbom = readSbom(productSbomText).sbom as Sbom;
      await productVulnerabilities.putSbom(String(demoProduct.id), sbom, productSbomText, actor);
      await productVulnerabilities.rematch(String(demoProduct.id));
      productMatched = {
        match: {
          component: "comp.openssl",
          advisory: "https://mamori.invalid/tests#MAMORI-TEST-2025-0001",
          product: "CSAFPID-0001",
        },
        vulnerability: "CVE-2024-13176",
      };
      return productMatched;
    }

    /** A request body each operation would accept (as admin), and where to send it. */
    async function valid(key: string): Promise<Valid | undefined> {
      const { accounts, sites, products } = api.services;
      const s = sitePath();
      const fixed: Record<string, () => Promise<Valid>> = {
        "POST /api/setup": async () => ({ path: "/api/setup", body: { username: "second", password } }),
        "POST /api/auth/login": async () => ({
          path: "/api/auth/login",
          body: { username: "viewer", password },
        }),
        "POST /api/auth/password": async () => ({
          path: "/api/auth/password",
          body: { currentPassword: password, newPassword: `${password} 2` },
        }),
        "POST /api/users": async () => ({ path: "/api/users", body: { username: "newbie", password } }),
        "PATCH /api/users/{user}": async () => ({
          path: "/api/users/viewer",
          body: { displayName: "Viewer" },
          version: (await accounts.getUser("viewer")).version,
        }),
        "POST /api/users/{user}/password": async () => ({
          path: "/api/users/viewer/password",
          body: { password: `${password} 2` },
        }),
        "POST /api/tokens": async () => ({ path: "/api/tokens", body: { name: "ci", scope: "read" } }),
        "POST /api/sites": async () => ({ path: "/api/sites", body: tiny("site.fuzz") }),
        "PUT /api/sites/{site}/export": async () => ({
          path: `${s}/export`,
          body: tiny(site.id),
          version: (await sites.snapshot(site.id)).version,
        }),
        "PUT /api/sites/{site}/settings": async () => {
          const current = await sites.settings(site.id);
          return { path: `${s}/settings`, body: current.data, version: current.revision.version };
        },
        "PUT /api/sites/{site}/members/{user}": async () => ({
          path: `${s}/members/viewer`,
          body: { role: "viewer" },
        }),
        "POST /api/sites/{site}/asset-import": async () => ({
          path: `${s}/asset-import`,
          body: {
            dryRun: false,
            rows: [{ id: "sheet.fuzz", name_ja: "検査PLC", type: "plc", zone: "zone.dmz" }],
          },
        }),
        "PUT /api/sites/{site}/layout": async () => {
          const current = await admin.request(`${s}/layout`);
          return {
            path: `${s}/layout`,
            body: { positions: { "zone.dmz": { x: 1, y: 2 } }, collapsed: [] },
            version: Number(current.headers.get("etag")?.replaceAll('"', "")),
          };
        },
        "POST /api/products": async () => ({
          path: "/api/products",
          body: { ...demoProduct, id: "product.fuzz" },
        }),
        "PUT /api/products/{product}": async () => {
          const current = await products.get(String(demoProduct.id));
          return {
            path: `/api/products/${String(demoProduct.id)}`,
            body: current.data as Record<string, unknown>,
            version: current.revision.version,
          };
        },
        "POST /api/advisories": async () => ({ path: "/api/advisories", body: JSON.parse(smallAdvisory) }),
        "POST /api/sites/{site}/matches/review": async () => ({
          path: `${s}/matches/review`,
          body: { ...(await vulnerabilityCase()).match, decision: "confirmed", note: "" },
        }),
        "PATCH /api/sites/{site}/cases/{asset}/{vulnerability}": async () => {
          const { match, vulnerability } = await vulnerabilityCase();
          const found = await api.services.vulnerabilities.case(site.id, match.asset, vulnerability);
          return {
            path: `${s}/cases/${match.asset}/${vulnerability}`,
            body: { statusDetail: "checked" },
            version: found.case.version,
          };
        },
        "POST /api/sites/{site}/cases/{asset}/{vulnerability}/task": async () => {
          const { match, vulnerability } = await vulnerabilityCase();
          const found = await api.services.vulnerabilities.case(site.id, match.asset, vulnerability);
          return {
            path: `${s}/cases/${match.asset}/${vulnerability}/task`,
            body: { done: true, note: "" },
            version: found.case.version,
          };
        },
        "PUT /api/sites/{site}/assets/{asset}/sbom": async () => ({
          path: `${s}/assets/mes-01/sbom`,
          body: {
            bomFormat: "CycloneDX",
            specVersion: "1.6",
            version: 1,
            components: [
              {
                type: "library",
                name: "gin",
                version: "v1.5.0",
                purl: "pkg:golang/github.com/gin-gonic/gin@v1.5.0",
              },
            ],
          },
        }),
        "PUT /api/model-sboms": async () => ({
          path: "/api/model-sboms?vendor=Mitsubishi%20Electric&model=R04CPU&version=40",
          body: JSON.parse(productSbomText),
        }),
        "POST /api/notices/read": async () => ({ path: "/api/notices/read", body: { ids: [1] } }),
        "PUT /api/reference-data/{kind}": async () => ({
          path: "/api/reference-data/kev",
          body: {
            title: "CISA Catalog of Known Exploited Vulnerabilities",
            catalogVersion: "2026.11.20",
            dateReleased: "2026-11-20T12:00:00.000Z",
            count: 0,
            vulnerabilities: [],
          },
        }),
        "POST /api/sites/{site}/vex": async () => ({
          path: `${s}/vex`,
          body: {
            bomFormat: "CycloneDX",
            specVersion: "1.6",
            version: 1,
            components: [{ type: "device", name: "Press 1 PLC", "bom-ref": "mamori:asset/plc-press-01" }],
            vulnerabilities: [
              {
                id: "CVE-2023-4625",
                analysis: { state: "not_affected", justification: "code_not_reachable" },
                affects: [{ ref: "mamori:asset/plc-press-01" }],
              },
            ],
          },
        }),
        "PUT /api/products/{product}/sbom": async () => ({
          path: `/api/products/${String(demoProduct.id)}/sbom`,
          body: JSON.parse(productSbomText),
        }),
        "POST /api/products/{product}/matches/review": async () => ({
          path: `/api/products/${String(demoProduct.id)}/matches/review`,
          body: { ...(await productMatch()).match, decision: "confirmed", note: "" },
        }),
        "PATCH /api/products/{product}/vulnerabilities/{vulnerability}": async () => {
          const { vulnerability } = await productMatch();
          const found = await api.services.productVulnerabilities.status(
            String(demoProduct.id),
            vulnerability,
          );
          return {
            path: `/api/products/${String(demoProduct.id)}/vulnerabilities/${vulnerability}`,
            body: { statusDetail: "checked" },
            version: found.version,
          };
        },
        "PUT /api/products/{product}/members/{user}": async () => ({
          path: `/api/products/${String(demoProduct.id)}/members/viewer`,
          body: { role: "viewer" },
        }),
      };
      for (const collection of siteCollectionNames) {
        fixed[`POST /api/sites/{site}/${collection}`] = async () => ({
          path: `${s}/${collection}`,
          body: newItem(collection),
        });
        fixed[`PUT /api/sites/{site}/${collection}/{key}`] = async () => {
          const first = (site[collection] as Record<string, unknown>[] | undefined)?.[0];
          const key = first
            ? String(first[siteCollections[collection].key])
            : String(newItem(collection)[siteCollections[collection].key]);
          if (!first)
            await sites.putEntity(site.id, collection, key, newItem(collection), null, {
              userId: "t",
              username: "t",
            });
          const current = await sites.getEntity(site.id, collection, key);
          return {
            path: `${s}/${collection}/${encodeURIComponent(key)}`,
            body: current.data,
            version: current.revision.version,
          };
        };
      }
      return fixed[key]?.();
    }

    function serialise(media: string, value: unknown): string {
      return media === "application/json" ? JSON.stringify(value) : stringify(value);
    }

    /** A NUL inside a text the server stores: PostgreSQL cannot hold it, so it must be refused up front. */
    function nulCase(media: string, body: Record<string, unknown>): [string, string, number[]][] {
      const field = ["name", "displayName", "reason"].find((f) => typeof body[f] === "string");
      if (!field) return [];
      return [["NUL in text", serialise(media, { ...body, [field]: `a\u0000b` }), [400, 422]]];
    }

    const wrongType = (body: string): [string, string, number[], string] => [
      "wrong content type",
      body,
      [415],
      "text/plain",
    ];

    it("refuses malformed, mistyped, unknown and oversize bodies on every endpoint, writing nothing", async () => {
      const withBody = operations.filter((o) => o.media !== undefined);
      expect(withBody.length).toBeGreaterThan(30);
      const missing: string[] = [];
      const wrong: string[] = [];
      for (const operation of withBody) {
        const base = await valid(operation.key);
        if (!base) {
          missing.push(operation.key);
          continue;
        }
        const media = operation.media as string;
        const json = media === "application/json";
        const cases: [string, string, number[], string?][] = [
          ["malformed", json ? '{"id": "x", ' : "kind: site\nid: [unclosed\n  name: :", [400]],
          ["empty", "", [400, 415]],
          ["array", serialise(media, [base.body]), [400, 422]],
          ["number", "42", [400, 422]],
          ["string", json ? '"text"' : "just text", [400, 422]],
          ["null", "null", [400, 422]],
          ["unknown field", serialise(media, { ...base.body, unexpectedField: 1 }), [400, 422]],
          ...nulCase(media, base.body),
          ["oversize", serialise(media, { ...base.body, padding: "x".repeat(limit) }), [413]],
        ];
        const before = await fingerprint();
        for (const [name, body, expected, contentType] of [
          ...cases,
          // Site documents are read as text whatever their type (JSON is YAML); JSON bodies must say so.
          ...(json ? [wrongType(serialise(media, base.body))] : []),
        ]) {
          const response = await admin.request(base.path, {
            method: operation.key.split(" ")[0],
            headers: { "content-type": contentType ?? media },
            body,
            ...(base.version !== undefined ? { version: base.version } : {}),
          });
          const type = response.headers.get("content-type") ?? "";
          const text = await response.text();
          const where = `${operation.key} ${name}`;
          if (!expected.includes(response.status) || !refusals.includes(response.status)) {
            wrong.push(`${where}: ${response.status} ${text.slice(0, 300)}`);
            continue;
          }
          if (!type.startsWith("application/problem+json")) {
            wrong.push(`${where}: content-type ${type}`);
            continue;
          }
          const problem = JSON.parse(text) as { status: number; problems?: { pointer: string }[] };
          if (problem.status !== response.status) wrong.push(`${where}: body status ${problem.status}`);
          if (name === "unknown field" && json) {
            const pointers = (problem.problems ?? []).map((p) => p.pointer);
            if (!pointers.includes("/unexpectedField"))
              wrong.push(`${where}: pointers ${pointers.join(", ")}`);
          }
        }
        if ((await fingerprint()) !== before) wrong.push(`${operation.key}: something was written`);
      }
      expect(missing, "operations with a body but no valid example in this test").toEqual([]);
      expect(wrong).toEqual([]);
    });

    it("answers nonsense query parameters with 400, never 500", async () => {
      const lists = operations.filter((o) => o.key.startsWith("GET ") && o.queryParameters.includes("limit"));
      expect(lists.length).toBeGreaterThan(10);
      const nonsense = [
        "limit=-1",
        "limit=abc",
        "limit=0",
        "limit=1001",
        "limit=1e400",
        "offset=-5",
        "offset=abc",
        "offset=99999999999999999999",
        "sort=';drop table sites;--",
        "sort=-",
        "sort=a.b",
        "filter=nocolon",
        "filter=:novalue",
        `q=${"x".repeat(201)}`,
        "q=%00",
        "filter=type:%00",
        "before=-1",
        "before=abc",
        "from=yesterday",
        "to=2026-13-45",
        "site=%00",
        "actor=%00",
      ];
      const wrong: string[] = [];
      const before = await fingerprint();
      for (const operation of lists) {
        const path = operation.key.slice(4).replace("{site}", site.id).replace("{list}", "attackPaths");
        for (const query of nonsense) {
          const name = query.split("=")[0] as string;
          if (!operation.queryParameters.includes(name)) continue;
          const response = await admin.request(`${path}?${query}`);
          if (response.status !== 400) wrong.push(`${operation.key}?${query}: ${response.status}`);
          else if (!response.headers.get("content-type")?.startsWith("application/problem+json"))
            wrong.push(`${operation.key}?${query}: not problem details`);
        }
        const huge = await admin.request(`${path}?offset=10000000&limit=1000`);
        if (huge.status !== 200) wrong.push(`${operation.key} at a huge offset: ${huge.status}`);
      }
      // Formats and languages outside their lists.
      for (const path of [
        `${sitePath()}/export?format=xml`,
        "/api/audit/export?format=pdf",
        `${sitePath()}/analysis?lang=fr`,
        // The analysis' lists: names that are not lists of the report.
        `${sitePath()}/analysis?parts=nonsense`,
        `${sitePath()}/analysis?parts=`,
        `${sitePath()}/analysis?parts=zones,,risks`,
        `${sitePath()}/analysis?parts=zones,language`,
        `${sitePath()}/analysis?parts=%00`,
        `${sitePath()}/analysis/nonsense`,
        `${sitePath()}/analysis/counts`,
        `${sitePath()}/analysis/attackPaths?lang=fr`,
      ]) {
        const response = await admin.request(path);
        if (response.status !== 400) wrong.push(`${path}: ${response.status}`);
      }
      expect(wrong).toEqual([]);
      expect(await fingerprint()).toBe(before);
    });
  });
}

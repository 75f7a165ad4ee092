import { gunzipSync } from "node:zlib";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { analysisReportLists } from "../analysis/report.js";
import { testEngines } from "../store/test-databases.js";
import { type Caller, demoYaml, openTestApi, seedDemo, signIn, type TestApi } from "./test-support.js";

for (const engine of testEngines) {
  describe(`API on ${engine.name}`, () => {
    let api: TestApi;
    let admin: Caller;
    let siteId: string;
    beforeAll(async () => {
      api = await openTestApi(engine);
      const seeded = await seedDemo(api);
      admin = seeded.admin;
      siteId = seeded.site.id;
    });
    afterAll(() => api.dispose());

    /** A validator of answers against a schema of the API's own OpenAPI document. */
    async function openApiValidator(name: string) {
      const doc = (await (await api.request("/api/openapi.json")).json()) as { components: unknown };
      const ajv = new Ajv2020({ allErrors: true, strict: false });
      return ajv.compile({ components: doc.components, $ref: `#/components/schemas/${name}` });
    }

    it("serves health, readiness and an OpenAPI 3.1 document", async () => {
      expect((await api.request("/healthz")).status).toBe(200);
      expect(await (await api.request("/readyz")).json()).toMatchObject({ status: "ready" });
      const doc = (await (await api.request("/api/openapi.json")).json()) as {
        openapi: string;
        paths: Record<string, unknown>;
      };
      expect(doc.openapi).toBe("3.1.0");
      expect(Object.keys(doc.paths)).toContain("/api/sites/{site}/assets/{key}");
      const docs = await api.request("/api/docs");
      expect(docs.status).toBe(200);
      expect(docs.headers.get("content-security-policy")).toContain("default-src 'self'");
    });

    it("refuses anonymous callers and cross-site writes without the CSRF token", async () => {
      expect((await api.request(`/api/sites/${siteId}/assets`)).status).toBe(401);
      const editor = await signIn(api, "editor");
      const noCsrf = await editor.request(`/api/sites/${siteId}/analysis`, {
        method: "POST",
        headers: { "x-csrf-token": "" },
      });
      expect(noCsrf.status).toBe(403);
    });

    it("pages, edits with If-Match, explains a conflict and re-analyses", async () => {
      const editor = await signIn(api, "editor");
      const page = await editor.request(`/api/sites/${siteId}/assets?limit=5&sort=id&filter=type:plc`);
      expect(page.status).toBe(200);
      // API answers are never cached by browsers or proxies, and carry the security headers.
      expect(page.headers.get("cache-control")).toBe("no-store");
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
      const body = (await page.json()) as {
        total: number;
        items: { data: Record<string, unknown>; revision: { version: number } }[];
      };
      expect(body.items.length).toBeGreaterThan(0);
      const first = body.items[0] as (typeof body.items)[number];
      const path = `/api/sites/${siteId}/assets/${first.data.id}`;
      const missing = await editor.request(path, { method: "PUT", json: first.data });
      expect(missing.status).toBe(428);
      const ok = await editor.request(path, {
        method: "PUT",
        json: { ...first.data, location: "B棟" },
        version: first.revision.version,
      });
      expect(ok.status).toBe(200);
      expect(ok.headers.get("etag")).toBe(`"${first.revision.version + 1}"`);
      const stale = await editor.request(path, {
        method: "PUT",
        json: first.data,
        version: first.revision.version,
      });
      expect(stale.status).toBe(409);
      expect(await stale.json()).toMatchObject({
        current: { updatedBy: "editor", version: first.revision.version + 1 },
      });
      await api.services.worker.drain();
      const analysis = (await (
        await editor.request(`/api/sites/${siteId}/analysis?parts=findings`)
      ).json()) as {
        fresh: boolean;
        report: { findings: unknown[] };
      };
      expect(analysis.fresh).toBe(true);
      expect(analysis.report.findings.length).toBeGreaterThan(0);
      const read = await editor.request(`/api/sites/${siteId}/analysis`);
      const tag = read.headers.get("etag") ?? "";
      const unchanged = await editor.request(`/api/sites/${siteId}/analysis`, {
        headers: { "if-none-match": tag },
      });
      expect(unchanged.status).toBe(304);
      // The workspace pages ask for the lists they show only.
      const parts = (await (
        await editor.request(`/api/sites/${siteId}/analysis?parts=zones,findings`)
      ).json()) as { fresh: boolean; report: Record<string, unknown> };
      expect(parts.fresh).toBe(true);
      expect(
        Object.keys(parts.report)
          .filter((key) => Array.isArray(parts.report[key]))
          .sort(),
      ).toEqual(["findings", "zones"]);
      expect(parts.report.site).toBeDefined();
      expect(parts.report.scales).toBeDefined();
      expect((await editor.request(`/api/sites/${siteId}/analysis?parts=zones;drop`)).status).toBe(400);
    });

    it("sends the analysis without its lists unless asked for, with every list's length; the whole report on request", async () => {
      const viewer = await signIn(api, "viewer");
      await api.services.analyses.request(siteId);
      await api.services.worker.drain();
      const stored = JSON.parse((await api.services.analyses.reportText(siteId, "en")) ?? "null") as Record<
        string,
        unknown
      >;
      const lists = Object.keys(stored).filter((key) => Array.isArray(stored[key]));
      expect(lists).toEqual([...analysisReportLists]);
      const lengths = Object.fromEntries(lists.map((list) => [list, (stored[list] as unknown[]).length]));
      expect(lengths.attackPaths).toBeGreaterThan(0);
      const read = async (query: string) => {
        const response = await viewer.request(`/api/sites/${siteId}/analysis?lang=en${query}`);
        expect(response.status).toBe(200);
        return (await response.json()) as { fresh: boolean; report: Record<string, unknown> };
      };
      // By default: every field but the lists, and the lists' lengths.
      const summary = await read("");
      expect(summary.fresh).toBe(true);
      const { counts, ...fields } = summary.report;
      expect(counts).toEqual(lengths);
      expect(fields).toEqual(Object.fromEntries(Object.entries(stored).filter(([, v]) => !Array.isArray(v))));
      // It is small: sent as it is to a client that accepts gzip, not gzipped again on every request.
      const small = await viewer.request(`/api/sites/${siteId}/analysis?lang=en`, {
        headers: { "accept-encoding": "gzip" },
      });
      expect(small.headers.get("content-encoding")).toBeNull();
      expect(Number(small.headers.get("content-length"))).toBeLessThan(8 * 1024);
      expect(await small.json()).toEqual(summary);
      // `parts` adds exactly the lists named, in full and in the report's order.
      const some = await read("&parts=findings,zones");
      expect(Object.keys(some.report).filter((key) => Array.isArray(some.report[key]))).toEqual([
        "zones",
        "findings",
      ]);
      expect(some.report.zones).toEqual(stored.zones);
      expect(some.report.findings).toEqual(stored.findings);
      expect(some.report.counts).toEqual(lengths);
      // `all`: the report as stored, field for field and in its order, with the lengths beside it.
      const all = await read("&parts=all");
      const { counts: allCounts, ...whole } = all.report;
      expect(whole).toEqual(stored);
      expect(Object.keys(whole)).toEqual(Object.keys(stored));
      expect(allCounts).toEqual(lengths);
      // A report is only ever read from the analysis its state named: a replaced one gives nothing.
      const state = await api.services.analyses.state(siteId, "en");
      const analysed = { version: state?.analysedVersion ?? 0, computedAt: state?.computedAt ?? "" };
      expect(await api.services.analyses.reportParts(siteId, "en", analysed, [])).toBeDefined();
      const replaced = {
        ...analysed,
        computedAt: new Date(Date.parse(analysed.computedAt) - 1000).toISOString(),
      };
      expect(await api.services.analyses.reportParts(siteId, "en", replaced, [])).toBeUndefined();
      expect(await api.services.analyses.reportPage(siteId, "en", replaced, "risks", 0, 5)).toBeUndefined();
      // Each variant has a tag of its own, and each revalidates to a 304.
      const tags = new Set<string>();
      for (const query of ["", "&parts=zones", "&parts=all"]) {
        const path = `/api/sites/${siteId}/analysis?lang=en${query}`;
        const tag = (await viewer.request(path)).headers.get("etag") ?? "";
        tags.add(tag);
        expect((await viewer.request(path, { headers: { "if-none-match": tag } })).status).toBe(304);
      }
      expect(tags.size).toBe(3);
      // Names that are not lists of the report are refused, located at `parts`, with a suggestion.
      const unknown = await viewer.request(`/api/sites/${siteId}/analysis?lang=en&parts=zones,atackPaths`);
      expect(unknown.status).toBe(400);
      expect(await unknown.json()).toMatchObject({
        problems: [
          { pointer: "/parts", code: "enum", params: { value: "atackPaths", suggestion: "attackPaths" } },
        ],
      });
      expect((await viewer.request(`/api/sites/${siteId}/analysis?parts=site`)).status).toBe(400);
      // The OpenAPI document says so: every variant is an AnalysisState; a report without `counts` is not.
      const valid = await openApiValidator("AnalysisState");
      for (const answer of [summary, some, all])
        expect(valid(answer), JSON.stringify(valid.errors)).toBe(true);
      expect(valid({ ...all, report: whole })).toBe(false);
    });

    it("pages through one list of the analysis in the report's order, with 304 for an unchanged page", async () => {
      const viewer = await signIn(api, "viewer");
      await api.services.analyses.request(siteId);
      await api.services.worker.drain();
      const stored = JSON.parse((await api.services.analyses.reportText(siteId, "en")) ?? "null") as Record<
        string,
        unknown[]
      >;
      const paths = stored.attackPaths as unknown[];
      expect(paths.length).toBeGreaterThan(60);
      const base = `/api/sites/${siteId}/analysis/attackPaths?lang=en`;
      const page = async (query: string) => {
        const response = await viewer.request(`${base}${query}`);
        expect(response.status).toBe(200);
        return (await response.json()) as {
          list: string;
          total: number;
          offset: number;
          limit: number;
          items: unknown[];
          fresh: boolean;
          analysedVersion: number | null;
          siteVersion: number;
          computedAt: string | null;
        };
      };
      const first = await page("&limit=5");
      expect(first).toMatchObject({
        list: "attackPaths",
        total: paths.length,
        offset: 0,
        limit: 5,
        fresh: true,
      });
      expect(first.analysedVersion).toBe(first.siteVersion);
      expect(first.computedAt).toEqual(expect.any(String));
      expect(first.items).toEqual(paths.slice(0, 5));
      expect((await page("")).items).toEqual(paths.slice(0, 100));
      // Every page in turn gives the list back whole, in order; the last page is short; past it, nothing.
      const pages: unknown[] = [];
      for (let offset = 0; offset < paths.length; offset += 50)
        pages.push(...(await page(`&offset=${offset}&limit=50`)).items);
      expect(pages).toEqual(paths);
      const last = await page(`&offset=${paths.length - 2}&limit=50`);
      expect(last.items).toEqual(paths.slice(-2));
      expect(last.total).toBe(paths.length);
      expect(await page(`&offset=${paths.length + 10}&limit=50`)).toMatchObject({
        total: paths.length,
        items: [],
      });
      // Other lists, the empty one too, in the caller's language.
      const zones = (await (
        await viewer.request(`/api/sites/${siteId}/analysis/zones?lang=ja&limit=3`)
      ).json()) as {
        items: unknown[];
      };
      const storedJa = JSON.parse((await api.services.analyses.reportText(siteId, "ja")) ?? "null") as Record<
        string,
        unknown[]
      >;
      expect(zones.items).toEqual(storedJa.zones?.slice(0, 3));
      expect(
        await (await viewer.request(`/api/sites/${siteId}/analysis/orphanedTreatments?lang=en`)).json(),
      ).toMatchObject({ list: "orphanedTreatments", total: 0, items: [] });
      // An unchanged page revalidates to a 304; another page or the summary does not take its tag.
      const tag = (await viewer.request(`${base}&limit=5`)).headers.get("etag") ?? "";
      expect(tag).not.toBe("");
      expect((await viewer.request(`${base}&limit=5`, { headers: { "if-none-match": tag } })).status).toBe(
        304,
      );
      expect(
        (await viewer.request(`${base}&offset=5&limit=5`, { headers: { "if-none-match": tag } })).status,
      ).toBe(200);
      expect(
        (await viewer.request(`/api/sites/${siteId}/analysis?lang=en`, { headers: { "if-none-match": tag } }))
          .status,
      ).toBe(200);
      // A name that is not a list of the report, and limits as the collections have them.
      const unknown = await viewer.request(`/api/sites/${siteId}/analysis/site?lang=en`);
      expect(unknown.status).toBe(400);
      expect(((await unknown.json()) as { problems: { pointer: string }[] }).problems[0]?.pointer).toBe(
        "/list",
      );
      expect((await viewer.request(`${base}&limit=1001`)).status).toBe(400);
      expect((await viewer.request(`/api/sites/site.nowhere/analysis/attackPaths`)).status).toBe(403);
      // Each page is typed in the OpenAPI document as a page of its list's items.
      const valid = await openApiValidator("AnalysisListPage");
      expect(valid(first), JSON.stringify(valid.errors)).toBe(true);
      expect(valid({ ...first, list: "zones" })).toBe(false);
    });

    it("sends the report gzipped to clients that accept it, the same report as the plain one", async () => {
      const viewer = await signIn(api, "viewer");
      await api.services.worker.drain();
      const plain = await viewer.request(`/api/sites/${siteId}/analysis?lang=en&parts=all`);
      expect(plain.headers.get("content-encoding")).toBeNull();
      const plainText = await plain.text();
      const zipped = await viewer.request(`/api/sites/${siteId}/analysis?lang=en&parts=all`, {
        headers: { "accept-encoding": "br;q=1, gzip;q=0.8" },
      });
      expect(zipped.headers.get("content-encoding")).toBe("gzip");
      expect(zipped.headers.get("vary")).toContain("Accept-Encoding");
      const bytes = new Uint8Array(await zipped.arrayBuffer());
      expect(bytes.byteLength).toBeLessThan(plainText.length / 4);
      expect(gunzipSync(bytes).toString("utf8")).toBe(plainText);
      const refused = await viewer.request(`/api/sites/${siteId}/analysis?lang=en&parts=all`, {
        headers: { "accept-encoding": "gzip;q=0" },
      });
      expect(refused.headers.get("content-encoding")).toBeNull();
      // Lists are gzipped too once they are large, through the same cache.
      const page = await viewer.request(`/api/sites/${siteId}/assets?limit=100`, {
        headers: { "accept-encoding": "gzip" },
      });
      expect(page.headers.get("content-encoding")).toBe("gzip");
      expect(JSON.parse(gunzipSync(new Uint8Array(await page.arrayBuffer())).toString("utf8"))).toMatchObject(
        {
          limit: 100,
        },
      );
    });

    it("never answers a read from memory after the site changed", async () => {
      const editor = await signIn(api, "editor");
      await api.services.worker.drain();
      const before = (await (await editor.request(`/api/sites/${siteId}/analysis`)).json()) as {
        siteVersion: number;
        fresh: boolean;
        report: unknown;
      };
      const listPage = (await (
        await editor.request(`/api/sites/${siteId}/analysis/assets?limit=1`)
      ).json()) as { siteVersion: number; analysedVersion: number | null; fresh: boolean };
      const page = (await (await editor.request(`/api/sites/${siteId}/assets?limit=1&sort=id`)).json()) as {
        items: { data: Record<string, unknown>; revision: { version: number } }[];
      };
      const first = page.items[0] as (typeof page.items)[number];
      const written = await editor.request(`/api/sites/${siteId}/assets/${first.data.id}`, {
        method: "PUT",
        json: { ...first.data, location: "C棟" },
        version: first.revision.version,
      });
      expect(written.status).toBe(200);
      const read = vi.spyOn(api.services.analyses, "reportParts");
      const stale = (await (await editor.request(`/api/sites/${siteId}/analysis`)).json()) as typeof before;
      expect(stale.siteVersion).toBe(before.siteVersion + 1);
      expect(stale.fresh).toBe(false);
      // The report is still the one analysed before: it is not read again, however many ask.
      expect(stale.report).toEqual(before.report);
      expect(read).not.toHaveBeenCalled();
      const again = (await (await editor.request(`/api/sites/${siteId}/assets?limit=1&sort=id`)).json()) as {
        items: { data: Record<string, unknown> }[];
      };
      expect(again.items[0]?.data.location).toBe("C棟");
      await api.services.worker.drain();
      const after = (await (await editor.request(`/api/sites/${siteId}/analysis`)).json()) as typeof before;
      expect(after).toMatchObject({ siteVersion: before.siteVersion + 1, fresh: true });
      expect(read).toHaveBeenCalledTimes(1);
      read.mockRestore();
      // Pages of a list too come from the new analysis, not from memory.
      expect(listPage).toMatchObject({
        siteVersion: before.siteVersion,
        analysedVersion: before.siteVersion,
      });
      const listAfter = (await (
        await editor.request(`/api/sites/${siteId}/analysis/assets?limit=1`)
      ).json()) as typeof listPage;
      expect(listAfter).toMatchObject({
        siteVersion: before.siteVersion + 1,
        analysedVersion: before.siteVersion + 1,
        fresh: true,
      });
    });

    it("answers bad input with located 4xx problems and writes nothing", async () => {
      const editor = await signIn(api, "editor");
      const before = (await api.services.sites.snapshot(siteId)).version;
      const malformed = await editor.request(`/api/sites/${siteId}/assets`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
      });
      expect(malformed.status).toBe(400);
      const wrongType = await editor.request(`/api/sites/${siteId}/assets`, {
        method: "POST",
        json: { id: "x1", name: "X", type: "toaster", extra: 1 },
      });
      expect(wrongType.status).toBe(400);
      const problems = ((await wrongType.json()) as { problems: { pointer: string }[] }).problems.map(
        (p) => p.pointer,
      );
      expect(problems).toContain("/type");
      const dangling = await editor.request(`/api/sites/${siteId}/conduits`, {
        method: "POST",
        json: { id: "c-x", from: "nowhere", to: "zone.dmz", direction: "bidirectional" },
      });
      expect(dangling.status).toBe(422);
      const huge = await editor.request(`/api/sites/${siteId}/assets`, {
        method: "POST",
        json: { id: "big", name: "x".repeat(2 * 1024 * 1024), type: "plc" },
      });
      expect(huge.status).toBe(413);
      expect((await api.services.sites.snapshot(siteId)).version).toBe(before);
    });

    it("imports an asset sheet: a dry run locates every problem by row and column, then all or nothing", async () => {
      const editor = await signIn(api, "editor");
      const zone = "zone.dmz";
      const rows = [
        { id: "sheet-hmi-01", name_ja: "検査HMI", type: "hmi", zone, firmwareVersion: "V2.9.4" },
        { id: "sheet-plc-02", name_ja: "検査PLC", type: "toaster", zone, quantity: "two" },
        { id: "sheet-plc-03", name_ja: "検査PLC3", type: "plc", zone: "zone.nowhere" },
      ];
      const before = (await api.services.sites.snapshot(siteId)).version;
      const dry = await editor.request(`/api/sites/${siteId}/asset-import`, {
        method: "POST",
        json: { dryRun: true, rows },
      });
      expect(dry.status).toBe(200);
      const preview = (await dry.json()) as {
        problems: { row: number; column: string; code: string; message: string }[];
      };
      expect(preview.problems.map((p) => [p.row, p.column])).toEqual([
        [2, "quantity"],
        [2, "type"],
        [3, "zone"],
      ]);
      expect(preview.problems.every((p) => p.message.length > 0)).toBe(true);
      const refused = await editor.request(`/api/sites/${siteId}/asset-import`, {
        method: "POST",
        json: { dryRun: false, rows },
      });
      expect(refused.status).toBe(422);
      expect((await api.services.sites.snapshot(siteId)).version).toBe(before);
      const fixed = [rows[0], { ...rows[1], type: "plc", quantity: "2" }, { ...rows[2], zone }];
      const done = await editor.request(`/api/sites/${siteId}/asset-import`, {
        method: "POST",
        json: { dryRun: false, rows: fixed },
      });
      expect(done.status).toBe(200);
      expect(await done.json()).toMatchObject({ applied: true, created: 3 });
      const sheet = await (await editor.request(`/api/sites/${siteId}/asset-export`)).text();
      expect(sheet).toContain("sheet-plc-02,検査PLC,,plc,zone.dmz");
    });

    it("saves the diagram layout with its own version", async () => {
      const editor = await signIn(api, "editor");
      const path = `/api/sites/${siteId}/layout`;
      const first = await editor.request(path);
      expect(await first.json()).toMatchObject({
        data: { positions: {}, collapsed: [] },
        revision: { version: 0 },
      });
      const layout = { positions: { "zone.dmz": { x: 10, y: 20 } }, collapsed: ["zone.enterprise"] };
      expect((await editor.request(path, { method: "PUT", json: layout, version: 0 })).status).toBe(200);
      expect((await editor.request(path, { method: "PUT", json: layout, version: 0 })).status).toBe(409);
      const viewer = await signIn(api, "viewer");
      expect(await (await viewer.request(path)).json()).toMatchObject({
        data: layout,
        revision: { version: 1, updatedBy: "editor" },
      });
      expect((await viewer.request(path, { method: "PUT", json: layout, version: 1 })).status).toBe(403);
    });

    it("round-trips the site as YAML through export and re-import", async () => {
      const exported = await admin.request(`/api/sites/${siteId}/export`);
      expect(exported.status).toBe(200);
      const text = await exported.text();
      const version = Number(exported.headers.get("etag")?.replaceAll('"', ""));
      const replaced = await admin.request(`/api/sites/${siteId}/export`, {
        method: "PUT",
        body: text,
        headers: { "content-type": "application/yaml" },
        version,
      });
      expect(replaced.status).toBe(200);
      const again = await (await admin.request(`/api/sites/${siteId}/export`)).text();
      expect(again).toBe(text);
      expect(demoYaml.length).toBeGreaterThan(0);
    });

    it("never answers a page from memory once the site changed, was made again, or for another scope", async () => {
      const editor = await signIn(api, "editor");
      const page = async (who: Caller, query = "limit=3&sort=id&filter=type:plc") => {
        const response = await who.request(`/api/sites/${siteId}/assets?${query}`);
        expect(response.status).toBe(200);
        return (await response.json()) as {
          total: number;
          items: { data: { id: string; name: unknown }; revision: { version: number } }[];
        };
      };
      const before = await page(editor);
      expect(await page(editor)).toEqual(before);
      const first = before.items[0] as (typeof before.items)[number];
      const renamed = await editor.request(`/api/sites/${siteId}/assets/${first.data.id}`, {
        method: "PUT",
        json: { ...first.data, name: "renamed while cached" },
        version: first.revision.version,
      });
      expect(renamed.status).toBe(200);
      const after = await page(editor);
      expect(after.items[0]?.data.name).toBe("renamed while cached");
      // A vendor asking the same question sees only what its organisation maintains.
      const vendor = await signIn(api, "vendor");
      const scoped = await page(vendor, "limit=1000");
      const all = await page(editor, "limit=1000");
      expect(scoped.total).toBeLessThan(all.total);
      // A site deleted and made again under the same id starts from version 1 again: no old page comes back.
      const tinyId = "site.cache-probe";
      const tiny = (name: string) =>
        `kind: site\nschemaVersion: 1\nid: ${tinyId}\nname: probe\nassets:\n  - { id: a1, name: ${name}, type: plc }\n`;
      const create = (name: string) =>
        admin.request("/api/sites", {
          method: "POST",
          body: tiny(name),
          headers: { "content-type": "application/yaml" },
        });
      expect((await create("first")).status).toBe(201);
      const firstPage = await admin.request(`/api/sites/${tinyId}/assets`).then((r) => r.json());
      expect(JSON.stringify(firstPage)).toContain("first");
      expect((await admin.request(`/api/sites/${tinyId}`, { method: "DELETE" })).status).toBe(204);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect((await create("second")).status).toBe(201);
      const secondPage = await admin.request(`/api/sites/${tinyId}/assets`).then((r) => r.json());
      expect(JSON.stringify(secondPage)).toContain("second");
    });
  });
}

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedDirectory } from "../catalogues/shared-data.js";
import type { Site } from "../model/site.js";
import { testEngines } from "../store/test-databases.js";
import { advisoryFacts } from "./routes/vulnerabilities.js";
import { type Caller, kevCatalogue, openTestApi, seedDemo, signIn, type TestApi } from "./test-support.js";

/**
 * The whole vulnerability job through the API, as a security lead and management would do it: feed
 * advisories and KEV, let matching run, confirm what it is unsure of, rank, walk a case through the OODA
 * loop, and hand the status on as VEX.
 */
const cisa = (path: string) =>
  readFileSync(join(sharedDirectory(), "corpora/cisa-csaf/csaf_files/OT/white", path), "utf8");
const melsecKey = "https://www.cisa.gov#ICSA-23-306-02";

for (const engine of testEngines) {
  describe(`vulnerability API on ${engine.name}`, () => {
    let api: TestApi;
    let site: Site;
    let admin: Caller;
    let lead: Caller;
    let management: Caller;
    let viewer: Caller;
    const path = () => `/api/sites/${site.id}`;

    beforeAll(async () => {
      api = await openTestApi(engine);
      ({ site, admin } = await seedDemo(api));
      lead = await signIn(api, "security-lead");
      management = await signIn(api, "management");
      viewer = await signIn(api, "viewer");
    }, 120_000);
    afterAll(() => api?.dispose());

    it("imports advisories after validating them, refusing invalid ones with located problems", async () => {
      const broken = JSON.parse(cisa("2023/icsa-23-306-02.json"));
      broken.document.tracking.status = "published";
      const refused = await admin.request("/api/advisories", { method: "POST", json: broken });
      expect(refused.status).toBe(422);
      const body = (await refused.json()) as { problems: { pointer: string; message: string }[] };
      expect(body.problems.map((p) => p.pointer)).toContain("/document/tracking/status");
      expect((await api.services.vulnerabilities.listAdvisories({ limit: 10, offset: 0 })).total).toBe(0);

      for (const file of ["2023/icsa-23-306-02.json", "2019/icsa-19-346-02.json"]) {
        const response = await admin.request("/api/advisories", {
          method: "POST",
          json: JSON.parse(cisa(file)),
        });
        expect(response.status).toBe(200);
        expect(((await response.json()) as { outcome: string }).outcome).toBe("new");
      }
      expect(
        (
          await lead.request("/api/advisories", {
            method: "POST",
            json: JSON.parse(cisa("2019/icsa-19-346-02.json")),
          })
        ).status,
      ).toBe(403);
      const listed = (await viewer.request("/api/advisories?q=ICSA-23-306-02").then((r) => r.json())) as {
        total: number;
      };
      expect(listed.total).toBe(1);
    });

    it("matches after the import and asks a person about what it is unsure of", async () => {
      await api.services.worker.drain();
      const review = (await lead.request(`${path()}/matches?review=true`).then((r) => r.json())) as {
        items: { asset: string; advisory: string; product: string; reasons: { code: string }[] }[];
      };
      const r04 = review.items.filter((m) => m.advisory === melsecKey).map((m) => m.asset);
      expect(r04).toEqual(["plc-press-01", "plc-press-02", "plc-press-03"]);
      const confirm = await lead.request(`${path()}/matches/review`, {
        method: "POST",
        json: {
          asset: "plc-press-01",
          advisory: melsecKey,
          product: "CSAFPID-0010",
          decision: "confirmed",
          note: "盤で確認",
        },
      });
      expect(confirm.status).toBe(200);
      expect(((await confirm.json()) as { opened: number }).opened).toBe(1);
      // The viewer reads but does not decide.
      expect(
        (
          await viewer.request(`${path()}/matches/review`, {
            method: "POST",
            json: {
              asset: "plc-press-02",
              advisory: melsecKey,
              product: "CSAFPID-0010",
              decision: "rejected",
            },
          })
        ).status,
      ).toBe(403);
      const advisory = (await viewer
        .request(`/api/advisories/${encodeURIComponent(melsecKey)}`)
        .then((r) => r.json())) as { matches: { site: string; asset: string }[] };
      expect(advisory.matches.map((m) => m.asset)).toContain("plc-press-01");
    });

    it("ranks the cases with their reasons, KEV included once it is imported", async () => {
      const kev = kevCatalogue([{ cve: "CVE-2023-4625", ransomware: true }]);
      expect((await admin.request("/api/reference-data/kev", { method: "PUT", json: kev })).status).toBe(200);
      // The plant's context comes from the analysis.
      await api.services.analyses.request(site.id);
      await api.services.worker.drain();
      const ranked = (await viewer.request(`${path()}/vulnerabilities?lang=ja`).then((r) => r.json())) as {
        items: {
          case: { asset: string; vulnerability: string };
          priority: { band: string; reasons: { code: string; text: string }[] };
          kev: unknown;
          advisories: { remediations: unknown[] }[];
        }[];
        reference: { kev: { version: string } | null };
      };
      expect(ranked.reference.kev?.version).toBe("2026.11.20");
      const [top] = ranked.items;
      expect(top?.case).toMatchObject({ asset: "plc-press-01", vulnerability: "CVE-2023-4625" });
      expect(top?.kev).not.toBeNull();
      const codes = top?.priority.reasons.map((r) => r.code) ?? [];
      expect(codes).toEqual(expect.arrayContaining(["cvss", "kev-ransomware"]));
      expect(codes).not.toContain("importance-unknown");
      // Every reason is a sentence in the asked language, never a bare key.
      for (const reason of top?.priority.reasons ?? []) expect(reason.text).not.toContain("vulnerabilities.");
      expect(top?.advisories[0]?.remediations.length).toBeGreaterThan(0);
      // What the OpenAPI document says of the advisory facts is what is sent.
      const facts = z.object(advisoryFacts).strict();
      for (const item of ranked.items) {
        const { cvss, kev: entry, epss, advisories } = item as unknown as Record<string, unknown>;
        expect(facts.safeParse({ cvss, kev: entry, epss, advisories }).error).toBeUndefined();
      }
    });

    it("walks a case through Orient, Decide and Act, with the role matrix's decision makers and the zone's windows", async () => {
      const casePath = `${path()}/cases/plc-press-01/CVE-2023-4625`;
      const read = async () => {
        const response = await lead.request(casePath);
        return {
          etag: Number(response.headers.get("etag")?.replaceAll('"', "")),
          body: (await response.json()) as {
            case: { stage: string; version: number };
            decisionMakers: { title: unknown }[];
            windows: { id: string; start: string }[];
          },
        };
      };
      const first = await read();
      expect(first.body.decisionMakers.length).toBeGreaterThan(0);
      // The press zone is in the monthly shutdown window, not in the weekly IT one.
      expect(first.body.windows.map((w) => w.id)).toContain("mw.monthly-shutdown");
      expect(first.body.windows.map((w) => w.id)).not.toContain("mw.weekly-it");
      const patch = (json: unknown, version: number, who = lead) =>
        who.request(casePath, { method: "PATCH", json, version });
      expect((await patch({ stage: "orient" }, first.etag + 1)).status).toBe(409);
      expect((await lead.request(casePath, { method: "PATCH", json: { stage: "orient" } })).status).toBe(428);
      let response = await patch({ stage: "orient" }, first.etag);
      expect(response.status).toBe(200);
      let version = ((await response.json()) as { version: number }).version;
      response = await patch(
        {
          stage: "decide",
          orientation: { exploitability: "exploitable", operationalImpact: "プレスライン停止" },
        },
        version,
      );
      version = ((await response.json()) as { version: number }).version;
      // The security lead may not accept the risk; management may.
      expect(
        (await patch({ decision: { action: "accept", rationale: "r", decisionMaker: 0 } }, version)).status,
      ).toBe(403);
      response = await patch(
        { decision: { action: "patch", rationale: "月例停止で更新", decisionMaker: 1 } },
        version,
      );
      expect(response.status).toBe(200);
      version = ((await response.json()) as { version: number }).version;
      const window = first.body.windows.find((w) => w.id === "mw.monthly-shutdown");
      response = await patch(
        {
          stage: "act",
          task: { owner: "dept.line-press", due: window?.start.slice(0, 10), window: "mw.monthly-shutdown" },
        },
        version,
      );
      expect(response.status).toBe(200);
      version = ((await response.json()) as { version: number }).version;
      const unfinished = await patch({ stage: "closed", status: "fixed" }, version);
      expect(unfinished.status).toBe(422);
      expect(((await unfinished.json()) as { problems: { code: string }[] }).problems[0]?.code).toBe(
        "task-not-done",
      );
      // The floor reports the work done (editors may not move the case themselves); the lead closes it.
      const editor = await signIn(api, "editor");
      expect(
        (await editor.request(casePath, { method: "PATCH", json: { stage: "closed" }, version })).status,
      ).toBe(403);
      response = await editor.request(`${casePath}/task`, {
        method: "POST",
        json: { done: true, note: "3月の停止で更新済み" },
        version,
      });
      expect(response.status).toBe(200);
      version = ((await response.json()) as { version: number }).version;
      const leadNotices = (await lead.request("/api/notices").then((r) => r.json())) as {
        items: { kind: string }[];
      };
      expect(leadNotices.items.map((n) => n.kind)).toContain("task-done");
      response = await patch({ stage: "closed", status: "fixed" }, version);
      expect(response.status).toBe(200);
      const events = ((await read()).body as unknown as { events: { to: string }[] }).events.map((e) => e.to);
      expect(events).toEqual(["observe", "orient", "decide", "decide", "act", "act", "closed"]);
      // The floor was told when the work reached it.
      const notices = (await editor.request("/api/notices").then((r) => r.json())) as {
        items: { kind: string }[];
      };
      expect(notices.items.map((n) => n.kind)).toContain("case-stage");
      expect(management).toBeDefined();
    });

    it("exports our status as CSAF VEX and CycloneDX VEX, and takes a CycloneDX VEX back", async () => {
      const csafResponse = await viewer.request(`${path()}/vex?format=csaf`);
      expect(csafResponse.status).toBe(200);
      const csaf = (await csafResponse.json()) as {
        document: { category: string };
        vulnerabilities: { cve: string; product_status: Record<string, string[]> }[];
      };
      expect(csaf.document.category).toBe("csaf_vex");
      const fixed = csaf.vulnerabilities.find((v) => v.cve === "CVE-2023-4625");
      expect(Object.keys(fixed?.product_status ?? {})).toContain("fixed");
      const { validateCsaf } = await import("../advisories/csaf-validate.js");
      expect((await validateCsaf(csaf)).problems).toEqual([]);

      const cdx = (await viewer.request(`${path()}/vex?format=cyclonedx`).then((r) => r.json())) as {
        vulnerabilities: { id: string; analysis: { state: string } }[];
      };
      expect(cdx.vulnerabilities.find((v) => v.id === "CVE-2023-4625")?.analysis.state).toBe("resolved");
      // Back in: a supplier says the same asset is not affected by another CVE.
      const vex = structuredClone(cdx) as { vulnerabilities: Record<string, unknown>[] };
      const [entry] = vex.vulnerabilities;
      vex.vulnerabilities = [
        {
          ...entry,
          id: "CVE-2099-1234",
          analysis: {
            state: "not_affected",
            justification: "code_not_reachable",
            detail: "the web server is off",
          },
        },
      ];
      delete (vex.vulnerabilities[0] as Record<string, unknown>).properties;
      const taken = await lead.request(`${path()}/vex`, { method: "POST", json: vex });
      expect(taken.status).toBe(200);
      expect(await taken.json()).toMatchObject({ created: 1, updated: 0, unresolved: [] });
      const cases = (await viewer
        .request(`${path()}/cases?vulnerability=CVE-2099-1234`)
        .then((r) => r.json())) as {
        items: { asset: string; status: string; stage: string }[];
      };
      expect(cases.items).toEqual([
        expect.objectContaining({ asset: "plc-press-01", status: "not-affected", stage: "closed" }),
      ]);
    });
    it("takes a product model's SBOM for every asset of the model, imported and removed by an administrator", async () => {
      const openssl = readFileSync(
        new URL("../advisories/fixtures/openssl-cve-2024-13176.json", import.meta.url),
        "utf8",
      );
      expect(
        (await admin.request("/api/advisories", { method: "POST", json: JSON.parse(openssl) })).status,
      ).toBe(200);
      const cdx = readFileSync(new URL("../../examples/demo-product.cdx.json", import.meta.url), "utf8");
      const hmi = "/api/model-sboms?vendor=Mitsubishi%20Electric&model=GT2712-STBA";
      expect((await lead.request(hmi, { method: "PUT", json: JSON.parse(cdx) })).status).toBe(403);
      const put = await admin.request(hmi, { method: "PUT", json: JSON.parse(cdx) });
      expect(put.status).toBe(200);
      expect(await put.json()).toMatchObject({
        vendor: "Mitsubishi Electric",
        model: "GT2712-STBA",
        version: "",
      });
      await api.services.worker.drain();
      const opensslAssets = async () => {
        const matches = (await lead.request(`${path()}/matches`).then((r) => r.json())) as {
          items: { asset: string; component: string }[];
        };
        return matches.items
          .filter((m) => m.component === "pkg:generic/openssl@3.0.15")
          .map((m) => m.asset)
          .filter((a, i, all) => all.indexOf(a) === i);
      };
      expect(await opensslAssets()).toEqual(["hmi-press-01", "hmi-press-02", "hmi-press-03"]);
      const sboms = (await viewer.request(`${path()}/sboms`).then((r) => r.json())) as {
        models: { asset: string; model: string; version: string }[];
      };
      expect(sboms.models.filter((m) => m.model === "GT2712-STBA").map((m) => m.asset)).toEqual([
        "hmi-press-01",
        "hmi-press-02",
        "hmi-press-03",
      ]);
      const list = (await viewer.request("/api/model-sboms").then((r) => r.json())) as {
        items: { vendor: string; model: string; version: string; components: number }[];
      };
      expect(list.items).toEqual([
        expect.objectContaining({ vendor: "Mitsubishi Electric", model: "GT2712-STBA", version: "" }),
      ]);
      const one = await viewer.request(
        "/api/model-sboms/sbom?vendor=mitsubishi%20electric&model=gt2712-stba",
      );
      expect(one.status).toBe(200);
      expect((await one.json()) as { sha256: string }).toMatchObject({ model: "GT2712-STBA" });
      expect((await viewer.request("/api/model-sboms/sbom?vendor=x&model=y")).status).toBe(404);
      expect((await lead.request(hmi, { method: "DELETE" })).status).toBe(403);
      expect((await admin.request(hmi, { method: "DELETE" })).status).toBe(204);
      expect((await admin.request(hmi, { method: "DELETE" })).status).toBe(404);
      await api.services.worker.drain();
      expect(await opensslAssets()).toEqual([]);
    });
  });
}

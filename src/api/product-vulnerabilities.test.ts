import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validateCsaf } from "../advisories/csaf-validate.js";
import { testEngines } from "../store/test-databases.js";
import { type Caller, openTestApi, seedDemo, signIn, type TestApi } from "./test-support.js";

/**
 * A manufacturer's PSIRT through the API: the demo IoT gateway created and its SBOM uploaded, an
 * advisory imported that concerns one of its parts (OpenSSL 3.0.15, CVE-2024-13176; see the fixture's
 * notes), matching left to the job queue, the status set with If-Match, and the VEX handed to customers.
 */
const root = new URL("../../", import.meta.url);
const product = parse(readFileSync(new URL("examples/demo-product.yaml", root), "utf8")) as {
  id: string;
} & Record<string, unknown>;
const sbomText = readFileSync(new URL("examples/demo-product.cdx.json", root), "utf8");
const advisory = JSON.parse(
  readFileSync(new URL("src/advisories/fixtures/openssl-cve-2024-13176.json", root), "utf8"),
);
const advisoryKey = "https://mamori.invalid/tests#MAMORI-TEST-2025-0001";

for (const engine of testEngines) {
  describe(`product vulnerability API on ${engine.name}`, () => {
    let api: TestApi;
    let admin: Caller;
    let lead: Caller;
    let viewer: Caller;
    const path = `/api/products/${product.id}`;

    beforeAll(async () => {
      api = await openTestApi(engine);
      ({ admin } = await seedDemo(api));
      expect((await admin.request("/api/products", { method: "POST", json: product })).status).toBe(201);
      for (const role of ["security-lead", "viewer"] as const)
        expect(
          (await admin.request(`${path}/members/${role}`, { method: "PUT", json: { role } })).status,
        ).toBe(204);
      lead = await signIn(api, "security-lead");
      viewer = await signIn(api, "viewer");
    }, 120_000);
    afterAll(() => api?.dispose());

    it("tells members what they may do on the product, so the web shows the right controls", async () => {
      const permissionsOn = async (who: Caller) =>
        (
          (await (await who.request("/api/auth/me")).json()) as {
            memberships: { scope: string; scopeId: string; permissions: string[] }[];
          }
        ).memberships.find((m) => m.scope === "product" && m.scopeId === product.id)?.permissions;
      expect(await permissionsOn(lead)).toEqual(["product:read", "product:edit"]);
      expect(await permissionsOn(viewer)).toEqual(["product:read"]);
    });

    it("takes the product's SBOM, refusing what is not one", async () => {
      const put = (body: string, who = lead) =>
        who.request(`${path}/sbom`, {
          method: "PUT",
          headers: { "content-type": "application/vnd.cyclonedx+json" },
          body,
        });
      expect((await put("not json")).status).toBe(400);
      const foreign = await put(JSON.stringify({ ...JSON.parse(sbomText), extra: 1 }));
      expect(foreign.status).toBe(422);
      expect(((await foreign.json()) as { problems: { pointer: string }[] }).problems[0]?.pointer).toBe(
        "/extra",
      );
      expect((await put(sbomText, viewer)).status).toBe(403);
      const stored = await put(sbomText);
      expect(stored.status).toBe(200);
      expect(await stored.json()).toEqual({
        product: product.id,
        format: "cyclonedx-json",
        specVersion: "1.6",
        components: 16,
      });
      const held = (await viewer.request(`${path}/sbom`).then((r) => r.json())) as { importedBy: string };
      expect(held.importedBy).toBe("security-lead");
      expect((await viewer.request("/api/products/product.none/sbom")).status).toBe(403);
      expect((await admin.request("/api/products/product.none/sbom")).status).toBe(404);
    });

    it("matches after an advisory import, through the job queue, and opens the status", async () => {
      await api.services.worker.drain();
      expect(await viewer.request(`${path}/matches`).then((r) => r.json())).toEqual({ items: [] });
      const imported = await admin.request("/api/advisories", { method: "POST", json: advisory });
      expect(imported.status).toBe(200);
      await api.services.worker.drain();
      const matches = (await viewer.request(`${path}/matches`).then((r) => r.json())) as {
        items: { component: string; advisory: string; product: string; certain: boolean; asset?: string }[];
      };
      expect(matches.items.map((m) => [m.component, m.advisory, m.product, m.certain])).toEqual([
        ["comp.openssl", advisoryKey, "CSAFPID-0001", true],
      ]);
      expect(matches.items[0]?.asset).toBeUndefined();
      expect(await viewer.request(`${path}/matches?review=true`).then((r) => r.json())).toEqual({
        items: [],
      });
      const listed = (await viewer.request(`${path}/vulnerabilities`).then((r) => r.json())) as {
        items: {
          vulnerability: { vulnerability: string; status: string; version: number };
          cvss: { baseScore: number };
          components: { id: string }[];
        }[];
      };
      expect(listed.items).toHaveLength(1);
      expect(listed.items[0]).toMatchObject({
        vulnerability: { vulnerability: "CVE-2024-13176", status: "under-investigation", version: 1 },
        cvss: { baseScore: 4.7 },
        components: [{ id: "comp.openssl" }],
      });
      // Confirming a certain match is recorded all the same; it opens nothing new.
      const reviewed = await lead.request(`${path}/matches/review`, {
        method: "POST",
        json: {
          component: "comp.openssl",
          advisory: advisoryKey,
          product: "CSAFPID-0001",
          decision: "confirmed",
        },
      });
      expect(reviewed.status).toBe(200);
      expect(await reviewed.json()).toMatchObject({
        opened: 0,
        match: { review: { decidedBy: "security-lead" } },
      });
    });

    it("lists the product's match on the advisory, to those who may read the product", async () => {
      const advisoryPath = `/api/advisories/${encodeURIComponent(advisoryKey)}`;
      const read = async (who: Caller) => {
        const response = await who.request(advisoryPath);
        expect(response.status).toBe(200);
        return (await response.json()) as { productMatches: Record<string, unknown>[] };
      };
      const expected = {
        iotProduct: { id: product.id, name: product.name },
        component: "comp.openssl",
        componentName: "openssl",
        componentVersion: "3.0.15",
        advisory: advisoryKey,
        product: "CSAFPID-0001",
        productName: "OpenSSL 3.0.0 through 3.0.15",
        confidence: "identifier-range",
        version: "affected-version",
        certain: true,
        active: true,
        review: expect.objectContaining({ decision: "confirmed", decidedBy: "security-lead" }),
        reasons: expect.arrayContaining([expect.objectContaining({ code: "version-in-range" })]),
        vulnerabilities: [{ id: "CVE-2024-13176", state: "affected" }],
      };
      for (const who of [admin, viewer]) {
        const { productMatches } = await read(who);
        expect(productMatches).toEqual([expect.objectContaining(expected)]);
        expect(productMatches[0]).not.toHaveProperty("asset");
      }
      // Members of the site only, and users of nothing, read the advisory without the product.
      for (const who of [await signIn(api, "editor"), await signIn(api, "outsider")])
        expect((await read(who)).productMatches).toEqual([]);
    });

    it("sets the manufacturer's status with If-Match, a justification for not affected, 409 when stale", async () => {
      const status = `${path}/vulnerabilities/CVE-2024-13176`;
      const patch = (json: unknown, version?: number, who = lead) =>
        who.request(status, { method: "PATCH", json, ...(version !== undefined ? { version } : {}) });
      expect((await patch({ status: "fixed" })).status).toBe(428);
      expect((await patch({ status: "fixed" }, 1, viewer)).status).toBe(403);
      const unjustified = await patch({ status: "not-affected" }, 1);
      expect(unjustified.status).toBe(422);
      expect(((await unjustified.json()) as { problems: { code: string }[] }).problems[0]?.code).toBe(
        "justification-required",
      );
      expect((await patch({ status: "not-affected", justification: "because" }, 1)).status).toBe(400);
      // A plant's justification (its zone's controls) is not the maker's to give of a product.
      expect(
        (await patch({ status: "not-affected", justification: "mitigated-by-zone-controls" }, 1)).status,
      ).toBe(400);
      const set = await patch(
        { status: "not-affected", justification: "code-not-in-execute-path", statusDetail: "P-521 unused" },
        1,
      );
      expect(set.status).toBe(200);
      expect(set.headers.get("etag")).toBe('"2"');
      expect(await set.json()).toMatchObject({
        status: "not-affected",
        source: "person",
        updatedBy: "security-lead",
      });
      const stale = await patch({ statusDetail: "again" }, 1);
      expect(stale.status).toBe(409);
      expect(
        (
          await lead.request(`${path}/vulnerabilities/CVE-2099-0001`, {
            method: "PATCH",
            json: {},
            version: 1,
          })
        ).status,
      ).toBe(404);
    });

    it("hands the status on as CSAF VEX that passes the validator, and as CycloneDX VEX", async () => {
      const csafResponse = await viewer.request(`${path}/vex?format=csaf`);
      expect(csafResponse.status).toBe(200);
      expect(csafResponse.headers.get("content-disposition")).toContain(`${product.id}-vex.csaf.json`);
      const csaf = (await csafResponse.json()) as {
        document: { category: string; publisher: { category: string } };
        vulnerabilities: { cve: string; product_status: Record<string, string[]> }[];
      };
      expect(csaf.document).toMatchObject({ category: "csaf_vex", publisher: { category: "vendor" } });
      expect(csaf.vulnerabilities[0]?.product_status.known_not_affected).toEqual([
        `mamori:product/${product.id}`,
        `mamori:product/${product.id}/component/comp.openssl`,
      ]);
      expect((await validateCsaf(csaf)).problems).toEqual([]);
      const cdx = (await viewer.request(`${path}/vex?format=cyclonedx`).then((r) => r.json())) as {
        vulnerabilities: { id: string; analysis: { state: string; detail?: string } }[];
      };
      expect(cdx.vulnerabilities[0]).toMatchObject({
        id: "CVE-2024-13176",
        analysis: { state: "not_affected", detail: "P-521 unused" },
      });
      expect((await viewer.request(`${path}/vex?format=pdf`)).status).toBe(400);
    });

    it("matches again after the product is saved, and after its SBOM is removed", async () => {
      const current = await api.services.products.get(product.id);
      const saved = await lead.request(path, {
        method: "PUT",
        json: { ...current.data, components: [] },
        version: current.revision.version,
      });
      expect(saved.status).toBe(200);
      await api.services.worker.drain();
      // The SBOM still lists OpenSSL 3.0.15: the match now stands on the SBOM's component.
      const matches = (await viewer.request(`${path}/matches`).then((r) => r.json())) as {
        items: { component: string }[];
      };
      expect(matches.items.map((m) => m.component)).toEqual(["pkg:generic/openssl@3.0.15"]);
      expect((await lead.request(`${path}/sbom`, { method: "DELETE" })).status).toBe(204);
      expect((await lead.request(`${path}/sbom`, { method: "DELETE" })).status).toBe(404);
      await api.services.worker.drain();
      expect(await viewer.request(`${path}/matches`).then((r) => r.json())).toEqual({ items: [] });
      // What the PSIRT decided stays.
      const listed = (await viewer.request(`${path}/vulnerabilities`).then((r) => r.json())) as {
        items: { vulnerability: { status: string }; components: unknown[] }[];
      };
      expect(listed.items).toEqual([
        expect.objectContaining({
          vulnerability: expect.objectContaining({ status: "not-affected" }),
          components: [],
        }),
      ]);
    });
  });
}

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validateCsaf } from "../advisories/csaf-validate.js";
import { type OsvRecord, readOsv } from "../advisories/osv.js";
import { readSbom, type Sbom } from "../advisories/sbom.js";
import { builtInCatalogues } from "../catalogues/files.js";
import { sharedDirectory } from "../catalogues/shared-data.js";
import type { Product } from "../model/product.js";
import { verifyAudit } from "./audit.js";
import type { Database } from "./database.js";
import { createProductVulnerabilityStore } from "./product-vulnerabilities.js";
import { createProductStore } from "./products.js";
import { createSiteStore } from "./sites.js";
import { refusal, testEngines } from "./test-databases.js";
import { type AdvisoryEntry, createVulnerabilityStore } from "./vulnerabilities.js";

/**
 * A manufacturer's side of vulnerability handling on both engines: the demo IoT gateway and its CycloneDX
 * SBOM against an advisory that truly concerns one of its components (OpenSSL 3.0.15 and CVE-2024-13176,
 * fixed in 3.0.16; see the fixture's notes), a Go record from the OSV corpus for a part only the SBOM
 * lists, and a test advisory naming the gateway itself by name only.
 */
const root = new URL("../../", import.meta.url);
const productYaml = readFileSync(new URL("examples/demo-product.yaml", root), "utf8");
const demo = parse(productYaml) as Product;
const sbomText = readFileSync(new URL("examples/demo-product.cdx.json", root), "utf8");
const opensslText = readFileSync(
  new URL("src/advisories/fixtures/openssl-cve-2024-13176.json", root),
  "utf8",
);
const opensslKey = "https://mamori.invalid/tests#MAMORI-TEST-2025-0001";
const oodaRoles = builtInCatalogues().catalogues?.oodaRoles ?? [];
const clock = () => new Date("2026-11-21T10:00:00.000Z");
const alice = { userId: "u1", username: "alice" };
const bob = { userId: "u2", username: "bob" };

const csaf = (text: string, source: string): AdvisoryEntry => ({
  format: "csaf",
  document: JSON.parse(text),
  text,
  source,
});

/** Written for this test (not a real advisory): the gateway named by vendor and product only, no identifiers. */
const byName = (version: string) =>
  csaf(
    JSON.stringify({
      document: {
        category: "csaf_security_advisory",
        csaf_version: "2.0",
        title: "TSG-200 web UI session fixation (test advisory)",
        publisher: { category: "coordinator", name: "Test CERT", namespace: "https://cert.example" },
        tracking: {
          id: "TEST-2026-0200",
          status: "final",
          version,
          initial_release_date: "2026-10-01T00:00:00.000Z",
          current_release_date: `2026-10-0${version}T00:00:00.000Z`,
          revision_history: [{ number: version, date: `2026-10-0${version}T00:00:00.000Z`, summary: "test" }],
        },
      },
      product_tree: {
        branches: [
          {
            category: "vendor",
            name: "Tokai Precision Parts",
            branches: [
              {
                category: "product_name",
                name: "TSG-200",
                branches: [
                  {
                    category: "product_version_range",
                    name: "vers:generic/<2.4.0",
                    product: { name: "TSG-200 before 2.4.0", product_id: "TSG-24" },
                  },
                ],
              },
            ],
          },
        ],
      },
      vulnerabilities: [{ cve: "CVE-2099-0200", product_status: { known_affected: ["TSG-24"] } }],
    }),
    `test:${version}`,
  );

const sbomOf = (text: string): Sbom => {
  const reading = readSbom(text);
  if (!reading.sbom || reading.problems.length) throw new Error("the SBOM does not read");
  return reading.sbom;
};

for (const engine of testEngines) {
  describe(`product vulnerabilities on ${engine.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let products: ReturnType<typeof createProductStore>;
    let vulnerabilities: ReturnType<typeof createVulnerabilityStore>;
    let store: ReturnType<typeof createProductVulnerabilityStore>;
    const id = demo.id;

    beforeAll(async () => {
      ({ db, dispose } = await engine.open());
      const sites = createSiteStore(db, { clock, validation: {} });
      products = createProductStore(db, { clock, validation: {} });
      vulnerabilities = createVulnerabilityStore(db, { clock, sites, oodaRoles });
      store = createProductVulnerabilityStore(db, { clock, products, vulnerabilities });
      await products.create(demo, alice);
    }, 60_000);
    afterAll(() => dispose());

    it("keeps one SBOM per product, audited, and refuses one for a product that does not exist", async () => {
      expect(await refusal(store.putSbom("product.none", sbomOf(sbomText), sbomText, alice))).toMatchObject({
        kind: "not-found",
      });
      const stored = await store.putSbom(id, sbomOf(sbomText), sbomText, alice);
      // The device (metadata component) and its fifteen parts.
      expect(stored).toEqual({ product: id, format: "cyclonedx-json", specVersion: "1.6", components: 16 });
      const held = await store.sbom(id);
      expect(held.importedBy).toBe("alice");
      expect(held.sbom.metadataComponent?.name).toBe("TSG-200");
      // The document lists every part the SBOM lists: one item each, under the document's id.
      const { components } = await store.inventory(id);
      expect([...components.values()].map((c) => `${c.source}:${c.id}`)).toEqual([
        "product:",
        ...(demo.components ?? []).map((c) => `document:${c.id}`),
      ]);
    });

    it("matches the product's components against the advisories and opens a status under investigation", async () => {
      await vulnerabilities.importAdvisories([csaf(opensslText, "fixture")], alice);
      const outcome = await store.rematch(id);
      expect(outcome).toMatchObject({ matches: 1, added: 1, removed: 0, opened: 1, toReview: 0 });
      const matches = await store.matches(id);
      expect(
        matches.map(
          (m) => `${m.component} ${m.advisory} ${m.product} ${m.confidence} ${m.version} ${m.active}`,
        ),
      ).toEqual([`comp.openssl ${opensslKey} CSAFPID-0001 identifier-range affected-version true`]);
      expect(matches[0]?.advisoryTitle).toContain("CVE-2024-13176");
      expect(matches[0]?.productName).toBe("OpenSSL 3.0.0 through 3.0.15");
      expect(await store.statuses(id)).toEqual([
        expect.objectContaining({
          product: id,
          vulnerability: "CVE-2024-13176",
          status: "under-investigation",
          justification: null,
          source: "matching",
          version: 1,
          updatedBy: null,
        }),
      ]);
      // Nothing changed: nothing is matched or written again.
      expect(await store.rematch(id)).toMatchObject({ matches: 1, added: 0, removed: 0, opened: 0 });
    });

    it("lists the vulnerabilities with the advisory's score, remediation, the component and KEV once imported", async () => {
      const before = await store.vulnerabilities(id);
      expect(before.reference.kev).toBeNull();
      expect(before.items).toHaveLength(1);
      const [item] = before.items;
      expect(item?.vulnerability.status).toBe("under-investigation");
      expect(item?.cvss).toMatchObject({ system: "cvss_v3", baseScore: 4.7 });
      expect(item?.kev).toBeNull();
      expect(item?.advisories).toEqual([
        {
          key: opensslKey,
          title: expect.stringContaining("ECDSA"),
          remediations: [
            expect.objectContaining({ category: "vendor_fix", details: "Upgrade to OpenSSL 3.0.16." }),
          ],
        },
      ]);
      expect(item?.components).toEqual([
        { id: "comp.openssl", name: "openssl", version: "3.0.15", advisory: opensslKey, certain: true },
      ]);
      // A test entry in the shape of CISA's feed (the real catalogue does not list this CVE).
      await vulnerabilities.importReferenceData(
        "kev",
        "test",
        {
          entries: [
            {
              cve: "CVE-2024-13176",
              vendorProject: "test",
              product: "test",
              dateAdded: "2026-11-01",
              dueDate: "2026-11-22",
              knownRansomwareCampaignUse: false,
              requiredAction: "test",
            },
          ],
        },
        alice,
      );
      const after = await store.vulnerabilities(id);
      expect(after.reference.kev?.version).toBe("test");
      expect(after.items[0]?.kev).toMatchObject({ cve: "CVE-2024-13176", dateAdded: "2026-11-01" });
    });

    it("takes the PSIRT's status with the rules of a case, refusing a stale version", async () => {
      const current = await store.status(id, "CVE-2024-13176");
      expect(
        await refusal(
          store.setStatus(id, "CVE-2024-13176", { status: "not-affected" }, current.version, alice),
        ),
      ).toMatchObject({ kind: "semantic", problems: [{ code: "justification-required" }] });
      const set = await store.setStatus(
        id,
        "CVE-2024-13176",
        {
          status: "not-affected",
          justification: "code-not-in-execute-path",
          statusDetail: "TSG-200 signs with Ed25519 and P-256 only; P-521 ECDSA is never used",
        },
        current.version,
        alice,
      );
      expect(set).toMatchObject({
        status: "not-affected",
        justification: "code-not-in-execute-path",
        source: "person",
        version: current.version + 1,
        updatedBy: "alice",
      });
      expect(
        await refusal(store.setStatus(id, "CVE-2024-13176", { statusDetail: "x" }, current.version, bob)),
      ).toMatchObject({ kind: "stale", current: { version: set.version, updatedBy: "alice" } });
      expect(await refusal(store.setStatus(id, "CVE-2099-9999", {}, 1, bob))).toMatchObject({
        kind: "not-found",
      });
      // Matching again (a new advisory generation) never touches what people decided.
      await vulnerabilities.importAdvisories([byName("1")], alice);
      await store.rematch(id);
      expect(await store.status(id, "CVE-2024-13176")).toEqual(set);
      const [entry] = await db.query<{ after: { status: string } }>(
        "select after from audit_log where action = 'product-vulnerability.update' order by seq desc limit 1",
      );
      expect(entry?.after.status).toBe("not-affected");
    });

    it("asks a person about a match by name, and remembers the verdict across revisions", async () => {
      const review = await store.matches(id, { review: true });
      expect(review.map((m) => `${m.component}|${m.product} ${m.confidence} ${m.version}`)).toEqual([
        "|TSG-24 name-heuristic affected-version",
      ]);
      // Uncertain: no status until someone confirms.
      expect((await store.statuses(id)).map((s) => s.vulnerability)).toEqual(["CVE-2024-13176"]);
      const key = { component: "", advisory: "https://cert.example#TEST-2026-0200", product: "TSG-24" };
      const confirmed = await store.reviewMatch(id, key, "confirmed", "our web UI, checked", bob);
      expect(confirmed.opened).toBe(1);
      expect(confirmed.match).toMatchObject({
        active: true,
        advisoryTitle: expect.stringContaining("TSG-200"),
      });
      expect(await store.status(id, "CVE-2099-0200")).toMatchObject({
        status: "under-investigation",
        updatedBy: "bob",
      });
      await vulnerabilities.importAdvisories([byName("2")], alice);
      const rematched = await store.rematch(id);
      expect(rematched.revised).toBe(1);
      const [again] = await store
        .matches(id, { review: false })
        .then((all) => all.filter((m) => !m.component));
      expect(again).toMatchObject({
        advisoryVersion: "2",
        review: { decision: "confirmed", decidedBy: "bob" },
      });
      expect(
        await refusal(store.reviewMatch(id, { ...key, product: "nope" }, "rejected", "", bob)),
      ).toMatchObject({
        kind: "not-found",
      });
    });

    it("matches a part only the SBOM lists against an OSV record, and forgets the match with the SBOM", async () => {
      // A Go module the gateway's cloud uploader might link, which only the SBOM lists (the demo's does not).
      const record = readOsv(
        readFileSync(join(sharedDirectory(), "corpora/osv-golang-vulndb/data/osv/GO-2020-0001.json"), "utf8"),
      ).record as OsvRecord;
      const entry = { format: "osv", record, text: JSON.stringify(record), source: "GO-2020-0001" } as const;
      await vulnerabilities.importAdvisories([entry], alice);
      const extended = JSON.parse(sbomText) as { components: unknown[] };
      extended.components.push({
        type: "library",
        "bom-ref": "pkg:golang/github.com/gin-gonic/gin@v1.5.0",
        name: "gin",
        group: "github.com/gin-gonic",
        version: "v1.5.0",
        purl: "pkg:golang/github.com/gin-gonic/gin@v1.5.0",
      });
      const text = JSON.stringify(extended);
      await store.putSbom(id, sbomOf(text), text, alice);
      const outcome = await store.rematch(id);
      expect(outcome).toMatchObject({ added: 1, removed: 0, opened: 1 });
      const gin = (await store.matches(id)).filter((m) => m.advisory === "osv:GO-2020-0001");
      expect(gin.map((m) => `${m.component} ${m.version} ${m.certain}`)).toEqual([
        "pkg:golang/github.com/gin-gonic/gin@v1.5.0 affected-version true",
      ]);
      const listed = await store.vulnerabilities(id);
      const ginItem = listed.items.find((i) => i.vulnerability.vulnerability === "CVE-2020-36567");
      expect(ginItem?.components).toEqual([
        expect.objectContaining({ name: "github.com/gin-gonic gin", version: "v1.5.0" }),
      ]);
      // Open ones first: the two under investigation before the one not affected.
      expect(listed.items.map((i) => i.vulnerability.status)).toEqual([
        "under-investigation",
        "under-investigation",
        "not-affected",
      ]);
      await store.deleteSbom(id, alice);
      expect(await refusal(store.sbom(id))).toMatchObject({ kind: "not-found" });
      expect(await refusal(store.deleteSbom(id, alice))).toMatchObject({ kind: "not-found" });
      expect(await store.rematch(id)).toMatchObject({ removed: 1 });
      // The status stays: whether the product was affected is the PSIRT's to say.
      expect((await store.status(id, "CVE-2020-36567")).status).toBe("under-investigation");
    });

    it("exports the statuses as CSAF VEX that passes the validator, and as CycloneDX VEX", async () => {
      const pending = await store.status(id, "CVE-2099-0200");
      await store.setStatus(id, "CVE-2099-0200", { status: "affected" }, pending.version, alice);
      const written = await store.vex(id, "csaf", clock());
      if (!written.ok) throw new Error(JSON.stringify(written.problems));
      const document = written.document as {
        document: { category: string; publisher: { category: string; namespace: string } };
        product_tree: { full_product_names: { product_id: string; name: string }[] };
        vulnerabilities: {
          cve: string;
          product_status: Record<string, string[]>;
          remediations?: unknown[];
        }[];
      };
      expect(document.document.category).toBe("csaf_vex");
      expect(document.document.publisher).toMatchObject({
        category: "vendor",
        namespace: "https://www.tokai-seimitsu.example/psirt/",
      });
      expect((await validateCsaf(document)).problems).toEqual([]);
      const product = `mamori:product/${id}`;
      expect(document.product_tree.full_product_names.map((p) => p.product_id)).toEqual([
        product,
        `${product}/component/comp.openssl`,
      ]);
      const openssl = document.vulnerabilities.find((v) => v.cve === "CVE-2024-13176");
      expect(openssl?.product_status).toEqual({
        known_not_affected: [product, `${product}/component/comp.openssl`],
      });
      const own = document.vulnerabilities.find((v) => v.cve === "CVE-2099-0200");
      expect(own?.product_status).toEqual({ known_affected: [product] });
      expect(own?.remediations?.length).toBe(1);

      const cdx = await store.vex(id, "cyclonedx", clock());
      if (!cdx.ok) throw new Error(JSON.stringify(cdx.problems));
      const bom = cdx.document as {
        components: { "bom-ref": string; components?: { "bom-ref": string; name: string }[] }[];
        vulnerabilities: {
          id: string;
          analysis: { state: string; justification?: string };
          affects: unknown[];
        }[];
      };
      expect(bom.components.map((c) => c["bom-ref"])).toEqual([product]);
      expect(bom.components[0]?.components?.map((c) => c.name)).toEqual(["openssl"]);
      expect(bom.vulnerabilities.find((v) => v.id === "CVE-2024-13176")).toMatchObject({
        analysis: { state: "not_affected", justification: "code_not_reachable" },
        affects: [{ ref: product }, { ref: `${product}/component/comp.openssl` }],
      });
    });

    it("keeps the audit chain and goes with the product", async () => {
      expect((await verifyAudit(db)).ok).toBe(true);
      const record = await products.get(id);
      await products.remove(id, record.revision.version, alice);
      for (const table of [
        "product_vulnerabilities",
        "product_matches",
        "product_match_reviews",
        "product_sboms",
      ]) {
        const [row] = await db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
        expect(row?.n, table).toBe(0);
      }
      expect(
        await store.handlers["product-match"]?.({
          id: 1,
          kind: "product-match",
          payload: { product: id },
          attempts: 0,
        }),
      ).toEqual({
        product: id,
        skipped: "deleted",
      });
    });
  });
}

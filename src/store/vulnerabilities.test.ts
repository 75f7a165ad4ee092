import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readOsv } from "../advisories/osv.js";
import { readSbom } from "../advisories/sbom.js";
import { builtInCatalogues } from "../catalogues/files.js";
import { sharedDirectory } from "../catalogues/shared-data.js";
import type { Site } from "../model/site.js";
import { createAccountStore } from "./accounts.js";
import { verifyAudit } from "./audit.js";
import type { Database } from "./database.js";
import { migrate } from "./migrations.js";
import { testCost } from "./passwords.js";
import { createSiteStore } from "./sites.js";
import { refusal, testEngines } from "./test-databases.js";
import { type AdvisoryEntry, createVulnerabilityStore } from "./vulnerabilities.js";

const demo = parse(readFileSync(new URL("../../examples/demo-site.yaml", import.meta.url), "utf8")) as Site;
const oodaRoles = builtInCatalogues().catalogues?.oodaRoles ?? [];
let now = new Date("2026-11-21T10:00:00.000Z");
const clock = () => now;
const alice = { userId: "u1", username: "alice" };
const boss = { userId: "u2", username: "boss", displayName: "経営 花子" };

const cisaText = (path: string) =>
  readFileSync(join(sharedDirectory(), "corpora/cisa-csaf/csaf_files/OT/white", path), "utf8");
const csaf = (text: string, source: string): AdvisoryEntry => ({
  format: "csaf",
  document: JSON.parse(text),
  text,
  source,
});

/**
 * A vendor-style advisory written for this test (not a real one): FortiOS 7.2.0–7.2.8 identified by CPE, so
 * the demo's enterprise UTM (FortiOS 7.2.8, with its CPE) is a certain match and 7.4.4 is outside the range.
 */
const fortios = (version: string, date: string) => {
  const document = {
    document: {
      category: "csaf_security_advisory",
      csaf_version: "2.0",
      title: "FortiOS heap overflow (test advisory)",
      publisher: { category: "vendor", name: "Test Vendor PSIRT", namespace: "https://psirt.example" },
      tracking: {
        id: "TEST-2026-0001",
        status: "final",
        version,
        initial_release_date: "2026-10-01T00:00:00.000Z",
        current_release_date: date,
        revision_history: [{ number: version, date, summary: `revision ${version}` }],
      },
    },
    product_tree: {
      branches: [
        {
          category: "vendor",
          name: "Fortinet",
          branches: [
            {
              category: "product_name",
              name: "FortiOS",
              branches: [
                {
                  category: "product_version_range",
                  name: "vers:generic/>=7.2.0|<=7.2.8",
                  product: {
                    name: "FortiOS 7.2.0 through 7.2.8",
                    product_id: "FOS-72",
                    product_identification_helper: { cpe: "cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*" },
                  },
                },
              ],
            },
          ],
        },
      ],
    },
    vulnerabilities: [
      {
        cve: "CVE-2099-0001",
        product_status: { known_affected: ["FOS-72"] },
        scores: [
          {
            products: ["FOS-72"],
            cvss_v3: {
              version: "3.1",
              baseScore: 9.8,
              baseSeverity: "CRITICAL",
              vectorString: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            },
          },
        ],
        remediations: [{ category: "vendor_fix", details: "Upgrade to 7.2.9", product_ids: ["FOS-72"] }],
      },
    ],
  };
  const text = JSON.stringify(document);
  return csaf(text, `test:${version}`);
};

for (const engine of testEngines) {
  describe(`vulnerability store on ${engine.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let store: ReturnType<typeof createVulnerabilityStore>;
    const site = demo.id;
    beforeAll(async () => {
      ({ db, dispose } = await engine.open());
      const sites = createSiteStore(db, { clock, validation: {} });
      await sites.create(demo, alice);
      store = createVulnerabilityStore(db, { clock, sites, oodaRoles });
    }, 60_000);
    afterAll(() => dispose());

    it("imports advisories, keeps every revision and replaces only with a newer one", async () => {
      const melsec = cisaText("2023/icsa-23-306-02.json");
      const first = await store.importAdvisories(
        [
          csaf(melsec, "2023/icsa-23-306-02.json"),
          csaf(cisaText("2019/icsa-19-346-02.json"), "omron"),
          fortios("1", "2026-10-01T00:00:00.000Z"),
        ],
        alice,
      );
      expect(first.map((o) => o.outcome)).toEqual(["new", "new", "new"]);
      expect(first[0]?.key).toBe("https://www.cisa.gov#ICSA-23-306-02");
      expect((await store.importAdvisories([csaf(melsec, "again")], alice))[0]?.outcome).toBe("unchanged");
      const listed = await store.listAdvisories({ limit: 10, offset: 0, search: "MELSEC" });
      expect(listed.total).toBe(1);
      expect(listed.items[0]?.vulnerabilities).toContain("CVE-2023-4625");
    });

    it("matches the site: certain matches open cases, uncertain ones wait for a person", async () => {
      const outcome = await store.rematch(site);
      const matches = await store.matches(site);
      const line = (m: (typeof matches)[number]) =>
        `${m.asset} ${m.product} ${m.confidence} ${m.version}${m.active ? " active" : ""}`;
      expect(matches.filter((m) => m.advisory.endsWith("ICSA-23-306-02")).map(line)).toEqual([
        "plc-asrs-01 CSAFPID-0010 name-heuristic other-version",
        "plc-press-01 CSAFPID-0010 name-heuristic affected-version",
        "plc-press-02 CSAFPID-0010 name-heuristic affected-version",
        "plc-press-03 CSAFPID-0010 name-heuristic affected-version",
      ]);
      const forti = matches.filter((m) => m.advisory === "https://psirt.example#TEST-2026-0001").map(line);
      // 7.2.8 is inside the range; the DMZ firewall's 7.4.4 is the product but another version.
      expect(forti).toEqual([
        "fw-ent-01 FOS-72 identifier-range affected-version active",
        "fw-ot-01 FOS-72 identifier-range other-version",
        "fw-ot-02 FOS-72 identifier-range affected-version active",
      ]);
      const cases = await store.cases(site);
      expect(cases.map((c) => `${c.asset} ${c.vulnerability} ${c.stage} ${c.status}`)).toEqual([
        "fw-ent-01 CVE-2099-0001 observe affected",
        "fw-ot-02 CVE-2099-0001 observe affected",
      ]);
      expect(outcome.opened).toBe(2);
      const review = await store.matches(site, { review: true });
      expect(review.map((m) => m.asset)).toEqual(
        expect.arrayContaining([
          "plc-press-01",
          "plc-press-02",
          "plc-press-03",
          "plc-assy-01",
          "plc-assy-02",
        ]),
      );
      expect(review.some((m) => m.asset === "plc-asrs-01")).toBe(false);
      // Matching again changes nothing.
      const again = await store.rematch(site);
      expect({ added: again.added, removed: again.removed, opened: again.opened }).toEqual({
        added: 0,
        removed: 0,
        opened: 0,
      });
    });

    it("remembers a person's verdict across revisions of the advisory", async () => {
      const key = "https://www.cisa.gov#ICSA-23-306-02";
      const confirmed = await store.reviewMatch(
        site,
        { asset: "plc-press-01", component: "", advisory: key, product: "CSAFPID-0010" },
        "confirmed",
        "R04CPU firmware 40 checked on the panel",
        alice,
      );
      expect(confirmed.opened).toBe(1);
      await store.reviewMatch(
        site,
        { asset: "plc-press-02", component: "", advisory: key, product: "CSAFPID-0010" },
        "rejected",
        "replaced by an R08 last month",
        alice,
      );
      // A newer revision of the same advisory: later version and date, same products.
      const older = JSON.parse(cisaText("2023/icsa-23-306-02.json"));
      const revised = structuredClone(older);
      revised.document.tracking.version = "3";
      revised.document.tracking.current_release_date = "2024-03-01T00:00:00.000Z";
      revised.document.tracking.revision_history.push({
        number: "3",
        date: "2024-03-01T00:00:00.000Z",
        summary: "added mitigations",
      });
      const revisedText = JSON.stringify(revised);
      now = new Date("2026-11-22T10:00:00.000Z");
      expect((await store.importAdvisories([csaf(revisedText, "rev2")], alice))[0]?.outcome).toBe("updated");
      // The first revision again, re-serialised (other bytes): older than the current, so history only.
      expect(
        (await store.importAdvisories([csaf(JSON.stringify(older), "rev1-copy")], alice))[0]?.outcome,
      ).toBe("older-revision-kept");
      const held = await store.advisory(key);
      expect(held.revisions.map((r) => [r.version, r.current])).toEqual([
        ["3", true],
        ["2", false],
        ["2", false],
      ]);
      expect(held.advisory.format === "csaf" && held.advisory.summary.version).toBe("3");
      expect(await store.advisoryDocument(key)).toBe(revisedText);

      const outcome = await store.rematch(site);
      expect(outcome.revised).toBe(4);
      const matches = await store.matches(site, { advisory: key });
      expect(matches.find((m) => m.asset === "plc-press-02")?.review?.decision).toBe("rejected");
      expect(matches.find((m) => m.asset === "plc-press-01")?.advisoryVersion).toBe("3");
      const cases = await store.cases(site, { vulnerability: "CVE-2023-4625" });
      expect(cases.map((c) => c.asset)).toEqual(["plc-press-01"]);
    });

    it("walks a case through Observe, Orient, Decide and Act, each stage asking for its result", async () => {
      const get = async () => (await store.case(site, "fw-ent-01", "CVE-2099-0001")).case;
      const may = { approve: false };
      const c0 = await get();
      expect(
        await refusal(
          store.updateCase(site, "fw-ent-01", "CVE-2099-0001", { stage: "decide" }, c0.version, alice, may),
        ),
      ).toMatchObject({
        kind: "semantic",
      });
      const c1 = await store.updateCase(
        site,
        "fw-ent-01",
        "CVE-2099-0001",
        { stage: "orient" },
        c0.version,
        alice,
        may,
      );
      expect(c1.stage).toBe("orient");
      expect(
        await refusal(
          store.updateCase(site, "fw-ent-01", "CVE-2099-0001", { stage: "decide" }, c1.version, alice, may),
        ),
      ).toMatchObject({
        kind: "semantic",
        problems: [{ code: "orientation-required" }],
      });
      // A stale version is refused with who changed it.
      expect(
        await refusal(
          store.updateCase(site, "fw-ent-01", "CVE-2099-0001", { stage: "decide" }, c0.version, alice, may),
        ),
      ).toMatchObject({
        kind: "stale",
        current: { version: c1.version, updatedBy: "alice" },
      });
      const c2 = await store.updateCase(
        site,
        "fw-ent-01",
        "CVE-2099-0001",
        {
          stage: "decide",
          orientation: { exploitability: "exploitable", operationalImpact: "受注・生産計画が止まる" },
        },
        c1.version,
        alice,
        may,
      );
      // Accepting needs management's approval.
      expect(
        await refusal(
          store.updateCase(
            site,
            "fw-ent-01",
            "CVE-2099-0001",
            { decision: { action: "accept", rationale: "x", decisionMaker: 0 } },
            c2.version,
            alice,
            may,
          ),
        ),
      ).toMatchObject({ kind: "forbidden" });
      expect(
        await refusal(
          store.updateCase(
            site,
            "fw-ent-01",
            "CVE-2099-0001",
            { decision: { action: "patch", rationale: "x", decisionMaker: 99 } },
            c2.version,
            alice,
            may,
          ),
        ),
      ).toMatchObject({ kind: "semantic", problems: [{ code: "unknown-decision-maker" }] });
      const c3 = await store.updateCase(
        site,
        "fw-ent-01",
        "CVE-2099-0001",
        { decision: { action: "patch", rationale: "ベンダ修正版 7.2.9 を適用", decisionMaker: 1 } },
        c2.version,
        alice,
        may,
      );
      expect(c3.decision?.decidedBy).toBe("alice");
      expect(c3.decision?.decisionMaker.department).toBe("dept.security");
      expect(
        await refusal(
          store.updateCase(site, "fw-ent-01", "CVE-2099-0001", { stage: "act" }, c3.version, alice, may),
        ),
      ).toMatchObject({
        problems: [{ code: "task-required" }],
      });
      expect(
        await refusal(
          store.updateCase(
            site,
            "fw-ent-01",
            "CVE-2099-0001",
            { stage: "act", task: { owner: "dept.nobody", due: "2026-12-05" } },
            c3.version,
            alice,
            may,
          ),
        ),
      ).toMatchObject({ problems: [{ code: "unknown-reference" }] });
      const c4 = await store.updateCase(
        site,
        "fw-ent-01",
        "CVE-2099-0001",
        { stage: "act", task: { owner: "dept.it", due: "2026-12-06", window: "mw.weekly-it" } },
        c3.version,
        alice,
        may,
      );
      expect(c4.stage).toBe("act");
      expect(
        await refusal(
          store.updateCase(site, "fw-ent-01", "CVE-2099-0001", { stage: "closed" }, c4.version, alice, may),
        ),
      ).toMatchObject({
        kind: "semantic",
      });
      const c5 = await store.updateCase(
        site,
        "fw-ent-01",
        "CVE-2099-0001",
        {
          stage: "closed",
          status: "fixed",
          task: { owner: "dept.it", due: "2026-12-06", window: "mw.weekly-it", done: true },
        },
        c4.version,
        alice,
        may,
      );
      expect([c5.stage, c5.status]).toEqual(["closed", "fixed"]);
      const { events } = await store.case(site, "fw-ent-01", "CVE-2099-0001");
      expect(events.map((e) => `${e.from ?? "-"}>${e.to}`)).toEqual([
        "->observe",
        "observe>orient",
        "orient>decide",
        "decide>decide",
        "decide>act",
        "act>closed",
      ]);
      expect((await verifyAudit(db)).ok).toBe(true);
    });

    it("closes a case as an accepted risk only with management's approval, recorded by the server", async () => {
      const [c] = await store.cases(site, { asset: "plc-press-01" });
      if (!c) throw new Error("no case");
      const may = { approve: true };
      const oriented = await store.updateCase(
        site,
        c.asset,
        c.vulnerability,
        { stage: "orient" },
        c.version,
        alice,
        { approve: false },
      );
      const deciding = await store.updateCase(
        site,
        c.asset,
        c.vulnerability,
        {
          stage: "decide",
          orientation: { exploitability: "conditions-required", operationalImpact: "プレス停止" },
        },
        oriented.version,
        alice,
        { approve: false },
      );
      const accepted = await store.updateCase(
        site,
        c.asset,
        c.vulnerability,
        {
          decision: {
            action: "accept",
            rationale: "閉域で到達経路なし。次回更新まで受容",
            decisionMaker: 0,
            reviewBy: "2027-03-31",
          },
        },
        deciding.version,
        boss,
        may,
      );
      expect(accepted.stage).toBe("closed");
      expect(accepted.status).toBe("affected");
      expect(accepted.decision).toMatchObject({
        action: "accept",
        approvedBy: "boss",
        approverName: "経営 花子",
        reviewBy: "2027-03-31",
      });
    });

    it("needs a justification for 'not affected', and takes statuses from someone else's VEX", async () => {
      const [c] = await store.cases(site, { asset: "plc-press-01" });
      if (!c) throw new Error("no case");
      expect(
        await refusal(
          store.updateCase(site, c.asset, c.vulnerability, { status: "not-affected" }, c.version, alice, {
            approve: false,
          }),
        ),
      ).toMatchObject({ problems: [{ code: "justification-required" }] });
      const outcome = await store.applyVex(
        site,
        [
          {
            asset: "plc-press-03",
            vulnerability: "CVE-2023-4625",
            status: "not-affected",
            justification: "component-not-present",
          },
          { asset: "plc-press-01", vulnerability: "CVE-2023-4625", status: "fixed" },
        ],
        "vendor VEX",
        alice,
      );
      expect(outcome).toEqual({ created: 1, updated: 1 });
      const cases = await store.cases(site, { vulnerability: "CVE-2023-4625" });
      expect(cases.map((x) => `${x.asset} ${x.stage} ${x.status} ${x.justification ?? ""}`)).toEqual([
        "plc-press-01 closed fixed ",
        "plc-press-03 closed not-affected component-not-present",
      ]);
    });

    it("matches SBOM components against OSV records and keeps one SBOM per asset", async () => {
      const osv = readOsv(
        readFileSync(join(sharedDirectory(), "corpora/osv-golang-vulndb/data/osv/GO-2020-0001.json"), "utf8"),
      );
      if (!osv.record) throw new Error("GO-2020-0001 does not read");
      await store.importAdvisories(
        [
          {
            format: "osv",
            record: osv.record,
            text: JSON.stringify(osv.record),
            source: "GO-2020-0001.json",
          },
        ],
        alice,
      );
      const text = JSON.stringify({
        bomFormat: "CycloneDX",
        specVersion: "1.6",
        version: 1,
        metadata: { component: { type: "application", name: "mes-gateway", "bom-ref": "app" } },
        components: [
          {
            type: "library",
            name: "gin",
            group: "github.com/gin-gonic",
            version: "v1.5.0",
            purl: "pkg:golang/github.com/gin-gonic/gin@v1.5.0",
            "bom-ref": "gin",
          },
          {
            type: "library",
            name: "yaml",
            version: "v3.0.1",
            purl: "pkg:golang/gopkg.in/yaml.v3@v3.0.1",
            "bom-ref": "yaml",
          },
        ],
      });
      const reading = readSbom(text);
      if (!reading.sbom) throw new Error("the SBOM does not read");
      expect(await refusal(store.putSbom(site, "no-such-asset", reading.sbom, text, alice))).toMatchObject({
        kind: "not-found",
      });
      const stored = await store.putSbom(site, "mes-01", reading.sbom, text, alice);
      expect(stored.components).toBe(3);
      await store.rematch(site);
      const matches = await store.matches(site, { asset: "mes-01" });
      expect(matches.map((m) => `${m.component} ${m.advisory} ${m.version} ${m.certain}`)).toContain(
        "gin osv:GO-2020-0001 affected-version true",
      );
      const cases = await store.cases(site, { asset: "mes-01" });
      expect(cases.map((c) => c.vulnerability)).toContain("CVE-2020-36567");
      expect((await store.sboms(site)).map((s) => s.asset)).toEqual(["mes-01"]);
    });

    it("tells each role what concerns it, and remembers what each user has read", async () => {
      const accounts = createAccountStore(db, { clock, passwordCost: testCost });
      const u1 = (
        await accounts.createUser({ username: "reader1", password: "a long enough passphrase 1" }, alice)
      ).id;
      const u2 = (
        await accounts.createUser({ username: "reader2", password: "a long enough passphrase 2" }, alice)
      ).id;
      const lead = await store.notices([{ site, role: "security-lead", organisation: null }], u1);
      expect(lead.some((n) => n.kind === "case-opened")).toBe(true);
      expect(lead.some((n) => n.kind === "matches-to-review")).toBe(true);
      expect(lead.some((n) => n.kind === "advisory-revised")).toBe(true);
      const floor = await store.notices([{ site, role: "editor", organisation: null }], u1);
      expect(floor.map((n) => n.kind)).toEqual(["case-stage"]);
      expect(await store.notices([{ site, role: "vendor", organisation: "org.other" }], u1)).toEqual([]);
      await store.markRead(
        floor.map((n) => n.id),
        u1,
      );
      expect((await store.notices([{ site, role: "editor", organisation: null }], u1))[0]?.read).toBe(true);
      expect((await store.notices([{ site, role: "editor", organisation: null }], u2))[0]?.read).toBe(false);
    });
    it("gives every asset of a product model without an SBOM of its own the model's SBOM", async () => {
      const openssl = readFileSync(
        new URL("../advisories/fixtures/openssl-cve-2024-13176.json", import.meta.url),
        "utf8",
      );
      await store.importAdvisories([csaf(openssl, "openssl")], alice);
      const cdx = (library: string, version: string) => {
        const text = JSON.stringify({
          bomFormat: "CycloneDX",
          specVersion: "1.6",
          version: 1,
          metadata: { component: { type: "firmware", name: "R04CPU firmware", "bom-ref": "fw" } },
          components: [
            {
              type: "library",
              name: library,
              version,
              cpe: `cpe:2.3:a:${library}:${library}:${version}:*:*:*:*:*:*:*`,
              "bom-ref": library,
            },
          ],
        });
        const sbom = readSbom(text).sbom;
        if (!sbom) throw new Error("the SBOM does not read");
        return { sbom, text };
      };
      const press = ["plc-press-01", "plc-press-02", "plc-press-03"];
      // plc-press-03 has an SBOM of its own, which a model SBOM never overrides.
      const own = cdx("zlib", "1.3.1");
      await store.putSbom(site, "plc-press-03", own.sbom, own.text, alice);
      await store.rematch(site);
      const opensslOn = async () => {
        const matches = await store.matches(site);
        return matches
          .filter((m) => press.includes(m.asset) && m.component === "openssl")
          .map((m) => `${m.asset} ${m.product} ${m.version} ${m.active}`);
      };
      expect(await opensslOn()).toEqual([]);

      // Any firmware (version ''), spelt otherwise than the site spells the vendor and model.
      const anyFirmware = cdx("openssl", "3.0.15");
      const stored = await store.putModelSbom(
        { vendor: " mitsubishi electric ", model: "r04cpu" },
        anyFirmware.sbom,
        anyFirmware.text,
        alice,
      );
      expect(stored).toMatchObject({
        vendor: "mitsubishi electric",
        model: "r04cpu",
        version: "",
        components: 2,
      });
      // The model SBOM changed what the site is matched on: the fingerprint does not skip the rematch.
      expect((await store.rematch(site)).added).toBeGreaterThanOrEqual(2);
      expect(await opensslOn()).toEqual([
        "plc-press-01 CSAFPID-0001 affected-version true",
        "plc-press-02 CSAFPID-0001 affected-version true",
      ]);
      const cases = await store.cases(site, { vulnerability: "CVE-2024-13176" });
      expect(cases.map((c) => c.asset)).toEqual(["plc-press-01", "plc-press-02"]);
      expect(await store.modelSbomsUsed(site)).toEqual(
        ["plc-press-01", "plc-press-02"].map((asset) => ({
          asset,
          vendor: "mitsubishi electric",
          model: "r04cpu",
          version: "",
          components: 2,
          importedAt: now.toISOString(),
        })),
      );
      // The same model in another case replaces the first import, which keeps its spelling.
      await store.putModelSbom(
        { vendor: "Mitsubishi Electric", model: "R04CPU", version: "" },
        anyFirmware.sbom,
        anyFirmware.text,
        alice,
      );
      expect((await store.modelSboms()).map((m) => `${m.vendor}/${m.model}/${m.version}`)).toEqual([
        "mitsubishi electric/r04cpu/",
      ]);

      // The SBOM of the firmware the assets run (40) comes before the one for any firmware.
      const fixed = cdx("openssl", "3.0.16");
      await store.putModelSbom(
        { vendor: "Mitsubishi Electric", model: "R04CPU", version: "40" },
        fixed.sbom,
        fixed.text,
        alice,
      );
      await store.rematch(site);
      // 3.0.16 is the fixed version: the advisory's 3.0.16 product, not the affected range.
      expect(await opensslOn()).toEqual([
        "plc-press-01 CSAFPID-0001 other-version false",
        "plc-press-01 CSAFPID-0002 affected-version true",
        "plc-press-02 CSAFPID-0001 other-version false",
        "plc-press-02 CSAFPID-0002 affected-version true",
      ]);
      expect((await store.modelSbomsUsed(site)).map((u) => `${u.asset} ${u.version}`)).toEqual([
        "plc-press-01 40",
        "plc-press-02 40",
      ]);
      expect(
        (await store.modelSbom({ vendor: "MITSUBISHI ELECTRIC", model: "r04cpu", version: "40" })).sha256,
      ).toBe(createHash("sha256").update(fixed.text).digest("hex"));

      // Deleting the firmware's SBOM falls back to any firmware's; deleting that takes the components away.
      await store.deleteModelSbom({ vendor: "Mitsubishi Electric", model: "R04CPU", version: "40" }, alice);
      await store.rematch(site);
      expect(await opensslOn()).toHaveLength(2);
      await store.deleteModelSbom({ vendor: "Mitsubishi Electric", model: "R04CPU" }, alice);
      expect(
        await refusal(store.deleteModelSbom({ vendor: "Mitsubishi Electric", model: "R04CPU" }, alice)),
      ).toMatchObject({
        kind: "not-found",
      });
      await store.rematch(site);
      expect(await opensslOn()).toEqual([]);
      expect(await store.modelSbomsUsed(site)).toEqual([]);
      expect((await store.matches(site, { asset: "plc-press-03" })).some((m) => m.component === "zlib")).toBe(
        false,
      );
      expect(
        await refusal(store.putModelSbom({ vendor: " ", model: "R04CPU" }, own.sbom, own.text, alice)),
      ).toMatchObject({
        kind: "invalid",
      });
      expect((await verifyAudit(db)).ok).toBe(true);
    });
  });

  describe(`migration 5 on ${engine.name}: summaries read again, everything matched again`, () => {
    const mobotix = "2024/icsa-24-235-03.json";
    const site = demo.id;
    // The firmware image ICSA-24-235-03 names by its MD5 (P3 firmware MX-V4.4.2.34, CSAFPID-0066).
    const firmware = JSON.stringify({
      bomFormat: "CycloneDX",
      specVersion: "1.6",
      version: 1,
      metadata: {
        component: {
          type: "firmware",
          "bom-ref": "fw",
          name: "MX_system_4_4234.mpl",
          hashes: [{ alg: "MD5", content: "837FEE628C1545A317AA3BBF7A2364AE" }],
        },
      },
      components: [],
    });

    it("upgrades a version-4 database: summaries gain hashes and SBOM URLs, matching is queued and finds the file", async () => {
      const scratch = await engine.open({ migrated: false });
      try {
        const { db } = scratch;
        expect((await migrate(db, 4)).current).toBe(4);
        const sites = createSiteStore(db, { clock, validation: {} });
        await sites.create(demo, alice);
        const store = createVulnerabilityStore(db, { clock, sites, oodaRoles });
        await store.importAdvisories([csaf(cisaText(mobotix), mobotix)], alice);
        // What version 4 stored: products without the two helpers it did not read.
        const [row] = await db.query<{ key: string; summary: string }>(
          "select key, summary::text as summary from advisories",
        );
        const old = JSON.parse(row?.summary ?? "{}");
        for (const product of old.products) {
          delete product.hashes;
          delete product.sbomUrls;
        }
        await db.query("update advisories set summary = $2 where key = $1", [row?.key, JSON.stringify(old)]);
        await db.query("insert into match_states(site_id, fingerprint) values ($1, 'stale')", [site]);
        const [before] = await db.query<{ generation: string }>("select generation from advisory_generation");

        expect((await migrate(db, 5)).applied.map((m) => m.version)).toEqual([5]);
        const [after] = await db.query<{ summary: { products: { productId: string; hashes: unknown[] }[] } }>(
          "select summary from advisories",
        );
        expect(after?.summary.products.find((p) => p.productId === "CSAFPID-0066")?.hashes).toEqual([
          {
            filename: "MX_system_4_4234.mpl",
            hashes: [{ algorithm: "md5", value: "837fee628c1545a317aa3bbf7a2364ae" }],
          },
        ]);
        const [generation] = await db.query<{ generation: string }>(
          "select generation from advisory_generation",
        );
        expect(Number(generation?.generation)).toBe(Number(before?.generation) + 1);
        expect(await db.query("select * from match_states")).toEqual([]);
        expect(
          await db.query("select kind, payload, dedupe_key from jobs where status = 'queued' order by id"),
        ).toEqual([{ kind: "match", payload: { site }, dedupe_key: `match:${site}` }]);

        // The camera's firmware SBOM now meets the advisory by the file's hash.
        const fresh = createVulnerabilityStore(db, { clock, sites, oodaRoles });
        const reading = readSbom(firmware);
        await fresh.putSbom(site, "mes-01", reading.sbom as never, firmware, alice);
        await fresh.rematch(site);
        const byHash = (await fresh.matches(site, { asset: "mes-01" })).filter((m) =>
          m.reasons.some((r) => r.code === "file-hash"),
        );
        expect(byHash.length).toBeGreaterThan(0);
        expect(byHash.find((m) => m.product === "CSAFPID-0066")).toMatchObject({
          confidence: "exact-identifier",
          version: "affected-version",
          certain: true,
        });
      } finally {
        await scratch.dispose();
      }
    });
  });
}

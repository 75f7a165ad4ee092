import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readSbom, type Sbom } from "../advisories/sbom.js";
import { kevCatalogue } from "../api/test-support.js";
import { createAccountStore } from "../store/accounts.js";
import { type Database, openDatabase } from "../store/database.js";
import { enqueue } from "../store/jobs.js";
import { writeLayout } from "../store/layouts.js";
import { testCost } from "../store/passwords.js";
import { createSiteStore } from "../store/sites.js";
import { createTestDatabase, dropTestDatabase, postgresUrl } from "../store/test-databases.js";
import type { CliIo } from "./io.js";
import { run } from "./program.js";
import { storesOf } from "./vulnerabilities.js";

/**
 * The server's administration commands, run in-process through `run` on a PGlite data directory and,
 * when a PostgreSQL server is configured, on fresh PostgreSQL databases.
 */
const secret = "a long cli passphrase";
const demo = parse(readFileSync(new URL("../../examples/demo-site.yaml", import.meta.url), "utf8"));
const demoProductPath = fileURLToPath(new URL("../../examples/demo-product.yaml", import.meta.url));
const demoProduct = parse(readFileSync(demoProductPath, "utf8"));
const productSbomPath = fileURLToPath(new URL("../../examples/demo-product.cdx.json", import.meta.url));
const productSbom = readFileSync(productSbomPath, "utf8");
// An advisory about the demo product's OpenSSL 3.0.15 (see the fixture's notes), alone in its folder.
const fixtures = fileURLToPath(new URL("../advisories/fixtures/", import.meta.url));
const opensslAdvisory = readFileSync(join(fixtures, "openssl-cve-2024-13176.json"), "utf8");
const opensslKey = "https://mamori.invalid/tests#MAMORI-TEST-2025-0001";

interface Target {
  flags: string[];
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

type Engine = { name: string; target(): Promise<Target> };

const work = mkdtempSync(join(tmpdir(), "mamori-cli-"));
let dirs = 0;

const engines: Engine[] = [
  {
    name: "pglite",
    async target() {
      const dir = join(work, `data-${++dirs}`);
      return {
        flags: ["--data", dir],
        open: () => openDatabase({ dataDir: dir }),
        dispose: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  ...(postgresUrl
    ? [
        {
          name: "postgres",
          async target() {
            const server = postgresUrl as string;
            const url = await createTestDatabase(server);
            return {
              flags: ["--database-url", url],
              open: () => openDatabase({ url, poolSize: 2 }),
              dispose: () => dropTestDatabase(server, url),
            };
          },
        },
      ]
    : []),
];

async function cli(args: string[], stdin = "") {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    readFile: (path) => readFileSync(path, "utf8"),
    writeFile: (path, text) => writeFileSync(path, text),
    env: {},
    today: () => "2026-11-21",
    cwd: () => work,
    readStdin: async () => stdin,
  };
  const code = await run([...args, "--lang", "en"], io);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

async function using<T>(target: Target, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await target.open();
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** Every table's rows, in a stable order, as text: what a restore must reproduce. */
async function tables(db: Database): Promise<Record<string, string[]>> {
  const names = await db.query<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
  );
  const all: Record<string, string[]> = {};
  // Sessions are deliberately not backed up (everyone signs in again); the schema is migrated, not copied.
  // advisory_generation, match_states and product_match_states are caches: a restore bumps the first and
  // leaves the others empty.
  const skipped = [
    "sessions",
    "schema_migrations",
    "advisory_generation",
    "match_states",
    "product_match_states",
  ];
  for (const { name } of names.filter((n) => !skipped.includes(n.name))) {
    const rows = await db.query<{ r: string }>(`select row_to_json(t)::text as r from ${name} t order by 1`);
    all[name] = rows.map((row) => row.r);
  }
  return all;
}

for (const engine of engines) {
  describe(`server commands on ${engine.name}`, () => {
    let source: Target;
    let copy: Target;
    const backup = join(work, `${engine.name}.jsonl`);

    beforeAll(async () => {
      source = await engine.target();
      copy = await engine.target();
    });
    afterAll(async () => {
      await source?.dispose();
      await copy?.dispose();
    });

    it("migrates a new database once", async () => {
      const first = await cli(["migrate", ...source.flags]);
      expect(first).toMatchObject({ code: 0, stderr: "" });
      const again = await cli(["migrate", ...source.flags]);
      expect(again.code).toBe(0);
      expect(again.stdout).not.toBe(first.stdout);
    });

    it("makes the first user an administrator, the next one not, and resets a password", async () => {
      expect((await cli(["user", "add", "alice", ...source.flags], `${secret}\n`)).code).toBe(0);
      expect((await cli(["user", "add", "bob", ...source.flags], `${secret}\n`)).code).toBe(0);
      const reset = await cli(["user", "reset-password", "bob", ...source.flags], "another cli passphrase\n");
      expect(reset.code).toBe(0);
      await using(source, async (db) => {
        const users = await db.query<{ username: string; is_admin: boolean }>(
          "select username, is_admin from users order by username",
        );
        expect(users).toEqual([
          { username: "alice", is_admin: true },
          { username: "bob", is_admin: false },
        ]);
        const accounts = createAccountStore(db, { clock: () => new Date(), passwordCost: testCost });
        expect(await accounts.login("bob", secret)).toEqual({ failure: "invalid" });
        expect("sessionToken" in (await accounts.login("bob", "another cli passphrase"))).toBe(true);
      });
      // A password that breaks the rules is refused, and nothing is created.
      const weak = await cli(["user", "add", "carol", ...source.flags], "short\n");
      expect(weak.code).toBe(2);
    });

    it("backs up and restores into a fresh database, row for row, with the audit chain intact", async () => {
      await using(source, async (db) => {
        const clock = () => new Date();
        const actor = { userId: "cli-test", username: "alice" };
        const sites = createSiteStore(db, { clock, validation: {} });
        await sites.create(demo, actor);
        await writeLayout(
          db,
          demo.id,
          { positions: { "zone.dmz": { x: 1, y: 2 } }, collapsed: [] },
          0,
          actor,
          clock(),
        );
        const accounts = createAccountStore(db, { clock, passwordCost: testCost });
        const alice = await accounts.getUser("alice");
        await accounts.createToken(
          { userId: alice.id, username: "alice" },
          { name: "ci", scope: "read", expiresInDays: 30 },
        );
        await accounts.setMember("site", demo.id, "bob", "editor", null, actor);
        await enqueue(db, "analyse", { site: demo.id }, clock());
        // A product with its SBOM, a match, a person's review of it and the PSIRT's status.
        const { products, vulnerabilities, productVulnerabilities } = storesOf(db);
        await products.create(demoProduct, actor);
        await productVulnerabilities.putSbom(
          demoProduct.id,
          readSbom(productSbom).sbom as Sbom,
          productSbom,
          actor,
        );
        // Pretty-printed as published: the backup keeps its exact text, which its SHA-256 was taken of.
        expect(opensslAdvisory).toContain("\n  ");
        await vulnerabilities.importAdvisories(
          [{ format: "csaf", document: JSON.parse(opensslAdvisory), text: opensslAdvisory, source: "t" }],
          actor,
        );
        await productVulnerabilities.rematch(demoProduct.id);
        await vulnerabilities.putModelSbom(
          { vendor: "Mitsubishi Electric", model: "R04CPU", version: "40" },
          readSbom(productSbom).sbom as Sbom,
          productSbom,
          actor,
        );
        await productVulnerabilities.reviewMatch(
          demoProduct.id,
          { component: "comp.openssl", advisory: opensslKey, product: "CSAFPID-0001" },
          "confirmed",
          "seen",
          actor,
        );
        await productVulnerabilities.setStatus(
          demoProduct.id,
          "CVE-2024-13176",
          { status: "affected", statusDetail: "fix in 2.4.0" },
          1,
          actor,
        );
      });
      const saved = await cli(["backup", backup, ...source.flags]);
      expect(saved).toMatchObject({ code: 0, stderr: "" });
      const restored = await cli(["restore", backup, ...copy.flags]);
      expect(restored).toMatchObject({ code: 0, stderr: "" });
      const [before, after] = [await using(source, tables), await using(copy, tables)];
      expect(Object.keys(after)).toEqual(Object.keys(before));
      for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
      expect(before.site_layouts).toHaveLength(1);
      for (const table of [
        "product_sboms",
        "product_matches",
        "product_match_reviews",
        "product_vulnerabilities",
        "model_sboms",
      ])
        expect(before[table], table).toHaveLength(1);
      expect((await cli(["audit", "verify", ...copy.flags])).code).toBe(0);
      const revision = await using(copy, (db) =>
        db.query<{ text: string; sha256: string }>(
          "select document::text as text, sha256 from advisory_revisions",
        ),
      );
      expect(revision).toEqual([
        { text: opensslAdvisory, sha256: createHash("sha256").update(opensslAdvisory).digest("hex") },
      ]);
    });

    it("refuses to restore over data without --replace, and replaces with it", async () => {
      const refused = await cli(["restore", backup, ...copy.flags]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/not empty/);
      const replaced = await cli(["restore", backup, ...copy.flags, "--replace"]);
      expect(replaced.code).toBe(0);
      expect(await using(copy, tables)).toEqual(await using(source, tables));
    });

    it("imports advisories from a folder, matches every site, ranks the vulnerabilities and takes an SBOM and KEV", async () => {
      const target = await engine.target();
      try {
        expect((await cli(["migrate", ...target.flags])).code).toBe(0);
        await using(target, async (db) => {
          await createSiteStore(db, { clock: () => new Date(), validation: {} }).create(demo, {
            userId: "t",
            username: "t",
          });
        });
        const folder = fileURLToPath(new URL("../../examples/advisories/", import.meta.url));
        const first = await cli(["advisories", "import", folder, ...target.flags]);
        expect(first.code).toBe(0);
        expect(first.stdout).toContain("3 of 3 stored (3 new");
        expect(first.stdout).toMatch(/site\.hamamatsu-2: \d+ matches \(\d+ new, \d+ to review/);
        const again = await cli(["advisories", "import", folder, ...target.flags]);
        expect(again.stdout).toContain("3 unchanged");
        // A broken document among good ones: refused with its place, the others stored, exit code 2.
        const mixed = join(work, `mixed-${engine.name}`);
        mkdirSync(mixed, { recursive: true });
        const broken = JSON.parse(readFileSync(join(folder, "icsa-23-306-02.json"), "utf8"));
        broken.document.tracking.status = "published";
        writeFileSync(join(mixed, "broken.json"), JSON.stringify(broken, null, 2));
        writeFileSync(join(mixed, "good.json"), readFileSync(join(folder, "icsa-19-346-02.json")));
        const refused = await cli(["advisories", "import", mixed, ...target.flags]);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain("broken.json");
        expect(refused.stderr).toContain("/document/tracking/status");

        const kev = join(work, `kev-${engine.name}.json`);
        writeFileSync(kev, JSON.stringify(kevCatalogue([{ cve: "CVE-2019-18259" }])));
        const reference = await cli(["advisories", "reference", kev, ...target.flags]);
        expect(reference.stdout).toContain("imported kev (version 2026.11.20, 1 entries)");

        // The Omron advisory names the NX1P2 for every version with certainty only by name, so the cases
        // open once a person confirms; the list already ranks what is open.
        const sbom = join(work, `sbom-${engine.name}.json`);
        writeFileSync(
          sbom,
          JSON.stringify({
            bomFormat: "CycloneDX",
            specVersion: "1.6",
            version: 1,
            components: [
              {
                type: "library",
                name: "gin",
                version: "v1.5.0",
                purl: "pkg:golang/github.com/gin-gonic/gin@v1.5.0",
                "bom-ref": "gin",
              },
            ],
          }),
        );
        const imported = await cli([
          "sbom",
          "import",
          sbom,
          "--site",
          demo.id,
          "--asset",
          "mes-01",
          ...target.flags,
        ]);
        expect(imported.code).toBe(0);
        expect(imported.stdout).toContain("imported the SBOM of mes-01 (cyclonedx-json 1.6, 1 components");
        const listed = await cli(["vulns", "--site", demo.id, "--format", "json", ...target.flags]);
        expect(listed.code).toBe(0);
        const ranked = JSON.parse(listed.stdout) as {
          items: unknown[];
          toReview: number;
          reference: { kev: unknown };
        };
        expect(ranked.toReview).toBeGreaterThan(0);
        expect(ranked.reference.kev).not.toBeNull();
        const text = await cli(["vulns", "--site", demo.id, ...target.flags]);
        expect(text.stdout).toContain("matches wait for a person");
      } finally {
        await target.dispose();
      }
    }, 120_000);

    it("takes a product's SBOM, matches the product after an advisory import and lists its vulnerabilities", async () => {
      const target = await engine.target();
      try {
        expect((await cli(["migrate", ...target.flags])).code).toBe(0);
        await using(target, (db) =>
          storesOf(db).products.create(demoProduct, { userId: "t", username: "t" }),
        );
        const id = demoProduct.id as string;
        // Exactly one target.
        for (const wrong of [
          [],
          ["--product", id, "--site", demo.id],
          ["--site", demo.id],
          ["--asset", "mes-01"],
        ]) {
          const refused = await cli(["sbom", "import", productSbomPath, ...wrong, ...target.flags]);
          expect(refused.code, wrong.join(" ")).toBe(2);
          expect(refused.stderr).toContain("either --product P or --site S --asset A");
        }
        const imported = await cli(["sbom", "import", productSbomPath, "--product", id, ...target.flags]);
        expect(imported).toMatchObject({ code: 0, stderr: "" });
        expect(imported.stdout).toContain(
          `imported the SBOM of product ${id} (cyclonedx-json 1.6, 16 components, 0 matches, 0 vulnerabilities newly under investigation)`,
        );
        const advisories = await cli(["advisories", "import", fixtures, ...target.flags]);
        expect(advisories.code).toBe(0);
        expect(advisories.stdout).toContain(
          `product ${id}: 1 matches (1 new, 0 to review, 1 vulnerabilities newly under investigation)`,
        );
        const json = await cli(["vulns", "--product", id, "--format", "json", ...target.flags]);
        expect(json.code).toBe(0);
        const listed = JSON.parse(json.stdout) as {
          items: { vulnerability: { vulnerability: string; status: string }; components: { id: string }[] }[];
          toReview: number;
        };
        expect(listed.toReview).toBe(0);
        expect(
          listed.items.map((i) => [
            i.vulnerability.vulnerability,
            i.vulnerability.status,
            i.components[0]?.id,
          ]),
        ).toEqual([["CVE-2024-13176", "under-investigation", "comp.openssl"]]);
        const text = await cli(["vulns", "--product", id, ...target.flags]);
        expect(text.stdout).toContain(`product ${id}: 1 vulnerabilities to handle`);
        expect(text.stdout).toContain(
          "CVE-2024-13176  [Under investigation]  CVSS 4.7  components: openssl 3.0.15",
        );
        const both = await cli(["vulns", "--product", id, "--site", demo.id, ...target.flags]);
        expect(both.code).toBe(2);
        expect((await cli(["vulns", "--product", "product.none", ...target.flags])).code).toBe(2);
      } finally {
        await target.dispose();
      }
    }, 120_000);

    it("takes a product model's SBOM for every asset of the model, as a third target", async () => {
      const target = await engine.target();
      try {
        expect((await cli(["migrate", ...target.flags])).code).toBe(0);
        await using(target, (db) => storesOf(db).sites.create(demo, { userId: "t", username: "t" }));
        expect((await cli(["advisories", "import", fixtures, ...target.flags])).code).toBe(0);
        const model = ["--vendor", "Mitsubishi Electric", "--model", "R04CPU"];
        for (const wrong of [
          ["--vendor", "Mitsubishi Electric"],
          ["--model", "R04CPU", "--firmware", "40"],
          [...model, "--product", String(demoProduct.id)],
          [...model, "--site", demo.id, "--asset", "plc-press-01"],
          ["--site", demo.id, "--asset", "plc-press-01", "--firmware", "40"],
        ]) {
          const refused = await cli(["sbom", "import", productSbomPath, ...wrong, ...target.flags]);
          expect(refused.code, wrong.join(" ")).toBe(2);
          expect(refused.stderr).toContain("--vendor V --model M [--firmware X]");
        }
        const imported = await cli([
          "sbom",
          "import",
          productSbomPath,
          ...model,
          "--firmware",
          "40",
          ...target.flags,
        ]);
        expect(imported).toMatchObject({ code: 0, stderr: "" });
        expect(imported.stdout).toContain(
          "imported the SBOM of model Mitsubishi Electric R04CPU firmware 40 (cyclonedx-json 1.6, 16 components); every site matched again, 3 assets use it",
        );
        const matched = await using(target, (db) => storesOf(db).vulnerabilities.matches(demo.id));
        expect(
          matched.filter((m) => m.component === "pkg:generic/openssl@3.0.15").map((m) => m.asset),
        ).toEqual(["plc-press-01", "plc-press-02", "plc-press-03"]);
        const ja = await cli(["sbom", "import", productSbomPath, ...model, "--lang", "ja", ...target.flags]);
        expect(ja.code).toBe(0);
        // The firmware's own SBOM comes first: none of the assets take the one for any firmware.
        expect(ja.stdout).toContain(
          "型式 Mitsubishi Electric R04CPU（全ファームウェア版）の SBOM を取り込みました",
        );
        expect(ja.stdout).toContain("0 件の資産");
      } finally {
        await target.dispose();
      }
    }, 120_000);

    it("finds a tampered audit log", async () => {
      expect((await cli(["audit", "verify", ...source.flags])).code).toBe(0);
      await using(source, async (db) => {
        await db.exec("alter table audit_log disable trigger audit_log_no_update");
        await db.query("update audit_log set actor = 'mallory' where seq = 2");
        await db.exec("alter table audit_log enable trigger audit_log_no_update");
      });
      const verified = await cli(["audit", "verify", ...source.flags]);
      expect(verified.code).toBe(1);
      expect(verified.stdout).toMatch(/2/);
    });
  });
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

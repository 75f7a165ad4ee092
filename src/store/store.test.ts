import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generateSite } from "../generate/site.js";
import type { Site } from "../model/site.js";
import { createAccountStore } from "./accounts.js";
import { canonicalJson, listAudit, verifyAudit } from "./audit.js";
import type { Database } from "./database.js";
import { enqueue, getJob, siteAnalysisJob, startWorker } from "./jobs.js";
import { migrate, migrations } from "./migrations.js";
import { testCost } from "./passwords.js";
import { createSiteStore } from "./sites.js";
import { refusal, testEngines } from "./test-databases.js";

const demo = parse(readFileSync(new URL("../../examples/demo-site.yaml", import.meta.url), "utf8")) as Site;
const clock = () => new Date("2026-11-21T10:00:00.000Z");
const actor = { userId: "u1", username: "alice" };

for (const engine of testEngines) {
  describe(`store on ${engine.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ db, dispose } = await engine.open());
    });
    afterAll(() => dispose());

    it("migrates idempotently", async () => {
      const again = await migrate(db);
      expect(again.applied).toEqual([]);
      expect(again.current).toBe(migrations.at(-1)?.version);
    });

    it("upgrades a database step by step, keeping its data", async () => {
      const scratch = await engine.open({ migrated: false });
      try {
        expect((await migrate(scratch.db, 1)).current).toBe(1);
        const sites = createSiteStore(scratch.db, { clock, validation: {} });
        await sites.create(demo, actor);
        const upgraded = await migrate(scratch.db);
        expect(upgraded.applied.map((m) => m.version)).toEqual(migrations.slice(1).map((m) => m.version));
        const fresh = createSiteStore(scratch.db, { clock, validation: {} });
        expect(canonicalJson((await fresh.snapshot(demo.id)).site) === canonicalJson(demo)).toBe(true);
      } finally {
        await scratch.dispose();
      }
    });

    it("migration 6 drops reports of schema 1 and queues every site's analysis once", async () => {
      const scratch = await engine.open({ migrated: false });
      try {
        await migrate(scratch.db, 5);
        const sites = createSiteStore(scratch.db, { clock, validation: {} });
        await sites.create(demo, actor);
        await sites.create({ ...demo, id: "second" }, actor);
        for (const lang of ["ja", "en"])
          await scratch.db.query(
            `insert into analyses(site_id, lang, site_version, computed_at, report)
             values ($1, $2, 1, now(), '{"analysisSchemaVersion":1}')`,
            [demo.id, lang],
          );
        // The demo's analysis was already waiting: it stays one job.
        await enqueue(scratch.db, siteAnalysisJob, { site: demo.id }, clock(), {
          dedupeKey: `${siteAnalysisJob}:${demo.id}`,
        });
        expect((await migrate(scratch.db)).applied.map((m) => m.version)).toEqual([6]);
        expect(await scratch.db.query("select site_id from analyses")).toEqual([]);
        const queued = await scratch.db.query<{ site: string }>(
          "select payload->>'site' as site from jobs where kind = $1 and status = 'queued' order by 1",
          [siteAnalysisJob],
        );
        expect(queued.map((j) => j.site)).toEqual([demo.id, "second"].sort());
      } finally {
        await scratch.dispose();
      }
    });

    it("imports the demo site and exports it unchanged", async () => {
      const sites = createSiteStore(db, { clock, validation: {} });
      await sites.create(demo, actor);
      sites.forget(demo.id);
      const fresh = createSiteStore(db, { clock, validation: {} });
      const snapshot = await fresh.snapshot(demo.id);
      expect(canonicalJson(snapshot.site) === canonicalJson(demo)).toBe(true);
      // Items keep their key order (json, not jsonb), so an exported YAML reads as it was written.
      expect(JSON.stringify(snapshot.site.assets)).toBe(JSON.stringify(demo.assets));
    });

    it("round-trips a generated site of 3,000 assets", async () => {
      const generated = generateSite({ assets: 3000, seed: 5 });
      const sites = createSiteStore(db, { clock, validation: {} });
      await sites.create({ ...generated, id: "generated" }, actor);
      const fresh = createSiteStore(db, { clock, validation: {} });
      const back = (await fresh.snapshot("generated")).site;
      expect(canonicalJson(back) === canonicalJson({ ...generated, id: "generated" })).toBe(true);
    });

    it("refuses an invalid import whole, writing nothing", async () => {
      const sites = createSiteStore(db, { clock, validation: {} });
      const broken = {
        ...demo,
        id: "broken",
        zones: [...(demo.zones ?? []), { id: "z-bad", name: "x", type: "control", assets: ["nope"] }],
      };
      const failure = await refusal(sites.create(broken, actor));
      expect(failure.kind).toBe("semantic");
      const rows = await db.query("select 1 from sites where id = 'broken'");
      expect(rows).toEqual([]);
    });

    it("edits an entity with optimistic concurrency and audits before and after", async () => {
      const sites = createSiteStore(db, { clock, validation: {} });
      const asset = demo.assets?.[0] as Record<string, unknown>;
      const current = await sites.getEntity(demo.id, "assets", String(asset.id));
      const updated = await sites.putEntity(
        demo.id,
        "assets",
        String(asset.id),
        { ...current.data, location: "棟B" },
        current.revision.version,
        actor,
      );
      expect(updated.revision.version).toBe(current.revision.version + 1);
      const stale = await refusal(
        sites.putEntity(
          demo.id,
          "assets",
          String(asset.id),
          { ...current.data, location: "棟C" },
          current.revision.version,
          actor,
        ),
      );
      expect(stale).toMatchObject({
        kind: "stale",
        current: { version: updated.revision.version, updatedBy: "alice" },
      });
      const [entry] = await listAudit(db, { siteId: demo.id, limit: 1 });
      expect(entry).toMatchObject({
        action: "assets.update",
        subjectId: asset.id,
        after: { location: "棟B" },
      });
      expect((await verifyAudit(db)).ok).toBe(true);
    });

    it("refuses a reference to a missing zone with its location, and a delete of a referenced asset", async () => {
      const sites = createSiteStore(db, { clock, validation: {} });
      const failure = await refusal(
        sites.putEntity(
          demo.id,
          "conduits",
          "c-new",
          { from: "nowhere", to: String(demo.zones?.[0]?.id), direction: "bidirectional" },
          null,
          actor,
        ),
      );
      expect(failure.kind).toBe("semantic");
      if (failure.kind === "semantic") expect(failure.problems[0]?.path.slice(0, 1)).toEqual(["conduits"]);
      const zoned = demo.zones?.find((z) => z.assets?.length)?.assets?.[0] as string;
      const record = await sites.getEntity(demo.id, "assets", zoned);
      const referenced = await refusal(
        sites.deleteEntity(demo.id, "assets", zoned, record.revision.version, actor),
      );
      expect(referenced.kind).toBe("referenced");
    });

    it("lists a page with search, equality filter and sort", async () => {
      const sites = createSiteStore(db, { clock, validation: {} });
      const page = await sites.listEntities("generated", "assets", { offset: 10, limit: 20, sort: "-id" });
      expect(page.total).toBe(3000);
      expect(page.items).toHaveLength(20);
      const ids = page.items.map((i) => String(i.data.id));
      expect([...ids].sort().reverse()).toEqual(ids);
      const plcs = await sites.listEntities("generated", "assets", {
        offset: 0,
        limit: 500,
        equals: { type: "plc" },
      });
      expect(plcs.items.every((i) => i.data.type === "plc")).toBe(true);
    });

    it("creates the first admin once, locks after repeated failures, and hashes tokens", async () => {
      const accounts = createAccountStore(db, { clock, passwordCost: testCost });
      expect(await accounts.needsSetup()).toBe(true);
      const admin = await accounts.setup({ username: "admin", password: "correct horse battery" });
      expect(admin.isAdmin).toBe(true);
      expect(
        (await refusal(accounts.setup({ username: "second", password: "correct horse battery" }))).kind,
      ).toBe("setup-done");
      for (let i = 0; i < 5; i++)
        expect(await accounts.login("admin", "wrong password!!")).toEqual({ failure: "invalid" });
      expect(await accounts.login("admin", "correct horse battery")).toMatchObject({ failure: "locked" });
      await accounts.resetPassword("admin", "another long passphrase", null);
      const ok = await accounts.login("admin", "another long passphrase");
      expect("sessionToken" in ok).toBe(true);
      const { token } = await accounts.createToken(
        { userId: admin.id, username: "admin" },
        { name: "ci", scope: "read", expiresInDays: 30 },
      );
      const stored = await db.query<{ token_hash: string }>("select token_hash from api_tokens");
      expect(stored.some((r) => r.token_hash.includes(token))).toBe(false);
      expect((await accounts.principalFromToken(token))?.scope).toBe("read");
    });

    it("remembers callers briefly, and forgets them at once on a change made in this process", async () => {
      const accounts = createAccountStore(db, { clock, passwordCost: testCost, principalCacheMs: 60_000 });
      const owner = await accounts.createUser(
        { username: "cached", password: "a long enough passphrase" },
        actor,
      );
      const { token, record } = await accounts.createToken(
        { userId: owner.id, username: "cached" },
        { name: "t", scope: "write", expiresInDays: 1 },
      );
      expect((await accounts.principalFromToken(token))?.username).toBe("cached");
      // Revoked behind the store's back: the remembered answer holds for the cache's lifetime…
      await db.query("update api_tokens set revoked_at = $2 where id = $1", [
        record.id,
        clock().toISOString(),
      ]);
      expect((await accounts.principalFromToken(token))?.username).toBe("cached");
      // …but any change through the store forgets every remembered caller.
      await accounts.revokeToken({ userId: owner.id, username: "cached" }, record.id, false);
      expect(await accounts.principalFromToken(token)).toBeUndefined();
    });

    it("runs a job once across two workers and retries a failing one", async () => {
      const seen: number[] = [];
      const id = await enqueue(db, "count", { n: 1 }, clock());
      const handler = async (job: { id: number }) => {
        seen.push(job.id);
        return { ok: true };
      };
      const a = startWorker(db, { workerId: "a", clock, handlers: { count: handler } }, false);
      const b = startWorker(db, { workerId: "b", clock, handlers: { count: handler } }, false);
      await Promise.all([a.drain(), b.drain()]);
      expect(seen).toEqual([id]);
      expect((await getJob(db, id))?.status).toBe("done");
      await a.stop();
      await b.stop();
    });

    it("keeps the audit log append-only and detects tampering", async () => {
      await expect(db.query("update audit_log set actor = 'mallory' where seq = 1")).rejects.toThrow(
        /append-only/,
      );
      expect((await verifyAudit(db)).ok).toBe(true);
      await db.exec("alter table audit_log disable trigger audit_log_no_update");
      await db.query("update audit_log set actor = 'mallory' where seq = 2");
      await db.exec("alter table audit_log enable trigger audit_log_no_update");
      expect(await verifyAudit(db)).toMatchObject({ ok: false, broken: { seq: 2, reason: "hash" } });
    });
  });
}

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generateSite } from "../generate/site.js";
import type { Site } from "../model/site.js";
import { verifyAudit } from "../store/audit.js";
import { type Database, openDatabase } from "../store/database.js";
import { createTestDatabase, dropTestDatabase, postgresUrl, testEngines } from "../store/test-databases.js";

/**
 * The server as separate processes, the way it is deployed: killed with SIGKILL in the middle of a large
 * import (the import is all or nothing, also across a crash), and two processes on one PostgreSQL (what one
 * writes the other reads at once, and a queued job runs once). Runs on each engine of `testEngines`.
 */

const repo = fileURLToPath(new URL("../..", import.meta.url));
const demoText = readFileSync(join(repo, "examples/demo-site.yaml"), "utf8");
const demo = parse(demoText) as Site;
const password = "a long test passphrase";
/** A large import: big enough that its transaction runs for a while, small enough for a test. */
const largeAssets = 40_000;

interface ServerProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
  /** SIGTERM: the graceful shutdown an operator does. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, the machine losing power for this process. */
  kill(): Promise<void>;
}

const children = new Set<ServerProcess>();
const temporary: string[] = [];
const scratchDatabases: string[] = [];

function temporaryDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), "mamori-reliability-"));
  temporary.push(dir);
  return dir;
}

/** Where a server keeps its data: a PGlite directory, or a scratch database on the PostgreSQL server. */
interface ServerData {
  args: string[];
  /** Opens the database in the test process; for PGlite only while no server has it open. */
  inspect<T>(work: (db: Database) => Promise<T>): Promise<T>;
}

async function serverData(engine: "pglite" | "postgres"): Promise<ServerData> {
  if (engine === "postgres") {
    const url = await createTestDatabase(postgresUrl as string);
    scratchDatabases.push(url);
    return {
      args: ["--database-url", url],
      async inspect(work) {
        const db = await openDatabase({ url, poolSize: 2 });
        try {
          return await work(db);
        } finally {
          await db.close();
        }
      },
    };
  }
  const dataDir = join(temporaryDirectory(), "data");
  return {
    args: ["--data", dataDir],
    async inspect(work) {
      const db = await openDatabase({ dataDir });
      try {
        return await work(db);
      } finally {
        await db.close();
      }
    },
  };
}

/** `mamori serve` from the sources (tsx), on a free port; resolves once it listens. */
function startServer(data: ServerData): Promise<ServerProcess> {
  const env: Record<string, string> = {};
  // The server reads MAMORI_* settings; only the flags given here may choose its database.
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith("MAMORI_")) env[key] = value;
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/cli/main.ts",
      "serve",
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "--log-level",
      "warn",
      ...data.args,
    ],
    { cwd: repo, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start within 120 s\n${stdout}\n${stderr}`));
    }, 120_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening\n${stdout}\n${stderr}`));
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout)?.[0];
      if (!url) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners("data");
      child.stdout?.resume();
      const server: ServerProcess = {
        url,
        child,
        exited,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          await exited;
          children.delete(server);
        },
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
          await exited;
          children.delete(server);
        },
      };
      children.add(server);
      resolve(server);
    });
  });
}

afterAll(async () => {
  await Promise.all([...children].map((server) => server.kill()));
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  for (const url of scratchDatabases) await dropTestDatabase(postgresUrl as string, url);
});

/** A client of one server process with a write-scoped API token. */
interface Client {
  url: string;
  token: string;
  call(path: string, init?: RequestInit & { json?: unknown; version?: number }): Promise<Response>;
  json<T>(path: string): Promise<T>;
}

function client(url: string, token: string): Client {
  const call: Client["call"] = (path, init = {}) => {
    const { json, version, ...rest } = init;
    const headers = new Headers(rest.headers);
    headers.set("authorization", `Bearer ${token}`);
    if (json !== undefined) headers.set("content-type", "application/json");
    if (version !== undefined) headers.set("if-match", `"${version}"`);
    return fetch(`${url}${path}`, {
      ...rest,
      headers,
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
  };
  return {
    url,
    token,
    call,
    async json<T>(path: string) {
      const response = await call(path);
      if (response.status !== 200)
        throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
}

/** First run through the API: the first administrator, a session, then a write token for everything else. */
async function setUp(server: ServerProcess): Promise<Client> {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
  expect((await post("/api/setup", { username: "admin", password })).status).toBe(201);
  const login = await post("/api/auth/login", { username: "admin", password });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await post(
    "/api/tokens",
    { name: "reliability", scope: "write" },
    { cookie, "x-csrf-token": csrfToken },
  );
  expect(created.status).toBe(201);
  return client(server.url, ((await created.json()) as { token: string }).token);
}

async function importSite(api: Client, text: string): Promise<void> {
  const response = await api.call("/api/sites", {
    method: "POST",
    headers: { "content-type": "application/yaml" },
    body: text,
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

interface AnalysisState {
  siteVersion: number;
  analysedVersion: number | null;
  fresh: boolean;
}

/** Waits (bounded) until the site's analysis matches its latest version. */
async function freshAnalysis(api: Client, site: string): Promise<AnalysisState> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const state = await api.json<AnalysisState>(`/api/sites/${site}/analysis`);
    if (state.fresh || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The site as exported, parsed: a process that imported the document keeps its keys in the order written,
 * one that loaded it from the rows in the schema's order, so the texts may differ where the data does not.
 */
async function exported(
  api: Client,
  site: string,
): Promise<{ status: number; etag: string | null; document: Record<string, unknown> }> {
  const response = await api.call(`/api/sites/${site}/export?format=json`);
  return {
    status: response.status,
    etag: response.headers.get("etag"),
    document: (await response.json()) as Record<string, unknown>,
  };
}

/** A request whose body is sent in full before anything else happens; the response may never come. */
function upload(url: string, method: string, path: string, body: string, headers: Record<string, string>) {
  let responded = false;
  let sentResolve: () => void = () => {};
  const sent = new Promise<void>((resolve) => {
    sentResolve = resolve;
  });
  let abort: () => void = () => {};
  const outcome = new Promise<{ status?: number; error?: string }>((resolve) => {
    const request = httpRequest(`${url}${path}`, { method, headers }, (response) => {
      responded = true;
      response.resume();
      resolve({ status: response.statusCode ?? 0 });
    });
    request.on("error", (error) => {
      sentResolve();
      resolve({ error: error.message });
    });
    request.end(body, () => sentResolve());
    abort = () => request.destroy();
  });
  return { sent, outcome, responded: () => responded, abort: () => abort() };
}

/**
 * Waits until the server's import transaction is writing. PostgreSQL shows it: a backend of this database
 * holding a transaction id, busy with `site_entities`. PGlite writes its WAL into the data directory, so a
 * WAL file changing after the body was sent is the transaction at work (nothing else writes meanwhile).
 */
async function transactionRunning(
  engine: "pglite" | "postgres",
  data: ServerData,
  dataDir: string | undefined,
  stillWaiting: () => boolean,
): Promise<boolean> {
  const deadline = Date.now() + 120_000;
  if (engine === "postgres") {
    const url = data.args[1] as string;
    const db = await openDatabase({ url, poolSize: 1 });
    try {
      while (stillWaiting() && Date.now() < deadline) {
        const [row] = await db.query<{ busy: number }>(
          `select count(*)::int as busy from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid()
             and backend_xid is not null and query ilike '%site_entities%'`,
        );
        if ((row?.busy ?? 0) > 0) return true;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return false;
    } finally {
      await db.close();
    }
  }
  const wal = join(dataDir as string, "pg_wal");
  const stamp = () =>
    readdirSync(wal)
      .filter((name) => /^[0-9A-F]{24}$/.test(name))
      .map((name) => `${name}:${statSync(join(wal, name)).mtimeMs}`)
      .join(",");
  const before = stamp();
  while (stillWaiting() && Date.now() < deadline) {
    if (stamp() !== before) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

for (const engine of testEngines) {
  describe(`server processes on ${engine.name}`, () => {
    let data: ServerData;
    let server: ServerProcess;
    let api: Client;
    let token: string;
    let before: Awaited<ReturnType<typeof exported>>;
    let dataDir: string | undefined;

    beforeAll(async () => {
      data = await serverData(engine.name);
      dataDir = engine.name === "pglite" ? data.args[1] : undefined;
      server = await startServer(data);
      api = await setUp(server);
      token = api.token;
      await importSite(api, demoText);
      expect((await freshAnalysis(api, demo.id)).fresh).toBe(true);
      before = await exported(api, demo.id);
      expect(before.status).toBe(200);
    }, 300_000);

    /**
     * Sends the large document, kills the server with SIGKILL while the import's transaction is writing,
     * restarts it on the same data and returns the fresh client. The kill must come before any response.
     */
    async function killDuringImport(method: "POST" | "PUT", site: Site, headers: Record<string, string>) {
      const body = JSON.stringify(site);
      const path = method === "POST" ? "/api/sites" : `/api/sites/${site.id}/export`;
      const started = new Date();
      const request = upload(server.url, method, path, body, {
        authorization: `Bearer ${token}`,
        "content-type": "application/yaml",
        "content-length": String(Buffer.byteLength(body)),
        ...headers,
      });
      await request.sent;
      const busy = await transactionRunning(engine.name, data, dataDir, () => !request.responded());
      await server.kill();
      expect(busy, "the import's transaction was seen running").toBe(true);
      expect(request.responded(), "no response before the kill").toBe(false);
      expect((await request.outcome).error).toBeDefined();
      server = await startServer(data);
      api = client(server.url, token);
      return started;
    }

    /** Counts, in the database itself, what the killed import could have left behind. */
    async function leftovers(site: string, since: Date) {
      // PGlite's directory is opened by one process at a time: the server stops for the look.
      if (engine.name === "pglite") await server.stop();
      const found = await data.inspect(async (db) => {
        const [counts] = await db.query<{ sites: number; entities: number; newer: number; audits: number }>(
          `select (select count(*)::int from sites where id = $1) as sites,
                  (select count(*)::int from site_entities where site_id = $1) as entities,
                  (select count(*)::int from site_entities where updated_at >= $2) as newer,
                  (select count(*)::int from audit_log where at >= $2) as audits`,
          [site, since.toISOString()],
        );
        return { ...counts, chain: (await verifyAudit(db)).ok };
      });
      if (engine.name === "pglite") {
        server = await startServer(data);
        api = client(server.url, token);
      }
      return found;
    }

    it("a site imported when the server is killed does not exist after the restart", async () => {
      const large = generateSite({ assets: largeAssets, seed: 7 });
      const started = await killDuringImport("POST", large, {});
      expect((await api.call(`/api/sites/${large.id}/export?format=json`)).status).toBe(404);
      const sites = await api.json<{ items: { id: string }[] }>("/api/sites");
      expect(sites.items.map((s) => s.id)).toEqual([demo.id]);
      expect(await exported(api, demo.id)).toEqual(before);
      expect(await leftovers(large.id, started)).toEqual({
        sites: 0,
        entities: 0,
        newer: 0,
        audits: 0,
        chain: true,
      });
    }, 600_000);

    it("a site replaced when the server is killed is exactly as before after the restart", async () => {
      const version = Number(/\d+/.exec(before.etag ?? "")?.[0]);
      const large = { ...generateSite({ assets: largeAssets, seed: 8 }), id: demo.id };
      const started = await killDuringImport("PUT", large, { "if-match": `"${version}"` });
      expect(await exported(api, demo.id)).toEqual(before);
      const entities = Object.values(before.document)
        .filter(Array.isArray)
        .reduce((sum, list) => sum + list.length, 0);
      expect(await leftovers(demo.id, started)).toEqual({
        sites: 1,
        entities,
        newer: 0,
        audits: 0,
        chain: true,
      });
      // The server still works on the restored data: the same version is accepted for an edit.
      const asset = (demo.assets ?? [])[0] as Record<string, unknown>;
      const read = await api.call(`/api/sites/${demo.id}/assets/${asset.id}`);
      const record = (await read.json()) as { data: Record<string, unknown>; revision: { version: number } };
      const edited = await api.call(`/api/sites/${demo.id}/assets/${asset.id}`, {
        method: "PUT",
        json: { ...record.data, tags: ["after-the-crash"] },
        version: record.revision.version,
      });
      expect(edited.status, await edited.clone().text()).toBe(200);
    }, 600_000);

    it("a graceful stop finishes an import whose client has gone away, with its analysis queued", async () => {
      const large = generateSite({ assets: 10_000, seed: 9 });
      const body = JSON.stringify(large);
      const request = upload(server.url, "POST", "/api/sites", body, {
        authorization: `Bearer ${token}`,
        "content-type": "application/yaml",
        "content-length": String(Buffer.byteLength(body)),
      });
      await request.sent;
      const busy = await transactionRunning(engine.name, data, dataDir, () => !request.responded());
      expect(busy, "the import's transaction was seen running").toBe(true);
      request.abort();
      await server.stop();
      const found = await data.inspect(async (db) => {
        const [counts] = await db.query<{ sites: number; assets: number; jobs: number }>(
          `select (select count(*)::int from sites where id = $1) as sites,
                  (select count(*)::int from site_entities where site_id = $1 and collection = 'assets') as assets,
                  (select count(*)::int from jobs where kind = 'analyse' and payload->>'site' = $1) as jobs`,
          [large.id],
        );
        return counts;
      });
      expect(found).toEqual({ sites: 1, assets: 10_000, jobs: 1 });
      server = await startServer(data);
      api = client(server.url, token);
    }, 600_000);
  });
}

const postgres = testEngines.find((engine) => engine.name === "postgres");

describe.runIf(postgres)("two server processes on one PostgreSQL", () => {
  let data: ServerData;
  let one: Client;
  let two: Client;
  const asset = (demo.assets ?? [])[0] as Record<string, unknown>;
  const assetPath = `/api/sites/${demo.id}/assets/${asset.id}`;

  interface AssetRecord {
    data: Record<string, unknown>;
    revision: { version: number };
  }

  beforeAll(async () => {
    data = await serverData("postgres");
    // Both start at once: the second migrator waits for the first's lock, then finds nothing to do.
    const [first, second] = await Promise.all([startServer(data), startServer(data)]);
    one = await setUp(first as ServerProcess);
    two = client((second as ServerProcess).url, one.token);
  }, 300_000);

  it("reads through one process what was written through the other, at once", async () => {
    await importSite(one, demoText);
    const sites = await two.json<{ items: { id: string; version: number }[] }>("/api/sites");
    expect(sites.items).toEqual([expect.objectContaining({ id: demo.id, version: 1 })]);
    const read = await two.json<AssetRecord>(assetPath);
    expect(read.data).toEqual(asset);

    // An edit through one process with the version read through the other…
    const edited = await one.call(assetPath, {
      method: "PUT",
      json: { ...read.data, tags: ["edited-through-one"] },
      version: read.revision.version,
    });
    expect(edited.status, await edited.clone().text()).toBe(200);
    const afterEdit = await two.json<AssetRecord>(assetPath);
    expect(afterEdit.data.tags).toEqual(["edited-through-one"]);
    expect(afterEdit.revision.version).toBe(read.revision.version + 1);

    // …so the other process refuses the version it had read before, and accepts the new one.
    const stale = await two.call(assetPath, {
      method: "PUT",
      json: { ...read.data, tags: ["stale"] },
      version: read.revision.version,
    });
    expect(stale.status).toBe(409);
    const again = await two.call(assetPath, {
      method: "PUT",
      json: { ...afterEdit.data, tags: ["edited-through-two"] },
      version: afterEdit.revision.version,
    });
    expect(again.status, await again.clone().text()).toBe(200);
    expect((await one.json<AssetRecord>(assetPath)).data.tags).toEqual(["edited-through-two"]);
    const exports = await Promise.all([one, two].map((api) => exported(api, demo.id)));
    expect(exports[0]).toEqual(exports[1]);
    // A page sorted by a field and filtered (its count and its rows take different parameters).
    const page = `/api/sites/${demo.id}/assets?limit=5&sort=-name&filter=type:plc`;
    const pages = await Promise.all([one, two].map((api) => api.json<{ total: number }>(page)));
    expect(pages[0]).toEqual(pages[1]);
    expect(pages[0]?.total).toBeGreaterThan(0);
  }, 300_000);

  it("runs each analysis job once, whichever process enqueued it", async () => {
    // Writes through both processes at once, each enqueueing an analysis, plus explicit requests.
    const writes = Array.from({ length: 12 }, async (_, i) => {
      const api = i % 2 === 0 ? one : two;
      for (;;) {
        const read = await api.json<AssetRecord>(assetPath);
        const response = await api.call(assetPath, {
          method: "PUT",
          json: { ...read.data, tags: [`write-${i}`] },
          version: read.revision.version,
        });
        // Both edit the same asset: a conflict means someone else wrote first; read again and retry.
        if (response.status === 409) continue;
        expect(response.status, await response.clone().text()).toBe(200);
        const queued = await api.call(`/api/sites/${demo.id}/analysis`, { method: "POST" });
        expect(queued.status).toBe(202);
        return;
      }
    });
    await Promise.all(writes);
    const states = await Promise.all([one, two].map((api) => freshAnalysis(api, demo.id)));
    const { version } = await one.json<{ items: { version: number }[] }>("/api/sites").then((r) => ({
      version: r.items[0]?.version,
    }));
    for (const state of states) expect(state).toMatchObject({ fresh: true, siteVersion: version });
    // Wait for any job still running (a fresh analysis may be written before its job is marked done).
    const jobs = await data.inspect(async (db) => {
      for (let i = 0; i < 600; i++) {
        const [busy] = await db.query<{ n: number }>(
          "select count(*)::int as n from jobs where status in ('queued', 'running')",
        );
        if (busy?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return db.query<{ id: number; kind: string; status: string; attempts: number }>(
        "select id, kind, status, attempts from jobs order by id",
      );
    });
    expect(jobs.length).toBeGreaterThan(1);
    for (const job of jobs) expect(job).toMatchObject({ kind: "analyse", status: "done", attempts: 1 });
  }, 300_000);
});

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { parse } from "yaml";
import { generateSite } from "../generate/site.js";
import type { Site } from "../model/site.js";
import { type Database, openDatabase } from "../store/database.js";
import { createTestDatabase, dropTestDatabase } from "../store/test-databases.js";

/**
 * `npm run bench`, the server section: the built server (`dist/cli/main.js serve`) in a process of its
 * own, on PostgreSQL (a fresh scratch database) and on PGlite, loaded over 127.0.0.1 by autocannon from
 * this process. Prints what was measured beside each figure, never asserts. Targets (2-core machine):
 * reads ≥ 3,000 req/s with p99 ≤ 50 ms on PostgreSQL; a page of a 10k-asset site ≤ 50 ms; 100 clients
 * mixing reads and writes without an error or a lost write.
 *
 * MAMORI_BENCH_DATABASE_URL (else MAMORI_TEST_DATABASE_URL, else the local server) names the PostgreSQL
 * server; MAMORI_BENCH_READ_SECONDS and MAMORI_BENCH_MIXED_SECONDS shorten the runs; MAMORI_BENCH_ENGINES
 * picks engines (postgres,pglite); MAMORI_BENCH_SERVER_NODE_ARGS adds options to the server's node.
 */

const cli = fileURLToPath(new URL("../cli/main.js", import.meta.url));
const demoText = readFileSync(new URL("../../examples/demo-site.yaml", import.meta.url), "utf8");
const demo = parse(demoText) as Site;
const postgresServer =
  process.env.MAMORI_BENCH_DATABASE_URL ??
  process.env.MAMORI_TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/test";
const readSeconds = Number(process.env.MAMORI_BENCH_READ_SECONDS ?? 10);
const mixedSeconds = Number(process.env.MAMORI_BENCH_MIXED_SECONDS ?? 60);
const engines = (process.env.MAMORI_BENCH_ENGINES ?? "postgres,pglite").split(",");
/** Extra options for the server's node, e.g. `--cpu-prof --cpu-prof-dir=prof` to see where its time goes. */
const serverNodeArgs = (process.env.MAMORI_BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
const readConnections = 32;
const mixedClients = 100;
const password = "a long bench passphrase";
const pageSite = "bench.page-10k";
const mixedSite = "bench.mixed";

interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

function startServer(args: string[]): Promise<ServerProcess> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith("MAMORI_")) env[key] = value;
  const child = spawn(
    process.execPath,
    [...serverNodeArgs, cli, "serve", "--host", "127.0.0.1", "--port", "0", "--log-level", "warn", ...args],
    { env, stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stdout = "";
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`server exited (${code}) before listening\n${stdout}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout)?.[0];
      if (!url) return;
      child.stdout?.removeAllListeners("data");
      // Warnings and errors the server logs go on to this process's output.
      child.stdout?.pipe(process.stdout);
      resolve({
        url,
        child,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          await exited;
        },
      });
    });
  });
}

/**
 * One request on a connection of its own: the server may close an idle keep-alive connection just as a
 * pooled client reuses it (its event loop is busy while it analyses an imported site).
 */
function call(
  url: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${url}${path}`,
      { method: init.method ?? "GET", headers: init.headers, agent: false },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          if (status >= 300)
            reject(new Error(`${init.method ?? "GET"} ${path}: ${status} ${text.slice(0, 500)}`));
          else resolve({ status, headers: response.headers, text });
        });
      },
    );
    request.on("error", reject);
    request.end(init.body);
  });
}

/** The first administrator, then a write token: every load request carries `Authorization: Bearer`. */
async function setUp(url: string): Promise<Record<string, string>> {
  const json = { "content-type": "application/json" };
  await call(url, "/api/setup", {
    method: "POST",
    headers: json,
    body: JSON.stringify({ username: "admin", password }),
  });
  const login = await call(url, "/api/auth/login", {
    method: "POST",
    headers: json,
    body: JSON.stringify({ username: "admin", password }),
  });
  const cookie = (login.headers["set-cookie"]?.[0] ?? "").split(";")[0] ?? "";
  const { csrfToken } = JSON.parse(login.text) as { csrfToken: string };
  const created = await call(url, "/api/tokens", {
    method: "POST",
    headers: { ...json, cookie, "x-csrf-token": csrfToken },
    body: JSON.stringify({ name: "bench", scope: "write" }),
  });
  return { authorization: `Bearer ${(JSON.parse(created.text) as { token: string }).token}` };
}

async function seed(url: string, auth: Record<string, string>) {
  const importSite = (text: string) =>
    call(url, "/api/sites", {
      method: "POST",
      headers: { ...auth, "content-type": "application/yaml" },
      body: text,
    });
  await importSite(demoText);
  await importSite(JSON.stringify({ ...generateSite({ assets: 10_000, seed: 1 }), id: pageSite }));
  const mixed = { ...generateSite({ assets: 200, seed: 2 }), id: mixedSite };
  await importSite(JSON.stringify(mixed));
  // Let the analyses of the imports finish in both languages (the English report is written after the
  // Japanese one), so that the figures measure requests, not the first analyses.
  for (const site of [demo.id, pageSite, mixedSite]) {
    for (const lang of ["ja", "en"]) {
      for (;;) {
        const state = JSON.parse(
          (await call(url, `/api/sites/${site}/analysis?lang=${lang}`, { headers: auth })).text,
        ) as { fresh: boolean };
        if (state.fresh) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }
  await drainJobs(url, auth);
  return mixed;
}

/**
 * Waits until every job queued so far has finished: after the analyses, matching of the 10k-asset site
 * (and the demo's products) still runs, and would be measured against the first reads. A re-analysis of
 * the small mixed site marks the end: job ids grow, and every job up to its id must be done or failed.
 */
async function drainJobs(url: string, auth: Record<string, string>) {
  const queued = await call(url, `/api/sites/${mixedSite}/analysis`, { method: "POST", headers: auth });
  const last = (JSON.parse(queued.text) as { job: number }).job;
  for (let id = 1; id <= last; id++) {
    for (;;) {
      const job = await call(url, `/api/jobs/${id}`, { headers: auth }).catch(() => undefined);
      const status = job && (JSON.parse(job.text) as { status: string }).status;
      if (status === undefined || status === "done" || status === "failed") break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

const pad = (cells: (string | number)[], widths: number[]) =>
  cells
    .map((cell, i) => (i < 2 ? String(cell).padEnd(widths[i] ?? 10) : String(cell).padStart(widths[i] ?? 10)))
    .join(" ");
const widths = [9, 48, 6, 5, 9, 8, 8, 8, 7];

function header() {
  console.log(
    pad(["engine", "endpoint", "conns", "secs", "req/s", "p50 ms", "p99 ms", "failed", "errors"], widths),
  );
}

function report(engine: string, label: string, connections: number, result: autocannon.Result) {
  console.log(
    pad(
      [
        engine,
        label,
        connections,
        Math.round(result.duration),
        Math.round(result.requests.average),
        result.latency.p50,
        result.latency.p99,
        // Answers other than 2xx and 304 (a revalidated report is a success).
        Object.entries(result.statusCodeStats)
          .filter(([code]) => !code.startsWith("2") && code !== "304")
          .reduce((sum, [, { count }]) => sum + count, 0),
        // autocannon counts a timeout as an error too (`timeouts` is the part of `errors` that timed out).
        result.errors,
      ],
      widths,
    ),
  );
}

/**
 * Waits until the server answers promptly again: requests a run gave up on (timeouts) are still being
 * served after it, and would be counted against the next run.
 */
async function settle(url: string) {
  for (let i = 0; i < 120; i++) {
    const started = performance.now();
    await call(url, "/healthz");
    if (performance.now() - started < 50) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function load(
  url: string,
  path: string,
  auth: Record<string, string>,
  connections: number,
  duration: number,
) {
  await settle(url);
  return autocannon({ url: `${url}${path}`, connections, duration, headers: auth });
}

async function reads(engine: string, url: string, auth: Record<string, string>) {
  const asset = (demo.assets ?? [])[0]?.id ?? "";
  const analysis = `/api/sites/${demo.id}/analysis?lang=ja`;
  const analysed = await call(url, analysis, { headers: auth });
  const paths = `/api/sites/${demo.id}/analysis/attackPaths?lang=ja&offset=100&limit=50`;
  const pathPage = await call(url, paths, { headers: auth });
  const exported = `/api/sites/${demo.id}/analysis?lang=ja&parts=all`;
  const whole = await call(url, exported, { headers: auth });
  const bigAnalysis = `/api/sites/${pageSite}/analysis?lang=ja`;
  const bigPaths = `/api/sites/${pageSite}/analysis/attackPaths?lang=ja&offset=1000&limit=50`;
  const size = (text: string) =>
    text.length < 1e6
      ? `${Math.round(text.length / 100) / 10} KB`
      : `${Math.round(text.length / 1e5) / 10} MB`;
  const gzip = { "accept-encoding": "gzip" };
  // By default the analysis is its small fields and the lists' lengths; a browser asks for it gzipped
  // and revalidates it with its ETag. Lists come a page at a time, or in full with `parts` (the whole
  // report, `parts=all`, is the export: its rate is bounded by its bytes).
  const endpoints: [string, string, Record<string, string>][] = [
    ["GET one asset", `/api/sites/${demo.id}/assets/${asset}`, {}],
    ["GET a page of assets (limit 50)", `/api/sites/${demo.id}/assets?limit=50`, {}],
    ["GET a page of assets (limit 50), gzip", `/api/sites/${demo.id}/assets?limit=50`, gzip],
    ["GET the site list", "/api/sites", {}],
    [`GET the analysis (ja, default: ${size(analysed.text)})`, analysis, {}],
    ["GET the analysis (ja, default), gzip", analysis, gzip],
    ["GET the analysis (ja), If-None-Match → 304", analysis, { "if-none-match": `${analysed.headers.etag}` }],
    [`GET 50 attack paths (ja, ${size(pathPage.text)})`, paths, {}],
    ["GET 50 attack paths (ja), gzip", paths, gzip],
    ["GET 50 attack paths, If-None-Match → 304", paths, { "if-none-match": `${pathPage.headers.etag}` }],
    ["10k site: GET the analysis (ja, default)", bigAnalysis, gzip],
    ["10k site: GET 50 attack paths (ja), gzip", bigPaths, gzip],
    [`export: whole report (parts=all, ${size(whole.text)})`, exported, {}],
    ["export: whole report (parts=all), gzip", exported, gzip],
  ];
  for (const [label, path, headers] of endpoints) {
    const withHeaders = { ...auth, ...headers };
    await load(url, path, withHeaders, readConnections, 2); // warm-up: JIT, caches, pool
    report(engine, label, readConnections, await load(url, path, withHeaders, readConnections, readSeconds));
  }
  const page = `/api/sites/${pageSite}/assets?limit=100&sort=name&filter=type:plc`;
  for (const connections of [1, 10]) {
    report(
      engine,
      "10k site: page of 100, sort=name, type:plc",
      connections,
      await load(url, page, auth, connections, readSeconds),
    );
  }
}

interface Slot {
  asset: string;
  data?: Record<string, unknown>;
  version?: number;
  counter: number;
  acknowledged: number[];
  conflicts: number;
}

/**
 * 100 clients, each in a loop: read its own asset, write it back with If-Match and a new `quantity` (a
 * counter of its own, so every write is recognisable), read a page, the site list and a colleague's
 * asset. Each client edits its own entity, so a 409 is not expected; conflicts are counted apart.
 */
async function mixed(engine: string, url: string, auth: Record<string, string>, site: Site) {
  const assets = (site.assets ?? []).map((a) => a.id);
  const slots: Slot[] = [];
  const base = `/api/sites/${mixedSite}/assets`;
  const requestsFor = (slot: Slot, neighbour: string): autocannon.Request[] => [
    {
      method: "GET",
      path: `${base}/${slot.asset}`,
      onResponse(status, body) {
        if (status !== 200) return;
        const record = JSON.parse(body) as { data: Record<string, unknown>; revision: { version: number } };
        slot.data = record.data;
        slot.version = record.revision.version;
      },
    },
    {
      method: "PUT",
      path: `${base}/${slot.asset}`,
      setupRequest(request) {
        if (!slot.data || slot.version === undefined) return undefined;
        slot.counter += 1;
        return {
          ...request,
          headers: {
            ...request.headers,
            "content-type": "application/json",
            "if-match": `"${slot.version}"`,
          },
          body: JSON.stringify({ ...slot.data, quantity: slot.counter }),
        };
      },
      onResponse(status, body) {
        if (status === 200) {
          const record = JSON.parse(body) as { revision: { version: number } };
          slot.acknowledged.push(slot.counter);
          slot.version = record.revision.version;
        } else if (status === 409) {
          slot.conflicts += 1;
          slot.version = undefined;
        }
      },
    },
    { method: "GET", path: `${base}?limit=20&sort=name` },
    { method: "GET", path: "/api/sites" },
    { method: "GET", path: `${base}/${neighbour}` },
  ];
  await settle(url);
  const result = await autocannon({
    url,
    connections: mixedClients,
    duration: mixedSeconds,
    headers: auth,
    requests: [{ method: "GET", path: "/api/sites" }],
    setupClient(client) {
      const index = slots.length;
      const slot: Slot = { asset: assets[index] as string, counter: 0, acknowledged: [], conflicts: 0 };
      slots.push(slot);
      client.setRequests(requestsFor(slot, assets[(index + 1) % mixedClients] as string));
    },
  });
  report(engine, "mixed: own asset GET+PUT, page, list, other", mixedClients, result);
  const codes = Object.entries(result.statusCodeStats)
    .map(([code, { count }]) => `${code}×${count}`)
    .join(", ");
  const acknowledged = slots.reduce((sum, s) => sum + s.acknowledged.length, 0);
  const conflicts = slots.reduce((sum, s) => sum + s.conflicts, 0);
  console.log(
    `  status codes: ${codes}; timeouts ${result.timeouts}; 409 conflicts ${conflicts}; slowest answer ${result.latency.max} ms`,
  );
  return { slots, acknowledged };
}

/** Every acknowledged write, looked for in the rows and in the audit log. */
async function checkWrites(engine: string, db: Database, slots: Slot[], acknowledged: number) {
  const audited = await db.query<{ subject_id: string; quantity: number }>(
    `select subject_id, (after->>'quantity')::int as quantity from audit_log
     where site_id = $1 and action = 'assets.update'`,
    [mixedSite],
  );
  const inAudit = new Set(audited.map((r) => `${r.subject_id}:${r.quantity}`));
  const rows = await db.query<{ key: string; quantity: number | null; version: number }>(
    `select key, (data->>'quantity')::int as quantity, version from site_entities
     where site_id = $1 and collection = 'assets'`,
    [mixedSite],
  );
  const byKey = new Map(rows.map((r) => [r.key, r]));
  let missingFromAudit = 0;
  let rowsBehind = 0;
  for (const slot of slots) {
    for (const value of slot.acknowledged) if (!inAudit.has(`${slot.asset}:${value}`)) missingFromAudit++;
    const last = slot.acknowledged.at(-1);
    const row = byKey.get(slot.asset);
    // The row holds the last acknowledged value (or a later one, whose answer timed out) and a version
    // raised once per write.
    if (
      last !== undefined &&
      (!row || (row.quantity ?? 0) < last || row.version < 1 + slot.acknowledged.length)
    )
      rowsBehind++;
  }
  console.log(
    `  ${engine}: acknowledged writes ${acknowledged}; audit entries ${audited.length}; acknowledged but not in the audit log ${missingFromAudit}; assets whose row lacks its last acknowledged write ${rowsBehind}`,
  );
}

async function benchEngine(engine: string) {
  let args: string[];
  let inspect: (work: (db: Database) => Promise<void>) => Promise<void>;
  let dispose: () => Promise<void>;
  if (engine === "postgres") {
    const url = await createTestDatabase(postgresServer);
    args = ["--database-url", url];
    inspect = async (work) => {
      const db = await openDatabase({ url, poolSize: 2 });
      await work(db).finally(() => db.close());
    };
    dispose = () => dropTestDatabase(postgresServer, url);
  } else {
    const dir = mkdtempSync(join(tmpdir(), "mamori-bench-"));
    args = ["--data", join(dir, "data")];
    inspect = async (work) => {
      const db = await openDatabase({ dataDir: join(dir, "data") });
      await work(db).finally(() => db.close());
    };
    dispose = async () => rmSync(dir, { recursive: true, force: true });
  }
  const server = await startServer(args);
  try {
    const auth = await setUp(server.url);
    const site = await seed(server.url, auth);
    await reads(engine, server.url, auth);
    const { slots, acknowledged } = await mixed(engine, server.url, auth, site);
    // PGlite's directory is opened by one process at a time.
    await server.stop();
    await inspect((db) => checkWrites(engine, db, slots, acknowledged));
  } finally {
    await server.stop();
    await dispose();
  }
}

console.log(`Mamori server bench — node ${process.version}, ${new Date().toISOString()}`);
console.log(
  `server: dist/cli/main.js serve (own process); load: autocannon in this process over 127.0.0.1; bearer token; reads ${readSeconds} s each after a 2 s warm-up, mixed ${mixedSeconds} s`,
);
header();
for (const engine of engines) {
  if (engine !== "postgres" && engine !== "pglite") throw new Error(`unknown engine '${engine}'`);
  await benchEngine(engine);
}

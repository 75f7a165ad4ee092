import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { validateCsaf } from "../advisories/csaf-validate.js";
import type { Translator } from "../i18n/index.js";
import type { Site } from "../model/site.js";
import { readServerConfig, type ServerConfig } from "../server/config.js";
import { createLogger, startServer } from "../server/serve.js";
import { createServices, type Services } from "../server/services.js";
import { auditCsv, listAudit, verifyAudit } from "../store/audit.js";
import { BackupError, restoreBackup, writeBackup } from "../store/backup.js";
import { type Database, openDatabase } from "../store/database.js";
import { Refusal } from "../store/failure.js";
import { migrate } from "../store/migrations.js";
import { type CliIo, type ExitCode, exitCodes } from "./io.js";

/**
 * The commands that work on the server's database: serve, migrate, backup, restore, user, audit. Loaded
 * only when one of them runs, so validating a file never loads the database engine.
 */
export interface ServerCommandContext {
  io: CliIo;
  t: Translator["t"];
}

export interface DatabaseFlags {
  data?: string;
  databaseUrl?: string;
}

function configFrom(context: ServerCommandContext, flags: Record<string, unknown>): ServerConfig | undefined {
  const { config, problems } = readServerConfig({
    flags,
    env: context.io.env,
    cwd: context.io.cwd?.() ?? process.cwd(),
  });
  if (!config) context.io.stderr(`${context.t("cli.server.config", { problems: problems.join("; ") })}\n`);
  return config;
}

export async function withDatabase(
  context: ServerCommandContext,
  flags: DatabaseFlags,
  work: (db: Database) => Promise<ExitCode>,
): Promise<ExitCode> {
  const config = configFrom(context, { dataDir: flags.data, databaseUrl: flags.databaseUrl });
  if (!config) return exitCodes.invalid;
  const db = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
  );
  try {
    await migrate(db);
    return await work(db);
  } catch (error) {
    if (error instanceof BackupError || error instanceof Refusal) {
      context.io.stderr(
        `${context.t("cli.server.failed", { message: error instanceof Refusal ? JSON.stringify(error.failure) : error.message })}\n`,
      );
      return exitCodes.invalid;
    }
    throw error;
  } finally {
    await db.close();
  }
}

export const demoSitePath = fileURLToPath(new URL("../../examples/demo-site.yaml", import.meta.url));
const demoAdvisories = fileURLToPath(new URL("../../examples/advisories/", import.meta.url));

/** The demo's three real CISA advisories (see examples/advisories/README.md), validated like any import. */
async function importDemoAdvisories(services: Services) {
  const entries = [];
  for (const file of readdirSync(demoAdvisories)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const text = readFileSync(join(demoAdvisories, file), "utf8");
    const document = JSON.parse(text) as unknown;
    const validation = await validateCsaf(document);
    if (!validation.valid)
      throw new Error(`demo advisory ${file} is not valid CSAF: ${validation.problems[0]?.message}`);
    entries.push({ format: "csaf" as const, document, text, source: `examples/advisories/${file}` });
  }
  await services.vulnerabilities.importAdvisories(entries, { userId: "system", username: "system" });
}

export async function serveCommand(
  context: ServerCommandContext,
  flags: DatabaseFlags & { port?: string; host?: string; demo?: boolean; logLevel?: string },
): Promise<ExitCode> {
  const config = configFrom(context, {
    port: flags.port,
    host: flags.host,
    dataDir: flags.data,
    databaseUrl: flags.databaseUrl,
    demo: flags.demo ?? false,
    logLevel: flags.logLevel,
  });
  if (!config) return exitCodes.invalid;
  const services = await createServices({ config, logger: createLogger(config) });
  if (config.demo && (await services.sites.list()).length === 0) {
    const site = parse(readFileSync(demoSitePath, "utf8")) as Site;
    await services.sites.create(site, { userId: "system", username: "system" });
    await importDemoAdvisories(services);
    await services.analyses.request(site.id);
    context.io.stdout(
      `${context.t("cli.server.demoLoaded", { site: site.id, assets: site.assets?.length ?? 0 })}\n`,
    );
  }
  const server = await startServer(config, services);
  context.io.stdout(
    `${context.t("cli.server.listening", { url: server.url, engine: services.db.engine })}\n`,
  );
  if (await services.accounts.needsSetup())
    context.io.stdout(`${context.t("cli.server.firstRun", { url: server.url })}\n`);
  await new Promise<void>((resolve) => {
    context.io.onShutdown?.(() => {
      context.io.stderr(`${context.t("cli.server.stopping")}\n`);
      void server.close().then(resolve);
    });
  });
  return exitCodes.ok;
}

export function migrateCommand(context: ServerCommandContext, flags: DatabaseFlags): Promise<ExitCode> {
  const config = configFrom(context, { dataDir: flags.data, databaseUrl: flags.databaseUrl });
  if (!config) return Promise.resolve(exitCodes.invalid);
  return (async () => {
    const db = await openDatabase(
      config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
    );
    try {
      const outcome = await migrate(db);
      context.io.stdout(
        `${context.t("cli.server.migrated", { version: outcome.current, applied: outcome.applied.length })}\n`,
      );
      return exitCodes.ok;
    } finally {
      await db.close();
    }
  })();
}

export function backupCommand(
  context: ServerCommandContext,
  file: string,
  flags: DatabaseFlags,
): Promise<ExitCode> {
  return withDatabase(context, flags, async (db) => {
    const out = createWriteStream(file, { flags: "wx" });
    const write = (line: string) =>
      new Promise<void>((resolve, reject) =>
        out.write(`${line}\n`, (error) => (error ? reject(error) : resolve())),
      );
    const { rows } = await writeBackup(db, new Date(), write);
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    context.io.stdout(`${context.t("cli.server.backedUp", { rows, file })}\n`);
    return exitCodes.ok;
  });
}

/**
 * The file's lines, read only once the restore starts iterating: a readline interface made earlier reads
 * a small file to its end while the transaction is still being opened, and its iterator, attached after
 * the `close` event, then waits forever.
 */
async function* linesOf(file: string): AsyncIterable<string> {
  yield* createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Number.POSITIVE_INFINITY });
}

export function restoreCommand(
  context: ServerCommandContext,
  file: string,
  flags: DatabaseFlags & { replace?: boolean },
): Promise<ExitCode> {
  return withDatabase(context, flags, async (db) => {
    const { rows } = await restoreBackup(db, linesOf(file), { replace: flags.replace ?? false });
    const chain = await verifyAudit(db);
    context.io.stdout(
      `${context.t("cli.server.restored", { rows, file, chain: chain.ok ? "OK" : `BROKEN at ${chain.broken?.seq}` })}\n`,
    );
    return chain.ok ? exitCodes.ok : exitCodes.findings;
  });
}

async function passwordFrom(
  context: ServerCommandContext,
  generateIfMissing: boolean,
): Promise<{ password: string; generated: boolean }> {
  const piped = context.io.readStdin ? (await context.io.readStdin()).split(/\r?\n/)[0]?.trim() : undefined;
  if (piped) return { password: piped, generated: false };
  if (!generateIfMissing) return { password: "", generated: false };
  return { password: randomBytes(18).toString("base64url"), generated: true };
}

export function userAddCommand(
  context: ServerCommandContext,
  username: string,
  flags: DatabaseFlags & { admin?: boolean; displayName?: string },
): Promise<ExitCode> {
  return withDatabase(context, flags, async (db) => {
    const { createAccountStore } = await import("../store/accounts.js");
    const accounts = createAccountStore(db, { clock: () => new Date() });
    const { password, generated } = await passwordFrom(context, true);
    const actor = { userId: "cli", username: "cli" };
    if (await accounts.needsSetup())
      await accounts.setup({
        username,
        password,
        ...(flags.displayName ? { displayName: flags.displayName } : {}),
      });
    else
      await accounts.createUser(
        {
          username,
          password,
          isAdmin: flags.admin ?? false,
          ...(flags.displayName ? { displayName: flags.displayName } : {}),
        },
        actor,
      );
    context.io.stdout(`${context.t("cli.server.userCreated", { username })}\n`);
    if (generated) context.io.stdout(`${context.t("cli.server.passwordGenerated", { password })}\n`);
    return exitCodes.ok;
  });
}

export function userResetCommand(
  context: ServerCommandContext,
  username: string,
  flags: DatabaseFlags,
): Promise<ExitCode> {
  return withDatabase(context, flags, async (db) => {
    const { createAccountStore } = await import("../store/accounts.js");
    const accounts = createAccountStore(db, { clock: () => new Date() });
    const { password, generated } = await passwordFrom(context, true);
    await accounts.resetPassword(username, password, "cli");
    context.io.stdout(`${context.t("cli.server.passwordReset", { username })}\n`);
    if (generated) context.io.stdout(`${context.t("cli.server.passwordGenerated", { password })}\n`);
    return exitCodes.ok;
  });
}

export function auditVerifyCommand(context: ServerCommandContext, flags: DatabaseFlags): Promise<ExitCode> {
  return withDatabase(context, flags, async (db) => {
    const result = await verifyAudit(db);
    if (result.ok) {
      context.io.stdout(`${context.t("cli.server.auditOk", { entries: result.entries })}\n`);
      return exitCodes.ok;
    }
    context.io.stdout(
      `${context.t("cli.server.auditBroken", { seq: result.broken?.seq ?? 0, reason: result.broken?.reason ?? "", entries: result.entries })}\n`,
    );
    return exitCodes.findings;
  });
}

export function auditExportCommand(
  context: ServerCommandContext,
  flags: DatabaseFlags & { format?: string; output?: string },
): Promise<ExitCode> {
  return withDatabase(context, flags, async (db) => {
    const entries = (await listAudit(db, { limit: 10_000_000 })).reverse();
    const text = flags.format === "csv" ? auditCsv(entries) : `${JSON.stringify(entries, null, 2)}\n`;
    if (flags.output) context.io.writeFile(flags.output, text);
    else context.io.stdout(text);
    return exitCodes.ok;
  });
}

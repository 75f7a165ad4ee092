import { readFileSync } from "node:fs";
import { pino } from "pino";
import type { Site } from "../model/site.js";
import { ServerConfig } from "../server/config.js";
import { createServices, type Services } from "../server/services.js";
import type { TestEngine } from "../store/test-databases.js";
import { createApp } from "./app.js";

/**
 * A whole API in-process on a fresh database, for the shared suites: `request` goes through the same
 * app the server runs, without a socket.
 */
export const demoYaml = readFileSync(new URL("../../examples/demo-site.yaml", import.meta.url), "utf8");
export const password = "a long test passphrase";
export const fixedNow = new Date("2026-11-21T10:00:00.000Z");

export interface TestApi {
  services: Services;
  request(path: string, init?: RequestInit): Promise<Response>;
  dispose(): Promise<void>;
}

export async function openTestApi(
  engine: TestEngine,
  overrides: Partial<ServerConfig> = {},
): Promise<TestApi> {
  const { db, dispose } = await engine.open();
  const config = ServerConfig.parse({
    fastPasswordHashing: true,
    logLevel: "silent",
    // Tests change accounts behind the API's back (expiring a token in SQL): no remembered callers.
    principalCacheMs: 0,
    ...overrides,
  });
  const services = await createServices({
    config,
    logger: pino({ level: "silent" }),
    db,
    clock: () => new Date(),
    pollJobs: false,
  });
  const app = createApp(services, { clientAddress: () => "127.0.0.1" });
  return {
    services,
    request: async (path, init) => app.request(path, init),
    async dispose() {
      await services.worker.stop();
      await dispose();
    },
  };
}

/** A signed-in caller: keeps the session cookie and sends the CSRF token on writes. */
export interface Caller {
  username: string;
  request(path: string, init?: RequestInit & { json?: unknown; version?: number }): Promise<Response>;
}

export async function signIn(api: TestApi, username: string, secret = password): Promise<Caller> {
  const response = await api.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: secret }),
  });
  if (response.status !== 200)
    throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return callerWith(api, username, { cookie, "x-csrf-token": csrfToken });
}

export function callerWith(api: TestApi, username: string, headers: Record<string, string>): Caller {
  return {
    username,
    request(path, init = {}) {
      const { json, version, ...rest } = init;
      const merged = new Headers(headers);
      for (const [key, value] of new Headers(rest.headers)) merged.set(key, value);
      if (json !== undefined) merged.set("content-type", "application/json");
      if (version !== undefined) merged.set("if-match", `"${version}"`);
      return api.request(path, {
        ...rest,
        headers: merged,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
    },
  };
}

export const fixtureRoles = ["security-lead", "editor", "viewer", "management", "vendor"] as const;

/**
 * The demo site with one user per role (named after the role), an administrator `admin`, and `outsider`
 * who has no role on the site. The vendor acts for the demo's robot vendor.
 */
export async function seedDemo(
  api: TestApi,
): Promise<{ site: Site; admin: Caller; vendorOrganisation: string }> {
  const { accounts, sites } = api.services;
  // A suite that walked the first-run setup itself has created `admin` already.
  const adminUser = (await accounts.needsSetup())
    ? await accounts.setup({ username: "admin", password })
    : await accounts.getUser("admin");
  const actor = { userId: adminUser.id, username: "admin" };
  const { parse } = await import("yaml");
  const site = parse(demoYaml) as Site;
  await sites.create(site, actor);
  const vendorOrganisation = "org.vendor-robot";
  for (const role of fixtureRoles) {
    await accounts.createUser({ username: role, password }, actor);
    await accounts.setMember(
      "site",
      site.id,
      role,
      role,
      role === "vendor" ? vendorOrganisation : null,
      actor,
    );
  }
  await accounts.createUser({ username: "outsider", password }, actor);
  return { site, admin: await signIn(api, "admin"), vendorOrganisation };
}

/**
 * A KEV catalogue in the shape of CISA's feed, with test entries (the real one is 1.4 MB and names none of
 * the demo's CVEs on those dates).
 */
export function kevCatalogue(entries: readonly { cve: string; ransomware?: boolean }[]) {
  return {
    title: "CISA Catalog of Known Exploited Vulnerabilities",
    catalogVersion: "2026.11.20",
    dateReleased: "2026-11-20T12:00:00.000Z",
    count: entries.length,
    vulnerabilities: entries.map((entry) => ({
      cveID: entry.cve,
      vendorProject: "test",
      product: "test",
      vulnerabilityName: "test entry (not in the real catalogue)",
      dateAdded: "2026-11-01",
      shortDescription: "test entry",
      requiredAction: "Apply mitigations per vendor instructions.",
      dueDate: "2026-11-22",
      knownRansomwareCampaignUse: entry.ransomware ? "Known" : "Unknown",
      notes: "",
    })),
  };
}

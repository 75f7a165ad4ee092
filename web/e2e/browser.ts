import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type APIRequestContext,
  type Browser,
  type ConsoleMessage,
  chromium,
  type Page,
} from "playwright-core";

/**
 * The end-to-end harness: the built server (dist/) on a fresh PGlite data directory and a free port, and
 * Debian's Chromium driven by playwright-core. Screenshots go to artifacts/screenshots/ (gitignored).
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
export const screenshotDir = join(root, "artifacts", "screenshots");

export interface RunningMamori {
  url: string;
  stop(): Promise<void>;
}

/**
 * `mamori serve --data <tmp> --port 0`, resolved once it prints the URL it listens on. `demo` loads the demo
 * site (examples/demo-site.yaml) into the fresh database, as `--demo` does.
 */
export async function startMamori(options: { demo?: boolean } = {}): Promise<RunningMamori> {
  const cli = join(root, "dist", "cli", "main.js");
  if (!existsSync(cli) || !existsSync(join(root, "dist", "web", "index.html")))
    throw new Error("dist/ is not built: run `npm run build` (npm run test:e2e does)");
  const dataDir = mkdtempSync(join(tmpdir(), "mamori-e2e-"));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      cli,
      "serve",
      "--data",
      dataDir,
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      ...(options.demo ? ["--demo"] : []),
    ],
    {
      env: { ...process.env, MAMORI_LOG_LEVEL: "warn", MAMORI_LANG: "en" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mamori serve did not start:\n${output}`)), 60_000);
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on("data", seen);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`mamori serve exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.MAMORI_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Every console error or warning and every uncaught page error, so a test can assert there are none. */
export function collectConsoleProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() === "error" || message.type() === "warning")
      problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The passphrase every e2e user is made with (a test secret, never a real one). */
export const testPassword = "correct horse battery staple";

/** Signs `username` in on a browser context's (or its request context's) cookie jar; the CSRF token. */
export async function login(
  on: { post: APIRequestContext["post"] },
  serverUrl: string,
  username: string,
): Promise<string> {
  const response = await on.post(`${serverUrl}/api/auth/login`, {
    data: { username, password: testPassword },
  });
  if (response.status() !== 200)
    throw new Error(`login of ${username}: ${response.status()} ${await response.text()}`);
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

/**
 * Asserts that the page logged no console error or warning since the last check, except Chromium's own
 * lines for answers a test provokes on purpose (those `provoked` matches), then forgets them.
 */
export function expectClean(list: string[], provoked?: RegExp) {
  const unexpected = list.filter((p) => !provoked?.test(p));
  list.length = 0;
  if (unexpected.length) throw new Error(`console problems:\n${unexpected.join("\n")}`);
}

/** First run through the API: creates the administrator 管理者 太郎 and signs in; the CSRF token. */
export async function setUpAdmin(
  on: { post: APIRequestContext["post"] },
  serverUrl: string,
): Promise<string> {
  const setup = await on.post(`${serverUrl}/api/setup`, {
    data: { username: "admin", displayName: "管理者 太郎", password: testPassword },
  });
  if (setup.status() !== 201) throw new Error(`setup: ${setup.status()} ${await setup.text()}`);
  return login(on, serverUrl, "admin");
}

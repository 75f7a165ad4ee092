import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  collectConsoleProblems,
  launchBrowser,
  type RunningMamori,
  screenshot,
  startMamori,
} from "./browser";

let server: RunningMamori;
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  server = await startMamori();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "ja-JP" });
  page = await context.newPage();
  problems = collectConsoleProblems(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("first-run setup, sign-out, sign-in, language switch", async () => {
  await page.goto(server.url);
  await page.getByRole("heading", { name: "初期設定" }).waitFor();
  expect(await page.getAttribute("html", "lang")).toBe("ja");
  await screenshot(page, "01-setup");

  await page.getByLabel("ユーザー名").fill("admin");
  await page.getByLabel("表示名").fill("管理者 太郎");
  await page.getByLabel("パスワード", { exact: true }).fill("correct horse battery staple");
  await page.getByLabel("パスワード（確認）").fill("correct horse battery staple");
  await page.getByRole("button", { name: "管理者を作成" }).click();
  await page.getByRole("heading", { name: "サイト一覧" }).waitFor();
  await screenshot(page, "02-sites");

  // An administration page, reached by URL (a fresh database has no site yet).
  await page.goto(`${server.url}/admin/users`);
  await page.getByRole("heading", { name: "ユーザー", exact: true, level: 1 }).waitFor();
  await screenshot(page, "03-users");

  await page.locator(".user-menu > summary").click();
  await page.getByRole("button", { name: "ログアウト" }).click();
  await page.getByRole("heading", { name: "ログイン" }).waitFor();
  await screenshot(page, "04-login");

  await page.getByLabel("ユーザー名").fill("admin");
  await page.getByLabel("パスワード").fill("correct horse battery staple");
  await page.getByRole("button", { name: "ログイン" }).click();
  await page.getByRole("heading", { name: "サイト一覧" }).waitFor();

  await page.getByRole("button", { name: "EN" }).click();
  await page.getByRole("heading", { name: "Sites" }).waitFor();
  expect(await page.getAttribute("html", "lang")).toBe("en");
  expect(await page.evaluate(() => localStorage.getItem("mamori.lang"))).toBe("en");
  await screenshot(page, "05-sites-en");

  await page.reload();
  await page.getByRole("heading", { name: "Sites" }).waitFor();
  await page.getByRole("button", { name: "日本語" }).click();
  await page.getByRole("heading", { name: "サイト一覧" }).waitFor();
  expect(await page.getAttribute("html", "lang")).toBe("ja");

  expect(problems).toEqual([]);
});

test("a user who is not an administrator reaches their own API tokens, not the accounts", async () => {
  const created = await page.evaluate(async () => {
    const me = await (await fetch("/api/auth/me")).json();
    const response = await fetch("/api/users", {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken },
      body: JSON.stringify({ username: "kojima", displayName: "小島", password: "another long passphrase" }),
    });
    return response.status;
  });
  expect(created).toBe(201);
  await page.locator(".user-menu > summary").click();
  await page.getByRole("button", { name: "ログアウト" }).click();
  await page.getByLabel("ユーザー名").fill("kojima");
  await page.getByLabel("パスワード").fill("another long passphrase");
  await page.getByRole("button", { name: "ログイン" }).click();
  await page.getByRole("heading", { name: "サイト一覧" }).waitFor();
  await page.goto(`${server.url}/admin/users`);
  await page.getByRole("heading", { name: "自分の API トークン" }).waitFor();
  expect(await page.locator("table").count()).toBe(0);
  await screenshot(page, "06-own-tokens");
  expect(problems).toEqual([]);
});

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { APIRequestContext, Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  collectConsoleProblems,
  launchBrowser,
  login,
  testPassword as password,
  type RunningMamori,
  screenshot,
  startMamori,
} from "./browser";

/**
 * The results pages: the zone/conduit diagram with an attack path, the risk register (acceptance by
 * management, refusal for an editor), the analysis in both languages, and the diagram's speed on the
 * demo site and on a generated 1,000-asset site (measured and printed, not asserted).
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const demoSite = "site.hamamatsu-2";

let server: RunningMamori;
let browser: Browser;
let admin: APIRequestContext;
let adminCsrf = "";
const contexts: BrowserContext[] = [];
const consoles = new WeakMap<Page, string[]>();
let bigSite = "";

async function importSite(text: string): Promise<string> {
  const response = await admin.post(`${server.url}/api/sites`, {
    headers: { "content-type": "application/yaml", "x-csrf-token": adminCsrf },
    data: text,
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function waitFresh(site: string): Promise<void> {
  for (let i = 0; i < 240; i += 1) {
    const response = await admin.get(`${server.url}/api/sites/${site}/analysis?lang=ja`);
    const state = (await response.json()) as { fresh: boolean; report: unknown };
    if (state.fresh && state.report) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`analysis of ${site} did not finish`);
}

async function addUser(username: string, role: string): Promise<string> {
  const created = await admin.post(`${server.url}/api/users`, {
    headers: { "x-csrf-token": adminCsrf },
    data: { username, displayName: username, password },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = ((await created.json()) as { id: string }).id;
  await setRole(id, role);
  return id;
}

async function setRole(user: string, role: string): Promise<void> {
  const response = await admin.put(`${server.url}/api/sites/${demoSite}/members/${user}`, {
    headers: { "x-csrf-token": adminCsrf },
    data: { role },
  });
  expect(response.status(), await response.text()).toBe(204);
}

/** A signed-in page at 1366×768 in Japanese, its console watched. */
async function pageFor(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "ja-JP" });
  contexts.push(context);
  await login(context.request, server.url, username);
  const page = await context.newPage();
  consoles.set(page, collectConsoleProblems(page));
  return page;
}

function consoleOf(page: Page): string[] {
  return consoles.get(page) ?? [];
}

beforeAll(async () => {
  server = await startMamori();
  browser = await launchBrowser();
  const context = await browser.newContext();
  contexts.push(context);
  admin = context.request;
  const setup = await admin.post(`${server.url}/api/setup`, { data: { username: "admin", password } });
  expect(setup.status()).toBe(201);
  adminCsrf = await login(admin, server.url, "admin");
  await importSite(readFileSync(join(root, "examples", "demo-site.yaml"), "utf8"));
  const generated = execFileSync(
    process.execPath,
    [join(root, "dist", "cli", "main.js"), "generate", "--assets", "1000", "--seed", "1", "--format", "json"],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  bigSite = await importSite(generated);
  await waitFresh(demoSite);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

test("the demo diagram renders, and an attack path opens hop by hop with its cut", async () => {
  const page = await pageFor("admin");
  await page.goto(`${server.url}/sites/${demoSite}/diagram`);
  await page.locator("svg.diagram-canvas[data-rendered]").waitFor({ timeout: 30_000 });
  const timing = await page.evaluate(() => window.__mamoriDiagram);
  console.log(
    `[measure] demo diagram (${timing?.nodes} zones+externals): first layout+paint ${timing?.renderMs.toFixed(0)} ms after mount (ELK ${timing?.layoutMs.toFixed(0)} ms)`,
  );
  await page.getByRole("heading", { name: "構成図" }).waitFor();
  await screenshot(page, "results-01-diagram");

  // Select a zone and see its details with a link to the workspace.
  await page.getByRole("button", { name: "全体表示" }).click();
  await page.locator('[data-kind="zone"][data-id="zone.mes"] > .frame').click({ position: { x: 4, y: 4 } });
  await page.locator("#details-heading").waitFor();
  expect(await page.getByRole("link", { name: "ワークスペースで編集" }).getAttribute("href")).toBe(
    `/sites/${demoSite}/step/1-6`,
  );

  // Attack paths to a critical asset: the k easiest, hop by hop, with the recommended cut.
  const target = page.getByLabel("攻撃経路の対象");
  const option = await target.locator("option").nth(1).getAttribute("value");
  const assetOption = await target.locator('option[value^="asset:"]').first().getAttribute("value");
  expect(option).toBeTruthy();
  await target.selectOption(assetOption ?? "");
  await page.getByRole("heading", { name: "攻撃経路" }).waitFor();
  expect(await page.locator(".conduit.on-path").count()).toBeGreaterThan(0);
  expect(await page.locator(".dg .hop").count()).toBeGreaterThan(0);
  await page.getByRole("button", { name: /^経路 1/ }).click();
  expect(await page.getByRole("button", { name: /^経路 1/ }).getAttribute("aria-pressed")).toBe("true");
  await page.getByText("推奨する遮断（経路を断つ変更）").waitFor();
  // Hop by hop: each hop of the path selects its conduit.
  await page.locator(".path-list .hops button").first().click();
  await page.locator(".conduit.on-path.selected").waitFor();
  // Each hop says why it costs what it does: the reasons the report states once for that crossing.
  const hopWhy = page.locator(".path-list .hops li details.why").first();
  await hopWhy.locator("summary").click();
  expect(await hopWhy.locator(".why-list li").first().textContent()).toMatch(/\+\d/);
  await screenshot(page, "results-02-attack-path");

  // Keyboard: the conduit of the first hop is focusable and selectable with Enter.
  const firstHop = page.locator(".conduit.on-path").first();
  await firstHop.focus();
  await page.keyboard.press("Enter");
  await page.getByText("接続元").waitFor();

  // Export as SVG.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "SVG で保存" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${demoSite}-diagram.svg`);
  const [png] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "PNG で保存" }).click(),
  ]);
  expect(png.suggestedFilename()).toBe(`${demoSite}-diagram.png`);

  // Moving a zone with the keyboard saves the layout (If-Match "0" the first time).
  await page.locator('[data-kind="zone"][data-id="zone.dmz"]').focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  await expect
    .poll(async () => {
      const layout = (await (await admin.get(`${server.url}/api/sites/${demoSite}/layout`)).json()) as {
        data: { positions: Record<string, unknown> };
        revision: { version: number };
      };
      return layout.revision.version > 0 && "zone.dmz" in layout.data.positions;
    })
    .toBe(true);
  await screenshot(page, "results-02b-focus");
  expect(consoleOf(page)).toEqual([]);
});

test("a conduit is created from the diagram; the server's 422 problems are shown", async () => {
  const page = await pageFor("admin");
  await page.goto(`${server.url}/sites/${demoSite}/diagram`);
  await page.locator("svg.diagram-canvas[data-rendered]").waitFor({ timeout: 30_000 });
  // Drag from one zone to another in connect mode.
  await page.getByRole("button", { name: "全体表示" }).click();
  await page.getByRole("button", { name: "ドラッグで接続を作成" }).click();
  const from = await page.locator('[data-kind="zone"][data-id="zone.mes"] > .frame').boundingBox();
  const to = await page.locator('[data-kind="zone"][data-id="zone.enterprise"] > .frame').boundingBox();
  if (!from || !to) throw new Error("zones not drawn");
  await page.mouse.move(from.x + 20, from.y + 20);
  await page.mouse.down();
  await page.mouse.move(to.x + 30, to.y + 25, { steps: 8 });
  await page.mouse.up();
  const form = page.locator(".connect-form");
  await form.waitFor();
  // An id the whole-site validation refuses (a zone has it): the server's 422 problems are shown.
  await form.getByLabel("ID").fill("zone.dmz");
  await form.getByRole("button", { name: "作成" }).click();
  await form.getByRole("alert").getByText("モデルとして矛盾があります").waitFor();
  await form
    .getByRole("alert")
    .getByText(/zone\.dmz.*重複/)
    .waitFor();
  await screenshot(page, "results-03-conduit-refused");
  await form.getByLabel("ID").fill("c.e2e-mes-ent");
  await form.getByRole("button", { name: "作成" }).click();
  await page.locator('[data-kind="conduit"][data-id="c.e2e-mes-ent"]').waitFor();
  const created = await admin.get(`${server.url}/api/sites/${demoSite}/conduits/c.e2e-mes-ent`);
  expect(created.status()).toBe(200);
  // Chromium logs the refused request (422) as a failed resource; only the app's own messages count.
  expect(consoleOf(page).filter((p) => !p.includes("Failed to load resource"))).toEqual([]);
});

test("management accepts a risk; an editor is refused", async () => {
  await addUser("keiei", "management");
  const manager = await pageFor("keiei");
  await manager.goto(`${server.url}/sites/${demoSite}/analysis?tab=register`);
  await manager.getByRole("tab", { name: "リスク台帳" }).waitFor();
  const row = manager.locator(".risk-table tbody tr").first();
  const riskId = (await row.locator(".mono").first().textContent()) ?? "";
  await row.getByRole("button", { name: "対応を記録" }).click();
  const form = manager.locator(".treatment-form");
  await form.getByLabel("受容").check();
  await form.getByLabel("理由").fill("対策の導入まで経営判断として受容する");
  await screenshot(manager, "results-04-treatment-form");
  await form.getByRole("button", { name: "記録する" }).click();
  await form.waitFor({ state: "detached" });
  // The re-analysis shows the decision with who approved it.
  const treated = manager.locator(".risk-table tbody tr", { hasText: riskId }).first();
  await treated.getByText("承認: keiei").waitFor({ timeout: 60_000 });
  await screenshot(manager, "results-05-register");
  expect(consoleOf(manager)).toEqual([]);

  // A site editor: no treatment form at all, and the server refuses acceptance.
  const editorId = await addUser("henshu", "editor");
  const editor = await pageFor("henshu");
  await editor.goto(`${server.url}/sites/${demoSite}/analysis?tab=register`);
  await editor.locator(".risk-table").waitFor();
  expect(await editor.getByRole("button", { name: "対応を記録" }).count()).toBe(0);
  const csrf = await login(editor.context().request, server.url, "henshu");
  const refused = await editor.context().request.post(`${server.url}/api/sites/${demoSite}/treatments`, {
    headers: { "x-csrf-token": csrf },
    data: { risk: riskId, decision: "accept", reason: "x", decidedOn: "2026-01-01" },
  });
  expect(refused.status()).toBe(403);
  expect(editorId).toBeTruthy();

  // Someone whose approval right is taken away while the form is open sees the server's refusal.
  const demoted = await pageFor("keiei");
  await demoted.goto(`${server.url}/sites/${demoSite}/analysis?tab=register`);
  const second = demoted.locator(".risk-table tbody tr").nth(2);
  await second.getByRole("button", { name: "対応を記録" }).click();
  await setRole(
    (await (await admin.get(`${server.url}/api/users`)).json()).items.find(
      (u: { username: string }) => u.username === "keiei",
    ).id,
    "security-lead",
  );
  const demotedForm = demoted.locator(".treatment-form");
  await demotedForm.getByLabel("受容").check();
  await demotedForm.getByLabel("理由").fill("受容したい");
  await demotedForm.getByRole("button", { name: "記録する" }).click();
  await demotedForm.getByRole("alert").waitFor();
  await screenshot(demoted, "results-06-refused");
  expect(consoleOf(demoted).filter((p) => !p.includes("Failed to load resource"))).toEqual([]);
});

test("the analysis page in Japanese and English", async () => {
  const page = await pageFor("admin");
  await page.goto(`${server.url}/sites/${demoSite}/analysis`);
  await page.getByRole("heading", { name: "分析", level: 1 }).waitFor();
  await page.getByRole("table", { name: /リスクマップ/ }).waitFor();
  await page.locator(".heatmap button:not([disabled])").first().click();
  await page.locator("#cell-heading").waitFor();
  await screenshot(page, "results-07-heatmap");
  for (const [tab, name] of [
    ["対策の不足", "gaps"],
    ["攻撃経路", "paths"],
    ["指摘事項", "findings"],
  ] as const) {
    await page.getByRole("tab", { name: tab }).click();
    await page.locator(`#panel-${name}`).waitFor();
    await screenshot(page, `results-08-${name}`);
  }
  // Keyboard between tabs.
  await page.getByRole("tab", { name: "指摘事項" }).focus();
  await page.keyboard.press("ArrowRight");
  await page.locator('#tab-register[aria-selected="true"]').waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("tab-register");

  await page.getByRole("button", { name: "EN" }).click();
  await page.getByRole("heading", { name: "Analysis", level: 1 }).waitFor();
  await page.getByRole("tab", { name: "Risk register" }).waitFor();
  await page.getByRole("tab", { name: "Findings" }).click();
  // The report itself is fetched again in English.
  await page.locator(".finding-head").first().waitFor();
  expect(await page.locator(".finding").first().getByText("Fix:").count()).toBe(1);
  expect(await page.getAttribute("html", "lang")).toBe("en");
  await screenshot(page, "results-09-findings-en");
  await page.getByRole("button", { name: "日本語" }).click();
  await page.getByRole("heading", { name: "分析", level: 1 }).waitFor();
  expect(consoleOf(page)).toEqual([]);
});

test("a 1,000-asset site stays responsive (measured)", async () => {
  await waitFresh(bigSite);
  const page = await pageFor("admin");
  await page.goto(`${server.url}/sites/${bigSite}/diagram`);
  await page.locator("svg.diagram-canvas[data-rendered]").waitFor({ timeout: 60_000 });
  const timing = await page.evaluate(() => window.__mamoriDiagram);
  const collapsedZones = await page.locator('.toggle[aria-expanded="false"]').count();
  console.log(
    `[measure] 1,000-asset diagram: first layout+paint ${timing?.renderMs.toFixed(0)} ms (ELK ${timing?.layoutMs.toFixed(0)} ms), ${collapsedZones} zones collapsed by default`,
  );
  expect(collapsedZones).toBeGreaterThan(0);

  const measure = async (label: string) => {
    const svg = await page.locator("svg.diagram-canvas").boundingBox();
    if (!svg) throw new Error("no canvas");
    // Pan: 20 pointer moves on the background, timed in the page (each move is one frame's work).
    const panMs = await page.evaluate(async () => {
      const canvas = document.querySelector("svg.diagram-canvas") as SVGSVGElement;
      const rect = canvas.getBoundingClientRect();
      const at = (x: number, y: number, type: string) =>
        canvas.dispatchEvent(
          new PointerEvent(type, {
            bubbles: true,
            clientX: x,
            clientY: y,
            pointerId: 1,
            button: 0,
            isPrimary: true,
          }),
        );
      const x0 = rect.left + 5;
      const y0 = rect.top + 5;
      const start = performance.now();
      at(x0, y0, "pointerdown");
      for (let i = 1; i <= 20; i += 1) {
        at(x0 + i * 5, y0 + i * 3, "pointermove");
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      at(x0 + 100, y0 + 60, "pointerup");
      return (performance.now() - start) / 20;
    });
    // Select: click → details painted.
    const zone = page.locator('[data-kind="zone"]').nth(3);
    await zone.scrollIntoViewIfNeeded();
    const selectMs = await page.evaluate(async () => {
      const node = document.querySelectorAll('[data-kind="zone"]')[3] as SVGGElement;
      const start = performance.now();
      node.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      if (!document.querySelector("#details-heading")) throw new Error("no details");
      return performance.now() - start;
    });
    console.log(
      `[measure] 1,000-asset diagram ${label}: pan ${panMs.toFixed(1)} ms/frame, select→details ${selectMs.toFixed(0)} ms`,
    );
  };
  await measure("(zones collapsed)");
  await screenshot(page, "results-10-big-collapsed");
  const expandStart = Date.now();
  await page.getByRole("button", { name: "すべて展開" }).click();
  await page.locator('[data-kind="asset"]').nth(999).waitFor({ state: "attached", timeout: 60_000 });
  console.log(
    `[measure] 1,000-asset diagram: expand all (ELK + 1,000 assets drawn) ${Date.now() - expandStart} ms`,
  );
  await measure("(all 1,000 assets drawn)");
  await screenshot(page, "results-11-big-expanded");
  expect(consoleOf(page)).toEqual([]);
});

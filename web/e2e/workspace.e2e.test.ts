import { strToU8, zipSync } from "fflate";
import type { APIRequestContext, Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  collectConsoleProblems,
  expectClean,
  launchBrowser,
  login,
  testPassword as password,
  type RunningMamori,
  screenshot,
  setUpAdmin,
  startMamori,
} from "./browser";

/**
 * The site workspace on the demo site: editing through the forms (and the analysis answering), the asset
 * sheet import with a located problem fixed in place, and an optimistic-concurrency conflict between two
 * users. Screenshots of every workspace page go to artifacts/screenshots/.
 */
const site = "site.hamamatsu-2";

let server: RunningMamori;
let browser: Browser;
let admin: BrowserContext;
let page: Page;
let problems: string[];
let csrf: string;

async function analysis(request: APIRequestContext) {
  type State = { fresh: boolean; report: { findings: { id: string; subject: { id: string } }[] } | null };
  try {
    return (await (
      await request.get(`${server.url}/api/sites/${site}/analysis?parts=findings`)
    ).json()) as State;
  } catch {
    // A kept-alive connection the server closed meanwhile: ask again on a new one.
    return { fresh: false, report: null } satisfies State;
  }
}

async function freshAnalysis(request: APIRequestContext) {
  for (let attempt = 0; attempt < 120; attempt++) {
    const state = await analysis(request);
    if (state.fresh && state.report) return state.report;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the analysis did not become fresh");
}

/**
 * The smallest .xlsx Excel opens: one sheet of inline strings (fflate, which read-excel-file itself uses,
 * zips it), so the xlsx path is tested without a spreadsheet writer among the dependencies.
 */
function xlsx(rows: string[][]): Buffer {
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
  const main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const rels = "http://schemas.openxmlformats.org/package/2006/relationships";
  const office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const cell = (value: string, r: number, c: number) =>
    `<c r="${String.fromCharCode(65 + c)}${r + 1}" t="inlineStr"><is><t>${value.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</t></is></c>`;
  const sheet = rows.map((row, r) => `<row r="${r + 1}">${row.map((v, c) => cell(v, r, c)).join("")}</row>`);
  const parts: Record<string, string> = {
    "[Content_Types].xml": `${xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    "_rels/.rels": `${xml}<Relationships xmlns="${rels}"><Relationship Id="rId1" Type="${office}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml": `${xml}<workbook xmlns="${main}" xmlns:r="${office}"><sheets><sheet name="台帳" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    "xl/_rels/workbook.xml.rels": `${xml}<Relationships xmlns="${rels}"><Relationship Id="rId1" Type="${office}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    "xl/worksheets/sheet1.xml": `${xml}<worksheet xmlns="${main}"><sheetData>${sheet.join("")}</sheetData></worksheet>`,
  };
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, strToU8(v)]))));
}

function form(p: Page) {
  return p.locator("form.entity-form");
}

beforeAll(async () => {
  server = await startMamori({ demo: true });
  browser = await launchBrowser();
  admin = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "ja-JP" });
  csrf = await setUpAdmin(admin.request, server.url);
  page = await admin.newPage();
  problems = collectConsoleProblems(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("every workspace page opens and says what its step is for", async () => {
  const pages: [string, string][] = [
    ["", "overview"],
    ["/step/1-1", "step-1-1"],
    ["/step/1-2", "step-1-2"],
    ["/step/1-3", "step-1-3"],
    ["/step/1-4", "step-1-4"],
    ["/step/1-5", "step-1-5"],
    ["/step/1-6", "step-1-6"],
    ["/step/1-7", "step-1-7"],
    ["/step/2-1", "step-2-1"],
    ["/step/2-2", "step-2-2"],
  ];
  for (const [path, name] of pages) {
    await page.goto(`${server.url}/sites/${site}${path}`);
    await page.locator("#page-title").waitFor();
    if (path) {
      await page.getByText("守りの要約").first().waitFor();
      await page.locator(".progress-bar").first().waitFor();
    } else {
      await page.locator(".step-card").first().waitFor();
    }
    await screenshot(page, `workspace-${name}`);
  }
  await page.goto(`${server.url}/admin/users`);
  await page.getByRole("heading", { name: "自分の API トークン" }).waitFor();
  await page.getByRole("heading", { name: "サイトのメンバーと役割" }).waitFor();
  await page.locator("table tbody tr").first().waitFor();
  await screenshot(page, "workspace-admin-users");
  await page.goto(`${server.url}/admin/audit`);
  await page.locator("table.audit").waitFor();
  await screenshot(page, "workspace-admin-audit");
  expectClean(problems);
});

test("a zone, an asset and a conduit made in the forms raise a new finding", async () => {
  const before = new Set((await freshAnalysis(admin.request)).findings.map((f) => f.id));

  await page.goto(`${server.url}/sites/${site}/step/1-4`);
  await page.getByRole("button", { name: "資産を追加" }).click();
  await form(page).locator('[id$="-id"]').fill("plc-e2e-01");
  await form(page).locator('[id$="-name-ja"]').fill("E2E 試験用 PLC");
  // Without a type the core's validator stops it in the browser, the message beside the field.
  await form(page).getByRole("button", { name: "作成" }).click();
  await form(page).locator('select[id$="-type"][aria-invalid="true"]').waitFor();
  expect(await form(page).locator(".field-error").count()).toBe(1);
  await screenshot(page, "workspace-inline-validation");
  await form(page).locator('select[id$="-type"]').selectOption("plc");
  await form(page).locator('select[id$="-type"]:not([aria-invalid])').waitFor();
  await form(page).getByRole("button", { name: "作成" }).click();
  await form(page).getByRole("heading", { name: "資産: E2E 試験用 PLC" }).waitFor();

  await page.goto(`${server.url}/sites/${site}/step/1-6`);
  await page.getByRole("button", { name: "ゾーンを追加" }).click();
  await form(page).locator('[id$="-id"]').fill("zone.e2e");
  await form(page).locator('[id$="-name-ja"]').fill("E2E 試験ゾーン");
  await form(page).locator('select[id$="-type"]').selectOption("control");
  await form(page).locator('[id$="-assets"]').fill("plc-e2e-01");
  await form(page).getByRole("button", { name: "作成" }).click();
  await form(page).getByRole("heading", { name: "ゾーン: E2E 試験ゾーン" }).waitFor();
  await form(page).getByRole("button", { name: "閉じる" }).click();

  await page.getByRole("button", { name: "コンジット（接続）を追加" }).click();
  await form(page).locator('[id$="-id"]').fill("cd.e2e");
  await form(page).locator('[id$="-name-ja"]').fill("E2E 試験ゾーン ⇔ インターネット");
  await form(page).locator('[id$="-from"]').fill("zone.e2e");
  await form(page).locator('[id$="-to"]').fill("ext.internet");
  await form(page).locator('select[id$="-direction"]').selectOption("bidirectional");
  await form(page).getByRole("button", { name: "作成" }).click();
  await form(page)
    .getByRole("heading", { name: /^コンジット（接続）: / })
    .waitFor();

  const after = await freshAnalysis(admin.request);
  const added = after.findings.filter((f) => !before.has(f.id));
  expect(added.length).toBeGreaterThan(0);
  const subject = added.find((f) => f.subject.id === "cd.e2e" || f.subject.id === "zone.e2e")?.subject.id;
  expect(subject).toBeDefined();
  await page
    .locator(".step-findings")
    .getByText(subject ?? "", { exact: true })
    .first()
    .waitFor({ timeout: 60_000 });
  await screenshot(page, "workspace-new-finding");
  expectClean(problems);
});

test("a refused delete lists its referrers; a drafted policy is adopted; a missing countermeasure is planned", async () => {
  await page.goto(`${server.url}/sites/${site}/step/1-4?open=assets:plc-e2e-01`);
  await form(page).getByRole("heading", { name: "資産: E2E 試験用 PLC" }).waitFor();
  await form(page).getByRole("button", { name: "削除…" }).click();
  await form(page).getByRole("button", { name: "削除を確定" }).click();
  await form(page).getByText("他の項目から参照されているため削除できません", { exact: false }).waitFor();
  expect(await form(page).locator("code", { hasText: "/zones/" }).count()).toBeGreaterThan(0);
  await form(page)
    .getByRole("link", { name: /E2E 試験ゾーン/ })
    .waitFor();
  await screenshot(page, "workspace-referrers");

  await page.goto(`${server.url}/sites/${site}/step/2-1`);
  const first = page.locator(".policies > li").first();
  await first.waitFor({ timeout: 60_000 });
  const zone = (await first.locator("code").first().textContent()) ?? "";
  await first.getByRole("button", { name: "この案を採用" }).click();
  await expect
    .poll(async () => {
      const response = await admin.request.get(`${server.url}/api/sites/${site}/zones/${zone}`);
      return ((await response.json()) as { data: { policy?: unknown } }).data.policy !== undefined;
    })
    .toBe(true);

  // A countermeasure a zone lacks, planned from the list of gaps with the form filled in.
  await page.goto(`${server.url}/sites/${site}/step/2-2`);
  const gap = page.locator(".gap-zone").first();
  await gap.locator("summary").click();
  await gap.getByRole("link", { name: "対策として計画する" }).first().click();
  const catalogue = await form(page).locator('[id$="-catalogue"]').inputValue();
  expect(catalogue).toMatch(/^cm\./);
  await form(page).getByRole("button", { name: "作成" }).click();
  await form(page)
    .getByRole("heading", { name: `対策: ${catalogue}` })
    .waitFor();
  await screenshot(page, "workspace-planned-countermeasure");
  expectClean(problems, /status of 409/);
});

test("an asset sheet with an error: the problem is located by row and column, fixed, imported", async () => {
  await page.goto(`${server.url}/sites/${site}/step/1-4`);
  await page.getByRole("button", { name: "台帳を取り込む（CSV / Excel）" }).click();
  const csv = [
    "ID,機器名,種別,型式,ファームウェア,ゾーン,数量",
    "plc-imp-01,取込PLC 1,plc,CJ2M-CPU33,2.1,zone.ctrl-press,2",
    "plc-imp-02,取込PLC 2,plc,CJ2M-CPU33,2.1,zone.ctrl-press,二台",
  ].join("\r\n");
  await page
    .locator('.asset-import input[type="file"]')
    .setInputFiles({ name: "台帳.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  // The columns are guessed from the Japanese headers.
  await expect.poll(() => page.getByLabel("「型式」の対応先").inputValue()).toBe("model");
  expect(await page.getByLabel("「ファームウェア」の対応先").inputValue()).toBe("firmwareVersion");
  expect(await page.getByLabel("「ゾーン」の対応先").inputValue()).toBe("zone");
  expect(await page.getByLabel("「機器名」の対応先").inputValue()).toBe("name_ja");
  await screenshot(page, "workspace-import-mapping");
  await page.getByRole("button", { name: "内容を確認（まだ取り込みません）" }).click();

  const problemRow = page.locator("table.import-problems tbody tr").first();
  await problemRow.waitFor();
  expect(await problemRow.locator("td").nth(0).textContent()).toBe("2");
  expect(await problemRow.locator("td").nth(1).textContent()).toBe("quantity");
  await screenshot(page, "workspace-import-problem");

  await page.getByLabel("2 行目の quantity を修正").fill("2");
  await page.getByRole("button", { name: "もう一度確認" }).click();
  await page.getByRole("button", { name: "2 行を取り込む" }).click();
  // Two new assets; the zone they join is updated too.
  await page.getByText(/^取り込みました（新規 2 件、/).waitFor();
  await screenshot(page, "workspace-imported");

  const response = await admin.request.get(`${server.url}/api/sites/${site}/assets/plc-imp-02`);
  expect(((await response.json()) as { data: { quantity: number } }).data.quantity).toBe(2);
  expectClean(problems);
});

test("an Excel inventory is read, its columns guessed in English too, and imported", async () => {
  await page.goto(`${server.url}/sites/${site}/step/1-4`);
  await page.getByRole("button", { name: "台帳を取り込む（CSV / Excel）" }).click();
  const file = xlsx([
    ["Asset ID", "Name", "Type", "Model", "Firmware", "Zone"],
    ["hmi-xlsx-01", "Excel から取り込んだ HMI", "hmi", "GP4000", "1.2", "zone.ctrl-press"],
  ]);
  await page.locator('.asset-import input[type="file"]').setInputFiles({
    name: "inventory.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: file,
  });
  await expect.poll(() => page.getByLabel("「Asset ID」の対応先").inputValue()).toBe("id");
  expect(await page.getByLabel("「Firmware」の対応先").inputValue()).toBe("firmwareVersion");
  await page.getByRole("button", { name: "内容を確認（まだ取り込みません）" }).click();
  await page.getByRole("button", { name: "1 行を取り込む" }).click();
  await page.getByText(/^取り込みました（新規 1 件、/).waitFor();
  const response = await admin.request.get(`${server.url}/api/sites/${site}/assets/hmi-xlsx-01`);
  expect(((await response.json()) as { data: { model: string } }).data.model).toBe("GP4000");
  expectClean(problems);
});

test("an editor is told when someone else changed the same asset, and may overwrite", async () => {
  const created = await admin.request.post(`${server.url}/api/users`, {
    headers: { "X-CSRF-Token": csrf },
    data: { username: "editor", displayName: "編集 花子", password },
  });
  expect(created.status()).toBe(201);
  const user = (await created.json()) as { id: string };
  const member = await admin.request.put(`${server.url}/api/sites/${site}/members/${user.id}`, {
    headers: { "X-CSRF-Token": csrf },
    data: { role: "editor" },
  });
  expect(member.status()).toBe(204);

  const editor = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "ja-JP" });
  await login(editor.request, server.url, "editor");
  const editorPage = await editor.newPage();
  const editorProblems = collectConsoleProblems(editorPage);
  await editorPage.goto(`${server.url}/sites/${site}/step/1-4?open=assets:fw-ent-01`);
  await form(editorPage)
    .getByRole("heading", { name: /^資産: / })
    .waitFor();

  // Meanwhile the administrator changes the same asset.
  const current = await admin.request.get(`${server.url}/api/sites/${site}/assets/fw-ent-01`);
  const record = (await current.json()) as { data: Record<string, unknown>; revision: { version: number } };
  const changed = await admin.request.put(`${server.url}/api/sites/${site}/assets/fw-ent-01`, {
    headers: { "X-CSRF-Token": csrf, "If-Match": `"${record.revision.version}"` },
    data: { ...record.data, firmwareVersion: "7.2.9" },
  });
  expect(changed.status()).toBe(200);

  await form(editorPage).locator('[id$="-model"]').fill("FortiGate 101F");
  await form(editorPage).getByRole("button", { name: "保存" }).click();
  const conflict = editorPage.locator(".conflict");
  await conflict.waitFor();
  expect(await conflict.textContent()).toContain("admin さんが変更しました");
  await screenshot(editorPage, "workspace-conflict");

  await conflict.getByRole("button", { name: "自分の内容で上書き" }).click();
  await form(editorPage).getByText("保存しました").waitFor();
  const after = await admin.request.get(`${server.url}/api/sites/${site}/assets/fw-ent-01`);
  expect(((await after.json()) as { data: { model: string } }).data.model).toBe("FortiGate 101F");
  expectClean(editorProblems, /status of 409/);
  await editor.close();
});

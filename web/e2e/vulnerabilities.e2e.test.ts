import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { APIRequestContext, Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { sharedDirectory } from "../../src/catalogues/shared-data";
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
 * Vulnerability handling on the demo plant (issue 6, Step 3): a real CISA advisory imported by the
 * administrator matches the plant's Mitsubishi R04CPU PLCs by name, so the matches wait in the inbox; one is
 * confirmed, its case ranked, walked through Observe → Orient → Decide (patch) → Act (a task in a
 * maintenance window) → closed as fixed; the VEX export says so; the notices lead to the case; a viewer sees
 * everything and can do nothing. Screenshots go to artifacts/screenshots/.
 */
const site = "site.hamamatsu-2";
const vulnerability = "CVE-2023-4625";
/** In CISA's CSAF corpus: the one the demo holds (it matches the press line's R04CPU PLCs), and one it lacks. */
const demoAdvisory = "icsa-23-306-02.json";
const newAdvisory = "icsa-23-026-07.json";
function corpusFile(name: string) {
  const path = join(sharedDirectory(), "corpora/cisa-csaf/csaf_files/OT/white/2023", name);
  return { name, mimeType: "application/json", buffer: readFileSync(path) };
}

let server: RunningMamori;
let browser: Browser;
let admin: BrowserContext;
let page: Page;
let problems: string[];
let csrf: string;
let confirmedAsset = "";

/** Matching runs as a job after the import: wait until it has put the uncertain matches in the inbox. */
async function matchesToReview(request: APIRequestContext) {
  type Answer = { items: { asset: string; component: string; advisory: string; product: string }[] };
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      const response = await request.get(`${server.url}/api/sites/${site}/matches?review=true`);
      const answer = (await response.json()) as Answer;
      if (answer.items.length > 0) return answer.items;
    } catch {
      // A kept-alive connection the server closed meanwhile: ask again on a new one.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("matching put nothing in the inbox");
}

/** The stage the stepper marks as current. */
function currentStage(p: Page) {
  return p.locator('.ooda-stepper li[aria-current="step"]');
}

beforeAll(async () => {
  server = await startMamori({ demo: true });
  browser = await launchBrowser();
  admin = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: "ja-JP",
    acceptDownloads: true,
  });
  csrf = await setUpAdmin(admin.request, server.url);
  page = await admin.newPage();
  problems = collectConsoleProblems(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("the administrator imports advisories file by file, each with its outcome or its located problems", async () => {
  await page.goto(`${server.url}/sites/${site}`);
  await page.getByRole("link", { name: "アドバイザリ" }).click();
  await page.getByRole("heading", { name: "アドバイザリ（脆弱性情報）" }).waitFor();
  // The demo holds three real CISA advisories already.
  await page.getByText("3 件中 1〜3 件").waitFor();

  const broken = JSON.stringify({ document: { category: "csaf_security_advisory", csaf_version: "2.0" } });
  await page
    .getByLabel("ファイル", { exact: true })
    .setInputFiles([
      corpusFile(newAdvisory),
      corpusFile(demoAdvisory),
      { name: "broken.json", mimeType: "application/json", buffer: Buffer.from(broken, "utf8") },
    ]);
  await page.getByRole("button", { name: "3 件を取り込む" }).click();
  const results = page.locator("ul.import-results > li");
  await expect.poll(() => results.count()).toBe(3);
  expect(await page.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("3");
  await results.nth(0).getByText("新規に取り込みました（版 1）").waitFor();
  await results.nth(1).getByText("同じ版を取り込み済みです（版 2）").waitFor();
  await results.nth(2).getByText("broken.json: 取り込めませんでした").waitFor();
  expect(await results.nth(2).locator("ul.located li").count()).toBeGreaterThan(0);
  await page.getByText("4 件中 1〜4 件").waitFor();
  await screenshot(page, "vulnerabilities-advisories-imported");
  expectClean(problems, /status of (400|422)/);
});

test("matching puts the uncertain matches in the inbox; confirming one opens its case", async () => {
  const waiting = await matchesToReview(admin.request);
  expect(waiting.some((m) => m.asset.length > 0)).toBe(true);

  await page.goto(`${server.url}/advisories`);
  await page.getByRole("link", { name: "ICSA-23-306-02" }).click();
  await page.getByRole("heading", { name: /MELSEC iQ-F\/iQ-R Series CPU Module/, level: 1 }).waitFor();
  await page.getByRole("heading", { name: /^CVE-2023-4625/ }).waitFor();
  await page.getByRole("link", { name: "受信箱で確認" }).first().waitFor();
  await screenshot(page, "vulnerabilities-advisory");

  await page.goto(`${server.url}/sites/${site}/vulnerabilities`);
  await page.getByRole("heading", { name: "脆弱性対応", level: 1 }).waitFor();
  const rows = page.locator('section[aria-labelledby="inbox-review"] tbody tr');
  await rows.first().waitFor();
  expect(await rows.count()).toBe(waiting.length);
  // The product is named as the advisory names it, and matching's reasons are sentences.
  const first = rows.filter({ hasText: "R04/08/16/32/120(EN)CPU" }).first();
  await first.getByText("名称からの推定").waitFor();
  await first
    .getByText("型式「R04CPU」は、アドバイザリが製品名に挙げる型式「R04CPU」に当たります。")
    .waitFor();
  await screenshot(page, "vulnerabilities-inbox");

  // Confirming one match opens its case, which shows up among the new cases (Observe).
  confirmedAsset = (await first.locator("td").first().locator("code").textContent()) ?? "";
  expect(confirmedAsset).not.toBe("");
  await first.getByRole("textbox").fill("型式と F/W 40 を現物で確認");
  await first.getByRole("button", { name: "該当する" }).click();
  await page.getByText("該当すると確認しました（対応案件を 1 件開きました）。").waitFor();
  expect(await rows.count()).toBe(waiting.length - 1);
  const observe = page.locator('section[aria-labelledby="inbox-observe"]');
  await observe.getByRole("link", { name: new RegExp(`^${vulnerability}`) }).waitFor();
  expectClean(problems);
});

test("the case is ranked with its reasons and walked through Orient, Decide (patch) and Act to closed as fixed", async () => {
  await page.goto(`${server.url}/sites/${site}/vulnerabilities?tab=list`);
  await page.getByRole("heading", { name: "対応一覧（優先度の高い順）" }).waitFor();
  const row = page.locator("table.ranked-table tbody tr", { hasText: confirmedAsset });
  await row.waitFor();
  // The rank says why: the advisory's CVSS at least.
  await row.getByText(/CVSS 5\.3/).waitFor();
  await row.getByText("監視（Observe）").waitFor();
  await screenshot(page, "vulnerabilities-ranked");

  await row.getByRole("link", { name: new RegExp(`^${vulnerability}`) }).click();
  await page.getByRole("heading", { name: new RegExp(`^${vulnerability} — `), level: 1 }).waitFor();
  await expect.poll(() => currentStage(page).textContent()).toContain("監視");
  // The advisory's remediations are shown beside the work.
  await page.getByRole("heading", { name: "対策・修正" }).waitFor();
  await screenshot(page, "vulnerabilities-case-observe");

  await page.getByRole("button", { name: "分析を始める" }).click();
  await expect.poll(() => currentStage(page).textContent()).toContain("分析");

  // Orient: how exploitable, what it would do to production.
  await page.getByRole("radio", { name: "条件がそろえば悪用できる" }).check();
  await page
    .getByRole("textbox", { name: /^操業への影響/ })
    .fill("プレスライン 2 が停止し、復旧まで半日かかる");
  await page.getByRole("button", { name: "記録して決定へ進む" }).click();
  await expect.poll(() => currentStage(page).textContent()).toContain("決定");

  // Decide: accepting the risk is management's; the administrator decides to patch.
  expect(await page.getByRole("radio", { name: "リスク受容" }).isDisabled()).toBe(true);
  await page.getByRole("radio", { name: "パッチ適用" }).check();
  await page
    .getByRole("textbox", { name: /^決定の理由/ })
    .fill("ベンダーの修正版ファームウェアを次の計画停止で適用する");
  await page
    .getByRole("combobox", { name: /^意思決定者/ })
    .selectOption({ label: "セキュリティ担当部署の責任者（セキュリティ統括室）" });
  await page.getByRole("button", { name: "決定を記録" }).click();
  await page.getByText(/^パッチ適用（セキュリティ担当部署の責任者/).waitFor();
  await screenshot(page, "vulnerabilities-case-decide");

  // Act: the owner and a maintenance window, which sets the due date to its day.
  await page.getByRole("combobox", { name: /^担当/ }).selectOption("dept.plant");
  const windowSelect = page.getByRole("combobox", { name: "保守作業枠" });
  const windowOption = windowSelect.locator("option").nth(1);
  const windowText = (await windowOption.textContent()) ?? "";
  expect(windowText).toMatch(/^月例計画停止/);
  await windowSelect.selectOption({ index: 1 });
  const due = await page.getByLabel(/^期日/).inputValue();
  expect(windowText).toContain(`（${due} `);
  await page.getByRole("button", { name: "作業を割り当てて行動へ進む" }).click();
  await expect.poll(() => currentStage(page).textContent()).toContain("行動");
  await page.getByText("保守作業枠: 月例計画停止（第1土曜）").waitFor();
  await screenshot(page, "vulnerabilities-case-act");

  // Closing: patched, so fixed.
  expect(await page.getByRole("combobox", { name: "完了時のステータス" }).inputValue()).toBe("fixed");
  await page.getByRole("button", { name: "完了にする" }).click();
  await expect.poll(() => currentStage(page).textContent()).toContain("完了");
  // The case went through every stage: each is done, none skipped.
  expect(await page.locator(".ooda-stepper li").allTextContents()).toEqual([
    "✓監視（Observe）（済）",
    "✓分析（Orient）（済）",
    "✓決定（Decision）（済）",
    "✓行動（Action）（済）",
    "5完了（現在）",
  ]);
  await page.locator(".case-meta .vex-status", { hasText: "修正済み" }).waitFor();
  await page.getByRole("button", { name: "再開する（分析に戻す）" }).waitFor();
  // Opened, then one event per recorded step: Orient, Decide, the decision, Act, closed.
  expect(await page.locator('section[aria-labelledby="case-history"] tbody tr').count()).toBe(6);
  await screenshot(page, "vulnerabilities-case-closed");
  expectClean(problems);
});

test("the VEX export says the vulnerability is fixed on the asset", async () => {
  await page.goto(`${server.url}/sites/${site}/vulnerabilities?tab=sboms`);
  await page.getByRole("heading", { name: "VEX（脆弱性の影響有無の表明）" }).waitFor();
  const [csaf] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "CSAF VEX をダウンロード" }).click(),
  ]);
  const csafText = readFileSync((await csaf.path()) ?? "", "utf8");
  const csafDocument = JSON.parse(csafText) as {
    vulnerabilities: { cve?: string; product_status?: Record<string, string[]> }[];
  };
  const entry = csafDocument.vulnerabilities.find((v) => v.cve === vulnerability);
  expect(entry?.product_status?.fixed?.length ?? 0).toBeGreaterThan(0);
  expect(csafText).toContain(confirmedAsset);

  const [cyclonedx] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "CycloneDX VEX をダウンロード" }).click(),
  ]);
  const cdx = JSON.parse(readFileSync((await cyclonedx.path()) ?? "", "utf8")) as {
    vulnerabilities: { id: string; analysis?: { state?: string } }[];
  };
  expect(cdx.vulnerabilities.find((v) => v.id === vulnerability)?.analysis?.state).toBe("resolved");
  expectClean(problems);
});

test("someone else moving the same case first is named and the case reloaded; a missing impact is pointed out", async () => {
  const [other] = (await matchesToReview(admin.request)).filter(
    (m) => m.asset !== confirmedAsset && m.product === "CSAFPID-0010",
  );
  expect(other).toBeDefined();
  const asset = other?.asset ?? "";
  const reviewed = await admin.request.post(`${server.url}/api/sites/${site}/matches/review`, {
    headers: { "X-CSRF-Token": csrf },
    data: {
      asset,
      component: other?.component ?? "",
      advisory: other?.advisory ?? "",
      product: other?.product ?? "",
      decision: "confirmed",
      note: "",
    },
  });
  expect(reviewed.status()).toBe(200);
  const casePath = `/sites/${site}/vulnerabilities/${encodeURIComponent(asset)}/${vulnerability}`;
  await page.goto(`${server.url}${casePath}`);
  await page.getByRole("button", { name: "分析を始める" }).waitFor();

  // Meanwhile the same case is moved on through the API (as another security lead would).
  const moved = await admin.request.patch(
    `${server.url}/api/sites/${site}/cases/${encodeURIComponent(asset)}/${vulnerability}`,
    { headers: { "X-CSRF-Token": csrf, "If-Match": '"1"' }, data: { stage: "orient" } },
  );
  expect(moved.status()).toBe(200);

  await page.getByRole("button", { name: "分析を始める" }).click();
  await page.getByRole("alert").filter({ hasText: "admin さんが変更しました" }).waitFor();
  await expect.poll(() => currentStage(page).textContent()).toContain("分析");

  // The server's refusal is shown in the form that caused it, the field marked.
  await page.getByRole("button", { name: "記録して決定へ進む" }).click();
  await page.locator('textarea[aria-invalid="true"]').waitFor();
  await page.locator("form.stage-form .error").waitFor();
  await screenshot(page, "vulnerabilities-case-conflict");
  expectClean(problems, /status of (400|409|422)/);
});

test("an SBOM with a mistake is refused with its problem located, then a good one is listed", async () => {
  await page.goto(`${server.url}/sites/${site}/vulnerabilities?tab=sboms`);
  const form = page.locator("form.upload-form", {
    has: page.getByRole("heading", { name: "SBOM を取り込む" }),
  });
  await form.getByLabel("資産").selectOption(confirmedAsset);
  const good = readFileSync(new URL("../../examples/demo-product.cdx.json", import.meta.url), "utf8");
  const bad = JSON.stringify({ ...(JSON.parse(good) as Record<string, unknown>), bomFormt: "CycloneDX" });
  await form.getByLabel("SBOM ファイル").setInputFiles({
    name: "plc.cdx.json",
    mimeType: "application/json",
    buffer: Buffer.from(bad, "utf8"),
  });
  await form.getByRole("button", { name: "取り込む" }).click();
  await form.getByText("plc.cdx.json は取り込めませんでした").waitFor();
  await form.locator("ul.located code", { hasText: "/bomFormt" }).waitFor();
  await screenshot(page, "vulnerabilities-sbom-problem");

  await form.getByLabel("SBOM ファイル").setInputFiles({
    name: "plc.cdx.json",
    mimeType: "application/json",
    buffer: Buffer.from(good, "utf8"),
  });
  await form.getByRole("button", { name: "取り込む" }).click();
  await page.getByText(/の SBOM を取り込みました（cyclonedx/).waitFor();
  await page.locator("table tbody tr", { hasText: confirmedAsset }).waitFor();
  expectClean(problems, /status of (400|422)/);
});

test("a model SBOM from the advisories page is used by every asset of that model without its own", async () => {
  await page.goto(`${server.url}/advisories`);
  const panel = page.locator('section[aria-labelledby="model-sbom-heading"]');
  await panel.getByRole("heading", { name: "型式 SBOM（製品型式ごとの SBOM）" }).waitFor();
  await panel.getByText("型式 SBOM はまだ取り込まれていません。").waitFor();
  const form = panel.locator("form.upload-form");
  await form.getByLabel("メーカー").fill("mitsubishi electric");
  await form.getByLabel("型式").fill("GT2712-STBA");
  const sbom = readFileSync(new URL("../../examples/demo-product.cdx.json", import.meta.url), "utf8");
  await form.getByLabel("SBOM ファイル").setInputFiles({
    name: "gt27.cdx.json",
    mimeType: "application/json",
    buffer: Buffer.from(sbom, "utf8"),
  });
  await form.getByRole("button", { name: "取り込む" }).click();
  await panel.getByText(/の SBOM を取り込みました（cyclonedx/).waitFor();
  const held = panel.locator("tbody tr");
  await held.first().waitFor();
  expect(await held.count()).toBe(1);
  expect(await held.first().locator("th").textContent()).toBe("mitsubishi electric GT2712-STBA");
  expect(await held.first().locator("td").first().textContent()).toBe("全ファームウェア版");
  // The demo's three GT27 HMIs (Mitsubishi Electric, any case) have no SBOM of their own: each uses it.
  await page.goto(`${server.url}/sites/${site}/vulnerabilities?tab=sboms`);
  const used = page.locator("table", { has: page.locator("caption", { hasText: "型式 SBOM を使う資産" }) });
  await used.locator("tbody tr").first().waitFor();
  const assets = await used.locator("tbody tr th").allTextContents();
  expect(assets.filter((a) => /hmi-press-0[123]/.test(a))).toHaveLength(3);
  await screenshot(page, "vulnerabilities-model-sbom");
  expectClean(problems);
});

test("the bell lists the notices; opening one marks it read and opens its case", async () => {
  await page.goto(`${server.url}/sites/${site}/vulnerabilities`);
  const bell = page.locator("details.notices");
  const summary = bell.locator("summary");
  await expect
    .poll(async () => (await summary.getAttribute("aria-label")) ?? "")
    .toMatch(/^お知らせ（未読 [1-9]\d* 件）$/);
  const before = Number(/未読 (\d+) 件/.exec((await summary.getAttribute("aria-label")) ?? "")?.[1]);
  await summary.click();
  const notice = bell
    .locator("li.unread a", { hasText: `${vulnerability} が「行動（Action）」になりました` })
    .first();
  await notice.waitFor();
  await screenshot(page, "vulnerabilities-notices");
  await notice.click();
  await page.getByRole("heading", { name: new RegExp(`^${vulnerability} — `), level: 1 }).waitFor();
  await expect
    .poll(async () => Number(/未読 (\d+) 件/.exec((await summary.getAttribute("aria-label")) ?? "")?.[1]))
    .toBe(before - 1);
  expectClean(problems);
});

test("a viewer sees the inbox, the cases and the downloads, and no action", async () => {
  const created = await admin.request.post(`${server.url}/api/users`, {
    headers: { "X-CSRF-Token": csrf },
    data: { username: "viewer", displayName: "閲覧 次郎", password },
  });
  expect(created.status()).toBe(201);
  const user = (await created.json()) as { id: string };
  const member = await admin.request.put(`${server.url}/api/sites/${site}/members/${user.id}`, {
    headers: { "X-CSRF-Token": csrf },
    data: { role: "viewer" },
  });
  expect(member.status()).toBe(204);

  const viewer = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ja-JP" });
  await login(viewer.request, server.url, "viewer");
  const viewerPage = await viewer.newPage();
  const viewerProblems = collectConsoleProblems(viewerPage);

  await viewerPage.goto(`${server.url}/sites/${site}/vulnerabilities`);
  await viewerPage.locator('section[aria-labelledby="inbox-review"] tbody tr').first().waitFor();
  expect(await viewerPage.getByRole("button", { name: "該当する" }).count()).toBe(0);
  expect(await viewerPage.getByRole("button", { name: "該当しない" }).count()).toBe(0);
  expect(await viewerPage.getByRole("button", { name: "照合をやり直す" }).count()).toBe(0);
  await screenshot(viewerPage, "vulnerabilities-viewer-inbox");

  await viewerPage.getByRole("tab", { name: "SBOM・VEX" }).click();
  await viewerPage.getByRole("button", { name: "CSAF VEX をダウンロード" }).waitFor();
  await viewerPage.locator("table tbody tr", { hasText: confirmedAsset }).waitFor();
  expect(await viewerPage.getByRole("heading", { name: "SBOM を取り込む" }).count()).toBe(0);
  expect(await viewerPage.getByRole("heading", { name: "ベンダーの VEX を取り込む" }).count()).toBe(0);
  expect(await viewerPage.getByRole("button", { name: /^削除/ }).count()).toBe(0);

  await viewerPage.getByRole("tab", { name: "保守作業枠" }).click();
  await viewerPage.getByRole("button", { name: "mw.monthly-shutdown" }).waitFor();
  expect(await viewerPage.getByRole("button", { name: /を追加$/ }).count()).toBe(0);

  await viewerPage.goto(
    `${server.url}/sites/${site}/vulnerabilities/${encodeURIComponent(confirmedAsset)}/${vulnerability}`,
  );
  await viewerPage.getByRole("heading", { name: new RegExp(`^${vulnerability} — `), level: 1 }).waitFor();
  await viewerPage.getByText("閲覧のみです。").waitFor();
  await viewerPage.getByRole("heading", { name: "履歴" }).waitFor();
  expect(await viewerPage.locator("main form button").count()).toBe(0);
  await screenshot(viewerPage, "vulnerabilities-viewer-case");
  expectClean(viewerProblems);
  await viewer.close();
});

/**
 * A vendor-style advisory written for this test (not a real one): the demo's changeover gateway (HMS
 * Anybus X-gateway AB7645-F, firmware 2.04) is named by SKU, with a file hash and an SBOM URL beside it.
 */
const gatewayAdvisory = {
  document: {
    category: "csaf_security_advisory",
    csaf_version: "2.0",
    title: "X-gateway Modbus write without authentication (test advisory)",
    publisher: { category: "vendor", name: "Test Vendor PSIRT", namespace: "https://psirt.example" },
    tracking: {
      id: "TEST-2026-0042",
      status: "final",
      version: "1",
      initial_release_date: "2026-11-01T00:00:00.000Z",
      current_release_date: "2026-11-01T00:00:00.000Z",
      revision_history: [{ number: "1", date: "2026-11-01T00:00:00.000Z", summary: "Initial" }],
    },
  },
  product_tree: {
    branches: [
      {
        category: "vendor",
        name: "HMS Networks",
        branches: [
          {
            category: "product_name",
            name: "X-gateway",
            branches: [
              {
                category: "product_version_range",
                name: "vers:generic/<2.10",
                product: {
                  name: "X-gateway firmware before 2.10",
                  product_id: "XGW-210",
                  product_identification_helper: {
                    skus: ["AB7645-F-*"],
                    hashes: [
                      {
                        filename: "xgw-2.04.bin",
                        file_hashes: [{ algorithm: "sha256", value: "5e".repeat(32) }],
                      },
                    ],
                    sbom_urls: ["https://psirt.example/sbom/x-gateway-2.04.cdx.json"],
                  },
                },
              },
            ],
          },
        ],
      },
    ],
  },
  vulnerabilities: [
    {
      cve: "CVE-2099-0042",
      notes: [{ category: "description", text: "Modbus writes are accepted without authentication." }],
      product_status: { known_affected: ["XGW-210"] },
    },
  ],
};

test("an SKU entered on the asset identifies it to an advisory that lists SKUs, hashes and SBOM URLs", async () => {
  const gateway = "gw-press-modbus";
  await page.goto(`${server.url}/sites/${site}/step/1-4?open=assets:${gateway}`);
  const form = page.locator("form.entity-form");
  await form.getByRole("heading", { name: /^資産: / }).waitFor();
  await form.getByLabel("SKU（品番・注文番号）").fill("AB7645-F-JP; AB7645-F-EU");
  await form.getByRole("button", { name: "保存" }).click();
  await form.getByText("保存しました").waitFor();

  await page.goto(`${server.url}/advisories`);
  await page.getByLabel("ファイル", { exact: true }).setInputFiles([
    {
      name: "test-2026-0042.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(gatewayAdvisory), "utf8"),
    },
  ]);
  await page.getByRole("button", { name: "1 件を取り込む" }).click();
  await page.locator("ul.import-results > li").getByText("新規に取り込みました（版 1）").waitFor();

  // Matching runs as a job: wait for the gateway's match, certain without anyone's review.
  const key = "https://psirt.example#TEST-2026-0042";
  await expect
    .poll(
      async () => {
        const response = await admin.request.get(`${server.url}/api/sites/${site}/matches?asset=${gateway}`);
        const answer = (await response.json()) as { items: { advisory: string; certain: boolean }[] };
        return answer.items.find((m) => m.advisory === key)?.certain;
      },
      { timeout: 60_000, interval: 500 },
    )
    .toBe(true);

  await page.goto(`${server.url}/advisories/${encodeURIComponent(key)}`);
  await page.getByRole("heading", { name: /X-gateway Modbus write/, level: 1 }).waitFor();
  const product = page.locator("tr", { hasText: "XGW-210" });
  await product.getByText("AB7645-F-*").waitFor();
  await product.getByText("5e".repeat(32)).waitFor();
  await product.getByRole("link", { name: "https://psirt.example/sbom/x-gateway-2.04.cdx.json" }).waitFor();
  const matched = page.locator("tr", { hasText: gateway });
  await matched
    .getByText("SKU（品番）「AB7645-F-JP」がアドバイザリの SKU「AB7645-F-*」に当てはまります。")
    .waitFor();
  await matched.getByText("バージョン「2.04」は影響範囲「vers:generic/<2.10」に入っています。").waitFor();
  await screenshot(page, "vulnerabilities-advisory-sku");
  expectClean(problems, /status of (400|422)/);
});

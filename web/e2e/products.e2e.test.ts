import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parse } from "yaml";
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
 * The manufacturer's PSIRT view of an IoT product (対策6): the demo gateway (examples/demo-product.yaml) is
 * registered without its document's component list, so only its SBOM (examples/demo-product.cdx.json),
 * uploaded in the browser, can bring OpenSSL 3.0.15 into matching. The server's test advisory for
 * CVE-2024-13176 (src/advisories/fixtures/) then matches it with certainty; a second advisory written here
 * names Mosquitto and lighttpd without identifiers, so those matches wait in the inbox. The status is set to
 * not affected with a justification (after losing a race to someone else's change), the CSAF and CycloneDX
 * VEX say so, and a viewer sees everything and can change nothing. The advisory's page lists the gateway
 * among the products it affects, and leads back to it. Screenshots go to artifacts/screenshots/.
 */
const root = new URL("../../", import.meta.url);
const demo = parse(readFileSync(new URL("examples/demo-product.yaml", root), "utf8")) as {
  id: string;
} & Record<string, unknown>;
const productId = demo.id;
const productName = "TSG-200 産業用IoTゲートウェイ";
const sbomText = readFileSync(new URL("examples/demo-product.cdx.json", root), "utf8");
const opensslAdvisory = JSON.parse(
  readFileSync(new URL("src/advisories/fixtures/openssl-cve-2024-13176.json", root), "utf8"),
) as Record<string, unknown>;
const openssl = "CVE-2024-13176";
const opensslRef = "pkg:generic/openssl@3.0.15";
/** A fictitious CVE id of the advisory below (the test namespace makes clear it is not a real one). */
const byName = "CVE-2099-0001";

/**
 * A CSAF advisory of Mamori's tests naming two of the gateway's SBOM components by vendor, name and version
 * range only (no CPE, no purl): matching can only guess from the names, so a person must confirm.
 */
function nameOnlyAdvisory() {
  const release = "2025-02-01T00:00:00.000Z";
  const range = (vendor: string, name: string, below: string, id: string) => ({
    category: "vendor",
    name: vendor,
    branches: [
      {
        category: "product_name",
        name,
        branches: [
          {
            category: "product_version_range",
            name: `vers:generic/<${below}`,
            product: { name: `${name} before ${below}`, product_id: id },
          },
        ],
      },
    ],
  });
  return {
    document: {
      category: "csaf_security_advisory",
      csaf_version: "2.0",
      lang: "en",
      title: "Mosquitto and lighttpd: products named without identifiers — test advisory",
      publisher: { category: "other", name: "Mamori tests", namespace: "https://mamori.invalid/tests" },
      notes: [
        {
          category: "summary",
          title: "What this document is",
          text: "A test fixture of Mamori's end-to-end tests: a fictitious vulnerability in products named only by vendor, name and version range, so that matching must guess from the names.",
        },
      ],
      tracking: {
        id: "MAMORI-E2E-2025-0002",
        status: "final",
        version: "1",
        initial_release_date: release,
        current_release_date: release,
        revision_history: [{ number: "1", date: release, summary: "Initial version." }],
      },
    },
    product_tree: {
      branches: [
        range("Eclipse Foundation", "Mosquitto", "2.0.21", "CSAFPID-0001"),
        range("lighttpd project", "lighttpd", "1.4.77", "CSAFPID-0002"),
      ],
    },
    vulnerabilities: [
      {
        cve: byName,
        title: "Fictitious flaw for Mamori's tests",
        notes: [{ category: "description", text: "Not a real vulnerability: a test fixture." }],
        product_status: { known_affected: ["CSAFPID-0001", "CSAFPID-0002"] },
        remediations: [
          {
            category: "vendor_fix",
            details: "Upgrade to a version outside the range.",
            product_ids: ["CSAFPID-0001", "CSAFPID-0002"],
          },
        ],
      },
    ],
  };
}

let server: RunningMamori;
let browser: Browser;
let admin: BrowserContext;
let page: Page;
let problems: string[];
let csrf: string;

async function post(path: string, data: unknown) {
  const response = await admin.request.post(`${server.url}${path}`, {
    headers: { "X-CSRF-Token": csrf },
    data,
  });
  expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
  return response;
}

/** One vulnerability's card on the product page. */
function card(p: Page, vulnerability: string): Locator {
  return p.locator("li.product-vulnerability", {
    has: p.getByRole("heading", { name: vulnerability, exact: true, level: 3 }),
  });
}

function inboxRows(p: Page): Locator {
  return p.locator('section[aria-labelledby="product-inbox"] tbody tr');
}

beforeAll(async () => {
  server = await startMamori();
  browser = await launchBrowser();
  admin = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: "ja-JP",
    acceptDownloads: true,
  });
  csrf = await setUpAdmin(admin.request, server.url);
  // Without its document's components: OpenSSL is then known only from the SBOM uploaded below.
  await post("/api/products", { ...demo, components: [] });
  await post("/api/advisories", opensslAdvisory);
  await post("/api/advisories", nameOnlyAdvisory());
  page = await admin.newPage();
  problems = collectConsoleProblems(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("the header leads to the products and the product, which has no SBOM and no vulnerability yet", async () => {
  await page.goto(`${server.url}/`);
  await page
    .getByRole("navigation", { name: "アプリのナビゲーション" })
    .getByRole("link", { name: "製品" })
    .click();
  await page.getByRole("heading", { name: "製品一覧", level: 1 }).waitFor();
  const entry = page.getByRole("link", { name: `${productName} を開く` });
  expect(await entry.textContent()).toContain(productId);
  await entry.click();
  await page.getByRole("heading", { name: productName, level: 1 }).waitFor();
  await page.getByText("型式 TSG-200").waitFor();
  await page.getByText("この製品の SBOM はまだ取り込まれていません。").waitFor();
  await page.getByRole("heading", { name: "製品の脆弱性（0 件）" }).waitFor();
  await page.getByText("確認待ちの照合結果はありません。").waitFor();
  // The administrator may edit: the upload is offered, no read-only note.
  await page.getByRole("heading", { name: "SBOM を取り込む" }).waitFor();
  expect(await page.getByText("閲覧のみです。").count()).toBe(0);
  await screenshot(page, "products-empty");
  expectClean(problems, /status of 404/);
});

test("an SBOM with a mistake is refused with its problem located; the good one is matched and its vulnerability shown", async () => {
  const form = page.locator("form.upload-form", {
    has: page.getByRole("heading", { name: "SBOM を取り込む" }),
  });
  const bad = JSON.stringify({ ...(JSON.parse(sbomText) as Record<string, unknown>), bomFormt: "CycloneDX" });
  await form.getByLabel("SBOM ファイル").setInputFiles({
    name: "gateway.cdx.json",
    mimeType: "application/json",
    buffer: Buffer.from(bad, "utf8"),
  });
  await form.getByRole("button", { name: "取り込む" }).click();
  await form.getByText("gateway.cdx.json は取り込めませんでした").waitFor();
  await form.locator("ul.located code", { hasText: "/bomFormt" }).waitFor();
  expect(await page.getByRole("heading", { name: "製品の脆弱性（0 件）" }).count()).toBe(1);
  await screenshot(page, "products-sbom-problem");

  await form.getByLabel("SBOM ファイル").setInputFiles({
    name: "gateway.cdx.json",
    mimeType: "application/json",
    buffer: Buffer.from(sbomText, "utf8"),
  });
  await form.getByRole("button", { name: "取り込む" }).click();
  await page
    .getByText(`${productName} の SBOM を取り込みました（cyclonedx-json 1.6、構成要素 16 件）。`, {
      exact: false,
    })
    .waitFor();
  const facts = page.locator("dl.sbom-facts");
  await facts.waitFor();
  expect(await facts.locator("dd").allTextContents()).toEqual(
    expect.arrayContaining(["cyclonedx-json 1.6", "16", "admin"]),
  );
  expect(await form.getByText("この製品にはすでに SBOM があります。").count()).toBe(1);

  // Matching runs as a job; the page asks again until the vulnerability is there.
  const found = card(page, openssl);
  await found.waitFor({ timeout: 60_000 });
  await page.getByRole("heading", { name: "製品の脆弱性（1 件）" }).waitFor();
  await found.locator(".vex-status", { hasText: "調査中" }).waitFor();
  await found.getByText("CVSS v3.1 4.7").waitFor();
  await found.locator(".sev-medium", { hasText: "中" }).waitFor();
  await found.getByRole("link", { name: /^OpenSSL 3\.0: timing side-channel/ }).waitFor();
  const components = found
    .locator("dt", { hasText: "該当する構成要素" })
    .locator("xpath=following-sibling::dd[1]");
  expect((await components.textContent())?.replace(/\s+/g, " ")).toBe(`openssl 3.0.15 ${opensslRef}`);
  await found.getByText("Upgrade to OpenSSL 3.0.16.").waitFor();
  await found.getByText("照合で登録").waitFor();

  // The name-only advisory's two matches wait for a person, with matching's reasons in sentences.
  await expect.poll(() => inboxRows(page).count(), { timeout: 30_000 }).toBe(2);
  const mosquitto = inboxRows(page).filter({ hasText: "pkg:generic/mosquitto@2.0.20" });
  await mosquitto.getByText("名称からの推定").waitFor();
  await mosquitto.getByText(`構成要素: pkg:generic/mosquitto@2.0.20`).waitFor();
  expect(await mosquitto.locator("ul.reasons li").count()).toBeGreaterThan(0);
  await screenshot(page, "products-matched");
  expectClean(problems, /status of (404|422)/);
});

test("the advisory's page lists the product beside the plant's assets, and leads to the product", async () => {
  await card(page, openssl)
    .getByRole("link", { name: /^OpenSSL 3\.0: timing side-channel/ })
    .click();
  await page.getByRole("heading", { name: /^OpenSSL 3\.0: timing side-channel/, level: 1 }).waitFor();
  // No site holds OpenSSL: the assets' section says so; the products' lists the gateway by its SBOM part.
  await page.getByText("閲覧できるサイトに、このアドバイザリと照合された資産はありません。").waitFor();
  const section = page.locator('section[aria-labelledby="advisory-affected-products"]');
  await section.getByRole("heading", { name: "照合された製品（閲覧できる製品）", level: 2 }).waitFor();
  expect(await section.locator("thead th").first().textContent()).toBe("自社製品");
  const rows = section.locator("tbody tr");
  expect(await rows.count()).toBe(1);
  const row = rows.first();
  const cell = row.locator("td.asset-cell");
  const link = cell.getByRole("link");
  expect((await link.textContent())?.replace(/\s+/g, " ")).toBe(`${productName} ${productId}`);
  expect((await cell.locator("div").textContent())?.replace(/\s+/g, " ")).toBe(
    `構成要素: openssl 3.0.15 ${opensslRef}`,
  );
  expect(await row.locator(".product").textContent()).toBe("製品: OpenSSL 3.0.0 through 3.0.15");
  expect((await row.locator("td.ids li").textContent())?.replace(/\s+/g, " ")).toBe(`${openssl} (影響あり)`);
  await row.getByText("確実", { exact: true }).waitFor();
  await screenshot(page, "products-advisory");

  await link.click();
  await page.getByRole("heading", { name: productName, level: 1 }).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/products/${productId}`);
  await card(page, openssl).waitFor();
  expectClean(problems);
});

test("confirming an uncertain match adds its vulnerability under investigation", async () => {
  const mosquitto = inboxRows(page).filter({ hasText: "pkg:generic/mosquitto@2.0.20" });
  await mosquitto.getByRole("textbox").fill("mosquitto 2.0.20 を同梱していることを確認");
  await mosquitto.getByRole("button", { name: "該当する" }).click();
  await page.getByText("該当すると確認しました（調査中の脆弱性を 1 件追加しました）。").waitFor();
  await expect.poll(() => inboxRows(page).count()).toBe(1);
  const confirmed = card(page, byName);
  await confirmed.waitFor();
  await page.getByRole("heading", { name: "製品の脆弱性（2 件）" }).waitFor();
  await confirmed.locator(".vex-status", { hasText: "調査中" }).waitFor();
  await confirmed.getByText("（人が該当と確認）").waitFor();
  await confirmed.getByText("アドバイザリに CVSS の評価はありません。").waitFor();
  expectClean(problems);
});

test("not affected needs a justification; someone else's change first is named; then the status is recorded", async () => {
  const found = card(page, openssl);
  await found.locator("summary", { hasText: "ステータスを変更" }).click();
  const editor = found.locator("form.status-editor");
  await editor.getByRole("combobox", { name: "ステータス" }).selectOption("not-affected");
  const save = editor.getByRole("button", { name: "ステータスを記録" });
  expect(await save.isDisabled()).toBe(true);
  // A maker speaks of its product as shipped: the plant's own justifications (a line, a zone) are not offered.
  const offered = await editor
    .getByRole("combobox", { name: /^理由/ })
    .locator("option")
    .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
  expect(offered).toContain("code-not-in-execute-path");
  expect(offered).not.toContain("mitigated-by-zone-controls");
  expect(offered).not.toContain("unreachable-unconnected-line");
  await editor.getByRole("combobox", { name: /^理由/ }).selectOption({ label: "脆弱なコードが実行されない" });
  expect(await save.isDisabled()).toBe(false);

  // Meanwhile another member of the PSIRT records a detail through the API.
  const moved = await admin.request.patch(
    `${server.url}/api/products/${productId}/vulnerabilities/${openssl}`,
    {
      headers: { "X-CSRF-Token": csrf, "If-Match": '"1"' },
      data: { statusDetail: "開発部で調査中" },
    },
  );
  expect(moved.status()).toBe(200);
  await save.click();
  await found
    .getByRole("alert")
    .filter({ hasText: `${openssl} のステータスは` })
    .getByText(/admin さんが変更しました/)
    .waitFor();
  // Reloaded: the other change is shown and the form starts again from it.
  await found.getByText("開発部で調査中").first().waitFor();
  await expect
    .poll(() => editor.getByRole("combobox", { name: "ステータス" }).inputValue())
    .toBe("under-investigation");
  await screenshot(page, "products-conflict");

  await editor.getByRole("combobox", { name: "ステータス" }).selectOption("not-affected");
  await editor.getByRole("combobox", { name: /^理由/ }).selectOption("code-not-in-execute-path");
  await editor.getByRole("textbox", { name: "詳細" }).fill("P-521 曲線の ECDSA 署名を使っていない");
  await editor.getByRole("button", { name: "ステータスを記録" }).click();
  await found.getByText(`${openssl} のステータスを記録しました。`).waitFor();
  expect(await found.getByRole("alert").count()).toBe(0);
  const status = found.locator("dt", { hasText: /^ステータス$/ }).locator("xpath=following-sibling::dd[1]");
  await expect
    .poll(async () => (await status.textContent()) ?? "")
    .toContain("影響なし — 脆弱なコードが実行されない");
  expect(await status.textContent()).toContain("P-521 曲線の ECDSA 署名を使っていない");
  expect(await status.textContent()).toContain("担当者が記録");
  await found.locator(".vex-status", { hasText: "影響なし" }).waitFor();
  // Open ones first: the confirmed one, still under investigation, now leads.
  await expect
    .poll(() => page.locator("li.product-vulnerability h3").allTextContents())
    .toEqual([byName, openssl]);
  await screenshot(page, "products-not-affected");
  expectClean(problems, /status of 409/);
});

test("the CSAF VEX says the product and its OpenSSL are not affected, and why; CycloneDX too", async () => {
  const [csaf] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "CSAF VEX をダウンロード" }).click(),
  ]);
  expect(csaf.suggestedFilename()).toBe(`${productId}-vex.csaf.json`);
  const document = JSON.parse(readFileSync((await csaf.path()) ?? "", "utf8")) as {
    document: { category: string; publisher: { category: string } };
    vulnerabilities: {
      cve?: string;
      product_status?: Record<string, string[]>;
      flags?: { label: string; product_ids: string[] }[];
    }[];
  };
  expect(document.document).toMatchObject({ category: "csaf_vex", publisher: { category: "vendor" } });
  const product = `mamori:product/${productId}`;
  // Component ids are written URI-encoded in the product id.
  const component = `${product}/component/${encodeURIComponent(opensslRef)}`;
  const notAffected = document.vulnerabilities.find((v) => v.cve === openssl);
  expect(notAffected?.product_status).toEqual({ known_not_affected: [product, component] });
  expect(notAffected?.flags?.map((f) => f.label)).toEqual(["vulnerable_code_not_in_execute_path"]);
  const investigating = document.vulnerabilities.find((v) => v.cve === byName);
  expect(investigating?.product_status?.under_investigation).toContain(product);

  const [cyclonedx] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "CycloneDX VEX をダウンロード" }).click(),
  ]);
  expect(cyclonedx.suggestedFilename()).toBe(`${productId}-vex.cdx.json`);
  const cdx = JSON.parse(readFileSync((await cyclonedx.path()) ?? "", "utf8")) as {
    vulnerabilities: { id: string; analysis?: { state?: string; justification?: string; detail?: string } }[];
  };
  expect(cdx.vulnerabilities.find((v) => v.id === openssl)?.analysis).toMatchObject({
    state: "not_affected",
    justification: "code_not_reachable",
    detail: "P-521 曲線の ECDSA 署名を使っていない",
  });
  expectClean(problems);
});

test("a viewer of the product sees it, its matches, vulnerabilities and downloads, and no edit control", async () => {
  const created = await post("/api/users", { username: "viewer", displayName: "閲覧 次郎", password });
  const user = (await created.json()) as { id: string };
  const member = await admin.request.put(`${server.url}/api/products/${productId}/members/${user.id}`, {
    headers: { "X-CSRF-Token": csrf },
    data: { role: "viewer" },
  });
  expect(member.status()).toBe(204);

  const viewer = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ja-JP" });
  await login(viewer.request, server.url, "viewer");
  const viewerPage = await viewer.newPage();
  const viewerProblems = collectConsoleProblems(viewerPage);
  await viewerPage.goto(`${server.url}/`);
  await viewerPage.getByRole("link", { name: "製品", exact: true }).click();
  await viewerPage.getByRole("link", { name: `${productName} を開く` }).click();
  await viewerPage.getByRole("heading", { name: productName, level: 1 }).waitFor();
  await viewerPage.getByText("閲覧のみです。").waitFor();

  // Everything is shown: the SBOM, the match still waiting (lighttpd), both vulnerabilities, the downloads.
  await viewerPage.locator("dl.sbom-facts").waitFor();
  await expect.poll(() => inboxRows(viewerPage).count()).toBe(1);
  await card(viewerPage, openssl).locator(".vex-status", { hasText: "影響なし" }).waitFor();
  await card(viewerPage, byName).waitFor();
  await viewerPage.getByRole("button", { name: "CSAF VEX をダウンロード" }).waitFor();
  await viewerPage.getByRole("button", { name: "CycloneDX VEX をダウンロード" }).waitFor();

  // …and nothing to change it with.
  expect(await viewerPage.getByRole("heading", { name: "SBOM を取り込む" }).count()).toBe(0);
  expect(await viewerPage.getByRole("button", { name: /^削除/ }).count()).toBe(0);
  expect(await inboxRows(viewerPage).getByRole("button").count()).toBe(0);
  expect(await inboxRows(viewerPage).getByRole("textbox").count()).toBe(0);
  expect(await viewerPage.getByText("ステータスを変更").count()).toBe(0);
  expect(await viewerPage.locator("main form").count()).toBe(0);
  await screenshot(viewerPage, "products-viewer");
  expectClean(viewerProblems);
  await viewer.close();
});

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { APIRequestContext, Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  collectConsoleProblems,
  expectClean,
  launchBrowser,
  login,
  testPassword as password,
  type RunningMamori,
  screenshot,
  screenshotDir,
  setUpAdmin,
  startMamori,
} from "./browser";

/**
 * Accepting a vulnerability risk (issue 6, Step 3's Decide): on the demo plant, the administrator confirms
 * two of the matches the demo's advisories put in the inbox (set-up, through the API). The security lead
 * walks one case through Observe and Orient to Decide and finds acceptance closed to them, with the reason,
 * while patching and mitigating are open (mitigation is recorded on the other case). Management accepts
 * the first case with a rationale and a review date, which closes it with management as the approver and
 * Act shown as skipped; the site's risk register lists it among the accepted vulnerability risks, ahead of
 * the analysis's risks, in Japanese and in English; a viewer sees it there and on the case, and can do
 * nothing. A third case, closed as not affected straight from Observe, shows the stages in between as
 * skipped. Screenshots go to artifacts/screenshots/.
 */
const site = "site.hamamatsu-2";
/** The case management accepts: the press line's first PLC, matched by name by ICSA-23-306-02. */
const accepted = { asset: "plc-press-01", vulnerability: "CVE-2023-4625" };
/** The asset's name in the demo's model, as the register shows it (its id beneath). */
const acceptedAssetName = { ja: "プレス1号機 PLC", en: "Press 1 PLC" };
/** The case the security lead decides to mitigate: the paint line's PLC, matched by ICSA-24-226-10. */
const mitigated = { asset: "plc-paint-01", vulnerability: "CVE-2024-7515" };
const lead = { username: "anzen", displayName: "安全 一郎", role: "security-lead" };
const management = { username: "keiei", displayName: "経営 花子", role: "management" };
/** The approver as records show them: the name shown at the time, with the username signed in as. */
const approver = `${management.displayName} (${management.username})`;
const viewer = { username: "etsuran", displayName: "閲覧 次郎", role: "viewer" };
const rationale = "生産計画上、停止を伴う更新は来期まで行えず、ゾーンの境界で通信を制限しているため受容する";
/** Half a year from the run, so the review date is always ahead, as a real one would be. */
const reviewBy = new Date(Date.now() + 183 * 24 * 3600 * 1000).toISOString().slice(0, 10);
/** How Chromium writes it in Japanese with `dateStyle: "medium"` (the case page's dates, and the register's). */
const reviewByJa = reviewBy.replaceAll("-", "/");
/** The same date in English (ICU's medium style, e.g. "Mar 5, 2026"). */
const reviewByEn = new Intl.DateTimeFormat("en", { dateStyle: "medium" }).format(
  new Date(`${reviewBy}T00:00:00`),
);
/** The role matrix's decision maker as the form offers it, and as the decision records it (no condition). */
const managementMaker = "経営者（経営会議（取締役 生産本部長）） — 重要度に応じて";
const managementMakerRecorded = "経営者（経営会議（取締役 生産本部長））";
const securityMaker = "セキュリティ担当部署の責任者（セキュリティ統括室）";
const acceptedHeading = "受容した脆弱性リスク（脆弱性対応で経営層が承認）";

/** Matches in the inbox besides the two above, for the case closed as not affected. */
let others: MatchItem[] = [];

let server: RunningMamori;
let browser: Browser;
let admin: APIRequestContext;
let adminCsrf = "";
const contexts: BrowserContext[] = [];

async function addMember(user: { username: string; displayName: string; role: string }) {
  const created = await admin.post(`${server.url}/api/users`, {
    headers: { "X-CSRF-Token": adminCsrf },
    data: { username: user.username, displayName: user.displayName, password },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = ((await created.json()) as { id: string }).id;
  const member = await admin.put(`${server.url}/api/sites/${site}/members/${id}`, {
    headers: { "X-CSRF-Token": adminCsrf },
    data: { role: user.role },
  });
  expect(member.status(), await member.text()).toBe(204);
}

/** A signed-in page at 1366×900 in Japanese (the default), its console watched. */
async function pageFor(username: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ja-JP" });
  contexts.push(context);
  await login(context.request, server.url, username);
  const page = await context.newPage();
  return { page, problems: collectConsoleProblems(page) };
}

type MatchItem = { asset: string; component: string; advisory: string; product: string };

/** Matching runs as a job once the demo is loaded: wait until it has put the uncertain matches in the inbox. */
async function matchesToReview(): Promise<MatchItem[]> {
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      const response = await admin.get(`${server.url}/api/sites/${site}/matches?review=true`);
      const answer = (await response.json()) as { items: MatchItem[] };
      if (
        answer.items.some((m) => m.asset === accepted.asset) &&
        answer.items.some((m) => m.asset === mitigated.asset)
      )
        return answer.items;
    } catch {
      // A kept-alive connection the server closed meanwhile: ask again on a new one.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("matching put nothing in the inbox");
}

function caseApi(c: { asset: string; vulnerability: string }) {
  return `${server.url}/api/sites/${site}/cases/${encodeURIComponent(c.asset)}/${c.vulnerability}`;
}

function casePage(c: { asset: string; vulnerability: string }) {
  return `${server.url}/sites/${site}/vulnerabilities/${encodeURIComponent(c.asset)}/${c.vulnerability}`;
}

async function caseVersion(request: APIRequestContext, c: { asset: string; vulnerability: string }) {
  const response = await request.get(caseApi(c));
  expect(response.status()).toBe(200);
  return ((await response.json()) as { case: { version: number } }).case.version;
}

/** Set-up only (the Observe and Orient forms are the subject of vulnerabilities.e2e.test.ts). */
async function patchCase(c: { asset: string; vulnerability: string }, change: Record<string, unknown>) {
  const version = await caseVersion(admin, c);
  const response = await admin.patch(caseApi(c), {
    headers: { "X-CSRF-Token": adminCsrf, "If-Match": `"${version}"` },
    data: change,
  });
  expect(response.status(), await response.text()).toBe(200);
}

/** The register is long, the case page too: a picture of the part in question alone says more. */
async function sectionScreenshot(section: Locator, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await section.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** The stage the stepper marks as current. */
function currentStage(page: Page) {
  return page.getByRole("list", { name: "対応の段階" }).locator('li[aria-current="step"]');
}

/** Each stage of the stepper as read out: its mark, its name and where it stands. */
function stepTexts(page: Page) {
  return page.getByRole("list", { name: "対応の段階" }).locator("li").allTextContents();
}

/** The section of the risk register that lists the accepted vulnerability risks. */
function acceptedSection(page: Page, name = acceptedHeading) {
  return page.getByRole("region", { name });
}

beforeAll(async () => {
  server = await startMamori({ demo: true });
  browser = await launchBrowser();
  const context = await browser.newContext();
  contexts.push(context);
  admin = context.request;
  adminCsrf = await setUpAdmin(admin, server.url);
  for (const user of [lead, management, viewer]) await addMember(user);

  // The two matches the cases come from are confirmed, which opens each case in Observe.
  const waiting = await matchesToReview();
  for (const c of [accepted, mitigated]) {
    const match = waiting.find((m) => m.asset === c.asset);
    expect(match).toBeDefined();
    const reviewed = await admin.post(`${server.url}/api/sites/${site}/matches/review`, {
      headers: { "X-CSRF-Token": adminCsrf },
      data: {
        asset: match?.asset,
        component: match?.component,
        advisory: match?.advisory,
        product: match?.product,
        decision: "confirmed",
        note: "型式を現物で確認",
      },
    });
    expect(reviewed.status(), await reviewed.text()).toBe(200);
    expect(((await reviewed.json()) as { opened: number }).opened).toBe(1);
  }
  others = waiting.filter((m) => m.asset !== accepted.asset && m.asset !== mitigated.asset);
  // The case the security lead mitigates is moved to Decide through the API.
  await patchCase(mitigated, { stage: "orient" });
  await patchCase(mitigated, {
    orientation: { exploitability: "exploitable", operationalImpact: "塗装ラインが停止する" },
    stage: "decide",
  });
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

test("a security lead at Decide cannot accept the risk (the reason is shown) but can patch or mitigate", async () => {
  const { page, problems } = await pageFor(lead.username);

  // Observe and Orient through the forms, to Decide.
  await page.goto(casePage(accepted));
  await page.getByRole("heading", { name: new RegExp(`^${accepted.vulnerability} — `), level: 1 }).waitFor();
  await expect.poll(() => currentStage(page).textContent()).toContain("監視");
  await page.getByRole("button", { name: "分析を始める" }).click();
  await expect.poll(() => currentStage(page).textContent()).toContain("分析");
  await page.getByRole("radio", { name: "条件がそろえば悪用できる" }).check();
  await page
    .getByRole("textbox", { name: /^操業への影響/ })
    .fill("プレスライン 1 が停止し、復旧まで半日かかる");
  await page.getByRole("button", { name: "記録して決定へ進む" }).click();
  await expect.poll(() => currentStage(page).textContent()).toContain("決定");
  await page.getByRole("heading", { name: "決定: 対応方針" }).waitFor();

  // Acceptance is there but closed to the security lead, and the radio is described by the reason.
  const accept = page.getByRole("radio", { name: "リスク受容" });
  expect(await accept.isDisabled()).toBe(true);
  const hintId = (await accept.getAttribute("aria-describedby")) ?? "";
  expect(hintId).not.toBe("");
  const hint = page.locator(`[id="${hintId}"]`);
  expect(await hint.textContent()).toBe("リスク受容を決められるのは、承認権限のある経営層だけです。");
  expect(await hint.isVisible()).toBe(true);
  // Patching and mitigating are open.
  expect(await page.getByRole("radio", { name: "パッチ適用" }).isEnabled()).toBe(true);
  expect(await page.getByRole("radio", { name: "緩和策" }).isEnabled()).toBe(true);
  await screenshot(page, "acceptance-lead-decide");

  // The server refuses it too, whatever the page offers.
  const me = await page.context().request.get(`${server.url}/api/auth/me`);
  const csrf = ((await me.json()) as { csrfToken: string }).csrfToken;
  const refused = await page.context().request.patch(caseApi(accepted), {
    headers: {
      "X-CSRF-Token": csrf,
      "If-Match": `"${await caseVersion(page.context().request, accepted)}"`,
    },
    data: { decision: { action: "accept", rationale: "受容したい", decisionMaker: 1 } },
  });
  expect(refused.status()).toBe(403);

  // On the other case the security lead decides to mitigate, and is then asked for the task.
  await page.goto(casePage(mitigated));
  await page.getByRole("heading", { name: new RegExp(`^${mitigated.vulnerability} — `), level: 1 }).waitFor();
  await expect.poll(() => currentStage(page).textContent()).toContain("決定");
  await page.getByRole("radio", { name: "緩和策" }).check();
  // Not accepting: no review date, and the button records the decision rather than closing the case.
  expect(await page.getByLabel("見直し期日").count()).toBe(0);
  await page
    .getByRole("textbox", { name: /^決定の理由/ })
    .fill("塗装ゾーンの境界で該当ポートへの通信を遮断する");
  await page.getByRole("combobox", { name: /^意思決定者/ }).selectOption({ label: securityMaker });
  await page.getByRole("button", { name: "決定を記録" }).click();
  await page.getByText(`緩和策（${securityMaker}、${lead.username} が `).waitFor();
  await page.getByRole("heading", { name: "行動: 作業の計画と実施" }).waitFor();
  await expect.poll(() => currentStage(page).textContent()).toContain("決定");
  expectClean(problems);
});

test("management accepts the risk with a rationale and a review date: the case is closed, management the approver", async () => {
  const { page, problems } = await pageFor(management.username);
  await page.goto(casePage(accepted));
  await page.getByRole("heading", { name: new RegExp(`^${accepted.vulnerability} — `), level: 1 }).waitFor();
  await expect.poll(() => currentStage(page).textContent()).toContain("決定");

  const accept = page.getByRole("radio", { name: "リスク受容" });
  expect(await accept.isEnabled()).toBe(true);
  expect(await page.getByText("リスク受容を決められるのは、承認権限のある経営層だけです。").count()).toBe(0);
  await accept.check();
  await page.getByRole("textbox", { name: /^決定の理由/ }).fill(rationale);
  await page.getByRole("combobox", { name: /^意思決定者/ }).selectOption({ label: managementMaker });
  const review = page.getByLabel("見直し期日");
  expect(await review.getAttribute("type")).toBe("date");
  await review.fill(reviewBy);
  await screenshot(page, "acceptance-management-decide");
  await page.getByRole("button", { name: "リスクを受容して完了する" }).click();

  // Closed straight from Decide: the stepper marks 完了 as the current stage and Act, never gone through,
  // as skipped (no ✓); the forms of Decide are gone.
  await expect.poll(() => currentStage(page).textContent()).toMatch(/完了（現在）$/);
  expect(await stepTexts(page)).toEqual([
    "✓監視（Observe）（済）",
    "✓分析（Orient）（済）",
    "✓決定（Decision）（済）",
    "–行動（Action）（省略）",
    "5完了（現在）",
  ]);
  const act = page.getByRole("list", { name: "対応の段階" }).locator("li").nth(3);
  expect(await act.getAttribute("class")).toBe("step-skipped");
  expect(await act.locator(".step-note").isVisible()).toBe(true);
  await sectionScreenshot(page.getByRole("list", { name: "対応の段階" }), "acceptance-stepper-skipped");
  await page.getByRole("status").filter({ hasText: "記録しました" }).waitFor();
  await page.locator(".case-meta .stage", { hasText: "完了" }).waitFor();
  await page.getByRole("button", { name: "再開する（分析に戻す）" }).waitFor();
  expect(await page.getByRole("button", { name: "リスクを受容して完了する" }).count()).toBe(0);
  expect(await page.getByRole("heading", { name: "行動: 作業の計画と実施" }).count()).toBe(0);

  // What was decided, by whom, approved by whom, to be looked at again when.
  const record = page.locator("dl.case-record");
  await record.getByText(`リスク受容（${managementMakerRecorded}、${management.username} が `).waitFor();
  await record.getByText(rationale).waitFor();
  await record.getByText(`承認: ${approver}`, { exact: true }).waitFor();
  await record.getByText(`見直し期日: ${reviewByJa}`, { exact: true }).waitFor();

  // The history's newest line: management moved the case from Decide to closed with the acceptance.
  const history = page.getByRole("table", { name: "履歴" });
  const rows = history.locator("tbody tr");
  // Opened, Observe → Orient and Orient → Decide by the security lead, then the acceptance.
  expect(await rows.count()).toBe(4);
  const newest = rows.first().locator("td");
  expect(await newest.nth(1).textContent()).toBe(management.username);
  expect(await newest.nth(2).textContent()).toBe("決定（Decision） → 完了");
  expect(await newest.nth(3).textContent()).toBe("決定: リスク受容");
  expect(await rows.nth(1).locator("td").nth(1).textContent()).toBe(lead.username);
  await screenshot(page, "acceptance-management-closed");
  expectClean(problems);
});

test("the risk register lists the accepted vulnerability risk with its approver and review date, in Japanese and English", async () => {
  const { page, problems } = await pageFor(management.username);
  await page.goto(`${server.url}/sites/${site}/analysis`);
  await page.getByRole("heading", { name: "分析", level: 1 }).waitFor();
  await page.getByRole("tab", { name: "リスク台帳" }).click();
  const section = acceptedSection(page);
  // The register waits for the analysis of the demo, which may still be running.
  await section.waitFor({ timeout: 90_000 });
  const rows = section.locator("tbody tr");
  await rows.first().waitFor();
  // Captioned and styled like the register's other tables, its headers scoped to their columns.
  const table = section.getByRole("table", { name: acceptedHeading });
  expect(await table.getAttribute("class")).toContain("data-table");
  const headers = table.getByRole("columnheader");
  expect(await headers.allTextContents()).toEqual(["脆弱性", "資産", "受容の理由", "承認者", "見直し期日"]);
  for (const header of await headers.all()) expect(await header.getAttribute("scope")).toBe("col");
  expect(await rows.count()).toBe(1);
  // The asset by its name with its id beneath; the review date written as the case page writes it.
  const cells = rows.first().locator("td");
  expect(await cells.allTextContents()).toEqual([
    accepted.vulnerability,
    `${acceptedAssetName.ja}${accepted.asset}`,
    rationale,
    approver,
    reviewByJa,
  ]);
  expect(await cells.nth(1).locator(".mono").textContent()).toBe(accepted.asset);
  // It comes before the analysis's risks (and their filters), not below every page of them.
  const analysisRisks = page.getByRole("region", { name: "分析で評価したリスク" });
  await analysisRisks.locator(".risk-table").waitFor();
  expect(
    await section.evaluate(
      (element, other) => Boolean(element.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING),
      await analysisRisks.elementHandle(),
    ),
  ).toBe(true);
  expect(await section.getByRole("link", { name: accepted.vulnerability }).getAttribute("href")).toBe(
    `/sites/${site}/vulnerabilities/${accepted.asset}/${accepted.vulnerability}`,
  );
  // Management may record treatments of the analysis's risks (the viewer, below, may not).
  expect(await page.getByRole("button", { name: "対応を記録" }).count()).toBeGreaterThan(0);
  await sectionScreenshot(section, "acceptance-register-ja");
  // What a reader sees on opening the register: the accepted risks, then the analysis's risks.
  await page.screenshot({ path: join(screenshotDir, "acceptance-register-top.png") });

  await page.getByRole("button", { name: "EN" }).click();
  await page.getByRole("tab", { name: "Risk register" }).waitFor();
  const english = acceptedSection(
    page,
    "Accepted vulnerability risks (approved by management in vulnerability handling)",
  );
  await english.waitFor();
  expect(await english.getByRole("columnheader").allTextContents()).toEqual([
    "Vulnerability",
    "Asset",
    "Why accepted",
    "Approved by",
    "Review by",
  ]);
  const englishRow = english.locator("tbody tr", { hasText: management.username });
  await englishRow.waitFor();
  expect(await englishRow.locator("td").allTextContents()).toEqual([
    accepted.vulnerability,
    `${acceptedAssetName.en}${accepted.asset}`,
    rationale,
    approver,
    reviewByEn,
  ]);
  await page.getByRole("region", { name: "Risks assessed by the analysis" }).waitFor();
  await sectionScreenshot(english, "acceptance-register-en");
  await page.getByRole("button", { name: "日本語" }).click();
  await acceptedSection(page).waitFor();
  expectClean(problems);
});

test("a viewer sees the accepted risk in the register and on its case, with no action", async () => {
  const { page, problems } = await pageFor(viewer.username);
  await page.goto(`${server.url}/sites/${site}/analysis?tab=register`);
  const section = acceptedSection(page);
  await section.waitFor({ timeout: 90_000 });
  const row = section.locator("tbody tr");
  await row.first().waitFor();
  expect(await row.count()).toBe(1);
  expect(await row.locator("td").allTextContents()).toEqual([
    accepted.vulnerability,
    `${acceptedAssetName.ja}${accepted.asset}`,
    rationale,
    approver,
    reviewByJa,
  ]);
  // The register's risks are there, without the button to record a treatment; the section has no button.
  await page.locator(".risk-table tbody tr").first().waitFor();
  expect(await page.getByRole("button", { name: "対応を記録" }).count()).toBe(0);
  expect(await section.getByRole("button").count()).toBe(0);
  await sectionScreenshot(section, "acceptance-viewer-register");

  // The link leads to the case, which the viewer may read and not move.
  await section.getByRole("link", { name: accepted.vulnerability }).click();
  await page.getByRole("heading", { name: new RegExp(`^${accepted.vulnerability} — `), level: 1 }).waitFor();
  await expect.poll(() => currentStage(page).textContent()).toMatch(/完了（現在）$/);
  await page.getByText("閲覧のみです。", { exact: false }).waitFor();
  await page.locator("dl.case-record").getByText(`承認: ${approver}`, { exact: true }).waitFor();
  expect(await page.getByRole("button", { name: "再開する（分析に戻す）" }).count()).toBe(0);
  expect(await page.locator("main form").count()).toBe(0);
  expect(await page.locator(".case-main button").count()).toBe(0);
  await screenshot(page, "acceptance-viewer-case");
  expectClean(problems);
});

test("a case closed as not affected straight from Observe shows the stages in between as skipped", async () => {
  const other = others[0];
  expect(other, "a third match in the demo's inbox").toBeDefined();
  if (!other) return;
  const reviewed = await admin.post(`${server.url}/api/sites/${site}/matches/review`, {
    headers: { "X-CSRF-Token": adminCsrf },
    data: {
      asset: other.asset,
      component: other.component,
      advisory: other.advisory,
      product: other.product,
      decision: "confirmed",
      note: "型式を現物で確認",
    },
  });
  expect(reviewed.status(), await reviewed.text()).toBe(200);
  const listed = await admin.get(
    `${server.url}/api/sites/${site}/cases?asset=${encodeURIComponent(other.asset)}`,
  );
  const items = (
    (await listed.json()) as { items: { asset: string; vulnerability: string; stage: string }[] }
  ).items;
  const opened = items.find((c) => c.stage === "observe");
  expect(opened, JSON.stringify(items)).toBeDefined();
  if (!opened) return;

  const { page, problems } = await pageFor(lead.username);
  await page.goto(casePage(opened));
  await page.getByRole("heading", { name: new RegExp(`^${opened.vulnerability} — `), level: 1 }).waitFor();
  await expect.poll(() => currentStage(page).textContent()).toContain("監視");
  await page.getByRole("combobox", { name: "ステータス", exact: true }).selectOption("not-affected");
  await page
    .getByRole("combobox", { name: /^理由（影響なしの根拠）/ })
    .selectOption("protected-at-perimeter");
  await page.getByRole("button", { name: "記録して完了にする" }).click();
  await expect.poll(() => currentStage(page).textContent()).toMatch(/完了（現在）$/);
  expect(await stepTexts(page)).toEqual([
    "✓監視（Observe）（済）",
    "–分析（Orient）（省略）",
    "–決定（Decision）（省略）",
    "–行動（Action）（省略）",
    "5完了（現在）",
  ]);
  await screenshot(page, "acceptance-not-affected-closed");

  // Reopened, the case is back at Orient: Observe stays done, and nothing ahead is marked either way.
  await page.getByRole("button", { name: "再開する（分析に戻す）" }).click();
  await expect.poll(() => currentStage(page).textContent()).toContain("分析");
  expect(await stepTexts(page)).toEqual([
    "✓監視（Observe）（済）",
    "2分析（Orient）（現在）",
    "3決定（Decision）",
    "4行動（Action）",
    "5完了",
  ]);
  expectClean(problems);
});

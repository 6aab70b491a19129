// 三审三校 in the console, as a unit's information team does it: the 信息员 drafts and submits, the
// 校对, the 科室负责人 (审核2级) and the 分管领导 (审核3级) each approve in their 待办, the article
// is published; then the 信息员 edits it, and the public version stays until the new draft has
// passed the same three approvals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { account, field, pickOption, signIn, startE2E, type E2E } from "./support.ts";

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 300_000);
afterAll(() => e?.close());

// The 发展和改革委员会's team on its own site (示范县 demo county).
const EDITOR = "fgw_wuguoqiang";
const REVIEWERS = ["fgw_xuting", "fgw_sunlei", "fgw_maxiaojuan"]; // 校对 · 审核2级 · 审核3级
const SITE = "示范县发展和改革委员会";
const COLUMN = "工作动态";
const TITLE = "县发展改革委召开重点项目推进会";
const TITLE_2 = "县发展改革委召开2025年重点项目推进会";

async function checkAll(page: Page, testId: string) {
  const boxes = page.getByTestId(testId).locator("input[type=checkbox]");
  const n = await boxes.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) await boxes.nth(i).check();
}

/** Confirms the checklist in the 送审 dialog and submits; lands on the document page. */
async function submitFromEditor(page: Page) {
  await page.getByTestId("editor-submit").click();
  await page.getByTestId("submit-checklist").waitFor({ timeout: 20_000 });
  await checkAll(page, "submit-checklist");
  await page.getByTestId("submit-confirm").click();
  await page.waitForURL(/\/content\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  await expect.poll(() => page.getByTestId("doc-draft").textContent(), { timeout: 20_000 }).toContain("审核中");
}

/** One reviewer opens the document from 待办 and approves the current step. */
async function approveAs(username: string, documentId: string, liveTitle: string | null) {
  const page = await signIn(e, username);
  try {
    await page.getByTestId("nav-reviews").click();
    const row = page.locator(`[data-testid="inbox-item"][data-document-id="${documentId}"]`);
    await row.waitFor({ timeout: 20_000 });
    await expect.poll(() => row.getByTestId("due-countdown").textContent()).toMatch(/剩余|已超期/);
    await row.getByTestId("inbox-open").click();
    const panel = page.getByTestId("review-panel");
    await panel.waitFor({ timeout: 20_000 });
    // While the new version is reviewed, the public one is unchanged.
    if (liveTitle) expect(await page.getByTestId("doc-live-title").textContent()).toBe(liveTitle);
    else expect(await page.getByTestId("doc-live").textContent()).toContain("尚未发布");
    await checkAll(page, "review-checklist");
    await field(page, "review-opinion").fill("同意。");
    await page.getByTestId("review-approve").click();
    await panel.waitFor({ state: "detached", timeout: 20_000 });
    // The signature is on record.
    await page.getByRole("tab", { name: "审核流程" }).click();
    await expect.poll(() => page.getByTestId("review-trail").textContent(), { timeout: 20_000 }).toContain(account(e, username).realName);
  } finally {
    await page.close();
  }
}

describe("content in the console", () => {
  it("drafts, passes 三审三校, publishes; an edit stays offline until it passes again", async () => {
    // 1. The 信息员 writes an article and submits it (the submission is the author's own 一审).
    const editor = await signIn(e, EDITOR);
    await editor.getByTestId("nav-content-new").click();
    await editor.getByTestId("editor-title").waitFor({ timeout: 20_000 });
    await pickOption(editor, "editor-site", SITE);
    await field(editor, "editor-title").fill(TITLE);
    await pickOption(editor, "editor-column", COLUMN);
    await editor.getByTestId("editor-body").click();
    await editor.keyboard.type("11月5日，县发展改革委召开全县重点项目推进会，听取各项目建设进展情况，研究解决项目推进中的困难和问题。");
    // The live check has run on the body and found nothing that blocks.
    await expect.poll(() => editor.getByTestId("findings-panel").getAttribute("data-blocking"), { timeout: 20_000 }).toBe("0");
    await submitFromEditor(editor);
    const documentId = /\/content\/([0-9a-f-]{36})$/.exec(editor.url())![1]!;
    expect(await editor.getByTestId("doc-live").textContent()).toContain("尚未发布");
    expect(await editor.getByTestId("doc-draft-title").textContent()).toBe(TITLE);

    // 2. Three different people approve in turn: 一校 (校对), 二审二校 (审核2级), 三审三校·签发 (审核3级).
    for (const r of REVIEWERS) await approveAs(r, documentId, null);

    // 3. Published: the live version is the article, with no draft pending.
    await editor.reload();
    await expect.poll(() => editor.getByTestId("doc-state").textContent(), { timeout: 20_000 }).toBe("已发布");
    expect(await editor.getByTestId("doc-live-title").textContent()).toBe(TITLE);
    expect(await editor.getByTestId("doc-draft").textContent()).toContain("无");

    // 4. The 信息员 edits the published article: a new draft, submitted for review.
    await editor.getByTestId("doc-edit").click();
    await editor.getByTestId("editor-title").waitFor({ timeout: 20_000 });
    await expect.poll(() => field(editor, "editor-title").inputValue()).toBe(TITLE);
    await field(editor, "editor-title").fill(TITLE_2);
    await editor.getByTestId("editor-body").click();
    await editor.keyboard.press("Control+End");
    await editor.keyboard.type("会议要求，各责任单位要压实责任，加快项目建设进度。");
    await submitFromEditor(editor);
    // While the new draft is in review the public version stays.
    expect(await editor.getByTestId("doc-state").textContent()).toBe("已发布");
    expect(await editor.getByTestId("doc-live-title").textContent()).toBe(TITLE);
    expect(await editor.getByTestId("doc-draft-title").textContent()).toBe(TITLE_2);

    // 5. The same three approvals; each reviewer still sees the old version live.
    for (const r of REVIEWERS) await approveAs(r, documentId, TITLE);

    // 6. The new version is live; the history keeps both.
    await editor.reload();
    await expect.poll(() => editor.getByTestId("doc-live-title").textContent(), { timeout: 20_000 }).toBe(TITLE_2);
    expect(await editor.getByTestId("doc-state").textContent()).toBe("已发布");
    expect(await editor.getByTestId("doc-draft").textContent()).toContain("无");
    await editor.getByRole("tab", { name: "版本历史" }).click();
    await editor.getByTestId("compare-run").click();
    const diff = editor.getByTestId("diff-view");
    await diff.waitFor({ timeout: 20_000 });
    expect(await diff.locator("ins").allTextContents()).toContain("2025年");
    await editor.screenshot({ path: "/tmp/govsite-e2e-content.png", fullPage: true });
  }, 240_000);
});

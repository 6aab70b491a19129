// 留言办理 end to end, as the county does it: the operating centre (县电子政务中心) opens a channel
// in the console; a citizen writes to 县长信箱 on the published portal (the page solves the
// proof-of-work) and gets a 查询码; the centre finds the letter in its inbox and forwards it to
// 县发展改革委; the commission's 信息员 drafts a reply, its 办公室主任 (审核2级) approves it and the
// reply is sent; the centre publishes the de-identified version. The case page shows every step
// with its date; on the public site the 查询码 shows the reply and 留言选登 lists the letter with its
// dates and without the writer's personal data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { account, field, pickMany, pickOption, signIn, startE2E, startPublicSite, type E2E } from "./support.ts";
import { processPublishEvents } from "../apps/server/src/modules/publishing/run.ts";

let e: E2E;
let pubUrl = "";
beforeAll(async () => {
  e = await startE2E();
  pubUrl = (await startPublicSite(e, { siteCode: "portal", interaction: true })).url;
}, 300_000);
afterAll(() => e?.close());

const WRITER = { title: "关于幸福小区门前道路积水的问题", content: "幸福小区门前道路每逢下雨就严重积水，居民出行十分不便，希望有关部门尽快疏通排水管道。", name: "王小明", phone: "13812345678", email: "wxm@example.com", address: "示范县幸福小区3栋2单元501" };

const CENTRE = "dzzw_yangfan"; // 县电子政务中心 网站运维科科长, 主站站点管理员 (the portal's operating centre)
const HANDLER = "fgw_wuguoqiang"; // 县发展改革委 信息员
const LEADER = "fgw_sunlei"; // 县发展改革委 办公室主任 (审核2级)
const UNIT = "示范县发展和改革委员会";
const REPLY = "您反映的幸福小区门前道路积水问题已收悉。经现场核查，我委已会同城南街道安排疏通排水管道，预计本月底前完成。";

/** Opens 留言办理 from the menu, finds the letter by its 受理编号 and opens its case page. */
async function openCase(page: Page, caseNo: string) {
  await page.getByTestId("nav-interaction-letters").click();
  const search = page.getByTestId("letters-search").locator("input").first();
  await search.fill(caseNo);
  await search.press("Enter");
  const row = page.locator(`[data-testid="letter-row"][data-case-no="${caseNo}"]`);
  await row.waitFor({ timeout: 20_000 });
  await row.getByTestId("letter-open").click();
  await expect.poll(() => page.getByTestId("letter-case-no").textContent(), { timeout: 20_000 }).toBe(caseNo);
}

const status = (page: Page) => page.getByTestId("letter-status").getAttribute("data-status");

describe("留言办理 in the console", { timeout: 150_000 }, () => {
  let caseNo = "";
  let queryCode = "";

  it("the centre opens a 书记信箱 channel on the portal, beside the demo's 县长信箱", async () => {
    const page = await signIn(e, CENTRE);
    await page.getByTestId("nav-interaction-channels").click();
    await page.locator('[data-testid="channel-row"][data-slug="xzxx"]').waitFor({ timeout: 20_000 });
    await page.getByTestId("channel-new").click();
    await field(page, "channel-name").fill("书记信箱");
    await field(page, "channel-slug").fill("sjxx");
    await field(page, "channel-leader").fill("县委书记");
    await page.getByTestId("channel-submit").click();
    await page.locator('[data-testid="channel-row"][data-slug="sjxx"]').waitFor({ timeout: 20_000 });
  });

  it("a citizen writes to 县长信箱 on the public site and gets a 查询码", async () => {
    const page = await (await e.browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${pubUrl}/hd/xzxx/`);
    await page.locator("#f-title").fill(WRITER.title);
    await page.locator("#f-content").fill(WRITER.content);
    await page.locator("#f-name").fill(WRITER.name);
    await page.locator("#f-phone").fill(WRITER.phone);
    await page.locator("#f-email").fill(WRITER.email);
    await page.locator("#f-address").fill(WRITER.address);
    await page.locator("#f-pub-yes").check();
    await page.locator(".hd-form button[type=submit]").click();
    const receipt = page.locator("#hd-receipt");
    await receipt.waitFor({ state: "visible", timeout: 60_000 });
    caseNo = (await receipt.locator(".hd-caseno").textContent())!.trim();
    queryCode = (await receipt.locator(".hd-code").textContent())!.trim();
    expect(caseNo).toMatch(/^HD\d{10}$/);
    expect(queryCode).toMatch(/^[2-9A-Z]{10}$/);
  });

  it("the centre finds it in the inbox with its countdown and forwards it to the commission", async () => {
    const page = await signIn(e, CENTRE);
    await openCaseFromIntake(page, caseNo);
    expect(await status(page)).toBe("received");
    // The forward and reply deadlines run from receipt.
    await expect.poll(() => page.getByTestId("letter-deadlines").locator('[data-testid="stage-countdown"]').count()).toBe(2);
    await pickMany(page, "forward-units", UNIT);
    await field(page, "forward-instruction").fill("请核实情况后按期答复。");
    await page.getByTestId("forward-submit").click();
    await page.locator(`[data-testid="assignment"][data-unit="${UNIT}"]`).waitFor({ timeout: 20_000 });
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe("forwarded");
    // The 转办 stage has ended; only the reply countdown remains.
    await expect.poll(() => page.getByTestId("letter-deadlines").locator('[data-testid="stage-countdown"]').count()).toBe(1);
    expect(await page.getByTestId("letter-deadlines").locator('[data-testid="stage-countdown"]').getAttribute("data-stage")).toBe("reply");
  });

  it("the commission's 信息员 drafts the reply and sends it to the leader", async () => {
    const page = await signIn(e, HANDLER);
    await openCase(page, caseNo);
    const card = page.locator(`[data-testid="assignment"][data-unit="${UNIT}"]`);
    await card.getByTestId("reply-form").waitFor({ timeout: 20_000 });
    await card.getByTestId("reply-text").fill(REPLY);
    await card.getByTestId("reply-submit").click();
    await expect.poll(() => card.getAttribute("data-status"), { timeout: 20_000 }).toBe("in_review");
  });

  it("the 办公室主任 approves and the reply is sent", async () => {
    const page = await signIn(e, LEADER);
    await openCase(page, caseNo);
    const card = page.locator(`[data-testid="assignment"][data-unit="${UNIT}"]`);
    await card.getByTestId("reply-review").waitFor({ timeout: 20_000 });
    expect(await field(page, "review-text").inputValue()).toBe(REPLY);
    await card.getByTestId("reply-approve").click();
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe("replied");
    await expect.poll(() => page.getByTestId("reply-sent").first().textContent()).toBe(REPLY);
  });

  it("the centre publishes the de-identified letter; the case page shows every step with its date", async () => {
    const page = await signIn(e, CENTRE);
    await openCase(page, caseNo);
    const preview = page.getByTestId("publication-preview");
    await preview.waitFor({ timeout: 20_000 });
    // Personal data is masked in the public version.
    const published = `${await preview.textContent()}`;
    for (const secret of ["13812345678", "500242199001011234", "wxm@example.com", "王小明"]) expect(published).not.toContain(secret);
    await page.getByTestId("letter-publish").click();
    await page.getByTestId("letter-publish-confirm").click();
    await page.getByTestId("letter-published").waitFor({ timeout: 20_000 });

    const entries = page.getByTestId("letter-history").getByTestId("history-entry");
    await expect.poll(() => entries.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(7);
    const steps: Array<[string, RegExp]> = [
      ["submitted", /提交留言/],
      ["accepted", /已受理/],
      ["forwarded", new RegExp(`已转办至：${UNIT}`)],
      ["reply_submitted", /送单位领导审核/],
      ["reply_approved", /审定答复/],
      ["replied", new RegExp(`答复部门：${UNIT}`)],
      ["published", /公开/],
    ];
    let last = "";
    for (const [action, summary] of steps) {
      const entry = page.locator(`[data-testid="history-entry"][data-action="${action}"]`).first();
      const text = `${await entry.textContent()}`;
      expect(text, action).toMatch(summary);
      const at = `${await entry.getByTestId("history-at").textContent()}`;
      const date = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.exec(at)?.[0];
      expect(date, `${action} has a date`).toBeTruthy();
      // Steps are in order of time.
      expect(date! >= last, action).toBe(true);
      last = date!;
    }
    const realName = (u: string) => account(e, u).realName;
    expect(await page.locator('[data-testid="history-entry"][data-action="reply_submitted"]').textContent()).toContain(realName(HANDLER));
    expect(await page.locator('[data-testid="history-entry"][data-action="reply_approved"]').textContent()).toContain(realName(LEADER));
    expect(await page.locator('[data-testid="history-entry"][data-action="published"]').textContent()).toContain(realName(CENTRE));
  });

  it("on the public site the 查询码 shows the reply, and 留言选登 carries the letter with its dates", async () => {
    const page = await (await e.browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${pubUrl}/hd/cx.html`);
    await page.getByLabel("受理编号").fill(caseNo);
    await page.getByLabel("查询码").fill(queryCode);
    await page.getByRole("button", { name: "查询" }).click();
    const result = page.locator("#hd-result");
    await result.waitFor({ state: "visible", timeout: 20_000 });
    expect(await result.locator(".hd-state").textContent()).toBe("已答复");
    const text = `${await result.textContent()}`;
    expect(text).toContain(REPLY);
    expect(text).toContain(UNIT);

    // Publication queued a re-render of the portal's interaction pages; the worker applies it.
    await processPublishEvents(e.svc);
    await page.goto(`${pubUrl}/hd/lyxd.html`);
    const entry = page.locator(`article.hd-letter:has(h3#l-${caseNo})`);
    await entry.waitFor({ timeout: 20_000 });
    const t = `${await entry.textContent()}`;
    expect(t).toContain(WRITER.title);
    expect(t).toMatch(/受理日期\s*\d{4}-\d{2}-\d{2}/);
    expect(t).toMatch(/答复日期\s*\d{4}-\d{2}-\d{2}/);
    expect(t).toContain(UNIT);
    expect(t).toContain(REPLY);
    const html = await page.content();
    for (const secret of [WRITER.name, WRITER.phone, WRITER.email]) expect(html, secret).not.toContain(secret);
  });

  it("the centre's other pages: FAQ from the letter, templates, statistics with charts, participation, 依申请公开 and 表三", async () => {
    const page = await signIn(e, CENTRE);
    await openCase(page, caseNo);
    await page.getByTestId("letter-promote").click();
    await page.waitForURL(/\/interaction\/faq$/, { timeout: 20_000 });
    await page.locator('[data-testid="faq-row"][data-status="draft"]').first().waitFor({ timeout: 20_000 });
    // The promoted entry carries no personal data of the writer.
    expect(await page.getByTestId("faq-list").textContent()).not.toContain("13812345678");

    await page.getByTestId("nav-interaction-templates").click();
    await page.getByTestId("template-new").click();
    await field(page, "template-title").fill("道路积水类答复");
    await field(page, "template-body").fill("您反映的道路积水问题已收悉，我单位将会同有关部门及时处理。");
    await page.getByTestId("template-submit").click();
    await expect.poll(() => page.getByTestId("template-item").count(), { timeout: 20_000 }).toBe(1);

    await page.getByTestId("nav-interaction-statistics").click();
    await page.getByTestId("stats-summary").waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId("stats-units").textContent(), { timeout: 20_000 }).toContain(UNIT);
    await page.getByTestId("stats-chart-volume").locator("canvas").first().waitFor({ timeout: 20_000 });

    await page.getByTestId("nav-interaction-participation").click();
    await page.getByTestId("solicitation-list").waitFor({ timeout: 20_000 });

    await page.getByTestId("nav-disclosure").click();
    await page.getByTestId("disclosure-list").waitFor({ timeout: 20_000 });
    await page.getByTestId("nav-disclosure-annual-table").click();
    await page.getByTestId("table3-balanced").waitFor({ timeout: 20_000 });
  });

  it("依申请公开: the commission registers a counter application, accepts and answers it, the leader approves, delivery is recorded, 表三 counts it", async () => {
    const clerk = await signIn(e, HANDLER);
    await clerk.getByTestId("nav-disclosure").click();
    await clerk.getByTestId("disclosure-register").click();
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const date = clerk.getByLabel("提交日期");
    await date.click();
    await date.fill(today);
    await date.press("Enter");
    await expect.poll(() => clerk.getByTestId("disclosure-receipt-rule").textContent()).toContain("当面提交的，以提交之日为收到申请之日");
    await clerk.getByLabel("姓名").fill("李建华");
    await clerk.getByLabel("身份证件号码").fill("500242198805061234");
    await clerk.getByLabel("联系电话").fill("13900001111");
    await clerk.getByLabel("通信地址").fill("示范县城南街道建设路 18 号");
    await clerk.getByLabel("所需信息的名称、文号或者便于查询的其他特征性描述").fill("示范县2025年重点建设项目投资计划");
    await clerk.getByTestId("disclosure-register-submit").click();
    await clerk.waitForURL(/\/disclosure\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    await expect.poll(() => clerk.getByTestId("disclosure-status").getAttribute("data-status"), { timeout: 20_000 }).toBe("received");
    expect(await clerk.getByTestId("disclosure-received").textContent()).toBe(today);
    const dCase = `${await clerk.getByTestId("disclosure-case-no").textContent()}`;
    // 补正告知 and 答复 deadlines run from the receipt date.
    await expect.poll(() => clerk.getByTestId("disclosure-deadline").count()).toBe(2);

    await clerk.getByTestId("disclosure-accept").click();
    await expect.poll(() => clerk.getByTestId("disclosure-status").getAttribute("data-status"), { timeout: 20_000 }).toBe("in_progress");
    await pickOption(clerk, "disclosure-outcome-select", "予以公开");
    await field(clerk, "disclosure-answer-text").fill("经审查，您申请的信息属于公开范围，现予以公开，随本告知书一并寄送。");
    await clerk.getByTestId("disclosure-answer-submit").click();
    await expect.poll(() => clerk.getByTestId("disclosure-status").getAttribute("data-status"), { timeout: 20_000 }).toBe("answer_review");

    const leader = await signIn(e, LEADER);
    await leader.getByTestId("nav-disclosure").click();
    const row = leader.locator(`[data-testid="disclosure-row"][data-case-no="${dCase}"]`);
    await row.waitFor({ timeout: 20_000 });
    await row.getByTestId("disclosure-open").click();
    await leader.getByTestId("disclosure-approve").click();
    await leader.getByTestId("disclosure-approve-confirm").click();
    await expect.poll(() => leader.getByTestId("disclosure-status").getAttribute("data-status"), { timeout: 20_000 }).toBe("answered");
    expect(await leader.getByTestId("disclosure-outcome").textContent()).toBe("予以公开");

    await clerk.reload();
    await clerk.getByTestId("disclosure-delivery").click();
    await field(clerk, "delivery-note").fill("EMS 邮寄，运单号 1234567890123");
    await clerk.getByTestId("delivery-form-confirm").click();
    await expect.poll(() => clerk.getByTestId("disclosure-delivered").textContent(), { timeout: 20_000 }).toContain("1234567890123");
    const actions = await clerk.getByTestId("disclosure-history").getByTestId("history-entry").evaluateAll((els) => els.map((el) => el.getAttribute("data-action")));
    expect(actions).toEqual(["received", "accepted", "answer_drafted", "answered", "delivered"]);

    await clerk.getByTestId("nav-disclosure-annual-table").click();
    await clerk.getByTestId("table3-balanced").waitFor({ timeout: 20_000 });
    const disclosed = clerk.getByTestId("table3").locator("tr", { hasText: "（一）予以公开" }).locator("td");
    // Columns: label, 自然人, five kinds of organisation, 总计.
    await expect.poll(() => disclosed.allTextContents(), { timeout: 20_000 }).toEqual(["（一）予以公开", "1", "0", "0", "0", "0", "0", "1"]);
  }, 180_000);
});

/** The centre's view: the 待受理 box lists the new letter with a green countdown. */
async function openCaseFromIntake(page: Page, caseNo: string) {
  await page.getByTestId("nav-interaction-letters").click();
  await page.getByTestId("letters-box").getByText("待受理（运维中心）").click();
  const row = page.locator(`[data-testid="letter-row"][data-case-no="${caseNo}"]`);
  await row.waitFor({ timeout: 20_000 });
  expect(await row.locator('[data-testid="stage-countdown"][data-stage="forward"]').getAttribute("data-overdue")).toBe("false");
  await row.getByTestId("letter-open").click();
  await expect.poll(() => page.getByTestId("letter-case-no").textContent(), { timeout: 20_000 }).toBe(caseNo);
}

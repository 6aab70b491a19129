// 政民互动 on the public site, in Chromium: the demo county's portal published with its channels and
// served by the public role. A citizen writes to 县长信箱 (keyboard only; the proof-of-work is
// solved by the page's worker) and gets a 查询码; the operating centre forwards the letter, the
// education committee drafts and its leader approves, the centre publishes it; the publish event
// re-renders the static pages, so 查询 shows the reply and 留言选登 lists it with its dates and
// without personal data. Also: the 依申请公开 and 找错 forms, a missing field's Chinese message,
// and axe-core on the form pages.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Services } from "../apps/server/src/services.ts";
import { processPublishEvents } from "../apps/server/src/modules/publishing/run.ts";
import { Client } from "../apps/server/src/testing/harness.ts";
import { disclosureApplications, interactionChannels, interviewQuestions, letters, publishEvents, sites, solicitationComments, surveyResponses, units } from "../apps/server/src/db/schema.ts";
import { account, axeViolations, startE2E, startPublicSite, type E2E } from "./support.ts";

// A 1×1 PNG for the 找错 screenshot.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

let e: E2E;
let svc: Services;
let url = "";
let portalId = "";

beforeAll(async () => {
  // The console is not needed: the staff's steps go through the API.
  e = await startE2E({ console: false });
  svc = e.svc;
  const [portal] = await svc.db.select().from(sites).where(eq(sites.code, "portal"));
  portalId = portal!.id;
  // The demo county opens 县长信箱, 咨询, 投诉, 建议, 找错, 依申请公开, 意见征集, 问卷调查 and 在线访谈.
  const open = await svc.db.select({ slug: interactionChannels.slug }).from(interactionChannels).where(eq(interactionChannels.siteId, portalId));
  expect(open.map((c) => c.slug)).toEqual(expect.arrayContaining(["xzxx", "zhaocuo", "ysqgk", "wjdc", "yjzj", "zxft"]));
  url = (await startPublicSite(e, { siteCode: "portal", interaction: true })).url;
}, 300_000);

afterAll(() => e?.close());

/** Script errors of the pages opened by the current test: there must be none. */
const pageErrors: string[] = [];

async function newPage(): Promise<Page> {
  const ctx = await e.browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  page.on("pageerror", (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  return page;
}

async function staff(username: string, ip: string) {
  const c = new Client(e.app, ip);
  await c.login(account(e, username));
  return c;
}

const countLetters = async () => ((await svc.db.select({ n: sql<number>`count(*)::int` }).from(letters)) as [{ n: number }])[0].n;

/** Tabs until the element has focus (keyboard-only use of the form). */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 80; i++) {
    if (await page.locator(selector).evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`could not reach ${selector} with the keyboard`);
}

describe("政民互动 on the public site", () => {
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });
  let caseNo = "";
  let code = "";

  it("the homepage links the mailbox; a missing field is refused in Chinese and files nothing", async () => {
    const page = await newPage();
    await page.goto(`${url}/`);
    await page.locator(".block-interaction").getByRole("link", { name: "县长信箱" }).click();
    await page.waitForURL(/\/hd\/xzxx\/$/);
    expect(await page.locator("h1").textContent()).toBe("县长信箱");
    expect(await axeViolations(page)).toEqual([]);

    const before = await countLetters();
    await page.getByLabel("留言内容").fill("学校门口的人行横道没有信号灯，上下学时段车流量大，学生过马路很危险。");
    await page.getByRole("button", { name: "提交" }).click();
    const summary = page.locator(".hd-errors");
    await summary.waitFor({ state: "visible" });
    expect(await summary.textContent()).toContain("请填写标题");
    expect(await page.getByLabel("标题").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#f-title-err").textContent()).toBe("请填写标题");
    expect(await summary.textContent()).toContain("请选择是否同意公开");
    // The summary takes focus so a screen reader announces it.
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await countLetters()).toBe(before);
    await page.context().close();
  });

  it("a citizen writes to 县长信箱 with the keyboard only and gets a 查询码", async () => {
    const page = await newPage();
    await page.goto(`${url}/hd/xzxx/`);
    await page.keyboard.press("Tab"); // skip link first
    await tabTo(page, "#f-title");
    await page.keyboard.type("关于学校门口增设人行横道信号灯的建议");
    await page.keyboard.press("Tab");
    await page.keyboard.type("实验小学门口的人行横道没有信号灯，上下学时段车流量大，学生过马路很危险，建议增设信号灯并安排交通协管员。");
    await tabTo(page, "#f-name");
    await page.keyboard.type("赵晓东");
    await page.keyboard.press("Tab");
    await page.keyboard.type("13912345678");
    await tabTo(page, "#f-pub-yes");
    await page.keyboard.press("Space");
    expect(await page.locator("#f-pub-yes").isChecked()).toBe(true);
    await tabTo(page, ".hd-form button[type=submit]");
    await page.keyboard.press("Enter");
    // A second press while the first submission runs must not file a second case.
    await page.keyboard.press("Enter");

    const receipt = page.locator("#hd-receipt");
    await receipt.waitFor({ state: "visible", timeout: 60_000 });
    caseNo = (await receipt.locator(".hd-caseno").textContent())!.trim();
    code = (await receipt.locator(".hd-code").textContent())!.trim();
    expect(caseNo).toMatch(/^HD\d{10}$/);
    expect(code).toMatch(/^[2-9A-Z]{10}$/);
    expect(await receipt.textContent()).toContain("请记下或截图保存受理编号和查询码");
    expect(await receipt.evaluate((el) => el === document.activeElement)).toBe(true);
    const rows = await svc.db.select().from(letters).where(eq(letters.caseNo, caseNo));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.publicAllowed).toBe(true);
    expect(rows[0]!.writerPhone).toBe("13912345678");
    expect(await countLetters()).toBe(1);

    // 查询 right away: received, no reply yet.
    await receipt.getByRole("link", { name: "查询办理进度" }).click();
    await page.waitForURL(/\/hd\/cx\.html\?caseNo=/);
    expect(await page.getByLabel("受理编号").inputValue()).toBe(caseNo);
    await page.getByLabel("查询码").fill(code);
    await page.getByRole("button", { name: "查询" }).click();
    await page.locator("#hd-result").waitFor({ state: "visible" });
    expect(await page.locator("#hd-result .hd-state").textContent()).toBe("待受理");
    await page.context().close();
  });

  it("the centre forwards, the unit drafts, its leader approves, the centre publishes", async () => {
    const centre = await staff("dzzw_yangfan", "10.9.0.1");
    const inbox = await centre.get("/api/interaction/letters?box=intake");
    expect(inbox.status, JSON.stringify(inbox.body)).toBe(200);
    const item = inbox.body.items.find((x: { caseNo: string }) => x.caseNo === caseNo);
    expect(item).toBeTruthy();
    const [jw] = await svc.db.select().from(units).where(eq(units.name, "示范县教育委员会"));
    const fwd = await centre.post(`/api/interaction/letters/${item.id}/forward`, { units: [{ unitId: jw!.id }], instruction: "请县教委会同交警部门研究答复" });
    expect(fwd.status, JSON.stringify(fwd.body)).toBe(200);

    const drafter = await staff("jw_guoyulan", "10.9.0.2");
    const cas = await drafter.get(`/api/interaction/letters/${item.id}`);
    expect(cas.status, JSON.stringify(cas.body)).toBe(200);
    const part = cas.body.assignments.find((a: { unitId: string; status: string }) => a.unitId === jw!.id && a.status === "handling");
    const draft = await drafter.post(`/api/interaction/assignments/${part.id}/draft`, { text: "您好！您反映的实验小学门口过街安全问题，我委已会同县公安局交通巡逻警察大队现场查看，将于本学期内增设人行横道信号灯，并在上下学时段安排护学岗。感谢您的关心。", submit: true });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    const leader = await staff("jw_zhengshuang", "10.9.0.3");
    const ok = await leader.post(`/api/interaction/assignments/${part.id}/review`, { decision: "approve" });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.sent).toBe(true);

    const published = await centre.post(`/api/interaction/letters/${item.id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    // Publication queued a re-render of the site's interaction pages.
    const queued = await svc.db.select().from(publishEvents).where(and(eq(publishEvents.siteId, portalId), eq(publishEvents.kind, "interaction"), isNull(publishEvents.processedAt)));
    expect(queued.length).toBe(1);
    const r = await processPublishEvents(svc);
    expect(r.events).toBeGreaterThanOrEqual(1);
  });

  it("查询 shows the reply; 留言选登 lists it with its dates and without personal data", async () => {
    const page = await newPage();
    await page.goto(`${url}/hd/cx.html`);
    await page.getByLabel("受理编号").fill(caseNo);
    await page.getByLabel("查询码").fill(code);
    await page.keyboard.press("Enter");
    const result = page.locator("#hd-result");
    await result.waitFor({ state: "visible" });
    expect(await result.locator(".hd-state").textContent()).toBe("已答复");
    const text = (await result.textContent())!;
    expect(text).toContain("本学期内增设人行横道信号灯");
    expect(text).toContain("示范县教育委员会");
    // The writer rates the reply.
    await page.getByLabel("满意", { exact: true }).check();
    await page.getByRole("button", { name: "提交评价" }).click();
    await page.getByText("感谢您的评价！").waitFor();

    await page.goto(`${url}/hd/lyxd.html`);
    const entry = page.locator(`article.hd-letter:has(h3#l-${caseNo})`);
    await entry.waitFor();
    const t = (await entry.textContent())!;
    expect(t).toContain("关于学校门口增设人行横道信号灯的建议");
    expect(t).toMatch(/受理日期\s*\d{4}-\d{2}-\d{2}/);
    expect(t).toMatch(/答复日期\s*\d{4}-\d{2}-\d{2}/);
    expect(t).toContain("示范县教育委员会");
    expect(t).toContain("将于本学期内增设人行横道信号灯");
    const html = await page.content();
    for (const secret of ["赵晓东", "13912345678"]) expect(html, secret).not.toContain(secret);
    expect(await page.locator(".hd-stats").textContent()).toContain("已办结");
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("依申请公开: the application of 第二十九条 is filed, with identity fields by applicant type", async () => {
    const page = await newPage();
    await page.goto(`${url}/`);
    await page.locator(".block-disclosure").getByRole("link", { name: "依申请公开" }).click();
    await page.waitForURL(/\/hd\/ysqgk\/$/);
    // Fields of the other identity stay hidden until it is chosen.
    expect(await page.locator("#f-orgCode").isVisible()).toBe(false);
    await page.getByLabel("受理机关").selectOption({ label: "示范县教育委员会" });
    await page.getByLabel("法人或者其他组织").check();
    expect(await page.locator("#f-orgCode").isVisible()).toBe(true);
    await page.getByLabel("公民", { exact: true }).check();
    expect(await page.locator("#f-orgCode").isVisible()).toBe(false);
    await page.locator("#f-n-name").fill("钱文静");
    await page.getByLabel("证件号码").fill("500242199203154321");
    await page.getByLabel("联系电话").fill("13698765432");
    await page.getByLabel(/所需政府信息的名称/).fill("2024 年度全县义务教育阶段学校布局调整方案");
    await page.getByLabel("电子", { exact: true }).check();
    await page.getByLabel("电子邮件").check();
    // Delivery by e-mail needs the address.
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.locator(".hd-errors").waitFor({ state: "visible" });
    expect(await page.locator(".hd-errors").textContent()).toContain("选择电子邮件获取的，请填写电子邮箱");
    await page.getByLabel("电子邮箱").fill("qwj@example.com");
    await page.getByRole("button", { name: "提交申请" }).click();
    const receipt = page.locator("#hd-receipt");
    await receipt.waitFor({ state: "visible", timeout: 60_000 });
    const no = (await receipt.locator(".hd-caseno").textContent())!.trim();
    expect(no).toMatch(/^YS\d{10}$/);
    expect(await receipt.locator(".hd-code").textContent()).toMatch(/^[2-9A-Z]{10}$/);
    const [a] = await svc.db.select().from(disclosureApplications).where(eq(disclosureApplications.caseNo, no));
    expect(a).toMatchObject({ applicantType: "natural", applicantName: "钱文静", idNumber: "500242199203154321", form: "electronic", delivery: "email", email: "qwj@example.com", channel: "online" });
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("我为政府网站找错: page address, description and a screenshot", async () => {
    const page = await newPage();
    await page.goto(`${url}/hd/zhaocuo/`);
    await page.getByLabel("出错页面网址").fill("ftp://bad");
    await page.getByLabel("问题概述").fill("政策文件栏目链接打不开");
    await page.getByLabel("问题描述").fill("政务公开栏目下的政策文件列表第二页点击后显示页面不存在。");
    await page.getByRole("textbox", { name: "姓名", exact: true }).fill("孙一");
    await page.getByLabel("联系电话").fill("023-64561234");
    await page.getByLabel("不同意公开").check();
    await page.getByRole("button", { name: "提交" }).click();
    await page.locator(".hd-errors").waitFor({ state: "visible" });
    expect(await page.locator("#f-pageUrl-err").textContent()).toContain("请填写出错页面的完整网址");
    await page.getByLabel("出错页面网址").fill(`${url}/zwgk/`);
    await page.getByLabel("页面截图（选填）").setInputFiles({ name: "shot.png", mimeType: "image/png", buffer: PNG });
    await page.getByRole("button", { name: "提交" }).click();
    const receipt = page.locator("#hd-receipt");
    await receipt.waitFor({ state: "visible", timeout: 60_000 });
    const no = (await receipt.locator(".hd-caseno").textContent())!.trim();
    const [l] = await svc.db.select().from(letters).where(eq(letters.caseNo, no));
    expect(l).toMatchObject({ kind: "error_report", pageUrl: `${url}/zwgk/`, publicAllowed: false });
    await page.context().close();
  });

  it("the question box answers from the knowledge base, or passes the question on to the mailbox", async () => {
    const page = await newPage();
    await page.goto(`${url}/hd/`);
    await page.getByLabel("您的问题").fill("新生儿医保参保需要带什么材料");
    await page.getByRole("button", { name: "查找答复" }).click();
    const fallback = page.locator("#hd-faq-fallback");
    await fallback.waitFor({ state: "visible" });
    expect(await page.locator("#hd-faq-result").textContent()).toContain("知识库中暂未找到相关答复");
    await fallback.getByRole("link", { name: "县长信箱" }).click();
    await page.waitForURL(/\/hd\/xzxx\/\?q=/);
    expect(await page.getByLabel("留言内容").inputValue()).toBe("新生儿医保参保需要带什么材料");
    await page.context().close();
  });

  it("问卷调查: a conditional question appears only when it applies", async () => {
    const centre = await staff("dzzw_yangfan", "10.9.0.4");
    const [gov] = await svc.db.select().from(units).where(eq(units.name, "示范县人民政府办公室"));
    const opensAt = new Date(Date.now() - 3_600_000).toISOString();
    const closesAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const sv = await centre.post(`/api/sites/${portalId}/surveys`, {
      title: "城区公交线路优化问卷调查",
      unitId: gov!.id,
      opensAt,
      closesAt,
      questions: [
        { key: "ride", type: "single", title: "您是否经常乘坐城区公交？", required: true, options: [{ key: "yes", label: "经常乘坐" }, { key: "no", label: "很少乘坐" }] },
        { key: "line", type: "multiple", title: "您常坐哪些线路？", required: true, options: [{ key: "l1", label: "1 路" }, { key: "l2", label: "2 路" }], showIf: { question: "ride", anyOf: ["yes"] } },
        { key: "score", type: "rating", title: "您对公交服务的总体评价", max: 5 },
      ],
    });
    expect(sv.status, JSON.stringify(sv.body)).toBe(201);
    expect((await centre.post(`/api/surveys/${sv.body.id}/publish`, {})).status).toBe(200);

    const page = await newPage();
    await page.goto(`${url}/hd/wjdc/`);
    await page.getByRole("link", { name: "城区公交线路优化问卷调查" }).click();
    await page.getByRole("heading", { name: "参与调查" }).waitFor();
    // The follow-up question appears only for regular riders.
    expect(await page.getByLabel("1 路").isVisible()).toBe(false);
    await page.getByLabel("很少乘坐").check();
    expect(await page.getByLabel("1 路").isVisible()).toBe(false);
    await page.getByLabel("经常乘坐").check();
    expect(await page.getByLabel("1 路").isVisible()).toBe(true);
    await page.getByRole("button", { name: "提交答卷" }).click();
    await page.locator(".hd-errors").waitFor({ state: "visible" });
    expect(await page.locator(".hd-errors").textContent()).toContain("请回答：您常坐哪些线路？");
    await page.getByLabel("2 路").check();
    await page.getByLabel("4 分").check();
    await page.getByRole("button", { name: "提交答卷" }).click();
    await page.getByText("感谢您参与调查！").waitFor({ timeout: 60_000 });
    const [resp] = await svc.db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, sv.body.id));
    expect(resp!.answers).toEqual({ ride: "yes", line: ["l2"], score: 4 });
    await page.context().close();
  }, 180_000);

  it("意见征集: a comment anchored to the selected passage", async () => {
    const centre = await staff("dzzw_yangfan", "10.9.0.5");
    const [gov] = await svc.db.select().from(units).where(eq(units.name, "示范县人民政府办公室"));
    const opensAt = new Date(Date.now() - 3_600_000).toISOString();
    const closesAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const page = await newPage();
    const so = await centre.post(`/api/sites/${portalId}/solicitations`, {
      title: "示范县城区养犬管理办法（征求意见稿）",
      unitId: gov!.id,
      text: "第一条 为加强养犬管理，保障公民健康和人身安全，制定本办法。\n第二条 城区内携犬出户的，应当为犬只佩戴犬牌并束犬链。",
      opensAt,
      closesAt,
    });
    expect(so.status, JSON.stringify(so.body)).toBe(201);
    expect((await centre.post(`/api/solicitations/${so.body.id}/publish`)).status).toBe(200);
    await page.goto(`${url}/hd/yjzj/?id=${so.body.id}`);
    const para = page.locator("#para-1");
    await para.waitFor();
    // Select "束犬链" in the second article, then comment on it.
    await para.evaluate((el) => {
      const t = el.firstChild!;
      const i = t.textContent!.indexOf("束犬链");
      const r = document.createRange();
      r.setStart(t, i);
      r.setEnd(t, i + 3);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(r);
    });
    await page.getByRole("button", { name: "对本段提意见" }).nth(1).click();
    expect(await page.locator(".hd-part-form").textContent()).toContain("“束犬链”");
    await page.getByLabel("意见内容").fill("建议明确犬链长度不超过 1.5 米。");
    await page.getByRole("button", { name: "提交意见" }).click();
    await page.getByText("您的意见已提交").waitFor({ timeout: 60_000 });
    const [c] = await svc.db.select().from(solicitationComments).where(eq(solicitationComments.solicitationId, so.body.id));
    expect(c).toMatchObject({ paragraph: 1, quote: "束犬链", content: "建议明确犬链长度不超过 1.5 米。" });
    await page.context().close();
  }, 180_000);

  it("在线访谈: the announcement takes questions; answered ones are shown", async () => {
    const centre = await staff("dzzw_yangfan", "10.9.0.6");
    const [gov] = await svc.db.select().from(units).where(eq(units.name, "示范县人民政府办公室"));
    const startsAt = new Date(Date.now() + 4 * 86_400_000);
    const iv = await centre.post(`/api/sites/${portalId}/interviews`, {
      title: "县教委负责人谈秋季学期招生入学",
      guests: "县教育委员会副主任 刘明",
      unitId: gov!.id,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
    });
    expect(iv.status, JSON.stringify(iv.body)).toBe(201);
    expect((await centre.post(`/api/interviews/${iv.body.id}/announce`)).status).toBe(200);
    const page = await newPage();
    await page.goto(`${url}/hd/zxft/`);
    await page.getByRole("link", { name: "县教委负责人谈秋季学期招生入学" }).click();
    await page.getByLabel("您的问题").fill("外地务工人员子女在城区入学需要哪些材料？");
    await page.getByRole("button", { name: "提交问题" }).click();
    await page.getByText("您的问题已提交").waitFor({ timeout: 60_000 });
    const [q] = await svc.db.select().from(interviewQuestions).where(eq(interviewQuestions.interviewId, iv.body.id));
    expect(q!.content).toBe("外地务工人员子女在城区入学需要哪些材料？");
    const ans = await centre.post(`/api/interview-questions/${q!.id}/moderate`, { decision: "answer", answer: "需提供居住证明和务工证明，具体可咨询县教委基础教育科。", answeredBy: "刘明" });
    expect(ans.status, JSON.stringify(ans.body)).toBe(200);
    await page.reload();
    await page.getByText("刘明：需提供居住证明和务工证明").waitFor();
    await page.context().close();
  }, 180_000);
});

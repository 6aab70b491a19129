// 举报假冒政府网站 on the demo county's portal, in Chromium, served by the public role as production
// builds it (buildPublicRole: files, the challenge and the report endpoint). A citizen follows the
// footer link, is told in Chinese what is missing, reports the portal's own address by mistake and
// sees the API's refusal beside the address field, then files the report and gets its case number.
// The traditional-script copy of the page runs the converted script: its messages are traditional.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { eq, sql } from "drizzle-orm";
import { counterfeitReports, sites } from "../apps/server/src/db/schema.ts";
import { rebuild } from "../apps/server/src/modules/publishing/run.ts";
import { buildPublicRole } from "../apps/server/src/http/public-cluster.ts";
import { toTraditional } from "../packages/publisher/src/hant.ts";
import { axeViolations, listen, startE2E, type E2E } from "./support.ts";

let e: E2E;
let url = "";
let domain = "";

beforeAll(async () => {
  e = await startE2E({ console: false });
  const [portal] = await e.svc.db.select().from(sites).where(eq(sites.code, "portal"));
  domain = portal!.domain;
  // The demo portal with its traditional-script copy switched on.
  await e.svc.db.update(sites).set({ settings: sql`${sites.settings} || '{"traditional": true}'::jsonb` }).where(eq(sites.id, portal!.id));
  const built = await rebuild(e.svc, { siteCode: "portal" });
  expect(built.failures).toEqual([]);
  const app = await buildPublicRole(e.svc.config, e.svc);
  e.onClose(() => app.close());
  url = await listen(app);
}, 300_000);

afterAll(() => e?.close());

const pageErrors: string[] = [];
afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

async function newPage(): Promise<Page> {
  const ctx = await e.browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  page.on("pageerror", (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  return page;
}

const reports = async () => ((await e.svc.db.select({ n: sql<number>`count(*)::int` }).from(counterfeitReports)) as [{ n: number }])[0].n;

describe("举报假冒政府网站 on the portal", () => {
  it("a citizen reports a counterfeit site from the footer link and gets a case number", async () => {
    const page = await newPage();
    await page.goto(`${url}/`);
    await page.locator(".site-footer").getByRole("link", { name: "举报假冒政府网站" }).click();
    await page.waitForURL(/\/hd\/jmwz\.html$/);
    expect(await page.locator("h1").textContent()).toBe("举报假冒政府网站");
    expect(await axeViolations(page)).toEqual([]);

    // Nothing filled in: refused in the page, nothing sent.
    await page.getByRole("button", { name: "提交举报" }).click();
    const summary = page.locator(".hd-errors");
    await summary.waitFor({ state: "visible" });
    expect(await summary.textContent()).toContain("请填写假冒网站的网址");
    expect(await summary.textContent()).toContain("请说明发现的情况");
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await summary.getByRole("link", { name: "请填写假冒网站的网址" }).getAttribute("href")).toBe("#f-url");
    expect(await page.getByLabel("假冒网站网址").getAttribute("aria-invalid")).toBe("true");
    expect(await reports()).toBe(0);

    // The portal's own address: the API refuses it, and the page says so beside the field.
    await page.getByLabel("假冒网站网址").fill(`http://${domain}/`);
    await page.getByLabel("情况说明").fill("这个网站要求填写身份证号码和银行卡号，声称可以补领社保卡。");
    await page.getByRole("button", { name: "提交举报" }).click();
    await page.locator("#f-url-err").filter({ hasText: "这是本平台的正式网站" }).waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toContain("正式域名");
    expect(await reports()).toBe(0);

    await page.getByLabel("假冒网站网址").fill("http://www.shifan-gov.example.com/sbk/");
    await page.getByLabel("该网站假冒的是").check();
    await page.getByLabel("联系电话或电子邮箱").fill("13912345678");
    await page.getByRole("button", { name: "提交举报" }).click();
    const receipt = page.locator("#hd-receipt");
    await receipt.waitFor({ state: "visible", timeout: 60_000 });
    expect(await receipt.locator("h2").textContent()).toBe("举报已提交");
    const caseNo = (await receipt.locator(".hd-caseno").textContent())!.trim();
    expect(caseNo).toMatch(/^JM\d{14}$/);
    expect(await receipt.evaluate((el) => el === document.activeElement)).toBe(true);
    const [row] = await e.svc.db.select().from(counterfeitReports).where(eq(counterfeitReports.caseNo, caseNo));
    expect(row).toMatchObject({ source: "public", host: "www.shifan-gov.example.com", reporterContact: "13912345678" });
    expect(row!.imitatedSiteId).not.toBeNull();
    await page.context().close();
  });

  it("the traditional-script page shows the script's messages in traditional script", async () => {
    const page = await newPage();
    await page.goto(`${url}/zh-hant/hd/jmwz.html`);
    expect(await page.locator("h1").textContent()).toBe(toTraditional("举报假冒政府网站"));
    await page.getByRole("button", { name: toTraditional("提交举报") }).click();
    const summary = page.locator(".hd-errors");
    await summary.waitFor({ state: "visible" });
    const text = (await summary.textContent())!;
    expect(text).toContain(toTraditional("请修改以下内容后再提交："));
    expect(text).toContain(toTraditional("请填写假冒网站的网址"));
    expect(text).not.toContain("请修改以下内容后再提交");

    await page.getByLabel(toTraditional("假冒网站网址")).fill("www.another-fake.example.com");
    await page.getByLabel(toTraditional("情况说明")).fill("冒用县政府名义发布招聘信息并收取报名费。");
    await page.getByRole("button", { name: toTraditional("提交举报") }).click();
    const receipt = page.locator("#hd-receipt");
    await receipt.waitFor({ state: "visible", timeout: 60_000 });
    expect(await receipt.locator("h2").textContent()).toBe("舉報已提交");
    expect(await receipt.textContent()).toContain(toTraditional("感谢您的监督！"));
    expect(await reports()).toBe(2);
    await page.context().close();
  });
});

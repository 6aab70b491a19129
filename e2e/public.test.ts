// The public site in Chromium, as a citizen uses it: the demo county published and served by the
// public role on loopback; homepage → column → article → search with the keyboard and the
// accessibility toolbar; axe-core on every page type of the default theme (the demo county for
// the common types, the publisher's fixture site for disclosure catalogue, guide and services,
// which the demo does not fill); the mourning grey mode and the traditional-script version.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { FastifyInstance } from "fastify";
import { and, eq } from "drizzle-orm";
import { publishSite, HANT_DIR } from "@govsite/publisher";
import { fixtureSnapshot, fixtureSubsite } from "../packages/publisher/src/testing/fixture.ts";
import { buildPublicApp, visitCollectorOf } from "../apps/server/src/http/public-app.ts";
import { visitDaily } from "../apps/server/src/db/schema.ts";
import { statDay } from "../apps/server/src/modules/statistics/visits.ts";
import { now } from "../apps/server/src/lib/clock.ts";
import type { Services } from "../apps/server/src/services.ts";
import { axeViolations, listen, startE2E, startPublicSite, type E2E } from "./support.ts";

let e: E2E;
let svc: Services;
let demoApp: FastifyInstance;
let demoUrl = "";
let fixtureUrl = "";
let browser: Browser;

beforeAll(async () => {
  e = await startE2E({ console: false, content: true });
  ({ svc, browser } = e);
  ({ app: demoApp, url: demoUrl } = await startPublicSite(e));

  // The fixture site: every page type, mourning on 2024-04-04, a traditional-script version.
  const fixtureDir = path.join(svc.config.dataDir, "fixture");
  mkdirSync(fixtureDir, { recursive: true });
  const portal = fixtureSnapshot();
  const sub = fixtureSubsite();
  await publishSite(portal, { outDir: path.join(fixtureDir, "portal"), compress: false });
  await publishSite(sub, { outDir: path.join(fixtureDir, "fgw"), compress: false });
  const route = (s: typeof portal) => ({ code: s.site.code, domain: s.site.domain, pathPrefix: s.site.pathPrefix, status: "running", kind: s.site.kind });
  writeFileSync(path.join(fixtureDir, "sites.json"), JSON.stringify({ sites: [route(portal), route(sub)] }));
  const fixtureApp = await buildPublicApp({ publishDir: fixtureDir });
  e.onClose(() => fixtureApp.close());
  fixtureUrl = await listen(fixtureApp);
}, 300_000);

afterAll(() => e?.close());

async function newPage(): Promise<Page> {
  const ctx = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
  return ctx.newPage();
}

async function expectAccessible(page: Page, url: string, label: string) {
  const res = await page.goto(url);
  expect(res, label).not.toBeNull();
  expect(await axeViolations(page), `${label} ${url}`).toEqual([]);
}

describe("public site in the browser", () => {
  it("homepage → column → article → search, with the keyboard and the accessibility toolbar", async () => {
    const page = await newPage();
    const res = await page.goto(`${demoUrl}/`);
    expect(res?.status()).toBe(200);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    // No cookie is ever set by the public site.
    expect(res?.headers()["set-cookie"]).toBeUndefined();

    // The skip link is the first stop of the keyboard and takes focus to the main content.
    await page.keyboard.press("Tab");
    const skip = page.locator("a.skip");
    await expect.poll(() => skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await skip.textContent()).toBe("跳到主要内容");
    const box = await skip.boundingBox();
    expect(box && box.y >= 0).toBe(true); // visible on focus, not left off-screen
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("main");

    // Accessibility toolbar: larger text and high contrast, remembered on the next page.
    const toggle = page.locator(".a11y-toggle");
    await toggle.click();
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    const fontBefore = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    await page.getByRole("button", { name: "放大字号" }).click();
    await expect.poll(() => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))).toBeGreaterThan(fontBefore);
    await page.getByRole("button", { name: "高对比度" }).click();
    expect(await page.getByRole("button", { name: "高对比度" }).getAttribute("aria-pressed")).toBe("true");
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(0, 0, 0)");
    expect(await axeViolations(page), "homepage in high contrast").toEqual([]);

    // A column from the main navigation.
    const navLink = page.locator("nav.site-nav a").filter({ hasText: "政务动态" }).first();
    const navCount = await navLink.count();
    const columnLink = navCount ? navLink : page.locator(".block-head a.more").first();
    await Promise.all([page.waitForURL((u) => u.pathname !== "/"), columnLink.click()]);
    expect(await page.locator("body").getAttribute("class")).toMatch(/page-(column|disclosure)/);
    expect(await page.evaluate(() => document.documentElement.classList.contains("hc"))).toBe(true);
    expect(await page.evaluate(() => document.documentElement.classList.contains("fs-1"))).toBe(true);
    await page.getByRole("button", { name: "恢复默认" }).click();
    expect(await page.evaluate(() => document.documentElement.classList.contains("hc"))).toBe(false);

    // An article from a column list.
    if (!(await page.locator("ul.items a").count())) {
      await Promise.all([page.waitForURL(/index\.html$|\/$/), page.locator(".side li a").first().click()]);
    }
    const first = page.locator("ul.items a").first();
    const title = (await first.textContent())!.trim();
    await Promise.all([page.waitForURL(/\.html$/), first.click()]);
    expect(await page.locator(".article-head h1").textContent()).toContain(title.replace(/…$/, "").slice(0, 8));
    expect(await page.locator('meta[name="ArticleTitle"]').getAttribute("content")).toBeTruthy();

    // Search from the header: a Chinese phrase, results with the words highlighted.
    await page.getByLabel("搜索本站").fill("营商环境");
    await Promise.all([page.waitForURL(/\/search\//), page.getByLabel("搜索本站").press("Enter")]);
    const status = page.locator("#search-status");
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/共找到 \d+ 条/);
    const hits = page.locator("#search-results em");
    await expect.poll(() => hits.count()).toBeGreaterThan(0);
    expect(await hits.first().textContent()).toMatch(/营商|环境/);
    expect(await page.locator("#search-results a").first().getAttribute("href")).toMatch(/\.html$/);
    expect(await axeViolations(page), "search results").toEqual([]);
    await page.context().close();
  });

  it("axe-core finds no serious or critical violation on the demo county's page types", async () => {
    const page = await newPage();
    await page.goto(`${demoUrl}/`);
    const columnHref = await page.locator(".block-head a.more").first().getAttribute("href");
    const articleHref = await page.locator("ul.items a").first().getAttribute("href");
    const pages: Array<[string, string]> = [
      ["homepage", `${demoUrl}/`],
      ["column list", new URL(columnHref!, demoUrl + "/").href],
      ["article", new URL(articleHref!, demoUrl + "/").href],
      ["disclosure", `${demoUrl}/xxgk/`],
      ["404", `${demoUrl}/no-such-page.html`],
      ["sub-site homepage", `${demoUrl}/fgw/`],
    ];
    for (const [label, url] of pages) await expectAccessible(page, url, label);
    // A sub-site article.
    await page.goto(`${demoUrl}/fgw/`);
    const subArticle = await page.locator("ul.items a").first().getAttribute("href");
    await expectAccessible(page, new URL(subArticle!, `${demoUrl}/fgw/`).href, "sub-site article");
    await page.context().close();
  });

  it("axe-core on the disclosure catalogue, guide, services, search and the sub-site theme of a full site", async () => {
    const page = await newPage();
    const pages: Array<[string, string]> = [
      ["homepage", `${fixtureUrl}/`],
      ["disclosure", `${fixtureUrl}/xxgk/`],
      ["disclosure guide", `${fixtureUrl}/xxgk/zn/`],
      ["disclosure catalogue", `${fixtureUrl}/xxgk/ml/gfxwj/`],
      ["services", `${fixtureUrl}/bsfw/`],
      ["service guide", `${fixtureUrl}/bsfw/s1.html`],
      ["search", `${fixtureUrl}/search/`],
      ["404", `${fixtureUrl}/nothing/here.html`],
      ["sub-site", `${fixtureUrl}/fgw/`],
      ["traditional script", `${fixtureUrl}/${HANT_DIR}/`],
    ];
    for (const [label, url] of pages) {
      const res = await page.goto(url);
      expect(res?.status(), `${label} ${url}`).toBe(label === "404" ? 404 : 200);
      expect(await axeViolations(page), `${label} ${url}`).toEqual([]);
    }
    await page.context().close();
  });

  it("counts page views through the beacon, without cookies or storage, and leaves the headless browser out", async () => {
    // The earlier tests browsed with HeadlessChrome's own user agent: a robot, never counted.
    await visitCollectorOf(demoApp)!.flush();
    const siteRow = async () =>
      (await svc.db.select().from(visitDaily).where(and(eq(visitDaily.day, statDay(now())), eq(visitDaily.siteCode, "portal"), eq(visitDaily.kind, "site"))))[0];
    expect(await siteRow()).toBeUndefined();

    const ctx = await browser.newContext({ locale: "zh-CN", userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36" });
    const page = await ctx.newPage();
    const beacons: string[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/api/public/hit")) beacons.push(r.postData() ?? "");
    });
    await page.goto(`${demoUrl}/`);
    await page.goto(`${demoUrl}/xxgk/`);
    await page.goto(`${demoUrl}/`);
    await expect.poll(() => beacons.length).toBe(3);
    expect(JSON.parse(beacons[1]!)).toEqual({ p: "/xxgk/" });
    expect(await ctx.cookies()).toEqual([]);
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k !== "govsite-a11y"));
    expect(stored).toEqual([]);
    await ctx.close();
    await expect
      .poll(async () => {
        await visitCollectorOf(demoApp)!.flush();
        const r = await siteRow();
        return r && [r.views, r.visitors];
      })
      .toEqual([3, 1]);
  });

  it("the mourning grey mode and the traditional-script version still render", async () => {
    const ctx = await browser.newContext({ locale: "zh-CN" });
    const page = await ctx.newPage();
    // On the mourning day (Beijing time) the page turns grey before it is painted.
    await page.clock.setFixedTime(new Date("2024-04-04T10:00:00+08:00"));
    await page.goto(`${fixtureUrl}/`);
    expect(await page.evaluate(() => document.documentElement.classList.contains("mourning"))).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.body).filter)).toBe("grayscale(1)");
    await page.clock.setFixedTime(new Date("2024-04-05T10:00:00+08:00"));
    await page.goto(`${fixtureUrl}/`);
    expect(await page.evaluate(() => document.documentElement.classList.contains("mourning"))).toBe(false);

    // The traditional-script version: its own lang, converted text, a link back.
    await page.goto(`${fixtureUrl}/`);
    const toHant = page.locator(`.topbar-links a[lang="zh-Hant"]`);
    await Promise.all([page.waitForURL(new RegExp(`/${HANT_DIR}/`)), toHant.click()]);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-Hant");
    expect(await page.locator(".brand-name").textContent()).toContain("縣");
    await ctx.close();
  });
});

// Theme overrides edited in the console: sandbox rules, validation (syntax with file and line,
// page-norm meta tags and footer), preview, save-and-publish through the outbox, history, restore,
// and who may do it.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq, isNull } from "drizzle-orm";
import { DEFAULT_THEMES_ROOT, checkOverride, loadTheme } from "@govsite/publisher";
import { Client, createHarness, makeSite, makeUnit, makeUser, type Harness, type TestUser } from "../../testing/harness.ts";
import { importStream } from "../content/import.ts";
import { auditLog, publishEvents, themeOverrides } from "../../db/schema.ts";
import { processPublishEvents, siteDir } from "../publishing/run.ts";

const root = `/tmp/govsite-themes-${process.pid}`;
let h: Harness;
let siteId: string;
let otherSiteId: string;
let admin: TestUser;
let otherAdmin: TestUser;
let c: Client;
const footer = readFileSync(path.join(DEFAULT_THEMES_ROOT, "default/partials/footer.liquid"), "utf8");

beforeAll(async () => {
  h = await createHarness({ config: { publishDir: `${root}/www`, dataDir: root } });
  const unit = await makeUnit(h.svc);
  siteId = (await makeSite(h.svc, unit.id, "tp")).id;
  otherSiteId = (await makeSite(h.svc, unit.id, "tq")).id;
  admin = await makeUser(h.svc, unit.id, [{ role: "site_admin", siteId }]);
  otherAdmin = await makeUser(h.svc, unit.id, [{ role: "site_admin", siteId: otherSiteId }]);
  const editor = await makeUser(h.svc, unit.id, [{ role: "editor", siteId }]);
  async function* lines() {
    for (let i = 1; i <= 3; i++) yield JSON.stringify({ column: "政务要闻", title: `主题测试第${i}条信息`, date: `2026-10-0${i}`, body: [`第${i}条正文。`] });
  }
  await importStream(h.svc, lines(), { siteCode: "tp", actor: { id: editor.id, name: "x", ip: "" } });
  await processPublishEvents(h.svc);
  c = new Client(h.app);
  await c.login(admin);
});
afterAll(async () => {
  await h.close();
  rmSync(root, { recursive: true, force: true });
});

const published = () => readFileSync(path.join(siteDir(h.svc, "tp"), "index.html"), "utf8");
const pending = async () => h.svc.db.select().from(publishEvents).where(and(eq(publishEvents.siteId, siteId), isNull(publishEvents.processedAt)));

describe("theme sandbox", () => {
  it("refuses traversal, unknown folders, oversized and binary files", () => {
    expect(checkOverride("partials/../../etc/passwd.liquid", "x")).toMatch(/不允许/);
    expect(checkOverride("/etc/passwd", "x")).toMatch(/不允许/);
    expect(checkOverride("scripts/x.liquid", "x")).toMatch(/layouts\/、partials\/ 或 templates\//);
    expect(checkOverride("assets/logo.png", "x")).toMatch(/文本文件/);
    expect(checkOverride("partials/footer.liquid", "x".repeat(200_001))).toMatch(/大小限制/);
    expect(checkOverride("assets/site-local.css", "a\u0000b")).toMatch(/二进制/);
    expect(checkOverride("partials/footer.liquid", "<p>好</p>")).toBeNull();
    expect(checkOverride("assets/site-local.css", "body{color:#333}")).toBeNull();
  });

  it("merges overrides over the theme chain and changes the theme hash", () => {
    const base = loadTheme(DEFAULT_THEMES_ROOT, "subsite");
    const over = loadTheme(DEFAULT_THEMES_ROOT, "subsite", { "partials/footer.liquid": "<footer>x</footer>", "assets/site-local.css": "p{}" });
    expect(over.templates["partials/footer.liquid"]).toBe("<footer>x</footer>");
    expect(over.templates["partials/header.liquid"]).toBe(base.templates["partials/header.liquid"]);
    expect(over.assets.get("site-local.css")?.content.toString()).toBe("p{}");
    expect(over.hash).not.toBe(base.hash);
    expect(() => loadTheme(DEFAULT_THEMES_ROOT, "subsite", { "assets/../../x.css": "" })).toThrow();
  });
});

describe("theme editor API", () => {
  it("lists inherited files and shows the base text read-only", async () => {
    const r = await c.get(`/api/themes/${siteId}`);
    expect(r.status).toBe(200);
    expect(r.body.files.find((f: { path: string }) => f.path === "partials/footer.liquid")).toMatchObject({ inherited: true, override: null });
    const f = await c.get(`/api/themes/${siteId}/file?path=partials/footer.liquid`);
    expect(f.body.inherited).toBe(footer);
    const bad = await c.get(`/api/themes/${siteId}/file?path=../../package.json`);
    expect(bad.status).toBe(400);
  });

  it("reports a Liquid syntax error with file and line and stores nothing", async () => {
    const r = await c.put(`/api/themes/${siteId}/override`, { path: "partials/footer.liquid", content: `${footer}\n{% if %}坏的{% endif %}` });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("THEME_INVALID");
    const line = footer.split("\n").length + 1;
    expect(r.body.error.message).toContain(`partials/footer.liquid 第 ${line} 行`);
    expect(r.body.error.issues[0].path).toBe(`partials/footer.liquid:${line}`);
    expect(r.body.error.message).toContain("表达式不完整或不合法");
    // A render-time error (a partial that does not exist) names the file and line too.
    const missing = await c.put(`/api/themes/${siteId}/override`, { path: "partials/footer.liquid", content: `${footer}\n{% include 'partials/none' %}` });
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toContain(`partials/footer.liquid 第 ${line} 行`);
    expect(await h.svc.db.select().from(themeOverrides)).toHaveLength(0);
    expect(await pending()).toHaveLength(0);
  });

  it("refuses templates that drop the norm's meta tags or footer elements", async () => {
    const base = readFileSync(path.join(DEFAULT_THEMES_ROOT, "default/layouts/base.liquid"), "utf8");
    const noMeta = await c.put(`/api/themes/${siteId}/override`, { path: "layouts/base.liquid", content: base.replace("{{ page.metaHtml | raw }}", "") });
    expect(noMeta.status).toBe(422);
    expect(noMeta.body.error.message).toContain("SiteIDCode");
    const noOwner = await c.put(`/api/themes/${siteId}/override`, { path: "partials/footer.liquid", content: footer.replace(/<span class="f-owner">.*?<\/span>/, "") });
    expect(noOwner.status).toBe(422);
    expect(noOwner.body.error.message).toContain("主办单位");
    const traversal = await c.put(`/api/themes/${siteId}/override`, { path: "../../../etc/x.liquid", content: "x" });
    expect(traversal.status).toBe(422);
    expect(await h.svc.db.select().from(themeOverrides)).toHaveLength(0);
  });

  it("previews a draft without publishing it, in a locked-down frame", async () => {
    const draft = { "partials/footer.liquid": footer.replace("</footer>", "<p class=\"local\">预览新增的一行</p></footer>") };
    const r = await c.post(`/api/themes/${siteId}/preview`, { draft, page: "article" });
    expect(r.status).toBe(200);
    expect(r.body.html).toContain("预览新增的一行");
    expect(r.body.html).toContain('name="ArticleTitle"');
    expect(r.body.html).not.toMatch(/<script/i);
    const frame = await c.get(`/api/themes/preview/${r.body.token}`);
    expect(frame.status).toBe(200);
    expect(frame.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(frame.raw.body).toContain("预览新增的一行");
    expect(published()).not.toContain("预览新增的一行");
    expect(await pending()).toHaveLength(0);
  });

  it("saves and publishes: audited, a rebuild is enqueued and the published page carries the change", async () => {
    const content = footer.replace("</footer>", "<p class=\"local\">本站特色：第一版</p></footer>");
    const r = await c.put(`/api/themes/${siteId}/override`, { path: "partials/footer.liquid", content, expectedVersion: null });
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(1);
    expect((await pending()).map((e) => e.kind)).toEqual(["site"]);
    await processPublishEvents(h.svc);
    expect(published()).toContain("本站特色：第一版");
    const [a] = await h.svc.db.select().from(auditLog).where(eq(auditLog.action, "theme.save")).orderBy(desc(auditLog.seq)).limit(1);
    expect(a!.before).toBeNull();
    expect((a!.after as { content: string }).content).toBe(content);
    // A stale editor's save is refused.
    const stale = await c.put(`/api/themes/${siteId}/override`, { path: "partials/footer.liquid", content, expectedVersion: null });
    expect(stale.status).toBe(409);
  });

  it("keeps history, restores a version and deletes an override", async () => {
    const v2 = footer.replace("</footer>", "<p class=\"local\">本站特色：第二版</p></footer>");
    expect((await c.put(`/api/themes/${siteId}/override`, { path: "partials/footer.liquid", content: v2, expectedVersion: 1 })).status).toBe(200);
    await processPublishEvents(h.svc);
    expect(published()).toContain("第二版");
    const hist = await c.get(`/api/themes/${siteId}/history?path=partials/footer.liquid`);
    expect(hist.body.items.map((i: { version: number }) => i.version)).toEqual([2, 1]);
    const first = hist.body.items.find((i: { version: number }) => i.version === 1);
    const r = await c.post(`/api/themes/${siteId}/history/${first.id}/restore`);
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(3);
    await processPublishEvents(h.svc);
    expect(published()).toContain("第一版");
    expect(published()).not.toContain("第二版");
    const del = await c.post(`/api/themes/${siteId}/override/delete`, { path: "partials/footer.liquid" });
    expect(del.status).toBe(200);
    await processPublishEvents(h.svc);
    expect(published()).not.toContain("本站特色");
    expect(await h.svc.db.select().from(themeOverrides)).toHaveLength(0);
  });

  it("refuses another site's administrator", async () => {
    const o = new Client(h.app);
    await o.login(otherAdmin);
    expect((await o.get(`/api/themes/${siteId}`)).status).toBe(403);
    const r = await o.put(`/api/themes/${siteId}/override`, { path: "partials/footer.liquid", content: footer });
    expect(r.status).toBe(403);
    expect((await o.get(`/api/themes/${otherSiteId}`)).status).toBe(200);
  });
});

// Visit statistics: the beacon on the public role, counting without cookies, bots left out,
// batches flushed (also on shutdown), daily salts, and the admin report with site scope.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { Client, createHarness, makeSite, makeUnit, makeUser, type Harness, type TestUser } from "../../testing/harness.ts";
import { buildPublicApp, visitCollectorOf } from "../../http/public-app.ts";
import { visitDaily, visitSalts, visitSeen } from "../../db/schema.ts";
import { testClock } from "../../lib/clock.ts";
import { isBot, pageScopes, statDay, VisitCollector } from "./visits.ts";

const PUB = `/tmp/govsite-stats-test-${process.pid}`;
const BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
const PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

let h: Harness;
let pub: FastifyInstance;
let siteA: { id: string; code: string };
let siteB: { id: string; code: string };
let adminA: TestUser, supervisor: TestUser;

function page(code: string, rel: string) {
  const file = path.join(PUB, code, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, "<!doctype html><title>页面</title>");
}

beforeAll(async () => {
  h = await createHarness({ config: { publishDir: PUB, dataDir: `${PUB}-data` } });
  const unitA = (await makeUnit(h.svc, "统计甲单位")).id;
  const unitB = (await makeUnit(h.svc, "统计乙单位")).id;
  siteA = await makeSite(h.svc, unitA, "tja");
  siteB = await makeSite(h.svc, unitB, "tjb");
  adminA = await makeUser(h.svc, unitA, [{ role: "site_admin", siteId: siteA.id }]);
  supervisor = await makeUser(h.svc, unitA, [{ role: "supervisor" }]);
  rmSync(PUB, { recursive: true, force: true });
  page("tja", "index.html");
  page("tja", "zwdt/sfyw/index.html");
  page("tja", "zwdt/sfyw/202611/t20261120_a1.html");
  page("tja", "zh-hant/zwdt/sfyw/202611/t20261120_a1.html");
  page("tjb", "index.html");
  writeFileSync(
    path.join(PUB, "sites.json"),
    JSON.stringify({ sites: [{ code: "tja", domain: "www.shifan.gov.cn", pathPrefix: "/tja/" }, { code: "tjb", domain: "tjb.shifan.gov.cn", pathPrefix: "/" }] }),
  );
  // Flushed explicitly in the tests; the timer never fires within a test.
  pub = await buildPublicApp({ publishDir: PUB, svc: h.svc, statistics: { intervalMs: 3_600_000 } });
});

afterAll(async () => {
  testClock.reset();
  await pub?.close();
  await h?.close();
  rmSync(PUB, { recursive: true, force: true });
});
afterEach(() => testClock.reset());

const hit = (p: unknown, o: { ua?: string; ip?: string; host?: string; raw?: string } = {}) =>
  pub.inject({
    method: "POST",
    url: "/api/public/hit",
    headers: { host: o.host ?? "www.shifan.gov.cn", "content-type": "text/plain;charset=UTF-8", ...(o.ua === undefined ? { "user-agent": BROWSER } : o.ua ? { "user-agent": o.ua } : {}) },
    remoteAddress: o.ip ?? "203.0.113.10",
    payload: o.raw ?? JSON.stringify({ p }),
  });

async function counts(day: string, site: string) {
  const rows = await h.svc.db.select().from(visitDaily).where(and(eq(visitDaily.day, day), eq(visitDaily.siteCode, site)));
  return Object.fromEntries(rows.map((r) => [`${r.kind}:${r.key}`, [r.views, r.visitors]]));
}

describe("the visit beacon", () => {
  it("counts page views and unique visitors per site, column and page, without a cookie", async () => {
    testClock.freeze(new Date("2026-03-02T10:00:00+08:00"));
    const res = await hit("/tja/zwdt/sfyw/202611/t20261120_a1.html");
    expect(res.statusCode).toBe(204);
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(res.headers["cache-control"]).toBe("no-store");
    await hit("/tja/zwdt/sfyw/202611/t20261120_a1.html"); // the same visitor again
    await hit("/tja/zh-hant/zwdt/sfyw/202611/t20261120_a1.html", { ua: PHONE, ip: "198.51.100.7" }); // traditional copy, same page
    await hit("/tja/zwdt/sfyw/", { ua: PHONE, ip: "198.51.100.7" });
    await hit("/tja/", { ip: "198.51.100.8" });
    await hit("/", { host: "tjb.shifan.gov.cn" });
    await visitCollectorOf(pub)!.flush();

    expect(await counts("2026-03-02", "tja")).toEqual({
      "site:": [5, 3],
      "page:index.html": [1, 1],
      "page:zwdt/sfyw/index.html": [1, 1],
      "page:zwdt/sfyw/202611/t20261120_a1.html": [3, 2],
      "column:zwdt/sfyw": [4, 2],
    });
    expect(await counts("2026-03-02", "tjb")).toEqual({ "site:": [1, 1], "page:index.html": [1, 1] });
  });

  it("keeps a visitor unique across flushes of the same day, and counts them again the next day", async () => {
    testClock.freeze(new Date("2026-03-02T23:00:00+08:00"));
    await hit("/tja/", { ip: "198.51.100.8" }); // seen earlier today
    await visitCollectorOf(pub)!.flush();
    expect((await counts("2026-03-02", "tja"))["page:index.html"]).toEqual([2, 1]);

    testClock.freeze(new Date("2026-03-03T00:30:00+08:00")); // 16:30 UTC the day before: Beijing time decides
    await hit("/tja/", { ip: "198.51.100.8" });
    await visitCollectorOf(pub)!.flush();
    expect((await counts("2026-03-03", "tja"))["page:index.html"]).toEqual([1, 1]);
  });

  it("ignores crawlers, monitors and scripted clients", async () => {
    testClock.freeze(new Date("2026-03-04T09:00:00+08:00"));
    for (const ua of ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Mozilla/5.0 (compatible; Baiduspider/2.0)", "curl/8.5.0", "python-requests/2.31", "Mozilla/5.0 HeadlessChrome/120.0", ""]) {
      expect((await hit("/tja/", { ua })).statusCode).toBe(204);
    }
    expect(isBot(BROWSER)).toBe(false);
    expect(isBot("Mozilla/5.0 (compatible; YandexBot/3.0)")).toBe(true);
    await visitCollectorOf(pub)!.flush();
    expect(await counts("2026-03-04", "tja")).toEqual({});
  });

  it("counts nothing for bad input or pages that do not exist, and still answers 204", async () => {
    testClock.freeze(new Date("2026-03-05T09:00:00+08:00"));
    for (const r of [
      await hit("/tja/no-such-page.html"),
      await hit("/tja/../tjb/index.html"),
      await hit("relative.html"),
      await hit(42),
      await hit(null, { raw: "not json" }),
      await hit("/tja/%E0%A4%A"),
      await hit("/tja/" + "a".repeat(600) + ".html"),
    ])
      expect(r.statusCode).toBe(204);
    expect(visitCollectorOf(pub)!.pendingScopes).toBe(0);
    await visitCollectorOf(pub)!.flush();
    expect(await counts("2026-03-05", "tja")).toEqual({});
  });

  it("derives the column from the page path", () => {
    expect(pageScopes("zwdt/sfyw/202611/t20261120_a1.html")).toEqual({ page: "zwdt/sfyw/202611/t20261120_a1.html", column: "zwdt/sfyw" });
    expect(pageScopes("zh-hant/zwdt/sfyw/index_2.html")).toEqual({ page: "zwdt/sfyw/index_2.html", column: "zwdt/sfyw" });
    expect(pageScopes("")).toEqual({ page: "index.html", column: null });
    expect(pageScopes("xxgk/")).toEqual({ page: "xxgk/index.html", column: "xxgk" });
  });
});

describe("daily salts", () => {
  it("uses a new random salt each day, deletes the old one and the old day's visitor hashes", async () => {
    const c = new VisitCollector(h.svc);
    testClock.freeze(new Date("2026-04-01T12:00:00+08:00"));
    const first = await c.saltFor(statDay(new Date("2026-04-01T12:00:00+08:00")));
    expect(await c.saltFor("2026-04-01")).toBe(first);
    await c.record({ siteCode: "tja", path: "", ip: "203.0.113.20", userAgent: BROWSER });
    await c.flush();
    const hashDay1 = (await h.svc.db.select().from(visitSeen).where(eq(visitSeen.day, "2026-04-01")))[0]!.visitor;
    // Another process on the same day gets the same salt from the database.
    expect(await new VisitCollector(h.svc).saltFor("2026-04-01")).toBe(first);

    testClock.freeze(new Date("2026-04-02T12:00:00+08:00"));
    const second = await c.saltFor("2026-04-02");
    expect(second).not.toBe(first);
    expect(second.length).toBeGreaterThanOrEqual(40);
    expect((await h.svc.db.select().from(visitSalts)).map((s) => s.day)).toEqual(["2026-04-02"]);
    expect(await h.svc.db.select().from(visitSeen).where(eq(visitSeen.day, "2026-04-01"))).toEqual([]);
    await c.record({ siteCode: "tja", path: "", ip: "203.0.113.20", userAgent: BROWSER });
    await c.flush();
    const hashDay2 = (await h.svc.db.select().from(visitSeen).where(eq(visitSeen.day, "2026-04-02")))[0]!.visitor;
    expect(hashDay2).not.toBe(hashDay1); // the same person cannot be followed from one day to the next
    expect(hashDay2).not.toContain("203.0.113.20");
  });
});

describe("durability", () => {
  it("writes pending counts when the public role shuts down", async () => {
    testClock.freeze(new Date("2026-05-06T08:00:00+08:00"));
    const other = await buildPublicApp({ publishDir: PUB, svc: h.svc, statistics: { intervalMs: 3_600_000 } });
    await other.inject({ method: "POST", url: "/api/public/hit", headers: { host: "tjb.shifan.gov.cn", "user-agent": BROWSER, "content-type": "text/plain" }, payload: JSON.stringify({ p: "/" }) });
    expect(visitCollectorOf(other)!.pendingScopes).toBe(2);
    expect(await counts("2026-05-06", "tjb")).toEqual({});
    await other.close();
    expect(await counts("2026-05-06", "tjb")).toEqual({ "site:": [1, 1], "page:index.html": [1, 1] });
  });

  it("keeps the counts pending when the database refuses a flush, and writes them at the next one", async () => {
    testClock.freeze(new Date("2026-05-07T08:00:00+08:00"));
    const c = new VisitCollector(h.svc);
    await c.record({ siteCode: "tjb", path: "", ip: "203.0.113.30", userAgent: BROWSER });
    const db = h.svc.db;
    const realTx = db.transaction.bind(db);
    (db as { transaction: unknown }).transaction = async () => {
      throw new Error("database unavailable");
    };
    try {
      await expect(c.flush()).rejects.toThrow("database unavailable");
    } finally {
      (db as { transaction: unknown }).transaction = realTx;
    }
    expect(c.pendingScopes).toBe(2);
    await c.record({ siteCode: "tjb", path: "", ip: "203.0.113.31", userAgent: BROWSER });
    await c.flush();
    expect(await counts("2026-05-07", "tjb")).toEqual({ "site:": [2, 2], "page:index.html": [2, 2] });
  });
});

describe("the report in the console", () => {
  it("shows views and visitors by day, site, column and top pages, within the reader's sites", async () => {
    const sup = new Client(h.app, "10.30.0.1");
    await sup.login(supervisor);
    const r = await sup.get("/api/statistics/visits?from=2026-03-01&to=2026-03-03");
    expect(r.status).toBe(200);
    expect(r.body.days.map((d: { day: string }) => d.day)).toEqual(["2026-03-01", "2026-03-02", "2026-03-03"]);
    expect(r.body.days[1]).toEqual({ day: "2026-03-02", views: 7, visitors: 4 });
    expect(r.body.totals).toEqual({ views: 8, visitors: 5 });
    expect(r.body.sites.find((s: { code: string }) => s.code === "tja")).toMatchObject({ views: 7, visitors: 4 });
    expect(r.body.columns[0]).toMatchObject({ site: "tja", key: "zwdt/sfyw", views: 4, visitors: 2 });
    expect(r.body.topPages.find((p: { url: string }) => p.url.endsWith("a1.html"))).toMatchObject({ site: "tja", url: "/tja/zwdt/sfyw/202611/t20261120_a1.html", views: 3, visitors: 2 });

    const own = new Client(h.app, "10.30.0.2");
    await own.login(adminA);
    const mine = await own.get("/api/statistics/visits?from=2026-03-01&to=2026-03-03");
    expect(mine.body.sites.map((s: { code: string }) => s.code)).toEqual(["tja"]);
    expect(mine.body.totals).toEqual({ views: 7, visitors: 4 });
    const other = await own.get("/api/statistics/visits?site=tjb");
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain("本单位站点");

    for (const [q, msg] of [
      ["from=2026-03-05&to=2026-03-01", "起始日期不能晚于截止日期"],
      ["from=2025-01-01&to=2026-03-01", "不能超过一年"],
      ["from=2026-3-1", "日期格式"],
      ["site=nosuch", "不存在"],
    ] as const) {
      const bad = await sup.get(`/api/statistics/visits?${q}`);
      expect(bad.status, q).toBeGreaterThanOrEqual(400);
      expect(JSON.stringify(bad.body), q).toContain(msg);
    }
  });
});

// Monitoring against a real published fixture site on loopback: availability probes and their
// levels, tamper detection with automatic restore, and the full scan with findings per column.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm, writeFile, access } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { publishSite, readManifest } from "@govsite/publisher";
import { Client, createHarness, makeSite, makeUnit, makeUser, type Harness, type TestUser } from "../../testing/harness.ts";
import { auditLog, columns, documents, monitorFindings, monitorProbes, notifications, publishEvents, rectificationTickets, revisions, sites } from "../../db/schema.ts";
import { testClock } from "../../lib/clock.ts";
import { importStream } from "../content/import.ts";
import { buildSnapshot } from "../publishing/snapshot.ts";
import { availabilitySummary, runProbes } from "./availability.ts";
import { checkSiteIntegrity, pristineDir } from "./tamper.ts";
import { scanChangedSites, scanSite } from "./scan.ts";

let h: Harness;
let tmp: string;
let siteId: string;
let code: string;
let outDir: string;
let ownerUnit: string;
let newsUnit: string;
let supervisor: TestUser;
let server: http.Server;
let base = "";
let mode: "ok" | "fail" | "hang" | "defaced" = "ok";

async function publish() {
  await publishSite(await buildSnapshot(h.svc.db, siteId), { outDir });
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "govsite-monitoring-"));
  h = await createHarness({ config: { publishDir: path.join(tmp, "www"), dataDir: path.join(tmp, "data") } });
  ownerUnit = (await makeUnit(h.svc, "县政府办公室（监测测试）")).id;
  newsUnit = (await makeUnit(h.svc, "县融媒体中心（监测测试）")).id;
  code = "mon";
  const site = await makeSite(h.svc, ownerUnit, code);
  siteId = site.id;
  outDir = path.join(tmp, "www", code);
  supervisor = await makeUser(h.svc, ownerUnit, [{ role: "supervisor" }]);
  const editor = await makeUser(h.svc, ownerUnit, [{ role: "editor", siteId }]);
  async function* lines() {
    yield JSON.stringify({ column: "政务要闻", title: "县政府召开常务会议", date: "2026-10-20", body: ["会议研究部署近期重点工作。"] });
    yield JSON.stringify({ column: "政务要闻", title: "全县秋季森林防火工作会议召开", date: "2026-10-21", body: ["会议要求压实森林防火责任。"] });
  }
  await importStream(h.svc, lines(), { siteCode: code, actor: { id: editor.id, name: "测试", ip: "" } });
  // The news column belongs to another unit (栏目设置管理清单): its problems go to that unit.
  await h.svc.db.update(columns).set({ responsibleUnitId: newsUnit }).where(and(eq(columns.siteId, siteId), eq(columns.name, "政务要闻")));
  await publish();

  // The site as readers reach it: a loopback server that can answer, fail or hang.
  server = http.createServer(async (req, res) => {
    if (mode === "hang") return; // never answers
    if (mode === "fail") return res.writeHead(502).end("bad gateway");
    let rel = decodeURIComponent((req.url ?? "/").split("?")[0]!).replace(/^\/mon\//, "");
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    if (mode === "defaced" && rel === "index.html") return res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<html>被篡改的首页</html>");
    try {
      const body = await readFile(path.join(outDir, rel));
      res.writeHead(200).end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mon/`;
  await h.svc.db.update(sites).set({ settings: { monitorUrl: base } }).where(eq(sites.id, siteId));
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await h.close();
  await rm(tmp, { recursive: true, force: true });
});
afterEach(() => testClock.reset());

describe("availability probes", () => {
  it("counts failures into the 7-day ratio with warning at 3% and veto at 5%", async () => {
    testClock.freeze(new Date("2026-11-02T08:00:00+08:00"));
    const round = async () => {
      const r = await runProbes(h.svc, { siteIds: [siteId] });
      testClock.advance(30 * 60_000);
      return r;
    };
    const first = await round();
    const perRound = first.probed;
    expect(perRound).toBeGreaterThanOrEqual(2); // homepage and the key news column
    const urls = (await h.svc.db.select({ url: monitorProbes.url }).from(monitorProbes).where(eq(monitorProbes.siteId, siteId))).map((r) => r.url);
    expect(urls).toContain(base);
    for (let i = 1; i < 20; i++) await round();
    expect((await availabilitySummary(h.svc, siteId)).level).toBe("ok");

    mode = "fail";
    const failed = await round();
    expect(failed.failed).toBe(perRound);
    let s = await availabilitySummary(h.svc, siteId);
    expect(s.probes).toBe(21 * perRound);
    expect(s.failures).toBe(perRound);
    expect(s.ratio).toBeCloseTo(1 / 21); // 4.8%: above the 3% warning, below the 5% veto
    expect(s.level).toBe("warning");
    expect(s.lastFailureAt).not.toBeNull();
    let [finding] = await h.svc.db.select().from(monitorFindings).where(and(eq(monitorFindings.siteId, siteId), eq(monitorFindings.type, "unavailable"), eq(monitorFindings.status, "open")));
    expect(finding!.severity).toBe("warn");
    expect(finding!.ticketId).toBeTruthy();

    // A probe that gets no page within the profile's timeout is a failure too (timeout shortened for the test).
    mode = "hang";
    const saved = h.svc.profile.values.monitor.probeTimeoutSeconds;
    h.svc.profile.values.monitor.probeTimeoutSeconds = 1;
    try {
      const hung = await round();
      expect(hung.failed).toBe(perRound);
    } finally {
      h.svc.profile.values.monitor.probeTimeoutSeconds = saved;
      mode = "ok";
    }
    const [timeoutRow] = await h.svc.db.select().from(monitorProbes).where(and(eq(monitorProbes.siteId, siteId), eq(monitorProbes.ok, false), eq(monitorProbes.status, 0)));
    expect(timeoutRow!.error).toContain("未能打开");
    s = await availabilitySummary(h.svc, siteId);
    expect(s.failures).toBe(2 * perRound);
    expect(s.level).toBe("veto"); // 2 of 22 rounds: 9%
    [finding] = await h.svc.db.select().from(monitorFindings).where(and(eq(monitorFindings.siteId, siteId), eq(monitorFindings.type, "unavailable"), eq(monitorFindings.status, "open")));
    expect(finding!.severity).toBe("severe");
    expect(finding!.detail).toContain("单项否决");
    const [ticket] = await h.svc.db.select().from(rectificationTickets).where(eq(rectificationTickets.id, finding!.ticketId!));
    expect(ticket!.severity).toBe("severe");
    expect(ticket!.unitId).toBe(ownerUnit);

    // Eight days later the window holds none of these probes.
    const later = await availabilitySummary(h.svc, siteId, new Date(Date.parse("2026-11-10T12:00:00+08:00")));
    expect(later).toMatchObject({ probes: 0, failures: 0, ratio: 0, level: "ok" });
  }, 60_000);
});

describe("tamper detection", () => {
  it("restores a changed and a deleted file from the verified copy and moves an injected file away", async () => {
    const first = await checkSiteIntegrity(h.svc, siteId);
    expect(first!.changed).toEqual([]);
    expect(first!.harvested).toBeGreaterThan(0);
    const root = outDir;
    const original = await readFile(path.join(root, "index.html"));
    const manifest = await readManifest(outDir);
    const cssPath = [...manifest.keys()].find((p) => p.startsWith("assets/") && p.endsWith(".css"))!;
    const css = await readFile(path.join(root, cssPath));

    await writeFile(path.join(root, "index.html"), original.toString("utf8").replace("</body>", '<div style="display:none"><a href="http://bocai.example.com/">博彩</a></div></body>'));
    await rm(path.join(root, cssPath));
    await writeFile(path.join(root, "shell.php"), "<?php eval($_POST['x']); ?>");

    const r = await checkSiteIntegrity(h.svc, siteId);
    expect(r!.changed).toEqual(["index.html"]);
    expect(r!.missing).toEqual([cssPath]);
    expect(r!.extra).toEqual(["shell.php"]);
    expect(r!.restored.sort()).toEqual([cssPath, "index.html"].sort());
    expect(r!.quarantined).toEqual(["shell.php"]);
    expect(r!.unresolved).toEqual([]);
    expect(r!.rebuilt).toBe(false);
    expect((await readFile(path.join(root, "index.html"))).equals(original)).toBe(true);
    expect((await readFile(path.join(root, cssPath))).equals(css)).toBe(true);
    await expect(access(path.join(root, "shell.php"))).rejects.toThrow();
    await access(path.join(tmp, "data", "monitor", "quarantine", code)); // kept as evidence

    const [audit] = await h.svc.db.select().from(auditLog).where(and(eq(auditLog.action, "monitor.tamper_restore"), eq(auditLog.targetId, siteId)));
    expect(audit!.summary).toContain("index.html");
    const tamperFindings = await h.svc.db.select().from(monitorFindings).where(and(eq(monitorFindings.siteId, siteId), eq(monitorFindings.type, "tamper")));
    expect(tamperFindings.length).toBe(3);
    const home = tamperFindings.find((f) => f.rule === "tamper.changed")!;
    const [ticket] = await h.svc.db.select().from(rectificationTickets).where(eq(rectificationTickets.id, home.ticketId!));
    expect(ticket!.severity).toBe("severe");
    expect(ticket!.dueAt.getTime() - ticket!.createdAt.getTime()).toBe(3_600_000);
    const alerts = await h.svc.db.select().from(notifications).where(and(eq(notifications.userId, supervisor.id), eq(notifications.kind, "tamper_alert")));
    expect(alerts.length).toBe(1);

    // Changed again: the same finding and its open ticket, not a new one.
    await writeFile(path.join(root, "index.html"), "<html>hacked</html>");
    const again = await checkSiteIntegrity(h.svc, siteId);
    expect(again!.restored).toEqual(["index.html"]);
    expect((await readFile(path.join(root, "index.html"))).equals(original)).toBe(true);
    const [t2] = await h.svc.db.select().from(rectificationTickets).where(eq(rectificationTickets.id, home.ticketId!));
    expect(t2!.recurrences).toBe(1);
    const tickets = await h.svc.db.select().from(rectificationTickets).where(and(eq(rectificationTickets.siteId, siteId), eq(rectificationTickets.url, home.url)));
    expect(tickets.length).toBe(1);

    // A clean check closes the findings.
    const clean = await checkSiteIntegrity(h.svc, siteId);
    expect(clean!.changed).toEqual([]);
    const open = await h.svc.db.select().from(monitorFindings).where(and(eq(monitorFindings.siteId, siteId), eq(monitorFindings.type, "tamper"), eq(monitorFindings.status, "open")));
    expect(open).toEqual([]);
  }, 60_000);

  it("finds a page that differs only as readers get it through HTTP (proxy or cache layer)", async () => {
    mode = "defaced";
    try {
      const r = await checkSiteIntegrity(h.svc, siteId);
      expect(r!.changed).toEqual([]);
      expect(r!.http!.changed).toEqual(["index.html"]);
      expect(r!.http!.checked).toBeGreaterThan(5);
    } finally {
      mode = "ok";
    }
    const [f] = await h.svc.db.select().from(monitorFindings).where(and(eq(monitorFindings.siteId, siteId), eq(monitorFindings.rule, "tamper.http"), eq(monitorFindings.status, "open")));
    expect(f!.detail).toContain("经网络访问时内容与发布版本不一致");
    expect(f!.ticketId).toBeTruthy();
    const clean = await checkSiteIntegrity(h.svc, siteId);
    expect(clean!.http!.changed).toEqual([]);
  }, 60_000);

  it("re-renders the site when no verified copy exists, through the API for a duty officer", async () => {
    await rm(pristineDir(h.svc), { recursive: true, force: true });
    const original = await readFile(path.join(outDir, "index.html"));
    await writeFile(path.join(outDir, "index.html"), "<html>defaced</html>");
    const duty = await makeUser(h.svc, ownerUnit, [{ role: "duty_officer" }]);
    const c = new Client(h.app);
    await c.login(duty);
    const r = await c.post(`/api/monitoring/sites/${siteId}/tamper-check`);
    expect(r.status).toBe(200);
    expect(r.body.changed).toEqual(["index.html"]);
    expect(r.body.restored).toEqual([]);
    expect(r.body.rebuilt).toBe(true);
    expect(r.body.unresolved).toEqual([]);
    expect((await readFile(path.join(outDir, "index.html"))).equals(original)).toBe(true);
    const editor = await makeUser(h.svc, ownerUnit, [{ role: "editor", siteId }]);
    const e = new Client(h.app);
    await e.login(editor);
    const denied = await e.post(`/api/monitoring/sites/${siteId}/tamper-check`);
    expect(denied.status).toBe(403);
  }, 60_000);
});

describe("site scan", () => {
  it("reports broken in-site links with their pages and column, injected links and scripts, and links recurrences to the open ticket", async () => {
    const [doc] = await h.svc.db.select().from(documents).where(eq(documents.siteId, siteId)).limit(1);
    const [rev] = await h.svc.db.select().from(revisions).where(eq(revisions.id, doc!.liveRevisionId!));
    const good = rev!;
    // Another host: one page gone, one host that throttles everyone (must not be called broken).
    const ext = http.createServer((req, res) => {
      if (req.url?.startsWith("/busy")) return res.writeHead(429, { "retry-after": "3600" }).end();
      res.writeHead(404).end("not found");
    });
    await new Promise<void>((r) => ext.listen(0, "127.0.0.1", r));
    const extBase = `http://127.0.0.1:${(ext.address() as AddressInfo).port}`;
    const bad = `<p>参见<a href="${extBase}/gone.html">已撤下的外部页面</a>和<a href="${extBase}/busy.html">限流的外部网站</a>。</p><p>详见<a href="/mon/zwyw/nosuch.html">会议材料</a>。</p><p><span style="display:none"><a href="http://bocai.example.com/">在线博彩</a></span></p><script src="http://evil.example.net/x.js"></script>`;
    // Revisions are immutable: a new live revision carries the bad body.
    const [badRev] = await h.svc.db
      .insert(revisions)
      .values({ documentId: doc!.id, number: good.number + 1, fields: { ...good.fields, bodyHtml: `${String(good.fields.bodyHtml ?? "")}${bad}` }, text: good.text, createdBy: good.createdBy })
      .returning();
    await h.svc.db.update(documents).set({ liveRevisionId: badRev!.id }).where(eq(documents.id, doc!.id));
    await publish();

    // Only loopback links are requested (the sandbox has no outside network).
    const r = await scanSite(h.svc, siteId, undefined, { skipLinks: [/^https?:\/\/(?!127\.0\.0\.1[:/])/] });
    ext.closeAllConnections();
    ext.close();
    expect(r!.pages).toBeGreaterThan(2);
    const findings = await h.svc.db.select().from(monitorFindings).where(and(eq(monitorFindings.siteId, siteId), eq(monitorFindings.source, "scan"), eq(monitorFindings.status, "open")));
    const link = findings.find((f) => f.type === "broken_link" && f.url.endsWith("/mon/zwyw/nosuch.html"));
    expect(link, JSON.stringify(findings.map((f) => [f.type, f.url]))).toBeTruthy();
    const [news] = await h.svc.db.select().from(columns).where(and(eq(columns.siteId, siteId), eq(columns.name, "政务要闻")));
    expect(link!.columnId).toBe(news!.id);
    expect((link!.data.pages as Array<{ url: string }>).some((p) => p.url.includes(".html"))).toBe(true);
    const [ticket] = await h.svc.db.select().from(rectificationTickets).where(eq(rectificationTickets.id, link!.ticketId!));
    expect(ticket!.unitId).toBe(newsUnit);
    expect(findings.some((f) => f.type === "hidden_link")).toBe(true);
    expect(findings.some((f) => f.type === "foreign_script" && f.url.includes("evil.example.net"))).toBe(true);

    // External links over HTTP: the gone page is broken, with its page and column; the throttled host only suspected.
    const http404 = await h.svc.db.select().from(monitorFindings).where(and(eq(monitorFindings.siteId, siteId), eq(monitorFindings.source, "scan_http")));
    const gone = http404.find((f) => f.url === `${extBase}/gone.html`);
    expect(gone, JSON.stringify(http404.map((f) => [f.type, f.url]))).toBeTruthy();
    expect(gone!.type).toBe("broken_link");
    expect(gone!.columnId).toBe(news!.id);
    expect((gone!.data.pages as Array<{ url: string }>).length).toBeGreaterThan(0);
    const busy = http404.find((f) => f.url === `${extBase}/busy.html`);
    expect(busy!.type).toBe("suspected_link");
    expect(busy!.ticketId).toBeNull();

    // Scanned again: the same findings, counted on the same tickets.
    const r2 = await scanSite(h.svc, siteId, undefined, { external: false });
    expect(r2!.ticketsCreated).toBe(0);
    const [t2] = await h.svc.db.select().from(rectificationTickets).where(eq(rectificationTickets.id, link!.ticketId!));
    expect(t2!.recurrences).toBe(1);

    // Fixed and republished: the findings are resolved.
    await h.svc.db.update(documents).set({ liveRevisionId: good.id }).where(eq(documents.id, doc!.id));
    await publish();
    await scanSite(h.svc, siteId, undefined, { external: false });
    const [after] = await h.svc.db.select().from(monitorFindings).where(eq(monitorFindings.id, link!.id));
    expect(after!.status).toBe("resolved");

    // After a publish event is applied, the site is scanned again once (from disk, no HTTP).
    await h.svc.db.insert(publishEvents).values({ siteId, kind: "site", processedAt: new Date(Date.now() + 1000) });
    testClock.advance(2000);
    expect((await scanChangedSites(h.svc)).sites).toBe(1);
    expect((await scanChangedSites(h.svc)).sites).toBe(0);
  }, 60_000);
});

// 值班读网 and 假冒网站: the roster on the holiday calendar, who is on duty, patrols and the pages
// changed since the last patrol, incidents with follow-up, plans and drills, and the counterfeit
// report lifecycle including the public endpoint (proof of work, rate limit, validation).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Fastify, { type FastifyInstance } from "fastify";
import { and, eq } from "drizzle-orm";
import { Client, createHarness, makeColumn, makeSite, makeUnit, makeUser, type Harness, type TestUser } from "../../testing/harness.ts";
import { counterfeitReports, documents, notificationDispatch, notifications, publishEvents, revisions } from "../../db/schema.ts";
import { testClock } from "../../lib/clock.ts";
import { registerPublicInteraction } from "../../http/public-interaction.ts";
import { registerPublicDuty } from "../../http/duty-routes.ts";
import { solvedPow } from "../interaction/testing.ts";
import { onDuty } from "./roster.ts";

let h: Harness;
let pub: FastifyInstance;
let site: { id: string; code: string; domain: string };
let unitId = "";
const u: Record<string, TestUser> = {};
const c: Record<string, Client> = {};
const shift: Record<string, string> = {};

beforeAll(async () => {
  h = await createHarness();
  unitId = (await makeUnit(h.svc, "示范县大数据发展中心")).id;
  site = await makeSite(h.svc, unitId, "portal");
  const people: Record<string, Array<{ role: "duty_officer" | "supervisor" | "editor"; siteId?: string }>> = {
    supervisor: [{ role: "supervisor" }],
    officer: [{ role: "duty_officer" }],
    night: [{ role: "duty_officer" }],
    editor: [{ role: "editor", siteId: site.id }],
  };
  let n = 1;
  for (const [name, roles] of Object.entries(people)) {
    u[name] = await makeUser(h.svc, unitId, roles);
    c[name] = new Client(h.app, `10.72.0.${n++}`);
    await c[name]!.login(u[name]!);
  }
  pub = Fastify({ logger: false });
  await registerPublicInteraction(pub, h.svc, { pow: { maxNumber: 2000 } });
  await registerPublicDuty(pub, h.svc, { reports: { max: 4, windowMs: 60_000 } });
  await pub.ready();
});

afterAll(async () => {
  testClock.reset();
  await pub.close();
  await h.close();
});

describe("roster", () => {
  it("sets up shifts; only the supervising office arranges duty", async () => {
    const day = await c.supervisor!.post("/api/duty/shifts", { name: "白班", startTime: "08:30", endTime: "17:30", sort: 1 });
    expect(day.status).toBe(201);
    shift.day = day.body.id;
    const night = await c.supervisor!.post("/api/duty/shifts", { name: "夜班", startTime: "17:30", endTime: "08:30", sort: 2 });
    shift.night = night.body.id;
    expect((await c.supervisor!.post("/api/duty/shifts", { name: "白班", startTime: "09:00", endTime: "18:00" })).status).toBe(409);
    const bad = await c.supervisor!.post("/api/duty/shifts", { name: "早班", startTime: "8:30", endTime: "25:00" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["endTime", "startTime"]);
    const forbidden = await c.officer!.post("/api/duty/shifts", { name: "中班", startTime: "12:00", endTime: "20:00" });
    expect(forbidden.status).toBe(403);
    expect((await c.editor!.get("/api/duty/roster?month=2025-10")).status).toBe(403);
    expect((await c.officer!.get("/api/duty/shifts")).body.items).toHaveLength(2);
  });

  it("shows the month on the holiday calendar with holiday gaps emphasised", async () => {
    expect((await c.supervisor!.post("/api/duty/assignments", { day: "2025-10-01", shiftId: shift.day, userId: u.officer!.id })).status).toBe(201);
    expect((await c.supervisor!.post("/api/duty/assignments", { day: "2025-10-01", shiftId: shift.night, userId: u.night!.id })).status).toBe(201);
    expect((await c.supervisor!.post("/api/duty/assignments", { day: "2025-10-01", shiftId: shift.night, userId: u.supervisor!.id, role: "leader" })).status).toBe(201);
    expect((await c.supervisor!.post("/api/duty/assignments", { day: "2025-10-11", shiftId: shift.day, userId: u.officer!.id })).status).toBe(201);
    // Bad input, each refused in Chinese, nothing stored.
    const notDuty = await c.supervisor!.post("/api/duty/assignments", { day: "2025-10-02", shiftId: shift.day, userId: u.editor!.id });
    expect(notDuty.status).toBe(400);
    expect(notDuty.body.error.message).toContain("没有“值班员”角色");
    expect((await c.supervisor!.post("/api/duty/assignments", { day: "2025-10-01", shiftId: shift.day, userId: u.officer!.id })).status).toBe(409);
    expect((await c.supervisor!.post("/api/duty/assignments", { day: "2025-13-01", shiftId: shift.day, userId: u.officer!.id })).body.error.message).toContain("日期格式");

    const r = await c.officer!.get("/api/duty/roster?month=2025-10");
    expect(r.status).toBe(200);
    const d = (date: string) => r.body.days.find((x: { date: string }) => x.date === date);
    expect(r.body.days).toHaveLength(31);
    expect(d("2025-10-01")).toMatchObject({ kind: "holiday", emphasis: "holiday", weekday: "星期三" });
    expect(d("2025-10-01").label).toContain("国庆");
    expect(d("2025-10-11")).toMatchObject({ kind: "makeup_workday", emphasis: "makeup" });
    expect(d("2025-10-11").label).toContain("调休");
    expect(d("2025-10-15")).toMatchObject({ kind: "workday", emphasis: "none" });
    // 1 October: the day shift has an officer but no leader; the night shift is complete.
    const [dayShift, nightShift] = d("2025-10-01").shifts;
    expect(dayShift.problems).toEqual(["节假日未安排带班领导"]);
    expect(nightShift.problems).toEqual([]);
    expect(nightShift.people.map((p: { role: string }) => p.role).sort()).toEqual(["leader", "officer"]);
    // 11 October, a make-up working day, needs no leader; its night shift is empty.
    expect(d("2025-10-11").shifts[0].problems).toEqual([]);
    expect(d("2025-10-11").shifts[1].problems).toEqual(["无人值班"]);
    expect(r.body.summary.holidays).toBeGreaterThanOrEqual(7);
    expect(r.body.summary.makeupWorkdays).toBe(1);
    expect(r.body.gaps.filter((g: { emphasis: string }) => g.emphasis === "holiday").length).toBe(r.body.summary.holidayProblems);
    expect((await c.officer!.get("/api/duty/roster?month=2025-1")).status).toBe(400);
    // The person is told of the assignment.
    const told = await h.svc.db.select().from(notifications).where(and(eq(notifications.userId, u.night!.id), eq(notifications.kind, "duty_assignment")));
    expect(told[0]!.title).toContain("夜班");
  });

  it("knows who is on duty, a night shift running into the next morning", async () => {
    const at = (s: string) => new Date(s);
    expect((await onDuty(h.svc, at("2025-10-01T10:00:00+08:00"))).map((p) => p.userId)).toEqual([u.officer!.id]);
    expect((await onDuty(h.svc, at("2025-10-02T07:59:00+08:00"))).map((p) => p.userId).sort()).toEqual([u.night!.id, u.supervisor!.id].sort());
    expect(await onDuty(h.svc, at("2025-10-02T08:30:00+08:00"))).toEqual([]);
  });
});

describe("patrols", () => {
  let seq = 0;
  async function publish(title: string, kind = "publish") {
    const col = await makeColumn(h.svc, site.id, unitId);
    const [d] = await h.svc.db.insert(documents).values({ siteId: site.id, ownerUnitId: unitId, type: "news", state: "published", createdBy: u.editor!.id, firstPublishedAt: new Date("2025-10-20T02:00:00Z") }).returning();
    const [rev] = await h.svc.db.insert(revisions).values({ documentId: d!.id, number: 1, fields: { title, primaryColumnId: col.id }, createdBy: u.editor!.id }).returning();
    await h.svc.db.update(documents).set({ liveRevisionId: rev!.id }).where(eq(documents.id, d!.id));
    const [e] = await h.svc.db.insert(publishEvents).values({ siteId: site.id, documentId: d!.id, kind }).returning();
    seq = e!.seq;
    return { id: d!.id, slug: col.slug };
  }

  it("lists the pages changed since the last patrol and records what was read", async () => {
    const a = await publish("示范县召开秋季森林防火工作会议");
    const b = await publish("关于2025年国庆节放假安排的通知");
    let view = await c.officer!.get("/api/duty/patrol-view");
    expect(view.status).toBe(200);
    expect(view.body.lastPatrol).toBeNull();
    expect(view.body.changes.map((x: { title: string }) => x.title).sort()).toEqual(["关于2025年国庆节放假安排的通知", "示范县召开秋季森林防火工作会议"]);
    const pageA = view.body.changes.find((x: { documentId: string }) => x.documentId === a.id);
    expect(pageA.url).toBe(`http://127.0.0.1:3001/portal/${a.slug}/202510/t20251020_${a.id.replace(/-/g, "").slice(0, 12)}.html`);
    expect(pageA.kindName).toBe("发布或更新");

    // Refused: nothing read, a problem without findings, a range beyond the publish log.
    const base = { startedAt: new Date(Date.now() - 600_000).toISOString(), upToSeq: view.body.upToSeq };
    expect((await c.officer!.post("/api/duty/patrols", { ...base, pages: [] })).body.error.message).toContain("至少登记一个");
    const noFindings = await c.officer!.post("/api/duty/patrols", { ...base, pages: [{ url: pageA.url, title: pageA.title, result: "problem" }] });
    expect(noFindings.status).toBe(400);
    expect(noFindings.body.error.message).toContain("请填写发现的问题");
    expect((await c.officer!.post("/api/duty/patrols", { ...base, upToSeq: seq + 100, pages: [{ url: pageA.url, result: "ok" }] })).body.error.message).toContain("巡查范围无效");
    expect((await c.officer!.get("/api/duty/patrols")).body.total).toBe(0);

    const ok = await c.officer!.post("/api/duty/patrols", {
      ...base,
      pages: view.body.changes.map((x: { url: string; title: string; documentId: string }) => ({ url: x.url, title: x.title, documentId: x.documentId, result: x.documentId === b.id ? "problem" : "ok" })),
      findings: "《关于2025年国庆节放假安排的通知》正文日期有误，已电话告知信息员更正。",
    });
    expect(ok.status).toBe(201);
    expect(ok.body.result).toBe("problems");

    // Only what changed after the patrol shows next time — including a withdrawal.
    const c2 = await publish("示范县第三季度重点项目进展情况");
    await h.svc.db.insert(publishEvents).values({ siteId: site.id, documentId: a.id, kind: "withdraw" });
    view = await c.night!.get("/api/duty/patrol-view");
    expect(view.body.lastPatrol.by).toContain("测试");
    expect(view.body.changes.map((x: { documentId: string; kind: string }) => [x.documentId, x.kind]).sort()).toEqual([[a.id, "withdraw"], [c2.id, "publish"]].sort());
    const list = await c.supervisor!.get("/api/duty/patrols?result=problems");
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].pages).toHaveLength(2);
  });
});

describe("incidents and public opinion", () => {
  it("records, follows up and closes; a 重大 record is urgent for every duty officer", async () => {
    const bad = await c.officer!.post("/api/duty/incidents", { kind: "rumour", title: "", occurredAt: "昨天", description: "短" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.length).toBeGreaterThanOrEqual(3);
    const r = await c.officer!.post("/api/duty/incidents", {
      kind: "opinion",
      level: "critical",
      title: "网传示范县某小区自来水污染",
      source: "微博",
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      description: "网民发帖称幸福小区自来水浑浊有异味，转发量较大。",
      siteId: site.id,
    });
    expect(r.status).toBe(201);
    const told = await h.svc.db.select({ userId: notificationDispatch.userId, severity: notificationDispatch.severity }).from(notificationDispatch).where(eq(notificationDispatch.kind, "duty_incident"));
    expect(told.map((t) => t.userId).sort()).toEqual([u.supervisor!.id, u.night!.id].sort());
    expect(told.every((t) => t.severity === "urgent")).toBe(true);

    const id = r.body.id;
    expect((await c.night!.post(`/api/duty/incidents/${id}/entries`, { content: "已联系县水务公司核实，正在取样检测。" })).status).toBe(201);
    const noConclusion = await c.supervisor!.post(`/api/duty/incidents/${id}/entries`, { content: "检测合格。", close: true });
    expect(noConclusion.status).toBe(400);
    expect(noConclusion.body.error.message).toContain("处置结果");
    const closed = await c.supervisor!.post(`/api/duty/incidents/${id}/entries`, { content: "检测结果合格，已在门户网站发布说明。", close: true, conclusion: "经检测水质合格，系管网检修后短时浑浊，已发布权威信息回应。" });
    expect(closed.body).toMatchObject({ status: "closed" });
    expect(closed.body.entries).toHaveLength(2);
    expect((await c.officer!.post(`/api/duty/incidents/${id}/entries`, { content: "补充" })).status).toBe(409);
    const list = await c.officer!.get("/api/duty/incidents?kind=opinion");
    expect(list.body.items[0]).toMatchObject({ title: "网传示范县某小区自来水污染", entries: 2, status: "closed" });
  });
});

describe("emergency plans and drills", () => {
  it("keeps plan documents through the media module and records drills", async () => {
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    const boundary = "----duty" + Date.now();
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="网站安全应急预案.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const up = await c.supervisor!.req("POST", "/api/duty/documents", payload, { "content-type": `multipart/form-data; boundary=${boundary}` });
    expect(up.status).toBe(201);
    const mediaId = up.body.media.id;
    expect((await c.officer!.post("/api/duty/plans", { title: "示范县政府网站安全事件应急预案" })).status).toBe(403);
    expect((await c.supervisor!.post("/api/duty/plans", { title: "示范县政府网站安全事件应急预案", mediaIds: ["00000000-0000-4000-8000-000000000000"] })).body.error.message).toContain("附件不存在");
    const plan = await c.supervisor!.post("/api/duty/plans", { title: "示范县政府网站安全事件应急预案", scope: "县政府门户网站及各部门网站", version: "2025版", approvedOn: "2025-03-01", mediaIds: [mediaId] });
    expect(plan.status).toBe(201);
    const future = await c.officer!.post(`/api/duty/plans/${plan.body.id}/drills`, { heldOn: "2099-01-01", scenario: "首页被篡改" });
    expect(future.status).toBe(400);
    expect(future.body.error.message).toContain("不能晚于今天");
    const drill = await c.officer!.post(`/api/duty/plans/${plan.body.id}/drills`, { heldOn: "2025-06-18", scenario: "模拟首页被篡改，启动应急响应", participants: "电子政务中心、县委网信办", outcome: "15 分钟内恢复", problems: "夜间联系人电话未更新" });
    expect(drill.status).toBe(201);
    const got = await c.officer!.get(`/api/duty/plans/${plan.body.id}`);
    expect(got.body.files.map((f: { originalName: string }) => f.originalName)).toEqual(["网站安全应急预案.pdf"]);
    expect(got.body.drills).toHaveLength(1);
    const list = await c.officer!.get("/api/duty/plans");
    expect(list.body.items[0]).toMatchObject({ drills: 1, lastDrillOn: "2025-06-18" });
  });
});

describe("counterfeit sites", () => {
  const post = (body: unknown, ip = "203.0.113.5") => pub.inject({ method: "POST", url: "/api/public/counterfeit-reports", payload: body as object, remoteAddress: ip });

  it("takes reports from the public with proof of work, validated, rate-limited", async () => {
    const noPow = await post({ url: "http://www.shifan-gov.cn.example.com/", description: "仿冒县政府网站收取办证费用" });
    expect(noPow.statusCode).toBe(400);
    expect(noPow.json().error.code).toBe("CHALLENGE_FAILED");
    const badUrl = await post({ url: "不是网址", description: "短", pow: await solvedPow(pub, "203.0.113.6") }, "203.0.113.6");
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["description", "url"]);
    const ours = await post({ url: `http://${site.domain}/portal/`, description: "这个网站看起来像政府网站", pow: await solvedPow(pub, "203.0.113.7") }, "203.0.113.7");
    expect(ours.statusCode).toBe(400);
    expect(ours.json().error.message).toContain("正式域名");
    expect(await h.svc.db.select().from(counterfeitReports)).toHaveLength(0);

    const pow = await solvedPow(pub, "203.0.113.8");
    const ok = await post({ url: "www.shifan-gov.cn.example.com/bz/index.html", description: "该网站冒用示范县人民政府名义收取办证费用。", name: "李先生", contact: "13800001111", site: "portal", pow }, "203.0.113.8");
    expect(ok.statusCode).toBe(201);
    expect(ok.json().caseNo).toMatch(/^JM\d{14}$/);
    const replay = await post({ url: "www.other-fake.example.com", description: "另一个假冒网站，冒用名义。", pow }, "203.0.113.8");
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.message).toContain("已使用过");
    const [row] = await h.svc.db.select().from(counterfeitReports);
    expect(row).toMatchObject({ source: "public", host: "www.shifan-gov.cn.example.com", url: "http://www.shifan-gov.cn.example.com/bz/index.html", imitatedSiteId: site.id, reporterIp: "203.0.113.8", status: "received" });
    // The duty officers and the supervising office are told (nobody is on duty at test time).
    const told = await h.svc.db.select({ userId: notifications.userId }).from(notifications).where(eq(notifications.kind, "counterfeit_report"));
    expect(told.map((t) => t.userId).sort()).toEqual([u.officer!.id, u.night!.id, u.supervisor!.id].sort());
    // Five from one address within the window: the fifth is refused before any work.
    for (let i = 0; i < 3; i++) await post({}, "203.0.113.9");
    const limited = await post({}, "203.0.113.9");
    expect(limited.statusCode).toBe(400);
    const over = await post({}, "203.0.113.9");
    expect(over.statusCode).toBe(429);
    expect(over.json().error.message).toContain("提交过于频繁");
  });

  it("is handled step by step to an outcome", async () => {
    const staff = await c.officer!.post("/api/duty/counterfeit", { url: "https://shifan-gov.example.net", description: "巡查中发现仿冒门户网站的页面。", imitatedSiteId: site.id });
    expect(staff.status).toBe(201);
    const id = staff.body.id;
    const step = (who: Client, body: unknown) => who.post(`/api/duty/counterfeit/${id}/steps`, body);
    expect((await step(c.officer!, { step: "offline", note: "已下线" })).status).toBe(409);
    expect((await step(c.officer!, { step: "verify", note: "" })).body.error.message).toContain("请填写处置情况");
    expect((await step(c.officer!, { step: "verify", note: "访问该网址，页面仿冒门户网站首页。" })).body.status).toBe("verifying");
    expect((await step(c.officer!, { step: "confirm", note: "域名非政府域名，确认为假冒网站。" })).body.status).toBe("confirmed");
    expect((await step(c.officer!, { step: "report_cac", note: "已报告县委网信办。" })).body.status).toBe("reported");
    expect((await step(c.supervisor!, { step: "report_police", note: "已报告县公安局网安大队。" })).body.status).toBe("reported");
    expect((await step(c.officer!, { step: "offline", note: "复查该网址已无法访问。" })).body.status).toBe("offline");
    expect((await step(c.officer!, { step: "close", note: "结案" })).body.error.message).toContain("处置结果");
    const done = await step(c.officer!, { step: "close", note: "结案", outcome: "经网信、公安部门处置，假冒网站已关停。" });
    expect(done.body).toMatchObject({ status: "closed", outcome: "经网信、公安部门处置，假冒网站已关停。", allowedSteps: [] });
    expect(done.body.steps.map((s: { stepName: string }) => s.stepName)).toEqual(["收到举报", "开始核实", "核实为假冒网站", "报告网信部门", "报告公安机关", "确认已下线", "结案"]);
    expect((await step(c.officer!, { step: "note", note: "补充" })).status).toBe(409);
    expect((await c.editor!.get(`/api/duty/counterfeit/${id}`)).status).toBe(403);
    const open = await c.supervisor!.get("/api/duty/counterfeit?open=true");
    expect(open.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
  });
});

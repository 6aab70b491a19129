// 整改工单: deadlines by severity (the 1-hour one on the clock, the others in working days),
// answer → verify / reopen, escalation of overdue tickets, unit scoping, and bad input refused.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { Client, createHarness, makeColumn, makeSite, makeUnit, makeUser, type Harness, type TestUser } from "../../testing/harness.ts";
import { auditLog, columns, monitorFindings, notifications, rectificationTickets } from "../../db/schema.ts";
import { shanghaiText, testClock } from "../../lib/clock.ts";
import { escalateOverdueTickets, openTicketCounts } from "./tickets.ts";
import { recordFinding } from "./findings.ts";
import { systemActor } from "../audit/record.ts";

let h: Harness;
let siteId: string;
let columnId: string;
let unitA: string;
let unitB: string;
let supervisor: TestUser;
let duty: TestUser;
let adminA: TestUser;
let staffB: TestUser;
const clients: Record<string, Client> = {};

beforeAll(async () => {
  h = await createHarness();
  const gov = await makeUnit(h.svc, "县政府办公室（工单测试）");
  unitA = (await makeUnit(h.svc, "县发展改革委（工单测试）")).id;
  unitB = (await makeUnit(h.svc, "县应急管理局（工单测试）")).id;
  siteId = (await makeSite(h.svc, unitA, "tkt")).id;
  supervisor = await makeUser(h.svc, gov.id, [{ role: "supervisor" }]);
  duty = await makeUser(h.svc, gov.id, [{ role: "duty_officer" }]);
  adminA = await makeUser(h.svc, unitA, [{ role: "site_admin", siteId }]);
  staffB = await makeUser(h.svc, unitB, [{ role: "editor", siteId }]);
  // The column is unit B's and names staffB as the responsible person (栏目设置管理清单).
  columnId = (await makeColumn(h.svc, siteId, unitB, "应急管理")).id;
  await h.svc.db.update(columns).set({ responsibleUserId: staffB.id }).where(eq(columns.id, columnId));
  for (const [k, u] of Object.entries({ supervisor, duty, adminA, staffB })) {
    clients[k] = new Client(h.app);
    await clients[k]!.login(u);
  }
});
afterAll(() => h.close());
afterEach(() => testClock.reset());

const c = (k: string) => clients[k]!;

describe("rectification tickets", () => {
  it("gives a severe problem one hour, assigned from column ownership, and escalates it once when overdue", async () => {
    testClock.freeze(new Date("2026-11-04T10:00:00+08:00"));
    const r = await c("duty").post("/api/monitoring/tickets", { siteId, columnId, title: "首页出现严重表述错误", severity: "severe", url: "https://www.shifan.gov.cn/tkt/" });
    expect(r.status).toBe(201);
    expect(r.body.unitId).toBe(unitB);
    expect(r.body.assigneeId).toBe(staffB.id);
    expect(new Date(r.body.dueAt).toISOString()).toBe(new Date("2026-11-04T11:00:00+08:00").toISOString());
    const assigned = await h.svc.db.select().from(notifications).where(and(eq(notifications.userId, staffB.id), eq(notifications.kind, "ticket_assigned")));
    expect(assigned.length).toBe(1);

    testClock.advance(59 * 60_000);
    expect((await escalateOverdueTickets(h.svc)).escalated).toBe(0);
    testClock.advance(2 * 60_000);
    expect((await escalateOverdueTickets(h.svc)).escalated).toBe(1);
    expect((await escalateOverdueTickets(h.svc)).escalated).toBe(0);
    const sup = await h.svc.db.select().from(notifications).where(and(eq(notifications.userId, supervisor.id), eq(notifications.kind, "ticket_escalated")));
    expect(sup.length).toBe(1);
    expect(sup[0]!.title).toContain("超期未整改");
    const audit = await h.svc.db.select().from(auditLog).where(and(eq(auditLog.action, "ticket.escalate"), eq(auditLog.targetId, r.body.id)));
    expect(audit.length).toBe(1);

    const list = await c("supervisor").get("/api/monitoring/tickets?status=overdue");
    expect(list.body.items.map((t: { id: string }) => t.id)).toContain(r.body.id);
    expect(list.body.items.find((t: { id: string }) => t.id === r.body.id).overdue).toBe(true);
  });

  it("counts other problems in working days on the calendar, skipping the weekend", async () => {
    // Friday 2026-10-30 10:00: 3 working days for a "warn" problem end on Wednesday 4 November.
    testClock.freeze(new Date("2026-10-30T10:00:00+08:00"));
    const r = await c("supervisor").post("/api/monitoring/tickets", { siteId, columnId, title: "通知公告栏目附件无法下载", severity: "warn" });
    expect(r.status).toBe(201);
    expect(shanghaiText(new Date(r.body.dueAt)).slice(0, 10)).toBe("2026-11-04");
    expect(r.body.deadlineId).toBeTruthy();
    const info = await c("supervisor").post("/api/monitoring/tickets", { siteId, columnId, title: "页面标题可以更简洁", severity: "info" });
    // 10 working days from Friday 30 October: Friday 13 November.
    expect(shanghaiText(new Date(info.body.dueAt)).slice(0, 10)).toBe("2026-11-13");
  });

  it("lets the unit answer, the supervisor reopen with a fresh deadline and then verify", async () => {
    testClock.freeze(new Date("2026-11-02T09:00:00+08:00"));
    const t = (await c("duty").post("/api/monitoring/tickets", { siteId, columnId, title: "政务要闻栏目图片缺少说明文字", severity: "warn" })).body;

    // Bad input changes nothing.
    const short = await c("staffB").post(`/api/monitoring/tickets/${t.id}/answer`, { answer: "已改" });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain("至少 10 个字");
    const early = await c("supervisor").post(`/api/monitoring/tickets/${t.id}/verify`, { decision: "verify" });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain("尚未反馈");
    expect((await c("supervisor").post(`/api/monitoring/tickets/${t.id}/verify`, { decision: "maybe" })).status).toBe(400);
    // Only the responsible unit answers; only the 监管员 verifies.
    expect((await c("supervisor").post(`/api/monitoring/tickets/${t.id}/answer`, { answer: "监管员不能代替责任单位反馈整改情况" })).status).toBe(403);

    testClock.advance(3_600_000);
    const ans = await c("staffB").post(`/api/monitoring/tickets/${t.id}/answer`, { answer: "已为栏目内 12 张图片补充说明文字并重新发布。" });
    expect(ans.status).toBe(200);
    expect(ans.body.status).toBe("answered");
    expect((await c("duty").post(`/api/monitoring/tickets/${t.id}/verify`, { decision: "verify" })).status).toBe(403);

    const noReason = await c("supervisor").post(`/api/monitoring/tickets/${t.id}/verify`, { decision: "reopen" });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain("原因");
    const reopened = await c("supervisor").post(`/api/monitoring/tickets/${t.id}/verify`, { decision: "reopen", note: "仍有 3 张图片没有说明文字" });
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe("open");
    expect(reopened.body.reopenCount).toBe(1);
    // Reopened on Monday 10:00: a fresh 3 working days, to Thursday 5 November.
    expect(shanghaiText(new Date(reopened.body.dueAt)).slice(0, 10)).toBe("2026-11-05");

    await c("staffB").post(`/api/monitoring/tickets/${t.id}/answer`, { answer: "剩余 3 张图片已补充说明文字并重新发布。" });
    const done = await c("supervisor").post(`/api/monitoring/tickets/${t.id}/verify`, { decision: "verify", note: "已核实" });
    expect(done.body.status).toBe("closed");
    const page = await c("staffB").get(`/api/monitoring/tickets/${t.id}`);
    expect(page.body.history.map((e: { kind: string }) => e.kind)).toEqual(["create", "answer", "reopen", "answer", "verify"]);
    expect((await c("staffB").post(`/api/monitoring/tickets/${t.id}/answer`, { answer: "办结后不能再反馈整改情况了" })).status).toBe(409);
    const actions = await h.svc.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, t.id));
    expect(actions.map((a) => a.action)).toEqual(["ticket.create", "ticket.answer", "ticket.reopen", "ticket.answer", "ticket.verify"]);
  });

  it("shows a unit its own tickets only; supervisors and duty officers see all", async () => {
    const ownA = (await c("supervisor").post("/api/monitoring/tickets", { siteId, title: "网站首页页脚缺少联系方式", severity: "warn" })).body;
    expect(ownA.unitId).toBe(unitA); // no column: the site's owner unit
    const ofB = (await c("supervisor").post("/api/monitoring/tickets", { siteId, columnId, title: "应急管理栏目超过两周未更新", severity: "warn" })).body;

    const listA = await c("adminA").get("/api/monitoring/tickets?limit=200");
    expect(listA.body.items.every((t: { unitId: string }) => t.unitId === unitA)).toBe(true);
    expect(listA.body.items.map((t: { id: string }) => t.id)).toContain(ownA.id);
    expect((await c("adminA").get(`/api/monitoring/tickets/${ofB.id}`)).status).toBe(404);
    expect((await c("adminA").post(`/api/monitoring/tickets/${ofB.id}/answer`, { answer: "不是本单位的工单，不能反馈" })).status).toBe(404);
    const listB = await c("staffB").get("/api/monitoring/tickets?limit=200");
    expect(listB.body.items.map((t: { id: string }) => t.id)).toContain(ofB.id);
    expect(listB.body.items.map((t: { id: string }) => t.id)).not.toContain(ownA.id);
    const all = await c("duty").get("/api/monitoring/tickets?limit=200");
    expect(all.body.total).toBe(listA.body.total + listB.body.total);

    // Only 监管员 and duty officers create tickets by hand; bad input is refused in Chinese.
    const denied = await c("adminA").post("/api/monitoring/tickets", { siteId, title: "站点管理员不能手工派单", severity: "warn" });
    expect(denied.status).toBe(403);
    const bad = await c("supervisor").post("/api/monitoring/tickets", { siteId, title: "短", severity: "urgent", url: "ftp://x" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["severity", "title", "url"]);
    const wrongPerson = await c("supervisor").post("/api/monitoring/tickets", { siteId, columnId, title: "责任人须属于责任单位", severity: "warn", assigneeId: adminA.id });
    expect(wrongPerson.status).toBe(400);
    expect(wrongPerson.body.error.message).toContain("责任单位");

    const countsB = await openTicketCounts(h.svc, { unitId: unitB });
    const openB = await h.svc.db.select().from(rectificationTickets).where(eq(rectificationTickets.unitId, unitB));
    expect(countsB.open + countsB.answered).toBe(openB.filter((t) => t.status !== "closed").length);
    expect(countsB.overdue).toBeGreaterThanOrEqual(1); // the escalated severe one
    const site = await openTicketCounts(h.svc, { siteId });
    expect(site.open).toBeGreaterThan(countsB.open);
  });

  it("links a recurring finding to its open ticket instead of opening another", async () => {
    const f = { siteId, columnId, source: "scan" as const, type: "broken_link", severity: "warn" as const, rule: "link.broken", fingerprint: "link:https://www.shifan.gov.cn/tkt/x.html:", url: "https://www.shifan.gov.cn/tkt/x.html", detail: "站内链接无法打开" };
    const first = await h.svc.db.transaction((tx) => recordFinding(h.svc, tx, systemActor(), f, { ticket: true }));
    expect(first.ticketCreated).toBe(true);
    const again = await h.svc.db.transaction((tx) => recordFinding(h.svc, tx, systemActor(), f, { ticket: true }));
    expect(again.ticketCreated).toBe(false);
    expect(again.ticketId).toBe(first.ticketId);
    expect(again.findingId).toBe(first.findingId);
    const [t] = await h.svc.db.select().from(rectificationTickets).where(eq(rectificationTickets.id, first.ticketId!));
    expect(t!.recurrences).toBe(1);
    const [row] = await h.svc.db.select().from(monitorFindings).where(eq(monitorFindings.id, first.findingId));
    expect(row!.occurrences).toBe(2);
    // From the console the same finding returns the same open ticket.
    const fromFinding = await c("supervisor").post(`/api/monitoring/findings/${first.findingId}/ticket`);
    expect(fromFinding.status).toBe(200);
    expect(fromFinding.body.id).toBe(first.ticketId);
  });
});

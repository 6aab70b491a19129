// Every stage deadline of letters and disclosure applications on the 2024–2026 official calendar:
// holidays, 调休 working Saturdays and Sundays, the 补正 restart, the third-party pause (also when
// the third party stays silent), the one extension, late stages recorded when they happen,
// escalation, and recomputation after a calendar edit made through the calendar API.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { and, eq } from "drizzle-orm";
import { formatShanghai } from "@govsite/calendar";
import { Client, createHarness, makeSite, makeUnit, makeUser, type Harness, type TestUser } from "../../testing/harness.ts";
import { testClock } from "../../lib/clock.ts";
import { deadlines, disclosureApplications, letters, notifications, stageRecords } from "../../db/schema.ts";
import { buildPublicTestApp, letterBody, makeChannel, solvedPow } from "../interaction/testing.ts";
import { interactionDeadlineReminders } from "../interaction/reminders.ts";

let h: Harness;
let pub: FastifyInstance;
let site: { id: string; code: string };
let centre: string, office: string;
const u: Record<string, TestUser> = {};
const c: Record<string, Client> = {};

async function at(iso: string) {
  testClock.freeze(new Date(iso));
  // Sessions idle out when the clock jumps: sign the staff in again at the new time.
  let n = 1;
  for (const name of Object.keys(u)) {
    c[name] = new Client(h.app, `10.80.0.${n++}`);
    await c[name]!.login(u[name]!);
  }
}

beforeAll(async () => {
  h = await createHarness();
  centre = (await makeUnit(h.svc, "示范县大数据发展中心")).id;
  office = (await makeUnit(h.svc, "示范县自然资源局")).id;
  site = await makeSite(h.svc, centre, "portal2");
  u.centre = await makeUser(h.svc, centre, [{ role: "editor", siteId: site.id }]);
  u.clerk = await makeUser(h.svc, office, [{ role: "editor", siteId: site.id }]);
  u.head = await makeUser(h.svc, office, [{ role: "reviewer", siteId: site.id, level: 2 }]);
  u.supervisor = await makeUser(h.svc, centre, []);
  await makeChannel(h.svc, site.id, "mailbox", "xzxx", "县长信箱");
  await makeChannel(h.svc, site.id, "error_report", "zhaocuo", "我为政府网站找错");
  pub = await buildPublicTestApp(h.svc);
});
afterEach(() => testClock.reset());
afterAll(async () => {
  await pub.close();
  await h.close();
});

const day = (d: Date | null | undefined) => (d ? formatShanghai(d).slice(0, 10) : null);

async function stageDue(subjectType: string, subjectId: string, stage: string) {
  const [d] = await h.svc.db.select().from(deadlines).where(and(eq(deadlines.subjectType, subjectType), eq(deadlines.subjectId, subjectId), eq(deadlines.stage, stage)));
  return d ? (d.dueAt ? day(d.dueAt) : "paused") : null;
}

const application = (over: Record<string, unknown> = {}) => ({
  unitId: office,
  applicantType: "natural",
  applicantName: "赵六",
  idNumber: "110101199003074514",
  phone: "13700000000",
  address: "示范县城关镇人民路1号",
  description: "示范县2023年度城镇老旧小区改造项目的批复文件",
  form: "paper",
  delivery: "post",
  ...over,
});

async function register(over: Record<string, unknown>) {
  const r = await c.clerk!.post("/api/disclosure/applications", { siteId: site.id, ...application(), ...over });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const [a] = await h.svc.db.select().from(disclosureApplications).where(eq(disclosureApplications.caseNo, r.body.caseNo));
  return { receipt: r.body, id: a!.id };
}

describe("letters: 转办 and 答复 stages across holidays", () => {
  it("mailbox letter before the 2024 Spring Festival: forward on 除夕 (a working Friday), reply after the 18 Feb make-up Sunday", async () => {
    testClock.freeze(new Date("2024-02-08T10:00:00+08:00"));
    const pow = await solvedPow(pub);
    const r = await pub.inject({ method: "POST", url: `/api/public/sites/${site.code}/letters`, payload: { ...letterBody(), altcha: pow } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().replyDueAt).toBe("2024-03-06");
    const [l] = await h.svc.db.select().from(letters).where(eq(letters.caseNo, r.json().caseNo));
    expect(await stageDue("letter", l!.id, "forward")).toBe("2024-02-09");
  });

  it("error report on 30 Sep 2025: forward after National Day, reply due on the 调休 Saturday 11 Oct; lateness recorded when it happens", async () => {
    testClock.freeze(new Date("2025-09-30T16:00:00+08:00"));
    const pow = await solvedPow(pub);
    const r = await pub.inject({ method: "POST", url: `/api/public/sites/${site.code}/letters`, payload: { ...letterBody({ channel: "zhaocuo", title: "首页政策文件链接打不开", pageUrl: "https://www.shifan.gov.cn/zwgk/zcwj/" }), altcha: pow } });
    const [l] = await h.svc.db.select().from(letters).where(eq(letters.caseNo, r.json().caseNo));
    expect(await stageDue("letter", l!.id, "forward")).toBe("2025-10-09");
    expect(await stageDue("letter", l!.id, "reply")).toBe("2025-10-11");

    // The day it is due: a reminder to the centre, nothing escalated.
    testClock.freeze(new Date("2025-10-09T09:00:00+08:00"));
    const r1 = await interactionDeadlineReminders(h.svc);
    expect(r1.reminded).toBeGreaterThanOrEqual(1);
    const remind = await h.svc.db.select().from(notifications).where(and(eq(notifications.userId, u.centre!.id), eq(notifications.kind, "interaction_due_soon")));
    expect(remind.length).toBeGreaterThanOrEqual(1);

    // The morning after: the forward stage is late, marked at its due moment, escalated once.
    testClock.freeze(new Date("2025-10-10T09:00:00+08:00"));
    const r2 = await interactionDeadlineReminders(h.svc);
    expect(r2.escalated).toBeGreaterThanOrEqual(1);
    expect((await interactionDeadlineReminders(h.svc)).escalated).toBe(0);
    const [fwd] = await h.svc.db.select().from(stageRecords).where(and(eq(stageRecords.subjectId, l!.id), eq(stageRecords.stage, "forward")));
    expect(formatShanghai(fwd!.overdueAt!)).toBe("2025-10-09T23:59:59+08:00");

    await at("2025-10-10T10:00:00+08:00");
    const f = await c.centre!.post(`/api/interaction/letters/${l!.id}/forward`, { units: [{ unitId: office }] });
    expect(f.status, JSON.stringify(f.body)).toBe(200);
    const [done] = await h.svc.db.select().from(stageRecords).where(and(eq(stageRecords.subjectId, l!.id), eq(stageRecords.stage, "forward")));
    expect(done!.onTime).toBe(false);
    expect(done!.workdaysTaken).toBe(2);
  });
});

describe("依申请公开", () => {
  it("online application before National Day 2025: receipt is the confirmation; 20 working days skip the holiday and count the make-up days", async () => {
    testClock.freeze(new Date("2025-09-26T10:00:00+08:00"));
    const pow = await solvedPow(pub);
    const r = await pub.inject({ method: "POST", url: `/api/public/sites/${site.code}/disclosure`, payload: { ...application(), altcha: pow, clientToken: "disclosure-online-000000001" } });
    expect(r.statusCode, r.body).toBe(201);
    const body = r.json();
    expect(body.answerDueAt).toBe("2025-10-30");
    expect(body.receiptBasis).toContain("第三十一条");
    const [a] = await h.svc.db.select().from(disclosureApplications).where(eq(disclosureApplications.caseNo, body.caseNo));
    expect(await stageDue("disclosure", a!.id, "correction_notice")).toBe("2025-10-13");
    const again = await pub.inject({ method: "POST", url: `/api/public/sites/${site.code}/disclosure`, payload: { ...application(), altcha: pow, clientToken: "disclosure-online-000000001" } });
    expect(again.statusCode).toBe(200);
    expect(again.json().caseNo).toBe(body.caseNo);
  });

  it("receipt date by channel (第三十一条): counter = submission, registered post = signature, plain letter and fax = confirmation", async () => {
    await at("2026-03-10T15:00:00+08:00");
    const counter = await register({ channel: "in_person", submittedAt: "2026-03-10T09:30:00+08:00" });
    expect(counter.receipt.receivedAt.slice(0, 10)).toBe("2026-03-10");
    const post = await register({ channel: "mail_signed", submittedAt: "2026-03-02T09:00:00+08:00", signedAt: "2026-03-05T11:00:00+08:00" });
    expect(post.receipt.receivedAt.slice(0, 10)).toBe("2026-03-05");
    const fax = await register({ channel: "fax", submittedAt: "2026-03-06T17:00:00+08:00", confirmedAt: "2026-03-09T09:00:00+08:00" });
    expect(fax.receipt.receivedAt.slice(0, 10)).toBe("2026-03-09");
    const missing = await c.clerk!.post("/api/disclosure/applications", { siteId: site.id, ...application(), channel: "mail_plain", submittedAt: "2026-03-06T17:00:00+08:00" });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain("确认");
  });

  it("补正 (Qingming and Labour Day 2024): notice in time stops the clock; the corrected application restarts it on a make-up Sunday", async () => {
    await at("2024-04-01T10:00:00+08:00");
    const { id, receipt } = await register({ channel: "in_person", submittedAt: "2024-04-01T10:00:00+08:00", description: "关于某项目的文件" });
    expect(await stageDue("disclosure", id, "correction_notice")).toBe("2024-04-11");
    await at("2024-04-03T10:00:00+08:00");
    const n = await c.clerk!.post(`/api/disclosure/applications/${id}/correction`, { items: "请说明所需文件的项目名称、年份或文号", periodWorkdays: 15 });
    expect(n.status, JSON.stringify(n.body)).toBe(200);
    expect(n.body.onTime).toBe(true);
    expect(await stageDue("disclosure", id, "answer")).toBe("paused");
    expect((await c.clerk!.post(`/api/disclosure/applications/${id}/correction`, { items: "再补充一次其他材料" })).status).toBe(409);
    const look = await pub.inject({ method: "POST", url: "/api/public/disclosure/lookup", payload: { caseNo: receipt.caseNo, code: receipt.queryCode } });
    expect(look.json().answerDueAt).toContain("暂停");

    await at("2024-04-28T10:00:00+08:00");
    const corr = await pub.inject({ method: "POST", url: "/api/public/disclosure/correction", payload: { caseNo: receipt.caseNo, code: receipt.queryCode, text: "所需文件为示范县2023年幸福小区改造项目批复（示发改〔2023〕12号）" } });
    expect(corr.statusCode, corr.body).toBe(200);
    expect(corr.json().answerDueAt.slice(0, 10)).toBe("2024-05-28");
    expect(await stageDue("disclosure", id, "answer")).toBe("2024-05-28");
  });

  it("a 补正 notice after 7 working days is recorded late at that moment", async () => {
    await at("2026-01-05T10:00:00+08:00");
    const { id } = await register({ channel: "in_person", submittedAt: "2026-01-05T10:00:00+08:00" });
    await at("2026-01-15T10:00:00+08:00");
    const n = await c.clerk!.post(`/api/disclosure/applications/${id}/correction`, { items: "请补充申请人身份证明复印件" });
    expect(n.body.onTime).toBe(false);
    const [rec] = await h.svc.db.select().from(stageRecords).where(and(eq(stageRecords.subjectId, id), eq(stageRecords.stage, "correction_notice")));
    expect(rec!.onTime).toBe(false);
    expect(day(rec!.dueAt)).toBe("2026-01-14");
  });

  it("third-party consultation is not counted (Spring Festival 2026, due on the 28 Feb make-up Saturday); one extension of at most 20 days with the head's approval", async () => {
    await at("2026-01-05T11:00:00+08:00");
    const { id, receipt } = await register({ channel: "mail_signed", submittedAt: "2026-01-04T09:00:00+08:00", signedAt: "2026-01-05T10:00:00+08:00" });
    expect(receipt.answerDueAt).toBe("2026-02-02");
    await at("2026-01-09T10:00:00+08:00");
    expect((await c.clerk!.post(`/api/disclosure/applications/${id}/accept`)).status).toBe(200);
    const cons = await c.clerk!.post(`/api/disclosure/applications/${id}/consultations`, { party: "示范县某房地产开发有限公司" });
    expect(cons.status, JSON.stringify(cons.body)).toBe(201);
    expect(cons.body.dueAt.slice(0, 10)).toBe("2026-01-30");
    expect(await stageDue("disclosure", id, "answer")).toBe("paused");

    await at("2026-01-30T10:00:00+08:00");
    const closed = await c.clerk!.post(`/api/disclosure/consultations/${cons.body.consultation.id}/close`, { result: "agree", opinion: "同意公开" });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.answerDueAt.slice(0, 10)).toBe("2026-02-28");

    const tooLong = await c.clerk!.post(`/api/disclosure/applications/${id}/extensions`, { workdays: 21, reason: "材料较多" });
    expect(tooLong.status).toBe(400);
    const req = await c.clerk!.post(`/api/disclosure/applications/${id}/extensions`, { workdays: 20, reason: "涉及多个部门档案，需调档核查" });
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    expect((await c.clerk!.post(`/api/disclosure/extensions/${req.body.request.id}/decide`, { approve: true })).status).toBe(403);
    const ok = await c.head!.post(`/api/disclosure/extensions/${req.body.request.id}/decide`, { approve: true });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.answerDueAt.slice(0, 10)).toBe("2026-03-27");
    const second = await c.clerk!.post(`/api/disclosure/applications/${id}/extensions`, { workdays: 5, reason: "再延期" });
    expect(second.status).toBe(409);
    const look = await pub.inject({ method: "POST", url: "/api/public/disclosure/lookup", payload: { caseNo: receipt.caseNo, code: receipt.queryCode } });
    expect(look.json().extension.notice).toContain("延长 20 个工作日");

    // Answer with a type and reason of the annual-report table; the head signs.
    await at("2026-03-20T10:00:00+08:00");
    const bad = await c.clerk!.post(`/api/disclosure/applications/${id}/answer`, { outcome: "withhold", reason: "不想公开", text: "经审查，该信息不予公开。" });
    expect(bad.status).toBe(400);
    const draft = await c.clerk!.post(`/api/disclosure/applications/${id}/answer`, { outcome: "partial", text: "经审查，您申请的信息部分公开，涉及第三方商业秘密的内容已作区分处理，现将可公开部分提供给您。" });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    expect((await c.clerk!.post(`/api/disclosure/applications/${id}/approve`, { approve: true })).status).toBe(403);
    const signed = await c.head!.post(`/api/disclosure/applications/${id}/approve`, { approve: true });
    expect(signed.body).toMatchObject({ answered: true, onTime: true });
    // Working days taken: receipt to answer, less the paused days.
    expect(signed.body.workdaysTaken).toBe(35);

    const table = await c.head!.get("/api/disclosure/annual-table?year=2026");
    expect(table.body.checks.收办平衡).toBe(true);
    expect(table.body.table.results.partial.natural).toBeGreaterThanOrEqual(1);
  });

  it("a third party silent for 15 working days: the job closes the consultation at its due moment and the clock resumes", async () => {
    await at("2026-01-05T11:00:00+08:00");
    const { id } = await register({ channel: "in_person", submittedAt: "2026-01-05T10:00:00+08:00" });
    await at("2026-01-09T10:00:00+08:00");
    const cons = await c.clerk!.post(`/api/disclosure/applications/${id}/consultations`, { party: "示范县某物业公司" });
    testClock.freeze(new Date("2026-02-02T09:00:00+08:00"));
    const r = await interactionDeadlineReminders(h.svc);
    expect(r.thirdPartyLapsed).toBeGreaterThanOrEqual(1);
    expect(await stageDue("disclosure", id, "answer")).toBe("2026-02-28");
    await at("2026-02-02T10:00:00+08:00");
    const page = await c.clerk!.get(`/api/disclosure/applications/${id}`);
    const cc = page.body.consultations.find((x: { id: string }) => x.id === cons.body.consultation.id);
    expect(cc.result).toBe("no_reply");
  });

  it("a unit sees only applications addressed to it", async () => {
    const otherUnit = (await makeUnit(h.svc, "示范县文化和旅游发展委员会")).id;
    const stranger = await makeUser(h.svc, otherUnit, [{ role: "editor", siteId: site.id }]);
    const s = new Client(h.app, "10.80.9.9");
    await s.login(stranger);
    const list = await s.get("/api/disclosure/applications");
    expect(list.body.items).toEqual([]);
    const [any] = await h.svc.db.select().from(disclosureApplications).limit(1);
    expect((await s.get(`/api/disclosure/applications/${any!.id}`)).status).toBe(404);
    expect((await s.post(`/api/disclosure/applications/${any!.id}/accept`)).status).toBe(404);
  });
});

describe("calendar edits", () => {
  it("a holiday added through the calendar API recomputes open letter and application stages; paused ones stay paused", async () => {
    testClock.reset();
    const cal = await h.svc.calendar();
    const open = await h.svc.db.select().from(deadlines).where(and(eq(deadlines.subjectType, "disclosure"), eq(deadlines.stage, "answer")));
    const running = open.find((d) => !d.closedAt && d.dueAt && d.dueAt > new Date("2026-06-10T00:00:00+08:00"));
    // A new application in June 2026, due in July.
    testClock.freeze(new Date("2026-06-01T10:00:00+08:00"));
    const pow = await solvedPow(pub);
    const r = await pub.inject({ method: "POST", url: `/api/public/sites/${site.code}/disclosure`, payload: { ...application(), altcha: pow } });
    testClock.reset();
    const [a] = await h.svc.db.select().from(disclosureApplications).where(eq(disclosureApplications.caseNo, r.json().caseNo));
    const before = await stageDue("disclosure", a!.id, "answer");
    void running;

    const sysUnit = await makeUnit(h.svc);
    const admin = new Client(h.app, "10.80.8.8");
    await admin.login(await makeUser(h.svc, sysUnit.id, [{ role: "system_admin" }]));
    const edit = await admin.put("/api/calendar/2026-06-03", { kind: "holiday", name: "临时放假", reason: "示府办发〔2026〕9号 临时调整" });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.recomputed).toBeGreaterThanOrEqual(1);
    const after = await stageDue("disclosure", a!.id, "answer");
    const newCal = await h.svc.calendar();
    expect(newCal.workdaysBetween(new Date(`${before}T12:00:00+08:00`), new Date(`${after}T12:00:00+08:00`))).toBe(1);
    expect(edit.body.changes.some((x: { subjectType: string; subjectId: string }) => x.subjectType === "disclosure" && x.subjectId === a!.id)).toBe(true);
    void cal;
    await admin.delete("/api/calendar/2026-06-03", { reason: "撤销临时调整" });
    expect(await stageDue("disclosure", a!.id, "answer")).toBe(before);
  });
});

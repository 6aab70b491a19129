// The 7×24 duty roster: shift patterns, people on each shift of each day, and a month view on the
// working-day calendar where statutory holidays stand out (they need a leader on every shift) and
// 调休 make-up working days are labelled.
import { and, asc, between, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { addDays, isIsoDate, startOfShanghaiDay, type IsoDate } from "@govsite/calendar";
import type { Services } from "../../services.ts";
import type { DbOrTx } from "../../db/client.ts";
import { dutyAssignments, dutyShifts, roleAssignments, users } from "../../db/schema.ts";
import { AppError, notFound } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { now, shanghaiText } from "../../lib/clock.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, type Actor } from "../accounts/roles.ts";
import { notify } from "../notifications/notify.ts";
import { HHMM, requireDutyManage, requireDutyRead } from "./common.ts";

const WEEKDAYS = ["日", "一", "二", "三", "四", "五", "六"];

const shiftInput = z.object({
  name: z.string().trim().min(1, "请填写班次名称").max(20, "班次名称不超过 20 个字"),
  startTime: z.string().regex(HHMM, "开始时间格式为 时:分，例如 08:30"),
  endTime: z.string().regex(HHMM, "结束时间格式为 时:分，例如 17:30"),
  sort: z.number().int().min(0).max(99).default(0),
});

export async function listShifts(svc: Services, actor: Actor) {
  requireDutyRead(actor);
  return svc.db.select().from(dutyShifts).orderBy(asc(dutyShifts.sort), asc(dutyShifts.startTime));
}

export async function createShift(svc: Services, actor: Actor, raw: unknown) {
  requireDutyManage(actor);
  const input = parse(shiftInput, raw);
  if (input.startTime === input.endTime) throw new AppError("VALIDATION_FAILED", "结束时间不能与开始时间相同。", { issues: [{ path: "endTime", message: "结束时间不能与开始时间相同" }] });
  return svc.db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: dutyShifts.id }).from(dutyShifts).where(eq(dutyShifts.name, input.name));
    if (dup) throw new AppError("CONFLICT", `已有名为“${input.name}”的班次。`, { issues: [{ path: "name", message: "班次名称已存在" }] });
    const [s] = await tx.insert(dutyShifts).values(input).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "duty.shift.create", targetType: "duty_shift", targetId: s!.id, summary: `新建值班班次：${s!.name}（${s!.startTime}—${s!.endTime}）`, after: input });
    return s!;
  });
}

export async function updateShift(svc: Services, actor: Actor, id: string, raw: unknown) {
  requireDutyManage(actor);
  const input = parse(shiftInput.partial().extend({ active: z.boolean().optional() }), raw);
  return svc.db.transaction(async (tx) => {
    const [before] = await tx.select().from(dutyShifts).where(eq(dutyShifts.id, id));
    if (!before) throw notFound("值班班次");
    const next = { ...before, ...input };
    if (next.startTime === next.endTime) throw new AppError("VALIDATION_FAILED", "结束时间不能与开始时间相同。", { issues: [{ path: "endTime", message: "结束时间不能与开始时间相同" }] });
    const [s] = await tx.update(dutyShifts).set(input).where(eq(dutyShifts.id, id)).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "duty.shift.update", targetType: "duty_shift", targetId: id, summary: `修改值班班次：${s!.name}`, before, after: s });
    return s!;
  });
}

const assignInput = z.object({
  day: z.string().refine(isIsoDate, "日期格式为 年-月-日，例如 2026-10-01"),
  shiftId: z.string().uuid("请选择班次"),
  userId: z.string().uuid("请选择值班人员"),
  role: z.enum(["leader", "officer"], { message: "请选择带班领导或值班员" }).default("officer"),
  note: z.string().trim().max(200, "备注不超过 200 字").default(""),
});

export const DUTY_ROLES = { leader: "带班领导", officer: "值班员" } as const;

export async function assignDuty(svc: Services, actor: Actor, raw: unknown) {
  requireDutyManage(actor);
  const input = parse(assignInput, raw);
  // Read before the transaction: on PGlite a query outside it would wait for it.
  const info = (await svc.calendar()).dayInfo(input.day);
  return svc.db.transaction(async (tx) => {
    const [shift] = await tx.select().from(dutyShifts).where(eq(dutyShifts.id, input.shiftId));
    if (!shift || !shift.active) throw new AppError("VALIDATION_FAILED", "所选班次不存在或已停用。", { issues: [{ path: "shiftId", message: "班次不存在或已停用" }] });
    const [person] = await tx.select({ id: users.id, realName: users.realName, status: users.status }).from(users).where(eq(users.id, input.userId));
    if (!person || person.status !== "active") throw new AppError("VALIDATION_FAILED", "所选人员不存在或账号不可用。", { issues: [{ path: "userId", message: "人员不存在或账号不可用" }] });
    const roles = await tx.select({ role: roleAssignments.role }).from(roleAssignments).where(eq(roleAssignments.userId, input.userId));
    const allowed = input.role === "leader" ? ["duty_officer", "supervisor"] : ["duty_officer"];
    if (!roles.some((r) => allowed.includes(r.role))) {
      throw new AppError("VALIDATION_FAILED", input.role === "leader" ? `${person.realName}不是值班员或监管员，不能安排带班。` : `${person.realName}没有“值班员”角色，请先在用户与角色中授予。`, { issues: [{ path: "userId", message: "该人员没有值班职责" }] });
    }
    const [dup] = await tx
      .select({ id: dutyAssignments.id })
      .from(dutyAssignments)
      .where(and(eq(dutyAssignments.day, input.day), eq(dutyAssignments.shiftId, input.shiftId), eq(dutyAssignments.userId, input.userId)));
    if (dup) throw new AppError("CONFLICT", `${person.realName}已排在 ${input.day} 的${shift.name}。`);
    const [a] = await tx.insert(dutyAssignments).values({ ...input, createdBy: actor.userId }).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "duty.assign", targetType: "duty_assignment", targetId: a!.id, summary: `安排值班：${input.day} ${shift.name} ${person.realName}（${DUTY_ROLES[input.role]}）`, after: input });
    await notify(tx, [input.userId], {
      kind: "duty_assignment",
      title: `值班安排：${input.day}（${info.label}）${shift.name}`,
      body: `您被安排为${DUTY_ROLES[input.role]}，时间 ${shift.startTime}—${shift.endTime}${shift.endTime <= shift.startTime ? "（次日）" : ""}。${input.note}`,
      link: `/duty/roster?month=${input.day.slice(0, 7)}`,
    });
    return a!;
  });
}

export async function removeAssignment(svc: Services, actor: Actor, id: string) {
  requireDutyManage(actor);
  return svc.db.transaction(async (tx) => {
    const [a] = await tx.delete(dutyAssignments).where(eq(dutyAssignments.id, id)).returning();
    if (!a) throw notFound("值班安排");
    await recordAudit(tx, auditActorOf(actor), { action: "duty.unassign", targetType: "duty_assignment", targetId: id, summary: `取消值班安排：${a.day}`, before: a });
    return { ok: true };
  });
}

const monthInput = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "月份格式为 年-月，例如 2026-10") });

/** The month on the calendar: each day's kind, its shifts and who is on them, and the gaps. */
export async function rosterMonth(svc: Services, actor: Actor, raw: unknown) {
  requireDutyRead(actor);
  const { month } = parse(monthInput, raw);
  const first = `${month}-01` as IsoDate;
  const days: IsoDate[] = [];
  for (let d = first; d.startsWith(month); d = addDays(d, 1)) days.push(d);
  const last = days[days.length - 1]!;
  const cal = await svc.calendar();
  const shifts = (await svc.db.select().from(dutyShifts).orderBy(asc(dutyShifts.sort), asc(dutyShifts.startTime))).filter((s) => s.active);
  const rows = await svc.db
    .select({ id: dutyAssignments.id, day: dutyAssignments.day, shiftId: dutyAssignments.shiftId, userId: dutyAssignments.userId, role: dutyAssignments.role, note: dutyAssignments.note, name: users.realName, mobile: users.mobile })
    .from(dutyAssignments)
    .innerJoin(users, eq(users.id, dutyAssignments.userId))
    .where(between(dutyAssignments.day, first, last));
  const out = days.map((date) => {
    const info = cal.dayInfo(date);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    // Holidays are the emphasis: fewer people at work, more risk, and a leader on every shift.
    const emphasis = info.kind === "holiday" ? "holiday" : info.kind === "makeup_workday" ? "makeup" : info.kind === "weekend" ? "weekend" : "none";
    const dayShifts = shifts.map((s) => {
      const people = rows.filter((r) => r.day === date && r.shiftId === s.id).map((r) => ({ assignmentId: r.id, userId: r.userId, name: r.name, mobile: r.mobile, role: r.role, note: r.note }));
      const problems: string[] = [];
      if (!people.length) problems.push("无人值班");
      else if (info.kind === "holiday" && !people.some((p) => p.role === "leader")) problems.push("节假日未安排带班领导");
      return { shiftId: s.id, name: s.name, startTime: s.startTime, endTime: s.endTime, people, problems };
    });
    return { date, weekday: `星期${WEEKDAYS[weekday]}`, kind: info.kind, label: info.label, holidayName: info.name, covered: info.covered, emphasis, shifts: dayShifts };
  });
  const gaps = out.flatMap((d) => d.shifts.filter((s) => s.problems.length).map((s) => ({ date: d.date, shift: s.name, emphasis: d.emphasis, problems: s.problems })));
  return {
    month,
    shifts,
    days: out,
    gaps,
    summary: {
      holidays: out.filter((d) => d.kind === "holiday").length,
      makeupWorkdays: out.filter((d) => d.kind === "makeup_workday").length,
      uncoveredShifts: gaps.filter((g) => g.problems.includes("无人值班")).length,
      holidayProblems: gaps.filter((g) => g.emphasis === "holiday").length,
    },
  };
}

/** Who is on duty at an instant (a night shift belongs to the day it starts on). */
export async function onDuty(svc: Services, at: Date = now(), db: DbOrTx = svc.db): Promise<Array<{ userId: string; name: string; role: string; shift: string }>> {
  const today = shanghaiText(at).slice(0, 10) as IsoDate;
  const yesterday = addDays(today, -1);
  const shifts = await db.select().from(dutyShifts).where(eq(dutyShifts.active, true));
  const rows = await db
    .select({ day: dutyAssignments.day, shiftId: dutyAssignments.shiftId, userId: dutyAssignments.userId, role: dutyAssignments.role, name: users.realName })
    .from(dutyAssignments)
    .innerJoin(users, eq(users.id, dutyAssignments.userId))
    .where(and(inArray(dutyAssignments.day, [today, yesterday]), eq(users.status, "active")));
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const out: Array<{ userId: string; name: string; role: string; shift: string }> = [];
  for (const r of rows) {
    const s = shifts.find((x) => x.id === r.shiftId);
    if (!s) continue;
    const start = startOfShanghaiDay(r.day as IsoDate).getTime() + minutes(s.startTime) * 60_000;
    const end = startOfShanghaiDay(r.day as IsoDate).getTime() + (minutes(s.endTime) + (s.endTime <= s.startTime ? 1440 : 0)) * 60_000;
    if (at.getTime() >= start && at.getTime() < end) out.push({ userId: r.userId, name: r.name, role: r.role, shift: s.name });
  }
  return out;
}

/** Duty officers and supervisors the console offers for the roster. */
export async function dutyPeople(svc: Services, actor: Actor) {
  requireDutyRead(actor);
  const rows = await svc.db
    .selectDistinct({ id: users.id, realName: users.realName, username: users.username, role: roleAssignments.role })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(inArray(roleAssignments.role, ["duty_officer", "supervisor"]), eq(users.status, "active")));
  const byId = new Map<string, { id: string; realName: string; username: string; roles: string[] }>();
  for (const r of rows) {
    const p = byId.get(r.id) ?? { id: r.id, realName: r.realName, username: r.username, roles: [] };
    p.roles.push(r.role);
    byId.set(r.id, p);
  }
  return [...byId.values()];
}

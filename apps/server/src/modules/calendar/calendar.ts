// The working-day calendar as stored: seeded from chinese-days, edited by the platform
// administrator. Every edit recomputes every open deadline in the same transaction and is audited
// with its reason (anchors.md: Alaveteli #7292).
import { and, asc, eq, gte, isNull, lte } from "drizzle-orm";
import { z } from "zod";
import { WorkCalendar, coverageWarnings, formatShanghai, isWeekend, packageYearRange, seedEntries, validateEntries, type CalendarEntry, type Pause } from "@govsite/calendar";
import { calendarDays, deadlines } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import type { DbOrTx } from "../../db/client.ts";
import { AppError, notFound } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { now } from "../../lib/clock.ts";
import { recordAudit, type AuditActor } from "../audit/record.ts";
import { auditActorOf, require, type Actor } from "../accounts/roles.ts";

const toEntry = (r: typeof calendarDays.$inferSelect): CalendarEntry => ({ date: r.day, kind: r.kind as CalendarEntry["kind"], name: r.name });

export async function loadCalendar(db: DbOrTx): Promise<WorkCalendar> {
  const rows = await db.select().from(calendarDays);
  return new WorkCalendar(rows.map(toEntry));
}

/** Fills an empty calendar table from the installed chinese-days package. Returns rows added. */
export async function seedCalendar(svc: Services, actor: AuditActor): Promise<number> {
  const [any] = await svc.db.select({ day: calendarDays.day }).from(calendarDays).limit(1);
  if (any) return 0;
  const range = packageYearRange();
  const entries = seedEntries(range.from, range.to);
  await svc.db.transaction(async (tx) => {
    for (let i = 0; i < entries.length; i += 500) {
      await tx.insert(calendarDays).values(entries.slice(i, i + 500).map((e) => ({ day: e.date, kind: e.kind, name: e.name, source: "seed" })));
    }
    await recordAudit(tx, actor, { action: "calendar.seed", targetType: "calendar", summary: `导入法定节假日和调休安排 ${range.from}–${range.to} 年，共 ${entries.length} 天` });
  });
  svc.invalidateCalendar();
  return entries.length;
}

export async function calendarYear(svc: Services, actor: Actor, year: number) {
  require(actor, "calendar.read");
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError("VALIDATION_FAILED", "年份应在 2000 至 2100 之间。");
  const rows = await svc.db
    .select()
    .from(calendarDays)
    .where(and(gte(calendarDays.day, `${year}-01-01`), lte(calendarDays.day, `${year}-12-31`)))
    .orderBy(asc(calendarDays.day));
  const cal = await svc.calendar();
  return { year, covered: cal.coveredYears().includes(year), days: rows.map((r) => ({ day: r.day, kind: r.kind, name: r.name, source: r.source })) };
}

export async function coverage(svc: Services) {
  const cal = await svc.calendar();
  const warnFrom = svc.profile.values.calendar.warnMissingNextYearFromMonth;
  const year = Number(formatShanghai(now()).slice(0, 4));
  return { nextYear: year + 1, nextYearCovered: cal.coveredYears().includes(year + 1), thisYearCovered: cal.coveredYears().includes(year), warnings: coverageWarnings(cal.entries, now(), warnFrom) };
}

const dayParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD");
const dayInput = z.object({
  kind: z.enum(["holiday", "workday"], { message: "请选择“放假”或“调休上班”" }),
  name: z.string().trim().min(1, "请填写节日名称").max(20),
  reason: z
    .string({ error: "请说明修改依据（如国务院办公厅通知文号），不少于 4 个字" })
    .trim()
    .min(4, "请说明修改依据（如国务院办公厅通知文号），不少于 4 个字")
    .max(300),
});

/** Adds or changes one day, then recomputes every open deadline. */
export async function setCalendarDay(svc: Services, actor: Actor, day: string, raw: unknown) {
  require(actor, "calendar.manage");
  const d = parse(dayParam, day);
  const input = parse(dayInput, raw);
  const issues = validateEntries([{ date: d, kind: input.kind, name: input.name }]);
  if (issues.length) throw new AppError("VALIDATION_FAILED", issues.map((i) => i.message).join("；"));
  if (input.kind === "workday" && !isWeekend(d)) throw new AppError("VALIDATION_FAILED", "调休上班日只能设在周六或周日。");
  return editCalendar(svc, actor, d, input.reason, async (tx, before) => {
    if (before) await tx.update(calendarDays).set({ kind: input.kind, name: input.name, source: "manual", updatedAt: now() }).where(eq(calendarDays.day, d));
    else await tx.insert(calendarDays).values({ day: d, kind: input.kind, name: input.name, source: "manual" });
    return { day: d, kind: input.kind, name: input.name };
  });
}

export async function deleteCalendarDay(svc: Services, actor: Actor, day: string, reason: unknown) {
  require(actor, "calendar.manage");
  const d = parse(dayParam, day);
  const r = parse(dayInput.shape.reason, reason);
  return editCalendar(svc, actor, d, r, async (tx, before) => {
    if (!before) throw notFound("该日期的节假日设置");
    await tx.delete(calendarDays).where(eq(calendarDays.day, d));
    return null;
  });
}

async function editCalendar(
  svc: Services,
  actor: Actor,
  day: string,
  reason: string,
  change: (tx: DbOrTx, before: typeof calendarDays.$inferSelect | undefined) => Promise<unknown>,
) {
  const result = await svc.db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.day, day));
    const after = await change(tx, before);
    const recomputed = await recomputeOpenDeadlines(tx, await loadCalendar(tx));
    await recordAudit(tx, auditActorOf(actor), {
      action: "calendar.edit",
      targetType: "calendar",
      targetId: day,
      summary: `修改工作日历 ${day}：${after ? `${(after as { kind: string }).kind === "holiday" ? "放假" : "调休上班"}（${(after as { name: string }).name}）` : "恢复为常规工作日/周末"}；依据：${reason}；重新计算未办结期限 ${recomputed.length} 项`,
      before: before ?? null,
      after: { day: after, reason, recomputed },
    });
    return { recomputed: recomputed.length, changes: recomputed };
  });
  svc.invalidateCalendar();
  return result;
}

// ---------- deadlines ----------

export interface DeadlineSpec {
  subjectType: string;
  subjectId: string;
  stage: string;
  startAt: Date;
  workdays: number;
  pauses?: Pause[];
  restartAt?: Date | null;
}

function dueOf(cal: WorkCalendar, spec: { startAt: Date; workdays: number; pauses: Array<{ from: string; to?: string }>; restartAt?: Date | null }): Date | null {
  const r = cal.computeDeadline({ start: spec.startAt, workdays: spec.workdays, pauses: spec.pauses, ...(spec.restartAt ? { restartAt: spec.restartAt } : {}) });
  return r.status === "running" ? r.due : null;
}

/**
 * Changes a stored deadline's inputs (a pause starts or ends, a 补正 restarts the count, an
 * extension adds working days) and recomputes its due time.
 */
export async function updateDeadline(tx: DbOrTx, cal: WorkCalendar, id: string, change: { pauses?: Pause[]; restartAt?: Date | null; workdays?: number }) {
  const [d] = await tx.select().from(deadlines).where(eq(deadlines.id, id));
  if (!d) throw notFound("期限");
  const pauses = change.pauses ? change.pauses.map((p) => ({ from: new Date(p.from).toISOString(), ...(p.to ? { to: new Date(p.to).toISOString() } : {}) })) : d.pauses;
  const next = { startAt: d.startAt, workdays: change.workdays ?? d.workdays, pauses, restartAt: change.restartAt === undefined ? d.restartAt : change.restartAt };
  const [row] = await tx.update(deadlines).set({ ...next, dueAt: dueOf(cal, next), remindedAt: null, escalatedAt: null }).where(eq(deadlines.id, id)).returning();
  return row!;
}

/** Registers a deadline counted in working days; modules call this and read `dueAt` back. */
export async function openDeadline(tx: DbOrTx, cal: WorkCalendar, spec: DeadlineSpec) {
  const pauses = (spec.pauses ?? []).map((p) => ({ from: new Date(p.from).toISOString(), ...(p.to ? { to: new Date(p.to).toISOString() } : {}) }));
  const [row] = await tx
    .insert(deadlines)
    .values({ subjectType: spec.subjectType, subjectId: spec.subjectId, stage: spec.stage, startAt: spec.startAt, workdays: spec.workdays, pauses, restartAt: spec.restartAt ?? null, dueAt: dueOf(cal, { ...spec, pauses }) })
    .returning();
  return row!;
}

export async function closeDeadline(tx: DbOrTx, id: string) {
  await tx.update(deadlines).set({ closedAt: now() }).where(eq(deadlines.id, id));
}

/** Recomputes every open deadline; returns the ones whose due time moved. */
export async function recomputeOpenDeadlines(tx: DbOrTx, cal: WorkCalendar) {
  const open = await tx.select().from(deadlines).where(isNull(deadlines.closedAt));
  const changed: Array<{ id: string; subjectType: string; subjectId: string; stage: string; from: string | null; to: string | null }> = [];
  for (const d of open) {
    const due = dueOf(cal, d);
    if ((due?.getTime() ?? null) !== (d.dueAt?.getTime() ?? null)) {
      await tx.update(deadlines).set({ dueAt: due }).where(eq(deadlines.id, d.id));
      changed.push({ id: d.id, subjectType: d.subjectType, subjectId: d.subjectId, stage: d.stage, from: d.dueAt ? formatShanghai(d.dueAt) : null, to: due ? formatShanghai(due) : null });
    }
  }
  return changed;
}

export async function dueFor(svc: Services, from: string, workdays: number) {
  const cal = await svc.calendar();
  const r = cal.computeDeadline({ start: from, workdays });
  if (r.status !== "running") throw new AppError("INTERNAL");
  return { due: r.dueText, provisional: r.provisional, uncoveredYears: r.uncoveredYears };
}

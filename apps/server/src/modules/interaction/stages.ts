// Stage deadlines of letters and applications. Each stage (转办, 答复, 补正告知, 答复申请, 第三方
// 意见) is a row of the shared `deadlines` table, so a calendar edit recomputes it, and has a
// stage record that is completed — with the working days taken and whether it was in time — at
// the moment the stage ends. Late stages are also marked at the moment they become late (job).
import { and, eq, isNull } from "drizzle-orm";
import type { WorkCalendar } from "@govsite/calendar";
import { deadlines, stageRecords } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import { closeDeadline, openDeadline, updateDeadline } from "../calendar/calendar.ts";
import type { Pause } from "@govsite/calendar";

export type SubjectType = "letter" | "disclosure" | "disclosure_consultation";

export const STAGE_NAMES: Record<string, string> = {
  forward: "转办",
  reply: "答复",
  correction_notice: "补正告知",
  answer: "答复申请",
  third_party: "征求第三方意见",
  correction_wait: "申请人补正期限",
};

export interface StageSpec {
  subjectType: SubjectType;
  subjectId: string;
  siteId: string;
  stage: string;
  unitId?: string | null;
  startAt: Date;
  workdays: number;
  pauses?: Pause[];
  restartAt?: Date | null;
}

export async function openStage(tx: DbOrTx, cal: WorkCalendar, s: StageSpec) {
  const dl = await openDeadline(tx, cal, { subjectType: s.subjectType, subjectId: s.subjectId, stage: s.stage, startAt: s.startAt, workdays: s.workdays, pauses: s.pauses ?? [], restartAt: s.restartAt ?? null });
  await tx.insert(stageRecords).values({ subjectType: s.subjectType, subjectId: s.subjectId, siteId: s.siteId, stage: s.stage, unitId: s.unitId ?? null, deadlineId: dl.id, startedAt: s.startAt, dueAt: dl.dueAt });
  return dl;
}

/** The open deadline of a stage, if any. */
export async function openStageDeadline(tx: DbOrTx, subjectType: SubjectType, subjectId: string, stage: string) {
  const [d] = await tx
    .select()
    .from(deadlines)
    .where(and(eq(deadlines.subjectType, subjectType), eq(deadlines.subjectId, subjectId), eq(deadlines.stage, stage), isNull(deadlines.closedAt)));
  return d ?? null;
}

/** Working days a stage took: from its day 0 (restart if any) to `at`, less the paused days. */
export function workdaysTaken(cal: WorkCalendar, d: { startAt: Date; restartAt: Date | null; pauses: Array<{ from: string; to?: string }> }, at: Date): number {
  const from = d.restartAt ?? d.startAt;
  let n = cal.workdaysBetween(from, at);
  for (const p of d.pauses) {
    const pf = new Date(p.from) > from ? new Date(p.from) : from;
    const pt = p.to ? (new Date(p.to) < at ? new Date(p.to) : at) : at;
    if (pt > pf) n -= cal.workdaysBetween(pf, pt);
  }
  return Math.max(0, n);
}

/**
 * Ends a stage at `at`: closes its deadline and completes its record with the due time as it
 * stands now, the working days taken and whether it was in time. Returns the record, or null when
 * the stage was not open.
 */
export async function finishStage(tx: DbOrTx, cal: WorkCalendar, subjectType: SubjectType, subjectId: string, stage: string, at: Date) {
  const d = await openStageDeadline(tx, subjectType, subjectId, stage);
  if (!d) return null;
  await closeDeadline(tx, d.id);
  const taken = workdaysTaken(cal, d, at);
  const onTime = d.dueAt ? at.getTime() <= d.dueAt.getTime() : true;
  const [rec] = await tx.update(stageRecords).set({ dueAt: d.dueAt, completedAt: at, workdaysTaken: taken, onTime }).where(eq(stageRecords.deadlineId, d.id)).returning();
  return rec ?? null;
}

/** Changes an open stage's pauses, restart or length (third party, 补正, extension). */
export async function changeStage(tx: DbOrTx, cal: WorkCalendar, subjectType: SubjectType, subjectId: string, stage: string, change: { pauses?: Pause[]; restartAt?: Date | null; workdays?: number }) {
  const d = await openStageDeadline(tx, subjectType, subjectId, stage);
  if (!d) return null;
  const row = await updateDeadline(tx, cal, d.id, change);
  await tx.update(stageRecords).set({ dueAt: row.dueAt, overdueAt: null }).where(eq(stageRecords.deadlineId, d.id));
  return row;
}

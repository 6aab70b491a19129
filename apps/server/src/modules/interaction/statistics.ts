// 留言办理统计 (長治 第十三条: 受理反馈情况公开 with 有关统计数据): per site and period, letters
// received, completed, average working days and the on-time share, in total and per answering
// unit. It reads the stage records written when each reply was sent (and the overdue marks the
// escalation job wrote), never recomputes history from today's calendar.
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { letters, stageRecords } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import type { Services } from "../../services.ts";
import { parse } from "../../lib/validate.ts";
import { formatShanghai } from "@govsite/calendar";
import { now } from "../../lib/clock.ts";
import type { Actor } from "../accounts/roles.ts";
import { forbidden } from "../../lib/errors.ts";
import { interactionScope } from "./access.ts";
import { siteByCode, unitNames } from "./cases.ts";

const periodInput = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD").optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD").optional(),
});

function period(raw: unknown) {
  const q = parse(periodInput, raw);
  const y = Number(formatShanghai(now()).slice(0, 4));
  const from = new Date(`${q.from ?? `${y}-01-01`}T00:00:00+08:00`);
  const to = new Date(new Date(`${q.to ?? `${y}-12-31`}T00:00:00+08:00`).getTime() + 86_400_000);
  return { from, to, label: { from: q.from ?? `${y}-01-01`, to: q.to ?? `${y}-12-31` } };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export async function letterStatistics(db: DbOrTx, siteId: string, raw: unknown) {
  const p = period(raw);
  const inPeriod = and(eq(letters.siteId, siteId), gte(letters.receivedAt, p.from), lt(letters.receivedAt, p.to));
  const [tot] = (await db
    .select({
      received: sql<number>`count(*) filter (where ${letters.status} <> 'rejected')::int`,
      rejected: sql<number>`count(*) filter (where ${letters.status} = 'rejected')::int`,
      completed: sql<number>`count(*) filter (where ${letters.repliedAt} is not null)::int`,
      published: sql<number>`count(*) filter (where ${letters.publishedAt} is not null and ${letters.unpublishedAt} is null)::int`,
      satisfied: sql<number>`count(*) filter (where ${letters.rating} in ('satisfied','basically'))::int`,
      rated: sql<number>`count(*) filter (where ${letters.rating} is not null)::int`,
    })
    .from(letters)
    .where(inPeriod)) as [{ received: number; rejected: number; completed: number; published: number; satisfied: number; rated: number }];
  const recs = await db
    .select({ stage: stageRecords.stage, unitId: stageRecords.unitId, workdaysTaken: stageRecords.workdaysTaken, onTime: stageRecords.onTime, completedAt: stageRecords.completedAt, overdueAt: stageRecords.overdueAt })
    .from(stageRecords)
    .innerJoin(letters, sql`${letters.id} = ${stageRecords.subjectId}`)
    .where(and(eq(stageRecords.subjectType, "letter"), inArray(stageRecords.stage, ["reply", "unit_reply", "forward"]), inPeriod));
  const reply = recs.filter((r) => r.stage === "reply");
  const done = reply.filter((r) => r.completedAt);
  const late = (r: (typeof recs)[number]) => (r.completedAt ? r.onTime === false : !!r.overdueAt);
  const judged = reply.filter((r) => r.completedAt || r.overdueAt);
  const unitRecs = recs.filter((r) => r.stage === "unit_reply" && r.unitId);
  const names = await unitNames(db, unitRecs.map((r) => r.unitId!));
  const perUnit = new Map<string, { unitId: string; unit: string; completed: number; onTime: number; totalDays: number }>();
  for (const r of unitRecs) {
    const u = perUnit.get(r.unitId!) ?? { unitId: r.unitId!, unit: names.get(r.unitId!) ?? "", completed: 0, onTime: 0, totalDays: 0 };
    u.completed++;
    if (r.onTime) u.onTime++;
    u.totalDays += r.workdaysTaken ?? 0;
    perUnit.set(r.unitId!, u);
  }
  const forwardRecs = recs.filter((r) => r.stage === "forward" && (r.completedAt || r.overdueAt));
  // Letters forwarded to each unit in the period, and those of them still open and overdue.
  const assigned = (await db.execute(sql`
    select a.unit_id as "unitId", count(distinct a.letter_id)::int as received,
           count(distinct a.letter_id) filter (where l.replied_at is null and exists (
             select 1 from deadlines d where d.subject_type = 'letter' and d.subject_id = l.id::text and d.stage = 'reply' and d.closed_at is null and d.due_at < ${now()}))::int as overdue
    from letter_assignments a join letters l on l.id = a.letter_id
    where l.site_id = ${siteId} and l.received_at >= ${p.from} and l.received_at < ${p.to} and a.status <> 'withdrawn'
    group by a.unit_id`)) as unknown as { rows: Array<{ unitId: string; received: number; overdue: number }> };
  const assignedNames = await unitNames(db, assigned.rows.map((r) => r.unitId));
  const units = assigned.rows.map((a) => {
    const u = perUnit.get(a.unitId);
    const judgedN = (u?.completed ?? 0) + a.overdue;
    return {
      unitId: a.unitId,
      unit: assignedNames.get(a.unitId) ?? "",
      received: a.received,
      completed: u?.completed ?? 0,
      averageWorkdays: u && u.completed ? round1(u.totalDays / u.completed) : null,
      onTimeShare: judgedN ? round1(((u?.onTime ?? 0) / judgedN) * 100) : null,
      overdueOpen: a.overdue,
    };
  });
  units.sort((x, y) => (y.onTimeShare ?? -1) - (x.onTimeShare ?? -1) || y.completed - x.completed);
  return {
    period: p.label,
    received: tot.received,
    completed: tot.completed,
    rejected: tot.rejected,
    published: tot.published,
    averageWorkdays: done.length ? round1(done.reduce((s, r) => s + (r.workdaysTaken ?? 0), 0) / done.length) : null,
    onTimeShare: judged.length ? round1((judged.filter((r) => !late(r)).length / judged.length) * 100) : null,
    forwardOnTimeShare: forwardRecs.length ? round1((forwardRecs.filter((r) => !late(r)).length / forwardRecs.length) * 100) : null,
    satisfactionShare: tot.rated ? round1((tot.satisfied / tot.rated) * 100) : null,
    units,
    note: "按时率 = 按期答复数 ÷（已答复数 + 已超期未答复数）；平均办理时间按工作日计，自收到留言之日起至答复之日止，不含法定节假日。",
  };
}

export async function publicLetterStatistics(svc: Services, siteCode: string, raw: unknown) {
  const site = await siteByCode(svc.db, siteCode);
  const s = await letterStatistics(svc.db, site.id, raw);
  return { site: site.name, ...s };
}

export async function consoleLetterStatistics(svc: Services, actor: Actor, siteId: string, raw: unknown) {
  const scope = await interactionScope(svc.db, actor);
  if (!scope.all && !scope.intakeSiteIds.includes(siteId)) throw forbidden("只能查看本人负责站点的留言统计。");
  return letterStatistics(svc.db, siteId, raw);
}


// Jobs of 政民互动 and 依申请公开 (the lead registers them in jobs/definitions.ts):
// - interactionDeadlineReminders: a stage due within the next working day reminds the people who
//   must act; a stage past its due time is marked late in its stage record at the due moment and
//   escalated to the supervising office (监管员) and the unit's leaders, once;
//   a third party silent past its 15 working days is closed as 逾期未提出意见, which restarts the
//   answer clock (第三十二条).
// - purgeSpentChallenges (pow.ts): forgets expired proof-of-work solutions.
import { and, eq, inArray, isNull, lte } from "drizzle-orm";
import { deadlines, disclosureApplications, disclosureConsultations, letterAssignments, letters, notifications, roleAssignments, sites, stageRecords, users } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { now } from "../../lib/clock.ts";
import { recordAudit, systemActor } from "../audit/record.ts";
import { fmt } from "./cases.ts";
import { STAGE_NAMES } from "./stages.ts";
import { closeConsultation } from "../disclosure/applications.ts";

interface Person {
  userId: string;
  unitId: string;
  role: string;
  level: number | null;
  siteId: string | null;
}

async function people(svc: Services): Promise<Person[]> {
  return svc.db
    .select({ userId: roleAssignments.userId, unitId: users.unitId, role: roleAssignments.role, level: roleAssignments.level, siteId: roleAssignments.siteId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(eq(users.status, "active"));
}

const uniq = (xs: string[]) => [...new Set(xs)];

export async function interactionDeadlineReminders(svc: Services): Promise<{ reminded: number; escalated: number; thirdPartyLapsed: number }> {
  const cal = await svc.calendar();
  const at = now();
  const horizon = cal.addWorkdays(at, 1);
  const open = await svc.db
    .select()
    .from(deadlines)
    .where(and(inArray(deadlines.subjectType, ["letter", "disclosure", "disclosure_consultation"]), isNull(deadlines.closedAt), lte(deadlines.dueAt, horizon)));
  if (!open.length) return { reminded: 0, escalated: 0, thirdPartyLapsed: 0 };
  const staff = await people(svc);
  const siteRows = await svc.db.select({ id: sites.id, operatorUnitId: sites.operatorUnitId }).from(sites);
  const operatorOf = new Map(siteRows.map((s) => [s.id, s.operatorUnitId]));
  const supervisors = uniq(staff.filter((p) => p.role === "supervisor").map((p) => p.userId));
  const ofUnit = (unitId: string) => uniq(staff.filter((p) => p.unitId === unitId).map((p) => p.userId));
  const leadersOf = (unitId: string) => uniq(staff.filter((p) => p.unitId === unitId && p.role === "reviewer" && (p.level ?? 0) >= 2).map((p) => p.userId));
  const centreOf = (siteId: string) => uniq(staff.filter((p) => p.siteId === siteId && p.unitId === operatorOf.get(siteId) && ["site_admin", "editor", "reviewer"].includes(p.role)).map((p) => p.userId));

  let reminded = 0;
  let escalated = 0;
  let thirdPartyLapsed = 0;
  for (const d of open) {
    if (!d.dueAt) continue;
    // Who acts on this stage, and what to call the case.
    let title = "";
    let link = "";
    let actors: string[] = [];
    let leaders: string[] = [];
    if (d.subjectType === "letter") {
      const [l] = await svc.db.select().from(letters).where(eq(letters.id, d.subjectId));
      if (!l) continue;
      title = `留言 ${l.caseNo}《${l.title}》`;
      link = `/interaction/letters/${l.id}`;
      if (d.stage === "forward") {
        actors = centreOf(l.siteId);
        leaders = actors.filter((u) => staff.some((p) => p.userId === u && p.role === "reviewer" && (p.level ?? 0) >= 2));
      } else {
        const asg = await svc.db.select().from(letterAssignments).where(and(eq(letterAssignments.letterId, l.id), inArray(letterAssignments.status, ["handling", "in_review"])));
        actors = asg.length ? uniq(asg.flatMap((a) => ofUnit(a.unitId))) : centreOf(l.siteId);
        leaders = uniq(asg.flatMap((a) => leadersOf(a.unitId)));
      }
    } else if (d.subjectType === "disclosure") {
      const [a] = await svc.db.select().from(disclosureApplications).where(eq(disclosureApplications.id, d.subjectId));
      if (!a) continue;
      title = `政府信息公开申请 ${a.caseNo}`;
      link = `/disclosure/${a.id}`;
      actors = ofUnit(a.unitId);
      leaders = leadersOf(a.unitId);
    } else {
      const [c] = await svc.db.select().from(disclosureConsultations).where(eq(disclosureConsultations.id, d.subjectId));
      if (!c) continue;
      if (d.dueAt <= at) {
        // 第三十二条: 第三方逾期未提出意见的，由行政机关依照本条例的规定决定是否公开.
        await closeConsultation(svc, null, c.id, { result: "no_reply", at: d.dueAt.toISOString() });
        thirdPartyLapsed++;
      }
      continue;
    }
    const stage = STAGE_NAMES[d.stage] ?? d.stage;
    if (d.dueAt > at && !d.remindedAt) {
      await svc.db.transaction(async (tx) => {
        if (actors.length) await tx.insert(notifications).values(actors.map((userId) => ({ userId, kind: "interaction_due_soon", title: `即将到期：${title}的${stage}`, body: `办理期限至 ${fmt(d.dueAt)}，请抓紧办理。`, link })));
        await tx.update(deadlines).set({ remindedAt: at }).where(eq(deadlines.id, d.id));
      });
      reminded++;
    }
    if (d.dueAt <= at && !d.escalatedAt) {
      await svc.db.transaction(async (tx) => {
        const to = uniq([...supervisors, ...leaders, ...actors]);
        if (to.length) await tx.insert(notifications).values(to.map((userId) => ({ userId, kind: "interaction_overdue", title: `已超期：${title}的${stage}`, body: `期限 ${fmt(d.dueAt)} 已过，请督促办理。超期情况已记入办理统计。`, link })));
        // Late at the due moment, recorded now: statistics never depend on when the job ran.
        await tx.update(stageRecords).set({ overdueAt: d.dueAt }).where(eq(stageRecords.deadlineId, d.id));
        await tx.update(deadlines).set({ escalatedAt: at }).where(eq(deadlines.id, d.id));
        await recordAudit(tx, systemActor("互动督办"), { action: "interaction.overdue", targetType: d.subjectType, targetId: d.subjectId, summary: `${title}的${stage}已超过期限（${fmt(d.dueAt)}），已提醒监管员和承办单位负责人` });
      });
      escalated++;
    }
  }
  return { reminded, escalated, thirdPartyLapsed };
}

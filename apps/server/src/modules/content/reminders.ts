// Review steps have deadlines in working days: a reminder when one is close, and escalation to the
// site's signing leaders and administrator when it passes. Nothing is ever approved by timeout.
import { and, eq, isNull, lte, sql } from "drizzle-orm";
import { deadlines, documents, notifications, reviews, revisions } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { now } from "../../lib/clock.ts";
import { recordAudit, systemActor } from "../audit/record.ts";
import { activeActors, eligibleForStep, signOffLevel } from "./access.ts";
import type { Fields } from "./fields.ts";

export async function reviewDeadlineReminders(svc: Services): Promise<{ reminded: number; escalated: number }> {
  const soon = new Date(now().getTime() + 4 * 3_600_000);
  const due = await svc.db
    .select({ dl: deadlines, r: reviews, d: documents, rev: revisions })
    .from(deadlines)
    .innerJoin(reviews, and(eq(sql`${reviews.id}::text`, deadlines.subjectId), eq(reviews.stepDeadlineId, deadlines.id)))
    .innerJoin(documents, eq(documents.id, reviews.documentId))
    .innerJoin(revisions, eq(revisions.id, reviews.revisionId))
    .where(and(eq(deadlines.subjectType, "review"), isNull(deadlines.closedAt), lte(deadlines.dueAt, soon), eq(reviews.status, "in_progress")));
  let reminded = 0;
  let escalated = 0;
  const actors = await activeActors(svc.db);
  for (const { dl, r, d, rev } of due) {
    const step = r.steps[r.current];
    if (!step) continue;
    const f = rev.fields as Fields;
    const overdue = !!dl.dueAt && dl.dueAt <= now();
    if (!overdue && !dl.remindedAt) {
      const who = actors.filter((a) => a.userId !== r.submittedBy && eligibleForStep(a, { siteId: d.siteId, primaryColumnId: f.primaryColumnId }, step));
      await svc.db.transaction(async (tx) => {
        if (who.length) await tx.insert(notifications).values(who.map((a) => ({ userId: a.userId, kind: "review_due_soon", title: `即将超期：${step.name}《${f.title}》`, body: "请尽快办理。", link: `/content/${d.id}` })));
        await tx.update(deadlines).set({ remindedAt: now() }).where(eq(deadlines.id, dl.id));
      });
      reminded++;
    }
    if (overdue && !dl.escalatedAt) {
      const leaders = actors.filter((a) => a.assignments.some((x) => x.siteId === d.siteId && (x.role === "site_admin" || (x.role === "reviewer" && (x.level ?? 0) >= signOffLevel(svc.profile.values.review.steps))))).map((a) => a.userId);
      await svc.db.transaction(async (tx) => {
        if (leaders.length) await tx.insert(notifications).values([...new Set(leaders)].map((userId) => ({ userId, kind: "review_overdue", title: `审核超期：${step.name}《${f.title}》`, body: "该环节已超过办理时限，请督促办理。", link: `/content/${d.id}` })));
        await tx.update(deadlines).set({ escalatedAt: now() }).where(eq(deadlines.id, dl.id));
        await recordAudit(tx, systemActor("审核督办"), { action: "review.overdue", targetType: "document", targetId: d.id, summary: `${step.name}超过办理时限，已提醒站点负责人` });
      });
      escalated++;
    }
  }
  return { reminded, escalated };
}


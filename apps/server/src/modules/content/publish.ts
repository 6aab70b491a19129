// Making a revision public, and taking it down. `makeLive` is the only code that sets a live
// revision, and it refuses any revision without a completed review: no path (API, CLI, job)
// publishes unreviewed content.
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { documents, indexSequences, notifications, publishEvents, reviews, roleAssignments, sites, takedowns, units, users } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import type { DbOrTx } from "../../db/client.ts";
import { AppError, forbidden } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { now, shanghaiText } from "../../lib/clock.ts";
import { logger } from "../../lib/logger.ts";
import { recordAudit, systemActor, type AuditActor } from "../audit/record.ts";
import { auditActorOf, type Actor } from "../accounts/roles.ts";
import { loadDocument, loadRevision, type DocumentRow } from "./documents.ts";
import type { Fields } from "./fields.ts";
import { signOffLevel } from "./access.ts";

// ---------- 索引号 ----------

const shanghai = shanghaiText;

/** Renders the profile's pattern; the sequence is per everything before it (unit, category, year). */
export async function allocateIndexNumber(tx: DbOrTx, pattern: string, parts: { unitCode: string; category: string; at: Date }): Promise<string> {
  const iso = shanghai(parts.at);
  const fill = (p: string) =>
    p
      .replace(/\{unitCode\}/g, parts.unitCode)
      .replace(/\{category\}/g, parts.category)
      .replace(/\{year\}/g, iso.slice(0, 4))
      .replace(/\{yyyymm\}/g, iso.slice(0, 4) + iso.slice(5, 7));
  const scope = fill(pattern.replace(/\{seq(:\d)?\}.*$/, ""));
  // One statement: concurrent publications each get their own number.
  const rows = await tx
    .insert(indexSequences)
    .values({ scope, next: 2 })
    .onConflictDoUpdate({ target: indexSequences.scope, set: { next: sql`${indexSequences.next} + 1` } })
    .returning({ next: indexSequences.next });
  const seq = rows[0]!.next - 1;
  return fill(pattern).replace(/\{seq(?::(\d))?\}/g, (_m, w: string | undefined) => String(seq).padStart(Number(w ?? 1), "0"));
}

// ---------- publishing ----------

export type PublishOutcome = { state: "published"; indexNo: string | null } | { state: "scheduled"; at: Date };

/** After the last signature: publish now, or at the publish time the author set. */
export async function publishApproved(tx: DbOrTx, svc: Services, documentId: string, reviewId: string, actor: AuditActor): Promise<PublishOutcome> {
  const d = await loadDocument(tx, documentId);
  const rev = await loadRevision(tx, d.draftRevisionId!);
  const at = (rev.fields as Fields).publishAt ? new Date((rev.fields as Fields).publishAt!) : null;
  if (at && at > now()) {
    await tx.update(documents).set({ state: d.liveRevisionId ? d.state : "scheduled", scheduledAt: at, publishError: null, updatedAt: now() }).where(eq(documents.id, documentId));
    await recordAudit(tx, actor, { action: "document.schedule", targetType: "document", targetId: documentId, summary: `定时发布：${shanghai(at).slice(0, 16).replace("T", " ")}` });
    return { state: "scheduled", at };
  }
  return makeLive(tx, svc, documentId, actor, reviewId);
}

export async function makeLive(tx: DbOrTx, svc: Services, documentId: string, actor: AuditActor, reviewId?: string): Promise<PublishOutcome & { state: "published" }> {
  const [d] = await tx.select().from(documents).where(eq(documents.id, documentId)).for("update");
  if (!d) throw new AppError("NOT_FOUND");
  if (!d.draftRevisionId) throw new AppError("CONFLICT", "没有待发布的版本。");
  const approved = await tx
    .select({ id: reviews.id })
    .from(reviews)
    .where(and(eq(reviews.documentId, documentId), eq(reviews.revisionId, d.draftRevisionId), eq(reviews.status, "approved"), reviewId ? eq(reviews.id, reviewId) : undefined))
    .limit(1);
  if (approved.length === 0) throw new AppError("FORBIDDEN", "未经三审三校签发的版本不能发布。");
  const rev = await loadRevision(tx, d.draftRevisionId);
  let indexNo = d.indexNo;
  if (!indexNo) {
    const [unit] = await tx.select({ code: units.code }).from(units).where(eq(units.id, d.ownerUnitId));
    const f = rev.fields as Fields;
    indexNo = await allocateIndexNumber(tx, svc.profile.values.disclosure.indexNumberPattern, { unitCode: unit?.code ?? "000000000", category: f.disclosure?.genre || d.type, at: now() });
  }
  const t = now();
  await tx
    .update(documents)
    .set({ liveRevisionId: d.draftRevisionId, draftRevisionId: null, state: "published", indexNo, firstPublishedAt: d.firstPublishedAt ?? t, lastPublishedAt: t, scheduledAt: null, publishError: null, takedown: null, publicVersion: d.publicVersion + 1, updatedAt: t })
    .where(eq(documents.id, documentId));
  await tx.insert(publishEvents).values({ siteId: d.siteId, documentId, kind: "publish", version: d.publicVersion + 1 });
  await recordAudit(tx, actor, { action: "document.publish", targetType: "document", targetId: documentId, summary: `发布：${(rev.fields as Fields).title}（第 ${rev.number} 版，索引号 ${indexNo}）` });
  return { state: "published", indexNo };
}

/** Publishes every scheduled document that is due. Safe to run any number of times at once. */
export async function runScheduledPublishing(svc: Services): Promise<{ published: number; failed: number }> {
  const due = await svc.db.select({ id: documents.id }).from(documents).where(and(inArray(documents.state, ["scheduled", "published", "withdrawn"]), lte(documents.scheduledAt, now())));
  let published = 0;
  let failed = 0;
  for (const { id } of due) {
    try {
      const done = await svc.db.transaction(async (tx) => {
        const [locked] = await tx.select().from(documents).where(eq(documents.id, id)).for("update");
        if (!locked?.scheduledAt || locked.scheduledAt > now()) return false; // someone else ran it
        await makeLive(tx, svc, id, systemActor("定时发布"));
        return true;
      });
      if (done) published++;
    } catch (err) {
      failed++;
      const reason = err instanceof AppError ? err.message : (err as Error).message;
      logger.error({ err, documentId: id }, "scheduled publication failed");
      await svc.db.transaction(async (tx) => {
        await tx.update(documents).set({ state: "publish_failed", publishError: reason, scheduledAt: null }).where(eq(documents.id, id));
        await recordAudit(tx, systemActor("定时发布"), { action: "document.publish_failed", targetType: "document", targetId: id, summary: `定时发布失败：${reason}` });
        const d = await loadDocument(tx, id);
        await tx.insert(notifications).values({ userId: d.createdBy, kind: "publish_failed", title: "定时发布失败", body: reason, link: `/content/${id}` });
      });
    }
  }
  return { published, failed };
}

// ---------- taking down ----------

const unpublishInput = z.object({
  mode: z.enum(["withdraw", "remove", "redirect"], { message: "请选择撤回、删除或重定向" }),
  reason: z.string().trim().min(4, "请写明原因（不少于 4 个字）").max(1000),
  notice: z.string().trim().max(1000).default(""),
  redirectUrl: z
    .string()
    .trim()
    .regex(/^(https?:\/\/|\/)\S+$/, "重定向地址须为站内路径或 http(s) 网址")
    .optional(),
});

/** The site's signing leaders (or a 监管员 once a takedown has escalated) may take a page down. */
function mayTakeDown(actor: Actor, d: DocumentRow, svc: Services, escalated: boolean) {
  const signLevel = signOffLevel(svc.profile.values.review.steps);
  if (actor.assignments.some((a) => a.role === "reviewer" && a.siteId === d.siteId && (a.level ?? 0) >= signLevel)) return true;
  return escalated && actor.assignments.some((a) => a.role === "supervisor");
}

export async function unpublish(svc: Services, actor: Actor, documentId: string, raw: unknown) {
  const input = parse(unpublishInput, raw);
  if (input.mode === "redirect" && !input.redirectUrl) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "redirectUrl", message: "请填写重定向地址" }] });
  if (input.mode === "withdraw" && !input.notice) input.notice = `该信息已于 ${shanghai(now()).slice(0, 10)} 撤回。`;
  const d = await loadDocument(svc.db, documentId);
  if (!d.liveRevisionId || !["published", "withdrawn"].includes(d.state)) throw new AppError("CONFLICT", "该稿件当前没有在网站上公开。");
  const open = await svc.db.select().from(takedowns).where(and(eq(takedowns.documentId, documentId), inArray(takedowns.status, ["open", "escalated"])));
  if (!mayTakeDown(actor, d, svc, open.some((t) => t.status === "escalated"))) throw forbidden("只有本站点的签发领导可以撤下已发布的信息；监管员只能在处置超时后直接撤下。");
  return svc.db.transaction(async (tx) => {
    const state = { withdraw: "withdrawn", remove: "removed", redirect: "redirected" }[input.mode];
    const takedown = { mode: input.mode, reason: input.reason, notice: input.notice, redirectUrl: input.redirectUrl, at: now().toISOString(), by: actor.realName };
    const [after] = await tx
      .update(documents)
      .set({ state, takedown, scheduledAt: null, publicVersion: d.publicVersion + 1, updatedAt: now() })
      .where(eq(documents.id, documentId))
      .returning();
    await tx.insert(publishEvents).values({ siteId: d.siteId, documentId, kind: input.mode, version: d.publicVersion + 1 });
    const bySupervisor = !actor.assignments.some((a) => a.role === "reviewer" && a.siteId === d.siteId);
    for (const t of open) {
      await tx.update(takedowns).set({ status: bySupervisor ? "taken_down_by_supervisor" : "done", resolvedAt: now(), resolvedBy: actor.userId }).where(eq(takedowns.id, t.id));
    }
    await recordAudit(tx, auditActorOf(actor), { action: `document.${input.mode}`, targetType: "document", targetId: documentId, summary: `${{ withdraw: "撤回", remove: "删除", redirect: "重定向" }[input.mode]}已发布信息：${input.reason}`, after: takedown });
    return after!;
  });
}

// ---------- emergency takedown ----------

export async function flagForTakedown(svc: Services, actor: Actor, documentId: string, raw: unknown) {
  const { reason } = parse(z.object({ reason: z.string().trim().min(4, "请写明需要撤下的原因").max(1000) }), raw);
  if (!actor.assignments.some((a) => a.role === "supervisor")) throw forbidden("只有监管员可以发出紧急撤稿通知。");
  const d = await loadDocument(svc.db, documentId);
  if (d.state !== "published") throw new AppError("CONFLICT", "该稿件当前没有在网站上公开。");
  const hours = svc.profile.values.takedown.hours;
  const dueAt = new Date(now().getTime() + hours * 3_600_000);
  return svc.db.transaction(async (tx) => {
    const [t] = await tx.insert(takedowns).values({ documentId, flaggedBy: actor.userId, reason, dueAt }).returning();
    await notifySite(tx, d.siteId, ["reviewer", "site_admin", "editor"], { kind: "takedown", title: `紧急撤稿通知（${hours} 小时内处置）`, body: reason, link: `/content/${documentId}` });
    await recordAudit(tx, auditActorOf(actor), { action: "takedown.flag", targetType: "document", targetId: documentId, summary: `发出紧急撤稿通知，须在 ${hours} 小时内撤下：${reason}` });
    return t!;
  });
}

/** Overdue takedowns escalate: the supervising office is alerted and may take the page down. */
export async function escalateTakedowns(svc: Services): Promise<{ escalated: number }> {
  const overdue = await svc.db.select().from(takedowns).where(and(eq(takedowns.status, "open"), lte(takedowns.dueAt, now())));
  for (const t of overdue) {
    await svc.db.transaction(async (tx) => {
      const [locked] = await tx.update(takedowns).set({ status: "escalated", escalatedAt: now() }).where(and(eq(takedowns.id, t.id), eq(takedowns.status, "open"))).returning();
      if (!locked) return;
      const supervisors = await tx.selectDistinct({ userId: roleAssignments.userId }).from(roleAssignments).where(eq(roleAssignments.role, "supervisor"));
      if (supervisors.length) {
        await tx.insert(notifications).values(supervisors.map((s) => ({ userId: s.userId, kind: "takedown_escalated", title: "紧急撤稿超时未处置", body: `${t.reason}（已可由监管员直接撤下）`, link: `/content/${t.documentId}` })));
      }
      const d = await loadDocument(tx, t.documentId);
      await notifySite(tx, d.siteId, ["reviewer", "site_admin"], { kind: "takedown_escalated", title: "紧急撤稿已超时，已上报主管单位", body: t.reason, link: `/content/${t.documentId}` });
      await recordAudit(tx, systemActor("撤稿督办"), { action: "takedown.escalate", targetType: "document", targetId: t.documentId, summary: `紧急撤稿超时未处置，已上报监管员：${t.reason}` });
    });
  }
  return { escalated: overdue.length };
}

async function notifySite(tx: DbOrTx, siteId: string, roles: string[], n: { kind: string; title: string; body: string; link: string }) {
  const people = await tx
    .selectDistinct({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.siteId, siteId), inArray(roleAssignments.role, roles), eq(users.status, "active")));
  if (people.length) await tx.insert(notifications).values(people.map((p) => ({ userId: p.userId, ...n })));
}

export async function siteOf(db: DbOrTx, id: string) {
  const [s] = await db.select().from(sites).where(eq(sites.id, id));
  return s;
}

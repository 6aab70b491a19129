// 三审三校: a submitted revision passes every step the profile and the document require, each
// signed by a different person who is not the submitter, with opinion and checklist recorded.
// Rejection returns to an earlier step or to the author; nothing skips a step.
import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Finding } from "@govsite/checks";
import { documents, notifications, reviewActions, reviews, revisions, roleAssignments, units, users } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import type { DbOrTx } from "../../db/client.ts";
import { AppError, forbidden, notFound } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { now } from "../../lib/clock.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, type Actor } from "../accounts/roles.ts";
import { closeDeadline, openDeadline } from "../calendar/calendar.ts";
import { deadlines } from "../../db/schema.ts";
import { activeActors, canEdit, eligibleForStep, isFinalSigner, signOffLevel, type Step } from "./access.ts";
import { isAuthoritativeSource, submissionIssues, type Fields } from "./fields.ts";
import { activeReview, loadDocument, loadRevision, primaryColumnOf, type DocumentRow, type RevisionRow } from "./documents.ts";
import { docType } from "./types.ts";
import { publishApproved } from "./publish.ts";

type ReviewRow = typeof reviews.$inferSelect;

// ---------- automatic checks ----------

/** Runs the content-check engine over a revision's text and stores the findings on it. */
export async function checkRevision(svc: Services, db: DbOrTx, rev: RevisionRow): Promise<Finding[]> {
  const f = rev.fields as Fields;
  const findings = svc.checker().checkText(rev.text, { documentKind: f.flags?.documentKind ?? "ordinary" });
  await db.update(revisions).set({ findings }).where(eq(revisions.id, rev.id));
  return findings;
}

// ---------- planning ----------

/** The steps this document must pass: the profile's 三审三校 plus what the content requires. */
export function planSteps(svc: Services, d: DocumentRow, f: Fields): Step[] {
  const review = svc.profile.values.review;
  const steps: Step[] = review.steps.map((s) => ({ key: s.key, name: s.name, role: s.role, level: s.level ?? null, kind: "review", signOff: !!s.signOff }));
  const final = steps.findIndex((s) => s.signOff);
  const beforeSignOff = final >= 0 ? final : steps.length;
  const extra: Step[] = [];
  if (f.reprint && !isAuthoritativeSource(f, authoritativeSources(svc))) {
    extra.push({ key: "source", name: "非权威来源转载审批", role: "reviewer", level: topLevel(svc), kind: "source" });
  }
  if (f.flags.secrecyUncertain) extra.push({ key: "secrecy", name: "保密审查", role: "supervisor", level: null, kind: "secrecy" });
  for (const unitId of new Set(f.flags.coIssuingUnitIds.filter((u) => u !== d.ownerUnitId))) {
    extra.push({ key: `countersign:${unitId}`, name: "会签", role: "reviewer", level: 2, kind: "countersign", unitId });
  }
  if (f.flags.homepage && review.homepageRequiresApplication) extra.push({ key: "homepage", name: "信息发布申请审批（首页）", role: "supervisor", level: null, kind: "homepage" });
  const out = [...steps.slice(0, beforeSignOff), ...extra, ...steps.slice(beforeSignOff)];
  if (f.flags.opinionRisk) {
    // 石柱 第二十七条: content that may cause public-opinion risk is signed by the principal leader.
    out.push({ key: "principal", name: "主要负责人审签（舆情风险）", role: "reviewer", level: 4, kind: "principal", signOff: true });
  }
  return out;
}

const topLevel = (svc: Services) => signOffLevel(svc.profile.values.review.steps);
const authoritativeSources = (svc: Services): string[] => (svc.profile.values.reprint as { authoritativeSources?: string[] }).authoritativeSources ?? [];

// ---------- submission ----------

export async function overrideChecks(svc: Services, actor: Actor, documentId: string, raw: unknown) {
  const { reason } = parse(z.object({ reason: z.string().trim().min(10, "请写明不予修改的理由（不少于 10 个字）").max(1000) }), raw);
  const d = await loadDocument(svc.db, documentId);
  if (!d.draftRevisionId) throw new AppError("CONFLICT", "没有待送审的草稿。");
  const rev = await loadRevision(svc.db, d.draftRevisionId);
  if (!isFinalSigner(actor, { siteId: d.siteId, primaryColumnId: primaryColumnOf(rev) }, topLevel(svc))) throw forbidden("只有本站点的签发领导可以确认保留检查提示的内容。");
  const blocking = await checkRevision(svc, svc.db, rev).then((f) => f.filter((x) => x.severity === "block"));
  if (blocking.length === 0) throw new AppError("CONFLICT", "当前版本没有阻断性的检查结果，无需确认。");
  const override = { by: actor.userId, byName: actor.realName, reason, at: now().toISOString() };
  await svc.db.transaction(async (tx) => {
    await tx.update(revisions).set({ checksOverride: override }).where(eq(revisions.id, rev.id));
    await recordAudit(tx, auditActorOf(actor), { action: "document.checks_override", targetType: "document", targetId: d.id, summary: `签发领导确认保留 ${blocking.length} 处阻断性检查结果：${reason}`, after: { findings: blocking.map((b) => ({ rule: b.rule, text: b.text })) } });
  });
  return { override };
}

export async function submitForReview(svc: Services, actor: Actor, documentId: string, raw: unknown) {
  const { revisionId, checklist } = parse(z.object({ revisionId: z.string().uuid("缺少送审版本"), checklist: z.array(z.string()).optional() }), raw);
  const d = await loadDocument(svc.db, documentId);
  if (d.draftRevisionId !== revisionId) throw new AppError("CONFLICT", "只能送审稿件的最新草稿，请刷新后重试。");
  if (await activeReview(svc.db, documentId)) throw new AppError("CONFLICT", "稿件已在审核中。");
  const rev = await loadRevision(svc.db, revisionId);
  const f = rev.fields as Fields;
  if (!canEdit(actor, { siteId: d.siteId, primaryColumnId: f.primaryColumnId })) throw forbidden("只有本站点（本栏目）的信息员可以送审。");
  const issues = submissionIssues(f, { type: d.type, authoritativeSources: authoritativeSources(svc), reprintFieldsRequired: svc.profile.values.reprint.sourceFieldsRequired });
  if (docType(d.type)?.policy && f.importantPolicy && f.partnerIds.length === 0) issues.push({ path: "partnerIds", message: "重要政策文件须同步关联政策解读" });
  if (issues.length) throw new AppError("VALIDATION_FAILED", "稿件还不能送审，请按提示补充。", { issues });
  const findings = await checkRevision(svc, svc.db, rev);
  const blocking = findings.filter((x) => x.severity === "block");
  if (blocking.length && !rev.checksOverride) {
    throw new AppError("VALIDATION_FAILED", `自动检查发现 ${blocking.length} 处必须修改的问题（如涉密标识、个人信息、敏感词或严重表述错误），请修改后再送审；确需保留的，须由签发领导书面确认。`, {
      extra: { findings: blocking },
    });
  }
  const steps = planSteps(svc, d, f);
  // Steps the profile gives to the 信息员 (一审 in 奉节 第十五条) are the author's own check: the
  // submitter signs them by submitting, confirming the checklist; the review starts after them.
  const own = steps.findIndex((s) => s.role !== "editor");
  const first = own === -1 ? steps.length : own;
  if (first > 0) {
    const required = svc.profile.values.review.checklist.filter((c) => c.kind === "gate");
    const missing = required.filter((c) => !(checklist ?? []).includes(c.key));
    if (missing.length) throw new AppError("VALIDATION_FAILED", `送审即完成${steps[0]!.name}，请逐项确认审核要点：${missing.map((c) => c.text).join("、")}`, { issues: [{ path: "checklist", message: `尚未确认：${missing.map((c) => c.text).join("、")}` }] });
  }
  if (first >= steps.length) throw new AppError("CONFLICT", "规则配置中没有由他人审核的环节，不能发布。");
  const cal = await svc.calendar();
  return svc.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(documents).where(eq(documents.id, documentId)).for("update");
    if ((await activeReview(tx, documentId)) || locked!.draftRevisionId !== revisionId) throw new AppError("CONFLICT", "稿件状态已变化，请刷新后重试。");
    const [r] = await tx.insert(reviews).values({ documentId, revisionId, steps, current: first, submittedBy: actor.userId, submittedAt: now(), override: rev.checksOverride ?? null }).returning();
    const dl = await openDeadline(tx, cal, { subjectType: "review", subjectId: r!.id, stage: steps[first]!.key, startAt: now(), workdays: svc.profile.values.review.stepDeadlineWorkdays });
    await tx.update(reviews).set({ stepDeadlineId: dl.id }).where(eq(reviews.id, r!.id));
    // A live document keeps its public state while its new draft is reviewed.
    await tx.update(documents).set({ state: locked!.liveRevisionId ? locked!.state : "in_review", updatedAt: now() }).where(eq(documents.id, documentId));
    await tx.insert(reviewActions).values({ reviewId: r!.id, stepKey: "submit", stepName: "送审", actorId: actor.userId, actorName: actor.realName, decision: "submit", opinion: "" });
    for (const s of steps.slice(0, first)) {
      await tx.insert(reviewActions).values({ reviewId: r!.id, stepKey: s.key, stepName: s.name, actorId: actor.userId, actorName: actor.realName, decision: "approve", opinion: "撰稿人自审，送审", checklist: checklist ?? [] });
    }
    await recordAudit(tx, auditActorOf(actor), { action: "review.submit", targetType: "document", targetId: documentId, summary: `送审：${f.title}（${steps.map((s) => s.name).join(" → ")}）` });
    await notifyStep(tx, svc, d, f, r!, steps[first]!);
    return { review: { ...r!, stepDeadlineId: dl.id }, steps };
  });
}


export async function withdrawSubmission(svc: Services, actor: Actor, documentId: string) {
  const r = await activeReview(svc.db, documentId);
  if (!r) throw new AppError("CONFLICT", "稿件不在审核中。");
  if (r.submittedBy !== actor.userId) throw forbidden("只有送审人可以撤回送审。");
  await svc.db.transaction(async (tx) => {
    await tx.update(reviews).set({ status: "cancelled", finishedAt: now() }).where(eq(reviews.id, r.id));
    if (r.stepDeadlineId) await closeDeadline(tx, r.stepDeadlineId);
    const d = await loadDocument(tx, documentId);
    await tx.update(documents).set({ state: d.liveRevisionId ? (d.state === "in_review" ? "published" : d.state) : "draft", updatedAt: now() }).where(eq(documents.id, documentId));
    await tx.insert(reviewActions).values({ reviewId: r.id, stepKey: "withdraw", stepName: "撤回送审", actorId: actor.userId, actorName: actor.realName, decision: "withdraw" });
    await recordAudit(tx, auditActorOf(actor), { action: "review.withdraw", targetType: "document", targetId: documentId, summary: "送审人撤回送审" });
  });
}

// ---------- deciding ----------

const decisionInput = z.object({
  decision: z.enum(["approve", "reject"], { message: "请选择通过或退回" }),
  opinion: z.string().trim().max(2000).default(""),
  checklist: z.array(z.string()).default([]),
  /** On rejection: the key of an earlier step to return to, or "author". */
  returnTo: z.string().optional(),
});

export async function decide(svc: Services, actor: Actor, reviewId: string, raw: unknown) {
  const input = parse(decisionInput, raw);
  const [r] = await svc.db.select().from(reviews).where(eq(reviews.id, reviewId));
  if (!r) throw notFound("审核任务");
  if (r.status !== "in_progress") throw new AppError("CONFLICT", "该稿件的审核已结束。");
  const d = await loadDocument(svc.db, r.documentId);
  const rev = await loadRevision(svc.db, r.revisionId);
  const f = rev.fields as Fields;
  const step = r.steps[r.current]!;
  const doc = { siteId: d.siteId, primaryColumnId: f.primaryColumnId };
  if (r.submittedBy === actor.userId) throw forbidden("送审人不能审核自己送审的稿件。");
  if (!eligibleForStep(actor, doc, step)) throw forbidden(`您不是“${step.name}”环节的审核人。`);
  const signed = await svc.db.select({ actorId: reviewActions.actorId, stepKey: reviewActions.stepKey }).from(reviewActions).where(and(eq(reviewActions.reviewId, r.id), eq(reviewActions.decision, "approve")));
  if (signed.some((s) => s.actorId === actor.userId && s.stepKey !== step.key)) throw forbidden("同一稿件的不同审校环节须由不同人员签署，您已签署过其他环节。");

  if (input.decision === "approve") {
    const required = svc.profile.values.review.checklist.filter((c) => c.kind === "gate").map((c) => c.key);
    const missing = required.filter((k) => !input.checklist.includes(k));
    if (missing.length) {
      const names = svc.profile.values.review.checklist.filter((c) => missing.includes(c.key)).map((c) => c.text);
      throw new AppError("VALIDATION_FAILED", `请逐项确认审核要点：${names.join("、")}`, { issues: [{ path: "checklist", message: `尚未确认：${names.join("、")}` }] });
    }
    if (step.kind === "principal" && !f.flags.responsePlan) throw new AppError("VALIDATION_FAILED", "舆情风险稿件须附舆情应对预案。");
  } else {
    if (!input.opinion) throw new AppError("VALIDATION_FAILED", "退回须写明理由。", { issues: [{ path: "opinion", message: "请写明退回理由" }] });
    const target = input.returnTo ?? "author";
    if (target !== "author" && !r.steps.slice(0, r.current).some((s) => s.key === target && s.role !== "editor")) {
      throw new AppError("VALIDATION_FAILED", "只能退回到已经过的环节或退回撰稿人。", { issues: [{ path: "returnTo", message: "退回环节不正确" }] });
    }
  }

  const cal = await svc.calendar();
  return svc.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(reviews).where(eq(reviews.id, r.id)).for("update");
    if (locked!.status !== "in_progress" || locked!.current !== r.current) throw new AppError("CONFLICT", "该环节已被他人处理，请刷新。");
    await tx.insert(reviewActions).values({
      reviewId: r.id,
      stepKey: step.key,
      stepName: step.name,
      actorId: actor.userId,
      actorName: actor.realName,
      decision: input.decision,
      opinion: input.opinion,
      checklist: input.checklist,
      returnTo: input.decision === "reject" ? input.returnTo ?? "author" : null,
    });
    if (r.stepDeadlineId) await closeDeadline(tx, r.stepDeadlineId);
    const audit = auditActorOf(actor);
    if (input.decision === "reject") {
      const target = input.returnTo ?? "author";
      if (target === "author") {
        await tx.update(reviews).set({ status: "rejected", finishedAt: now() }).where(eq(reviews.id, r.id));
        await tx.update(documents).set({ state: d.liveRevisionId ? (d.state === "withdrawn" ? "withdrawn" : "published") : "draft", updatedAt: now() }).where(eq(documents.id, d.id));
        await tx.insert(notifications).values({ userId: r.submittedBy, kind: "review_rejected", title: `稿件被退回：${f.title}`, body: `${step.name}：${input.opinion}`, link: `/content/${d.id}` });
        await recordAudit(tx, audit, { action: "review.reject", targetType: "document", targetId: d.id, summary: `${step.name}退回撰稿人：${input.opinion}` });
        return { status: "rejected" as const };
      }
      const idx = r.steps.findIndex((s) => s.key === target);
      const dl = await openDeadline(tx, cal, { subjectType: "review", subjectId: r.id, stage: target, startAt: now(), workdays: svc.profile.values.review.stepDeadlineWorkdays });
      await tx.update(reviews).set({ current: idx, stepDeadlineId: dl.id }).where(eq(reviews.id, r.id));
      await recordAudit(tx, audit, { action: "review.reject", targetType: "document", targetId: d.id, summary: `${step.name}退回至${r.steps[idx]!.name}：${input.opinion}` });
      await notifyStep(tx, svc, d, f, r, r.steps[idx]!);
      return { status: "returned" as const, step: r.steps[idx] };
    }
    await recordAudit(tx, audit, { action: "review.approve", targetType: "document", targetId: d.id, summary: `${step.name}通过${input.opinion ? `：${input.opinion}` : ""}`, after: { checklist: input.checklist } });
    const nextIndex = r.current + 1;
    if (nextIndex < r.steps.length) {
      const dl = await openDeadline(tx, cal, { subjectType: "review", subjectId: r.id, stage: r.steps[nextIndex]!.key, startAt: now(), workdays: svc.profile.values.review.stepDeadlineWorkdays });
      await tx.update(reviews).set({ current: nextIndex, stepDeadlineId: dl.id }).where(eq(reviews.id, r.id));
      await notifyStep(tx, svc, d, f, r, r.steps[nextIndex]!);
      return { status: "in_progress" as const, step: r.steps[nextIndex] };
    }
    await tx.update(reviews).set({ status: "approved", finishedAt: now(), current: r.steps.length }).where(eq(reviews.id, r.id));
    await tx.insert(notifications).values({ userId: r.submittedBy, kind: "review_approved", title: `稿件已签发：${f.title}`, body: "", link: `/content/${d.id}` });
    const outcome = await publishApproved(tx, svc, d.id, r.id, audit);
    return { status: "approved" as const, publication: outcome };
  });
}

async function notifyStep(tx: DbOrTx, svc: Services, d: DocumentRow, f: Fields, r: ReviewRow, step: Step) {
  // Everyone who can sign the step is told; nobody has to poll an inbox to learn of work.
  const doc = { siteId: d.siteId, primaryColumnId: f.primaryColumnId };
  const rows = (await activeActors(tx))
    .filter((a) => a.userId !== r.submittedBy && eligibleForStep(a, doc, step))
    .map((a) => ({ userId: a.userId, kind: "review_task", title: `待${step.name}：${f.title}`, body: `请在规定时限内办理（${svc.profile.values.review.stepDeadlineWorkdays} 个工作日）。`, link: `/content/${d.id}` }));
  if (rows.length) await tx.insert(notifications).values(rows);
}

// ---------- inbox ----------

/** 待办: reviews whose current step the actor may sign, oldest deadline first. */
export async function inbox(svc: Services, actor: Actor) {
  const open = await svc.db
    .select({ r: reviews, d: documents, rev: revisions, dueAt: deadlines.dueAt, submitter: users.realName, unitName: units.name })
    .from(reviews)
    .innerJoin(documents, eq(documents.id, reviews.documentId))
    .innerJoin(revisions, eq(revisions.id, reviews.revisionId))
    .innerJoin(users, eq(users.id, reviews.submittedBy))
    .innerJoin(units, eq(units.id, documents.ownerUnitId))
    .leftJoin(deadlines, eq(deadlines.id, reviews.stepDeadlineId))
    .where(eq(reviews.status, "in_progress"))
    .orderBy(deadlines.dueAt);
  const signed = open.length
    ? await svc.db.select({ reviewId: reviewActions.reviewId, stepKey: reviewActions.stepKey }).from(reviewActions).where(and(inArray(reviewActions.reviewId, open.map((o) => o.r.id)), eq(reviewActions.actorId, actor.userId), eq(reviewActions.decision, "approve")))
    : [];
  return open
    .filter((o) => {
      const step = o.r.steps[o.r.current];
      const f = o.rev.fields as Fields;
      if (!step || o.r.submittedBy === actor.userId) return false;
      if (signed.some((s) => s.reviewId === o.r.id && s.stepKey !== step.key)) return false;
      return eligibleForStep(actor, { siteId: o.d.siteId, primaryColumnId: f.primaryColumnId }, step);
    })
    .map((o) => ({
      reviewId: o.r.id,
      documentId: o.d.id,
      title: (o.rev.fields as Fields).title,
      step: o.r.steps[o.r.current],
      steps: o.r.steps,
      submittedBy: o.submitter,
      unitName: o.unitName,
      submittedAt: o.r.submittedAt,
      dueAt: o.dueAt,
      overdue: !!o.dueAt && o.dueAt < now(),
      findings: (o.rev.findings as Finding[]).length,
    }));
}

export async function myReviewHistory(svc: Services, actor: Actor) {
  return svc.db.select().from(reviewActions).where(eq(reviewActions.actorId, actor.userId)).orderBy(desc(reviewActions.at)).limit(100);
}


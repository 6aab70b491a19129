// 意见征集, 问卷调查 and 在线访谈 (長治 第十三条; 酉阳 第二十一条).
// - 意见征集: a draft open between two dates; comments anchored to a passage (paragraph and
//   character range, CONSUL/Decidim style), moderated before they show; a feedback report at the end.
// - 问卷调查: single/multiple choice, text and rating questions, shown conditionally on earlier
//   answers; results (counts, never free text) published when the survey closes.
// - 在线访谈: announced at least the configured days ahead; questions collected and moderated
//   live; the transcript published afterwards.
// Public contributions pass the same human check, idempotency and moderation as letters.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { interviewQuestions, interviews, solicitationComments, solicitations, surveyResponses, surveys, type SurveyQuestion } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import type { Services } from "../../services.ts";
import { AppError, forbidden, notFound } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { now } from "../../lib/clock.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, type Actor } from "../accounts/roles.ts";
import { interactionScope, isIntake } from "./access.ts";
import { fmt, siteByCode, SpentChallenge, twinOrThrow } from "./cases.ts";
import { decodePow, spendPow, verifyPow } from "./pow.ts";
import { idempotencyKeyOf, moderationFindings, type SubmitMeta } from "./letters.ts";
import { maskText } from "./masking.ts";

const powFields = { altcha: z.union([z.string().max(4000), z.record(z.string(), z.unknown())]).optional(), clientToken: z.string().trim().min(16).max(200).optional() };
const dateTime = (what: string) => z.coerce.date({ error: `请填写${what}` });

async function requireSiteStaff(svc: Services, actor: Actor, siteId: string) {
  const scope = await interactionScope(svc.db, actor);
  if (!isIntake(scope, siteId) && !scope.supervisor) throw forbidden("只有本站点运维中心人员可以管理征集、调查和访谈。");
}

/** Stores one public contribution once: human check spent and row inserted in one transaction. */
async function acceptOnce<T>(svc: Services, kind: string, meta: SubmitMeta, body: { altcha?: unknown; clientToken?: string }, existing: (key: string) => Promise<T | null>, insert: (tx: DbOrTx, key: string) => Promise<T>): Promise<T & { created: boolean }> {
  const altcha = decodePow(body.altcha);
  const key = idempotencyKeyOf(kind, meta, { clientToken: body.clientToken, altcha });
  const again = await existing(key);
  if (again) return { ...again, created: false };
  const pow = await verifyPow(svc, altcha);
  try {
    const r = await svc.db.transaction(async (tx) => {
      if (!(await spendPow(tx, pow))) throw new SpentChallenge();
      return insert(tx, key);
    });
    return { ...r, created: true };
  } catch (err) {
    return { ...(await twinOrThrow(err, () => existing(key))), created: false };
  }
}

// =================================================================== 意见征集

const solicitationInput = z.object({
  title: z.string().trim().min(4, "标题不少于 4 个字").max(200),
  summary: z.string().trim().max(2000).optional(),
  text: z.string().trim().min(10, "请粘贴征求意见稿正文").max(200_000),
  unitId: z.string().uuid("请选择起草单位"),
  opensAt: dateTime("开始时间"),
  closesAt: dateTime("截止时间"),
});

export async function createSolicitation(svc: Services, actor: Actor, siteId: string, raw: unknown) {
  const input = parse(solicitationInput, raw);
  await requireSiteStaff(svc, actor, siteId);
  if (input.closesAt <= input.opensAt) throw new AppError("VALIDATION_FAILED", "截止时间应晚于开始时间。");
  const paragraphs = input.text.split(/\n+/).map((p) => p.trim()).filter(Boolean);
  return svc.db.transaction(async (tx) => {
    const [s] = await tx.insert(solicitations).values({ siteId, unitId: input.unitId, title: input.title, summary: input.summary ?? "", paragraphs, opensAt: input.opensAt, closesAt: input.closesAt, createdBy: actor.userId }).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "solicitation.create", targetType: "solicitation", targetId: s!.id, summary: `新建意见征集“${input.title}”` });
    return s!;
  });
}

export async function publishSolicitation(svc: Services, actor: Actor, id: string) {
  const [s] = await svc.db.select().from(solicitations).where(eq(solicitations.id, id));
  if (!s) throw notFound("意见征集");
  await requireSiteStaff(svc, actor, s.siteId);
  if (s.status !== "draft") throw new AppError("CONFLICT", "该征集已发布。");
  return svc.db.transaction(async (tx) => {
    await tx.update(solicitations).set({ status: "published" }).where(eq(solicitations.id, id));
    await recordAudit(tx, auditActorOf(actor), { action: "solicitation.publish", targetType: "solicitation", targetId: id, summary: `发布意见征集“${s.title}”（${fmt(s.opensAt)} 至 ${fmt(s.closesAt)}）` });
    return { ok: true };
  });
}

const commentInput = z.object({
  paragraph: z.number().int().min(0).optional(),
  start: z.number().int().min(0).optional(),
  end: z.number().int().min(0).optional(),
  content: z.string().trim().min(5, "意见不少于 5 个字").max(3000),
  name: z.string().trim().max(40).optional(),
  contact: z.string().trim().max(100).optional(),
  ...powFields,
});

export async function submitComment(svc: Services, siteCode: string, id: string, raw: unknown, meta: SubmitMeta) {
  const site = await siteByCode(svc.db, siteCode);
  const input = parse(commentInput, raw);
  const [s] = await svc.db.select().from(solicitations).where(and(eq(solicitations.id, id), eq(solicitations.siteId, site.id), eq(solicitations.status, "published")));
  if (!s) throw notFound("意见征集");
  const at = now();
  if (at < s.opensAt || at > s.closesAt) throw new AppError("CONFLICT", at < s.opensAt ? "意见征集尚未开始。" : "意见征集已截止。");
  let quote = "";
  if (input.paragraph !== undefined) {
    const p = s.paragraphs[input.paragraph];
    if (p === undefined) throw new AppError("VALIDATION_FAILED", "所引用的段落不存在。", { issues: [{ path: "paragraph", message: "段落编号超出范围" }] });
    const start = input.start ?? 0;
    const end = input.end ?? p.length;
    if (start >= end || end > p.length) throw new AppError("VALIDATION_FAILED", "所选文字范围不正确。", { issues: [{ path: "start", message: "请重新选择要评论的文字" }] });
    quote = p.slice(start, end);
  }
  const findings = moderationFindings(svc, input.content);
  return acceptOnce(
    svc,
    "comment",
    meta,
    input,
    async (key) => {
      const [c] = await svc.db.select({ id: solicitationComments.id, status: solicitationComments.status }).from(solicitationComments).where(eq(solicitationComments.idempotencyKey, key));
      return c ? { id: c.id, status: c.status, message: "您的意见已提交，经审核后显示。" } : null;
    },
    async (tx, key) => {
      const [c] = await tx
        .insert(solicitationComments)
        .values({ solicitationId: id, paragraph: input.paragraph ?? null, start: input.paragraph !== undefined ? (input.start ?? 0) : null, end: input.paragraph !== undefined ? (input.end ?? s.paragraphs[input.paragraph]!.length) : null, quote, content: input.content, authorName: input.name ?? "", contact: input.contact ?? "", status: findings.length ? "held" : "pending", findings, idempotencyKey: key, ip: meta.ip })
        .returning({ id: solicitationComments.id, status: solicitationComments.status });
      return { id: c!.id, status: c!.status, message: "您的意见已提交，经审核后显示。" };
    },
  );
}

export async function moderateComment(svc: Services, actor: Actor, commentId: string, raw: unknown) {
  const input = parse(z.object({ decision: z.enum(["approve", "reject"]), adoption: z.enum(["adopted", "partly", "not_adopted"]).optional(), note: z.string().trim().max(1000).optional() }), raw);
  const [c] = await svc.db.select().from(solicitationComments).where(eq(solicitationComments.id, commentId));
  if (!c) throw notFound("意见");
  const [s] = await svc.db.select().from(solicitations).where(eq(solicitations.id, c.solicitationId));
  await requireSiteStaff(svc, actor, s!.siteId);
  return svc.db.transaction(async (tx) => {
    await tx.update(solicitationComments).set({ status: input.decision === "approve" ? "approved" : "rejected", adoption: input.adoption ?? c.adoption, adoptionNote: input.note ?? c.adoptionNote, moderatedBy: actor.userId }).where(eq(solicitationComments.id, commentId));
    await recordAudit(tx, auditActorOf(actor), { action: `solicitation.comment.${input.decision}`, targetType: "solicitation", targetId: s!.id, summary: `${input.decision === "approve" ? "通过" : "不予显示"}意见征集“${s!.title}”的一条意见` });
    return { ok: true };
  });
}

/** The feedback report (反馈情况): written after the deadline; lists the adoption of comments. */
export async function publishFeedback(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(z.object({ report: z.string().trim().min(20, "反馈报告不少于 20 个字").max(50_000) }), raw);
  const [s] = await svc.db.select().from(solicitations).where(eq(solicitations.id, id));
  if (!s) throw notFound("意见征集");
  await requireSiteStaff(svc, actor, s.siteId);
  if (now() < s.closesAt) throw new AppError("CONFLICT", "征集截止后才能发布反馈报告。");
  return svc.db.transaction(async (tx) => {
    await tx.update(solicitations).set({ status: "reported", feedbackReport: maskText(svc.checker(), input.report, { values: [] }), reportPublishedAt: now() }).where(eq(solicitations.id, id));
    await recordAudit(tx, auditActorOf(actor), { action: "solicitation.feedback", targetType: "solicitation", targetId: id, summary: `发布意见征集“${s.title}”的反馈报告` });
    return { ok: true };
  });
}

export async function listSolicitationComments(svc: Services, actor: Actor, id: string) {
  const [s] = await svc.db.select().from(solicitations).where(eq(solicitations.id, id));
  if (!s) throw notFound("意见征集");
  await requireSiteStaff(svc, actor, s.siteId);
  return { solicitation: s, comments: await svc.db.select().from(solicitationComments).where(eq(solicitationComments.solicitationId, id)).orderBy(asc(solicitationComments.createdAt)) };
}

export async function publicSolicitations(svc: Services, siteCode: string) {
  const site = await siteByCode(svc.db, siteCode);
  const rows = await svc.db.select().from(solicitations).where(and(eq(solicitations.siteId, site.id), inArray(solicitations.status, ["published", "reported"]))).orderBy(desc(solicitations.opensAt));
  const at = now();
  return { items: rows.map((s) => ({ id: s.id, title: s.title, summary: s.summary, opensAt: fmt(s.opensAt), closesAt: fmt(s.closesAt), state: at < s.opensAt ? "未开始" : at <= s.closesAt ? "征集中" : s.status === "reported" ? "已反馈" : "已截止" })) };
}

export async function publicSolicitation(svc: Services, siteCode: string, id: string) {
  const site = await siteByCode(svc.db, siteCode);
  const [s] = await svc.db.select().from(solicitations).where(and(eq(solicitations.id, id), eq(solicitations.siteId, site.id), inArray(solicitations.status, ["published", "reported"])));
  if (!s) throw notFound("意见征集");
  const comments = await svc.db.select().from(solicitationComments).where(and(eq(solicitationComments.solicitationId, id), eq(solicitationComments.status, "approved"))).orderBy(asc(solicitationComments.createdAt));
  const [{ n }] = (await svc.db.select({ n: sql<number>`count(*)::int` }).from(solicitationComments).where(and(eq(solicitationComments.solicitationId, id), inArray(solicitationComments.status, ["approved", "pending", "held", "rejected"])))) as [{ n: number }];
  const c = svc.checker();
  return {
    id: s.id,
    title: s.title,
    summary: s.summary,
    paragraphs: s.paragraphs,
    opensAt: fmt(s.opensAt),
    closesAt: fmt(s.closesAt),
    received: n,
    comments: comments.map((x) => ({ paragraph: x.paragraph, start: x.start, end: x.end, quote: x.quote, content: maskText(c, x.content, { values: [x.authorName, x.contact] }), adoption: x.adoption, createdAt: fmt(x.createdAt) })),
    feedbackReport: s.feedbackReport,
    reportPublishedAt: fmt(s.reportPublishedAt),
  };
}

// =================================================================== 问卷调查

const questionSchema: z.ZodType<SurveyQuestion> = z.object({
  key: z.string().regex(/^[a-z0-9_]{1,30}$/, "题目标识只能由小写字母、数字和下划线组成"),
  type: z.enum(["single", "multiple", "text", "rating"]),
  title: z.string().trim().min(2).max(300),
  options: z.array(z.object({ key: z.string().regex(/^[a-z0-9_]{1,30}$/), label: z.string().trim().min(1).max(200) })).max(30).optional(),
  required: z.boolean().optional(),
  max: z.number().int().min(2).max(10).optional(),
  showIf: z.object({ question: z.string(), anyOf: z.array(z.string()).min(1) }).optional(),
}) as z.ZodType<SurveyQuestion>;

const surveyInput = z.object({ title: z.string().trim().min(4).max(200), description: z.string().trim().max(2000).optional(), unitId: z.string().uuid(), questions: z.array(questionSchema).min(1, "至少设置一道题").max(100), opensAt: dateTime("开始时间"), closesAt: dateTime("截止时间") });

function checkQuestions(qs: SurveyQuestion[]) {
  const seen = new Map<string, SurveyQuestion>();
  qs.forEach((q, i) => {
    if (seen.has(q.key)) throw new AppError("VALIDATION_FAILED", `题目标识“${q.key}”重复。`, { issues: [{ path: `questions.${i}.key`, message: "题目标识重复" }] });
    if ((q.type === "single" || q.type === "multiple") && (!q.options || q.options.length < 2)) throw new AppError("VALIDATION_FAILED", `第 ${i + 1} 题至少需要两个选项。`, { issues: [{ path: `questions.${i}.options`, message: "至少两个选项" }] });
    if (q.showIf) {
      const dep = seen.get(q.showIf.question);
      if (!dep || !dep.options) throw new AppError("VALIDATION_FAILED", `第 ${i + 1} 题的显示条件须引用前面的选择题。`, { issues: [{ path: `questions.${i}.showIf`, message: "须引用前面的选择题" }] });
      if (q.showIf.anyOf.some((k) => !dep.options!.some((o) => o.key === k))) throw new AppError("VALIDATION_FAILED", `第 ${i + 1} 题的显示条件引用了不存在的选项。`);
    }
    seen.set(q.key, q);
  });
}

export async function createSurvey(svc: Services, actor: Actor, siteId: string, raw: unknown) {
  const input = parse(surveyInput, raw);
  await requireSiteStaff(svc, actor, siteId);
  checkQuestions(input.questions);
  if (input.closesAt <= input.opensAt) throw new AppError("VALIDATION_FAILED", "截止时间应晚于开始时间。");
  return svc.db.transaction(async (tx) => {
    const [s] = await tx.insert(surveys).values({ siteId, unitId: input.unitId, title: input.title, description: input.description ?? "", questions: input.questions, opensAt: input.opensAt, closesAt: input.closesAt, createdBy: actor.userId }).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "survey.create", targetType: "survey", targetId: s!.id, summary: `新建问卷调查“${input.title}”` });
    return s!;
  });
}

export async function publishSurvey(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(z.object({ results: z.boolean().default(false) }), raw);
  const [s] = await svc.db.select().from(surveys).where(eq(surveys.id, id));
  if (!s) throw notFound("问卷调查");
  await requireSiteStaff(svc, actor, s.siteId);
  if (input.results && now() < s.closesAt) throw new AppError("CONFLICT", "调查截止后才能公布结果。");
  return svc.db.transaction(async (tx) => {
    await tx.update(surveys).set(input.results ? { resultsPublishedAt: now() } : { status: "published" }).where(eq(surveys.id, id));
    await recordAudit(tx, auditActorOf(actor), { action: input.results ? "survey.results" : "survey.publish", targetType: "survey", targetId: id, summary: `${input.results ? "公布问卷调查结果" : "发布问卷调查"}“${s.title}”` });
    return { ok: true };
  });
}

/** Which questions a set of answers makes visible (conditions refer to earlier questions). */
export function visibleQuestions(qs: SurveyQuestion[], answers: Record<string, unknown>): SurveyQuestion[] {
  const shown: SurveyQuestion[] = [];
  for (const q of qs) {
    if (q.showIf) {
      if (!shown.some((s) => s.key === q.showIf!.question)) continue;
      const a = answers[q.showIf.question];
      const picked = Array.isArray(a) ? a : [a];
      if (!q.showIf.anyOf.some((k) => picked.includes(k))) continue;
    }
    shown.push(q);
  }
  return shown;
}

export function validateAnswers(qs: SurveyQuestion[], raw: Record<string, unknown>) {
  const shown = visibleQuestions(qs, raw);
  const out: Record<string, string | string[] | number> = {};
  const issues: Array<{ path: string; message: string }> = [];
  for (const q of shown) {
    const v = raw[q.key];
    const empty = v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (q.required) issues.push({ path: q.key, message: `请回答：${q.title}` });
      continue;
    }
    const keys = (q.options ?? []).map((o) => o.key);
    if (q.type === "single" && typeof v === "string" && keys.includes(v)) out[q.key] = v;
    else if (q.type === "multiple" && Array.isArray(v) && v.every((x) => typeof x === "string" && keys.includes(x))) out[q.key] = [...new Set(v as string[])];
    else if (q.type === "text" && typeof v === "string" && v.length <= 2000) out[q.key] = v.trim();
    else if (q.type === "rating" && typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= (q.max ?? 5)) out[q.key] = v;
    else issues.push({ path: q.key, message: `答案格式不正确：${q.title}` });
  }
  if (issues.length) throw new AppError("VALIDATION_FAILED", undefined, { issues });
  return out;
}

export async function submitSurveyResponse(svc: Services, siteCode: string, id: string, raw: unknown, meta: SubmitMeta) {
  const site = await siteByCode(svc.db, siteCode);
  const input = parse(z.object({ answers: z.record(z.string(), z.unknown()), ...powFields }), raw);
  const [s] = await svc.db.select().from(surveys).where(and(eq(surveys.id, id), eq(surveys.siteId, site.id), eq(surveys.status, "published")));
  if (!s) throw notFound("问卷调查");
  const at = now();
  if (at < s.opensAt || at > s.closesAt) throw new AppError("CONFLICT", at < s.opensAt ? "调查尚未开始。" : "调查已截止。");
  const answers = validateAnswers(s.questions, input.answers);
  return acceptOnce(
    svc,
    "survey",
    meta,
    input,
    async (key) => {
      const [r] = await svc.db.select({ id: surveyResponses.id }).from(surveyResponses).where(eq(surveyResponses.idempotencyKey, key));
      return r ? { id: r.id, message: "感谢您参与调查！" } : null;
    },
    async (tx, key) => {
      const [r] = await tx.insert(surveyResponses).values({ surveyId: id, answers, idempotencyKey: key, ip: meta.ip }).returning({ id: surveyResponses.id });
      return { id: r!.id, message: "感谢您参与调查！" };
    },
  );
}

/** Counts per option and rating averages; free-text answers are counted, never shown. */
export async function surveyResults(svc: Services, surveyId: string) {
  const [s] = await svc.db.select().from(surveys).where(eq(surveys.id, surveyId));
  if (!s) throw notFound("问卷调查");
  const rows = await svc.db.select({ answers: surveyResponses.answers }).from(surveyResponses).where(eq(surveyResponses.surveyId, surveyId));
  return {
    title: s.title,
    responses: rows.length,
    questions: s.questions.map((q) => {
      const vals = rows.map((r) => r.answers[q.key]).filter((v) => v !== undefined);
      if (q.type === "single" || q.type === "multiple") return { key: q.key, title: q.title, type: q.type, answered: vals.length, options: (q.options ?? []).map((o) => ({ key: o.key, label: o.label, count: vals.filter((v) => (Array.isArray(v) ? v.includes(o.key) : v === o.key)).length })) };
      if (q.type === "rating") {
        const nums = vals.filter((v): v is number => typeof v === "number");
        return { key: q.key, title: q.title, type: q.type, answered: nums.length, average: nums.length ? Math.round((nums.reduce((a, b) => a + b, 0) / nums.length) * 100) / 100 : null, max: q.max ?? 5 };
      }
      return { key: q.key, title: q.title, type: q.type, answered: vals.length };
    }),
  };
}

export async function publicSurvey(svc: Services, siteCode: string, id: string) {
  const site = await siteByCode(svc.db, siteCode);
  const [s] = await svc.db.select().from(surveys).where(and(eq(surveys.id, id), eq(surveys.siteId, site.id), eq(surveys.status, "published")));
  if (!s) throw notFound("问卷调查");
  return { id: s.id, title: s.title, description: s.description, questions: s.questions, opensAt: fmt(s.opensAt), closesAt: fmt(s.closesAt), results: s.resultsPublishedAt ? await surveyResults(svc, id) : null };
}

export async function consoleSurveyResults(svc: Services, actor: Actor, id: string) {
  const [s] = await svc.db.select().from(surveys).where(eq(surveys.id, id));
  if (!s) throw notFound("问卷调查");
  await requireSiteStaff(svc, actor, s.siteId);
  return surveyResults(svc, id);
}

// =================================================================== 在线访谈

const interviewInput = z.object({ title: z.string().trim().min(4).max(200), guests: z.string().trim().min(2, "请填写访谈嘉宾").max(500), description: z.string().trim().max(5000).optional(), unitId: z.string().uuid(), startsAt: dateTime("访谈开始时间"), endsAt: dateTime("访谈结束时间") });

export async function createInterview(svc: Services, actor: Actor, siteId: string, raw: unknown) {
  const input = parse(interviewInput, raw);
  await requireSiteStaff(svc, actor, siteId);
  if (input.endsAt <= input.startsAt) throw new AppError("VALIDATION_FAILED", "结束时间应晚于开始时间。");
  return svc.db.transaction(async (tx) => {
    const [i] = await tx.insert(interviews).values({ siteId, unitId: input.unitId, title: input.title, guests: input.guests, description: input.description ?? "", startsAt: input.startsAt, endsAt: input.endsAt, createdBy: actor.userId }).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "interview.create", targetType: "interview", targetId: i!.id, summary: `新建在线访谈“${input.title}”` });
    return i!;
  });
}

/** 访谈预告: published at least N days before the interview starts. */
export async function announceInterview(svc: Services, actor: Actor, id: string) {
  const [i] = await svc.db.select().from(interviews).where(eq(interviews.id, id));
  if (!i) throw notFound("在线访谈");
  await requireSiteStaff(svc, actor, i.siteId);
  if (i.status !== "draft") throw new AppError("CONFLICT", "该访谈已发布预告。");
  // Days an interview must be announced ahead (profile; practice cited in standards.md §1.7).
  const days = svc.profile.values.interaction.interviewNoticeDays;
  const at = now();
  if (i.startsAt.getTime() - at.getTime() < days * 86_400_000) throw new AppError("VALIDATION_FAILED", `访谈预告应至少提前 ${days} 天发布；请调整访谈时间。`);
  return svc.db.transaction(async (tx) => {
    await tx.update(interviews).set({ status: "announced", announcedAt: at }).where(eq(interviews.id, id));
    await recordAudit(tx, auditActorOf(actor), { action: "interview.announce", targetType: "interview", targetId: id, summary: `发布在线访谈预告“${i.title}”（${fmt(i.startsAt)}）` });
    return { ok: true };
  });
}

export async function submitInterviewQuestion(svc: Services, siteCode: string, id: string, raw: unknown, meta: SubmitMeta) {
  const site = await siteByCode(svc.db, siteCode);
  const input = parse(z.object({ content: z.string().trim().min(5, "问题不少于 5 个字").max(1000), name: z.string().trim().max(40).optional(), ...powFields }), raw);
  const [i] = await svc.db.select().from(interviews).where(and(eq(interviews.id, id), eq(interviews.siteId, site.id), eq(interviews.status, "announced")));
  if (!i) throw notFound("在线访谈");
  if (now() > i.endsAt) throw new AppError("CONFLICT", "访谈已结束，不再征集问题。");
  const findings = moderationFindings(svc, input.content);
  return acceptOnce(
    svc,
    "interview",
    meta,
    input,
    async (key) => {
      const [q] = await svc.db.select({ id: interviewQuestions.id }).from(interviewQuestions).where(eq(interviewQuestions.idempotencyKey, key));
      return q ? { id: q.id, message: "您的问题已提交，经审核后由嘉宾回答。" } : null;
    },
    async (tx, key) => {
      const [q] = await tx.insert(interviewQuestions).values({ interviewId: id, content: input.content, askerName: input.name ?? "", status: findings.length ? "held" : "pending", findings, idempotencyKey: key, ip: meta.ip }).returning({ id: interviewQuestions.id });
      return { id: q!.id, message: "您的问题已提交，经审核后由嘉宾回答。" };
    },
  );
}

/** Live moderation: approve/reject a question, or record the guest's answer. */
export async function moderateQuestion(svc: Services, actor: Actor, questionId: string, raw: unknown) {
  const input = parse(z.object({ decision: z.enum(["approve", "reject", "answer"]), answer: z.string().trim().min(2).max(10000).optional(), answeredBy: z.string().trim().max(100).optional() }), raw);
  const [q] = await svc.db.select().from(interviewQuestions).where(eq(interviewQuestions.id, questionId));
  if (!q) throw notFound("访谈问题");
  const [i] = await svc.db.select().from(interviews).where(eq(interviews.id, q.interviewId));
  await requireSiteStaff(svc, actor, i!.siteId);
  if (input.decision === "answer" && !input.answer) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "answer", message: "请填写嘉宾的回答" }] });
  return svc.db.transaction(async (tx) => {
    const set = input.decision === "answer" ? { status: "answered", answer: input.answer!, answeredBy: input.answeredBy ?? i!.guests, answeredAt: now(), moderatedBy: actor.userId } : { status: input.decision === "approve" ? "approved" : "rejected", moderatedBy: actor.userId };
    await tx.update(interviewQuestions).set(set).where(eq(interviewQuestions.id, questionId));
    await recordAudit(tx, auditActorOf(actor), { action: `interview.question.${input.decision}`, targetType: "interview", targetId: i!.id, summary: `在线访谈“${i!.title}”问题：${{ approve: "通过", reject: "不予显示", answer: "已回答" }[input.decision]}` });
    return { ok: true };
  });
}

/** After the interview: the transcript (given, or built from the answered questions) is published. */
export async function publishTranscript(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(z.object({ transcript: z.string().trim().max(200_000).optional() }), raw);
  const [i] = await svc.db.select().from(interviews).where(eq(interviews.id, id));
  if (!i) throw notFound("在线访谈");
  await requireSiteStaff(svc, actor, i.siteId);
  if (now() < i.endsAt) throw new AppError("CONFLICT", "访谈结束后才能发布文字实录。");
  const answered = await svc.db.select().from(interviewQuestions).where(and(eq(interviewQuestions.interviewId, id), eq(interviewQuestions.status, "answered"))).orderBy(asc(interviewQuestions.answeredAt));
  const c = svc.checker();
  const built = answered.map((q) => `网友提问：${maskText(c, q.content, { values: [q.askerName] })}\n${q.answeredBy ?? i.guests}：${q.answer ?? ""}`).join("\n\n");
  const transcript = maskText(c, input.transcript || built, { values: [] });
  if (!transcript) throw new AppError("VALIDATION_FAILED", "文字实录为空。");
  return svc.db.transaction(async (tx) => {
    await tx.update(interviews).set({ status: "published", transcript, transcriptPublishedAt: now() }).where(eq(interviews.id, id));
    await recordAudit(tx, auditActorOf(actor), { action: "interview.transcript", targetType: "interview", targetId: id, summary: `发布在线访谈“${i.title}”文字实录` });
    return { ok: true };
  });
}

export async function listInterviewQuestions(svc: Services, actor: Actor, id: string) {
  const [i] = await svc.db.select().from(interviews).where(eq(interviews.id, id));
  if (!i) throw notFound("在线访谈");
  await requireSiteStaff(svc, actor, i.siteId);
  return { interview: i, questions: await svc.db.select().from(interviewQuestions).where(eq(interviewQuestions.interviewId, id)).orderBy(asc(interviewQuestions.createdAt)) };
}

export async function publicInterviews(svc: Services, siteCode: string) {
  const site = await siteByCode(svc.db, siteCode);
  const rows = await svc.db.select().from(interviews).where(and(eq(interviews.siteId, site.id), inArray(interviews.status, ["announced", "published"]))).orderBy(desc(interviews.startsAt));
  const at = now();
  return { items: rows.map((i) => ({ id: i.id, title: i.title, guests: i.guests, startsAt: fmt(i.startsAt), endsAt: fmt(i.endsAt), state: i.status === "published" ? "文字实录" : at < i.startsAt ? "访谈预告" : at <= i.endsAt ? "正在直播" : "已结束" })) };
}

export async function publicInterview(svc: Services, siteCode: string, id: string) {
  const site = await siteByCode(svc.db, siteCode);
  const [i] = await svc.db.select().from(interviews).where(and(eq(interviews.id, id), eq(interviews.siteId, site.id), inArray(interviews.status, ["announced", "published"])));
  if (!i) throw notFound("在线访谈");
  const qs = await svc.db.select().from(interviewQuestions).where(and(eq(interviewQuestions.interviewId, id), inArray(interviewQuestions.status, ["approved", "answered"]))).orderBy(asc(interviewQuestions.createdAt));
  const c = svc.checker();
  return { id: i.id, title: i.title, guests: i.guests, description: i.description, startsAt: fmt(i.startsAt), endsAt: fmt(i.endsAt), questions: qs.map((q) => ({ content: maskText(c, q.content, { values: [q.askerName] }), answer: q.answer, answeredBy: q.answeredBy, answeredAt: fmt(q.answeredAt) })), transcript: i.transcript };
}

// =================================================================== console lists

/** 意见征集, 问卷调查 and 在线访谈 of a site for its operating centre, newest first. */
export async function listParticipation(svc: Services, actor: Actor, siteId: string) {
  await requireSiteStaff(svc, actor, siteId);
  const [sols, survs, ints] = await Promise.all([
    svc.db.select().from(solicitations).where(eq(solicitations.siteId, siteId)).orderBy(desc(solicitations.createdAt)),
    svc.db.select().from(surveys).where(eq(surveys.siteId, siteId)).orderBy(desc(surveys.createdAt)),
    svc.db.select().from(interviews).where(eq(interviews.siteId, siteId)).orderBy(desc(interviews.createdAt)),
  ]);
  const ids = (xs: Array<{ id: string }>) => (xs.length ? xs.map((x) => x.id) : ["00000000-0000-0000-0000-000000000000"]);
  const [c1, c2, c3] = await Promise.all([
    svc.db.select({ id: solicitationComments.solicitationId, n: sql<number>`count(*)::int` }).from(solicitationComments).where(inArray(solicitationComments.solicitationId, ids(sols))).groupBy(solicitationComments.solicitationId),
    svc.db.select({ id: surveyResponses.surveyId, n: sql<number>`count(*)::int` }).from(surveyResponses).where(inArray(surveyResponses.surveyId, ids(survs))).groupBy(surveyResponses.surveyId),
    svc.db.select({ id: interviewQuestions.interviewId, n: sql<number>`count(*)::int` }).from(interviewQuestions).where(inArray(interviewQuestions.interviewId, ids(ints))).groupBy(interviewQuestions.interviewId),
  ]);
  const [nc, nr, nq] = [c1, c2, c3].map((rows) => new Map(rows.map((r) => [r.id, r.n]))) as [Map<string, number>, Map<string, number>, Map<string, number>];
  return {
    solicitations: sols.map((s) => ({ id: s.id, title: s.title, unitId: s.unitId, status: s.status, opensAt: fmt(s.opensAt), closesAt: fmt(s.closesAt), paragraphs: s.paragraphs.length, comments: nc.get(s.id) ?? 0, reportPublishedAt: fmt(s.reportPublishedAt) })),
    surveys: survs.map((s) => ({ id: s.id, title: s.title, unitId: s.unitId, status: s.status, opensAt: fmt(s.opensAt), closesAt: fmt(s.closesAt), questions: s.questions.length, responses: nr.get(s.id) ?? 0, resultsPublishedAt: fmt(s.resultsPublishedAt) })),
    interviews: ints.map((s) => ({ id: s.id, title: s.title, guests: s.guests, unitId: s.unitId, status: s.status, startsAt: fmt(s.startsAt), endsAt: fmt(s.endsAt), announcedAt: fmt(s.announcedAt), questions: nq.get(s.id) ?? 0, transcriptPublishedAt: fmt(s.transcriptPublishedAt) })),
  };
}

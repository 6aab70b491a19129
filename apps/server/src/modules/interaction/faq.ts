// 知识库 (長治 第十三条: 定期整理网民咨询及答复内容，编制形成知识库): answered letters are promoted
// to FAQ entries, edited, reviewed by someone else and published. The public question box ranks
// published entries by BM25 over jieba search-mode tokens; when nothing scores well enough it
// says so and points to the mailbox.
import { createRequire } from "node:module";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Jieba } from "@node-rs/jieba";
import { faqEntries, letters } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { AppError, forbidden, notFound } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { now } from "../../lib/clock.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, type Actor } from "../accounts/roles.ts";
import { interactionScope, isIntake } from "./access.ts";
import { fmt, siteByCode } from "./cases.ts";
import { maskText } from "./masking.ts";

let jieba: Jieba | undefined;
function segmenter(): Jieba {
  if (!jieba) {
    const require = createRequire(import.meta.url);
    const { Jieba: J } = require("@node-rs/jieba") as { Jieba: typeof Jieba };
    const { dict } = require("@node-rs/jieba/dict.js") as { dict: Uint8Array };
    jieba = J.withDict(dict);
  }
  return jieba;
}

const STOP = new Set("的 了 和 与 及 或 是 在 有 我 你 您 他 她 它 我们 请问 请 问 吗 呢 吧 啊 怎么 如何 什么 哪些 哪里 可以 能否 能 是否 一下 这个 那个 要 需要 ， 。 ？ ！ 、 ： ； “ ” （ ） ( ) ? ! , .".split(" "));

/** Search-mode tokens, lower-cased, without punctuation and stop words. */
export function tokenize(text: string): string[] {
  return segmenter()
    .cutForSearch(text.toLowerCase(), true)
    .map((t) => t.trim())
    .filter((t) => t && !STOP.has(t) && !/^[\p{P}\p{S}\s]+$/u.test(t));
}

interface Indexed {
  id: string;
  question: string;
  answer: string;
  tf: Map<string, number>;
  len: number;
}

/** Per-site index, rebuilt when the site's published entries change. */
const cache = new Map<string, { version: string; docs: Indexed[]; df: Map<string, number>; avg: number }>();

async function indexOf(svc: Services, siteId: string) {
  const [v] = (await svc.db
    .select({ version: sql<string>`coalesce(max(${faqEntries.updatedAt})::text, '') || count(*)::text` })
    .from(faqEntries)
    .where(and(eq(faqEntries.siteId, siteId), eq(faqEntries.status, "published")))) as [{ version: string }];
  const hit = cache.get(siteId);
  if (hit && hit.version === v.version) return hit;
  const rows = await svc.db.select().from(faqEntries).where(and(eq(faqEntries.siteId, siteId), eq(faqEntries.status, "published")));
  const docs: Indexed[] = rows.map((r) => {
    const tf = new Map<string, number>();
    // The question counts twice: a match there is worth more than one in the answer.
    const toks = r.tokens.split(" ").filter(Boolean);
    const q = tokenize(r.question);
    for (const t of [...toks, ...q]) tf.set(t, (tf.get(t) ?? 0) + 1);
    return { id: r.id, question: r.question, answer: r.answer, tf, len: toks.length + q.length };
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const entry = { version: v.version, docs, df, avg: docs.reduce((s, d) => s + d.len, 0) / Math.max(1, docs.length) };
  cache.set(siteId, entry);
  return entry;
}

/** BM25 (k1 = 1.2, b = 0.75). Exported for tests. */
export function rank(idx: { docs: Indexed[]; df: Map<string, number>; avg: number }, query: string[], limit = 5) {
  const n = idx.docs.length;
  const terms = [...new Set(query)];
  const scored = idx.docs.map((d) => {
    let s = 0;
    let matched = 0;
    for (const t of terms) {
      const f = d.tf.get(t) ?? 0;
      if (!f) continue;
      matched++;
      const df = idx.df.get(t) ?? 0;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      s += (idf * f * 2.2) / (f + 1.2 * (1 - 0.75 + (0.75 * d.len) / (idx.avg || 1)));
    }
    return { d, score: s, coverage: terms.length ? matched / terms.length : 0 };
  });
  return scored
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

/** The public question box. Below `minCoverage` of the question's words matched, no answer is offered. */
export async function askFaq(svc: Services, siteCode: string, raw: unknown) {
  const site = await siteByCode(svc.db, siteCode);
  const q = parse(z.object({ q: z.string().trim().min(2, "请输入要咨询的问题").max(200) }), raw);
  const idx = await indexOf(svc, site.id);
  const hits = rank(idx, tokenize(q.q)).filter((h) => h.coverage >= 0.34);
  if (hits.length) await svc.db.update(faqEntries).set({ hits: sql`${faqEntries.hits} + 1` }).where(eq(faqEntries.id, hits[0]!.d.id));
  return {
    answers: hits.map((h) => ({ id: h.d.id, question: h.d.question, answer: h.d.answer, score: Math.round(h.score * 100) / 100 })),
    fallback: hits.length ? null : { message: "知识库中暂未找到相关答复。您可以通过留言渠道提交问题，我们将在规定时限内答复。", channels: "/api/public/sites/" + site.code + "/channels" },
  };
}

const entryInput = z.object({ question: z.string().trim().min(4, "问题不少于 4 个字").max(300), answer: z.string().trim().min(10, "答复不少于 10 个字").max(10000), unitId: z.string().uuid().nullable().optional() });

async function requireSite(svc: Services, actor: Actor, siteId: string) {
  const scope = await interactionScope(svc.db, actor);
  if (!isIntake(scope, siteId)) throw forbidden("只有本站点运维中心人员可以维护知识库。");
}

/** Promotes an answered letter: question and reply de-identified, as a draft entry. */
export async function promoteLetter(svc: Services, actor: Actor, letterId: string) {
  const [l] = await svc.db.select().from(letters).where(eq(letters.id, letterId));
  if (!l) throw notFound("留言");
  await requireSite(svc, actor, l.siteId);
  if (!l.reply) throw new AppError("CONFLICT", "留言答复后才能整理入知识库。");
  const known = { values: [l.writerName, l.writerPhone, l.writerEmail, l.writerAddress, l.writerIdNumber] };
  const c = svc.checker();
  const question = maskText(c, `${l.title}\n${l.content}`, known).slice(0, 300);
  const answer = maskText(c, l.reply.map((r) => r.text).join("\n\n"), known);
  return svc.db.transaction(async (tx) => {
    const [e] = await tx.insert(faqEntries).values({ siteId: l.siteId, question, answer, unitId: l.reply![0]?.unitId ?? null, sourceLetterId: l.id, status: "draft", tokens: tokenize(`${question} ${answer}`).join(" "), editedBy: actor.userId }).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "faq.promote", targetType: "faq", targetId: e!.id, summary: `由留言 ${l.caseNo} 整理知识库条目` });
    return e!;
  });
}

export async function createFaq(svc: Services, actor: Actor, siteId: string, raw: unknown) {
  const input = parse(entryInput, raw);
  await requireSite(svc, actor, siteId);
  return svc.db.transaction(async (tx) => {
    const [e] = await tx.insert(faqEntries).values({ siteId, question: input.question, answer: input.answer, unitId: input.unitId ?? null, status: "draft", tokens: tokenize(`${input.question} ${input.answer}`).join(" "), editedBy: actor.userId }).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "faq.create", targetType: "faq", targetId: e!.id, summary: `新增知识库条目“${input.question.slice(0, 30)}”` });
    return e!;
  });
}

/** Editing a published entry takes it back to draft: it must be reviewed again. */
export async function updateFaq(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(entryInput.partial(), raw);
  const [e] = await svc.db.select().from(faqEntries).where(eq(faqEntries.id, id));
  if (!e) throw notFound("知识库条目");
  await requireSite(svc, actor, e.siteId);
  const question = input.question ?? e.question;
  const answer = input.answer ?? e.answer;
  return svc.db.transaction(async (tx) => {
    const [row] = await tx.update(faqEntries).set({ question, answer, unitId: input.unitId === undefined ? e.unitId : input.unitId, tokens: tokenize(`${question} ${answer}`).join(" "), status: "draft", editedBy: actor.userId, reviewedBy: null, updatedAt: now() }).where(eq(faqEntries.id, id)).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "faq.update", targetType: "faq", targetId: id, summary: `修改知识库条目“${question.slice(0, 30)}”（需重新审核）`, before: { question: e.question, answer: e.answer }, after: { question, answer } });
    return row!;
  });
}

export async function submitFaq(svc: Services, actor: Actor, id: string) {
  const [e] = await svc.db.select().from(faqEntries).where(eq(faqEntries.id, id));
  if (!e) throw notFound("知识库条目");
  await requireSite(svc, actor, e.siteId);
  if (e.status !== "draft") throw new AppError("CONFLICT", "只有草稿可以送审。");
  return svc.db.transaction(async (tx) => {
    await tx.update(faqEntries).set({ status: "in_review", updatedAt: now() }).where(eq(faqEntries.id, id));
    await recordAudit(tx, auditActorOf(actor), { action: "faq.submit", targetType: "faq", targetId: id, summary: "知识库条目送审" });
    return { ok: true };
  });
}

/** Review by a leader (审核人 level ≥ 2) of the site's centre other than the last editor. */
export async function reviewFaq(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(z.object({ approve: z.boolean(), note: z.string().trim().max(500).optional() }), raw);
  const [e] = await svc.db.select().from(faqEntries).where(eq(faqEntries.id, id));
  if (!e) throw notFound("知识库条目");
  await requireSite(svc, actor, e.siteId);
  if (!actor.assignments.some((a) => a.role === "reviewer" && (a.level ?? 0) >= 2)) throw forbidden("知识库条目须由审核人（二级及以上）审核。");
  if (e.editedBy === actor.userId) throw forbidden("不能审核自己编辑的条目。");
  if (e.status !== "in_review") throw new AppError("CONFLICT", "该条目不在待审核状态。");
  return svc.db.transaction(async (tx) => {
    const at = now();
    await tx.update(faqEntries).set({ status: input.approve ? "published" : "draft", reviewedBy: actor.userId, reviewNote: input.note ?? null, publishedAt: input.approve ? at : e.publishedAt, updatedAt: at }).where(eq(faqEntries.id, id));
    await recordAudit(tx, auditActorOf(actor), { action: input.approve ? "faq.publish" : "faq.return", targetType: "faq", targetId: id, summary: input.approve ? "审核通过并发布知识库条目" : `退回知识库条目：${input.note ?? ""}` });
    return { ok: true, status: input.approve ? "published" : "draft" };
  });
}

export async function archiveFaq(svc: Services, actor: Actor, id: string) {
  const [e] = await svc.db.select().from(faqEntries).where(eq(faqEntries.id, id));
  if (!e) throw notFound("知识库条目");
  await requireSite(svc, actor, e.siteId);
  return svc.db.transaction(async (tx) => {
    await tx.update(faqEntries).set({ status: "archived", updatedAt: now() }).where(eq(faqEntries.id, id));
    await recordAudit(tx, auditActorOf(actor), { action: "faq.archive", targetType: "faq", targetId: id, summary: "撤下知识库条目" });
    return { ok: true };
  });
}

export async function listFaq(svc: Services, actor: Actor, siteId: string, raw: unknown) {
  const q = parse(z.object({ status: z.string().optional() }), raw);
  await requireSite(svc, actor, siteId);
  const rows = await svc.db
    .select()
    .from(faqEntries)
    .where(and(eq(faqEntries.siteId, siteId), q.status ? inArray(faqEntries.status, q.status.split(",")) : undefined))
    .orderBy(desc(faqEntries.updatedAt));
  return { items: rows.map((r) => ({ ...r, tokens: undefined, publishedAt: fmt(r.publishedAt), updatedAt: fmt(r.updatedAt) })) };
}

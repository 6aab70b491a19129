// Letters (领导信箱、咨询、投诉、建议、我为政府网站找错): public submission with a receipt and a
// 查询码, moderation, intake and 转办 by the operating centre (to one or several units, re-routing
// with a reason), the unit's draft, its leader's review, the reply to the writer, extensions with
// approval, publication and the writer's satisfaction rating. Every stage has its deadline.
import { randomUUID } from "node:crypto";
import { and, desc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { WorkCalendar } from "@govsite/calendar";
import { deadlines, extensionRequests, interactionChannels, interactionFiles, letterAssignments, letters, replyTemplates, stageRecords } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import type { Services } from "../../services.ts";
import { AppError, forbidden, notFound } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { now } from "../../lib/clock.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, type Actor } from "../accounts/roles.ts";
import { interactionScope, isIntake, isUnitLeader, letterVisibility, requireIntake, type InteractionScope } from "./access.ts";
import { addEvent, codeMatches, conflictKey, eventsOf, fmt, fmtDay, hashCode, payloadHash, queryCodeFor, siteByCode, unitNames } from "./cases.ts";
import { changeStage, finishStage, openStage, openStageDeadline, STAGE_NAMES } from "./stages.ts";
import { decodePow, verifyPow } from "./pow.ts";
import { intakeLetter } from "./intake.ts";
import { maskText, remainingPersonalData } from "./masking.ts";
import { LETTER_KINDS, channelDeadlines, type LetterKind } from "./channels.ts";
import { queueInteractionPublish } from "../publishing/snapshot-interaction.ts";
import { countPublishedLetters, publishedLetters } from "./published-letters.ts";

type Letter = typeof letters.$inferSelect;
type Assignment = typeof letterAssignments.$inferSelect;

export const LETTER_STATUS: Record<string, string> = {
  held: "待审核（内容待人工确认）",
  received: "待受理",
  forwarded: "办理中",
  replied: "已答复",
  closed: "已办结",
  rejected: "不予受理",
};

export const RATINGS: Record<string, string> = { satisfied: "满意", basically: "基本满意", unsatisfied: "不满意" };

// ------------------------------------------------------------------ public submission

const phone = z.string().trim().regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, "请填写正确的手机号码或固定电话（区号-号码）");
const dataUrl = z
  .string()
  .max(1_500_000, "截图不能超过 1 MB")
  .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/, "截图须为 PNG 或 JPG 图片");

export const letterInput = z.object({
  channel: z.string().trim().min(1, "请选择留言渠道").max(60),
  title: z.string().trim().min(4, "标题不少于 4 个字").max(100, "标题不超过 100 个字"),
  content: z.string().trim().min(10, "内容不少于 10 个字").max(5000, "内容不超过 5000 个字"),
  name: z.string().trim().min(1, "请填写姓名").max(40),
  phone,
  email: z.string().trim().email("电子邮箱格式不正确").max(100).optional().or(z.literal("")),
  address: z.string().trim().max(200).optional(),
  idNumber: z.string().trim().regex(/^\d{17}[\dXx]$/, "身份证号码格式不正确").optional().or(z.literal("")),
  /** 我为政府网站找错: the faulty page. */
  pageUrl: z.string().trim().url("请填写出错页面的完整网址").max(500).optional().or(z.literal("")),
  screenshot: dataUrl.optional(),
  /** The writer agrees that the letter and reply may be published (personal data masked). */
  publicAllowed: z.boolean({ error: "请选择是否同意公开" }),
  altcha: z.union([z.string().max(4000), z.record(z.string(), z.unknown())]).optional(),
  clientToken: z.string().trim().min(16, "提交标识过短").max(200).optional(),
});

export interface SubmitMeta {
  ip: string;
  userAgent: string;
  /** Idempotency-Key header. */
  idempotencyKey?: string;
}

/**
 * The key that makes a retry return the first case: header, form token, or the solved challenge
 * (pass `altcha` through decodePow first when it is verified afterwards, so it is decoded once).
 */
export function idempotencyKeyOf(kind: string, meta: { idempotencyKey?: string }, body: { clientToken?: string; altcha?: unknown }): string {
  const explicit = meta.idempotencyKey?.trim() || body.clientToken;
  if (explicit) {
    if (explicit.length < 16 || explicit.length > 200) throw new AppError("VALIDATION_FAILED", "Idempotency-Key 长度应为 16 至 200 个字符。");
    return `${kind}:${explicit}`;
  }
  // An unreadable solution has no signature here and is refused by the human check.
  const p = decodePow(body.altcha) as { signature?: unknown } | null | undefined;
  const sig = typeof p?.signature === "string" ? p.signature : "";
  if (!sig) throw new AppError("CHALLENGE_FAILED", "请先完成人机验证。");
  return `${kind}:pow:${sig}`;
}

/** What a held submission looks like to the check engine: abuse, spam, adverts, link farms. */
export function moderationFindings(svc: Services, text: string) {
  const findings = svc.checker().checkText(text, { categories: ["sensitive", "advert"] });
  const blocking = findings.filter((f) => f.severity === "block").map((f) => ({ rule: f.rule, text: f.text, message: f.message }));
  const links = text.match(/https?:\/\/|www\./gi)?.length ?? 0;
  if (links > 3) blocking.push({ rule: "spam.links", text: `${links} 个链接`, message: `内容含有 ${links} 个网址，疑似垃圾信息，请人工确认。` });
  return blocking;
}

function receipt(svc: Services, l: Letter, channelName: string, replyDue: Date | null, created: boolean, queryCode = queryCodeFor(svc, l.id)) {
  return {
    created,
    caseNo: l.caseNo,
    queryCode,
    channel: channelName,
    receivedAt: fmt(l.receivedAt),
    replyDueAt: fmtDay(replyDue),
    status: l.status,
    statusName: LETTER_STATUS[l.status],
    message: `您的留言已收到，受理编号 ${l.caseNo}，查询码 ${queryCode}。请妥善保存查询码，凭受理编号和查询码可查询办理进度和答复内容。`,
  };
}

async function existingReceipt(svc: Services, key: string, hash: string) {
  const [l] = await svc.db.select().from(letters).where(eq(letters.idempotencyKey, key));
  if (!l) return null;
  if (l.payloadHash !== hash) throw conflictKey();
  const [ch] = await svc.db.select({ name: interactionChannels.name }).from(interactionChannels).where(eq(interactionChannels.id, l.channelId));
  const reply = await openStageDeadline(svc.db, "letter", l.id, "reply");
  return receipt(svc, l, ch?.name ?? "", reply?.dueAt ?? null, false);
}

/** Sites and channels change rarely; the public path reads them from a short-lived cache. */
const CACHE_MS = 5_000;
type SiteAndChannels = { site: Awaited<ReturnType<typeof siteByCode>>; channels: Array<typeof interactionChannels.$inferSelect> };
/** Per services instance (one database), by site code. */
const channelCaches = new WeakMap<Services, Map<string, { at: number; entry: Promise<SiteAndChannels> }>>();

/** Single flight: when the cache runs out under load, one look-up serves every waiting request. */
function siteAndChannels(svc: Services, siteCode: string): Promise<SiteAndChannels> {
  let channelCache = channelCaches.get(svc);
  if (!channelCache) channelCaches.set(svc, (channelCache = new Map()));
  const cache = channelCache;
  const hit = cache.get(siteCode);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.entry;
  const entry = (async () => {
    const site = await siteByCode(svc.db, siteCode);
    const channels = await svc.db.select().from(interactionChannels).where(and(eq(interactionChannels.siteId, site.id), eq(interactionChannels.enabled, true)));
    return { site, channels };
  })();
  const slot = { at: Date.now(), entry };
  cache.set(siteCode, slot);
  // An unknown site or a failed look-up is not remembered.
  entry.catch(() => cache.get(siteCode) === slot && cache.delete(siteCode));
  return entry;
}

/**
 * Stores a letter and acknowledges it. The receipt is returned only after the transaction that
 * holds the letter, its deadlines and its first history entry has committed (group commit, see
 * intake.ts). A retry with the same key and content returns the first receipt (`created: false`);
 * the same key with other content is refused.
 */
export async function submitLetter(svc: Services, siteCode: string, raw: unknown, meta: SubmitMeta) {
  const { site, channels } = await siteAndChannels(svc, siteCode);
  const input = parse(letterInput, raw);
  const altcha = decodePow(input.altcha);
  const key = idempotencyKeyOf("letter", meta, { clientToken: input.clientToken, altcha });
  const { altcha: _a, clientToken: _c, ...fields } = input;
  const hash = payloadHash({ site: site.id, ...fields });
  const channel = channels.find((c) => c.slug === input.channel);
  if (!channel || !LETTER_KINDS.includes(channel.kind as LetterKind)) throw new AppError("VALIDATION_FAILED", "所选留言渠道不存在或已关闭。", { issues: [{ path: "channel", message: "请选择有效的留言渠道" }] });
  if (channel.kind === "error_report" && !input.pageUrl) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "pageUrl", message: "请填写出错页面的网址" }] });
  let pow;
  try {
    pow = await verifyPow(svc, altcha);
  } catch (err) {
    // A retry of an accepted letter may come after its challenge expired: give the first receipt.
    const first = await existingReceipt(svc, key, hash);
    if (first) return first;
    throw err;
  }
  const screenshot = input.screenshot ? checkScreenshot(input.screenshot) : undefined;
  const held = moderationFindings(svc, `${input.title}\n${input.content}`);
  const at = now();
  const id = randomUUID();
  const queryCode = queryCodeFor(svc, id);
  const limits = channelDeadlines(svc, channel.kind as LetterKind);
  const r = await intakeLetter(svc, {
    row: {
      id,
      siteId: site.id,
      channelId: channel.id,
      kind: channel.kind,
      queryCodeHash: hashCode(svc, queryCode),
      title: input.title,
      content: input.content,
      pageUrl: input.pageUrl || null,
      writerName: input.name,
      writerPhone: input.phone,
      writerEmail: input.email ?? "",
      writerAddress: input.address ?? "",
      writerIdNumber: input.idNumber ?? "",
      publicAllowed: input.publicAllowed,
      status: held.length ? "held" : "received",
      moderation: held.length ? { findings: held } : null,
      receivedAt: at,
      idempotencyKey: key,
      payloadHash: hash,
      ip: meta.ip,
      userAgent: meta.userAgent.slice(0, 300),
    },
    pow,
    stages: [
      { stage: "forward", workdays: limits.forwardWorkdays },
      { stage: "reply", workdays: limits.replyWorkdays },
    ],
    event: { summary: `通过“${channel.name}”提交留言${held.length ? "（内容待人工审核）" : ""}` },
    screenshot,
  });
  if (!r.inserted) {
    const first = await existingReceipt(svc, key, hash);
    if (first) return first;
    throw new AppError("CHALLENGE_FAILED", "该人机验证已使用过，请重新验证后提交。");
  }
  const l = { caseNo: r.caseNo, id, receivedAt: at, status: held.length ? "held" : "received" } as Letter;
  return receipt(svc, l, channel.name, r.dues.reply ?? null, true, queryCode);
}

function checkScreenshot(url: string): { mime: string; bytes: Buffer } {
  const b64 = url.split(",", 2)[1] ?? "";
  const bytes = Buffer.from(b64, "base64");
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!png && !jpg) throw new AppError("VALIDATION_FAILED", "截图文件不是有效的 PNG 或 JPG 图片。", { issues: [{ path: "screenshot", message: "请上传 PNG 或 JPG 图片" }] });
  if (bytes.length > 1024 * 1024) throw new AppError("PAYLOAD_TOO_LARGE", "截图不能超过 1 MB。");
  return { mime: png ? "image/png" : "image/jpeg", bytes };
}

// ------------------------------------------------------------------ the writer's view

async function byCaseAndCode(svc: Services, db: DbOrTx, caseNo: string, code: string) {
  const [l] = await db.select().from(letters).where(eq(letters.caseNo, caseNo.trim().toUpperCase()));
  if (!l || !codeMatches(svc, code, l.queryCodeHash)) throw new AppError("NOT_FOUND", "受理编号或查询码不正确，请核对后重试。");
  return l;
}

export async function lookupLetter(svc: Services, caseNo: string, code: string) {
  const l = await byCaseAndCode(svc, svc.db, caseNo, code);
  const [ch] = await svc.db.select({ name: interactionChannels.name }).from(interactionChannels).where(eq(interactionChannels.id, l.channelId));
  const reply = await openStageDeadline(svc.db, "letter", l.id, "reply");
  return {
    caseNo: l.caseNo,
    channel: ch?.name ?? "",
    title: l.title,
    content: l.content,
    status: l.status,
    statusName: LETTER_STATUS[l.status],
    receivedAt: fmt(l.receivedAt),
    acceptedAt: fmt(l.acceptedAt),
    replyDueAt: fmtDay(reply?.dueAt),
    extensionWorkdays: l.extensionWorkdays,
    repliedAt: fmt(l.repliedAt),
    reply: l.reply?.map((p) => ({ unit: p.unitName, text: p.text })) ?? null,
    rejectReason: l.rejectReason,
    published: !!l.publishedAt && !l.unpublishedAt,
    rating: l.rating ? RATINGS[l.rating] : null,
    canRate: l.status === "replied" && !l.rating,
    history: await eventsOf(svc.db, "letter", l.id, true),
  };
}

const ratingInput = z.object({
  caseNo: z.string().trim().min(1),
  code: z.string().trim().min(1, "请填写查询码"),
  rating: z.enum(["satisfied", "basically", "unsatisfied"], { message: "请选择满意、基本满意或不满意" }),
  comment: z.string().trim().max(500).optional(),
});

/** The writer rates the reply once; the letter is then 办结. */
export async function rateLetter(svc: Services, raw: unknown) {
  const input = parse(ratingInput, raw);
  return svc.db.transaction(async (tx) => {
    const l = await byCaseAndCode(svc, tx, input.caseNo, input.code);
    if (l.status !== "replied" || l.rating) throw new AppError("CONFLICT", l.rating ? "您已评价过该留言的办理情况。" : "留言答复后才能评价。");
    const at = now();
    await tx.update(letters).set({ rating: input.rating, ratingComment: input.comment ?? null, ratedAt: at, status: "closed", closedAt: at, updatedAt: at }).where(eq(letters.id, l.id));
    await addEvent(tx, { subjectType: "letter", subjectId: l.id, actorName: "来信人", action: "rated", summary: `来信人评价：${RATINGS[input.rating]}`, public: true, at });
    return { ok: true, rating: RATINGS[input.rating] };
  });
}

// ------------------------------------------------------------------ console: lists and case page

const listQuery = z.object({
  siteId: z.string().uuid().optional(),
  status: z.string().optional(),
  kind: z.string().optional(),
  channelId: z.string().uuid("渠道编号格式不正确").optional(),
  unitId: z.string().uuid().optional(),
  q: z.string().trim().max(100).optional(),
  overdue: z.enum(["true", "false"]).optional(),
  /** mine = forwarded to my unit; intake = my sites' centre queue */
  box: z.enum(["mine", "intake", "all"]).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

async function countdowns(svc: Services, ids: string[]) {
  if (!ids.length) return new Map<string, Array<{ stage: string; stageName: string; dueAt: string | null; remainingWorkdays: number | null; overdue: boolean; paused: boolean }>>();
  const cal = await svc.calendar();
  const open = await svc.db
    .select()
    .from(deadlines)
    .where(and(eq(deadlines.subjectType, "letter"), inArray(deadlines.subjectId, ids), isNull(deadlines.closedAt)));
  const at = now();
  const map = new Map<string, Array<{ stage: string; stageName: string; dueAt: string | null; remainingWorkdays: number | null; overdue: boolean; paused: boolean }>>();
  for (const d of open) {
    const list = map.get(d.subjectId) ?? [];
    list.push({
      stage: d.stage,
      stageName: STAGE_NAMES[d.stage] ?? d.stage,
      dueAt: fmt(d.dueAt),
      remainingWorkdays: d.dueAt ? (d.dueAt < at ? -cal.workdaysBetween(d.dueAt, at) : cal.workdaysBetween(at, d.dueAt)) : null,
      overdue: !!d.dueAt && d.dueAt < at,
      paused: !d.dueAt,
    });
    map.set(d.subjectId, list);
  }
  return map;
}

/** 收件箱: the letters the actor may see, with the countdown of each open stage. */
export async function listLetters(svc: Services, actor: Actor, raw: unknown) {
  const q = parse(listQuery, raw);
  const scope = await interactionScope(svc.db, actor);
  const conds: Array<SQL | undefined> = [letterVisibility(scope)];
  if (q.siteId) conds.push(eq(letters.siteId, q.siteId));
  if (q.status) conds.push(inArray(letters.status, q.status.split(",")));
  if (q.kind) conds.push(inArray(letters.kind, q.kind.split(",")));
  if (q.channelId) conds.push(eq(letters.channelId, q.channelId));
  if (q.q) conds.push(or(ilike(letters.title, `%${q.q}%`), eq(letters.caseNo, q.q.toUpperCase())));
  const mine = sql`${letters.id} in (select ${letterAssignments.letterId} from ${letterAssignments} where ${letterAssignments.unitId} = ${q.unitId ?? scope.unitId}${q.box === "mine" ? sql` and ${letterAssignments.status} in ('handling','in_review')` : sql``})`;
  if (q.box === "mine" || q.unitId) conds.push(mine);
  if (q.box === "intake") conds.push(scope.intakeSiteIds.length ? and(inArray(letters.siteId, scope.intakeSiteIds), inArray(letters.status, ["held", "received"])) : sql`false`);
  if (q.overdue === "true") conds.push(sql`${letters.id}::text in (select ${deadlines.subjectId} from ${deadlines} where ${deadlines.subjectType} = 'letter' and ${deadlines.closedAt} is null and ${deadlines.dueAt} < ${now()})`);
  const where = and(...conds);
  const rows = await svc.db
    .select()
    .from(letters)
    .where(where)
    .orderBy(desc(letters.receivedAt))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [{ n }] = (await svc.db.select({ n: sql<number>`count(*)::int` }).from(letters).where(where)) as [{ n: number }];
  const cds = await countdowns(svc, rows.map((r) => r.id));
  const asg = rows.length ? await svc.db.select().from(letterAssignments).where(inArray(letterAssignments.letterId, rows.map((r) => r.id))) : [];
  const names = await unitNames(svc.db, asg.map((a) => a.unitId));
  const chs = await channelNames(svc.db, rows.map((r) => r.channelId));
  return {
    total: n,
    items: rows.map((l) => ({
      id: l.id,
      caseNo: l.caseNo,
      siteId: l.siteId,
      kind: l.kind,
      channel: chs.get(l.channelId) ?? "",
      title: l.title,
      writerName: l.writerName,
      status: l.status,
      statusName: LETTER_STATUS[l.status],
      receivedAt: fmt(l.receivedAt),
      repliedAt: fmt(l.repliedAt),
      units: asg.filter((a) => a.letterId === l.id && ["handling", "in_review", "approved"].includes(a.status)).map((a) => ({ unitId: a.unitId, name: names.get(a.unitId) ?? "", status: a.status })),
      deadlines: cds.get(l.id) ?? [],
    })),
  };
}

async function channelNames(db: DbOrTx, ids: string[]) {
  const uniq = [...new Set(ids)];
  if (!uniq.length) return new Map<string, string>();
  const rows = await db.select({ id: interactionChannels.id, name: interactionChannels.name }).from(interactionChannels).where(inArray(interactionChannels.id, uniq));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function loadVisible(svc: Services, actor: Actor, id: string, db: DbOrTx = svc.db) {
  const scope = await interactionScope(db, actor);
  const [l] = await db.select().from(letters).where(and(eq(letters.id, id), letterVisibility(scope)));
  if (!l) throw notFound("留言");
  return { l, scope };
}

/** 案件页: the letter, its units, deadlines, extension requests and full history. */
export async function getLetter(svc: Services, actor: Actor, id: string) {
  const { l, scope } = await loadVisible(svc, actor, id);
  const asg = await svc.db.select().from(letterAssignments).where(eq(letterAssignments.letterId, id)).orderBy(letterAssignments.forwardedAt);
  const names = await unitNames(svc.db, asg.map((a) => a.unitId));
  const ext = await svc.db.select().from(extensionRequests).where(and(eq(extensionRequests.subjectType, "letter"), eq(extensionRequests.subjectId, id)));
  const stages = await svc.db.select().from(stageRecords).where(and(eq(stageRecords.subjectType, "letter"), eq(stageRecords.subjectId, id)));
  const [ch] = await svc.db.select().from(interactionChannels).where(eq(interactionChannels.id, l.channelId));
  return {
    letter: {
      id: l.id,
      caseNo: l.caseNo,
      siteId: l.siteId,
      kind: l.kind,
      channel: ch?.name ?? "",
      title: l.title,
      content: l.content,
      pageUrl: l.pageUrl,
      screenshotId: l.screenshotId,
      writer: { name: l.writerName, phone: l.writerPhone, email: l.writerEmail, address: l.writerAddress, idNumber: l.writerIdNumber },
      publicAllowed: l.publicAllowed,
      status: l.status,
      statusName: LETTER_STATUS[l.status],
      moderation: l.moderation,
      receivedAt: fmt(l.receivedAt),
      acceptedAt: fmt(l.acceptedAt),
      repliedAt: fmt(l.repliedAt),
      reply: l.reply,
      rejectReason: l.rejectReason,
      extensionWorkdays: l.extensionWorkdays,
      publication: l.publication,
      publishedAt: fmt(l.publishedAt),
      rating: l.rating ? RATINGS[l.rating] : null,
      ratingComment: l.ratingComment,
      ip: scope.all || isIntake(scope, l.siteId) ? l.ip : undefined,
    },
    assignments: asg.map((a) => ({ ...a, unitName: names.get(a.unitId) ?? "", forwardedAt: fmt(a.forwardedAt), draftedAt: fmt(a.draftedAt), approvedAt: fmt(a.approvedAt), endedAt: fmt(a.endedAt) })),
    extensions: ext.map((e) => ({ ...e, requestedAt: fmt(e.requestedAt), decidedAt: fmt(e.decidedAt) })),
    deadlines: (await countdowns(svc, [id])).get(id) ?? [],
    stages: stages.map((s) => ({ stage: s.stage, stageName: STAGE_NAMES[s.stage] ?? s.stage, unitId: s.unitId, startedAt: fmt(s.startedAt), dueAt: fmt(s.dueAt), completedAt: fmt(s.completedAt), overdueAt: fmt(s.overdueAt), workdaysTaken: s.workdaysTaken, onTime: s.onTime })),
    history: await eventsOf(svc.db, "letter", id),
    can: {
      intake: isIntake(scope, l.siteId),
      approveExtension: scope.supervisor || (isIntake(scope, l.siteId) && actor.assignments.some((a) => a.role === "reviewer" && (a.level ?? 0) >= 2)),
    },
  };
}

// ------------------------------------------------------------------ console: intake and 转办

const reason = (what: string) => z.string({ error: `请填写${what}` }).trim().min(2, `请填写${what}`).max(500);

async function mutate<T>(svc: Services, actor: Actor, id: string, fn: (tx: DbOrTx, l: Letter, scope: InteractionScope, cal: WorkCalendar) => Promise<T>): Promise<T> {
  const cal = await svc.calendar();
  return svc.db.transaction(async (tx) => {
    const { l, scope } = await loadVisible(svc, actor, id, tx);
    // Serialise concurrent actions on one letter.
    await tx.execute(sql`select 1 from ${letters} where ${letters.id} = ${id} for update`);
    return fn(tx, l, scope, cal);
  });
}

const moderateInput = z.object({ decision: z.enum(["release", "reject"], { message: "请选择放行或不予受理" }), reason: z.string().trim().max(500).optional() });

/** A moderator releases a held letter to the intake queue, or refuses it with a reason. */
export async function moderateLetter(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(moderateInput, raw);
  return mutate(svc, actor, id, async (tx, l, scope, cal) => {
    requireIntake(scope, l.siteId);
    if (l.status !== "held") throw new AppError("CONFLICT", "该留言不在待审核状态。");
    const at = now();
    if (input.decision === "reject") {
      if (!input.reason || input.reason.length < 2) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "reason", message: "请填写不予受理的理由" }] });
      await closeAll(tx, cal, l.id, at);
      await tx.update(letters).set({ status: "rejected", rejectReason: input.reason, moderation: { ...l.moderation!, decision: "reject", reason: input.reason, decidedBy: actor.realName, decidedAt: at.toISOString() }, updatedAt: at }).where(eq(letters.id, id));
      await addEvent(tx, { subjectType: "letter", subjectId: id, actorId: actor.userId, actorName: actor.realName, action: "moderation_rejected", summary: `不予受理：${input.reason}`, public: true, at });
    } else {
      await tx.update(letters).set({ status: "received", moderation: { ...l.moderation!, decision: "release", reason: input.reason, decidedBy: actor.realName, decidedAt: at.toISOString() }, updatedAt: at }).where(eq(letters.id, id));
      await addEvent(tx, { subjectType: "letter", subjectId: id, actorId: actor.userId, actorName: actor.realName, action: "moderation_released", summary: `人工审核后放行${input.reason ? `：${input.reason}` : ""}`, at });
    }
    await recordAudit(tx, auditActorOf(actor), { action: `letter.moderate.${input.decision}`, targetType: "letter", targetId: id, summary: `${input.decision === "reject" ? "不予受理" : "放行"}留言 ${l.caseNo}`, after: { reason: input.reason } });
    return { ok: true };
  });
}

async function closeAll(tx: DbOrTx, cal: WorkCalendar, id: string, at: Date) {
  for (const stage of ["forward", "reply"]) await finishStage(tx, cal, "letter", id, stage, at);
}

const rejectInput = z.object({ reason: reason("不予受理的理由（如：重复来信、不属于受理范围）") });

/** 不予受理 by the centre (repeated letter, not within scope …): the writer sees the reason. */
export async function rejectLetter(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(rejectInput, raw);
  return mutate(svc, actor, id, async (tx, l, scope, cal) => {
    requireIntake(scope, l.siteId);
    if (!["held", "received"].includes(l.status)) throw new AppError("CONFLICT", "只有待受理的留言可以不予受理。");
    const at = now();
    await closeAll(tx, cal, id, at);
    await tx.update(letters).set({ status: "rejected", rejectReason: input.reason, updatedAt: at }).where(eq(letters.id, id));
    await addEvent(tx, { subjectType: "letter", subjectId: id, actorId: actor.userId, actorName: actor.realName, action: "rejected", summary: `不予受理：${input.reason}`, public: true, at });
    await recordAudit(tx, auditActorOf(actor), { action: "letter.reject", targetType: "letter", targetId: id, summary: `不予受理留言 ${l.caseNo}：${input.reason}` });
    return { ok: true };
  });
}

const forwardInput = z.object({
  units: z
    .array(z.object({ unitId: z.string().uuid("请选择承办单位"), role: z.enum(["lead", "assist"]).default("lead") }))
    .min(1, "请至少选择一个承办单位")
    .max(10),
  instruction: z.string().trim().max(1000).optional(),
});

/** 转办: the centre sends the letter to one or several units; the first forward ends the 转办 stage. */
export async function forwardLetter(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(forwardInput, raw);
  return mutate(svc, actor, id, async (tx, l, scope, cal) => {
    requireIntake(scope, l.siteId);
    if (!["received", "forwarded"].includes(l.status)) throw new AppError("CONFLICT", l.status === "held" ? "该留言内容待审核，请先审核放行。" : "该留言当前不能转办。");
    const active = await tx.select().from(letterAssignments).where(and(eq(letterAssignments.letterId, id), inArray(letterAssignments.status, ["handling", "in_review", "approved"])));
    const names = await unitNames(tx, input.units.map((u) => u.unitId));
    for (const u of input.units) {
      if (!names.has(u.unitId)) throw new AppError("VALIDATION_FAILED", "所选承办单位不存在。", { issues: [{ path: "units", message: "请选择有效的单位" }] });
      if (active.some((a) => a.unitId === u.unitId)) throw new AppError("CONFLICT", `该留言已转办至${names.get(u.unitId)}。`);
    }
    const at = now();
    await tx.insert(letterAssignments).values(input.units.map((u) => ({ letterId: id, unitId: u.unitId, role: u.role, instruction: input.instruction ?? "", forwardedBy: actor.userId, forwardedAt: at })));
    await finishStage(tx, cal, "letter", id, "forward", at);
    await tx.update(letters).set({ status: "forwarded", acceptedAt: l.acceptedAt ?? at, firstForwardedAt: l.firstForwardedAt ?? at, updatedAt: at }).where(eq(letters.id, id));
    const list = input.units.map((u) => `${names.get(u.unitId)}${u.role === "assist" ? "（协办）" : ""}`).join("、");
    await addEvent(tx, { subjectType: "letter", subjectId: id, actorId: actor.userId, actorName: actor.realName, action: "forwarded", summary: `已转办至：${list}${input.instruction ? `；办理要求：${input.instruction}` : ""}`, at });
    if (!l.acceptedAt) await addEvent(tx, { subjectType: "letter", subjectId: id, actorName: "运维中心", action: "accepted", summary: `已受理，转${list}办理`, public: true, at });
    await recordAudit(tx, auditActorOf(actor), { action: "letter.forward", targetType: "letter", targetId: id, summary: `转办留言 ${l.caseNo} 至 ${list}` });
    return { ok: true };
  });
}

const rerouteInput = z.object({ assignmentId: z.string().uuid(), toUnitId: z.string().uuid("请选择改派的单位"), reason: reason("改派理由") });

/** The centre re-routes one unit's part to another unit, with a reason (FixMyStreet #877). */
export async function rerouteLetter(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(rerouteInput, raw);
  return mutate(svc, actor, id, async (tx, l, scope) => {
    requireIntake(scope, l.siteId);
    const [a] = await tx.select().from(letterAssignments).where(and(eq(letterAssignments.id, input.assignmentId), eq(letterAssignments.letterId, id)));
    if (!a || !["handling", "in_review", "returned"].includes(a.status)) throw new AppError("CONFLICT", "该承办记录不能改派（已审定或已结束）。");
    const names = await unitNames(tx, [a.unitId, input.toUnitId]);
    if (!names.has(input.toUnitId)) throw notFound("单位");
    const at = now();
    await tx.update(letterAssignments).set({ status: "withdrawn", endedAt: at, returnReason: a.returnReason ?? input.reason }).where(eq(letterAssignments.id, a.id));
    await tx.insert(letterAssignments).values({ letterId: id, unitId: input.toUnitId, role: a.role, instruction: a.instruction, forwardedBy: actor.userId, forwardedAt: at });
    await tx.update(letters).set({ status: "forwarded", updatedAt: at }).where(eq(letters.id, id));
    await closeReforward(tx, l, at, svc);
    await addEvent(tx, { subjectType: "letter", subjectId: id, actorId: actor.userId, actorName: actor.realName, action: "rerouted", summary: `由${names.get(a.unitId)}改派至${names.get(input.toUnitId)}，理由：${input.reason}`, at });
    await recordAudit(tx, auditActorOf(actor), { action: "letter.reroute", targetType: "letter", targetId: id, summary: `留言 ${l.caseNo} 由${names.get(a.unitId)}改派至${names.get(input.toUnitId)}：${input.reason}` });
    return { ok: true };
  });
}

/** A re-forward after a unit returned the letter ends the new 转办 stage opened by the return. */
async function closeReforward(tx: DbOrTx, l: Letter, at: Date, svc: Services) {
  await finishStage(tx, await svc.calendar(), "letter", l.id, "forward", at);
}

const returnInput = z.object({ reason: reason("退回理由（如：不属于本单位职责，建议转××）") });

/** A unit hands its part back to the centre with a reason; the centre must forward again. */
export async function returnAssignment(svc: Services, actor: Actor, assignmentId: string, raw: unknown) {
  const input = parse(returnInput, raw);
  const [a] = await svc.db.select().from(letterAssignments).where(eq(letterAssignments.id, assignmentId));
  if (!a) throw notFound("承办记录");
  return mutate(svc, actor, a.letterId, async (tx, l, _scope, cal) => {
    if (actor.unitId !== a.unitId) throw forbidden("只能退回转办给本单位的留言。");
    if (!["handling", "in_review"].includes(a.status)) throw new AppError("CONFLICT", "该留言已审定或已结束，不能退回。");
    const at = now();
    await tx.update(letterAssignments).set({ status: "returned", returnReason: input.reason, endedAt: at }).where(eq(letterAssignments.id, a.id));
    const still = await tx.select().from(letterAssignments).where(and(eq(letterAssignments.letterId, l.id), inArray(letterAssignments.status, ["handling", "in_review", "approved"])));
    if (!still.length) {
      await tx.update(letters).set({ status: "received", updatedAt: at }).where(eq(letters.id, l.id));
      const ch = channelDeadlines(svc, l.kind as LetterKind);
      await openStage(tx, cal, { subjectType: "letter", subjectId: l.id, siteId: l.siteId, stage: "forward", startAt: at, workdays: ch.forwardWorkdays });
    }
    const names = await unitNames(tx, [a.unitId]);
    await addEvent(tx, { subjectType: "letter", subjectId: l.id, actorId: actor.userId, actorName: actor.realName, unitId: a.unitId, action: "returned", summary: `${names.get(a.unitId)}退回运维中心，理由：${input.reason}`, at });
    await recordAudit(tx, auditActorOf(actor), { action: "letter.return", targetType: "letter", targetId: l.id, summary: `${names.get(a.unitId)}退回留言 ${l.caseNo}：${input.reason}` });
    return { ok: true };
  });
}

// ------------------------------------------------------------------ the unit's reply and its review

const draftInput = z.object({ text: z.string().trim().min(10, "答复内容不少于 10 个字").max(10000), submit: z.boolean().default(false) });

/** The unit drafts its reply; `submit` sends it to the unit's leader for review. */
export async function draftReply(svc: Services, actor: Actor, assignmentId: string, raw: unknown) {
  const input = parse(draftInput, raw);
  const [a] = await svc.db.select().from(letterAssignments).where(eq(letterAssignments.id, assignmentId));
  if (!a) throw notFound("承办记录");
  return mutate(svc, actor, a.letterId, async (tx, l) => {
    if (actor.unitId !== a.unitId) throw forbidden("只能答复转办给本单位的留言。");
    if (a.status !== "handling") throw new AppError("CONFLICT", a.status === "in_review" ? "答复已送领导审核，请等待审核结果。" : "该承办记录已结束。");
    const at = now();
    await tx.update(letterAssignments).set({ draft: input.text, draftedBy: actor.userId, draftedAt: at, status: input.submit ? "in_review" : "handling" }).where(eq(letterAssignments.id, a.id));
    if (input.submit) {
      await addEvent(tx, { subjectType: "letter", subjectId: l.id, actorId: actor.userId, actorName: actor.realName, unitId: a.unitId, action: "reply_submitted", summary: "答复稿送单位领导审核", at });
      await recordAudit(tx, auditActorOf(actor), { action: "letter.reply.submit", targetType: "letter", targetId: l.id, summary: `留言 ${l.caseNo} 答复稿送审` });
    }
    return { ok: true, status: input.submit ? "in_review" : "handling" };
  });
}

const reviewInput = z.object({ decision: z.enum(["approve", "return"], { message: "请选择审定或退回修改" }), note: z.string().trim().max(1000).optional(), text: z.string().trim().min(10).max(10000).optional() });

/**
 * The unit's leader approves the draft (possibly edited) or returns it. When every unit holding
 * the letter has an approved reply, the combined reply is sent to the writer and, if the writer
 * agreed and the channel publishes, its de-identified public version is prepared for the centre.
 */
export async function reviewReply(svc: Services, actor: Actor, assignmentId: string, raw: unknown) {
  const input = parse(reviewInput, raw);
  const [a0] = await svc.db.select().from(letterAssignments).where(eq(letterAssignments.id, assignmentId));
  if (!a0) throw notFound("承办记录");
  return mutate(svc, actor, a0.letterId, async (tx, l, _scope, cal) => {
    const [a] = await tx.select().from(letterAssignments).where(eq(letterAssignments.id, assignmentId));
    if (!a || a.status !== "in_review") throw new AppError("CONFLICT", "该答复不在待审核状态。");
    if (!isUnitLeader(actor, a.unitId)) throw forbidden("答复须由承办单位负责人（审核级别二级及以上）审定。");
    if (a.draftedBy === actor.userId) throw forbidden("答复起草人不能审定自己的答复稿。");
    const at = now();
    if (input.decision === "return") {
      if (!input.note) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "note", message: "请填写退回修改的意见" }] });
      await tx.update(letterAssignments).set({ status: "handling", reviewNote: input.note }).where(eq(letterAssignments.id, a.id));
      await addEvent(tx, { subjectType: "letter", subjectId: l.id, actorId: actor.userId, actorName: actor.realName, unitId: a.unitId, action: "reply_returned", summary: `单位领导退回修改：${input.note}`, at });
      await recordAudit(tx, auditActorOf(actor), { action: "letter.reply.return", targetType: "letter", targetId: l.id, summary: `退回留言 ${l.caseNo} 的答复稿：${input.note}` });
      return { ok: true, sent: false };
    }
    await tx.update(letterAssignments).set({ status: "approved", draft: input.text ?? a.draft, reviewNote: input.note ?? null, approvedBy: actor.userId, approvedAt: at }).where(eq(letterAssignments.id, a.id));
    await addEvent(tx, { subjectType: "letter", subjectId: l.id, actorId: actor.userId, actorName: actor.realName, unitId: a.unitId, action: "reply_approved", summary: "单位领导审定答复", at });
    await recordAudit(tx, auditActorOf(actor), { action: "letter.reply.approve", targetType: "letter", targetId: l.id, summary: `审定留言 ${l.caseNo} 的答复` });
    const active = await tx.select().from(letterAssignments).where(and(eq(letterAssignments.letterId, l.id), inArray(letterAssignments.status, ["handling", "in_review", "approved"])));
    if (active.some((x) => x.status !== "approved")) return { ok: true, sent: false };
    await sendReply(tx, svc, cal, l, active, at);
    return { ok: true, sent: true };
  });
}

async function sendReply(tx: DbOrTx, svc: Services, cal: WorkCalendar, l: Letter, parts: Assignment[], at: Date) {
  const names = await unitNames(tx, parts.map((p) => p.unitId));
  const ordered = [...parts].sort((x, y) => (x.role === y.role ? 0 : x.role === "lead" ? -1 : 1));
  const reply = ordered.map((p) => ({ unitId: p.unitId, unitName: names.get(p.unitId) ?? "", text: p.draft, approvedBy: p.approvedBy ?? "", approvedAt: (p.approvedAt ?? at).toISOString() }));
  const rec = await finishStage(tx, cal, "letter", l.id, "reply", at);
  // One record per answering unit, for the on-time share of each unit.
  for (const p of ordered) {
    await tx.insert(stageRecords).values({ subjectType: "letter", subjectId: l.id, siteId: l.siteId, stage: "unit_reply", unitId: p.unitId, startedAt: l.receivedAt, dueAt: rec?.dueAt ?? null, completedAt: at, workdaysTaken: rec?.workdaysTaken ?? cal.workdaysBetween(l.receivedAt, at), onTime: rec?.onTime ?? true });
  }
  const [ch] = await tx.select().from(interactionChannels).where(eq(interactionChannels.id, l.channelId));
  const publication = l.publicAllowed && ch?.publishReplies ? preparePublicVersion(svc, l, reply, [], "系统自动遮盖") : null;
  await tx.update(letters).set({ status: "replied", reply, repliedAt: at, publication, updatedAt: at }).where(eq(letters.id, l.id));
  await addEvent(tx, { subjectType: "letter", subjectId: l.id, actorName: "系统", action: "replied", summary: `已答复（答复部门：${reply.map((r) => r.unitName).join("、")}）`, public: true, at });
}

function knownOf(l: Letter) {
  return { values: [l.writerName, l.writerPhone, l.writerEmail, l.writerAddress, l.writerIdNumber] };
}

export function preparePublicVersion(svc: Services, l: Letter, reply: NonNullable<Letter["reply"]>, redactions: string[], by: string, edits: { title?: string; content?: string; reply?: string } = {}) {
  const c = svc.checker();
  const known = knownOf(l);
  const replyText = edits.reply ?? reply.map((r) => (reply.length > 1 ? `【${r.unitName}】${r.text}` : r.text)).join("\n\n");
  return {
    title: maskText(c, edits.title ?? l.title, known, redactions),
    content: maskText(c, edits.content ?? l.content, known, redactions),
    reply: maskText(c, replyText, known, redactions),
    units: reply.map((r) => r.unitName),
    redactions,
    preparedBy: by,
    preparedAt: now().toISOString(),
  };
}

// ------------------------------------------------------------------ extensions

const extensionInput = z.object({ workdays: z.number().int().min(1, "延期至少 1 个工作日").max(60, "单次延期不超过 60 个工作日"), reason: reason("延期理由") });

/** Limits of letter extensions come from the profile (interaction.letterExtension*). */
export async function requestLetterExtension(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(extensionInput, raw);
  const { letterExtensionMaxWorkdays: maxDays, letterExtensionMaxCount: maxCount } = svc.profile.values.interaction;
  if (input.workdays > maxDays) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "workdays", message: `单次延期不超过 ${maxDays} 个工作日` }] });
  return mutate(svc, actor, id, async (tx, l) => {
    const mine = await tx.select().from(letterAssignments).where(and(eq(letterAssignments.letterId, id), eq(letterAssignments.unitId, actor.unitId), inArray(letterAssignments.status, ["handling", "in_review"])));
    if (!mine.length) throw forbidden("只有正在办理该留言的单位可以申请延期。");
    const earlier = await tx.select().from(extensionRequests).where(and(eq(extensionRequests.subjectType, "letter"), eq(extensionRequests.subjectId, id), inArray(extensionRequests.status, ["pending", "approved"])));
    if (earlier.some((e) => e.status === "pending")) throw new AppError("CONFLICT", "已有待审批的延期申请。");
    if (earlier.length >= maxCount) throw new AppError("CONFLICT", `每件留言最多延期 ${maxCount} 次，本件已延期，请抓紧办理。`);
    const at = now();
    const [r] = await tx.insert(extensionRequests).values({ subjectType: "letter", subjectId: id, unitId: actor.unitId, workdays: input.workdays, reason: input.reason, requestedBy: actor.userId, requestedAt: at }).returning();
    await addEvent(tx, { subjectType: "letter", subjectId: id, actorId: actor.userId, actorName: actor.realName, unitId: actor.unitId, action: "extension_requested", summary: `申请延期 ${input.workdays} 个工作日：${input.reason}`, at });
    await recordAudit(tx, auditActorOf(actor), { action: "letter.extension.request", targetType: "letter", targetId: id, summary: `留言 ${l.caseNo} 申请延期 ${input.workdays} 个工作日` });
    return { request: r };
  });
}

const decideInput = z.object({ approve: z.boolean(), note: z.string().trim().max(500).optional() });

/** A 监管员 or a leader of the operating centre approves or refuses; an approval is shown to the writer. */
export async function decideLetterExtension(svc: Services, actor: Actor, requestId: string, raw: unknown) {
  const input = parse(decideInput, raw);
  const [r] = await svc.db.select().from(extensionRequests).where(and(eq(extensionRequests.id, requestId), eq(extensionRequests.subjectType, "letter")));
  if (!r) throw notFound("延期申请");
  return mutate(svc, actor, r.subjectId, async (tx, l, scope, cal) => {
    const leader = scope.supervisor || (isIntake(scope, l.siteId) && actor.assignments.some((a) => a.role === "reviewer" && (a.level ?? 0) >= 2));
    if (!leader) throw forbidden("延期须由监管员或运维中心负责人审批。");
    if (r.requestedBy === actor.userId) throw forbidden("不能审批本人提出的延期申请。");
    if (r.status !== "pending") throw new AppError("CONFLICT", "该延期申请已审批。");
    const at = now();
    await tx.update(extensionRequests).set({ status: input.approve ? "approved" : "rejected", decidedBy: actor.userId, decidedAt: at, decisionNote: input.note ?? null }).where(eq(extensionRequests.id, r.id));
    if (input.approve) {
      const total = l.extensionWorkdays + r.workdays;
      const base = channelDeadlines(svc, l.kind as LetterKind).replyWorkdays;
      const d = await changeStage(tx, cal, "letter", l.id, "reply", { workdays: base + total });
      await tx.update(letters).set({ extensionWorkdays: total, updatedAt: at }).where(eq(letters.id, l.id));
      await addEvent(tx, { subjectType: "letter", subjectId: l.id, actorId: actor.userId, actorName: actor.realName, action: "extended", summary: `经批准延期 ${r.workdays} 个工作日，答复期限延至 ${fmtDay(d?.dueAt) ?? "—"}。理由：${r.reason}`, public: true, at });
    } else {
      await addEvent(tx, { subjectType: "letter", subjectId: l.id, actorId: actor.userId, actorName: actor.realName, action: "extension_refused", summary: `延期申请未获批准${input.note ? `：${input.note}` : ""}`, at });
    }
    await recordAudit(tx, auditActorOf(actor), { action: `letter.extension.${input.approve ? "approve" : "reject"}`, targetType: "letter", targetId: l.id, summary: `${input.approve ? "批准" : "驳回"}留言 ${l.caseNo} 延期 ${r.workdays} 个工作日` });
    return { ok: true };
  });
}

// ------------------------------------------------------------------ publication

const redactInput = z.object({
  title: z.string().trim().min(2).max(100).optional(),
  content: z.string().trim().min(2).max(5000).optional(),
  reply: z.string().trim().min(2).max(20000).optional(),
  /** Phrases to black out by hand (names of third parties, house numbers …). */
  redactions: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
});

/** The centre edits the public version: manual redactions on top of the automatic masking. */
export async function redactLetter(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(redactInput, raw);
  return mutate(svc, actor, id, async (tx, l, scope) => {
    requireIntake(scope, l.siteId);
    if (!l.reply) throw new AppError("CONFLICT", "留言答复后才能准备公开版本。");
    const pub = preparePublicVersion(svc, l, l.reply, input.redactions, actor.realName, input);
    await tx.update(letters).set({ publication: pub, updatedAt: now() }).where(eq(letters.id, id));
    await recordAudit(tx, auditActorOf(actor), { action: "letter.redact", targetType: "letter", targetId: id, summary: `编辑留言 ${l.caseNo} 的公开版本（手工遮盖 ${input.redactions.length} 处）` });
    return { publication: pub, remaining: remainingPersonalData(svc.checker(), `${pub.title}\n${pub.content}\n${pub.reply}`, knownOf(l)) };
  });
}

/** Publishes the prepared public version; refused while personal data is detected in it. */
export async function publishLetter(svc: Services, actor: Actor, id: string) {
  return mutate(svc, actor, id, async (tx, l, scope) => {
    requireIntake(scope, l.siteId);
    if (!l.publicAllowed) throw new AppError("CONFLICT", "来信人选择了不公开，该留言不能公开。");
    if (!l.reply || !l.publication) throw new AppError("CONFLICT", "留言答复并准备好公开版本后才能公开。");
    const p = l.publication;
    const left = remainingPersonalData(svc.checker(), `${p.title}\n${p.content}\n${p.reply}`, knownOf(l));
    if (left.length) throw new AppError("VALIDATION_FAILED", "公开版本中仍含有个人信息，请遮盖后再公开。", { issues: left.map((m) => ({ path: "publication", message: m })) });
    const at = now();
    await tx.update(letters).set({ publishedAt: at, unpublishedAt: null, updatedAt: at }).where(eq(letters.id, id));
    await queueInteractionPublish(tx, l.siteId);
    await addEvent(tx, { subjectType: "letter", subjectId: id, actorId: actor.userId, actorName: actor.realName, action: "published", summary: "答复已在网站公开（个人信息已遮盖）", public: true, at });
    await recordAudit(tx, auditActorOf(actor), { action: "letter.publish", targetType: "letter", targetId: id, summary: `公开留言 ${l.caseNo}` });
    return { ok: true, publishedAt: fmt(at) };
  });
}

export async function unpublishLetter(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(z.object({ reason: reason("撤下理由") }), raw);
  return mutate(svc, actor, id, async (tx, l, scope) => {
    requireIntake(scope, l.siteId);
    if (!l.publishedAt || l.unpublishedAt) throw new AppError("CONFLICT", "该留言未公开。");
    const at = now();
    await tx.update(letters).set({ unpublishedAt: at, updatedAt: at }).where(eq(letters.id, id));
    await queueInteractionPublish(tx, l.siteId);
    await addEvent(tx, { subjectType: "letter", subjectId: id, actorId: actor.userId, actorName: actor.realName, action: "unpublished", summary: `撤下公开：${input.reason}`, at });
    await recordAudit(tx, auditActorOf(actor), { action: "letter.unpublish", targetType: "letter", targetId: id, summary: `撤下公开留言 ${l.caseNo}：${input.reason}` });
    return { ok: true };
  });
}

/** 留言选登: handled letters of a site as published, newest reply first. Only public versions. */
export async function publicLetters(svc: Services, siteCode: string, raw: unknown) {
  const site = await siteByCode(svc.db, siteCode);
  const q = parse(z.object({ channel: z.string().optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(50).default(20) }), raw);
  let channelId: string | undefined;
  if (q.channel) {
    const [ch] = await svc.db.select({ id: interactionChannels.id }).from(interactionChannels).where(and(eq(interactionChannels.siteId, site.id), eq(interactionChannels.slug, q.channel)));
    if (!ch) return { total: 0, items: [] };
    channelId = ch.id;
  }
  const rows = await publishedLetters(svc.db, site.id, { channelId, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  const total = await countPublishedLetters(svc.db, site.id, { channelId });
  return { total, items: rows.map(presentPublic) };
}

function presentPublic(r: Awaited<ReturnType<typeof publishedLetters>>[number]) {
  const p = r.publication;
  return { caseNo: r.caseNo, channel: r.channelName, title: p.title, content: p.content, 受理日期: fmtDay(r.acceptedAt ?? r.receivedAt), 答复日期: fmtDay(r.repliedAt), 答复部门: p.units.join("、"), 答复内容: p.reply, receivedAt: fmtDay(r.receivedAt), acceptedAt: fmtDay(r.acceptedAt ?? r.receivedAt), repliedAt: fmtDay(r.repliedAt), units: p.units, reply: p.reply };
}

export async function publicLetter(svc: Services, siteCode: string, caseNo: string) {
  const site = await siteByCode(svc.db, siteCode);
  const [r] = await publishedLetters(svc.db, site.id, { caseNo: caseNo.toUpperCase(), limit: 1 });
  if (!r) throw notFound("留言");
  return presentPublic(r);
}

// ------------------------------------------------------------------ templates

const templateInput = z.object({ title: z.string().trim().min(2, "请填写模板名称").max(60), body: z.string().trim().min(10, "模板内容不少于 10 个字").max(5000), siteId: z.string().uuid().optional() });

export async function listTemplates(svc: Services, actor: Actor) {
  return svc.db.select().from(replyTemplates).where(or(isNull(replyTemplates.unitId), eq(replyTemplates.unitId, actor.unitId))).orderBy(replyTemplates.title);
}

export async function createTemplate(svc: Services, actor: Actor, raw: unknown) {
  const input = parse(templateInput, raw);
  return svc.db.transaction(async (tx) => {
    const [t] = await tx.insert(replyTemplates).values({ ...input, siteId: input.siteId ?? null, unitId: actor.unitId, createdBy: actor.userId }).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "letter.template.create", targetType: "reply_template", targetId: t!.id, summary: `新增常用答复模板“${input.title}”` });
    return t!;
  });
}

export async function deleteTemplate(svc: Services, actor: Actor, id: string) {
  return svc.db.transaction(async (tx) => {
    const [t] = await tx.select().from(replyTemplates).where(eq(replyTemplates.id, id));
    if (!t || t.unitId !== actor.unitId) throw notFound("模板");
    await tx.delete(replyTemplates).where(eq(replyTemplates.id, id));
    await recordAudit(tx, auditActorOf(actor), { action: "letter.template.delete", targetType: "reply_template", targetId: id, summary: `删除常用答复模板“${t.title}”` });
    return { ok: true };
  });
}

export async function screenshotOf(svc: Services, actor: Actor, letterId: string) {
  const { l } = await loadVisible(svc, actor, letterId);
  if (!l.screenshotId) throw notFound("截图");
  const [f] = await svc.db.select().from(interactionFiles).where(eq(interactionFiles.id, l.screenshotId));
  if (!f) throw notFound("截图");
  return { mime: f.mime, bytes: Buffer.from(f.dataBase64, "base64") };
}


// 依申请公开: the application of 第二十九条, its receipt date by channel (第三十一条), the 补正
// notice within 7 working days that restarts the count (第三十条), consultation of third parties
// or other agencies whose time is not counted (第三十二条、第三十三条), one extension of at most 20
// working days approved by the head of the disclosure office (第三十三条), and the answer with the
// result types of the annual-report table. Numbers come from the profile (disclosure.*).
import { randomUUID } from "node:crypto";
import { and, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import ExcelJS from "exceljs";
import type { WorkCalendar } from "@govsite/calendar";
import { deadlines, disclosureApplications, disclosureConsultations, extensionRequests, units } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import type { Services } from "../../services.ts";
import { AppError, forbidden, notFound } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { now } from "../../lib/clock.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, type Actor } from "../accounts/roles.ts";
import { interactionScope, isIntake, isUnitLeader, type InteractionScope } from "../interaction/access.ts";
import { addEvent, codeMatches, conflictKey, eventsOf, fmt, fmtDay, hashCode, nextCaseNo, payloadHash, queryCodeFor, siteByCode, twinOrThrow, SpentChallenge, unitNames } from "../interaction/cases.ts";
import { changeStage, finishStage, openStage, openStageDeadline, STAGE_NAMES } from "../interaction/stages.ts";
import { decodePow, spendPow, verifyPow } from "../interaction/pow.ts";
import { idempotencyKeyOf, type SubmitMeta } from "../interaction/letters.ts";
import { APPLICANT_TYPES, DELIVERIES, DISCLOSURE_STATUS, FORMS, OUTCOMES, OUTCOME_NUMERALS, OUTCOME_ORDER, RECEIPT_CHANNELS, type Outcome, type ReceiptChannel } from "./types.ts";

type App = typeof disclosureApplications.$inferSelect;

const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...Array<keyof T & string>];

const applicationFields = z
  .object({
    unitId: z.string({ error: "请选择受理机关" }).uuid("请选择受理机关"),
    applicantType: z.enum(keys(APPLICANT_TYPES), { message: "请选择申请人类型" }),
    applicantName: z.string().trim().min(1, "请填写申请人姓名或名称").max(100),
    idType: z.string().trim().max(20).optional(),
    idNumber: z.string().trim().max(40).optional(),
    orgCode: z.string().trim().max(40).optional(),
    legalRepresentative: z.string().trim().max(40).optional(),
    contactName: z.string().trim().max(40).optional(),
    phone: z.string().trim().regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, "请填写正确的联系电话"),
    email: z.string().trim().email("电子邮箱格式不正确").optional().or(z.literal("")),
    address: z.string().trim().max(200).optional(),
    postcode: z.string().trim().regex(/^\d{6}$/, "邮政编码应为 6 位数字").optional().or(z.literal("")),
    description: z.string().trim().min(5, "请描述所需政府信息的名称、文号或便于查询的其他特征").max(3000),
    documentNo: z.string().trim().max(100).optional(),
    form: z.enum(keys(FORMS), { message: "请选择信息的形式（纸质或电子）" }),
    delivery: z.enum(keys(DELIVERIES), { message: "请选择获取信息的方式" }),
  })
  .superRefine((v, ctx) => {
    // 第二十九条第（一）项: 姓名或者名称、身份证明、联系方式.
    if (v.applicantType === "natural" && !v.idNumber) ctx.addIssue({ code: "custom", path: ["idNumber"], message: "公民申请请填写身份证件号码" });
    if (v.applicantType !== "natural" && !v.orgCode) ctx.addIssue({ code: "custom", path: ["orgCode"], message: "法人或其他组织申请请填写统一社会信用代码" });
    if (v.delivery === "email" && !v.email) ctx.addIssue({ code: "custom", path: ["email"], message: "选择电子邮件获取的，请填写电子邮箱" });
    if (v.delivery === "post" && !v.address) ctx.addIssue({ code: "custom", path: ["address"], message: "选择邮寄的，请填写通信地址" });
  });

export const publicApplicationInput = z.intersection(
  applicationFields,
  z.object({ altcha: z.union([z.string().max(4000), z.record(z.string(), z.unknown())]).optional(), clientToken: z.string().trim().min(16).max(200).optional() }),
);

function receiptOf(svc: Services, a: App, unitName: string, created: boolean, answerDue: Date | null) {
  const code = queryCodeFor(svc, a.id);
  return {
    created,
    caseNo: a.caseNo,
    queryCode: code,
    unit: unitName,
    receivedAt: fmt(a.receivedAt),
    receiptBasis: a.receiptBasis,
    answerDueAt: fmtDay(answerDue),
    message: `您的政府信息公开申请已收到，受理编号 ${a.caseNo}，查询码 ${code}。收到申请之日为 ${fmtDay(a.receivedAt)}，我们将在 ${fmtDay(answerDue)} 前答复（需要补正、征求第三方意见或依法延期的，期限按《中华人民共和国政府信息公开条例》相应调整）。`,
  };
}

async function existingReceipt(svc: Services, key: string, hash: string) {
  const [a] = await svc.db.select().from(disclosureApplications).where(eq(disclosureApplications.idempotencyKey, key));
  if (!a) return null;
  if (a.payloadHash !== hash) throw conflictKey();
  const names = await unitNames(svc.db, [a.unitId]);
  const d = await openStageDeadline(svc.db, "disclosure", a.id, "answer");
  return receiptOf(svc, a, names.get(a.unitId) ?? "", false, d?.dueAt ?? null);
}

interface NewApplication {
  site: { id: string };
  fields: z.output<typeof applicationFields>;
  channel: ReceiptChannel;
  submittedAt: Date;
  receivedAt: Date;
  key: string;
  hash: string;
  ip: string;
  registeredBy: string | null;
  actorName: string;
}

async function insertApplication(svc: Services, tx: DbOrTx, cal: WorkCalendar, n: NewApplication) {
  const id = randomUUID();
  const f = n.fields;
  const caseNo = await nextCaseNo(tx, "disclosure", n.submittedAt);
  const [a] = await tx
    .insert(disclosureApplications)
    .values({
      id,
      siteId: n.site.id,
      unitId: f.unitId,
      caseNo,
      queryCodeHash: hashCode(svc, queryCodeFor(svc, id)),
      applicantType: f.applicantType,
      applicantName: f.applicantName,
      idType: f.idType ?? (f.applicantType === "natural" ? "居民身份证" : ""),
      idNumber: f.idNumber ?? "",
      orgCode: f.orgCode ?? "",
      legalRepresentative: f.legalRepresentative ?? "",
      contactName: f.contactName ?? "",
      phone: f.phone,
      email: f.email ?? "",
      address: f.address ?? "",
      postcode: f.postcode ?? "",
      description: f.description,
      documentNo: f.documentNo ?? "",
      form: f.form,
      delivery: f.delivery,
      channel: n.channel,
      submittedAt: n.submittedAt,
      receivedAt: n.receivedAt,
      receiptBasis: RECEIPT_CHANNELS[n.channel].rule,
      status: "received",
      idempotencyKey: n.key,
      payloadHash: n.hash,
      ip: n.ip,
      registeredBy: n.registeredBy,
    })
    .returning();
  const d = svc.profile.values.disclosure;
  await openStage(tx, cal, { subjectType: "disclosure", subjectId: id, siteId: n.site.id, unitId: f.unitId, stage: "correction_notice", startAt: n.receivedAt, workdays: d.correctionNoticeWorkdays });
  const answer = await openStage(tx, cal, { subjectType: "disclosure", subjectId: id, siteId: n.site.id, unitId: f.unitId, stage: "answer", startAt: n.receivedAt, workdays: d.answerWorkdays });
  await addEvent(tx, { subjectType: "disclosure", subjectId: id, actorName: n.actorName, unitId: f.unitId, action: "received", summary: `收到申请（${RECEIPT_CHANNELS[n.channel].name}），收到申请之日 ${fmtDay(n.receivedAt)}`, public: true, at: n.submittedAt });
  return { a: a!, answerDue: answer.dueAt };
}

/** An application made on the public site. The receipt is the confirmation of 第三十一条第（三）项. */
export async function submitApplication(svc: Services, siteCode: string, raw: unknown, meta: SubmitMeta) {
  const site = await siteByCode(svc.db, siteCode);
  const input = parse(publicApplicationInput, raw);
  const altcha = decodePow(input.altcha);
  const key = idempotencyKeyOf("disclosure", meta, { clientToken: input.clientToken, altcha });
  const { altcha: _a, clientToken: _c, ...fields } = input;
  const hash = payloadHash({ site: site.id, ...fields });
  const again = await existingReceipt(svc, key, hash);
  if (again) return again;
  const names = await unitNames(svc.db, [fields.unitId]);
  if (!names.has(fields.unitId)) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "unitId", message: "请选择有效的受理机关" }] });
  const pow = await verifyPow(svc, altcha);
  const cal = await svc.calendar();
  const at = now();
  try {
    return await svc.db.transaction(async (tx) => {
      if (!(await spendPow(tx, pow))) throw new SpentChallenge();
      const { a, answerDue } = await insertApplication(svc, tx, cal, { site, fields, channel: "online", submittedAt: at, receivedAt: at, key, hash, ip: meta.ip, registeredBy: null, actorName: "申请人" });
      return receiptOf(svc, a, names.get(a.unitId) ?? "", true, answerDue);
    });
  } catch (err) {
    return twinOrThrow(err, () => existingReceipt(svc, key, hash));
  }
}

const registerInput = z.intersection(
  applicationFields,
  z.object({
    siteId: z.string().uuid(),
    channel: z.enum(keys(RECEIPT_CHANNELS), { message: "请选择提交渠道" }),
    submittedAt: z.coerce.date({ error: "请填写提交时间" }),
    /** 邮寄: 签收时间. */
    signedAt: z.coerce.date().optional(),
    /** 平常信函、互联网、传真: 与申请人确认的时间. */
    confirmedAt: z.coerce.date().optional(),
    clientToken: z.string().trim().min(16).max(200).optional(),
  }),
);

/** 收到申请之日 by 第三十一条 for an application registered by staff. */
export function receiptDate(channel: ReceiptChannel, t: { submittedAt: Date; signedAt?: Date; confirmedAt?: Date }): Date {
  switch (channel) {
    case "in_person":
      return t.submittedAt;
    case "mail_signed":
      if (!t.signedAt) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "signedAt", message: "邮寄申请请填写签收日期（以签收之日为收到申请之日）" }] });
      return t.signedAt;
    default:
      if (!t.confirmedAt) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "confirmedAt", message: "请填写与申请人确认的日期（以确认之日为收到申请之日）" }] });
      return t.confirmedAt;
  }
}

/** A paper, post, fax or counter application entered by the unit's disclosure office. */
export async function registerApplication(svc: Services, actor: Actor, raw: unknown) {
  const input = parse(registerInput, raw);
  if (actor.unitId !== input.unitId && !(await interactionScope(svc.db, actor)).intakeSiteIds.includes(input.siteId)) throw forbidden("只能登记向本单位提出的申请。");
  const receivedAt = receiptDate(input.channel, input);
  if (receivedAt.getTime() < input.submittedAt.getTime() - 86_400_000 * 366 || receivedAt > now()) throw new AppError("VALIDATION_FAILED", "收到申请之日不能晚于当前时间。");
  const cal = await svc.calendar();
  const { siteId, channel, submittedAt, signedAt: _s, confirmedAt: _c, clientToken, ...fields } = input;
  const key = `disclosure:staff:${clientToken ?? randomUUID()}`;
  const hash = payloadHash({ site: siteId, ...fields, channel, receivedAt: receivedAt.toISOString() });
  const again = await existingReceipt(svc, key, hash);
  if (again) return again;
  const names = await unitNames(svc.db, [fields.unitId]);
  return svc.db.transaction(async (tx) => {
    const { a, answerDue } = await insertApplication(svc, tx, cal, { site: { id: siteId }, fields, channel, submittedAt, receivedAt, key, hash, ip: "", registeredBy: actor.userId, actorName: actor.realName });
    await recordAudit(tx, auditActorOf(actor), { action: "disclosure.register", targetType: "disclosure", targetId: a.id, summary: `登记政府信息公开申请 ${a.caseNo}（${RECEIPT_CHANNELS[channel].name}，收到申请之日 ${fmtDay(receivedAt)}）` });
    return receiptOf(svc, a, names.get(a.unitId) ?? "", true, answerDue);
  });
}

// ------------------------------------------------------------------ the applicant's view

export async function lookupApplication(svc: Services, caseNo: string, code: string) {
  const [a] = await svc.db.select().from(disclosureApplications).where(eq(disclosureApplications.caseNo, caseNo.trim().toUpperCase()));
  if (!a || !codeMatches(svc, code, a.queryCodeHash)) throw new AppError("NOT_FOUND", "受理编号或查询码不正确，请核对后重试。");
  const names = await unitNames(svc.db, [a.unitId]);
  const answer = await openStageDeadline(svc.db, "disclosure", a.id, "answer");
  return {
    caseNo: a.caseNo,
    unit: names.get(a.unitId) ?? "",
    description: a.description,
    status: a.status,
    statusName: DISCLOSURE_STATUS[a.status],
    receivedAt: fmtDay(a.receivedAt),
    receiptBasis: a.receiptBasis,
    answerDueAt: answer ? (answer.dueAt ? fmtDay(answer.dueAt) : "计时暂停（待补正或征求意见中）") : null,
    correction: a.correction ? { items: a.correction.items, periodWorkdays: a.correction.periodWorkdays, noticeAt: fmtDay(new Date(a.correction.noticeAt)), correctedAt: a.correction.correctedAt ? fmtDay(new Date(a.correction.correctedAt)) : null } : null,
    extension: a.extension ? { workdays: a.extension.workdays, notice: a.extension.notice } : null,
    answeredAt: fmtDay(a.answeredAt),
    outcome: a.outcome ? OUTCOMES[a.outcome as Outcome].name : null,
    outcomeReason: a.outcomeReason,
    answer: a.answeredAt ? a.answerText : null,
    history: await eventsOf(svc.db, "disclosure", a.id, true),
  };
}

const correctionInput = z.object({ caseNo: z.string().trim().min(1), code: z.string().trim().min(1), text: z.string().trim().min(5, "请填写补正内容").max(3000) });

/** The applicant sends the corrected application online: the answer period starts again. */
export async function submitCorrection(svc: Services, raw: unknown) {
  const input = parse(correctionInput, raw);
  const [a] = await svc.db.select().from(disclosureApplications).where(eq(disclosureApplications.caseNo, input.caseNo.toUpperCase()));
  if (!a || !codeMatches(svc, input.code, a.queryCodeHash)) throw new AppError("NOT_FOUND", "受理编号或查询码不正确，请核对后重试。");
  return applyCorrection(svc, a.id, now(), input.text, "申请人", null);
}

// ------------------------------------------------------------------ console

async function scopeAndLoad(svc: Services, actor: Actor, id: string, db: DbOrTx = svc.db) {
  const scope = await interactionScope(db, actor);
  const [a] = await db.select().from(disclosureApplications).where(and(eq(disclosureApplications.id, id), visibility(scope)));
  if (!a) throw notFound("政府信息公开申请");
  return { a, scope };
}

/** A unit sees the applications addressed to it; the centre those of its sites; supervisors all. */
function visibility(s: InteractionScope): SQL | undefined {
  if (s.all) return undefined;
  const mine = eq(disclosureApplications.unitId, s.unitId);
  return s.intakeSiteIds.length ? or(mine, inArray(disclosureApplications.siteId, s.intakeSiteIds)) : mine;
}

const handles = (actor: Actor, a: App) => {
  if (actor.unitId !== a.unitId) throw forbidden("只有受理机关（本单位）的政府信息公开工作人员可以办理该申请。");
};

export async function listApplications(svc: Services, actor: Actor, raw: unknown) {
  const q = parse(z.object({ status: z.string().optional(), unitId: z.string().uuid().optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) }), raw);
  const scope = await interactionScope(svc.db, actor);
  const where = and(visibility(scope), q.status ? inArray(disclosureApplications.status, q.status.split(",")) : undefined, q.unitId ? eq(disclosureApplications.unitId, q.unitId) : undefined);
  const rows = await svc.db.select().from(disclosureApplications).where(where).orderBy(desc(disclosureApplications.receivedAt)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const names = await unitNames(svc.db, rows.map((r) => r.unitId));
  const open = rows.length ? await svc.db.select().from(deadlines).where(and(eq(deadlines.subjectType, "disclosure"), inArray(deadlines.subjectId, rows.map((r) => r.id)), isNull(deadlines.closedAt))) : [];
  const cal = await svc.calendar();
  const at = now();
  return {
    items: rows.map((a) => ({
      id: a.id,
      caseNo: a.caseNo,
      unit: names.get(a.unitId) ?? "",
      applicantName: a.applicantName,
      applicantType: APPLICANT_TYPES[a.applicantType as keyof typeof APPLICANT_TYPES],
      description: a.description.slice(0, 80),
      status: a.status,
      statusName: DISCLOSURE_STATUS[a.status],
      receivedAt: fmtDay(a.receivedAt),
      deadlines: open
        .filter((d) => d.subjectId === a.id)
        .map((d) => ({ stage: d.stage, stageName: STAGE_NAMES[d.stage] ?? d.stage, dueAt: fmt(d.dueAt), paused: !d.dueAt, overdue: !!d.dueAt && d.dueAt < at, remainingWorkdays: d.dueAt ? (d.dueAt < at ? -cal.workdaysBetween(d.dueAt, at) : cal.workdaysBetween(at, d.dueAt)) : null })),
    })),
  };
}

export async function getApplication(svc: Services, actor: Actor, id: string) {
  const { a, scope } = await scopeAndLoad(svc, actor, id);
  const names = await unitNames(svc.db, [a.unitId]);
  const cons = await svc.db.select().from(disclosureConsultations).where(eq(disclosureConsultations.applicationId, id));
  const dls = await svc.db.select().from(deadlines).where(and(eq(deadlines.subjectType, "disclosure"), eq(deadlines.subjectId, id)));
  const ext = await svc.db.select().from(extensionRequests).where(and(eq(extensionRequests.subjectType, "disclosure"), eq(extensionRequests.subjectId, id)));
  return {
    application: { ...a, unit: names.get(a.unitId) ?? "", receivedAt: fmt(a.receivedAt), submittedAt: fmt(a.submittedAt), answeredAt: fmt(a.answeredAt), channelName: RECEIPT_CHANNELS[a.channel as ReceiptChannel].name, applicantTypeName: APPLICANT_TYPES[a.applicantType as keyof typeof APPLICANT_TYPES] },
    consultations: cons.map((c) => ({ ...c, sentAt: fmt(c.sentAt), repliedAt: fmt(c.repliedAt) })),
    deadlines: dls.map((d) => ({ stage: d.stage, stageName: STAGE_NAMES[d.stage] ?? d.stage, startAt: fmt(d.startAt), restartAt: fmt(d.restartAt), workdays: d.workdays, pauses: d.pauses, dueAt: fmt(d.dueAt), closedAt: fmt(d.closedAt) })),
    extensions: ext.map((e) => ({ ...e, requestedAt: fmt(e.requestedAt), decidedAt: fmt(e.decidedAt) })),
    history: await eventsOf(svc.db, "disclosure", id),
    can: { handle: actor.unitId === a.unitId, lead: isUnitLeader(actor, a.unitId), intake: isIntake(scope, a.siteId) },
  };
}

async function mutate<T>(svc: Services, actor: Actor, id: string, fn: (tx: DbOrTx, a: App, cal: WorkCalendar) => Promise<T>): Promise<T> {
  const cal = await svc.calendar();
  return svc.db.transaction(async (tx) => {
    const { a } = await scopeAndLoad(svc, actor, id, tx);
    await tx.execute(sql`select 1 from ${disclosureApplications} where ${disclosureApplications.id} = ${id} for update`);
    return fn(tx, a, cal);
  });
}

const atInput = z.coerce.date().optional();

/** 受理: the application is complete, no 补正 needed; ends the 补正告知 stage. */
export async function acceptApplication(svc: Services, actor: Actor, id: string) {
  return mutate(svc, actor, id, async (tx, a, cal) => {
    handles(actor, a);
    if (a.status !== "received") throw new AppError("CONFLICT", "该申请已进入办理或已答复。");
    const at = now();
    await finishStage(tx, cal, "disclosure", a.id, "correction_notice", at);
    await tx.update(disclosureApplications).set({ status: "in_progress", updatedAt: at }).where(eq(disclosureApplications.id, id));
    await addEvent(tx, { subjectType: "disclosure", subjectId: id, actorId: actor.userId, actorName: actor.realName, unitId: a.unitId, action: "accepted", summary: "申请内容明确，进入办理", public: true, at });
    await recordAudit(tx, auditActorOf(actor), { action: "disclosure.accept", targetType: "disclosure", targetId: id, summary: `受理政府信息公开申请 ${a.caseNo}` });
    return { ok: true };
  });
}

const correctionNoticeInput = z.object({
  items: z.string().trim().min(5, "请一次性写明需要补正的全部事项").max(2000),
  periodWorkdays: z.number().int().min(1).max(60).default(15),
  at: atInput,
});

/**
 * 补正告知 (第三十条): once, within the profile's working days of receipt (a late notice is
 * recorded as late). The answer clock stops until the corrected application arrives.
 */
export async function requestCorrection(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(correctionNoticeInput, raw);
  return mutate(svc, actor, id, async (tx, a, cal) => {
    handles(actor, a);
    if (a.correction) throw new AppError("CONFLICT", "补正告知只能一次性作出，本申请已告知过补正。");
    if (a.status !== "received") throw new AppError("CONFLICT", "申请已进入办理，不能再告知补正。");
    const at = input.at ?? now();
    if (at > now() || at < a.receivedAt) throw new AppError("VALIDATION_FAILED", "告知日期应在收到申请之日与今天之间。");
    const rec = await finishStage(tx, cal, "disclosure", a.id, "correction_notice", at);
    const answer = await openStageDeadline(tx, "disclosure", a.id, "answer");
    await changeStage(tx, cal, "disclosure", a.id, "answer", { pauses: [...(answer?.pauses ?? []), { from: at.toISOString() }] });
    await openStage(tx, cal, { subjectType: "disclosure", subjectId: a.id, siteId: a.siteId, unitId: a.unitId, stage: "correction_wait", startAt: at, workdays: input.periodWorkdays });
    await tx.update(disclosureApplications).set({ status: "correction_requested", correction: { items: input.items, periodWorkdays: input.periodWorkdays, noticeAt: at.toISOString(), by: actor.realName }, updatedAt: now() }).where(eq(disclosureApplications.id, id));
    await addEvent(tx, { subjectType: "disclosure", subjectId: id, actorId: actor.userId, actorName: actor.realName, unitId: a.unitId, action: "correction_requested", summary: `一次性告知补正：${input.items}；请在 ${input.periodWorkdays} 个工作日内补正，答复期限自收到补正申请之日起重新计算${rec && rec.onTime === false ? "（告知已超过法定期限）" : ""}`, public: true, at });
    await recordAudit(tx, auditActorOf(actor), { action: "disclosure.correction.request", targetType: "disclosure", targetId: id, summary: `申请 ${a.caseNo} 告知补正${rec?.onTime === false ? "（超期）" : ""}` });
    return { ok: true, onTime: rec?.onTime ?? true };
  });
}

async function applyCorrection(svc: Services, id: string, at: Date, text: string, actorName: string, actor: Actor | null) {
  const cal = await svc.calendar();
  return svc.db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from ${disclosureApplications} where ${disclosureApplications.id} = ${id} for update`);
    const [a] = await tx.select().from(disclosureApplications).where(eq(disclosureApplications.id, id));
    if (!a || a.status !== "correction_requested" || !a.correction) throw new AppError("CONFLICT", "该申请当前不需要补正。");
    if (at < new Date(a.correction.noticeAt)) throw new AppError("VALIDATION_FAILED", "补正收到日期不能早于补正告知日期。");
    const answer = await openStageDeadline(tx, "disclosure", a.id, "answer");
    const pauses = (answer?.pauses ?? []).map((p) => (!p.to && p.from === a.correction!.noticeAt ? { from: p.from, to: at.toISOString() } : p));
    const d = await changeStage(tx, cal, "disclosure", a.id, "answer", { pauses, restartAt: at });
    await finishStage(tx, cal, "disclosure", a.id, "correction_wait", at);
    await tx.update(disclosureApplications).set({ status: "in_progress", correction: { ...a.correction, correctedAt: at.toISOString(), correctedText: text }, updatedAt: now() }).where(eq(disclosureApplications.id, id));
    await addEvent(tx, { subjectType: "disclosure", subjectId: id, actorId: actor?.userId, actorName, unitId: a.unitId, action: "corrected", summary: `收到补正后的申请，答复期限自 ${fmtDay(at)} 起重新计算，至 ${fmtDay(d?.dueAt)}`, public: true, at });
    if (actor) await recordAudit(tx, auditActorOf(actor), { action: "disclosure.correction.receive", targetType: "disclosure", targetId: id, summary: `登记申请 ${a.caseNo} 的补正，收到日期 ${fmtDay(at)}` });
    return { ok: true, answerDueAt: fmt(d?.dueAt) };
  });
}

/** The office records a correction received on paper or by post. */
export async function receiveCorrection(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(z.object({ text: z.string().trim().min(2, "请摘录补正内容").max(3000), at: atInput }), raw);
  const { a } = await scopeAndLoad(svc, actor, id);
  handles(actor, a);
  const at = input.at ?? now();
  if (at > now()) throw new AppError("VALIDATION_FAILED", "收到补正的日期不能晚于今天。");
  return applyCorrection(svc, id, at, input.text, actor.realName, actor);
}

const consultInput = z.object({ kind: z.enum(["third_party", "other_agency"]).default("third_party"), party: z.string().trim().min(2, "请填写征求意见的对象").max(200), at: atInput });

/**
 * 征求第三方意见 (第三十二条) or 其他机关意见: the third party has 15 working days; the time is not
 * counted in the answer period (第三十三条第二款) — a pause on the answer deadline.
 */
export async function startConsultation(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(consultInput, raw);
  return mutate(svc, actor, id, async (tx, a, cal) => {
    handles(actor, a);
    if (!["received", "in_progress"].includes(a.status)) throw new AppError("CONFLICT", "该申请当前不能征求意见。");
    const at = input.at ?? now();
    if (at > now() || at < a.receivedAt) throw new AppError("VALIDATION_FAILED", "征求意见日期应在收到申请之日与今天之间。");
    const [c] = await tx.insert(disclosureConsultations).values({ applicationId: id, kind: input.kind, party: input.party, sentAt: at, createdBy: actor.userId }).returning();
    const p = svc.profile.values.disclosure;
    const dl = await openStage(tx, cal, { subjectType: "disclosure_consultation", subjectId: c!.id, siteId: a.siteId, unitId: a.unitId, stage: "third_party", startAt: at, workdays: p.thirdPartyOpinionWorkdays });
    await tx.update(disclosureConsultations).set({ deadlineId: dl.id }).where(eq(disclosureConsultations.id, c!.id));
    if (!p.thirdPartyTimeCounted) {
      const answer = await openStageDeadline(tx, "disclosure", a.id, "answer");
      await changeStage(tx, cal, "disclosure", a.id, "answer", { pauses: [...(answer?.pauses ?? []), { from: at.toISOString() }] });
    }
    if (a.status === "received") await finishStage(tx, cal, "disclosure", a.id, "correction_notice", at);
    await tx.update(disclosureApplications).set({ status: "in_progress", updatedAt: now() }).where(eq(disclosureApplications.id, id));
    const who = input.kind === "third_party" ? "第三方" : "有关机关";
    await addEvent(tx, { subjectType: "disclosure", subjectId: id, actorId: actor.userId, actorName: actor.realName, unitId: a.unitId, action: "consultation_started", summary: `书面征求${who}意见（${input.party}），期限至 ${fmtDay(dl.dueAt)}；征求意见所需时间不计算在答复期限内`, public: true, at });
    await recordAudit(tx, auditActorOf(actor), { action: "disclosure.consult", targetType: "disclosure", targetId: id, summary: `申请 ${a.caseNo} 征求${who}意见：${input.party}` });
    return { consultation: { ...c!, deadlineId: dl.id }, dueAt: fmt(dl.dueAt) };
  });
}

const consultReplyInput = z.object({ result: z.enum(["agree", "disagree", "no_reply"], { message: "请选择第三方意见" }), opinion: z.string().trim().max(2000).optional(), at: atInput });

/** The third party answered (or its 15 working days passed): the answer clock runs again. */
export async function closeConsultation(svc: Services, actor: Actor | null, consultationId: string, raw: unknown) {
  const input = parse(consultReplyInput, raw);
  const [c] = await svc.db.select().from(disclosureConsultations).where(eq(disclosureConsultations.id, consultationId));
  if (!c) throw notFound("征求意见记录");
  const cal = await svc.calendar();
  return svc.db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from ${disclosureApplications} where ${disclosureApplications.id} = ${c.applicationId} for update`);
    const [a] = await tx.select().from(disclosureApplications).where(eq(disclosureApplications.id, c.applicationId));
    if (!a) throw notFound("政府信息公开申请");
    if (actor) handles(actor, a);
    const [fresh] = await tx.select().from(disclosureConsultations).where(eq(disclosureConsultations.id, consultationId));
    if (fresh!.repliedAt) throw new AppError("CONFLICT", "该征求意见已办结。");
    const at = input.at ?? now();
    if (at < c.sentAt || at > now()) throw new AppError("VALIDATION_FAILED", "回复日期应在发出征求意见之日与今天之间。");
    await tx.update(disclosureConsultations).set({ repliedAt: at, result: input.result, opinion: input.opinion ?? "" }).where(eq(disclosureConsultations.id, consultationId));
    await finishStage(tx, cal, "disclosure_consultation", c.id, "third_party", at);
    const answer = await openStageDeadline(tx, "disclosure", a.id, "answer");
    if (answer) {
      const pauses = answer.pauses.map((p) => (!p.to && p.from === c.sentAt.toISOString() ? { from: p.from, to: at.toISOString() } : p));
      await changeStage(tx, cal, "disclosure", a.id, "answer", { pauses });
    }
    const label = { agree: "同意公开", disagree: "不同意公开", no_reply: "逾期未提出意见" }[input.result];
    await addEvent(tx, { subjectType: "disclosure", subjectId: a.id, actorId: actor?.userId, actorName: actor?.realName ?? "系统", unitId: a.unitId, action: "consultation_closed", summary: `${c.party}：${label}；答复期限恢复计算`, public: true, at });
    if (actor) await recordAudit(tx, auditActorOf(actor), { action: "disclosure.consult.close", targetType: "disclosure", targetId: a.id, summary: `申请 ${a.caseNo} 征求意见结果：${label}` });
    const after = await openStageDeadline(tx, "disclosure", a.id, "answer");
    return { ok: true, answerDueAt: fmt(after?.dueAt) };
  });
}

const extensionInput = z.object({ workdays: z.number().int().min(1, "延期至少 1 个工作日"), reason: z.string().trim().min(2, "请填写延期理由").max(1000) });

/** The handler asks for the one extension 第三十三条 allows (at most the profile's working days). */
export async function requestApplicationExtension(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(extensionInput, raw);
  const max = svc.profile.values.disclosure.extensionWorkdays;
  return mutate(svc, actor, id, async (tx, a) => {
    handles(actor, a);
    if (a.extension) throw new AppError("CONFLICT", "答复期限只能延长一次，本申请已延期。");
    if (input.workdays > max) throw new AppError("VALIDATION_FAILED", `延长的期限最长不得超过 ${max} 个工作日。`, { issues: [{ path: "workdays", message: `不超过 ${max} 个工作日` }] });
    if (!["received", "in_progress", "answer_review"].includes(a.status)) throw new AppError("CONFLICT", "该申请当前不能延期。");
    const pending = await tx.select().from(extensionRequests).where(and(eq(extensionRequests.subjectType, "disclosure"), eq(extensionRequests.subjectId, id), eq(extensionRequests.status, "pending")));
    if (pending.length) throw new AppError("CONFLICT", "已有待审批的延期申请。");
    const at = now();
    const [r] = await tx.insert(extensionRequests).values({ subjectType: "disclosure", subjectId: id, unitId: a.unitId, workdays: input.workdays, reason: input.reason, requestedBy: actor.userId, requestedAt: at }).returning();
    await addEvent(tx, { subjectType: "disclosure", subjectId: id, actorId: actor.userId, actorName: actor.realName, unitId: a.unitId, action: "extension_requested", summary: `申请延长答复期限 ${input.workdays} 个工作日：${input.reason}`, at });
    await recordAudit(tx, auditActorOf(actor), { action: "disclosure.extension.request", targetType: "disclosure", targetId: id, summary: `申请 ${a.caseNo} 申请延期 ${input.workdays} 个工作日` });
    return { request: r! };
  });
}

/**
 * 延期 (第三十三条): agreed by the head of the disclosure office (a leader of the unit, not the
 * requester) and notified to the applicant (a public history entry the query code shows).
 */
export async function decideApplicationExtension(svc: Services, actor: Actor, requestId: string, raw: unknown) {
  const input = parse(z.object({ approve: z.boolean(), note: z.string().trim().max(500).optional() }), raw);
  const [r] = await svc.db.select().from(extensionRequests).where(and(eq(extensionRequests.id, requestId), eq(extensionRequests.subjectType, "disclosure")));
  if (!r) throw notFound("延期申请");
  return mutate(svc, actor, r.subjectId, async (tx, a, cal) => {
    if (!isUnitLeader(actor, a.unitId)) throw forbidden("延长答复期限须经政府信息公开工作机构负责人（本单位审核级别二级及以上人员）同意。");
    if (r.requestedBy === actor.userId) throw forbidden("不能审批本人提出的延期申请。");
    if (r.status !== "pending") throw new AppError("CONFLICT", "该延期申请已审批。");
    if (a.extension) throw new AppError("CONFLICT", "答复期限只能延长一次，本申请已延期。");
    const at = now();
    await tx.update(extensionRequests).set({ status: input.approve ? "approved" : "rejected", decidedBy: actor.userId, decidedAt: at, decisionNote: input.note ?? null }).where(eq(extensionRequests.id, r.id));
    if (!input.approve) {
      await addEvent(tx, { subjectType: "disclosure", subjectId: a.id, actorId: actor.userId, actorName: actor.realName, unitId: a.unitId, action: "extension_refused", summary: `延期申请未获同意${input.note ? `：${input.note}` : ""}`, at });
      await recordAudit(tx, auditActorOf(actor), { action: "disclosure.extension.reject", targetType: "disclosure", targetId: a.id, summary: `不同意申请 ${a.caseNo} 延期` });
      return { ok: true, approved: false };
    }
    const answer = await openStageDeadline(tx, "disclosure", a.id, "answer");
    if (!answer) throw new AppError("CONFLICT", "该申请没有进行中的答复期限。");
    if (answer.dueAt && answer.dueAt < at) throw new AppError("CONFLICT", "答复期限已过，不能再延期。");
    const d = await changeStage(tx, cal, "disclosure", a.id, "answer", { workdays: answer.workdays + r.workdays });
    const notice = `经本机关政府信息公开工作机构负责人同意，答复期限延长 ${r.workdays} 个工作日${d?.dueAt ? `，至 ${fmtDay(d.dueAt)}` : ""}。理由：${r.reason}`;
    await tx.update(disclosureApplications).set({ extension: { workdays: r.workdays, reason: r.reason, approvedBy: actor.realName, approvedAt: at.toISOString(), notice }, updatedAt: at }).where(eq(disclosureApplications.id, a.id));
    await addEvent(tx, { subjectType: "disclosure", subjectId: a.id, actorId: actor.userId, actorName: actor.realName, unitId: a.unitId, action: "extended", summary: notice, public: true, at });
    await recordAudit(tx, auditActorOf(actor), { action: "disclosure.extension.approve", targetType: "disclosure", targetId: a.id, summary: `同意申请 ${a.caseNo} 延长答复期限 ${r.workdays} 个工作日` });
    return { ok: true, approved: true, answerDueAt: fmt(d?.dueAt), notice };
  });
}

const answerInput = z.object({
  outcome: z.enum(keys(OUTCOMES), { message: "请选择办理结果" }),
  reason: z.string().trim().optional(),
  text: z.string().trim().min(10, "答复内容不少于 10 个字").max(20000),
});

/** The answer, with its result type and reason as in the annual-report table, goes to review. */
export async function draftAnswer(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(answerInput, raw);
  const reasons = OUTCOMES[input.outcome].reasons as readonly string[];
  if (reasons.length && !reasons.includes(input.reason ?? "")) throw new AppError("VALIDATION_FAILED", `“${OUTCOMES[input.outcome].name}”须选择具体情形。`, { issues: [{ path: "reason", message: `请从：${reasons.join("；")} 中选择` }] });
  if (!reasons.length && input.reason) throw new AppError("VALIDATION_FAILED", `“${OUTCOMES[input.outcome].name}”无需选择情形。`);
  return mutate(svc, actor, id, async (tx, a) => {
    handles(actor, a);
    if (!["received", "in_progress", "answer_review", "correction_requested"].includes(a.status)) throw new AppError("CONFLICT", "该申请已答复。");
    if (a.status === "correction_requested" && !(input.outcome === "other" && input.reason === OUTCOMES.other.reasons[0])) throw new AppError("CONFLICT", "申请人尚未补正：只能按“申请人无正当理由逾期不补正”办结。");
    const open = await tx.select().from(disclosureConsultations).where(and(eq(disclosureConsultations.applicationId, id), isNull(disclosureConsultations.repliedAt)));
    if (open.length) throw new AppError("CONFLICT", "尚有征求意见未办结，请先登记意见结果。");
    const at = now();
    await tx.update(disclosureApplications).set({ status: "answer_review", outcome: input.outcome, outcomeReason: input.reason ?? null, answerText: input.text, answerDraftedBy: actor.userId, answerDraftedAt: at, updatedAt: at }).where(eq(disclosureApplications.id, id));
    await addEvent(tx, { subjectType: "disclosure", subjectId: id, actorId: actor.userId, actorName: actor.realName, unitId: a.unitId, action: "answer_drafted", summary: `拟答复：${OUTCOMES[input.outcome].name}${input.reason ? `（${input.reason}）` : ""}，送负责人审定`, at });
    await recordAudit(tx, auditActorOf(actor), { action: "disclosure.answer.draft", targetType: "disclosure", targetId: id, summary: `申请 ${a.caseNo} 拟答复：${OUTCOMES[input.outcome].name}` });
    return { ok: true };
  });
}

/** The unit's leader signs the answer; it is sent and the answer stage ends (on time or late). */
export async function approveAnswer(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(z.object({ approve: z.boolean(), note: z.string().trim().max(1000).optional() }), raw);
  return mutate(svc, actor, id, async (tx, a, cal) => {
    if (!isUnitLeader(actor, a.unitId)) throw forbidden("答复须由本单位负责人（审核级别二级及以上）审定。");
    if (a.status !== "answer_review") throw new AppError("CONFLICT", "该申请没有待审定的答复。");
    if (a.answerDraftedBy === actor.userId) throw forbidden("答复起草人不能审定自己的答复。");
    const at = now();
    if (!input.approve) {
      await tx.update(disclosureApplications).set({ status: "in_progress", updatedAt: at }).where(eq(disclosureApplications.id, id));
      await addEvent(tx, { subjectType: "disclosure", subjectId: id, actorId: actor.userId, actorName: actor.realName, unitId: a.unitId, action: "answer_returned", summary: `负责人退回答复：${input.note ?? ""}`, at });
      await recordAudit(tx, auditActorOf(actor), { action: "disclosure.answer.return", targetType: "disclosure", targetId: id, summary: `退回申请 ${a.caseNo} 的答复` });
      return { ok: true, answered: false };
    }
    const rec = await finishStage(tx, cal, "disclosure", a.id, "answer", at);
    await finishStage(tx, cal, "disclosure", a.id, "correction_notice", at);
    await finishStage(tx, cal, "disclosure", a.id, "correction_wait", at);
    await tx.update(disclosureApplications).set({ status: "answered", answeredAt: at, answerApprovedBy: actor.userId, updatedAt: at }).where(eq(disclosureApplications.id, id));
    await addEvent(tx, { subjectType: "disclosure", subjectId: id, actorId: actor.userId, actorName: actor.realName, unitId: a.unitId, action: "answered", summary: `已答复：${OUTCOMES[a.outcome as Outcome].name}${a.outcomeReason ? `（${a.outcomeReason}）` : ""}`, public: true, at });
    await recordAudit(tx, auditActorOf(actor), { action: "disclosure.answer.approve", targetType: "disclosure", targetId: id, summary: `审定并答复申请 ${a.caseNo}${rec?.onTime === false ? "（超过答复期限）" : ""}` });
    return { ok: true, answered: true, onTime: rec?.onTime ?? true, workdaysTaken: rec?.workdaysTaken ?? null };
  });
}

export async function recordDelivery(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(z.object({ note: z.string().trim().min(2, "请填写送达方式和凭证（如邮件回执号）").max(500), at: atInput }), raw);
  return mutate(svc, actor, id, async (tx, a) => {
    handles(actor, a);
    if (a.status !== "answered") throw new AppError("CONFLICT", "答复后才能登记送达。");
    const at = input.at ?? now();
    await tx.update(disclosureApplications).set({ deliveredAt: at, deliveryNote: input.note, updatedAt: now() }).where(eq(disclosureApplications.id, id));
    await addEvent(tx, { subjectType: "disclosure", subjectId: id, actorId: actor.userId, actorName: actor.realName, unitId: a.unitId, action: "delivered", summary: `答复已送达：${input.note}`, public: true, at });
    await recordAudit(tx, auditActorOf(actor), { action: "disclosure.deliver", targetType: "disclosure", targetId: id, summary: `登记申请 ${a.caseNo} 答复送达` });
    return { ok: true };
  });
}

// ------------------------------------------------------------------ annual report, table 三

/**
 * 年度报告表三「收到和处理政府信息公开申请情况」for one year, for the units in the actor's
 * scope (or one unit). Columns: 自然人, the five kinds of 法人或其他组织, 总计. The balance
 * 一 + 二 = 三(七) + 四 holds per column by construction; `checks` says so.
 */
export async function annualTable(svc: Services, actor: Actor, raw: unknown) {
  const q = parse(z.object({ year: z.coerce.number().int().min(2019).max(2100), unitId: z.string().uuid().optional() }), raw);
  const scope = await interactionScope(svc.db, actor);
  const start = new Date(`${q.year}-01-01T00:00:00+08:00`);
  const end = new Date(`${q.year + 1}-01-01T00:00:00+08:00`);
  const rows = await svc.db
    .select({ applicantType: disclosureApplications.applicantType, receivedAt: disclosureApplications.receivedAt, answeredAt: disclosureApplications.answeredAt, outcome: disclosureApplications.outcome, outcomeReason: disclosureApplications.outcomeReason })
    .from(disclosureApplications)
    .where(and(visibility(scope), q.unitId ? eq(disclosureApplications.unitId, q.unitId) : undefined, lt(disclosureApplications.receivedAt, end), or(isNull(disclosureApplications.answeredAt), gte(disclosureApplications.answeredAt, start))));
  const cols = Object.keys(APPLICANT_TYPES) as Array<keyof typeof APPLICANT_TYPES>;
  const zero = () => Object.fromEntries([...cols, "total"].map((c) => [c, 0])) as Record<string, number>;
  const add = (r: Record<string, number>, col: string) => {
    r[col] = (r[col] ?? 0) + 1;
    r.total = (r.total ?? 0) + 1;
  };
  const table = {
    newThisYear: zero(),
    carriedOver: zero(),
    results: Object.fromEntries(Object.entries(OUTCOMES).map(([k, o]) => [k, o.reasons.length ? Object.fromEntries(o.reasons.map((r) => [r, zero()])) : zero()])) as Record<string, Record<string, number> | Record<string, Record<string, number>>>,
    resultsTotal: zero(),
    carriedForward: zero(),
  };
  for (const r of rows) {
    const col = r.applicantType;
    if (r.receivedAt >= start) add(table.newThisYear, col);
    else add(table.carriedOver, col);
    if (r.answeredAt && r.answeredAt < end && r.outcome) {
      const o = OUTCOMES[r.outcome as Outcome];
      const cell = o.reasons.length ? (table.results[r.outcome] as Record<string, Record<string, number>>)[r.outcomeReason ?? ""] : (table.results[r.outcome] as Record<string, number>);
      if (cell) add(cell as Record<string, number>, col);
      add(table.resultsTotal, col);
    } else add(table.carriedForward, col);
  }
  const balanced = [...cols, "total"].every((c) => (table.newThisYear[c] ?? 0) + (table.carriedOver[c] ?? 0) === (table.resultsTotal[c] ?? 0) + (table.carriedForward[c] ?? 0));
  return { year: q.year, columns: { ...APPLICANT_TYPES, total: "总计" }, table, outcomes: OUTCOMES, checks: { 收办平衡: balanced } };
}

/** The rows of table 三 in the order of the annual-report format, each with its cells per column. */
export function annualTableRows(t: Awaited<ReturnType<typeof annualTable>>) {
  const cols = Object.keys(t.columns);
  const cells = (r: Record<string, number> | undefined) => cols.map((c) => r?.[c] ?? 0);
  const rows: Array<{ label: string; level: number; cells: number[] }> = [
    { label: "一、本年新收政府信息公开申请数量", level: 0, cells: cells(t.table.newThisYear) },
    { label: "二、上年结转政府信息公开申请数量", level: 0, cells: cells(t.table.carriedOver) },
    { label: "三、本年度办理结果", level: 0, cells: [] },
  ];
  OUTCOME_ORDER.forEach((k, i) => {
    const o = OUTCOMES[k];
    const cell = t.table.results[k];
    if (!o.reasons.length) rows.push({ label: `${OUTCOME_NUMERALS[i]}${o.name}`, level: 1, cells: cells(cell as Record<string, number>) });
    else {
      rows.push({ label: `${OUTCOME_NUMERALS[i]}${o.name}`, level: 1, cells: [] });
      o.reasons.forEach((r, j) => rows.push({ label: `${j + 1}．${r}`, level: 2, cells: cells((cell as Record<string, Record<string, number>>)[r]) }));
    }
  });
  rows.push({ label: "（七）总计", level: 1, cells: cells(t.table.resultsTotal) });
  rows.push({ label: "四、结转下年度继续办理", level: 0, cells: cells(t.table.carriedForward) });
  return rows;
}

/** 表三 as an Excel workbook, laid out as in the annual-report format. */
export async function annualTableWorkbook(svc: Services, actor: Actor, raw: unknown) {
  const t = await annualTable(svc, actor, raw);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${t.year}年表三`);
  ws.addRow([`${t.year}年度 收到和处理政府信息公开申请情况`]).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, 8);
  ws.addRow(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]);
  ws.mergeCells(2, 2, 2, 8);
  ws.addRow(["", "自然人", "法人或其他组织", "", "", "", "", "总计"]);
  ws.mergeCells(3, 3, 3, 7);
  ws.addRow(["", "", ...Object.values(t.columns).slice(1, 6), ""]).font = { bold: true };
  ws.mergeCells(2, 1, 4, 1);
  ws.mergeCells(3, 2, 4, 2);
  ws.mergeCells(3, 8, 4, 8);
  for (const r of annualTableRows(t)) {
    const row = ws.addRow([`${"　".repeat(r.level * 2)}${r.label}`, ...r.cells]);
    if (r.level === 0) row.font = { bold: true };
  }
  ws.addRow([]);
  ws.addRow([t.checks.收办平衡 ? "勾稽关系核对：一 + 二 = 三（七）+ 四，各列均平衡。" : "勾稽关系核对：存在不平衡的列，请核查。"]);
  ws.getColumn(1).width = 56;
  for (let c = 2; c <= 8; c++) ws.getColumn(c).width = 12;
  return { year: t.year, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}

export async function disclosureUnits(svc: Services, siteCode: string) {
  await siteByCode(svc.db, siteCode);
  const rows = await svc.db.select({ id: units.id, name: units.name }).from(units).orderBy(units.sort, units.name);
  return { units: rows, applicantTypes: APPLICANT_TYPES, forms: FORMS, deliveries: DELIVERIES };
}

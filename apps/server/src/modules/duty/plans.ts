// 应急预案 (documents kept through the media module) and 应急演练 records.
import { desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { isIsoDate } from "@govsite/calendar";
import type { Services } from "../../services.ts";
import type { DbOrTx } from "../../db/client.ts";
import { dutyDrills, dutyPlans, media, users } from "../../db/schema.ts";
import { AppError, notFound } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { now, shanghaiToday } from "../../lib/clock.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, type Actor } from "../accounts/roles.ts";
import { uploadMedia } from "../media/media.ts";
import { requireDutyManage, requireDutyRead, requireDutyWrite } from "./common.ts";

const isoDate = (msg: string) => z.string().refine(isIsoDate, msg);
const mediaIds = z.array(z.string().uuid("附件编号格式不正确")).max(20, "附件最多 20 个").default([]);

async function checkMedia(db: DbOrTx, ids: string[]) {
  if (!ids.length) return [];
  const rows = await db.select({ id: media.id, originalName: media.originalName, size: media.size, ext: media.ext, scan: media.scan }).from(media).where(inArray(media.id, ids));
  if (rows.length !== new Set(ids).size) throw new AppError("VALIDATION_FAILED", "有附件不存在，请重新上传。", { issues: [{ path: "mediaIds", message: "附件不存在" }] });
  return ids.map((id) => rows.find((r) => r.id === id)!);
}

/**
 * Uploads a plan or drill document through the media module (type sniffing, size limit, virus
 * scan and audit are its own), by those who may write duty records.
 */
export function uploadDutyDocument(svc: Services, actor: Actor, file: { filename: string; bytes: Buffer; truncated?: boolean }) {
  return uploadMedia(svc, actor, file, requireDutyWrite);
}

const planInput = z.object({
  title: z.string().trim().min(2, "请填写预案名称").max(100, "预案名称不超过 100 字"),
  scope: z.string().trim().max(500, "适用范围不超过 500 字").default(""),
  summary: z.string().trim().max(5000, "主要内容不超过 5000 字").default(""),
  version: z.string().trim().max(30).default(""),
  approvedOn: isoDate("印发日期格式为 年-月-日").nullish(),
  mediaIds,
});

export async function listPlans(svc: Services, actor: Actor) {
  requireDutyRead(actor);
  const plans = await svc.db.select().from(dutyPlans).orderBy(desc(dutyPlans.updatedAt));
  const drills = await svc.db.select({ planId: dutyDrills.planId, heldOn: dutyDrills.heldOn }).from(dutyDrills);
  const year = shanghaiToday().slice(0, 4);
  return plans.map((p) => {
    const mine = drills.filter((d) => d.planId === p.id).map((d) => d.heldOn).sort();
    return { ...p, drills: mine.length, lastDrillOn: mine[mine.length - 1] ?? null, drilledThisYear: mine.some((d) => d.startsWith(year)) };
  });
}

export async function getPlan(svc: Services, actor: Actor, id: string) {
  requireDutyRead(actor);
  const [p] = await svc.db.select().from(dutyPlans).where(eq(dutyPlans.id, id));
  if (!p) throw notFound("应急预案");
  const drills = await svc.db
    .select({ drill: dutyDrills, by: users.realName })
    .from(dutyDrills)
    .innerJoin(users, eq(users.id, dutyDrills.createdBy))
    .where(eq(dutyDrills.planId, id))
    .orderBy(desc(dutyDrills.heldOn));
  const allMedia = [...p.mediaIds, ...drills.flatMap((d) => d.drill.mediaIds)];
  const files = allMedia.length ? await svc.db.select({ id: media.id, originalName: media.originalName, size: media.size, ext: media.ext }).from(media).where(inArray(media.id, allMedia)) : [];
  const fileOf = (ids: string[]) => ids.flatMap((i) => files.filter((f) => f.id === i));
  return { ...p, files: fileOf(p.mediaIds), drills: drills.map((d) => ({ ...d.drill, by: d.by, files: fileOf(d.drill.mediaIds) })) };
}

export async function createPlan(svc: Services, actor: Actor, raw: unknown) {
  requireDutyManage(actor);
  const input = parse(planInput, raw);
  return svc.db.transaction(async (tx) => {
    await checkMedia(tx, input.mediaIds);
    const [p] = await tx.insert(dutyPlans).values({ ...input, approvedOn: input.approvedOn ?? null, createdBy: actor.userId }).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "duty.plan.create", targetType: "duty_plan", targetId: p!.id, summary: `新建应急预案：${p!.title}`, after: input });
    return p!;
  });
}

export async function updatePlan(svc: Services, actor: Actor, id: string, raw: unknown) {
  requireDutyManage(actor);
  const input = parse(planInput.partial(), raw);
  return svc.db.transaction(async (tx) => {
    const [before] = await tx.select().from(dutyPlans).where(eq(dutyPlans.id, id));
    if (!before) throw notFound("应急预案");
    if (input.mediaIds) await checkMedia(tx, input.mediaIds);
    const [p] = await tx.update(dutyPlans).set({ ...input, updatedAt: now() }).where(eq(dutyPlans.id, id)).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "duty.plan.update", targetType: "duty_plan", targetId: id, summary: `修改应急预案：${p!.title}`, before, after: p });
    return p!;
  });
}

const drillInput = z.object({
  heldOn: isoDate("演练日期格式为 年-月-日"),
  scenario: z.string().trim().min(2, "请填写演练情景").max(2000, "演练情景不超过 2000 字"),
  participants: z.string().trim().max(1000, "参演人员不超过 1000 字").default(""),
  outcome: z.string().trim().max(5000, "演练效果不超过 5000 字").default(""),
  problems: z.string().trim().max(5000, "发现的问题不超过 5000 字").default(""),
  mediaIds,
});

export async function recordDrill(svc: Services, actor: Actor, planId: string, raw: unknown) {
  requireDutyWrite(actor);
  const input = parse(drillInput, raw);
  if (input.heldOn > shanghaiToday()) throw new AppError("VALIDATION_FAILED", "演练日期不能晚于今天；计划中的演练请在演练后登记。", { issues: [{ path: "heldOn", message: "不能晚于今天" }] });
  return svc.db.transaction(async (tx) => {
    const [p] = await tx.select().from(dutyPlans).where(eq(dutyPlans.id, planId));
    if (!p) throw notFound("应急预案");
    await checkMedia(tx, input.mediaIds);
    const [d] = await tx.insert(dutyDrills).values({ ...input, planId, createdBy: actor.userId }).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "duty.drill.create", targetType: "duty_drill", targetId: d!.id, summary: `登记应急演练：${p.title}（${input.heldOn}）`, after: input });
    return d!;
  });
}

// Organisational units (单位) as a tree.
import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { sites, units, users } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { AppError, notFound } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, require, type Actor } from "../accounts/roles.ts";

export const UNIT_TYPES = {
  government_office: "政府办公室",
  egov_center: "电子政务中心",
  department: "政府部门",
  township: "乡镇",
  street: "街道",
  institution: "事业单位",
} as const;

const unitInput = z.object({
  parentId: z.string().uuid().nullish(),
  name: z.string().trim().min(2, "请填写单位全称").max(60),
  shortName: z.string().trim().min(1, "请填写单位简称").max(20),
  type: z.enum(Object.keys(UNIT_TYPES) as [keyof typeof UNIT_TYPES], { message: "请选择单位类型" }),
  code: z
    .string()
    .trim()
    .regex(/^([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}|\d{9}|[0-9A-Z]{9})$/, "请填写 18 位统一社会信用代码或 9 位组织机构代码"),
  leader: z.string().trim().max(30).default(""),
  phone: z.string().trim().max(40).default(""),
  address: z.string().trim().max(100).default(""),
  sort: z.number().int().default(0),
});

export async function listUnits(svc: Services) {
  return svc.db.select().from(units).orderBy(asc(units.sort), asc(units.name));
}

async function checkParent(svc: Services, id: string | null, parentId: string | null | undefined) {
  if (!parentId) return;
  // Walk up from the new parent: meeting the unit itself would make a cycle.
  let cur: string | null = parentId;
  for (let i = 0; cur && i < 100; i++) {
    if (cur === id) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "parentId", message: "上级单位不能是本单位或其下级单位" }] });
    const [row]: Array<{ parentId: string | null }> = await svc.db.select({ parentId: units.parentId }).from(units).where(eq(units.id, cur));
    if (!row) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "parentId", message: "上级单位不存在" }] });
    cur = row.parentId;
  }
}

async function nameTaken(svc: Services, name: string, exceptId?: string) {
  const [row] = await svc.db.select({ id: units.id }).from(units).where(eq(units.name, name));
  return !!row && row.id !== exceptId;
}

export async function createUnit(svc: Services, actor: Actor, raw: unknown) {
  require(actor, "unit.manage");
  const input = parse(unitInput, raw);
  await checkParent(svc, null, input.parentId);
  if (await nameTaken(svc, input.name)) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "name", message: "已存在同名单位" }] });
  return svc.db.transaction(async (tx) => {
    const [u] = await tx.insert(units).values({ ...input, parentId: input.parentId ?? null }).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "unit.create", targetType: "unit", targetId: u!.id, summary: `新建单位：${u!.name}`, after: u });
    return u!;
  });
}

export async function updateUnit(svc: Services, actor: Actor, id: string, raw: unknown) {
  require(actor, "unit.manage");
  const input = parse(unitInput.partial(), raw);
  const [before] = await svc.db.select().from(units).where(eq(units.id, id));
  if (!before) throw notFound("单位");
  if (input.parentId !== undefined) await checkParent(svc, id, input.parentId);
  if (input.name && (await nameTaken(svc, input.name, id))) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "name", message: "已存在同名单位" }] });
  return svc.db.transaction(async (tx) => {
    const [after] = await tx.update(units).set(input).where(eq(units.id, id)).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "unit.update", targetType: "unit", targetId: id, summary: `修改单位：${before.name}`, before, after });
    return after!;
  });
}

export async function deleteUnit(svc: Services, actor: Actor, id: string) {
  require(actor, "unit.manage");
  const [before] = await svc.db.select().from(units).where(eq(units.id, id));
  if (!before) throw notFound("单位");
  const count = async (q: Promise<Array<{ n: number }>>) => (await q)[0]?.n ?? 0;
  const n = sql<number>`count(*)::int`;
  const children = await count(svc.db.select({ n }).from(units).where(eq(units.parentId, id)));
  const people = await count(svc.db.select({ n }).from(users).where(eq(users.unitId, id)));
  const owned = await count(svc.db.select({ n }).from(sites).where(eq(sites.ownerUnitId, id)));
  if (children || people || owned) {
    throw new AppError("CONFLICT", `该单位下还有 ${children} 个下级单位、${people} 个账号、${owned} 个站点，请先调整后再删除。`);
  }
  await svc.db.transaction(async (tx) => {
    await tx.delete(units).where(eq(units.id, id));
    await recordAudit(tx, auditActorOf(actor), { action: "unit.delete", targetType: "unit", targetId: id, summary: `删除单位：${before.name}`, before });
  });
}

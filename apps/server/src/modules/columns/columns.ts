// Columns (栏目) of each site as a tree, the 栏目设置管理清单, and column change requests:
// a unit's site administrator asks, the supervising office (监管员) decides (石柱 第十三条).
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { pinyin } from "pinyin-pro";
import ExcelJS from "exceljs";
import { columnRequests, columns, sites, units, users } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import type { DbOrTx } from "../../db/client.ts";
import { AppError, forbidden, notFound } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { now, shanghaiText } from "../../lib/clock.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, can, require, scopeOf, type Actor } from "../accounts/roles.ts";

/** National column types (ColumnType meta values, standards.md §1.4) plus common local ones. */
export const COLUMN_TYPES = [
  "首页", "概况信息", "机构职能", "负责人信息", "工作动态", "政务要闻", "通知公告", "政策文件", "政策解读",
  "信息公开指南", "信息公开目录", "信息公开年报", "依法申请公开", "数据发布", "数据开放", "统计数据",
  "人事信息", "规划计划", "回应关切", "办事服务", "咨询投诉", "征集调查", "在线访谈", "互动交流", "专题专栏", "其他",
] as const;

const columnFields = {
  parentId: z.string().uuid().nullish(),
  name: z.string().trim().min(1, "请填写栏目名称").max(30, "栏目名称不超过 30 个字"),
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,40}$/, "目录名只能由小写字母、数字和连字符组成")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  columnType: z.string().refine((v) => (COLUMN_TYPES as readonly string[]).includes(v), "请选择国家规范的栏目类型"),
  category: z.string().min(1, "请选择栏目分类"),
  responsibleUnitId: z.string().uuid("请选择责任单位"),
  responsibleUserId: z.string().uuid().nullish(),
  description: z.string().trim().max(200, "栏目说明不超过 200 字").default(""),
  keywords: z.array(z.string().trim().min(1).max(20)).max(10, "关键词不超过 10 个").default([]),
  // A link-out column points to another system (https://…) or to a page of this site outside the
  // column tree, such as the interaction forms (/hd/…), given as a path from the site's root.
  externalUrl: z
    .string()
    .trim()
    .max(500, "外链地址不超过 500 个字符")
    .refine((u) => (/^https?:\/\//i.test(u) ? URL.canParse(u) : /^\/(?!\/)[^\s<>"]*$/.test(u)), "外链地址须为 http:// 或 https:// 开头的完整网址，或以 / 开头的站内路径")
    .nullish()
    .or(z.literal("").transform(() => null)),
  sort: z.number().int().optional(),
};
export const columnInput = z.object(columnFields);
export const columnPatch = z.object(columnFields).partial();

type ColumnRow = typeof columns.$inferSelect;

export function categoriesOf(svc: Services) {
  return svc.profile.values.columns.categories as Array<{ key: string; name: string; intervalDays: number | null; dueSoonDays?: number }>;
}

export function columnMeta(svc: Services) {
  return { columnTypes: [...COLUMN_TYPES], categories: categoriesOf(svc).map((c) => ({ key: c.key, name: c.name, intervalDays: c.intervalDays })) };
}

/** A directory name from the column's name: initials of its pinyin (政务要闻 → zwyw). */
export function slugFor(name: string): string {
  const initials = pinyin(name, { pattern: "first", toneType: "none", type: "array", nonZh: "consecutive" })
    .join("")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
  return initials || "lm";
}

/**
 * Top-level directory names the publisher and the public server use themselves (catalogue pages,
 * service guides, search, assets, attachments, the public API, the traditional-script copy).
 */
export const RESERVED_TOP_SLUGS = new Set(["assets", "zh-hant", "xxgk", "bsfw", "search", "files", "api", "hd", "uploads"]);

async function uniqueSlug(db: DbOrTx, siteId: string, parentId: string | null, base: string, exceptId?: string) {
  const rows = await db
    .select({ id: columns.id, slug: columns.slug })
    .from(columns)
    .where(and(eq(columns.siteId, siteId), parentId ? eq(columns.parentId, parentId) : isNull(columns.parentId)));
  const taken = new Set(rows.filter((r) => r.id !== exceptId).map((r) => r.slug));
  if (!parentId) for (const r of RESERVED_TOP_SLUGS) taken.add(r);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

async function loadColumn(db: DbOrTx, id: string) {
  const [c] = await db.select().from(columns).where(eq(columns.id, id));
  if (!c) throw notFound("栏目");
  return c;
}

function ensureRead(actor: Actor, siteId: string) {
  if (!can(actor, "column.read", siteId)) throw notFound("站点");
}

export async function listColumns(svc: Services, actor: Actor, siteId: string) {
  ensureRead(actor, siteId);
  const cats = new Map(categoriesOf(svc).map((c) => [c.key, c]));
  const rows = await svc.db
    .select({ c: columns, unitName: units.name, userName: users.realName })
    .from(columns)
    .innerJoin(units, eq(units.id, columns.responsibleUnitId))
    .leftJoin(users, eq(users.id, columns.responsibleUserId))
    .where(eq(columns.siteId, siteId))
    .orderBy(asc(columns.sort), asc(columns.createdAt));
  return rows.map((r) => ({
    ...r.c,
    responsibleUnitName: r.unitName,
    responsibleUserName: r.userName,
    categoryName: cats.get(r.c.category)?.name ?? r.c.category,
    intervalDays: cats.get(r.c.category)?.intervalDays ?? null,
  }));
}

async function checkRefs(svc: Services, db: DbOrTx, siteId: string, input: Partial<z.output<typeof columnInput>>, selfId?: string) {
  const issues: Array<{ path: string; message: string }> = [];
  if (input.category !== undefined && !categoriesOf(svc).some((c) => c.key === input.category)) issues.push({ path: "category", message: "栏目分类不在当前规则配置中" });
  if (input.parentId) {
    const [p] = await db.select().from(columns).where(eq(columns.id, input.parentId));
    if (!p || p.siteId !== siteId) issues.push({ path: "parentId", message: "上级栏目不属于该站点" });
    else if (selfId) {
      // Refuse moving a column under itself or one of its descendants.
      let cur: string | null = p.id;
      for (let i = 0; cur && i < 50; i++) {
        if (cur === selfId) {
          issues.push({ path: "parentId", message: "不能移动到本栏目或其下级栏目之下" });
          break;
        }
        const [row]: Array<{ parentId: string | null }> = await db.select({ parentId: columns.parentId }).from(columns).where(eq(columns.id, cur));
        cur = row?.parentId ?? null;
      }
    }
  }
  if (input.responsibleUnitId) {
    const [u] = await db.select({ id: units.id }).from(units).where(eq(units.id, input.responsibleUnitId));
    if (!u) issues.push({ path: "responsibleUnitId", message: "责任单位不存在" });
  }
  if (input.responsibleUserId) {
    const [u] = await db.select({ status: users.status }).from(users).where(eq(users.id, input.responsibleUserId));
    if (!u) issues.push({ path: "responsibleUserId", message: "责任人不存在" });
    else if (u.status === "disabled") issues.push({ path: "responsibleUserId", message: "责任人账号已停用" });
  }
  if (issues.length) throw new AppError("VALIDATION_FAILED", undefined, { issues });
}

type Outcome<T> = { applied: true; column: T } | { applied: false; request: typeof columnRequests.$inferSelect };

/**
 * Who may change columns directly: the supervising office (column.manage). A site's administrator
 * files a request instead (column.request), which the office approves.
 */
function mode(actor: Actor, siteId: string): "direct" | "request" {
  if (can(actor, "column.manage", siteId)) return "direct";
  if (can(actor, "column.request", siteId)) return "request";
  throw forbidden("您无权调整该站点的栏目。");
}

async function fileRequest(svc: Services, actor: Actor, siteId: string, action: string, columnId: string | null, payload: Record<string, unknown>, reason: string) {
  return svc.db.transaction(async (tx) => {
    const [r] = await tx.insert(columnRequests).values({ siteId, action, columnId, payload, reason: reason || "（未说明）", requestedBy: actor.userId }).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "column.request", targetType: "column_request", targetId: r!.id, summary: `提交栏目调整申请（${ACTION_NAMES[action] ?? action}）：${String(payload.name ?? "")}`, after: r });
    return r!;
  });
}

const ACTION_NAMES: Record<string, string> = { create: "新增", update: "修改", archive: "归档", unarchive: "取消归档", delete: "删除", move: "移动" };

export async function createColumn(svc: Services, actor: Actor, siteId: string, raw: unknown, reason = ""): Promise<Outcome<ColumnRow>> {
  ensureRead(actor, siteId);
  const how = mode(actor, siteId);
  const input = parse(columnInput, raw);
  await checkRefs(svc, svc.db, siteId, input);
  if (how === "request") return { applied: false, request: await fileRequest(svc, actor, siteId, "create", null, input, reason) };
  return { applied: true, column: await applyCreate(svc, actor, siteId, input) };
}

async function applyCreate(svc: Services, actor: Actor, siteId: string, input: z.output<typeof columnInput>, via?: string) {
  return svc.db.transaction(async (tx) => {
    const parentId = input.parentId ?? null;
    const slug = await uniqueSlug(tx, siteId, parentId, input.slug ?? slugFor(input.name));
    const [{ max } = { max: 0 }] = await tx
      .select({ max: sql<number>`coalesce(max(${columns.sort}), 0)::int` })
      .from(columns)
      .where(and(eq(columns.siteId, siteId), parentId ? eq(columns.parentId, parentId) : isNull(columns.parentId)));
    const [c] = await tx
      .insert(columns)
      .values({ ...input, siteId, parentId, slug, sort: input.sort ?? max + 10, externalUrl: input.externalUrl ?? null, responsibleUserId: input.responsibleUserId ?? null })
      .returning();
    await recordAudit(tx, auditActorOf(actor), { action: "column.create", targetType: "column", targetId: c!.id, summary: `新增栏目：${c!.name}${via ? `（依申请 ${via}）` : ""}`, after: c });
    return c!;
  });
}

export async function updateColumn(svc: Services, actor: Actor, id: string, raw: unknown, reason = ""): Promise<Outcome<ColumnRow>> {
  const before = await loadColumn(svc.db, id);
  ensureRead(actor, before.siteId);
  const how = mode(actor, before.siteId);
  const patch = parse(columnPatch, raw);
  await checkRefs(svc, svc.db, before.siteId, patch, id);
  if (how === "request") return { applied: false, request: await fileRequest(svc, actor, before.siteId, "update", id, { name: before.name, ...patch }, reason) };
  return { applied: true, column: await applyUpdate(svc, actor, before, patch) };
}

async function applyUpdate(svc: Services, actor: Actor, before: ColumnRow, patch: z.output<typeof columnPatch>, via?: string) {
  return svc.db.transaction(async (tx) => {
    const parentId = patch.parentId === undefined ? before.parentId : patch.parentId ?? null;
    const slug = patch.slug || parentId !== before.parentId ? await uniqueSlug(tx, before.siteId, parentId, patch.slug ?? before.slug, before.id) : before.slug;
    const [after] = await tx.update(columns).set({ ...patch, parentId, slug }).where(eq(columns.id, before.id)).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "column.update", targetType: "column", targetId: before.id, summary: `修改栏目：${before.name}${via ? `（依申请 ${via}）` : ""}`, before, after });
    return after!;
  });
}

/** Drag and drop: put the column under `parentId` at position `index` among its siblings. */
export async function moveColumn(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(z.object({ parentId: z.string().uuid().nullable(), index: z.number().int().min(0) }), raw);
  const before = await loadColumn(svc.db, id);
  ensureRead(actor, before.siteId);
  if (mode(actor, before.siteId) === "request") throw forbidden("调整栏目结构须由主管单位操作，请提交栏目调整申请。");
  await checkRefs(svc, svc.db, before.siteId, { parentId: input.parentId }, id);
  return svc.db.transaction(async (tx) => {
    const siblings = await tx
      .select()
      .from(columns)
      .where(and(eq(columns.siteId, before.siteId), input.parentId ? eq(columns.parentId, input.parentId) : isNull(columns.parentId)))
      .orderBy(asc(columns.sort), asc(columns.createdAt));
    const order = siblings.filter((s) => s.id !== id);
    order.splice(Math.min(input.index, order.length), 0, before);
    const slug = input.parentId !== before.parentId ? await uniqueSlug(tx, before.siteId, input.parentId, before.slug, id) : before.slug;
    for (const [i, s] of order.entries()) {
      const sort = (i + 1) * 10;
      if (s.id === id) await tx.update(columns).set({ parentId: input.parentId, sort, slug }).where(eq(columns.id, id));
      else if (s.sort !== sort) await tx.update(columns).set({ sort }).where(eq(columns.id, s.id));
    }
    await recordAudit(tx, auditActorOf(actor), {
      action: "column.move",
      targetType: "column",
      targetId: id,
      summary: `调整栏目位置：${before.name}`,
      before: { parentId: before.parentId, sort: before.sort },
      after: { parentId: input.parentId, index: input.index },
    });
    return loadColumn(tx, id);
  });
}

export async function archiveColumn(svc: Services, actor: Actor, id: string, archived: boolean, reason = ""): Promise<Outcome<ColumnRow>> {
  const before = await loadColumn(svc.db, id);
  ensureRead(actor, before.siteId);
  if (mode(actor, before.siteId) === "request") return { applied: false, request: await fileRequest(svc, actor, before.siteId, archived ? "archive" : "unarchive", id, { name: before.name }, reason) };
  return { applied: true, column: await applyArchive(svc, actor, before, archived) };
}

async function applyArchive(svc: Services, actor: Actor, before: ColumnRow, archived: boolean, via?: string) {
  return svc.db.transaction(async (tx) => {
    const [after] = await tx.update(columns).set({ archived, archivedAt: archived ? now() : null }).where(eq(columns.id, before.id)).returning();
    await recordAudit(tx, auditActorOf(actor), { action: archived ? "column.archive" : "column.unarchive", targetType: "column", targetId: before.id, summary: `${archived ? "归档" : "取消归档"}栏目：${before.name}${via ? `（依申请 ${via}）` : ""}`, before, after });
    return after!;
  });
}

export async function deleteColumn(svc: Services, actor: Actor, id: string, reason = ""): Promise<Outcome<ColumnRow>> {
  const before = await loadColumn(svc.db, id);
  ensureRead(actor, before.siteId);
  const [child] = await svc.db.select({ id: columns.id }).from(columns).where(eq(columns.parentId, id)).limit(1);
  if (child) throw new AppError("CONFLICT", "该栏目下还有子栏目，请先移走或删除子栏目。");
  if (mode(actor, before.siteId) === "request") return { applied: false, request: await fileRequest(svc, actor, before.siteId, "delete", id, { name: before.name }, reason) };
  await applyDelete(svc, actor, before);
  return { applied: true, column: before };
}

async function applyDelete(svc: Services, actor: Actor, before: ColumnRow, via?: string) {
  await svc.db.transaction(async (tx) => {
    await tx.delete(columns).where(eq(columns.id, before.id));
    await recordAudit(tx, auditActorOf(actor), { action: "column.delete", targetType: "column", targetId: before.id, summary: `删除栏目：${before.name}${via ? `（依申请 ${via}）` : ""}`, before });
  });
}

// ---------- change requests ----------

export async function listColumnRequests(svc: Services, actor: Actor, status?: string) {
  const decide = scopeOf(actor, "column.decide");
  const request = scopeOf(actor, "column.request");
  const siteIds = decide.all || request.all ? null : [...new Set([...decide.siteIds, ...request.siteIds])];
  if (siteIds && siteIds.length === 0) throw forbidden();
  const name = (col: unknown) => sql<string | null>`(select real_name from users x where x.id = ${col})`;
  const rows = await svc.db
    .select({ r: columnRequests, siteName: sites.name, requestedByName: name(columnRequests.requestedBy), decidedByName: name(columnRequests.decidedBy), columnName: columns.name })
    .from(columnRequests)
    .innerJoin(sites, eq(sites.id, columnRequests.siteId))
    .leftJoin(columns, eq(columns.id, columnRequests.columnId))
    .where(and(status ? eq(columnRequests.status, status) : undefined, siteIds ? inArray(columnRequests.siteId, siteIds) : undefined))
    .orderBy(desc(columnRequests.createdAt));
  return rows.map((x) => ({ ...x.r, siteName: x.siteName, columnName: x.columnName ?? String(x.r.payload.name ?? ""), requestedByName: x.requestedByName, decidedByName: x.decidedByName }));
}

export async function decideColumnRequest(svc: Services, actor: Actor, id: string, approve: boolean, note = "") {
  const [r] = await svc.db.select().from(columnRequests).where(eq(columnRequests.id, id));
  if (!r) throw notFound("栏目调整申请");
  if (!can(actor, "column.decide", r.siteId)) throw forbidden("只有主管单位可以审批栏目调整申请。");
  if (r.status !== "pending") throw new AppError("CONFLICT", "该申请已处理。");
  if (r.requestedBy === actor.userId) throw forbidden("不能审批本人提交的申请。");
  const via = `#${r.id.slice(0, 8)}`;
  let column: ColumnRow | null = null;
  if (approve) {
    const payload = r.payload as Record<string, unknown>;
    if (r.action === "create") {
      const input = parse(columnInput, payload);
      await checkRefs(svc, svc.db, r.siteId, input);
      column = await applyCreate(svc, actor, r.siteId, input, via);
    } else {
      const before = await loadColumn(svc.db, r.columnId!);
      if (r.action === "update") {
        const { name: _n, ...rest } = payload;
        const patch = parse(columnPatch, { ...rest, ...(payload.name !== before.name ? { name: payload.name } : {}) });
        await checkRefs(svc, svc.db, r.siteId, patch, before.id);
        column = await applyUpdate(svc, actor, before, patch, via);
      } else if (r.action === "archive" || r.action === "unarchive") column = await applyArchive(svc, actor, before, r.action === "archive", via);
      else if (r.action === "delete") await applyDelete(svc, actor, before, via);
    }
  }
  await svc.db.transaction(async (tx) => {
    await tx.update(columnRequests).set({ status: approve ? "approved" : "rejected", decidedBy: actor.userId, decidedAt: now(), decisionNote: note }).where(eq(columnRequests.id, id));
    await recordAudit(tx, auditActorOf(actor), { action: approve ? "column_request.approve" : "column_request.reject", targetType: "column_request", targetId: id, summary: `${approve ? "批准" : "驳回"}栏目调整申请 ${via}${note ? `：${note}` : ""}` });
  });
  return { column };
}

// ---------- 栏目设置管理清单 ----------

export async function columnListWorkbook(svc: Services, actor: Actor, siteId: string): Promise<{ filename: string; buffer: Buffer }> {
  ensureRead(actor, siteId);
  const [site] = await svc.db.select().from(sites).where(eq(sites.id, siteId));
  if (!site) throw notFound("站点");
  const rows = await listColumns(svc, actor, siteId);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const pathOf = (r: (typeof rows)[number]): string => {
    const parts = [r.name];
    let p = r.parentId ? byId.get(r.parentId) : undefined;
    for (let i = 0; p && i < 20; i++) {
      parts.unshift(p.name);
      p = p.parentId ? byId.get(p.parentId) : undefined;
    }
    return parts.join(" / ");
  };
  // Tree order: depth-first by sort.
  const children = new Map<string | null, typeof rows>();
  for (const r of rows) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
  const ordered: typeof rows = [];
  const walk = (pid: string | null) => {
    for (const r of children.get(pid) ?? []) {
      ordered.push(r);
      walk(r.id);
    }
  };
  walk(null);

  const wb = new ExcelJS.Workbook();
  wb.creator = "govsite";
  const ws = wb.addWorksheet("栏目设置管理清单");
  ws.mergeCells("A1:J1");
  ws.getCell("A1").value = `${site.name}栏目设置管理清单`;
  ws.getCell("A1").font = { bold: true, size: 14 };
  ws.getCell("A1").alignment = { horizontal: "center" };
  ws.addRow([`导出时间：${shanghaiText(now()).slice(0, 16)}`]);
  const header = ws.addRow(["序号", "栏目", "栏目类型", "栏目分类", "更新周期", "责任单位", "责任人", "栏目说明", "关键词", "状态"]);
  header.font = { bold: true };
  ordered.forEach((r, i) => {
    ws.addRow([
      i + 1,
      pathOf(r),
      r.columnType,
      r.categoryName,
      r.intervalDays ? `${r.intervalDays} 天` : "动态调整",
      r.responsibleUnitName,
      r.responsibleUserName ?? "",
      r.description,
      r.keywords.join("、"),
      r.archived ? `已归档（${r.archivedAt ? shanghaiText(r.archivedAt).slice(0, 10) : ""}）` : r.externalUrl ? "外链" : "正常",
    ]);
  });
  const widths = [6, 36, 14, 14, 10, 24, 10, 40, 24, 16];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { filename: `${site.name}栏目设置管理清单.xlsx`, buffer };
}

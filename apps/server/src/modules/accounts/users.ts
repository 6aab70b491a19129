// Accounts and their lifecycle: creation (real name, unit), training before activation, roles,
// disabling, unlocking, off-boarding with hand-over, and password reset on a written request.
import { and, desc, eq, ilike, inArray, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { adminFilings, columns, offboardings, passwordResetRequests, roleAssignments, sessions, sites, trainingRecords, units, users } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import type { DbOrTx } from "../../db/client.ts";
import { AppError, forbidden, notFound } from "../../lib/errors.ts";
import { generatePassword } from "../../lib/ids.ts";
import { now, shanghaiToday } from "../../lib/clock.ts";
import { recordAudit } from "../audit/record.ts";
import { hashPassword } from "./passwords.ts";
import { auditActorOf, can, checkGrant, require, ROLES, scopeOf, type Actor, type Assignment, type RoleKey } from "./roles.ts";
import { loadAssignments } from "./auth.ts";
import { parse } from "../../lib/validate.ts";

const mobile = z.string().trim().regex(/^1[3-9]\d{9}$/, "请输入 11 位手机号码");
export const userInput = z.object({
  unitId: z.string().uuid("请选择所属单位"),
  username: z
    .string()
    .trim()
    .regex(/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, "用户名须以字母开头，由 3–32 位字母、数字、点、下划线或连字符组成"),
  realName: z.string().trim().min(2, "请填写真实姓名").max(30, "姓名过长"),
  title: z.string().trim().max(50).default(""),
  mobile,
  email: z.union([z.literal(""), z.string().trim().email("邮箱格式不正确")]).default(""),
});
export const userUpdate = userInput.omit({ username: true }).partial();

type UserRow = typeof users.$inferSelect;

export function presentUser(u: UserRow, unitName: string, roles: Array<Assignment & { siteName: string | null }>) {
  return {
    id: u.id,
    unitId: u.unitId,
    unitName,
    username: u.username,
    realName: u.realName,
    title: u.title,
    mobile: u.mobile,
    email: u.email,
    status: u.status,
    locked: !!u.lockedUntil && u.lockedUntil > now(),
    totpEnabled: u.totpEnabled,
    lastLoginAt: u.lastLoginAt,
    passwordChangedAt: u.passwordChangedAt,
    roles: roles.map(presentAssignment),
  };
}

export function presentAssignment(a: Assignment & { siteName: string | null }) {
  return { id: a.id, role: a.role, roleName: ROLES[a.role].name, level: a.level, siteId: a.siteId, siteName: a.siteName, columnIds: a.columnIds };
}

async function assignmentsWithSites(db: DbOrTx, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, Array<Assignment & { siteName: string | null }>>();
  const rows = await db
    .select({ a: roleAssignments, siteName: sites.name })
    .from(roleAssignments)
    .leftJoin(sites, eq(sites.id, roleAssignments.siteId))
    .where(inArray(roleAssignments.userId, userIds));
  const out = new Map<string, Array<Assignment & { siteName: string | null }>>();
  for (const r of rows) {
    const list = out.get(r.a.userId) ?? [];
    list.push({ id: r.a.id, role: r.a.role as RoleKey, level: r.a.level, siteId: r.a.siteId, columnIds: r.a.columnIds ?? null, siteName: r.siteName });
    out.set(r.a.userId, list);
  }
  return out;
}

/**
 * Who the actor may see: platform roles see everyone; a site's administrator sees the people of
 * the unit owning that site and the people holding roles on it.
 */
async function visibleUserFilter(svc: Services, actor: Actor) {
  const scope = scopeOf(actor, "user.read");
  if (scope.all) return undefined;
  if (scope.siteIds.length === 0) throw forbidden();
  const owned = await svc.db.select({ unitId: sites.ownerUnitId }).from(sites).where(inArray(sites.id, scope.siteIds));
  const staffed = svc.db.select({ id: roleAssignments.userId }).from(roleAssignments).where(inArray(roleAssignments.siteId, scope.siteIds));
  const unitIds = [...new Set([actor.unitId, ...owned.map((o) => o.unitId)])];
  return or(inArray(users.unitId, unitIds), inArray(users.id, staffed));
}

export async function listUsers(svc: Services, actor: Actor, q: { unitId?: string; q?: string; status?: string }) {
  require(actor, "user.read");
  const conds = [await visibleUserFilter(svc, actor)];
  if (q.unitId) conds.push(eq(users.unitId, q.unitId));
  if (q.status) conds.push(eq(users.status, q.status));
  if (q.q) {
    const like = `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(users.username, like), ilike(users.realName, like), ilike(users.mobile, like)));
  }
  const rows = await svc.db
    .select({ u: users, unitName: units.name })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(...conds.filter(Boolean)))
    .orderBy(units.sort, users.realName)
    .limit(2000);
  const roles = await assignmentsWithSites(svc.db, rows.map((r) => r.u.id));
  return rows.map((r) => presentUser(r.u, r.unitName, roles.get(r.u.id) ?? []));
}

export async function getUser(svc: Services, actor: Actor, id: string) {
  require(actor, "user.read");
  const [row] = await svc.db
    .select({ u: users, unitName: units.name })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(eq(users.id, id), await visibleUserFilter(svc, actor)));
  if (!row) throw notFound("用户");
  const roles = await assignmentsWithSites(svc.db, [id]);
  return presentUser(row.u, row.unitName, roles.get(id) ?? []);
}

export async function createUser(svc: Services, actor: Actor, raw: unknown) {
  require(actor, "user.manage");
  const input = parse(userInput, raw);
  const [unit] = await svc.db.select().from(units).where(eq(units.id, input.unitId));
  if (!unit) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "unitId", message: "所属单位不存在" }] });
  const [taken] = await svc.db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (taken) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "username", message: "该用户名已被使用" }] });
  const initialPassword = generatePassword();
  const trainingRequired = svc.profile.values.account.trainingRequired;
  const user = await svc.db.transaction(async (tx) => {
    const [u] = await tx
      .insert(users)
      .values({ ...input, passwordHash: await hashPassword(initialPassword), mustChangePassword: true, status: trainingRequired ? "pending_training" : "active", passwordChangedAt: now() })
      .returning();
    await recordAudit(tx, auditActorOf(actor), { action: "user.create", targetType: "user", targetId: u!.id, summary: `新建账号 ${u!.realName}（${u!.username}），单位：${unit.name}`, after: u });
    return u!;
  });
  return { user: presentUser(user, unit.name, []), initialPassword };
}

async function loadUser(db: DbOrTx, id: string) {
  const [u] = await db.select().from(users).where(eq(users.id, id));
  if (!u) throw notFound("用户");
  return u;
}

export async function updateUser(svc: Services, actor: Actor, id: string, raw: unknown) {
  require(actor, "user.manage");
  const input = parse(userUpdate, raw);
  return svc.db.transaction(async (tx) => {
    const before = await loadUser(tx, id);
    if (input.unitId) {
      const [unit] = await tx.select({ id: units.id }).from(units).where(eq(units.id, input.unitId));
      if (!unit) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "unitId", message: "所属单位不存在" }] });
    }
    const [after] = await tx.update(users).set(input).where(eq(users.id, id)).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "user.update", targetType: "user", targetId: id, summary: `修改账号信息 ${before.realName}`, before, after });
    return after!;
  });
}

export async function setUserStatus(svc: Services, actor: Actor, id: string, enable: boolean, reason: string) {
  require(actor, "user.manage");
  if (id === actor.userId) throw forbidden("不能停用或启用自己的账号。");
  return svc.db.transaction(async (tx) => {
    const before = await loadUser(tx, id);
    if (enable && before.status === "pending_training") throw new AppError("VALIDATION_FAILED", "该账号尚未登记岗前培训记录，登记后自动启用。");
    const status = enable ? "active" : "disabled";
    const [after] = await tx.update(users).set({ status }).where(eq(users.id, id)).returning();
    if (!enable) await tx.update(sessions).set({ revokedAt: now() }).where(and(eq(sessions.userId, id), isNull(sessions.revokedAt)));
    await recordAudit(tx, auditActorOf(actor), { action: enable ? "user.enable" : "user.disable", targetType: "user", targetId: id, summary: `${enable ? "启用" : "停用"}账号 ${before.realName}${reason ? `，原因：${reason}` : ""}`, before: { status: before.status }, after: { status } });
    return after!;
  });
}

export async function unlockUser(svc: Services, actor: Actor, id: string) {
  require(actor, "user.manage");
  await svc.db.transaction(async (tx) => {
    const before = await loadUser(tx, id);
    await tx.update(users).set({ lockedUntil: null, failedLogins: 0 }).where(eq(users.id, id));
    await recordAudit(tx, auditActorOf(actor), { action: "user.unlock", targetType: "user", targetId: id, summary: `解锁账号 ${before.realName}` });
  });
}

// ---------- training ----------

const trainingInput = z.object({
  course: z.string().trim().min(2, "请填写培训内容").max(200),
  trainedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD"),
  trainer: z.string().trim().min(2, "请填写培训组织单位或讲师").max(100),
});

export async function listTraining(svc: Services, actor: Actor, userId: string) {
  await getUser(svc, actor, userId);
  return svc.db.select().from(trainingRecords).where(eq(trainingRecords.userId, userId)).orderBy(desc(trainingRecords.trainedOn));
}

export async function recordTraining(svc: Services, actor: Actor, userId: string, raw: unknown) {
  require(actor, "user.manage");
  const input = parse(trainingInput, raw);
  if (input.trainedOn > shanghaiToday()) {
    throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "trainedOn", message: "培训日期不能晚于今天" }] });
  }
  return svc.db.transaction(async (tx) => {
    const user = await loadUser(tx, userId);
    const [rec] = await tx.insert(trainingRecords).values({ ...input, userId, recordedBy: actor.userId }).returning();
    if (user.status === "pending_training") await tx.update(users).set({ status: "active" }).where(eq(users.id, userId));
    await recordAudit(tx, auditActorOf(actor), {
      action: "user.training",
      targetType: "user",
      targetId: userId,
      summary: `登记 ${user.realName} 的培训记录：${input.course}${user.status === "pending_training" ? "，账号已启用" : ""}`,
      after: rec,
    });
    return rec!;
  });
}

// ---------- roles ----------

const grantInput = z.object({
  userId: z.string().uuid(),
  role: z.enum(Object.keys(ROLES) as [RoleKey, ...RoleKey[]], { message: "角色不存在" }),
  level: z.number().int().min(1).max(4).nullish(),
  siteId: z.string().uuid().nullish(),
  columnIds: z.array(z.string().uuid()).nullish(),
});

export async function grantRole(svc: Services, actor: Actor, raw: unknown) {
  const input = parse(grantInput, raw);
  require(actor, "role.assign");
  const target = await loadUser(svc.db, input.userId);
  const current = await loadAssignments(svc, target.id);
  const def = ROLES[input.role];
  const siteId = def.scope === "site" ? input.siteId ?? null : null;
  const level = def.levels ? input.level ?? null : null;
  checkGrant(actor, { userId: target.id, current }, { role: input.role, siteId, level });
  if (target.status === "disabled") throw new AppError("VALIDATION_FAILED", "已停用的账号不能授予角色。");
  let site: typeof sites.$inferSelect | undefined;
  if (siteId) {
    [site] = await svc.db.select().from(sites).where(eq(sites.id, siteId));
    if (!site) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "siteId", message: "站点不存在" }] });
  }
  const columnIds = def.scope === "site" && input.columnIds?.length ? input.columnIds : null;
  if (columnIds) {
    const found = await svc.db.select({ id: columns.id }).from(columns).where(and(eq(columns.siteId, siteId!), inArray(columns.id, columnIds)));
    if (found.length !== new Set(columnIds).size) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "columnIds", message: "所选栏目不属于该站点" }] });
  }
  if (current.some((a) => a.role === input.role && a.siteId === siteId && a.level === level)) {
    throw new AppError("CONFLICT", "该用户已拥有此角色。");
  }
  return svc.db.transaction(async (tx) => {
    const [a] = await tx.insert(roleAssignments).values({ userId: target.id, role: input.role, level, siteId, columnIds, grantedBy: actor.userId }).returning();
    await recordAudit(tx, auditActorOf(actor), {
      action: "role.grant",
      targetType: "user",
      targetId: target.id,
      summary: `授予 ${target.realName}“${def.name}${level ? `（${level}级）` : ""}”角色${site ? `，站点：${site.name}` : ""}`,
      after: a,
    });
    if (input.role === "site_admin" && site) {
      // 管理员变更备案: the previous administrators of the site are named in the filing.
      const previous = await tx
        .select({ userId: roleAssignments.userId })
        .from(roleAssignments)
        .where(and(eq(roleAssignments.role, "site_admin"), eq(roleAssignments.siteId, site.id), sql`${roleAssignments.id} <> ${a!.id}`));
      await tx.insert(adminFilings).values({ siteId: site.id, unitId: site.ownerUnitId, previousUserId: previous[0]?.userId ?? null, newUserId: target.id, reason: "授予站点管理员角色", filedBy: actor.userId });
      await recordAudit(tx, auditActorOf(actor), { action: "site.admin_filing", targetType: "site", targetId: site.id, summary: `站点“${site.name}”管理员变更备案：新增 ${target.realName}` });
    }
    return a!;
  });
}

export async function revokeRole(svc: Services, actor: Actor, assignmentId: string) {
  require(actor, "role.assign");
  const [a] = await svc.db.select().from(roleAssignments).where(eq(roleAssignments.id, assignmentId));
  if (!a) throw notFound("角色授权");
  const target = await loadUser(svc.db, a.userId);
  // Revoking needs the same right as granting.
  checkGrant(actor, { userId: target.id, current: [] }, { role: a.role as RoleKey, siteId: a.siteId, level: a.level });
  await svc.db.transaction(async (tx) => {
    await tx.delete(roleAssignments).where(eq(roleAssignments.id, assignmentId));
    await recordAudit(tx, auditActorOf(actor), { action: "role.revoke", targetType: "user", targetId: target.id, summary: `撤销 ${target.realName} 的“${ROLES[a.role as RoleKey].name}”角色`, before: a });
    if (a.role === "site_admin" && a.siteId) {
      const [site] = await tx.select().from(sites).where(eq(sites.id, a.siteId));
      if (site) {
        await tx.insert(adminFilings).values({ siteId: site.id, unitId: site.ownerUnitId, previousUserId: target.id, newUserId: null, reason: "撤销站点管理员角色", filedBy: actor.userId });
      }
    }
  });
}

// ---------- off-boarding ----------

const offboardInput = z.object({
  successorId: z.string().uuid("请选择交接人"),
  commitment: z.string().trim().min(10, "请填写或确认保密承诺内容（不少于 10 个字）").max(2000),
});

export async function offboardUser(svc: Services, actor: Actor, userId: string, raw: unknown) {
  require(actor, "user.manage");
  const input = parse(offboardInput, raw);
  if (input.successorId === userId) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "successorId", message: "交接人不能是离岗人员本人" }] });
  return svc.db.transaction(async (tx) => {
    const user = await loadUser(tx, userId);
    const successor = await loadUser(tx, input.successorId);
    if (successor.status !== "active") throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "successorId", message: "交接人账号须处于启用状态" }] });
    if (user.status === "disabled") throw new AppError("CONFLICT", "该账号已停用，不能重复办理离岗。");
    const movedColumns = await tx.update(columns).set({ responsibleUserId: successor.id }).where(eq(columns.responsibleUserId, userId)).returning({ id: columns.id });
    const roles = await tx.delete(roleAssignments).where(eq(roleAssignments.userId, userId)).returning();
    await tx.update(sessions).set({ revokedAt: now() }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
    await tx.update(users).set({ status: "disabled" }).where(eq(users.id, userId));
    const handedOver = { columns: movedColumns.length, roles: roles.length };
    for (const r of roles.filter((x) => x.role === "site_admin" && x.siteId)) {
      const [site] = await tx.select().from(sites).where(eq(sites.id, r.siteId!));
      if (site) await tx.insert(adminFilings).values({ siteId: site.id, unitId: site.ownerUnitId, previousUserId: userId, newUserId: successor.id, reason: "离岗交接", filedBy: actor.userId });
    }
    const [rec] = await tx.insert(offboardings).values({ userId, successorId: successor.id, commitment: input.commitment, handedOver, performedBy: actor.userId }).returning();
    await recordAudit(tx, auditActorOf(actor), {
      action: "user.offboard",
      targetType: "user",
      targetId: userId,
      summary: `${user.realName} 离岗：${movedColumns.length} 个栏目交接给 ${successor.realName}，撤销 ${roles.length} 项角色，签署保密承诺，账号停用`,
      before: { roles },
      after: rec,
    });
    return { handedOver, record: rec! };
  });
}

// ---------- password reset on written request ----------

const resetInput = z.object({
  userId: z.string().uuid("请选择账号"),
  reason: z.string().trim().min(4, "请填写重置原因").max(500),
  documentRef: z.string().trim().min(2, "请填写书面申请的文号或编号").max(100),
});

export async function requestPasswordReset(svc: Services, actor: Actor, raw: unknown) {
  require(actor, "password_reset.request");
  const input = parse(resetInput, raw);
  const target = await getUser(svc, actor, input.userId); // scope: only people the requester may see
  return svc.db.transaction(async (tx) => {
    const [r] = await tx.insert(passwordResetRequests).values({ ...input, requestedBy: actor.userId }).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "password_reset.request", targetType: "user", targetId: target.id, summary: `提交 ${target.realName} 的密码重置申请（${input.documentRef}）`, after: r });
    return r!;
  });
}

export async function listPasswordResets(svc: Services, actor: Actor, status?: string) {
  if (!can(actor, "password_reset.approve") && !can(actor, "password_reset.request")) throw forbidden();
  const requester = sql`(select real_name from users r where r.id = ${passwordResetRequests.requestedBy})`;
  const decider = sql`(select real_name from users d where d.id = ${passwordResetRequests.decidedBy})`;
  const rows = await svc.db
    .select({ r: passwordResetRequests, userName: users.realName, requestedByName: requester, decidedByName: decider })
    .from(passwordResetRequests)
    .innerJoin(users, eq(users.id, passwordResetRequests.userId))
    .where(and(status ? eq(passwordResetRequests.status, status) : undefined, can(actor, "password_reset.approve") ? undefined : eq(passwordResetRequests.requestedBy, actor.userId)))
    .orderBy(desc(passwordResetRequests.createdAt));
  return rows.map((x) => ({ ...x.r, userName: x.userName, requestedByName: x.requestedByName as string, decidedByName: (x.decidedByName as string | null) ?? null }));
}

export async function decidePasswordReset(svc: Services, actor: Actor, id: string, approve: boolean, note = "") {
  require(actor, "password_reset.approve");
  return svc.db.transaction(async (tx) => {
    const [r] = await tx.select().from(passwordResetRequests).where(eq(passwordResetRequests.id, id));
    if (!r) throw notFound("密码重置申请");
    if (r.status !== "pending") throw new AppError("CONFLICT", "该申请已处理。");
    if (r.requestedBy === actor.userId || r.userId === actor.userId) throw forbidden("不能审批本人提交或与本人账号有关的申请。");
    const target = await loadUser(tx, r.userId);
    await tx.update(passwordResetRequests).set({ status: approve ? "approved" : "rejected", decidedBy: actor.userId, decidedAt: now(), decisionNote: note }).where(eq(passwordResetRequests.id, id));
    let temporaryPassword: string | undefined;
    if (approve) {
      temporaryPassword = generatePassword();
      await tx
        .update(users)
        .set({ passwordHash: await hashPassword(temporaryPassword), mustChangePassword: true, failedLogins: 0, lockedUntil: null, passwordChangedAt: now() })
        .where(eq(users.id, target.id));
      await tx.update(sessions).set({ revokedAt: now() }).where(and(eq(sessions.userId, target.id), isNull(sessions.revokedAt)));
    }
    await recordAudit(tx, auditActorOf(actor), {
      action: approve ? "password_reset.approve" : "password_reset.reject",
      targetType: "user",
      targetId: target.id,
      summary: `${approve ? "批准" : "驳回"} ${target.realName} 的密码重置申请（${r.documentRef}）${note ? `：${note}` : ""}`,
    });
    return { temporaryPassword };
  });
}

export async function listAdminFilings(svc: Services, actor: Actor) {
  if (!can(actor, "user.manage") && !can(actor, "column.decide") && !can(actor, "site.update")) throw forbidden();
  const scope = scopeOf(actor, "site.read");
  const name = (col: unknown) => sql<string | null>`(select real_name from users x where x.id = ${col})`;
  const rows = await svc.db
    .select({ f: adminFilings, siteName: sites.name, unitName: units.name, previousUserName: name(adminFilings.previousUserId), newUserName: name(adminFilings.newUserId), filedByName: name(adminFilings.filedBy) })
    .from(adminFilings)
    .innerJoin(sites, eq(sites.id, adminFilings.siteId))
    .innerJoin(units, eq(units.id, adminFilings.unitId))
    .where(scope.all || can(actor, "user.manage") ? undefined : inArray(adminFilings.siteId, scope.siteIds.length ? scope.siteIds : ["00000000-0000-0000-0000-000000000000"]))
    .orderBy(desc(adminFilings.createdAt));
  return rows.map((r) => ({ id: r.f.id, siteName: r.siteName, unitName: r.unitName, previousUserName: r.previousUserName, newUserName: r.newUserName, reason: r.f.reason, filedByName: r.filedByName, createdAt: r.f.createdAt }));
}

/** The signed-in person's own roles, for the console header and menus. */
export async function getUserRolesForMe(svc: Services, userId: string) {
  const roles = await assignmentsWithSites(svc.db, [userId]);
  return (roles.get(userId) ?? []).map(presentAssignment);
}

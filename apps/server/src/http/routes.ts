// Every admin API route: parse (zod, documented in OpenAPI) → actor → operation → present.
// Business rules live in modules/*; nothing here decides who may do what.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Services } from "../services.ts";
import { AppError } from "../lib/errors.ts";
import { actorOf, clearSessionCookie, setSessionCookie } from "./auth.ts";
import * as auth from "../modules/accounts/auth.ts";
import * as account from "../modules/accounts/account.ts";
import * as setup from "../modules/accounts/setup.ts";
import * as usersOps from "../modules/accounts/users.ts";
import { ROLES, ROLE_KEYS, permissionsOf } from "../modules/accounts/roles.ts";
import * as unitsOps from "../modules/units/units.ts";
import * as sitesOps from "../modules/sites/sites.ts";
import * as columnsOps from "../modules/columns/columns.ts";
import * as calendarOps from "../modules/calendar/calendar.ts";
import * as auditOps from "../modules/audit/queries.ts";
import { profileTable } from "../modules/profile/profile.ts";
import { describePolicy } from "../modules/accounts/passwords.ts";
import { dashboard } from "../modules/dashboard/dashboard.ts";
import { notifications } from "../db/schema.ts";
import { now, shanghaiToday } from "../lib/clock.ts";

const id = z.object({ id: z.string().uuid("编号格式不正确") });
const siteIdParam = z.object({ siteId: z.string().uuid("站点编号格式不正确") });
const reasonBody = z.object({ reason: z.string().trim().max(500).default("") }).partial();
const noteBody = z.object({ note: z.string().trim().max(500).default("") }).partial();
const loose = z.record(z.string(), z.unknown());

const T = {
  auth: ["登录与会话"],
  me: ["我的账号"],
  units: ["单位"],
  users: ["用户与角色"],
  sites: ["站点"],
  columns: ["栏目"],
  calendar: ["工作日历"],
  profile: ["规则配置"],
  audit: ["审计日志"],
  home: ["首页"],
};

export async function registerApiRoutes(app: FastifyInstance, svc: Services, limits: { login: number }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ---------- auth ----------
  const sessionView = async (res: auth.ResolvedSession | { session: { stage: string; csrfToken: string }; user: { id: string } }) => ({
    stage: res.session.stage,
    csrfToken: res.session.csrfToken,
    user: await account.me(svc, res.user.id),
  });

  r.post(
    "/setup",
    { config: { rateLimit: { max: 10, timeWindow: "1 minute" } }, schema: { tags: T.auth, summary: "用一次性初始化令牌创建第一个系统管理员", body: setup.firstAdminInput.extend({ token: z.string().min(10) }) } },
    async (req, reply) => {
      const { token, ...rest } = req.body;
      return reply.status(201).send(await setup.setupWithToken(svc, token, rest));
    },
  );

  r.get("/auth/challenge", { schema: { tags: T.auth, summary: "获取人机验证题（图片）" } }, async () => auth.newChallenge(svc));

  r.post(
    "/auth/login",
    {
      config: { rateLimit: { max: limits.login, timeWindow: "1 minute" } },
      schema: {
        tags: T.auth,
        summary: "用户名和密码登录",
        body: z.object({ username: z.string().trim().min(1, "请输入用户名").max(64), password: z.string().min(1, "请输入密码").max(256), challengeId: z.string().optional(), challengeAnswer: z.string().max(10).optional() }),
      },
    },
    async (req, reply) => {
      const res = await auth.login(svc, { ...req.body, ip: req.ip, userAgent: req.headers["user-agent"] ?? "" });
      setSessionCookie(svc, req, reply, res.token);
      return sessionView(res);
    },
  );

  r.post("/auth/totp", { schema: { tags: T.auth, summary: "输入动态验证码（第二因素）", body: z.object({ code: z.string().trim().min(6).max(8) }) } }, async (req) => {
    if (!req.auth) throw new AppError("UNAUTHENTICATED");
    const session = await auth.verifySecondFactor(svc, req.auth.session, req.body.code, req.ip);
    return sessionView({ session, user: req.auth.user });
  });

  r.get("/auth/password-policy", { schema: { tags: T.auth, summary: "当前密码策略" } }, async () => {
    const p = auth.passwordPolicy(svc);
    return { ...p, text: describePolicy(p) };
  });

  r.post("/auth/password", { schema: { tags: T.auth, summary: "修改本人密码（首次登录和到期时强制）", body: z.object({ currentPassword: z.string().min(1, "请输入当前密码").max(256), newPassword: z.string().min(1, "请输入新密码").max(256) }) } }, async (req) => {
    if (!req.auth) throw new AppError("UNAUTHENTICATED");
    const session = await auth.changePassword(svc, req.auth.session, req.body, req.ip);
    return sessionView({ session, user: req.auth.user });
  });

  r.post("/auth/logout", { schema: { tags: T.auth, summary: "退出登录" } }, async (req, reply) => {
    if (req.auth) await auth.logout(svc, req.auth);
    clearSessionCookie(reply);
    return { ok: true };
  });

  r.get("/auth/me", { schema: { tags: T.auth, summary: "当前登录人、角色和权限" } }, async (req) => {
    const a = req.auth;
    if (!a) throw new AppError("UNAUTHENTICATED");
    const user = await account.me(svc, a.user.id);
    const listed = await usersOps.getUserRolesForMe(svc, a.user.id);
    return {
      stage: a.session.stage,
      csrfToken: a.session.csrfToken,
      user,
      roles: listed,
      permissions: a.session.stage === "full" ? permissionsOf(a.actor) : [],
      profile: { name: svc.profile.name, title: svc.profile.title },
    };
  });

  // ---------- my account ----------
  const setupStages: auth.Stage[] = ["full", "totp_setup"];
  r.get("/me/totp/setup", { schema: { tags: T.me, summary: "生成动态验证码绑定信息（二维码）" } }, async (req) => account.startTotpSetup(svc, actorOf(req, setupStages)));
  r.post("/me/totp", { schema: { tags: T.me, summary: "确认绑定动态验证码", body: z.object({ code: z.string().trim().min(6).max(8) }) } }, async (req) => {
    const actor = actorOf(req, setupStages);
    await account.enableTotp(svc, actor, req.body.code);
    const session = await auth.refreshStage(svc, req.auth!.session);
    return sessionView({ session, user: req.auth!.user });
  });
  r.delete("/me/totp", { schema: { tags: T.me, summary: "解除动态验证码", body: z.object({ password: z.string().min(1, "请输入密码") }) } }, async (req) => {
    await account.disableTotp(svc, actorOf(req), req.body.password);
    return { ok: true };
  });
  r.get("/me/notifications", { schema: { tags: T.me, summary: "我的通知" } }, async (req) => {
    const actor = actorOf(req, ["full", "totp_setup", "password_change"]);
    return { items: await account.myNotifications(svc, actor) };
  });
  r.post("/me/notifications/:id/read", { schema: { tags: T.me, summary: "标记通知为已读", params: id } }, async (req) => {
    const actor = actorOf(req);
    await svc.db.update(notifications).set({ readAt: now() }).where(and(eq(notifications.id, req.params.id), eq(notifications.userId, actor.userId), isNull(notifications.readAt)));
    return { ok: true };
  });

  // ---------- home ----------
  r.get("/dashboard", { schema: { tags: T.home, summary: "首页概况" } }, async (req) => dashboard(svc, actorOf(req)));

  // ---------- units ----------
  r.get("/units", { schema: { tags: T.units, summary: "单位列表（树形，按 parentId 组织）" } }, async (req) => {
    actorOf(req);
    return { items: await unitsOps.listUnits(svc), types: unitsOps.UNIT_TYPES };
  });
  r.post("/units", { schema: { tags: T.units, summary: "新建单位", body: loose } }, async (req, reply) => reply.status(201).send({ unit: await unitsOps.createUnit(svc, actorOf(req), req.body) }));
  r.patch("/units/:id", { schema: { tags: T.units, summary: "修改单位", params: id, body: loose } }, async (req) => ({ unit: await unitsOps.updateUnit(svc, actorOf(req), req.params.id, req.body) }));
  r.delete("/units/:id", { schema: { tags: T.units, summary: "删除单位（无下级、无账号、无站点时）", params: id } }, async (req) => {
    await unitsOps.deleteUnit(svc, actorOf(req), req.params.id);
    return { ok: true };
  });

  // ---------- users and roles ----------
  r.get("/users", { schema: { tags: T.users, summary: "用户列表（按本人可见范围）", querystring: z.object({ unitId: z.string().uuid().optional(), q: z.string().max(50).optional(), status: z.enum(["pending_training", "active", "disabled"]).optional() }) } }, async (req) => ({
    items: await usersOps.listUsers(svc, actorOf(req), req.query),
  }));
  r.get("/users/:id", { schema: { tags: T.users, summary: "用户详情", params: id } }, async (req) => ({ user: await usersOps.getUser(svc, actorOf(req), req.params.id) }));
  r.post("/users", { schema: { tags: T.users, summary: "新建实名账号（返回一次性初始密码）", body: usersOps.userInput } }, async (req, reply) => reply.status(201).send(await usersOps.createUser(svc, actorOf(req), req.body)));
  r.patch("/users/:id", { schema: { tags: T.users, summary: "修改账号信息", params: id, body: usersOps.userUpdate } }, async (req) => {
    const actor = actorOf(req);
    await usersOps.updateUser(svc, actor, req.params.id, req.body);
    return { user: await usersOps.getUser(svc, actor, req.params.id) };
  });
  r.post("/users/:id/disable", { schema: { tags: T.users, summary: "停用账号", params: id, body: reasonBody } }, async (req) => {
    await usersOps.setUserStatus(svc, actorOf(req), req.params.id, false, req.body?.reason ?? "");
    return { ok: true };
  });
  r.post("/users/:id/enable", { schema: { tags: T.users, summary: "启用账号", params: id } }, async (req) => {
    await usersOps.setUserStatus(svc, actorOf(req), req.params.id, true, "");
    return { ok: true };
  });
  r.post("/users/:id/unlock", { schema: { tags: T.users, summary: "解除登录锁定", params: id } }, async (req) => {
    await usersOps.unlockUser(svc, actorOf(req), req.params.id);
    return { ok: true };
  });
  r.get("/users/:id/training", { schema: { tags: T.users, summary: "培训记录", params: id } }, async (req) => ({ items: await usersOps.listTraining(svc, actorOf(req), req.params.id) }));
  r.post("/users/:id/training", { schema: { tags: T.users, summary: "登记岗前培训（待培训账号随之启用）", params: id, body: loose } }, async (req, reply) =>
    reply.status(201).send({ record: await usersOps.recordTraining(svc, actorOf(req), req.params.id, req.body) }),
  );
  r.post("/users/:id/offboard", { schema: { tags: T.users, summary: "离岗交接：移交栏目、撤销角色、保密承诺、停用账号", params: id, body: loose } }, async (req) => usersOps.offboardUser(svc, actorOf(req), req.params.id, req.body));

  r.get("/roles", { schema: { tags: T.users, summary: "角色目录" } }, async (req) => {
    actorOf(req);
    return { items: ROLE_KEYS.map((k) => ({ key: k, name: ROLES[k].name, description: ROLES[k].description, scope: ROLES[k].scope, levels: ROLES[k].levels, assigns: ROLES[k].assigns })) };
  });
  r.post("/role-assignments", { schema: { tags: T.users, summary: "授予角色（仅限本人可分配的角色和范围）", body: loose } }, async (req, reply) => reply.status(201).send({ assignment: await usersOps.grantRole(svc, actorOf(req), req.body) }));
  r.delete("/role-assignments/:id", { schema: { tags: T.users, summary: "撤销角色", params: id } }, async (req) => {
    await usersOps.revokeRole(svc, actorOf(req), req.params.id);
    return { ok: true };
  });

  r.get("/password-resets", { schema: { tags: T.users, summary: "密码重置申请", querystring: z.object({ status: z.enum(["pending", "approved", "rejected"]).optional() }) } }, async (req) => ({
    items: await usersOps.listPasswordResets(svc, actorOf(req), req.query.status),
  }));
  r.post("/password-resets", { schema: { tags: T.users, summary: "登记书面密码重置申请", body: loose } }, async (req, reply) => reply.status(201).send({ request: await usersOps.requestPasswordReset(svc, actorOf(req), req.body) }));
  r.post("/password-resets/:id/approve", { schema: { tags: T.users, summary: "批准密码重置（返回一次性临时密码）", params: id } }, async (req) => usersOps.decidePasswordReset(svc, actorOf(req), req.params.id, true));
  r.post("/password-resets/:id/reject", { schema: { tags: T.users, summary: "驳回密码重置申请", params: id, body: noteBody } }, async (req) => {
    await usersOps.decidePasswordReset(svc, actorOf(req), req.params.id, false, req.body?.note ?? "");
    return { ok: true };
  });
  r.get("/admin-filings", { schema: { tags: T.sites, summary: "管理员变更备案" } }, async (req) => ({ items: await usersOps.listAdminFilings(svc, actorOf(req)) }));

  // ---------- sites ----------
  r.get("/sites", { schema: { tags: T.sites, summary: "站点列表（按本人权限范围）" } }, async (req) => ({ items: await sitesOps.listSites(svc, actorOf(req)) }));
  r.get("/sites/:id", { schema: { tags: T.sites, summary: "站点详情", params: id } }, async (req) => ({ site: await sitesOps.getSite(svc, actorOf(req), req.params.id) }));
  r.post("/sites", { schema: { tags: T.sites, summary: "登记站点", body: loose } }, async (req, reply) => reply.status(201).send({ site: await sitesOps.createSite(svc, actorOf(req), req.body) }));
  r.patch("/sites/:id", { schema: { tags: T.sites, summary: "修改站点", params: id, body: loose } }, async (req) => ({ site: await sitesOps.updateSite(svc, actorOf(req), req.params.id, req.body) }));

  // ---------- columns ----------
  const outcome = (reply: { status: (n: number) => { send: (b: unknown) => unknown } }, o: Awaited<ReturnType<typeof columnsOps.createColumn>>, created = false) =>
    o.applied ? reply.status(created ? 201 : 200).send({ column: o.column }) : reply.status(202).send({ request: o.request, message: "已提交栏目调整申请，待主管单位审批。" });

  r.get("/column-meta", { schema: { tags: T.columns, summary: "栏目类型和栏目分类（来自规则配置）" } }, async (req) => {
    actorOf(req);
    return columnsOps.columnMeta(svc);
  });
  r.get("/sites/:siteId/columns", { schema: { tags: T.columns, summary: "站点的栏目（扁平列表，按 parentId 成树）", params: siteIdParam } }, async (req) => ({ items: await columnsOps.listColumns(svc, actorOf(req), req.params.siteId) }));
  r.post("/sites/:siteId/columns", { schema: { tags: T.columns, summary: "新增栏目（站点管理员提交申请时返回 202）", params: siteIdParam, body: loose } }, async (req, reply) => {
    const { reason, ...body } = req.body as Record<string, unknown>;
    return outcome(reply, await columnsOps.createColumn(svc, actorOf(req), req.params.siteId, body, String(reason ?? "")), true);
  });
  r.patch("/columns/:id", { schema: { tags: T.columns, summary: "修改栏目", params: id, body: loose } }, async (req, reply) => {
    const { reason, ...body } = req.body as Record<string, unknown>;
    return outcome(reply, await columnsOps.updateColumn(svc, actorOf(req), req.params.id, body, String(reason ?? "")));
  });
  r.post("/columns/:id/move", { schema: { tags: T.columns, summary: "移动栏目（拖拽排序）", params: id, body: z.object({ parentId: z.string().uuid().nullable(), index: z.number().int().min(0) }) } }, async (req) => ({
    column: await columnsOps.moveColumn(svc, actorOf(req), req.params.id, req.body),
  }));
  r.post("/columns/:id/archive", { schema: { tags: T.columns, summary: "归档或取消归档", params: id, body: z.object({ archived: z.boolean(), reason: z.string().max(500).optional() }) } }, async (req, reply) =>
    outcome(reply, await columnsOps.archiveColumn(svc, actorOf(req), req.params.id, req.body.archived, req.body.reason ?? "")),
  );
  r.delete("/columns/:id", { schema: { tags: T.columns, summary: "删除栏目", params: id } }, async (req, reply) => {
    const o = await columnsOps.deleteColumn(svc, actorOf(req), req.params.id);
    return o.applied ? { ok: true } : reply.status(202).send({ request: o.request, message: "已提交栏目调整申请，待主管单位审批。" });
  });
  r.get("/sites/:siteId/columns/export", { schema: { tags: T.columns, summary: "导出栏目设置管理清单（Excel）", params: siteIdParam } }, async (req, reply) => {
    const { filename, buffer } = await columnsOps.columnListWorkbook(svc, actorOf(req), req.params.siteId);
    return reply
      .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .header("content-disposition", `attachment; filename="columns.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
      .send(buffer);
  });
  r.get("/column-requests", { schema: { tags: T.columns, summary: "栏目调整申请", querystring: z.object({ status: z.enum(["pending", "approved", "rejected"]).optional() }) } }, async (req) => ({
    items: await columnsOps.listColumnRequests(svc, actorOf(req), req.query.status),
  }));
  r.post("/column-requests/:id/approve", { schema: { tags: T.columns, summary: "批准栏目调整申请", params: id, body: noteBody.optional() } }, async (req) => columnsOps.decideColumnRequest(svc, actorOf(req), req.params.id, true, req.body?.note ?? ""));
  r.post("/column-requests/:id/reject", { schema: { tags: T.columns, summary: "驳回栏目调整申请", params: id, body: noteBody.optional() } }, async (req) => columnsOps.decideColumnRequest(svc, actorOf(req), req.params.id, false, req.body?.note ?? ""));

  // ---------- calendar ----------
  r.get("/calendar", { schema: { tags: T.calendar, summary: "某年的节假日和调休", querystring: z.object({ year: z.coerce.number().int().optional() }) } }, async (req) =>
    calendarOps.calendarYear(svc, actorOf(req), req.query.year ?? Number(shanghaiToday().slice(0, 4))),
  );
  r.put("/calendar/:day", { schema: { tags: T.calendar, summary: "设置放假或调休上班（重新计算未办结期限）", params: z.object({ day: z.string() }), body: loose } }, async (req) => calendarOps.setCalendarDay(svc, actorOf(req), req.params.day, req.body));
  r.delete("/calendar/:day", { schema: { tags: T.calendar, summary: "删除某日设置（恢复常规）", params: z.object({ day: z.string() }), body: z.object({ reason: z.string() }) } }, async (req) =>
    calendarOps.deleteCalendarDay(svc, actorOf(req), req.params.day, req.body.reason),
  );
  r.get("/calendar/due", { schema: { tags: T.calendar, summary: "按工作日计算期限", querystring: z.object({ from: z.string().datetime({ offset: true, message: "起算时间须为带时区的 ISO 时间，如 2025-09-29T10:00:00+08:00" }), workdays: z.coerce.number().int().min(0).max(400) }) } }, async (req) => {
    actorOf(req);
    return calendarOps.dueFor(svc, req.query.from, req.query.workdays);
  });

  // ---------- profile ----------
  r.get("/profile", { schema: { tags: T.profile, summary: "当前规则配置（规则、取值、依据条款）" } }, async (req) => profileTable(svc, actorOf(req)));

  // ---------- audit ----------
  const auditQuery = z.object({ q: z.string().optional(), action: z.string().optional(), actor: z.string().optional(), from: z.string().optional(), to: z.string().optional(), page: z.coerce.number().optional(), pageSize: z.coerce.number().optional() });
  r.get("/audit", { schema: { tags: T.audit, summary: "检索审计日志（安全审计员）", querystring: auditQuery } }, async (req) => auditOps.searchAudit(svc, actorOf(req), req.query));
  r.get("/audit/export", { schema: { tags: T.audit, summary: "导出审计日志（CSV）", querystring: auditQuery } }, async (req, reply) => {
    const csv = await auditOps.exportAudit(svc, actorOf(req), req.query);
    return reply.header("content-type", "text/csv; charset=utf-8").header("content-disposition", `attachment; filename="audit.csv"; filename*=UTF-8''${encodeURIComponent("审计日志.csv")}`).send(csv);
  });
  r.get("/audit/verify", { schema: { tags: T.audit, summary: "校验审计日志哈希链" } }, async (req) => auditOps.verifyAudit(svc, actorOf(req)));

  r.get("/health", { schema: { tags: T.home, summary: "健康检查（数据库可用）" } }, async () => {
    await svc.database.ping();
    return { ok: true };
  });
}

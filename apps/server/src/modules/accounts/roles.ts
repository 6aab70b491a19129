// Roles, the permissions they carry and the scope they carry them in. Access is decided here and
// nowhere else: routes ask `require(...)`, queries ask `siteScope(...)`.
import type { AuditActor } from "../audit/record.ts";
import { AppError, forbidden } from "../../lib/errors.ts";
import { ROLE_KEYS, type Permission, type RoleKey } from "@govsite/contracts";

// Role keys and permission names are shared with the console (packages/contracts).
export { ROLE_KEYS, type Permission, type RoleKey };

interface RoleDef {
  key: RoleKey;
  name: string;
  description: string;
  /** platform: held for every site; site: held for one site (and optionally some columns). */
  scope: "platform" | "site";
  levels?: number[];
  permissions: Permission[];
  /** Roles this role may assign, within its own scope. */
  assigns: RoleKey[];
}

export const ROLES: Record<RoleKey, RoleDef> = {
  system_admin: {
    key: "system_admin",
    name: "系统管理员",
    description: "管理单位、账号、站点登记和系统设置；不得编辑或审核内容，不得查看审计日志以外的审计职能。",
    scope: "platform",
    permissions: ["unit.manage", "user.manage", "user.read", "role.assign", "site.manage", "site.read", "calendar.manage", "calendar.read", "password_reset.request", "profile.read", "column.read"],
    assigns: ["system_admin", "auditor", "supervisor", "site_admin", "duty_officer"],
  },
  auditor: {
    key: "auditor",
    name: "安全审计员",
    description: "只读查阅、检索和导出审计日志，不能修改任何数据。",
    scope: "platform",
    permissions: ["audit.read"],
    assigns: [],
  },
  supervisor: {
    key: "supervisor",
    name: "监管员",
    description: "主管单位人员：监督全部站点，审批栏目调整和密码重置申请。",
    scope: "platform",
    permissions: ["site.read", "column.read", "column.manage", "column.decide", "password_reset.approve", "user.read", "calendar.read", "profile.read", "monitor.read", "monitor.run", "ticket.manage", "ticket.verify", "duty.manage", "theme.manage"],
    assigns: [],
  },
  site_admin: {
    key: "site_admin",
    name: "站点管理员",
    description: "协办单位人员：维护本单位站点信息和栏目（按规则报批），为本站点分配信息员、校对和审核人员。",
    scope: "site",
    permissions: ["site.read", "site.update", "column.read", "column.request", "role.assign", "user.read", "password_reset.request", "calendar.read", "profile.read", "monitor.read", "theme.manage"],
    assigns: ["editor", "proofreader", "reviewer"],
  },
  editor: {
    key: "editor",
    name: "信息员",
    description: "撰写、排版信息并提交审核（一审/一校由规则配置决定）。",
    scope: "site",
    permissions: ["content.edit", "column.read", "site.read", "calendar.read", "profile.read"],
    assigns: [],
  },
  proofreader: {
    key: "proofreader",
    name: "校对",
    description: "对信息进行文字校对。",
    scope: "site",
    permissions: ["content.proofread", "column.read", "site.read", "calendar.read", "profile.read"],
    assigns: [],
  },
  reviewer: {
    key: "reviewer",
    name: "审核",
    description: "按级别审核信息：二级为科室负责人，三级为分管领导（签发），四级为主要负责人（舆情风险信息审签）。",
    scope: "site",
    levels: [1, 2, 3, 4],
    permissions: ["content.review", "column.read", "site.read", "calendar.read", "profile.read"],
    assigns: [],
  },
  duty_officer: {
    key: "duty_officer",
    name: "值班员",
    description: "7×24 小时值班读网、巡查和事件记录。",
    scope: "platform",
    permissions: ["duty.patrol", "site.read", "column.read", "calendar.read", "profile.read", "monitor.read", "monitor.run", "ticket.manage"],
    assigns: [],
  },
};

/**
 * Roles that one person may not hold together (三员分立 and separation of editing from review
 * in 系统管理). A system administrator never touches content; an auditor holds nothing else.
 */
const CONTENT_ROLES: RoleKey[] = ["site_admin", "editor", "proofreader", "reviewer"];
export function conflictsWith(role: RoleKey): RoleKey[] {
  if (role === "auditor") return ROLE_KEYS.filter((r) => r !== "auditor");
  if (role === "system_admin") return ["auditor", "supervisor", ...CONTENT_ROLES];
  if (CONTENT_ROLES.includes(role)) return ["system_admin", "auditor"];
  if (role === "supervisor") return ["system_admin", "auditor"];
  return ["auditor"];
}

export interface Assignment {
  id: string;
  role: RoleKey;
  level: number | null;
  siteId: string | null;
  columnIds: string[] | null;
}

export interface Actor {
  userId: string;
  username: string;
  realName: string;
  unitId: string;
  ip: string;
  assignments: Assignment[];
}

export const auditActorOf = (a: Actor): AuditActor => ({ id: a.userId, name: `${a.realName}（${a.username}）`, ip: a.ip });

/** Where the actor holds a permission: everywhere, on some sites, or nowhere. */
export type Scope = { all: true } | { all: false; siteIds: string[] };

export function scopeOf(actor: Actor, perm: Permission): Scope {
  const siteIds = new Set<string>();
  for (const a of actor.assignments) {
    const def = ROLES[a.role];
    if (!def.permissions.includes(perm)) continue;
    if (def.scope === "platform" || a.siteId === null) return { all: true };
    siteIds.add(a.siteId);
  }
  return { all: false, siteIds: [...siteIds] };
}

export function can(actor: Actor, perm: Permission, siteId?: string | null): boolean {
  const s = scopeOf(actor, perm);
  if (s.all) return true;
  if (siteId === undefined) return s.siteIds.length > 0;
  return siteId !== null && s.siteIds.includes(siteId);
}

/** Throws FORBIDDEN unless the actor holds the permission (on the site, when one is named). */
export function require(actor: Actor, perm: Permission, siteId?: string | null, message?: string): void {
  if (!can(actor, perm, siteId)) throw forbidden(message);
}

/**
 * 整改工单: the supervising office and duty officers see every ticket; otherwise a person sees the
 * tickets of their own unit and the ones assigned to them by name.
 */
export function ticketScope(actor: Actor): { all: true } | { all: false; unitId: string; userId: string } {
  return can(actor, "ticket.manage") ? { all: true } : { all: false, unitId: actor.unitId, userId: actor.userId };
}

export function canSeeTicket(actor: Actor, t: { unitId: string; assigneeId: string | null }): boolean {
  const s = ticketScope(actor);
  return s.all || t.unitId === s.unitId || t.assigneeId === s.userId;
}

/** Answering (what was done) is the responsible unit's work, not the supervisor's. */
export function canAnswerTicket(actor: Actor, t: { unitId: string; assigneeId: string | null }): boolean {
  return t.unitId === actor.unitId || t.assigneeId === actor.userId;
}

/** Every permission the actor holds somewhere: for the console's menus. */
export function permissionsOf(actor: Actor): Permission[] {
  const out = new Set<Permission>();
  for (const a of actor.assignments) for (const p of ROLES[a.role].permissions) out.add(p);
  return [...out].sort();
}

/**
 * May `actor` give `role` on `siteId` to someone? Only a role the actor's own roles may assign, and
 * only inside the actor's own scope: a site's administrator staffs that site and no other.
 */
export function checkGrant(actor: Actor, target: { userId: string; current: Assignment[] }, grant: { role: RoleKey; siteId: string | null; level: number | null }): void {
  if (target.userId === actor.userId) throw forbidden("不能为自己授予或调整角色。");
  const def = ROLES[grant.role];
  if (def.scope === "site" && !grant.siteId) {
    throw new AppError("VALIDATION_FAILED", `“${def.name}”角色须指定站点。`, { issues: [{ path: "siteId", message: "请选择站点" }] });
  }
  if (def.levels && (grant.level === null || !def.levels.includes(grant.level))) {
    throw new AppError("VALIDATION_FAILED", `“${def.name}”角色须指定审核级别（${def.levels.join("、")}）。`, { issues: [{ path: "level", message: "请选择审核级别" }] });
  }
  const allowed = actor.assignments.some((a) => {
    const mine = ROLES[a.role];
    if (!mine.assigns.includes(grant.role)) return false;
    if (mine.scope === "platform" || a.siteId === null) return true;
    return grant.siteId !== null && a.siteId === grant.siteId;
  });
  if (!allowed) {
    throw forbidden(`您无权授予“${def.name}”角色${grant.siteId ? "（或无权在该站点授予）" : ""}：只能授予本人职责范围内可分配的角色。`);
  }
  const conflicts = conflictsWith(grant.role);
  const clash = target.current.find((a) => conflicts.includes(a.role));
  if (clash) {
    throw new AppError("SEPARATION_OF_DUTIES", `该用户已是“${ROLES[clash.role].name}”，不能再担任“${def.name}”（三员分立、职责分离）。`);
  }
}

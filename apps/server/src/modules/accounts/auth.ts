// Signing in and staying signed in: password (argon2id), lockout with a human check, optional or
// mandatory TOTP, forced password change, server-side sessions with idle and absolute timeouts.
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import svgCaptcha from "svg-captcha";
import { challenges, loginFailures, passwordHistory, roleAssignments, sessions, units, users } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { AppError, assertNoIssues } from "../../lib/errors.ts";
import { now } from "../../lib/clock.ts";
import { randomToken, sha256 } from "../../lib/ids.ts";
import { recordAudit, type AuditActor } from "../audit/record.ts";
import { checkPasswordShape, dummyPasswordHash, hashPassword, passwordExpiresAt, verifyPassword, type PasswordPolicy } from "./passwords.ts";
import { checkTotp, openSecret } from "./totp.ts";
import type { Actor, Assignment, RoleKey } from "./roles.ts";

export type Stage = "full" | "totp" | "totp_setup" | "password_change";
type UserRow = typeof users.$inferSelect;
type SessionRow = typeof sessions.$inferSelect;

export function passwordPolicy(svc: Services): PasswordPolicy {
  const p = svc.profile.values.password;
  return { minLength: p.minLength, requiredClasses: p.requiredClasses, rotationDays: p.rotationDays, historyCount: p.historyCount };
}

const FAILURE_WINDOW_MS = 30 * 60_000;

// ---------- human check ----------

export async function newChallenge(svc: Services): Promise<{ id: string; svg: string }> {
  const c = svgCaptcha.createMathExpr({ mathMin: 1, mathMax: 20, mathOperator: "+-", noise: 3, color: false, width: 150, height: 50 });
  const [row] = await svc.db
    .insert(challenges)
    .values({ answerHash: sha256(`challenge:${c.text}`), expiresAt: new Date(now().getTime() + 5 * 60_000) })
    .returning({ id: challenges.id });
  return { id: row!.id, svg: c.data };
}

async function consumeChallenge(svc: Services, id: string | undefined, answer: string | undefined): Promise<boolean> {
  if (!id || !answer || !/^[0-9a-f-]{36}$/i.test(id)) return false;
  const used = await svc.db
    .update(challenges)
    .set({ usedAt: now() })
    .where(and(eq(challenges.id, id), isNull(challenges.usedAt), gt(challenges.expiresAt, now()), eq(challenges.answerHash, sha256(`challenge:${answer.trim()}`))))
    .returning({ id: challenges.id });
  return used.length === 1;
}

async function recentFailures(svc: Services, username: string, ip: string) {
  const since = new Date(now().getTime() - FAILURE_WINDOW_MS);
  const [byIp] = await svc.db
    .select({ n: sql<number>`count(*)::int` })
    .from(loginFailures)
    .where(and(eq(loginFailures.ip, ip), gt(loginFailures.at, since)));
  const [byUser] = await svc.db
    .select({ n: sql<number>`count(*)::int` })
    .from(loginFailures)
    .where(and(eq(loginFailures.username, username), gt(loginFailures.at, since)));
  return { byIp: byIp?.n ?? 0, byUser: byUser?.n ?? 0 };
}

// ---------- login ----------

export interface LoginInput {
  username: string;
  password: string;
  challengeId?: string;
  challengeAnswer?: string;
  ip: string;
  userAgent: string;
}

export interface SessionResult {
  token: string;
  session: SessionRow;
  user: UserRow;
}

export async function login(svc: Services, input: LoginInput): Promise<SessionResult> {
  const pw = svc.profile.values.password;
  const username = input.username.trim();
  const failures = await recentFailures(svc, username, input.ip);
  const challengeNeeded = failures.byUser >= pw.captchaAfterFailures || failures.byIp >= pw.captchaAfterFailures * 2;
  if (challengeNeeded) {
    if (!input.challengeId) throw new AppError("CHALLENGE_REQUIRED", undefined, { extra: { challengeRequired: true } });
    if (!(await consumeChallenge(svc, input.challengeId, input.challengeAnswer))) {
      throw new AppError("CHALLENGE_FAILED", undefined, { extra: { challengeRequired: true } });
    }
  }

  const [user] = await svc.db.select().from(users).where(eq(users.username, username)).limit(1);
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  const actor: AuditActor = { id: user?.id ?? null, name: user ? `${user.realName}（${user.username}）` : username, ip: input.ip };

  if (user?.lockedUntil && user.lockedUntil > now()) {
    await svc.db.transaction(async (tx) => {
      await tx.insert(loginFailures).values({ username, ip: input.ip });
      await recordAudit(tx, actor, { action: "auth.login_refused", targetType: "user", targetId: user.id, summary: "账号锁定期间尝试登录" });
    });
    throw lockedError(user.lockedUntil);
  }

  if (!user || !ok) {
    let lockedUntil: Date | null = null;
    await svc.db.transaction(async (tx) => {
      await tx.insert(loginFailures).values({ username, ip: input.ip });
      if (user) {
        const count = user.failedLogins + 1;
        if (count >= pw.lockoutThreshold) lockedUntil = new Date(now().getTime() + pw.lockoutMinutes * 60_000);
        await tx.update(users).set({ failedLogins: count, lockedUntil }).where(eq(users.id, user.id));
      }
      await recordAudit(tx, actor, {
        action: "auth.login_failed",
        targetType: "user",
        targetId: user?.id ?? "",
        summary: user ? `密码错误（连续第 ${user.failedLogins + 1} 次）${lockedUntil ? "，账号已锁定" : ""}` : `用户名不存在：${username}`,
      });
      if (lockedUntil) await recordAudit(tx, actor, { action: "auth.locked", targetType: "user", targetId: user!.id, summary: `连续 ${pw.lockoutThreshold} 次登录失败，锁定 ${pw.lockoutMinutes} 分钟` });
    });
    if (lockedUntil) throw lockedError(lockedUntil);
    const after = await recentFailures(svc, username, input.ip);
    const nextNeedsChallenge = after.byUser >= pw.captchaAfterFailures || after.byIp >= pw.captchaAfterFailures * 2;
    throw new AppError("LOGIN_FAILED", undefined, { extra: { challengeRequired: nextNeedsChallenge } });
  }

  if (user.status !== "active") {
    await svc.db.transaction((tx) => recordAudit(tx, actor, { action: "auth.login_refused", targetType: "user", targetId: user.id, summary: `账号状态：${user.status}` }));
    throw new AppError(
      "ACCOUNT_INACTIVE",
      user.status === "pending_training" ? "账号尚未登记岗前培训记录，暂不能登录。请联系系统管理员登记培训后再试。" : "账号已停用，如有疑问请联系系统管理员。",
    );
  }

  const stage = await stageAfterPassword(svc, user);
  const token = randomToken();
  const session = await svc.db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now() }).where(eq(users.id, user.id));
    const [s] = await tx
      .insert(sessions)
      .values({ tokenHash: sha256(token), userId: user.id, csrfToken: randomToken(24), stage, ip: input.ip, userAgent: input.userAgent.slice(0, 300), createdAt: now(), lastSeenAt: now() })
      .returning();
    await recordAudit(tx, actor, { action: "auth.login", targetType: "user", targetId: user.id, summary: stage === "full" ? "登录成功" : `密码验证通过，待完成：${stageName(stage)}` });
    return s!;
  });
  return { token, session, user };
}

const stageName = (s: Stage) => ({ full: "已登录", totp: "动态验证码", totp_setup: "绑定动态验证码", password_change: "修改密码" })[s];

function lockedError(until: Date) {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now().getTime()) / 60_000));
  return new AppError("ACCOUNT_LOCKED", `因连续登录失败，账号已被锁定，请 ${minutes} 分钟后再试，或联系系统管理员解锁。`, { extra: { lockedUntil: until.toISOString() } });
}

async function totpRequired(svc: Services, userId: string): Promise<boolean> {
  const required = svc.profile.values.totp.requiredRoles as RoleKey[];
  if (required.length === 0) return false;
  const roles = await svc.db.select({ role: roleAssignments.role }).from(roleAssignments).where(eq(roleAssignments.userId, userId));
  return roles.some((r) => required.includes(r.role as RoleKey));
}

/** After the password: second factor, then mandatory set-up, then forced change. */
async function stageAfterPassword(svc: Services, user: UserRow): Promise<Stage> {
  if (user.totpEnabled) return "totp";
  return stageAfterSecondFactor(svc, user);
}

async function stageAfterSecondFactor(svc: Services, user: UserRow): Promise<Stage> {
  if (user.mustChangePassword || passwordExpiresAt(passwordPolicy(svc), user.passwordChangedAt) <= now()) return "password_change";
  if (!user.totpEnabled && (await totpRequired(svc, user.id))) return "totp_setup";
  return "full";
}

export async function isTotpRequired(svc: Services, userId: string) {
  return totpRequired(svc, userId);
}

export async function verifySecondFactor(svc: Services, session: SessionRow, code: string, ip: string): Promise<SessionRow> {
  if (session.stage !== "totp") throw new AppError("STAGE_REQUIRED", "当前无需输入动态验证码。");
  const [user] = await svc.db.select().from(users).where(eq(users.id, session.userId));
  if (!user?.totpSecret) throw new AppError("STAGE_REQUIRED");
  const actor: AuditActor = { id: user.id, name: `${user.realName}（${user.username}）`, ip };
  if (!checkTotp(openSecret(user.totpSecret, svc.config.sessionSecret), code)) {
    const pw = svc.profile.values.password;
    await svc.db.transaction(async (tx) => {
      const count = user.failedLogins + 1;
      const lockedUntil = count >= pw.lockoutThreshold ? new Date(now().getTime() + pw.lockoutMinutes * 60_000) : null;
      await tx.update(users).set({ failedLogins: count, lockedUntil }).where(eq(users.id, user.id));
      if (lockedUntil) await tx.update(sessions).set({ revokedAt: now() }).where(eq(sessions.id, session.id));
      await recordAudit(tx, actor, { action: "auth.totp_failed", targetType: "user", targetId: user.id, summary: `动态验证码错误${lockedUntil ? "，账号已锁定" : ""}` });
    });
    throw new AppError("TOTP_INVALID");
  }
  const stage = await stageAfterSecondFactor(svc, user);
  return svc.db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: 0 }).where(eq(users.id, user.id));
    const [s] = await tx.update(sessions).set({ stage, lastSeenAt: now() }).where(eq(sessions.id, session.id)).returning();
    await recordAudit(tx, actor, { action: "auth.totp_passed", targetType: "user", targetId: user.id, summary: "动态验证码验证通过" });
    return s!;
  });
}

// ---------- passwords ----------

/** Checks the whole policy including reuse of the last N passwords. */
export async function passwordIssues(svc: Services, user: Pick<UserRow, "id" | "username" | "passwordHash">, candidate: string) {
  const policy = passwordPolicy(svc);
  const issues = checkPasswordShape(policy, candidate, user.username);
  if (issues.length === 0) {
    const history = await svc.db
      .select({ hash: passwordHistory.passwordHash })
      .from(passwordHistory)
      .where(eq(passwordHistory.userId, user.id))
      .orderBy(desc(passwordHistory.createdAt))
      .limit(Math.max(0, policy.historyCount - 1));
    for (const h of [user.passwordHash, ...history.map((x) => x.hash)]) {
      if (await verifyPassword(h, candidate)) {
        issues.push({ path: "newPassword", message: `新密码不能与最近 ${policy.historyCount} 次使用过的密码相同。` });
        break;
      }
    }
  }
  return issues;
}

export async function changePassword(svc: Services, session: SessionRow, input: { currentPassword: string; newPassword: string }, ip: string): Promise<SessionRow> {
  if (session.stage === "totp") throw new AppError("STAGE_REQUIRED", "请先输入动态验证码。");
  const [user] = await svc.db.select().from(users).where(eq(users.id, session.userId));
  if (!user) throw new AppError("UNAUTHENTICATED");
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("VALIDATION_FAILED", "当前密码不正确。", { issues: [{ path: "currentPassword", message: "当前密码不正确" }] });
  }
  assertNoIssues(await passwordIssues(svc, user, input.newPassword), "新密码不符合密码策略。");
  const newHash = await hashPassword(input.newPassword);
  const updated = { ...user, mustChangePassword: false, passwordChangedAt: now() };
  const stage = session.stage === "password_change" ? await stageAfterSecondFactor(svc, updated) : session.stage;
  return svc.db.transaction(async (tx) => {
    await tx.insert(passwordHistory).values({ userId: user.id, passwordHash: user.passwordHash });
    await tx.update(users).set({ passwordHash: newHash, mustChangePassword: false, passwordChangedAt: now() }).where(eq(users.id, user.id));
    // Every other session of this person ends with the old password.
    await tx
      .update(sessions)
      .set({ revokedAt: now() })
      .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt), sql`${sessions.id} <> ${session.id}`));
    const [s] = await tx.update(sessions).set({ stage, lastSeenAt: now() }).where(eq(sessions.id, session.id)).returning();
    await recordAudit(tx, { id: user.id, name: `${user.realName}（${user.username}）`, ip }, { action: "auth.password_changed", targetType: "user", targetId: user.id, summary: "本人修改密码" });
    return s!;
  });
}

/** Moves a session past the TOTP set-up stage once the person has bound an authenticator. */
export async function refreshStage(svc: Services, session: SessionRow): Promise<SessionRow> {
  if (session.stage !== "totp_setup") return session;
  const [user] = await svc.db.select().from(users).where(eq(users.id, session.userId));
  if (!user) return session;
  const stage = await stageAfterSecondFactor(svc, user);
  const [s] = await svc.db.update(sessions).set({ stage }).where(eq(sessions.id, session.id)).returning();
  return s!;
}

// ---------- sessions ----------

export interface ResolvedSession {
  session: SessionRow;
  user: UserRow;
  unitName: string;
  actor: Actor;
}

/** The session behind a cookie token, or null when absent, revoked, idle too long or too old. */
export async function resolveSession(svc: Services, token: string | undefined, ip: string): Promise<ResolvedSession | null> {
  if (!token || token.length > 100) return null;
  const [row] = await svc.db
    .select({ session: sessions, user: users, unitName: units.name })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(sessions.tokenHash, sha256(token)))
    .limit(1);
  if (!row || row.session.revokedAt) return null;
  const s = svc.profile.values.session;
  const t = now().getTime();
  const idle = t - row.session.lastSeenAt.getTime() > s.idleMinutes * 60_000;
  const tooOld = t - row.session.createdAt.getTime() > s.absoluteHours * 3_600_000;
  if (idle || tooOld || row.user.status !== "active") {
    await svc.db.update(sessions).set({ revokedAt: now() }).where(eq(sessions.id, row.session.id));
    return null;
  }
  // Touch at most once a minute: fewer writes, same idle semantics within a minute.
  if (t - row.session.lastSeenAt.getTime() > 60_000) {
    await svc.db.update(sessions).set({ lastSeenAt: now() }).where(eq(sessions.id, row.session.id));
  }
  const assignments = await loadAssignments(svc, row.user.id);
  return {
    session: row.session,
    user: row.user,
    unitName: row.unitName,
    actor: { userId: row.user.id, username: row.user.username, realName: row.user.realName, unitId: row.user.unitId, ip, assignments },
  };
}

export async function loadAssignments(svc: Services, userId: string): Promise<Assignment[]> {
  const rows = await svc.db.select().from(roleAssignments).where(eq(roleAssignments.userId, userId));
  return rows.map((r) => ({ id: r.id, role: r.role as RoleKey, level: r.level, siteId: r.siteId, columnIds: r.columnIds ?? null }));
}

export async function logout(svc: Services, r: ResolvedSession): Promise<void> {
  await svc.db.transaction(async (tx) => {
    await tx.update(sessions).set({ revokedAt: now() }).where(eq(sessions.id, r.session.id));
    await recordAudit(tx, { id: r.user.id, name: `${r.user.realName}（${r.user.username}）`, ip: r.actor.ip }, { action: "auth.logout", targetType: "user", targetId: r.user.id, summary: "退出登录" });
  });
}

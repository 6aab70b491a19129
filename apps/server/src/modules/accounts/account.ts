// The signed-in person's own account: profile data, TOTP binding, notifications.
import { and, desc, eq } from "drizzle-orm";
import { notifications, units, users } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { AppError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, type Actor } from "./roles.ts";
import { isTotpRequired, passwordPolicy } from "./auth.ts";
import { passwordExpiresAt, verifyPassword } from "./passwords.ts";
import { checkTotp, newTotpSecret, openSecret, sealSecret, totpProvisioning } from "./totp.ts";

export async function me(svc: Services, userId: string) {
  const [row] = await svc.db.select({ u: users, unitName: units.name }).from(users).innerJoin(units, eq(units.id, users.unitId)).where(eq(users.id, userId));
  if (!row) throw new AppError("UNAUTHENTICATED");
  const u = row.u;
  return {
    id: u.id,
    username: u.username,
    realName: u.realName,
    title: u.title,
    unitId: u.unitId,
    unitName: row.unitName,
    mobile: u.mobile,
    email: u.email,
    totpEnabled: u.totpEnabled,
    totpRequired: await isTotpRequired(svc, u.id),
    passwordExpiresAt: passwordExpiresAt(passwordPolicy(svc), u.passwordChangedAt),
  };
}

/** A fresh secret, kept sealed on the account but not active until a code confirms it. */
export async function startTotpSetup(svc: Services, actor: Actor) {
  const [u] = await svc.db.select().from(users).where(eq(users.id, actor.userId));
  if (!u) throw new AppError("UNAUTHENTICATED");
  if (u.totpEnabled) throw new AppError("CONFLICT", "已绑定动态验证码；如需更换，请先解除绑定。");
  const secret = newTotpSecret();
  await svc.db.update(users).set({ totpSecret: sealSecret(secret, svc.config.sessionSecret) }).where(eq(users.id, u.id));
  return totpProvisioning(secret, u.username, "govsite 政府网站平台");
}

export async function enableTotp(svc: Services, actor: Actor, code: string) {
  const [u] = await svc.db.select().from(users).where(eq(users.id, actor.userId));
  if (!u?.totpSecret) throw new AppError("VALIDATION_FAILED", "请先获取绑定二维码。");
  if (u.totpEnabled) throw new AppError("CONFLICT", "已绑定动态验证码。");
  if (!checkTotp(openSecret(u.totpSecret, svc.config.sessionSecret), code)) throw new AppError("TOTP_INVALID", "验证码不正确：请确认手机时间准确，并输入验证器当前显示的 6 位数字。");
  await svc.db.transaction(async (tx) => {
    await tx.update(users).set({ totpEnabled: true }).where(eq(users.id, u.id));
    await recordAudit(tx, auditActorOf(actor), { action: "account.totp_enabled", targetType: "user", targetId: u.id, summary: "绑定动态验证码" });
  });
}

export async function disableTotp(svc: Services, actor: Actor, password: string) {
  const [u] = await svc.db.select().from(users).where(eq(users.id, actor.userId));
  if (!u) throw new AppError("UNAUTHENTICATED");
  if (!(await verifyPassword(u.passwordHash, password))) throw new AppError("VALIDATION_FAILED", "密码不正确。", { issues: [{ path: "password", message: "密码不正确" }] });
  if (await isTotpRequired(svc, u.id)) throw new AppError("FORBIDDEN", "您的角色要求必须启用动态验证码，不能解除绑定。");
  await svc.db.transaction(async (tx) => {
    await tx.update(users).set({ totpEnabled: false, totpSecret: null }).where(eq(users.id, u.id));
    await recordAudit(tx, auditActorOf(actor), { action: "account.totp_disabled", targetType: "user", targetId: u.id, summary: "解除动态验证码" });
  });
}

export async function myNotifications(svc: Services, actor: Actor) {
  return svc.db.select().from(notifications).where(and(eq(notifications.userId, actor.userId))).orderBy(desc(notifications.createdAt)).limit(100);
}

// The first administrator: no default account exists. It is created by `govsite create-admin` or
// through a one-time setup token printed at the first start of an empty installation.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { roleAssignments, settings, units, users } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { AppError } from "../../lib/errors.ts";
import { generatePassword, randomToken, sha256 } from "../../lib/ids.ts";
import { now } from "../../lib/clock.ts";
import { parse } from "../../lib/validate.ts";
import { recordAudit, systemActor } from "../audit/record.ts";
import { hashPassword } from "./passwords.ts";
import { userInput } from "./users.ts";

export const firstAdminInput = z.object({
  unitName: z.string().trim().min(2, "请填写单位名称").max(60).optional(),
  unitCode: z.string().trim().max(18).optional(),
  username: userInput.shape.username,
  realName: userInput.shape.realName,
  mobile: userInput.shape.mobile,
});

export async function hasAnyUser(svc: Services) {
  const [u] = await svc.db.select({ id: users.id }).from(users).limit(1);
  return !!u;
}

/** Creates a system administrator; returns the generated password (shown once). */
export async function createAdmin(svc: Services, raw: unknown, via: string): Promise<{ username: string; password: string }> {
  const input = parse(firstAdminInput, raw);
  const [taken] = await svc.db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (taken) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "username", message: "该用户名已被使用" }] });
  const password = generatePassword();
  const hash = await hashPassword(password);
  await svc.db.transaction(async (tx) => {
    let [unit] = input.unitName ? await tx.select().from(units).where(eq(units.name, input.unitName)) : await tx.select().from(units).limit(1);
    if (!unit) {
      if (!input.unitName) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "unitName", message: "系统中还没有单位，请填写管理员所在单位名称" }] });
      [unit] = await tx.insert(units).values({ name: input.unitName, shortName: input.unitName.slice(0, 20), type: "egov_center", code: input.unitCode || "000000000" }).returning();
    }
    const [u] = await tx
      .insert(users)
      .values({ unitId: unit!.id, username: input.username, realName: input.realName, mobile: input.mobile, title: "系统管理员", passwordHash: hash, mustChangePassword: true, status: "active" })
      .returning();
    await tx.insert(roleAssignments).values({ userId: u!.id, role: "system_admin" });
    await recordAudit(tx, systemActor(via), { action: "user.create_admin", targetType: "user", targetId: u!.id, summary: `创建系统管理员 ${u!.realName}（${u!.username}）` });
  });
  return { username: input.username, password };
}

const TOKEN_KEY = "setup_token";

/** A token valid for 24 hours, printed at start while the installation has no account. */
export async function issueSetupToken(svc: Services): Promise<string> {
  const token = randomToken(18);
  const value = { hash: sha256(token), expiresAt: new Date(now().getTime() + 86_400_000).toISOString() };
  await svc.db.insert(settings).values({ key: TOKEN_KEY, value }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now() } });
  return token;
}

export async function setupWithToken(svc: Services, token: string, raw: unknown) {
  const [row] = await svc.db.select().from(settings).where(eq(settings.key, TOKEN_KEY));
  const v = row?.value as { hash: string; expiresAt: string } | undefined;
  if (!v || v.hash !== sha256(token) || new Date(v.expiresAt) < now() || (await hasAnyUser(svc))) {
    throw new AppError("FORBIDDEN", "初始化令牌无效或已过期；如系统已有账号，请使用 govsite create-admin 命令。");
  }
  const result = await createAdmin(svc, raw, "初始化向导");
  await svc.db.delete(settings).where(eq(settings.key, TOKEN_KEY));
  return result;
}

// Daily reminder: passwords that expire within a week (or already have) get one notification a day.
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { notifications, users } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { now } from "../../lib/clock.ts";
import { passwordPolicy } from "./auth.ts";
import { passwordExpiresAt } from "./passwords.ts";

const DAY = 86_400_000;

export async function accountReminders(svc: Services): Promise<{ reminded: number }> {
  const policy = passwordPolicy(svc);
  const t = now().getTime();
  const threshold = new Date(t - (policy.rotationDays - 7) * DAY);
  const candidates = await svc.db
    .select()
    .from(users)
    .where(and(eq(users.status, "active"), lt(users.passwordChangedAt, threshold), or(isNull(users.lastReminderAt), lt(users.lastReminderAt, new Date(t - 20 * 3_600_000)))));
  for (const u of candidates) {
    const expires = passwordExpiresAt(policy, u.passwordChangedAt);
    const days = Math.ceil((expires.getTime() - t) / DAY);
    await svc.db.transaction(async (tx) => {
      await tx.insert(notifications).values({
        userId: u.id,
        kind: "password_expiry",
        title: days > 0 ? `您的密码将在 ${days} 天后到期` : "您的密码已到期",
        body: days > 0 ? `按照密码策略，密码每 ${policy.rotationDays} 天须更换一次，请在到期前修改。` : "下次登录时须先修改密码。",
        link: "/account",
      });
      await tx.update(users).set({ lastReminderAt: now() }).where(eq(users.id, u.id));
    });
  }
  return { reminded: candidates.length };
}

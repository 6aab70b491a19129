// Daily check that the calendar holds this year's and (from the profile's month) next year's
// official schedule; system administrators get one notification a day while it is missing.
import { and, eq, gte, inArray } from "drizzle-orm";
import { notifications, roleAssignments } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { now } from "../../lib/clock.ts";
import { coverage } from "./calendar.ts";

export async function calendarCoverageReminder(svc: Services): Promise<{ warnings: number; notified: number }> {
  const cov = await coverage(svc);
  if (cov.warnings.length === 0) return { warnings: 0, notified: 0 };
  const admins = await svc.db.selectDistinct({ userId: roleAssignments.userId }).from(roleAssignments).where(eq(roleAssignments.role, "system_admin"));
  const since = new Date(now().getTime() - 20 * 3_600_000);
  const recent = admins.length
    ? await svc.db
        .select({ userId: notifications.userId })
        .from(notifications)
        .where(and(eq(notifications.kind, "calendar_coverage"), gte(notifications.createdAt, since), inArray(notifications.userId, admins.map((a) => a.userId))))
    : [];
  const done = new Set(recent.map((r) => r.userId));
  let notified = 0;
  for (const a of admins) {
    if (done.has(a.userId)) continue;
    await svc.db.insert(notifications).values({ userId: a.userId, kind: "calendar_coverage", title: "工作日历需要补录节假日安排", body: cov.warnings.map((w) => w.message).join("；"), link: "/calendar", createdAt: now() });
    notified++;
  }
  return { warnings: cov.warnings.length, notified };
}

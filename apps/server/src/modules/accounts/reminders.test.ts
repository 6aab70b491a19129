import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createHarness, makeUnit, makeUser, type Harness } from "../../testing/harness.ts";
import { testClock } from "../../lib/clock.ts";
import { notifications, roleAssignments } from "../../db/schema.ts";
import { accountReminders } from "./reminders.ts";
import { calendarCoverageReminder } from "../calendar/reminders.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());
afterEach(() => testClock.reset());

describe("scheduled reminders", () => {
  it("reminds once a day in the week before a password expires", async () => {
    const unit = await makeUnit(h.svc);
    const u = await makeUser(h.svc, unit.id);
    const rotation = h.svc.profile.values.password.rotationDays;
    expect((await accountReminders(h.svc)).reminded).toBe(0);
    testClock.advance((rotation - 3) * 86_400_000);
    expect((await accountReminders(h.svc)).reminded).toBeGreaterThanOrEqual(1);
    expect((await accountReminders(h.svc)).reminded, "not twice the same day").toBe(0);
    const mine = await h.svc.db.select().from(notifications).where(eq(notifications.userId, u.id));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.title).toBe("您的密码将在 3 天后到期");
    testClock.advance(86_400_000);
    await accountReminders(h.svc);
    expect(await h.svc.db.select().from(notifications).where(eq(notifications.userId, u.id))).toHaveLength(2);
  });

  it("warns system administrators when next year's holiday schedule is missing", async () => {
    const unit = await makeUnit(h.svc);
    const admin = await makeUser(h.svc, unit.id, [{ role: "system_admin" }]);
    testClock.freeze(new Date("2030-11-20T09:00:00+08:00")); // chinese-days has no 2031 schedule
    const r = await calendarCoverageReminder(h.svc);
    expect(r.warnings).toBeGreaterThan(0);
    const n = await h.svc.db.select().from(notifications).where(eq(notifications.userId, admin.id));
    expect(n.some((x) => x.kind === "calendar_coverage" && x.body.includes("2031"))).toBe(true);
    expect((await calendarCoverageReminder(h.svc)).notified, "once a day").toBe(0);
    void roleAssignments;
  });
});

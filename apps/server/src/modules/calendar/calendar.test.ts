import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { formatShanghai } from "@govsite/calendar";
import { Client, createHarness, makeUnit, makeUser, type Harness } from "../../testing/harness.ts";
import { openDeadline } from "./calendar.ts";
import { deadlines } from "../../db/schema.ts";

let h: Harness;
let admin: Client;
beforeAll(async () => {
  h = await createHarness();
  const unit = await makeUnit(h.svc);
  const u = await makeUser(h.svc, unit.id, [{ role: "system_admin" }]);
  admin = new Client(h.app, "10.30.0.1");
  await admin.login(u);
});
afterAll(() => h.close());

describe("working-day calendar in the product", () => {
  it("computes deadlines across holidays and 调休 Saturdays from the stored calendar", async () => {
    const cases: Array<[string, number, string]> = [
      ["2025-09-29T10:00:00+08:00", 2, "2025-10-09T23:59:59+08:00"], // National Day; 10-11 (Sat) is a make-up workday
      ["2025-09-27T09:00:00+08:00", 1, "2025-09-28T23:59:59+08:00"], // received on Sat 09-27; Sun 09-28 is a make-up workday → day 1
      ["2024-02-08T16:00:00+08:00", 1, "2024-02-09T23:59:59+08:00"], // 除夕 2024-02-09 was a working Friday
      ["2024-02-09T16:00:00+08:00", 1, "2024-02-18T23:59:59+08:00"], // Spring Festival 02-10…17; Sun 02-18 make-up workday
      ["2026-02-13T12:00:00+08:00", 1, "2026-02-14T23:59:59+08:00"], // 2026 Spring Festival: Sat 02-14 is a make-up workday
      ["2024-12-31T23:30:00+08:00", 1, "2025-01-02T23:59:59+08:00"], // late night, New Year's Day
    ];
    for (const [from, n, due] of cases) {
      const r = await admin.get(`/api/calendar/due?from=${encodeURIComponent(from)}&workdays=${n}`);
      expect(r.body.due, `${from} + ${n}`).toBe(due);
    }
  });

  it("recomputes every open deadline when a day is edited, and audits it with the reason", async () => {
    const cal = await h.svc.calendar();
    const open = await h.svc.db.transaction((tx) => openDeadline(tx, cal, { subjectType: "test", subjectId: "letter-1", stage: "reply", startAt: new Date("2026-06-01T09:00:00+08:00"), workdays: 5 }));
    const closedLater = await h.svc.db.transaction((tx) => openDeadline(tx, cal, { subjectType: "test", subjectId: "letter-2", stage: "reply", startAt: new Date("2026-06-01T09:00:00+08:00"), workdays: 5 }));
    await h.svc.db.update(deadlines).set({ closedAt: new Date() }).where(eq(deadlines.id, closedLater.id));
    expect(formatShanghai(open.dueAt!)).toBe("2026-06-08T23:59:59+08:00");

    const r = await admin.put("/api/calendar/2026-06-03", { kind: "holiday", name: "临时放假", reason: "示府办发〔2026〕8号 临时调整" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.recomputed).toBe(1);
    const [after] = await h.svc.db.select().from(deadlines).where(eq(deadlines.id, open.id));
    expect(formatShanghai(after!.dueAt!)).toBe("2026-06-09T23:59:59+08:00");
    const [closed] = await h.svc.db.select().from(deadlines).where(eq(deadlines.id, closedLater.id));
    expect(formatShanghai(closed!.dueAt!), "closed deadlines keep their history").toBe("2026-06-08T23:59:59+08:00");

    const undo = await admin.delete("/api/calendar/2026-06-03", { reason: "撤销临时调整" });
    expect(undo.body.recomputed).toBe(1);
    const [back] = await h.svc.db.select().from(deadlines).where(eq(deadlines.id, open.id));
    expect(formatShanghai(back!.dueAt!)).toBe("2026-06-08T23:59:59+08:00");
  });

  it("refuses bad edits with Chinese messages and changes nothing", async () => {
    const noReason = await admin.put("/api/calendar/2026-06-04", { kind: "holiday", name: "x" });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain("修改依据");
    const weekdayMakeup = await admin.put("/api/calendar/2026-06-04", { kind: "workday", name: "调休", reason: "测试用的依据说明" });
    expect(weekdayMakeup.status).toBe(400);
    expect(weekdayMakeup.body.error.message).toContain("周六或周日");
    const badDate = await admin.put("/api/calendar/2026-13-45", { kind: "holiday", name: "x", reason: "测试用的依据说明" });
    expect(badDate.status).toBe(400);
    const year = await admin.get("/api/calendar?year=2026");
    expect(year.body.days.some((d: { day: string }) => d.day === "2026-06-04")).toBe(false);
    expect(year.body.covered).toBe(true);
  });
});

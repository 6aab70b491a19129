import { describe, expect, it } from "vitest";
import {
  CalendarError,
  WorkCalendar,
  computeDeadline,
  coverageWarnings,
  coveredYears,
  diffEntries,
  formatShanghai,
  hasYear,
  isOverdue,
  seedEntries,
  shanghaiDate,
  validateEntries,
  type CalendarEntry,
} from "./index.ts";

const entries = seedEntries(2023, 2026);
const cal = new WorkCalendar(entries);
const due = (from: string, n: number) => formatShanghai(cal.addWorkdays(from, n));

describe("seed data from chinese-days", () => {
  it("carries the 2025 National Day schedule with Chinese names and its two make-up Sundays/Saturdays", () => {
    const byDate = new Map(entries.map((e) => [e.date, e]));
    expect(byDate.get("2025-09-28")).toEqual({ date: "2025-09-28", kind: "workday", name: "国庆节" });
    expect(byDate.get("2025-10-11")).toEqual({ date: "2025-10-11", kind: "workday", name: "国庆节" });
    for (const d of ["01", "02", "03", "04", "05", "07", "08"]) {
      expect(byDate.get(`2025-10-${d}`)).toMatchObject({ kind: "holiday", name: "国庆节" });
    }
    // 2025: 中秋 falls inside the National Day break; the notice names it 中秋节.
    expect(byDate.get("2025-10-06")).toMatchObject({ kind: "holiday", name: "中秋节" });
    expect(byDate.get("2025-10-09")).toBeUndefined();
  });

  it("uses the official full names", () => {
    const names = new Set(entries.map((e) => e.name));
    expect(names).toEqual(new Set(["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]));
  });

  it("reports which years are covered and never pretends to cover a missing year", () => {
    expect(coveredYears(entries)).toEqual([2023, 2024, 2025, 2026]);
    expect(hasYear(entries, 2025)).toBe(true);
    expect(hasYear(entries, 2022)).toBe(false); // outside the requested range
    const all = seedEntries(2000, 2100);
    expect(hasYear(all, 2004)).toBe(true);
    expect(hasYear(all, 2003)).toBe(false); // before the package's data
    expect(hasYear(all, 2099)).toBe(false); // not announced
    expect(seedEntries(2099, 2099)).toEqual([]);
  });

  it("does not count a year as covered from its New Year's Day alone", () => {
    const partial: CalendarEntry[] = [
      ...entries,
      { date: "2027-01-01", kind: "holiday", name: "元旦" },
    ];
    expect(hasYear(partial, 2027)).toBe(false);
  });
});

describe("WorkCalendar.isWorkday", () => {
  it("follows weekends, holidays and 调休 make-up days", () => {
    expect(cal.isWorkday("2025-09-30")).toBe(true); // Tuesday
    expect(cal.isWorkday("2025-10-01")).toBe(false); // National Day
    expect(cal.isWorkday("2025-09-28")).toBe(true); // Sunday make-up day
    expect(cal.isWorkday("2025-10-11")).toBe(true); // Saturday make-up day
    expect(cal.isWorkday("2025-10-12")).toBe(false); // ordinary Sunday
    expect(cal.isWorkday("2024-02-04")).toBe(true); // Sunday before Spring Festival 2024
    expect(cal.isWorkday("2026-02-14")).toBe(true); // Saturday before Spring Festival 2026
  });

  it("reads instants in Shanghai time, not UTC", () => {
    // 2025-10-09 01:00 in Shanghai is still 2025-10-08 (a holiday) in UTC.
    const instant = new Date("2025-10-08T17:00:00Z");
    expect(shanghaiDate(instant)).toBe("2025-10-09");
    expect(cal.isWorkday(instant)).toBe(true);
    // A date-time without offset is Shanghai local time whatever the server's time zone.
    expect(shanghaiDate("2025-10-08T23:30")).toBe("2025-10-08");
    expect(cal.isWorkday("2025-10-08T23:30")).toBe(false);
  });

  it("describes days for the console", () => {
    expect(cal.dayInfo("2025-10-11")).toMatchObject({ kind: "makeup_workday", label: "国庆节调休上班", workday: true });
    expect(cal.dayInfo("2026-02-17")).toMatchObject({ kind: "holiday", label: "春节放假", workday: false });
    expect(cal.dayInfo("2025-10-12")).toMatchObject({ kind: "weekend", label: "周末", covered: true });
    expect(cal.dayInfo("2030-03-04")).toMatchObject({ kind: "workday", covered: false });
  });

  it("finds the next working day strictly after a date", () => {
    expect(cal.nextWorkday("2025-09-30")).toBe("2025-10-09");
    expect(cal.nextWorkday("2025-09-26")).toBe("2025-09-28");
    expect(cal.nextWorkday("2025-10-10")).toBe("2025-10-11");
  });
});

describe("WorkCalendar.addWorkdays — receipt is day 0, deadline is the end of the Nth working day after it", () => {
  it("carries a deadline over the 2025 National Day break", () => {
    // 2025-09-30 is day 1; 1–8 October are holidays; 2025-10-09 is day 2.
    expect(due("2025-09-29T10:00+08:00", 2)).toBe("2025-10-09T23:59:59+08:00");
    expect(due("2025-09-29T10:00+08:00", 1)).toBe("2025-09-30T23:59:59+08:00");
    // 2025-10-11 (Saturday) is a make-up working day and counts.
    expect(due("2025-09-29T10:00+08:00", 4)).toBe("2025-10-11T23:59:59+08:00");
  });

  it("counts the 2025-09-28 make-up Sunday", () => {
    expect(due("2025-09-26T16:00+08:00", 1)).toBe("2025-09-28T23:59:59+08:00");
  });

  it("counts 20 working days across the holiday and both make-up days", () => {
    expect(due("2025-09-15T09:00+08:00", 20)).toBe("2025-10-17T23:59:59+08:00");
  });

  it("handles Spring Festival 2024 and its make-up Sundays", () => {
    // Holidays 10–17 February 2024; 4 and 18 February (Sundays) were working days.
    expect(due("2024-02-02T10:00+08:00", 1)).toBe("2024-02-04T23:59:59+08:00");
    expect(due("2024-02-09T10:00+08:00", 1)).toBe("2024-02-18T23:59:59+08:00");
    expect(due("2024-02-09T10:00+08:00", 2)).toBe("2024-02-19T23:59:59+08:00");
  });

  it("handles Spring Festival 2026 and its make-up Saturdays", () => {
    // Holidays 15–23 February 2026; 14 and 28 February (Saturdays) are working days.
    expect(due("2026-02-13T10:00+08:00", 1)).toBe("2026-02-14T23:59:59+08:00");
    expect(due("2026-02-13T10:00+08:00", 2)).toBe("2026-02-24T23:59:59+08:00");
    expect(due("2026-02-14T10:00+08:00", 1)).toBe("2026-02-24T23:59:59+08:00");
    expect(due("2026-02-26T10:00+08:00", 2)).toBe("2026-02-28T23:59:59+08:00");
  });

  it("keeps day 0 on the date of receipt when received on a holiday", () => {
    expect(due("2025-10-03T15:00+08:00", 1)).toBe("2025-10-09T23:59:59+08:00");
    expect(due("2025-10-03T15:00+08:00", 3)).toBe("2025-10-11T23:59:59+08:00");
    // Received on a make-up Saturday: that Saturday is day 0, not day 1.
    expect(due("2025-10-11T09:00+08:00", 1)).toBe("2025-10-13T23:59:59+08:00");
  });

  it("uses the Shanghai date for receipts late at night or just after midnight", () => {
    // 23:30 on Friday 26 September is still that Friday in Shanghai.
    expect(due("2025-09-26T23:30:00+08:00", 1)).toBe("2025-09-28T23:59:59+08:00");
    // 00:30 on 1 October in Shanghai is 30 September in UTC: day 0 is 1 October.
    const afterMidnight = new Date("2025-09-30T16:30:00Z");
    expect(formatShanghai(cal.addWorkdays(afterMidnight, 1))).toBe("2025-10-09T23:59:59+08:00");
    // …whereas 23:30 on 30 September (15:30 UTC) has day 0 = 30 September.
    expect(formatShanghai(cal.addWorkdays(new Date("2025-09-30T15:30:00Z"), 1))).toBe("2025-10-09T23:59:59+08:00");
    expect(formatShanghai(cal.addWorkdays(new Date("2025-09-29T15:30:00Z"), 1))).toBe("2025-09-30T23:59:59+08:00");
  });

  it("with n = 0 the deadline is the end of the day of receipt", () => {
    expect(due("2025-10-01T09:00+08:00", 0)).toBe("2025-10-01T23:59:59+08:00");
    expect(due("2025-09-30T09:00+08:00", 0)).toBe("2025-09-30T23:59:59+08:00");
  });

  it("crosses year boundaries", () => {
    // 1–3 January 2026 are holidays and Sunday 4 January 2026 is a make-up day.
    expect(due("2025-12-31T10:00+08:00", 1)).toBe("2026-01-04T23:59:59+08:00");
    expect(due("2025-12-31T10:00+08:00", 2)).toBe("2026-01-05T23:59:59+08:00");
    // 2025 had only 1 January off.
    expect(due("2024-12-31T10:00+08:00", 1)).toBe("2025-01-02T23:59:59+08:00");
    expect(due("2023-12-29T10:00+08:00", 1)).toBe("2024-01-02T23:59:59+08:00");
  });

  it("returns an instant equal to 23:59:59 +08:00", () => {
    expect(cal.addWorkdays("2025-09-29T10:00+08:00", 2).toISOString()).toBe("2025-10-09T15:59:59.000Z");
  });

  it("rejects negative or fractional working days and invalid dates with Chinese messages", () => {
    expect(() => cal.addWorkdays("2025-09-29", -1)).toThrow(CalendarError);
    expect(() => cal.addWorkdays("2025-09-29", 1.5)).toThrow(/工作日数/);
    expect(() => cal.addWorkdays("2025-02-30", 1)).toThrow(/无效的日期/);
    expect(() => cal.addWorkdays("yesterday", 1)).toThrow(/无效的日期/);
  });
});

describe("WorkCalendar.workdaysBetween", () => {
  it("counts working days after the first date up to and including the second", () => {
    expect(cal.workdaysBetween("2025-09-29T10:00+08:00", "2025-10-09T18:00+08:00")).toBe(2);
    expect(cal.workdaysBetween("2025-09-29", "2025-09-29T23:00+08:00")).toBe(0);
    expect(cal.workdaysBetween("2025-10-01", "2025-10-08")).toBe(0);
    expect(cal.workdaysBetween("2025-10-09", "2025-09-29")).toBe(-2);
  });

  it("is the inverse of addWorkdays across 2024–2026", () => {
    for (let day = 0; day < 3 * 366; day += 7) {
      const from = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000 + 2 * 3_600_000);
      for (const n of [1, 2, 5, 15, 20]) {
        const d = cal.addWorkdays(from, n);
        if (d.getTime() > Date.UTC(2026, 11, 31)) continue;
        expect(cal.workdaysBetween(from, d)).toBe(n);
      }
    }
  });
});

describe("computeDeadline — pauses and restarts", () => {
  // March 2025 has no holidays; 4–6 April 2025 is the 清明节 break.
  const start = "2025-03-03T09:30+08:00"; // Monday

  it("without pauses equals addWorkdays", () => {
    const r = cal.computeDeadline({ start, workdays: 20 });
    expect(r.status).toBe("running");
    if (r.status !== "running") return;
    expect(r.dueText).toBe("2025-03-31T23:59:59+08:00");
    expect(r.day0).toBe("2025-03-03");
    expect(r.provisional).toBe(false);
  });

  it("does not count the working days after the day a consultation was sent, up to the day the reply came", () => {
    // Sent Monday 10 March (counted), reply Friday 14 March: 11–14 March (4 working days) not counted.
    const r = computeDeadline(cal, { start, workdays: 20, pauses: [{ from: "2025-03-10", to: "2025-03-14" }] });
    expect(r).toMatchObject({ status: "running", dueDate: "2025-04-07", pausedWorkdays: 4 });
  });

  it("merges overlapping pauses and ignores weekends inside them", () => {
    const r = cal.computeDeadline({
      start,
      workdays: 20,
      pauses: [
        { from: "2025-03-10", to: "2025-03-13" },
        { from: "2025-03-12", to: "2025-03-17" }, // covers 11–14 and 17 March; 15–16 is a weekend
      ],
    });
    expect(r).toMatchObject({ status: "running", pausedWorkdays: 5, dueDate: "2025-04-08" });
  });

  it("ignores pauses that end before day 0 or start after the deadline", () => {
    const r = cal.computeDeadline({
      start,
      workdays: 5,
      pauses: [
        { from: "2025-02-20", to: "2025-03-02" },
        { from: "2025-03-10", to: "2025-03-20" },
      ],
    });
    expect(r).toMatchObject({ status: "running", dueDate: "2025-03-10", pausedWorkdays: 0 });
  });

  it("stops the clock on an open pause and says how much is left", () => {
    const r = cal.computeDeadline({ start, workdays: 20, pauses: [{ from: "2025-03-07T15:00+08:00" }] });
    expect(r).toMatchObject({
      status: "paused",
      due: null,
      pausedSince: "2025-03-07",
      countedWorkdays: 4,
      remainingWorkdays: 16,
    });
  });

  it("counts from the day the correction (补正) was received as a new day 0", () => {
    const r = cal.computeDeadline({ start, workdays: 20, restartAt: "2025-03-10T11:00+08:00" });
    expect(r).toMatchObject({ status: "running", day0: "2025-03-10", dueDate: "2025-04-08" });
  });

  it("applies pauses after a restart and ignores those before it", () => {
    const r = cal.computeDeadline({
      start,
      workdays: 20,
      restartAt: "2025-03-10",
      pauses: [
        { from: "2025-03-04", to: "2025-03-07" },
        { from: "2025-03-17", to: "2025-03-18" },
      ],
    });
    expect(r).toMatchObject({ status: "running", pausedWorkdays: 1, dueDate: "2025-04-09" });
  });

  it("extends across the National Day break with a third-party pause (20 + 15 not counted)", () => {
    const r = cal.computeDeadline({
      start: "2025-09-01T10:00+08:00",
      workdays: 20,
      pauses: [{ from: "2025-09-15", to: "2025-09-22" }],
    });
    // Without the pause the 20th working day is the make-up Sunday, 28 September. The pause covers
    // 16–19 and 22 September (5 working days), which moves the deadline over the holiday:
    // 29, 30 September, 9, 10 and 11 (make-up Saturday) October.
    expect(cal.computeDeadline({ start: "2025-09-01T10:00+08:00", workdays: 20 })).toMatchObject({
      dueDate: "2025-09-28",
    });
    expect(r).toMatchObject({ status: "running", pausedWorkdays: 5, dueDate: "2025-10-11" });
  });

  it("marks deadlines that run into a year without an official schedule as provisional", () => {
    const r = cal.computeDeadline({ start: "2026-12-20T10:00+08:00", workdays: 20 });
    expect(r).toMatchObject({ status: "running", provisional: true, uncoveredYears: [2027] });
  });

  it("rejects a pause that ends before it starts and a restart before receipt", () => {
    expect(() => cal.computeDeadline({ start, workdays: 5, pauses: [{ from: "2025-03-10", to: "2025-03-05" }] })).toThrow(
      /暂停期/,
    );
    expect(() => cal.computeDeadline({ start, workdays: 5, restartAt: "2025-03-01" })).toThrow(/补正/);
  });

  it("with 0 working days is due at the end of day 0", () => {
    expect(cal.computeDeadline({ start, workdays: 0 })).toMatchObject({ dueText: "2025-03-03T23:59:59+08:00" });
  });
});

describe("overdue and formatting", () => {
  it("becomes overdue on the next calendar day in Shanghai", () => {
    const d = cal.addWorkdays("2025-09-29T10:00+08:00", 2);
    expect(isOverdue(d, "2025-10-09T23:59:59.900+08:00")).toBe(false);
    expect(isOverdue(d, "2025-10-10T00:00:00+08:00")).toBe(true);
  });

  it("formats any instant in +08:00", () => {
    expect(formatShanghai(new Date("2025-01-31T16:05:07Z"))).toBe("2025-02-01T00:05:07+08:00");
    expect(formatShanghai("2025-09-29")).toBe("2025-09-29T00:00:00+08:00");
  });
});

describe("editing the calendar", () => {
  it("validates an edited table with Chinese messages", () => {
    const issues = validateEntries([
      { date: "2027-01-01", kind: "holiday", name: "元旦" },
      { date: "2027-01-01", kind: "holiday", name: "元旦" },
      { date: "2027-02-30", kind: "holiday", name: "春节" },
      { date: "2027-02-03", kind: "workday", name: "春节" }, // a Wednesday
      { date: "2027-02-06", kind: "workday", name: " " },
    ]);
    expect(issues.map((i) => i.code)).toEqual(["duplicate_date", "invalid_date", "workday_on_weekday", "empty_name"]);
    expect(issues[0]?.message).toMatch(/重复/);
    expect(validateEntries(entries)).toEqual([]);
  });

  it("lists changed dates so open deadlines can be recomputed", () => {
    const edited: CalendarEntry[] = [
      ...entries.filter((e) => e.date !== "2025-10-11"),
      { date: "2025-10-10", kind: "holiday", name: "国庆节" },
    ];
    expect(diffEntries(entries, edited).map((c) => c.date)).toEqual(["2025-10-10", "2025-10-11"]);
    const after = new WorkCalendar(edited);
    expect(formatShanghai(after.addWorkdays("2025-09-29T10:00+08:00", 3))).toBe("2025-10-13T23:59:59+08:00");
  });

  it("lets later entries for the same date override seeded ones", () => {
    const c = new WorkCalendar([...entries, { date: "2025-10-11", kind: "holiday", name: "国庆节" }]);
    expect(c.isWorkday("2025-10-11")).toBe(false);
  });

  it("warns when the current or next year's schedule is missing", () => {
    expect(coverageWarnings(entries, "2026-10-20T10:00+08:00", 11)).toEqual([]);
    const w = coverageWarnings(entries, "2026-11-02T10:00+08:00", 11);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ year: 2027, level: "warning" });
    expect(w[0]?.message).toMatch(/2027 年/);
    expect(coverageWarnings(entries, "2027-01-05", 11).map((x) => x.level)).toEqual(["error"]);
    expect(coverageWarnings(entries, "2027-12-01", 11).map((x) => x.year)).toEqual([2027, 2028]);
  });
});

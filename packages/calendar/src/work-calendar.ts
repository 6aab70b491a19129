import {
  addDays,
  endOfShanghaiDay,
  formatShanghai,
  isWeekend,
  shanghaiDate,
  yearOf,
  type DateInput,
  type IsoDate,
} from "./dates.ts";
import { coveredYears, seedEntries, type CalendarEntry } from "./entries.ts";
import { CalendarError } from "./errors.ts";

/** How far a count may walk before we decide the calendar is broken (ten years of days). */
const MAX_SCAN_DAYS = 3660;

export type DayKind = "workday" | "weekend" | "holiday" | "makeup_workday";

export interface DayInfo {
  date: IsoDate;
  workday: boolean;
  kind: DayKind;
  /** Holiday name for holidays and make-up days, e.g. "春节". */
  name: string | null;
  /** Chinese label for display: "工作日", "周末", "春节放假", "春节调休上班". */
  label: string;
  /** False when the date's year has no official schedule in this calendar (see `coveredYears`). */
  covered: boolean;
}

/** A period during which the clock is stopped, e.g. 征求第三方意见. Dates or instants. */
export interface Pause {
  from: DateInput;
  /** Absent while the pause is still open. */
  to?: DateInput;
}

export interface DeadlineInput {
  /** The moment of receipt (收到申请/来信之日). */
  start: DateInput;
  /** The number of working days allowed, including any approved extension. */
  workdays: number;
  pauses?: readonly Pause[];
  /** When a corrected application (补正) was received: counting starts again from this day. */
  restartAt?: DateInput;
}

interface DeadlineCommon {
  /** Day 0 of the count: the Shanghai date of `restartAt` if given, else of `start`. */
  day0: IsoDate;
  workdays: number;
  /** Working days not counted because they fell inside a pause. */
  pausedWorkdays: number;
  /**
   * True when the count ran through a year without an official schedule in the calendar, so the
   * result assumes plain weekends and will change once that year's schedule is entered.
   */
  provisional: boolean;
  uncoveredYears: number[];
}

export type DeadlineResult =
  | (DeadlineCommon & {
      status: "running";
      /** 23:59:59 Shanghai time of the last day. */
      due: Date;
      dueDate: IsoDate;
      /** `due` formatted, e.g. "2025-10-09T23:59:59+08:00". */
      dueText: string;
    })
  | (DeadlineCommon & {
      /** An open pause stopped the clock before the deadline was reached. */
      status: "paused";
      due: null;
      pausedSince: IsoDate;
      /** Working days already counted when the clock stopped. */
      countedWorkdays: number;
      remainingWorkdays: number;
    });

function checkWorkdays(n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new CalendarError("CALENDAR_INVALID_WORKDAYS", `工作日数应为非负整数，收到：${String(n)}`);
  }
}

/**
 * Working-day arithmetic on the official Chinese calendar, in Asia/Shanghai.
 *
 * The product's rule for every "N 个工作日" period: **the day of receipt is day 0; the deadline is
 * the end (23:59:59 Shanghai time) of the Nth working day after it.** Receipt on a rest day does
 * not move day 0 — the count simply starts with the next working day. Receipt at 23:30 Shanghai
 * time is that Shanghai date even though the UTC date is already the next day.
 */
export class WorkCalendar {
  readonly entries: readonly CalendarEntry[];
  private readonly byDate: Map<IsoDate, CalendarEntry>;
  private readonly covered: Set<number>;

  /**
   * @param entries overrides of the weekend rule (later entries for the same date win, so an
   *   administrator's edits can be appended to the seeded list)
   * @param options.coveredYears years to treat as covered; by default computed by `coveredYears`
   */
  constructor(entries: readonly CalendarEntry[], options: { coveredYears?: Iterable<number> } = {}) {
    this.byDate = new Map();
    for (const e of entries) this.byDate.set(e.date, e);
    this.entries = [...this.byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
    this.covered = new Set(options.coveredYears ?? coveredYears(this.entries));
  }

  /** A calendar seeded from the installed `chinese-days` package (all years it knows by default). */
  static fromPackage(fromYear = 2004, toYear = 2100): WorkCalendar {
    return new WorkCalendar(seedEntries(fromYear, toYear));
  }

  coveredYears(): number[] {
    return [...this.covered].sort((a, b) => a - b);
  }

  isCovered(date: DateInput): boolean {
    return this.covered.has(yearOf(shanghaiDate(date)));
  }

  isWorkday(date: DateInput): boolean {
    return this.workdayOn(shanghaiDate(date));
  }

  private workdayOn(d: IsoDate): boolean {
    const e = this.byDate.get(d);
    if (e) return e.kind === "workday";
    return !isWeekend(d);
  }

  dayInfo(date: DateInput): DayInfo {
    const d = shanghaiDate(date);
    const e = this.byDate.get(d);
    const covered = this.covered.has(yearOf(d));
    if (e?.kind === "holiday") {
      return { date: d, workday: false, kind: "holiday", name: e.name, label: `${e.name}放假`, covered };
    }
    if (e?.kind === "workday") {
      return {
        date: d,
        workday: true,
        kind: "makeup_workday",
        name: e.name,
        label: `${e.name}调休上班`,
        covered,
      };
    }
    return isWeekend(d)
      ? { date: d, workday: false, kind: "weekend", name: null, label: "周末", covered }
      : { date: d, workday: true, kind: "workday", name: null, label: "工作日", covered };
  }

  /** The first working day strictly after the Shanghai date of `date`. */
  nextWorkday(date: DateInput): IsoDate {
    let d = shanghaiDate(date);
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      d = addDays(d, 1);
      if (this.workdayOn(d)) return d;
    }
    throw new CalendarError("CALENDAR_NO_WORKDAY", `自 ${shanghaiDate(date)} 起十年内没有工作日，请检查工作日历`);
  }

  /**
   * The date of the Nth working day after the Shanghai date of `from` (day 0). For n = 0 it is
   * day 0 itself, whether or not that is a working day ("当日").
   */
  dueDate(from: DateInput, n: number): IsoDate {
    checkWorkdays(n);
    let d = shanghaiDate(from);
    for (let counted = 0; counted < n; ) {
      d = this.nextWorkday(d);
      counted++;
    }
    return d;
  }

  /** The deadline instant: 23:59:59 Shanghai time of `dueDate(from, n)`. */
  addWorkdays(from: DateInput, n: number): Date {
    return endOfShanghaiDay(this.dueDate(from, n));
  }

  /**
   * Working days elapsed from `a` to `b`: the working days after a's Shanghai date up to and
   * including b's. It is the inverse of `dueDate` (an answer given on the due date of an N-day
   * deadline took N working days) and is what "平均办理时间（工作日）" averages. Negative when b is
   * before a; 0 on the same day.
   */
  workdaysBetween(a: DateInput, b: DateInput): number {
    const da = shanghaiDate(a);
    const db = shanghaiDate(b);
    if (db < da) return -this.workdaysBetween(db, da);
    let count = 0;
    for (let d = addDays(da, 1); d <= db; d = addDays(d, 1)) if (this.workdayOn(d)) count++;
    return count;
  }

  /** All working days in [from, to] (Shanghai dates, inclusive). */
  workdaysIn(from: DateInput, to: DateInput): IsoDate[] {
    const out: IsoDate[] = [];
    const end = shanghaiDate(to);
    for (let d = shanghaiDate(from); d <= end; d = addDays(d, 1)) if (this.workdayOn(d)) out.push(d);
    return out;
  }

  /**
   * A statutory deadline with pauses and restarts (政府信息公开条例 第三十条、第三十三条).
   *
   * Exact semantics:
   * - Day 0 is the Shanghai date of `restartAt` when given (补正: "答复期限自行政机关收到补正的申请
   *   之日起计算"), otherwise of `start`. Everything before day 0 is irrelevant, including pauses.
   * - The deadline is the end of the `workdays`-th counted working day after day 0.
   * - A pause {from: F, to: T} stops the clock for the working days d with F < d ≤ T (Shanghai
   *   dates). The day the consultation is sent still counts (the office worked on the file that
   *   day); the day the reply arrives does not — it is the new "day 0" of the resumed count, exactly
   *   like a receipt. The deadline therefore moves by the number of working days the pause covers.
   *   Overlapping pauses are merged. A pause starting on or after the deadline changes nothing.
   * - An open pause (no `to`) that starts before the deadline stops the clock: the result has
   *   status "paused", no due date, and the working days still remaining.
   * - `workdays` = 0: the deadline is the end of day 0.
   */
  computeDeadline(input: DeadlineInput): DeadlineResult {
    checkWorkdays(input.workdays);
    const day0 = shanghaiDate(input.restartAt ?? input.start);
    if (input.restartAt !== undefined && shanghaiDate(input.restartAt) < shanghaiDate(input.start)) {
      throw new CalendarError("CALENDAR_INVALID_PAUSE", "补正收到日期不能早于原收到日期");
    }
    const pauses = (input.pauses ?? []).map((p, i) => {
      const from = shanghaiDate(p.from);
      const to = p.to === undefined ? null : shanghaiDate(p.to);
      if (to !== null && to < from) {
        throw new CalendarError(
          "CALENDAR_INVALID_PAUSE",
          `第 ${i + 1} 个暂停期的结束日期（${to}）早于开始日期（${from}）`,
        );
      }
      return { from, to };
    });
    const inPause = (d: IsoDate) => pauses.some((p) => d > p.from && (p.to === null || d <= p.to));
    const openPauseAt = (d: IsoDate) => pauses.find((p) => p.to === null && d > p.from);

    const uncovered = new Set<number>();
    const note = (d: IsoDate) => {
      if (!this.covered.has(yearOf(d))) uncovered.add(yearOf(d));
    };
    note(day0);

    let d = day0;
    let counted = 0;
    let pausedWorkdays = 0;
    for (let steps = 0; counted < input.workdays; steps++) {
      if (steps > MAX_SCAN_DAYS) {
        throw new CalendarError("CALENDAR_NO_WORKDAY", `自 ${day0} 起十年内无法数满期限，请检查工作日历`);
      }
      d = addDays(d, 1);
      note(d);
      const open = openPauseAt(d);
      if (open) {
        const result: DeadlineResult = {
          status: "paused",
          due: null,
          day0,
          workdays: input.workdays,
          pausedSince: open.from > day0 ? open.from : day0,
          countedWorkdays: counted,
          remainingWorkdays: input.workdays - counted,
          pausedWorkdays,
          provisional: uncovered.size > 0,
          uncoveredYears: [...uncovered].sort((a, b) => a - b),
        };
        return result;
      }
      if (!this.workdayOn(d)) continue;
      if (inPause(d)) {
        pausedWorkdays++;
        continue;
      }
      counted++;
    }
    const due = endOfShanghaiDay(d);
    return {
      status: "running",
      due,
      dueDate: d,
      dueText: formatShanghai(due),
      day0,
      workdays: input.workdays,
      pausedWorkdays,
      provisional: uncovered.size > 0,
      uncoveredYears: [...uncovered].sort((a, b) => a - b),
    };
  }
}

/** Function form of `WorkCalendar.computeDeadline`, for modules that receive a calendar. */
export function computeDeadline(calendar: WorkCalendar, input: DeadlineInput): DeadlineResult {
  return calendar.computeDeadline(input);
}

import { CalendarError } from "./errors.ts";

/**
 * Asia/Shanghai has been UTC+8 without daylight saving since 1991, so plain offset arithmetic is
 * exact for every date this product handles; no time-zone database is needed.
 */
export const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const OFFSET_MS = SHANGHAI_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;

/** A calendar date in Asia/Shanghai, "YYYY-MM-DD". */
export type IsoDate = string;

/**
 * An instant (`Date`) or a string: "YYYY-MM-DD" (that date in Shanghai), an ISO date-time with
 * `Z` or an offset, or an ISO date-time without offset (read as Shanghai local time — never as the
 * server's local time, which may be UTC in a container).
 */
export type DateInput = Date | string;

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;

function invalid(input: unknown): CalendarError {
  return new CalendarError("CALENDAR_INVALID_DATE", `无效的日期或时间：${String(input)}`);
}

function checkedDayNumber(y: number, m: number, d: number, input: unknown): number {
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
    throw invalid(input);
  }
  return ms / DAY_MS;
}

/** Parses any accepted input into an instant. Throws `CalendarError` on anything else. */
export function toInstant(input: DateInput): Date {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) throw invalid(input);
    return input;
  }
  const m = ISO_RE.exec(input.trim());
  if (!m) throw invalid(input);
  const [, ys, ms, ds, hs, mins, ss, frac, zone] = m;
  const day = checkedDayNumber(Number(ys), Number(ms), Number(ds), input);
  const hour = hs === undefined ? 0 : Number(hs);
  const minute = mins === undefined ? 0 : Number(mins);
  const second = ss === undefined ? 0 : Number(ss);
  if (hour > 23 || minute > 59 || second > 59) throw invalid(input);
  const millis = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  let offsetMs = OFFSET_MS;
  if (zone !== undefined) {
    if (zone === "Z") offsetMs = 0;
    else {
      const sign = zone.startsWith("-") ? -1 : 1;
      const digits = zone.slice(1).replace(":", "");
      const oh = Number(digits.slice(0, 2));
      const om = Number(digits.slice(2, 4));
      if (oh > 14 || om > 59) throw invalid(input);
      offsetMs = sign * (oh * 60 + om) * 60_000;
    }
  }
  const local = day * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  return new Date(local - offsetMs);
}

function dayNumberOfInstant(instant: Date): number {
  return Math.floor((instant.getTime() + OFFSET_MS) / DAY_MS);
}

function isoFromDayNumber(dayNumber: number): IsoDate {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** True for a well-formed, existing "YYYY-MM-DD" date. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  try {
    checkedDayNumber(Number(m[1]), Number(m[2]), Number(m[3]), value);
    return true;
  } catch {
    return false;
  }
}

/** Days since 1970-01-01 of a "YYYY-MM-DD" date (validated). */
export function dayNumber(date: IsoDate): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw invalid(date);
  return checkedDayNumber(Number(m[1]), Number(m[2]), Number(m[3]), date);
}

/** The Shanghai calendar date of an instant or input ("YYYY-MM-DD" inputs are returned as is). */
export function shanghaiDate(input: DateInput): IsoDate {
  if (typeof input === "string" && /^\d{4}-\d{2}-\d{2}$/.test(input.trim())) {
    const d = input.trim();
    dayNumber(d);
    return d;
  }
  return isoFromDayNumber(dayNumberOfInstant(toInstant(input)));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return isoFromDayNumber(dayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  // 1970-01-01 was a Thursday.
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: IsoDate): boolean {
  const w = weekdayOf(date);
  return w === 0 || w === 6;
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** 00:00:00.000 Shanghai time of the date. */
export function startOfShanghaiDay(date: IsoDate): Date {
  return new Date(dayNumber(date) * DAY_MS - OFFSET_MS);
}

/**
 * 23:59:59 Shanghai time of the date — the product's deadline instant. Milliseconds are zero so
 * that the value round-trips through `formatShanghai` and second-precision storage unchanged;
 * use `isOverdue` (which compares dates) rather than comparing instants to the millisecond.
 */
export function endOfShanghaiDay(date: IsoDate): Date {
  return new Date((dayNumber(date) + 1) * DAY_MS - OFFSET_MS - 1000);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** "2025-10-09T23:59:59+08:00": the instant in Shanghai local time, second precision. */
export function formatShanghai(input: DateInput): string {
  const shifted = new Date(toInstant(input).getTime() + OFFSET_MS);
  return (
    `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}` +
    `T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}+08:00`
  );
}

/**
 * Whether `at` is past a deadline. A deadline is the whole of its last day, so an item becomes
 * overdue at 00:00 on the next calendar day in Shanghai.
 */
export function isOverdue(due: DateInput, at: DateInput): boolean {
  return shanghaiDate(at) > shanghaiDate(due);
}

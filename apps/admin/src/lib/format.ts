import dayjs, { type Dayjs } from "dayjs";
import utc from "dayjs/plugin/utc";
import timezone from "dayjs/plugin/timezone";

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every time in the console is Beijing time, whatever the computer's own time zone. */
export const TZ = "Asia/Shanghai";

export function bj(v?: string | number | Date | Dayjs | null): Dayjs {
  return v === undefined || v === null ? dayjs().tz(TZ) : dayjs(v).tz(TZ);
}

/** A wall-clock time typed in a picker, read as Beijing time. */
export function fromBeijingWallClock(d: Dayjs): Dayjs {
  return dayjs.tz(d.format("YYYY-MM-DDTHH:mm:ss"), TZ);
}

function fmtInstant(v: string | null | undefined, pattern: string): string {
  if (!v) return "—";
  const d = dayjs(v);
  return d.isValid() ? d.tz(TZ).format(pattern) : v;
}

export const fmtDateTime = (v: string | null | undefined): string => fmtInstant(v, "YYYY-MM-DD HH:mm");
export const fmtDateTimeSec = (v: string | null | undefined): string => fmtInstant(v, "YYYY-MM-DD HH:mm:ss");

export function fmtDate(v: string | null | undefined): string {
  if (!v) return "—";
  // A bare date (YYYY-MM-DD) is a calendar day, not an instant: no time-zone shift.
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const d = dayjs(v);
  return d.isValid() ? d.tz(TZ).format("YYYY-MM-DD") : v;
}

export function fmtValue(v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? "是" : "否";
  if (Array.isArray(v)) return v.map(fmtValue).join("、");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

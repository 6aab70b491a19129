import chineseDays from "chinese-days/dist/chinese-days.json" with { type: "json" };
import { isIsoDate, isWeekend, shanghaiDate, yearOf, type DateInput, type IsoDate } from "./dates.ts";

/**
 * An override of the default rule (Monday–Friday work, Saturday/Sunday rest), as published each
 * year by the General Office of the State Council (国务院办公厅关于某年部分节假日安排的通知).
 * - `holiday`: an official rest day (on a weekday, or a weekend day inside a holiday period —
 *   kept so that the calendar can name it);
 * - `workday`: a 调休 make-up working day on a Saturday or Sunday.
 */
export interface CalendarEntry {
  date: IsoDate;
  kind: "holiday" | "workday";
  /** Chinese name of the holiday the entry belongs to, e.g. "国庆节" (also for its make-up days). */
  name: string;
}

/** The package's data: "English,中文,n" strings keyed by date. */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/**
 * The package uses short names for some holidays; the State Council notice writes them in full.
 * Anything not listed is kept as the package gives it (e.g. 2015's 抗战胜利70周年纪念日).
 */
const OFFICIAL_NAMES: Record<string, string> = {
  清明: "清明节",
  端午: "端午节",
  中秋: "中秋节",
};

function chineseName(raw: string): string {
  const parts = raw.split(",");
  const zh = (parts[1] ?? parts[0] ?? "").trim();
  return OFFICIAL_NAMES[zh] ?? zh;
}

const data = chineseDays as ChineseDaysData;

/**
 * Entries for the years [fromYear, toYear] from the `chinese-days` package. Years the package does
 * not know yield no entries; `coveredYears` on the result tells which years are really present.
 */
export function seedEntries(fromYear: number, toYear: number): CalendarEntry[] {
  const out: CalendarEntry[] = [];
  const inRange = (date: string) => {
    const y = yearOf(date);
    return y >= fromYear && y <= toYear;
  };
  for (const [date, raw] of Object.entries(data.holidays)) {
    if (inRange(date)) out.push({ date, kind: "holiday", name: chineseName(raw) });
  }
  for (const [date, raw] of Object.entries(data.workdays)) {
    if (inRange(date)) out.push({ date, kind: "workday", name: chineseName(raw) });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The first and last year for which the installed `chinese-days` package has a schedule. */
export function packageYearRange(): { from: number; to: number } {
  const years = coveredYears(seedEntries(0, 9999));
  return { from: years[0] ?? 0, to: years[years.length - 1] ?? 0 };
}

/**
 * Years whose official schedule is present in the entries.
 *
 * A year counts as covered only when the entries hold both its Spring Festival break (a holiday
 * between 20 January and the end of February — the festival always falls in that window) and its
 * National Day break (a holiday between 1 and 8 October). A year with only New Year's Day entries —
 * which is what appears when the next year's notice also fixes 31 December, or when an
 * administrator has started typing next year's schedule — is therefore not covered, and the product
 * warns instead of silently counting plain weekends. The rule looks at dates, not names, so an
 * administrator's spelling of holiday names does not matter.
 */
export function coveredYears(entries: readonly CalendarEntry[]): number[] {
  const spring = new Set<number>();
  const national = new Set<number>();
  for (const e of entries) {
    if (e.kind !== "holiday") continue;
    const y = yearOf(e.date);
    const md = e.date.slice(5);
    if (md >= "01-20" && md <= "02-29") spring.add(y);
    if (md >= "10-01" && md <= "10-08") national.add(y);
  }
  return [...spring].filter((y) => national.has(y)).sort((a, b) => a - b);
}

export function hasYear(entries: readonly CalendarEntry[], year: number): boolean {
  return coveredYears(entries).includes(year);
}

/** A problem found in a calendar table, for the console (data, not an exception). */
export interface CalendarIssue {
  date?: string;
  code:
    | "invalid_date"
    | "invalid_kind"
    | "empty_name"
    | "duplicate_date"
    | "workday_on_weekday";
  message: string;
}

/**
 * Checks an edited calendar table. A make-up working day on Monday–Friday would change nothing and
 * almost always means a typing error in the date, so it is reported too.
 */
export function validateEntries(entries: readonly CalendarEntry[]): CalendarIssue[] {
  const issues: CalendarIssue[] = [];
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    const row = `第 ${i + 1} 行`;
    if (typeof e.date !== "string" || !isIsoDate(e.date)) {
      issues.push({
        date: String(e.date),
        code: "invalid_date",
        message: `${row}：日期“${String(e.date)}”无效，应为 YYYY-MM-DD 格式的真实日期`,
      });
      return;
    }
    if (e.kind !== "holiday" && e.kind !== "workday") {
      issues.push({
        date: e.date,
        code: "invalid_kind",
        message: `${row}（${e.date}）：类型应为“放假”或“调休上班”`,
      });
    }
    if (typeof e.name !== "string" || e.name.trim() === "") {
      issues.push({ date: e.date, code: "empty_name", message: `${row}（${e.date}）：缺少节日名称` });
    }
    const prev = seen.get(e.date);
    if (prev !== undefined) {
      issues.push({
        date: e.date,
        code: "duplicate_date",
        message: `${row}（${e.date}）：与第 ${prev + 1} 行日期重复，同一天只能有一条安排`,
      });
    } else seen.set(e.date, i);
    if (e.kind === "workday" && !isWeekend(e.date)) {
      issues.push({
        date: e.date,
        code: "workday_on_weekday",
        message: `${row}（${e.date}）：调休上班日应为周六或周日，该日本来就是工作日，请核对日期`,
      });
    }
  });
  return issues;
}

export interface EntryChange {
  date: IsoDate;
  before?: CalendarEntry;
  after?: CalendarEntry;
}

/**
 * Dates whose status differs between two versions of the calendar, sorted. The server uses the
 * earliest changed date to find the open deadlines to recompute, and stores the list in the audit
 * log as the reason.
 */
export function diffEntries(
  before: readonly CalendarEntry[],
  after: readonly CalendarEntry[],
): EntryChange[] {
  const a = new Map(before.map((e) => [e.date, e]));
  const b = new Map(after.map((e) => [e.date, e]));
  const dates = new Set([...a.keys(), ...b.keys()]);
  const changes: EntryChange[] = [];
  for (const date of dates) {
    const x = a.get(date);
    const y = b.get(date);
    if (x && y && x.kind === y.kind && x.name === y.name) continue;
    const change: EntryChange = { date };
    if (x) change.before = x;
    if (y) change.after = y;
    changes.push(change);
  }
  return changes.sort((p, q) => (p.date < q.date ? -1 : 1));
}

export interface CoverageWarning {
  year: number;
  level: "warning" | "error";
  message: string;
}

/**
 * What the doctor command and the daily job report about calendar coverage at `now`: the current
 * year missing is an error (deadlines are being computed on plain weekends); next year missing is a
 * warning from `warnFromMonth` (the profile's `calendar.warnMissingNextYearFromMonth`) onwards,
 * since the State Council usually publishes the schedule in late autumn.
 */
export function coverageWarnings(
  entries: readonly CalendarEntry[],
  now: DateInput,
  warnFromMonth: number,
): CoverageWarning[] {
  const today = shanghaiDate(now);
  const year = yearOf(today);
  const month = Number(today.slice(5, 7));
  const covered = new Set(coveredYears(entries));
  const out: CoverageWarning[] = [];
  if (!covered.has(year)) {
    out.push({
      year,
      level: "error",
      message: `工作日历缺少 ${year} 年的法定节假日安排，期限暂按周六、周日休息计算，请立即补录`,
    });
  }
  if (month >= warnFromMonth && !covered.has(year + 1)) {
    out.push({
      year: year + 1,
      level: "warning",
      message: `工作日历尚未录入 ${year + 1} 年的法定节假日安排；国务院办公厅发布放假通知后请及时补录，跨年期限目前为暂定值`,
    });
  }
  return out;
}

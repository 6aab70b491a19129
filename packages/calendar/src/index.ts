/**
 * @govsite/calendar — working-day arithmetic on the official Chinese holiday calendar
 * (法定节假日与调休), Asia/Shanghai. Pure: no I/O besides the data bundled in `chinese-days`.
 *
 * The rule used for every "N 个工作日" in govsite: the day of receipt is day 0; the deadline is
 * the end (23:59:59 +08:00) of the Nth working day after it.
 */
export {
  SHANGHAI_OFFSET_MINUTES,
  addDays,
  dayNumber,
  endOfShanghaiDay,
  formatShanghai,
  isIsoDate,
  isOverdue,
  isWeekend,
  shanghaiDate,
  startOfShanghaiDay,
  toInstant,
  weekdayOf,
  yearOf,
  type DateInput,
  type IsoDate,
} from "./dates.ts";
export {
  coverageWarnings,
  coveredYears,
  diffEntries,
  hasYear,
  packageYearRange,
  seedEntries,
  validateEntries,
  type CalendarEntry,
  type CalendarIssue,
  type CoverageWarning,
  type EntryChange,
} from "./entries.ts";
export { CalendarError, type CalendarErrorCode } from "./errors.ts";
export {
  WorkCalendar,
  computeDeadline,
  type DayInfo,
  type DayKind,
  type DeadlineInput,
  type DeadlineResult,
  type Pause,
} from "./work-calendar.ts";

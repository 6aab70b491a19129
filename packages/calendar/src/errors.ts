/** Stable codes so callers can map calendar failures onto the server's error catalogue. */
export type CalendarErrorCode =
  | "CALENDAR_INVALID_DATE"
  | "CALENDAR_INVALID_WORKDAYS"
  | "CALENDAR_INVALID_PAUSE"
  | "CALENDAR_NO_WORKDAY";

/** Thrown for invalid input (a programming or user error); the message is Chinese, for display. */
export class CalendarError extends Error {
  readonly code: CalendarErrorCode;

  constructor(code: CalendarErrorCode, message: string) {
    super(message);
    this.name = "CalendarError";
    this.code = code;
  }
}

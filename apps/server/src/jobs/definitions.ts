// Every background and scheduled job: a name, an optional schedule (Asia/Shanghai) and a handler
// that calls module operations.
import type { Services } from "../services.ts";
import { accountReminders } from "../modules/accounts/reminders.ts";
import { calendarCoverageReminder } from "../modules/calendar/reminders.ts";

export interface JobDefinition<T = Record<string, never>> {
  name: string;
  description: string;
  cron?: string;
  handler: (svc: Services, data: T) => Promise<unknown>;
}

export const jobDefinitions: JobDefinition[] = [
  { name: "account-reminders", description: "密码到期提醒：到期前 7 天起每天提醒一次", cron: "0 8 * * *", handler: (svc) => accountReminders(svc) },
  { name: "calendar-coverage", description: "工作日历缺少下一年节假日安排时提醒系统管理员", cron: "10 8 * * *", handler: (svc) => calendarCoverageReminder(svc) },
];

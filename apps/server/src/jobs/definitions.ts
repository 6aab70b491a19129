// Every background and scheduled job: a name, an optional schedule (Asia/Shanghai) and a handler
// that calls module operations.
import type { Services } from "../services.ts";
import { accountReminders } from "../modules/accounts/reminders.ts";
import { calendarCoverageReminder } from "../modules/calendar/reminders.ts";
import { escalateTakedowns, runScheduledPublishing } from "../modules/content/publish.ts";
import { reviewDeadlineReminders } from "../modules/content/reminders.ts";
import { processPublishEvents } from "../modules/publishing/run.ts";
import { interactionDeadlineReminders } from "../modules/interaction/reminders.ts";
import { purgeSpentChallenges } from "../modules/interaction/pow.ts";

export interface JobDefinition<T = Record<string, never>> {
  name: string;
  description: string;
  cron?: string;
  handler: (svc: Services, data: T) => Promise<unknown>;
}

export const jobDefinitions: JobDefinition[] = [
  { name: "account-reminders", description: "密码到期提醒：到期前 7 天起每天提醒一次", cron: "0 8 * * *", handler: (svc) => accountReminders(svc) },
  { name: "publish-scheduled", description: "定时发布：每分钟发布到点的已签发稿件（可重复执行，只发布一次）", cron: "* * * * *", handler: (svc) => runScheduledPublishing(svc) },
  { name: "publish-events", description: "把已发布、撤回、删除的信息同步到静态网站和站内搜索（补充每两秒一次的轮询）", cron: "* * * * *", handler: (svc) => processPublishEvents(svc) },
  { name: "takedown-escalation", description: "紧急撤稿超时上报监管员", cron: "* * * * *", handler: (svc) => escalateTakedowns(svc) },
  { name: "review-deadlines", description: "审核环节即将超期提醒、超期督办", cron: "*/15 * * * *", handler: (svc) => reviewDeadlineReminders(svc) },
  { name: "interaction-deadlines", description: "来信和依申请公开各环节临期提醒、超期记录和督办；第三方逾期未复函自动结束征求", cron: "*/15 * * * *", handler: (svc) => interactionDeadlineReminders(svc) },
  { name: "purge-challenges", description: "清理已使用或过期的人机验证题", cron: "30 3 * * *", handler: (svc) => purgeSpentChallenges(svc) },
  { name: "calendar-coverage", description: "工作日历缺少下一年节假日安排时提醒系统管理员", cron: "10 8 * * *", handler: (svc) => calendarCoverageReminder(svc) },
];

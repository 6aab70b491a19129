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
import { runProbes } from "../modules/monitoring/availability.ts";
import { checkAllSites } from "../modules/monitoring/tamper.ts";
import { scanAllSites, scanChangedSites } from "../modules/monitoring/scan.ts";
import { escalateOverdueTickets } from "../modules/monitoring/tickets.ts";
import { runNotificationDelivery } from "../modules/notifications/delivery.ts";

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
  { name: "availability-probes", description: "站点首页和重点栏目可用性监测（按规则配置每天不少于 20 次，15 秒超时），计算近 7 天不可访问比例", cron: "*/5 * * * *", handler: (svc) => runProbes(svc) },
  { name: "tamper-check", description: "网页防篡改：比对发布清单，发现篡改立即告警、自动恢复并生成整改工单", cron: "*/10 * * * *", handler: (svc) => checkAllSites(svc) },
  { name: "site-scan", description: "夜间全站扫描：站内链接（按发布清单）、错敏信息、暗链和外部脚本，问题生成整改工单", cron: "30 1 * * *", handler: (svc) => scanAllSites(svc) },
  { name: "site-scan-after-publish", description: "发布后扫描：对刚更新过的站点重新检查站内链接、错敏信息、暗链和外部脚本", cron: "*/10 * * * *", handler: (svc) => scanChangedSites(svc) },
  { name: "ticket-escalation", description: "整改工单超期督办：通知监管员和责任单位", cron: "*/5 * * * *", handler: (svc) => escalateOverdueTickets(svc) },
  { name: "calendar-coverage", description: "工作日历缺少下一年节假日安排时提醒系统管理员", cron: "10 8 * * *", handler: (svc) => calendarCoverageReminder(svc) },
  { name: "notification-delivery", description: "把站内通知按个人设置发送到电子邮件和 Webhook（同类通知合并、限频，失败自动重试）", cron: "* * * * *", handler: (svc) => runNotificationDelivery(svc) },
];

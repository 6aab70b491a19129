// One way to notify people: the in-console notification plus, in the same transaction, its
// dispatch row, so the delivery job routes it to the person's e-mail and webhook at once.
//
// Other modules still insert into `notifications` directly; the delivery job's scan gives those
// rows a dispatch row too (see delivery.ts), so every notification reaches the channels however
// it was written. `notify` only adds the severity and saves the scan's wait.
import { and, eq, inArray } from "drizzle-orm";
import type { Services } from "../../services.ts";
import type { DbOrTx } from "../../db/client.ts";
import { notificationDispatch, notifications, roleAssignments, users } from "../../db/schema.ts";
import { now } from "../../lib/clock.ts";

export type Severity = "info" | "normal" | "urgent";
export const SEVERITIES: Record<Severity, string> = { info: "提示", normal: "一般", urgent: "紧急" };

/** Every notification kind the platform writes, with its Chinese name and default severity. */
export const NOTIFICATION_KINDS: Record<string, { name: string; severity: Severity }> = {
  review_task: { name: "待审核稿件", severity: "normal" },
  review_approved: { name: "稿件已签发", severity: "info" },
  review_rejected: { name: "稿件被退回", severity: "normal" },
  review_due_soon: { name: "审核即将超期", severity: "normal" },
  review_overdue: { name: "审核超期督办", severity: "normal" },
  publish_failed: { name: "定时发布失败", severity: "urgent" },
  takedown: { name: "紧急撤稿", severity: "urgent" },
  takedown_escalated: { name: "紧急撤稿超时", severity: "urgent" },
  interaction_due_soon: { name: "留言、申请即将到期", severity: "normal" },
  interaction_overdue: { name: "留言、申请已超期", severity: "normal" },
  password_expiry: { name: "密码即将到期", severity: "info" },
  calendar_coverage: { name: "工作日历待补录", severity: "normal" },
  duty_assignment: { name: "值班安排", severity: "info" },
  duty_incident: { name: "突发事件和舆情", severity: "normal" },
  counterfeit_report: { name: "假冒网站举报", severity: "normal" },
  tamper_alert: { name: "网页被篡改", severity: "urgent" },
  ticket_assigned: { name: "整改工单派发", severity: "normal" },
  ticket_answered: { name: "整改工单已反馈", severity: "info" },
  ticket_reopened: { name: "整改工单退回重办", severity: "normal" },
  ticket_closed: { name: "整改工单已销号", severity: "info" },
  ticket_escalated: { name: "整改工单超期上报", severity: "urgent" },
};

export const kindName = (kind: string) => NOTIFICATION_KINDS[kind]?.name ?? kind;
export const defaultSeverity = (kind: string): Severity => NOTIFICATION_KINDS[kind]?.severity ?? "normal";

export interface NotificationInput {
  kind: string;
  title: string;
  body?: string;
  /** A console path ("/duty/incidents/…"); made absolute in e-mails and webhooks. */
  link?: string | null;
  severity?: Severity;
}

function dbOf(target: Services | DbOrTx): DbOrTx {
  return "config" in target && "db" in target ? (target as Services).db : (target as DbOrTx);
}

/** Active people holding any of the roles (in one unit when given): the usual recipients. */
export async function activePeopleWithRoles(db: DbOrTx, roles: string[], opts: { unitId?: string } = {}): Promise<string[]> {
  const rows = await db
    .selectDistinct({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(inArray(roleAssignments.role, roles), eq(users.status, "active"), opts.unitId ? eq(users.unitId, opts.unitId) : undefined));
  return rows.map((r) => r.userId);
}

/** Notifies each person once (duplicates in `recipients` are dropped). Returns the notification ids. */
export async function notify(target: Services | DbOrTx, recipients: string[], n: NotificationInput): Promise<string[]> {
  const people = [...new Set(recipients)];
  if (!people.length) return [];
  const db = dbOf(target);
  const at = now();
  const rows = await db
    .insert(notifications)
    .values(people.map((userId) => ({ userId, kind: n.kind, title: n.title, body: n.body ?? "", link: n.link ?? null, createdAt: at })))
    .returning({ id: notifications.id, userId: notifications.userId });
  const severity = n.severity ?? defaultSeverity(n.kind);
  await db.insert(notificationDispatch).values(rows.map((r) => ({ notificationId: r.id, userId: r.userId, kind: n.kind, severity, createdAt: at })));
  return rows.map((r) => r.id);
}

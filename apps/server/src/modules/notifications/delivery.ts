// Delivery of notifications to e-mail and webhooks, driven from the database by one job
// ("notification-delivery", every minute):
//
//  1. scan: every notification row of the last day without a dispatch row gets one, whatever
//     module inserted it and however (notify(), a direct insert, SQL);
//  2. route: each pending dispatch row is checked against the person's channels and preferences
//     and appended, per channel, to the person's open delivery of that kind (the digest). A new
//     delivery waits `digestSeconds` from the notification's creation for the rest of a burst,
//     and goes no earlier than `throttleMinutes`
//     after the previous message of that person, kind and channel (the throttle). Urgent
//     notifications get a delivery of their own, due at once;
//  3. send: every due delivery is sent; a failure is recorded and retried with back-off
//     (1, 2, 4, 8, 16 minutes), after the sixth failed attempt the delivery is marked failed.
//
// Retries live in the delivery rows rather than in pg-boss's own retry state so that they survive
// a restart, are visible to the person in 通知设置 and never send a digest twice.
import { createHmac } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, isNull, lte, ne, sql } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import type { Services } from "../../services.ts";
import type { DbOrTx } from "../../db/client.ts";
import { notificationChannels, notificationDeliveries, notificationDispatch, notificationPreferences, notifications, users } from "../../db/schema.ts";
import { now, shanghaiText } from "../../lib/clock.ts";
import { logger } from "../../lib/logger.ts";
import { defaultSeverity, kindName, SEVERITIES, type Severity } from "./notify.ts";

export const CHANNELS = { email: "电子邮件", webhook: "Webhook（短信网关、企业微信、钉钉）" } as const;
export type Channel = keyof typeof CHANNELS;
export const WEBHOOK_FORMATS = { generic: "通用 JSON（短信网关等）", wecom: "企业微信群机器人", dingtalk: "钉钉群机器人" } as const;
export type WebhookFormat = keyof typeof WEBHOOK_FORMATS;

export const MAX_ATTEMPTS = 6;
const LOCK = 4242007;

export function deliverySettings(svc: Services) {
  return svc.config.notifications ?? { throttleMinutes: 30, digestSeconds: 120 };
}

// ------------------------------------------------------------------ 1. scan

/** Gives every recent notification without a dispatch row one. Returns how many it found. */
export async function scanNotifications(svc: Services): Promise<number> {
  // The last day by the earlier of the product clock and the database's own: rows inserted with
  // the column default carry the database's time.
  const since = sql`least(now(), ${now().toISOString()}::timestamptz) - interval '1 day'`;
  const rows = await svc.db
    .select({ id: notifications.id, userId: notifications.userId, kind: notifications.kind, createdAt: notifications.createdAt })
    .from(notifications)
    .leftJoin(notificationDispatch, eq(notificationDispatch.notificationId, notifications.id))
    .where(and(isNull(notificationDispatch.notificationId), gt(notifications.createdAt, since)))
    .orderBy(asc(notifications.createdAt))
    .limit(5000);
  if (!rows.length) return 0;
  await svc.db
    .insert(notificationDispatch)
    .values(rows.map((r) => ({ notificationId: r.id, userId: r.userId, kind: r.kind, severity: defaultSeverity(r.kind), createdAt: r.createdAt })))
    .onConflictDoNothing();
  return rows.length;
}

// ------------------------------------------------------------------ 2. route

/** Is `kind` wanted on `channel`? The kind's own row, else the person's "*" row, else yes. */
export function wants(prefs: Array<{ kind: string; channel: string; enabled: boolean }>, kind: string, channel: string): boolean {
  const own = prefs.find((p) => p.kind === kind && p.channel === channel);
  if (own) return own.enabled;
  const all = prefs.find((p) => p.kind === "*" && p.channel === channel);
  return all ? all.enabled : true;
}

/** Channels a person can receive on right now (an address, switched on, and e-mail configured). */
async function usableChannels(svc: Services, db: DbOrTx, userIds: string[]) {
  if (!userIds.length) return [];
  const rows = await db.select().from(notificationChannels).where(and(inArray(notificationChannels.userId, userIds), eq(notificationChannels.enabled, true)));
  return rows.filter((r) => r.channel !== "email" || !!svc.config.smtp);
}

export async function routeNotifications(svc: Services): Promise<{ routed: number; deliveries: number }> {
  const { throttleMinutes, digestSeconds } = deliverySettings(svc);
  return svc.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK})`);
    const pending = await tx.select().from(notificationDispatch).where(eq(notificationDispatch.state, "pending")).orderBy(asc(notificationDispatch.createdAt)).limit(2000);
    if (!pending.length) return { routed: 0, deliveries: 0 };
    const userIds = [...new Set(pending.map((p) => p.userId))];
    const channels = await usableChannels(svc, tx, userIds);
    const prefs = await tx.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, userIds));
    const t = now();
    let created = 0;
    for (const d of pending) {
      for (const ch of channels.filter((c) => c.userId === d.userId)) {
        if (!wants(prefs.filter((p) => p.userId === d.userId), d.kind, ch.channel)) continue;
        if ((d.severity as Severity) === "urgent") {
          await tx.insert(notificationDeliveries).values({ userId: d.userId, channel: ch.channel, kind: d.kind, notificationIds: [d.notificationId], urgent: true, notBefore: t });
          created++;
          continue;
        }
        const same = and(eq(notificationDeliveries.userId, d.userId), eq(notificationDeliveries.channel, ch.channel), eq(notificationDeliveries.kind, d.kind), eq(notificationDeliveries.urgent, false));
        const [open] = await tx.select().from(notificationDeliveries).where(and(same, eq(notificationDeliveries.state, "open"))).limit(1);
        if (open) {
          await tx
            .update(notificationDeliveries)
            .set({ notificationIds: [...open.notificationIds, d.notificationId] })
            .where(eq(notificationDeliveries.id, open.id));
          continue;
        }
        const [last] = await tx
          .select({ at: sql<Date>`coalesce(${notificationDeliveries.sentAt}, ${notificationDeliveries.notBefore})`.mapWith((v) => new Date(v)) })
          .from(notificationDeliveries)
          .where(and(same, ne(notificationDeliveries.state, "open")))
          .orderBy(desc(notificationDeliveries.createdAt))
          .limit(1);
        // The digest window runs from the notification's creation, not from when the job saw it.
        const earliest = Math.max(d.createdAt.getTime() + digestSeconds * 1000, last ? last.at.getTime() + throttleMinutes * 60_000 : 0);
        await tx.insert(notificationDeliveries).values({ userId: d.userId, channel: ch.channel, kind: d.kind, notificationIds: [d.notificationId], notBefore: new Date(earliest) });
        created++;
      }
    }
    await tx
      .update(notificationDispatch)
      .set({ state: "routed", routedAt: t })
      .where(inArray(notificationDispatch.notificationId, pending.map((p) => p.notificationId)));
    return { routed: pending.length, deliveries: created };
  });
}

// ------------------------------------------------------------------ 3. send

export interface Message {
  subject: string;
  text: string;
  kind: string;
  severity: Severity;
  items: Array<{ title: string; body: string; link: string | null; createdAt: string }>;
}

const absolute = (svc: Services, link: string | null) => (link && link.startsWith("/") && !link.startsWith("//") ? `${svc.config.admin.baseUrl.replace(/\/$/, "")}${link}` : link);

export function composeMessage(svc: Services, kind: string, severity: Severity, rows: Array<{ title: string; body: string; link: string | null; createdAt: Date }>): Message {
  const items = rows.map((r) => ({ title: r.title, body: r.body, link: absolute(svc, r.link), createdAt: shanghaiText(r.createdAt) }));
  const tag = severity === "urgent" ? "【紧急】" : "";
  if (items.length === 1) {
    const i = items[0]!;
    return { kind, severity, items, subject: `${tag}${i.title}`, text: [i.title, i.body, i.link ? `办理地址：${i.link}` : "", `通知时间：${i.createdAt}`].filter(Boolean).join("\n") };
  }
  const lines = items.map((i, k) => `${k + 1}. ${i.title}（${i.createdAt}）${i.body ? `\n   ${i.body}` : ""}${i.link ? `\n   ${i.link}` : ""}`);
  return {
    kind,
    severity,
    items,
    subject: `${tag}${kindName(kind)}：${items.length} 条通知汇总`,
    text: [`您有 ${items.length} 条“${kindName(kind)}”通知：`, "", ...lines, "", "为避免频繁打扰，同类通知已合并发送。可在管理后台“个人设置 > 通知设置”中调整。"].join("\n"),
  };
}

let transports = new Map<string, Transporter>();
function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    // Bounded waits: an unreachable mail server must not hold the delivery job for minutes.
    t = nodemailer.createTransport({ url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 } as Parameters<typeof nodemailer.createTransport>[0]);
    transports.set(url, t);
  }
  return t;
}
/** Drops cached SMTP connections (tests start a new sink per file). */
export function closeTransports() {
  for (const t of transports.values()) t.close();
  transports = new Map();
}

export async function sendEmail(svc: Services, to: string, m: Message): Promise<void> {
  if (!svc.config.smtp) throw new Error("未配置发信服务器（SMTP_URL）");
  await transportFor(svc.config.smtp.url).sendMail({ from: svc.config.smtp.from, to, subject: m.subject, text: m.text });
}

/** The JSON body a webhook receives, in the format of the receiving robot or gateway. */
export function webhookBody(m: Message, format: WebhookFormat, person: { username: string; realName: string; mobile: string }) {
  if (format === "wecom") return { msgtype: "markdown", markdown: { content: markdownOf(m) } };
  if (format === "dingtalk") return { msgtype: "markdown", markdown: { title: m.subject, text: markdownOf(m) }, at: { atMobiles: person.mobile ? [person.mobile] : [] } };
  return { kind: m.kind, kindName: kindName(m.kind), severity: m.severity, severityName: SEVERITIES[m.severity], subject: m.subject, text: m.text, items: m.items, recipient: person };
}

function markdownOf(m: Message) {
  return [`**${m.subject}**`, ...m.items.map((i) => `> ${i.title}${i.body ? `：${i.body}` : ""}${i.link ? ` [查看](${i.link})` : ""}`)].join("\n");
}

export async function sendWebhook(ch: { address: string; format: string; secret: string }, body: unknown): Promise<void> {
  let url = ch.address;
  if (ch.format === "dingtalk" && ch.secret) {
    const ts = Date.now();
    const sign = createHmac("sha256", ch.secret).update(`${ts}\n${ch.secret}`).digest("base64");
    url += `${url.includes("?") ? "&" : "?"}timestamp=${ts}&sign=${encodeURIComponent(sign)}`;
  }
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`接收方返回 HTTP ${res.status}${text ? `：${text.slice(0, 200)}` : ""}`);
  // WeCom and DingTalk answer 200 with an error code in the body.
  if (ch.format === "wecom" || ch.format === "dingtalk") {
    let code: unknown = 0;
    try {
      code = (JSON.parse(text) as { errcode?: unknown }).errcode ?? 0;
    } catch {
      /* not JSON: treat 200 as accepted */
    }
    if (code !== 0) throw new Error(`接收方返回错误：${text.slice(0, 200)}`);
  }
}

/** Sends every due delivery (open past its digest window, or due for a retry). */
export async function sendDueDeliveries(svc: Services): Promise<{ sent: number; failed: number }> {
  const due = await svc.db
    .select()
    .from(notificationDeliveries)
    .where(and(inArray(notificationDeliveries.state, ["open", "retry", "sending"]), lte(notificationDeliveries.notBefore, now())))
    .orderBy(asc(notificationDeliveries.notBefore))
    .limit(200);
  let sent = 0;
  let failed = 0;
  for (const d of due) {
    // Claim it: a second worker sees the change and skips it. A claim left by a process that
    // died while sending expires after ten minutes and the delivery is tried again.
    const claimed = await svc.db
      .update(notificationDeliveries)
      .set({ state: "sending", notBefore: new Date(now().getTime() + 10 * 60_000) })
      .where(and(eq(notificationDeliveries.id, d.id), eq(notificationDeliveries.state, d.state), eq(notificationDeliveries.notBefore, d.notBefore)))
      .returning({ id: notificationDeliveries.id });
    if (!claimed.length) continue;
    try {
      await deliverOne(svc, d);
      await svc.db.update(notificationDeliveries).set({ state: "sent", sentAt: now(), attempts: d.attempts + 1, lastError: null }).where(eq(notificationDeliveries.id, d.id));
      sent++;
    } catch (err) {
      const attempts = d.attempts + 1;
      const message = (err as Error).message || String(err);
      const give = attempts >= MAX_ATTEMPTS;
      await svc.db
        .update(notificationDeliveries)
        .set({ state: give ? "failed" : "retry", attempts, lastError: message.slice(0, 500), notBefore: new Date(now().getTime() + 2 ** (attempts - 1) * 60_000) })
        .where(eq(notificationDeliveries.id, d.id));
      logger.warn({ delivery: d.id, channel: d.channel, attempts, err: message }, give ? "notification delivery failed for good" : "notification delivery failed, will retry");
      failed++;
    }
  }
  return { sent, failed };
}

async function deliverOne(svc: Services, d: typeof notificationDeliveries.$inferSelect) {
  const [ch] = await svc.db.select().from(notificationChannels).where(and(eq(notificationChannels.userId, d.userId), eq(notificationChannels.channel, d.channel)));
  if (!ch || !ch.enabled) throw new Error("接收渠道已被删除或停用");
  const rows = await svc.db.select().from(notifications).where(inArray(notifications.id, d.notificationIds)).orderBy(asc(notifications.createdAt));
  const [sev] = await svc.db.select({ severity: notificationDispatch.severity }).from(notificationDispatch).where(inArray(notificationDispatch.notificationId, d.notificationIds)).orderBy(desc(notificationDispatch.severity)).limit(1);
  const severity: Severity = d.urgent ? "urgent" : ((sev?.severity as Severity) ?? "normal");
  const message = composeMessage(svc, d.kind, severity, rows);
  if (d.channel === "email") return sendEmail(svc, ch.address, message);
  const [u] = await svc.db.select({ username: users.username, realName: users.realName, mobile: users.mobile }).from(users).where(eq(users.id, d.userId));
  return sendWebhook(ch, webhookBody(message, ch.format as WebhookFormat, u ?? { username: "", realName: "", mobile: "" }));
}

/** The job: scan, route, send. */
export async function runNotificationDelivery(svc: Services) {
  const scanned = await scanNotifications(svc);
  const routed = await routeNotifications(svc);
  const sent = await sendDueDeliveries(svc);
  return { scanned, ...routed, ...sent };
}

// The signed-in person's notification centre and settings: the list with filters, marking read,
// the addresses of the external channels and, per kind and channel, what to receive.
import { and, count, desc, eq, ilike, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Services } from "../../services.ts";
import { notificationChannels, notificationDeliveries, notificationPreferences, notifications, users } from "../../db/schema.ts";
import { AppError } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { now } from "../../lib/clock.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, type Actor } from "../accounts/roles.ts";
import { kindName, NOTIFICATION_KINDS } from "./notify.ts";
import { CHANNELS, composeMessage, sendEmail, sendWebhook, WEBHOOK_FORMATS, webhookBody, type WebhookFormat } from "./delivery.ts";

const listQuery = z.object({
  kind: z.string().max(60).optional(),
  state: z.enum(["all", "unread", "read"], { message: "状态只能是全部、未读或已读" }).default("all"),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1, "页码须为正整数").default(1),
  pageSize: z.coerce.number().int().min(1).max(100, "每页最多 100 条").default(20),
});

export async function listNotifications(svc: Services, actor: Actor, raw: unknown) {
  const q = parse(listQuery, raw);
  const where = and(
    eq(notifications.userId, actor.userId),
    q.kind ? eq(notifications.kind, q.kind) : undefined,
    q.state === "unread" ? isNull(notifications.readAt) : q.state === "read" ? isNotNull(notifications.readAt) : undefined,
    q.q ? or(ilike(notifications.title, `%${escapeLike(q.q)}%`), ilike(notifications.body, `%${escapeLike(q.q)}%`)) : undefined,
  );
  const [total] = await svc.db.select({ n: count() }).from(notifications).where(where);
  const items = await svc.db
    .select()
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.createdAt))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [unread] = await svc.db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)));
  const kinds = await svc.db.selectDistinct({ kind: notifications.kind }).from(notifications).where(eq(notifications.userId, actor.userId));
  // Where each notification went: the external deliveries that carry it.
  const ids = items.map((i) => i.id);
  const deliveries = ids.length
    ? await svc.db
        .select({ id: notificationDeliveries.id, channel: notificationDeliveries.channel, state: notificationDeliveries.state, ids: notificationDeliveries.notificationIds, sentAt: notificationDeliveries.sentAt, lastError: notificationDeliveries.lastError })
        .from(notificationDeliveries)
        .where(and(eq(notificationDeliveries.userId, actor.userId), sql`${notificationDeliveries.notificationIds} ?| ${sql.raw(`array[${ids.map((i) => `'${i}'`).join(",")}]`)}`))
    : [];
  return {
    items: items.map((n) => ({ ...n, kindName: kindName(n.kind), deliveries: deliveries.filter((d) => d.ids.includes(n.id)).map(({ ids: _ids, ...d }) => d) })),
    total: total?.n ?? 0,
    unread: unread?.n ?? 0,
    kinds: kinds.map((k) => ({ kind: k.kind, name: kindName(k.kind) })),
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const markInput = z
  .object({
    all: z.literal(true, { message: "all 只能为 true" }).optional(),
    ids: z.array(z.string().uuid("通知编号格式不正确")).min(1, "请选择要标记的通知").max(500, "一次最多标记 500 条").optional(),
  })
  .refine((x) => x.all || x.ids, { message: "请选择要标记为已读的通知，或选择全部标记" });

export async function markRead(svc: Services, actor: Actor, raw: unknown) {
  const input = parse(markInput, raw);
  const rows = await svc.db
    .update(notifications)
    .set({ readAt: now() })
    .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt), input.all ? undefined : inArray(notifications.id, input.ids!)))
    .returning({ id: notifications.id });
  return { marked: rows.length };
}

// ------------------------------------------------------------------ settings

export async function getSettings(svc: Services, actor: Actor) {
  const channels = await svc.db.select().from(notificationChannels).where(eq(notificationChannels.userId, actor.userId));
  const prefs = await svc.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, actor.userId));
  const [me] = await svc.db.select({ email: users.email }).from(users).where(eq(users.id, actor.userId));
  const recent = await svc.db
    .select({ id: notificationDeliveries.id, channel: notificationDeliveries.channel, kind: notificationDeliveries.kind, state: notificationDeliveries.state, count: sql<number>`jsonb_array_length(${notificationDeliveries.notificationIds})`.mapWith(Number), attempts: notificationDeliveries.attempts, lastError: notificationDeliveries.lastError, notBefore: notificationDeliveries.notBefore, sentAt: notificationDeliveries.sentAt, createdAt: notificationDeliveries.createdAt })
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.userId, actor.userId))
    .orderBy(desc(notificationDeliveries.createdAt))
    .limit(20);
  const email = channels.find((c) => c.channel === "email");
  const webhook = channels.find((c) => c.channel === "webhook");
  return {
    emailAvailable: !!svc.config.smtp,
    throttle: svc.config.notifications ?? { throttleMinutes: 30, digestSeconds: 120 },
    channels: {
      email: email ? { address: email.address, enabled: email.enabled } : { address: me?.email ?? "", enabled: false },
      webhook: webhook ? { address: webhook.address, format: webhook.format, enabled: webhook.enabled, hasSecret: !!webhook.secret } : { address: "", format: "generic", enabled: false, hasSecret: false },
    },
    channelNames: CHANNELS,
    webhookFormats: WEBHOOK_FORMATS,
    kinds: Object.entries(NOTIFICATION_KINDS).map(([kind, k]) => ({ kind, name: k.name, severity: k.severity })),
    preferences: prefs.map((p) => ({ kind: p.kind, channel: p.channel, enabled: p.enabled })),
    recentDeliveries: recent,
  };
}

function isHttpUrl(s: string) {
  try {
    const u = new URL(s);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
}
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Empty is allowed (the channel is kept but switched off); otherwise a valid address.
const emailAddress = z.string().trim().max(200, "电子邮箱过长").refine((s) => s === "" || EMAIL.test(s), "电子邮箱格式不正确");
const webhookAddress = z.string().trim().max(1000, "地址过长").refine((s) => s === "" || isHttpUrl(s), "Webhook 地址须为 http:// 或 https:// 开头的完整网址");

const settingsInput = z.object({
  email: z
    .object({
      enabled: z.boolean(),
      address: emailAddress,
    })
    .refine((e) => !e.enabled || e.address !== "", { message: "启用邮件通知须填写电子邮箱", path: ["address"] })
    .optional(),
  webhook: z
    .object({
      enabled: z.boolean(),
      address: webhookAddress,
      format: z.enum(Object.keys(WEBHOOK_FORMATS) as [WebhookFormat, ...WebhookFormat[]], { message: "请选择 Webhook 格式：通用 JSON、企业微信或钉钉" }),
      /** undefined keeps the stored secret; "" clears it. */
      secret: z.string().trim().max(200).optional(),
    })
    .refine((w) => !w.enabled || w.address !== "", { message: "启用 Webhook 通知须填写地址", path: ["address"] })
    .optional(),
  preferences: z
    .array(
      z.object({
        kind: z.string().refine((k) => k === "*" || k in NOTIFICATION_KINDS, "未知的通知类型"),
        channel: z.enum(["email", "webhook"], { message: "渠道只能是电子邮件或 Webhook" }),
        enabled: z.boolean(),
      }),
    )
    .max(200)
    .optional(),
});

export async function saveSettings(svc: Services, actor: Actor, raw: unknown) {
  const input = parse(settingsInput, raw);
  if (input.email?.enabled && !svc.config.smtp) {
    throw new AppError("VALIDATION_FAILED", "本平台尚未配置发信服务器，暂不能启用邮件通知。请联系系统管理员。", { issues: [{ path: "email.enabled", message: "未配置发信服务器" }] });
  }
  await svc.db.transaction(async (tx) => {
    const t = now();
    if (input.email) {
      await tx
        .insert(notificationChannels)
        .values({ userId: actor.userId, channel: "email", address: input.email.address, enabled: input.email.enabled, updatedAt: t })
        .onConflictDoUpdate({ target: [notificationChannels.userId, notificationChannels.channel], set: { address: input.email.address, enabled: input.email.enabled, updatedAt: t } });
    }
    if (input.webhook) {
      const w = input.webhook;
      const set = { address: w.address, format: w.format, enabled: w.enabled, updatedAt: t, ...(w.secret !== undefined ? { secret: w.secret } : {}) };
      await tx
        .insert(notificationChannels)
        .values({ userId: actor.userId, channel: "webhook", secret: w.secret ?? "", ...set })
        .onConflictDoUpdate({ target: [notificationChannels.userId, notificationChannels.channel], set });
    }
    for (const p of input.preferences ?? []) {
      await tx
        .insert(notificationPreferences)
        .values({ userId: actor.userId, kind: p.kind, channel: p.channel, enabled: p.enabled, updatedAt: t })
        .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind, notificationPreferences.channel], set: { enabled: p.enabled, updatedAt: t } });
    }
    await recordAudit(tx, auditActorOf(actor), {
      action: "notification.settings",
      targetType: "user",
      targetId: actor.userId,
      summary: "修改通知设置",
      after: { email: input.email ? { enabled: input.email.enabled, address: input.email.address } : undefined, webhook: input.webhook ? { enabled: input.webhook.enabled, format: input.webhook.format } : undefined, preferences: input.preferences },
    });
  });
  return getSettings(svc, actor);
}

/** Sends a test message to one channel at once, so the person can check the address. */
export async function testChannel(svc: Services, actor: Actor, raw: unknown) {
  const { channel } = parse(z.object({ channel: z.enum(["email", "webhook"], { message: "渠道只能是电子邮件或 Webhook" }) }), raw);
  const [ch] = await svc.db.select().from(notificationChannels).where(and(eq(notificationChannels.userId, actor.userId), eq(notificationChannels.channel, channel)));
  if (!ch || !ch.address) throw new AppError("VALIDATION_FAILED", `请先保存${channel === "email" ? "电子邮箱" : " Webhook 地址"}后再发送测试消息。`);
  const message = composeMessage(svc, "test", "info", [{ title: "测试消息：通知渠道可以正常接收", body: `这是${actor.realName}在通知设置中发送的测试消息。`, link: "/notifications/settings", createdAt: now() }]);
  try {
    if (channel === "email") await sendEmail(svc, ch.address, message);
    else {
      const [u] = await svc.db.select({ username: users.username, realName: users.realName, mobile: users.mobile }).from(users).where(eq(users.id, actor.userId));
      await sendWebhook(ch, webhookBody(message, ch.format as WebhookFormat, u!));
    }
  } catch (err) {
    throw new AppError("VALIDATION_FAILED", `测试消息发送失败：${(err as Error).message}`);
  }
  return { ok: true };
}

// Notification delivery end to end: an in-process SMTP sink and a loopback webhook receiver; the
// person's choices; digesting a burst into one message; throttling per person, kind and channel;
// urgent notifications at once; rows inserted directly by other modules reaching the channels;
// retries; the notification centre and its validation.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { eq } from "drizzle-orm";
import { Client, createHarness, makeUnit, makeUser, type Harness, type TestUser } from "../../testing/harness.ts";
import { notificationDeliveries, notifications } from "../../db/schema.ts";
import { testClock } from "../../lib/clock.ts";
import { notify } from "./notify.ts";
import { closeTransports, runNotificationDelivery } from "./delivery.ts";

interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Decodes the headers and single text part nodemailer writes (RFC 2047 words, base64 or QP body). */
function parseMail(raw: string, to: string): Mail {
  const [head = "", ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(unfolded)?.[1] ?? "";
  const words = (s: string) =>
    s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
      enc.toLowerCase() === "b" ? Buffer.from(data, "base64").toString("utf8") : Buffer.from(data.replace(/_/g, " ").replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
    );
  const body = rest.join("\n\n");
  const cte = header("Content-Transfer-Encoding").toLowerCase();
  const text =
    cte === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
      : cte === "quoted-printable"
        ? Buffer.from(body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8")
        : body;
  return { to, subject: words(header("Subject")).trim(), text };
}

let h: Harness;
let smtp: SMTPServer;
let hook: Server;
const mails: Mail[] = [];
const hooks: Array<{ path: string; body: any }> = [];
let hookFailures = 0;
let hookUrl = "";
let unitId = "";
const u: Record<string, TestUser> = {};
const c: Record<string, Client> = {};

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, cb) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (d: string) => (raw += d));
      stream.on("end", () => {
        mails.push(parseMail(raw, session.envelope.rcptTo.map((r) => r.address).join(",")));
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpPort = ((smtp as unknown as { server: Server }).server.address() as AddressInfo).port;
  hook = createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      if (hookFailures > 0) {
        hookFailures--;
        res.writeHead(502).end("bad gateway");
        return;
      }
      hooks.push({ path: req.url ?? "", body: JSON.parse(raw) });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ errcode: 0, errmsg: "ok" }));
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
  h = await createHarness({ config: { smtp: { url: `smtp://127.0.0.1:${smtpPort}`, from: "示范县网站管理平台 <noreply@shifan.gov.cn>" }, notifications: { throttleMinutes: 30, digestSeconds: 60 } } });
  unitId = (await makeUnit(h.svc, "示范县大数据发展中心")).id;
  let n = 1;
  for (const name of ["mail", "hook", "both", "none"]) {
    u[name] = await makeUser(h.svc, unitId, [{ role: "duty_officer" }]);
    c[name] = new Client(h.app, `10.71.0.${n++}`);
    await c[name]!.login(u[name]!);
  }
  expect((await c.mail!.put("/api/me/notification-settings", { email: { enabled: true, address: "mail@shifan.gov.cn" } })).status).toBe(200);
  expect((await c.hook!.put("/api/me/notification-settings", { webhook: { enabled: true, address: `${hookUrl}/hook`, format: "wecom" } })).status).toBe(200);
  expect(
    (
      await c.both!.put("/api/me/notification-settings", {
        email: { enabled: true, address: "both@shifan.gov.cn" },
        webhook: { enabled: true, address: `${hookUrl}/both`, format: "generic" },
        preferences: [
          { kind: "review_task", channel: "email", enabled: false },
          { kind: "*", channel: "webhook", enabled: false },
          { kind: "duty_incident", channel: "webhook", enabled: true },
        ],
      })
    ).status,
  ).toBe(200);
});

afterAll(async () => {
  testClock.reset();
  closeTransports();
  await h.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => hook.close(() => resolve()));
});

beforeEach(async () => {
  mails.length = 0;
  hooks.length = 0;
  // The clock moved past the session timeouts: sign in again.
  for (const name of Object.keys(c)) await c[name]!.login(u[name]!);
});
afterEach(() => {
  // Each test moves the clock well past the previous test's throttle windows.
  testClock.advance(24 * 3_600_000 - 1);
  testClock.advance(1);
});

const minutes = (n: number) => testClock.advance(n * 60_000);

describe("delivery", () => {
  it("sends an e-mail after the digest window, bundling a burst into one message", async () => {
    await notify(h.svc, [u.mail!.id], { kind: "review_task", title: "待一审：关于做好秋季防火工作的通知", body: "请在规定时限内办理。", link: "/content/1" });
    await notify(h.svc, [u.mail!.id], { kind: "review_task", title: "待一审：示范县2026年重点项目进展", link: "/content/2" });
    await runNotificationDelivery(h.svc);
    expect(mails).toHaveLength(0); // still collecting the burst
    minutes(1);
    await notify(h.svc, [u.mail!.id], { kind: "review_task", title: "待一审：关于开展安全生产检查的通知", link: "/content/3" });
    minutes(0.1);
    const r = await runNotificationDelivery(h.svc);
    expect(r.sent).toBe(1);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toBe("mail@shifan.gov.cn");
    expect(mails[0]!.subject).toBe("待审核稿件：3 条通知汇总");
    expect(mails[0]!.text).toContain("关于做好秋季防火工作的通知");
    expect(mails[0]!.text).toContain("关于开展安全生产检查的通知");
    expect(mails[0]!.text).toContain("http://127.0.0.1:3000/content/1");
  });

  it("throttles: after a message, the next one of that kind waits out the window and comes as one digest", async () => {
    await notify(h.svc, [u.mail!.id], { kind: "review_rejected", title: "稿件被退回：甲" });
    minutes(1.1);
    await runNotificationDelivery(h.svc);
    expect(mails.map((m) => m.subject)).toEqual(["稿件被退回：甲"]);
    await notify(h.svc, [u.mail!.id], { kind: "review_rejected", title: "稿件被退回：乙" });
    await notify(h.svc, [u.mail!.id], { kind: "review_rejected", title: "稿件被退回：丙" });
    minutes(5);
    await runNotificationDelivery(h.svc);
    expect(mails).toHaveLength(1); // within 30 minutes of the first
    // Another kind is not held by this kind's throttle.
    await notify(h.svc, [u.mail!.id], { kind: "review_due_soon", title: "即将超期：二审《丁》" });
    minutes(1.1);
    await runNotificationDelivery(h.svc);
    expect(mails.map((m) => m.subject)).toEqual(["稿件被退回：甲", "即将超期：二审《丁》"]);
    minutes(25);
    await runNotificationDelivery(h.svc);
    expect(mails).toHaveLength(3);
    expect(mails[2]!.subject).toBe("稿件被退回：2 条通知汇总");
    expect(mails[2]!.text).toMatch(/乙[\s\S]*丙/);
  });

  it("sends urgent notifications at once, alone, past the throttle", async () => {
    await notify(h.svc, [u.mail!.id], { kind: "publish_failed", title: "定时发布失败：一" });
    await runNotificationDelivery(h.svc);
    await notify(h.svc, [u.mail!.id], { kind: "publish_failed", title: "定时发布失败：二" });
    await runNotificationDelivery(h.svc);
    expect(mails.map((m) => m.subject)).toEqual(["【紧急】定时发布失败：一", "【紧急】定时发布失败：二"]);
  });

  it("respects each person's choices per kind and channel", async () => {
    await notify(h.svc, [u.both!.id, u.none!.id], { kind: "review_task", title: "待二审：甲" });
    await notify(h.svc, [u.both!.id], { kind: "duty_incident", title: "一般舆情：乙" });
    minutes(1.1);
    await runNotificationDelivery(h.svc);
    // review_task: e-mail switched off; webhook off for every kind but duty_incident.
    expect(mails.map((m) => [m.to, m.subject])).toEqual([["both@shifan.gov.cn", "一般舆情：乙"]]);
    expect(hooks.map((x) => [x.path, x.body.subject])).toEqual([["/both", "一般舆情：乙"]]);
    // The generic format carries what an SMS gateway needs.
    expect(hooks[0]!.body).toMatchObject({ kind: "duty_incident", kindName: "突发事件和舆情", severity: "normal", recipient: { username: u.both!.username, mobile: "13900000000" } });
    // The person without channels still has both notifications in the console.
    const inbox = await c.none!.get("/api/notifications");
    expect(inbox.body.items.map((i: { title: string }) => i.title)).toContain("待二审：甲");
  });

  it("delivers rows other modules insert directly, found by the scan", async () => {
    await h.svc.db.insert(notifications).values({ userId: u.hook!.id, kind: "interaction_overdue", title: "已超期：X2026001的办理", body: "请督促办理。", link: "/interaction/letters/1" });
    await runNotificationDelivery(h.svc);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.path).toBe("/hook");
    expect(hooks[0]!.body.msgtype).toBe("markdown");
    expect(hooks[0]!.body.markdown.content).toContain("已超期：X2026001的办理");
    expect(hooks[0]!.body.markdown.content).toContain("[查看](http://127.0.0.1:3000/interaction/letters/1)");
  });

  it("retries a failed webhook with back-off and records the attempts", async () => {
    hookFailures = 2;
    await notify(h.svc, [u.hook!.id], { kind: "takedown", title: "紧急撤稿：丙" });
    await runNotificationDelivery(h.svc);
    let [d] = await h.svc.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.state, "retry"));
    expect(d).toMatchObject({ attempts: 1, channel: "webhook" });
    expect(d!.lastError).toContain("HTTP 502");
    await runNotificationDelivery(h.svc);
    expect(hooks).toHaveLength(0); // not before the back-off
    minutes(1.1);
    await runNotificationDelivery(h.svc);
    [d] = await h.svc.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.id, d!.id));
    expect(d!.attempts).toBe(2);
    minutes(2.1);
    await runNotificationDelivery(h.svc);
    [d] = await h.svc.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.id, d!.id));
    expect(d).toMatchObject({ state: "sent", attempts: 3, lastError: null });
    expect(hooks.map((x) => x.body.markdown.content)).toEqual([expect.stringContaining("【紧急】紧急撤稿：丙")]);
  });
});

describe("notification centre and settings", () => {
  it("lists with filters, marks read and counts unread", async () => {
    await notify(h.svc, [u.none!.id], { kind: "duty_assignment", title: "值班安排：国庆节白班" });
    await notify(h.svc, [u.none!.id], { kind: "counterfeit_report", title: "假冒网站举报：fake.example.com" });
    let r = await c.none!.get("/api/notifications?kind=counterfeit_report");
    expect(r.body.items.map((i: { title: string }) => i.title)).toEqual(["假冒网站举报：fake.example.com"]);
    expect(r.body.items[0].kindName).toBe("假冒网站举报");
    r = await c.none!.get(`/api/notifications?q=${encodeURIComponent("国庆")}`);
    expect(r.body.total).toBe(1);
    const before = r.body.unread as number;
    expect((await c.none!.post("/api/notifications/read", { ids: [r.body.items[0].id] })).body.marked).toBe(1);
    r = await c.none!.get("/api/notifications?state=unread");
    expect(r.body.unread).toBe(before - 1);
    expect(r.body.items.some((i: { title: string }) => i.title.includes("国庆"))).toBe(false);
    // Someone else's notification cannot be marked.
    const [other] = await notify(h.svc, [u.mail!.id], { kind: "duty_assignment", title: "他人的通知" });
    expect((await c.none!.post("/api/notifications/read", { ids: [other] })).body.marked).toBe(0);
    expect((await c.none!.post("/api/notifications/read", { all: true })).body.marked).toBeGreaterThan(0);
    expect((await c.none!.get("/api/notifications")).body.unread).toBe(0);
  });

  it("refuses bad settings in Chinese and changes nothing", async () => {
    const before = (await c.mail!.get("/api/me/notification-settings")).body;
    const cases: Array<[unknown, string]> = [
      [{ email: { enabled: true, address: "不是邮箱" } }, "电子邮箱格式不正确"],
      [{ email: { enabled: true, address: "" } }, "启用邮件通知须填写电子邮箱"],
      [{ webhook: { enabled: true, address: "ftp://x.example.com/", format: "generic" } }, "Webhook 地址须为"],
      [{ webhook: { enabled: true, address: `${hookUrl}/x`, format: "feishu" } }, "请选择 Webhook 格式"],
      [{ preferences: [{ kind: "no_such_kind", channel: "email", enabled: false }] }, "未知的通知类型"],
      [{ email: { enabled: false, address: "changed@shifan.gov.cn" }, preferences: [{ kind: "review_task", channel: "sms", enabled: true }] }, "渠道只能是电子邮件或 Webhook"],
    ];
    for (const [body, message] of cases) {
      const r = await c.mail!.put("/api/me/notification-settings", body);
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body.error)).toContain(message);
    }
    expect((await c.mail!.post("/api/notifications/read", { ids: ["x"] })).status).toBe(400);
    expect((await c.mail!.get("/api/notifications?state=maybe")).status).toBe(400);
    const after = (await c.mail!.get("/api/me/notification-settings")).body;
    expect(after.channels).toEqual(before.channels);
    expect(after.preferences).toEqual(before.preferences);
  });

  it("sends a test message to check an address", async () => {
    const r = await c.hook!.post("/api/me/notification-settings/test", { channel: "webhook" });
    expect(r.status).toBe(200);
    expect(hooks[0]!.body.markdown.content).toContain("测试消息");
    const bad = await c.none!.post("/api/me/notification-settings/test", { channel: "email" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("请先保存电子邮箱");
  });

  it("offers no e-mail where no mail server is configured", async () => {
    const saved = h.svc.config.smtp;
    h.svc.config.smtp = undefined;
    try {
      expect((await c.none!.get("/api/me/notification-settings")).body.emailAvailable).toBe(false);
      const r = await c.none!.put("/api/me/notification-settings", { email: { enabled: true, address: "a@shifan.gov.cn" } });
      expect(r.status).toBe(400);
      expect(r.body.error.message).toContain("尚未配置发信服务器");
      expect((await c.none!.get("/api/me/notification-settings")).body.channels.email.enabled).toBe(false);
    } finally {
      h.svc.config.smtp = saved;
    }
  });
});

// Group commit of public letters (intake.ts): letters arriving together share one statement, each
// caller is answered only once that statement has committed, a row the database refuses fails
// only its own letter, and the first of two letters with the same key or solution wins.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { createTestDatabase } from "../../db/testing.ts";
import { caseEvents, deadlines, letters, powSpent, stageRecords } from "../../db/schema.ts";
import { createServices, type Services } from "../../services.ts";
import { testConfig } from "../../config/index.ts";
import { seedCalendar } from "../calendar/calendar.ts";
import { systemActor } from "../audit/record.ts";
import { intakeLetter, type IntakeItem, type IntakeResult } from "./intake.ts";

let database: Database;
let svc: Services;
const siteId = randomUUID();
const channelId = randomUUID();

beforeAll(async () => {
  database = await createTestDatabase();
  svc = await createServices(database, testConfig({ databaseUrl: database.url }));
  await seedCalendar(svc, systemActor("测试"));
  // Load the working calendar now, so the intake's first batch does not wait on it.
  await svc.calendar();
});
afterAll(async () => {
  await database.close();
});

function item(over: Partial<IntakeItem["row"]> = {}, pow = `pow-${randomUUID()}`): IntakeItem {
  const id = randomUUID();
  return {
    row: {
      id,
      siteId,
      channelId,
      kind: "mailbox",
      queryCodeHash: "0".repeat(64),
      title: "关于幸福小区门前道路积水的问题",
      content: "幸福小区门前道路每逢下雨就严重积水，希望尽快疏通排水管道。",
      pageUrl: null,
      writerName: "王小明",
      writerPhone: "13812345678",
      writerEmail: "",
      writerAddress: "",
      writerIdNumber: "",
      publicAllowed: true,
      status: "received",
      moderation: null,
      receivedAt: new Date("2026-04-30T10:00:00+08:00"),
      idempotencyKey: `letter:${id}`,
      payloadHash: "1".repeat(64),
      ip: "127.0.0.1",
      userAgent: "vitest",
      ...over,
    },
    pow: { key: pow, expiresAt: new Date(Date.now() + 3_600_000) },
    stages: [
      { stage: "forward", workdays: 2 },
      { stage: "reply", workdays: 15 },
    ],
    event: { summary: "通过“县长信箱”提交留言" },
  };
}

/**
 * The same services with a database client whose statements wait for `open()`: what the intake
 * sends, and when its callers are answered relative to the statement's completion, is visible.
 */
function gatedServices() {
  const real = (svc.db as unknown as { $client: { query: (...a: unknown[]) => Promise<unknown> } }).$client;
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const state = { statements: 0, completed: 0 };
  const client = {
    query: async (...args: unknown[]) => {
      const text = typeof args[0] === "string" ? args[0] : (args[0] as { text: string }).text;
      // PGlite: preparing the statement writes nothing.
      if (/^prepare /.test(text)) return real.query(...args);
      state.statements++;
      await gate;
      const r = await real.query(...args);
      state.completed++;
      return r;
    },
  };
  const db = Object.create(svc.db) as Services["db"];
  (db as unknown as { $client: unknown }).$client = client;
  return { svc: { ...svc, db } as Services, open, state };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("letter intake (group commit)", () => {
  it("writes letters arriving together in one statement and answers each only after it has completed", async () => {
    const g = gatedServices();
    const items = Array.from({ length: 25 }, () => item());
    const answeredAfter: number[] = [];
    const pending = items.map((it) =>
      intakeLetter(g.svc, it).then((r) => {
        answeredAfter.push(g.state.completed);
        return r;
      }),
    );
    // The batch is written once the statement is sent (preparing it on PGlite takes a round trip,
    // a busy machine more ticks): wait for it, then give a second statement every chance to appear.
    await vi.waitFor(() => expect(g.state.statements).toBe(1), { timeout: 10_000, interval: 5 });
    for (let i = 0; i < 20; i++) await tick();
    expect(g.state.statements).toBe(1);
    expect(answeredAfter).toEqual([]);
    g.open();
    const results = await Promise.all(pending);
    expect(answeredAfter).toEqual(items.map(() => 1));
    expect(results.every((r) => r.inserted)).toBe(true);
    const caseNos = results.map((r) => (r as Extract<IntakeResult, { inserted: true }>).caseNo);
    expect(new Set(caseNos).size).toBe(25);
    expect(caseNos.every((c) => /^HD2026\d{6}$/.test(c))).toBe(true);

    const ids = items.map((it) => it.row.id);
    const stored = await svc.db.select().from(letters).where(inArray(letters.id, ids));
    expect(stored.map((l) => l.caseNo).sort()).toEqual([...caseNos].sort());
    const dls = await svc.db.select().from(deadlines).where(inArray(deadlines.subjectId, ids));
    expect(dls.length).toBe(50);
    const recs = await svc.db.select().from(stageRecords).where(inArray(stageRecords.subjectId, ids));
    expect(recs.map((r) => r.deadlineId).sort()).toEqual(dls.map((d) => d.id).sort());
    const evs = await svc.db.select().from(caseEvents).where(inArray(caseEvents.subjectId, ids));
    expect(evs.length).toBe(25);
    const spent = await svc.db.select().from(powSpent).where(inArray(powSpent.key, items.map((it) => it.pow.key)));
    expect(spent.length).toBe(25);
    // Received on Thursday 30 April 2026: 1–5 May is the Labour Day holiday, Saturday 9 May a
    // working day. Two working days: 6 and 7 May; the due dates the callers got are the stored ones.
    const first = results[0] as Extract<IntakeResult, { inserted: true }>;
    const fwd = dls.find((d) => d.subjectId === items[0]!.row.id && d.stage === "forward")!;
    expect(fwd.dueAt?.toISOString()).toBe(first.dues.forward?.toISOString());
    expect(fwd.dueAt?.toISOString()).toBe("2026-05-07T15:59:59.000Z");
  });

  it("a letter the database refuses fails alone; the others of its batch are stored", async () => {
    const good = Array.from({ length: 6 }, () => item());
    const bad = item({ title: null as unknown as string });
    const settled = await Promise.allSettled([...good.slice(0, 3), bad, ...good.slice(3)].map((it) => intakeLetter(svc, it)));
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
    for (const s of settled) if (s.status === "fulfilled") expect(s.value.inserted).toBe(true);
    const stored = await svc.db.select({ id: letters.id }).from(letters).where(inArray(letters.id, [...good, bad].map((it) => it.row.id)));
    expect(stored.map((r) => r.id).sort()).toEqual(good.map((it) => it.row.id).sort());
    // Nothing of the refused letter remains, not even its spent challenge.
    const [{ n }] = (await svc.db.select({ n: sql<number>`count(*)::int` }).from(powSpent).where(eq(powSpent.key, bad.pow.key))) as [{ n: number }];
    expect(n).toBe(0);
  });

  it("refuses a NUL character with a clear message and stores nothing", async () => {
    const it0 = item({ content: "幸福小区门前道路积水\u0000严重，请尽快处理。" });
    await expect(intakeLetter(svc, it0)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    const stored = await svc.db.select({ id: letters.id }).from(letters).where(eq(letters.id, it0.row.id));
    expect(stored).toEqual([]);
  });

  it("within one batch the first of two letters with the same key or the same solution wins", async () => {
    const a = item();
    const retry = item({ idempotencyKey: a.row.idempotencyKey });
    const replay = item({}, a.pow.key);
    const other = item();
    const [ra, rRetry, rReplay, rOther] = await Promise.all([a, retry, replay, other].map((it) => intakeLetter(svc, it)));
    expect(ra!.inserted).toBe(true);
    expect(rRetry).toEqual({ inserted: false });
    expect(rReplay).toEqual({ inserted: false });
    expect(rOther!.inserted).toBe(true);
    const stored = await svc.db.select({ id: letters.id }).from(letters).where(inArray(letters.id, [a, retry, replay, other].map((it) => it.row.id)));
    expect(stored.map((r) => r.id).sort()).toEqual([a.row.id, other.row.id].sort());
  });

  it("a later batch cannot reuse a spent solution or a taken key", async () => {
    const a = item();
    expect((await intakeLetter(svc, a)).inserted).toBe(true);
    const [replay, retry] = await Promise.all([intakeLetter(svc, item({}, a.pow.key)), intakeLetter(svc, item({ idempotencyKey: a.row.idempotencyKey }))]);
    expect(replay).toEqual({ inserted: false });
    expect(retry).toEqual({ inserted: false });
    const [{ n }] = (await svc.db.select({ n: sql<number>`count(*)::int` }).from(letters).where(eq(letters.idempotencyKey, a.row.idempotencyKey))) as [{ n: number }];
    expect(n).toBe(1);
  });
});

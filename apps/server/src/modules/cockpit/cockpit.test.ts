// Column freshness and the compliance cockpit on fixtures: ok / due soon / overdue / blank columns,
// archived and interaction columns left out, the homepage, the veto counts against their
// thresholds with the days until violation, letters unanswered for three months, serious errors,
// and what each person may see.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { Client, createHarness, makeSite, makeUnit, makeUser, type Harness, type TestUser } from "../../testing/harness.ts";
import { columns, deadlines, documents, interactionChannels, letterAssignments, letters, monitorFindings, monitorProbes, rectificationTickets, revisions } from "../../db/schema.ts";
import { testClock } from "../../lib/clock.ts";
import { siteFreshness, DAY_MS } from "./freshness.ts";

let h: Harness;
let unitId: string;
let writer: TestUser;
const at = new Date();

beforeAll(async () => {
  testClock.freeze(at);
  h = await createHarness();
  unitId = (await makeUnit(h.svc, "示范县政府办公室")).id;
  writer = await makeUser(h.svc, unitId, [{ role: "supervisor" }]);
}, 120_000);
afterAll(async () => {
  testClock.reset();
  await h?.close();
});

let sortSeq = 0;
async function column(siteId: string, name: string, columnType: string, category: string, o: { parentId?: string; archived?: boolean; unit?: string } = {}) {
  const [c] = await h.svc.db
    .insert(columns)
    .values({ siteId, name, slug: `c${sortSeq}`, columnType, category, responsibleUnitId: o.unit ?? unitId, parentId: o.parentId ?? null, archived: !!o.archived, sort: sortSeq++ })
    .returning();
  return c!;
}

/** A live item first published `daysAgo` days before the test clock (plus an hour, so whole days are unambiguous). */
async function item(siteId: string, columnId: string, daysAgo: number, o: { findings?: unknown[]; title?: string } = {}) {
  const published = new Date(at.getTime() - daysAgo * DAY_MS - 3_600_000);
  const [d] = await h.svc.db.insert(documents).values({ siteId, ownerUnitId: unitId, type: "news", state: "published", createdBy: writer.id, firstPublishedAt: published, lastPublishedAt: published }).returning();
  const [r] = await h.svc.db
    .insert(revisions)
    .values({ documentId: d!.id, number: 1, fields: { title: o.title ?? `信息${daysAgo}天前`, primaryColumnId: columnId, otherColumnIds: [] }, findings: o.findings ?? [], createdBy: writer.id })
    .returning();
  await h.svc.db.update(documents).set({ liveRevisionId: r!.id }).where(eq(documents.id, d!.id));
  return d!;
}

describe("column freshness", () => {
  let siteId: string;
  const col = {} as Record<"fresh" | "soon" | "stale" | "blank" | "archived" | "overview" | "mailbox" | "parent" | "child" | "withdrawnOnly", string>;

  beforeAll(async () => {
    siteId = (await makeSite(h.svc, unitId)).id;
    col.fresh = (await column(siteId, "县政要闻", "政务要闻", "dynamic")).id;
    col.soon = (await column(siteId, "部门动态", "工作动态", "dynamic")).id;
    col.stale = (await column(siteId, "乡镇动态", "工作动态", "dynamic")).id;
    col.blank = (await column(siteId, "工作进展", "工作动态", "dynamic")).id;
    col.archived = (await column(siteId, "脱贫攻坚", "工作动态", "dynamic", { archived: true })).id;
    col.overview = (await column(siteId, "县情概况", "概况信息", "overview")).id;
    col.mailbox = (await column(siteId, "县长信箱", "咨询投诉", "interaction")).id;
    col.parent = (await column(siteId, "政务公开", "信息公开目录", "overview")).id;
    col.child = (await column(siteId, "通知公告", "通知公告", "notice_policy", { parentId: col.parent })).id;
    col.withdrawnOnly = (await column(siteId, "人事任免", "人事信息", "personnel")).id;
    await item(siteId, col.fresh, 3);
    await item(siteId, col.soon, 11);
    await item(siteId, col.stale, 20);
    await item(siteId, col.overview, 400);
    await item(siteId, col.child, 200);
    const w = await item(siteId, col.withdrawnOnly, 5);
    await h.svc.db.update(documents).set({ state: "withdrawn" }).where(eq(documents.id, w.id));
  });

  it("grades each column against its category's interval and leaves archived columns out", async () => {
    const [f] = await siteFreshness(h.svc, [siteId], at);
    const by = new Map(f!.columns.map((c) => [c.columnId, c]));
    expect(by.get(col.fresh)).toMatchObject({ level: "ok", ageDays: 3, daysLeft: 10, intervalDays: 14 });
    expect(by.get(col.soon)).toMatchObject({ level: "due_soon", ageDays: 11, daysLeft: 2 });
    expect(by.get(col.stale)).toMatchObject({ level: "overdue", ageDays: 20, daysLeft: -7 });
    expect(by.get(col.blank)).toMatchObject({ level: "blank", lastUpdateAt: null });
    expect(by.has(col.archived)).toBe(false);
    // 概况类 has no interval: never overdue, but blank would count.
    expect(by.get(col.overview)).toMatchObject({ level: "unchecked", ageDays: 400 });
    // Interaction columns are judged by letters, not blank.
    expect(by.get(col.mailbox)).toMatchObject({ level: "unchecked", blankCandidate: false });
    // A parent shows its children's items; the 二级 通知公告 is past its 180 days.
    expect(by.get(col.parent)).toMatchObject({ level: "unchecked", ageDays: 200, blankCandidate: false });
    expect(by.get(col.child)).toMatchObject({ level: "overdue", daysLeft: -21, topLevel: false });
    // A withdrawn item is not online: the column is blank.
    expect(by.get(col.withdrawnOnly)).toMatchObject({ level: "blank" });

    // R3 counts 动态要闻 at any level and only 一级 通知公告/政策文件: just 乡镇动态 here.
    expect(f!.rules.keyColumns).toMatchObject({ count: 1, threshold: 5, light: "yellow", columnIds: [col.stale] });
    // R4 counts every column with a cycle: 乡镇动态 and the 二级 通知公告.
    expect(f!.rules.shouldUpdate.count).toBe(2);
    expect(new Set(f!.rules.shouldUpdate.columnIds)).toEqual(new Set([col.stale, col.child]));
    // Blank: 工作进展 and 人事任免 (archived 脱贫攻坚 excluded); the warning line is 3.
    expect(f!.rules.blank).toMatchObject({ count: 2, threshold: 5, light: "green", daysUntilViolation: null });
    // Homepage: the news slot is the first 工作动态-like column (县政要闻), updated 3 days ago.
    expect(f!.homepage).toMatchObject({ ageDays: 3, light: "green", daysUntilViolation: 10 });
    expect(f!.homepage.columnIds).toContain(col.fresh);
  });

  it("warns on the homepage at 10 days and vetoes at 14", async () => {
    const s = (await makeSite(h.svc, unitId)).id;
    const news = (await column(s, "工作动态", "工作动态", "dynamic")).id;
    const other = (await column(s, "人事任免", "人事信息", "personnel")).id;
    await item(s, other, 1); // not on the homepage: does not count as a homepage update
    await item(s, news, 11);
    let [f] = await siteFreshness(h.svc, [s], at);
    expect(f!.homepage).toMatchObject({ ageDays: 11, light: "yellow", daysUntilViolation: 2, warnDays: 10, vetoDays: 14 });
    [f] = await siteFreshness(h.svc, [s], new Date(at.getTime() + 3 * DAY_MS));
    expect(f!.homepage).toMatchObject({ ageDays: 14, light: "red", daysUntilViolation: 0 });
  });

  it("counts stale key columns, should-update columns and blank columns against the veto lines", async () => {
    const s = (await makeSite(h.svc, unitId)).id;
    // Four 动态 columns overdue, one due in 2 days, one fine.
    for (let i = 0; i < 4; i++) await item(s, (await column(s, `动态${i}`, "工作动态", "dynamic")).id, 15 + i);
    const soon = (await column(s, "动态将到期", "工作动态", "dynamic")).id;
    await item(s, soon, 12);
    await item(s, (await column(s, "动态正常", "工作动态", "dynamic")).id, 1);
    // Six 人事 columns a year and more old: with the four 动态 that makes ten for R4.
    for (let i = 0; i < 6; i++) await item(s, (await column(s, `人事${i}`, "人事信息", "personnel")).id, 366 + i);
    // Three blank columns: the warning line.
    for (let i = 0; i < 3; i++) await column(s, `空白${i}`, "工作动态", "plan");

    let [f] = await siteFreshness(h.svc, [s], at);
    expect(f!.rules.keyColumns).toMatchObject({ count: 4, light: "yellow", daysUntilViolation: 1 });
    expect(f!.rules.keyColumns.nextColumnIds).toEqual([soon]);
    expect(f!.rules.shouldUpdate).toMatchObject({ count: 10, threshold: 10, light: "red", daysUntilViolation: 0 });
    expect(f!.rules.blank).toMatchObject({ count: 3, light: "yellow" });

    // Two days on, the fifth 动态 column is stale too: veto.
    [f] = await siteFreshness(h.svc, [s], new Date(at.getTime() + 2 * DAY_MS));
    expect(f!.rules.keyColumns).toMatchObject({ count: 5, light: "red", daysUntilViolation: 0 });

    for (let i = 3; i < 5; i++) await column(s, `空白${i}`, "工作动态", "plan");
    [f] = await siteFreshness(h.svc, [s], at);
    expect(f!.rules.blank).toMatchObject({ count: 5, light: "red", daysUntilViolation: 0 });
  });
});

describe("cockpit API", () => {
  let siteA: { id: string };
  let siteB: { id: string };
  const c: Record<string, Client> = {};
  let letterId: string;

  beforeAll(async () => {
    const unitB = (await makeUnit(h.svc, "示范县教育委员会")).id;
    siteA = await makeSite(h.svc, unitId);
    siteB = await makeSite(h.svc, unitB);
    const newsA = (await column(siteA.id, "要闻", "工作动态", "dynamic")).id;
    await item(siteA.id, newsA, 2);
    await item(siteA.id, newsA, 1, { title: "含严重错误的信息", findings: [{ rule: "expression.leader-name", category: "expression", severity: "block", message: "领导人姓名错误" }] });
    await column(siteB.id, "要闻", "工作动态", "dynamic", { unit: unitB });
    const [ch] = await h.svc.db.insert(interactionChannels).values({ siteId: siteA.id, kind: "mailbox", name: "县长信箱", slug: "xzxx" }).returning();
    letterId = randomUUID();
    await h.svc.db.insert(letters).values({
      id: letterId,
      siteId: siteA.id,
      channelId: ch!.id,
      kind: "mailbox",
      caseNo: "XJ20260001",
      queryCodeHash: "x",
      title: "关于小区供暖的咨询",
      content: "请问何时供暖？",
      writerName: "张三",
      publicAllowed: true,
      status: "forwarded",
      receivedAt: new Date(at.getTime() - 80 * DAY_MS),
      idempotencyKey: randomUUID(),
      payloadHash: "x",
    });
    await h.svc.db.insert(deadlines).values({ subjectType: "letter", subjectId: letterId, stage: "reply", startAt: new Date(at.getTime() - 80 * DAY_MS), workdays: 10, dueAt: new Date(at.getTime() - 60 * DAY_MS) });

    // 100 probes of site A's homepage over the last 5 days, 4 of them failed: 4 %, a warning.
    await h.svc.db.insert(monitorProbes).values(
      Array.from({ length: 100 }, (_, i) => ({ siteId: siteA.id, target: "home", url: "https://www.shifan.gov.cn/", at: new Date(at.getTime() - (i + 1) * 72 * 60_000), ok: i % 25 !== 0, status: i % 25 !== 0 ? 200 : 0 })),
    );
    // A severe finding on site B's served pages and an overdue ticket for its unit.
    await h.svc.db.insert(monitorFindings).values({ siteId: siteB.id, source: "scan", type: "hidden_link", severity: "severe", fingerprint: "fp1", url: "https://www.shifan.gov.cn/jyw/index.html", detail: "首页含隐藏链接 http://bet.example/", firstSeenAt: at, lastSeenAt: at });
    await h.svc.db.insert(rectificationTickets).values({ number: "ZG-TEST-1", siteId: siteB.id, unitId: unitB, origin: "manual", title: "整改隐藏链接", severity: "severe", dueAt: new Date(at.getTime() - 3_600_000), createdByName: "测试", createdAt: at, updatedAt: at });

    const people: Record<string, [string, Array<{ role: "editor" | "supervisor" | "auditor"; siteId?: string }>]> = {
      supervisor: [unitId, [{ role: "supervisor" }]],
      editorB: [unitB, [{ role: "editor", siteId: siteB.id }]],
      auditor: [unitId, [{ role: "auditor" }]],
    };
    let n = 1;
    for (const [name, [u, roles]] of Object.entries(people)) {
      c[name] = new Client(h.app, `10.71.0.${n++}`);
      await c[name]!.login(await makeUser(h.svc, u, roles));
    }
  }, 120_000);

  it("shows a 监管员 every site with the six veto items and the records behind them", async () => {
    const r = await c.supervisor!.get(`/api/cockpit?siteId=${siteA.id}`);
    expect(r.status).toBe(200);
    const ids = r.body.sites.map((s: { siteId: string }) => s.siteId);
    expect(ids).toEqual(expect.arrayContaining([siteA.id, siteB.id]));
    const a = r.body.sites.find((s: { siteId: string }) => s.siteId === siteA.id);
    expect(a.items.map((i: { name: string }) => i.name)).toEqual(["站点无法访问", "首页不更新", "栏目不更新", "空白栏目", "互动回应差", "严重错误"]);
    const by = Object.fromEntries(a.items.map((i: { key: string }) => [i.key, i]));
    // 80 days unanswered: no veto yet, 11 days to go (more than 90 days is the veto).
    expect(by.interaction).toMatchObject({ light: "yellow", daysUntilViolation: 11 });
    expect(by.interaction.letters).toEqual([expect.objectContaining({ letterId, caseNo: "XJ20260001", ageDays: 80, title: "关于小区供暖的咨询" })]);
    expect(by.serious).toMatchObject({ light: "red", daysUntilViolation: 0 });
    expect(by.serious.documents[0].title).toBe("含严重错误的信息");
    expect(by.homepage).toMatchObject({ light: "green", daysUntilViolation: 12 });
    expect(by.unavailable).toMatchObject({ light: "yellow", figure: "4%" });
    expect(by.unavailable.explanation[0]).toContain("监测 100 次");
    expect(r.body.overdueLetters.map((l: { letterId: string }) => l.letterId)).toEqual([letterId]);
    // Trends for the chosen site: two items in the last days, the letter overdue every day of the window.
    expect(r.body.trends.days).toHaveLength(30);
    expect(r.body.trends.updates.reduce((x: number, y: number) => x + y, 0)).toBe(2);
    expect(r.body.trends.overdueLetters.every((n: number) => n === 1)).toBe(true);
    expect(r.body.trends.availability.at(-1)).toBe(4);
    expect(r.body.trends.availability[0]).toBeNull();
    // Site B has no channel of its own and no portal: 未提供网上有效咨询建言渠道.
    const b = r.body.sites.find((s: { siteId: string }) => s.siteId === siteB.id);
    expect(b.items.find((i: { key: string }) => i.key === "interaction")).toMatchObject({ light: "red", figure: "无咨询渠道" });
    expect(b.items.find((i: { key: string }) => i.key === "blank").columns[0].path).toBe("要闻");
    expect(b.items.find((i: { key: string }) => i.key === "unavailable")).toMatchObject({ light: "grey", figure: "暂无监测数据" });
    expect(b.items.find((i: { key: string }) => i.key === "serious")).toMatchObject({ light: "red", documents: [expect.objectContaining({ documentId: null, title: "首页含隐藏链接 http://bet.example/" })] });
    expect(r.body.tickets).toMatchObject({ open: 1, overdue: 1 });
    // Units: the one answering for the blank column shows it.
    const edu = r.body.units.find((u: { name: string }) => u.name === "示范县教育委员会");
    expect(edu).toMatchObject({ light: "red", columns: 1, tickets: { open: 1, overdue: 1 } });
    expect(edu.blank.map((x: { path: string }) => x.path)).toEqual(["要闻"]);
  });

  it("limits a site's editor to the site and refuses another site's figures", async () => {
    const r = await c.editorB!.get("/api/cockpit");
    expect(r.status).toBe(200);
    expect(r.body.sites.map((s: { siteId: string }) => s.siteId)).toEqual([siteB.id]);
    expect(r.body.units.map((u: { name: string }) => u.name)).toEqual(["示范县教育委员会"]);
    expect(r.body.overdueLetters).toEqual([]);
    expect(r.body.todo.find((t: { key: string }) => t.key === "tickets")).toMatchObject({ count: 1, urgent: true });
    const denied = await c.editorB!.get(`/api/cockpit?siteId=${siteA.id}`);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain("无权查看该站点");
    const bad = await c.editorB!.get("/api/cockpit?siteId=abc");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("站点编号格式不正确");
  });

  it("gives an auditor no site figures but still a to-do list", async () => {
    const r = await c.auditor!.get("/api/cockpit");
    expect(r.status).toBe(200);
    expect(r.body.sites).toEqual([]);
    expect(r.body.units).toEqual([]);
    expect(Array.isArray(r.body.todo)).toBe(true);
  });

  it("puts the overdue letter on the handling unit's to-do list", async () => {
    const unitB = (await makeUnit(h.svc, "示范县住房城乡建设委员会")).id;
    await h.svc.db.insert(letterAssignments).values({ letterId, unitId: unitB, forwardedBy: writer.id, forwardedAt: new Date(at.getTime() - 79 * DAY_MS) });
    const cl = new Client(h.app, "10.71.0.9");
    await cl.login(await makeUser(h.svc, unitB, [{ role: "editor", siteId: siteA.id }]));
    const r = await cl.get("/api/cockpit/todo");
    expect(r.status).toBe(200);
    expect(r.body.items.find((i: { key: string }) => i.key === "letters_mine")).toMatchObject({ count: 1, urgent: true });
    const sup = await c.supervisor!.get("/api/cockpit");
    expect(sup.body.units.find((u: { name: string }) => u.name === "示范县住房城乡建设委员会")).toMatchObject({ overdueLetters: 1, light: "red" });
  });
});

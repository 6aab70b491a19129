// 三审三校 end to end through the API: drafting, review, publication, editing a live document,
// rejection, 会签, scope, scheduling, takedown, attachments and 索引号.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { Client, createHarness, makeColumn, makeSite, makeUnit, makeUser, type Harness, type TestUser } from "../../testing/harness.ts";
import { testClock } from "../../lib/clock.ts";
import { documents, media, publishEvents } from "../../db/schema.ts";
import { allocateIndexNumber, escalateTakedowns, makeLive, runScheduledPublishing } from "./publish.ts";
import { systemActor } from "../audit/record.ts";
import { sanitizeRichText } from "./sanitize.ts";
import { startClamd, EICAR } from "../../testing/clamd.ts";
import { createServices } from "../../services.ts";
import { buildAdminApp } from "../../http/app.ts";

let h: Harness;
let unitA: string, unitB: string, unitC: string;
let site: { id: string }, otherSite: { id: string };
let col: { id: string }, col2: { id: string }, otherCol: { id: string };
const u: Record<string, TestUser> = {};
const c: Record<string, Client> = {};

const checklist = () => h.svc.profile.values.review.checklist.filter((x) => x.kind === "gate").map((x) => x.key);

beforeAll(async () => {
  h = await createHarness();
  unitA = (await makeUnit(h.svc, "示范县发展和改革委员会")).id;
  unitB = (await makeUnit(h.svc, "示范县财政局")).id;
  unitC = (await makeUnit(h.svc, "示范县教育委员会")).id;
  site = await makeSite(h.svc, unitA, "fgw");
  otherSite = await makeSite(h.svc, unitC, "jw");
  col = await makeColumn(h.svc, site.id, unitA, "工作动态");
  col2 = await makeColumn(h.svc, site.id, unitA, "通知公告");
  otherCol = await makeColumn(h.svc, otherSite.id, unitC, "教育要闻");
  const people: Record<string, [string, Array<{ role: "editor" | "proofreader" | "reviewer" | "supervisor"; siteId?: string; level?: number }>]> = {
    editor: [unitA, [{ role: "editor", siteId: site.id }]],
    editor2: [unitA, [{ role: "editor", siteId: site.id }]],
    proof: [unitA, [{ role: "proofreader", siteId: site.id }]],
    rev2: [unitA, [{ role: "reviewer", siteId: site.id, level: 2 }]],
    rev3: [unitA, [{ role: "reviewer", siteId: site.id, level: 3 }]],
    rev4: [unitA, [{ role: "reviewer", siteId: site.id, level: 4 }]],
    cosign: [unitB, [{ role: "reviewer", siteId: otherSite.id, level: 2 }]],
    otherRev3: [unitC, [{ role: "reviewer", siteId: otherSite.id, level: 3 }]],
    otherEditor: [unitC, [{ role: "editor", siteId: otherSite.id }]],
    supervisor: [unitA, [{ role: "supervisor" }]],
  };
  for (const [name, [unit, roles]] of Object.entries(people)) {
    u[name] = await makeUser(h.svc, unit, roles);
    c[name] = new Client(h.app, `10.60.0.${Object.keys(c).length + 1}`);
    await c[name]!.login(u[name]!);
  }
});
afterAll(() => h.close());
let clockMoved = false;
afterEach(async () => {
  testClock.reset();
  // Moving the clock an hour idles every session out: sign everyone in again for the next test.
  if (clockMoved) await reloginAll();
  clockMoved = false;
});
async function reloginAll() {
  for (const [name, client] of Object.entries(c)) await client.login(u[name]!);
}

const fields = (extra: Record<string, unknown> = {}) => ({
  title: "示范县召开优化营商环境工作推进会",
  bodyHtml: "<p>11月20日，示范县召开优化营商环境工作推进会，部署下一阶段重点工作。</p>",
  source: "示范县发展和改革委员会",
  author: "王晓丽",
  primaryColumnId: col.id,
  ...extra,
});

async function draft(extra: Record<string, unknown> = {}, type = "news", who = "editor") {
  const r = await c[who]!.post("/api/documents", { siteId: site.id, type, fields: fields(extra) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.document.id as string, revisionId: r.body.revision.id as string };
}

async function submit(docId: string, revisionId: string, who = "editor") {
  const r = await c[who]!.post(`/api/documents/${docId}/submit`, { revisionId, checklist: checklist() });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.review.id as string;
}

const approve = (who: string, reviewId: string, opinion = "同意") => c[who]!.post(`/api/reviews/${reviewId}/decide`, { decision: "approve", opinion, checklist: checklist() });

/** The national profile's steps after the author's own 一审: three different people. */
async function approveAll(reviewId: string) {
  for (const who of ["proof", "rev2", "rev3"]) {
    const r = await approve(who, reviewId);
    expect(r.status, `${who}: ${JSON.stringify(r.body)}`).toBe(200);
  }
}

const publicDoc = async (id: string) => (await c.supervisor!.get(`/api/documents/${id}`)).body;

describe("三审三校 and publication", () => {
  it("passes 一审 by the author and three steps signed by three different people, then publishes with a 索引号", async () => {
    const d = await draft();
    const noChecklist = await c.editor!.post(`/api/documents/${d.id}/submit`, { revisionId: d.revisionId });
    expect(noChecklist.status, "submitting is the author's 一审: the checklist must be confirmed").toBe(400);
    const reviewId = await submit(d.id, d.revisionId);
    const inbox = await c.proof!.get("/api/reviews/inbox");
    expect(inbox.body.items.map((i: { documentId: string }) => i.documentId)).toContain(d.id);
    expect((await c.editor!.get("/api/reviews/inbox")).body.items.map((i: { documentId: string }) => i.documentId), "the submitter is not asked").not.toContain(d.id);
    await approveAll(reviewId);
    const after = await publicDoc(d.id);
    expect(after.document.state).toBe("published");
    expect(after.document.indexNo).toMatch(/^11500000MB0000000X\/\d{4}-\d{5}$/);
    const signers = after.trail.filter((t: { decision: string }) => t.decision === "approve").map((t: { actorName: string }) => t.actorName);
    expect(signers).toHaveLength(4);
    expect(new Set(signers).size, "four different people: the author and three reviewers").toBe(4);
    const events = await h.svc.db.select().from(publishEvents).where(eq(publishEvents.documentId, d.id));
    expect(events.map((e) => e.kind)).toEqual(["publish"]);
  });

  it("never lets the submitter approve, nor one person sign two steps, nor a step be skipped", async () => {
    const d = await draft();
    const reviewId = await submit(d.id, d.revisionId);
    const own = await approve("editor", reviewId);
    expect(own.status).toBe(403);
    expect(own.body.error.message).toContain("送审人不能审核");
    const skip = await approve("rev3", reviewId);
    expect(skip.status, "the level-3 leader cannot sign 一校 before its turn").toBe(403);
    expect((await approve("editor2", reviewId)).status, "another 信息员 is not a proofreader").toBe(403);
    expect((await approve("proof", reviewId)).status).toBe(200);
    expect((await approve("proof", reviewId)).status, "the proofreader cannot also sign 二审").toBe(403);
    const noChecklist = await c.rev2!.post(`/api/reviews/${reviewId}/decide`, { decision: "approve", checklist: [] });
    expect(noChecklist.status).toBe(400);
    expect(noChecklist.body.error.message).toContain("请逐项确认审核要点");
  });

  it("keeps the live version online while an edit goes through review again", async () => {
    const d = await draft();
    await approveAll(await submit(d.id, d.revisionId));
    const live = await publicDoc(d.id);
    const edit = await c.editor!.put(`/api/documents/${d.id}/draft`, { baseRevisionId: live.live.id, fields: fields({ title: "示范县召开优化营商环境工作推进会（更正）" }) });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    const during = await publicDoc(d.id);
    expect(during.document.state).toBe("published");
    expect(during.live.fields.title).toBe("示范县召开优化营商环境工作推进会");
    expect(during.draft.fields.title).toContain("更正");
    const reviewId = await submit(d.id, edit.body.revision.id);
    const locked = await c.editor!.put(`/api/documents/${d.id}/draft`, { baseRevisionId: edit.body.revision.id, fields: fields({ title: "再改" }) });
    expect(locked.status).toBe(409);
    await approveAll(reviewId);
    const after = await publicDoc(d.id);
    expect(after.live.fields.title).toContain("更正");
    expect(after.document.indexNo).toBe(live.document.indexNo);
    const cmp = await c.editor!.get(`/api/documents/${d.id}/compare?from=${live.live.id}&to=${after.live.id}`);
    expect(cmp.body.changes.map((x: { label: string }) => x.label)).toEqual(["标题"]);
  });

  it("returns to an earlier step or to the author with a reason; resubmission restarts at the first step", async () => {
    const d = await draft();
    const reviewId = await submit(d.id, d.revisionId);
    await approve("proof", reviewId);
    const noReason = await c.rev2!.post(`/api/reviews/${reviewId}/decide`, { decision: "reject" });
    expect(noReason.status).toBe(400);
    const back = await c.rev2!.post(`/api/reviews/${reviewId}/decide`, { decision: "reject", opinion: "请核实会议日期", returnTo: "proof_1" });
    expect(back.body.status).toBe("returned");
    expect((await c.proof!.get("/api/reviews/inbox")).body.items.some((i: { reviewId: string }) => i.reviewId === reviewId)).toBe(true);
    await approve("proof", reviewId);
    const toAuthor = await c.rev2!.post(`/api/reviews/${reviewId}/decide`, { decision: "reject", opinion: "标题不规范", returnTo: "author" });
    expect(toAuthor.body.status).toBe("rejected");
    expect((await publicDoc(d.id)).document.state).toBe("draft");
    const fixed = await c.editor!.put(`/api/documents/${d.id}/draft`, { baseRevisionId: d.revisionId, fields: fields({ title: "示范县优化营商环境工作推进会召开" }) });
    const again = await submit(d.id, fixed.body.revision.id);
    const review = (await publicDoc(d.id)).review;
    expect(review.id).toBe(again);
    expect(review.steps[review.current].name, "resubmission restarts at the first reviewer's step").toBe("一校");
    expect((await approve("rev2", again)).status, "no step is skipped on resubmission").toBe(403);
  });

  it("requires every co-issuing unit to countersign (会签)", async () => {
    const d = await draft({ flags: { coIssuingUnitIds: [unitB] } });
    const reviewId = await submit(d.id, d.revisionId);
    const steps = (await publicDoc(d.id)).review.steps.map((s: { name: string }) => s.name);
    expect(steps).toContain("会签");
    for (const who of ["proof", "rev2"]) expect((await approve(who, reviewId)).status).toBe(200);
    expect((await approve("rev3", reviewId)).status, "the sign-off waits for the countersignature").toBe(403);
    expect((await approve("otherRev3", reviewId)).status, "another unit's leader cannot countersign for 财政局").toBe(403);
    expect((await approve("cosign", reviewId)).status).toBe(200);
    expect((await approve("rev3", reviewId)).status).toBe(200);
    expect((await publicDoc(d.id)).document.state).toBe("published");
  });

  it("sends public-opinion risk to the principal leader, with a response plan", async () => {
    const noPlan = await draft({ flags: { opinionRisk: true } });
    const refused = await c.editor!.post(`/api/documents/${noPlan.id}/submit`, { revisionId: noPlan.revisionId, checklist: checklist() });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain("舆情应对预案");
    const d = await draft({ flags: { opinionRisk: true, responsePlan: "安排专人监测网络舆情，24 小时内回应关切。" } });
    const reviewId = await submit(d.id, d.revisionId);
    await approveAll(reviewId);
    expect((await publicDoc(d.id)).document.state).toBe("in_review");
    expect((await approve("rev4", reviewId)).status).toBe(200);
    expect((await publicDoc(d.id)).document.state).toBe("published");
  });

  it("routes uncertain secrecy to a 保密审查 step", async () => {
    const d = await draft({ flags: { secrecyUncertain: true } });
    const reviewId = await submit(d.id, d.revisionId);
    expect((await publicDoc(d.id)).review.steps.map((s: { name: string }) => s.name)).toContain("保密审查");
    for (const who of ["proof", "rev2"]) await approve(who, reviewId);
    expect((await approve("rev3", reviewId)).status).toBe(403);
    expect((await approve("supervisor", reviewId)).status).toBe(200);
  });
});

describe("scope", () => {
  it("a reviewer of another unit's site cannot see or act on this unit's document", async () => {
    const d = await draft();
    const reviewId = await submit(d.id, d.revisionId);
    expect((await c.otherRev3!.get(`/api/documents/${d.id}`)).status).toBe(404);
    expect((await approve("otherRev3", reviewId)).status).toBe(403);
    expect((await c.otherRev3!.get("/api/reviews/inbox")).body.items.some((i: { documentId: string }) => i.documentId === d.id)).toBe(false);
    expect((await c.otherRev3!.get("/api/documents")).body.items.some((i: { id: string }) => i.id === d.id)).toBe(false);
    const foreignColumn = await c.otherEditor!.post("/api/documents", { siteId: site.id, type: "news", fields: fields() });
    expect(foreignColumn.status).toBe(403);
    const edit = await c.otherEditor!.put(`/api/documents/${d.id}/draft`, { baseRevisionId: d.revisionId, fields: fields() });
    expect(edit.status).toBe(403);
  });
});

describe("no path publishes unreviewed content", () => {
  it("refuses to make a revision live without its completed review, from any caller", async () => {
    const d = await draft();
    await expect(h.svc.db.transaction((tx) => makeLive(tx, h.svc, d.id, systemActor()))).rejects.toThrow(/未经三审三校/);
    // A job that finds a schedule on an unreviewed document marks it failed instead of publishing.
    await h.svc.db.update(documents).set({ state: "scheduled", scheduledAt: new Date(Date.now() - 1000) }).where(eq(documents.id, d.id));
    const run = await runScheduledPublishing(h.svc);
    expect(run.failed).toBeGreaterThanOrEqual(1);
    const after = await publicDoc(d.id);
    expect(after.document.state).toBe("publish_failed");
    expect(after.document.publishError).toContain("未经三审三校");
    expect(after.live).toBeNull();
    // The API has no publish endpoint besides the last signature.
    for (const url of [`/api/documents/${d.id}/publish`, `/api/documents/${d.id}/make-live`]) expect((await c.rev3!.post(url, {})).status).toBe(404);
  });

  it("refuses blocking check findings unless the final signer overrides in writing", async () => {
    const d = await draft({ bodyHtml: "<p>本文件为机密★1年，内部资料，注意保密。</p>" });
    const refused = await c.editor!.post(`/api/documents/${d.id}/submit`, { revisionId: d.revisionId, checklist: checklist() });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain("自动检查");
    expect(refused.body.error.findings.length).toBeGreaterThan(0);
    expect((await c.rev2!.post(`/api/documents/${d.id}/override-checks`, { reason: "经核实为公开的历史档案说明，不涉密。" })).status).toBe(403);
    expect((await c.rev3!.post(`/api/documents/${d.id}/override-checks`, { reason: "经核实为公开的历史档案说明，不涉密。" })).status).toBe(200);
    const ok = await c.editor!.post(`/api/documents/${d.id}/submit`, { revisionId: d.revisionId, checklist: checklist() });
    expect(ok.status).toBe(200);
  });
});

describe("scheduled publication", () => {
  it("survives a restart and runs once", async () => {
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const d = await draft({ publishAt: at });
    await approveAll(await submit(d.id, d.revisionId));
    expect((await publicDoc(d.id)).document.state).toBe("scheduled");
    expect((await runScheduledPublishing(h.svc)).published, "not before its time").toBe(0);

    // "Restart": new services and a new app on the same database; the schedule lives in the database.
    clockMoved = true;
    const svc2 = await createServices(h.svc.database, h.svc.config);
    const app2 = await buildAdminApp(svc2, { consoleDir: null, logger: false });
    testClock.advance(3_600_000 + 1000);
    const results = await Promise.all([runScheduledPublishing(svc2), runScheduledPublishing(svc2), runScheduledPublishing(h.svc)]);
    expect(results.reduce((n, r) => n + r.published, 0)).toBe(1);
    const [after] = await h.svc.db.select().from(documents).where(eq(documents.id, d.id));
    expect(after!.state).toBe("published");
    expect(after!.liveRevisionId).toBe(d.revisionId);
    const events = await h.svc.db.select().from(publishEvents).where(eq(publishEvents.documentId, d.id));
    expect(events).toHaveLength(1);
    await app2.close();
  });
});

describe("taking down", () => {
  it("withdraws with a public notice, and escalates an emergency takedown at the deadline", async () => {
    const d = await draft();
    await approveAll(await submit(d.id, d.revisionId));
    clockMoved = true;
    const flag = await c.supervisor!.post(`/api/documents/${d.id}/takedown`, { reason: "涉及未公开的人员信息" });
    expect(flag.status).toBe(201);
    const early = await c.supervisor!.post(`/api/documents/${d.id}/unpublish`, { mode: "remove", reason: "超时未处置" });
    expect(early.status, "the supervisor waits for the unit's deadline").toBe(403);
    testClock.advance(h.svc.profile.values.takedown.hours * 3_600_000 - 60_000);
    expect((await escalateTakedowns(h.svc)).escalated).toBe(0);
    testClock.advance(120_000);
    expect((await escalateTakedowns(h.svc)).escalated).toBe(1);
    await reloginAll(); // an hour passed: the earlier sessions have idled out
    const bell = await c.supervisor!.get("/api/me/notifications");
    expect(bell.body.items.some((n: { kind: string }) => n.kind === "takedown_escalated")).toBe(true);
    const direct = await c.supervisor!.post(`/api/documents/${d.id}/unpublish`, { mode: "remove", reason: "超时未处置，监管员直接撤下" });
    expect(direct.status).toBe(200);
    expect((await publicDoc(d.id)).document.state).toBe("removed");

    const d2 = await draft();
    await approveAll(await submit(d2.id, d2.revisionId));
    const w = await c.rev3!.post(`/api/documents/${d2.id}/unpublish`, { mode: "withdraw", reason: "会议时间调整", notice: "该信息已撤回，会议时间另行通知。" });
    expect(w.status).toBe(200);
    const after = await publicDoc(d2.id);
    expect(after.document.state).toBe("withdrawn");
    expect(after.document.takedown.notice).toContain("另行通知");
  });
});

describe("rich text and attachments", () => {
  it("strips script, event handlers, javascript: links and SVG tricks", () => {
    const hostile = `<p onclick="alert(1)">正文<script>alert(2)</script><a href="javascript:alert(3)">链接</a><a href=" JaVaScRiPt:alert(4)">二</a>
      <img src="x" onerror="alert(5)" alt="图"><svg><script>alert(6)</script><a xlink:href="javascript:alert(7)">s</a></svg>
      <iframe src="https://evil.example"></iframe><style>body{display:none}</style><img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="svg">
      <a href="https://www.gov.cn" target="_blank">国务院</a><math><mi xlink:href="javascript:alert(8)">m</mi></math></p>`;
    const out = sanitizeRichText(hostile);
    expect(out).not.toMatch(/script|onclick|onerror|javascript:|<svg|<iframe|<style|<math|data:image\/svg/i);
    expect(out).toContain("正文");
    expect(out).toContain('href="https://www.gov.cn"');
    expect(out).toContain('rel="noopener noreferrer"');
  });

  it("refuses an EICAR upload with a Chinese message and stores nothing; accepts a real PDF", async () => {
    const clamd = await startClamd();
    const svc = await createServices(h.svc.database, { ...h.svc.config, clamdSocket: clamd.socket, dataDir: `/tmp/govsite-test-media-${process.pid}` });
    const app = await buildAdminApp(svc, { consoleDir: null, logger: false });
    try {
      const editor = new Client(app, "10.60.1.1");
      await editor.login(u.editor!);
      const before = (await h.svc.db.select({ n: sql<number>`count(*)::int` }).from(media))[0]!.n;
      const upload = (name: string, bytes: Buffer) => {
        const boundary = "----govsite";
        const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
        return editor.req("POST", "/api/media", body, { "content-type": `multipart/form-data; boundary=${boundary}` });
      };
      const infected = await upload("通知.pdf", Buffer.from(`%PDF-1.4\n${EICAR}\n%%EOF\n`));
      expect(infected.status).toBe(400);
      expect(infected.body.error.message).toContain("病毒");
      expect(infected.body.error.message).toContain("未保存");
      const disguised = await upload("通知.pdf", Buffer.from("MZ\x90\x00 this is an executable"));
      expect(disguised.status).toBe(400);
      expect(disguised.body.error.message).toContain("不支持的文件类型");
      const after = (await h.svc.db.select({ n: sql<number>`count(*)::int` }).from(media))[0]!.n;
      expect(after).toBe(before);
      const ok = await upload("说明.pdf", Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"));
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      expect(ok.body.media.scan).toBe("clean");
    } finally {
      await app.close();
      clamd.stop();
    }
  });
});

describe("索引号", () => {
  it("is unique under concurrent allocation", async () => {
    const numbers = await Promise.all(
      Array.from({ length: 20 }, () => h.svc.db.transaction((tx) => allocateIndexNumber(tx, "{unitCode}/{year}-{seq:5}", { unitCode: "CONC", category: "x", at: new Date("2026-05-01T00:00:00+08:00") }))),
    );
    expect(new Set(numbers).size).toBe(20);
    expect(numbers.sort()[0]).toBe("CONC/2026-00001");
  });

  it("is unique under concurrent publishing and immutable once published", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const d = await draft({ title: `并发发布测试 ${i}` });
      const reviewId = await submit(d.id, d.revisionId);
      for (const who of ["proof", "rev2"]) await approve(who, reviewId);
      ids.push(reviewId);
    }
    const results = await Promise.all(ids.map((id) => approve("rev3", id)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const rows = await h.svc.db.select({ indexNo: documents.indexNo }).from(documents).where(sql`${documents.indexNo} is not null`);
    expect(new Set(rows.map((r) => r.indexNo)).size).toBe(rows.length);
    const [one] = rows;
    const err = await h.svc.db.execute(sql`update documents set index_no = 'changed' where index_no = ${one!.indexNo}`).then(
      () => null,
      (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ""}`,
    );
    expect(err).toMatch(/immutable/);
  });
});

describe("sharing and the register", () => {
  it("offers a document to another site's column; that site's signer adopts it and it is counted", async () => {
    const d = await draft();
    await approveAll(await submit(d.id, d.revisionId));
    const s = await c.editor!.post(`/api/documents/${d.id}/submissions`, { targetColumnId: otherCol.id });
    expect(s.status).toBe(201);
    expect((await c.rev3!.post(`/api/submissions/${s.body.submission.id}/adopt`)).status, "only the receiving site decides").toBe(403);
    const adopted = await c.otherRev3!.post(`/api/submissions/${s.body.submission.id}/adopt`, { note: "采用" });
    expect(adopted.status).toBe(200);
    const copy = await c.otherRev3!.get(`/api/documents/${adopted.body.adoptedDocumentId}`);
    expect(copy.body.document.state).toBe("published");
    expect(copy.body.trail[0].stepName).toBe("采用审核");
  });

  it("lists everything published with signatures, and flags late proactive disclosure", async () => {
    const d = await draft({ primaryColumnId: col2.id, disclosure: { publisher: "示范县发展和改革委员会", writtenDate: "2025-01-02", docNumber: "示发改〔2025〕1号" } }, "notice");
    await approveAll(await submit(d.id, d.revisionId));
    const reg = await c.supervisor!.get(`/api/register?siteId=${site.id}`);
    expect(reg.status, JSON.stringify(reg.body)).toBe(200);
    const row = reg.body.items.find((i: { id: string }) => i.id === d.id);
    expect(row.signatures).toHaveLength(4);
    expect(row.late).toBe(true);
    const xlsx = await c.supervisor!.get(`/api/register/export?siteId=${site.id}`);
    expect(xlsx.raw.rawPayload.subarray(0, 2).toString()).toBe("PK");
  });
});



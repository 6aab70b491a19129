// Letters end to end: a citizen writes on the public API and gets a 查询码; the centre forwards to
// two units; each drafts, its leader approves; the writer reads the reply and rates it; the
// de-identified letter is published with its dates. Plus: duplicates, scope, moderation,
// re-routing, extensions, rate limits and publication never leaking personal data.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { eq, sql } from "drizzle-orm";
import { Client, createHarness, makeSite, makeUnit, makeUser, type Harness, type TestUser } from "../../testing/harness.ts";
import { letters, auditLog } from "../../db/schema.ts";
import { buildPublicTestApp, letterBody, makeChannel, solvedPow } from "./testing.ts";

let h: Harness;
let pub: FastifyInstance;
let site: { id: string; code: string };
const unit: Record<string, string> = {};
const u: Record<string, TestUser> = {};
const c: Record<string, Client> = {};

beforeAll(async () => {
  h = await createHarness();
  unit.centre = (await makeUnit(h.svc, "示范县大数据发展中心")).id;
  unit.edu = (await makeUnit(h.svc, "示范县教育委员会")).id;
  unit.hr = (await makeUnit(h.svc, "示范县人力资源和社会保障局")).id;
  unit.other = (await makeUnit(h.svc, "示范县林业局")).id;
  site = await makeSite(h.svc, unit.centre, "portal");
  const people: Record<string, [string, Array<{ role: "editor" | "reviewer" | "supervisor"; siteId?: string; level?: number }>]> = {
    centre: [unit.centre, [{ role: "editor", siteId: site.id }]],
    centreLead: [unit.centre, [{ role: "reviewer", siteId: site.id, level: 2 }]],
    supervisor: [unit.centre, [{ role: "supervisor" }]],
    edu: [unit.edu, [{ role: "editor", siteId: site.id }]],
    eduLead: [unit.edu, [{ role: "reviewer", siteId: site.id, level: 2 }]],
    hr: [unit.hr, [{ role: "editor", siteId: site.id }]],
    hrLead: [unit.hr, [{ role: "reviewer", siteId: site.id, level: 3 }]],
    other: [unit.other, [{ role: "editor", siteId: site.id }]],
  };
  let n = 1;
  for (const [name, [unitId, roles]] of Object.entries(people)) {
    u[name] = await makeUser(h.svc, unitId, roles);
    c[name] = new Client(h.app, `10.70.0.${n++}`);
    await c[name]!.login(u[name]!);
  }
  const r = await c.centre!.post(`/api/sites/${site.id}/interaction/channels`, { kind: "mailbox", name: "县长信箱", slug: "xzxx", leaderTitle: "县长" });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  await makeChannel(h.svc, site.id, "error_report", "zhaocuo", "我为政府网站找错");
  pub = await buildPublicTestApp(h.svc);
});
afterAll(async () => {
  await pub.close();
  await h.close();
});

async function submit(body: Record<string, unknown>, headers: Record<string, string> = {}, ip = "127.1.0.1") {
  const altcha = body.altcha ?? (await solvedPow(pub, ip));
  const r = await pub.inject({ method: "POST", url: `/api/public/sites/${site.code}/letters`, payload: { ...body, altcha }, headers, remoteAddress: ip });
  return { status: r.statusCode, body: r.json() };
}

async function lookup(caseNo: string, code: string) {
  const r = await pub.inject({ method: "POST", url: "/api/public/letters/lookup", payload: { caseNo, code } });
  return { status: r.statusCode, body: r.json() };
}

describe("public submission", () => {
  it("acknowledges with a case number and a query code, and lists the site's channels", async () => {
    const ch = await pub.inject({ method: "GET", url: `/api/public/sites/${site.code}/channels` });
    expect(ch.json().channels.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(["县长信箱", "我为政府网站找错"]));
    const r = await submit(letterBody());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.caseNo).toMatch(/^HD\d{4}\d{6}$/);
    expect(r.body.queryCode).toMatch(/^[2-9A-Z]{10}$/);
    expect(r.body.message).toContain("查询码");
    const seen = await lookup(r.body.caseNo, r.body.queryCode);
    expect(seen.status).toBe(200);
    expect(seen.body.statusName).toBe("待受理");
    expect((await lookup(r.body.caseNo, "WRONGCODE2")).status).toBe(404);
  });

  it("stores only a keyed hash of the query code, and codes stored before the key still work", async () => {
    const r = await submit(letterBody());
    const [row] = await h.svc.db.select({ id: letters.id, hash: letters.queryCodeHash }).from(letters).where(eq(letters.caseNo, r.body.caseNo));
    const plain = createHash("sha256").update(r.body.queryCode).digest("hex");
    expect(row!.hash).not.toBe(plain);
    expect(row!.hash).not.toContain(r.body.queryCode);
    // A case acknowledged before the HMAC (plain SHA-256 stored) stays queryable.
    await h.svc.db.update(letters).set({ queryCodeHash: plain }).where(eq(letters.id, row!.id));
    expect((await lookup(r.body.caseNo, r.body.queryCode.toLowerCase())).status).toBe(200);
    expect((await lookup(r.body.caseNo, "WRONGCODE2")).status).toBe(404);
  });

  it("a double click or a retry never creates two cases", async () => {
    const key = "form-token-0123456789abcdef";
    const pow = await solvedPow(pub);
    const body = letterBody({ title: "重复提交测试：路灯不亮", altcha: pow });
    const [a, b] = await Promise.all([submit(body, { "idempotency-key": key }), submit(body, { "idempotency-key": key })]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.caseNo).toBe(b.body.caseNo);
    expect(a.body.queryCode).toBe(b.body.queryCode);
    const retry = await submit(body, { "idempotency-key": key });
    expect(retry.status).toBe(200);
    expect(retry.body.caseNo).toBe(a.body.caseNo);
    // Without any key the solved challenge identifies the submission.
    const pow2 = await solvedPow(pub);
    const body2 = letterBody({ title: "重复提交测试：无提交标识", altcha: pow2 });
    const [x, y] = await Promise.all([submit(body2), submit(body2)]);
    expect(x.body.caseNo).toBe(y.body.caseNo);
    const rows = await h.svc.db.select({ n: sql<number>`count(*)::int` }).from(letters).where(sql`${letters.title} like '重复提交测试%'`);
    expect(rows[0]!.n).toBe(2);
    // The same key with different content is refused; a spent challenge cannot be reused.
    const other = await submit({ ...body, content: "另一段完全不同的留言内容，用来测试提交标识冲突。" }, { "idempotency-key": key });
    expect(other.status).toBe(409);
    const reuse = await submit(letterBody({ title: "换一个标题再用旧的验证", altcha: pow }), { "idempotency-key": "another-token-0123456789" });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error.code).toBe("CHALLENGE_FAILED");
  });

  it("refuses a missing or forged human check and bad input, in Chinese", async () => {
    const none = await pub.inject({ method: "POST", url: `/api/public/sites/${site.code}/letters`, payload: letterBody({ clientToken: "no-pow-token-0123456789" }) });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toContain("人机验证");
    const forged = Buffer.from(JSON.stringify({ algorithm: "SHA-256", challenge: "00", number: 1, salt: "x?expires=9999999999", signature: "ff" })).toString("base64");
    expect((await submit(letterBody({ altcha: forged }))).body.error.code).toBe("CHALLENGE_FAILED");
    const bad = await submit(letterBody({ phone: "123", title: "短" }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["phone", "title"]));
    const noUrl = await submit(letterBody({ channel: "zhaocuo" }));
    expect(noUrl.body.error.issues[0].path).toBe("pageUrl");
  });

  it("holds abusive or spam letters for a moderator", async () => {
    const r = await submit(letterBody({ title: "投诉某某单位工作人员", content: "你们这帮傻逼什么都不管，赶紧处理！加微信代开发票。" }));
    expect(r.status).toBe(201);
    expect(r.body.status).toBe("held");
    const [l] = await h.svc.db.select().from(letters).where(eq(letters.caseNo, r.body.caseNo));
    const queue = await c.centre!.get(`/api/interaction/letters?box=intake&status=received`);
    expect(queue.body.items.some((x: { caseNo: string }) => x.caseNo === r.body.caseNo)).toBe(false);
    const fwd = await c.centre!.post(`/api/interaction/letters/${l!.id}/forward`, { units: [{ unitId: unit.edu }] });
    expect(fwd.status).toBe(409);
    const rej = await c.centre!.post(`/api/interaction/letters/${l!.id}/moderate`, { decision: "reject", reason: "含侮辱性语言和广告" });
    expect(rej.status, JSON.stringify(rej.body)).toBe(200);
    const seen = await lookup(r.body.caseNo, r.body.queryCode);
    expect(seen.body.statusName).toBe("不予受理");
  });

  it("limits writes per address", async () => {
    const app = await buildPublicTestApp(h.svc, { writes: { max: 3, windowMs: 60_000 } });
    const go = async (ip: string, i: number) => {
      const pow = await solvedPow(app, ip);
      const r = await app.inject({ method: "POST", url: `/api/public/sites/${site.code}/letters`, payload: letterBody({ title: `限流测试第${i}封信`, altcha: pow }), remoteAddress: ip });
      return r.statusCode;
    };
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await go("127.9.9.9", i));
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    expect(await go("127.9.9.10", 9)).toBe(201);
    await app.close();
  });
});

describe("handling", () => {
  let caseNo = "";
  let code = "";
  let id = "";

  it("the centre forwards to two units; only they (and the centre) see the letter", async () => {
    const r = await submit(letterBody({ content: "幸福小区门前道路积水，另外小区旁边学校的校车经常超载。我的邻居李四（身份证 110101199003074514，电话 13900001111）也反映过多次。" }));
    caseNo = r.body.caseNo;
    code = r.body.queryCode;
    const [l] = await h.svc.db.select().from(letters).where(eq(letters.caseNo, caseNo));
    id = l!.id;
    const inbox = await c.centre!.get("/api/interaction/letters?box=intake");
    const item = inbox.body.items.find((x: { caseNo: string }) => x.caseNo === caseNo);
    expect(item.deadlines.map((d: { stage: string }) => d.stage).sort()).toEqual(["forward", "reply"]);
    expect((await c.edu!.get(`/api/interaction/letters/${id}`)).status).toBe(404);

    const f = await c.centre!.post(`/api/interaction/letters/${id}/forward`, { units: [{ unitId: unit.edu, role: "lead" }, { unitId: unit.hr, role: "assist" }], instruction: "请教委牵头答复校车问题，人社局配合" });
    expect(f.status, JSON.stringify(f.body)).toBe(200);

    const eduList = await c.edu!.get("/api/interaction/letters?box=mine");
    expect(eduList.body.items.map((x: { caseNo: string }) => x.caseNo)).toContain(caseNo);
    expect((await c.edu!.get(`/api/interaction/letters/${id}`)).status).toBe(200);
    const otherList = await c.other!.get("/api/interaction/letters");
    expect(otherList.body.items.map((x: { caseNo: string }) => x.caseNo)).not.toContain(caseNo);
    expect((await c.other!.get(`/api/interaction/letters/${id}`)).status).toBe(404);
    expect((await c.other!.post(`/api/interaction/letters/${id}/forward`, { units: [{ unitId: unit.other }] })).status).toBe(404);
    // Someone else's letters: the education committee sees none of the ones never forwarded to it.
    const all = await c.edu!.get("/api/interaction/letters?pageSize=200");
    expect(all.body.items.every((x: { caseNo: string }) => x.caseNo === caseNo)).toBe(true);
    const seen = await lookup(caseNo, code);
    expect(seen.body.acceptedAt).not.toBeNull();
  });

  it("a unit returns its part; the centre re-routes with a reason", async () => {
    const page = await c.hr!.get(`/api/interaction/letters/${id}`);
    const hrPart = page.body.assignments.find((a: { unitId: string }) => a.unitId === unit.hr);
    const ret = await c.hr!.post(`/api/interaction/assignments/${hrPart.id}/return`, { reason: "校车管理不属于本局职责" });
    expect(ret.status, JSON.stringify(ret.body)).toBe(200);
    const rr = await c.centre!.post(`/api/interaction/letters/${id}/reroute`, { assignmentId: hrPart.id, toUnitId: unit.other, reason: "改由林业局答复绿化带问题" });
    expect(rr.status, JSON.stringify(rr.body)).toBe(200);
    expect((await c.hr!.get(`/api/interaction/letters/${id}`)).status).toBe(200); // history stays visible to the unit that held it
    expect((await c.other!.get(`/api/interaction/letters/${id}`)).status).toBe(200);
    const history = (await c.centre!.get(`/api/interaction/letters/${id}`)).body.history.map((e: { summary: string }) => e.summary).join("\n");
    expect(history).toContain("校车管理不属于本局职责");
    expect(history).toContain("改派至示范县林业局");
  });

  it("extensions need approval and are shown to the writer", async () => {
    const tooLong = await c.edu!.post(`/api/interaction/letters/${id}/extensions`, { workdays: h.svc.profile.values.interaction.letterExtensionMaxWorkdays + 1, reason: "需现场勘查并协调住建部门" });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).toContain(`单次延期不超过 ${h.svc.profile.values.interaction.letterExtensionMaxWorkdays} 个工作日`);
    const req = await c.edu!.post(`/api/interaction/letters/${id}/extensions`, { workdays: 5, reason: "需现场勘查并协调住建部门" });
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    expect((await c.edu!.post(`/api/interaction/extensions/${req.body.request.id}/decide`, { approve: true })).status).toBe(403);
    const before = (await lookup(caseNo, code)).body.replyDueAt;
    const ok = await c.supervisor!.post(`/api/interaction/extensions/${req.body.request.id}/decide`, { approve: true });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const after = await lookup(caseNo, code);
    expect(after.body.replyDueAt > before).toBe(true);
    expect(after.body.history.map((e: { summary: string }) => e.summary).join()).toContain("经批准延期 5 个工作日");
    // The national baseline allows one extension per letter.
    const again = await c.edu!.post(`/api/interaction/letters/${id}/extensions`, { workdays: 3, reason: "仍需协调住建部门" });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toContain("每件留言最多延期 1 次");
  });

  it("each unit drafts, its leader (not the drafter) approves; then the writer gets the reply", async () => {
    const page = await c.edu!.get(`/api/interaction/letters/${id}`);
    const eduPart = page.body.assignments.find((a: { unitId: string; status: string }) => a.unitId === unit.edu && a.status === "handling");
    const otherPart = page.body.assignments.find((a: { unitId: string; status: string }) => a.unitId === unit.other && a.status === "handling");
    const d = await c.edu!.post(`/api/interaction/assignments/${eduPart.id}/draft`, { text: "王小明同志：您好！您反映的校车超载问题，我委已会同交警部门开展专项检查，对涉事校车依法处理。联系电话 023-12345678。", submit: true });
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    expect((await c.other!.post(`/api/interaction/assignments/${eduPart.id}/review`, { decision: "approve" })).status).toBe(403);
    const ap = await c.eduLead!.post(`/api/interaction/assignments/${eduPart.id}/review`, { decision: "approve" });
    expect(ap.body.sent).toBe(false);
    expect((await lookup(caseNo, code)).body.reply).toBeNull();

    const otherLead = await makeUser(h.svc, unit.other!, [{ role: "reviewer", siteId: site.id, level: 2 }]);
    const ol = new Client(h.app, "10.70.1.1");
    await ol.login(otherLead);
    await c.other!.post(`/api/interaction/assignments/${otherPart.id}/draft`, { text: "您反映的小区旁绿化带问题，我局已安排养护单位处理。", submit: true });
    const ret = await ol.post(`/api/interaction/assignments/${otherPart.id}/review`, { decision: "return", note: "请写明完成时限" });
    expect(ret.status).toBe(200);
    await c.other!.post(`/api/interaction/assignments/${otherPart.id}/draft`, { text: "您反映的小区旁绿化带问题，我局已安排养护单位于本周内处理完毕。", submit: true });
    const done = await ol.post(`/api/interaction/assignments/${otherPart.id}/review`, { decision: "approve" });
    expect(done.body.sent).toBe(true);

    const seen = await lookup(caseNo, code);
    expect(seen.body.statusName).toBe("已答复");
    expect(seen.body.reply.map((p: { unit: string }) => p.unit)).toEqual(["示范县教育委员会", "示范县林业局"]);
    expect(seen.body.canRate).toBe(true);
  });

  it("publishes a de-identified version with 受理日期, 答复日期, 答复部门, 答复内容 — never personal data", async () => {
    const page = await c.centre!.get(`/api/interaction/letters/${id}`);
    const p = page.body.letter.publication;
    expect(p).not.toBeNull();
    const red = await c.centre!.post(`/api/interaction/letters/${id}/publication`, { redactions: ["幸福小区"] });
    expect(red.status, JSON.stringify(red.body)).toBe(200);
    expect(red.body.remaining).toEqual([]);
    const pubR = await c.centre!.post(`/api/interaction/letters/${id}/publish`);
    expect(pubR.status, JSON.stringify(pubR.body)).toBe(200);

    const list = await pub.inject({ method: "GET", url: `/api/public/sites/${site.code}/letters` });
    const item = list.json().items.find((x: { caseNo: string }) => x.caseNo === caseNo);
    expect(item.受理日期).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(item.答复日期).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(item.答复部门).toBe("示范县教育委员会、示范县林业局");
    expect(item.答复内容).toContain("专项检查");
    const everything = list.body + (await pub.inject({ method: "GET", url: `/api/public/sites/${site.code}/letters/${caseNo}` })).body;
    for (const secret of ["王小明", "13812345678", "wxm@example.com", "500242199001011234", "3栋2单元501", "110101199003074514", "13900001111", "幸福小区"]) {
      expect(everything, secret).not.toContain(secret);
    }
    expect(everything).toContain("王*");

    const stats = await pub.inject({ method: "GET", url: `/api/public/sites/${site.code}/letter-statistics` });
    const s = stats.json();
    expect(s.completed).toBeGreaterThanOrEqual(1);
    expect(s.units.find((x: { unit: string }) => x.unit === "示范县教育委员会").onTimeShare).toBe(100);

    const rate = await pub.inject({ method: "POST", url: "/api/public/letters/rating", payload: { caseNo, code, rating: "satisfied", comment: "处理及时" } });
    expect(rate.statusCode, rate.body).toBe(200);
    expect((await lookup(caseNo, code)).body.statusName).toBe("已办结");
    const again = await pub.inject({ method: "POST", url: "/api/public/letters/rating", payload: { caseNo, code, rating: "unsatisfied" } });
    expect(again.statusCode).toBe(409);
  });

  it("refuses to publish when the writer said no, or when personal data is left", async () => {
    const r = await submit(letterBody({ title: "不公开的来信测试", publicAllowed: false }));
    const [l] = await h.svc.db.select().from(letters).where(eq(letters.caseNo, r.body.caseNo));
    await c.centre!.post(`/api/interaction/letters/${l!.id}/forward`, { units: [{ unitId: unit.edu }] });
    const part = (await c.edu!.get(`/api/interaction/letters/${l!.id}`)).body.assignments[0];
    await c.edu!.post(`/api/interaction/assignments/${part.id}/draft`, { text: "您好，您反映的问题已转交有关学校处理。", submit: true });
    await c.eduLead!.post(`/api/interaction/assignments/${part.id}/review`, { decision: "approve" });
    const no = await c.centre!.post(`/api/interaction/letters/${l!.id}/publish`);
    expect(no.status).toBe(409);
    expect(no.body.error.message).toContain("不公开");
    // A hand edit that puts the name back is caught at publication.
    await h.svc.db.update(letters).set({ publicAllowed: true }).where(eq(letters.id, l!.id));
    const edit = await c.centre!.post(`/api/interaction/letters/${l!.id}/publication`, { content: "王小明反映学校门口积水" });
    // maskText applies to edits too, so the name is masked again …
    expect(edit.body.publication.content).not.toContain("王小明");
    // … and a forged public version is refused.
    await h.svc.db.update(letters).set({ publication: { ...edit.body.publication, content: "王小明反映学校门口积水，电话13812345678" } }).where(eq(letters.id, l!.id));
    const leak = await c.centre!.post(`/api/interaction/letters/${l!.id}/publish`);
    expect(leak.status).toBe(400);
    expect(leak.body.error.message).toContain("个人信息");
  });

  it("writes an audit event for every console action", async () => {
    const rows = await h.svc.db.select({ action: auditLog.action }).from(auditLog).where(sql`${auditLog.action} like 'letter.%'`);
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ["letter.forward", "letter.return", "letter.reroute", "letter.reply.submit", "letter.reply.approve", "letter.extension.approve", "letter.publish", "letter.moderate.reject"]) expect(actions, a).toContain(a);
  });
});

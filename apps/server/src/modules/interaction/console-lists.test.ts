// What the console needs beyond the case operations: the actor's scope and sites in
// /interaction/meta, the site's 意见征集 / 问卷调查 / 在线访谈 list, and table 三 as an Excel file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { formatShanghai } from "@govsite/calendar";
import type { FastifyInstance } from "fastify";
import { buildPublicTestApp, letterBody, makeChannel, solvedPow } from "./testing.ts";
import { Client, createHarness, makeSite, makeUnit, makeUser, type Harness, type TestUser } from "../../testing/harness.ts";

let h: Harness;
let site: { id: string; code: string };
let other: { id: string; code: string };
let centre: string, office: string;
const u: Record<string, TestUser> = {};
const c: Record<string, Client> = {};

beforeAll(async () => {
  h = await createHarness();
  centre = (await makeUnit(h.svc, "示范县大数据发展中心")).id;
  office = (await makeUnit(h.svc, "示范县自然资源局")).id;
  site = await makeSite(h.svc, centre, "portal3");
  other = await makeSite(h.svc, office, "zrzyj");
  u.centre = await makeUser(h.svc, centre, [{ role: "editor", siteId: site.id }]);
  u.clerk = await makeUser(h.svc, office, [{ role: "editor", siteId: site.id }]);
  u.supervisor = await makeUser(h.svc, centre, [{ role: "supervisor" }]);
  let n = 1;
  for (const name of Object.keys(u)) {
    c[name] = new Client(h.app, `10.91.0.${n++}`);
    await c[name]!.login(u[name]!);
  }
});
afterAll(() => h.close());

describe("interaction meta", () => {
  it("tells the centre its sites, a unit none, and the supervisor every site", async () => {
    const m = await c.centre!.get("/api/interaction/meta");
    expect(m.status).toBe(200);
    expect(m.body.sites).toEqual([{ id: site.id, name: expect.any(String), code: "portal3", intake: true }]);
    expect(m.body.scope).toMatchObject({ all: false, unitId: centre, intakeSiteIds: [site.id] });
    expect(m.body.stageNames.forward).toBe("转办");
    // Every site is offered for registering a paper application; the unit's own site is marked.
    expect(m.body.allSites.map((s: { code: string; own: boolean }) => [s.code, s.own]).sort()).toEqual([["portal3", true], ["zrzyj", false]]);

    const clerk = await c.clerk!.get("/api/interaction/meta");
    expect(clerk.body.sites).toEqual([]);
    expect(clerk.body.scope.intakeSiteIds).toEqual([]);
    expect(clerk.body.allSites.find((s: { code: string }) => s.code === "zrzyj").own).toBe(true);

    const sup = await c.supervisor!.get("/api/interaction/meta");
    expect(sup.body.scope.all).toBe(true);
    expect(sup.body.sites.map((s: { code: string }) => s.code).sort()).toEqual(["portal3", "zrzyj"]);
    expect(sup.body.sites.every((s: { intake: boolean }) => !s.intake)).toBe(true);
  });
});

describe("letters inbox filters", () => {
  let pub: FastifyInstance;
  beforeAll(async () => {
    pub = await buildPublicTestApp(h.svc);
  });
  afterAll(() => pub.close());

  it("filters by channel: 县长信箱 letters apart from 书记信箱 ones; a malformed channel id is refused", async () => {
    const mayor = await makeChannel(h.svc, site.id, "mailbox", "xzxx", "县长信箱");
    const secretary = await makeChannel(h.svc, site.id, "mailbox", "sjxx", "书记信箱", { leaderTitle: "县委书记" });
    const send = async (channel: string, title: string, ip: string) => {
      const r = await pub.inject({ method: "POST", url: `/api/public/sites/${site.code}/letters`, payload: { ...letterBody({ channel, title }), altcha: await solvedPow(pub, ip) }, remoteAddress: ip });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().caseNo as string;
    };
    const a = await send("xzxx", "关于县城公交线路调整的建议", "127.9.0.1");
    const b = await send("sjxx", "关于农村饮水工程维护的问题", "127.9.0.2");
    const byMayor = await c.centre!.get(`/api/interaction/letters?channelId=${mayor.id}`);
    expect(byMayor.status).toBe(200);
    expect(byMayor.body.items.map((l: { caseNo: string }) => l.caseNo)).toEqual([a]);
    const bySecretary = await c.centre!.get(`/api/interaction/letters?channelId=${secretary.id}&box=intake`);
    expect(bySecretary.body.items.map((l: { caseNo: string; channel: string }) => [l.caseNo, l.channel])).toEqual([[b, "书记信箱"]]);
    const bad = await c.centre!.get("/api/interaction/letters?channelId=xzxx");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("渠道编号格式不正确");
  });
});

describe("participation list", () => {
  it("lists the site's solicitations, surveys and interviews with their counts, for the centre only", async () => {
    const soon = Date.now() + 86_400_000;
    const s1 = await c.centre!.post(`/api/sites/${site.id}/solicitations`, { title: "示范县城市绿化管理办法（征求意见稿）", text: "第一条 为了加强城市绿化管理。\n第二条 本办法适用于县城规划区。", unitId: office, opensAt: new Date(soon).toISOString(), closesAt: new Date(soon + 10 * 86_400_000).toISOString() });
    expect(s1.status, JSON.stringify(s1.body)).toBe(201);
    const s2 = await c.centre!.post(`/api/sites/${site.id}/surveys`, {
      title: "政府网站满意度调查",
      unitId: centre,
      opensAt: new Date(soon).toISOString(),
      closesAt: new Date(soon + 5 * 86_400_000).toISOString(),
      questions: [
        { key: "q1", type: "single", title: "您是否使用过网上办事？", options: [{ key: "o1", label: "是" }, { key: "o2", label: "否" }] },
        { key: "q2", type: "text", title: "请说明没有使用的原因", showIf: { question: "q1", anyOf: ["o2"] } },
      ],
    });
    expect(s2.status, JSON.stringify(s2.body)).toBe(201);
    const s3 = await c.centre!.post(`/api/sites/${site.id}/interviews`, { title: "聚焦义务教育招生政策", guests: "县教委主任", unitId: office, startsAt: new Date(soon + 5 * 86_400_000).toISOString(), endsAt: new Date(soon + 5 * 86_400_000 + 7_200_000).toISOString() });
    expect(s3.status, JSON.stringify(s3.body)).toBe(201);

    const r = await c.centre!.get(`/api/sites/${site.id}/participation`);
    expect(r.status).toBe(200);
    expect(r.body.solicitations).toEqual([expect.objectContaining({ id: s1.body.id, status: "draft", paragraphs: 2, comments: 0 })]);
    expect(r.body.surveys).toEqual([expect.objectContaining({ id: s2.body.id, questions: 2, responses: 0, resultsPublishedAt: null })]);
    expect(r.body.interviews).toEqual([expect.objectContaining({ id: s3.body.id, guests: "县教委主任", questions: 0, status: "draft" })]);

    // Another site's list is empty; a unit outside the centre is refused.
    const sup = await c.supervisor!.get(`/api/sites/${other.id}/participation`);
    expect(sup.status).toBe(200);
    expect(sup.body).toEqual({ solicitations: [], surveys: [], interviews: [] });
    const clerk = await c.clerk!.get(`/api/sites/${site.id}/participation`);
    expect(clerk.status).toBe(403);
    expect(clerk.body.error.message).toContain("运维中心");
    const bad = await c.centre!.get("/api/sites/not-a-uuid/participation");
    expect(bad.status).toBe(400);
  });
});

describe("table 三 export", () => {
  it("exports the year's table with the received application, and refuses a bad year", async () => {
    const submittedAt = new Date(Date.now() - 3_600_000);
    const year = Number(formatShanghai(submittedAt).slice(0, 4));
    const r = await c.clerk!.post("/api/disclosure/applications", {
      siteId: site.id,
      unitId: office,
      channel: "in_person",
      submittedAt: submittedAt.toISOString(),
      applicantType: "business",
      applicantName: "示范县青山建材有限公司",
      orgCode: "91500242MA5U000000",
      phone: "13700000000",
      address: "示范县城关镇人民路1号",
      description: "示范县2024年度砂石开采权出让的批复文件",
      form: "paper",
      delivery: "post",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);

    const x = await c.clerk!.get(`/api/disclosure/annual-table/export?year=${year}`);
    expect(x.status).toBe(200);
    expect(x.headers["content-type"]).toContain("spreadsheetml");
    expect(decodeURIComponent(String(x.headers["content-disposition"]))).toContain(`${year}年政府信息公开申请情况（表三）.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell(1, 1).value)).toContain(`${year}年度 收到和处理政府信息公开申请情况`);
    const rows: Array<{ label: string; cells: unknown[] }> = [];
    ws.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      rows.push({ label: String(values[0] ?? "").trim(), cells: values.slice(1) });
    });
    const find = (label: string) => rows.find((r) => r.label === label);
    // Columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
    expect(find("一、本年新收政府信息公开申请数量")?.cells).toEqual([0, 1, 0, 0, 0, 0, 1]);
    expect(find("四、结转下年度继续办理")?.cells).toEqual([0, 1, 0, 0, 0, 0, 1]);
    expect(find("（七）总计")?.cells).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(rows.some((r) => r.label === "1．属于国家秘密")).toBe(true);
    expect(rows.some((r) => r.label.includes("各列均平衡"))).toBe(true);

    const bad = await c.clerk!.get("/api/disclosure/annual-table/export?year=1990");
    expect(bad.status).toBe(400);
    expect(typeof bad.body.error.message).toBe("string");
  });
});

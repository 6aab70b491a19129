import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, createHarness, makeUnit, makeUser, type Harness } from "../../testing/harness.ts";
import { psbRecordCode, validateSite, type SiteInput } from "./sites.ts";
import { slugFor } from "../columns/columns.ts";

const base: SiteInput = {
  code: "portal",
  name: "示范县人民政府",
  kind: "portal",
  parentSiteId: null,
  ownerUnitId: "00000000-0000-0000-0000-000000000001",
  operatorUnitId: "00000000-0000-0000-0000-000000000001",
  domain: "www.shifan.gov.cn",
  pathPrefix: "/",
  siteIdCode: "5099000001",
  icp: "渝ICP备12345678号-1",
  psb: "渝公网安备50990002000001号",
  partyGovMark: "",
  contactPhone: "023-12345678",
  contactEmail: "",
  address: "",
  status: "running",
  monitorUrl: "",
};
const msgs = (issues: Array<{ path: string; message: string }>, path: string) => issues.filter((i) => i.path === path).map((i) => i.message).join("；");

describe("site validation (pure)", () => {
  it("accepts a correct portal", () => {
    expect(validateSite(base, { others: [] })).toEqual([]);
    expect(psbRecordCode(base.psb)).toBe("50990002000001");
  });
  it("names every problem in Chinese", () => {
    const issues = validateSite({ ...base, siteIdCode: "12345", icp: "ICP12345", psb: "公安123", domain: "www.shifan.com" }, { others: [] });
    expect(msgs(issues, "siteIdCode")).toContain("10 位数字");
    expect(msgs(issues, "icp")).toContain("ICP备案号格式");
    expect(msgs(issues, "psb")).toContain("14 位数字");
    expect(msgs(issues, "domain")).toContain(".gov.cn");
  });
  it("accepts bm codes and .政务 domains, requires www for portals", () => {
    expect(validateSite({ ...base, siteIdCode: "bm01000001" }, { others: [] })).toEqual([]);
    expect(msgs(validateSite({ ...base, domain: "shifan.gov.cn" }, { others: [] }), "domain")).toContain("www.□□□.gov.cn");
    expect(validateSite({ ...base, domain: "示范县.政务" }, { others: [] })).toEqual([]);
  });
  it("keeps sub-sites under the portal's domain, with a path prefix when they share it", () => {
    const parent = { domain: "www.shifan.gov.cn", kind: "portal" };
    const sub = { ...base, code: "fgw", kind: "subsite" as const, parentSiteId: "00000000-0000-0000-0000-000000000002" };
    expect(validateSite({ ...sub, pathPrefix: "/fgw/" }, { parent, others: [] })).toEqual([]);
    expect(validateSite({ ...sub, domain: "fgw.shifan.gov.cn" }, { parent, others: [] })).toEqual([]);
    expect(msgs(validateSite(sub, { parent, others: [] }), "pathPrefix")).toContain("须设置路径前缀");
    expect(msgs(validateSite({ ...sub, domain: "fgw.other.gov.cn" }, { parent, others: [] }), "domain")).toContain("下级域名");
    expect(msgs(validateSite({ ...sub, parentSiteId: null }, { others: [] }), "parentSiteId")).toContain("所属门户网站");
    expect(msgs(validateSite({ ...sub, pathPrefix: "fgw" }, { parent, others: [] }), "pathPrefix")).toContain("“/”开头和结尾");
  });
  it("refuses duplicate codes and addresses", () => {
    const issues = validateSite(base, { others: [{ id: "x", code: "portal", domain: "www.shifan.gov.cn", pathPrefix: "/" }] });
    expect(msgs(issues, "code")).toContain("已被其他站点使用");
    expect(msgs(issues, "pathPrefix")).toContain("相同的域名和路径");
  });
});

describe("sites and columns through the API", () => {
  let h: Harness;
  let admin: Client, supervisor: Client;
  let unitId: string;
  beforeAll(async () => {
    h = await createHarness();
    unitId = (await makeUnit(h.svc)).id;
    admin = new Client(h.app, "10.40.0.1");
    await admin.login(await makeUser(h.svc, unitId, [{ role: "system_admin" }]));
    supervisor = new Client(h.app, "10.40.0.2");
    await supervisor.login(await makeUser(h.svc, unitId, [{ role: "supervisor" }]));
  });
  afterAll(() => h.close());

  it("registers a portal and a sub-site, refusing bad ones with field messages and storing nothing", async () => {
    const bad = await admin.post("/api/sites", { ...base, ownerUnitId: unitId, operatorUnitId: unitId, siteIdCode: "abc", domain: "www.example.com" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("不符合规范");
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["siteIdCode", "domain"]));
    expect((await admin.get("/api/sites")).body.items).toHaveLength(0);

    const portal = await admin.post("/api/sites", { ...base, ownerUnitId: unitId, operatorUnitId: unitId });
    expect(portal.status).toBe(201);
    const sub = await admin.post("/api/sites", { ...base, code: "jyw", name: "示范县教育委员会", kind: "subsite", parentSiteId: portal.body.site.id, pathPrefix: "/jyw/", siteIdCode: "5099000002", ownerUnitId: unitId, operatorUnitId: unitId });
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);
  });

  it("keeps the monitoring address in the site's settings, refusing a malformed one", async () => {
    const site = (await admin.get("/api/sites")).body.items.find((x: { code: string }) => x.code === "portal");
    const bad = await admin.patch(`/api/sites/${site.id}`, { monitorUrl: "www.shifan.gov.cn" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("监测访问地址须为完整网址");
    expect((await admin.get(`/api/sites/${site.id}`)).body.site.settings.monitorUrl).toBeUndefined();
    const ok = await admin.patch(`/api/sites/${site.id}`, { monitorUrl: "https://www.shifan.gov.cn/" });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.site.settings.monitorUrl).toBe("https://www.shifan.gov.cn/");
    // An edit of other fields keeps it (and every other stored field); an empty value removes it.
    const phone = (await admin.patch(`/api/sites/${site.id}`, { contactPhone: "023-87654321" })).body.site;
    expect(phone.settings.monitorUrl).toBe("https://www.shifan.gov.cn/");
    expect([phone.contactPhone, phone.icp, phone.psb, phone.status]).toEqual(["023-87654321", site.icp, site.psb, site.status]);
    expect((await admin.patch(`/api/sites/${site.id}`, { monitorUrl: "" })).body.site.settings.monitorUrl).toBeUndefined();
  });

  it("creates columns with pinyin directory names, validates them in Chinese, exports the management list", async () => {
    const [site] = (await admin.get("/api/sites")).body.items;
    const meta = (await supervisor.get("/api/column-meta")).body;
    expect(meta.columnTypes).toContain("通知公告");
    const bad = await supervisor.post(`/api/sites/${site.id}/columns`, { name: "", columnType: "乱写", category: "nope", responsibleUnitId: unitId, externalUrl: "ftp://x" });
    expect(bad.status).toBe(400);
    const text = JSON.stringify(bad.body);
    expect(text).toContain("请填写栏目名称");
    expect(text).toContain("国家规范的栏目类型");
    expect(text).toContain("外链地址须为");
    // A link-out column may point to another system or to a page of this site (the /hd/ forms),
    // never to a scheme-relative or script address.
    for (const externalUrl of ["//evil.example/x", "javascript:alert(1)", "/hd/a b.html"]) {
      const r = await supervisor.post(`/api/sites/${site.id}/columns`, { name: "外链栏目", columnType: "咨询投诉", category: meta.categories[0].key, responsibleUnitId: unitId, externalUrl });
      expect(r.status, externalUrl).toBe(400);
    }
    const inSite = await supervisor.post(`/api/sites/${site.id}/columns`, { name: "县长信箱", columnType: "咨询投诉", category: meta.categories[0].key, responsibleUnitId: unitId, externalUrl: "/hd/xzxx/index.html" });
    expect(inSite.status, JSON.stringify(inSite.body)).toBe(201);
    expect(inSite.body.column.externalUrl).toBe("/hd/xzxx/index.html");
    const ok = await supervisor.post(`/api/sites/${site.id}/columns`, { name: "通知公告", columnType: "通知公告", category: meta.categories[0].key, responsibleUnitId: unitId, keywords: ["通知", "公告"] });
    expect(ok.status).toBe(201);
    expect(ok.body.column.slug).toBe("tzgg");
    const twin = await supervisor.post(`/api/sites/${site.id}/columns`, { name: "通知公告", columnType: "通知公告", category: meta.categories[0].key, responsibleUnitId: unitId });
    expect(twin.body.column.slug).toBe("tzgg2");
    const child = await supervisor.post(`/api/sites/${site.id}/columns`, { parentId: ok.body.column.id, name: "公示公告", columnType: "通知公告", category: meta.categories[0].key, responsibleUnitId: unitId });
    const cycle = await supervisor.post(`/api/columns/${ok.body.column.id}/move`, { parentId: child.body.column.id, index: 0 });
    expect(cycle.status).toBe(400);
    expect(JSON.stringify(cycle.body)).toContain("不能移动到本栏目或其下级栏目之下");
    const moved = await supervisor.post(`/api/columns/${twin.body.column.id}/move`, { parentId: null, index: 0 });
    expect(moved.status).toBe(200);
    const list = (await supervisor.get(`/api/sites/${site.id}/columns`)).body.items.filter((c: { parentId: string | null }) => !c.parentId);
    expect(list.sort((a: { sort: number }, b: { sort: number }) => a.sort - b.sort)[0].id).toBe(twin.body.column.id);
    const archived = await supervisor.post(`/api/columns/${twin.body.column.id}/archive`, { archived: true });
    expect(archived.body.column.archived).toBe(true);
    const xlsx = await supervisor.get(`/api/sites/${site.id}/columns/export`);
    expect(xlsx.raw.headers["content-type"]).toContain("spreadsheetml");
    expect(xlsx.raw.rawPayload.subarray(0, 2).toString()).toBe("PK");
    const del = await supervisor.delete(`/api/columns/${ok.body.column.id}`);
    expect(del.status).toBe(409);
    expect(del.body.error.message).toContain("子栏目");
  });

  it("derives directory names from pinyin initials", () => {
    expect(slugFor("政务要闻")).toBe("zwyw");
    expect(slugFor("信息公开年报")).toBe("xxgknb");
    expect(slugFor("2024专题")).toMatch(/^2024zt$/);
  });
});

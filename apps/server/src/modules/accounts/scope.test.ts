// Separation of duties and site scope, through every API path that takes a site or column.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, createHarness, makeColumn, makeSite, makeUnit, makeUser, type Harness, type TestUser } from "../../testing/harness.ts";

let h: Harness;
let unitA: string, unitB: string;
let siteA: { id: string }, siteB: { id: string };
let colA: { id: string }, colB: { id: string };
let sysadmin: TestUser, auditor: TestUser, supervisor: TestUser, adminA: TestUser, editorB: TestUser;
const c: Record<string, Client> = {};

beforeAll(async () => {
  h = await createHarness();
  unitA = (await makeUnit(h.svc, "甲单位")).id;
  unitB = (await makeUnit(h.svc, "乙单位")).id;
  siteA = await makeSite(h.svc, unitA, "jia");
  siteB = await makeSite(h.svc, unitB, "yi");
  colA = await makeColumn(h.svc, siteA.id, unitA, "甲栏目");
  colB = await makeColumn(h.svc, siteB.id, unitB, "乙栏目");
  sysadmin = await makeUser(h.svc, unitA, [{ role: "system_admin" }]);
  auditor = await makeUser(h.svc, unitA, [{ role: "auditor" }]);
  supervisor = await makeUser(h.svc, unitA, [{ role: "supervisor" }]);
  adminA = await makeUser(h.svc, unitA, [{ role: "site_admin", siteId: siteA.id }]);
  editorB = await makeUser(h.svc, unitB, [{ role: "editor", siteId: siteB.id }]);
  for (const [k, u] of Object.entries({ sysadmin, auditor, supervisor, adminA, editorB })) {
    c[k] = new Client(h.app, `10.20.0.${Object.keys(c).length + 1}`);
    await c[k]!.login(u);
  }
});
afterAll(() => h.close());

describe("a unit's site administrator is confined to its own site", () => {
  const columnBody = (unitId: string) => ({ name: "新栏目", columnType: "工作动态", category: h.svc.profile.values.columns.categories[0]!.key, responsibleUnitId: unitId });

  it("sees only its own site", async () => {
    const r = await c.adminA!.get("/api/sites");
    expect(r.body.items.map((s: { id: string }) => s.id)).toEqual([siteA.id]);
    expect((await c.adminA!.get(`/api/sites/${siteB.id}`)).status).toBe(404);
  });

  it("cannot read, change, move, archive, delete, export or request columns of another unit's site", async () => {
    const paths: Array<[string, string, unknown?]> = [
      ["GET", `/api/sites/${siteB.id}/columns`],
      ["GET", `/api/sites/${siteB.id}/columns/export`],
      ["POST", `/api/sites/${siteB.id}/columns`, columnBody(unitB)],
      ["PATCH", `/api/columns/${colB.id}`, { name: "改名" }],
      ["POST", `/api/columns/${colB.id}/move`, { parentId: null, index: 0 }],
      ["POST", `/api/columns/${colB.id}/archive`, { archived: true }],
      ["DELETE", `/api/columns/${colB.id}`],
      ["PATCH", `/api/sites/${siteB.id}`, { contactPhone: "023-12345678" }],
    ];
    for (const [method, url, body] of paths) {
      const r = await c.adminA!.req(method as "GET", url, body);
      expect([403, 404], `${method} ${url} → ${r.status}`).toContain(r.status);
    }
    const after = await c.supervisor!.get(`/api/sites/${siteB.id}/columns`);
    expect(after.body.items.find((x: { id: string }) => x.id === colB.id).name).toBe("乙栏目");
  });

  it("cannot move a column of its own site under a column of another site", async () => {
    const r = await c.adminA!.post(`/api/columns/${colA.id}/move`, { parentId: colB.id, index: 0 });
    expect([400, 403]).toContain(r.status);
  });

  it("files column changes on its own site as requests the supervising office decides", async () => {
    const r = await c.adminA!.post(`/api/sites/${siteA.id}/columns`, { ...columnBody(unitA), reason: "新增工作动态栏目" });
    expect(r.status).toBe(202);
    expect(r.body.message).toContain("待主管单位审批");
    expect((await c.adminA!.post(`/api/column-requests/${r.body.request.id}/approve`)).status).toBe(403);
    const approved = await c.supervisor!.post(`/api/column-requests/${r.body.request.id}/approve`);
    expect(approved.status).toBe(200);
    const cols = await c.adminA!.get(`/api/sites/${siteA.id}/columns`);
    expect(cols.body.items.map((x: { name: string }) => x.name)).toContain("新栏目");
    expect((await c.supervisor!.post(`/api/column-requests/${r.body.request.id}/approve`)).status, "decided once").toBe(409);
  });

  it("cannot grant roles on another site, nor roles it does not hold the right to assign", async () => {
    const target = await makeUser(h.svc, unitA);
    const onB = await c.adminA!.post("/api/role-assignments", { userId: target.id, role: "editor", siteId: siteB.id });
    expect(onB.status).toBe(403);
    const supervisorGrant = await c.adminA!.post("/api/role-assignments", { userId: target.id, role: "supervisor" });
    expect(supervisorGrant.status).toBe(403);
    expect(supervisorGrant.body.error.message).toContain("无权授予");
    const siteAdminGrant = await c.adminA!.post("/api/role-assignments", { userId: target.id, role: "site_admin", siteId: siteA.id });
    expect(siteAdminGrant.status).toBe(403);
    const ok = await c.adminA!.post("/api/role-assignments", { userId: target.id, role: "reviewer", level: 2, siteId: siteA.id });
    expect(ok.status).toBe(201);
    const self = await c.adminA!.post("/api/role-assignments", { userId: adminA.id, role: "editor", siteId: siteA.id });
    expect(self.status).toBe(403);
  });

  it("sees only the people of its unit and of its site", async () => {
    const r = await c.adminA!.get("/api/users");
    const names = r.body.items.map((u: { username: string }) => u.username);
    expect(names).toContain(adminA.username);
    expect(names).not.toContain(editorB.username);
    expect((await c.adminA!.get(`/api/users/${editorB.id}`)).status).toBe(404);
  });

  it("an editor of one site cannot see another site", async () => {
    expect((await c.editorB!.get(`/api/sites/${siteA.id}/columns`)).status).toBe(404);
    expect((await c.editorB!.get(`/api/users`)).status).toBe(403);
  });
});

describe("separation of duties", () => {
  it("a system administrator manages accounts but cannot take content roles or read the audit log", async () => {
    const target = await makeUser(h.svc, unitA);
    for (const role of ["editor", "reviewer", "proofreader"]) {
      const r = await c.sysadmin!.post("/api/role-assignments", { userId: target.id, role, level: 3, siteId: siteA.id });
      expect(r.status, role).toBe(403);
    }
    expect((await c.sysadmin!.get("/api/audit")).status).toBe(403);
    expect((await c.sysadmin!.post(`/api/sites/${siteA.id}/columns`, { name: "x", columnType: "工作动态", category: "x", responsibleUnitId: unitA })).status).toBe(403);
    // … but it can create people and appoint a site administrator.
    const created = await c.sysadmin!.post("/api/users", { unitId: unitA, username: "newperson1", realName: "新同志", mobile: "13912345678" });
    expect(created.status).toBe(201);
    expect(created.body.initialPassword).toMatch(/.{12,}/);
    const appoint = await c.sysadmin!.post("/api/role-assignments", { userId: created.body.user.id, role: "site_admin", siteId: siteA.id });
    expect(appoint.status).toBe(201);
    const filings = await c.sysadmin!.get("/api/admin-filings");
    expect(filings.body.items.some((f: { newUserName: string }) => f.newUserName === "新同志")).toBe(true);
  });

  it("one person cannot be system administrator and a content role, nor auditor and anything else", async () => {
    const editor = await makeUser(h.svc, unitA, [{ role: "editor", siteId: siteA.id }]);
    const r = await c.sysadmin!.post("/api/role-assignments", { userId: editor.id, role: "system_admin" });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("SEPARATION_OF_DUTIES");
    const aud = await c.sysadmin!.post("/api/role-assignments", { userId: auditor.id, role: "duty_officer" });
    expect(aud.body.error.code).toBe("SEPARATION_OF_DUTIES");
  });

  it("an auditor reads the audit log and nothing else", async () => {
    expect((await c.auditor!.get("/api/audit")).status).toBe(200);
    expect((await c.auditor!.get("/api/audit/verify")).body.ok).toBe(true);
    for (const url of ["/api/users", "/api/sites", `/api/sites/${siteA.id}/columns`, "/api/password-resets"]) {
      expect([403, 404], url).toContain((await c.auditor!.get(url)).status);
    }
    expect((await c.auditor!.post("/api/units", { name: "某单位", shortName: "某", type: "department", code: "11500000MB0000000X" })).status).toBe(403);
  });

  it("password reset needs a written request and a supervisor's approval, never one's own", async () => {
    const target = await makeUser(h.svc, unitA);
    const req = await c.sysadmin!.post("/api/password-resets", { userId: target.id, reason: "本人遗忘密码", documentRef: "示办〔2026〕12号" });
    expect(req.status).toBe(201);
    expect((await c.sysadmin!.post(`/api/password-resets/${req.body.request.id}/approve`)).status).toBe(403);
    const ok = await c.supervisor!.post(`/api/password-resets/${req.body.request.id}/approve`);
    expect(ok.status).toBe(200);
    const login = await new Client(h.app, "10.20.1.1").login({ username: target.username, password: ok.body.temporaryPassword });
    expect(login.body.stage).toBe("password_change");
  });

  it("off-boarding hands columns to the successor, revokes roles and disables the account", async () => {
    const leaver = await makeUser(h.svc, unitA, [{ role: "editor", siteId: siteA.id }]);
    const successor = await makeUser(h.svc, unitA);
    const col = await makeColumn(h.svc, siteA.id, unitA, "交接栏目");
    await c.supervisor!.patch(`/api/columns/${col.id}`, { responsibleUserId: leaver.id });
    const short = await c.sysadmin!.post(`/api/users/${leaver.id}/offboard`, { successorId: successor.id, commitment: "短" });
    expect(short.status).toBe(400);
    const r = await c.sysadmin!.post(`/api/users/${leaver.id}/offboard`, { successorId: successor.id, commitment: "本人承诺离岗后继续履行保密义务，不泄露工作中知悉的国家秘密和工作秘密。" });
    expect(r.status).toBe(200);
    expect(r.body.handedOver).toEqual({ columns: 1, roles: 1 });
    const cols = await c.supervisor!.get(`/api/sites/${siteA.id}/columns`);
    expect(cols.body.items.find((x: { id: string }) => x.id === col.id).responsibleUserId).toBe(successor.id);
    const login = await new Client(h.app, "10.20.1.2").post("/api/auth/login", { username: leaver.username, password: leaver.password });
    expect(login.status).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { Client, createHarness, makeUnit, makeUser, type Harness } from "../../testing/harness.ts";
import { verifyAuditChain } from "./verify.ts";
import { recordAudit, systemActor } from "./record.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function tamper(statement: string) {
  // Only someone with owner rights on the table can do this: disable the guard, edit, re-enable.
  await h.svc.db.execute(sql.raw("ALTER TABLE audit_log DISABLE TRIGGER USER"));
  try {
    await h.svc.db.execute(sql.raw(statement));
  } finally {
    await h.svc.db.execute(sql.raw("ALTER TABLE audit_log ENABLE TRIGGER USER"));
  }
}

describe("audit log", () => {
  it("records logins, failures and writes with actor, IP, target and before/after", async () => {
    const unit = await makeUnit(h.svc);
    const admin = await makeUser(h.svc, unit.id, [{ role: "system_admin" }]);
    const auditor = await makeUser(h.svc, unit.id, [{ role: "auditor" }]);
    const a = new Client(h.app, "192.0.2.7");
    await a.post("/api/auth/login", { username: admin.username, password: "wrong" });
    await a.login(admin);
    const created = await a.post("/api/units", { name: "审计测试局", shortName: "审计局", type: "department", code: "11500000MB0000001X" });
    expect(created.status).toBe(201);
    await a.patch(`/api/units/${created.body.unit.id}`, { leader: "张三" });

    const r = new Client(h.app, "192.0.2.8");
    await r.login(auditor);
    const log = await r.get(`/api/audit?actor=${admin.username}&pageSize=50`);
    const actions = log.body.items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(expect.arrayContaining(["auth.login_failed", "auth.login", "unit.create", "unit.update"]));
    const update = log.body.items.find((i: { action: string }) => i.action === "unit.update");
    expect(update.ip).toBe("192.0.2.7");
    expect(update.before.leader).toBe("");
    expect(update.after.leader).toBe("张三");
    const csv = await r.get(`/api/audit/export?action=unit.update`);
    expect(csv.raw.headers["content-type"]).toContain("text/csv");
    expect(csv.raw.body.startsWith("\uFEFF")).toBe(true);
    expect(csv.raw.body).toContain("审计测试局");
    expect(JSON.stringify(log.body)).not.toContain(admin.password);
  });

  it("refuses UPDATE, DELETE and TRUNCATE from anyone", async () => {
    for (const statement of [sql`UPDATE audit_log SET summary = 'x'`, sql`DELETE FROM audit_log`, sql`TRUNCATE audit_log`]) {
      const err = await h.svc.db.execute(statement).then(
        () => null,
        (e: Error & { cause?: Error }) => e,
      );
      expect(err, "the statement must fail").not.toBeNull();
      expect(`${err!.message} ${err!.cause?.message ?? ""}`).toMatch(/append-only/);
    }
  });

  it("verifies the hash chain and pinpoints an edited, a deleted and an inserted entry", async () => {
    for (let i = 0; i < 5; i++) await h.svc.db.transaction((tx) => recordAudit(tx, systemActor(), { action: "test.event", summary: `事件 ${i}` }));
    const ok = await verifyAuditChain(h.svc.db);
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBeGreaterThan(5);

    const result = (await h.svc.db.execute(sql`SELECT max(seq)::int - 2 AS seq FROM audit_log`)) as unknown as { rows: Array<{ seq: number }> };
    const seq = result.rows[0]!.seq;
    await tamper(`UPDATE audit_log SET summary = '篡改' WHERE seq = ${seq}`);
    const edited = await verifyAuditChain(h.svc.db);
    expect(edited.ok).toBe(false);
    expect(edited.brokenAt!.seq).toBe(seq);
    expect(edited.brokenAt!.reason).toContain("篡改");
    await tamper(`UPDATE audit_log SET summary = '事件 2' WHERE seq = ${seq}`);
    expect((await verifyAuditChain(h.svc.db)).ok).toBe(true);

    await tamper(`DELETE FROM audit_log WHERE seq = ${seq}`);
    const deleted = await verifyAuditChain(h.svc.db);
    expect(deleted.ok).toBe(false);
    expect(deleted.brokenAt!.seq).toBe(seq + 1);
    expect(deleted.brokenAt!.reason).toContain("删除或插入");
  });
});

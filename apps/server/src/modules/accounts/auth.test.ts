import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { authenticator } from "otplib";
import { Client, createHarness, makeUnit, makeUser, type Harness } from "../../testing/harness.ts";
import { testClock } from "../../lib/clock.ts";
import { challenges, users } from "../../db/schema.ts";
import { sha256 } from "../../lib/ids.ts";
import { sealSecret } from "./totp.ts";

let h: Harness;
let unitId: string;
beforeAll(async () => {
  h = await createHarness();
  unitId = (await makeUnit(h.svc)).id;
});
afterAll(() => h.close());
afterEach(() => testClock.reset());

const pw = () => h.svc.profile.values.password;

describe("password policy", () => {
  it("refuses a new password that breaks the policy, naming every rule in Chinese", async () => {
    const u = await makeUser(h.svc, unitId);
    const c = new Client(h.app);
    await c.login(u);
    const r = await c.post("/api/auth/password", { currentPassword: u.password, newPassword: "abc" });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("VALIDATION_FAILED");
    const messages = r.body.error.issues.map((i: { message: string }) => i.message).join("\n");
    expect(messages).toContain(`不能少于 ${pw().minLength} 位`);
    expect(messages).toMatch(/至少包含 \d 类字符/);
  });

  it("refuses a password containing the username, and any of the last passwords", async () => {
    const u = await makeUser(h.svc, unitId);
    const c = new Client(h.app);
    await c.login(u);
    const withName = await c.post("/api/auth/password", { currentPassword: u.password, newPassword: `Aa1!${u.username}xyz` });
    expect(withName.status).toBe(400);
    expect(JSON.stringify(withName.body)).toContain("不能包含用户名");

    // Rotate through passwords; reusing one of the last N is refused, an older one is accepted.
    const history = [u.password];
    let current = u.password;
    for (let i = 0; i < pw().historyCount; i++) {
      const next = `Zx9!good-Pass-${i}`;
      const ok = await c.post("/api/auth/password", { currentPassword: current, newPassword: next });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      history.push(next);
      current = next;
    }
    const reuse = await c.post("/api/auth/password", { currentPassword: current, newPassword: history[history.length - 2] });
    expect(reuse.status).toBe(400);
    expect(JSON.stringify(reuse.body)).toContain(`最近 ${pw().historyCount} 次`);
    const old = await c.post("/api/auth/password", { currentPassword: current, newPassword: history[0] });
    expect(old.status, "a password older than the history may be used again").toBe(200);
  });

  it("forces a change at first login and after the rotation period", async () => {
    const fresh = await makeUser(h.svc, unitId, [], { mustChange: true });
    const c = new Client(h.app);
    const r = await c.login(fresh);
    expect(r.body.stage).toBe("password_change");
    expect((await c.get("/api/units")).status).toBe(403);
    const changed = await c.post("/api/auth/password", { currentPassword: fresh.password, newPassword: "Nn7#another-Secret" });
    expect(changed.body.stage).toBe("full");
    expect((await c.get("/api/units")).status).toBe(200);

    const old = await makeUser(h.svc, unitId);
    testClock.advance((pw().rotationDays + 1) * 86_400_000);
    const c2 = new Client(h.app);
    expect((await c2.login(old)).body.stage).toBe("password_change");
  });
});

describe("lockout and human check", () => {
  it("locks the account after repeated failures, even for the right password, and asks for a human check", async () => {
    const u = await makeUser(h.svc, unitId);
    const c = new Client(h.app, "10.1.0.1");
    let last;
    for (let i = 0; i < pw().lockoutThreshold; i++) {
      let payload: Record<string, string> = { username: u.username, password: "wrong-password" };
      if (i >= pw().captchaAfterFailures) {
        // Past the threshold a human check is demanded; solve it by reading the stored answer.
        const ch = await c.get("/api/auth/challenge");
        expect(ch.body.svg).toContain("<svg");
        payload = { ...payload, challengeId: ch.body.id, challengeAnswer: await solve(ch.body.id) };
      }
      last = await c.post("/api/auth/login", payload);
      if (i + 1 >= pw().captchaAfterFailures && i + 1 < pw().lockoutThreshold) expect(last.body.challengeRequired).toBe(true);
    }
    expect(last!.status).toBe(423);
    expect(last!.body.error.message).toMatch(/已被锁定/);

    const ch = await c.get("/api/auth/challenge");
    const right = await c.post("/api/auth/login", { username: u.username, password: u.password, challengeId: ch.body.id, challengeAnswer: await solve(ch.body.id) });
    expect(right.status).toBe(423);

    testClock.advance((pw().lockoutMinutes + 1) * 60_000);
    const later = await new Client(h.app, "10.1.0.2").post("/api/auth/login", { username: u.username, password: u.password });
    expect(later.status).toBe(200);
  });

  it("refuses a login without the human check once it is required, and a wrong answer", async () => {
    const u = await makeUser(h.svc, unitId);
    const c = new Client(h.app, "10.2.0.1");
    for (let i = 0; i < pw().captchaAfterFailures; i++) await c.post("/api/auth/login", { username: u.username, password: "nope" });
    const without = await c.post("/api/auth/login", { username: u.username, password: u.password });
    expect(without.status).toBe(400);
    expect(without.body.error.code).toBe("CHALLENGE_REQUIRED");
    const ch = await c.get("/api/auth/challenge");
    const wrong = await c.post("/api/auth/login", { username: u.username, password: u.password, challengeId: ch.body.id, challengeAnswer: "99999" });
    expect(wrong.body.error.code).toBe("CHALLENGE_FAILED");
    // A challenge is single-use.
    const ch2 = await c.get("/api/auth/challenge");
    const answer = await solve(ch2.body.id);
    expect((await c.post("/api/auth/login", { username: u.username, password: u.password, challengeId: ch2.body.id, challengeAnswer: answer })).status).toBe(200);
    const again = await new Client(h.app, "10.2.0.1").post("/api/auth/login", { username: u.username, password: "nope", challengeId: ch2.body.id, challengeAnswer: answer });
    expect(again.body.error.code).toBe("CHALLENGE_FAILED");
  });

  it("answers the same for an unknown user as for a wrong password", async () => {
    const r = await new Client(h.app, "10.3.0.1").post("/api/auth/login", { username: "nobody-here", password: "whatever" });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toBe("用户名或密码错误。");
  });
});

/** Test-only: find the challenge's answer by trying the small range of arithmetic results. */
async function solve(id: string): Promise<string> {
  const [row] = await h.svc.db.select().from(challenges).where(eq(challenges.id, id));
  for (let n = -30; n <= 60; n++) if (sha256(`challenge:${n}`) === row!.answerHash) return String(n);
  throw new Error("unsolvable challenge");
}

describe("TOTP", () => {
  it("binds an authenticator, then requires its code at login; a wrong code is refused", async () => {
    const u = await makeUser(h.svc, unitId);
    const c = new Client(h.app, "10.4.0.1");
    await c.login(u);
    const setup = await c.get("/api/me/totp/setup");
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(setup.body.qrSvg).toContain("<svg");
    expect((await c.post("/api/me/totp", { code: "000000" })).status).toBe(401);
    expect((await c.post("/api/me/totp", { code: authenticator.generate(setup.body.secret) })).status).toBe(200);

    const [stored] = await h.svc.db.select().from(users).where(eq(users.id, u.id));
    expect(stored!.totpSecret).not.toContain(setup.body.secret); // sealed at rest

    const c2 = new Client(h.app, "10.4.0.2");
    const first = await c2.login(u);
    expect(first.body.stage).toBe("totp");
    expect((await c2.get("/api/units")).status).toBe(403);
    expect((await c2.post("/api/auth/totp", { code: "123456" })).body.error.code).toBe("TOTP_INVALID");
    const ok = await c2.post("/api/auth/totp", { code: authenticator.generate(setup.body.secret) });
    expect(ok.body.stage).toBe("full");
    expect((await c2.get("/api/units")).status).toBe(200);
  });

  it("makes a role's TOTP mandatory: the session cannot work until one is bound", async () => {
    const required = h.svc.profile.values.totp.requiredRoles;
    const role = required[0] ?? null;
    if (!role) return; // profile without mandatory roles: nothing to enforce
    const u = await makeUser(h.svc, unitId, [{ role }]);
    const c = new Client(h.app, "10.4.0.3");
    const r = await c.post("/api/auth/login", { username: u.username, password: u.password });
    expect(r.body.stage).toBe("totp_setup");
    expect((await c.get("/api/units")).status).toBe(403);
    const setup = await c.get("/api/me/totp/setup");
    const done = await c.post("/api/me/totp", { code: authenticator.generate(setup.body.secret) });
    expect(done.body.stage).toBe("full");
    expect((await c.delete("/api/me/totp", { password: u.password })).status).toBe(403);
  });

  it("works with a secret sealed by the session secret", async () => {
    const secret = authenticator.generateSecret();
    const u = await makeUser(h.svc, unitId);
    await h.svc.db.update(users).set({ totpEnabled: true, totpSecret: sealSecret(secret, h.svc.config.sessionSecret) }).where(eq(users.id, u.id));
    const c = new Client(h.app, "10.4.0.4");
    await c.login(u);
    expect((await c.post("/api/auth/totp", { code: authenticator.generate(secret) })).body.stage).toBe("full");
  });
});

describe("sessions", () => {
  it("expire after the idle timeout", async () => {
    const u = await makeUser(h.svc, unitId);
    const c = new Client(h.app, "10.5.0.1");
    await c.login(u);
    expect((await c.get("/api/auth/me")).status).toBe(200);
    testClock.advance((h.svc.profile.values.session.idleMinutes - 1) * 60_000);
    expect((await c.get("/api/auth/me")).status, "activity within the idle window keeps the session").toBe(200);
    testClock.advance((h.svc.profile.values.session.idleMinutes + 1) * 60_000);
    const r = await c.get("/api/auth/me");
    expect(r.status).toBe(401);
    expect(r.body.error.message).toContain("重新登录");
  });

  it("expire after the absolute timeout even when active", async () => {
    const u = await makeUser(h.svc, unitId);
    const c = new Client(h.app, "10.5.0.2");
    await c.login(u);
    const step = Math.max(1, h.svc.profile.values.session.idleMinutes - 2) * 60_000;
    const total = h.svc.profile.values.session.absoluteHours * 3_600_000;
    for (let t = 0; t < total - step; t += step) {
      testClock.advance(step);
      expect((await c.get("/api/auth/me")).status).toBe(200);
    }
    testClock.advance(2 * step);
    expect((await c.get("/api/auth/me")).status).toBe(401);
  });

  it("end at logout and at a password change elsewhere; mutations need the CSRF token", async () => {
    const u = await makeUser(h.svc, unitId);
    const a = new Client(h.app, "10.5.0.3");
    const b = new Client(h.app, "10.5.0.4");
    await a.login(u);
    await b.login(u);
    const noCsrf = await h.app.inject({ method: "POST", url: "/api/auth/password", headers: { cookie: a.cookie }, payload: { currentPassword: u.password, newPassword: "Qq1!another-one" } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe("CSRF_FAILED");
    const foreign = await a.req("POST", "/api/auth/password", { currentPassword: u.password, newPassword: "Qq1!another-one" }, { origin: "https://evil.example" });
    expect(foreign.body.error.code).toBe("CSRF_FAILED");
    expect((await a.post("/api/auth/password", { currentPassword: u.password, newPassword: "Qq1!another-one" })).status).toBe(200);
    expect((await b.get("/api/auth/me")).status, "other sessions end when the password changes").toBe(401);
    expect((await a.post("/api/auth/logout")).status).toBe(200);
    expect((await a.get("/api/auth/me")).status).toBe(401);
  });

  it("sets a strict, httpOnly cookie and security headers", async () => {
    const u = await makeUser(h.svc, unitId);
    const r = await h.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: u.username, password: u.password } });
    const cookie = r.cookies.find((c) => c.name === "gs_sid")!;
    expect(cookie.httpOnly).toBe(true);
    expect(String(cookie.sameSite).toLowerCase()).toBe("strict");
    expect(r.headers["x-frame-options"]).toBeDefined();
    expect(r.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
  });
});

describe("rate limits", () => {
  it("limits login attempts per address with a Chinese message", async () => {
    const limited = await createHarness({ app: { rateLimit: { api: 1000, login: 3 } } });
    try {
      const c = new Client(limited.app, "10.9.0.1");
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await c.post("/api/auth/login", { username: "x", password: "y" })).status);
      expect(codes.slice(0, 3)).not.toContain(429);
      const r = await c.post("/api/auth/login", { username: "x", password: "y" });
      expect(r.status).toBe(429);
      expect(r.body.error.message).toMatch(/操作过于频繁/);
      expect((await new Client(limited.app, "10.9.0.2").post("/api/auth/login", { username: "someone-else", password: "y" })).status).toBe(401);
    } finally {
      await limited.close();
    }
  });
});

// Test harness: a fresh database per test file, services on the national profile (or another),
// factories that create their own units, sites and people, and a logged-in API client.
import type { FastifyInstance, InjectOptions } from "fastify";
import { testConfig, type Config } from "../config/index.ts";
import { createTestDatabase } from "../db/testing.ts";
import { createServices, type Services } from "../services.ts";
import { buildAdminApp, type AdminAppOptions } from "../http/app.ts";
import { columns, roleAssignments, sites, units, users } from "../db/schema.ts";
import { hashPassword } from "../modules/accounts/passwords.ts";
import { seedCalendar } from "../modules/calendar/calendar.ts";
import { systemActor } from "../modules/audit/record.ts";
import type { RoleKey } from "../modules/accounts/roles.ts";
import { generatePassword } from "../lib/ids.ts";
import { authenticator } from "otplib";

export interface Harness {
  svc: Services;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function createHarness(opts: { config?: Partial<Config>; app?: AdminAppOptions } = {}): Promise<Harness> {
  const database = await createTestDatabase();
  const svc = await createServices(database, testConfig(opts.config));
  await seedCalendar(svc, systemActor("测试"));
  const app = await buildAdminApp(svc, { consoleDir: null, logger: false, rateLimit: { api: 100_000, login: 100_000 }, ...opts.app });
  return {
    svc,
    app,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

let seq = 0;
const next = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export async function makeUnit(svc: Services, name = `测试单位${next()}`) {
  const [u] = await svc.db.insert(units).values({ name, shortName: name.slice(0, 10), type: "department", code: "11500000MB0000000X" }).returning();
  return u!;
}

export async function makeSite(svc: Services, unitId: string, code = `s${next()}`.toLowerCase().slice(0, 20)) {
  const [s] = await svc.db
    .insert(sites)
    .values({ code, name: `${code}网站`, kind: "subsite", ownerUnitId: unitId, operatorUnitId: unitId, domain: "www.shifan.gov.cn", pathPrefix: `/${code}/`, siteIdCode: "5099000001", icp: "渝ICP备12345678号", psb: "渝公网安备50990002000001号" })
    .returning();
  return s!;
}

export async function makeColumn(svc: Services, siteId: string, unitId: string, name = `栏目${next()}`) {
  const [c] = await svc.db.insert(columns).values({ siteId, name, slug: `c${next()}`, columnType: "工作动态", category: svc.profile.values.columns.categories[0]!.key, responsibleUnitId: unitId }).returning();
  return c!;
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
}

/** A person with a known password, already trained and past the first-login change. */
export async function makeUser(svc: Services, unitId: string, roles: Array<{ role: RoleKey; siteId?: string; level?: number }> = [], o: { mustChange?: boolean; totpSecret?: string } = {}): Promise<TestUser> {
  const username = `u${next()}`.slice(0, 30);
  const password = generatePassword();
  const [u] = await svc.db
    .insert(users)
    .values({ unitId, username, realName: `测试${username.slice(-4)}`, mobile: "13900000000", passwordHash: await hashPassword(password), mustChangePassword: o.mustChange ?? false, status: "active" })
    .returning();
  for (const r of roles) await svc.db.insert(roleAssignments).values({ userId: u!.id, role: r.role, siteId: r.siteId ?? null, level: r.level ?? null });
  return { id: u!.id, username, password };
}

/** A cookie-carrying client that sends the CSRF token like the console does. */
export class Client {
  cookie = "";
  csrf = "";
  constructor(private app: FastifyInstance, readonly ip = "127.0.0.1") {}

  async req(method: InjectOptions["method"], url: string, payload?: unknown, headers: Record<string, string> = {}) {
    const res = await this.app.inject({
      method,
      url,
      payload: payload as InjectOptions["payload"],
      remoteAddress: this.ip,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(this.csrf ? { "x-csrf-token": this.csrf } : {}), ...headers },
    });
    const set = res.cookies.find((c) => c.name === "gs_sid");
    if (set) this.cookie = set.value ? `gs_sid=${set.value}` : "";
    let body: any = undefined;
    try {
      body = res.json();
    } catch {
      body = res.body;
    }
    if (body && typeof body === "object" && typeof body.csrfToken === "string") this.csrf = body.csrfToken;
    return { status: res.statusCode, body, headers: res.headers, raw: res };
  }
  get(url: string) {
    return this.req("GET", url);
  }
  post(url: string, payload?: unknown) {
    return this.req("POST", url, payload ?? {});
  }
  patch(url: string, payload?: unknown) {
    return this.req("PATCH", url, payload ?? {});
  }
  put(url: string, payload?: unknown) {
    return this.req("PUT", url, payload ?? {});
  }
  delete(url: string, payload?: unknown) {
    return this.req("DELETE", url, payload);
  }
  /** Logs in; a role with mandatory TOTP gets an authenticator bound so the session is complete. */
  async login(u: { username: string; password: string }) {
    const r = await this.post("/api/auth/login", { username: u.username, password: u.password });
    if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
    if (r.body.stage === "totp_setup") {
      const s = await this.get("/api/me/totp/setup");
      const done = await this.post("/api/me/totp", { code: authenticator.generate(s.body.secret) });
      this.totpSecret = s.body.secret;
      return done;
    }
    return r;
  }
  totpSecret = "";
}

// Configuration comes from the environment only, parsed once. A bad value stops the start with a
// list of every problem (never the first one alone). docs/configuration.md documents each variable.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { z } from "zod";
import ipaddr from "ipaddr.js";

const port = z.coerce.number().int().min(1).max(65535);
const list = z
  .string()
  .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean));

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "必须是 postgres:// 或 postgresql:// 开头的连接串")
    .optional(),
  GOVSITE_DATA_DIR: z.string().default("data"),
  ADMIN_HOST: z.string().default("127.0.0.1"),
  ADMIN_PORT: port.default(3000),
  PUBLIC_HOST: z.string().default("127.0.0.1"),
  PUBLIC_PORT: port.default(3001),
  PUBLIC_WORKERS: z.coerce.number({ message: "必须是 1 到 64 之间的整数" }).int("必须是整数").min(1, "至少为 1").max(64, "最多为 64").optional(),
  ADMIN_BASE_URL: z.string().url().optional(),
  PUBLIC_BASE_URL: z.string().url().optional(),
  SESSION_SECRET: z.string().min(32, "至少 32 个字符").optional(),
  ADMIN_IP_ALLOWLIST: list
    .refine((items) => items.every((c) => isCidrOrIp(c)), "每一项须为 IP 地址或 CIDR 网段，例如 10.0.0.0/8")
    .default([]),
  GOVSITE_PROFILE: z.enum(["national", "youyang", "shizhu", "changzhi", "fengjie", "yuancheng"]).default("national"),
  PUBLISH_DIR: z.string().optional(),
  CLAMD_SOCKET: z.string().optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "必须是 smtp:// 或 smtps:// 开头的地址，例如 smtp://用户名:密码@mail.example.gov.cn:587").optional(),
  SMTP_FROM: z.string().min(3).optional(),
  NOTIFY_THROTTLE_MINUTES: z.coerce.number().int().min(0).max(1440).default(30),
  NOTIFY_DIGEST_SECONDS: z.coerce.number().int().min(0).max(3600).default(120),
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

function isCidrOrIp(s: string): boolean {
  try {
    if (s.includes("/")) ipaddr.parseCIDR(s);
    else ipaddr.parse(s);
    return true;
  } catch {
    return false;
  }
}

export interface Config {
  databaseUrl?: string;
  dataDir: string;
  admin: { host: string; port: number; baseUrl: string };
  /** workers: processes of the public role (PUBLIC_WORKERS; unset means 1). */
  public: { host: string; port: number; baseUrl: string; workers?: number };
  sessionSecret: string;
  adminIpAllowlist: string[];
  profile: string;
  publishDir: string;
  /** clamd address (Unix socket path or host:port); attachments are scanned when set. */
  clamdSocket?: string;
  /** Outgoing e-mail for notifications; without it the e-mail channel is not offered. */
  smtp?: { url: string; from: string };
  /** Notification delivery: at most one message per person, kind and channel per throttle window; bursts wait digestSeconds to be bundled. */
  notifications?: { throttleMinutes: number; digestSeconds: number };
  cookieSecure: "auto" | boolean;
  trustProxy: boolean;
  production: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误，无法启动：\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}：${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  const problems: string[] = [];
  if (e.SMTP_URL && !e.SMTP_FROM) problems.push("SMTP_FROM：设置了 SMTP_URL 时必须同时设置发件人地址，例如 网站管理平台 <noreply@example.gov.cn>");
  if (e.PUBLIC_WORKERS && e.PUBLIC_WORKERS > 1 && !e.DATABASE_URL) problems.push("PUBLIC_WORKERS：内置数据库只能由一个进程使用，多个公共网站进程须同时设置 DATABASE_URL（PostgreSQL）");
  if (production && !e.SESSION_SECRET) problems.push("SESSION_SECRET：生产环境必须设置（至少 32 个字符的随机串）");
  if (problems.length) throw new ConfigError(problems);

  const dataDir = path.resolve(e.GOVSITE_DATA_DIR);
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir,
    admin: { host: e.ADMIN_HOST, port: e.ADMIN_PORT, baseUrl: e.ADMIN_BASE_URL ?? `http://${displayHost(e.ADMIN_HOST)}:${e.ADMIN_PORT}` },
    public: { host: e.PUBLIC_HOST, port: e.PUBLIC_PORT, baseUrl: e.PUBLIC_BASE_URL ?? `http://${displayHost(e.PUBLIC_HOST)}:${e.PUBLIC_PORT}`,
      // Default: one per CPU in production on PostgreSQL (PGlite allows a single process), else 1.
      workers: e.PUBLIC_WORKERS ?? (production && e.DATABASE_URL ? availableParallelism() : 1),
    },
    sessionSecret: e.SESSION_SECRET ?? localSecret(dataDir),
    adminIpAllowlist: e.ADMIN_IP_ALLOWLIST,
    profile: e.GOVSITE_PROFILE,
    publishDir: path.resolve(e.PUBLISH_DIR ?? path.join(dataDir, "www")),
    clamdSocket: e.CLAMD_SOCKET,
    smtp: e.SMTP_URL && e.SMTP_FROM ? { url: e.SMTP_URL, from: e.SMTP_FROM } : undefined,
    notifications: { throttleMinutes: e.NOTIFY_THROTTLE_MINUTES, digestSeconds: e.NOTIFY_DIGEST_SECONDS },
    cookieSecure: e.COOKIE_SECURE === "auto" ? "auto" : e.COOKIE_SECURE === "true",
    trustProxy: e.TRUST_PROXY === "true",
    production,
  };
}

function displayHost(h: string) {
  return h === "0.0.0.0" || h === "::" ? "localhost" : h;
}

/** Outside production a secret is generated once and kept in the data directory. */
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, "session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

/** A configuration for tests: no files, nothing from the environment except DATABASE_URL. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const dataDir = overrides.dataDir ?? "/tmp/govsite-test";
  return {
    databaseUrl: process.env.DATABASE_URL,
    dataDir,
    admin: { host: "127.0.0.1", port: 0, baseUrl: "http://127.0.0.1:3000" },
    public: { host: "127.0.0.1", port: 0, baseUrl: "http://127.0.0.1:3001", workers: 1 },
    sessionSecret: "test-secret-test-secret-test-secret-0123456789",
    adminIpAllowlist: [],
    profile: "national",
    // Under the test's own data directory, so test files running in parallel never share a site.
    publishDir: path.join(dataDir, "www"),
    cookieSecure: false,
    trustProxy: false,
    production: false,
    ...overrides,
  };
}

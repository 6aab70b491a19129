// Starting the product: configuration, database, migrations, calendar seed, demo county, the three
// roles (admin API + console, public site, background worker). One bootstrap for every process.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type PgBoss from "pg-boss";
import { loadConfig, type Config } from "./config/index.ts";
import { openDatabase, type Database } from "./db/client.ts";
import { createServices, type Services } from "./services.ts";
import { buildAdminApp, defaultConsoleDir } from "./http/app.ts";
import { buildPublicRole, startPublicCluster, type PublicCluster } from "./http/public-cluster.ts";
import { startJobs } from "./jobs/boss.ts";
import { seedCalendar } from "./modules/calendar/calendar.ts";
import { isDatabaseEmpty, seedDemo, type DemoAccount } from "./modules/demo/seed.ts";
import { hasAnyUser, issueSetupToken } from "./modules/accounts/setup.ts";
import { systemActor } from "./modules/audit/record.ts";
import { processPublishEvents, rebuild } from "./modules/publishing/run.ts";
import { seedDemoContent } from "./modules/demo/content.ts";
import { seedDemoLetters } from "./modules/demo/letters.ts";
import { logger } from "./lib/logger.ts";
import { sites } from "./db/schema.ts";

async function anyRelease(svc: Services): Promise<boolean> {
  const rows = await svc.db.select({ code: sites.code }).from(sites);
  if (rows.length === 0) return true; // nothing to publish
  return existsSync(path.join(svc.config.publishDir, rows[0]!.code));
}

export type Role = "admin" | "public" | "worker";
export const ALL_ROLES: Role[] = ["admin", "public", "worker"];

export interface Progress {
  step(message: string): void;
  bar?(label: string, done: number, total: number): void;
}

export const consoleProgress: Progress = {
  step: (m) => process.stderr.write(`• ${m}\n`),
  bar: (label, done, total) => {
    // Without a terminal (logs, CI) one line per tenth is enough.
    if (!process.stderr.isTTY) {
      const step = Math.max(1, Math.ceil(total / 10));
      if (done % step === 0 || done >= total) process.stderr.write(`  ${done}/${total} ${label}\n`);
      return;
    }
    const width = 24;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    process.stderr.write(`\r  [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${label.slice(0, 30).padEnd(30)}`);
    if (done >= total) process.stderr.write("\n");
  },
};

/** Opens and migrates the database and builds the services; used by every command. */
export async function openServices(config: Config = loadConfig(), progress?: Progress): Promise<Services> {
  progress?.step(config.databaseUrl ? "连接 PostgreSQL 数据库" : `打开内置数据库（${path.join(config.dataDir, "pglite")}）`);
  const database: Database = openDatabase(config);
  progress?.step("执行数据库迁移");
  await database.migrate();
  const svc = await createServices(database, config);
  const added = await seedCalendar(svc, systemActor("初始化"));
  if (added) progress?.step(`导入法定节假日和调休安排 ${added} 天`);
  return svc;
}

export interface Started {
  svc: Services;
  admin?: FastifyInstance;
  public?: FastifyInstance;
  /** The public role's worker processes, when PUBLIC_WORKERS > 1 (then `public` is unset). */
  publicWorkers?: PublicCluster;
  boss?: PgBoss;
  demoAccounts?: DemoAccount[];
  setupToken?: string;
  stop(): Promise<void>;
}

export async function ensureConsoleBuilt(progress?: Progress): Promise<void> {
  const indexHtml = path.join(defaultConsoleDir, "index.html");
  if (existsSync(indexHtml)) return;
  const adminDir = path.resolve(defaultConsoleDir, "..");
  // Several processes (parallel test files, a second `npm start`) may get here at once: one builds
  // into a private directory and renames it into place, the others wait for it.
  const lock = path.join(adminDir, ".dist-build.lock");
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(indexHtml)) return;
      // A lock left by a process that died long ago does not block for ever.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* removed meanwhile */
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (existsSync(indexHtml)) return;
    progress?.step("首次启动：构建管理控制台（约需一分钟）");
    const outDir = path.join(adminDir, `.dist-build-${process.pid}`);
    rmSync(outDir, { recursive: true, force: true });
    await new Promise<void>((resolve, reject) => {
      // Always a production build: under a test runner NODE_ENV=test would give React and Ant Design
      // their test-mode behaviour (fixed ids, dev-only class names) in the console users get.
      const p = spawn(process.execPath, [path.resolve(adminDir, "../../node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn", "--outDir", outDir, "--emptyOutDir"], {
        cwd: adminDir,
        stdio: ["ignore", "inherit", "inherit"],
        env: { ...process.env, NODE_ENV: "production" },
      });
      p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`管理控制台构建失败（退出码 ${code}）`))));
      p.on("error", reject);
    });
    rmSync(defaultConsoleDir, { recursive: true, force: true });
    renameSync(outDir, defaultConsoleDir);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function start(opts: { roles: Role[]; demo: boolean; config?: Config; progress?: Progress }): Promise<Started> {
  const config = opts.config ?? loadConfig();
  const progress = opts.progress;
  const svc = await openServices(config, progress);
  let demoAccounts: DemoAccount[] | undefined;
  if (opts.demo && (await isDatabaseEmpty(svc))) {
    progress?.step("载入示范县数据");
    demoAccounts = await seedDemo(svc, (label, done, total) => progress?.bar?.(label, done, total));
  }
  if (demoAccounts) {
    progress?.step("载入示范县的示例信息并发布网站");
    await seedDemoContent(svc);
    await seedDemoLetters(svc);
  }
  if (demoAccounts || !(await anyRelease(svc))) {
    await rebuild(svc, { onProgress: (done, total, site) => progress?.bar?.(`站点 ${site}`, done, total) });
  }
  let setupToken: string | undefined;
  if (!(await hasAnyUser(svc))) setupToken = await issueSetupToken(svc);

  const started: Started = {
    svc,
    demoAccounts,
    setupToken,
    async stop() {
      await started.admin?.close();
      await started.public?.close();
      await started.publicWorkers?.stop();
      await started.boss?.stop({ graceful: false, wait: false });
      await svc.database.close();
    },
  };
  if (opts.roles.includes("worker")) {
    progress?.step("启动后台任务");
    started.boss = await startJobs(svc);
    // The publish outbox is drained every two seconds so a publication shows on the public site
    // within seconds (docs/adr/0008-publish-outbox.md); pg-boss runs it every minute as well.
    const timer = setInterval(() => void processPublishEvents(svc).catch((err) => logger.error({ err }, "publish loop")), 2000);
    const stop = started.stop;
    started.stop = async () => {
      clearInterval(timer);
      await stop();
    };
  }
  if (opts.roles.includes("admin")) {
    await ensureConsoleBuilt(progress);
    started.admin = await buildAdminApp(svc);
    await started.admin.listen({ host: config.admin.host, port: config.admin.port });
  }
  if (opts.roles.includes("public") && (config.public.workers ?? 1) > 1) {
    progress?.step(`启动公共网站（${config.public.workers} 个进程）`);
    started.publicWorkers = await startPublicCluster(config, config.public.workers!);
  } else if (opts.roles.includes("public")) {
    started.public = await buildPublicRole(config, svc);
    await started.public.listen({ host: config.public.host, port: config.public.port });
  }
  return started;
}

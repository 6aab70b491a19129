// The `govsite` command. Each subcommand calls module operations; none talks to tables directly
// except through them. Messages are in Chinese: the operators are county staff.
import { Command, InvalidArgumentError } from "commander";
import { createInterface } from "node:readline/promises";
import { isIsoDate } from "@govsite/calendar";
import { ConfigError, loadConfig } from "../config/index.ts";
import { ALL_ROLES, consoleProgress, openServices, start, type Role } from "../runtime.ts";
import { seedDemo, isDatabaseEmpty } from "../modules/demo/seed.ts";
import { createAdmin } from "../modules/accounts/setup.ts";
import { runDoctor } from "./doctor.ts";
import { AppError } from "../lib/errors.ts";
import { printBanner, printAccounts } from "./banner.ts";
import type { Services } from "../services.ts";
import { existsSync, createReadStream } from "node:fs";
import { and, eq } from "drizzle-orm";
import { importFile } from "../modules/content/import.ts";
import { rebuild } from "../modules/publishing/run.ts";
import { roleAssignments, users } from "../db/schema.ts";

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file)) for (const b of chunk as Buffer) if (b === 10) n++;
  return n;
}

/** The person a command acts as: --as USERNAME, else the first active system administrator. */
async function resolveOperator(svc: Services, username?: string) {
  const rows = username
    ? await svc.db.select().from(users).where(and(eq(users.username, username), eq(users.status, "active")))
    : await svc.db.select({ u: users }).from(users).innerJoin(roleAssignments, eq(roleAssignments.userId, users.id)).where(and(eq(roleAssignments.role, "system_admin"), eq(users.status, "active"))).limit(1).then((r) => r.map((x) => x.u));
  const u = rows[0];
  if (!u) throw new AppError("VALIDATION_FAILED", username ? `账号“${username}”不存在或已停用。` : "系统中还没有可用的系统管理员，请先运行 govsite create-admin，或用 --as 指定操作人。");
  return { id: u.id, name: `${u.realName}（${u.username}）`, ip: "" };
}

const program = new Command();
program.name("govsite").description("政府网站集约化平台").showHelpAfterError("（使用 govsite --help 查看用法）");
program.configureOutput({ outputError: (str, write) => write(str.replace(/^error:/, "错误：")) });

async function withServices<T>(fn: (svc: Services) => Promise<T>, progress = false): Promise<T> {
  const svc = await openServices(loadConfig(), progress ? consoleProgress : undefined);
  try {
    return await fn(svc);
  } finally {
    await svc.database.close();
  }
}

const parseRoles = (v: string): Role[] => {
  const roles = v.split(",").map((s) => s.trim()).filter(Boolean);
  const bad = roles.filter((r) => !ALL_ROLES.includes(r as Role));
  if (bad.length || roles.length === 0) throw new InvalidArgumentError(`角色只能是 admin、public、worker 的组合，用逗号分隔（收到：${v}）`);
  return roles as Role[];
};

program
  .command("start")
  .description("启动平台（默认同时运行管理后台 admin、公众网站 public 和后台任务 worker）")
  .option("--role <roles>", "要运行的角色，逗号分隔：admin,public,worker", parseRoles, ALL_ROLES)
  .option("--demo", "数据库为空时载入示范县数据")
  .action(async (opts: { role: Role[]; demo?: boolean }) => {
    const config = loadConfig();
    const s = await start({ roles: opts.role, demo: !!opts.demo, config, progress: consoleProgress });
    printBanner(s, config, opts.role);
    const shutdown = async () => {
      process.stderr.write("\n正在停止…\n");
      await s.stop();
      process.exit(0);
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
  });

program
  .command("migrate")
  .description("执行数据库迁移")
  .action(async () => {
    await withServices(async () => undefined, true);
    console.log("数据库已是最新结构。");
  });

program
  .command("seed-demo")
  .description("向空数据库载入示范县（单位、人员、站点、栏目），并打印一次性生成的演示账号密码")
  .action(async () =>
    withServices(async (svc) => {
      if (!(await isDatabaseEmpty(svc))) throw new AppError("CONFLICT", "数据库中已有数据，示范县只能载入到空数据库。");
      const accounts = await seedDemo(svc, (label, done, total) => consoleProgress.bar?.(label, done, total));
      printAccounts(accounts);
    }, true),
  );

program
  .command("create-admin")
  .description("创建系统管理员（未提供的信息将逐项询问）")
  .option("--username <name>", "用户名")
  .option("--real-name <name>", "真实姓名")
  .option("--mobile <mobile>", "手机号码")
  .option("--unit <name>", "所在单位名称（系统中无单位时将新建）")
  .option("--unit-code <code>", "新建单位的统一社会信用代码")
  .action(async (opts: { username?: string; realName?: string; mobile?: string; unit?: string; unitCode?: string }) => {
    const ask = async (label: string, current?: string) => {
      if (current) return current;
      if (!process.stdin.isTTY) throw new AppError("VALIDATION_FAILED", `缺少参数：${label}（非交互环境请用命令行选项提供）`);
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const a = await rl.question(`${label}：`);
      rl.close();
      return a.trim();
    };
    const input = {
      username: await ask("用户名", opts.username),
      realName: await ask("真实姓名", opts.realName),
      mobile: await ask("手机号码", opts.mobile),
      unitName: opts.unit,
      unitCode: opts.unitCode,
    };
    await withServices(async (svc) => {
      const r = await createAdmin(svc, input, "命令行 create-admin");
      console.log(`已创建系统管理员 ${r.username}\n初始密码（仅显示这一次，首次登录须修改）：${r.password}`);
    });
  });

program
  .command("doctor")
  .description("检查配置、数据库、审计日志完整性和工作日历覆盖情况")
  .action(async () => {
    const ok = await runDoctor();
    process.exitCode = ok ? 0 : 1;
  });

const calendar = program.command("calendar").description("工作日历");
calendar
  .command("due")
  .description("按“收到当日为第 0 天、第 N 个工作日 23:59:59 截止”计算期限")
  .requiredOption("--from <time>", "起算时间（带时区的 ISO 时间，如 2025-09-29T10:00+08:00）")
  .requiredOption("--workdays <n>", "工作日数", (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 400) throw new InvalidArgumentError("工作日数应为 0 到 400 之间的整数");
    return n;
  })
  .action(async (opts: { from: string; workdays: number }) => {
    if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(opts.from) || Number.isNaN(Date.parse(opts.from))) {
      throw new AppError("VALIDATION_FAILED", `起算时间格式不正确：${opts.from}（示例：2025-09-29T10:00+08:00）`);
    }
    await withServices(async (svc) => {
      const cal = await svc.calendar();
      const r = cal.computeDeadline({ start: opts.from, workdays: opts.workdays });
      if (r.status !== "running") throw new AppError("INTERNAL");
      console.log(JSON.stringify({ due: r.dueText, ...(r.provisional ? { provisional: true, uncoveredYears: r.uncoveredYears } : {}) }));
    });
  });
calendar
  .command("is-workday")
  .description("判断某日是否为工作日")
  .argument("<date>", "日期，YYYY-MM-DD")
  .action(async (date: string) => {
    if (!isIsoDate(date)) throw new AppError("VALIDATION_FAILED", `日期格式不正确：${date}（应为 YYYY-MM-DD）`);
    await withServices(async (svc) => {
      const cal = await svc.calendar();
      const info = cal.dayInfo(date);
      console.log(JSON.stringify({ date, workday: info.workday, kind: info.kind, label: info.label, ...(info.covered ? {} : { covered: false }) }));
    });
  });

program
  .command("publish")
  .description("重新生成静态网站：--all 全部站点（多线程并行），或 --site 指定站点")
  .option("--all", "全部站点")
  .option("--site <code>", "站点代码")
  .action(async (opts: { all?: boolean; site?: string }) => {
    if (!opts.all && !opts.site) throw new AppError("VALIDATION_FAILED", "请指定 --all 或 --site 站点代码。");
    await withServices(async (svc) => {
      const r = await rebuild(svc, { siteCode: opts.site, onProgress: (done, total, site) => consoleProgress.bar?.(`站点 ${site}`, done, total) });
      const pages = r.results.reduce((n, x) => n + x.pages, 0);
      console.log(`发布完成：${r.results.length} 个站点，${pages} 个页面，用时 ${(r.durationMs / 1000).toFixed(1)} 秒（${Math.round(pages / Math.max(r.durationMs / 1000, 0.001))} 页/秒）。`);
      for (const f of r.failures) console.error(`站点 ${f.site} 发布失败：${f.error.message}`);
      if (r.failures.length) process.exitCode = 1;
    });
  });

program
  .command("import")
  .description("迁移导入：每行一个 JSON 对象 {\"column\",\"title\",\"date\",\"body\":[…]}，缺少的栏目自动创建")
  .argument("<file>", "JSONL 文件")
  .option("--site <code>", "导入到的站点代码（默认门户网站）")
  .option("--as <username>", "操作人（默认第一个系统管理员）")
  .action(async (file: string, opts: { site?: string; as?: string }) => {
    if (!existsSync(file)) throw new AppError("VALIDATION_FAILED", `文件不存在：${file}`);
    const total = await countLines(file);
    await withServices(async (svc) => {
      const operator = await resolveOperator(svc, opts.as);
      const started = Date.now();
      const r = await importFile(svc, file, { siteCode: opts.site, actor: operator, onProgress: (done) => consoleProgress.bar?.("条信息", done, total) });
      consoleProgress.bar?.("条信息", total, total);
      console.log(`导入完成：${r.imported} 条信息，新建栏目 ${r.columnsCreated} 个，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒。`);
    });
  });

program
  .command("lint")
  .description("检查文件或目录中的错敏信息（.txt .html .md .docx .pdf；- 表示标准输入）")
  .allowUnknownOption(true)
  .helpOption(false)
  .argument("[args...]")
  .action(async (args: string[]) => {
    const { runLint } = await import("@govsite/checks/lint");
    process.exitCode = await runLint(args, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
  });

program
  .command("monitor")
  .description("巡检任意网站（无需账号）：死链、网页规范标签与底部要素、网站标识码、暗链和外部脚本、错敏信息、更新情况")
  .allowUnknownOption(true)
  .helpOption(false)
  .argument("[args...]")
  .action(async (args: string[]) => {
    const { runMonitor } = await import("@govsite/monitor/cli");
    process.exitCode = await runMonitor(args, { stdout: process.stdout, stderr: process.stderr, progress: process.stderr.isTTY });
  });

program
  .command("nginx-config")
  .description("生成生产环境 nginx 配置：按域名和路径前缀直接提供已发布的静态文件，公众接口转发到公众网站服务")
  .option("--out <file>", "写入文件（默认输出到标准输出）")
  .option("--upstream <host:port>", "公众网站服务地址（默认取 PUBLIC_HOST 和 PUBLIC_PORT）")
  .option("--listen <port>", "nginx 监听端口", "80")
  .option("--brotli <mode>", "brotli 预压缩文件：on、off 或 auto（已安装模块时启用）", "auto")
  .option("--from-sites-json", "不连接数据库，读取发布目录中的 sites.json")
  .action(async (opts: { out?: string; upstream?: string; listen?: string; brotli?: string; fromSitesJson?: boolean }) => {
    const { runNginxConfig } = await import("./nginx-config.ts");
    await runNginxConfig(opts);
  });

export async function main(argv = process.argv) {
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exitCode = 2;
    } else if (err instanceof AppError) {
      console.error(`错误：${err.message}${err.issues ? "\n" + err.issues.map((i) => `  - ${i.path}：${i.message}`).join("\n") : ""}`);
      process.exitCode = err.status >= 500 ? 1 : 2;
    } else {
      console.error(`错误：${(err as Error).message}`);
      process.exitCode = 1;
    }
  }
}


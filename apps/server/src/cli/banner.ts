import type { Config } from "../config/index.ts";
import type { Role, Started } from "../runtime.ts";
import type { DemoAccount } from "../modules/demo/seed.ts";

/** Display width in a terminal: CJK characters take two columns. */
const width = (s: string) => [...s].reduce((a, c) => a + (c.charCodeAt(0) > 255 ? 2 : 1), 0);
const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - width(s)));

export function printAccounts(accounts: DemoAccount[]) {
  const cols = [
    ["用户名", (a: DemoAccount) => a.username],
    ["密码", (a: DemoAccount) => a.password],
    ["姓名", (a: DemoAccount) => a.realName],
    ["单位", (a: DemoAccount) => a.unit],
  ] as const;
  const widths = cols.map(([h, f]) => Math.max(width(h), ...accounts.map((a) => width(f(a)))) + 2);
  console.log("\n示范县演示账号（密码为本次随机生成，只显示这一次，请妥善保存）：");
  console.log(`  ${cols.map(([h], i) => pad(h, widths[i]!)).join("")}角色`);
  for (const a of accounts) console.log(`  ${cols.map(([, f], i) => pad(f(a), widths[i]!)).join("")}${a.roles}`);
}

export function printBanner(s: Started, config: Config, roles: Role[]) {
  console.log("\n政府网站集约化平台 govsite 已启动");
  if (roles.includes("admin")) console.log(`  管理后台：${config.admin.baseUrl}/`);
  if (roles.includes("admin")) console.log(`  接口文档：${config.admin.baseUrl}/api/docs`);
  if (roles.includes("public")) console.log(`  公众网站：${config.public.baseUrl}/`);
  console.log(`  数据库：${config.databaseUrl ? "PostgreSQL" : `内置 PGlite（${config.dataDir}）`}；规则配置：${s.svc.profile.title}`);
  if (s.demoAccounts) printAccounts(s.demoAccounts);
  else if (s.setupToken) {
    console.log("\n系统中还没有任何账号。请任选一种方式创建第一个系统管理员：");
    console.log("  1. 运行命令：npx govsite create-admin");
    console.log(`  2. 使用一次性初始化令牌（24 小时内有效）：${s.setupToken}`);
    console.log(`     POST ${config.admin.baseUrl}/api/setup  {"token":"…","unitName":"…","username":"…","realName":"…","mobile":"…"}`);
  } else console.log("  （数据库中已有数据；示范账号仅在首次载入时显示）");
  console.log("\n按 Ctrl+C 停止。");
}

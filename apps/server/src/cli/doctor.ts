// `govsite doctor`: configuration, database, migrations, audit chain, calendar coverage.
import { loadConfig, ConfigError } from "../config/index.ts";
import { openServices } from "../runtime.ts";
import { verifyAuditChain } from "../modules/audit/verify.ts";
import { coverage } from "../modules/calendar/calendar.ts";

export async function runDoctor(): Promise<boolean> {
  let ok = true;
  const line = (good: boolean | "warn", text: string) => {
    if (good === false) ok = false;
    console.log(`${good === true ? "✔" : good === "warn" ? "！" : "✘"} ${text}`);
  };
  let config;
  try {
    config = loadConfig();
    line(true, `配置有效（规则配置：${config.profile}，数据库：${config.databaseUrl ? "PostgreSQL" : "内置 PGlite"}）`);
  } catch (e) {
    line(false, e instanceof ConfigError ? e.message : String(e));
    return false;
  }
  let svc;
  try {
    svc = await openServices(config);
    await svc.database.ping();
    line(true, "数据库可连接，迁移已是最新");
  } catch (e) {
    line(false, `数据库不可用：${(e as Error).message}`);
    return false;
  }
  try {
    const chain = await verifyAuditChain(svc.db);
    if (chain.ok) line(true, `审计日志哈希链完整（${chain.checked} 条）`);
    else line(false, `审计日志哈希链在第 ${chain.brokenAt!.seq} 条处断裂：${chain.brokenAt!.reason}`);
    const cov = await coverage(svc);
    line(cov.thisYearCovered ? true : false, cov.thisYearCovered ? "工作日历已包含今年的法定节假日安排" : "工作日历缺少今年的法定节假日安排");
    line(cov.nextYearCovered ? true : "warn", cov.nextYearCovered ? `工作日历已包含 ${cov.nextYear} 年的法定节假日安排` : `工作日历尚未包含 ${cov.nextYear} 年的法定节假日安排，国务院办公厅发布通知后请及时录入`);
    const retention = svc.profile.values.audit.retentionMonths;
    line(retention >= 6, `日志留存期限 ${retention} 个月${retention >= 6 ? "（不少于 6 个月）" : "，低于法定的 6 个月"}`);
  } finally {
    await svc.database.close();
  }
  return ok;
}

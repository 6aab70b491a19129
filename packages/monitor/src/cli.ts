/**
 * `govsite monitor URL [--format text|json] [--max-pages N] [--concurrency N] [--external|--no-external] [--timeout S]`
 *
 * Audits any website without an account, so that a county can check its current site before
 * migrating. Exit status: 1 if any severe finding (what an inspection vetoes or deducts heavily),
 * 2 on usage errors, 0 otherwise.
 */
import { auditSite } from "./audit.ts";
import { formatText } from "./format.ts";
import type { AuditOptions } from "./types.ts";

export interface MonitorIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Show progress on stderr (a terminal). */
  progress?: boolean;
  /** For tests: extra options passed to auditSite (e.g. a fixed `now`). */
  options?: AuditOptions;
}

export const USAGE = `用法：govsite monitor 网址 [选项]

巡检一个网站（无需账号）：抓取全站页面，检查死链和疑似死链、网页元数据（SiteName、SiteIDCode、
ColumnName、PubDate 等）、页面底部要素（主办单位、联系方式、网站标识码、ICP备案编号、公安机关备案号、
党政机关网站标识）、网站标识码格式、暗链和外部脚本、搜索引擎劫持、错敏信息，以及首页和栏目的更新情况。

选项：
  --format text|json     输出格式，默认 text（按严重程度分组）；json 输出 {pages, findings: […]}
  --max-pages N          最多检查的页面数，默认 10000
  --concurrency N        对被检网站同时发出的请求数，默认 8
  --external             检查指向其他网站的链接（默认）
  --no-external          不检查外部链接
  --timeout S            单个请求的超时秒数，默认 15（与国家“站点无法访问”指标一致）
  --deadline M           最长运行分钟数，到时停止并报告已发现的问题
  --allow 域名           允许加载脚本和框架的其他域名（可多次使用），本站和 *.gov.cn 总是允许
  -h, --help             显示本帮助

退出码：0 未发现严重问题；1 发现严重问题（单项否决或重点扣分项）；2 用法错误。`;

interface Parsed {
  url: string;
  format: "text" | "json";
  options: AuditOptions;
}

function positiveInt(flag: string, v: string | undefined, max: number): number | string {
  if (v === undefined || !/^\d+$/.test(v)) return `${flag} 需要一个正整数`;
  const n = Number(v);
  if (n < 1 || n > max) return `${flag} 应在 1 到 ${max} 之间（收到：${v}）`;
  return n;
}

export function parseMonitorArgs(argv: string[]): Parsed | "help" | string {
  let url: string | undefined;
  let format: "text" | "json" = "text";
  const options: AuditOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "-h":
      case "--help":
        return "help";
      case "--format": {
        const v = value();
        if (v !== "text" && v !== "json") return `--format 只能是 text 或 json（收到：${v ?? "空"}）`;
        format = v;
        break;
      }
      case "--max-pages": {
        const n = positiveInt("--max-pages", value(), 10_000_000);
        if (typeof n === "string") return n;
        options.maxPages = n;
        break;
      }
      case "--concurrency": {
        const n = positiveInt("--concurrency", value(), 256);
        if (typeof n === "string") return n;
        options.concurrency = n;
        break;
      }
      case "--timeout": {
        const n = positiveInt("--timeout", value(), 600);
        if (typeof n === "string") return n;
        options.timeoutMs = n * 1000;
        break;
      }
      case "--deadline": {
        const n = positiveInt("--deadline", value(), 24 * 60);
        if (typeof n === "string") return n;
        options.deadlineMs = n * 60_000;
        break;
      }
      case "--allow": {
        const v = value();
        if (!v || !/^(\*\.)?[a-z0-9.-]+$/i.test(v)) return `--allow 需要一个域名（收到：${v ?? "空"}）`;
        (options.allowHosts ??= []).push(v);
        break;
      }
      case "--external":
        options.external = true;
        break;
      case "--no-external":
        options.external = false;
        break;
      default:
        if (a.startsWith("-")) return `未知选项 ${a}`;
        if (url) return `只能指定一个网址（已有 ${url}，又收到 ${a}）`;
        url = a;
    }
  }
  if (!url) return "请指定要巡检的网址，例如 govsite monitor https://www.example.gov.cn/";
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return `网址无效：${url}`;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return `只支持 http 和 https 网址（收到：${url}）`;
  return { url: parsed.href, format, options };
}

export async function runMonitor(argv: string[], io: MonitorIO): Promise<number> {
  const parsed = parseMonitorArgs(argv);
  if (parsed === "help") {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (typeof parsed === "string") {
    io.stderr.write(`错误：${parsed}\n\n${USAGE}\n`);
    return 2;
  }
  let lastShown = 0;
  const onProgress = io.progress
    ? (p: { pages: number; queued: number; requests: number }) => {
        if (p.pages - lastShown < 50) return;
        lastShown = p.pages;
        io.stderr.write(`\r已检查 ${p.pages} / ${p.queued} 个页面，${p.requests} 次请求…`);
      }
    : undefined;
  const result = await auditSite(parsed.url, { ...parsed.options, onProgress, ...io.options });
  if (io.progress && lastShown > 0) io.stderr.write("\n");
  io.stdout.write(parsed.format === "json" ? `${JSON.stringify(result, null, 2)}\n` : formatText(result));
  return result.findings.some((f) => f.severity === "severe") ? 1 : 0;
}

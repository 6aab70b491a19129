/**
 * `govsite lint [--format text|json] [--profile NAME] [--dict PATH]… [--kind KIND] PATH… | -`
 *
 * Checks files, folders (recursively) or standard input and prints findings the way a
 * compiler prints errors, so that any office can run it on a folder before publishing.
 * Exit status: 1 if any finding must block publication, 2 on usage errors or files that
 * could not be read, 0 otherwise.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { createChecker } from "./checker.ts";
import { looksLikeHtml } from "./files/sniff.ts";
import { formatOf } from "./files/extract.ts";
import { PROFILE_NAMES, isProfileName, type ProfileName } from "./regulations.ts";
import type { CheckContext, Finding, Severity } from "./types.ts";

export interface LintIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  stdin: AsyncIterable<string | Uint8Array>;
}

export const USAGE = `用法：govsite lint [选项] 路径… | -

检查文件或文件夹中的错敏信息（密级标志、个人隐私、敏感词、严重表述错误、错别字、商业广告、链接）。
支持 .txt .md .html .htm .docx .pdf；文件夹递归检查；“-”表示从标准输入读取。

选项：
  --format text|json   输出格式，默认 text（编译器风格）；json 输出带 file 字段的问题数组
  --profile 名称       引用哪个规范的条款：${PROFILE_NAMES.join("、")}，默认 national
  --dict 路径          追加本单位词典（文件或文件夹，可多次使用），如领导名单、白名单
  --kind 类别          信息类别：punishment_notice（惩戒公示）、mandatory_disclosure（强制性信息披露）
  -h, --help           显示本帮助

退出码：0 未发现须拦截的问题；1 发现“严重”问题；2 用法错误或文件无法读取。`;

const SEVERITY_LABEL: Record<Severity, string> = { block: "严重", warn: "警告", info: "提示" };
const SKIPPED_FOLDERS = new Set(["node_modules", ".git", ".svn", "dist"]);

interface LintOptions {
  format: "text" | "json";
  profile: ProfileName;
  dictionaries: string[];
  ctx: CheckContext;
  paths: string[];
}

export async function runLint(argv: string[], io: LintIO): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed === "help") {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (typeof parsed === "string") {
    io.stderr.write(`错误：${parsed}\n\n${USAGE}\n`);
    return 2;
  }
  const checker = createChecker({ profile: parsed.profile, dictionaries: parsed.dictionaries });
  for (const issue of checker.issues) {
    io.stderr.write(`词典 ${issue.dictionary}${issue.line ? `:${issue.line}` : ""}：${issue.message}\n`);
  }

  const results: { file: string; text: string; findings: Finding[] }[] = [];
  let failures = 0;
  for (const path of parsed.paths) {
    if (path === "-") {
      const text = await readAll(io.stdin);
      const findings = looksLikeHtml(text) ? checker.checkHtml(text, parsed.ctx) : checker.checkText(text, parsed.ctx);
      results.push({ file: "<标准输入>", text, findings });
      continue;
    }
    let files: string[];
    try {
      files = await collect(path, true);
    } catch (error) {
      io.stderr.write(`错误：${(error as Error).message}\n`);
      failures++;
      continue;
    }
    for (const file of files) {
      try {
        const result = await checker.checkFile(file, parsed.ctx);
        results.push({ file, text: result.text, findings: result.findings });
      } catch (error) {
        io.stderr.write(`${file}：无法读取或解析（${(error as Error).message}）\n`);
        failures++;
      }
    }
  }

  const all = results.flatMap((r) => r.findings.map((f) => ({ file: r.file, ...f })));
  if (parsed.format === "json") io.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
  else io.stdout.write(renderText(results));
  checker.close();

  if (failures > 0) return 2;
  return all.some((f) => f.severity === "block") ? 1 : 0;
}

function parseArgs(argv: string[]): LintOptions | "help" | string {
  const options: LintOptions = { format: "text", profile: "national", dictionaries: [], ctx: {}, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const eq = arg.indexOf("=");
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      return next;
    };
    const name = arg.startsWith("--") ? arg.split("=")[0] : arg;
    switch (name) {
      case "-h":
      case "--help":
        return "help";
      case "--format": {
        const v = value();
        if (v !== "text" && v !== "json") return `--format 只能是 text 或 json，收到“${v ?? ""}”`;
        options.format = v;
        break;
      }
      case "--profile": {
        const v = value();
        if (!v || !isProfileName(v)) return `未知的规范“${v ?? ""}”，可选：${PROFILE_NAMES.join("、")}`;
        options.profile = v;
        break;
      }
      case "--dict": {
        const v = value();
        if (!v) return "--dict 需要一个文件或文件夹路径";
        options.dictionaries.push(v);
        break;
      }
      case "--kind": {
        const v = value();
        if (v !== "punishment_notice" && v !== "mandatory_disclosure" && v !== "ordinary") {
          return `--kind 只能是 punishment_notice、mandatory_disclosure 或 ordinary，收到“${v ?? ""}”`;
        }
        options.ctx.documentKind = v;
        break;
      }
      default:
        if (arg.startsWith("-") && arg !== "-") return `未知选项“${arg}”`;
        options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) return "请指定要检查的文件、文件夹，或用“-”从标准输入读取";
  if (options.paths.filter((p) => p === "-").length > 1) return "标准输入“-”只能出现一次";
  return options;
}

/** Files under `path`: the file itself when named explicitly, supported files when found in a folder. */
async function collect(path: string, explicit: boolean): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new Error(`找不到“${path}”`);
  }
  if (info.isDirectory()) {
    const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    const out: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith(".") || SKIPPED_FOLDERS.has(entry.name)) continue;
      const child = join(path, entry.name);
      if (entry.isDirectory()) out.push(...(await collect(child, false)));
      else if (formatOf(entry.name)) out.push(child);
    }
    return out;
  }
  if (explicit && !formatOf(path)) throw new Error(`不支持的文件类型“${path}”（支持 .txt .md .html .htm .docx .pdf）`);
  return [path];
}

async function readAll(stream: AsyncIterable<string | Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8").replace(/^\uFEFF/, "");
}

function renderText(results: { file: string; text: string; findings: Finding[] }[]): string {
  let out = "";
  const counts: Record<Severity, number> = { block: 0, warn: 0, info: 0 };
  for (const { file, text, findings } of results) {
    const lines = text.split("\n");
    for (const f of findings) {
      counts[f.severity]++;
      out += `${file}:${f.line}:${f.column}: ${SEVERITY_LABEL[f.severity]} ${f.message} [${f.rule}]\n`;
      const line = (lines[f.line - 1] ?? "").replace(/\r$/, "").replace(/\f/g, "");
      const from = f.column - 1;
      const to = Math.min(line.length, from + Math.max(1, f.end - f.start));
      out += `  ${line.replace(/\t/g, " ")}\n`;
      out += `  ${" ".repeat(displayWidth(line.slice(0, from)))}^${"~".repeat(Math.max(0, displayWidth(line.slice(from, to)) - 1))}\n`;
      if (f.suggestion) out += `  建议：${f.suggestion}\n`;
    }
  }
  const total = counts.block + counts.warn + counts.info;
  out +=
    total === 0
      ? `检查了 ${results.length} 个文件，未发现问题。\n`
      : `检查了 ${results.length} 个文件，发现 ${total} 处问题：严重 ${counts.block}，警告 ${counts.warn}，提示 ${counts.info}。\n`;
  return out;
}

/** Terminal columns: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      c >= 0x20000
        ? 2
        : 1;
  }
  return w;
}

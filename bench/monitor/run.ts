/**
 * Monitor benchmark: `npx tsx bench/monitor/run.ts` (options in README.md beside this file).
 *
 * Generates a 10,000-page county site, serves it on loopback from a separate process, and crawls it
 * in the same run with linkinator 6 and with our auditor (every check on), each in a fresh process
 * with the same concurrency. Prints pages per second for both and the ratio.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { generateSite } from "./generate.ts";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k!, v ?? "1"];
  }),
);
const PAGES = Number(args.pages ?? 10_000);
const CONCURRENCY = Number(args.concurrency ?? 32);
const RUNS = Number(args.runs ?? 1);
const DIR = args.dir ?? join(tmpdir(), "govsite-bench-monitor");
const NOW = "2024-06-01T10:00:00+08:00";

function child(file: string, argv: string[]): { line: Promise<string>; stdin: NodeJS.WritableStream; done: Promise<number> } {
  const p = spawn(process.execPath, ["--import", "tsx", join(here, file), ...argv], { cwd: repo, stdio: ["pipe", "pipe", "inherit"] });
  const rl = createInterface({ input: p.stdout! });
  const line = new Promise<string>((res, rej) => {
    rl.once("line", res);
    p.once("exit", (code) => rej(new Error(`${file} exited with ${code} before answering`)));
  });
  const done = new Promise<number>((res) => p.once("exit", (code) => res(code ?? 0)));
  return { line, stdin: p.stdin!, done };
}

async function measure<T>(file: string, argv: string[]): Promise<T> {
  const c = child(file, argv);
  c.stdin.end();
  const out = JSON.parse(await c.line) as T;
  await c.done;
  return out;
}

interface Ours {
  pages: number;
  ms: number;
  requests: number;
  urls: number;
  maxRssMb: number;
  cpuMs: number;
  findings: Record<string, number>;
  summary: Record<string, number>;
}
interface Theirs {
  pages: number;
  ms: number;
  links: number;
  broken: number;
  maxRssMb: number;
  cpuMs: number;
}

rmSync(DIR, { recursive: true, force: true });
const siteRoot = join(DIR, "site");
mkdirSync(siteRoot, { recursive: true });

const server = child("server.ts", [siteRoot, "3"]);
const { site, external } = JSON.parse(await server.line) as { site: string; external: string[] };
const tg = performance.now();
const gen = generateSite(siteRoot, { pages: PAGES, external, now: new Date(NOW) });
console.log(
  `生成站点：${gen.pages} 个 HTML 页面（${gen.articles} 篇文章、${gen.listPages} 个列表页），${(gen.bytes / 1048576).toFixed(1)} MB，用时 ${((performance.now() - tg) / 1000).toFixed(1)} 秒`,
);
console.log(`植入问题：站内死链 ${gen.planted.brokenInSite} 个，外部死链 ${gen.planted.brokenExternal} 个，暗链 ${gen.planted.hidden} 处，身份证号 ${gen.planted.pii} 处`);
console.log(`服务：${site}（静态文件，独立进程），外部网站 ${external.join("、")}；并发 ${CONCURRENCY}\n`);

const ours: Ours[] = [];
const oursPeer: Ours[] = [];
const theirs: Theirs[] = [];
for (let run = 0; run < RUNS; run++) {
  // Alternate the order so that neither always runs on a warm page cache.
  const order = run % 2 === 0 ? ["linkinator", "ours-peer", "ours"] : ["ours", "ours-peer", "linkinator"];
  for (const who of order) {
    if (who === "ours" || who === "ours-peer") {
      const r = await measure<Ours>("crawl-ours.ts", [`${site}/`, String(CONCURRENCY), NOW, who === "ours" ? "default" : "peer"]);
      (who === "ours" ? ours : oursPeer).push(r);
      const label = who === "ours" ? "govsite monitor（默认礼貌设置）" : "govsite monitor（与 linkinator 相同的礼貌设置）";
      console.log(`第 ${run + 1} 轮 ${label}：${r.pages} 页，${(r.ms / 1000).toFixed(1)} 秒，${(r.pages / (r.ms / 1000)).toFixed(1)} 页/秒，${r.requests} 次请求，峰值内存 ${r.maxRssMb} MB`);
    } else {
      const r = await measure<Theirs>("crawl-linkinator.ts", [`${site}/`, String(CONCURRENCY)]);
      theirs.push(r);
      console.log(`第 ${run + 1} 轮 linkinator 6：${r.pages} 页，${(r.ms / 1000).toFixed(1)} 秒，${(r.pages / (r.ms / 1000)).toFixed(1)} 页/秒，${r.links} 个链接结果，死链 ${r.broken} 个，峰值内存 ${r.maxRssMb} MB`);
    }
  }
}
server.stdin.end();
await server.done;

const best = <T extends { pages: number; ms: number }>(xs: T[]) => xs.reduce((a, b) => (b.pages / b.ms > a.pages / a.ms ? b : a));
const o = best(ours);
const op = best(oursPeer);
const t = best(theirs);
const pps = (x: { pages: number; ms: number }) => x.pages / (x.ms / 1000);
const ppsT = pps(t);
const row = (name: string, x: Ours | Theirs) => `| ${name} | ${x.pages} | ${(x.ms / 1000).toFixed(1)} 秒 | ${pps(x).toFixed(1)} | ${(x.cpuMs / 1000).toFixed(1)} 秒 | ${x.maxRssMb} MB |`;
console.log("\n| 工具 | 页面 | 用时 | 页/秒 | CPU 时间（进程内各线程合计） | 峰值内存 |");
console.log("|---|---|---|---|---|---|");
console.log(row("linkinator 6（只查链接，不限外部网站并发、无间隔）", t));
console.log(row("govsite monitor（全部检查，与 linkinator 相同的礼貌设置）", op));
console.log(row("govsite monitor（全部检查，默认礼貌设置：每个外部网站 2 个并发、间隔 200 毫秒）", o));
console.log(`\n页/秒之比（govsite / linkinator），同样的礼貌设置：${(pps(op) / ppsT).toFixed(2)}；默认礼貌设置：${(pps(o) / ppsT).toFixed(2)}`);
console.log(`govsite monitor 发现：${Object.entries(o.findings).map(([k, v]) => `${k} ${v}`).join("，")}；严重 ${o.summary.severe}，警告 ${o.summary.warn}，提示 ${o.summary.info}`);
if (!args.keep) rmSync(DIR, { recursive: true, force: true });

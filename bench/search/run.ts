/**
 * Search benchmark: `npx tsx bench/search/run.ts` (see README.md beside this file).
 *
 * Indexes a generated corpus of 100,000 Chinese government articles (segmented with jieba exactly
 * as publishing indexes them) and times a mixed set of Chinese queries through the search module
 * (PostgreSQL full text over the jieba-segmented text, relevance ranking, highlighted snippets,
 * group counts). Beside it, the naive peer: the same queries as ILIKE '%…%' substring scans
 * over title and text, newest first. Prints p50/p95 of both.
 */
import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { desc, eq, ilike, or, sql } from "drizzle-orm";
import { testConfig } from "../../apps/server/src/config/index.ts";
import { openDatabase } from "../../apps/server/src/db/client.ts";
import { createServices } from "../../apps/server/src/services.ts";
import { searchDocs } from "../../apps/server/src/db/schema.ts";
import { search, segment } from "../../apps/server/src/modules/search/search.ts";

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const ARTICLES = Number(args.get("articles") ?? 100_000);
const ROUNDS = Number(args.get("rounds") ?? 5);
const WORK = args.get("dir") ?? join(tmpdir(), "govsite-bench-search");

/** mulberry32: small deterministic PRNG. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UNITS = ["县发展改革委", "县教委", "县财政局", "县农业农村委", "县住房城乡建委", "县卫生健康委", "县应急管理局", "县生态环境局", "县市场监管局", "县人力社保局", "县医疗保障局", "县退役军人事务局"];
const TOWNS = ["城关镇", "龙潭镇", "桃花源街道", "清泉乡", "石门镇", "大溪乡", "白马镇", "青山乡"];
const TOPICS = ["安全生产", "乡村振兴", "营商环境", "防汛抗旱", "森林防火", "义务教育", "医疗保障", "就业创业", "生态环境保护", "重点项目建设", "食品安全", "民生实事", "河长制", "政务公开", "一网通办", "养老保险", "不动产登记", "农村人居环境", "公共资源交易", "双随机一公开"];
const ACTS = ["召开专题会议部署", "开展专项检查", "推进", "召开工作推进会研究", "组织培训", "督导检查", "印发方案落实", "举行座谈会交流"];
const SENT = [
  "会议强调，要坚持以人民为中心的发展思想，切实增强责任感和紧迫感",
  "各乡镇（街道）、各部门要加强统筹协调，形成工作合力",
  "要进一步压紧压实责任，细化工作措施，确保各项任务落地见效",
  "检查组深入一线，实地查看了相关工作开展情况，并提出了整改意见",
  "下一步，将持续强化监督检查，建立健全长效机制",
  "截至目前，全县已累计完成投资较去年同期增长明显",
  "群众可通过政务服务大厅窗口或渝快办平台办理相关业务",
  "会上，相关单位负责人汇报了前期工作进展和存在的困难问题",
  "本次活动共发放宣传资料三千余份，现场解答群众咨询两百余人次",
  "据了解，该项目总投资约两亿元，建成后将有效改善周边群众出行条件",
];

const QUERIES = [
  "营商环境", "安全生产检查", "乡村振兴", "防汛", "义务教育招生", "医疗保障", "政务公开", "一网通办", "森林防火宣传",
  "河长制巡河", "养老保险", "不动产登记", "就业创业", "重点项目", "食品安全", "城关镇", "龙潭镇乡村振兴", "县教委",
  "退役军人", "双随机一公开", "公共资源交易", "农村人居环境整治", "民生实事", "督导检查", "专题会议", "长效机制",
  "渝快办", "營商環境", "鄉村振興", "政务服务大厅", "宣传资料", "出行条件", "生态环境保护督察", "招聘", "低保",
  "示范县", "工作推进会", "整改意见", "桃花源街道", "青山乡",
];

async function main() {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const config = testConfig({ dataDir: WORK, publishDir: join(WORK, "www"), databaseUrl: process.env.BENCH_DATABASE_URL });
  const database = openDatabase(config);
  await database.migrate();
  const svc = await createServices(database, config);
  console.log(`Database: ${config.databaseUrl ? "PostgreSQL (BENCH_DATABASE_URL)" : "PGlite (embedded)"}`);

  // ---- corpus → index, as indexDocument writes it
  const r = rng(42);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const siteId = randomUUID();
  const columnIds = Array.from({ length: 8 }, () => randomUUID());
  const t0 = performance.now();
  let segMs = 0;
  for (let i = 0; i < ARTICLES; i += 1000) {
    const rows = [];
    for (let j = i; j < Math.min(ARTICLES, i + 1000); j++) {
      const who = r() < 0.5 ? pick(UNITS) : pick(TOWNS);
      const topic = pick(TOPICS);
      const title = `${who}${pick(ACTS)}${topic}工作`;
      const paras = 3 + Math.floor(r() * 6);
      const body = Array.from({ length: paras }, () => `${who}${topic}：${pick(SENT)}。${pick(SENT)}，${pick(TOPICS)}和${pick(TOPICS)}工作稳步推进。`).join(" ");
      const s0 = performance.now();
      const segmented = segment(body);
      const titleSegmented = segment(title);
      segMs += performance.now() - s0;
      const day = new Date(Date.UTC(2019, 0, 1) + Math.floor(r() * 6 * 365) * 86_400_000);
      rows.push({
        documentId: randomUUID(),
        siteId,
        columnIds: [pick(columnIds)],
        type: "article",
        group: "info",
        title,
        url: `/zwdt/${j}.html`,
        plain: body,
        segmented,
        titleSegmented,
        publishedAt: day,
        version: 1,
      });
    }
    await svc.db.insert(searchDocs).values(rows);
    if ((i / 1000) % 10 === 9) process.stderr.write(`  ${i + 1000}/${ARTICLES} indexed\n`);
  }
  await svc.db.execute(sql`analyze search_docs`);
  console.log(`Indexed ${ARTICLES.toLocaleString("en")} articles in ${((performance.now() - t0) / 1000).toFixed(1)} s (jieba ${(segMs / 1000).toFixed(1)} s).`);

  // ---- queries
  const time = async (fn: () => Promise<unknown>) => {
    const s = performance.now();
    await fn();
    return performance.now() - s;
  };
  const ours: number[] = [];
  const peer: number[] = [];
  let hits = 0;
  for (const q of QUERIES) await search(svc, { q }); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of QUERIES) {
      ours.push(
        await time(async () => {
          const res = await search(svc, { q });
          hits += res.total;
        }),
      );
      const like = `%${q}%`;
      peer.push(
        await time(async () => {
          const where = or(ilike(searchDocs.title, like), ilike(searchDocs.plain, like));
          await svc.db.select({ id: searchDocs.documentId, title: searchDocs.title, url: searchDocs.url }).from(searchDocs).where(where).orderBy(desc(searchDocs.publishedAt)).limit(10);
          await svc.db.select({ n: sql<number>`count(*)::int` }).from(searchDocs).where(where);
        }),
      );
    }
  }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  console.log(`Queries: ${QUERIES.length} Chinese queries × ${ROUNDS} rounds (${(hits / ROUNDS / QUERIES.length).toFixed(0)} matches per query on average).`);
  console.log(`govsite search (jieba + full text, ranked, highlighted, counted): p50 ${pct(ours, 50).toFixed(1)} ms, p95 ${pct(ours, 95).toFixed(1)} ms (target p95 < 50 ms) — ${pct(ours, 95) < 50 ? "met" : "NOT met"}`);
  console.log(`ILIKE substring scan (newest first, counted):               p50 ${pct(peer, 50).toFixed(1)} ms, p95 ${pct(peer, 95).toFixed(1)} ms`);
  // Only the rows this run wrote (they belong to a site id made up for it).
  await svc.db.delete(searchDocs).where(eq(searchDocs.siteId, siteId));
  await database.close();
  rmSync(WORK, { recursive: true, force: true });
}

await main();

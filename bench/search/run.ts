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
import { searchDocs, searchTitles } from "../../apps/server/src/db/schema.ts";
import { queryTerms, search, segment } from "../../apps/server/src/modules/search/search.ts";

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const ARTICLES = Number(args.get("articles") ?? 100_000);
const ROUNDS = Number(args.get("rounds") ?? 5);
const WORK = args.get("dir") ?? join(tmpdir(), "govsite-bench-search");
/** The ILIKE peer scans everything: `--peer-once` times it in the first round only. */
const SKIP_PEER_ROUNDS = args.has("peer-once");
/** `--keep` leaves the rows in place (PostgreSQL) to study plans with psql; delete them by site id afterwards. */
const KEEP = args.has("keep");

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

const UNITS = [
  "县发展改革委", "县教委", "县财政局", "县农业农村委", "县住房城乡建委", "县卫生健康委", "县应急管理局", "县生态环境局", "县市场监管局", "县人力社保局",
  "县医疗保障局", "县退役军人事务局", "县民政局", "县司法局", "县交通运输委", "县水利局", "县林业局", "县商务委", "县文化旅游委", "县统计局",
  "县审计局", "县税务局", "县规划自然资源局", "县城市管理局", "县公安局", "县科技局", "县经济信息委", "县乡村振兴局", "县政务服务中心", "县融媒体中心",
];
const TOWNS = [
  "城关镇", "龙潭镇", "桃花源街道", "清泉乡", "石门镇", "大溪乡", "白马镇", "青山乡", "双河镇", "金竹乡", "柏杨镇", "红花乡", "凤凰镇", "梅江镇",
  "兴隆镇", "官庄镇", "酉水河镇", "钟多街道", "丁市镇", "泔溪镇",
];
/**
 * 60 topics in a Zipf (s = 1) distribution: the first few are what a county writes about all the
 * time (broad queries), most match 0.5–5 % of articles, the tail less. Each article has one topic
 * (title and body) and mentions one other in passing.
 */
const TOPICS = [
  "安全生产", "乡村振兴", "疫情防控", "营商环境", "防汛抗旱", "森林防火", "义务教育", "医疗保障", "就业创业", "生态环境保护",
  "重点项目建设", "食品安全", "民生实事", "河长制", "政务公开", "一网通办", "养老保险", "不动产登记", "农村人居环境", "公共资源交易",
  "双随机一公开", "扫黑除恶", "消防安全", "道路交通安全", "城乡低保", "退役军人服务", "耕地保护", "高标准农田", "产业发展", "招商引资",
  "文明城市创建", "全民健身", "非遗保护", "旅游发展", "电子商务", "金融服务", "税收优惠", "减税降费", "统计调查", "审计整改",
  "地质灾害防治", "森林资源管理", "水土保持", "大气污染防治", "垃圾分类", "老旧小区改造", "棚户区改造", "农民工工资", "技能培训", "家庭医生签约",
  "疫苗接种", "学前教育", "校园安全", "残疾人帮扶", "慈善救助", "人口普查", "法律援助", "人民调解", "信访工作", "林长制",
];
const ACTS = ["召开专题会议部署", "开展专项检查", "推进", "召开工作推进会研究", "组织培训", "督导检查", "印发方案落实", "举行座谈会交流", "通报", "总结"];
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
  "与会人员围绕存在问题深入讨论，提出了具体的意见建议",
  "各责任单位要对照任务清单，逐项抓好落实，按时报送进展情况",
  "活动现场，工作人员耐心细致地向群众讲解相关政策",
  "此次培训采取理论授课与现场教学相结合的方式进行",
  "县纪委监委将对工作落实情况开展专项监督",
  "全县上下要以更加务实的作风推动各项工作取得新成效",
  "今年以来，全县共排查整治各类隐患问题一百余个",
  "据统计，全年共惠及群众一万余人次，群众满意度明显提升",
  "相关负责人表示，将认真梳理问题清单，立行立改",
  "会议通报了上半年工作完成情况，安排部署了下半年重点工作",
];

/** Common queries: topics of middling frequency, places, units, multi-word phrases, traditional script, rare words. */
const COMMON = [
  "营商环境", "森林防火宣传", "义务教育招生", "医疗保障", "就业创业", "重点项目", "食品安全", "河长制巡河", "政务公开", "一网通办",
  "养老保险", "不动产登记", "农村人居环境整治", "公共资源交易", "双随机一公开", "消防安全", "耕地保护", "招商引资", "减税降费", "垃圾分类",
  "老旧小区改造", "家庭医生签约", "法律援助", "林长制", "龙潭镇", "桃花源街道", "县教委", "县退役军人事务局", "龙潭镇乡村振兴", "城关镇安全生产",
  "營商環境", "醫療保障", "石门镇食品安全", "白马镇", "县审计局", "生态环境保护督察", "招聘", "低保", "示范县", "人口普查",
];
/** Broad queries: the county's most frequent topics and boilerplate phrases, in a large share of all articles. */
const BROAD = ["安全生产", "乡村振兴", "疫情防控", "长效机制", "整改意见", "工作推进会", "鄉村振興", "督导检查", "渝快办", "宣传资料", "出行条件", "政务服务大厅"];

/** Zipf sampler over n items with exponent s. */
function zipf(n: number, s: number, r: () => number) {
  const cum: number[] = [];
  let total = 0;
  for (let k = 1; k <= n; k++) cum.push((total += 1 / k ** s));
  return () => {
    const x = r() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/**
 * jieba cuts each run of Chinese characters on its own (punctuation and spaces separate runs), so
 * a body's words are the words of its pieces in order: segment each distinct piece once. The
 * result is what `segment()` gives for the whole body, at a fraction of the time.
 */
const pieceCache = new Map<string, string>();
function segmentPieces(text: string): string {
  return text
    .split(/([^\p{Script=Han}\p{L}\p{N}]+)/u)
    .filter((p) => /[\p{L}\p{N}]/u.test(p))
    .map((p) => {
      let w = pieceCache.get(p);
      if (w === undefined) pieceCache.set(p, (w = segment(p)));
      return w;
    })
    .filter(Boolean)
    .join(" ");
}

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
  const topicOf = zipf(TOPICS.length, 1, r);
  const siteId = randomUUID();
  const columnIds = Array.from({ length: 8 }, () => randomUUID());
  const t0 = performance.now();
  let segMs = 0;
  for (let i = 0; i < ARTICLES; i += 1000) {
    const rows = [];
    for (let j = i; j < Math.min(ARTICLES, i + 1000); j++) {
      const who = r() < 0.5 ? pick(UNITS) : pick(TOWNS);
      const topic = TOPICS[topicOf()]!;
      const aside = TOPICS[topicOf()]!;
      const title = `${who}${pick(ACTS)}${topic}工作`;
      const paras = 3 + Math.floor(r() * 4);
      const body = Array.from({ length: paras }, (_, k) =>
        k === 0 ? `${who}${topic}：${pick(SENT)}。` : k === 1 ? `${pick(SENT)}，${aside}工作同步推进。` : `${pick(SENT)}。${pick(SENT)}。`,
      ).join(" ");
      const s0 = performance.now();
      const segmented = segmentPieces(body);
      const titleSegmented = segmentPieces(title);
      // The shortcut must give exactly what publishing writes: checked on the first articles.
      if (j < 300 && (segmented !== segment(body) || titleSegmented !== segment(title))) throw new Error(`segmentation differs for article ${j}`);
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
  // What autovacuum does on its own within a minute of a bulk load (statistics, and the visibility
  // map that lets the covering title index answer without visiting the table).
  await svc.db.execute(sql`vacuum analyze search_docs`);
  await svc.db.execute(sql`vacuum analyze search_titles`);
  console.log(`Indexed ${ARTICLES.toLocaleString("en")} articles in ${((performance.now() - t0) / 1000).toFixed(1)} s (jieba ${(segMs / 1000).toFixed(1)} s).`);

  // ---- how much each query matches (exact counts, untimed)
  const matchCount = async (q: string) => {
    const lexemes = queryTerms(q).join(" & ");
    const res = (await svc.db.execute(sql`select count(*)::int as n from ${searchTitles} where ${searchTitles.fts} @@ to_tsquery('simple', ${lexemes})`)) as unknown as { rows: Array<{ n: number }> };
    return res.rows[0]!.n;
  };
  const share = async (qs: string[]) => {
    const ns = await Promise.all(qs.map(matchCount));
    const pcts = ns.map((n) => (100 * n) / ARTICLES).sort((a, b) => a - b);
    return `matches per query: median ${pcts[Math.floor(pcts.length / 2)]!.toFixed(2)} %, min ${pcts[0]!.toFixed(2)} %, max ${pcts[pcts.length - 1]!.toFixed(2)} % of articles`;
  };
  console.log(`Common queries (${COMMON.length}): ${await share(COMMON)}`);
  console.log(`Broad queries (${BROAD.length}):   ${await share(BROAD)}`);

  // ---- queries
  const time = async (fn: () => Promise<unknown>) => {
    const s = performance.now();
    await fn();
    return performance.now() - s;
  };
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  const stats = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;
  for (const q of [...COMMON, ...BROAD]) await search(svc, { q }); // warm-up
  for (const [name, queries] of [["common", COMMON], ["broad", BROAD]] as const) {
    const ours: number[] = [];
    const perQuery = new Map<string, number[]>();
    const byDate: number[] = [];
    const peer: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const q of queries) {
        const ms = await time(() => search(svc, { q }));
        ours.push(ms);
        perQuery.set(q, [...(perQuery.get(q) ?? []), ms]);
        byDate.push(await time(() => search(svc, { q, sort: "date" })));
        if (round === 0 || !SKIP_PEER_ROUNDS) {
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
    }
    console.log(`\n${name} queries: ${queries.length} × ${ROUNDS} rounds`);
    console.log(`  govsite search, by relevance (ranked, highlighted, capped count): ${stats(ours)}${name === "common" ? ` (target p95 < 50 ms — ${pct(ours, 95) < 50 ? "met" : "NOT met"})` : ""}`);
    console.log(`  govsite search, newest first:                                   ${stats(byDate)}`);
    console.log(`  ILIKE substring scan (newest first, full count):                ${stats(peer)}`);
    const slowest = [...perQuery].map(([q, xs]) => [q, pct(xs, 50)] as const).sort((a, b) => b[1] - a[1]).slice(0, 5);
    console.log(`  slowest by relevance (median): ${slowest.map(([q, ms]) => `${q} ${ms.toFixed(1)} ms`).join(", ")}`);
  }
  // Only the rows this run wrote (they belong to a site id made up for it).
  if (KEEP) console.log(`Rows kept: delete from search_docs where site_id = '${siteId}'`);
  else await svc.db.delete(searchDocs).where(eq(searchDocs.siteId, siteId));
  await database.close();
  rmSync(WORK, { recursive: true, force: true });
}

await main();

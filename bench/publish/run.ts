/**
 * Publishing benchmark: `npx tsx bench/publish/run.ts` (see README.md beside this file).
 *
 * 1. Generates a deterministic 20,000-article corpus in the import format (JSONL).
 * 2. Builds a snapshot from it and runs a full rebuild; prints pages per second.
 * 3. If `hugo` is on PATH, builds the same corpus with equivalent Hugo templates and prints the ratio.
 * 4. Builds a 100,000-article site and measures incremental publishing of one article (p50/p95 of 50).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createReadStream, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { applyChanges, publishSite, type Column, type Document, type SiteSnapshot } from "../../packages/publisher/src/index.ts";

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const ARTICLES = Number(args.get("articles") ?? 20_000);
const BIG = Number(args.get("big") ?? 100_000);
const RUNS = Number(args.get("runs") ?? 50);
const WORK = args.get("dir") ?? join(tmpdir(), "govsite-bench-publish");
const WORKERS = Number(args.get("workers") ?? availableParallelism());
const FULL = args.get("full") !== "0";

// ---------------------------------------------------------------- corpus

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

const COLUMNS = ["政务要闻", "部门动态", "乡镇动态", "通知公告", "政策文件", "政策解读", "人事信息", "统计数据"];
const WEIGHTS = [0.24, 0.2, 0.18, 0.12, 0.08, 0.06, 0.06, 0.06];
const UNITS = ["县发展改革委", "县教委", "县财政局", "县农业农村委", "县住房城乡建委", "县卫生健康委", "县应急管理局", "县生态环境局", "县市场监管局", "县人力社保局"];
const TOWNS = ["城关镇", "龙潭镇", "桃花源街道", "清泉乡", "石门镇", "大溪乡"];
const TOPICS = ["安全生产", "乡村振兴", "营商环境", "防汛抗旱", "森林防火", "义务教育", "医疗保障", "就业创业", "生态环境保护", "重点项目建设", "食品安全", "民生实事"];
const ACTS = ["召开专题会议部署", "开展专项检查", "推进", "召开工作推进会研究", "组织培训", "督导检查", "印发方案落实"];
const SENT = [
  "会议强调，要坚持以人民为中心的发展思想，切实增强责任感和紧迫感",
  "各乡镇（街道）、各部门要加强统筹协调，形成工作合力",
  "要进一步压紧压实责任，细化工作措施，确保各项任务落地见效",
  "检查组深入一线，实地查看了相关工作开展情况，并提出了整改意见",
  "下一步，将持续强化监督检查，建立健全长效机制",
  "截至目前，全县已累计完成投资较去年同期增长明显",
  "群众可通过政务服务大厅窗口或渝快办平台办理相关业务",
  "会上，相关单位负责人汇报了前期工作进展和存在的困难问题",
];

interface ImportRow {
  column: string;
  title: string;
  date: string;
  body: string[];
}

function corpusRow(r: () => number, i: number): ImportRow {
  let x = r();
  let ci = 0;
  while (ci < WEIGHTS.length - 1 && x > WEIGHTS[ci]!) x -= WEIGHTS[ci++]!;
  const column = COLUMNS[ci]!;
  const pick = <T,>(a: T[]) => a[Math.floor(r() * a.length)]!;
  const who = column === "乡镇动态" ? pick(TOWNS) : pick(UNITS);
  const topic = pick(TOPICS);
  const title =
    column === "通知公告"
      ? `关于做好${topic}工作的通知（第${i + 1}号）`
      : column === "政策文件"
        ? `示范县人民政府办公室关于印发示范县${topic}工作实施方案的通知（${i + 1}）`
        : column === "政策解读"
          ? `《示范县${topic}工作实施方案》政策解读（${i + 1}）`
          : `${who}${pick(ACTS)}${topic}工作（${i + 1}）`;
  const day = new Date(Date.UTC(2019, 0, 1) + Math.floor(r() * 6 * 365) * 86400_000).toISOString().slice(0, 10);
  const body: string[] = [];
  const n = 3 + Math.floor(r() * 6);
  for (let k = 0; k < n; k++) {
    const m = 2 + Math.floor(r() * 3);
    body.push(Array.from({ length: m }, () => pick(SENT)).join("；") + "。");
  }
  return { column, title, date: day, body };
}

function writeCorpus(file: string, count: number): void {
  const r = rng(20240501);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(JSON.stringify(corpusRow(r, i)));
  writeFileSync(file, lines.join("\n") + "\n");
}

async function readCorpus(file: string): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  const rl = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (!line.trim()) continue;
    try {
      rows.push(JSON.parse(line) as ImportRow);
    } catch {
      throw new Error(`第 ${n} 行不是合法的 JSON`);
    }
  }
  return rows;
}

// ---------------------------------------------------------------- snapshot

const TYPE: Record<string, Column["columnType"]> = { 政策文件: "政策文件", 政策解读: "政策解读", 统计数据: "数据发布" };

function snapshotFrom(rows: ImportRow[], code: string): SiteSnapshot {
  const cols = new Map<string, Column>();
  const docs: Document[] = [];
  const esc = (s: string) => s.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
  rows.forEach((row, i) => {
    let c = cols.get(row.column);
    if (!c) {
      c = { id: `c${cols.size + 1}`, slugPath: `lm${cols.size + 1}`, name: row.column, columnType: TYPE[row.column] ?? "工作动态", sort: cols.size + 1 };
      cols.set(row.column, c);
    }
    docs.push({
      id: `a${i + 1}`,
      version: 1,
      title: row.title,
      bodyHtml: row.body.map((p) => `<p>${esc(p)}</p>`).join("\n"),
      source: "示范县人民政府办公室",
      publishedAt: `${row.date}T09:00:00+08:00`,
      columnId: c.id,
    });
  });
  return {
    format: 1,
    site: {
      code,
      name: "示范县人民政府",
      kind: "portal",
      domain: "www.sfx.gov.cn",
      pathPrefix: "/",
      siteIdCode: "5002420001",
      icp: "渝ICP备05003300号",
      psb: { label: "渝公网安备50024202000123号", recordCode: "50024202000123" },
      partyGovMark: { href: "https://bszs.conac.cn/sitename?method=show&id=1" },
      ownerUnitName: "示范县人民政府办公室",
      contact: { phone: "023-12345678", address: "示范县人民路1号" },
      theme: "default",
    },
    columns: [...cols.values()],
    documents: docs,
  };
}

function countHtml(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) n += countHtml(p);
    else if (e.endsWith(".html")) n++;
  }
  return n;
}

// ---------------------------------------------------------------- hugo

function hugoBuild(rows: ImportRow[], dir: string): { seconds: number; pages: number } | undefined {
  if (spawnSync("hugo", ["version"]).status !== 0) return undefined;
  rmSync(dir, { recursive: true, force: true });
  const sections = new Map<string, string>();
  for (const row of rows) {
    if (!sections.has(row.column)) sections.set(row.column, `lm${sections.size + 1}`);
  }
  for (const [name, slug] of sections) {
    mkdirSync(join(dir, "content", slug), { recursive: true });
    writeFileSync(join(dir, "content", slug, "_index.md"), `---\ntitle: "${name}"\n---\n`);
  }
  rows.forEach((row, i) => {
    const slug = sections.get(row.column)!;
    writeFileSync(
      join(dir, "content", slug, `a${i + 1}.md`),
      `---\ntitle: ${JSON.stringify(row.title)}\ndate: ${row.date}T09:00:00+08:00\nsource: "示范县人民政府办公室"\n---\n\n${row.body.join("\n\n")}\n`,
    );
  });
  const L = join(dir, "layouts");
  mkdirSync(join(L, "_default"), { recursive: true });
  mkdirSync(join(L, "partials"), { recursive: true });
  writeFileSync(
    join(dir, "config.toml"),
    `baseURL = "https://www.sfx.gov.cn/"\nlanguageCode = "zh-CN"\ntitle = "示范县人民政府"\npaginate = 20\ndisableKinds = ["taxonomy", "term"]\n[params]\nidcode = "5002420001"\n`,
  );
  // Equivalent templates: the same head metas, header, navigation, breadcrumbs, list and footer.
  writeFileSync(
    join(L, "_default", "baseof.html"),
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }}_{{ .Site.Title }}</title>
<meta name="SiteName" content="{{ .Site.Title }}"><meta name="SiteDomain" content="www.sfx.gov.cn"><meta name="SiteIDCode" content="{{ .Site.Params.idcode }}">
{{ block "metas" . }}{{ end }}<link rel="stylesheet" href="/site.css"></head><body>
<a class="skip" href="#main">跳到主要内容</a>{{ partial "header.html" . }}<main id="main"><nav class="crumbs"><a href="/">首页</a>{{ with .Parent }}{{ if not .IsHome }} › <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}</nav>
{{ block "main" . }}{{ end }}</main>{{ partial "footer.html" . }}<script src="/site.js" defer></script></body></html>`,
  );
  writeFileSync(
    join(L, "partials", "header.html"),
    `<header class="site-header"><a class="brand" href="/">{{ .Site.Title }}</a><form action="/search/" method="get"><input name="q" type="search"><button>搜索</button></form></header>
<nav class="site-nav"><ul><li><a href="/">首页</a></li>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>`,
  );
  writeFileSync(
    join(L, "partials", "footer.html"),
    `<footer><p>主办单位：示范县人民政府办公室</p><p>联系方式：电话 023-12345678 地址 示范县人民路1号</p><p>网站标识码：{{ .Site.Params.idcode }} <a href="https://beian.miit.gov.cn/">渝ICP备05003300号</a> <a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=50024202000123">渝公网安备50024202000123号</a></p></footer>`,
  );
  writeFileSync(
    join(L, "_default", "list.html"),
    `{{ define "metas" }}<meta name="ColumnName" content="{{ .Title }}"><meta name="ColumnType" content="工作动态">{{ end }}{{ define "main" }}<h1>{{ .Title }}</h1><ul class="items">{{ $p := .Paginate .Pages.ByDate.Reverse }}{{ range $p.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>
<nav class="pager">{{ if $p.HasPrev }}<a href="{{ $p.Prev.URL }}">上一页</a>{{ end }}{{ if $p.HasNext }}<a href="{{ $p.Next.URL }}">下一页</a>{{ end }}<p>第 {{ $p.PageNumber }} 页，共 {{ $p.TotalPages }} 页</p></nav>{{ end }}`,
  );
  writeFileSync(
    join(L, "index.html"),
    `{{ define "main" }}{{ range .Site.Sections }}<section><h2>{{ .Title }}</h2><ul class="items">{{ range first 7 .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul></section>{{ end }}{{ end }}`,
  );
  writeFileSync(
    join(L, "_default", "single.html"),
    `{{ define "metas" }}<meta name="ArticleTitle" content="{{ .Title }}"><meta name="PubDate" content="{{ .Date.Format "2006-01-02 15:04" }}"><meta name="ContentSource" content="{{ .Params.source }}">{{ end }}{{ define "main" }}<article><h1>{{ .Title }}</h1><p>发布时间：<time>{{ .Date.Format "2006-01-02 15:04" }}</time> 来源：{{ .Params.source }}</p><div class="article-body">{{ .Content }}</div></article>{{ end }}`,
  );
  const t = performance.now();
  execFileSync("hugo", ["--quiet", "-s", dir, "-d", join(dir, "public")], { stdio: "inherit" });
  const seconds = (performance.now() - t) / 1000;
  return { seconds, pages: countHtml(join(dir, "public")) };
}

// ---------------------------------------------------------------- main

function pct(a: number[], p: number): number {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

async function main() {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const corpus = join(WORK, "corpus.jsonl");
  writeCorpus(corpus, ARTICLES);
  console.log(`语料：${ARTICLES} 篇文章 → ${corpus}`);

  if (FULL) await fullRebuild(corpus);
  if (BIG > 0) await incremental();
}

async function fullRebuild(corpus: string) {
  const t0 = performance.now();
  const rows = await readCorpus(corpus);
  const snap = snapshotFrom(rows, "bench");
  const tSnap = (performance.now() - t0) / 1000;

  const results: Array<[string, number, number]> = [];
  for (const [compress, renderWorkers] of [[false, 1], [false, WORKERS], [true, WORKERS]] as const) {
    const out = join(WORK, `www-${compress}-${renderWorkers}`, "bench");
    const t = performance.now();
    const r = await publishSite(snap, { outDir: out, compress, renderWorkers });
    const s = (performance.now() - t) / 1000;
    results.push([`govsite（${compress ? "含 .gz/.br 预压缩" : "不压缩，与 Hugo 同口径"}，${renderWorkers} 个渲染线程）`, r.pages, s]);
  }
  console.log(`\n全量重建（快照构建 ${tSnap.toFixed(2)} 秒，不计入）`);
  for (const [name, pages, s] of results) console.log(`  ${name}: ${pages} 页 / ${s.toFixed(2)} 秒 = ${(pages / s).toFixed(0)} 页/秒`);

  const hugo = hugoBuild(rows, join(WORK, "hugo"));
  if (hugo) {
    const hugoRate = hugo.pages / hugo.seconds;
    const ours = results.slice(0, 2).reduce((a, b) => (b[1] / b[2] > a[1] / a[2] ? b : a));
    console.log(`  Hugo ${spawnSync("hugo", ["version"]).stdout.toString().split(" ")[1]}: ${hugo.pages} 页 / ${hugo.seconds.toFixed(2)} 秒 = ${hugoRate.toFixed(0)} 页/秒`);
    console.log(`  比值（govsite 不压缩 ÷ Hugo）: ${(ours[1] / ours[2] / hugoRate).toFixed(2)}`);
  } else {
    console.log("  未找到 hugo，跳过对比（Debian：apt-get install hugo）");
  }

}

async function incremental() {
  console.log(`\n增量发布：${BIG} 篇文章的站点（数据库：${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}）`);
  // The site lives in the database, as in production: the incremental figures below start from it.
  const { createHarness, makeSite, makeUnit, makeUser } = await import("../../apps/server/src/testing/harness.ts");
  const { importStream } = await import("../../apps/server/src/modules/content/import.ts");
  const { documents, publishEvents, revisions } = await import("../../apps/server/src/db/schema.ts");
  const { buildSnapshot, docUrlPath } = await import("../../apps/server/src/modules/publishing/snapshot.ts");
  const { processPublishEvents, siteDir } = await import("../../apps/server/src/modules/publishing/run.ts");
  const { eq } = await import("drizzle-orm");
  const h = await createHarness({ config: { publishDir: join(WORK, "www-big"), dataDir: join(WORK, "data") } });
  try {
    const unit = await makeUnit(h.svc, "示范县人民政府办公室");
    const site = await makeSite(h.svc, unit.id, "big");
    const user = await makeUser(h.svc, unit.id, [{ role: "editor", siteId: site.id }]);
    const r = rng(7);
    const rows: ImportRow[] = [];
    for (let i = 0; i < BIG; i++) rows.push(corpusRow(r, i));
    // One article per column through the real import (columns, types, fields), the rest cloned from
    // those in bulk: importing 100,000 articles one by one would take longer than the measurement.
    const firsts = COLUMNS.map((c) => rows.findIndex((x) => x.column === c)).filter((i) => i >= 0);
    let t = performance.now();
    async function* lines() {
      for (const i of firsts) yield JSON.stringify(rows[i]);
    }
    await importStream(h.svc, lines(), { siteCode: "big", actor: { id: user.id, name: user.username, ip: "" } });
    const seeded = await h.svc.db.select({ d: documents, rev: revisions }).from(documents).innerJoin(revisions, eq(revisions.id, documents.liveRevisionId)).where(eq(documents.siteId, site.id));
    const template = new Map(seeded.map((x) => [(x.rev.fields as { title: string }).title, x]));
    const byColumn = new Map(firsts.map((i) => [rows[i]!.column, template.get(rows[i]!.title)!]));
    const skip = new Set(firsts);
    const esc = (x: string) => x.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    for (let from = 0; from < rows.length; from += 1000) {
      const docRows: Array<typeof documents.$inferInsert> = [];
      const revRows: Array<typeof revisions.$inferInsert> = [];
      for (let i = from; i < Math.min(rows.length, from + 1000); i++) {
        if (skip.has(i)) continue;
        const row = rows[i]!;
        const tpl = byColumn.get(row.column)!;
        const at = new Date(`${row.date}T09:00:00+08:00`);
        const id = randomUUID();
        const revId = randomUUID();
        docRows.push({ id, siteId: site.id, ownerUnitId: unit.id, type: tpl.d.type, state: "published", createdBy: user.id, firstPublishedAt: at, lastPublishedAt: at, publicVersion: 1, liveRevisionId: revId, indexNo: `BENCH-${i}` });
        const fields = { ...(tpl.rev.fields as Record<string, unknown>), title: row.title, bodyHtml: row.body.map((b) => `<p>${esc(b)}</p>`).join("\n"), publishAt: at.toISOString() };
        revRows.push({ id: revId, documentId: id, number: 1, fields, text: "", createdBy: user.id });
      }
      if (docRows.length) {
        await h.svc.db.insert(documents).values(docRows);
        await h.svc.db.insert(revisions).values(revRows);
      }
    }
    await h.svc.db.update(publishEvents).set({ processedAt: new Date() });
    console.log(`  写入数据库：${((performance.now() - t) / 1000).toFixed(1)} 秒`);

    t = performance.now();
    const big = await buildSnapshot(h.svc.db, site.id);
    console.log(`  从数据库构建整站快照：${big.documents.length} 篇 / ${((performance.now() - t) / 1000).toFixed(1)} 秒（旧流程每个发布事件都要付出这一步）`);
    const out = siteDir(h.svc, "big");
    t = performance.now();
    const full = await publishSite(big, { outDir: out, renderWorkers: WORKERS });
    console.log(`  首次全量：${full.pages} 页 / ${((performance.now() - t) / 1000).toFixed(1)} 秒`);

    // ---- applyChanges on the snapshot in memory (the publisher alone)
    const counts = new Map<string, number>();
    for (const d of big.documents) counts.set(d.columnId, (counts.get(d.columnId) ?? 0) + 1);
    const longest = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const report = (label: string, times: number[], written: number[]) =>
      console.log(
        `  ${label}：p50 ${pct(times, 50).toFixed(0)} ms，p95 ${pct(times, 95).toFixed(0)} ms，最大 ${Math.max(...times).toFixed(0)} ms（${times.length} 次${written.length ? `；每次写入 ${Math.min(...written)}–${Math.max(...written)} 个文件` : ""}）`,
      );
    console.log("  applyChanges（发布器本身，快照已在内存中）：");
    const added: string[] = [];
    const edited = new Map<string, string>();
    let first = 0;
    for (const kind of ["新发布一篇（插入最长栏目）", "修改一篇已发布文章的标题"] as const) {
      const times: number[] = [];
      const written: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        let id: string;
        if (kind.startsWith("新发布")) {
          id = `n${i}`;
          added.push(id);
          big.documents.push({
            id, version: 1, title: `县政府召开第${i + 1}次常务会议`, bodyHtml: "<p>会议研究了近期重点工作。</p>",
            source: "县政府办公室", publishedAt: new Date(Date.UTC(2025, 0, 1, 1, i)).toISOString(), columnId: longest,
          });
        } else {
          const d = big.documents[(i * 7919) % BIG]!;
          if (!edited.has(d.id)) edited.set(d.id, d.title);
          d.title += "（修订）";
          d.version++;
          id = d.id;
        }
        t = performance.now();
        const res = await applyChanges(big, [id], { outDir: out });
        const ms = performance.now() - t;
        if (times.length === 0 && written.length === 0 && kind.startsWith("新发布")) first = ms;
        times.push(ms);
        written.push(res.written.length);
        if (res.mode !== "incremental") throw new Error(`unexpected ${res.mode}: ${res.reason}`);
      }
      report(`    ${kind}`, times.slice(kind.startsWith("新发布") ? 1 : 0), written);
    }
    console.log(`    （首次调用含加载依赖记录与建立索引：${first.toFixed(0)} ms，不计入上面的分位数）`);
    // Back to the database's state, so the server path below starts from the same site.
    big.documents = big.documents.filter((d) => !added.includes(d.id));
    for (const d of big.documents) if (edited.has(d.id)) d.title = edited.get(d.id)!;
    await applyChanges(big, [...added, ...edited.keys()], { outDir: out });

    // ---- end to end: an outbox row in the database → processPublishEvents → files in place
    console.log("  端到端（数据库中的发布事件 → processPublishEvents → 文件就位，含站内搜索索引更新）：");
    const [colTpl] = seeded.filter((x) => (x.rev.fields as { primaryColumnId: string }).primaryColumnId === longest);
    const newArticle = async (i: number) => {
      const id = randomUUID();
      const revId = randomUUID();
      const at = new Date();
      await h.svc.db.transaction(async (tx) => {
        await tx.insert(documents).values({ id, siteId: site.id, ownerUnitId: unit.id, type: colTpl!.d.type, state: "published", createdBy: user.id, firstPublishedAt: at, lastPublishedAt: at, publicVersion: 1, liveRevisionId: revId, indexNo: `E2E-${i}` });
        await tx.insert(revisions).values({ id: revId, documentId: id, number: 1, fields: { ...(colTpl!.rev.fields as Record<string, unknown>), title: `县政府召开第${i + 1}次专题会议`, bodyHtml: "<p>会议研究了近期重点工作。</p>" }, text: "", createdBy: user.id });
        await tx.insert(publishEvents).values({ siteId: site.id, documentId: id, kind: "publish", version: 1 });
      });
      return { id, path: docUrlPath(slugOf(longest), at, id) };
    };
    const editArticle = async (i: number) => {
      const d = big.documents[(i * 104729) % big.documents.length]!;
      const [row] = await h.svc.db.select({ d: documents, rev: revisions }).from(documents).innerJoin(revisions, eq(revisions.id, documents.liveRevisionId)).where(eq(documents.id, d.id));
      const revId = randomUUID();
      await h.svc.db.transaction(async (tx) => {
        await tx.insert(revisions).values({ id: revId, documentId: d.id, number: 2 + i, fields: { ...(row!.rev.fields as Record<string, unknown>), title: `${d.title}（第${i + 1}次修订）` }, text: "", createdBy: user.id });
        await tx.update(documents).set({ liveRevisionId: revId, publicVersion: row!.d.publicVersion + 1 }).where(eq(documents.id, d.id));
        await tx.insert(publishEvents).values({ siteId: site.id, documentId: d.id, kind: "publish", version: row!.d.publicVersion + 1 });
      });
      return { id: d.id, path: d.urlPath! };
    };
    const slugOf = (cid: string) => big.columns.find((c) => c.id === cid)!.slugPath;
    // The first event after the worker starts loads the whole site once.
    await newArticle(-1);
    t = performance.now();
    await processPublishEvents(h.svc);
    console.log(`    工作进程启动后的第一个事件（加载整站并预热）：${((performance.now() - t) / 1000).toFixed(1)} 秒，不计入下面的分位数`);
    for (const [label, make] of [["新发布一篇（插入最长栏目）", newArticle], ["修改一篇已发布文章的标题", editArticle]] as const) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const { id, path } = await make(i);
        // From the committed outbox row: the in-process loop would pick it up on its next tick.
        t = performance.now();
        const res = await processPublishEvents(h.svc);
        const ms = performance.now() - t;
        if (res.events !== 1) throw new Error(`expected one event, got ${res.events}`);
        // Check the outcome outside the timing: the article's page is in place with its new title.
        const page = readFileSync(join(out, path), "utf8");
        if (!page.includes(label.startsWith("新") ? `第${i + 1}次专题会议` : `第${i + 1}次修订`)) throw new Error(`page of ${id} not updated`);
        times.push(ms);
      }
      report(`    ${label}`, times, []);
    }
  } finally {
    await h.close();
  }
}

await main();

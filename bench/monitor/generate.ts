/**
 * A deterministic county-government website of exactly N HTML pages for the monitor benchmark:
 * homepage, twelve columns with paginated lists (20 items, dates), articles with the national
 * metas, header and navigation, breadcrumbs, attachments and images, related links, and the full
 * footer (主办单位, 联系方式, 网站标识码, ICP and 公安 numbers linked, 党政机关网站标识).
 * Planted problems, so that every check has work: broken in-site links and attachments, broken
 * external links, hidden links, a foreign script, personal data, stale and blank columns.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { article, prng } from "../checks/generate.ts";

export interface GenerateOptions {
  pages: number;
  seed?: number;
  /** Base URLs of the "other sites" the pages link to (loopback servers). */
  external: string[];
  /** The benchmark's monitoring time point; article dates end a few days before it. */
  now: Date;
}

export interface GeneratedSite {
  pages: number;
  articles: number;
  listPages: number;
  bytes: number;
  planted: { brokenInSite: number; brokenExternal: number; hidden: number; pii: number };
}

interface Column {
  slug: string;
  name: string;
  type: string;
  /** Share of the articles. */
  weight: number;
  /** Newest article this many days before `now`; articles spread back over `spanDays`. */
  newestDaysAgo: number;
  spanDays: number;
}

const COLUMNS: Column[] = [
  { slug: "xwzx/zwyw", name: "政务要闻", type: "工作动态", weight: 22, newestDaysAgo: 1, spanDays: 1100 },
  { slug: "xwzx/bmdt", name: "部门动态", type: "工作动态", weight: 18, newestDaysAgo: 2, spanDays: 1100 },
  { slug: "xwzx/xzdt", name: "乡镇动态", type: "工作动态", weight: 14, newestDaysAgo: 20, spanDays: 1100 },
  { slug: "xwzx/tzgg", name: "通知公告", type: "工作动态", weight: 10, newestDaysAgo: 5, spanDays: 1100 },
  { slug: "zwgk/zcwj", name: "政策文件", type: "政策文件", weight: 9, newestDaysAgo: 12, spanDays: 1500 },
  { slug: "zwgk/zcjd", name: "政策解读", type: "政策解读", weight: 7, newestDaysAgo: 12, spanDays: 1500 },
  { slug: "zwgk/rsxx", name: "人事信息", type: "人事信息", weight: 5, newestDaysAgo: 400, spanDays: 1500 },
  { slug: "zwgk/ghjh", name: "规划计划", type: "规划计划", weight: 4, newestDaysAgo: 90, spanDays: 1500 },
  { slug: "zwgk/tjsj", name: "统计数据", type: "数据发布", weight: 6, newestDaysAgo: 25, spanDays: 1500 },
  { slug: "zwgk/czyjs", name: "财政预决算", type: "信息公开目录", weight: 4, newestDaysAgo: 60, spanDays: 1500 },
  { slug: "zjsf/xqgk", name: "县情概况", type: "概况信息", weight: 1, newestDaysAgo: 300, spanDays: 1500 },
  { slug: "ztzl/xczx", name: "乡村振兴专题", type: "工作动态", weight: 0, newestDaysAgo: 0, spanDays: 0 },
];

const SITE = {
  name: "示范县人民政府",
  domain: "www.sfx.gov.cn",
  id: "5002420001",
  owner: "示范县人民政府办公室",
};

const PAGE_SIZE = 20;

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function pubDate(d: Date): string {
  const t = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

interface Article {
  id: number;
  col: Column;
  title: string;
  date: Date;
  path: string;
  body: string[];
}

export function generateSite(root: string, opts: GenerateOptions): GeneratedSite {
  const rnd = prng(opts.seed ?? 20240601);
  const now = opts.now.getTime();
  const ext = opts.external;
  const stats: GeneratedSite = { pages: 0, articles: 0, listPages: 0, bytes: 0, planted: { brokenInSite: 0, brokenExternal: 0, hidden: 0, pii: 0 } };

  // Articles so that home + list pages + articles = pages exactly.
  const totalWeight = COLUMNS.reduce((s, c) => s + c.weight, 0);
  const countsFor = (articles: number) => {
    const counts = COLUMNS.map((c) => Math.floor((articles * c.weight) / totalWeight));
    counts[0]! += articles - counts.reduce((s, n) => s + n, 0);
    return counts;
  };
  // home, search and accessibility pages, the column lists, the articles.
  const pagesFor = (articles: number) => 3 + countsFor(articles).reduce((s, n) => s + Math.max(1, Math.ceil(n / PAGE_SIZE)), 0) + articles;
  let articles = Math.floor(opts.pages * 0.94);
  while (pagesFor(articles) < opts.pages) articles++;
  while (pagesFor(articles) > opts.pages) articles--;
  const counts = countsFor(articles);
  // Pad with one article if rounding of list pages left us one short.
  if (pagesFor(articles) < opts.pages) counts[0]! += opts.pages - pagesFor(articles);

  const byColumn = new Map<Column, Article[]>();
  let id = 1;
  COLUMNS.forEach((col, ci) => {
    const list: Article[] = [];
    const n = counts[ci]!;
    for (let i = 0; i < n; i++) {
      // Newest first: i = 0 is newestDaysAgo, the rest spread back over spanDays.
      const daysAgo = col.newestDaysAgo + (n > 1 ? (i / (n - 1)) * col.spanDays : 0);
      const date = new Date(now - daysAgo * 86_400_000 - Math.floor(rnd() * 8) * 3600_000);
      const text = article(rnd, []).split("\n");
      const title = text[0]!.slice(0, 40);
      const ymd = pubDate(date).slice(0, 10).replace(/-/g, "");
      const path = `${col.slug}/${ymd.slice(0, 6)}/t${ymd}_${id}.html`;
      list.push({ id, col, title, date, path, body: text.slice(1) });
      id++;
    }
    byColumn.set(col, list);
  });
  const all = [...byColumn.values()].flat();

  const write = (path: string, html: string) => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, html);
    stats.bytes += Buffer.byteLength(html);
    stats.pages++;
  };

  const nav = `<div class="nav"><ul><li><a href="/">首页</a></li>${COLUMNS.map((c) => `<li><a href="/${c.slug}/">${c.name}</a></li>`).join("")}<li><a href="/search/">站内搜索</a></li></ul></div>`;
  const friend = ext.map((e, i) => `<a href="${e}/" target="_blank">${["中国政府网", "重庆市人民政府", "市发展改革委", "市教委"][i % 4]}</a>`).join("");
  const footer = `<div class="footer"><div class="links">相关网站：${friend}</div>
<p>主办单位：${SITE.owner}　承办单位：示范县大数据发展中心</p>
<p>联系电话：023-12345678　地址：示范县人民路1号　邮编：409000</p>
<p>网站标识码：${SITE.id}　<a href="https://beian.miit.gov.cn/" target="_blank">渝ICP备05003300号</a>　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=50024202000123" target="_blank"><img src="/img/ga.png" alt="">渝公网安备50024202000123号</a></p>
<p><span id="_ideConac"><a href="https://bszs.conac.cn/sitename?method=show&amp;id=072B34B0A8E41D5FE053012819ACE8CC"><img src="/img/dzjg.png" alt="党政机关网站标识"></a></span>　<a href="https://zfwzzc.www.gov.cn/">我为政府网站找错</a></p></div>`;
  const head = (title: string, metas: Record<string, string>, extra = "") => `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<meta name="SiteName" content="${SITE.name}"><meta name="SiteDomain" content="${SITE.domain}"><meta name="SiteIDCode" content="${SITE.id}">
${Object.entries(metas)
  .map(([k, v]) => `<meta name="${k}" content="${esc(v)}">`)
  .join("\n")}
<link rel="stylesheet" href="/assets/site.css"><script src="/assets/site.js"></script>${extra}
</head><body>
<div class="header"><a href="/" class="logo"><img src="/img/logo.png" alt="${SITE.name}"></a><div class="tools"><a href="/search/">搜索</a> <a href="/wza/">无障碍</a></div></div>
${nav}`;
  const tail = `${footer}\n</body></html>\n`;
  const itemLi = (a: Article) => `<li><a href="/${a.path}" title="${esc(a.title)}">${esc(a.title)}</a><span class="date">${pubDate(a.date).slice(0, 10)}</span></li>`;

  // Static assets shared by every page.
  for (const [p, body] of [
    ["assets/site.css", "body{font:16px/1.8 sans-serif}.nav li{display:inline-block}.footer{background:#eee}"],
    ["assets/site.js", "document.documentElement.className+=' js';"],
    ["img/logo.png", "png"],
    ["img/ga.png", "png"],
    ["img/dzjg.png", "png"],
    ["search/index.html", "<html><head><title>站内搜索</title></head><body><form action='/search/'></form></body></html>"],
    ["wza/index.html", "<html><head><title>无障碍浏览</title></head><body><p>无障碍浏览说明</p></body></html>"],
  ] as const) {
    const file = join(root, p);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body);
  }
  stats.pages += 2; // search and accessibility pages

  // Homepage: five blocks of the newest items.
  const blocks = COLUMNS.slice(0, 6)
    .map((c) => `<div class="block"><h2><a href="/${c.slug}/">${c.name}</a></h2><ul>${(byColumn.get(c) ?? []).slice(0, 8).map(itemLi).join("")}</ul><a class="more" href="/${c.slug}/">更多</a></div>`)
    .join("\n");
  write(
    "index.html",
    head(SITE.name, {}) +
      `<div class="main">${blocks}<div class="block"><h2>办事服务</h2><a href="${ext[0]}/bsfw/">网上办事大厅</a></div></div>\n` +
      tail,
  );

  // Columns: paginated lists, index.html newest.
  for (const col of COLUMNS) {
    const list = byColumn.get(col) ?? [];
    const pages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
    for (let p = 0; p < pages; p++) {
      const slice = list.slice(p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
      const name = p === 0 ? "index.html" : `index_${p}.html`;
      const pager = pages > 1
        ? `<div class="pager">${p > 0 ? `<a href="${p === 1 ? "index.html" : `index_${p - 1}.html`}">上一页</a>` : ""}${p + 1 < pages ? `<a href="index_${p + 1}.html">下一页</a>` : ""}<a href="index_${pages - 1}.html">尾页</a> 第${p + 1}页 共${pages}页</div>`
        : "";
      const body = slice.length > 0 ? `<ul class="list">${slice.map(itemLi).join("")}</ul>${pager}` : `<p class="empty">本栏目暂无信息。</p>`;
      write(
        `${col.slug}/${name}`,
        head(`${col.name}_${SITE.name}`, { ColumnName: col.name, ColumnDescription: `${col.name}栏目发布${SITE.name}${col.name}`, ColumnKeywords: col.name, ColumnType: col.type }) +
          `<div class="main"><div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/${col.slug}/">${col.name}</a></div><h1>${col.name}</h1>${body}</div>\n` +
          tail,
      );
      stats.listPages++;
    }
  }

  // Articles.
  all.forEach((a, i) => {
    const related = [1, 2, 3, 4, 5].map((k) => all[(i + k * 37) % all.length]!).map((r) => `<li><a href="/${r.path}">${esc(r.title)}</a></li>`).join("");
    let extraBody = "";
    let extraHead = "";
    if (i % 5 === 0) extraBody += `<p style="text-align:center"><img src="/uploads/img/${a.id}.jpg" alt="${esc(a.title)}"></p>`;
    if (i % 7 === 0) {
      // One attachment in ten is missing from the server: a broken in-site link.
      const missing = i % 70 === 0;
      if (missing) stats.planted.brokenInSite++;
      else {
        const file = join(root, `uploads/files/${a.id}.pdf`);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, "%PDF-1.4\n");
      }
      extraBody += `<p>附件：<a href="/uploads/files/${a.id}.pdf">${esc(a.title)}.pdf</a></p>`;
    }
    if (i % 5 === 0) {
      const file = join(root, `uploads/img/${a.id}.jpg`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, "jpg");
    }
    if (i % 97 === 0) {
      extraBody += `<p>详见<a href="/${a.col.slug}/202001/t20200101_${900000 + i}.html">此前发布的通知</a>。</p>`;
      stats.planted.brokenInSite++;
    }
    if (i % 50 === 0) {
      const e = ext[i % ext.length]!;
      const broken = i % 150 === 0;
      if (broken) stats.planted.brokenExternal++;
      extraBody += `<p>原文链接：<a href="${e}/${broken ? "removed" : "docs"}/${a.id}.html">${esc(a.title)}</a></p>`;
    }
    if (i % 2500 === 1) {
      extraBody += `<div style="position:absolute;left:-9999px"><a href="http://127.0.0.9/bet">在线娱乐</a></div>`;
      stats.planted.hidden++;
    }
    if (i % 3000 === 2) extraHead = `<script src="${ext[0]}/tongji/stat.js"></script>`;
    if (i % 1000 === 3) {
      extraBody += `<p>申请人：王某，身份证号码：110101199003074514。</p>`;
      stats.planted.pii++;
    }
    write(
      a.path,
      head(
        `${a.title}_${SITE.name}`,
        {
          ColumnName: a.col.name,
          ColumnDescription: `${a.col.name}栏目`,
          ColumnKeywords: a.col.name,
          ColumnType: a.col.type,
          ArticleTitle: a.title,
          PubDate: pubDate(a.date),
          ContentSource: SITE.owner,
          Keywords: a.col.name,
        },
        extraHead,
      ) +
        `<div class="main"><div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/${a.col.slug}/">${a.col.name}</a></div>
<h1>${esc(a.title)}</h1><div class="info">发布时间：${pubDate(a.date)}　来源：${SITE.owner}　<a href="javascript:window.print()">打印本页</a></div>
<div class="content">${a.body.map((p) => `<p>${esc(p)}</p>`).join("\n")}${extraBody}</div>
<div class="related"><h3>相关信息</h3><ul>${related}</ul></div></div>\n` +
        tail,
    );
    stats.articles++;
  });
  return stats;
}

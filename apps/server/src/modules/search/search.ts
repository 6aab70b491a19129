// Site search in Chinese: text segmented with jieba (plus a dictionary of government terms) and
// indexed with PostgreSQL full text; titles weigh more than bodies; queries in traditional script
// are converted first; results are grouped into information, services and interaction.
import { createRequire } from "node:module";
import { and, desc, eq, inArray, not, sql, type SQL } from "drizzle-orm";
import { union, unionAll } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Jieba } from "@node-rs/jieba";
import * as OpenCC from "opencc-js";
import { documents, revisions, searchDocs, searchTitles, sites } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import type { DbOrTx } from "../../db/client.ts";
import { parse } from "../../lib/validate.ts";
import type { Fields } from "../content/fields.ts";
import { columnSlugPaths, docUrlPath } from "../publishing/snapshot.ts";

const require = createRequire(import.meta.url);

/** Words jieba's general dictionary splits but a government site must keep whole. */
const GOV_TERMS = [
  "门户网站", "政务公开", "信息公开", "依申请公开", "政策解读", "政府信息公开", "放管服", "营商环境", "乡村振兴",
  "河长制", "林长制", "一网通办", "跨省通办", "最多跑一次", "政务服务", "便民服务", "公共资源交易", "双随机一公开",
  "行政许可", "行政处罚", "社会保障", "医疗保障", "养老保险", "低保", "高龄津贴", "退役军人", "安全生产", "生态环境",
  "示范县", "县委", "县政府", "常务会议", "三审三校", "统一社会信用代码", "不动产登记", "义务教育", "农村人居环境",
];

let jieba: Jieba | null = null;
function segmenter(): Jieba {
  if (!jieba) {
    const { Jieba: J } = require("@node-rs/jieba") as { Jieba: typeof Jieba };
    const { dict } = require("@node-rs/jieba/dict.js") as { dict: Uint8Array };
    jieba = J.withDict(dict);
    jieba.loadDict(Buffer.from(GOV_TERMS.map((t) => `${t} 100000 n`).join("\n")));
  }
  return jieba;
}

const toSimplified = OpenCC.Converter({ from: "tw", to: "cn" });
const WORD = /[\p{L}\p{N}]/u;

/** Space-separated search words: jieba's search mode, lower-cased, punctuation dropped. */
export function segment(text: string): string {
  return segmenter()
    .cutForSearch(text.toLowerCase(), true)
    .filter((w) => WORD.test(w))
    .join(" ");
}

export function queryTerms(q: string): string[] {
  const simplified = toSimplified(q.trim()).toLowerCase();
  const words = segmenter()
    .cut(simplified, true)
    .filter((w) => WORD.test(w));
  return [...new Set(words)];
}

// ---------- indexing ----------

const plainText = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&nbsp;/g, " ").replace(/&[a-z]+;/g, " ").replace(/\s+/g, " ").trim();

/**
 * Brings the index in line with a document's public state. An event carrying an older version
 * than the one indexed changes nothing. Writes search_docs only: the database keeps the narrow
 * search_titles row in step (trigger on insert and update, cascade on delete; migration
 * 0011_search_titles).
 */
export async function indexDocument(db: DbOrTx, documentId: string) {
  const [row] = await db
    .select({ d: documents, rev: revisions, code: sites.code, prefix: sites.pathPrefix })
    .from(documents)
    .innerJoin(sites, eq(sites.id, documents.siteId))
    .leftJoin(revisions, eq(revisions.id, documents.liveRevisionId))
    .where(eq(documents.id, documentId));
  if (!row) return;
  const [existing] = await db.select({ version: searchDocs.version }).from(searchDocs).where(eq(searchDocs.documentId, documentId));
  if (existing && existing.version > row.d.publicVersion) return;
  if (row.d.state !== "published" || !row.rev) {
    await db.delete(searchDocs).where(eq(searchDocs.documentId, documentId));
    return;
  }
  const f = row.rev.fields as Fields;
  const plain = [f.summary, plainText(f.bodyHtml), row.rev.text.split("\n").slice(1).join(" ")].filter(Boolean).join(" ").slice(0, 200_000);
  const values = {
    documentId,
    siteId: row.d.siteId,
    columnIds: [f.primaryColumnId, ...(f.otherColumnIds ?? [])],
    type: row.d.type,
    group: row.d.type === "service" ? "service" : "info",
    title: f.title,
    url: `${row.prefix}${docUrlPath((await columnSlugPaths(db, row.d.siteId)).get(f.primaryColumnId) ?? "art", row.d.firstPublishedAt!, documentId)}`,
    plain,
    segmented: segment(plain),
    titleSegmented: segment(f.title),
    publishedAt: row.d.firstPublishedAt!,
    version: row.d.publicVersion,
  };
  await db.insert(searchDocs).values(values).onConflictDoUpdate({ target: searchDocs.documentId, set: values });
}

// ---------- querying ----------

export const searchQuery = z.object({
  q: z.string().trim().min(1, "请输入要搜索的内容").max(100, "搜索内容不超过 100 个字"),
  site: z.string().max(40).optional(),
  column: z.string().uuid().optional(),
  type: z.string().max(30).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD").optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD").optional(),
  sort: z.enum(["relevance", "date"]).default("relevance"),
  page: z.coerce.number().int().min(1).max(50).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A passage around the first hit, every query word wrapped in <em>; the rest is escaped. */
export function highlight(text: string, terms: string[], width = 120): string {
  const lower = text.toLowerCase();
  let first = -1;
  for (const t of terms) {
    const i = lower.indexOf(t);
    if (i >= 0 && (first < 0 || i < first)) first = i;
  }
  const start = Math.max(0, first - Math.floor(width / 3));
  const passage = text.slice(start, start + width);
  const sorted = [...terms].filter(Boolean).sort((a, b) => b.length - a.length);
  let out = "";
  let i = 0;
  const pl = passage.toLowerCase();
  while (i < passage.length) {
    const hit = sorted.find((t) => pl.startsWith(t, i));
    if (hit) {
      out += `<em>${escapeHtml(passage.slice(i, i + hit.length))}</em>`;
      i += hit.length;
    } else {
      out += escapeHtml(passage[i]!);
      i++;
    }
  }
  return (start > 0 ? "…" : "") + out + (start + width < text.length ? "…" : "");
}

/** Totals stop at this many matches: the page says "超过 1000 条" instead of counting them all. */
export const COUNT_CAP = 1000;
/**
 * Relevance ranking looks at a bounded candidate set: the newest CANDIDATES title hits plus the
 * newest CANDIDATES matches of any kind (never fewer than the rows the requested page needs).
 * Title hits always rank before body-only hits, so the cut-off never drops a title hit from a page
 * while there are fewer than CANDIDATES of them; among the candidates ts_rank_cd decides.
 */
export const CANDIDATES = 200;
/** Matches in date order: up to this many (or twice the rows wanted) are sorted, beyond it the date index is walked (see search()). */
export const FEW = 200;

export async function search(svc: Services, raw: unknown) {
  const q = parse(searchQuery, raw);
  const terms = queryTerms(q.q);
  const lexemes = terms.map((t) => t.replace(/[&|!():*'\\<>]/g, "")).filter(Boolean);
  const empty = { query: q.q, terms, total: 0, totalCapped: false, totalText: "0 条", groups: { info: 0, service: 0, interaction: 0 }, page: q.page, pageSize: q.pageSize, items: [] };
  if (lexemes.length === 0) return empty;
  const tsquery = sql`to_tsquery('simple', ${lexemes.join(" & ")})`;
  // Everything is matched, ordered and counted on the narrow search_titles rows: the full vector
  // (title weight A, body weight B) and the title vector, each with its GIN index, and btrees on
  // the publication date that carry the title vector (migrations 0011_search_titles,
  // 0012_search_vectors). The wide search_docs row is read for the page's items only.
  const d = searchDocs;
  const t = searchTitles;
  // An unknown site code matches nothing (the subquery gives null).
  const siteId = q.site ? sql`(select ${sites.id} from ${sites} where ${sites.code} = ${q.site})` : undefined;
  const filters: SQL[] = [];
  if (siteId) filters.push(sql`${t.siteId} = ${siteId}`);
  if (q.column) filters.push(sql`${t.columnIds} ? ${q.column}`);
  if (q.type) filters.push(inArray(t.type, q.type.split(",")));
  if (q.from) filters.push(sql`${t.publishedAt} >= ${new Date(`${q.from}T00:00:00+08:00`)}`);
  if (q.to) filters.push(sql`${t.publishedAt} <= ${new Date(`${q.to}T23:59:59.999+08:00`)}`);
  const where = and(sql`${t.fts} @@ ${tsquery}`, ...filters)!;
  const titleHit = sql`${t.titleFts} @@ ${tsquery}`;
  const offset = (q.page - 1) * q.pageSize;

  // 1. The requested page, with what its items show (the wide row is read for these rows only),
  //    and 2. the capped counts, at the same time.
  const shown = { documentId: d.documentId, title: d.title, url: d.url, plain: d.plain, type: d.type, group: d.group, publishedAt: d.publishedAt };
  // Ties in date order are broken by document id, descending like the date: a backward walk of
  // the (published_at, document_id) btrees gives exactly this order, so a walk under LIMIT stops
  // as soon as it has enough rows (ascending ids would make PostgreSQL sort what it walks).
  // Rows in date order. Walking the date index and testing each row finds the newest quickly when
  // matches are many, but tests every row when they are few (a word in no document walked all
  // 100,000 rows: 450 ms), and the planner cannot tell the two apart for rare words. So up to
  // `cap` + 1 matches are first read through the GIN index (a CTE named `name`); when that is all
  // of them they are sorted, otherwise the walk (`walkMatch`) is taken — it then needs at most
  // k / share-of-matches rows. `when` goes first: when it is false, nothing is read.
  const inDateOrder = (o: { name: string; match: SQL; walkMatch: SQL; cap: number; k: number; offset?: number; when?: SQL }) => {
    const offset = o.offset ?? 0;
    const few = svc.db.$with(o.name).as(svc.db.select({ id: t.documentId, at: t.publishedAt }).from(t).where(o.match).limit(o.cap + 1));
    const isFew = sql`(select count(*) from ${sql.identifier(o.name)}) <= ${o.cap}`;
    const rows = unionAll(
      svc.db.select({ id: few.id, at: few.at }).from(few).where(and(o.when, isFew)).orderBy(desc(few.at), desc(few.id)).limit(o.k - offset).offset(offset),
      svc.db.select({ id: t.documentId, at: t.publishedAt }).from(t).where(and(o.when, not(isFew), o.walkMatch)).orderBy(desc(t.publishedAt), desc(t.documentId)).limit(o.k - offset).offset(offset),
    );
    return { few, rows };
  };
  // Matches: up to 200 (or twice the rows wanted) are sorted; beyond that the planner may walk.
  const matchesInDateOrder = (k: number, offset: number, when?: SQL) => inDateOrder({ name: "few", match: where, walkMatch: where, cap: Math.max(FEW, 2 * k), k, offset, when });
  let pageQuery;
  if (q.sort === "date") {
    const { few, rows } = matchesInDateOrder(offset + q.pageSize, offset);
    const picked = svc.db.$with("picked").as(rows);
    pageQuery = (db: DbOrTx) =>
      db.with(few, picked).select(shown).from(picked).innerJoin(d, eq(d.documentId, picked.id)).orderBy(desc(picked.at), desc(picked.id));
  } else {
    const n = Math.max(CANDIDATES, offset + q.pageSize);
    // The branches only pick ids in date order; scores are computed below for the ≤ 2n candidates
    // kept, not for every match.
    // The newest n title hits: up to 5n are sorted; beyond that the walk reads at most a fifth of
    // the entries (about 20,000 at 100k, 7 ms), from the date btree alone (index-only: the title
    // vector is in it). The walk is forced — its test is written in a form no index can serve
    // ("is true") — since the planner would often sort all hits instead: it takes the words of a
    // query as independent (疫情 & 防控: 565 hits estimated, 7,284 found).
    const { few: titleFew, rows: titleRows } = inDateOrder({ name: "title_few", match: and(titleHit, ...filters)!, walkMatch: and(sql`(${titleHit}) is true`, ...filters)!, cap: 5 * n, k: n });
    const titleHits = svc.db.$with("title_hits").as(titleRows);
    // When there are n title hits, they fill every page the candidates serve and rank before any
    // body-only hit; a title hit among the newest n matches is among the newest n title hits
    // (same order), so the newest-matches branch would add nothing: it is not run.
    const { few, rows } = matchesInDateOrder(n, 0, sql`(select count(*) from "title_hits") < ${n}`);
    const newest = svc.db.$with("newest").as(rows);
    const candidates = svc.db.$with("candidates").as(union(svc.db.select({ id: titleHits.id }).from(titleHits), svc.db.select({ id: newest.id }).from(newest)));
    // ts_rank_cd is normalised by document length so long bodies do not win by repetition.
    pageQuery = (db: DbOrTx) =>
      db
        .with(titleFew, titleHits, few, newest, candidates)
        .select(shown)
        .from(candidates)
        .innerJoin(t, eq(t.documentId, candidates.id))
        .innerJoin(d, eq(d.documentId, candidates.id))
        .orderBy(desc(titleHit), desc(sql`ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', ${t.fts}, ${tsquery}, 1)`), desc(t.publishedAt), desc(t.documentId))
        .limit(q.pageSize)
        .offset(offset);
  }

  // Capped counts: at most COUNT_CAP + 1 matches are read. A group is counted on its own only when
  // the total is capped and the sample does not fill it alone (services and interaction through
  // their partial indexes); each such count is a subquery under CASE, which PostgreSQL runs only
  // when its branch is taken.
  const cap = COUNT_CAP + 1;
  const GROUPS = ["info", "service", "interaction"] as const;
  // A literal (from the fixed list), so the planner can match the partial index.
  const inGroup = (g: string) => sql`${t.group} = ${sql.raw(`'${g}'`)}`;
  const countSql = sql`
    select total, ${sql.join(
      GROUPS.map(
        (g) => sql`case when total > ${COUNT_CAP} and ${sql.identifier(g)} <= ${COUNT_CAP}
          then (select count(*) from (select 1 from ${t} where ${and(where, inGroup(g))} limit ${cap}) c)
          else ${sql.identifier(g)} end::int as ${sql.identifier(g)}`,
      ),
      sql`, `,
    )}
      from (select count(*)::int as total, ${sql.join(
        GROUPS.map((g) => sql`(count(*) filter (where "group" = ${sql.raw(`'${g}'`)}))::int as ${sql.identifier(g)}`),
        sql`, `,
      )}
        from (select ${t.group} from ${t} where ${where} limit ${cap}) sample) counted`;
  // Samples ("few", the count's) are read through the GIN index, never by a sequential scan: for
  // broad words the planner picks a scan that stops after enough matches but tests thousands of
  // rows to find them (it does not cost reading each row's vector). On a server both statements
  // go, side by side, to the pool whose sessions have enable_seqscan off (db/client.ts); on
  // PGlite each sets it for its own transaction (SET LOCAL).
  const indexedDb = svc.database.indexed;
  const indexed = <T>(run: (db: DbOrTx) => Promise<T>): Promise<T> =>
    indexedDb
      ? run(indexedDb)
      : svc.db.transaction(async (tx) => {
          await tx.execute(sql`set local enable_seqscan = off`);
          return run(tx);
        });
  const [page, counted] = await Promise.all([indexed((tx) => pageQuery(tx)), indexed((tx) => tx.execute(countSql))]);
  const c = (counted as unknown as { rows: Array<Record<"total" | (typeof GROUPS)[number], number>> }).rows[0]!;
  const totalCapped = c.total > COUNT_CAP;
  const total = Math.min(COUNT_CAP, c.total);
  const groups: Record<string, number> = Object.fromEntries(GROUPS.map((g) => [g, Math.min(COUNT_CAP, c[g])]));

  // 3. Titles, snippets and highlights for the page only.
  return {
    query: q.q,
    terms,
    total,
    totalCapped,
    totalText: totalCapped ? `超过 ${COUNT_CAP} 条` : `${total} 条`,
    groups,
    page: q.page,
    pageSize: q.pageSize,
    items: page.map((r) => ({
        id: r.documentId,
        title: r.title,
        titleHtml: highlight(r.title, terms, 200),
        url: r.url,
        snippetHtml: highlight(r.plain, terms),
        type: r.type,
        group: r.group,
        publishedAt: r.publishedAt,
      })),
  };
}

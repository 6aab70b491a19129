// Visit statistics of the public sites without cookies or local storage. The theme sends one
// beacon per page view (navigator.sendBeacon); the public role counts it in memory and flushes the
// counts in batches. A visitor is sha256(daily salt, IP, user agent): the salt is random, lives for
// one Asia/Shanghai day and is deleted the next, so visitors cannot be followed from one day to the
// next and no hash can be traced back once the day is over. See db/schema-statistics.ts.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gte, inArray, lt, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { columns, searchDocs, sites, visitDaily, visitSalts, visitSeen } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { now, shanghaiText } from "../../lib/clock.ts";
import { logger } from "../../lib/logger.ts";
import { parse } from "../../lib/validate.ts";
import { AppError, forbidden } from "../../lib/errors.ts";
import { scopeOf, type Actor } from "../accounts/roles.ts";
import { columnSlugPaths } from "../publishing/snapshot.ts";

/** Crawlers, monitors, link checkers and scripted clients: not citizens. */
const BOT = /bot|crawl|spider|slurp|archiver|facebookexternalhit|bingpreview|headlesschrome|phantomjs|lighthouse|pagespeed|curl\/|wget|python|java\/|go-http|okhttp|axios|node-fetch|undici|libwww|httpclient|scrapy|monitor|uptime|pingdom|check|scan|preview|govsite/i;

export function isBot(userAgent: string | undefined): boolean {
  const ua = (userAgent ?? "").trim();
  return ua.length < 10 || !/mozilla|opera/i.test(ua) || BOT.test(ua);
}

/** The statistics day of an instant: the date in Asia/Shanghai. */
export const statDay = (d: Date) => shanghaiText(d).slice(0, 10);

const HANT = /^zh-hant\//;

/**
 * The scopes a page view counts in: the page (its path on the site, the traditional-script copy
 * counted with the simplified one) and its column (the page's directory without an article's
 * month folder), e.g. "zwdt/sfyw/202611/t20261101_x.html" → column "zwdt/sfyw".
 */
export function pageScopes(relPath: string): { page: string; column: string | null } {
  let page = relPath.replace(/^\/+/, "").replace(HANT, "");
  if (page === "" || page.endsWith("/")) page += "index.html";
  const dir = page.includes("/") ? page.slice(0, page.lastIndexOf("/")) : "";
  const column = dir.replace(/\/\d{6}$/, "");
  return { page, column: column || null };
}

export interface Hit {
  siteCode: string;
  /** Path on the site, relative to the site's prefix. */
  path: string;
  ip: string;
  userAgent: string | undefined;
}

interface Pending {
  day: string;
  siteCode: string;
  kind: "site" | "column" | "page";
  key: string;
  views: number;
  visitors: Set<string>;
}

export interface CollectorOptions {
  /** Flush every … ms (default 10 s). */
  intervalMs?: number;
  /** Flush early when this many scopes are pending (default 5000). */
  maxPending?: number;
}

/** Counts page views in memory and writes them in batches. One per public-role process. */
export class VisitCollector {
  private pending = new Map<string, Pending>();
  private salt: { day: string; value: Promise<string> } | null = null;
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly maxPending: number;

  constructor(
    private readonly svc: Services,
    private readonly opts: CollectorOptions = {},
  ) {
    this.maxPending = opts.maxPending ?? 5000;
  }

  start(): this {
    this.timer ??= setInterval(() => void this.flush().catch((err) => logger.warn({ err }, "visit statistics flush failed")), this.opts.intervalMs ?? 10_000);
    this.timer.unref();
    return this;
  }

  /** Stops the timer and writes what is pending (on shutdown). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  /** Today's salt, shared by every public-role process through the database; older ones deleted. */
  saltFor(day: string): Promise<string> {
    if (this.salt?.day === day) return this.salt.value;
    const value = (async () => {
      const db = this.svc.db;
      await db.insert(visitSalts).values({ day, salt: randomBytes(32).toString("base64") }).onConflictDoNothing();
      const [row] = await db.select().from(visitSalts).where(eq(visitSalts.day, day));
      // Yesterday's salt and hashes are discarded: nothing links a visitor across days.
      await db.delete(visitSalts).where(lt(visitSalts.day, day));
      await db.delete(visitSeen).where(lt(visitSeen.day, day));
      if (!row) throw new Error("visit salt missing");
      return row.salt;
    })();
    value.catch(() => {
      if (this.salt?.value === value) this.salt = null; // try again at the next hit
    });
    this.salt = { day, value };
    return value;
  }

  /** Counts one page view; false when it is not counted (a bot). */
  async record(hit: Hit): Promise<boolean> {
    if (isBot(hit.userAgent)) return false;
    const day = statDay(now());
    const salt = await this.saltFor(day);
    const visitor = createHash("sha256").update(salt).update("\0").update(hit.ip).update("\0").update(hit.userAgent ?? "").digest("base64url").slice(0, 22);
    const { page, column } = pageScopes(hit.path);
    const add = (kind: Pending["kind"], key: string) => {
      const k = `${day}\t${hit.siteCode}\t${kind}\t${key}`;
      let p = this.pending.get(k);
      if (!p) this.pending.set(k, (p = { day, siteCode: hit.siteCode, kind, key, views: 0, visitors: new Set() }));
      p.views++;
      p.visitors.add(visitor);
    };
    add("site", "");
    add("page", page);
    if (column) add("column", column);
    if (this.pending.size >= this.maxPending) void this.flush().catch((err) => logger.warn({ err }, "visit statistics flush failed"));
    return true;
  }

  get pendingScopes(): number {
    return this.pending.size;
  }

  /** Writes the pending counts in one transaction; on failure they stay pending for the next try. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.flushing = this.write(batch)
      .catch((err) => {
        // Put the batch back, merged with what arrived meanwhile.
        for (const p of batch) {
          const k = `${p.day}\t${p.siteCode}\t${p.kind}\t${p.key}`;
          const cur = this.pending.get(k);
          if (!cur) this.pending.set(k, p);
          else {
            cur.views += p.views;
            for (const v of p.visitors) cur.visitors.add(v);
          }
        }
        throw err;
      })
      .finally(() => {
        this.flushing = null;
      });
    await this.flushing;
  }

  private async write(batch: Pending[]) {
    await this.svc.db.transaction(async (tx) => {
      const seen = batch.flatMap((p) => [...p.visitors].map((visitor) => ({ day: p.day, siteCode: p.siteCode, kind: p.kind, key: p.key, visitor })));
      const fresh = new Map<string, number>();
      for (let i = 0; i < seen.length; i += 1000) {
        const rows = await tx.insert(visitSeen).values(seen.slice(i, i + 1000)).onConflictDoNothing().returning({ day: visitSeen.day, siteCode: visitSeen.siteCode, kind: visitSeen.kind, key: visitSeen.key });
        for (const r of rows) {
          const k = `${r.day}\t${r.siteCode}\t${r.kind}\t${r.key}`;
          fresh.set(k, (fresh.get(k) ?? 0) + 1);
        }
      }
      const daily = batch.map((p) => ({ day: p.day, siteCode: p.siteCode, kind: p.kind, key: p.key, views: p.views, visitors: fresh.get(`${p.day}\t${p.siteCode}\t${p.kind}\t${p.key}`) ?? 0 }));
      for (let i = 0; i < daily.length; i += 1000) {
        await tx
          .insert(visitDaily)
          .values(daily.slice(i, i + 1000))
          .onConflictDoUpdate({
            target: [visitDaily.day, visitDaily.siteCode, visitDaily.kind, visitDaily.key],
            set: { views: sql`${visitDaily.views} + excluded.views`, visitors: sql`${visitDaily.visitors} + excluded.visitors` },
          });
      }
    });
  }
}

// ---------------------------------------------------------------- reports

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD");

export const visitReportQuery = z.object({
  site: z.string().max(40).optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
  limit: z.coerce.number().int().min(1, "条数至少为 1").max(100, "条数不超过 100").default(20),
});

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Page views and unique visitors by day, by site, by column and the most visited pages. Visitors
 * are unique per day; a range's figure is the sum of the days (a returning visitor counts once a
 * day). Each person sees the sites they may read.
 */
export async function visitReport(svc: Services, actor: Actor, raw: unknown) {
  const q = parse(visitReportQuery, raw);
  const to = q.to ?? statDay(now());
  const from = q.from ?? addDays(to, -29);
  if (from > to) throw new AppError("VALIDATION_FAILED", "起始日期不能晚于截止日期。");
  if (addDays(from, 366) <= to) throw new AppError("VALIDATION_FAILED", "统计区间不能超过一年。");

  const scope = scopeOf(actor, "site.read");
  const allSites = await svc.db.select({ id: sites.id, code: sites.code, name: sites.name, pathPrefix: sites.pathPrefix }).from(sites).orderBy(sites.createdAt);
  const readable = scope.all ? allSites : allSites.filter((s) => scope.siteIds.includes(s.id));
  if (readable.length === 0) throw forbidden("您没有查看网站访问统计的权限。");
  let chosen = readable;
  if (q.site) {
    const s = allSites.find((x) => x.code === q.site);
    if (!s) throw new AppError("NOT_FOUND", `站点“${q.site}”不存在。`);
    if (!readable.includes(s)) throw forbidden("您只能查看本单位站点的访问统计。");
    chosen = [s];
  }
  const codes = chosen.map((s) => s.code);
  const inRange = and(inArray(visitDaily.siteCode, codes), gte(visitDaily.day, from), lte(visitDaily.day, to));
  const views = sql<number>`sum(${visitDaily.views})::int`;
  const visitors = sql<number>`sum(${visitDaily.visitors})::int`;

  const dayRows = await svc.db.select({ day: visitDaily.day, views, visitors }).from(visitDaily).where(and(inRange, eq(visitDaily.kind, "site"))).groupBy(visitDaily.day);
  const byDay = new Map(dayRows.map((r) => [r.day, r]));
  const days: Array<{ day: string; views: number; visitors: number }> = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push({ day: d, views: byDay.get(d)?.views ?? 0, visitors: byDay.get(d)?.visitors ?? 0 });

  const siteRows = await svc.db.select({ siteCode: visitDaily.siteCode, views, visitors }).from(visitDaily).where(and(inRange, eq(visitDaily.kind, "site"))).groupBy(visitDaily.siteCode);
  const siteTotals = chosen
    .map((s) => {
      const r = siteRows.find((x) => x.siteCode === s.code);
      return { code: s.code, name: s.name, views: r?.views ?? 0, visitors: r?.visitors ?? 0 };
    })
    .sort((a, b) => b.views - a.views);

  const colRows = await svc.db
    .select({ siteCode: visitDaily.siteCode, key: visitDaily.key, views, visitors })
    .from(visitDaily)
    .where(and(inRange, eq(visitDaily.kind, "column")))
    .groupBy(visitDaily.siteCode, visitDaily.key)
    .orderBy(sql`sum(${visitDaily.views}) desc`, visitDaily.key)
    .limit(q.limit);
  const colNames = new Map<string, string>();
  for (const s of chosen.filter((x) => colRows.some((r) => r.siteCode === x.code))) {
    const paths = await columnSlugPaths(svc.db, s.id);
    const names = await svc.db.select({ id: columns.id, name: columns.name }).from(columns).where(eq(columns.siteId, s.id));
    for (const c of names) {
      const p = paths.get(c.id);
      if (p) colNames.set(`${s.code}\t${p}`, c.name);
    }
  }
  const SPECIAL: Record<string, string> = { xxgk: "政府信息公开", bsfw: "办事服务", search: "站内搜索" };
  const siteName = new Map(chosen.map((s) => [s.code, s.name]));
  const prefixOf = new Map(chosen.map((s) => [s.code, s.pathPrefix]));

  const pageRows = await svc.db
    .select({ siteCode: visitDaily.siteCode, key: visitDaily.key, views, visitors })
    .from(visitDaily)
    .where(and(inRange, eq(visitDaily.kind, "page")))
    .groupBy(visitDaily.siteCode, visitDaily.key)
    .orderBy(sql`sum(${visitDaily.views}) desc`, visitDaily.key)
    .limit(q.limit);
  const urls = pageRows.map((r) => `${prefixOf.get(r.siteCode) ?? "/"}${r.key}`);
  const titled = urls.length ? await svc.db.select({ url: searchDocs.url, title: searchDocs.title }).from(searchDocs).where(inArray(searchDocs.url, urls)) : [];
  const titleOf = new Map(titled.map((t) => [t.url, t.title]));

  return {
    from,
    to,
    site: q.site ?? null,
    totals: { views: days.reduce((n, d) => n + d.views, 0), visitors: days.reduce((n, d) => n + d.visitors, 0) },
    days,
    sites: siteTotals,
    columns: colRows.map((r) => ({
      site: r.siteCode,
      siteName: siteName.get(r.siteCode) ?? r.siteCode,
      key: r.key,
      name: colNames.get(`${r.siteCode}\t${r.key}`) ?? SPECIAL[r.key.split("/")[0]!] ?? r.key,
      views: r.views,
      visitors: r.visitors,
    })),
    topPages: pageRows.map((r, i) => {
      const url = urls[i]!;
      const key = r.key;
      const title = titleOf.get(url) ?? (key === "index.html" ? "首页" : key.endsWith("index.html") ? (colNames.get(`${r.siteCode}\t${key.slice(0, -"/index.html".length)}`) ?? key) : key);
      return { site: r.siteCode, siteName: siteName.get(r.siteCode) ?? r.siteCode, url, title, views: r.views, visitors: r.visitors };
    }),
  };
}

/**
 * auditSite: the standalone website audit (网站巡检) behind `govsite monitor URL`.
 *
 * Crawls one site breadth-first from the start URL (same host, same path prefix), checks every
 * link it finds once (in-site resources and external links with HEAD, then GET), runs the page
 * norms and the content checks on every HTML page as it arrives, and afterwards judges freshness,
 * re-fetches a sample as search engines to detect cloaking, and turns it all into findings.
 * Memory stays bounded: page HTML is dropped after its checks (except the cloaking sample), and
 * repeated problems are folded into one finding with example pages.
 */
import type { IncomingHttpHeaders } from "node:http";
import { decodeHtml, type ContentHit } from "./analyse.ts";
import { BROWSER_HEADERS, CLOAK_AGENTS, compareFingerprints, describeDiff, fingerprint } from "./cloaking.ts";
import { DiskCache } from "./http/disk-cache.ts";
import { Fetcher, USER_AGENT, type FetchOutcome } from "./http/fetcher.ts";
import { classify, looksLikeResource, RESOURCE, type LinkOutcome } from "./links.ts";
import { PROBLEM_LABEL, msg } from "./messages.ts";
import { detach } from "./strings.ts";
import {
  FOOTER_LABEL,
  SITE_ID_RE,
  daysSince,
  isSiteHost,
  type PageObservation,
  type ResolvedLink,
  type SiteScope,
} from "./page-checks.ts";
import { defaultWorkers, inThreadAnalyser, workerAnalyser, type Analyser, type PageResult } from "./pool.ts";
import { FindingBook, summarise } from "./report.ts";
import type { AuditFinding, AuditOptions, AuditResult, ColumnClass, FreshnessLimit, PageRef } from "./types.ts";

export const DEFAULT_FRESHNESS: Record<ColumnClass | "home", FreshnessLimit> = {
  home: { limitDays: 14, warnDays: 10 },
  dynamic: { limitDays: 14, warnDays: 10 },
  notice: { limitDays: 183, warnDays: 153 },
  plan: { limitDays: 365, warnDays: 335 },
  other: { limitDays: Infinity, warnDays: Infinity },
};

/** Hosts whose scripts a government page is expected to load besides its own and *.gov.cn. */
export const DEFAULT_ALLOW_HOSTS = [
  "conac.cn", // 党政机关网站标识 (dcs.conac.cn script, bszs.conac.cn record)
  "kaipuyun.cn", // “我为政府网站找错”平台入口 (pucha.kaipuyun.cn), required on the homepage
];

interface LinkRecord {
  inSite: boolean;
  pages: PageRef[];
  count: number;
  onHome: boolean;
  outcome?: LinkOutcome;
  /** The link was never checked (max pages, deadline, --no-external). */
  unchecked?: boolean;
}

interface ColumnAcc {
  name: string;
  cls: ColumnClass;
  url: string;
  newest?: string;
  items: number;
  blank: boolean;
  archived: boolean;
  /** Known so far only from its traditional-script copy. */
  mirror: boolean;
}

const PAGE_SAMPLE = 20;

export async function auditSite(startUrl: string, options: AuditOptions = {}): Promise<AuditResult> {
  const t0 = performance.now();
  const startedAt = new Date();
  const now = options.now ?? startedAt;
  const o = {
    maxPages: options.maxPages ?? 10_000,
    concurrency: Math.max(1, options.concurrency ?? 8),
    delayMs: options.delayMs ?? 0,
    externalConcurrency: Math.max(1, options.externalConcurrency ?? 2),
    externalDelayMs: options.externalDelayMs ?? 200,
    external: options.external ?? true,
    timeoutMs: options.timeoutMs ?? 15_000,
    retries: options.retries ?? 3,
    maxRetryWaitMs: options.maxRetryWaitMs ?? 60_000,
    maxPageBytes: options.maxPageBytes ?? 5 * 1024 * 1024,
    contentChecks: options.contentChecks ?? true,
    cloakingSample: options.cloakingSample ?? 10,
    freshness: { ...DEFAULT_FRESHNESS, ...options.freshness },
  };

  const controller = new AbortController();
  let stoppedBy: "max-pages" | "deadline" | undefined;
  const stop = () => {
    stoppedBy ??= "deadline";
    controller.abort();
  };
  if (options.signal) {
    if (options.signal.aborted) stop();
    else options.signal.addEventListener("abort", stop, { once: true });
  }
  const deadline = options.deadlineMs !== undefined ? setTimeout(stop, options.deadlineMs) : undefined;

  const start = new URL(startUrl);
  start.hash = "";
  const scope: SiteScope = {
    host: start.host.toLowerCase(),
    aliases: new Set(),
    prefix: start.pathname.replace(/[^/]*$/, "") || "/",
    allowHosts: [...DEFAULT_ALLOW_HOSTS, ...(options.allowHosts ?? []).map((h) => h.toLowerCase().replace(/^\*\./, ""))],
  };
  const fetcher = new Fetcher({
    timeoutMs: o.timeoutMs,
    retries: o.retries,
    maxRetryWaitMs: o.maxRetryWaitMs,
    maxBytes: o.maxPageBytes,
    userAgent: options.userAgent ?? USER_AGENT,
    signal: controller.signal,
    policyFor: (host) =>
      isSiteHost(scope, host) || host === start.host
        ? { concurrency: o.concurrency, delayMs: o.delayMs }
        : { concurrency: o.externalConcurrency, delayMs: o.externalDelayMs },
  });
  const cache = options.cacheFile ? await DiskCache.open(options.cacheFile, options.cacheTtlHours ?? 6) : undefined;
  let cacheHits = 0;

  const book = new FindingBook();
  const records = new Map<string, LinkRecord>();
  const visited = new Set<string>();
  const articleDates = new Map<string, string>();
  const columns = new Map<string, ColumnAcc>();
  const cloakSample: Array<{ url: string; html: string }> = [];
  let home: PageObservation | undefined;
  const footerMissingOnHome = new Set<string>();
  let pages = 0;
  let pagesQueued = 0;
  let skippedPages = 0;

  const finish = async (findings: AuditFinding[], finalUrl?: string): Promise<AuditResult> => {
    if (deadline) clearTimeout(deadline);
    options.signal?.removeEventListener("abort", stop);
    await cache?.save().catch(() => undefined);
    const durationMs = Math.round(performance.now() - t0);
    return {
      url: startUrl,
      finalUrl,
      startedAt: startedAt.toISOString(),
      pages,
      durationMs,
      pagesPerSecond: durationMs > 0 ? Math.round((pages / durationMs) * 1000 * 10) / 10 : 0,
      findings,
      summary: summarise(findings),
      stats: {
        requests: fetcher.requests,
        urls: [...records.values()].filter((r) => r.outcome).length,
        externalUrls: [...records.values()].filter((r) => !r.inSite && r.outcome).length,
        throttled: fetcher.throttled,
        cacheHits,
        stoppedBy,
        skippedPages,
      },
    };
  };

  // The analysis threads start loading the check engine while the start page is fetched.
  const workers = options.checker ? 0 : (options.workers ?? defaultWorkers());
  const makeAnalyser = (): Analyser => {
    const ao = { scope, now, contentChecks: o.contentChecks, checker: options.checker };
    return workers > 0 ? workerAnalyser(workers, ao) : inThreadAnalyser(ao);
  };
  let analyser = makeAnalyser();

  // ---- the start page: if it cannot be read, the site is unavailable and nothing else matters.
  const first = await fetcher.fetch(start.href, { method: "GET", readBody: htmlBody, retryNetwork: true });
  const firstOutcome = classify(first);
  if (firstOutcome.state !== "ok" || !first.body || !isHtml(first.headers, first.finalUrl)) {
    await analyser.close();
    const why = first.error
      ? PROBLEM_LABEL[first.error === "aborted" ? "timeout" : first.error]
      : first.status >= 200 && first.status < 300
        ? "返回的不是网页"
        : `HTTP ${first.status}`;
    return finish([
      { type: "unavailable", severity: "severe", url: start.href, rule: "availability.home", detail: msg.unavailable(start.href, why), status: first.status, redirects: first.redirects.length ? first.redirects : undefined },
    ]);
  }
  const finalStart = new URL(first.finalUrl);
  if (finalStart.host.toLowerCase() !== scope.host) {
    scope.aliases.add(scope.host);
    scope.host = finalStart.host.toLowerCase();
    scope.prefix = finalStart.pathname.replace(/[^/]*$/, "") || "/";
    // The threads were given the old scope.
    await analyser.close();
    analyser = makeAnalyser();
  }
  const skipLinks = options.skipLinks;
  const skip = (href: string) =>
    skipLinks === undefined ? false : typeof skipLinks === "function" ? skipLinks(href) : skipLinks.some((re) => re.test(href));
  const inScope = (u: URL) => isSiteHost(scope, u.host.toLowerCase()) && u.pathname.startsWith(scope.prefix);

  const pageSlots = new Semaphore(o.concurrency + 2 * Math.max(1, workers));

  // ---- task accounting: the audit ends when nothing is pending.
  let pending = 0;
  let idle!: () => void;
  const idlePromise = new Promise<void>((r) => (idle = r));
  const errors: Error[] = [];
  const spawn = (fn: () => Promise<void>) => {
    pending++;
    fn()
      .catch((e: Error) => {
        if (errors.length < 10) errors.push(e);
      })
      .finally(() => {
        if (--pending === 0) idle();
      });
  };

  const note = (link: ResolvedLink, pageUrl: string, onHome: boolean) => {
    const key = link.url;
    let r = records.get(key);
    const isNew = !r;
    if (!r) {
      r = { inSite: isSiteHost(scope, link.host), pages: [], count: 0, onHome: false };
      records.set(key, r);
    }
    r.count++;
    if (r.pages.length < PAGE_SAMPLE) r.pages.push(link.text ? { url: pageUrl, text: tidy(link.text) } : { url: pageUrl });
    if (onHome) r.onHome = true;
    if (!isNew) return;
    if (skip(key)) {
      r.unchecked = true;
      return;
    }
    const tag = link.tag;
    const crawlable = tag === "a" || tag === "area" || tag === "iframe" || tag === "frame" || tag === "meta";
    if (r.inSite && link.path.startsWith(scope.prefix) && crawlable && !RESOURCE.test(link.path)) {
      if (pagesQueued >= o.maxPages) {
        skippedPages++;
        stoppedBy ??= "max-pages";
        r.unchecked = true;
        return;
      }
      pagesQueued++;
      spawn(() => crawlPage(key, r));
    } else if (r.inSite || o.external) {
      spawn(() => checkResource(key, r));
    } else {
      r.unchecked = true;
    }
  };

  const settle = (r: LinkRecord, f: FetchOutcome): LinkOutcome | undefined => {
    if (f.error === "aborted") {
      r.unchecked = true;
      if (r.inSite) skippedPages++;
      return undefined;
    }
    r.outcome = classify(f);
    return r.outcome;
  };

  const accept = (url: string, res: PageResult, isHome: boolean) => {
    const obs = res.obs!;
    pages++;
    const ref: PageRef = { url };
    record(obs, ref);
    spawn(async () => {
      // The same finding on two lines of a page counts the page once.
      const seen = new Set<string>();
      for (const c of await res.content) {
        const key = `${c.rule}:${c.text}`;
        if (seen.has(key)) continue;
        seen.add(key);
        recordContent(c, ref);
      }
    });
    if (res.html !== undefined) cloakSample.push({ url, html: res.html });
    for (const link of obs.links) note(link, url, isHome);
    options.onProgress?.({ pages, queued: pagesQueued, requests: fetcher.requests });
  };

  let cloakRequested = 0;
  const analysePage = async (url: string, body: Buffer, contentType: string | undefined, isHome: boolean) => {
    const keepHtml = cloakRequested < o.cloakingSample;
    if (keepHtml) cloakRequested++;
    const res = await analyser!.analyse({ url, body, contentType, isHome, keepHtml });
    if (keepHtml && res.html === undefined) cloakRequested--;
    return res;
  };

  const crawlPage = async (url: string, r: LinkRecord) => {
    // Fetched but unanalysed pages are held in memory; this bounds how many.
    await pageSlots.acquire();
    try {
      const f = await fetcher.fetch(url, { method: "GET", readBody: htmlBody });
      const out = settle(r, f);
      if (!out || out.state !== "ok" || !f.body || !isHtml(f.headers, f.finalUrl)) return;
      // Both are normalised hrefs (a record's key, a redirect's target). Without a redirect the
      // page is the queued one, in scope by construction: no need to parse it again.
      const href = f.finalUrl;
      if (visited.has(href) || (href !== url && !inScope(new URL(href)))) return;
      visited.add(href);
      const res = await analysePage(href, f.body, f.headers?.["content-type"], false);
      if (res.soft404) r.outcome = { ...out, state: "broken", reason: "not_found" };
      else accept(href, res, false);
    } finally {
      pageSlots.release();
    }
  };

  const checkResource = async (url: string, r: LinkRecord) => {
    const cached = !r.inSite ? cache?.get(url) : undefined;
    if (cached) {
      cacheHits++;
      r.outcome = cached;
      return;
    }
    const head = await fetcher.fetch(url, { method: "HEAD" });
    let out = settle(r, head);
    if (!out) return;
    // Many servers answer HEAD wrongly (405, 403, even 404); GET decides, unless the host did not
    // answer at all (timeout, unknown name, connection refused): GET would only wait as long again.
    if (out.state !== "ok" && head.error !== "timeout" && head.error !== "dns" && head.error !== "network" && !head.throttled) {
      const get = await fetcher.fetch(url, { method: "GET" });
      out = settle(r, get);
      if (!out) return;
    }
    if (!r.inSite) cache?.set(url, out);
  };

  // ---- page-level findings, folded by problem.
  const record = (obs: PageObservation, ref: PageRef) => {
    const isHomePage = obs.kind === "home";
    for (const name of obs.metaMissing) {
      book.add(
        `meta:${obs.kind}:${name}`,
        () => ({ type: "meta_missing", severity: "warn", url: obs.url, rule: `meta.${name}`, detail: "" }),
        ref,
        (n) => msg.metaMissing(name, obs.kind, n),
      );
    }
    if (obs.pubDateBad) {
      const v = obs.pubDateBad;
      book.add("meta:pubdate-format", () => ({ type: "meta_missing", severity: "info", url: obs.url, rule: "meta.PubDate.format", detail: "" }), ref, (n) => msg.pubDateFormat(v, n));
    }
    for (const key of obs.footerMissing) {
      if (isHomePage) footerMissingOnHome.add(key);
      book.add(
        `footer:${key}`,
        () => ({ type: "footer_missing", severity: "warn", url: obs.url, rule: `footer.${key}`, detail: "" }),
        ref,
        (n) => msg.footerMissing(FOOTER_LABEL[key], n, footerMissingOnHome.has(key)),
      );
    }
    if (obs.icpLink) {
      const old = obs.icpLink === "old";
      book.add(`footer:icp-link:${obs.icpLink}`, () => ({ type: "footer_missing", severity: "warn", url: obs.url, rule: old ? "footer.icp-old-link" : "footer.icp-link", detail: "" }), ref, (n) => (old ? msg.icpOldLink(n) : msg.icpLink(n)));
    }
    if (obs.psbLinkMissing) {
      book.add("footer:psb-link", () => ({ type: "footer_missing", severity: "info", url: obs.url, rule: "footer.psb-link", detail: "" }), ref, (n) => msg.psbLink(n));
    }
    for (const [value, where] of [
      [obs.siteIdMeta, "<meta name=\"SiteIDCode\">"],
      [obs.siteIdFooter, "底部"],
    ] as const) {
      if (value && !SITE_ID_RE.test(value)) {
        book.add(`siteid:${where}:${value}`, () => ({ type: "site_id_invalid", severity: "warn", url: obs.url, rule: "site-id.format", detail: "", text: value }), ref, (n) => msg.siteIdInvalid(value, where, n));
      }
    }
    if (obs.siteIdMeta && obs.siteIdFooter && obs.siteIdMeta !== obs.siteIdFooter) {
      const [a, b] = [obs.siteIdMeta, obs.siteIdFooter];
      book.add(`siteid:mismatch:${a}:${b}`, () => ({ type: "site_id_invalid", severity: "warn", url: obs.url, rule: "site-id.mismatch", detail: "" }), ref, (n) => msg.siteIdMismatch(a, b, n));
    }
    for (const h of obs.hiddenLinks) {
      book.add(
        `hidden:${h.url}`,
        () => ({ type: "hidden_link", severity: "severe", url: h.url, rule: "security.hidden-link", detail: "" }),
        { url: obs.url, text: tidy(h.text) },
        (n) => msg.hidden(h.reason, h.host, n),
      );
    }
    for (const e of obs.foreign) {
      const label = e.tag === "script" ? "脚本" : e.tag === "object" || e.tag === "embed" ? "插件内容" : "内嵌框架（iframe）";
      book.add(
        `foreign:${e.host}:${e.tag}:${e.scripted}`,
        () => ({ type: "foreign_script", severity: "warn", url: e.url, rule: e.scripted ? "security.scripted-url" : `security.foreign-${e.tag}`, detail: "" }),
        ref,
        (n) => msg.foreign(label, e.host, n, e.scripted),
      );
    }
    if (obs.kind === "home" && !home) home = obs;
    if (obs.kind === "article" && obs.pubDate) articleDates.set(obs.url, obs.pubDate);
    if (obs.column) {
      const c = obs.column;
      const acc = columns.get(c.key);
      if (!acc) columns.set(c.key, { name: c.name, cls: c.cls, url: obs.url, newest: c.newest, items: c.items, blank: c.blank, archived: c.archived, mirror: c.mirror });
      else {
        if (c.newest && (!acc.newest || c.newest > acc.newest)) acc.newest = c.newest;
        acc.items += c.items;
        acc.blank = acc.blank && c.blank;
        acc.archived = acc.archived || c.archived;
        if (acc.mirror && !c.mirror) Object.assign(acc, { name: c.name, cls: c.cls, url: obs.url, mirror: false });
      }
    }
  };

  const recordContent = (c: ContentHit, ref: PageRef) => {
    book.add(
      `content:${c.rule}:${c.text}`,
      () => ({
        type: "content",
        severity: c.severity,
        url: ref.url,
        rule: `content.${c.rule}`,
        detail: c.detail,
        category: c.category,
        checkRule: c.rule,
        text: c.text,
      }),
      ref,
    );
  };

  // ---- crawl
  visited.add(finalStart.href);
  records.set(start.href, { inSite: true, pages: [], count: 0, onHome: true, outcome: firstOutcome });
  if (finalStart.href !== start.href) records.set(finalStart.href, { inSite: true, pages: [], count: 0, onHome: true, outcome: { state: "ok", status: first.status } });
  pagesQueued = 1;
  spawn(async () => {
    const res = await analysePage(finalStart.href, first.body!, first.headers?.["content-type"], true);
    accept(finalStart.href, res, true);
  });
  try {
    await idlePromise;
  } finally {
    await analyser.close();
  }
  if (errors.length > 0 && pages === 0) throw errors[0];

  // ---- links
  for (const [url, r] of records) {
    const out = r.outcome;
    if (!out || out.state === "ok" || r.count === 0) continue;
    const why = PROBLEM_LABEL[out.reason ?? "status"];
    if (out.state === "broken") {
      book.push({
        type: "broken_link",
        severity: r.onHome ? "severe" : "warn",
        url,
        rule: r.inSite ? "link.broken" : "link.broken-external",
        detail: r.inSite ? msg.brokenInSite(out.status, why, r.count, r.onHome) : msg.brokenExternal(out.status, why, r.count, r.onHome),
        status: out.status,
        reason: out.reason,
        redirects: out.redirects,
        finalUrl: out.finalUrl,
        pages: r.pages,
        pageCount: r.count,
      });
    } else {
      book.push({
        type: "suspected_link",
        severity: "info",
        url,
        rule: "link.suspected",
        detail: msg.suspected(why, r.count),
        status: out.status,
        reason: out.reason,
        redirects: out.redirects,
        finalUrl: out.finalUrl,
        pages: r.pages,
        pageCount: r.count,
      });
    }
  }

  // ---- cloaking, on a sample, unless the audit was stopped
  if (!controller.signal.aborted && cloakSample.length > 0) {
    await Promise.all(
      cloakSample.map(async (p) => {
        const plain = await fetcher.fetch(p.url, { method: "GET", readBody: htmlBody, headers: BROWSER_HEADERS });
        if (!plain.body || plain.status !== 200) return;
        const a = fingerprint(p.html, p.url);
        const b = fingerprint(decodeHtml(plain.body, plain.headers?.["content-type"]), p.url);
        const found: string[] = [];
        for (const agent of CLOAK_AGENTS) {
          const v = await fetcher.fetch(p.url, { method: "GET", readBody: htmlBody, headers: { ...agent.headers } });
          if (v.error) continue;
          const finalHost = new URL(v.finalUrl).host.toLowerCase();
          if (!isSiteHost(scope, finalHost) && finalHost !== new URL(plain.finalUrl).host.toLowerCase()) {
            found.push(`以${agent.label}访问时被跳转到 ${finalHost}`);
            continue;
          }
          if (!v.body || v.status !== 200) continue;
          const diff = compareFingerprints(a, b, fingerprint(decodeHtml(v.body, v.headers?.["content-type"]), p.url));
          if (diff) found.push(`${agent.label}：${describeDiff(diff)}`);
        }
        if (found.length > 0) {
          book.push({ type: "cloaking", severity: "severe", url: p.url, rule: "security.cloaking", detail: msg.cloaking("搜索引擎爬虫或搜索访客身份", found.join("；")), pages: [{ url: p.url }], pageCount: 1 });
        }
      }),
    );
  }
  cloakSample.length = 0;

  // ---- freshness
  judgeFreshness(book, home, articleDates, columns, o.freshness, now, finalStart.href);

  if (stoppedBy && skippedPages > 0) {
    book.push({ type: "stale", severity: "info", url: finalStart.href, rule: "audit.truncated", detail: msg.truncated(stoppedBy, skippedPages) });
  }
  return finish(book.list(), finalStart.href);
}

function judgeFreshness(
  book: FindingBook,
  home: PageObservation | undefined,
  articleDates: Map<string, string>,
  columns: Map<string, ColumnAcc>,
  limits: Record<ColumnClass | "home", FreshnessLimit>,
  now: Date,
  homeUrl: string,
): void {
  if (home) {
    let newest = home.newest;
    for (const l of home.homeLinks ?? []) {
      const d = articleDates.get(l);
      if (d && (!newest || d > newest)) newest = d;
    }
    const lim = limits.home;
    if (!newest) {
      book.push({ type: "stale", severity: "warn", url: home.url, rule: "fresh.home.undated", detail: msg.homeUndated() });
    } else {
      const days = daysSince(newest, now);
      if (days > lim.limitDays) {
        book.push({ type: "stale", severity: "severe", url: home.url, rule: "fresh.home", detail: msg.homeStale(newest, days, lim.limitDays), lastUpdate: newest, days });
      } else if (days >= lim.warnDays) {
        book.push({ type: "stale", severity: "warn", url: home.url, rule: "fresh.home.soon", detail: msg.homeDueSoon(newest, days, lim.limitDays), lastUpdate: newest, days });
      }
    }
  }

  const keyStale: string[] = [];
  const shouldUpdateStale: string[] = [];
  const blanks: string[] = [];
  for (const c of columns.values()) {
    // Archived columns (已归档) are kept for reference and excluded from the update rules.
    if (c.archived) continue;
    if (c.blank) {
      blanks.push(c.name);
      book.push({ type: "stale", severity: "warn", url: c.url, rule: "fresh.blank", detail: msg.blank(c.name), column: c.name });
      continue;
    }
    if (c.cls === "other") continue;
    const lim = limits[c.cls];
    if (!c.newest) {
      if (c.items === 0) continue;
      book.push({ type: "stale", severity: "warn", url: c.url, rule: "fresh.column.undated", detail: msg.columnUndated(c.name), column: c.name });
      shouldUpdateStale.push(c.name);
      if (c.cls !== "plan") keyStale.push(c.name);
      continue;
    }
    const days = daysSince(c.newest, now);
    if (days > lim.limitDays) {
      book.push({ type: "stale", severity: "warn", url: c.url, rule: `fresh.column.${c.cls}`, detail: msg.columnStale(c.name, c.cls, c.newest, days, lim.limitDays), lastUpdate: c.newest, days, column: c.name });
      shouldUpdateStale.push(c.name);
      if (c.cls !== "plan") keyStale.push(c.name);
    } else if (days >= lim.warnDays) {
      book.push({ type: "stale", severity: "info", url: c.url, rule: `fresh.column.${c.cls}.soon`, detail: msg.columnDueSoon(c.name, c.cls, c.newest, days, lim.limitDays), lastUpdate: c.newest, days, column: c.name });
    }
  }
  if (keyStale.length >= 5) {
    book.push({ type: "stale", severity: "severe", url: homeUrl, rule: "fresh.veto.key-columns", detail: msg.vetoKeyColumns(keyStale.length), items: keyStale });
  } else if (keyStale.length >= 3) {
    book.push({ type: "stale", severity: "warn", url: homeUrl, rule: "fresh.veto.key-columns.soon", detail: msg.vetoKeyColumnsSoon(keyStale.length), items: keyStale });
  }
  if (shouldUpdateStale.length >= 10) {
    book.push({ type: "stale", severity: "severe", url: homeUrl, rule: "fresh.veto.should-update", detail: msg.vetoShouldUpdate(shouldUpdateStale.length), items: shouldUpdateStale });
  }
  if (blanks.length >= 5) {
    book.push({ type: "stale", severity: "severe", url: homeUrl, rule: "fresh.veto.blank", detail: msg.vetoBlank(blanks.length), items: blanks });
  }
}

function htmlBody(status: number, headers: IncomingHttpHeaders): boolean {
  if (status < 200 || status >= 300) return false;
  const ct = headers["content-type"];
  return !ct || /html|xml/i.test(ct);
}

function isHtml(headers: IncomingHttpHeaders | undefined, url: string): boolean {
  const ct = headers?.["content-type"];
  if (ct) return /text\/html|application\/xhtml/i.test(ct);
  return !looksLikeResource(new URL(url));
}

/** Link text as shown in a report: whitespace collapsed, at most 80 characters (a copy: see detach). */
function tidy(s: string): string {
  return detach(s.replace(/\s+/g, " ").trim().slice(0, 80));
}

/** Counting semaphore. */
class Semaphore {
  private readonly waiting: Array<() => void> = [];
  constructor(private free: number) {}
  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

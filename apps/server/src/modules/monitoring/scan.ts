// Scheduled scans of the published sites (全站扫描): every HTML page of a site's live release is read
// from disk and analysed with @govsite/monitor's page analysis (content checks with the deployment's
// dictionaries, hidden links, foreign scripts and frames); its in-site links are resolved against
// the publish manifests — no HTTP needed, the manifest says what exists. Each problem is stored as
// a finding with the column responsible for the page (URL path → column slug path); severe and
// warn findings get a ticket, a recurring one counts on its open ticket.
//
// Links to other sites need HTTP: when the site's public address is configured (settings.monitorUrl)
// the scan also runs the monitor's audit against it for external links only — per-host concurrency
// and delays, HEAD then GET, back-off on 429, results cached for hours, 403/429/bot blocks as
// "suspected" — and for cloaking (pages that differ for search-engine crawlers).
import * as fs from "node:fs/promises";
import path from "node:path";
import { and, desc, eq, gt, inArray, isNotNull, sql } from "drizzle-orm";
import { analysePage, auditSite, loadManifest, DEFAULT_ALLOW_HOSTS, type AuditFinding } from "@govsite/monitor";
import { currentRelease } from "@govsite/publisher";
import { monitorRuns, publishEvents, sites } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { now } from "../../lib/clock.ts";
import { notFound } from "../../lib/errors.ts";
import { logger } from "../../lib/logger.ts";
import { systemActor, type AuditActor } from "../audit/record.ts";
import { auditActorOf, require, type Actor } from "../accounts/roles.ts";
import { columnSlugPaths } from "../publishing/snapshot.ts";
import { columnForPath, recordFinding, resolveMissing, type FindingInput } from "./findings.ts";
import type { Severity } from "./tickets.ts";
import { publishedDir, siteTarget } from "./target.ts";

/** Paths the public server answers itself (media store, public API), not from the site's files. */
const DYNAMIC = /^\/(files|api)\//;
const PAGE_SAMPLE = 20;
const SCAN_TYPES = ["broken_link", "hidden_link", "foreign_script", "content"];

type SiteRow = typeof sites.$inferSelect;

const prefixOf = (s: Pick<SiteRow, "pathPrefix">) => (s.pathPrefix.endsWith("/") ? s.pathPrefix : `${s.pathPrefix}/`);

/** Manifests of the sites sharing a domain, loaded once per scan. */
class Manifests {
  private cache = new Map<string, Promise<Set<string> | null>>();
  constructor(
    private svc: Services,
    private all: SiteRow[],
  ) {}
  forCode(code: string): Promise<Set<string> | null> {
    let p = this.cache.get(code);
    if (!p) {
      p = loadManifest(publishedDir(this.svc, code)).then(
        (m) => new Set(m.keys()),
        () => null,
      );
      this.cache.set(code, p);
    }
    return p;
  }
  /** The site serving `urlPath` on `host`: longest path prefix among the sites of that domain. */
  siteFor(host: string, urlPath: string): SiteRow | undefined {
    return this.all
      .filter((s) => s.domain.toLowerCase() === host && s.status !== "closed" && urlPath.startsWith(prefixOf(s)))
      .sort((a, b) => b.pathPrefix.length - a.pathPrefix.length)[0];
  }
}

function exists(files: Set<string>, rel: string): boolean {
  if (rel === "" || rel.endsWith("/")) return files.has(`${rel}index.html`);
  return files.has(rel) || files.has(`${rel}/index.html`);
}

export interface ScanReport {
  siteId: string;
  site: string;
  pages: number;
  links: number;
  /** External links checked over HTTP (0 when the site's public address is not configured). */
  externalLinks: number;
  findings: number;
  byType: Record<string, number>;
  ticketsCreated: number;
  recurred: number;
}

/** Full scan of one published site. */
export async function scanSite(svc: Services, siteId: string, actor: AuditActor = systemActor("全站扫描"), opts: { external?: boolean; skipLinks?: RegExp[] } = {}): Promise<ScanReport | null> {
  const all = await svc.db.select().from(sites);
  const site = all.find((s) => s.id === siteId);
  if (!site) throw notFound("站点");
  const outDir = publishedDir(svc, site.code);
  if (!(await currentRelease(outDir))) return null;
  const startedAt = now();
  const manifests = new Manifests(svc, all);
  const own = await manifests.forCode(site.code);
  if (!own) return null;
  const root = await fs.realpath(outDir);
  const slugs = await columnSlugPaths(svc.db, siteId);
  const host = site.domain.toLowerCase();
  const base = `http://${host}${prefixOf(site)}`;
  const scope = { host, aliases: new Set<string>(), prefix: prefixOf(site), allowHosts: [...DEFAULT_ALLOW_HOSTS] };
  const checker = svc.checker();

  const found = new Map<string, FindingInput>();
  const broken = new Map<string, { target: string; columnId: string | null; pages: Array<{ url: string; text: string }>; count: number }>();
  let pages = 0;
  let links = 0;
  const pagesList = [...own].filter((p) => p.endsWith(".html")).sort();
  for (const rel of pagesList) {
    let body: Buffer;
    try {
      body = await fs.readFile(path.join(root, rel));
    } catch {
      continue; // removed since the manifest was read; the tamper check reports missing files
    }
    const url = new URL(rel.replace(/(^|\/)index\.html$/, "$1"), base).href;
    const a = analysePage({ url, body, contentType: "text/html; charset=utf-8", isHome: rel === "index.html", keepHtml: false }, { scope, now: startedAt, checker });
    pages++;
    const columnId = columnForPath(slugs, rel);
    for (const h of a.content) {
      const fp = `content:${h.rule}:${h.text}:${rel}`;
      found.set(fp, { siteId, columnId, source: "scan", type: "content", severity: h.severity, rule: h.rule, fingerprint: fp, url, detail: `${url} ${h.detail}${h.text ? `：“${h.text}”` : ""}`, data: { category: h.category, text: h.text, pages: [{ url }] } });
    }
    if (!a.obs) continue;
    for (const h of a.obs.hiddenLinks) {
      const fp = `hidden:${h.url}:${rel}`;
      found.set(fp, { siteId, columnId, source: "scan", type: "hidden_link", severity: "severe", rule: "inject.hidden_link", fingerprint: fp, url: h.url, detail: `${url} 存在暗链（${h.reason}）：指向 ${h.host}${h.text ? `，链接文字“${h.text}”` : ""}`, data: { pages: [{ url }], reason: h.reason } });
    }
    for (const f of a.obs.foreign) {
      const fp = `foreign:${f.url}:${rel}`;
      found.set(fp, { siteId, columnId, source: "scan", type: "foreign_script", severity: "severe", rule: "inject.foreign_script", fingerprint: fp, url: f.url, detail: `${url} 引用了白名单以外域名 ${f.host} 的${f.tag === "script" ? "脚本" : "内嵌页面"}${f.scripted ? "（由脚本写入）" : ""}`, data: { pages: [{ url }], tag: f.tag } });
    }
    for (const l of a.obs.links) {
      if (l.host !== host) continue;
      links++;
      let urlPath: string;
      try {
        urlPath = decodeURIComponent(l.path);
      } catch {
        urlPath = l.path;
      }
      if (DYNAMIC.test(urlPath)) continue;
      const owner = manifests.siteFor(host, urlPath);
      if (!owner) continue; // not served from a published site of ours
      const files = owner.id === site.id ? own : await manifests.forCode(owner.code);
      if (!files) continue;
      const targetRel = urlPath.slice(prefixOf(owner).length);
      if (exists(files, targetRel)) continue;
      const key = `${l.url}\n${columnId ?? ""}`;
      const b = broken.get(key) ?? { target: l.url, columnId, pages: [], count: 0 };
      if (!b.pages.some((p) => p.url === url)) {
        b.count++;
        if (b.pages.length < PAGE_SAMPLE) b.pages.push({ url, text: l.text.trim().slice(0, 60) });
      }
      broken.set(key, b);
    }
  }
  for (const b of broken.values()) {
    const fp = `link:${b.target}:${b.columnId ?? ""}`;
    found.set(fp, {
      siteId,
      columnId: b.columnId,
      source: "scan",
      type: "broken_link",
      severity: "warn",
      rule: "link.broken",
      fingerprint: fp,
      url: b.target,
      detail: `站内链接 ${b.target} 无法打开（发布清单中没有该页面），出现在 ${b.count} 个页面：${b.pages.slice(0, 3).map((p) => p.url).join("、")}${b.count > 3 ? " 等" : ""}`,
      data: { pages: b.pages, pageCount: b.count },
    });
  }

  const external = new Map<string, FindingInput>();
  const target = siteTarget(svc, site);
  let externalLinks = 0;
  if (target.explicit && opts.external !== false) {
    const res = await auditSite(target.base, {
      contentChecks: false,
      external: true,
      workers: 0,
      maxPages: 20_000,
      timeoutMs: svc.profile.values.monitor.probeTimeoutSeconds * 1000,
      cacheFile: path.join(svc.config.dataDir, "monitor", "link-cache.json"),
      cacheTtlHours: 6,
      now: startedAt,
      ...(opts.skipLinks ? { skipLinks: opts.skipLinks } : {}),
    });
    externalLinks = res.stats.externalUrls;
    const baseUrl = new URL(target.base);
    const relOf = (u: string) => {
      try {
        const x = new URL(u);
        return x.host === baseUrl.host && x.pathname.startsWith(baseUrl.pathname) ? decodeURIComponent(x.pathname.slice(baseUrl.pathname.length)) : "";
      } catch {
        return "";
      }
    };
    const hostOf = (u: string) => {
      try {
        return new URL(u).host;
      } catch {
        return "";
      }
    };
    const add = (f: AuditFinding, severity: Severity, fp: string) => {
      const firstPage = f.pages?.[0]?.url ?? f.url;
      external.set(fp, { siteId, columnId: columnForPath(slugs, relOf(firstPage)), source: "scan_http", type: f.type, severity, rule: f.rule, fingerprint: fp, url: f.url, detail: f.detail, data: { pages: f.pages ?? [], pageCount: f.pageCount ?? f.pages?.length ?? 0, status: f.status, reason: f.reason } });
    };
    for (const f of res.findings) {
      if (f.type === "cloaking") add(f, "severe", `cloaking:${f.url}`);
      else if ((f.type === "broken_link" || f.type === "suspected_link") && hostOf(f.url) !== baseUrl.host) add(f, f.type === "broken_link" ? "warn" : "info", `ext:${f.url}`);
    }
  }

  const report: ScanReport = { siteId, site: site.code, pages, links, externalLinks, findings: found.size + external.size, byType: {}, ticketsCreated: 0, recurred: 0 };
  for (const f of external.values()) report.byType[f.type] = (report.byType[f.type] ?? 0) + 1;
  for (const f of found.values()) report.byType[f.type] = (report.byType[f.type] ?? 0) + 1;
  await svc.db.transaction(async (tx) => {
    for (const f of [...found.values(), ...external.values()]) {
      const r = await recordFinding(svc, tx, actor, f, { ticket: f.severity !== ("info" satisfies Severity) });
      if (r.ticketCreated) report.ticketsCreated++;
      if (r.recurred && r.ticketId) report.recurred++;
    }
    await resolveMissing(tx, siteId, "scan", [...found.keys()], SCAN_TYPES);
    if (target.explicit && opts.external !== false) await resolveMissing(tx, siteId, "scan_http", [...external.keys()]);
    await tx.insert(monitorRuns).values({ siteId, kind: "scan", startedAt, finishedAt: now(), ok: found.size === 0, summary: { ...report } as unknown as Record<string, unknown> });
  });
  return report;
}

/** The nightly full scan of every published site. */
export async function scanAllSites(svc: Services) {
  const rows = await svc.db.select({ id: sites.id, code: sites.code }).from(sites).where(inArray(sites.status, ["running", "offline", "archived"]));
  let scanned = 0;
  let findings = 0;
  for (const s of rows) {
    try {
      const r = await scanSite(svc, s.id);
      if (r) {
        scanned++;
        findings += r.findings;
      }
    } catch (e) {
      logger.error({ err: e, site: s.code }, "site scan failed");
    }
  }
  return { sites: scanned, findings };
}

/**
 * After publishing: the sites whose publish events were applied since their last scan are scanned
 * again from disk (links against the manifest, content, injection), without the HTTP part, so a
 * broken link or a sensitive word that went live is found within minutes instead of at night.
 */
export async function scanChangedSites(svc: Services) {
  const changed = await svc.db
    .select({ siteId: publishEvents.siteId, last: sql<Date>`max(${publishEvents.processedAt})`.mapWith((v: unknown) => new Date(v as string)) })
    .from(publishEvents)
    .where(and(isNotNull(publishEvents.processedAt), gt(publishEvents.processedAt, new Date(now().getTime() - 86_400_000))))
    .groupBy(publishEvents.siteId);
  let scanned = 0;
  for (const c of changed) {
    const [run] = await svc.db.select({ startedAt: monitorRuns.startedAt }).from(monitorRuns).where(and(eq(monitorRuns.siteId, c.siteId), eq(monitorRuns.kind, "scan"))).orderBy(desc(monitorRuns.startedAt)).limit(1);
    if (run && run.startedAt.getTime() >= c.last.getTime()) continue;
    try {
      if (await scanSite(svc, c.siteId, systemActor("发布后扫描"), { external: false })) scanned++;
    } catch (e) {
      logger.error({ err: e, siteId: c.siteId }, "scan after publishing failed");
    }
  }
  return { sites: scanned };
}

/** On demand from the console (监管员, duty officer). */
export async function scanSiteNow(svc: Services, actor: Actor, siteId: string) {
  require(actor, "monitor.run", siteId, "只有监管员和值班员可以发起全站扫描。");
  const [s] = await svc.db.select({ id: sites.id }).from(sites).where(eq(sites.id, siteId));
  if (!s) throw notFound("站点");
  const r = await scanSite(svc, siteId, auditActorOf(actor));
  return r ? { published: true as const, ...r } : { published: false as const };
}

/**
 * The norms checked on every HTML page, from the facts extracted in one pass: the kind of page,
 * the national meta tags (网页设计规范), the footer elements, the 网站标识码, hidden links and
 * scripts or frames from foreign domains, and the dates that tell how fresh a column is.
 * Pure: no I/O, so the same function can run in a worker.
 */
import type { PageFacts } from "./html/extract.ts";
import { detach } from "./strings.ts";
import type { ColumnClass, PageKind } from "./types.ts";

export const SITE_METAS = ["SiteName", "SiteDomain", "SiteIDCode"] as const;
export const COLUMN_METAS = ["ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType"] as const;
export const ARTICLE_METAS = ["ArticleTitle", "PubDate", "ContentSource"] as const;

export const SITE_ID_RE = /^(\d{10}|bm\d{8})$/;
export const PUBDATE_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;

export interface SiteScope {
  /** The audited site's host (with port), lower case. */
  host: string;
  /** Hosts treated as the same site (the start URL's host before redirects). */
  aliases: Set<string>;
  /** Path prefix of the audit scope, e.g. "/" or "/fgw/". */
  prefix: string;
  /** Extra hosts whose scripts and frames are expected (suffix match). */
  allowHosts: string[];
}

export function isSiteHost(scope: SiteScope, host: string): boolean {
  return host === scope.host || scope.aliases.has(host);
}

/** Own site, *.gov.cn and the registered hosts. */
export function isAllowedHost(scope: SiteScope, host: string): boolean {
  const h = host.replace(/:\d+$/, "").toLowerCase();
  if (isSiteHost(scope, host)) return true;
  if (h === "gov.cn" || h.endsWith(".gov.cn")) return true;
  return scope.allowHosts.some((a) => h === a || h.endsWith(`.${a}`));
}

export type FooterKey = "owner" | "contact" | "idcode" | "icp" | "psb" | "conac";

export const FOOTER_LABEL: Record<FooterKey, string> = {
  owner: "主办单位",
  contact: "联系方式",
  idcode: "网站标识码",
  icp: "ICP备案编号",
  psb: "公安机关备案号",
  conac: "党政机关网站标识",
};

export interface PageObservation {
  url: string;
  kind: PageKind;
  title: string;
  /** Required metas absent on this page. */
  metaMissing: string[];
  /** PubDate present but not "YYYY-MM-DD HH:MM". */
  pubDateBad?: string;
  siteIdMeta?: string;
  siteIdFooter?: string;
  footerMissing: FooterKey[];
  /** ICP number shown but not linked to beian.miit.gov.cn ("missing"), or to the retired address ("old"). */
  icpLink?: "missing" | "old";
  psbLinkMissing?: boolean;
  hiddenLinks: Array<{ url: string; host: string; text: string; reason: string }>;
  foreign: Array<{ url: string; host: string; tag: string; scripted: boolean }>;
  /** Publication date of an article (YYYY-MM-DD). */
  pubDate?: string;
  /** For list pages: the column and its newest dated item. */
  column?: { key: string; name: string; cls: ColumnClass; newest?: string; items: number; blank: boolean; archived: boolean; mirror: boolean };
  /** Homepage only: newest date shown, and its in-site links (to pick up linked articles' dates). */
  newest?: string;
  homeLinks?: string[];
  /** Every http(s) link of the page, resolved, without fragment, with its tag and text. */
  links: ResolvedLink[];
}

export interface ResolvedLink {
  url: string;
  /** Host (lower case, with port) and path of `url`, so the crawler need not parse it again. */
  host: string;
  path: string;
  tag: string;
  text: string;
}

/** A resolved link: the URL without fragment, and the parts the checks and the crawler use. */
export interface Resolved {
  href: string;
  host: string;
  path: string;
  /** http or https. */
  web: boolean;
}

/** Resolves a link against its page, without the fragment. */
export function resolve(href: string, base: string): URL | undefined {
  return parse(href, base);
}

const URL_CACHE_MAX = 50_000;
let cached = 0;
const byScope = new Map<string, Map<string, Resolved | null>>();
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

function toResolved(u: URL | undefined): Resolved | null {
  if (!u) return null;
  return { href: u.href, host: u.host, path: u.pathname, web: u.protocol === "http:" || u.protocol === "https:" };
}

/**
 * A resolver for the links of one page. Pages of one site repeat the same links (navigation,
 * footer) thousands of times, and URL parsing is a large share of a crawler's time, so results are
 * cached: absolute links by themselves, root-relative ones per origin, relative ones per directory.
 */
export function resolverFor(base: string): (href: string) => Resolved | undefined {
  const slash = base.indexOf("/", base.indexOf("//") + 2);
  const origin = slash < 0 ? base : base.slice(0, slash);
  const query = base.search(/[?#]/);
  const path = query < 0 ? base : base.slice(0, query);
  const dir = path.slice(0, path.lastIndexOf("/") + 1);
  const table = (key: string) => {
    let t = byScope.get(key);
    if (!t) byScope.set(key, (t = new Map()));
    return t;
  };
  let rootTable: Map<string, Resolved | null> | undefined;
  let dirTable: Map<string, Resolved | null> | undefined;
  return (href) => {
    const c0 = href.charCodeAt(0);
    if (c0 === 63 /* ? */ || c0 === 35 /* # */ || href === "") return toResolved(parse(href, base)) ?? undefined;
    let t: Map<string, Resolved | null>;
    if (c0 === 47 /* / */ && href.charCodeAt(1) !== 47) t = rootTable ??= table(origin);
    else if (ABSOLUTE.test(href)) t = table("");
    else t = dirTable ??= table(dir);
    const hit = t.get(href);
    if (hit !== undefined) return hit ?? undefined;
    const r = toResolved(parse(href, base));
    if (++cached > URL_CACHE_MAX) {
      byScope.clear();
      cached = 0;
      rootTable = dirTable = undefined;
    } else t.set(detach(href), r);
    return r ?? undefined;
  };
}

function parse(href: string, base: string): URL | undefined {
  try {
    const u = new URL(href, base);
    u.hash = "";
    return u;
  } catch {
    return undefined;
  }
}

export function pageKind(f: PageFacts, isHome: boolean): PageKind {
  if (isHome) return "home";
  const m = f.metas;
  if (m.has("articletitle") || m.has("pubdate") || m.has("contentsource")) return "article";
  if (m.get("columntype") === "首页") return "home";
  if (m.has("columnname") || m.has("columntype")) return "column";
  if (f.items.length >= 3 || f.emptyNotice) return "column";
  if (f.pubInfo && f.dates.length > 0 && f.textLength >= 150) return "article";
  return "other";
}

export function columnClass(name: string, type: string): ColumnClass {
  const s = `${type} ${name}`;
  if (/解读|回应|访谈|互动|留言|信箱/.test(s)) return "other";
  if (/通知|公告|公示|政策|文件|规章|法规/.test(s)) return "notice";
  if (/动态|要闻|新闻|资讯|快讯|进展|时政|政务信息|图片新闻/.test(s)) return "dynamic";
  if (/人事|任免|招录|招聘|规划|计划|总结/.test(s)) return "plan";
  return "other";
}

/** A traditional-script copy of the site, published under its own directory. */
const MIRROR = /^\/(zh-hant|zh-tw|zh-hk|big5|fanti|ft)\//i;

/**
 * The column a list page belongs to: its directory, so that pages 2, 3 … of a list count once,
 * and the traditional-script copy of a column counts as the column itself.
 */
export function columnKey(url: URL): string {
  const path = url.pathname.replace(/[^/]*$/, "").replace(MIRROR, "/");
  return `${url.host}${path}`;
}

// Footers are matched in simplified and traditional script (sites publish a 繁體 copy too).
const OWNER_TEXT = /主\s*[办辦]/;
const CONTACT_TEXT = /[联聯][系繫](方式|电话|電話|我们|我們|地址)|[电電]\s*[话話]|地\s*址|[邮郵]\s*箱|e-?mail/i;
const ICP_TEXT = /ICP\s*[备備]\s*\d+/i;
const PSB_TEXT = /公[网網]安[备備]\s*\d+/;
const CONAC_TEXT = /[党黨]政机关|[党黨]政機關/;
const ID_IN_FOOTER = /[标標][识識][码碼]\s*[:：]?\s*([A-Za-z0-9]{4,16})/;

export function observePage(f: PageFacts, pageUrl: string, isHome: boolean, scope: SiteScope, now: Date): PageObservation {
  const base = f.base ? (resolve(f.base, pageUrl)?.href ?? pageUrl) : pageUrl;
  const resolveLink = resolverFor(base);
  const kind = pageKind(f, isHome);
  const m = f.metas;
  const obs: PageObservation = { url: pageUrl, kind, title: f.title, metaMissing: [], footerMissing: [], hiddenLinks: [], foreign: [], links: [] };

  // Meta tags (网页设计规范): site tags everywhere, column tags on list pages, content tags on articles.
  const required: readonly string[] =
    kind === "column" ? [...SITE_METAS, ...COLUMN_METAS] : kind === "article" ? [...SITE_METAS, ...ARTICLE_METAS] : SITE_METAS;
  for (const name of required) if (!m.get(name.toLowerCase())) obs.metaMissing.push(name);
  const pub = m.get("pubdate");
  if (kind === "article" && pub && !PUBDATE_RE.test(pub)) obs.pubDateBad = pub;
  const siteId = m.get("siteidcode");
  if (siteId) obs.siteIdMeta = siteId;

  // Footer (底部功能区). Without a recognisable footer container, the end of the page stands in.
  const footerText = f.footer.found ? f.footer.text : f.tail;
  if (!OWNER_TEXT.test(footerText)) obs.footerMissing.push("owner");
  if (!CONTACT_TEXT.test(footerText)) obs.footerMissing.push("contact");
  const idm = ID_IN_FOOTER.exec(footerText);
  if (idm) obs.siteIdFooter = idm[1];
  else obs.footerMissing.push("idcode");
  const hasIcp = ICP_TEXT.test(footerText);
  if (!hasIcp) obs.footerMissing.push("icp");
  const hasPsb = PSB_TEXT.test(footerText);
  if (!hasPsb) obs.footerMissing.push("psb");
  if (!f.conacMark && !CONAC_TEXT.test(footerText)) obs.footerMissing.push("conac");

  let icpLinked: "new" | "old" | undefined;
  let psbLinked = false;
  const newestOnPage: string[] = [];
  const homeLinks: string[] = [];
  const today = todayOf(now);

  for (const link of f.links) {
    const u = resolveLink(link.href);
    if (!u || !u.web) continue;
    obs.links.push({ url: u.href, host: u.host, path: u.path, tag: link.tag, text: link.text });
    const host = u.host;
    if (host === "beian.miit.gov.cn") icpLinked = "new";
    else if (!icpLinked && (host === "www.miitbeian.gov.cn" || host === "miitbeian.gov.cn")) icpLinked = "old";
    if (host === "www.beian.gov.cn" || host === "beian.gov.cn") psbLinked = true;
    if (link.hidden && (link.tag === "a" || link.tag === "area") && !isAllowedHost(scope, host)) {
      obs.hiddenLinks.push({ url: u.href, host, text: link.text, reason: link.hidden });
    }
    if (isHome && link.tag === "a" && isSiteHost(scope, host)) homeLinks.push(u.href);
  }
  if (hasIcp && icpLinked !== "new") obs.icpLink = icpLinked === "old" ? "old" : "missing";
  if (hasPsb && !psbLinked) obs.psbLinkMissing = true;

  for (const e of f.embeds) {
    const u = resolveLink(e.src);
    if (!u || !u.web) continue;
    const host = u.host;
    if (!isAllowedHost(scope, host)) obs.foreign.push({ url: u.href, host, tag: e.tag, scripted: false });
  }
  for (const s of f.scriptedUrls) {
    const u = resolveLink(s);
    if (!u || !u.web) continue;
    const host = u.host;
    if (!isAllowedHost(scope, host)) obs.foreign.push({ url: u.href, host, tag: "script", scripted: true });
  }

  // Dates. Future dates (a 2099 typo, an event announcement) never count as an update.
  if (kind === "article") {
    const d = pub ? /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(pub) : undefined;
    const fromMeta = d ? `${d[1]}-${d[2]!.padStart(2, "0")}-${d[3]!.padStart(2, "0")}` : undefined;
    obs.pubDate = fromMeta ?? f.dates.find((x) => x <= today);
  }
  for (const it of f.items) if (it.date <= today) newestOnPage.push(it.date);
  if (kind === "column") {
    const u = new URL(pageUrl);
    const name = detach(m.get("columnname") || f.h1 || f.title.split(/[-_|—]/)[0]!.trim() || u.pathname);
    obs.column = {
      key: columnKey(u),
      name,
      cls: columnClass(name, m.get("columntype") ?? ""),
      newest: max(newestOnPage),
      items: f.items.length,
      blank: f.items.length === 0 && f.emptyNotice,
      archived: f.archived,
      mirror: MIRROR.test(u.pathname),
    };
  }
  if (kind === "home") {
    for (const d of f.dates) if (d <= today) newestOnPage.push(d);
    obs.newest = max(newestOnPage);
    obs.homeLinks = homeLinks.slice(0, 500);
  }
  return obs;
}

let lastNow: Date | undefined;
let lastToday = "";
function todayOf(now: Date): string {
  if (now !== lastNow) {
    lastNow = now;
    lastToday = isoDate(now);
  }
  return lastToday;
}

export function isoDate(d: Date): string {
  // The national rules count calendar days in China.
  const t = new Date(d.getTime() + 8 * 3600_000);
  return t.toISOString().slice(0, 10);
}

function max(xs: string[]): string | undefined {
  let best: string | undefined;
  for (const x of xs) if (best === undefined || x > best) best = x;
  return best;
}

/** Whole days from `date` (YYYY-MM-DD, China time) to `now`. */
export function daysSince(date: string, now: Date): number {
  const t = Date.parse(`${date}T00:00:00+08:00`);
  const today = Date.parse(`${isoDate(now)}T00:00:00+08:00`);
  return Math.round((today - t) / 86_400_000);
}

/**
 * Everything done to one fetched HTML page, as a pure function of its bytes: decoding (UTF-8,
 * GBK …), the one-pass extraction, the page norms, and the content checks. It runs in the crawling
 * thread or in worker threads (pool.ts); either way the result is plain data.
 */
import type { Category, Checker, Finding } from "@govsite/checks";
import { extractPage } from "./html/extract.ts";
import { isSoftNotFound, titleSaysNotFound } from "./links.ts";
import { isAllowedHost, isSiteHost, observePage, resolve, type PageObservation, type SiteScope } from "./page-checks.ts";
import { detach } from "./strings.ts";
import type { FindingSeverity } from "./types.ts";

export interface PageInput {
  url: string;
  body: Uint8Array;
  contentType?: string;
  isHome: boolean;
  /** Return the decoded HTML too (for the cloaking sample). */
  keepHtml: boolean;
}

export interface ContentHit {
  rule: string;
  category: Category;
  severity: FindingSeverity;
  /** The text found, de-identified for personal data. */
  text: string;
  detail: string;
}

export interface PageAnalysis {
  /** An in-site page that says it does not exist. */
  soft404: boolean;
  obs?: PageObservation;
  content: ContentHit[];
  html?: string;
}

/** The first stage alone: what the crawl needs to go on, and what the content checks will read. */
export interface PageReading {
  soft404: boolean;
  obs?: PageObservation;
  html?: string;
  /** The text as the check engine would read it, and the link targets it judges. */
  lines: string[];
  targets: string[];
}

export interface AnalysisContext {
  scope: SiteScope;
  now: Date;
  checker?: Checker;
  /** Verdicts reused within one audit (see textVerdicts, linkVerdicts). */
  cache?: { lines: Map<string, ContentHit[]>; sketches: Set<number>; targets: Map<string, ContentHit[]> };
}

export function analysePage(input: PageInput, ctx: AnalysisContext): PageAnalysis {
  const r = readPage(input, ctx);
  const content = r.soft404 ? [] : checkContent(r.lines, r.targets, input.url, ctx);
  return { soft404: r.soft404, obs: r.obs, content, html: r.html };
}

/** Decoding, extraction and the page norms. */
export function readPage(input: PageInput, ctx: AnalysisContext): PageReading {
  const html = decodeHtml(input.body, input.contentType);
  const facts = extractPage(html);
  // The title first: the text length is counted only when it is needed.
  if (!input.isHome && titleSaysNotFound(facts.title) && isSoftNotFound(facts.title, facts.textLength)) return { soft404: true, lines: [], targets: [] };
  const obs = observePage(facts, input.url, input.isHome, ctx.scope, ctx.now);
  return { soft404: false, obs, html: input.keepHtml ? html : undefined, lines: facts.lines, targets: facts.targets };
}

/** The content checks on a page's text and link targets (nothing when there is no checker). */
export function checkContent(lines: string[], targets: string[], url: string, ctx: AnalysisContext): ContentHit[] {
  if (!ctx.checker) return [];
  // The text is the one the engine's own HTML reader would produce, so the page is parsed once.
  const content = textVerdicts(lines, url, ctx);
  for (const h of linkVerdicts(targets, url, ctx)) content.push(h);
  return content;
}

/** The engine warns about links leaving .gov.cn; the audit's allow list (own site, the
 * 党政机关网站标识, the 找错 platform, --allow) says which of those are expected. */
function ignoredLink(f: Finding, pageUrl: string, scope: SiteScope): boolean {
  if (f.rule !== "link.non-gov" && f.rule !== "link.ip") return false;
  const u = resolve(f.text, pageUrl);
  return u !== undefined && isAllowedHost(scope, u.host);
}

function toHit(f: Finding): ContentHit {
  // Personal data is reported de-identified: the report must not spread what it found.
  const masked = f.category === "pii" && f.suggestion !== undefined;
  return {
    rule: f.rule,
    category: f.category,
    severity: f.severity === "block" ? "severe" : f.severity,
    // Kept in the caches and the report: copies, not slices of the page's text.
    text: detach(masked ? f.suggestion! : f.text),
    detail: detach(masked ? f.message.split(f.text).join(f.suggestion!) : f.message),
  };
}

/**
 * Content findings for a page's text, line by line. The engine never matches across a line break
 * and reads context only within a line (block elements and shown attributes each get their own),
 * so a line's findings do not depend on the rest of the page: the navigation, side bars and footer
 * that every page repeats are checked once per audit and thread, and their findings reused.
 *
 * Cached lines are copies (detach): a line cut from a page would keep the whole page in memory.
 * Short lines (menus, footers, titles) are cached when first seen. Longer ones are mostly article
 * paragraphs that never come again: copying and storing each of them was most of the cache's
 * memory and a good part of the crawl's garbage, so they are cached only when seen a second time
 * (the first sighting is remembered by a fingerprint, a number).
 */
const LINES_MAX = 50_000;
const SKETCHES_MAX = 500_000;
const LINE_SHORT = 64;
const LINE_CACHED_MAX = 600;
const TARGETS_MAX = 100_000;

const NO_HITS: ContentHit[] = [];

function caches(ctx: AnalysisContext): NonNullable<AnalysisContext["cache"]> {
  return (ctx.cache ??= { lines: new Map(), sketches: new Set(), targets: new Map() });
}

/**
 * A cheap fingerprint of a line: its length and a few of its characters. Equal lines have equal
 * fingerprints; unequal ones may share one, which only costs a cache lookup.
 */
function sketch(s: string): number {
  const n = s.length;
  let h = n;
  h = (Math.imul(h, 31) + s.charCodeAt(0)) | 0;
  h = (Math.imul(h, 31) + s.charCodeAt(1)) | 0;
  h = (Math.imul(h, 31) + s.charCodeAt(n >> 2)) | 0;
  h = (Math.imul(h, 31) + s.charCodeAt(n >> 1)) | 0;
  h = (Math.imul(h, 31) + s.charCodeAt((n >> 1) + 1)) | 0;
  h = (Math.imul(h, 31) + s.charCodeAt((3 * n) >> 2)) | 0;
  h = (Math.imul(h, 31) + s.charCodeAt(n - 2)) | 0;
  h = (Math.imul(h, 31) + s.charCodeAt(n - 1)) | 0;
  return h & 0x3fffffff;
}

/** White space as String.prototype.trim and /\s/ have it (the check for a blank line's first character). */
function isSpace(c: number): boolean {
  return c <= 32
    ? c === 32 || (c >= 9 && c <= 13)
    : c === 0xa0 || c === 0x3000 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f;
}

function textVerdicts(lines: string[], url: string, ctx: AnalysisContext): ContentHit[] {
  const { lines: cache, sketches } = caches(ctx);
  const found: ContentHit[] = [];
  const fresh: string[] = [];
  /** Which of `fresh` to cache once checked. */
  const keep: boolean[] = [];
  for (const line of lines) {
    // White space alone (a third of a page's lines: the breaks between list items) holds nothing
    // to find.
    if (isSpace(line.charCodeAt(0)) && line.trim() === "") continue;
    // Very long lines are article paragraphs, unique to their page: not worth a lookup. A line that
    // comes twice in one page is checked twice; the page's findings are counted once (audit.ts).
    const n = line.length;
    let cacheIt = false;
    if (n <= LINE_SHORT) cacheIt = true;
    else if (n <= LINE_CACHED_MAX) {
      const k = sketch(line);
      if (sketches.has(k)) cacheIt = true;
      else {
        if (sketches.size >= SKETCHES_MAX) sketches.clear();
        sketches.add(k);
      }
    }
    if (cacheIt) {
      const hit = cache.get(line);
      if (hit !== undefined) {
        for (const h of hit) found.push(h);
        continue;
      }
    }
    fresh.push(line);
    keep.push(cacheIt);
  }
  if (fresh.length === 0) return found;
  const joined = fresh.join("\n");
  const starts: number[] = [];
  let at = 0;
  for (const line of fresh) {
    starts.push(at);
    at += line.length + 1;
  }
  // Most lines have no finding: they share one empty list (never written to) in the cache.
  const perLine: ContentHit[][] = new Array<ContentHit[]>(fresh.length).fill(NO_HITS);
  for (const f of ctx.checker!.checkText(joined, { now: ctx.now })) {
    if (ignoredLink(f, url, ctx.scope)) continue;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= f.start) lo = mid;
      else hi = mid - 1;
    }
    if (perLine[lo] === NO_HITS) perLine[lo] = [];
    perLine[lo]!.push(toHit(f));
  }
  if (cache.size + fresh.length > LINES_MAX) cache.clear();
  for (let i = 0; i < fresh.length; i++) {
    if (keep[i]) cache.set(detach(fresh[i]!), perLine[i]!);
    for (const h of perLine[i]!) found.push(h);
  }
  return found;
}

/**
 * The engine's link rules (javascript: targets, blocked and IP addresses, links leaving .gov.cn,
 * personal mailboxes) for the page's link targets. Navigation and footer links repeat on every
 * page, so each target is judged once per audit and thread and the verdict reused.
 */
const SCHEME = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

function isOwn(target: string, scope: SiteScope): boolean {
  const m = /^(?:https?:)?\/\/([^/?#]+)/i.exec(target);
  return m !== null && isSiteHost(scope, m[1]!.toLowerCase());
}

const escAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

function linkVerdicts(targets: string[], pageUrl: string, ctx: AnalysisContext): ContentHit[] {
  const verdicts = caches(ctx).targets;
  const found: ContentHit[] = [];
  let fresh: Set<string> | undefined;
  let done: Set<string> | undefined;
  for (const t of targets) {
    // Relative links and links to the site itself cannot leave the site: nothing to judge.
    if (!SCHEME.test(t) || isOwn(t, ctx.scope)) continue;
    const v = verdicts.get(t);
    if (v === undefined) (fresh ??= new Set()).add(t);
    else if (v.length > 0 && !(done ??= new Set()).has(t)) {
      done.add(t);
      for (const h of v) found.push(h);
    }
  }
  if (fresh) {
    const byTarget = new Map<string, ContentHit[]>([...fresh].map((t) => [t, []]));
    const html = [...fresh].map((t) => `<a href="${escAttr(t)}"></a>`).join("\n");
    for (const f of ctx.checker!.checkHtml(html, { now: ctx.now, categories: ["link", "pii"] })) {
      if (ignoredLink(f, pageUrl, ctx.scope)) continue;
      const list = byTarget.get(f.text);
      if (list) list.push(toHit(f));
      else found.push(toHit(f));
    }
    if (verdicts.size + byTarget.size > TARGETS_MAX) verdicts.clear();
    for (const [t, list] of byTarget) {
      verdicts.set(detach(t), list);
      for (const h of list) found.push(h);
    }
  }
  return found;
}

/** Many government sites still serve GBK or GB2312; the charset comes from the header or the page. */
export function decodeHtml(buf: Uint8Array, contentType?: string): string {
  let cs = /charset\s*=\s*["']?([\w-]+)/i.exec(contentType ?? "")?.[1];
  if (!cs) {
    const head = Buffer.from(buf.buffer, buf.byteOffset, Math.min(buf.byteLength, 2048)).toString("latin1");
    cs = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
  }
  const c = cs?.toLowerCase();
  if (!c || c === "utf-8" || c === "utf8") return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString("utf8");
  try {
    return new TextDecoder(c).decode(buf);
  } catch {
    return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString("utf8");
  }
}

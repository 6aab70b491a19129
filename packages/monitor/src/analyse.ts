/**
 * Everything done to one fetched HTML page, as a pure function of its bytes: decoding (UTF-8,
 * GBK …), the one-pass extraction, the page norms, and the content checks. It runs in the crawling
 * thread or in worker threads (pool.ts); either way the result is plain data.
 */
import type { Category, Checker, Finding } from "@govsite/checks";
import { extractPage } from "./html/extract.ts";
import { isSoftNotFound } from "./links.ts";
import { isAllowedHost, observePage, resolve, type PageObservation, type SiteScope } from "./page-checks.ts";
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

export interface AnalysisContext {
  scope: SiteScope;
  now: Date;
  checker?: Checker;
}

export function analysePage(input: PageInput, ctx: AnalysisContext): PageAnalysis {
  const html = decodeHtml(input.body, input.contentType);
  const facts = extractPage(html);
  if (!input.isHome && isSoftNotFound(facts.title, facts.textLength)) return { soft404: true, content: [] };
  const obs = observePage(facts, input.url, input.isHome, ctx.scope, ctx.now);
  const content: ContentHit[] = [];
  if (ctx.checker) {
    // The text is the one the engine's own HTML reader would produce, so the page is parsed once.
    for (const f of textVerdicts(facts.text, ctx)) {
      if (!ignoredLink(f, input.url, ctx.scope)) content.push(toHit(f));
    }
    content.push(...linkVerdicts(facts.targets, input.url, ctx));
  }
  return { soft404: false, obs, content, html: input.keepHtml ? html : undefined };
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
    text: masked ? f.suggestion! : f.text,
    detail: masked ? f.message.split(f.text).join(f.suggestion!) : f.message,
  };
}

/**
 * Content findings for a page's text, line by line. The engine never matches across a line break
 * and reads context only within a line (block elements and shown attributes each get their own),
 * so a line's findings do not depend on the rest of the page: the navigation, side bars and footer
 * that every page repeats are checked once per thread and their findings reused.
 */
interface LineCache {
  lines: Map<string, Finding[]>;
}
const linesByChecker = new WeakMap<Checker, LineCache>();
const LINES_MAX = 50_000;
const LINE_CACHED_MAX = 600;

function textVerdicts(text: string, ctx: AnalysisContext): Finding[] {
  const checker = ctx.checker!;
  let cache = linesByChecker.get(checker);
  if (!cache) linesByChecker.set(checker, (cache = { lines: new Map() }));
  const found: Finding[] = [];
  const fresh: string[] = [];
  const seen = new Set<string>();
  for (const line of text.split("\n")) {
    if (line.length > LINE_CACHED_MAX) {
      // Long lines are article paragraphs, unique to their page: not worth a lookup.
      fresh.push(line);
      continue;
    }
    if (!line.trim() || seen.has(line)) continue;
    seen.add(line);
    const hit = cache.lines.get(line);
    if (hit) found.push(...hit);
    else fresh.push(line);
  }
  if (fresh.length === 0) return found;
  const joined = fresh.join("\n");
  const starts: number[] = [];
  let at = 0;
  for (const line of fresh) {
    starts.push(at);
    at += line.length + 1;
  }
  const perLine: Finding[][] = fresh.map(() => []);
  for (const f of checker.checkText(joined, { now: ctx.now })) {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= f.start) lo = mid;
      else hi = mid - 1;
    }
    perLine[lo]!.push(f);
  }
  if (cache.lines.size + fresh.length > LINES_MAX) cache.lines.clear();
  fresh.forEach((line, i) => {
    if (line.length <= LINE_CACHED_MAX) cache.lines.set(line, perLine[i]!);
    found.push(...perLine[i]!);
  });
  return found;
}

/**
 * The engine's link rules (javascript: targets, blocked and IP addresses, links leaving .gov.cn,
 * personal mailboxes) for the page's link targets. Navigation and footer links repeat on every
 * page, so each target is judged once per thread and the verdict reused.
 */
const verdictsByChecker = new WeakMap<Checker, Map<string, Finding[]>>();
const VERDICTS_MAX = 100_000;
const escAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

function linkVerdicts(targets: string[], pageUrl: string, ctx: AnalysisContext): ContentHit[] {
  const checker = ctx.checker!;
  let verdicts = verdictsByChecker.get(checker);
  if (!verdicts) verdictsByChecker.set(checker, (verdicts = new Map()));
  const found: Finding[] = [];
  const fresh: string[] = [];
  for (const t of new Set(targets)) {
    const v = verdicts.get(t);
    if (v) found.push(...v);
    else fresh.push(t);
  }
  if (fresh.length > 0) {
    const byTarget = new Map<string, Finding[]>(fresh.map((t) => [t, []]));
    const html = fresh.map((t) => `<a href="${escAttr(t)}"></a>`).join("\n");
    for (const f of checker.checkHtml(html, { now: ctx.now, categories: ["link", "pii"] })) {
      const list = byTarget.get(f.text);
      if (list) list.push(f);
      else found.push(f);
    }
    if (verdicts.size + byTarget.size > VERDICTS_MAX) verdicts.clear();
    for (const [t, list] of byTarget) {
      verdicts.set(t, list);
      found.push(...list);
    }
  }
  return found.filter((f) => !ignoredLink(f, pageUrl, ctx.scope)).map(toHit);
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

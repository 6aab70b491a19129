/**
 * Cloaking (搜索引擎劫持): a hacked server shows search-engine crawlers, or readers arriving from
 * a search engine, a different page (gambling links, a redirect) while the site's staff see the
 * normal one. Each sampled page is fetched again as an ordinary browser, as Baiduspider, as
 * Googlebot and as a browser coming from a Baidu results page. What differs between the two
 * ordinary fetches is noise (clocks, counters, rotating banners) and is ignored; what only the
 * crawler or the search visitor gets is reported.
 */
export interface Fingerprint {
  /** Text segments, whitespace removed and digits folded, so times and counters do not count. */
  text: Set<string>;
  /** Hosts of links and script sources. */
  hosts: Set<string>;
  /** Script sources and inline scripts (digits folded). */
  scripts: Set<string>;
}

export const CLOAK_AGENTS = [
  {
    id: "baiduspider",
    label: "百度搜索引擎爬虫（Baiduspider）",
    headers: { "user-agent": "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)" },
  },
  {
    id: "googlebot",
    label: "谷歌搜索引擎爬虫（Googlebot）",
    headers: { "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" },
  },
  {
    id: "search-referer",
    label: "从百度搜索结果点击进入的访客",
    headers: {
      "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
      referer: "https://www.baidu.com/s?wd=%E6%94%BF%E5%BA%9C%E7%BD%91%E7%AB%99",
    },
  },
] as const;

/** The ordinary browser the search-referer variant is compared with. */
export const BROWSER_HEADERS = { "user-agent": CLOAK_AGENTS[2].headers["user-agent"] };

const fold = (s: string) => s.replace(/\s+/g, "").replace(/\d+/g, "#");

export function fingerprint(html: string, pageUrl: string): Fingerprint {
  const fp: Fingerprint = { text: new Set(), hosts: new Set(), scripts: new Set() };
  const body = html.replace(/<!--[\s\S]*?-->/g, "");
  const scriptRe = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
  let m: RegExpExecArray | null;
  while ((m = scriptRe.exec(body))) {
    const src = /\bsrc\s*=\s*["']?([^"'\s>]+)/i.exec(m[1]!)?.[1];
    if (src) {
      fp.scripts.add(fold(src));
      addHost(fp, src, pageUrl);
    }
    const code = fold(m[2]!);
    if (code) fp.scripts.add(code.slice(0, 2000));
  }
  const hrefRe = /\b(?:href|src)\s*=\s*["']?([^"'\s>]+)/gi;
  while ((m = hrefRe.exec(body))) addHost(fp, m[1]!, pageUrl);
  const text = body
    .replace(/<script\b[\s\S]*?<\/script\s*>/gi, "\u0000")
    .replace(/<style\b[\s\S]*?<\/style\s*>/gi, "\u0000")
    .replace(/<[^>]*>/g, "\u0000");
  for (const seg of text.split("\u0000")) {
    const f = fold(decodeBasic(seg));
    if (f) fp.text.add(f);
  }
  return fp;
}

function addHost(fp: Fingerprint, ref: string, pageUrl: string): void {
  if (!/^(https?:)?\/\//i.test(ref)) return;
  try {
    fp.hosts.add(new URL(ref, pageUrl).host.toLowerCase());
  } catch {
    // not a URL
  }
}

function decodeBasic(s: string): string {
  return s.replace(/&nbsp;|&#160;/g, " ").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"');
}

export interface CloakDiff {
  addedText: string[];
  removedChars: number;
  addedHosts: string[];
  addedScripts: number;
}

/**
 * What `variant` has that neither ordinary fetch had, and what both ordinary fetches had that
 * `variant` lacks. Undefined when the difference is only noise.
 */
export function compareFingerprints(a: Fingerprint, b: Fingerprint, variant: Fingerprint): CloakDiff | undefined {
  const addedText: string[] = [];
  let addedChars = 0;
  for (const t of variant.text) {
    if (!a.text.has(t) && !b.text.has(t)) {
      addedText.push(t);
      addedChars += t.length;
    }
  }
  let stableChars = 0;
  let removedChars = 0;
  for (const t of a.text) {
    if (!b.text.has(t)) continue;
    stableChars += t.length;
    if (!variant.text.has(t)) removedChars += t.length;
  }
  const addedHosts = [...variant.hosts].filter((h) => !a.hosts.has(h) && !b.hosts.has(h));
  let addedScripts = 0;
  for (const s of variant.scripts) if (!a.scripts.has(s) && !b.scripts.has(s)) addedScripts++;
  const significant =
    addedHosts.length > 0 || addedScripts > 0 || addedChars >= 20 || removedChars >= Math.max(50, stableChars * 0.3);
  if (!significant) return undefined;
  return { addedText, removedChars, addedHosts, addedScripts };
}

export function describeDiff(d: CloakDiff): string {
  const parts: string[] = [];
  if (d.addedHosts.length) parts.push(`多出指向 ${d.addedHosts.slice(0, 5).join("、")} 的链接或脚本`);
  else if (d.addedScripts) parts.push(`多出 ${d.addedScripts} 段脚本`);
  const sample = d.addedText.join(" ").replace(/#/g, "0").slice(0, 40);
  if (sample) parts.push(`多出文字“${sample}${d.addedText.join("").length > 40 ? "…" : ""}”`);
  if (d.removedChars > 0) parts.push(`缺少普通访问可见的 ${d.removedChars} 个字`);
  return parts.join("；");
}

/**
 * Links: `javascript:` targets and blocklisted domains are blocked; links leaving the
 * government domain space are warnings (the reader must be told they are leaving, and
 * someone must vouch for the target). Checks HTML link targets and URLs written in text.
 */
import type { LinkTarget, RawFinding, Scan } from "../engine/scan.ts";
import { according } from "../regulations.ts";
import { classifyEmail } from "./pii.ts";
import { mask } from "./pii-validate.ts";

const TEXT_URL = /(?:[Hh][Tt][Tt][Pp][Ss]?:\/\/|[Ww][Ww][Ww]\.)[A-Za-z0-9\-._~:/?#[\]@!$&'*+,;=%]+/g;
const MAY_HAVE_URL = /[Hh][Tt][Tt][Pp]|[Ww][Ww][Ww]\./;

/** Central party and state media and national platforms: not government domains, but no warning. */
const ALLOW_DEFAULT = ["gov.cn", "people.com.cn", "xinhuanet.com", "news.cn", "cctv.com", "12377.cn", "qstheory.cn"];

export function detectLinks(scan: Scan): void {
  if (!scan.enabled("link") && !scan.enabled("pii")) return;
  for (const link of scan.links) {
    const f = judge(scan, link.url.trim());
    if (f) emit(scan, f, link, true);
  }
  const { text } = scan;
  if (!MAY_HAVE_URL.test(text)) return;
  for (const m of text.matchAll(TEXT_URL)) {
    const start = m.index!;
    // Inside <a>, the href is what the reader follows; it has been checked above.
    if (scan.anchors.some(([s, e]) => s <= start && start < e)) continue;
    const url = m[0].replace(/[.,;:!?)\]]+$/, "");
    const f = judge(scan, /^www\./i.test(url) ? `http://${url}` : url);
    if (f) emit(scan, f, { url, start, end: start + url.length }, false);
  }
}

type Verdict = Omit<RawFinding, "start" | "end" | "inSource">;

function emit(scan: Scan, verdict: Verdict, link: LinkTarget, inSource: boolean): void {
  if (!scan.enabled(verdict.category)) return;
  scan.emit({ ...verdict, start: link.start, end: link.end, inSource, text: link.url });
}

function judge(scan: Scan, url: string): Verdict | undefined {
  if (/^\s*javascript:/i.test(url) && !/^\s*javascript:\s*(?:void\s*\(\s*0\s*\)\s*;?|;?)\s*$/i.test(url)) {
    return {
      rule: "link.javascript",
      category: "link",
      severity: "block",
      message: `链接目标是脚本代码（javascript:），可能被用于植入恶意代码或暗链。${according(scan.citations.link)}请改为正常的网页地址。`,
    };
  }
  if (/^mailto:/i.test(url)) {
    const address = decodeURIComponent(url.slice(7).split("?")[0] ?? "");
    if (classifyEmail(address) === "free") {
      return {
        rule: "pii.email",
        category: "pii",
        severity: "warn",
        suggestion: mask.email(address),
        message: `链接指向个人或商业免费邮箱“${address}”。如为个人邮箱，应去标识化；如为单位邮箱，建议改用政务邮箱（.gov.cn）。`,
      };
    }
    return undefined;
  }
  if (!/^https?:\/\//i.test(url) && !/^\/\//.test(url)) return undefined; // relative, anchor, tel: …
  let host: string;
  try {
    host = new URL(url.startsWith("//") ? `http:${url}` : url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  const { block, allow } = scan.dictionaries.domains;
  if (matchesDomain(host, block)) {
    return {
      rule: "link.blocked",
      category: "link",
      severity: "block",
      message: `链接指向列入禁止名单的网站“${host}”。${according(scan.citations.link)}不得与非法网站建立链接，请删除该链接。`,
    };
  }
  if (matchesDomain(host, [...ALLOW_DEFAULT, ...allow])) return undefined;
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) || host.includes(":")) {
    return {
      rule: "link.ip",
      category: "link",
      severity: "warn",
      message: `链接直接使用IP地址“${host}”，无法确认网站主办者。请改用经备案的域名，或删除该链接。`,
    };
  }
  return {
    rule: "link.non-gov",
    category: "link",
    severity: "warn",
    message: `链接指向非政府网站“${host}”。请确认目标网站内容合法、与政府网站身份相符，并在跳转前提示用户即将离开本网站。`,
  };
}

/** The host is the domain or one of its subdomains ("evil.gov.cn.example.com" is not gov.cn). */
export function matchesDomain(host: string, domains: readonly string[]): boolean {
  return domains.some((d) => host === d || host.endsWith(`.${d}`));
}

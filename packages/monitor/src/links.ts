/**
 * Grading link results as the commercial government-site monitors do: only what certainly does
 * not exist (404, 410, a "page not found" page) is a broken link; refusals, throttling, server
 * errors after retries, bot walls and timeouts are "suspected" — the top complaint about link
 * checkers is false alarms from exactly those.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { FetchOutcome } from "./http/fetcher.ts";
import type { LinkProblem, RedirectHop } from "./types.ts";

export interface LinkOutcome {
  state: "ok" | "broken" | "suspected";
  /** Final HTTP status; 0 when no answer came. */
  status: number;
  reason?: LinkProblem;
  finalUrl?: string;
  redirects?: RedirectHop[];
}

const BOT_WALL_SERVERS = /cloudflare|yunjiasu|jiasule|safedog|anquanbao|wangzhan\.?bao|yundun|ddos|waf/i;
const NOT_FOUND_PATH = /(^|\/)(404|error|notfound|not_found|nopage)([._-][^/]*)?$/i;
const NOT_FOUND_TITLE = /404|页面不存在|找不到|未找到|页面已删除|已被删除|not\s*found/i;

function outcome(status: number, finalUrl: string | undefined, redirects: RedirectHop[] | undefined, state: LinkOutcome["state"], reason?: LinkProblem): LinkOutcome {
  return { state, status, reason, finalUrl, redirects };
}


export function classify(o: FetchOutcome): LinkOutcome {
  // Built directly, always with the same fields (object spread here was a visible cost per request).
  const status = o.status;
  const finalUrl = o.finalUrl !== o.url ? o.finalUrl : undefined;
  const redirects = o.redirects.length ? o.redirects : undefined;
  if (o.error) {
    if (o.error === "invalid_url") return outcome(status, finalUrl, redirects, "broken", "invalid_url");
    if (o.error === "redirect_loop") return outcome(status, finalUrl, redirects, "suspected", "redirect_loop");
    if (o.error === "aborted") return outcome(status, finalUrl, redirects, "suspected", "timeout");
    return outcome(status, finalUrl, redirects, "suspected", o.error);
  }
  const s = status;
  if (s >= 200 && s < 300) {
    // A redirect that lands on the site's "not found" page is a broken link reported politely.
    if (o.redirects.length > 0 && NOT_FOUND_PATH.test(new URL(o.finalUrl).pathname)) return outcome(status, finalUrl, redirects, "broken", "not_found");
    return outcome(status, finalUrl, redirects, "ok");
  }
  if (s === 404) return outcome(status, finalUrl, redirects, "broken", "not_found");
  if (s === 410) return outcome(status, finalUrl, redirects, "broken", "gone");
  if (isBotWall(s, o.headers)) return outcome(status, finalUrl, redirects, "suspected", "bot_block");
  if (s === 401 || s === 403) return outcome(status, finalUrl, redirects, "suspected", "forbidden");
  if (s === 429) return outcome(status, finalUrl, redirects, "suspected", "throttled");
  if (s >= 500) return outcome(status, finalUrl, redirects, "suspected", "server_error");
  return outcome(status, finalUrl, redirects, "suspected", "status");
}

function isBotWall(status: number, headers: IncomingHttpHeaders | undefined): boolean {
  if (status === 412 || status === 521 || status === 999) return true;
  if (status !== 403 && status !== 503) return false;
  const server = `${headers?.server ?? ""} ${headers?.["x-powered-by"] ?? ""}`;
  return BOT_WALL_SERVERS.test(server) || headers?.["cf-ray"] !== undefined;
}

/** An in-site HTML page answering 200 but saying it does not exist (软404). */
export function isSoftNotFound(title: string, textLength: number): boolean {
  return textLength < 1500 && NOT_FOUND_TITLE.test(title);
}

/** The first half of isSoftNotFound, which needs no text length. */
export function titleSaysNotFound(title: string): boolean {
  return NOT_FOUND_TITLE.test(title);
}

/** Links that are not worth an HTTP request. */
export function isCheckable(u: URL): boolean {
  return u.protocol === "http:" || u.protocol === "https:";
}

export const RESOURCE = /\.(?:jpe?g|png|gif|webp|svg|ico|bmp|css|js|mjs|map|json|xml|txt|pdf|docx?|xlsx?|pptx?|wps|et|ofd|zip|rar|7z|gz|tar|mp3|mp4|avi|flv|wmv|mov|swf|apk|exe|woff2?|ttf|eot)$/i;

/** Resources checked with HEAD (then GET without reading) rather than crawled. */
export function looksLikeResource(u: URL): boolean {
  return RESOURCE.test(u.pathname);
}

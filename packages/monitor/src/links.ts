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

export function classify(o: FetchOutcome): LinkOutcome {
  const base = { status: o.status, finalUrl: o.finalUrl !== o.url ? o.finalUrl : undefined, redirects: o.redirects.length ? o.redirects : undefined };
  if (o.error) {
    if (o.error === "invalid_url") return { ...base, state: "broken", reason: "invalid_url" };
    if (o.error === "redirect_loop") return { ...base, state: "suspected", reason: "redirect_loop" };
    if (o.error === "aborted") return { ...base, state: "suspected", reason: "timeout" };
    return { ...base, state: "suspected", reason: o.error };
  }
  const s = o.status;
  if (s >= 200 && s < 300) {
    // A redirect that lands on the site's "not found" page is a broken link reported politely.
    if (o.redirects.length > 0 && NOT_FOUND_PATH.test(new URL(o.finalUrl).pathname)) return { ...base, state: "broken", reason: "not_found" };
    return { ...base, state: "ok" };
  }
  if (s === 404) return { ...base, state: "broken", reason: "not_found" };
  if (s === 410) return { ...base, state: "broken", reason: "gone" };
  if (isBotWall(s, o.headers)) return { ...base, state: "suspected", reason: "bot_block" };
  if (s === 401 || s === 403) return { ...base, state: "suspected", reason: "forbidden" };
  if (s === 429) return { ...base, state: "suspected", reason: "throttled" };
  if (s >= 500) return { ...base, state: "suspected", reason: "server_error" };
  return { ...base, state: "suspected", reason: "status" };
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

/** Links that are not worth an HTTP request. */
export function isCheckable(u: URL): boolean {
  return u.protocol === "http:" || u.protocol === "https:";
}

export const RESOURCE = /\.(?:jpe?g|png|gif|webp|svg|ico|bmp|css|js|mjs|map|json|xml|txt|pdf|docx?|xlsx?|pptx?|wps|et|ofd|zip|rar|7z|gz|tar|mp3|mp4|avi|flv|wmv|mov|swf|apk|exe|woff2?|ttf|eot)$/i;

/** Resources checked with HEAD (then GET without reading) rather than crawled. */
export function looksLikeResource(u: URL): boolean {
  return RESOURCE.test(u.pathname);
}

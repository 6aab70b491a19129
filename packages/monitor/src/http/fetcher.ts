/**
 * HTTP with the manners the complaints about link checkers ask for: per-host limits that are
 * really enforced (HostLimiter), redirects followed one hop at a time and recorded, a pause of the
 * whole host after 429 that honours Retry-After (else doubling back-off), a couple of retries for
 * 5xx, and nothing that can outlive the audit's deadline.
 */
import { setMaxListeners } from "node:events";
import type { IncomingHttpHeaders } from "node:http";
import type { RedirectHop } from "../types.ts";
import { HostLimiter, type HostPolicy } from "./host-limiter.ts";
import { AbortRegistry, RequestError, requestOnce, type RequestErrorCode } from "./request.ts";

export const USER_AGENT = "govsite-monitor/1.0";

export interface FetchOutcome {
  url: string;
  finalUrl: string;
  /** Final HTTP status; 0 when no answer came. */
  status: number;
  redirects: RedirectHop[];
  headers?: IncomingHttpHeaders;
  body?: Buffer;
  truncated?: boolean;
  error?: RequestErrorCode | "redirect_loop";
  errorMessage?: string;
  /** Still 429 after the retries, or Retry-After longer than we wait. */
  throttled?: boolean;
}

export interface FetcherOptions {
  timeoutMs: number;
  retries: number;
  maxRetryWaitMs: number;
  maxBytes: number;
  userAgent: string;
  policyFor: (host: string) => HostPolicy;
  signal: AbortSignal;
  /** First back-off step in ms when a 429 carries no Retry-After, or after a 5xx (default 1,000). */
  backoffMs?: number;
}

export interface FetchRequest {
  method: "GET" | "HEAD";
  /** Read the body when the answer is worth it (GET only). */
  readBody?: (status: number, headers: IncomingHttpHeaders) => boolean;
  headers?: Record<string, string>;
  /** Try again once after a timeout or a network error (used for the start page). */
  retryNetwork?: boolean;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRY_5XX = new Set([500, 502, 503, 504]);
const MAX_REDIRECTS = 10;

export class Fetcher {
  private readonly limiters = new Map<string, HostLimiter>();
  private readonly abort: AbortRegistry;
  /** The request headers when the caller adds none (one object for every request). */
  private readonly headers: Record<string, string>;
  requests = 0;
  throttled = 0;

  constructor(private readonly opts: FetcherOptions) {
    // Back-off sleeps listen for the abort; there can be as many as requests waiting.
    setMaxListeners(0, opts.signal);
    this.abort = new AbortRegistry(opts.signal);
    this.headers = {
      "user-agent": opts.userAgent,
      accept: "text/html,application/xhtml+xml,*/*;q=0.8",
      "accept-language": "zh-CN,zh;q=0.9",
      "accept-encoding": "gzip, deflate, br",
    };
    opts.signal.addEventListener("abort", () => {
      for (const l of this.limiters.values()) l.release();
    });
  }

  limiter(host: string): HostLimiter {
    let l = this.limiters.get(host);
    if (!l) {
      l = new HostLimiter(this.opts.policyFor(host), this.opts.signal);
      this.limiters.set(host, l);
    }
    return l;
  }

  /** Highest number of simultaneous requests seen per host. */
  peaks(): Record<string, number> {
    return Object.fromEntries([...this.limiters].map(([h, l]) => [h, l.peak]));
  }

  async fetch(url: string, req: FetchRequest): Promise<FetchOutcome> {
    const redirects: RedirectHop[] = [];
    const seen = new Set<string>([url]);
    let current = url;
    let method = req.method;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const res = await this.exchange(current, method, req);
      if ("error" in res) return { url, finalUrl: current, status: 0, redirects, error: res.error, errorMessage: res.message };
      const location = res.headers.location;
      if (REDIRECTS.has(res.status) && location) {
        let next: string;
        try {
          const u = new URL(location, current);
          u.hash = "";
          next = u.href;
        } catch {
          return { url, finalUrl: current, status: res.status, redirects, headers: res.headers, error: "invalid_url", errorMessage: `跳转地址无效：${location}` };
        }
        redirects.push({ url: current, status: res.status });
        if (seen.has(next)) return { url, finalUrl: next, status: res.status, redirects, error: "redirect_loop", errorMessage: "循环跳转" };
        seen.add(next);
        if (res.status === 303) method = "GET";
        current = next;
        continue;
      }
      return {
        url,
        finalUrl: current,
        status: res.status,
        redirects,
        headers: res.headers,
        body: res.body,
        truncated: res.truncated,
        throttled: res.throttled,
      };
    }
    return { url, finalUrl: current, status: 0, redirects, error: "redirect_loop", errorMessage: `跳转超过 ${MAX_REDIRECTS} 次` };
  }

  /** One URL, with the retries; no redirects. */
  private async exchange(
    url: string,
    method: "GET" | "HEAD",
    req: FetchRequest,
  ): Promise<
    | { status: number; headers: IncomingHttpHeaders; body?: Buffer; truncated?: boolean; throttled?: boolean }
    | { error: RequestErrorCode; message: string }
  > {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { error: "invalid_url", message: `地址无效：${url}` };
    }
    const limiter = this.limiter(parsed.host);
    const backoff = this.opts.backoffMs ?? 1000;
    const headers = req.headers ? { ...this.headers, ...req.headers } : this.headers;
    let networkRetried = false;
    for (let attempt = 0; ; attempt++) {
      if (this.opts.signal.aborted) return { error: "aborted", message: "已中止" };
      let res;
      try {
        res = await limiter.run(() => {
          this.requests++;
          return requestOnce(parsed, {
            method,
            headers,
            timeoutMs: this.opts.timeoutMs,
            maxBytes: this.opts.maxBytes,
            readBody: req.readBody ?? (() => false),
            abort: this.abort,
          });
        });
      } catch (e) {
        const err = e instanceof RequestError ? e : new RequestError("network", (e as Error).message);
        if (req.retryNetwork && !networkRetried && (err.code === "timeout" || err.code === "network")) {
          networkRetried = true;
          continue;
        }
        return { error: err.code, message: err.message };
      }
      if (res.status === 429) {
        this.throttled++;
        const wait = retryAfterMs(res.headers["retry-after"]) ?? backoff * 2 ** attempt;
        if (attempt >= this.opts.retries || wait > this.opts.maxRetryWaitMs) return { ...res, throttled: true };
        // The whole host waits: a 429 is about our rate, not about this one URL.
        limiter.pause(Date.now() + wait);
        continue;
      }
      if (RETRY_5XX.has(res.status) && attempt < Math.min(2, this.opts.retries)) {
        const wait = retryAfterMs(res.headers["retry-after"]) ?? backoff * 2 ** attempt;
        if (wait > this.opts.maxRetryWaitMs) return res;
        if (!(await sleep(wait, this.opts.signal))) return { error: "aborted", message: "已中止" };
        continue;
      }
      return res;
    }
  }
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  const s = v.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      resolve(false);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

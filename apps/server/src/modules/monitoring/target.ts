// Where a site is reached for HTTP checks, and a small HTTP GET that can name the virtual host.
//
// A site's `settings.monitorUrl` (its public address as readers reach it, e.g. behind the county's
// reverse proxy) wins; otherwise the platform's public server (PUBLIC_BASE_URL) is asked with the
// site's domain as Host header and its path prefix, which is how the public server picks a site.
import http from "node:http";
import https from "node:https";
import path from "node:path";
import type { Services } from "../../services.ts";
import { sites } from "../../db/schema.ts";

type SiteRow = typeof sites.$inferSelect;

export interface SiteTarget {
  /** Base URL of the site's root, ending in "/". */
  base: string;
  /** Host header to send when `base` is the platform's public server rather than the site's own address. */
  host?: string;
  /** The site's own address was configured (settings.monitorUrl). */
  explicit: boolean;
}

export function siteTarget(svc: Services, site: Pick<SiteRow, "domain" | "pathPrefix" | "settings">): SiteTarget {
  const configured = site.settings?.monitorUrl;
  if (typeof configured === "string" && /^https?:\/\//.test(configured)) return { base: configured.endsWith("/") ? configured : `${configured}/`, explicit: true };
  const prefix = site.pathPrefix.endsWith("/") ? site.pathPrefix : `${site.pathPrefix}/`;
  return { base: new URL(prefix, svc.config.public.baseUrl).href, host: site.domain, explicit: false };
}

/** The published directory of a site (data/www/<code>, a symlink to its live release). */
export const publishedDir = (svc: Services, code: string) => path.join(svc.config.publishDir, code);

export interface ProbeOutcome {
  ok: boolean;
  status: number;
  durationMs: number;
  error: string;
}

/**
 * GET `url` and read the whole body within `timeoutMs` (the national rule: a page that is not
 * there within 15 s counts as one failure). Redirects are followed (at most 5); 2xx is success.
 */
export async function probe(url: string, opts: { timeoutMs: number; host?: string }): Promise<ProbeOutcome> {
  const t0 = performance.now();
  const deadline = Date.now() + opts.timeoutMs;
  let current = url;
  for (let hop = 0; hop <= 5; hop++) {
    const r = await getOnce(current, Math.max(1, deadline - Date.now()), hop === 0 ? opts.host : undefined);
    const durationMs = Math.round(performance.now() - t0);
    if (r.error) return { ok: false, status: 0, durationMs, error: r.error };
    if (r.status >= 300 && r.status < 400 && r.location) {
      current = new URL(r.location, current).href;
      continue;
    }
    const ok = r.status >= 200 && r.status < 300;
    return { ok, status: r.status, durationMs, error: ok ? "" : `HTTP ${r.status}` };
  }
  return { ok: false, status: 0, durationMs: Math.round(performance.now() - t0), error: "重定向次数过多" };
}

function getOnce(url: string, timeoutMs: number, host?: string): Promise<{ status: number; location?: string; error?: string }> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: { status: number; location?: string; error?: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(v);
    };
    const u = new URL(url);
    const lib = u.protocol === "https:" ? https : http;
    const req = lib.request(u, { method: "GET", headers: { "user-agent": "govsite-monitor/1.0 (availability)", accept: "text/html,*/*", ...(host ? { host } : {}) }, ...(host && u.protocol === "https:" ? { servername: host } : {}) }, (res) => {
      const status = res.statusCode ?? 0;
      const location = typeof res.headers.location === "string" ? res.headers.location : undefined;
      res.on("data", () => undefined);
      res.on("end", () => finish({ status, ...(location ? { location } : {}) }));
      res.on("error", (e) => finish({ status: 0, error: e.message }));
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish({ status: 0, error: `超过 ${Math.round(timeoutMs / 1000)} 秒未能打开` });
    }, timeoutMs);
    req.on("error", (e) => finish({ status: 0, error: e.message }));
    req.end();
  });
}

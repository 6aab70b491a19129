// The public role: serves the published static sites and the public API. Pages need no database:
// the routing table is `sites.json` in the publish directory, so the public site stays up when
// the admin side or the database is down. Behind nginx in production (`govsite nginx-config`).
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import rateLimit from "@fastify/rate-limit";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Services } from "../services.ts";
import { logger } from "../lib/logger.ts";
import { AppError } from "../lib/errors.ts";
import { search } from "../modules/search/search.ts";

interface SiteRoute {
  code: string;
  domain: string;
  pathPrefix: string;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".pdf": "application/pdf",
  ".doc": "application/msword",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".xls": "application/vnd.ms-excel",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".wps": "application/vnd.ms-works",
  ".ofd": "application/ofd",
  ".mp4": "video/mp4",
  ".zip": "application/zip",
};

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "SAMEORIGIN",
  "referrer-policy": "strict-origin-when-cross-origin",
  "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'self'; object-src 'none'; base-uri 'self'",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
};

export interface PublicAppOptions {
  publishDir: string;
  mediaDir?: string;
  svc?: Services;
  extra?: (app: FastifyInstance) => Promise<void>;
}

/** Reads sites.json again when it changes (checked at most once a second). */
function routeTable(publishDir: string) {
  let cache: { routes: SiteRoute[]; mtime: number; checked: number } = { routes: [], mtime: 0, checked: 0 };
  return async (): Promise<SiteRoute[]> => {
    const t = Date.now();
    if (t - cache.checked < 1000) return cache.routes;
    cache.checked = t;
    try {
      const file = path.join(publishDir, "sites.json");
      const st = await stat(file);
      if (st.mtimeMs !== cache.mtime) {
        const data = JSON.parse(await readFile(file, "utf8")) as { sites: SiteRoute[] };
        // Longest prefix first, so /fgw/ wins over /.
        cache = { routes: data.sites.sort((a, b) => b.pathPrefix.length - a.pathPrefix.length), mtime: st.mtimeMs, checked: t };
      }
    } catch {
      /* no sites published yet */
    }
    return cache.routes;
  };
}

export function pickSite(routes: SiteRoute[], host: string, urlPath: string): SiteRoute | undefined {
  const h = host.replace(/:\d+$/, "").toLowerCase();
  const byHost = routes.filter((r) => r.domain === h);
  // A site on its own sub-domain is chosen by host; sub-sites sharing a domain by path prefix.
  const candidates = byHost.length ? byHost : routes.filter((r) => routes.some((p) => p.pathPrefix === "/" && p.domain === r.domain));
  return candidates.find((r) => urlPath.startsWith(r.pathPrefix)) ?? candidates.find((r) => r.pathPrefix === "/");
}

async function sendFile(req: FastifyRequest, reply: FastifyReply, file: string, opts: { immutable?: boolean; status?: number } = {}) {
  let st;
  try {
    st = await stat(file);
  } catch {
    return false;
  }
  if (!st.isFile()) return false;
  const ext = path.extname(file).toLowerCase();
  const etag = `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
  reply.headers(SECURITY_HEADERS);
  reply.header("etag", etag);
  reply.header("cache-control", opts.immutable ? "public, max-age=31536000, immutable" : ext === ".html" ? "public, max-age=60, must-revalidate" : "public, max-age=3600");
  reply.header("content-type", TYPES[ext] ?? "application/octet-stream");
  if (req.headers["if-none-match"] === etag && !opts.status) return reply.status(304).send(), true;
  const accept = String(req.headers["accept-encoding"] ?? "");
  if (/\.(html|css|js|xml|svg|json|txt)$/.test(ext)) {
    reply.header("vary", "Accept-Encoding");
    for (const [enc, suffix] of [["br", ".br"], ["gzip", ".gz"]] as const) {
      if (!accept.includes(enc)) continue;
      try {
        const cst = await stat(file + suffix);
        reply.header("content-encoding", enc).header("content-length", cst.size);
        await reply.status(opts.status ?? 200).send(createReadStream(file + suffix));
        return true;
      } catch {
        /* no precompressed copy */
      }
    }
  }
  reply.header("content-length", st.size);
  await reply.status(opts.status ?? 200).send(createReadStream(file));
  return true;
}

const NOT_FOUND_PAGE = '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>页面不存在</title><h1>您访问的页面不存在</h1><p><a href="/">返回首页</a></p></html>';

export async function buildPublicApp(opts: PublicAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: logger.child({ role: "public" }, { level: "warn" }), trustProxy: opts.svc?.config.trustProxy ?? false });
  const routes = routeTable(opts.publishDir);
  const mediaDir = opts.mediaDir ?? (opts.svc ? path.join(opts.svc.config.dataDir, "media") : undefined);
  await app.register(rateLimit, { global: false });

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof AppError) return reply.status(err.status).send(err.toJSON());
    if ((err as { statusCode?: number }).statusCode === 429) return reply.status(429).send(new AppError("RATE_LIMITED").toJSON());
    if ((err as { statusCode?: number }).statusCode === 400) return reply.status(400).send(new AppError("BAD_REQUEST").toJSON());
    logger.error({ err }, "public api error");
    return reply.status(503).send({ error: { code: "SERVICE_UNAVAILABLE", message: "服务暂时不可用，请稍后再试。网站页面浏览不受影响。" } });
  });

  if (opts.svc) {
    const svc = opts.svc;
    app.get("/api/public/search", { config: { rateLimit: { max: 120, timeWindow: "1 minute" } } }, async (req) => search(svc, req.query));
    if (opts.extra) await opts.extra(app as unknown as FastifyInstance);
  }

  // Attachments and images, stored by content hash.
  app.get("/files/:name", async (req, reply) => {
    const name = (req.params as { name: string }).name;
    if (!mediaDir || !/^[0-9a-f]{64}\.[a-z0-9]{2,4}$/.test(name)) return reply.status(404).type("text/html; charset=utf-8").send(NOT_FOUND_PAGE);
    const file = path.join(mediaDir, name.slice(0, 2), name.slice(2, 4), name);
    if (!(await sendFile(req, reply, file, { immutable: true }))) return reply.status(404).type("text/html; charset=utf-8").send(NOT_FOUND_PAGE);
  });

  app.get("/*", async (req, reply) => {
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(req.url.split("?")[0]!);
    } catch {
      return reply.status(400).type("text/html; charset=utf-8").send(NOT_FOUND_PAGE);
    }
    if (urlPath.includes("\0") || urlPath.split("/").includes("..")) return reply.status(400).type("text/html; charset=utf-8").send(NOT_FOUND_PAGE);
    const site = pickSite(await routes(), String(req.headers.host ?? ""), urlPath);
    if (!site) return reply.status(404).headers(SECURITY_HEADERS).type("text/html; charset=utf-8").send('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>网站尚未发布</title><h1>网站尚未发布</h1><p>请在管理后台发布站点后再访问。</p></html>');
    const root = path.join(opts.publishDir, site.code);
    let rel = urlPath.slice(site.pathPrefix.length);
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    const file = path.join(root, rel);
    if (!file.startsWith(root + path.sep)) return reply.status(400).send();
    if (await sendFile(req, reply, file, { immutable: rel.startsWith("assets/") && /\.[0-9a-f]{8,}\./.test(rel) })) return;
    // A directory without the trailing slash.
    if (!path.extname(rel)) {
      try {
        if ((await stat(file)).isDirectory()) return reply.redirect(`${urlPath}/`, 301);
      } catch {
        /* not a directory */
      }
    }
    if (await sendFile(req, reply, path.join(root, "404.html"), { status: 404 })) return;
    return reply.status(404).headers(SECURITY_HEADERS).type("text/html; charset=utf-8").send(NOT_FOUND_PAGE);
  });
  return app as unknown as FastifyInstance;
}

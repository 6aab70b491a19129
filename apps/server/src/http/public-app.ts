// The public role: serves the published static sites and the public API. Pages need no database:
// the routing table is `sites.json` in the publish directory, so the public site stays up when
// the admin side or the database is down. Behind nginx in production (`govsite nginx-config`).
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import rateLimit from "@fastify/rate-limit";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Services } from "../services.ts";
import { logger } from "../lib/logger.ts";
import { AppError } from "../lib/errors.ts";
import { search } from "../modules/search/search.ts";
import { VisitCollector } from "../modules/statistics/visits.ts";
import { installRawFront, type RawFrontStats, type RawRequest, type RawResponse } from "./raw-front.ts";

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

export const SECURITY_HEADERS = {
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
  /** Visit statistics (with svc): flush interval; the collector is flushed when the app closes. */
  statistics?: { intervalMs?: number; maxPending?: number };
  /** In-memory cache of published files (default: checked against the disk once a second). */
  files?: { ttlMs?: number; maxBytes?: number; maxFileBytes?: number };
  /** The raw front before node:http (raw-front.ts); default on. */
  rawFront?: boolean;
  /** Idle time before a kept-alive connection is closed (node:http's default: 5 s). */
  keepAliveTimeoutMs?: number;
  /** Several public processes (PUBLIC_WORKERS): per-address API limits are divided by this. */
  rateLimitDivisor?: number;
}

/** Reads sites.json again when it changes (checked at most once a second). */
function routeTable(publishDir: string) {
  let cache: { routes: SiteRoute[]; mtime: number; checked: number } = { routes: [], mtime: 0, checked: 0 };
  // Concurrent requests share one check (a fresh process must not answer "not published" to the
  // requests that arrive while sites.json is first read).
  let pending: Promise<SiteRoute[]> | null = null;
  const get = (): Promise<SiteRoute[]> => {
    if (Date.now() - cache.checked < 1000) return Promise.resolve(cache.routes);
    return (pending ??= load().finally(() => (pending = null)));
  };
  const load = async (): Promise<SiteRoute[]> => {
    const t = Date.now();
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
    cache.checked = t;
    return cache.routes;
  };
  /** The table as last read, when it was checked within the second (else undefined; with anyAge, as last read). */
  const current = (anyAge = false): SiteRoute[] | undefined => (anyAge || Date.now() - cache.checked < 1000 ? cache.routes : undefined);
  return Object.assign(get, { current });
}

export function pickSite(routes: SiteRoute[], host: string, urlPath: string): SiteRoute | undefined {
  const h = host.replace(/:\d+$/, "").toLowerCase();
  const byHost = routes.filter((r) => r.domain === h);
  // A site on its own sub-domain is chosen by host; sub-sites sharing a domain by path prefix.
  const candidates = byHost.length ? byHost : routes.filter((r) => routes.some((p) => p.pathPrefix === "/" && p.domain === r.domain));
  return candidates.find((r) => urlPath.startsWith(r.pathPrefix)) ?? candidates.find((r) => r.pathPrefix === "/");
}

interface CachedFile {
  size: number;
  mtimeMs: number;
  /** The content, for files small enough to keep in memory. */
  body?: Buffer;
}

/**
 * Hot published files in memory. The fast path (serveCached) uses an entry checked against the
 * disk within the last second (so a publication shows within a second; the publisher replaces
 * files by rename, so a changed file has a new size or mtime); the Fastify path checks again and
 * refreshes the entry. Missing files are remembered the same way, so the fast path does not look
 * for an absent .br copy every time. Bounded by entries and bytes, oldest out first.
 */
export class FileCache {
  private map = new Map<string, { checked: number; entry: CachedFile | null }>();
  private bytes = 0;
  constructor(
    private readonly o: { ttlMs?: number; maxBytes?: number; maxFileBytes?: number; maxEntries?: number } = {},
  ) {}

  /** The file as get() gives it, reusing an entry checked within the TTL. */
  fresh(file: string): Promise<CachedFile | null> {
    return this.get(file, this.o.ttlMs ?? 1000);
  }

  /** A cached entry checked within the TTL: the entry, null when known missing, undefined when unknown or stale. */
  peek(file: string, anyAge = false): CachedFile | null | undefined {
    const hit = this.map.get(file);
    return hit && (anyAge || Date.now() - hit.checked < (this.o.ttlMs ?? 1000)) ? hit.entry : undefined;
  }

  /**
   * The file, checked against the disk when it was last checked more than maxAgeMs ago (default:
   * always; the content is reused when size and mtime are unchanged).
   */
  async get(file: string, maxAgeMs = 0): Promise<CachedFile | null> {
    const t = Date.now();
    const hit = this.map.get(file);
    if (hit && t - hit.checked < maxAgeMs) return hit.entry;
    let st;
    try {
      st = await stat(file);
    } catch {
      st = null;
    }
    if (!st || !st.isFile()) return this.put(file, t, null);
    if (hit?.entry && hit.entry.size === st.size && hit.entry.mtimeMs === st.mtimeMs) {
      hit.checked = t;
      return hit.entry;
    }
    let body: Buffer | undefined;
    if (st.size <= (this.o.maxFileBytes ?? 512 * 1024)) {
      try {
        body = await readFile(file);
      } catch {
        return this.put(file, t, null);
      }
    }
    return this.put(file, t, { size: body?.length ?? st.size, mtimeMs: st.mtimeMs, body });
  }

  private put(file: string, checked: number, entry: CachedFile | null): CachedFile | null {
    const old = this.map.get(file);
    if (old) {
      this.bytes -= old.entry?.body?.length ?? 0;
      this.map.delete(file);
    }
    this.map.set(file, { checked, entry });
    this.bytes += entry?.body?.length ?? 0;
    const maxBytes = this.o.maxBytes ?? 64 * 1024 * 1024;
    const maxEntries = this.o.maxEntries ?? 20_000;
    for (const [k, v] of this.map) {
      if (this.bytes <= maxBytes && this.map.size <= maxEntries) break;
      this.map.delete(k);
      this.bytes -= v.entry?.body?.length ?? 0;
    }
    return entry;
  }
}

const COMPRESSIBLE = /\.(html|css|js|xml|svg|json|txt)$/;

const etagOf = (st: CachedFile) => `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
const cacheControl = (ext: string, immutable?: boolean) => (immutable ? "public, max-age=31536000, immutable" : ext === ".html" ? "public, max-age=60, must-revalidate" : "public, max-age=3600");

/** Site-relative file and its caching class for a request path, or why there is none. */
function resolvePath(publishDir: string, routes: SiteRoute[], host: string, rawUrl: string): { file: string; rel: string; urlPath: string; root: string; immutable: boolean } | "bad" | "nosite" {
  let urlPath: string;
  try {
    urlPath = decodeURIComponent(rawUrl.split("?")[0]!);
  } catch {
    return "bad";
  }
  if (urlPath.includes("\0") || urlPath.split("/").includes("..")) return "bad";
  const site = pickSite(routes, host, urlPath);
  if (!site) return "nosite";
  const root = path.join(publishDir, site.code);
  let rel = urlPath.slice(site.pathPrefix.length);
  if (rel === "" || rel.endsWith("/")) rel += "index.html";
  const file = path.join(root, rel);
  if (!file.startsWith(root + path.sep)) return "bad";
  return { file, rel, urlPath, root, immutable: rel.startsWith("assets/") && /\.[0-9a-f]{8,}\./.test(rel) };
}

/**
 * Response heads prepared for a cached file, per encoding (built once, reused by every request).
 * Flat [name, value, name, value…] lists: `writeHead` takes them as they are, without building a
 * header object per request (Node still validates each header and adds Date and Connection).
 */
interface Prepared {
  /** The body sent and its 200 head; for an encoded copy, the copy it was built from. */
  body: Buffer;
  head200: string[];
  head304: string[];
  etag: string;
  /** The same heads as bytes for the raw front (status line and headers; it adds Date and Connection). */
  raw200: RawResponse;
  raw304: RawResponse;
}
const prepared = new WeakMap<CachedFile, { "": Prepared | undefined; br: Prepared | undefined; gzip: Prepared | undefined }>();

function prepare(st: CachedFile, file: string, immutable: boolean, enc: "" | "br" | "gzip", body: Buffer): Prepared {
  let byEnc = prepared.get(st);
  const hit = byEnc?.[enc];
  if (hit && hit.body === body) return hit;
  const ext = path.extname(file).toLowerCase();
  const etag = etagOf(st);
  // The same headers, in the same order, as sendFile sends through Fastify.
  const head304 = [...Object.entries(SECURITY_HEADERS).flat(), "etag", etag, "cache-control", cacheControl(ext, immutable), "content-type", TYPES[ext] ?? "application/octet-stream"];
  if (COMPRESSIBLE.test(ext)) head304.push("vary", "Accept-Encoding");
  const head200 = [...head304, ...(enc ? ["content-encoding", enc] : []), "content-length", String(body.length)];
  const p = { body, head200, head304, etag, raw200: { head: rawHead("200 OK", head200), body }, raw304: { head: rawHead("304 Not Modified", head304), body: null } };
  if (!byEnc) prepared.set(st, (byEnc = { "": undefined, br: undefined, gzip: undefined }));
  byEnc[enc] = p;
  return p;
}

const rawHead = (status: string, head: string[]) => {
  let s = `HTTP/1.1 ${status}\r\n`;
  for (let i = 0; i < head.length; i += 2) s += `${head[i]}: ${head[i + 1]}\r\n`;
  return Buffer.from(s, "latin1");
};

/** Where request URLs lead, per routing table (host, then URL → file), so a hot URL is resolved once. */
interface Target {
  file: string;
  gz: string;
  br: string;
  immutable: boolean;
  compressible: boolean;
}
class TargetMemo {
  private routes: SiteRoute[] | undefined;
  private byHost = new Map<string, Map<string, Target | null>>();
  private size = 0;
  get(publishDir: string, routes: SiteRoute[], host: string, url: string): Target | null {
    if (routes !== this.routes || this.size >= 10_000) {
      this.routes = routes;
      this.byHost.clear();
      this.size = 0;
    }
    let byUrl = this.byHost.get(host);
    if (!byUrl) this.byHost.set(host, (byUrl = new Map()));
    let t = byUrl.get(url);
    if (t === undefined) {
      const r = resolvePath(publishDir, routes, host, url);
      t = typeof r === "string" ? null : { file: r.file, gz: r.file + ".gz", br: r.file + ".br", immutable: r.immutable, compressible: COMPRESSIBLE.test(path.extname(r.file).toLowerCase()) };
      byUrl.set(url, t);
      this.size++;
    }
    return t;
  }
}

/**
 * The fast path, before Fastify: a GET for a published file that is in memory and was checked
 * within the second is answered straight from the cache, with response heads prepared once per
 * file and encoding. Anything else (API, uncached or large files, 404s, redirects) returns null
 * and goes through Fastify, which fills the cache. Used by the raw front (raw-front.ts) on the
 * socket and, for connections it handed to node:http, by serveCached before Fastify.
 */
function lookupCached(publishDir: string, routes: SiteRoute[] | undefined, cache: FileCache, memo: TargetMemo, host: string, url: string, accept: string | undefined, justChecked = false): Prepared | null {
  if (!routes || url.startsWith("/api/") || url.startsWith("/files/")) return null;
  const t = memo.get(publishDir, routes, host, url);
  if (!t) return null;
  const st = cache.peek(t.file, justChecked);
  if (!st?.body) return null;
  if (t.compressible && accept) {
    for (const enc of ["br", "gzip"] as const) {
      if (!accept.includes(enc)) continue;
      const c = cache.peek(enc === "br" ? t.br : t.gz, justChecked);
      if (c === undefined || (c && !c.body)) return null; // unknown: let the slow path look
      if (!c) continue;
      return prepare(st, t.file, t.immutable, enc, c.body!);
    }
  }
  return prepare(st, t.file, t.immutable, "", st.body);
}

/** Brings what lookupCached needs for a request up to date (routing table, the file and its compressed copies). */
async function refreshCached(publishDir: string, routes: () => Promise<SiteRoute[]>, cache: FileCache, memo: TargetMemo, host: string, url: string, accept: string | undefined) {
  if (url.startsWith("/api/") || url.startsWith("/files/")) return;
  const t = memo.get(publishDir, await routes(), host, url);
  if (!t || !(await cache.fresh(t.file))?.body) return;
  if (!t.compressible || !accept) return;
  for (const enc of ["br", "gzip"] as const) {
    if (!accept.includes(enc)) continue;
    if (await cache.fresh(enc === "br" ? t.br : t.gz)) return;
  }
}

function serveCached(publishDir: string, routes: SiteRoute[] | undefined, cache: FileCache, memo: TargetMemo, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "GET") return false;
  const headers = req.headers;
  const p = lookupCached(publishDir, routes, cache, memo, headers.host ?? "", req.url ?? "/", headers["accept-encoding"]);
  if (!p) return false;
  if (headers["if-none-match"] === p.etag) {
    res.writeHead(304, p.head304);
    res.end();
    return true;
  }
  res.writeHead(200, p.head200);
  res.end(p.body);
  return true;
}

async function sendFile(cache: FileCache, req: FastifyRequest, reply: FastifyReply, file: string, opts: { immutable?: boolean; status?: number } = {}) {
  const st = await cache.get(file);
  if (!st) return false;
  const ext = path.extname(file).toLowerCase();
  const etag = etagOf(st);
  reply.headers(SECURITY_HEADERS);
  reply.header("etag", etag);
  reply.header("cache-control", cacheControl(ext, opts.immutable));
  reply.header("content-type", TYPES[ext] ?? "application/octet-stream");
  // Vary on every response of a compressible file, 304 included (as the fast path sends it).
  if (COMPRESSIBLE.test(ext)) reply.header("vary", "Accept-Encoding");
  if (req.headers["if-none-match"] === etag && !opts.status) return reply.status(304).send(), true;
  const accept = String(req.headers["accept-encoding"] ?? "");
  if (COMPRESSIBLE.test(ext)) {
    for (const [enc, suffix] of [["br", ".br"], ["gzip", ".gz"]] as const) {
      if (!accept.includes(enc)) continue;
      const c = await cache.get(file + suffix);
      if (!c) continue;
      reply.header("content-encoding", enc).header("content-length", c.size);
      await reply.status(opts.status ?? 200).send(c.body ?? createReadStream(file + suffix));
      return true;
    }
  }
  reply.header("content-length", st.size);
  await reply.status(opts.status ?? 200).send(st.body ?? createReadStream(file));
  return true;
}

const NOT_FOUND_PAGE = '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>页面不存在</title><h1>您访问的页面不存在</h1><p><a href="/">返回首页</a></p></html>';

/** A per-process limit when `processes` public processes each count separately (PUBLIC_WORKERS). */
export const perWorker = (max: number, processes: number) => Math.max(1, Math.ceil(max / Math.max(1, processes)));

const rawStats = new WeakMap<object, RawFrontStats>();
/** What the raw front of a public app's server did (tests and benchmarks). */
export const rawFrontOf = (app: FastifyInstance) => rawStats.get(app.server);

const collectors = new WeakMap<object, VisitCollector>();
/** The visit collector of a public app (to flush it, e.g. in tests and benchmarks). */
export const visitCollectorOf = (app: FastifyInstance) => collectors.get(app);

export async function buildPublicApp(opts: PublicAppOptions): Promise<FastifyInstance> {
  const routes = routeTable(opts.publishDir);
  const files = new FileCache(opts.files);
  const memo = new TargetMemo();
  // Rate-limit counters live in each process: with several, each gets its share of the limit.
  const perProcess = (max: number) => perWorker(max, opts.rateLimitDivisor ?? 1);
  // The raw front's answer from memory. Not in memory or not checked within the second: the
  // routing table and the files are checked against the disk (as the Fastify path would) and it
  // looks again — at what was just checked, however close to the end of its second.
  function rawAnswer(r: RawRequest, justChecked: boolean): RawResponse | null {
    const p = lookupCached(opts.publishDir, routes.current(justChecked), files, memo, r.host, r.url, r.acceptEncoding, justChecked);
    return p && (r.ifNoneMatch === p.etag ? p.raw304 : p.raw200);
  }
  const app = Fastify({
    loggerInstance: logger.child({ role: "public" }, { level: "warn" }),
    trustProxy: opts.svc?.config.trustProxy ?? false,
    logController: new LogController({ disableRequestLogging: true }),
    serverFactory: (handler) => {
      const server = createServer((req, res) => {
        if (!serveCached(opts.publishDir, routes.current(), files, memo, req, res)) handler(req, res);
      });
      if (opts.keepAliveTimeoutMs) server.keepAliveTimeout = opts.keepAliveTimeoutMs;
      // Plain GETs of cached files are answered on the socket before node:http parses them.
      if (opts.rawFront !== false)
        rawStats.set(
          server,
          installRawFront(server, (r) => rawAnswer(r, false) ?? refreshCached(opts.publishDir, routes, files, memo, r.host, r.url, r.acceptEncoding).then(() => rawAnswer(r, true))),
        );
      return server;
    },
  });
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
    app.get("/api/public/search", { config: { rateLimit: { max: perProcess(120), timeWindow: "1 minute" } } }, async (req) => search(svc, req.query));

    // The visit beacon: {"p": location.pathname} as text (navigator.sendBeacon). Never sets a
    // cookie; answers 204 whether or not the view is counted, so nothing can be learnt from it.
    const visits = new VisitCollector(svc, opts.statistics).start();
    collectors.set(app, visits);
    app.addHook("onClose", async () => {
      try {
        await visits.stop();
      } catch (err) {
        logger.error({ err }, "visit statistics could not be written on shutdown");
      }
    });
    app.post("/api/public/hit", { bodyLimit: 2048, config: { rateLimit: { max: perProcess(300), timeWindow: "1 minute" } } }, async (req, reply) => {
      reply.header("cache-control", "no-store");
      let raw: unknown = req.body;
      if (typeof raw === "string") {
        try {
          raw = JSON.parse(raw);
        } catch {
          raw = null;
        }
      }
      const p = raw && typeof raw === "object" ? (raw as { p?: unknown }).p : undefined;
      if (typeof p !== "string" || !p.startsWith("/") || p.length > 500 || /[\0-\x1f]/.test(p)) return reply.status(204).send();
      let urlPath: string;
      try {
        urlPath = decodeURIComponent(p.split(/[?#]/)[0]!);
      } catch {
        return reply.status(204).send();
      }
      if (urlPath.split("/").includes("..")) return reply.status(204).send();
      const site = pickSite(await routes(), String(req.headers.host ?? ""), urlPath);
      if (!site) return reply.status(204).send();
      const rel = urlPath.slice(site.pathPrefix.length);
      // Only pages that exist are counted, so the reports cannot be filled with made-up paths.
      const file = path.join(opts.publishDir, site.code, rel === "" || rel.endsWith("/") ? `${rel}index.html` : rel);
      if (!file.endsWith(".html") || !(await stat(file).then((st) => st.isFile(), () => false))) return reply.status(204).send();
      try {
        await visits.record({ siteCode: site.code, path: rel, ip: req.ip, userAgent: req.headers["user-agent"] });
      } catch (err) {
        logger.warn({ err }, "visit not counted");
      }
      return reply.status(204).send();
    });
    if (opts.extra) await opts.extra(app as unknown as FastifyInstance);
  }

  // Attachments and images, stored by content hash.
  app.get("/files/:name", async (req, reply) => {
    const name = (req.params as { name: string }).name;
    if (!mediaDir || !/^[0-9a-f]{64}\.[a-z0-9]{2,4}$/.test(name)) return reply.status(404).type("text/html; charset=utf-8").send(NOT_FOUND_PAGE);
    const file = path.join(mediaDir, name.slice(0, 2), name.slice(2, 4), name);
    if (!(await sendFile(files, req, reply, file, { immutable: true }))) return reply.status(404).type("text/html; charset=utf-8").send(NOT_FOUND_PAGE);
  });

  app.get("/*", async (req, reply) => {
    const r = resolvePath(opts.publishDir, await routes(), String(req.headers.host ?? ""), req.url);
    if (r === "bad") return reply.status(400).type("text/html; charset=utf-8").send(NOT_FOUND_PAGE);
    if (r === "nosite") return reply.status(404).headers(SECURITY_HEADERS).type("text/html; charset=utf-8").send('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>网站尚未发布</title><h1>网站尚未发布</h1><p>请在管理后台发布站点后再访问。</p></html>');
    const { file, rel, urlPath, root } = r;
    if (await sendFile(files, req, reply, file, { immutable: r.immutable })) return;
    // A directory without the trailing slash.
    if (!path.extname(rel)) {
      try {
        if ((await stat(file)).isDirectory()) return reply.redirect(`${urlPath}/`, 301);
      } catch {
        /* not a directory */
      }
    }
    if (await sendFile(files, req, reply, path.join(root, "404.html"), { status: 404 })) return;
    return reply.status(404).headers(SECURITY_HEADERS).type("text/html; charset=utf-8").send(NOT_FOUND_PAGE);
  });
  return app as unknown as FastifyInstance;
}

/**
 * One HTTP exchange (undici, keep-alive): no redirects, no retries (fetcher.ts
 * does those). A single timer covers connecting, waiting and reading, so a slow server can never
 * hold a request longer than `timeoutMs`. Bodies are read only when asked for and never beyond
 * `maxBytes`, so one huge file cannot exhaust memory.
 */
import type http from "node:http";
import zlib from "node:zlib";
import { Agent, type Dispatcher } from "undici";

export type RequestErrorCode = "timeout" | "dns" | "tls" | "network" | "aborted" | "invalid_url";

export class RequestError extends Error {
  constructor(
    readonly code: RequestErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The (decompressed) body when it was read. */
  body?: Buffer;
  /** The body was longer than maxBytes and was cut. */
  truncated?: boolean;
}

export interface RequestOptions {
  method: "GET" | "HEAD";
  headers: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
  /** Decides from the status and headers whether the body is worth reading. */
  readBody: (status: number, headers: http.IncomingHttpHeaders) => boolean;
  abort?: AbortRegistry;
}

/** Something that can be stopped when the audit is aborted. */
export interface Abortable {
  onAbort(): void;
}

/**
 * Stops every request in flight at once. A plain set rather than one listener per request on an
 * AbortSignal: registering and removing EventTarget listeners tens of thousands of times is a
 * noticeable share of a crawl.
 */
export class AbortRegistry {
  aborted = false;
  private readonly members = new Set<Abortable>();

  constructor(signal?: AbortSignal) {
    if (signal?.aborted) this.aborted = true;
    else signal?.addEventListener("abort", () => this.abort(), { once: true });
  }

  add(x: Abortable): void {
    this.members.add(x);
  }

  delete(x: Abortable): void {
    this.members.delete(x);
  }

  abort(): void {
    this.aborted = true;
    const all = [...this.members];
    this.members.clear();
    for (const x of all) x.onAbort();
  }
}

/**
 * undici's dispatcher rather than node:http: on a crawl its per-request cost is about half (no
 * ClientRequest/IncomingMessage streams, no per-request listeners). Keep-alive per origin, one
 * request per connection at a time, no limit on connections (HostLimiter sets the limits), and its
 * own timeouts out of the way: the single timer below covers connecting, waiting and reading.
 */
const dispatcher = new Agent({
  pipelining: 1,
  keepAliveTimeout: 4_000,
  connectTimeout: 10 * 60_000,
  headersTimeout: 0,
  bodyTimeout: 0,
});

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|EPROTO/;

function classify(err: NodeJS.ErrnoException): RequestErrorCode {
  const code = err.code ?? "";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") return "dns";
  if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") return "timeout";
  if (code === "UND_ERR_INVALID_ARG") return "invalid_url";
  if (TLS_CODES.test(code) || TLS_CODES.test(err.message)) return "tls";
  return "network";
}

/** Headers Node's HTTP client keeps only once; see http.IncomingMessage#headers. */
const SINGLE = new Set([
  "age", "authorization", "content-length", "content-type", "etag", "expires", "from", "host", "if-modified-since",
  "if-unmodified-since", "last-modified", "location", "max-forwards", "proxy-authorization", "referer", "retry-after",
  "server", "user-agent",
]);

/** undici gives repeated headers as arrays; fold them the way node:http does, which callers expect. */
function nodeHeaders(h: http.IncomingHttpHeaders): http.IncomingHttpHeaders {
  for (const key in h) {
    const v = h[key];
    if (!Array.isArray(v) || key === "set-cookie") continue;
    h[key] = SINGLE.has(key) ? v[0] : v.join(key === "cookie" ? "; " : ", ");
  }
  return h;
}

const ABORTED = new Error("aborted");
/** Unread bodies up to this size are drained rather than dropping the connection. */
const DRAIN_MAX = 64 * 1024;

export function requestOnce(url: URL, opts: RequestOptions): Promise<RawResponse> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Promise.reject(new RequestError("invalid_url", `不支持的协议 ${url.protocol}`));
  }
  if (opts.abort?.aborted) return Promise.reject(new RequestError("aborted", "已中止"));
  return new Promise<RawResponse>((resolve, reject) => {
    const x = new Exchange(opts, resolve, reject);
    try {
      // undici closes the connection after a HEAD unless told otherwise; node:http kept it, and a
      // new connection for every checked resource costs more than the request itself.
      const reset = opts.method === "HEAD" ? false : undefined;
      dispatcher.dispatch({ origin: url.origin, path: url.pathname + url.search, method: opts.method, headers: opts.headers, reset }, x);
    } catch (e) {
      x.finish(new RequestError("invalid_url", (e as Error).message));
    }
  });
}

function onTimeout(x: Exchange): void {
  x.finish(new RequestError("timeout", `超过 ${Math.round(x.opts.timeoutMs / 1000)} 秒未响应`));
  x.stop();
}

/**
 * One exchange: undici's handler, the timer and the abort hook in one object (a class rather
 * than closures: a crawl makes tens of thousands of these).
 */
class Exchange implements Dispatcher.DispatchHandler, Abortable {
  private settled = false;
  private controller: Dispatcher.DispatchController | undefined;
  private readonly timer: NodeJS.Timeout;
  private status = 0;
  private headers: http.IncomingHttpHeaders = {};
  private chunks: Buffer[] | undefined;
  private size = 0;
  private truncated = false;

  constructor(
    readonly opts: RequestOptions,
    private readonly resolve: (r: RawResponse) => void,
    private readonly reject: (e: RequestError) => void,
  ) {
    this.timer = setTimeout(onTimeout, opts.timeoutMs, this);
    opts.abort?.add(this);
  }

  /** Stops the exchange (and drops its connection) once the outcome is known or given up on. */
  stop(): void {
    const c = this.controller;
    if (c && !c.aborted) c.abort(ABORTED);
  }

  finish(err: RequestError | undefined, res?: RawResponse): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.opts.abort?.delete(this);
    if (err) this.reject(err);
    else this.resolve(res!);
  }

  onAbort(): void {
    this.finish(new RequestError("aborted", "已中止"));
    this.stop();
  }

  private done(): void {
    const all = this.chunks!;
    let body = all.length === 1 ? all[0]! : Buffer.concat(all);
    try {
      body = decode(body, this.headers["content-encoding"], this.opts.maxBytes);
    } catch {
      // A cut compressed stream cannot be fully decoded; keep what the server sent.
    }
    this.finish(undefined, { status: this.status, headers: this.headers, body, truncated: this.truncated });
  }

  onRequestStart(c: Dispatcher.DispatchController): void {
    this.controller = c;
    if (this.settled) this.stop();
  }

  onResponseStart(_c: Dispatcher.DispatchController, statusCode: number, h: http.IncomingHttpHeaders): void {
    if (this.settled) return this.stop();
    const opts = this.opts;
    this.status = statusCode;
    const headers = (this.headers = nodeHeaders(h));
    if (opts.method === "HEAD" || !opts.readBody(statusCode, headers)) {
      this.finish(undefined, { status: statusCode, headers });
      // A HEAD answer has no body. A short unread body (an error page) is let through so that
      // the connection can be reused; a long or unknown one costs the connection instead.
      if (opts.method !== "HEAD" && !(Number(headers["content-length"]) <= DRAIN_MAX)) this.stop();
      return;
    }
    this.chunks = [];
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    const chunks = this.chunks;
    if (this.settled || !chunks) return;
    this.size += chunk.length;
    if (this.size > this.opts.maxBytes) {
      this.truncated = true;
      chunks.push(chunk.subarray(0, chunk.length - (this.size - this.opts.maxBytes)));
      this.done();
      this.stop();
      return;
    }
    chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (!this.settled && this.chunks) this.done();
  }

  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
    this.finish(new RequestError(classify(err as NodeJS.ErrnoException), err.message));
  }
}

function decode(body: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  if (!encoding || body.length === 0) return body;
  const e = encoding.trim().toLowerCase();
  const opts = { maxOutputLength: maxBytes * 4, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  if (e === "gzip" || e === "x-gzip") return zlib.gunzipSync(body, opts);
  if (e === "br") return zlib.brotliDecompressSync(body, { maxOutputLength: maxBytes * 4 });
  if (e === "deflate") {
    try {
      return zlib.inflateSync(body, opts);
    } catch {
      return zlib.inflateRawSync(body, opts);
    }
  }
  return body;
}

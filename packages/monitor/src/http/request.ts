/**
 * One HTTP exchange on node:http(s) with keep-alive agents: no redirects, no retries (fetcher.ts
 * does those). A single timer covers connecting, waiting and reading, so a slow server can never
 * hold a request longer than `timeoutMs`. Bodies are read only when asked for and never beyond
 * `maxBytes`, so one huge file cannot exhaust memory.
 */
import http from "node:http";
import https from "node:https";
import zlib from "node:zlib";

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

/**
 * Stops every request in flight at once. A plain set of callbacks rather than one listener per
 * request on an AbortSignal: registering and removing EventTarget listeners tens of thousands of
 * times is a noticeable share of a crawl.
 */
export class AbortRegistry {
  aborted = false;
  private readonly callbacks = new Set<() => void>();

  constructor(signal?: AbortSignal) {
    if (signal?.aborted) this.aborted = true;
    else signal?.addEventListener("abort", () => this.abort(), { once: true });
  }

  add(fn: () => void): void {
    this.callbacks.add(fn);
  }

  delete(fn: () => void): void {
    this.callbacks.delete(fn);
  }

  abort(): void {
    this.aborted = true;
    const fns = [...this.callbacks];
    this.callbacks.clear();
    for (const fn of fns) fn();
  }
}

const httpAgent = new http.Agent({ keepAlive: true, scheduling: "lifo", maxFreeSockets: 64 });
const httpsAgent = new https.Agent({ keepAlive: true, scheduling: "lifo", maxFreeSockets: 64 });

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|EPROTO/;

function classify(err: NodeJS.ErrnoException): RequestErrorCode {
  const code = err.code ?? "";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") return "dns";
  if (TLS_CODES.test(code) || TLS_CODES.test(err.message)) return "tls";
  return "network";
}

export function requestOnce(url: URL, opts: RequestOptions): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      reject(new RequestError("invalid_url", `不支持的协议 ${url.protocol}`));
      return;
    }
    if (opts.abort?.aborted) {
      reject(new RequestError("aborted", "已中止"));
      return;
    }
    const mod = url.protocol === "https:" ? https : http;
    let settled = false;
    const finish = (err: RequestError | undefined, res?: RawResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.abort?.delete(onAbort);
      if (err) reject(err);
      else resolve(res!);
    };
    let req: http.ClientRequest;
    try {
      req = mod.request(url, {
        method: opts.method,
        headers: opts.headers,
        agent: url.protocol === "https:" ? httpsAgent : httpAgent,
      });
    } catch (e) {
      reject(new RequestError("invalid_url", (e as Error).message));
      return;
    }
    const timer = setTimeout(() => {
      finish(new RequestError("timeout", `超过 ${Math.round(opts.timeoutMs / 1000)} 秒未响应`));
      req.destroy();
    }, opts.timeoutMs);
    const onAbort = () => {
      finish(new RequestError("aborted", "已中止"));
      req.destroy();
    };
    opts.abort?.add(onAbort);

    req.on("error", (err: NodeJS.ErrnoException) => finish(new RequestError(classify(err), err.message)));
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      if (opts.method === "HEAD" || !opts.readBody(status, res.headers)) {
        // Not reading a GET body means the socket cannot be reused; HEAD answers have none.
        if (opts.method === "HEAD") res.resume();
        else res.destroy();
        finish(undefined, { status, headers: res.headers });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      res.on("data", (chunk: Buffer) => {
        if (truncated) return;
        size += chunk.length;
        if (size > opts.maxBytes) {
          truncated = true;
          chunks.push(chunk.subarray(0, chunk.length - (size - opts.maxBytes)));
          res.destroy();
          done();
          return;
        }
        chunks.push(chunk);
      });
      const done = () => {
        let body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        try {
          body = decode(body, res.headers["content-encoding"], opts.maxBytes);
        } catch {
          // A cut compressed stream cannot be fully decoded; keep what the server sent.
        }
        finish(undefined, { status, headers: res.headers, body, truncated });
      };
      res.on("end", done);
      res.on("error", (err: NodeJS.ErrnoException) => finish(new RequestError(classify(err), err.message)));
    });
    req.end();
  });
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

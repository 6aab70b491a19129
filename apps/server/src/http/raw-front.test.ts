// The raw front (raw-front.ts) on the public role: byte for byte the answers node:http gives
// (Date aside), keep-alive, pipelining, Connection: close, partial and oversized heads, and every
// request it does not answer handed to node:http with the rest of its connection.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildPublicApp, rawFrontOf } from "./public-app.ts";

const DIR = `/tmp/govsite-raw-front-${process.pid}`;
let front: FastifyInstance;
let plain: FastifyInstance; // the same role without the front: what node:http answers
let frontPort = 0;
let plainPort = 0;

function write(rel: string, content: string) {
  const file = path.join(DIR, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

beforeAll(async () => {
  rmSync(DIR, { recursive: true, force: true });
  write("portal/index.html", "<!doctype html><title>门户首页</title>");
  write("portal/index.html.gz", "GZ-HOME");
  write("portal/zwdt/index.html", "<!doctype html><title>政务动态</title>");
  write("portal/404.html", "<!doctype html><title>门户 404</title>");
  write("portal/assets/site.0123456789.css", "body{}");
  write("sites.json", JSON.stringify({ sites: [{ code: "portal", domain: "www.shifan.gov.cn", pathPrefix: "/" }] }));
  front = await buildPublicApp({ publishDir: DIR, files: { ttlMs: 3_600_000 } });
  plain = await buildPublicApp({ publishDir: DIR, files: { ttlMs: 3_600_000 }, rawFront: false });
  for (const app of [front, plain]) await app.listen({ host: "127.0.0.1", port: 0 });
  frontPort = (front.server.address() as { port: number }).port;
  plainPort = (plain.server.address() as { port: number }).port;
  // Fill both caches (the first request of a file goes through Fastify, which caches it).
  for (const port of [frontPort, plainPort])
    await exchange(port, [
      req("/") + req("/", { "accept-encoding": "gzip, deflate, br" }) + req("/zwdt/") + req("/assets/site.0123456789.css") + req("/zwdt/", {}, "close"),
    ]);
});

afterAll(async () => {
  await front?.close();
  await plain?.close();
  rmSync(DIR, { recursive: true, force: true });
});

function req(target: string, headers: Record<string, string> = {}, connection?: string, method = "GET") {
  const h: Record<string, string> = { Host: "www.shifan.gov.cn", ...headers };
  if (connection) h.Connection = connection;
  return `${method} ${target} HTTP/1.1\r\n${Object.entries(h)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("")}\r\n`;
}

interface Response {
  status: number;
  head: string;
  headers: Record<string, string>;
  body: string;
}

/** Splits what a connection received into responses (Content-Length bodies; none for 304 and HEAD). */
function parseResponses(data: Buffer, heads: boolean[] = []): Response[] {
  const out: Response[] = [];
  let at = 0;
  while (at < data.length) {
    const end = data.indexOf("\r\n\r\n", at);
    if (end < 0) throw new Error(`incomplete head: ${data.subarray(at).toString()}`);
    const head = data.toString("latin1", at, end);
    const [statusLine, ...lines] = head.split("\r\n");
    const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
    const status = Number(statusLine!.split(" ")[1]);
    const len = status === 304 || heads[out.length] ? 0 : Number(headers["content-length"] ?? 0);
    out.push({ status, head, headers, body: data.toString("utf8", end + 4, end + 4 + len) });
    at = end + 4 + len;
  }
  return out;
}

/** Writes the chunks (waiting `gapMs` between them) and collects everything until the server closes or `idleMs` pass quietly. */
function exchange(port: number, chunks: Array<string | Buffer>, o: { gapMs?: number; idleMs?: number } = {}) {
  return new Promise<{ data: Buffer; closedByServer: boolean }>((resolve, reject) => {
    const s = connect(port, "127.0.0.1");
    const got: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    let closedByServer = false;
    const finish = () => {
      clearTimeout(timer);
      s.destroy();
      resolve({ data: Buffer.concat(got), closedByServer });
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(finish, o.idleMs ?? 300);
    };
    s.on("data", (d) => {
      got.push(d);
      arm();
    });
    s.on("end", () => {
      closedByServer = true;
      finish();
    });
    s.on("error", reject);
    s.on("connect", async () => {
      for (const c of chunks) {
        s.write(c);
        if (o.gapMs) await new Promise((r) => setTimeout(r, o.gapMs));
      }
      arm();
    });
  });
}

const withoutDate = (head: string) => head.replace(/\r\nDate: [^\r]+/, "");

describe("raw front", () => {
  it("answers a cached file with exactly the bytes node:http sends, Date aside", async () => {
    const sequence =
      req("/") + req("/", { "Accept-Encoding": "gzip, deflate, br" }) + req("/zwdt/?from=home") + req("/assets/site.0123456789.css");
    const before = { ...rawFrontOf(front)! };
    const a = parseResponses((await exchange(frontPort, [sequence])).data);
    expect(rawFrontOf(front)).toEqual({ answered: before.answered + 4, handedOver: before.handedOver });
    expect(rawFrontOf(plain)).toBeUndefined();
    const b = parseResponses((await exchange(plainPort, [sequence])).data);
    expect(a.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(a.map((r) => withoutDate(r.head))).toEqual(b.map((r) => withoutDate(r.head)));
    expect(a.map((r) => r.body)).toEqual(b.map((r) => r.body));
    expect(a[0]!.body).toBe("<!doctype html><title>门户首页</title>");
    expect(a[1]!.headers["content-encoding"]).toBe("gzip");
    expect(a[1]!.body).toBe("GZ-HOME");
    for (const r of a) {
      expect(new Date(r.headers["date"]!).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(r.headers["connection"]).toBe("keep-alive");
      expect(r.headers["keep-alive"]).toBe("timeout=5");
    }
    // A matching ETag: 304 with the same headers as node:http, no body.
    const etag = a[0]!.headers["etag"]!;
    const [nm] = parseResponses((await exchange(frontPort, [req("/", { "If-None-Match": etag })])).data);
    const [nmPlain] = parseResponses((await exchange(plainPort, [req("/", { "If-None-Match": etag })])).data);
    expect(nm!.status).toBe(304);
    expect(withoutDate(nm!.head)).toBe(withoutDate(nmPlain!.head));
  });

  it("hands what it does not answer to node:http, and node keeps the connection from there", async () => {
    // On one connection, pipelined: a cached page (front), a POST with a body (node: the API),
    // a HEAD (node), then cached pages again (node's own fast path now), in order.
    const post = `POST /api/public/hit HTTP/1.1\r\nHost: www.shifan.gov.cn\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\n{"p":"/x/"}\n`;
    const before = { ...rawFrontOf(front)! };
    const { data } = await exchange(frontPort, [req("/") + post + req("/zwdt/", {}, undefined, "HEAD") + req("/zwdt/") + req("/nothing.html")]);
    expect(rawFrontOf(front)).toEqual({ answered: before.answered + 1, handedOver: before.handedOver + 1 });
    const rs = parseResponses(data, [false, false, true, false, false]);
    expect(rs.map((r) => r.status)).toEqual([200, 404, 200, 200, 404]);
    expect(rs[0]!.body).toContain("门户首页");
    expect(rs[2]!.headers["content-length"]).toBe(String(Buffer.byteLength("<!doctype html><title>政务动态</title>")));
    expect(rs[3]!.body).toContain("政务动态");
    expect(rs[4]!.body).toContain("门户 404");
  });

  it("puts a head together from pieces, and honours Connection: close", async () => {
    const bytes = Buffer.from(req("/zwdt/") + req("/", {}, "close") + req("/zwdt/"));
    const pieces = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    const { data, closedByServer } = await exchange(frontPort, pieces, { gapMs: 2 });
    const rs = parseResponses(data);
    // The request after "close" is never answered.
    expect(rs.map((r) => r.status)).toEqual([200, 200]);
    expect(rs[1]!.headers["connection"]).toBe("close");
    expect(closedByServer).toBe(true);
  });

  it("leaves malformed, oversized and HTTP/1.0 requests to node:http's answers", async () => {
    const bad = await exchange(frontPort, ["GET / HTTP/1.1\r\nHost: www.shifan.gov.cn\r\nNo colon here\r\n\r\n"]);
    expect(parseResponses(bad.data)[0]!.status).toBe(400);
    const noHost = await exchange(frontPort, ["GET / HTTP/1.1\r\n\r\n"]);
    expect(parseResponses(noHost.data)[0]!.status).toBe(400);
    const big = await exchange(frontPort, [`GET / HTTP/1.1\r\nHost: www.shifan.gov.cn\r\nX-Pad: ${"a".repeat(20_000)}\r\n\r\n`]);
    expect(parseResponses(big.data)[0]!.status).toBe(431);
    const smuggle = await exchange(frontPort, [
      "GET / HTTP/1.1\r\nHost: www.shifan.gov.cn\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    ]);
    expect(parseResponses(smuggle.data)[0]!.status).toBe(400);
    const old = await exchange(frontPort, ["GET / HTTP/1.0\r\nHost: www.shifan.gov.cn\r\n\r\n"]);
    expect(old.closedByServer).toBe(true);
    const [r] = parseResponses(old.data);
    expect(r!.status).toBe(200);
    expect(r!.body).toContain("门户首页");
  });

  it("checks the disk again when its copy is out of date, and still answers itself", async () => {
    // Files checked on every request: each answer follows a look at the disk, in order.
    const app = await buildPublicApp({ publishDir: DIR, files: { ttlMs: 0 } });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const port = (app.server.address() as { port: number }).port;
    try {
      const s = connect(port, "127.0.0.1");
      s.on("error", () => {});
      await new Promise<void>((r) => s.on("connect", () => r()));
      const next = () => new Promise<Response>((r) => s.once("data", (d: Buffer) => r(parseResponses(d)[0]!)));
      let got = next();
      s.write(req("/zwdt/"));
      expect((await got).body).toBe("<!doctype html><title>政务动态</title>");
      write("portal/zwdt/index.html", "<!doctype html><title>政务动态（已更新）</title>");
      got = next();
      s.write(req("/zwdt/"));
      expect((await got).body).toBe("<!doctype html><title>政务动态（已更新）</title>");
      s.destroy();
      expect(rawFrontOf(app)).toEqual({ answered: 2, handedOver: 0 });
    } finally {
      write("portal/zwdt/index.html", "<!doctype html><title>政务动态</title>");
      await app.close();
    }
  });

  it("closes its idle connections when the server closes", async () => {
    // Kept-alive connections would otherwise stay open for ten minutes: close() must end them.
    const app = await buildPublicApp({ publishDir: DIR, files: { ttlMs: 3_600_000 }, keepAliveTimeoutMs: 600_000 });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const port = (app.server.address() as { port: number }).port;
    await exchange(port, [req("/")]); // fills the cache
    const s = connect(port, "127.0.0.1");
    const closed = new Promise<void>((r) => s.on("close", () => r()));
    s.on("error", () => {});
    await new Promise<void>((r) => s.on("connect", () => r()));
    s.write(req("/"));
    await new Promise((r) => s.once("data", r));
    await app.close();
    await closed;
    expect(s.destroyed).toBe(true);
  });
});

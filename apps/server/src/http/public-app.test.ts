// The public role's file serving over real HTTP (the in-memory fast path runs before Fastify, so
// app.inject alone would not reach it): headers, precompressed copies, ETag, 404 pages, routing
// by host and path prefix, and a published change showing up.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { rename } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "node:http";
import type { FastifyInstance } from "fastify";
import { buildPublicApp, FileCache, SECURITY_HEADERS } from "./public-app.ts";

const DIR = `/tmp/govsite-public-app-${process.pid}`;
let fresh: FastifyInstance; // files checked on every request
let cached: FastifyInstance; // files kept for an hour
let freshUrl = "";
let cachedUrl = "";

function write(rel: string, content: string | Buffer) {
  const file = path.join(DIR, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

const listen = async (app: FastifyInstance) => {
  await app.listen({ host: "127.0.0.1", port: 0 });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
};

beforeAll(async () => {
  rmSync(DIR, { recursive: true, force: true });
  write("portal/index.html", "<!doctype html><title>门户首页</title>");
  write("portal/index.html.gz", "GZ-HOME");
  write("portal/index.html.br", "BR-HOME");
  write("portal/zwdt/index.html", "<!doctype html><title>政务动态</title>");
  write("portal/404.html", "<!doctype html><title>门户 404</title>");
  write("portal/assets/site.0123456789.css", "body{}");
  write("fgw/index.html", "<!doctype html><title>发改委</title>");
  write("fgw/404.html", "<!doctype html><title>发改委 404</title>");
  write("ly/index.html", "<!doctype html><title>旅游</title>");
  write(
    "sites.json",
    JSON.stringify({
      sites: [
        { code: "portal", domain: "www.shifan.gov.cn", pathPrefix: "/" },
        { code: "fgw", domain: "www.shifan.gov.cn", pathPrefix: "/fgw/" },
        { code: "ly", domain: "ly.shifan.gov.cn", pathPrefix: "/" },
      ],
    }),
  );
  fresh = await buildPublicApp({ publishDir: DIR, files: { ttlMs: 0 } });
  cached = await buildPublicApp({ publishDir: DIR, files: { ttlMs: 3_600_000 } });
  freshUrl = await listen(fresh);
  cachedUrl = await listen(cached);
});

afterAll(async () => {
  await fresh?.close();
  await cached?.close();
  rmSync(DIR, { recursive: true, force: true });
});

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
/** A plain HTTP request (fetch cannot set Host and would decode the stand-in copies). */
const get = (base: string, p: string, headers: Record<string, string> = {}) =>
  new Promise<Res>((resolve, reject) => {
    const u = new URL(base);
    const rq = request({ host: u.hostname, port: u.port, path: p, headers: { host: "www.shifan.gov.cn", "accept-encoding": "identity", ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    rq.on("error", reject);
    rq.end();
  });

describe("public role file serving", () => {
  it("answers the same from the disk and from memory: headers, encodings, ETag", async () => {
    for (const base of [freshUrl, cachedUrl, cachedUrl]) {
      const plain = await get(base, "/", { "accept-encoding": "identity" });
      expect(plain.status).toBe(200);
      expect(plain.body).toBe("<!doctype html><title>门户首页</title>");
      expect(plain.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(plain.headers["cache-control"]).toBe("public, max-age=60, must-revalidate");
      expect(plain.headers["vary"]).toBe("Accept-Encoding");
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) expect(plain.headers[k]).toBe(v);
      expect(plain.headers["set-cookie"]).toBeUndefined();

      const etag = String(plain.headers["etag"]);
      expect(etag).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
      const again = await get(base, "/", { "accept-encoding": "identity", "if-none-match": etag });
      expect(again.status).toBe(304);
      expect(again.headers["vary"]).toBe("Accept-Encoding");
      expect(again.headers["etag"]).toBe(etag);

      const viaRaw = async (enc: string) => {
        const r = await get(base, "/", { "accept-encoding": enc });
        return { enc: r.headers["content-encoding"], body: r.body };
      };
      expect(await viaRaw("gzip, deflate, br")).toEqual({ enc: "br", body: "BR-HOME" });
      expect(await viaRaw("gzip")).toEqual({ enc: "gzip", body: "GZ-HOME" });
    }
  });

  it("routes by path prefix and by host, with each site's own 404 page", async () => {
    for (const base of [freshUrl, cachedUrl]) {
      expect((await get(base, "/fgw/")).body).toContain("发改委");
      expect((await get(base, "/", { host: "ly.shifan.gov.cn" })).body).toContain("旅游");
      const missing = await get(base, "/fgw/nothing.html");
      expect(missing.status).toBe(404);
      expect(missing.body).toContain("发改委 404");
      const portalMissing = await get(base, "/nothing.html");
      expect(portalMissing.status).toBe(404);
      expect(portalMissing.body).toContain("门户 404");
      const dir = await get(base, "/zwdt");
      expect(dir.status).toBe(301);
      expect(dir.headers["location"]).toBe("/zwdt/");
      expect((await get(base, "/../sites.json")).status).toBeGreaterThanOrEqual(400);
      expect((await get(base, "/%2e%2e/sites.json")).status).toBe(400);
      const asset = await get(base, "/assets/site.0123456789.css");
      expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(asset.headers["content-type"]).toBe("text/css; charset=utf-8");
    }
  });

  it("shows a republished page at once when files are checked on every request", async () => {
    // (With the default one-second check, the fast path may serve the old copy for up to a second.)
    expect((await get(freshUrl, "/zwdt/", { "accept-encoding": "identity" })).body).toContain("政务动态");
    // The publisher replaces a file by writing a temporary copy and renaming it over the old one.
    write("portal/zwdt/index.html.tmp", "<!doctype html><title>政务动态（更新）</title>");
    await rename(path.join(DIR, "portal/zwdt/index.html.tmp"), path.join(DIR, "portal/zwdt/index.html"));
    expect((await get(freshUrl, "/zwdt/", { "accept-encoding": "identity" })).body).toContain("政务动态（更新）");
  });
});

describe("FileCache", () => {
  it("keeps within its byte budget, oldest out first, and remembers missing files", async () => {
    write("cache/a.html", "a".repeat(600));
    write("cache/b.html", "b".repeat(600));
    const c = new FileCache({ ttlMs: 3_600_000, maxBytes: 1000 });
    expect((await c.get(path.join(DIR, "cache/a.html")))?.body?.length).toBe(600);
    expect(c.peek(path.join(DIR, "cache/a.html"))?.size).toBe(600);
    await c.get(path.join(DIR, "cache/b.html"));
    expect(c.peek(path.join(DIR, "cache/a.html"))).toBeUndefined();
    expect(c.peek(path.join(DIR, "cache/b.html"))?.size).toBe(600);
    expect(await c.get(path.join(DIR, "cache/none.html"))).toBeNull();
    expect(c.peek(path.join(DIR, "cache/none.html"))).toBeNull();
  });
});

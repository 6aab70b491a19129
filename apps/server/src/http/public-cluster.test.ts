// The public role in several processes (PUBLIC_WORKERS): workers start, serve published files on
// the shared port (fast path included), and stop cleanly; on PostgreSQL, visit statistics counted
// by the workers are all written when they stop.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import cluster from "node:cluster";
import { request } from "node:http";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { eq, sum } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConfig, loadConfig, ConfigError } from "../config/index.ts";
import { openPostgres } from "../db/client.ts";
import { visitDaily } from "../db/schema.ts";
import { startPublicCluster, perWorker } from "./public-cluster.ts";

const DIR = `/tmp/govsite-public-cluster-${process.pid}`;
const HOST = "www.shifan.gov.cn";
const BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

function write(rel: string, content: string) {
  const file = path.join(DIR, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** One request on its own connection (so the kernel may hand it to any worker). */
function get(port: number, urlPath: string, headers: Record<string, string> = {}, method = "GET", body?: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: urlPath, method, agent: false, headers: { host: HOST, ...headers } }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (data += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

beforeAll(() => {
  rmSync(DIR, { recursive: true, force: true });
  write("portal/index.html", "<!doctype html><title>门户首页</title>");
  write("portal/index.html.gz", "GZ-HOME");
  write("portal/404.html", "<!doctype html><title>门户 404</title>");
  write("sites.json", JSON.stringify({ sites: [{ code: "portal", domain: HOST, pathPrefix: "/" }] }));
});
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

const aliveWorkers = () => Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead()).length;

describe("PUBLIC_WORKERS", () => {
  it("is checked: a number from 1 to 64, and several processes only on PostgreSQL", () => {
    const base = { GOVSITE_DATA_DIR: DIR, SESSION_SECRET: "x".repeat(32) };
    expect(loadConfig({ ...base }).public.workers).toBe(1);
    expect(loadConfig({ ...base, PUBLIC_WORKERS: "3", DATABASE_URL: "postgres://u:p@db/govsite" }).public.workers).toBe(3);
    expect(() => loadConfig({ ...base, PUBLIC_WORKERS: "0" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, PUBLIC_WORKERS: "两个" })).toThrow(/PUBLIC_WORKERS/);
    expect(() => loadConfig({ ...base, PUBLIC_WORKERS: "2" })).toThrow(/DATABASE_URL/);
    expect(perWorker(10, 2)).toBe(5);
    expect(perWorker(5, 2)).toBe(3);
    expect(perWorker(1, 4)).toBe(1);
  });

  it("serves published files from two processes and stops them all", async () => {
    const c = await startPublicCluster(testConfig({ publishDir: DIR, databaseUrl: undefined }), 2);
    try {
      expect(aliveWorkers()).toBe(2);
      // Cold processes: requests arriving together while the routing table is first read.
      const burst = await Promise.all(Array.from({ length: 20 }, () => get(c.port, "/", { "accept-encoding": "gzip" })));
      expect(burst.map((r) => r.status)).toEqual(Array(20).fill(200));
      for (let i = 0; i < 6; i++) {
        const res = await get(c.port, "/", { "accept-encoding": "gzip" });
        expect(res.status).toBe(200);
        expect(res.body).toBe("GZ-HOME");
        expect(res.headers["content-encoding"]).toBe("gzip");
        expect(res.headers["x-content-type-options"]).toBe("nosniff");
        const again = await get(c.port, "/", { "if-none-match": String(res.headers.etag) });
        expect(again.status).toBe(304);
      }
      const missing = await get(c.port, "/nowhere.html");
      expect(missing.status).toBe(404);
      expect(missing.body).toContain("门户 404");
    } finally {
      await c.stop();
    }
    expect(aliveWorkers()).toBe(0);
  });

  it.skipIf(!process.env.DATABASE_URL)("writes every worker's visit statistics when the workers stop (PostgreSQL)", async () => {
    const name = `govsite_t_${randomBytes(6).toString("hex")}`;
    const adminUrl = process.env.DATABASE_URL!;
    const q = async (sql: string) => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(sql);
      await a.end();
    };
    await q(`CREATE DATABASE ${name}`);
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    const db = openPostgres(u.toString());
    try {
      await db.migrate();
      const c = await startPublicCluster(testConfig({ publishDir: DIR, databaseUrl: u.toString() }), 2);
      try {
        for (let i = 0; i < 8; i++) {
          const res = await get(c.port, "/api/public/hit", { "content-type": "text/plain;charset=UTF-8", "user-agent": BROWSER }, "POST", JSON.stringify({ p: "/" }));
          expect(res.status).toBe(204);
        }
      } finally {
        await c.stop(); // each worker flushes what it counted
      }
      const [row] = await db.db.select({ views: sum(visitDaily.views) }).from(visitDaily).where(eq(visitDaily.kind, "site"));
      expect(Number(row?.views)).toBe(8);
    } finally {
      await db.close();
      await q(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
});

/**
 * Public server benchmark: `npx tsx bench/public-server/run.ts` (see README.md beside this file).
 *
 * Publishes the publisher's fixture site, then measures requests per second for one published
 * article served (a) by our public role and (b) by nginx with the configuration `govsite
 * nginx-config` writes, both on loopback, with the same load generator (wrk, or autocannon when wrk
 * is missing) and the same request (gzip accepted, as browsers do): first one process each (our
 * role in one process, nginx `worker_processes 1`), then N each (PUBLIC_WORKERS=N through
 * node:cluster, nginx `worker_processes N`; N = the number of CPUs unless --workers says).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { publishSite } from "../../packages/publisher/src/index.ts";
import { fixtureSnapshot, fixtureSubsite } from "../../packages/publisher/src/testing/fixture.ts";
import { buildPublicApp } from "../../apps/server/src/http/public-app.ts";
import { renderNginxConfig } from "../../apps/server/src/cli/nginx-config.ts";
import { startPublicCluster } from "../../apps/server/src/http/public-cluster.ts";
import { testConfig } from "../../apps/server/src/config/index.ts";

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const DURATION = Number(args.get("duration") ?? 10);
const CONNECTIONS = Number(args.get("connections") ?? 50);
const ROUNDS = Number(args.get("rounds") ?? 3);
const WORKERS = Number(args.get("workers") ?? availableParallelism());
const WORK = args.get("dir") ?? join(tmpdir(), "govsite-bench-public");
const NGINX = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"].find((p) => existsSync(p));
const WRK = ["/usr/bin/wrk", "/usr/local/bin/wrk"].find((p) => existsSync(p));
const HOST = "www.sfx.gov.cn";

interface Result {
  rps: number;
  latencyMs: number | null;
  tool: string;
}

async function load(url: string): Promise<Result> {
  if (WRK) {
    // Asynchronously: our server runs in this process and must keep its event loop.
    const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const p = spawn(WRK, ["-t1", `-c${CONNECTIONS}`, `-d${DURATION}s`, "--latency", "-H", `Host: ${HOST}`, "-H", "Accept-Encoding: gzip", url]);
      let stdout = "";
      let stderr = "";
      p.stdout.on("data", (d) => (stdout += d));
      p.stderr.on("data", (d) => (stderr += d));
      p.on("error", reject);
      p.on("close", (status) => resolve({ status, stdout, stderr }));
    });
    if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1]);
    const p50 = /50%\s+([\d.]+)(us|ms|s)/.exec(r.stdout);
    const latencyMs = p50 ? Number(p50[1]) * (p50[2] === "us" ? 0.001 : p50[2] === "s" ? 1000 : 1) : null;
    const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(r.stdout);
    if (non2xx) throw new Error(`${non2xx[1]} failed responses from ${url}`);
    return { rps, latencyMs, tool: "wrk" };
  }
  let autocannon: (o: object) => Promise<{ requests: { average: number }; latency: { p50: number }; non2xx: number }>;
  try {
    autocannon = createRequire(import.meta.url)("autocannon");
  } catch {
    throw new Error("需要 wrk（apt-get install wrk）或 autocannon（npm install --no-save autocannon）才能运行本基准。");
  }
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers: { host: HOST, "accept-encoding": "gzip" } });
  if (r.non2xx) throw new Error(`${r.non2xx} failed responses from ${url}`);
  return { rps: r.requests.average, latencyMs: r.latency.p50, tool: "autocannon (note: a Node.js load generator shares the CPU with the server; wrk is preferred)" };
}

async function main() {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const www = join(WORK, "www");
  mkdirSync(www, { recursive: true });
  const portal = fixtureSnapshot();
  const sub = fixtureSubsite();
  await publishSite(portal, { outDir: join(www, "portal") });
  await publishSite(sub, { outDir: join(www, "fgw") });
  const route = (s: typeof portal) => ({ code: s.site.code, domain: s.site.domain, pathPrefix: s.site.pathPrefix, status: "running" });
  const sites = [route(portal), route(sub)];
  writeFileSync(join(www, "sites.json"), JSON.stringify({ sites }));

  // The article: the first one in the fixture's news column.
  const { readdirSync } = await import("node:fs");
  const findHtml = (dir: string): string | undefined => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        const f = findHtml(p);
        if (f) return f;
      } else if (/^t\d{8}_.+\.html$/.test(e.name)) return p;
    }
    return undefined;
  };
  const articleFile = findHtml(join(www, "portal"));
  if (!articleFile) throw new Error("no article published");
  const articlePath = articleFile.slice(join(www, "portal").length);

  const configs = [...new Set([1, WORKERS])];
  console.log(`Article: ${articlePath}`);
  console.log(`Load: ${CONNECTIONS} connections, ${DURATION} s per round, ${ROUNDS} alternating rounds (median).`);
  const summary: string[] = [];
  for (const n of configs) summary.push(await compare(www, sites, articlePath, n));
  console.log("\n" + summary.join("\n"));
}

/** A loopback port nobody listens on now (for nginx). */
async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/**
 * The floor of node:http on this machine: a bare `http.createServer` in this process answering
 * every request with the bytes our role sends for the article (same status, headers and body; no
 * routing, no cache lookups). No handler on node:http can beat it, so its ratio to nginx is the
 * ceiling of ours; the gap between the two is Node's HTTP stack, not our code.
 */
async function startFloor(url: string): Promise<{ url: string; close: () => Promise<void> }> {
  const { request, createServer } = await import("node:http");
  const { head, body } = await new Promise<{ head: string[]; body: Buffer }>((resolve, reject) => {
    request(url, { headers: { host: HOST, "accept-encoding": "gzip" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const head: string[] = [];
        const raw = res.rawHeaders;
        // Node adds these three itself, as it does for our role.
        for (let i = 0; i + 1 < raw.length; i += 2) if (!/^(date|connection|keep-alive)$/i.test(raw[i]!)) head.push(raw[i]!, raw[i + 1]!);
        resolve({ head, body: Buffer.concat(chunks) });
      });
    })
      .on("error", reject)
      .end();
  });
  const srv = createServer((_req, res) => {
    res.writeHead(200, head);
    res.end(body);
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}${new URL(url).pathname}`, close: () => new Promise<void>((r) => srv.close(() => r())) };
}

/** Our role with n processes against nginx with n worker processes. */
async function compare(www: string, sites: { code: string; domain: string; pathPrefix: string }[], articlePath: string, n: number): Promise<string> {
  console.log(`\n== ${n} process${n > 1 ? "es" : ""} each: govsite ${n > 1 ? `PUBLIC_WORKERS=${n} (node:cluster)` : "one process"}, nginx worker_processes ${n} ==`);
  let ourPort: number;
  let close: () => Promise<unknown>;
  if (n === 1) {
    const app = await buildPublicApp({ publishDir: www });
    await app.listen({ host: "127.0.0.1", port: 0 });
    ourPort = (app.server.address() as { port: number }).port;
    close = () => app.close();
  } else {
    const c = await startPublicCluster(testConfig({ publishDir: www, databaseUrl: undefined }), n);
    ourPort = c.port;
    close = () => c.stop();
  }
  const ours = `http://127.0.0.1:${ourPort}${articlePath}`;
  const check = await fetch(ours, { headers: { host: HOST, "accept-encoding": "gzip" } });
  if (check.status !== 200) throw new Error(`our public role answered ${check.status} for ${articlePath}`);
  if (n === 1) console.log(`(served ${check.headers.get("content-encoding") ?? "identity"})`);

  let ng: ReturnType<typeof spawn> | undefined;
  let peerUrl: string | undefined;
  if (NGINX) {
    const ngDir = join(WORK, `nginx-${n}`);
    mkdirSync(ngDir, { recursive: true });
    const port = await freePort();
    const conf = join(ngDir, "nginx.conf");
    writeFileSync(conf, renderNginxConfig({ sites, publishDir: www, upstream: "127.0.0.1:9", listen: port, brotli: false, workerProcesses: n, pidFile: join(ngDir, "nginx.pid"), errorLog: join(ngDir, "error.log"), accessLog: "off" }));
    ng = spawn(NGINX, ["-c", conf, "-g", "daemon off;"], { stdio: "inherit" });
    peerUrl = `http://127.0.0.1:${port}${articlePath}`;
    for (let i = 0; i < 50; i++) {
      try {
        if ((await fetch(peerUrl, { headers: { host: HOST } })).ok) break;
      } catch {
        /* not up yet */
      }
      await sleep(100);
    }
  } else console.log("nginx: not installed (apt-get install nginx) — no peer figure.");

  // One process: also the node:http floor (see startFloor), in the same rounds.
  const floor = n === 1 ? await startFloor(ours) : undefined;
  try {
    await load(ours); // warm-up (JIT, file cache)
    if (peerUrl) await load(peerUrl);
    if (floor) await load(floor.url);
    const oursRuns: Result[] = [];
    const peerRuns: Result[] = [];
    const floorRuns: Result[] = [];
    // Alternating rounds, so a busy moment on a shared machine hits both servers alike.
    for (let i = 0; i < ROUNDS; i++) {
      oursRuns.push(await load(ours));
      if (peerUrl) peerRuns.push(await load(peerUrl));
      if (floor) floorRuns.push(await load(floor.url));
    }
    const median = (rs: Result[]) => [...rs].sort((a, b) => a.rps - b.rps)[Math.floor(rs.length / 2)]!;
    const our = median(oursRuns);
    console.log(`govsite public role (${n} process${n > 1 ? "es" : ""}): ${Math.round(our.rps).toLocaleString("en")} req/s, p50 ${our.latencyMs?.toFixed(2) ?? "?"} ms (${our.tool}; rounds: ${oursRuns.map((r) => Math.round(r.rps)).join(", ")})`);
    if (!peerRuns.length) return `${n} each: govsite ${Math.round(our.rps)} req/s (no nginx)`;
    const peer = median(peerRuns);
    console.log(`nginx (worker_processes ${n}, gzip_static): ${Math.round(peer.rps).toLocaleString("en")} req/s, p50 ${peer.latencyMs?.toFixed(2) ?? "?"} ms (rounds: ${peerRuns.map((r) => Math.round(r.rps)).join(", ")})`);
    const ratio = our.rps / peer.rps;
    let line = `${n} process${n > 1 ? "es" : ""} each: govsite ${Math.round(our.rps).toLocaleString("en")} / nginx ${Math.round(peer.rps).toLocaleString("en")} req/s — ratio ${ratio.toFixed(2)} (target ≥ 0.50: ${ratio >= 0.5 ? "met" : "NOT met"})`;
    if (floorRuns.length) {
      const f = median(floorRuns);
      console.log(`node:http floor (bare createServer, same bytes): ${Math.round(f.rps).toLocaleString("en")} req/s, p50 ${f.latencyMs?.toFixed(2) ?? "?"} ms (rounds: ${floorRuns.map((r) => Math.round(r.rps)).join(", ")})`);
      line += `\n  node:http floor ${Math.round(f.rps).toLocaleString("en")} req/s — ratio ${(f.rps / peer.rps).toFixed(2)} to nginx; govsite = ${(our.rps / f.rps).toFixed(2)} × floor`;
    }
    console.log(line);
    return line;
  } finally {
    ng?.kill("SIGQUIT");
    await floor?.close();
    await close();
  }
}

await main();

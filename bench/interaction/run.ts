// Load check of the public letter API (issue 6): 500 submissions per second for 10 seconds from
// many loopback addresses, each with a solved proof-of-work challenge; some addresses go over the
// per-address limit, some submissions are retried with the same Idempotency-Key. Afterwards the
// database is opened and every acknowledged letter must be there exactly once.
//
//   npx tsx bench/interaction/run.ts                      # embedded PGlite in a temp directory
//   DATABASE_URL=postgres://… npx tsx bench/interaction/run.ts
//   RATE=500 SECONDS=10 ADDRESSES=1000 POW_MAX=10000 npx tsx bench/interaction/run.ts
//
// Only 127.0.0.0/8 addresses are used (Linux routes the whole block to the loopback interface).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir, cpus, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import http from "node:http";
import { Worker } from "node:worker_threads";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { openPglite, openPostgres } from "../../apps/server/src/db/client.ts";
import { letters } from "../../apps/server/src/db/schema.ts";
import { sql } from "drizzle-orm";

const here = path.dirname(fileURLToPath(import.meta.url));
const RATE = Number(process.env.RATE ?? 500);
const SECONDS = Number(process.env.SECONDS ?? 10);
const ADDRESSES = Math.min(Number(process.env.ADDRESSES ?? 1000), 60_000);
const POW_MAX = Number(process.env.POW_MAX ?? 2_000);
const LIMIT = Number(process.env.LIMIT ?? 6); // writes per address per window (the server's setting for this run)
const GREEDY_SHARE = 0.05; // addresses that try 3 more than allowed
const RETRY_SHARE = 0.05; // submissions sent twice with the same key (double click / retry)

// ------------------------------------------------------------------ plan
const addr = (i: number) => `127.${20 + Math.floor(i / 65_024)}.${Math.floor(i / 254) % 256}.${(i % 254) + 1}`;
interface Job {
  ip: string;
  key: string;
  body: Record<string, unknown>;
  retryOf?: Job;
  greedy: boolean;
  at: number;
}
const total = RATE * SECONDS;
const greedyCount = Math.max(1, Math.round(ADDRESSES * GREEDY_SHARE));
// Greedy addresses send LIMIT + 3 letters (3 must be refused); the others share the rest, each
// staying one under the limit so that a retry of one of its letters still fits.
const normalNeeded = total - greedyCount * (LIMIT + 3);
const normalAddresses = Math.max(ADDRESSES - greedyCount, Math.ceil(normalNeeded / (LIMIT - 1)));
const jobs: Job[] = [];
const newJob = (ip: string, greedy: boolean): Job => {
  const n = jobs.length;
  return {
    ip,
    greedy,
    key: `bench-${randomUUID()}`,
    at: 0,
    body: {
      channel: "xzxx",
      title: `压力测试来信第${n}号：关于道路维修的建议`,
      content: `第${n}号来信：城关镇人民路部分路段路面破损，雨天积水，建议尽快安排维修。此信为负载测试生成。`,
      name: `测试${n}`,
      phone: `139${String(n).padStart(8, "0")}`,
      publicAllowed: n % 2 === 0,
    },
  };
};
for (let g = 0; g < greedyCount; g++) for (let k = 0; k < LIMIT + 3; k++) jobs.push(newJob(addr(g), true));
for (let k = 0; jobs.length < total; k++) jobs.push(newJob(addr(greedyCount + (k % normalAddresses)), false));
// At most one retry per address, so that a normal address stays within its limit.
const retries: Job[] = [];
const retried = new Set<string>();
for (const j of jobs) {
  if (j.greedy || retried.has(j.ip) || Math.random() >= RETRY_SHARE) continue;
  retried.add(j.ip);
  retries.push({ ...j, retryOf: j });
}
// Send order: shuffled, each retry 1–50 ms after its original.
const order = [...jobs].sort(() => Math.random() - 0.5);
order.forEach((j, i) => (j.at = (i / order.length) * SECONDS * 1000));
for (const r of retries) r.at = r.retryOf!.at + 1 + Math.random() * 49;
const all = [...order, ...retries].sort((a, b) => a.at - b.at);

// ------------------------------------------------------------------ server
const dataDir = process.env.DATABASE_URL ? "" : mkdtempSync(path.join(tmpdir(), "govsite-bench-interaction-"));
let dbUrl = "";
if (process.env.DATABASE_URL) {
  const name = `govsite_bench_${Date.now()}`;
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(process.env.DATABASE_URL);
  u.pathname = `/${name}`;
  dbUrl = u.toString();
}
const env = { ...process.env, GOVSITE_POW_MAX: String(POW_MAX), GOVSITE_WRITES_MAX: String(LIMIT), GOVSITE_WRITES_WINDOW_MS: String(600_000), ...(dbUrl ? { DATABASE_URL: dbUrl } : { GOVSITE_CRASH_PGLITE: dataDir, DATABASE_URL: "" }) };
if (!dbUrl) delete (env as Record<string, string | undefined>).DATABASE_URL;
// SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server process.
const serverArgs = (process.env.SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
const child = spawn(process.execPath, [...serverArgs, "--import", "tsx", path.join(here, "../../apps/server/src/modules/interaction/crash-server.ts")], { env, stdio: ["ignore", "pipe", "inherit"] });
const port: number = await new Promise((resolve, reject) => {
  createInterface({ input: child.stdout! }).once("line", (l) => resolve(JSON.parse(l).port));
  child.once("exit", (c) => reject(new Error(`server exited (${c})`)));
});
console.log(`服务器已启动（${dbUrl ? "PostgreSQL" : "PGlite " + dataDir}），端口 ${port}；计划 ${all.length} 次提交（${jobs.length} 封新信，其中 ${greedyCount * 3} 次超出每地址 ${LIMIT} 封的限额；${retries.length} 次重复提交），${new Set(all.map((j) => j.ip)).size} 个地址，${SECONDS} 秒`);

const agents = new Map<string, http.Agent>();
const agentFor = (ip: string) => {
  let a = agents.get(ip);
  if (!a) agents.set(ip, (a = new http.Agent({ keepAlive: true, maxSockets: 4, localAddress: ip })));
  return a;
};
function request(ip: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request({ host: "127.0.0.1", port, method, path: p, agent: agentFor(ip), headers: { ...(data ? { "content-type": "application/json", "content-length": String(data.length) } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - t0 });
      });
    });
    req.on("error", (e) => resolve({ status: 0, body: String(e), ms: performance.now() - t0 }));
    if (data) req.write(data);
    req.end();
  });
}

// ------------------------------------------------------------------ human checks, solved ahead
const originals = jobs;
const t0 = performance.now();
const challenges: any[] = [];
for (let i = 0; i < originals.length; i += 200) {
  const batch = await Promise.all(originals.slice(i, i + 200).map((j) => request(j.ip, "GET", "/api/public/challenge")));
  for (const r of batch) challenges.push(r.body);
}
const workers = Array.from({ length: Math.max(1, cpus().length) }, () => new Worker(path.join(here, "solve-worker.mjs")));
const solved: string[] = new Array(originals.length);
const chunk = Math.ceil(originals.length / workers.length);
await Promise.all(
  workers.map(
    (w, k) =>
      new Promise<void>((resolve) => {
        w.once("message", (out: string[]) => {
          out.forEach((s, i) => (solved[k * chunk + i] = s));
          resolve();
        });
        w.postMessage(challenges.slice(k * chunk, (k + 1) * chunk));
      }),
  ),
);
await Promise.all(workers.map((w) => w.terminate()));
originals.forEach((j, i) => (j.body.altcha = solved[i]));
console.log(`预先求解 ${originals.length} 个人机验证（maxnumber=${POW_MAX}）用时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒`);

// ------------------------------------------------------------------ load
interface Result {
  job: Job;
  status: number;
  body: any;
  ms: number;
}
// CPU seconds the server process has used (Linux /proc): divided by the letters, the cost of one
// submission whatever else the machine is doing.
const serverCpu = () => {
  try {
    const f = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
};
const cpu0 = serverCpu();
const results: Result[] = [];
const probes: number[] = [];
const probeFailures: number[] = [];
const start = performance.now();
let probing = true;
const probe = (async () => {
  while (probing) {
    const r = await request("127.0.0.1", "GET", "/api/public/sites/crash/channels");
    if (r.status === 200) probes.push(r.ms);
    else probeFailures.push(r.status);
    await new Promise((res) => setTimeout(res, 100));
  }
})();
const inflight: Promise<void>[] = [];
let next = 0;
await new Promise<void>((resolve) => {
  const tick = () => {
    const now = performance.now() - start;
    while (next < all.length && all[next]!.at <= now) {
      const j = all[next++]!;
      const body = j.retryOf ? j.retryOf.body : j.body;
      inflight.push(request(j.ip, "POST", "/api/public/sites/crash/letters", body, { "idempotency-key": (j.retryOf ?? j).key }).then((r) => void results.push({ job: j, ...r })));
    }
    if (next < all.length) setTimeout(tick, 1);
    else resolve();
  };
  tick();
});
const sentIn = (performance.now() - start) / 1000;
await Promise.all(inflight);
const doneIn = (performance.now() - start) / 1000;
const cpuUsed = serverCpu() - cpu0;
probing = false;
await probe;

// ------------------------------------------------------------------ verify
await new Promise<void>((resolve) => {
  child.once("exit", () => resolve());
  child.kill("SIGTERM");
});
for (const a of agents.values()) a.destroy();
const database = dbUrl ? openPostgres(dbUrl) : openPglite(dataDir);
const rows = await database.db.select({ caseNo: letters.caseNo, key: letters.idempotencyKey, ip: letters.ip }).from(letters);
const [dups] = (await database.db.select({ n: sql<number>`count(*) - count(distinct ${letters.idempotencyKey})` }).from(letters)) as [{ n: number }];
await database.close();

const byStatus = new Map<number, number>();
for (const r of results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
const acked = results.filter((r) => r.status === 201);
const ackedCases = new Set(acked.map((r) => r.body.caseNo as string));
const stored = new Set(rows.map((r) => r.caseNo));
const lost = [...ackedCases].filter((c) => !stored.has(c));
const retryOk = results.filter((r) => r.job.retryOf).every((r) => {
  if (r.status !== 200 && r.status !== 201) return false;
  const orig = results.find((o) => o.job === r.job.retryOf);
  return !!orig && orig.body?.caseNo === r.body?.caseNo;
});
// Each greedy address: exactly LIMIT accepted and 3 refused with 429.
const greedyIps = new Set(jobs.filter((j) => j.greedy).map((j) => j.ip));
const limitedOk = [...greedyIps].every((ip) => {
  const mine = results.filter((r) => r.job.ip === ip);
  return mine.filter((r) => r.status === 201).length === LIMIT && mine.filter((r) => r.status === 429).length === 3;
});
const refused = results.filter((r) => r.status === 429).length;
const perIp = new Map<string, number>();
for (const r of rows) perIp.set(r.ip, (perIp.get(r.ip) ?? 0) + 1);
const overLimit = [...perIp.values()].filter((n) => n > LIMIT).length;
const unexpected = results.filter((r) => (!r.job.greedy && r.status !== 201 && r.status !== 200) || r.status >= 500 || r.status === 0);
const lat = acked.map((r) => r.ms).sort((a, b) => a - b);
const pct = (xs: number[], p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!.toFixed(0) : "—");
const sortedProbes = [...probes].sort((a, b) => a - b);

console.log(`\n发送 ${all.length} 次请求用时 ${sentIn.toFixed(1)} 秒（目标 ${RATE}/秒，实际 ${(all.length / sentIn).toFixed(0)}/秒），全部应答用时 ${doneIn.toFixed(1)} 秒`);
console.log(`服务器进程 CPU 时间 ${cpuUsed.toFixed(1)} 秒，每次提交 ${((cpuUsed * 1000) / Math.max(1, results.length)).toFixed(2)} ms（机器负载 ${loadavg()[0]!.toFixed(1)}）`);
console.log(`状态码：${[...byStatus.entries()].sort().map(([s, n]) => `${s}×${n}`).join("，")}`);
console.log(`受理（201）${acked.length} 封，数据库中 ${rows.length} 封，丢失 ${lost.length} 封，重复 ${dups.n} 封；重复提交返回原受理编号：${retryOk ? "是" : "否"}`);
console.log(`限流：${greedyIps.size} 个超额地址各受理 ${LIMIT} 封、拒绝 3 次（共 429×${refused}）：${limitedOk ? "是" : "否"}；数据库中超过每地址 ${LIMIT} 封的地址 ${overLimit} 个`);
console.log(`受理延迟 p50 ${pct(lat, 50)} ms，p95 ${pct(lat, 95)} ms，p99 ${pct(lat, 99)} ms；负载期间探测请求 ${probes.length} 次成功（p95 ${pct(sortedProbes, 95)} ms），失败 ${probeFailures.length} 次`);
const ok = lost.length === 0 && Number(dups.n) === 0 && rows.length === acked.length && retryOk && limitedOk && overLimit === 0 && unexpected.length === 0 && probeFailures.length === 0;
console.log(ok ? "结论：通过" : `结论：未通过（意外结果 ${unexpected.length} 个，例如 ${JSON.stringify(unexpected.slice(0, 3).map((u) => [u.status, u.body]))}）`);

if (dataDir) rmSync(dataDir, { recursive: true, force: true });
if (dbUrl) {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${new URL(dbUrl).pathname.slice(1)} WITH (FORCE)`);
  await c.end();
}
process.exit(ok ? 0 : 1);

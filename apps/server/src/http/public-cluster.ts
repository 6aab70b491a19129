// The public role in several processes (PUBLIC_WORKERS > 1): the primary forks workers with
// node:cluster; each worker builds the whole public app (buildPublicRole, as the single process does) and
// listens on the shared address. Connections are spread by the kernel (SCHED_NONE: every worker
// accepts on the shared socket, the primary is not in the request path), the way nginx workers do.
//
// What stays correct with several processes:
// - visit statistics: each worker batches its own views; a flush adds its counts to the database
//   (`views = views + excluded.views`) and unique visitors are decided by the `visit_seen` insert,
//   so batches from several workers add up. Every worker flushes when it is shut down.
// - proof of work: challenges are HMAC-signed with a key derived from the session secret (the
//   same config is handed to every worker) and spent solutions are recorded in `pow_spent`.
// - per-address rate limits are counters in each process's memory: each worker gets the limit
//   divided by the number of workers (rounded up), so an address never gets more than the
//   configured total across all workers (a stricter limit when it always reaches the same worker).
import cluster, { type Worker } from "node:cluster";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Config } from "../config/index.ts";
import { openDatabase } from "../db/client.ts";
import { createServices, type Services } from "../services.ts";
import { logger } from "../lib/logger.ts";
import { buildPublicApp, perWorker } from "./public-app.ts";
import { defaultPublicLimits, registerPublicInteraction } from "./public-interaction.ts";
import { registerPublicDuty } from "./duty-routes.ts";

export { perWorker };

const WORKER_ENV = "GOVSITE_PUBLIC_WORKER_CONFIG";

export interface PublicCluster {
  /** The port the workers listen on (the configured one, or the one chosen for port 0). */
  port: number;
  workers: number;
  /** Asks every worker to stop accepting, flush its visit statistics and exit; waits for all. */
  stop(): Promise<void>;
}

/** Per address: 假冒网站 reports per window (across all public processes). */
const counterfeitReports = { max: 5, windowMs: 10 * 60_000 };

/**
 * The public role's app, in one process or in each of `workers`: published files, search and the
 * visit beacon, and with a database the public API of 政民互动 and 依申请公开 and 假冒网站 reports.
 * Per-address limits are the configured totals shared among the processes (see perWorker).
 */
export async function buildPublicRole(config: Config, svc: Services | undefined, workers = 1) {
  const share = ({ max, windowMs }: { max: number; windowMs: number }) => ({ max: perWorker(max, workers), windowMs });
  return buildPublicApp({
    publishDir: config.publishDir,
    svc,
    rateLimitDivisor: workers,
    extra: svc
      ? async (app) => {
          await registerPublicInteraction(app, svc, {
            writes: share(defaultPublicLimits.writes),
            lookups: share(defaultPublicLimits.lookups),
            reads: share(defaultPublicLimits.reads),
          });
          await registerPublicDuty(app, svc, { reports: share(counterfeitReports) });
        }
      : undefined,
  });
}

/** Forks `workers` public-role processes; resolves when all of them listen. */
export async function startPublicCluster(config: Config, workers: number): Promise<PublicCluster> {
  if (!cluster.isPrimary) throw new Error("startPublicCluster must run in the primary process");
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  // Workers run this file from source, like the primary (tsx loader).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  cluster.setupPrimary({ exec: fileURLToPath(import.meta.url), execArgv: ["--import", tsx], args: [], silent: false });
  const env = { [WORKER_ENV]: JSON.stringify({ config, workers }) };
  const forked: Worker[] = [];
  let port = config.public.port;
  try {
    await Promise.all(
      Array.from({ length: workers }, () => {
        const w = cluster.fork(env);
        forked.push(w);
        return new Promise<void>((resolve, reject) => {
          const onExit = (code: number | null) => reject(new Error(`公共网站工作进程启动失败（退出码 ${code}）`));
          w.once("exit", onExit);
          w.once("listening", (addr) => {
            w.off("exit", onExit);
            port = addr.port;
            resolve();
          });
        });
      }),
    );
  } catch (err) {
    for (const w of forked) if (!w.isDead()) w.kill();
    throw err;
  }
  for (const w of forked) {
    w.on("exit", (code, signal) => {
      if (!stopping) logger.error({ pid: w.process.pid, code, signal }, "public worker exited");
    });
  }
  let stopping = false;
  return {
    port,
    workers,
    async stop() {
      stopping = true;
      await Promise.all(
        forked.map(
          (w) =>
            new Promise<void>((resolve) => {
              if (w.isDead()) return resolve();
              w.once("exit", () => resolve());
              // A worker that does not finish within 15 s (a stuck database) is killed.
              const t = setTimeout(() => w.kill("SIGKILL"), 15_000);
              t.unref();
              w.send("shutdown");
            }),
        ),
      );
    },
  };
}

/** The worker side: builds the public app with its own database connection and serves. */
async function runWorker(raw: string) {
  const { config, workers } = JSON.parse(raw) as { config: Config; workers: number };
  // The primary opened and migrated the database; pages are served even when it is unreachable.
  // PGlite is one process only: workers need DATABASE_URL for the API (config checks this).
  const database = config.databaseUrl ? openDatabase(config) : undefined;
  const svc = database ? await createServices(database, config) : undefined;
  const app = await buildPublicRole(config, svc, workers);
  let closing: Promise<void> | undefined;
  const shutdown = () =>
    (closing ??= (async () => {
      try {
        await app.close(); // flushes the visit statistics
        await database?.close();
      } catch (err) {
        logger.error({ err }, "public worker shutdown");
      }
      process.exit(0);
    })());
  // Ctrl-C reaches the whole process group: the primary decides, and tells the workers.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => {});
  process.on("message", (m) => m === "shutdown" && void shutdown());
  process.on("disconnect", () => void shutdown()); // the primary is gone
  await app.listen({ host: config.public.host, port: config.public.port });
}

if (cluster.isWorker && process.env[WORKER_ENV]) {
  await runWorker(process.env[WORKER_ENV]).catch((err) => {
    logger.error({ err }, "public worker failed to start");
    process.exit(1);
  });
}

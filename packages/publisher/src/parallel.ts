/**
 * Full rebuild of many sites in parallel on worker threads.
 * Each worker builds whole sites (a site's build is atomic on its own); one failing site does not
 * stop the others — failures are returned with their reasons.
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { PublishOptions, PublishResult } from "./publish.ts";
import type { SiteSnapshot } from "./types.ts";
import type { WorkerJob, WorkerMessage } from "./worker.ts";

export interface PublishAllOptions extends Omit<PublishOptions, "outDir" | "onPage" | "onProgress"> {
  /** Root of the published sites: each site goes to `<outRoot>/<code>`. */
  outRoot: string;
  /** Worker threads. Default: available CPUs, at most the number of sites. */
  workers?: number;
  /** Called when a site finishes (or fails): `done` of `total` sites. */
  onProgress?: (p: { done: number; total: number; site: string }) => void;
  /** Page-level progress inside each site, for a detailed progress bar. */
  onSiteProgress?: (p: { site: string; done: number; total: number }) => void;
}

export interface PublishAllResult {
  results: PublishResult[];
  failures: Array<{ site: string; error: { name: string; message: string; issues?: unknown } }>;
  durationMs: number;
}

const BOOT = new URL("./worker-boot.mjs", import.meta.url);
const ENTRY = new URL("./worker.ts", import.meta.url).href;

export async function publishAll(snapshots: SiteSnapshot[], options: PublishAllOptions): Promise<PublishAllResult> {
  const t0 = performance.now();
  const { outRoot, workers, onProgress, onSiteProgress, ...rest } = options;
  const total = snapshots.length;
  const results: PublishResult[] = [];
  const failures: PublishAllResult["failures"] = [];
  if (!total) return { results, failures, durationMs: 0 };
  const count = Math.max(1, Math.min(workers ?? availableParallelism(), total));
  const queue = snapshots.map((s, id) => ({ id, snapshot: s }));
  let done = 0;

  await new Promise<void>((resolveAll) => {
    let alive = 0;
    const finishSite = (site: string) => {
      done++;
      onProgress?.({ done, total, site });
      if (done === total) resolveAll();
    };
    const spawn = () => {
      const worker = new Worker(BOOT, { workerData: { entry: ENTRY } });
      alive++;
      let current: { id: number; snapshot: SiteSnapshot } | undefined;
      const next = () => {
        current = queue.shift();
        if (!current) {
          void worker.terminate();
          return;
        }
        const job: WorkerJob = {
          id: current.id,
          snapshot: current.snapshot,
          options: { ...rest, outDir: join(outRoot, current.snapshot.site.code) },
        };
        worker.postMessage(job);
      };
      worker.on("message", (m: WorkerMessage | { type: "ready" }) => {
        if (m.type === "ready") return next();
        const site = current?.snapshot.site.code ?? "?";
        if (m.type === "progress") onSiteProgress?.({ site, done: m.done, total: m.total });
        else if (m.type === "done") {
          results.push(m.result);
          finishSite(site);
          next();
        } else if (m.type === "failed") {
          failures.push({ site, error: m.error });
          finishSite(site);
          next();
        }
      });
      worker.on("error", (e) => {
        // The thread died (out of memory, bug): the current site fails, a fresh worker continues.
        if (current) {
          const site = current.snapshot.site.code;
          current = undefined;
          failures.push({ site, error: { name: e.name, message: e.message } });
          finishSite(site);
        }
      });
      worker.on("exit", () => {
        alive--;
        if (queue.length && done < total) spawn();
        else if (alive === 0 && done < total) resolveAll();
      });
    };
    for (let i = 0; i < count; i++) spawn();
  });
  results.sort((a, b) => (a.site < b.site ? -1 : 1));
  return { results, failures, durationMs: performance.now() - t0 };
}

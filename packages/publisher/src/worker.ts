/** Publishing worker: receives site jobs, runs `publishSite`, reports progress and results. */
import { parentPort } from "node:worker_threads";
import { type PublishOptions, publishSite, renderShare } from "./publish.ts";
import type { SiteSnapshot } from "./types.ts";

export interface WorkerJob {
  id: number;
  snapshot: SiteSnapshot;
  options: Omit<PublishOptions, "onPage" | "onProgress">;
}

export type WorkerMessage =
  | { type: "progress"; id: number; done: number; total: number }
  | { type: "done"; id: number; result: Awaited<ReturnType<typeof publishSite>> }
  | { type: "failed"; id: number; error: { name: string; message: string; issues?: unknown } };

const port = parentPort!;
interface ShareJob {
  type: "share";
  snapshot: SiteSnapshot;
  options: Omit<PublishOptions, "onPage" | "onProgress">;
  siteDir: string;
  k: number;
  n: number;
}

port.on("message", async (job: WorkerJob | ShareJob) => {
  if ("type" in job && job.type === "share") {
    try {
      const result = await renderShare(job.snapshot, job.options, job.siteDir, job.k, job.n, (done) =>
        port.postMessage({ type: "share-progress", done }),
      );
      port.postMessage({ type: "share-done", result });
    } catch (e) {
      port.postMessage({ type: "failed", id: -1, error: { name: (e as Error).name, message: (e as Error).message } });
    }
    return;
  }
  job = job as WorkerJob;
  try {
    const result = await publishSite(job.snapshot, {
      ...job.options,
      renderWorkers: 1, // this thread is already one of publishAll's workers
      onProgress: (p) => port.postMessage({ type: "progress", id: job.id, done: p.done, total: p.total } satisfies WorkerMessage),
    });
    port.postMessage({ type: "done", id: job.id, result } satisfies WorkerMessage);
  } catch (e) {
    const err = e as Error & { issues?: unknown };
    port.postMessage({
      type: "failed",
      id: job.id,
      error: { name: err.name, message: err.message, issues: err.issues },
    } satisfies WorkerMessage);
  }
});
port.postMessage({ type: "ready" });

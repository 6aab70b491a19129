/** Splits one site's full build over worker threads (each renders every n-th page). */
import { Worker } from "node:worker_threads";
import type { PublishOptions } from "./publish.ts";
import type { FileEntry } from "./store.ts";
import type { SiteSnapshot } from "./types.ts";

const BOOT = new URL("./worker-boot.mjs", import.meta.url);
const ENTRY = new URL("./worker.ts", import.meta.url).href;

export async function renderInWorkers(
  snapshot: SiteSnapshot,
  options: PublishOptions & { renderWorkers: number },
  siteDir: string,
  onProgress: (done: number) => void,
): Promise<{ entries: Array<[string, FileEntry]>; pages: number; files: number }> {
  const n = options.renderWorkers;
  const { onPage: _p, onProgress: _q, ...plain } = options;
  const progress = new Array<number>(n).fill(0);
  const settled = await Promise.allSettled(
    Array.from({ length: n }, (_, k) => {
      return new Promise<{ entries: Array<[string, FileEntry]>; pages: number; files: number }>((resolve, reject) => {
        const w = new Worker(BOOT, { workerData: { entry: ENTRY } });
        w.on("message", (m: { type: string; done?: number; result?: never; error?: { message: string } }) => {
          if (m.type === "ready") w.postMessage({ type: "share", snapshot, options: plain, siteDir, k, n });
          else if (m.type === "share-progress") {
            progress[k] = m.done!;
            onProgress(progress.reduce((a, b) => a + b, 0));
          } else if (m.type === "share-done") {
            resolve(m.result!);
            void w.terminate();
          } else if (m.type === "failed") {
            reject(new Error(m.error?.message ?? "渲染线程失败"));
            void w.terminate();
          }
        });
        w.on("error", reject);
      });
    }),
  );
  // Wait for every thread before reporting a failure, so none still writes into the release.
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  const shares = settled.map((r) => (r as PromiseFulfilledResult<{ entries: Array<[string, FileEntry]>; pages: number; files: number }>).value);
  return {
    entries: shares.flatMap((s) => s.entries),
    pages: shares.reduce((a, s) => a + s.pages, 0),
    files: shares.reduce((a, s) => a + s.files, 0),
  };
}

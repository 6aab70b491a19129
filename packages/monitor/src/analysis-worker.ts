/** A page-analysis thread (see pool.ts): one checker, pages in, plain results out. */
import { parentPort, workerData } from "node:worker_threads";
import { createChecker } from "@govsite/checks";
import { analysePage, type PageInput } from "./analyse.ts";
import type { WorkerData } from "./pool.ts";

const data = workerData as WorkerData;
const ctx = {
  scope: { host: data.scope.host, aliases: new Set(data.scope.aliases), prefix: data.scope.prefix, allowHosts: data.scope.allowHosts },
  now: new Date(data.now),
  checker: data.contentChecks ? createChecker() : undefined,
};

parentPort!.on("message", (m: { id: number; input: PageInput }) => {
  try {
    parentPort!.postMessage({ id: m.id, result: analysePage(m.input, ctx) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: (e as Error).message });
  }
});

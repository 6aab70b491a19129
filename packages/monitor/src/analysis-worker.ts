/** A page-analysis thread (see pool.ts): builds its checker, then answers pages and texts. */
import { parentPort, workerData } from "node:worker_threads";
import { createChecker } from "@govsite/checks";
import { analysePage, type AnalysisContext } from "./analyse.ts";
import type { FromWorker, ToWorker, WorkerData } from "./pool.ts";

const data = workerData as WorkerData;
const port = parentPort!;
const ctx: AnalysisContext = {
  scope: { host: data.scope.host, aliases: new Set(data.scope.aliases), prefix: data.scope.prefix, allowHosts: data.scope.allowHosts },
  now: new Date(data.now),
  checker: data.contentChecks ? createChecker() : undefined,
};
const reply = (m: FromWorker) => port.postMessage(m);

port.on("message", (m: ToWorker) => {
  try {
    reply({ type: "page", id: m.id, result: analysePage(m.input, ctx) });
  } catch (e) {
    reply({ type: "failed", id: m.id, error: (e as Error).message });
  }
});
reply({ type: "ready" });

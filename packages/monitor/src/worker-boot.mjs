// Worker entry in plain JavaScript: Node cannot start a worker from a .ts file by itself, so this
// file registers tsx for the thread and then loads the TypeScript worker.
import { workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

await tsImport(workerData.entry, import.meta.url);

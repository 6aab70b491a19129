/**
 * Where pages are analysed: in the crawling thread, or in worker threads so that parsing and the
 * content checks run beside the network work (on a county server with a few cores this is most of
 * the audit's speed). Each worker builds its own checker; pages are sent as bytes, transferred
 * without copying when possible.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { createChecker, type Checker } from "@govsite/checks";
import { analysePage, type PageAnalysis, type PageInput } from "./analyse.ts";
import type { SiteScope } from "./page-checks.ts";

export interface Analyser {
  analyse(input: PageInput): Promise<PageAnalysis>;
  close(): Promise<void>;
}

export interface AnalyserOptions {
  scope: SiteScope;
  now: Date;
  contentChecks: boolean;
  /** A checker supplied by the caller forces analysis in this thread (it cannot cross threads). */
  checker?: Checker;
}

/** Worker threads to use by default: the cores left after the crawling thread, at most 4. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

export function inThreadAnalyser(o: AnalyserOptions): Analyser {
  let checker = o.checker;
  return {
    analyse(input) {
      if (o.contentChecks && !checker) checker = createChecker();
      return Promise.resolve(analysePage(input, { scope: o.scope, now: o.now, checker: o.contentChecks ? checker : undefined }));
    },
    close: () => Promise.resolve(),
  };
}

export interface WorkerData {
  entry: string;
  scope: { host: string; aliases: string[]; prefix: string; allowHosts: string[] };
  now: string;
  contentChecks: boolean;
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (r: PageAnalysis) => void; reject: (e: Error) => void }>;
  alive: boolean;
}

const BOOT = new URL("./worker-boot.mjs", import.meta.url);
const ENTRY = new URL("./analysis-worker.ts", import.meta.url).href;

export function workerAnalyser(n: number, o: AnalyserOptions): Analyser {
  const data: WorkerData = {
    entry: ENTRY,
    scope: { host: o.scope.host, aliases: [...o.scope.aliases], prefix: o.scope.prefix, allowHosts: o.scope.allowHosts },
    now: o.now.toISOString(),
    contentChecks: o.contentChecks,
  };
  let nextId = 0;
  let fallback: Analyser | undefined;
  const slots: Slot[] = Array.from({ length: n }, () => {
    const slot: Slot = { worker: new Worker(BOOT, { workerData: data }), pending: new Map(), alive: true };
    slot.worker.on("message", (m: { id: number; result?: PageAnalysis; error?: string }) => {
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      if (m.result) p.resolve(m.result);
      else p.reject(new Error(m.error ?? "分析线程出错"));
    });
    const fail = (err: Error) => {
      slot.alive = false;
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
    };
    slot.worker.on("error", fail);
    slot.worker.on("exit", (code) => {
      if (slot.alive) fail(new Error(`分析线程意外退出（${code}）`));
    });
    return slot;
  });

  return {
    analyse(input) {
      let best: Slot | undefined;
      for (const s of slots) if (s.alive && (!best || s.pending.size < best.pending.size)) best = s;
      if (!best) {
        // Every worker died (out of memory, a native crash): finish the audit in this thread.
        fallback ??= inThreadAnalyser(o);
        return fallback.analyse(input);
      }
      const slot = best;
      const id = nextId++;
      return new Promise<PageAnalysis>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        const b = input.body;
        const own = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer;
        slot.worker.postMessage({ id, input }, own ? [b.buffer as ArrayBuffer] : []);
      });
    },
    async close() {
      for (const s of slots) s.alive = false;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

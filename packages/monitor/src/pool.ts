/**
 * Where pages are analysed: in the crawling thread, or in worker threads so that parsing and the
 * content checks run beside the network work (on a county server with a few cores this is most of
 * the audit's speed).
 *
 * The crawling thread is an analyser too: while no worker is ready (a worker needs a moment to load
 * the check engine and build its dictionaries) or while every worker has a queue, it analyses the
 * page itself instead of letting the crawl wait — network work is light, and otherwise it would sit
 * idle. A worker that dies has its pages redone in the crawling thread.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { createChecker, type Checker } from "@govsite/checks";
import { checkContent, readPage, type AnalysisContext, type ContentHit, type PageAnalysis, type PageInput } from "./analyse.ts";
import type { PageObservation, SiteScope } from "./page-checks.ts";

export interface PageResult {
  soft404: boolean;
  obs?: PageObservation;
  html?: string;
  /** The content findings; they may come after the page's links while the workers warm up. */
  content: Promise<ContentHit[]>;
}

export interface Analyser {
  analyse(input: PageInput): Promise<PageResult>;
  close(): Promise<void>;
}

export interface AnalyserOptions {
  scope: SiteScope;
  now: Date;
  contentChecks: boolean;
  /** A checker supplied by the caller forces analysis in this thread (it cannot cross threads). */
  checker?: Checker;
}

/**
 * Worker threads to use by default: the cores left after the crawling thread, at most 4; none on
 * two cores or fewer. There the other core is busy with the web server and everything else, and a
 * thread costs more than it gives back (it loads the check engine again and copies every page
 * across): measured on 2 cores, one thread used ~25% more CPU and crawled slower
 * (bench/monitor/README.md).
 */
export function defaultWorkers(): number {
  const cores = availableParallelism();
  return cores <= 2 ? 0 : Math.min(4, cores - 1);
}

function localContext(o: AnalyserOptions): () => AnalysisContext {
  let ctx: AnalysisContext | undefined;
  return () => (ctx ??= { scope: o.scope, now: o.now, checker: o.contentChecks ? (o.checker ?? createChecker()) : undefined });
}

export function inThreadAnalyser(o: AnalyserOptions): Analyser {
  const ctx = localContext(o);
  return {
    analyse(input) {
      const r = readPage(input, ctx());
      const content = r.soft404 ? [] : checkContent(r.lines, r.targets, input.url, ctx());
      return Promise.resolve({ soft404: r.soft404, obs: r.obs, html: r.html, content: Promise.resolve(content) });
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

export type ToWorker = { type: "page"; id: number; input: PageInput };

export type FromWorker = { type: "ready" } | { type: "page"; id: number; result: PageAnalysis } | { type: "failed"; id: number; error: string };

interface Pending {
  message: ToWorker;
  resolve: (v: PageAnalysis) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  alive: boolean;
  ready: boolean;
}

/** Pages queued at the least busy worker beyond which the crawling thread takes the next one. */
const BUSY = 2;

const BOOT = new URL("./worker-boot.mjs", import.meta.url);
const ENTRY = new URL("./analysis-worker.ts", import.meta.url).href;

/** `o.scope` must be final (after the start page's redirects) when this is called. */
export function workerAnalyser(n: number, o: AnalyserOptions): Analyser {
  const data: WorkerData = {
    entry: ENTRY,
    scope: { host: o.scope.host, aliases: [...o.scope.aliases], prefix: o.scope.prefix, allowHosts: o.scope.allowHosts },
    now: o.now.toISOString(),
    contentChecks: o.contentChecks,
  };
  const local = localContext(o);
  let nextId = 0;
  const here = (input: PageInput): PageResult => {
    const r = readPage(input, local());
    const content = r.soft404 ? [] : checkContent(r.lines, r.targets, input.url, local());
    return { soft404: r.soft404, obs: r.obs, html: r.html, content: Promise.resolve(content) };
  };

  // Work a dead worker left undone is done here.
  const redo = (p: Pending) => {
    try {
      const input = p.message.input;
      const r = readPage(input, local());
      const content = r.soft404 ? [] : checkContent(r.lines, r.targets, input.url, local());
      p.resolve({ soft404: r.soft404, obs: r.obs, html: r.html, content });
    } catch (e) {
      p.reject(e as Error);
    }
  };

  const slots: Slot[] = Array.from({ length: n }, () => {
    const slot: Slot = { worker: new Worker(BOOT, { workerData: data }), pending: new Map(), alive: true, ready: false };
    slot.worker.on("message", (m: FromWorker) => {
      if (m.type === "ready") {
        slot.ready = true;
        return;
      }
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      if (m.type === "page") p.resolve(m.result);
      else redo(p);
    });
    const fail = () => {
      if (!slot.alive) return;
      slot.alive = false;
      const left = [...slot.pending.values()];
      slot.pending.clear();
      for (const p of left) redo(p);
    };
    slot.worker.on("error", fail);
    slot.worker.on("exit", fail);
    return slot;
  });

  const send = (slot: Slot, message: ToWorker): Promise<PageAnalysis> =>
    new Promise<PageAnalysis>((resolve, reject) => {
      const p: Pending = { message, resolve, reject };
      slot.pending.set(message.id, p);
      slot.worker.postMessage(message);
    });

  const pick = (): Slot | undefined => {
    let best: Slot | undefined;
    for (const s of slots) if (s.alive && s.ready && (!best || s.pending.size < best.pending.size)) best = s;
    return best;
  };

  return {
    async analyse(input) {
      const ready = pick();
      if (!ready || ready.pending.size >= BUSY) return here(input);
      const r = await send(ready, { type: "page", id: nextId++, input });
      return { soft404: r.soft404, obs: r.obs, html: r.html, content: Promise.resolve(r.content) };
    },
    async close() {
      for (const s of slots) s.alive = false;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

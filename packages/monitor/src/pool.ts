/**
 * Where pages are analysed: in the crawling thread, or in worker threads so that parsing and the
 * content checks run beside the network work (on a county server with a few cores this is most of
 * the audit's speed).
 *
 * A worker needs a couple of seconds to load the check engine and build its dictionaries. The crawl
 * does not wait for that: until a worker is ready, the crawling thread reads pages itself (links,
 * norms — what the crawl needs to go on) and queues only their text for the content checks, whose
 * findings arrive later. A worker that dies has its pages redone in the crawling thread.
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

/** Worker threads to use by default: the cores left after the crawling thread, at most 4. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
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

export type ToWorker =
  | { type: "page"; id: number; input: PageInput }
  | { type: "content"; id: number; url: string; lines: string[]; targets: string[] };

export type FromWorker =
  | { type: "ready" }
  | { type: "page"; id: number; result: PageAnalysis }
  | { type: "content"; id: number; content: ContentHit[] }
  | { type: "failed"; id: number; error: string };

interface Pending {
  message: ToWorker;
  resolve: (v: PageAnalysis | ContentHit[]) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  alive: boolean;
  ready: boolean;
}

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
  const local = localContext({ ...o, contentChecks: false });
  let localChecks: (() => AnalysisContext) | undefined;
  let nextId = 0;

  // Work a dead worker left undone is done here.
  const redo = (p: Pending) => {
    try {
      localChecks ??= localContext(o);
      const m = p.message;
      if (m.type === "page") {
        const r = readPage(m.input, localChecks());
        const content = r.soft404 ? [] : checkContent(r.lines, r.targets, m.input.url, localChecks());
        p.resolve({ soft404: r.soft404, obs: r.obs, html: r.html, content });
      } else p.resolve(checkContent(m.lines, m.targets, m.url, localChecks()));
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
      else if (m.type === "content") p.resolve(m.content);
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

  const send = <T extends PageAnalysis | ContentHit[]>(slot: Slot, message: ToWorker): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const p: Pending = { message, resolve: resolve as Pending["resolve"], reject };
      slot.pending.set(message.id, p);
      slot.worker.postMessage(message);
    });

  const pick = (ready: boolean): Slot | undefined => {
    let best: Slot | undefined;
    for (const s of slots) if (s.alive && (!ready || s.ready) && (!best || s.pending.size < best.pending.size)) best = s;
    return best;
  };

  return {
    async analyse(input) {
      const ready = pick(true);
      if (ready) {
        const r = await send<PageAnalysis>(ready, { type: "page", id: nextId++, input });
        return { soft404: r.soft404, obs: r.obs, html: r.html, content: Promise.resolve(r.content) };
      }
      // No worker ready yet: read the page here, and queue its text for the content checks.
      const r = readPage(input, local());
      if (r.soft404 || !o.contentChecks) return { soft404: r.soft404, obs: r.obs, html: r.html, content: Promise.resolve([]) };
      const any = pick(false);
      const content = any
        ? send<ContentHit[]>(any, { type: "content", id: nextId++, url: input.url, lines: r.lines, targets: r.targets })
        : Promise.resolve(checkContent(r.lines, r.targets, input.url, (localChecks ??= localContext(o))()));
      return { soft404: false, obs: r.obs, html: r.html, content };
    },
    async close() {
      for (const s of slots) s.alive = false;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

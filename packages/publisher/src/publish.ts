/**
 * The publishing operations: full build of a site, incremental application of changed documents,
 * and preview rendering for the theme editor.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { HANT_DIR, type Pagination, SiteModel, isLive } from "./model.ts";
import { PUBLISHER_FORMAT, type PagePlan, Planner, mourningActive, signature, splitColl } from "./pages.ts";
import { Renderer } from "./render.ts";
import { type DocRecord, StateStore } from "./state.ts";
import {
  type FileEntry,
  Manifest,
  OutputWriter,
  cleanupReleases,
  createRelease,
  currentRelease,
  switchRelease,
  withLock,
} from "./store.ts";
import { type LoadedTheme, type ThemeAsset, type ThemeEngine, createEngine, loadTheme } from "./theme.ts";
import { traditionalScripts } from "./hant.ts";
import { compactDate } from "./time.ts";
import type { Document, SiteSnapshot } from "./types.ts";
import { SnapshotError, validateSnapshot } from "./validate.ts";

/** The repository's themes directory. */
export const DEFAULT_THEMES_ROOT = fileURLToPath(new URL("../../../themes/", import.meta.url));

export interface PublishProgress {
  done: number;
  total: number;
  site: string;
}

export interface PublishOptions {
  /** The site's published directory, e.g. `data/www/<code>`; becomes a symlink to the live release. */
  outDir: string;
  /** Directory holding theme directories. Default: the repository's `themes/`. */
  themesRoot?: string;
  /** Items per list page. Default 20. */
  pageSize?: number;
  /** List pagination; see `paginate`. Default "stable". */
  pagination?: Pagination;
  /** Write .gz and .br beside html/css/js/xml. Default true. */
  compress?: boolean;
  /** Brotli quality 0–11. Default 6: on a typical page q9 costs ~14× the time of q6 for ~1.5 % smaller files. */
  brotliQuality?: number;
  /** Files compressed or written at once. Default 64. */
  concurrency?: number;
  /** Releases kept on disk including the live one (for rollback). Default 3. */
  keepReleases?: number;
  /**
   * Worker threads rendering one site's full build in parallel. Default 1 (in this thread);
   * worth it for large sites (thousands of pages). `publishAll` parallelises across sites instead.
   */
  renderWorkers?: number;
  /** Clock for the build-time mourning state. Default: now. */
  now?: Date;
  /** Unsaved template edits for previews (relative path → Liquid source). */
  themeOverrides?: Record<string, string>;
  /** Called before each page is written. Throwing aborts the build (the live site is untouched). */
  onPage?: (path: string) => void;
  onProgress?: (p: PublishProgress) => void;
}

export interface PublishResult {
  site: string;
  mode: "full" | "incremental";
  /** Why an incremental request became a full build, if it did. */
  reason?: string;
  /** Release id (directory name under .releases/<code>/). */
  release: string;
  /** HTML pages rendered (both scripts counted). */
  pages: number;
  /** Files written (pages, feeds, sitemaps, assets; compressed variants not counted). */
  files: number;
  /** Paths written, relative to the site root (incremental only; empty for full builds). */
  written: string[];
  /** Paths removed (incremental only). */
  removed: string[];
  /** Incremental only: whether the model, dependency record and manifest were kept warm from the previous call. */
  warm?: boolean;
  durationMs: number;
}

export type Changes = string[] | { documents?: string[] };

interface Resolved extends Required<Omit<PublishOptions, "themeOverrides" | "onPage" | "onProgress">> {
  themeOverrides?: Record<string, string>;
  onPage?: (path: string) => void;
  onProgress?: (p: PublishProgress) => void;
}

function resolve(o: PublishOptions): Resolved {
  return {
    themesRoot: DEFAULT_THEMES_ROOT,
    pageSize: 20,
    pagination: "stable",
    compress: true,
    brotliQuality: 6,
    concurrency: 64,
    keepReleases: 3,
    renderWorkers: 1,
    now: new Date(),
    ...o,
  };
}

// Compiled themes are reused across builds in one process; the key is the content hash.
const engines = new Map<string, { theme: LoadedTheme; engine: ThemeEngine }>();

function themeFor(snapshot: SiteSnapshot, o: Resolved) {
  const theme = loadTheme(o.themesRoot, snapshot.site.theme, o.themeOverrides);
  let hit = engines.get(theme.hash);
  if (!hit) {
    hit = { theme, engine: createEngine(theme, {}) };
    if (engines.size > 32) engines.clear();
    engines.set(theme.hash, hit);
  }
  return hit;
}

function structureHash(snapshot: SiteSnapshot, theme: LoadedTheme, o: Resolved): string {
  const columns = [...snapshot.columns].sort((a, b) => (a.id < b.id ? -1 : 1));
  return createHash("sha256")
    .update(
      JSON.stringify({
        v: PUBLISHER_FORMAT,
        site: snapshot.site,
        columns,
        catalogue: snapshot.catalogue ?? [],
        theme: theme.hash,
        pageSize: o.pageSize,
        pagination: o.pagination,
        compress: o.compress,
        brotli: o.brotliQuality,
        mourning: mourningActive(snapshot, o.now),
      }),
    )
    .digest("hex");
}

function docRecord(model: SiteModel, d: Document): DocRecord {
  const live = isLive(d);
  return {
    p: model.docPath(d),
    c: live ? model.listedColumnIds(d) : [],
    m: live ? compactDate(d.publishedAt).ym : "",
    k: live ? (d.disclosure?.catalogueCode ?? "") : "",
    r: d.partnerIds ?? [],
  };
}

function setup(snapshot: SiteSnapshot, o: Resolved, compiled?: { theme: LoadedTheme; engine: ThemeEngine }) {
  const { theme, engine } = compiled ?? themeFor(snapshot, o);
  const model = new SiteModel(snapshot);
  const assets = new Map([...theme.assets.values()].map((a) => [a.name, a.published]));
  const hantScripts = snapshot.site.traditional ? traditionalScripts(theme) : new Map<string, ThemeAsset>();
  const hantAssets = new Map([...hantScripts.values()].map((a) => [a.name, a.published]));
  const planner = new Planner(model, { pageSize: o.pageSize, pagination: o.pagination, now: o.now }, assets, hantAssets);
  const renderer = new Renderer(planner, engine);
  return { theme, hantScripts, model, planner, renderer, structure: structureHash(snapshot, theme, o) };
}

function check(snapshot: SiteSnapshot, docIds?: Set<string>) {
  const issues = validateSnapshot(snapshot, docIds);
  if (issues.length) throw new SnapshotError(issues);
}

/** Full build of one site into a new release, switched live atomically when complete. */
export async function publishSite(snapshot: SiteSnapshot, options: PublishOptions): Promise<PublishResult> {
  check(snapshot);
  const o = resolve(options);
  return withLock(o.outDir, () => fullBuild(snapshot, o));
}

async function fullBuild(snapshot: SiteSnapshot, o: Resolved, reason?: string): Promise<PublishResult> {
  const t0 = performance.now();
  const { theme, hantScripts, model, planner, renderer, structure } = setup(snapshot, o);
  const rel = await createRelease(o.outDir);
  let pages = 0;
  let files = 0;
  const manifest = Manifest.fresh(rel.dir);
  const state = StateStore.fresh(rel.dir, structure);
  const writer = new OutputWriter(rel.siteDir, manifest, {
    atomic: false,
    compress: o.compress,
    concurrency: o.concurrency,
    brotliQuality: o.brotliQuality,
  });
  try {
    // Assets change only with the theme or the traditional setting, both in the structure hash:
    // an incremental publish never needs to write them.
    for (const a of [...theme.assets.values(), ...hantScripts.values()]) {
      await writer.write(`assets/${a.published}`, a.content);
      files++;
    }
    const plans: PagePlan[] = [];
    for (const coll of planner.allCollections()) plans.push(...planner.plan(coll));
    const total = plans.length;
    for (const plan of plans) {
      if (plan.coll.startsWith("doc:")) continue;
      state.file.pages[plan.path] = signature(plan);
      (state.file.colls[plan.coll] ??= []).push(plan.path);
    }
    const parallel = o.renderWorkers > 1 && total >= 500 && !o.onPage;
    if (parallel) {
      const { renderInWorkers } = await import("./render-pool.ts");
      const res = await renderInWorkers(snapshot, o, rel.siteDir, (done) =>
        o.onProgress?.({ done, total, site: snapshot.site.code }),
      );
      for (const [p, e] of res.entries) await manifest.set(p, e);
      pages += res.pages;
      files += res.files;
    } else {
      let done = 0;
      const step = Math.max(1, Math.floor(total / 200));
      for (const plan of plans) {
        o.onPage?.(plan.path);
        for (const f of renderer.render(plan)) {
          await writer.write(f.path, f.content);
          files++;
          if (plan.format === "html") pages++;
        }
        done++;
        if (o.onProgress && (done % step === 0 || done === total)) o.onProgress({ done, total, site: snapshot.site.code });
      }
    }
    for (const d of snapshot.documents) await state.setDoc(d.id, docRecord(model, d));
    await writer.flush();
    await manifest.save({ site: snapshot.site.code, release: rel.id });
    await state.save();
    await switchRelease(o.outDir, rel.dir);
  } catch (e) {
    await writer.settle();
    await fs.rm(rel.dir, { recursive: true, force: true });
    throw e;
  }
  await cleanupReleases(o.outDir, o.keepReleases);
  return {
    site: snapshot.site.code,
    mode: "full",
    ...(reason ? { reason } : {}),
    release: rel.id,
    pages,
    files,
    written: [],
    removed: [],
    durationMs: performance.now() - t0,
  };
}

/**
 * Re-renders exactly the pages affected by the given documents (published, edited, withdrawn,
 * redirected or deleted — a document missing from the snapshot is removed from the site).
 * Falls back to a full build when there is no previous release or when anything site-wide
 * changed (site settings, columns, catalogue categories, theme, options, mourning state).
 * Calling it with no documents refreshes the homepage, service guides, search, 404 and sitemaps.
 */
export async function applyChanges(
  snapshot: SiteSnapshot,
  changes: Changes,
  options: PublishOptions,
): Promise<PublishResult> {
  const ids = [...new Set(Array.isArray(changes) ? changes : (changes.documents ?? []))];
  const o = resolve(options);
  check(snapshot, new Set(ids));
  return withLock(o.outDir, async () => {
    const relDir = await currentRelease(o.outDir);
    if (!relDir) {
      warm.delete(o.outDir);
      return fullBuild(snapshot, o, "no previous release");
    }
    const t0 = performance.now();
    const wasWarm = warm.get(o.outDir);
    const ctx = await warmContext(snapshot, ids, o, relDir);
    if (typeof ctx === "string") return fullBuild(snapshot, o, ctx);
    try {
      const res = { ...(await incremental(ctx, snapshot, ids, o, relDir, t0)), warm: ctx === wasWarm };
      ctx.stamp = await stateStamp(relDir);
      if (!ctx.primed) {
        primeInputs(ctx);
        ctx.primed = true;
      }
      warm.set(o.outDir, ctx);
      return res;
    } catch (e) {
      // The in-memory record may be ahead of the files: the next call starts cold from disk.
      warm.delete(o.outDir);
      throw e;
    }
  });
}

/**
 * What an incremental publish keeps warm between calls for one output directory: the site model
 * with its indexes, the compiled theme, and the loaded dependency record and manifest shards. It is
 * reused while the caller passes the same snapshot object (updated in place, with the changed ids
 * listed), the structure hash is unchanged, the live release is the same and nobody else wrote its
 * dependency record since (state.json's inode, mtime and size, as we left them).
 */
interface Warm {
  snapshot: SiteSnapshot;
  structure: string;
  relDir: string;
  stamp: string;
  model: SiteModel;
  planner: Planner;
  renderer: Renderer;
  state: StateStore;
  manifest: Manifest;
  /**
   * Per keyed page (path → what its signature was computed from), filled as collections are
   * re-planned: a page whose frame and document ids are unchanged, none of those documents being
   * among the changed ones, has its recorded signature and is not signed again. This is what keeps
   * an append to a column of 24,000 documents from signing its 1,200 list pages.
   */
  inputs: Map<string, PageInputs>;
  /** Directories known to exist in the release's site/ (skips a mkdir per written file's directory). */
  dirs: Set<string>;
  /** Whether `inputs` holds every list page of the site (filled once, after the first call). */
  primed: boolean;
}

/**
 * Records what every list page, feed and monthly sitemap is signed from, signing each once: after
 * the first call of a warm context, so that the first event touching a long column does not pay for
 * signing all its pages. Only signatures actually computed are recorded; a page is still skipped
 * only while its recorded signature in the dependency record equals that one.
 */
function primeInputs(ctx: Warm): void {
  for (const coll of ctx.planner.allCollections()) {
    if (!/^(col|feed|cat|sm):/.test(coll)) continue;
    for (const plan of ctx.planner.plan(coll)) {
      if (ctx.inputs.has(plan.path)) continue;
      const inp = plan.inputs?.();
      if (inp) ctx.inputs.set(plan.path, { template: plan.template, frame: inp.frame, ids: inp.docs.map((d) => d.id), sig: signature(plan) });
    }
  }
}

interface PageInputs {
  template: string;
  frame: string;
  ids: string[];
  sig: string;
}

function sameInputs(was: PageInputs, plan: PagePlan, frame: string, docs: readonly Document[], changed: Set<string>): boolean {
  if (was.template !== plan.template || was.frame !== frame || was.ids.length !== docs.length) return false;
  for (let i = 0; i < docs.length; i++) {
    const id = docs[i]!.id;
    if (was.ids[i] !== id || changed.has(id)) return false;
  }
  return true;
}

const warm = new Map<string, Warm>();

async function stateStamp(relDir: string): Promise<string> {
  const st = await fs.stat(join(relDir, "state.json")).catch(() => undefined);
  return st ? `${st.ino}:${st.mtimeMs}:${st.size}` : "";
}

/** Drops the warm state kept for an output directory (or for all of them). */
export function forgetWarm(outDir?: string): void {
  if (outDir === undefined) warm.clear();
  else warm.delete(outDir);
}

async function warmContext(snapshot: SiteSnapshot, ids: string[], o: Resolved, relDir: string): Promise<Warm | string> {
  const { theme, engine } = themeFor(snapshot, o);
  const structure = structureHash(snapshot, theme, o);
  const w = warm.get(o.outDir);
  const stamp = await stateStamp(relDir);
  if (w && w.snapshot === snapshot && w.structure === structure && w.relDir === relDir && w.stamp === stamp) {
    const want = new Set(ids);
    const current = new Map<string, Document | undefined>(ids.map((id) => [id, undefined]));
    for (const d of snapshot.documents) if (want.has(d.id)) current.set(d.id, d);
    w.model.updateDocs(current);
    return w;
  }
  warm.delete(o.outDir);
  const state = await StateStore.load(relDir);
  if (!state) return "no dependency record";
  if (structure !== state.file.structure) return "site structure changed";
  const { model, planner, renderer } = setup(snapshot, o, { theme, engine });
  model.warm = true;
  const manifest = await Manifest.existing(relDir);
  return { snapshot, structure, relDir, stamp, model, planner, renderer, state, manifest, inputs: new Map(), dirs: new Set(), primed: false };
}

async function incremental(
  ctx: Warm,
  snapshot: SiteSnapshot,
  ids: string[],
  o: Resolved,
  relDir: string,
  t0: number,
): Promise<PublishResult> {
  {
    const { model, planner, renderer, state, manifest } = ctx;

    const colls = new Set<string>(["home", "static", "sitemap", "cat", "hd"]);
    const docPages = new Set<string>();
    const addRecord = (r: DocRecord) => {
      for (const c of r.c) colls.add(`col:${c}`).add(`feed:${c}`);
      if (r.m) colls.add(`sm:${r.m}`);
      if (r.k) colls.add(`cat:${r.k}`);
      for (const x of r.r) docPages.add(x);
    };
    for (const id of ids) {
      docPages.add(id);
      const old = await state.getDoc(id);
      if (old) addRecord(old);
      const d = model.docs.get(id);
      if (d) {
        addRecord(docRecord(model, d));
        for (const x of model.referrers(id)) docPages.add(x);
      }
    }

    const writer = new OutputWriter(join(relDir, "site"), manifest, {
      atomic: true,
      compress: o.compress,
      concurrency: o.concurrency,
      brotliQuality: o.brotliQuality,
    }, ctx.dirs);
    const written: string[] = [];
    const removed: string[] = [];
    let pages = 0;
    let files = 0;
    const hant = !!snapshot.site.traditional;
    const write = async (plan: PagePlan, data: Record<string, unknown>) => {
      o.onPage?.(plan.path);
      for (const f of renderer.render(plan, data)) {
        await writer.write(f.path, f.content);
        written.push(f.path);
        files++;
        if (plan.format === "html") pages++;
      }
    };
    const remove = async (path: string) => {
      await writer.remove(path);
      removed.push(path);
      if (hant && path.endsWith(".html")) {
        await writer.remove(`${HANT_DIR}/${path}`);
        removed.push(`${HANT_DIR}/${path}`);
      }
    };

    const changed = new Set(ids);
    for (const coll of [...colls].sort()) {
      const plans = planner.plan(coll);
      const now = new Set<string>();
      for (const plan of plans) {
        now.add(plan.path);
        const inp = plan.inputs?.();
        const was = ctx.inputs.get(plan.path);
        if (inp && was && state.file.pages[plan.path] === was.sig && sameInputs(was, plan, inp.frame, inp.docs, changed)) continue;
        const sig = signature(plan);
        if (inp) ctx.inputs.set(plan.path, { template: plan.template, frame: inp.frame, ids: inp.docs.map((d) => d.id), sig });
        else ctx.inputs.delete(plan.path);
        if (state.file.pages[plan.path] === sig) continue;
        await write(plan, plan.data(false));
        state.file.pages[plan.path] = sig;
      }
      for (const p of state.file.colls[coll] ?? []) {
        if (now.has(p)) continue;
        await remove(p);
        delete state.file.pages[p];
        ctx.inputs.delete(p);
      }
      if (now.size) state.file.colls[coll] = [...now];
      else delete state.file.colls[coll];
    }

    for (const id of [...docPages].sort()) {
      const d = model.docs.get(id);
      const old = await state.getDoc(id);
      if (d) {
        const [plan] = planner.plan(`doc:${id}`);
        if (plan) await write(plan, plan.data(false));
        const rec = docRecord(model, d);
        if (old && old.p !== rec.p) await remove(old.p);
        await state.setDoc(id, rec);
      } else if (old) {
        await remove(old.p);
        await state.setDoc(id, undefined);
      }
    }
    await writer.flush();
    // Manifest and record shards together; state.json (the record's completion mark) last.
    await state.save(manifest.save({ site: snapshot.site.code, release: relDir.split("/").pop()! }));
    return {
      site: snapshot.site.code,
      mode: "incremental" as const,
      release: relDir.split("/").pop()!,
      pages,
      files,
      written,
      removed,
      durationMs: performance.now() - t0,
    };
  }
}

/**
 * Renders one page in memory, for the theme editor's preview. `path` is relative to the site root
 * (e.g. "index.html", "zwgk/zcwj/index.html", or a document page); prefix with "zh-hant/" for the
 * traditional tree. Returns undefined when the site has no such page.
 */
export function previewPage(
  snapshot: SiteSnapshot,
  path: string,
  options: Omit<PublishOptions, "outDir"> = {},
): string | undefined {
  check(snapshot);
  const o = resolve({ ...options, outDir: "" });
  const { model, planner, renderer } = setup(snapshot, o);
  const hant = path.startsWith(`${HANT_DIR}/`);
  const want = hant ? path.slice(HANT_DIR.length + 1) : path;
  for (const coll of planner.allCollections()) {
    const [kind, arg] = splitColl(coll);
    if (kind === "doc") {
      const d = model.docs.get(arg);
      if (!d || model.docPath(d) !== want) continue;
    }
    for (const plan of planner.plan(coll)) {
      if (plan.path !== want) continue;
      const out = renderer.render(plan);
      return (hant ? out.find((f) => f.path === path) : out[0])?.content;
    }
  }
  return undefined;
}

/**
 * Renders and writes the share `k` of `n` of a full build's pages (every n-th plan). Used by the
 * render workers; returns the manifest entries of the files written.
 */
export async function renderShare(
  snapshot: SiteSnapshot,
  options: Omit<PublishOptions, "onPage" | "onProgress">,
  siteDir: string,
  k: number,
  n: number,
  onProgress?: (done: number) => void,
): Promise<{ entries: Array<[string, FileEntry]>; pages: number; files: number }> {
  const o = resolve(options);
  const { renderer, planner } = setup(snapshot, o);
  const manifest = Manifest.fresh(siteDir);
  const writer = new OutputWriter(siteDir, manifest, {
    atomic: false,
    compress: o.compress,
    concurrency: o.concurrency,
    brotliQuality: o.brotliQuality,
  });
  let i = 0;
  let pages = 0;
  let files = 0;
  let done = 0;
  for (const coll of planner.allCollections()) {
    for (const plan of planner.plan(coll)) {
      if (i++ % n !== k) continue;
      for (const f of renderer.render(plan)) {
        await writer.write(f.path, f.content);
        files++;
        if (plan.format === "html") pages++;
      }
      if (++done % 200 === 0) onProgress?.(done);
    }
  }
  await writer.flush();
  return { entries: await manifest.entries(), pages, files };
}

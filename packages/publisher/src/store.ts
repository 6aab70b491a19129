/**
 * Output storage: releases, atomic switching, per-file atomic writes, precompression and the
 * manifest of file hashes.
 *
 * Layout (outDir = data/www/<code>):
 *
 *   data/www/<code>                          → symlink to .releases/<code>/<id>/site
 *   data/www/.releases/<code>/<id>/site/     the files served to the public
 *   data/www/.releases/<code>/<id>/manifest.json   index of the manifest shards
 *   data/www/.releases/<code>/<id>/manifest/xx.json path → {sha256, size}, sharded by path hash
 *   data/www/.releases/<code>/<id>/state.json      dependency record (see state.ts)
 *   data/www/.releases/<code>/<id>/state/          dependency record shards
 *   data/www/.releases/<code>/.lock          held while a build of the site runs
 *
 * A full build writes a fresh release directory and then replaces the symlink with rename(2),
 * which is atomic: readers see the old tree or the new one, never a mix. Incremental publishing
 * writes into the live release, each file through a temporary name and rename(2).
 * Manifest and dependency record live beside `site/`, so they are never served.
 */
import { createHash, randomBytes } from "node:crypto";
import { constants as fsc, mkdirSync, writeFileSync } from "node:fs";
import * as fs from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { atomicWrite } from "./atomic.ts";
import { type ShardIndex, ShardedMap, shardFile } from "./sharded.ts";
import * as zlib from "node:zlib";

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

export interface FileEntry {
  sha256: string;
  size: number;
}

export const COMPRESSIBLE = /\.(html|css|js|xml|svg|json|txt)$/;

export function releasePaths(outDir: string) {
  const releasesDir = join(dirname(outDir), ".releases", basename(outDir));
  return { releasesDir, lockFile: join(releasesDir, ".lock") };
}

/** The live release directory of a site (parent of its `site/`), or undefined before the first build. */
export async function currentRelease(outDir: string): Promise<string | undefined> {
  try {
    const real = await fs.realpath(outDir);
    if (basename(real) !== "site") return undefined;
    return dirname(real);
  } catch {
    return undefined;
  }
}

export async function createRelease(outDir: string): Promise<{ id: string; dir: string; siteDir: string }> {
  const { releasesDir } = releasePaths(outDir);
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const id = `${stamp}-${randomBytes(3).toString("hex")}`;
  const dir = join(releasesDir, id);
  await fs.mkdir(join(dir, "site"), { recursive: true });
  return { id, dir, siteDir: join(dir, "site") };
}

/** Points outDir at the release atomically (symlink to a temp name, then rename over outDir). */
export async function switchRelease(outDir: string, releaseDir: string): Promise<void> {
  const target = relative(dirname(outDir), join(releaseDir, "site"));
  const tmp = `${outDir}.tmp-${process.pid}-${randomBytes(3).toString("hex")}`;
  await fs.symlink(target, tmp);
  try {
    const st = await fs.lstat(outDir).catch(() => undefined);
    if (st && !st.isSymbolicLink()) {
      // First build over a directory written by something else: keep it aside rather than delete.
      await fs.rename(outDir, `${outDir}.previous-${Date.now()}`);
    }
    await fs.rename(tmp, outDir);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/** Removes old releases, keeping the live one and the `keep − 1` newest others (for rollback). */
export async function cleanupReleases(outDir: string, keep: number): Promise<void> {
  const { releasesDir } = releasePaths(outDir);
  const live = await currentRelease(outDir);
  const names = (await fs.readdir(releasesDir).catch(() => [] as string[])).filter((n) => !n.startsWith(".")).sort();
  const others = names.filter((n) => join(releasesDir, n) !== live);
  const remove = others.slice(0, Math.max(0, others.length - Math.max(0, keep - 1)));
  for (const n of remove) await fs.rm(join(releasesDir, n), { recursive: true, force: true });
}

/** Exclusive per-site lock across processes; a lock left by a dead process is taken over. */
export async function withLock<T>(outDir: string, fn: () => Promise<T>): Promise<T> {
  const { releasesDir, lockFile } = releasePaths(outDir);
  await fs.mkdir(releasesDir, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await fs.open(lockFile, fsc.O_CREAT | fsc.O_EXCL | fsc.O_WRONLY);
      await fh.writeFile(String(process.pid));
      await fh.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number(await fs.readFile(lockFile, "utf8").catch(() => "0"));
      let alive = false;
      if (pid > 0) {
        try {
          process.kill(pid, 0);
          alive = true;
        } catch {
          alive = false;
        }
      }
      if (!alive) {
        await fs.rm(lockFile, { force: true });
        continue;
      }
      if (attempt > 600) throw new Error(`站点 ${basename(outDir)} 正在由进程 ${pid} 发布，等待超时`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lockFile, { force: true });
  }
}

// ------------------------------------------------------------------ manifest

/**
 * The manifest: every served file's path → sha256 + size (the compressed variants too, since
 * nginx serves them directly). Stored as `manifest.json` (totals and the shard index with each
 * shard's own hash) plus `manifest/xx.json` shards; see sharded.ts.
 */
export class Manifest {
  private constructor(
    private readonly releaseDir: string,
    private readonly map: ShardedMap<FileEntry>,
    private totals: { files: number; bytes: number },
  ) {}

  static fresh(releaseDir: string): Manifest {
    return new Manifest(releaseDir, ShardedMap.create(join(releaseDir, "manifest")), { files: 0, bytes: 0 });
  }

  static async existing(releaseDir: string): Promise<Manifest> {
    const idx = JSON.parse(await fs.readFile(join(releaseDir, "manifest.json"), "utf8")) as ManifestIndex;
    return new Manifest(releaseDir, ShardedMap.open(join(releaseDir, "manifest"), idx.index), {
      files: idx.files,
      bytes: idx.bytes,
    });
  }

  async set(path: string, entry: FileEntry): Promise<void> {
    const old = await this.map.get(path);
    if (old) {
      this.totals.files--;
      this.totals.bytes -= old.size;
    }
    await this.map.set(path, entry);
    this.totals.files++;
    this.totals.bytes += entry.size;
  }

  async delete(path: string): Promise<void> {
    const old = await this.map.get(path);
    if (!old) return;
    this.totals.files--;
    this.totals.bytes -= old.size;
    await this.map.set(path, undefined);
  }

  /** All entries of a fresh (in-memory) manifest. */
  entries(): Promise<Array<[string, FileEntry]>> {
    return Promise.resolve(this.map.freshEntries());
  }

  async save(meta: { site: string; release: string }): Promise<void> {
    const index = await this.map.save();
    const doc: ManifestIndex = { format: 1, ...meta, ...this.totals, shardDir: "manifest", index };
    await atomicWrite(join(this.releaseDir, "manifest.json"), JSON.stringify(doc, null, 1));
  }
}

interface ManifestIndex {
  format: 1;
  site: string;
  release: string;
  files: number;
  bytes: number;
  shardDir: "manifest";
  index: ShardIndex;
}

/** Reads a site's whole manifest: served path (relative to the site root) → sha256 and size. */
export async function readManifest(outDir: string): Promise<Map<string, FileEntry>> {
  const rel = await currentRelease(outDir);
  if (!rel) throw new Error(`站点尚未发布：${outDir}`);
  const idx = JSON.parse(await fs.readFile(join(rel, "manifest.json"), "utf8")) as ManifestIndex;
  const out = new Map<string, FileEntry>();
  for (let i = 0; i < idx.index.count; i++) {
    const text = await fs.readFile(shardFile(join(rel, "manifest"), i), "utf8");
    for (const [p, e] of Object.entries(JSON.parse(text) as Record<string, FileEntry>)) out.set(p, e);
  }
  return out;
}

// ------------------------------------------------------------------ writing

export interface WriterOptions {
  /** Write through temp + rename (needed when writing into the live tree). */
  atomic: boolean;
  compress: boolean;
  /** Maximum files being compressed or written at once. */
  concurrency: number;
  brotliQuality: number;
}

/** Writes files with bounded concurrency, precompresses text files and records the manifest. */
export class OutputWriter {
  private inflight = new Set<Promise<void>>();
  private failure: unknown;
  readonly written: string[] = [];

  /**
   * `dirs`: directories known to exist under `root`; an incremental publisher passes the same set
   * to each writer of one release (nothing removes directories there) to skip repeated mkdir calls.
   */
  constructor(
    private readonly root: string,
    private readonly manifest: Manifest,
    private readonly opts: WriterOptions,
    private readonly dirs = new Set<string>(),
  ) {}

  async write(path: string, content: string | Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.inflight.size >= this.opts.concurrency) await Promise.race(this.inflight);
    if (this.failure) throw this.failure;
    const p = this.doWrite(path, typeof content === "string" ? Buffer.from(content) : content)
      .catch((e) => {
        this.failure ??= e;
      })
      .finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  private async ensureDir(dir: string): Promise<void> {
    if (this.dirs.has(dir)) return;
    if (this.opts.atomic) await fs.mkdir(dir, { recursive: true });
    else mkdirSync(dir, { recursive: true });
    this.dirs.add(dir);
  }

  private async doWrite(path: string, buf: Buffer): Promise<void> {
    const file = join(this.root, path);
    await this.ensureDir(dirname(file));
    const variants: Array<[string, Buffer]> = [[path, buf]];
    if (this.opts.compress && COMPRESSIBLE.test(path)) {
      const [gz, br] = await Promise.all([
        gzip(buf, { level: 6 }),
        brotli(buf, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: this.opts.brotliQuality,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
          },
        }),
      ]);
      variants.push([`${path}.gz`, gz], [`${path}.br`, br]);
    }
    // Compressed variants first: a reader that sees the new plain file also finds matching .gz/.br.
    for (const [p, b] of variants.slice(1).concat(variants.slice(0, 1))) {
      const f = join(this.root, p);
      // A full build writes into a release nobody reads yet: plain synchronous writes (open, write,
      // close without three thread-pool round trips each) measured ~1.3–2.5× faster for page-sized files.
      if (this.opts.atomic) await atomicWrite(f, b);
      else writeFileSync(f, b);
      await this.manifest.set(p, { sha256: createHash("sha256").update(b).digest("hex"), size: b.length });
    }
    this.written.push(path);
  }

  async remove(path: string): Promise<void> {
    for (const p of [path, `${path}.gz`, `${path}.br`]) {
      await fs.rm(join(this.root, p), { force: true });
      await this.manifest.delete(p);
    }
  }

  /** Waits for writes in flight, ignoring their errors (before removing a failed release). */
  async settle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  async flush(): Promise<void> {
    while (this.inflight.size) await Promise.race(this.inflight);
    if (this.failure) throw this.failure;
  }
}

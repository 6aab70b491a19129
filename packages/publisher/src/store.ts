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
import { constants as fsc } from "node:fs";
import * as fs from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { promisify } from "node:util";
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

function shardOf(path: string): string {
  return createHash("sha1").update(path).digest("hex").slice(0, 2);
}

/**
 * The manifest: every served file's path → sha256 + size, split into 256 shards by path hash so
 * an incremental publish rewrites a few small files instead of one that grows with the site.
 * `manifest.json` lists the shards with their own hashes.
 */
export class Manifest {
  private shards = new Map<string, Map<string, FileEntry>>();
  private dirty = new Set<string>();
  private constructor(
    private readonly releaseDir: string,
    private readonly loadFromDisk: boolean,
  ) {}

  static fresh(releaseDir: string): Manifest {
    return new Manifest(releaseDir, false);
  }

  static existing(releaseDir: string): Manifest {
    return new Manifest(releaseDir, true);
  }

  private async shard(key: string): Promise<Map<string, FileEntry>> {
    let s = this.shards.get(key);
    if (s) return s;
    s = new Map();
    if (this.loadFromDisk) {
      try {
        const obj = JSON.parse(await fs.readFile(join(this.releaseDir, "manifest", `${key}.json`), "utf8")) as Record<
          string,
          FileEntry
        >;
        for (const [p, e] of Object.entries(obj)) s.set(p, e);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
    }
    this.shards.set(key, s);
    return s;
  }

  /** Synchronous set for fresh manifests (all shards in memory). */
  async set(path: string, entry: FileEntry): Promise<void> {
    const k = shardOf(path);
    (await this.shard(k)).set(path, entry);
    this.dirty.add(k);
  }

  async delete(path: string): Promise<void> {
    const k = shardOf(path);
    (await this.shard(k)).delete(path);
    this.dirty.add(k);
  }

  async save(meta: Record<string, unknown>): Promise<void> {
    await fs.mkdir(join(this.releaseDir, "manifest"), { recursive: true });
    type ShardInfo = { sha256: string; files: number; bytes: number };
    let index: Record<string, ShardInfo> = {};
    if (this.loadFromDisk) {
      try {
        const old = JSON.parse(await fs.readFile(join(this.releaseDir, "manifest.json"), "utf8")) as {
          shards: Record<string, ShardInfo>;
        };
        index = old.shards;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
    }
    const all = [...Array(256).keys()].map((i) => i.toString(16).padStart(2, "0"));
    const keys = this.loadFromDisk ? all.filter((k) => this.dirty.has(k) || !index[k]) : all;
    for (const k of keys) {
      const s = await this.shard(k);
      const obj: Record<string, FileEntry> = {};
      let bytes = 0;
      for (const p of [...s.keys()].sort()) {
        const e = s.get(p)!;
        obj[p] = e;
        bytes += e.size;
      }
      const text = JSON.stringify(obj);
      await atomicWrite(join(this.releaseDir, "manifest", `${k}.json`), text);
      index[k] = { sha256: createHash("sha256").update(text).digest("hex"), files: s.size, bytes };
    }
    this.dirty.clear();
    const sorted: Record<string, ShardInfo> = {};
    let files = 0;
    let bytes = 0;
    for (const k of all) {
      sorted[k] = index[k]!;
      files += index[k]!.files;
      bytes += index[k]!.bytes;
    }
    await atomicWrite(
      join(this.releaseDir, "manifest.json"),
      JSON.stringify({ format: 1, ...meta, files, bytes, shardDir: "manifest", shards: sorted }, null, 1),
    );
  }
}

/** Reads a site's whole manifest: served path (relative to the site root) → sha256 and size. */
export async function readManifest(outDir: string): Promise<Map<string, FileEntry>> {
  const rel = await currentRelease(outDir);
  if (!rel) throw new Error(`站点尚未发布：${outDir}`);
  const out = new Map<string, FileEntry>();
  for (let i = 0; i < 256; i++) {
    const k = i.toString(16).padStart(2, "0");
    const obj = JSON.parse(await fs.readFile(join(rel, "manifest", `${k}.json`), "utf8")) as Record<string, FileEntry>;
    for (const [p, e] of Object.entries(obj)) out.set(p, e);
  }
  return out;
}

// ------------------------------------------------------------------ writing

let tmpCounter = 0;

export async function atomicWrite(file: string, data: string | Buffer): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${++tmpCounter}.tmp`);
  await fs.writeFile(tmp, data);
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

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
  private dirs = new Set<string>();
  private failure: unknown;
  readonly written: string[] = [];

  constructor(
    private readonly root: string,
    private readonly manifest: Manifest,
    private readonly opts: WriterOptions,
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
    await fs.mkdir(dir, { recursive: true });
    this.dirs.add(dir);
  }

  private async doWrite(path: string, buf: Buffer): Promise<void> {
    const file = join(this.root, path);
    await this.ensureDir(dirname(file));
    const variants: Array<[string, Buffer]> = [[path, buf]];
    if (this.opts.compress && COMPRESSIBLE.test(path)) {
      const [gz, br] = await Promise.all([
        gzip(buf, { level: 9 }),
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
      if (this.opts.atomic) await atomicWrite(f, b);
      else await fs.writeFile(f, b);
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

  async flush(): Promise<void> {
    while (this.inflight.size) await Promise.race(this.inflight);
    if (this.failure) throw this.failure;
  }
}

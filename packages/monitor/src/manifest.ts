/**
 * Tamper detection (防篡改): compares what is served with the publish manifest, either on disk
 * (every file under the site root, so extra files such as an uploaded web shell show up too) or
 * through HTTP (every manifest path fetched and hashed, as a reader would get it). The server
 * restores from the release; this module only says what differs.
 *
 * Manifest formats read by `loadManifest`:
 * - the publisher's: `manifest.json` {format: 1, shardDir: "manifest", index: {count}} with
 *   `manifest/xx.json` shards of path → {sha256, size}, beside the release's `site/` directory;
 * - a plain JSON object of path → sha256 (or → {sha256}).
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, readdir, realpath, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { Fetcher, USER_AGENT } from "./http/fetcher.ts";

export type ManifestEntry = string | { sha256: string; size?: number };
export type ManifestInput = Map<string, ManifestEntry> | Record<string, ManifestEntry>;

export type ManifestTarget =
  | { dir: string }
  | {
      baseUrl: string;
      /** Requests at once (default 8). */
      concurrency?: number;
      timeoutMs?: number;
      /** Also fetch the .gz/.br variants by name (default false: readers get them by content negotiation). */
      includeCompressed?: boolean;
    };

export interface ManifestDiff {
  /** In the manifest, absent from the served site. */
  missing: string[];
  /** Present, with other content. */
  changed: Array<{ path: string; expected: string; actual: string }>;
  /** Served but not in the manifest (disk comparison only). */
  extra: string[];
  /** Files compared. */
  checked: number;
  /** Paths that could not be read (permissions, timeouts, server errors) — neither good nor bad. */
  errors: Array<{ path: string; message: string }>;
  ok: boolean;
}

const COMPRESSED = /\.(gz|br)$/;

function toMap(m: ManifestInput): Map<string, string> {
  const out = new Map<string, string>();
  const entries = m instanceof Map ? m.entries() : Object.entries(m);
  for (const [path, e] of entries) out.set(path.replace(/^\/+/, ""), typeof e === "string" ? e : e.sha256);
  return out;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash("sha256");
    createReadStream(path)
      .on("data", (c) => h.update(c))
      .on("end", () => resolve(h.digest("hex")))
      .on("error", reject);
  });
}

async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}

async function walk(root: string, dir: string, out: string[]): Promise<void> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) await walk(root, full, out);
    else if (e.isFile() || e.isSymbolicLink()) out.push(relative(root, full).split(sep).join("/"));
  }
}

export async function compareManifest(manifest: ManifestInput, target: ManifestTarget): Promise<ManifestDiff> {
  const expected = toMap(manifest);
  const diff: ManifestDiff = { missing: [], changed: [], extra: [], checked: 0, errors: [], ok: true };

  if ("dir" in target) {
    // data/www/<code> is a symlink to the live release; compare what it points at now.
    const root = await realpath(target.dir);
    const files: string[] = [];
    await walk(root, root, files);
    const onDisk = new Set(files);
    for (const f of files) if (!expected.has(f)) diff.extra.push(f);
    await pool([...expected], 16, async ([path, sha]) => {
      if (!onDisk.has(path)) {
        diff.missing.push(path);
        return;
      }
      try {
        const actual = await hashFile(join(root, path));
        diff.checked++;
        if (actual !== sha) diff.changed.push({ path, expected: sha, actual });
      } catch (e) {
        diff.errors.push({ path, message: (e as Error).message });
      }
    });
  } else {
    const controller = new AbortController();
    const fetcher = new Fetcher({
      timeoutMs: target.timeoutMs ?? 15_000,
      retries: 3,
      maxRetryWaitMs: 60_000,
      maxBytes: 256 * 1024 * 1024,
      userAgent: USER_AGENT,
      signal: controller.signal,
      policyFor: () => ({ concurrency: target.concurrency ?? 8, delayMs: 0 }),
    });
    const base = target.baseUrl.endsWith("/") ? target.baseUrl : `${target.baseUrl}/`;
    const paths = [...expected].filter(([p]) => target.includeCompressed || !COMPRESSED.test(p));
    await pool(paths, target.concurrency ?? 8, async ([path, sha]) => {
      const url = new URL(path.split("/").map(encodeURIComponent).join("/"), base).href;
      // identity: the manifest hashes the plain file, not a compressed transfer.
      const res = await fetcher.fetch(url, { method: "GET", readBody: (s) => s === 200, headers: { "accept-encoding": "identity" } });
      if (res.status === 404 || res.status === 410) diff.missing.push(path);
      else if (res.status === 200 && res.body && !res.truncated) {
        diff.checked++;
        const actual = sha256Hex(res.body);
        if (actual !== sha) diff.changed.push({ path, expected: sha, actual });
      } else diff.errors.push({ path, message: res.error ? (res.errorMessage ?? res.error) : `HTTP ${res.status}` });
    });
  }
  diff.missing.sort();
  diff.extra.sort();
  diff.changed.sort((a, b) => a.path.localeCompare(b.path));
  diff.ok = diff.missing.length === 0 && diff.changed.length === 0 && diff.extra.length === 0;
  return diff;
}

interface PublisherIndex {
  format: 1;
  shardDir: string;
  index: { count: number };
}

/**
 * Reads a manifest: a JSON file (either format), a release directory holding `manifest.json`, or
 * a published site directory (`data/www/<code>`, whose release holds it beside `site/`).
 */
export async function loadManifest(path: string): Promise<Map<string, string>> {
  let file = path;
  if ((await stat(path)).isDirectory()) {
    const candidates = [join(path, "manifest.json"), join(dirname(await realpath(path)), "manifest.json")];
    const found = await firstExisting(candidates);
    if (!found) throw new Error(`找不到发布清单 manifest.json：${path}`);
    file = found;
  }
  const doc = JSON.parse(await readFile(file, "utf8")) as unknown;
  if (isPublisherIndex(doc)) {
    const out = new Map<string, string>();
    const shardDir = join(dirname(file), doc.shardDir);
    for (let i = 0; i < doc.index.count; i++) {
      const text = await readFile(join(shardDir, `${i.toString(16).padStart(2, "0")}.json`), "utf8");
      for (const [p, e] of Object.entries(JSON.parse(text) as Record<string, { sha256: string }>)) out.set(p, e.sha256);
    }
    return out;
  }
  if (doc && typeof doc === "object") return toMap(doc as Record<string, ManifestEntry>);
  throw new Error(`无法识别的发布清单格式：${file}`);
}

function isPublisherIndex(doc: unknown): doc is PublisherIndex {
  const d = doc as Partial<PublisherIndex> | null;
  return !!d && d.format === 1 && typeof d.shardDir === "string" && typeof d.index?.count === "number";
}

async function firstExisting(paths: string[]): Promise<string | undefined> {
  for (const p of paths) {
    try {
      if ((await stat(p)).isFile()) return p;
    } catch {
      // try the next
    }
  }
  return undefined;
}

/**
 * A JSON map split into shard files by key hash, so a large site's manifest and dependency record
 * can be updated by rewriting a few small files. The shard count is chosen at full-build time from
 * the number of entries (a power of two, ~1,000 entries per shard, 1 … 1,024) and kept afterwards.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs/promises";
import { join } from "node:path";
import { atomicWrite } from "./atomic.ts";

export interface ShardInfo {
  sha256: string;
  entries: number;
}

export interface ShardIndex {
  count: number;
  shards: ShardInfo[];
  /**
   * How keys map to shards. Absent (format of older releases): first byte of the key's SHA-1,
   * at most 256 shards. 2: FNV-1a of the key without a `.gz`/`.br` suffix, so a page and its
   * precompressed variants share a shard (an incremental publish rewrites a third as many), and
   * up to 1,024 shards.
   */
  scheme?: 2;
}

const MAX_SHARDS = 1024;

function bucketV1(key: string): number {
  return createHash("sha1").update(key).digest()[0]!;
}

/** FNV-1a over the UTF-16 code units of the key without its precompression suffix. */
function bucketV2(key: string): number {
  const end = key.endsWith(".gz") || key.endsWith(".br") ? key.length - 3 : key.length;
  let h = 0x811c9dc5;
  for (let i = 0; i < end; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function shardOf(key: string, index: ShardIndex): number {
  return (index.scheme === 2 ? bucketV2(key) : bucketV1(key)) % index.count;
}

export function shardFile(dir: string, i: number): string {
  return join(dir, `${i.toString(16).padStart(2, "0")}.json`);
}

export class ShardedMap<V> {
  private fresh = new Map<string, V>();
  // Promises, not maps: concurrent callers must share one load of a shard.
  private loaded = new Map<number, Promise<Map<string, V>>>();
  private dirty = new Set<number>();

  private constructor(
    private readonly dir: string,
    private readonly index: ShardIndex | undefined,
  ) {}

  /** A new map, written in full by `save`. */
  static create<V>(dir: string): ShardedMap<V> {
    return new ShardedMap<V>(dir, undefined);
  }

  /** An existing map, loaded shard by shard on demand. */
  static open<V>(dir: string, index: ShardIndex): ShardedMap<V> {
    return new ShardedMap<V>(dir, index);
  }

  private shard(i: number): Promise<Map<string, V>> {
    let p = this.loaded.get(i);
    if (!p) {
      p = (async () => {
        const s = new Map<string, V>();
        try {
          const obj = JSON.parse(await fs.readFile(shardFile(this.dir, i), "utf8")) as Record<string, V>;
          for (const [k, v] of Object.entries(obj)) s.set(k, v);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
        }
        return s;
      })();
      this.loaded.set(i, p);
    }
    return p;
  }

  async get(key: string): Promise<V | undefined> {
    if (!this.index) return this.fresh.get(key);
    return (await this.shard(shardOf(key, this.index))).get(key);
  }

  async set(key: string, value: V | undefined): Promise<void> {
    if (!this.index) {
      if (value === undefined) this.fresh.delete(key);
      else this.fresh.set(key, value);
      return;
    }
    const i = shardOf(key, this.index);
    const s = await this.shard(i);
    if (value === undefined) s.delete(key);
    else s.set(key, value);
    this.dirty.add(i);
  }

  freshEntries(): Array<[string, V]> {
    return [...this.fresh];
  }

  /** Writes changed shards (all of them for a new map) and returns the index to store. */
  async save(): Promise<ShardIndex> {
    await fs.mkdir(this.dir, { recursive: true });
    let index: ShardIndex;
    let write: Array<[number, Map<string, V>]>;
    if (!this.index) {
      let count = 1;
      while (count < MAX_SHARDS && this.fresh.size / count > 1000) count *= 2;
      const parts = Array.from({ length: count }, () => new Map<string, V>());
      for (const [k, v] of this.fresh) parts[bucketV2(k) % count]!.set(k, v);
      index = { count, shards: [], scheme: 2 };
      write = parts.map((m, i) => [i, m]);
    } else {
      index = { ...this.index, shards: [...this.index.shards] };
      write = [];
      for (const i of [...this.dirty].sort((a, b) => a - b)) write.push([i, await this.shard(i)]);
    }
    // Shards are written concurrently (a few at a time): an incremental publish rewrites several.
    let next = 0;
    const worker = async () => {
      while (next < write.length) {
        const [i, m] = write[next++]!;
        const obj: Record<string, V> = {};
        for (const k of [...m.keys()].sort()) obj[k] = m.get(k)!;
        const text = JSON.stringify(obj);
        index.shards[i] = { sha256: createHash("sha256").update(text).digest("hex"), entries: m.size };
        await atomicWrite(shardFile(this.dir, i), text);
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, write.length) }, worker));
    this.dirty.clear();
    return index;
  }
}

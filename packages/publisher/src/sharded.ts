/**
 * A JSON map split into shard files by key hash, so a large site's manifest and dependency record
 * can be updated by rewriting a few small files. The shard count is chosen at full-build time from
 * the number of entries (a power of two, ~1,000 entries per shard, 1 … 256) and kept afterwards.
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
}

function bucket(key: string): number {
  const h = createHash("sha1").update(key).digest();
  return h[0]!;
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
    return (await this.shard(bucket(key) % this.index.count)).get(key);
  }

  async set(key: string, value: V | undefined): Promise<void> {
    if (!this.index) {
      if (value === undefined) this.fresh.delete(key);
      else this.fresh.set(key, value);
      return;
    }
    const i = bucket(key) % this.index.count;
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
      while (count < 256 && this.fresh.size / count > 1000) count *= 2;
      const parts = Array.from({ length: count }, () => new Map<string, V>());
      for (const [k, v] of this.fresh) parts[bucket(k) % count]!.set(k, v);
      index = { count, shards: [] };
      write = parts.map((m, i) => [i, m]);
    } else {
      index = { count: this.index.count, shards: [...this.index.shards] };
      write = [];
      for (const i of [...this.dirty].sort((a, b) => a - b)) write.push([i, await this.shard(i)]);
    }
    for (const [i, m] of write) {
      const obj: Record<string, V> = {};
      for (const k of [...m.keys()].sort()) obj[k] = m.get(k)!;
      const text = JSON.stringify(obj);
      await atomicWrite(shardFile(this.dir, i), text);
      index.shards[i] = { sha256: createHash("sha256").update(text).digest("hex"), entries: m.size };
    }
    this.dirty.clear();
    return index;
  }
}

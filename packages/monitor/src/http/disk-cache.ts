/**
 * Link results kept on disk between runs, so that the server's nightly and hourly audits do not
 * ask the same external sites about the same links again within a few hours. One JSON file,
 * written through a temporary name; expired and surplus entries are dropped when it is saved.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { LinkOutcome } from "../links.ts";

interface Entry {
  at: number;
  outcome: LinkOutcome;
}

const MAX_ENTRIES = 100_000;

export class DiskCache {
  private entries = new Map<string, Entry>();
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly ttlMs: number,
  ) {}

  static async open(file: string, ttlHours: number, now = Date.now()): Promise<DiskCache> {
    const cache = new DiskCache(file, ttlHours * 3600_000);
    try {
      const doc = JSON.parse(await readFile(file, "utf8")) as { format?: number; entries?: Record<string, Entry> };
      if (doc.format === 1 && doc.entries) {
        for (const [url, e] of Object.entries(doc.entries)) if (now - e.at < cache.ttlMs) cache.entries.set(url, e);
      }
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
    return cache;
  }

  get(url: string, now = Date.now()): LinkOutcome | undefined {
    const e = this.entries.get(url);
    if (!e) return undefined;
    if (now - e.at >= this.ttlMs) {
      this.entries.delete(url);
      return undefined;
    }
    return e.outcome;
  }

  /** Only settled answers are kept: a timeout or a throttled host is worth asking again. */
  set(url: string, outcome: LinkOutcome, now = Date.now()): void {
    if (outcome.state === "suspected" && (outcome.reason === "timeout" || outcome.reason === "throttled" || outcome.reason === "network")) return;
    this.entries.delete(url);
    this.entries.set(url, { at: now, outcome });
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    const all = [...this.entries];
    const kept = all.slice(Math.max(0, all.length - MAX_ENTRIES));
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ format: 1, entries: Object.fromEntries(kept) }));
    await rename(tmp, this.file);
    this.dirty = false;
  }
}

/**
 * The dependency record of a release: what the published pages were built from, so that an
 * incremental publish can find exactly the pages a changed document touches.
 *
 * - `state.json`: the structure hash (site, columns, catalogue categories, theme, options — a
 *   change there means every page may change and forces a full build), the signature of every
 *   page that is not a document page, and the pages of each collection.
 * - `state/xx.json` (256 shards by id hash): for every document, where its page is and where it
 *   was listed — its columns, month (sitemap), catalogue category — and the documents it links to
 *   as partner. This is the *old* side of a change: a document moved out of a column must leave
 *   that column's pages even though the new snapshot no longer says it was there.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs/promises";
import { join } from "node:path";
import { atomicWrite } from "./store.ts";

export interface DocRecord {
  /** Page path. */
  p: string;
  /** Columns it was listed in (empty when not live). */
  c: string[];
  /** Month of its sitemap (`YYYYMM`), or "" when not live. */
  m: string;
  /** 信息公开目录 category, or "". */
  k: string;
  /** Partner ids it named. */
  r: string[];
}

export interface StateFile {
  format: 1;
  structure: string;
  /** Non-document pages: path → signature. */
  pages: Record<string, string>;
  /** Non-document collections: key → paths. */
  colls: Record<string, string[]>;
}

function shardOf(id: string): string {
  return createHash("sha1").update(id).digest("hex").slice(0, 2);
}

export class StateStore {
  private shards = new Map<string, Map<string, DocRecord>>();
  private dirty = new Set<string>();

  private constructor(
    private readonly releaseDir: string,
    readonly file: StateFile,
    private readonly fromDisk: boolean,
  ) {}

  static fresh(releaseDir: string, structure: string): StateStore {
    return new StateStore(releaseDir, { format: 1, structure, pages: {}, colls: {} }, false);
  }

  static async load(releaseDir: string): Promise<StateStore | undefined> {
    try {
      const file = JSON.parse(await fs.readFile(join(releaseDir, "state.json"), "utf8")) as StateFile;
      if (file.format !== 1) return undefined;
      return new StateStore(releaseDir, file, true);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  }

  private async shard(key: string): Promise<Map<string, DocRecord>> {
    let s = this.shards.get(key);
    if (s) return s;
    s = new Map();
    if (this.fromDisk) {
      try {
        const obj = JSON.parse(await fs.readFile(join(this.releaseDir, "state", `${key}.json`), "utf8")) as Record<
          string,
          DocRecord
        >;
        for (const [k, v] of Object.entries(obj)) s.set(k, v);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
    }
    this.shards.set(key, s);
    return s;
  }

  async getDoc(id: string): Promise<DocRecord | undefined> {
    return (await this.shard(shardOf(id))).get(id);
  }

  async setDoc(id: string, rec: DocRecord | undefined): Promise<void> {
    const k = shardOf(id);
    const s = await this.shard(k);
    if (rec) s.set(id, rec);
    else s.delete(id);
    this.dirty.add(k);
  }

  async save(): Promise<void> {
    await fs.mkdir(join(this.releaseDir, "state"), { recursive: true });
    const keys = this.fromDisk
      ? [...this.dirty]
      : [...Array(256).keys()].map((i) => i.toString(16).padStart(2, "0"));
    for (const k of keys) {
      const s = await this.shard(k);
      const obj: Record<string, DocRecord> = {};
      for (const id of [...s.keys()].sort()) obj[id] = s.get(id)!;
      await atomicWrite(join(this.releaseDir, "state", `${k}.json`), JSON.stringify(obj));
    }
    this.dirty.clear();
    // state.json last: it is what marks the release's record as complete.
    await atomicWrite(join(this.releaseDir, "state.json"), JSON.stringify(this.file));
  }
}

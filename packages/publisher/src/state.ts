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
import * as fs from "node:fs/promises";
import { join } from "node:path";
import { atomicWrite } from "./atomic.ts";
import { type ShardIndex, ShardedMap } from "./sharded.ts";

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
  /** Index of the document-record shards under state/. */
  docIndex?: ShardIndex;
}

export class StateStore {
  private constructor(
    private readonly releaseDir: string,
    readonly file: StateFile,
    private readonly docs: ShardedMap<DocRecord>,
  ) {}

  static fresh(releaseDir: string, structure: string): StateStore {
    return new StateStore(
      releaseDir,
      { format: 1, structure, pages: {}, colls: {} },
      ShardedMap.create(join(releaseDir, "state")),
    );
  }

  static async load(releaseDir: string): Promise<StateStore | undefined> {
    try {
      const file = JSON.parse(await fs.readFile(join(releaseDir, "state.json"), "utf8")) as StateFile;
      if (file.format !== 1 || !file.docIndex) return undefined;
      return new StateStore(releaseDir, file, ShardedMap.open(join(releaseDir, "state"), file.docIndex));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  }

  getDoc(id: string): Promise<DocRecord | undefined> {
    return this.docs.get(id);
  }

  setDoc(id: string, rec: DocRecord | undefined): Promise<void> {
    return this.docs.set(id, rec);
  }

  /** Writes the record; `alongside` (e.g. the manifest's save) is awaited before state.json. */
  async save(alongside?: Promise<unknown>): Promise<void> {
    const [index] = await Promise.all([this.docs.save(), alongside]);
    this.file.docIndex = index;
    // state.json last: it is what marks the release's record as complete.
    await atomicWrite(join(this.releaseDir, "state.json"), JSON.stringify(this.file));
  }
}

/**
 * The site model: indexes over a snapshot, the URL scheme and list ordering.
 * Cheap to build (one pass over the documents); list orderings are computed lazily per column,
 * so an incremental publish on a large site pays only for the columns it touches.
 */
import { createHash } from "node:crypto";
import type { CatalogueCategory, Column, Document, SiteSnapshot } from "./types.ts";
import { compactDate } from "./time.ts";

/** Directory of the traditional-script copy under the site prefix. */
export const HANT_DIR = "zh-hant";

/** Top-level names the publisher writes itself; columns may not use them. */
export const RESERVED_SEGMENTS = new Set([
  "assets",
  HANT_DIR,
  "xxgk",
  "bsfw",
  "hd",
  "search",
  "404.html",
  "index.html",
  "sitemap.xml",
]);

export type Pagination = "stable" | "classic";

export interface ColumnNode {
  column: Column;
  children: ColumnNode[];
  /** Root first, this column last. */
  trail: Column[];
  depth: number;
}

export function isLive(d: Document): boolean {
  return !d.withdrawn && !d.redirectTo;
}

/** Identifiers become file names: keep safe ones readable, hash the rest. */
export function safeId(id: string): string {
  if (/^[A-Za-z0-9_-]{1,64}$/.test(id)) return id;
  return createHash("sha1").update(id).digest("hex").slice(0, 16);
}

const LOCAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

/** Publication instant as a number; Asia/Shanghai ISO strings are compared without Date parsing. */
function timeKey(d: Document): number {
  const s = d.publishedAt;
  if (s.length === 25 && LOCAL_ISO.test(s)) {
    // YYYYMMDDhhmmss as a number keeps chronological order for one fixed offset.
    return Number(s.slice(0, 4) + s.slice(5, 7) + s.slice(8, 10) + s.slice(11, 13) + s.slice(14, 16) + s.slice(17, 19));
  }
  const t = new Date(Date.parse(s) + 8 * 3600_000).toISOString();
  return Number(t.slice(0, 4) + t.slice(5, 7) + t.slice(8, 10) + t.slice(11, 13) + t.slice(14, 16) + t.slice(17, 19));
}

/** List order: pinned first, newest first, then id. */
export function compareDocs(a: Document, b: Document, ka: number, kb: number): number {
  return (b.pin ?? 0) - (a.pin ?? 0) || kb - ka || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function sortDocs(docs: Document[]): Document[] {
  const key = new Map<Document, number>();
  for (const d of docs) key.set(d, timeKey(d));
  return docs.sort((a, b) => compareDocs(a, b, key.get(a)!, key.get(b)!));
}

export class SiteModel {
  readonly snapshot: SiteSnapshot;
  readonly prefix: string;
  readonly columns = new Map<string, ColumnNode>();
  readonly roots: ColumnNode[] = [];
  readonly docs = new Map<string, Document>();
  private byColumn?: Map<string, Document[]>;
  private sorted = new Map<string, Document[]>();
  private byCatalogue?: Map<string, Document[]>;
  private reverseRefs?: Map<string, Set<string>>;
  private byMonth?: Map<string, Document[]>;
  private cats?: CatalogueCategory[];

  constructor(snapshot: SiteSnapshot) {
    this.snapshot = snapshot;
    this.prefix = snapshot.site.pathPrefix;
    const sortedCols = [...snapshot.columns].sort(
      (a, b) => a.sort - b.sort || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    for (const c of sortedCols) this.columns.set(c.id, { column: c, children: [], trail: [], depth: 0 });
    for (const node of this.columns.values()) {
      const parent = node.column.parentId ? this.columns.get(node.column.parentId) : undefined;
      if (parent) parent.children.push(node);
      else this.roots.push(node);
    }
    const fill = (n: ColumnNode, trail: Column[]) => {
      n.trail = [...trail, n.column];
      n.depth = trail.length;
      for (const ch of n.children) fill(ch, n.trail);
    };
    for (const r of this.roots) fill(r, []);
    for (const d of snapshot.documents) this.docs.set(d.id, d);
  }

  /** Columns a document is listed in: its columns and all their ancestors (pages-bearing only). */
  private listedMemo = new Map<string, string[]>();

  listedColumnIds(d: Pick<Document, "columnId" | "otherColumnIds">): string[] {
    if (!d.otherColumnIds?.length) {
      let m = this.listedMemo.get(d.columnId);
      if (!m) {
        m = this.listedUncached(d);
        this.listedMemo.set(d.columnId, m);
      }
      return m;
    }
    return this.listedUncached(d);
  }

  private listedUncached(d: Pick<Document, "columnId" | "otherColumnIds">): string[] {
    const out = new Set<string>();
    for (const cid of [d.columnId, ...(d.otherColumnIds ?? [])]) {
      const node = this.columns.get(cid);
      if (!node) continue;
      for (const c of node.trail) if (!c.externalUrl) out.add(c.id);
    }
    return [...out];
  }

  private ensureByColumn(): Map<string, Document[]> {
    if (this.byColumn) return this.byColumn;
    const m = new Map<string, Document[]>();
    for (const d of this.snapshot.documents) {
      if (!isLive(d)) continue;
      for (const cid of this.listedColumnIds(d)) {
        let arr = m.get(cid);
        if (!arr) m.set(cid, (arr = []));
        arr.push(d);
      }
    }
    this.byColumn = m;
    return m;
  }

  /** Live documents of a column and its descendants, pinned first, newest first. */
  listing(columnId: string): Document[] {
    let s = this.sorted.get(columnId);
    if (!s) {
      s = sortDocs([...(this.ensureByColumn().get(columnId) ?? [])]);
      this.sorted.set(columnId, s);
    }
    return s;
  }

  /**
   * The first `k` of `listing(columnId)`. A model kept warm between incremental publishes sorts the
   * column once and keeps it sorted (updateDocs), so later calls cost nothing; a one-off model
   * picks the top k in one pass instead of sorting the whole column.
   */
  warm = false;

  top(columnId: string, k: number): Document[] {
    const sorted = this.sorted.get(columnId) ?? (this.warm ? this.listing(columnId) : undefined);
    if (sorted) return sorted.slice(0, k);
    const all = this.ensureByColumn().get(columnId) ?? [];
    const best: Array<[Document, number]> = [];
    for (const d of all) {
      const kd = timeKey(d);
      if (best.length === k && compareDocs(d, best[k - 1]![0], kd, best[k - 1]![1]) >= 0) continue;
      let i = best.length;
      while (i > 0 && compareDocs(d, best[i - 1]![0], kd, best[i - 1]![1]) < 0) i--;
      best.splice(i, 0, [d, kd]);
      if (best.length > k) best.pop();
    }
    return best.map((x) => x[0]);
  }

  /** Live documents of a 信息公开目录 category, newest first (pins ignored: a catalogue is a register). */
  catalogueListing(code: string): Document[] {
    if (!this.byCatalogue) {
      const m = new Map<string, Document[]>();
      for (const d of this.snapshot.documents) {
        const c = d.disclosure?.catalogueCode;
        if (!c || !isLive(d)) continue;
        let arr = m.get(c);
        if (!arr) m.set(c, (arr = []));
        arr.push(d);
      }
      for (const [k, arr] of m) m.set(k, sortDocs(arr.map((d) => ({ ...d, pin: 0 }))).map((d) => this.docs.get(d.id)!));
      this.byCatalogue = m;
    }
    return this.byCatalogue.get(code) ?? [];
  }

  catalogue(): CatalogueCategory[] {
    this.cats ??= [...(this.snapshot.catalogue ?? [])].sort(
      (a, b) => a.sort - b.sort || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
    );
    return this.cats;
  }

  /** Live documents by month of publication (`YYYYMM`, Asia/Shanghai), for the sitemaps. */
  monthIndex(): Map<string, Document[]> {
    if (!this.byMonth) {
      const m = new Map<string, Document[]>();
      for (const d of this.snapshot.documents) {
        if (!isLive(d)) continue;
        const ym = compactDate(d.publishedAt).ym;
        let arr = m.get(ym);
        if (!arr) m.set(ym, (arr = []));
        arr.push(d);
      }
      this.byMonth = m;
    }
    return this.byMonth;
  }

  /** Ids of documents that name `id` as partner or replacement. */
  referrers(id: string): string[] {
    if (!this.reverseRefs) {
      const m = new Map<string, Set<string>>();
      const add = (to: string, from: string) => {
        let s = m.get(to);
        if (!s) m.set(to, (s = new Set()));
        s.add(from);
      };
      for (const d of this.snapshot.documents) {
        for (const p of d.partnerIds ?? []) add(p, d.id);
        if (d.disclosure?.replacedById) add(d.disclosure.replacedById, d.id);
      }
      this.reverseRefs = m;
    }
    return [...(this.reverseRefs.get(id) ?? [])].sort();
  }

  /**
   * Brings the model up to date after the documents `ids` changed in the snapshot (published,
   * edited, moved, withdrawn or removed — `current` maps each id to its document now, or to
   * undefined when it left the snapshot). Indexes already built are patched in place (one pass
   * over them to drop the old entries, then a binary insertion per document); indexes not built
   * yet are built later from the snapshot as usual. Used by the warm incremental publisher so an
   * event on a 100,000-document site costs milliseconds instead of re-indexing the whole site.
   */
  updateDocs(current: Map<string, Document | undefined>): void {
    if (!current.size) return;
    const gone = (d: Document) => current.has(d.id);
    const prune = (arr: Document[]) => {
      let w = 0;
      for (let r = 0; r < arr.length; r++) if (!gone(arr[r]!)) arr[w++] = arr[r]!;
      arr.length = w;
    };
    for (const arr of this.byColumn?.values() ?? []) prune(arr);
    for (const arr of this.sorted.values()) prune(arr);
    for (const arr of this.byCatalogue?.values() ?? []) prune(arr);
    for (const arr of this.byMonth?.values() ?? []) prune(arr);
    for (const set of this.reverseRefs?.values() ?? []) for (const id of current.keys()) set.delete(id);

    const insertSorted = (arr: Document[], d: Document, pinned: boolean) => {
      const kd = timeKey(d);
      const pin = (x: Document) => (pinned ? x : { ...x, pin: 0 });
      const dd = pin(d);
      let lo = 0;
      let hi = arr.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const x = arr[mid]!;
        if (compareDocs(pin(x), dd, timeKey(x), kd) < 0) lo = mid + 1;
        else hi = mid;
      }
      arr.splice(lo, 0, d);
    };
    for (const [id, d] of current) {
      if (!d) {
        this.docs.delete(id);
        continue;
      }
      this.docs.set(id, d);
      if (this.reverseRefs) {
        const add = (to: string) => {
          let s = this.reverseRefs!.get(to);
          if (!s) this.reverseRefs!.set(to, (s = new Set()));
          s.add(id);
        };
        for (const p of d.partnerIds ?? []) add(p);
        if (d.disclosure?.replacedById) add(d.disclosure.replacedById);
      }
      if (!isLive(d)) continue;
      for (const cid of this.byColumn ? this.listedColumnIds(d) : []) {
        let arr = this.byColumn!.get(cid);
        if (!arr) this.byColumn!.set(cid, (arr = []));
        arr.push(d);
        const s = this.sorted.get(cid);
        if (s) insertSorted(s, d, true);
      }
      const code = d.disclosure?.catalogueCode;
      if (code && this.byCatalogue) {
        let arr = this.byCatalogue.get(code);
        if (!arr) this.byCatalogue.set(code, (arr = []));
        insertSorted(arr, d, false);
      }
      if (this.byMonth) {
        const ym = compactDate(d.publishedAt).ym;
        let arr = this.byMonth.get(ym);
        if (!arr) this.byMonth.set(ym, (arr = []));
        arr.push(d);
      }
    }
    for (const m of [this.byColumn, this.byCatalogue, this.byMonth]) {
      for (const [k, arr] of m ?? []) if (!arr.length) m!.delete(k);
    }
    for (const [k, s] of this.reverseRefs ?? []) if (!s.size) this.reverseRefs!.delete(k);
  }

  /** Partners shown on a document's page: its own links plus documents linking to it (双向关联). */
  partners(d: Document): Document[] {
    const ids = new Set(d.partnerIds ?? []);
    for (const r of this.referrers(d.id)) {
      const other = this.docs.get(r);
      if (other?.partnerIds?.includes(d.id)) ids.add(r);
    }
    ids.delete(d.id);
    return [...ids]
      .map((i) => this.docs.get(i))
      .filter((x): x is Document => !!x && isLive(x))
      .sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt) || (a.id < b.id ? -1 : 1));
  }

  // ---- URL scheme (paths relative to the site root, without leading slash) ----

  docPath(d: Pick<Document, "id" | "columnId" | "publishedAt" | "urlPath">): string {
    if (d.urlPath) return d.urlPath.replace(/^\/+/, "");
    const col = this.columns.get(d.columnId)?.column;
    const { ym, ymd } = compactDate(d.publishedAt);
    return `${col ? col.slugPath : "art"}/${ym}/t${ymd}_${safeId(d.id)}.html`;
  }

  columnPagePath(c: Column, file: string): string {
    return `${c.slugPath}/${file}`;
  }

  /** Public URL (absolute path) of a file path, in the simplified or traditional tree. */
  href(path: string, hant = false): string {
    const p = path === "index.html" ? "" : path.endsWith("/index.html") ? path.slice(0, -"index.html".length) : path;
    return `${this.prefix}${hant ? `${HANT_DIR}/` : ""}${p}`;
  }

  absoluteUrl(path: string): string {
    const s = this.snapshot.site;
    return `${s.scheme ?? "https"}://${s.domain}${this.href(path)}`;
  }
}

export interface ListPage<T> {
  /** File name inside the list directory: index.html, index_1.html … */
  file: string;
  items: T[];
  /** 1-based position from the newest page (classic), or the block number (stable). */
  number: number;
  prev?: string;
  next?: string;
  first: string;
  last: string;
  /** All pages in order newest → oldest (file names), for numbered navigation (classic only). */
  total: number;
}

/**
 * Splits a newest-first list into pages.
 *
 * classic: index.html holds the newest `size`, index_1.html the next … Publishing one item shifts
 *   every page of the list.
 * stable:  archive pages are fixed blocks counted from the oldest item (index_1.html holds the
 *   oldest `size` items and never changes); index.html holds everything newer than the last full
 *   archive block (size … 2·size−1 items). Publishing one item rewrites index.html, and at a
 *   block boundary adds one archive page and relinks the previous one — constant work however
 *   long the column is, and an old page's URL always shows the same items.
 */
export function paginate<T>(items: T[], size: number, mode: Pagination): ListPage<T>[] {
  const n = items.length;
  if (mode === "stable" && n < 2 * size) {
    // Short list: one head page holding everything (up to 2·size−1 items), no archive yet.
    return [{ file: "index.html", items, number: 1, first: "index.html", last: "index.html", total: 1 }];
  }
  if (mode === "classic") {
    const count = Math.max(1, Math.ceil(n / size));
    const file = (i: number) => (i === 0 ? "index.html" : `index_${i}.html`);
    const pages: ListPage<T>[] = [];
    for (let i = 0; i < count; i++) {
      pages.push({
        file: file(i),
        items: items.slice(i * size, (i + 1) * size),
        number: i + 1,
        prev: i > 0 ? file(i - 1) : undefined,
        next: i < count - 1 ? file(i + 1) : undefined,
        first: file(0),
        last: file(count - 1),
        total: count,
      });
    }
    return pages;
  }
  // stable, n ≥ 2·size: F full blocks from the oldest; archive pages are blocks 1 … F−1.
  const F = Math.floor(n / size);
  const headCount = n - (F - 1) * size; // size … 2·size−1
  const blockFile = (b: number) => `index_${b}.html`;
  const pages: ListPage<T>[] = [
    {
      file: "index.html",
      items: items.slice(0, headCount),
      number: F,
      next: F - 1 >= 1 ? blockFile(F - 1) : undefined,
      first: "index.html",
      last: blockFile(1),
      total: F,
    },
  ];
  for (let b = F - 1; b >= 1; b--) {
    // block b covers oldest-ranks [(b−1)·size, b·size) → newest-first indices below
    const end = n - (b - 1) * size;
    const start = end - size;
    pages.push({
      file: blockFile(b),
      items: items.slice(start, end),
      number: b,
      prev: b + 1 <= F - 1 ? blockFile(b + 1) : "index.html",
      next: b - 1 >= 1 ? blockFile(b - 1) : undefined,
      first: "index.html",
      last: blockFile(1),
      total: F,
    });
  }
  return pages;
}

// The worker's warm copy of each site's publish snapshot. Building a snapshot reads every public
// document of the site (seconds at 100,000 documents); a publish event changes one. So the first
// event after start (or after anything site-wide changed) loads the whole site, and later events
// load the site frame (settings, columns: a few small queries) and only the changed documents,
// patching the cached snapshot in place. The publisher keeps its own warm state keyed on the same
// snapshot object, so the two together make an event cost milliseconds.
//
// The cache is dropped when the document mapping's inputs change (site owner, column ids or paths),
// when another process processed events of the site since (several workers may drain the outbox),
// on a site-wide event, and on any failure.
import { and, desc, eq, gt, isNotNull } from "drizzle-orm";
import type { Document as SnapDocument, SiteSnapshot } from "@govsite/publisher";
import type { DbOrTx } from "../../db/client.ts";
import { publishEvents } from "../../db/schema.ts";
import { loadDocuments, loadFrame } from "./snapshot.ts";

interface SiteCache {
  docsKey: string;
  snapshot: SiteSnapshot;
  /** Position of each document in `snapshot.documents`. */
  index: Map<string, number>;
  /** Ids of the site's public documents (also those a column filter left out of the snapshot). */
  live: Set<string>;
  /** Raw partner / replacement links of each public document, and the reverse. */
  refs: Map<string, string[]>;
  linkedFrom: Map<string, Set<string>>;
  /** Highest outbox sequence number this cache reflects. */
  seq: number;
}

const caches = new Map<string, SiteCache>();

export interface WarmSnapshot {
  snapshot: SiteSnapshot;
  /** Documents to hand to the publisher as changed: the events' ones and those whose links changed. */
  changed: string[];
  /** False when the whole site was loaded. */
  warm: boolean;
}

/** Forgets the cached snapshot of a site, or of every site. */
export function forgetSnapshot(siteId?: string): void {
  if (siteId === undefined) caches.clear();
  else caches.delete(siteId);
}

/** Records that the cache of a site now reflects the outbox up to `seq` (after a successful publish). */
export function markSnapshot(siteId: string, seq: number): void {
  const c = caches.get(siteId);
  if (c) c.seq = Math.max(c.seq, seq);
}

function addLinks(c: SiteCache, id: string, refs: string[] | undefined) {
  const old = c.refs.get(id);
  for (const t of old ?? []) c.linkedFrom.get(t)?.delete(id);
  if (refs?.length) {
    c.refs.set(id, refs);
    for (const t of refs) {
      let s = c.linkedFrom.get(t);
      if (!s) c.linkedFrom.set(t, (s = new Set()));
      s.add(id);
    }
  } else c.refs.delete(id);
}

function removeDoc(c: SiteCache, id: string) {
  const i = c.index.get(id);
  if (i === undefined) return;
  const docs = c.snapshot.documents;
  const last = docs.pop()!;
  if (i < docs.length) {
    docs[i] = last;
    c.index.set(last.id, i);
  }
  c.index.delete(id);
}

function putDoc(c: SiteCache, d: SnapDocument) {
  const i = c.index.get(d.id);
  if (i !== undefined) c.snapshot.documents[i] = d;
  else {
    c.index.set(d.id, c.snapshot.documents.length);
    c.snapshot.documents.push(d);
  }
}

async function loadAll(db: DbOrTx, siteId: string, frame: Awaited<ReturnType<typeof loadFrame>>, seq: number): Promise<SiteCache> {
  const all = await loadDocuments(db, frame);
  frame.snapshot.documents = all.documents;
  const c: SiteCache = {
    docsKey: frame.docsKey,
    snapshot: frame.snapshot,
    index: new Map(all.documents.map((d, i) => [d.id, i])),
    live: new Set(all.returnedIds),
    refs: new Map(),
    linkedFrom: new Map(),
    seq,
  };
  for (const [id, r] of all.refs) addLinks(c, id, r);
  caches.set(siteId, c);
  return c;
}

/**
 * The site's snapshot brought up to date for the given changed documents. `seq` is the lowest
 * outbox sequence number of the batch: events of the site processed elsewhere after the cache's
 * last batch mean the cache may be stale. With `full`, the whole site is loaded.
 */
export async function warmSnapshot(db: DbOrTx, siteId: string, ids: string[], opts: { full?: boolean } = {}): Promise<WarmSnapshot> {
  const frame = await loadFrame(db, siteId);
  let c = caches.get(siteId);
  if (c && (opts.full || c.docsKey !== frame.docsKey)) c = undefined;
  if (c) {
    const [foreign] = await db
      .select({ seq: publishEvents.seq })
      .from(publishEvents)
      .where(and(gt(publishEvents.seq, c.seq), eq(publishEvents.siteId, siteId), isNotNull(publishEvents.processedAt)))
      .limit(1);
    if (foreign) c = undefined;
  }
  if (!c) {
    const seq = await db.select({ seq: publishEvents.seq }).from(publishEvents).where(isNotNull(publishEvents.processedAt)).orderBy(desc(publishEvents.seq)).limit(1);
    c = await loadAll(db, siteId, frame, seq[0]?.seq ?? 0);
    return { snapshot: c.snapshot, changed: ids, warm: false };
  }
  try {
    // Site-level parts are cheap and always fresh; the object stays the same for the publisher.
    const target = c.snapshot as unknown as Record<string, unknown>;
    const fresh = frame.snapshot as unknown as Record<string, unknown>;
    for (const k of Object.keys(target)) if (k !== "documents" && !(k in fresh)) delete target[k];
    for (const k of Object.keys(fresh)) if (k !== "documents") target[k] = fresh[k];

    const changed = new Set(ids);
    let load = [...changed];
    for (let round = 0; load.length && round < 2; round++) {
      const got = await loadDocuments(db, frame, load);
      const returned = new Set(got.returnedIds);
      const next: string[] = [];
      for (const id of load) {
        const was = c.live.has(id);
        const now = returned.has(id);
        // A document becoming public or leaving: documents linking to it map their links again.
        if (was !== now && round === 0) for (const from of c.linkedFrom.get(id) ?? []) if (!changed.has(from)) next.push(from);
        if (now) c.live.add(id);
        else c.live.delete(id);
        removeDoc(c, id);
        addLinks(c, id, got.refs.get(id));
      }
      for (const d of got.documents) putDoc(c, d);
      for (const id of next) changed.add(id);
      load = [...new Set(next)];
    }
    return { snapshot: c.snapshot, changed: [...changed], warm: true };
  } catch (e) {
    caches.delete(siteId);
    throw e;
  }
}

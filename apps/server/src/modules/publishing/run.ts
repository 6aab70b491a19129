// Consumes the publish outbox in order and brings the static sites up to date: incremental for
// document events (the publisher re-renders exactly the affected pages), full for site events.
// Also writes sites.json, the routing table the public server reads without the database.
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { and, asc, eq, inArray, isNull, lte } from "drizzle-orm";
import { applyChanges, publishAll, publishSite } from "@govsite/publisher";
import { documents, publishEvents, sites } from "../../db/schema.ts";
import { indexDocument } from "../search/search.ts";
import type { Services } from "../../services.ts";
import { now } from "../../lib/clock.ts";
import { logger } from "../../lib/logger.ts";
import { buildSnapshot } from "./snapshot.ts";
import { forgetSnapshot, markSnapshot, warmSnapshot } from "./warm.ts";
import { siteThemeOverrides, sitesWithOverrides } from "../themes/themes.ts";

export const siteDir = (svc: Services, code: string) => path.join(svc.config.publishDir, code);

/** The public server's routing table: which directory serves which host and path prefix. */
export async function writeSitesIndex(svc: Services) {
  const rows = await svc.db.select({ code: sites.code, domain: sites.domain, pathPrefix: sites.pathPrefix, status: sites.status, kind: sites.kind }).from(sites);
  await mkdir(svc.config.publishDir, { recursive: true });
  const file = path.join(svc.config.publishDir, "sites.json");
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify({ generatedAt: now().toISOString(), sites: rows.filter((r) => r.status !== "closed") }, null, 2));
  await rename(tmp, file);
}

let running: Promise<unknown> | null = null;

/** Processes pending publish events; concurrent calls in one process share one run. */
export function processPublishEvents(svc: Services): Promise<{ sites: number; events: number }> {
  running ??= (async () => {
    try {
      return await drain(svc);
    } finally {
      running = null;
    }
  })();
  return running as Promise<{ sites: number; events: number }>;
}

async function drain(svc: Services) {
  const pending = await svc.db.select().from(publishEvents).where(and(isNull(publishEvents.processedAt), lte(publishEvents.at, now()))).orderBy(asc(publishEvents.seq)).limit(5000);
  if (!pending.length) return { sites: 0, events: 0 };
  const bySite = new Map<string, typeof pending>();
  for (const e of pending) bySite.set(e.siteId, [...(bySite.get(e.siteId) ?? []), e]);
  await writeSitesIndex(svc);
  for (const [siteId, events] of bySite) {
    const [site] = await svc.db.select({ code: sites.code }).from(sites).where(eq(sites.id, siteId));
    if (!site) continue;
    const outDir = siteDir(svc, site.code);
    try {
      // The warm snapshot loads only the changed documents (the whole site after a start or a site-wide change).
      const whole = events.some((e) => e.kind === "site");
      const ids = [...new Set(events.map((e) => e.documentId!).filter(Boolean))];
      const { snapshot, changed } = await warmSnapshot(svc.db, siteId, ids, { full: whole });
      // The site's theme overrides (console edits) are part of the theme hash: a change means a full build.
      const themeOverrides = await siteThemeOverrides(svc.db, siteId);
      if (whole) await publishSite(snapshot, { outDir, themeOverrides });
      else await applyChanges(snapshot, { documents: changed }, { outDir, themeOverrides });
      await reindex(svc, siteId, events);
      await svc.db.update(publishEvents).set({ processedAt: now() }).where(inArray(publishEvents.seq, events.map((e) => e.seq)));
      markSnapshot(siteId, Math.max(...events.map((e) => e.seq)));
    } catch (err) {
      // The events stay pending and are retried at the next run; the live site is untouched.
      forgetSnapshot(siteId);
      logger.error({ err, site: site.code }, "publishing failed");
    }
  }
  return { sites: bySite.size, events: pending.length };
}

async function reindex(svc: Services, siteId: string, events: Array<{ kind: string; documentId: string | null }>) {
  if (events.some((e) => e.kind === "site")) {
    const ids = await svc.db.select({ id: documents.id }).from(documents).where(eq(documents.siteId, siteId));
    for (const { id } of ids) await indexDocument(svc.db, id);
  } else for (const id of new Set(events.map((e) => e.documentId).filter((x): x is string => !!x))) await indexDocument(svc.db, id);
}

/** Full rebuild of one site or all of them, sites in parallel on worker threads. */
export async function rebuild(svc: Services, opts: { siteCode?: string; onProgress?: (done: number, total: number, site: string) => void } = {}) {
  const rows = opts.siteCode ? await svc.db.select().from(sites).where(eq(sites.code, opts.siteCode)) : await svc.db.select().from(sites);
  if (opts.siteCode && rows.length === 0) throw new Error(`站点“${opts.siteCode}”不存在`);
  await writeSitesIndex(svc);
  const snapshots = [];
  // Sites with theme overrides are built one by one with theirs; the rest in parallel.
  const overridden = await sitesWithOverrides(svc.db);
  const own: Array<{ id: string; code: string }> = [];
  for (const s of rows.filter((r) => r.status !== "closed")) {
    if (overridden.has(s.id)) own.push(s);
    else snapshots.push(await buildSnapshot(svc.db, s.id));
  }
  const result = await publishAll(snapshots, {
    outRoot: svc.config.publishDir,
    ...(opts.onProgress ? { onProgress: (p) => opts.onProgress!(p.done, p.total, p.site) } : {}),
  });
  for (const s of own) {
    try {
      result.results.push(await publishSite(await buildSnapshot(svc.db, s.id), { outDir: siteDir(svc, s.code), themeOverrides: await siteThemeOverrides(svc.db, s.id) }));
    } catch (err) {
      const e = err as { name?: string; message?: string; issues?: unknown };
      result.failures.push({ site: s.code, error: { name: e.name ?? "Error", message: e.message ?? String(err), ...(e.issues ? { issues: e.issues } : {}) } });
    }
  }
  for (const f of result.failures) logger.error({ site: f.site, issues: f.error.issues }, `站点 ${f.site} 发布失败：${f.error.message}`);
  for (const s of rows) {
    const ids = await svc.db.select({ id: documents.id }).from(documents).where(eq(documents.siteId, s.id));
    for (const { id } of ids) await indexDocument(svc.db, id);
  }
  // Everything up to now is reflected in the new builds.
  await svc.db.update(publishEvents).set({ processedAt: now() }).where(isNull(publishEvents.processedAt));
  forgetSnapshot();
  return result;
}

export { publishSite };

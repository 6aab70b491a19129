// Findings (监测发现): problems found on the published sites by scans, tamper checks and probes.
// The same problem across runs is one row (site + fingerprint); seen again, it counts on its row
// and on its open ticket instead of making a new ticket.
import { and, count, desc, eq, inArray, notInArray, type SQL } from "drizzle-orm";
import { z } from "zod";
import { columns, monitorFindings, sites } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import type { Services } from "../../services.ts";
import { now } from "../../lib/clock.ts";
import { parse } from "../../lib/validate.ts";
import type { AuditActor } from "../audit/record.ts";
import { require, scopeOf, type Actor } from "../accounts/roles.ts";
import { recurOnTicket, ticketForFinding, type Severity } from "./tickets.ts";

export interface FindingInput {
  siteId: string;
  columnId: string | null;
  source: "scan" | "scan_http" | "tamper" | "probe";
  type: string;
  severity: Severity;
  rule: string;
  /** Stable identity of the problem within the site. */
  fingerprint: string;
  url: string;
  detail: string;
  data?: Record<string, unknown>;
}

/**
 * Stores a finding (new or seen again) and, when `ticket` is set, makes sure it has an open ticket:
 * a recurring finding counts on its existing open ticket; a new one (or one whose ticket was closed)
 * gets a new ticket. Returns the finding id and what happened to the ticket.
 */
export async function recordFinding(svc: Services, tx: DbOrTx, actor: AuditActor, f: FindingInput, opts: { ticket: boolean }) {
  const at = now();
  const [old] = await tx.select().from(monitorFindings).where(and(eq(monitorFindings.siteId, f.siteId), eq(monitorFindings.fingerprint, f.fingerprint)));
  let id: string;
  let recurred = false;
  if (old) {
    id = old.id;
    recurred = true;
    await tx
      .update(monitorFindings)
      .set({ columnId: f.columnId, severity: f.severity, detail: f.detail, url: f.url, data: f.data ?? {}, status: "open", resolvedAt: null, lastSeenAt: at, occurrences: old.occurrences + 1 })
      .where(eq(monitorFindings.id, old.id));
  } else {
    const [row] = await tx
      .insert(monitorFindings)
      .values({ siteId: f.siteId, columnId: f.columnId, source: f.source, type: f.type, severity: f.severity, rule: f.rule, fingerprint: f.fingerprint, url: f.url, detail: f.detail, data: f.data ?? {}, firstSeenAt: at, lastSeenAt: at })
      .returning({ id: monitorFindings.id });
    id = row!.id;
  }
  if (!opts.ticket) return { findingId: id, ticketId: old?.ticketId ?? null, ticketCreated: false, recurred };
  if (old?.ticketId) {
    const t = await recurOnTicket(tx, old.ticketId, actor, `再次发现：${f.detail}`);
    if (t) return { findingId: id, ticketId: t.id, ticketCreated: false, recurred };
  }
  const { ticket, created } = await ticketForFinding(svc, tx, actor, id);
  return { findingId: id, ticketId: ticket.id, ticketCreated: created, recurred };
}

/** Findings of one source on a site that the latest complete run no longer saw are marked resolved. */
export async function resolveMissing(tx: DbOrTx, siteId: string, source: string, seen: string[], types?: string[]) {
  const conds: SQL[] = [eq(monitorFindings.siteId, siteId), eq(monitorFindings.source, source), eq(monitorFindings.status, "open")];
  if (seen.length) conds.push(notInArray(monitorFindings.fingerprint, seen));
  if (types) conds.push(inArray(monitorFindings.type, types));
  const rows = await tx.update(monitorFindings).set({ status: "resolved", resolvedAt: now() }).where(and(...conds)).returning({ id: monitorFindings.id });
  return rows.length;
}

/** Maps a site-relative URL path to the column whose pages it is (longest slug path prefix). */
export function columnForPath(slugPaths: Map<string, string>, relPath: string): string | null {
  const p = relPath.replace(/^\/+/, "").replace(/^zh-hant\//, "");
  let best: { id: string; len: number } | null = null;
  for (const [id, slug] of slugPaths) {
    if (!slug) continue;
    if ((p === slug || p.startsWith(`${slug}/`)) && (!best || slug.length > best.len)) best = { id, len: slug.length };
  }
  return best?.id ?? null;
}

const listSchema = z.object({
  siteId: z.uuid("站点筛选值有误").optional(),
  status: z.enum(["open", "resolved"], "状态筛选值有误").optional(),
  type: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export async function listFindings(svc: Services, actor: Actor, raw: unknown) {
  const q = parse(listSchema, raw);
  if (q.siteId) require(actor, "monitor.read", q.siteId);
  else require(actor, "monitor.read");
  const scope = scopeOf(actor, "monitor.read");
  const conds: SQL[] = [];
  if (!scope.all) conds.push(inArray(monitorFindings.siteId, scope.siteIds.length ? scope.siteIds : ["00000000-0000-0000-0000-000000000000"]));
  if (q.siteId) conds.push(eq(monitorFindings.siteId, q.siteId));
  if (q.status) conds.push(eq(monitorFindings.status, q.status));
  if (q.type) conds.push(eq(monitorFindings.type, q.type));
  const where = conds.length ? and(...conds) : undefined;
  const [total] = await svc.db.select({ n: count() }).from(monitorFindings).where(where);
  const items = await svc.db
    .select({ f: monitorFindings, siteName: sites.name, columnName: columns.name })
    .from(monitorFindings)
    .innerJoin(sites, eq(sites.id, monitorFindings.siteId))
    .leftJoin(columns, eq(columns.id, monitorFindings.columnId))
    .where(where)
    .orderBy(desc(monitorFindings.lastSeenAt))
    .limit(q.limit)
    .offset(q.offset);
  return { total: total?.n ?? 0, items: items.map((r) => ({ ...r.f, siteName: r.siteName, columnName: r.columnName })) };
}

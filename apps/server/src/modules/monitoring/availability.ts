// Availability (站点无法访问, rule R1): each running site's homepage and key columns are probed on a
// schedule (profile: at least `probesPerDay` a day, `probeTimeoutSeconds` timeout); the failure
// ratio over the last `availabilityWindowDays` warns at `availabilityWarnPercent` and is a veto at
// `availabilityVetoPercent`. Reaching a level records a finding with a ticket.
import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, sql } from "drizzle-orm";
import { columns, monitorProbes, sites } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { now } from "../../lib/clock.ts";
import { notFound } from "../../lib/errors.ts";
import { systemActor } from "../audit/record.ts";
import { require, type Actor } from "../accounts/roles.ts";
import { columnSlugPaths } from "../publishing/snapshot.ts";
import { recordFinding, resolveMissing } from "./findings.ts";
import { probe, siteTarget } from "./target.ts";

export type AvailabilityLevel = "ok" | "warning" | "veto";

export interface AvailabilitySummary {
  probes: number;
  failures: number;
  ratio: number;
  level: AvailabilityLevel;
  lastFailureAt: Date | null;
}

/** The rolling failure ratio of a site's probes over the profile's window, and its level. */
export async function availabilitySummary(svc: Services, siteId: string, at: Date = now()): Promise<AvailabilitySummary> {
  const m = svc.profile.values.monitor;
  const from = new Date(at.getTime() - m.availabilityWindowDays * 86_400_000);
  const [r] = await svc.db
    .select({
      probes: sql<number>`count(*)`.mapWith(Number),
      failures: sql<number>`count(*) filter (where not ${monitorProbes.ok})`.mapWith(Number),
      lastFailureAt: sql<Date | null>`max(${monitorProbes.at}) filter (where not ${monitorProbes.ok})`.mapWith((v: unknown) => (v ? new Date(v as string) : null)),
    })
    .from(monitorProbes)
    .where(and(eq(monitorProbes.siteId, siteId), gte(monitorProbes.at, from), lte(monitorProbes.at, at)));
  const probes = r?.probes ?? 0;
  const failures = r?.failures ?? 0;
  const ratio = probes ? failures / probes : 0;
  return { probes, failures, ratio, level: levelOf(svc, ratio), lastFailureAt: r?.lastFailureAt ?? null };
}

export function levelOf(svc: Services, ratio: number): AvailabilityLevel {
  const m = svc.profile.values.monitor;
  const pct = ratio * 100;
  if (pct >= m.availabilityVetoPercent) return "veto";
  if (pct >= m.availabilityWarnPercent) return "warning";
  return "ok";
}

/** Key columns probed beside the homepage: the live top-level news, notice and policy columns. */
const KEY_TYPES = ["工作动态", "政务要闻", "通知公告", "政策文件"];
const KEY_COLUMNS = 3;

/** Minutes between two probe rounds of a site: the profile's minimum per day, at least every 30 minutes. */
export const probeIntervalMinutes = (svc: Services) => Math.min(30, Math.floor(1440 / svc.profile.values.monitor.probesPerDay));

/**
 * One probe round for every running site whose last round is older than the interval (or for the
 * given sites regardless). Each probe is stored; the site's level is then re-evaluated.
 */
export async function runProbes(svc: Services, opts: { siteIds?: string[]; force?: boolean } = {}) {
  const at = now();
  const m = svc.profile.values.monitor;
  const rows = await svc.db.select().from(sites).where(opts.siteIds ? inArray(sites.id, opts.siteIds) : eq(sites.status, "running"));
  let probed = 0;
  let failed = 0;
  for (const site of rows) {
    if (!opts.force && !opts.siteIds) {
      const [last] = await svc.db.select({ at: monitorProbes.at }).from(monitorProbes).where(and(eq(monitorProbes.siteId, site.id), eq(monitorProbes.target, "home"))).orderBy(desc(monitorProbes.at)).limit(1);
      if (last && at.getTime() - last.at.getTime() < (probeIntervalMinutes(svc) - 1) * 60_000) continue;
    }
    const target = siteTarget(svc, site);
    const slugs = await columnSlugPaths(svc.db, site.id);
    const keys = await svc.db
      .select({ id: columns.id })
      .from(columns)
      .where(and(eq(columns.siteId, site.id), isNull(columns.parentId), eq(columns.archived, false), isNull(columns.externalUrl), inArray(columns.columnType, KEY_TYPES)))
      .orderBy(asc(columns.sort))
      .limit(KEY_COLUMNS);
    const targets: Array<{ target: "home" | "column"; columnId: string | null; url: string }> = [{ target: "home", columnId: null, url: target.base }];
    for (const k of keys) {
      const slug = slugs.get(k.id);
      if (slug) targets.push({ target: "column", columnId: k.id, url: new URL(`${slug}/`, target.base).href });
    }
    const results = await Promise.all(targets.map(async (t) => ({ ...t, r: await probe(t.url, { timeoutMs: m.probeTimeoutSeconds * 1000, ...(target.host ? { host: target.host } : {}) }) })));
    await svc.db.insert(monitorProbes).values(results.map((x) => ({ siteId: site.id, target: x.target, columnId: x.columnId, url: x.url, at, ok: x.r.ok, status: x.r.status, durationMs: x.r.durationMs, error: x.r.error.slice(0, 500) })));
    probed += results.length;
    failed += results.filter((x) => !x.r.ok).length;
    await evaluateLevel(svc, site.id, site.name, at);
  }
  return { probed, failed };
}

/** A site at warning or veto level has an open "unavailable" finding with a ticket; back at ok, it is resolved. */
export async function evaluateLevel(svc: Services, siteId: string, siteName: string, at: Date = now()) {
  const s = await availabilitySummary(svc, siteId, at);
  const m = svc.profile.values.monitor;
  const pct = (s.ratio * 100).toFixed(1);
  await svc.db.transaction(async (tx) => {
    if (s.level === "ok") {
      await resolveMissing(tx, siteId, "probe", []);
      return;
    }
    await recordFinding(
      svc,
      tx,
      systemActor("可用性监测"),
      {
        siteId,
        columnId: null,
        source: "probe",
        type: "unavailable",
        severity: s.level === "veto" ? "severe" : "warn",
        rule: "R1.availability",
        fingerprint: `unavailable:${s.level}`,
        url: "",
        detail:
          s.level === "veto"
            ? `${siteName}近 ${m.availabilityWindowDays} 天不可访问比例 ${pct}%，已达到“站点无法访问”单项否决线（${m.availabilityVetoPercent}%）`
            : `${siteName}近 ${m.availabilityWindowDays} 天不可访问比例 ${pct}%，已超过预警线（${m.availabilityWarnPercent}%），距单项否决线 ${m.availabilityVetoPercent}% 不远`,
        data: { probes: s.probes, failures: s.failures, ratio: s.ratio, lastFailureAt: s.lastFailureAt },
      },
      { ticket: true },
    );
    // Only the current level stays open.
    await resolveMissing(tx, siteId, "probe", [`unavailable:${s.level}`]);
  });
  return s;
}

/** Probes of a site for the console: the summary and the latest probes, failures first. */
export async function siteAvailability(svc: Services, actor: Actor, siteId: string) {
  require(actor, "monitor.read", siteId);
  const [site] = await svc.db.select({ id: sites.id, name: sites.name }).from(sites).where(eq(sites.id, siteId));
  if (!site) throw notFound("站点");
  const summary = await availabilitySummary(svc, siteId);
  const recent = await svc.db.select().from(monitorProbes).where(eq(monitorProbes.siteId, siteId)).orderBy(desc(monitorProbes.at)).limit(50);
  const failures = await svc.db.select().from(monitorProbes).where(and(eq(monitorProbes.siteId, siteId), ne(monitorProbes.ok, true))).orderBy(desc(monitorProbes.at)).limit(50);
  const m = svc.profile.values.monitor;
  return {
    site,
    summary,
    rule: { windowDays: m.availabilityWindowDays, warnPercent: m.availabilityWarnPercent, vetoPercent: m.availabilityVetoPercent, probesPerDay: m.probesPerDay, timeoutSeconds: m.probeTimeoutSeconds, intervalMinutes: probeIntervalMinutes(svc) },
    recent,
    failures,
  };
}

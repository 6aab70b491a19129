// Column freshness (栏目更新情况) and the three "栏目不更新" counts plus "首页不更新" of the national
// single-veto indicators (国办秘函〔2019〕19号; standards.md §2.2 and rules R2–R5, R8), computed live
// from the published documents. Every number comes with the columns behind it.
//
// - A column's last update is the first-publication time of the newest live item whose live
//   revision places it in the column (primary or additional column). A parent column also counts
//   the items of its descendants, since its list page shows them.
// - Its category's interval (profile columns.categories) gives the deadline: ok → due soon (the
//   category's dueSoonDays before the deadline) → overdue. Categories without an interval (概况类,
//   专题, 互动) are not checked for updates.
// - Archived columns (已归档) and link-out columns are excluded; interaction columns (pages served
//   by the letters system, judged by 互动回应差) are not counted as blank.
// - The homepage counts as updated when a column shown on it gets a new item (the publisher's
//   homepage slots); a homepage that is only navigation counts every column (R2).
import { and, eq, inArray, isNotNull, notInArray, sql } from "drizzle-orm";
import type { ColumnCategory } from "@govsite/profiles";
import { homeSlotsOf } from "@govsite/publisher";
import { columns, documents, revisions, sites, units } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import type { Services } from "../../services.ts";
import { now as clockNow } from "../../lib/clock.ts";
import { national } from "../publishing/snapshot.ts";

export const DAY_MS = 86_400_000;

import type { FreshLevel, Light } from "@govsite/contracts";

export type { FreshLevel, Light };

export const FRESH_LEVEL_NAMES: Record<FreshLevel, string> = {
  ok: "正常",
  due_soon: "即将到期",
  overdue: "超期未更新",
  blank: "空白栏目",
  unchecked: "不考核更新周期",
};

/** Column types whose pages the interaction system serves; judged by 互动回应差, never blank. */
const INTERACTION_TYPES = new Set(["咨询投诉", "征集调查", "在线访谈", "互动交流", "依法申请公开"]);

export interface ColumnFreshness {
  columnId: string;
  siteId: string;
  name: string;
  /** "政务公开 / 通知公告" */
  path: string;
  topLevel: boolean;
  columnType: string;
  category: string;
  categoryName: string;
  countsAs: ColumnCategory["countsAs"] | "unknown";
  intervalDays: number | null;
  responsibleUnitId: string;
  responsibleUnitName: string;
  lastUpdateAt: string | null;
  lastTitle: string | null;
  /** Whole days since the last update. */
  ageDays: number | null;
  /** Whole days until the interval runs out; negative = days overdue. */
  daysLeft: number | null;
  dueAt: string | null;
  level: FreshLevel;
  /** Counts in the blank-column rule (not interaction, not a parent of other columns). */
  blankCandidate: boolean;
}

export interface RuleCount {
  key: "key_columns" | "should_update" | "blank";
  name: string;
  /** The national veto line (超过（含）N 个). */
  threshold: number;
  count: number;
  light: Light;
  /** Whole days until the count reaches the threshold if nothing is updated; 0 = reached; null = cannot reach it. */
  daysUntilViolation: number | null;
  explanation: string;
  columnIds: string[];
  /** Columns that will go stale first and bring the violation (for the early warning). */
  nextColumnIds: string[];
}

export interface HomepageFreshness {
  lastUpdateAt: string | null;
  lastTitle: string | null;
  ageDays: number | null;
  warnDays: number;
  vetoDays: number;
  daysUntilViolation: number | null;
  light: Light;
  /** The columns whose items appear on the homepage (empty list = navigation-only homepage). */
  columnIds: string[];
  explanation: string;
}

export interface SiteFreshness {
  siteId: string;
  siteName: string;
  siteKind: string;
  columns: ColumnFreshness[];
  homepage: HomepageFreshness;
  rules: { keyColumns: RuleCount; shouldUpdate: RuleCount; blank: RuleCount };
}

export interface LiveItem {
  documentId: string;
  siteId: string;
  title: string;
  publishedAt: Date;
  columnIds: string[];
}

/** Every live item of the sites: published documents (and published ones being re-edited). */
export async function liveItems(db: DbOrTx, siteIds: string[]): Promise<LiveItem[]> {
  if (!siteIds.length) return [];
  const rows = await db
    .select({
      id: documents.id,
      siteId: documents.siteId,
      publishedAt: documents.firstPublishedAt,
      title: sql<string>`${revisions.fields}->>'title'`,
      primary: sql<string | null>`${revisions.fields}->>'primaryColumnId'`,
      others: sql<string[] | null>`${revisions.fields}->'otherColumnIds'`,
    })
    .from(documents)
    .innerJoin(revisions, eq(revisions.id, documents.liveRevisionId))
    .where(and(inArray(documents.siteId, siteIds), isNotNull(documents.liveRevisionId), isNotNull(documents.firstPublishedAt), notInArray(documents.state, ["withdrawn", "removed", "redirected"])));
  return rows.map((r) => ({
    documentId: r.id,
    siteId: r.siteId,
    title: r.title ?? "",
    publishedAt: r.publishedAt!,
    columnIds: [...new Set([r.primary, ...(Array.isArray(r.others) ? r.others : [])].filter((x): x is string => typeof x === "string"))],
  }));
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const daysBetween = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY_MS);

/**
 * The columns of the homepage blocks: the publisher's own rule (homeSlotsOf) on the columns as the
 * snapshot gives them to it (national column type; 通知公告 placed in the notice block), in the
 * publisher's tree order (siblings by sort, then id).
 */
function homepageColumnIds(cols: Array<typeof columns.$inferSelect>): string[] {
  const sorted = [...cols].sort((a, b) => a.sort - b.sort || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ordered: typeof sorted = [];
  const visit = (parentId: string | null) => {
    for (const c of sorted.filter((x) => x.parentId === parentId)) {
      ordered.push(c);
      visit(c.id);
    }
  };
  visit(null);
  const asPublished = ordered.map((c) => ({
    id: c.id,
    name: c.name,
    columnType: national(c.columnType),
    ...(c.externalUrl ? { externalUrl: c.externalUrl } : {}),
    ...(c.columnType === "通知公告" ? { homeSlot: "notice" as const } : {}),
  }));
  return [...homeSlotsOf(asPublished).values()].map((c) => c.id);
}

function lightOf(count: number, threshold: number, warn: boolean): Light {
  if (count >= threshold) return "red";
  return warn ? "yellow" : "green";
}

/**
 * Days until `threshold` of these deadlines have passed (the N-th earliest), 0 when already
 * reached, null when there are fewer candidates than the threshold.
 */
function daysUntilNth(deadlines: Date[], threshold: number, at: Date): number | null {
  const sorted = deadlines.map((d) => d.getTime()).sort((a, b) => a - b);
  const nth = sorted[threshold - 1];
  if (nth === undefined) return null;
  return Math.max(0, Math.floor((nth - at.getTime()) / DAY_MS));
}

/** Freshness of every non-archived column of the given sites (all sites when omitted). */
export async function siteFreshness(svc: Services, siteIds?: string[], at: Date = clockNow()): Promise<SiteFreshness[]> {
  const siteRows = await svc.db
    .select({ id: sites.id, name: sites.name, kind: sites.kind })
    .from(sites)
    .where(siteIds ? inArray(sites.id, siteIds.length ? siteIds : ["00000000-0000-0000-0000-000000000000"]) : undefined)
    .orderBy(sites.code);
  if (!siteRows.length) return [];
  const ids = siteRows.map((s) => s.id);
  const colRows = await svc.db.select().from(columns).where(inArray(columns.siteId, ids));
  const items = await liveItems(svc.db, ids);
  const unitRows = await svc.db.select({ id: units.id, name: units.name }).from(units);
  const unitName = new Map(unitRows.map((u) => [u.id, u.name]));
  return siteRows.map((s) => computeSite(svc, s, colRows.filter((c) => c.siteId === s.id), items.filter((i) => i.siteId === s.id), unitName, at));
}

function computeSite(
  svc: Services,
  site: { id: string; name: string; kind: string },
  allCols: Array<typeof columns.$inferSelect>,
  items: LiveItem[],
  unitName: Map<string, string>,
  at: Date,
): SiteFreshness {
  const conf = svc.profile.values.columns;
  const mon = svc.profile.values.monitor;
  const cats = new Map(conf.categories.map((c) => [c.key, c]));
  const byId = new Map(allCols.map((c) => [c.id, c]));
  // Archived columns drop out together with everything under them.
  const isArchived = (c: (typeof allCols)[number]): boolean => {
    for (let cur: typeof c | undefined = c, i = 0; cur && i < 20; i++) {
      if (cur.archived) return true;
      cur = cur.parentId ? byId.get(cur.parentId) : undefined;
    }
    return false;
  };
  const cols = allCols.filter((c) => !c.externalUrl && !isArchived(c));
  const pathOf = (c: (typeof allCols)[number]) => {
    const parts: string[] = [];
    for (let cur: typeof c | undefined = c, i = 0; cur && i < 20; i++) {
      parts.unshift(cur.name);
      cur = cur.parentId ? byId.get(cur.parentId) : undefined;
    }
    return parts.join(" / ");
  };
  // Newest item per column, then rolled up into ancestors.
  const newest = new Map<string, LiveItem>();
  const offer = (colId: string, it: LiveItem) => {
    const cur = newest.get(colId);
    if (!cur || cur.publishedAt < it.publishedAt) newest.set(colId, it);
  };
  for (const it of items) {
    for (const cid of it.columnIds) {
      for (let cur = byId.get(cid), i = 0; cur && i < 20; i++) {
        offer(cur.id, it);
        cur = cur.parentId ? byId.get(cur.parentId) : undefined;
      }
    }
  }
  const hasChildren = new Set(cols.map((c) => c.parentId).filter((x): x is string => !!x));

  // Tree order (parents first, then by sort), as the column management page shows them.
  const ordered: typeof cols = [];
  const sortedCols = [...cols].sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name, "zh-CN"));
  const visit = (parentId: string | null, depth: number) => {
    if (depth > 20) return;
    for (const c of sortedCols.filter((x) => x.parentId === parentId)) {
      ordered.push(c);
      visit(c.id, depth + 1);
    }
  };
  visit(null, 0);
  // Columns whose parent is not in the list (it is a link-out) still appear, at the end.
  for (const c of sortedCols) if (!ordered.includes(c)) ordered.push(c);

  const out: ColumnFreshness[] = ordered.map((c) => {
    const cat = cats.get(c.category);
    const last = newest.get(c.id);
    const interval = cat?.intervalDays ?? null;
    const dueAt = last && interval !== null ? new Date(last.publishedAt.getTime() + interval * DAY_MS) : null;
    const daysLeft = dueAt ? Math.floor((dueAt.getTime() - at.getTime()) / DAY_MS) : null;
    const blankCandidate = !INTERACTION_TYPES.has(c.columnType) && !hasChildren.has(c.id);
    let level: FreshLevel;
    if (!last) level = blankCandidate ? "blank" : "unchecked";
    else if (!dueAt) level = "unchecked";
    else if (dueAt.getTime() < at.getTime()) level = "overdue";
    else if ((daysLeft ?? 0) <= (cat?.dueSoonDays ?? 0)) level = "due_soon";
    else level = "ok";
    return {
      columnId: c.id,
      siteId: c.siteId,
      name: c.name,
      path: pathOf(c),
      topLevel: !c.parentId,
      columnType: c.columnType,
      category: c.category,
      categoryName: cat?.name ?? c.category,
      countsAs: cat?.countsAs ?? "unknown",
      intervalDays: interval,
      responsibleUnitId: c.responsibleUnitId,
      responsibleUnitName: unitName.get(c.responsibleUnitId) ?? "",
      lastUpdateAt: iso(last?.publishedAt ?? null),
      lastTitle: last?.title ?? null,
      ageDays: last ? daysBetween(last.publishedAt, at) : null,
      daysLeft,
      dueAt: iso(dueAt),
      level,
      blankCandidate,
    };
  });

  const blankAsStale = conf.blankCountsAsStale;
  const deadlineOf = (f: ColumnFreshness) => (f.dueAt ? new Date(f.dueAt) : at);
  // R3: 动态要闻类 (any level) and 一级 通知公告、政策文件类 columns.
  const keyCandidates = out.filter((f) => f.intervalDays !== null && (f.countsAs === "dynamic" || (f.countsAs === "notice_policy" && f.topLevel)) && (f.level !== "blank" || blankAsStale));
  // R4: every column that should be updated on a cycle.
  const shouldCandidates = out.filter((f) => f.intervalDays !== null && f.countsAs !== "static" && (f.level !== "blank" || blankAsStale));
  const staleOf = (list: ColumnFreshness[]) => list.filter((f) => f.level === "overdue" || f.level === "blank");
  const soonOf = (list: ColumnFreshness[]) => list.filter((f) => f.level === "due_soon");
  const nextOf = (list: ColumnFreshness[], threshold: number) =>
    list
      .filter((f) => f.level === "due_soon" || f.level === "ok")
      .sort((a, b) => deadlineOf(a).getTime() - deadlineOf(b).getTime())
      .slice(0, Math.max(0, threshold - staleOf(list).length))
      .map((f) => f.columnId);

  // R3 and R4 count the same way: overdue (or blank) candidates against the veto line.
  const staleRule = (key: "key_columns" | "should_update", name: string, threshold: number, candidates: ColumnFreshness[], explain: (count: number) => string): RuleCount => {
    const stale = staleOf(candidates);
    return {
      key,
      name,
      threshold,
      count: stale.length,
      light: lightOf(stale.length, threshold, stale.length > 0 || stale.length + soonOf(candidates).length >= threshold),
      daysUntilViolation: daysUntilNth(candidates.map(deadlineOf), threshold, at),
      explanation: explain(stale.length),
      columnIds: stale.map((f) => f.columnId),
      nextColumnIds: nextOf(candidates, threshold),
    };
  };
  const keyRule = staleRule(
    "key_columns",
    "动态要闻、通知公告和政策文件类栏目未更新",
    mon.staleKeyColumnsVeto,
    keyCandidates,
    (n) => `动态要闻类栏目超过更新周期、通知公告和政策文件类一级栏目超过更新周期未更新的，累计 ${n} 个；达到 ${mon.staleKeyColumnsVeto} 个即单项否决。`,
  );
  const shouldRule = staleRule("should_update", "应更新但长期未更新的栏目", mon.staleShouldUpdateVeto, shouldCandidates, (n) => `有更新周期的栏目中超过周期未更新的 ${n} 个；达到 ${mon.staleShouldUpdateVeto} 个即单项否决。`);
  const blanks = out.filter((f) => f.level === "blank");
  const blankRule: RuleCount = {
    key: "blank",
    name: "空白栏目",
    threshold: mon.blankColumnsVeto,
    count: blanks.length,
    light: lightOf(blanks.length, mon.blankColumnsVeto, blanks.length >= mon.blankColumnsWarn),
    // A blank column stays blank until someone publishes: the count does not grow by itself.
    daysUntilViolation: blanks.length >= mon.blankColumnsVeto ? 0 : null,
    explanation: `开设以来没有发布过任何信息的栏目 ${blanks.length} 个（已归档、外链和互动类栏目不计）；达到 ${mon.blankColumnsWarn} 个预警，达到 ${mon.blankColumnsVeto} 个即单项否决。`,
    columnIds: blanks.map((f) => f.columnId),
    nextColumnIds: [],
  };

  // R2: the homepage.
  const homeIds = homepageColumnIds(cols);
  const homeCols = homeIds.length ? homeIds : cols.map((c) => c.id);
  let homeLast: LiveItem | undefined;
  for (const id of homeCols) {
    const it = newest.get(id);
    if (it && (!homeLast || homeLast.publishedAt < it.publishedAt)) homeLast = it;
  }
  const homeAge = homeLast ? daysBetween(homeLast.publishedAt, at) : null;
  const homeDue = homeLast ? new Date(homeLast.publishedAt.getTime() + conf.homepageMaxDays * DAY_MS) : null;
  const homeLight: Light = !homeLast || homeDue!.getTime() <= at.getTime() ? "red" : homeAge! >= conf.homepageWarnDays ? "yellow" : "green";
  const homeNames = homeCols.map((id) => byId.get(id)?.name ?? "").filter(Boolean);
  const homepage: HomepageFreshness = {
    lastUpdateAt: iso(homeLast?.publishedAt ?? null),
    lastTitle: homeLast?.title ?? null,
    ageDays: homeAge,
    warnDays: conf.homepageWarnDays,
    vetoDays: conf.homepageMaxDays,
    daysUntilViolation: homeDue ? Math.max(0, Math.floor((homeDue.getTime() - at.getTime()) / DAY_MS)) : 0,
    light: homeLight,
    columnIds: homeIds,
    explanation: homeLast
      ? `首页信息来自${homeIds.length ? `“${homeNames.join("”“")}”栏目` : "全部栏目（首页仅为导航入口）"}，最近一条《${homeLast.title}》发布于 ${homeAge} 天前；${conf.homepageWarnDays} 天未更新预警，${conf.homepageMaxDays} 天未更新即单项否决。`
      : `首页展示的栏目${homeNames.length ? `（“${homeNames.join("”“")}”）` : ""}没有任何已发布信息，按首页不更新计。`,
  };
  return { siteId: site.id, siteName: site.name, siteKind: site.kind, columns: out, homepage, rules: { keyColumns: keyRule, shouldUpdate: shouldRule, blank: blankRule } };
}

// The compliance cockpit (合规驾驶舱), the console's home page: per site the national single-veto
// items simulated live (国办秘函〔2019〕19号: 站点无法访问, 首页不更新, 栏目不更新, 空白栏目,
// 互动回应差, 严重错误) with a traffic light, the days until a violation and the records behind
// every number; per unit the columns and letters it is late with; the signed-in person's to-do
// list; and 30-day trends. Read-only; scoped by the person's sites (roles.ts "site.read").
import { and, desc, eq, gte, inArray, isNull, lt, notInArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import {
  columnRequests,
  deadlines,
  disclosureApplications,
  documents,
  interactionChannels,
  letterAssignments,
  letters,
  monitorFindings,
  passwordResetRequests,
  revisions,
  sites,
  takedowns,
  units,
  users,
} from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { now as clockNow, shanghaiText } from "../../lib/clock.ts";
import { forbidden } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { can, scopeOf, type Actor } from "../accounts/roles.ts";
import { passwordPolicy } from "../accounts/auth.ts";
import { passwordExpiresAt } from "../accounts/passwords.ts";
import { inbox } from "../content/review.ts";
import { interactionScope, letterVisibility } from "../interaction/access.ts";
import { STAGE_NAMES } from "../interaction/stages.ts";
import { DAY_MS, FRESH_LEVEL_NAMES, liveItems, siteFreshness, type ColumnFreshness, type Light, type SiteFreshness } from "./freshness.ts";
import { availabilityOf, ticketCountsOf, type AvailabilitySummary } from "./monitoring-bridge.ts";

import type { ColumnRow, DocumentRow, LetterRow, VetoItem, VetoKey } from "@govsite/contracts";

export type { ColumnRow, DocumentRow, LetterRow, VetoItem, VetoKey };

export const VETO_NAMES: Record<VetoKey, string> = {
  unavailable: "站点无法访问",
  homepage: "首页不更新",
  columns: "栏目不更新",
  blank: "空白栏目",
  interaction: "互动回应差",
  serious: "严重错误",
};

/** Letter kinds that are 政务咨询类 channels for 互动回应差 (找错 has its own platform rules). */
const CONSULT_KINDS = ["mailbox", "consultation", "complaint", "suggestion"];
const FINDING_NAMES: Record<string, string> = {
  unavailable: "无法访问",
  broken_link: "链接不可用",
  hidden_link: "暗链",
  foreign_script: "外部脚本",
  cloaking: "内容伪装",
  tamper: "页面被篡改",
  content: "错敏信息",
};

/** Letters that still wait for an answer. */
const OPEN_LETTER = ["held", "received", "forwarded"];

const query = z.object({
  siteId: z.string().uuid("站点编号格式不正确").optional(),
});

const LIGHT_RANK: Record<Light, number> = { red: 3, yellow: 2, grey: 1, green: 0 };
const worst = (ls: Light[]): Light => ls.reduce<Light>((a, b) => (LIGHT_RANK[b] > LIGHT_RANK[a] ? b : a), "green");
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

function columnRow(f: ColumnFreshness): ColumnRow {
  return {
    columnId: f.columnId,
    path: f.path,
    categoryName: f.categoryName,
    intervalDays: f.intervalDays,
    responsibleUnitName: f.responsibleUnitName,
    lastUpdateAt: f.lastUpdateAt,
    lastTitle: f.lastTitle,
    ageDays: f.ageDays,
    daysLeft: f.daysLeft,
    level: f.level,
    levelName: FRESH_LEVEL_NAMES[f.level],
  };
}

/** The sites the actor may see in the cockpit (running or planned sites, not closed ones). */
async function scopedSites(svc: Services, actor: Actor) {
  const scope = scopeOf(actor, "site.read");
  if (!scope.all && !scope.siteIds.length) return [];
  return svc.db
    .select({ id: sites.id, name: sites.name, kind: sites.kind, parentSiteId: sites.parentSiteId })
    .from(sites)
    .where(and(notInArray(sites.status, ["closed", "archived"]), scope.all ? undefined : inArray(sites.id, scope.siteIds)))
    .orderBy(sites.code);
}

/** Open letters of consultation channels with their open deadlines, for 互动回应差 and 逾期留言. */
async function openLetters(svc: Services, siteIds: string[], at: Date) {
  if (!siteIds.length) return [];
  const since = new Date(at.getTime() - 365 * DAY_MS);
  const rows = await svc.db
    .select({ l: letters, channel: interactionChannels.name })
    .from(letters)
    .innerJoin(interactionChannels, eq(interactionChannels.id, letters.channelId))
    .where(and(inArray(letters.siteId, siteIds), inArray(letters.status, OPEN_LETTER), isNull(letters.repliedAt), gte(letters.receivedAt, since)))
    .orderBy(letters.receivedAt);
  const ids = rows.map((r) => r.l.id);
  const dls = ids.length
    ? await svc.db
        .select()
        .from(deadlines)
        .where(and(eq(deadlines.subjectType, "letter"), inArray(deadlines.subjectId, ids), isNull(deadlines.closedAt)))
    : [];
  const asg = ids.length
    ? await svc.db
        .select({ letterId: letterAssignments.letterId, unitId: letterAssignments.unitId, unitName: units.name, status: letterAssignments.status })
        .from(letterAssignments)
        .innerJoin(units, eq(units.id, letterAssignments.unitId))
        .where(and(inArray(letterAssignments.letterId, ids), inArray(letterAssignments.status, ["handling", "in_review", "approved"])))
    : [];
  return rows.map((r) => {
    const overdue = dls.filter((d) => d.subjectId === r.l.id && d.dueAt && d.dueAt < at).sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime())[0];
    return {
      letter: r.l,
      channel: r.channel,
      ageDays: Math.floor((at.getTime() - r.l.receivedAt.getTime()) / DAY_MS),
      overdue: overdue ? { stage: STAGE_NAMES[overdue.stage] ?? overdue.stage, dueAt: overdue.dueAt! } : null,
      units: asg.filter((a) => a.letterId === r.l.id),
    };
  });
}
type OpenLetter = Awaited<ReturnType<typeof openLetters>>[number];

const LETTER_STATUS_NAMES: Record<string, string> = { held: "待审核", received: "待受理", forwarded: "办理中" };

function letterRow(o: OpenLetter, visible: Set<string>): LetterRow {
  return {
    letterId: o.letter.id,
    caseNo: o.letter.caseNo,
    // Letters handled by other units show their case number only.
    title: visible.has(o.letter.id) ? o.letter.title : "（其他单位办理的留言）",
    channel: o.channel,
    receivedAt: o.letter.receivedAt.toISOString(),
    ageDays: o.ageDays,
    statusName: LETTER_STATUS_NAMES[o.letter.status] ?? o.letter.status,
    overdueStage: o.overdue?.stage ?? null,
    dueAt: iso(o.overdue?.dueAt),
    units: o.units.map((u) => u.unitName),
  };
}

/** Live documents whose published revision carries a blocking finding, and open takedown orders. */
async function seriousDocuments(svc: Services, siteIds: string[]) {
  if (!siteIds.length) return [];
  const flagged = await svc.db
    .select({ id: documents.id, siteId: documents.siteId, title: sql<string>`${revisions.fields}->>'title'`, findings: revisions.findings })
    .from(documents)
    .innerJoin(revisions, eq(revisions.id, documents.liveRevisionId))
    .where(
      and(
        inArray(documents.siteId, siteIds),
        notInArray(documents.state, ["withdrawn", "removed", "redirected"]),
        sql`exists (select 1 from jsonb_array_elements(${revisions.findings}) f where f->>'severity' = 'block')`,
      ),
    );
  const out: Array<{ siteId: string; row: DocumentRow }> = flagged.map((d) => {
    const f = (d.findings as Array<{ severity?: string; message?: string; text?: string }>).find((x) => x.severity === "block");
    return { siteId: d.siteId, row: { documentId: d.id, title: d.title ?? "", reason: `已发布版本含严重问题：${f?.message ?? f?.text ?? "错敏信息"}` } };
  });
  const tks = await svc.db
    .select({ documentId: takedowns.documentId, reason: takedowns.reason, status: takedowns.status, siteId: documents.siteId, title: sql<string>`${revisions.fields}->>'title'` })
    .from(takedowns)
    .innerJoin(documents, eq(documents.id, takedowns.documentId))
    .leftJoin(revisions, eq(revisions.id, documents.liveRevisionId))
    .where(and(inArray(documents.siteId, siteIds), inArray(takedowns.status, ["open", "escalated"])));
  for (const t of tks) {
    if (out.some((o) => o.row.documentId === t.documentId)) continue;
    out.push({ siteId: t.siteId, row: { documentId: t.documentId, title: t.title ?? "", reason: `监管员要求紧急撤稿${t.status === "escalated" ? "（已超时升级）" : ""}：${t.reason}` } });
  }
  // Severe problems the monitoring scans found on the served pages (tampering, hidden links, …).
  const found = await svc.db
    .select({ siteId: monitorFindings.siteId, type: monitorFindings.type, detail: monitorFindings.detail, url: monitorFindings.url })
    .from(monitorFindings)
    .where(and(inArray(monitorFindings.siteId, siteIds), eq(monitorFindings.status, "open"), eq(monitorFindings.severity, "severe")))
    .orderBy(desc(monitorFindings.lastSeenAt));
  for (const f of found) out.push({ siteId: f.siteId, row: { documentId: null, title: f.detail, reason: `网站监测发现（${FINDING_NAMES[f.type] ?? f.type}）`, url: f.url } });
  return out;
}

function vetoItems(
  svc: Services,
  f: SiteFreshness,
  avail: AvailabilitySummary | null,
  letterInfo: { hasChannel: boolean; open: OpenLetter[] },
  serious: DocumentRow[],
  visible: Set<string>,
): VetoItem[] {
  const mon = svc.profile.values.monitor;
  const byId = new Map(f.columns.map((c) => [c.columnId, c]));
  const rows = (ids: string[]) => ids.map((id) => byId.get(id)).filter((c): c is ColumnFreshness => !!c).map(columnRow);
  const items: VetoItem[] = [];

  // 站点无法访问 (R1)
  if (!avail) {
    items.push({ key: "unavailable", name: VETO_NAMES.unavailable, light: "grey", figure: "暂无监测数据", daysUntilViolation: null, explanation: ["尚未取得本站点的可访问性监测记录，暂无法判断。"] });
  } else {
    const pct = Math.round(avail.ratio * 1000) / 10;
    items.push({
      key: "unavailable",
      name: VETO_NAMES.unavailable,
      light: avail.level === "veto" ? "red" : avail.level === "warning" ? "yellow" : "green",
      figure: `${pct}%`,
      daysUntilViolation: avail.level === "veto" ? 0 : null,
      explanation: [
        `近 ${mon.availabilityWindowDays} 天监测 ${avail.probes} 次，${mon.probeTimeoutSeconds} 秒内打不开 ${avail.failures} 次，占 ${pct}%。`,
        `达到 ${mon.availabilityWarnPercent}% 预警，达到 ${mon.availabilityVetoPercent}% 即单项否决。`,
        ...(avail.lastFailureAt ? [`最近一次打不开：${shanghaiText(new Date(avail.lastFailureAt))}。`] : []),
      ],
    });
  }

  // 首页不更新 (R2)
  const h = f.homepage;
  items.push({
    key: "homepage",
    name: VETO_NAMES.homepage,
    light: h.light,
    figure: h.ageDays === null ? "无信息" : `${h.ageDays} 天未更新`,
    daysUntilViolation: h.daysUntilViolation,
    explanation: [h.explanation],
    columns: rows(h.columnIds),
  });

  // 栏目不更新 (R3, R4)
  const k = f.rules.keyColumns;
  const s = f.rules.shouldUpdate;
  const days = [k.daysUntilViolation, s.daysUntilViolation].filter((d): d is number => d !== null);
  const staleIds = [...new Set([...k.columnIds, ...s.columnIds])];
  items.push({
    key: "columns",
    name: VETO_NAMES.columns,
    light: worst([k.light, s.light]),
    figure: `${k.count} / ${k.threshold} 个；${s.count} / ${s.threshold} 个`,
    daysUntilViolation: days.length ? Math.min(...days) : null,
    explanation: [
      k.explanation,
      s.explanation,
      ...(k.daysUntilViolation !== null && k.count < k.threshold ? [`如不更新，${k.daysUntilViolation} 天后动态要闻、通知公告和政策文件类未更新栏目将达到 ${k.threshold} 个。`] : []),
      ...(s.daysUntilViolation !== null && s.count < s.threshold ? [`如不更新，${s.daysUntilViolation} 天后应更新未更新栏目将达到 ${s.threshold} 个。`] : []),
    ],
    columns: rows(staleIds),
    nextColumns: rows([...new Set([...k.nextColumnIds, ...s.nextColumnIds])]),
  });

  // 空白栏目 (R5)
  const b = f.rules.blank;
  items.push({ key: "blank", name: VETO_NAMES.blank, light: b.light, figure: `${b.count} / ${b.threshold} 个`, daysUntilViolation: b.daysUntilViolation, explanation: [b.explanation], columns: rows(b.columnIds) });

  // 互动回应差 (R6)
  const vetoDays = svc.profile.values.interaction.unansweredVetoDays;
  const open = letterInfo.open;
  const late = open.filter((o) => o.ageDays > vetoDays);
  const oldest = open[0];
  const overdueOnDeadline = open.filter((o) => o.overdue);
  let light: Light = "green";
  if (!letterInfo.hasChannel || late.length) light = "red";
  else if (overdueOnDeadline.length) light = "yellow";
  items.push({
    key: "interaction",
    name: VETO_NAMES.interaction,
    light,
    figure: letterInfo.hasChannel ? `${open.length} 件未答复` : "无咨询渠道",
    daysUntilViolation: !letterInfo.hasChannel || late.length ? 0 : oldest ? Math.max(0, vetoDays + 1 - oldest.ageDays) : null,
    explanation: [
      letterInfo.hasChannel ? "已开设网上咨询建言渠道。" : "本站点及上级门户均未开设领导信箱、咨询、投诉或建议渠道，属于“未提供网上有效咨询建言渠道”。",
      `近一年收到、尚未答复的咨询类留言 ${open.length} 件${oldest ? `，最早一件已等待 ${oldest.ageDays} 天` : ""}；超过 ${vetoDays} 天未回应即单项否决${late.length ? `，现有 ${late.length} 件已超过` : ""}。`,
      ...(overdueOnDeadline.length ? [`其中 ${overdueOnDeadline.length} 件已超过办理时限。`] : []),
    ],
    letters: open.map((o) => letterRow(o, visible)),
  });

  // 严重错误
  items.push({
    key: "serious",
    name: VETO_NAMES.serious,
    light: serious.length ? "red" : "green",
    figure: `${serious.length} 条`,
    daysUntilViolation: serious.length ? 0 : null,
    explanation: [
      serious.length
        ? `在线信息中有 ${serious.length} 条含严重表述错误、涉密或其他必须立即处置的问题（含监管员要求紧急撤稿的信息）。`
        : "在线信息的已发布版本未检出严重错误，也没有待处置的紧急撤稿。",
    ],
    documents: serious,
  });
  return items;
}

/** Shanghai calendar days, oldest first, ending today. */
function lastDays(at: Date, n: number): string[] {
  const today = shanghaiText(at).slice(0, 10);
  const base = Date.parse(`${today}T00:00:00+08:00`);
  return Array.from({ length: n }, (_, i) => shanghaiText(new Date(base - (n - 1 - i) * DAY_MS)).slice(0, 10));
}
const endOfDay = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`) + DAY_MS);

export async function cockpit(svc: Services, actor: Actor, raw: unknown = {}) {
  const q = parse(query, raw);
  const at = clockNow();
  const allSites = await scopedSites(svc, actor);
  if (q.siteId && !allSites.some((s) => s.id === q.siteId)) throw forbidden("您无权查看该站点的合规情况，或该站点已关闭。");
  const siteIds = allSites.map((s) => s.id);

  const fresh = await siteFreshness(svc, siteIds, at);
  const opens = await openLetters(svc, siteIds, at);
  const iscope = await interactionScope(svc.db, actor);
  const visCond = letterVisibility(iscope);
  const visibleRows = opens.length ? await svc.db.select({ id: letters.id }).from(letters).where(and(inArray(letters.id, opens.map((o) => o.letter.id)), visCond)) : [];
  const visible = new Set(visibleRows.map((r) => r.id));
  const chans = siteIds.length
    ? await svc.db
        .select({ siteId: interactionChannels.siteId })
        .from(interactionChannels)
        .where(and(eq(interactionChannels.enabled, true), inArray(interactionChannels.kind, CONSULT_KINDS)))
    : [];
  const withChannel = new Set(chans.map((c) => c.siteId));
  const portals = (await svc.db.select({ id: sites.id }).from(sites).where(eq(sites.kind, "portal"))).map((p) => p.id);
  const serious = await seriousDocuments(svc, siteIds);

  const siteOut = [];
  for (const s of allSites) {
    const f = fresh.find((x) => x.siteId === s.id)!;
    // On an intensive platform a sub-site may rely on the portal's unified interaction platform.
    const hasChannel = withChannel.has(s.id) || (!!s.parentSiteId && withChannel.has(s.parentSiteId)) || (s.kind !== "portal" && portals.some((p) => withChannel.has(p)));
    const avail = await availabilityOf(svc, s.id, at);
    const items = vetoItems(svc, f, avail, { hasChannel, open: opens.filter((o) => o.letter.siteId === s.id) }, serious.filter((x) => x.siteId === s.id).map((x) => x.row), visible);
    const daysList = items.map((i) => i.daysUntilViolation).filter((d): d is number => d !== null);
    siteOut.push({
      siteId: s.id,
      name: s.name,
      kind: s.kind,
      light: worst(items.map((i) => i.light).filter((l) => l !== "grey")),
      daysUntilViolation: daysList.length ? Math.min(...daysList) : null,
      items,
      columnCounts: {
        total: f.columns.length,
        ok: f.columns.filter((c) => c.level === "ok").length,
        dueSoon: f.columns.filter((c) => c.level === "due_soon").length,
        overdue: f.columns.filter((c) => c.level === "overdue").length,
        blank: f.columns.filter((c) => c.level === "blank").length,
        unchecked: f.columns.filter((c) => c.level === "unchecked").length,
      },
      freshness: f.columns.map(columnRow),
      tickets: await ticketCountsOf(svc, { siteId: s.id }),
    });
  }

  // Per unit: the columns it answers for and the letters it holds, within the visible sites.
  const unitMap = new Map<string, { unitId: string; name: string; columns: number; overdue: ColumnRow[]; dueSoon: ColumnRow[]; blank: ColumnRow[]; overdueLetters: number }>();
  const unitOf = (id: string, name: string) => {
    let u = unitMap.get(id);
    if (!u) unitMap.set(id, (u = { unitId: id, name, columns: 0, overdue: [], dueSoon: [], blank: [], overdueLetters: 0 }));
    return u;
  };
  for (const f of fresh)
    for (const c of f.columns) {
      const u = unitOf(c.responsibleUnitId, c.responsibleUnitName);
      u.columns++;
      if (c.level === "overdue") u.overdue.push(columnRow(c));
      if (c.level === "due_soon") u.dueSoon.push(columnRow(c));
      if (c.level === "blank") u.blank.push(columnRow(c));
    }
  for (const o of opens) if (o.overdue) for (const a of o.units.filter((x) => x.status !== "approved")) unitOf(a.unitId, a.unitName).overdueLetters++;
  const unitOut = [];
  for (const u of unitMap.values()) {
    const light: Light = u.overdue.length || u.blank.length || u.overdueLetters ? "red" : u.dueSoon.length ? "yellow" : "green";
    unitOut.push({ ...u, light, tickets: await ticketCountsOf(svc, { unitId: u.unitId }) });
  }
  unitOut.sort((a, b) => LIGHT_RANK[b.light] - LIGHT_RANK[a.light] || b.overdue.length + b.blank.length + b.overdueLetters - (a.overdue.length + a.blank.length + a.overdueLetters) || a.name.localeCompare(b.name, "zh-CN"));

  const overdueLetters = opens.filter((o) => o.overdue).map((o) => letterRow(o, visible));
  const ticketTotal = siteOut.reduce((acc, s) => ({ open: acc.open + s.tickets.open, answered: acc.answered + s.tickets.answered, overdue: acc.overdue + s.tickets.overdue }), { open: 0, answered: 0, overdue: 0 });

  return {
    generatedAt: at.toISOString(),
    sites: siteOut,
    units: unitOut,
    overdueLetters,
    tickets: ticketTotal,
    todo: await todoFor(svc, actor, at),
    trends: await trends(svc, q.siteId ? [q.siteId] : siteIds, at),
  };
}

export interface TodoItem {
  key: string;
  title: string;
  count: number;
  urgent: boolean;
  detail: string;
  link: string | null;
}

/** Today's to-do list of the signed-in person, from the modules that hold the work. */
export async function todoFor(svc: Services, actor: Actor, at: Date = clockNow()): Promise<TodoItem[]> {
  const out: TodoItem[] = [];
  const n = sql<number>`count(*)::int`;

  if (actor.assignments.some((a) => ["proofreader", "reviewer", "supervisor"].includes(a.role))) {
    const box = await inbox(svc, actor);
    if (box.length) {
      const late = box.filter((b) => b.overdue).length;
      out.push({ key: "reviews", title: "待我审校的稿件", count: box.length, urgent: late > 0, detail: late ? `其中 ${late} 件已超过审核时限` : `最早一件：${box[0]!.title}`, link: "/reviews" });
    }
  }

  const iscope = await interactionScope(svc.db, actor);
  if (iscope.intakeSiteIds.length) {
    const [r] = await svc.db.select({ n }).from(letters).where(and(inArray(letters.siteId, iscope.intakeSiteIds), inArray(letters.status, ["held", "received"])));
    if (r && r.n) out.push({ key: "letters_intake", title: "待受理、待审核的留言", count: r.n, urgent: false, detail: "本站点运维中心受理并转办", link: "/interaction/letters" });
  }
  const mine = await svc.db
    .select({ letterId: letterAssignments.letterId, status: letterAssignments.status })
    .from(letterAssignments)
    .where(and(eq(letterAssignments.unitId, actor.unitId), inArray(letterAssignments.status, ["handling", "in_review"])));
  if (mine.length) {
    const ids = mine.map((m) => m.letterId);
    const late = await svc.db
      .select({ n })
      .from(deadlines)
      .where(and(eq(deadlines.subjectType, "letter"), inArray(deadlines.subjectId, ids), isNull(deadlines.closedAt), lt(deadlines.dueAt, at)));
    const lateN = late[0]?.n ?? 0;
    out.push({ key: "letters_mine", title: "本单位办理中的留言", count: mine.length, urgent: lateN > 0, detail: `${mine.filter((m) => m.status === "in_review").length} 件答复待领导审定${lateN ? `，${lateN} 件已逾期` : ""}`, link: "/interaction/letters" });
  }

  const apps = await svc.db
    .select({ id: disclosureApplications.id })
    .from(disclosureApplications)
    .where(and(eq(disclosureApplications.unitId, actor.unitId), notInArray(disclosureApplications.status, ["answered", "closed"])));
  if (apps.length && actor.assignments.some((a) => a.role !== "auditor" && a.role !== "system_admin")) {
    const late = await svc.db
      .select({ n })
      .from(deadlines)
      .where(and(eq(deadlines.subjectType, "disclosure"), inArray(deadlines.subjectId, apps.map((a) => a.id)), isNull(deadlines.closedAt), lt(deadlines.dueAt, at)));
    const lateN = late[0]?.n ?? 0;
    out.push({ key: "disclosure", title: "本单位办理中的政府信息公开申请", count: apps.length, urgent: lateN > 0, detail: lateN ? `${lateN} 件已超过法定期限` : "按法定期限答复", link: "/disclosure" });
  }

  const tickets = await ticketCountsOf(svc, { unitId: actor.unitId });
  if (tickets.open) out.push({ key: "tickets", title: "本单位待整改工单", count: tickets.open, urgent: tickets.overdue > 0, detail: tickets.overdue ? `${tickets.overdue} 件已超过整改时限` : "按时限整改并反馈", link: "/tickets" });
  if (actor.assignments.some((a) => a.role === "supervisor")) {
    const all = await ticketCountsOf(svc, {});
    if (all.answered) out.push({ key: "tickets_verify", title: "待核验的整改工单", count: all.answered, urgent: false, detail: "各单位已反馈整改情况，请核验或退回", link: "/tickets" });
  }

  const tds = await svc.db
    .select({ n })
    .from(takedowns)
    .innerJoin(documents, eq(documents.id, takedowns.documentId))
    .where(and(eq(documents.ownerUnitId, actor.unitId), inArray(takedowns.status, ["open", "escalated"])));
  if ((tds[0]?.n ?? 0) > 0 && actor.assignments.some((a) => ["editor", "reviewer", "site_admin"].includes(a.role))) {
    out.push({ key: "takedowns", title: "监管员要求紧急撤下的信息", count: tds[0]!.n, urgent: true, detail: "请在时限内撤下并说明情况", link: "/content" });
  }

  if (can(actor, "column.decide")) {
    const [r] = await svc.db.select({ n }).from(columnRequests).where(eq(columnRequests.status, "pending"));
    if (r && r.n) out.push({ key: "column_requests", title: "待审批的栏目调整申请", count: r.n, urgent: false, detail: "各单位提交的栏目新增、调整、归档", link: "/columns?tab=requests" });
  }
  if (can(actor, "password_reset.approve")) {
    const [r] = await svc.db.select({ n }).from(passwordResetRequests).where(eq(passwordResetRequests.status, "pending"));
    if (r && r.n) out.push({ key: "password_resets", title: "待审批的密码重置申请", count: r.n, urgent: false, detail: "核对书面申请后审批", link: "/password-resets" });
  }

  const [u] = await svc.db.select({ changedAt: users.passwordChangedAt }).from(users).where(eq(users.id, actor.userId));
  if (u) {
    const policy = passwordPolicy(svc);
    const exp = passwordExpiresAt(policy, u.changedAt);
    const left = Math.floor((exp.getTime() - at.getTime()) / DAY_MS);
    if (left <= svc.profile.values.password.expiryReminderDays) {
      out.push({ key: "password", title: left < 0 ? "登录密码已过期" : "登录密码即将到期", count: 1, urgent: left < 3, detail: left < 0 ? "请立即修改密码" : `${shanghaiText(exp).slice(0, 10)} 到期，还有 ${left} 天`, link: "/account" });
    }
  }
  return out;
}

/** Daily series for the last 30 days: new items, letters past their deadline, availability. */
export async function trends(svc: Services, siteIds: string[], at: Date) {
  const days = lastDays(at, 30);
  const updates = days.map(() => 0);
  const overdue = days.map(() => 0);
  const availability: Array<number | null> = days.map(() => null);
  if (!siteIds.length) return { days, updates, overdueLetters: overdue, availability };
  const from = new Date(Date.parse(`${days[0]}T00:00:00+08:00`));
  const index = new Map(days.map((d, i) => [d, i]));
  for (const it of await liveItems(svc.db, siteIds)) {
    if (it.publishedAt < from || it.publishedAt > at) continue;
    const i = index.get(shanghaiText(it.publishedAt).slice(0, 10));
    if (i !== undefined) updates[i]!++;
  }
  // A letter is overdue on a day when one of its deadlines had passed by the day's end and was
  // not yet closed then.
  const dls = await svc.db
    .select({ subjectId: deadlines.subjectId, dueAt: deadlines.dueAt, closedAt: deadlines.closedAt })
    .from(deadlines)
    .innerJoin(letters, sql`${letters.id}::text = ${deadlines.subjectId}`)
    .where(and(eq(deadlines.subjectType, "letter"), inArray(letters.siteId, siteIds), lt(deadlines.dueAt, at), or(isNull(deadlines.closedAt), gte(deadlines.closedAt, from))));
  days.forEach((d, i) => {
    const end = d === days[days.length - 1] ? at : endOfDay(d);
    overdue[i] = new Set(dls.filter((x) => x.dueAt! < end && (!x.closedAt || x.closedAt > end)).map((x) => x.subjectId)).size;
  });
  // Availability: the rolling failure ratio at each day's end, when monitoring has data (one site).
  if (siteIds.length === 1) {
    for (let i = 0; i < days.length; i++) {
      const end = i === days.length - 1 ? at : endOfDay(days[i]!);
      const s = await availabilityOf(svc, siteIds[0]!, end);
      availability[i] = s ? Math.round(s.ratio * 1000) / 10 : null;
    }
  }
  return { days, updates, overdueLetters: overdue, availability };
}

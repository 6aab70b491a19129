// 整改工单 (rectification tickets): a finding, or a problem a 监管员 or duty officer enters by hand,
// assigned to the responsible unit and person (column ownership), with a deadline by severity from
// the profile (severe: hours on the clock; others: working days on the calendar). The unit answers
// what it did; the 监管员 verifies (closes) or reopens; overdue tickets escalate to supervisors.
import { and, count, eq, inArray, isNull, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { columns, deadlines, monitorFindings, rectificationTickets, sites, ticketEvents, units, users } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import type { Services } from "../../services.ts";
import { now, shanghaiText } from "../../lib/clock.ts";
import { AppError, forbidden, notFound } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { recordAudit, systemActor, type AuditActor } from "../audit/record.ts";
import { auditActorOf, canAnswerTicket, canSeeTicket, require, ticketScope, type Actor } from "../accounts/roles.ts";
import { closeDeadline, loadCalendar, openDeadline } from "../calendar/calendar.ts";
import { activePeopleWithRoles, notify } from "../notifications/notify.ts";

export type Severity = "severe" | "warn" | "info";
export const SEVERITY_NAME: Record<Severity, string> = { severe: "严重", warn: "一般", info: "提示" };
export const STATUS_NAME: Record<string, string> = { open: "待整改", answered: "待核验", closed: "已办结" };

type Ticket = typeof rectificationTickets.$inferSelect;

/** The deadline of a ticket opened at `from`: hours for severe problems, working days otherwise. */
export async function ticketDue(svc: Services, tx: DbOrTx, ticketId: string, severity: Severity, from: Date): Promise<{ dueAt: Date; deadlineId: string | null }> {
  const m = svc.profile.values.monitor;
  if (severity === "severe") return { dueAt: new Date(from.getTime() + m.ticketSevereHours * 3_600_000), deadlineId: null };
  const workdays = severity === "warn" ? m.ticketWarnWorkdays : m.ticketInfoWorkdays;
  // The calendar is read through the transaction (one connection on PGlite).
  const d = await openDeadline(tx, await loadCalendar(tx), { subjectType: "ticket", subjectId: ticketId, stage: "rectify", startAt: from, workdays });
  if (!d.dueAt) throw new AppError("INTERNAL");
  return { dueAt: d.dueAt, deadlineId: d.id };
}

async function nextNumber(tx: DbOrTx, at: Date): Promise<string> {
  const day = shanghaiText(at).slice(0, 10).replace(/-/g, "");
  const prefix = `ZG${day}-`;
  const [row] = await tx.select({ n: count() }).from(rectificationTickets).where(sql`${rectificationTickets.number} like ${prefix + "%"}`);
  return `${prefix}${String((row?.n ?? 0) + 1).padStart(4, "0")}`;
}

/** Who answers for a problem on a site: the column's responsible unit and person, else the site's owner unit. */
export async function responsibleFor(tx: DbOrTx, siteId: string, columnId: string | null): Promise<{ unitId: string; assigneeId: string | null; columnId: string | null }> {
  if (columnId) {
    const [c] = await tx.select({ unitId: columns.responsibleUnitId, userId: columns.responsibleUserId, siteId: columns.siteId }).from(columns).where(eq(columns.id, columnId));
    if (c && c.siteId === siteId) return { unitId: c.unitId, assigneeId: c.userId, columnId };
  }
  const [s] = await tx.select({ ownerUnitId: sites.ownerUnitId }).from(sites).where(eq(sites.id, siteId));
  if (!s) throw notFound("站点");
  return { unitId: s.ownerUnitId, assigneeId: null, columnId: null };
}

async function event(tx: DbOrTx, ticketId: string, kind: string, actor: AuditActor, note = "") {
  await tx.insert(ticketEvents).values({ ticketId, at: now(), kind, actorId: actor.id, actorName: actor.name, note });
}

/** In-console notices to the person the ticket is assigned to, or else to the unit's site administrators. */
async function notifyUnit(tx: DbOrTx, t: Ticket, n: { kind: string; title: string; body: string }) {
  const people = t.assigneeId ? [t.assigneeId] : await activePeopleWithRoles(tx, ["site_admin"], { unitId: t.unitId });
  await notify(tx, people, { ...n, link: `/tickets/${t.id}` });
}

async function notifySupervisors(tx: DbOrTx, t: Ticket, n: { kind: string; title: string; body: string }) {
  await notify(tx, await activePeopleWithRoles(tx, ["supervisor"]), { ...n, link: `/tickets/${t.id}` });
}

export interface NewTicket {
  siteId: string;
  columnId: string | null;
  findingId: string | null;
  origin: "finding" | "manual";
  title: string;
  detail: string;
  url: string;
  severity: Severity;
  /** Overrides column ownership (a hand-made ticket may name the unit). */
  unitId?: string;
  assigneeId?: string | null;
}

/** Inserts a ticket with its deadline, history, notice and audit event (inside the caller's transaction). */
export async function insertTicket(svc: Services, tx: DbOrTx, actor: AuditActor, spec: NewTicket): Promise<Ticket> {
  const at = now();
  const resp = await responsibleFor(tx, spec.siteId, spec.columnId);
  const unitId = spec.unitId ?? resp.unitId;
  const assigneeId = spec.unitId && spec.unitId !== resp.unitId ? (spec.assigneeId ?? null) : spec.assigneeId !== undefined ? spec.assigneeId : resp.assigneeId;
  const id = crypto.randomUUID();
  const due = await ticketDue(svc, tx, id, spec.severity, at);
  const [t] = await tx
    .insert(rectificationTickets)
    .values({
      id,
      number: await nextNumber(tx, at),
      siteId: spec.siteId,
      columnId: resp.columnId,
      unitId,
      assigneeId,
      findingId: spec.findingId,
      origin: spec.origin,
      title: spec.title,
      detail: spec.detail,
      url: spec.url,
      severity: spec.severity,
      status: "open",
      dueAt: due.dueAt,
      deadlineId: due.deadlineId,
      createdBy: actor.id,
      createdByName: actor.name,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await event(tx, id, "create", actor, `整改时限：${shanghaiText(due.dueAt).slice(0, 16)}`);
  if (spec.findingId) await tx.update(monitorFindings).set({ ticketId: id }).where(eq(monitorFindings.id, spec.findingId));
  await notifyUnit(tx, t!, {
    kind: "ticket_assigned",
    title: `整改工单 ${t!.number}：${SEVERITY_NAME[spec.severity]}问题，请于 ${shanghaiText(due.dueAt).slice(0, 16)} 前整改`,
    body: spec.title,
  });
  await recordAudit(tx, actor, {
    action: "ticket.create",
    targetType: "ticket",
    targetId: id,
    summary: `生成整改工单 ${t!.number}（${SEVERITY_NAME[spec.severity]}）：${spec.title}；整改时限 ${shanghaiText(due.dueAt).slice(0, 16)}`,
    after: { siteId: spec.siteId, unitId, assigneeId, severity: spec.severity, dueAt: due.dueAt, findingId: spec.findingId },
  });
  return t!;
}

/**
 * The ticket for a finding: its existing ticket while that is not closed (a recurring problem adds
 * to it), otherwise a new one.
 */
export async function ticketForFinding(svc: Services, tx: DbOrTx, actor: AuditActor, findingId: string): Promise<{ ticket: Ticket; created: boolean }> {
  const [f] = await tx.select().from(monitorFindings).where(eq(monitorFindings.id, findingId));
  if (!f) throw notFound("监测发现的问题");
  if (f.ticketId) {
    const [existing] = await tx.select().from(rectificationTickets).where(eq(rectificationTickets.id, f.ticketId));
    if (existing && existing.status !== "closed") return { ticket: existing, created: false };
  }
  const ticket = await insertTicket(svc, tx, actor, {
    siteId: f.siteId,
    columnId: f.columnId,
    findingId: f.id,
    origin: "finding",
    title: f.detail,
    detail: findingDetail(f),
    url: f.url,
    severity: f.severity as Severity,
  });
  return { ticket, created: true };
}

function findingDetail(f: typeof monitorFindings.$inferSelect): string {
  const pages = (f.data.pages as Array<{ url: string; text?: string }> | undefined) ?? [];
  const lines = [f.url ? `对象：${f.url}` : "", pages.length ? `所在页面：${pages.map((p) => p.url).join("、")}` : "", f.rule ? `规则：${f.rule}` : ""];
  return lines.filter(Boolean).join("\n");
}

/** A finding seen again: counted on its open ticket, with a notice to the unit. */
export async function recurOnTicket(tx: DbOrTx, ticketId: string, actor: AuditActor, note: string) {
  const [t] = await tx
    .update(rectificationTickets)
    .set({ recurrences: sql`${rectificationTickets.recurrences} + 1`, lastRecurredAt: now(), updatedAt: now() })
    .where(and(eq(rectificationTickets.id, ticketId), ne(rectificationTickets.status, "closed")))
    .returning();
  if (!t) return null;
  await event(tx, ticketId, "recur", actor, note);
  return t;
}

// ------------------------------------------------------------------ operations for people

const manualSchema = z.object({
  siteId: z.uuid("请选择站点"),
  columnId: z.uuid("栏目选择有误").nullish(),
  unitId: z.uuid("责任单位选择有误").nullish(),
  assigneeId: z.uuid("责任人选择有误").nullish(),
  title: z.string().trim().min(4, "问题概述至少 4 个字").max(200, "问题概述不超过 200 个字"),
  detail: z.string().trim().max(5000, "问题说明不超过 5000 个字").default(""),
  url: z
    .string()
    .trim()
    .max(2000)
    .refine((u) => u === "" || /^https?:\/\//.test(u), "网址须以 http:// 或 https:// 开头")
    .default(""),
  severity: z.enum(["severe", "warn", "info"], "请选择问题等级（严重、一般或提示）"),
});

/** A ticket entered by hand by a 监管员 or duty officer. */
export async function createTicket(svc: Services, actor: Actor, raw: unknown) {
  require(actor, "ticket.manage", undefined, "只有监管员和值班员可以手工生成整改工单。");
  const input = parse(manualSchema, raw);
  return svc.db.transaction(async (tx) => {
    const [site] = await tx.select({ id: sites.id }).from(sites).where(eq(sites.id, input.siteId));
    if (!site) throw new AppError("VALIDATION_FAILED", "所选站点不存在。", { issues: [{ path: "siteId", message: "站点不存在" }] });
    if (input.columnId) {
      const [c] = await tx.select({ siteId: columns.siteId }).from(columns).where(eq(columns.id, input.columnId));
      if (!c || c.siteId !== input.siteId) throw new AppError("VALIDATION_FAILED", "所选栏目不属于该站点。", { issues: [{ path: "columnId", message: "栏目不属于该站点" }] });
    }
    if (input.unitId) {
      const [u] = await tx.select({ id: units.id }).from(units).where(eq(units.id, input.unitId));
      if (!u) throw new AppError("VALIDATION_FAILED", "所选责任单位不存在。", { issues: [{ path: "unitId", message: "单位不存在" }] });
    }
    if (input.assigneeId) {
      const [u] = await tx.select({ unitId: users.unitId, status: users.status }).from(users).where(eq(users.id, input.assigneeId));
      const unitId = input.unitId ?? (await responsibleFor(tx, input.siteId, input.columnId ?? null)).unitId;
      if (!u || u.status !== "active") throw new AppError("VALIDATION_FAILED", "所选责任人不存在或账号不可用。", { issues: [{ path: "assigneeId", message: "责任人不可用" }] });
      if (u.unitId !== unitId) throw new AppError("VALIDATION_FAILED", "责任人须为责任单位的人员。", { issues: [{ path: "assigneeId", message: "责任人不属于责任单位" }] });
    }
    return insertTicket(svc, tx, auditActorOf(actor), {
      siteId: input.siteId,
      columnId: input.columnId ?? null,
      findingId: null,
      origin: "manual",
      title: input.title,
      detail: input.detail,
      url: input.url,
      severity: input.severity,
      ...(input.unitId ? { unitId: input.unitId } : {}),
      ...(input.assigneeId !== undefined ? { assigneeId: input.assigneeId ?? null } : {}),
    });
  });
}

/** A ticket from a stored finding (by a 监管员 or duty officer); an open ticket of the finding is returned as is. */
export async function createTicketFromFinding(svc: Services, actor: Actor, findingId: string) {
  require(actor, "ticket.manage", undefined, "只有监管员和值班员可以根据监测发现生成整改工单。");
  return svc.db.transaction((tx) => ticketForFinding(svc, tx, auditActorOf(actor), findingId));
}

async function loadVisible(svc: Services, actor: Actor, id: string, tx: DbOrTx = svc.db): Promise<Ticket> {
  const [t] = await tx.select().from(rectificationTickets).where(eq(rectificationTickets.id, id));
  if (!t || !canSeeTicket(actor, t)) throw notFound("整改工单");
  return t;
}

const answerSchema = z.object({ answer: z.string().trim().min(10, "请写明整改措施和结果，至少 10 个字").max(5000, "整改情况不超过 5000 个字") });

/** The responsible unit reports what it did. */
export async function answerTicket(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(answerSchema, raw);
  return svc.db.transaction(async (tx) => {
    const t = await loadVisible(svc, actor, id, tx);
    if (!canAnswerTicket(actor, t)) throw forbidden("整改情况须由责任单位反馈。");
    if (t.status !== "open") throw new AppError("CONFLICT", t.status === "answered" ? "该工单已反馈整改情况，正在等待核验。" : "该工单已办结。");
    const at = now();
    const [row] = await tx
      .update(rectificationTickets)
      .set({ status: "answered", answer: input.answer, answeredAt: at, answeredBy: actor.userId, updatedAt: at })
      .where(and(eq(rectificationTickets.id, id), eq(rectificationTickets.status, "open")))
      .returning();
    if (!row) throw new AppError("CONFLICT");
    if (t.deadlineId) await closeDeadline(tx, t.deadlineId);
    const who = auditActorOf(actor);
    await event(tx, id, "answer", who, input.answer);
    await notifySupervisors(tx, row, { kind: "ticket_answered", title: `整改工单 ${t.number} 已反馈整改情况，请核验`, body: t.title });
    const late = at.getTime() > t.dueAt.getTime();
    await recordAudit(tx, who, { action: "ticket.answer", targetType: "ticket", targetId: id, summary: `反馈整改工单 ${t.number}${late ? "（已超期）" : ""}：${input.answer.slice(0, 100)}`, before: { status: t.status }, after: { status: "answered" } });
    return row;
  });
}

const verifySchema = z.object({
  decision: z.enum(["verify", "reopen"], "请选择核验结论：通过或退回重新整改"),
  note: z.string().trim().max(2000, "核验意见不超过 2000 个字").default(""),
});

/** The 监管员 verifies the answer (closing the ticket) or reopens it with a fresh deadline. */
export async function verifyTicket(svc: Services, actor: Actor, id: string, raw: unknown) {
  require(actor, "ticket.verify", undefined, "只有监管员可以核验整改情况。");
  const input = parse(verifySchema, raw);
  if (input.decision === "reopen" && input.note.length < 4) throw new AppError("VALIDATION_FAILED", "退回重新整改须写明原因（至少 4 个字）。", { issues: [{ path: "note", message: "请写明退回原因" }] });
  return svc.db.transaction(async (tx) => {
    const t = await loadVisible(svc, actor, id, tx);
    if (t.status === "closed") throw new AppError("CONFLICT", "该工单已办结。");
    if (input.decision === "verify" && t.status !== "answered") throw new AppError("CONFLICT", "责任单位尚未反馈整改情况，不能核验通过。");
    const who = auditActorOf(actor);
    const at = now();
    if (input.decision === "verify") {
      const [row] = await tx.update(rectificationTickets).set({ status: "closed", verifiedAt: at, verifiedBy: actor.userId, updatedAt: at }).where(and(eq(rectificationTickets.id, id), eq(rectificationTickets.status, "answered"))).returning();
      if (!row) throw new AppError("CONFLICT");
      await event(tx, id, "verify", who, input.note);
      await notifyUnit(tx, row, { kind: "ticket_closed", title: `整改工单 ${t.number} 已核验办结`, body: t.title });
      await recordAudit(tx, who, { action: "ticket.verify", targetType: "ticket", targetId: id, summary: `核验通过整改工单 ${t.number}${input.note ? `：${input.note}` : ""}`, before: { status: t.status }, after: { status: "closed" } });
      return row;
    }
    if (t.deadlineId) await closeDeadline(tx, t.deadlineId);
    const due = await ticketDue(svc, tx, id, t.severity as Severity, at);
    const [row] = await tx
      .update(rectificationTickets)
      .set({ status: "open", dueAt: due.dueAt, deadlineId: due.deadlineId, escalatedAt: null, reopenCount: sql`${rectificationTickets.reopenCount} + 1`, updatedAt: at })
      .where(and(eq(rectificationTickets.id, id), ne(rectificationTickets.status, "closed")))
      .returning();
    if (!row) throw new AppError("CONFLICT");
    await event(tx, id, "reopen", who, input.note);
    await notifyUnit(tx, row, { kind: "ticket_reopened", title: `整改工单 ${t.number} 被退回，请于 ${shanghaiText(due.dueAt).slice(0, 16)} 前重新整改`, body: input.note });
    await recordAudit(tx, who, { action: "ticket.reopen", targetType: "ticket", targetId: id, summary: `退回整改工单 ${t.number} 重新整改：${input.note}`, before: { status: t.status, dueAt: t.dueAt }, after: { status: "open", dueAt: due.dueAt } });
    return row;
  });
}

// ------------------------------------------------------------------ reading

const listSchema = z.object({
  status: z.enum(["open", "answered", "closed", "overdue", "active"], "工单状态筛选值有误").optional(),
  siteId: z.uuid("站点筛选值有误").optional(),
  unitId: z.uuid("单位筛选值有误").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

function scopeWhere(actor: Actor): SQL | undefined {
  const s = ticketScope(actor);
  return s.all ? undefined : or(eq(rectificationTickets.unitId, s.unitId), eq(rectificationTickets.assigneeId, s.userId));
}

export async function listTickets(svc: Services, actor: Actor, raw: unknown) {
  const q = parse(listSchema, raw);
  const at = now();
  const conds: Array<SQL | undefined> = [scopeWhere(actor)];
  if (q.siteId) conds.push(eq(rectificationTickets.siteId, q.siteId));
  if (q.unitId) conds.push(eq(rectificationTickets.unitId, q.unitId));
  if (q.status === "overdue") conds.push(eq(rectificationTickets.status, "open"), lte(rectificationTickets.dueAt, at));
  else if (q.status === "active") conds.push(ne(rectificationTickets.status, "closed"));
  else if (q.status) conds.push(eq(rectificationTickets.status, q.status));
  const where = and(...conds);
  const [total] = await svc.db.select({ n: count() }).from(rectificationTickets).where(where);
  const rows = await svc.db
    .select({ t: rectificationTickets, siteName: sites.name, unitName: units.name, columnName: columns.name, assigneeName: users.realName })
    .from(rectificationTickets)
    .innerJoin(sites, eq(sites.id, rectificationTickets.siteId))
    .innerJoin(units, eq(units.id, rectificationTickets.unitId))
    .leftJoin(columns, eq(columns.id, rectificationTickets.columnId))
    .leftJoin(users, eq(users.id, rectificationTickets.assigneeId))
    .where(where)
    .orderBy(sql`case ${rectificationTickets.status} when 'open' then 0 when 'answered' then 1 else 2 end`, rectificationTickets.dueAt)
    .limit(q.limit)
    .offset(q.offset);
  return { total: total?.n ?? 0, items: rows.map((r) => present(r.t, r, at)) };
}

function present(t: Ticket, names: { siteName: string; unitName: string; columnName: string | null; assigneeName: string | null }, at: Date) {
  return {
    ...t,
    siteName: names.siteName,
    unitName: names.unitName,
    columnName: names.columnName,
    assigneeName: names.assigneeName,
    statusName: STATUS_NAME[t.status] ?? t.status,
    severityName: SEVERITY_NAME[t.severity as Severity] ?? t.severity,
    overdue: t.status === "open" && t.dueAt.getTime() <= at.getTime(),
    secondsLeft: t.status === "open" ? Math.round((t.dueAt.getTime() - at.getTime()) / 1000) : null,
  };
}

export async function getTicket(svc: Services, actor: Actor, id: string) {
  const t = await loadVisible(svc, actor, id);
  const [names] = await svc.db
    .select({ siteName: sites.name, unitName: units.name, columnName: columns.name, assigneeName: users.realName })
    .from(rectificationTickets)
    .innerJoin(sites, eq(sites.id, rectificationTickets.siteId))
    .innerJoin(units, eq(units.id, rectificationTickets.unitId))
    .leftJoin(columns, eq(columns.id, rectificationTickets.columnId))
    .leftJoin(users, eq(users.id, rectificationTickets.assigneeId))
    .where(eq(rectificationTickets.id, id));
  const history = await svc.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, id)).orderBy(ticketEvents.at);
  const finding = t.findingId ? ((await svc.db.select().from(monitorFindings).where(eq(monitorFindings.id, t.findingId)))[0] ?? null) : null;
  return {
    ...present(t, names!, now()),
    history,
    finding,
    canAnswer: t.status === "open" && canAnswerTicket(actor, t),
    canVerify: t.status !== "closed" && ticketScope(actor).all && actor.assignments.some((a) => a.role === "supervisor"),
  };
}

/** Open (not yet closed) tickets, overdue among them, for the cockpit. */
export async function openTicketCounts(svc: Services, filter: { siteId?: string; unitId?: string } = {}): Promise<{ open: number; answered: number; overdue: number; severe: number }> {
  const conds: SQL[] = [ne(rectificationTickets.status, "closed")];
  if (filter.siteId) conds.push(eq(rectificationTickets.siteId, filter.siteId));
  if (filter.unitId) conds.push(eq(rectificationTickets.unitId, filter.unitId));
  const at = now();
  const [r] = await svc.db
    .select({
      open: sql<number>`count(*) filter (where ${rectificationTickets.status} = 'open')`.mapWith(Number),
      answered: sql<number>`count(*) filter (where ${rectificationTickets.status} = 'answered')`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${rectificationTickets.status} = 'open' and ${rectificationTickets.dueAt} <= ${at})`.mapWith(Number),
      severe: sql<number>`count(*) filter (where ${rectificationTickets.severity} = 'severe')`.mapWith(Number),
    })
    .from(rectificationTickets)
    .where(and(...conds));
  return { open: r?.open ?? 0, answered: r?.answered ?? 0, overdue: r?.overdue ?? 0, severe: r?.severe ?? 0 };
}

// ------------------------------------------------------------------ escalation (job)

/**
 * Overdue open tickets go to the supervising office once (and again after each reopen). The due
 * time of working-day tickets is read from the calendar's deadline, which a calendar change recomputes.
 */
export async function escalateOverdueTickets(svc: Services): Promise<{ escalated: number }> {
  const at = now();
  // Follow calendar edits: copy recomputed working-day deadlines onto their tickets first.
  const moved = await svc.db
    .select({ id: rectificationTickets.id, due: deadlines.dueAt })
    .from(rectificationTickets)
    .innerJoin(deadlines, eq(deadlines.id, rectificationTickets.deadlineId))
    .where(and(eq(rectificationTickets.status, "open"), isNull(deadlines.closedAt), sql`${deadlines.dueAt} is distinct from ${rectificationTickets.dueAt}`));
  for (const m of moved) if (m.due) await svc.db.update(rectificationTickets).set({ dueAt: m.due }).where(eq(rectificationTickets.id, m.id));

  const overdue = await svc.db
    .select()
    .from(rectificationTickets)
    .where(and(eq(rectificationTickets.status, "open"), isNull(rectificationTickets.escalatedAt), lte(rectificationTickets.dueAt, at)));
  let escalated = 0;
  const actor = systemActor("整改督办");
  for (const t of overdue) {
    await svc.db.transaction(async (tx) => {
      const [row] = await tx
        .update(rectificationTickets)
        .set({ escalatedAt: at, updatedAt: at })
        .where(and(eq(rectificationTickets.id, t.id), eq(rectificationTickets.status, "open"), isNull(rectificationTickets.escalatedAt)))
        .returning();
      if (!row) return;
      escalated++;
      const [unit] = await tx.select({ name: units.name }).from(units).where(eq(units.id, t.unitId));
      const late = `整改时限 ${shanghaiText(t.dueAt).slice(0, 16)} 已过`;
      await event(tx, t.id, "escalate", actor, `${late}，已上报监管员`);
      await notifySupervisors(tx, row, { kind: "ticket_escalated", title: `整改工单 ${t.number} 超期未整改（${unit?.name ?? ""}）`, body: `${t.title}（${late}）` });
      await notifyUnit(tx, row, { kind: "ticket_escalated", title: `整改工单 ${t.number} 已超期，已上报主管单位`, body: t.title });
      await recordAudit(tx, actor, { action: "ticket.escalate", targetType: "ticket", targetId: t.id, summary: `整改工单 ${t.number} 超期未整改，已上报监管员：${t.title}` });
    });
  }
  return { escalated };
}

/** Open tickets of a list of ids (for findings views). */
export async function ticketsByIds(db: DbOrTx, ids: string[]) {
  if (!ids.length) return [];
  return db.select({ id: rectificationTickets.id, number: rectificationTickets.number, status: rectificationTickets.status }).from(rectificationTickets).where(inArray(rectificationTickets.id, ids));
}


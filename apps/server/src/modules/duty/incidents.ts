// 突发事件 and 舆情 records found on duty, with their follow-up entries until closed.
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Services } from "../../services.ts";
import type { DbOrTx } from "../../db/client.ts";
import { dutyIncidentEntries, dutyIncidents, sites, users } from "../../db/schema.ts";
import { AppError, notFound } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { now } from "../../lib/clock.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, type Actor } from "../accounts/roles.ts";
import { activePeopleWithRoles, notify } from "../notifications/notify.ts";
import { requireDutyRead, requireDutyWrite } from "./common.ts";

export const INCIDENT_KINDS = { incident: "突发事件", opinion: "舆情" } as const;
export const INCIDENT_LEVELS = { normal: "一般", major: "较大", critical: "重大" } as const;
export const INCIDENT_STATUS = { open: "待处置", following: "跟进中", closed: "已办结" } as const;

const createInput = z.object({
  kind: z.enum(["incident", "opinion"], { message: "请选择类别：突发事件或舆情" }),
  title: z.string().trim().min(2, "请填写标题").max(100, "标题不超过 100 字"),
  level: z.enum(["normal", "major", "critical"], { message: "请选择等级：一般、较大或重大" }).default("normal"),
  source: z.string().trim().max(200, "来源不超过 200 字").default(""),
  occurredAt: z.coerce.date({ message: "发生时间格式不正确" }),
  description: z.string().trim().min(5, "请描述事件经过（至少 5 个字）").max(5000, "描述不超过 5000 字"),
  siteId: z.string().uuid("站点编号格式不正确").nullish(),
});

export async function createIncident(svc: Services, actor: Actor, raw: unknown) {
  requireDutyWrite(actor);
  const input = parse(createInput, raw);
  if (input.occurredAt.getTime() > now().getTime() + 60_000) throw new AppError("VALIDATION_FAILED", "发生时间不能晚于现在。", { issues: [{ path: "occurredAt", message: "不能晚于现在" }] });
  return svc.db.transaction(async (tx) => {
    if (input.siteId) {
      const [s] = await tx.select({ id: sites.id }).from(sites).where(eq(sites.id, input.siteId));
      if (!s) throw new AppError("VALIDATION_FAILED", "所选站点不存在。", { issues: [{ path: "siteId", message: "站点不存在" }] });
    }
    const [i] = await tx.insert(dutyIncidents).values({ ...input, siteId: input.siteId ?? null, createdBy: actor.userId }).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "duty.incident.create", targetType: "duty_incident", targetId: i!.id, summary: `登记${INCIDENT_KINDS[input.kind]}（${INCIDENT_LEVELS[input.level]}）：${input.title}`, after: input });
    // The supervising office hears of every record; a 重大 one goes to every duty officer as well, urgently.
    const to = await activePeopleWithRoles(tx, input.level === "critical" ? ["supervisor", "duty_officer"] : ["supervisor"]);
    await notify(
      tx,
      to.filter((u) => u !== actor.userId),
      {
        kind: "duty_incident",
        title: `${INCIDENT_LEVELS[input.level]}${INCIDENT_KINDS[input.kind]}：${input.title}`,
        body: `${actor.realName}登记：${input.description.slice(0, 200)}`,
        link: `/duty/incidents/${i!.id}`,
        severity: input.level === "critical" ? "urgent" : "normal",
      },
    );
    return i!;
  });
}

const listInput = z.object({
  kind: z.enum(["incident", "opinion"]).optional(),
  status: z.enum(["open", "following", "closed"]).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export async function listIncidents(svc: Services, actor: Actor, raw: unknown) {
  requireDutyRead(actor);
  const q = parse(listInput, raw);
  const where = and(q.kind ? eq(dutyIncidents.kind, q.kind) : undefined, q.status ? eq(dutyIncidents.status, q.status) : undefined);
  const [total] = await svc.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(dutyIncidents).where(where);
  const items = await svc.db
    .select({
      id: dutyIncidents.id,
      kind: dutyIncidents.kind,
      title: dutyIncidents.title,
      level: dutyIncidents.level,
      status: dutyIncidents.status,
      occurredAt: dutyIncidents.occurredAt,
      siteName: sites.name,
      by: users.realName,
      entries: sql<number>`(select count(*) from duty_incident_entries e where e.incident_id = ${dutyIncidents.id})`.mapWith(Number),
    })
    .from(dutyIncidents)
    .innerJoin(users, eq(users.id, dutyIncidents.createdBy))
    .leftJoin(sites, eq(sites.id, dutyIncidents.siteId))
    .where(where)
    .orderBy(desc(dutyIncidents.occurredAt))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items, total: total?.n ?? 0 };
}

export async function getIncident(svc: Services, actor: Actor, id: string) {
  requireDutyRead(actor);
  return incidentDetail(svc.db, id);
}

/** The incident with who recorded it, its site and its follow-up entries. */
async function incidentDetail(db: DbOrTx, id: string) {
  const [i] = await db
    .select({ incident: dutyIncidents, by: users.realName, siteName: sites.name })
    .from(dutyIncidents)
    .innerJoin(users, eq(users.id, dutyIncidents.createdBy))
    .leftJoin(sites, eq(sites.id, dutyIncidents.siteId))
    .where(eq(dutyIncidents.id, id));
  if (!i) throw notFound("事件记录");
  const entries = await db.select().from(dutyIncidentEntries).where(eq(dutyIncidentEntries.incidentId, id)).orderBy(asc(dutyIncidentEntries.at));
  return { ...i.incident, by: i.by, siteName: i.siteName, entries };
}

const entryInput = z
  .object({
    content: z.string().trim().min(2, "请填写跟进情况").max(5000, "跟进情况不超过 5000 字"),
    close: z.boolean().default(false),
    conclusion: z.string().trim().max(2000, "办结情况不超过 2000 字").default(""),
  })
  .refine((e) => !e.close || e.conclusion !== "", { message: "办结时请填写处置结果", path: ["conclusion"] });

export async function addIncidentEntry(svc: Services, actor: Actor, id: string, raw: unknown) {
  requireDutyWrite(actor);
  const input = parse(entryInput, raw);
  return svc.db.transaction(async (tx) => {
    const [i] = await tx.select().from(dutyIncidents).where(eq(dutyIncidents.id, id)).for("update");
    if (!i) throw notFound("事件记录");
    if (i.status === "closed") throw new AppError("CONFLICT", "该事件已办结，不能再添加跟进记录。");
    const t = now();
    await tx.insert(dutyIncidentEntries).values({ incidentId: id, content: input.content, byUserId: actor.userId, byName: actor.realName, at: t });
    await tx
      .update(dutyIncidents)
      .set(input.close ? { status: "closed", closedAt: t, conclusion: input.conclusion } : { status: "following" })
      .where(eq(dutyIncidents.id, id));
    await recordAudit(tx, auditActorOf(actor), {
      action: input.close ? "duty.incident.close" : "duty.incident.follow",
      targetType: "duty_incident",
      targetId: id,
      summary: `${input.close ? "办结" : "跟进"}${INCIDENT_KINDS[i.kind as keyof typeof INCIDENT_KINDS] ?? ""}：${i.title}`,
    });
    return incidentDetail(tx, id);
  });
}

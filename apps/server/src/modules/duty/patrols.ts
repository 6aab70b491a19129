// 读网巡查: the duty officer reads what changed on the public sites since the last patrol, records
// which pages were read and what was found. "Changed since the last patrol" comes from the publish
// events (publish, withdraw, remove, redirect): every event after the sequence number the last
// finished patrol was computed up to.
import { and, desc, eq, gt, inArray, isNotNull, lte, max, sql } from "drizzle-orm";
import { z } from "zod";
import type { Services } from "../../services.ts";
import { documents, dutyPatrols, publishEvents, revisions, sites, users } from "../../db/schema.ts";
import { AppError } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { now } from "../../lib/clock.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, type Actor } from "../accounts/roles.ts";
import { columnSlugPaths, docUrlPath } from "../publishing/snapshot.ts";
import { requireDutyRead, requireDutyWrite } from "./common.ts";

export const CHANGE_KINDS: Record<string, string> = { publish: "发布或更新", withdraw: "撤回", remove: "删除", redirect: "转向" };

/** The last finished patrol and every document changed on the public sites after it. */
export async function patrolView(svc: Services, actor: Actor) {
  requireDutyRead(actor);
  const [last] = await svc.db
    .select({ id: dutyPatrols.id, finishedAt: dutyPatrols.finishedAt, upToSeq: dutyPatrols.upToSeq, by: users.realName })
    .from(dutyPatrols)
    .innerJoin(users, eq(users.id, dutyPatrols.userId))
    .where(isNotNull(dutyPatrols.finishedAt))
    .orderBy(desc(dutyPatrols.upToSeq), desc(dutyPatrols.finishedAt))
    .limit(1);
  const since = last?.upToSeq ?? 0;
  const [top] = await svc.db.select({ seq: max(publishEvents.seq) }).from(publishEvents);
  const upToSeq = Number(top?.seq ?? 0);
  // The latest event per document after the last patrol.
  const events = await svc.db
    .select()
    .from(publishEvents)
    .where(and(gt(publishEvents.seq, since), lte(publishEvents.seq, upToSeq), inArray(publishEvents.kind, Object.keys(CHANGE_KINDS)), isNotNull(publishEvents.documentId)))
    .orderBy(desc(publishEvents.seq))
    .limit(5000);
  const latest = new Map<string, (typeof events)[number] & { count: number }>();
  for (const e of events) {
    const hit = latest.get(e.documentId!);
    if (hit) hit.count++;
    else latest.set(e.documentId!, { ...e, count: 1 });
  }
  const docIds = [...latest.keys()];
  const docs = docIds.length ? await svc.db.select().from(documents).where(inArray(documents.id, docIds)) : [];
  const revIds = docs.map((d) => d.liveRevisionId ?? d.draftRevisionId).filter((x): x is string => !!x);
  const revs = revIds.length ? await svc.db.select({ id: revisions.id, fields: revisions.fields }).from(revisions).where(inArray(revisions.id, revIds)) : [];
  const siteRows = await svc.db.select({ id: sites.id, name: sites.name, pathPrefix: sites.pathPrefix }).from(sites);
  const slugCache = new Map<string, Map<string, string>>();
  const base = svc.config.public.baseUrl.replace(/\/$/, "");
  const changes = [];
  for (const e of latest.values()) {
    const d = docs.find((x) => x.id === e.documentId);
    if (!d) continue;
    const f = (revs.find((r) => r.id === (d.liveRevisionId ?? d.draftRevisionId))?.fields ?? {}) as { title?: string; primaryColumnId?: string };
    const site = siteRows.find((s) => s.id === e.siteId);
    let url: string | null = null;
    if (site && f.primaryColumnId && d.firstPublishedAt) {
      if (!slugCache.has(site.id)) slugCache.set(site.id, await columnSlugPaths(svc.db, site.id));
      const path = slugCache.get(site.id)!.get(f.primaryColumnId);
      if (path) url = `${base}${site.pathPrefix}${docUrlPath(path, d.firstPublishedAt, d.id)}`.replace(/([^:])\/\//g, "$1/");
    }
    changes.push({ documentId: d.id, title: f.title ?? "（无标题）", siteId: e.siteId, siteName: site?.name ?? "", kind: e.kind, kindName: CHANGE_KINDS[e.kind] ?? e.kind, at: e.at, events: e.count, state: d.state, url });
  }
  changes.sort((a, b) => b.at.getTime() - a.at.getTime());
  return { lastPatrol: last ?? null, sinceSeq: since, upToSeq, changes };
}

const pageInput = z.object({
  url: z.string().trim().min(1, "请填写页面地址").max(1000),
  title: z.string().trim().max(200).default(""),
  documentId: z.string().uuid().optional(),
  siteId: z.string().uuid().optional(),
  result: z.enum(["ok", "problem"], { message: "请选择页面检查结果：正常或有问题" }),
  note: z.string().trim().max(1000).optional(),
});

const patrolInput = z
  .object({
    startedAt: z.coerce.date({ message: "开始时间格式不正确" }),
    upToSeq: z.number().int().min(0),
    pages: z.array(pageInput).min(1, "请至少登记一个已阅读的页面").max(2000),
    findings: z.string().trim().max(5000, "发现的问题不超过 5000 字").default(""),
  })
  .refine((p) => !p.pages.some((x) => x.result === "problem") || p.findings !== "", { message: "有页面存在问题时，请填写发现的问题和处理情况", path: ["findings"] });

export async function recordPatrol(svc: Services, actor: Actor, raw: unknown) {
  requireDutyWrite(actor);
  const input = parse(patrolInput, raw);
  const t = now();
  if (input.startedAt.getTime() > t.getTime()) throw new AppError("VALIDATION_FAILED", "巡查开始时间不能晚于现在。", { issues: [{ path: "startedAt", message: "不能晚于现在" }] });
  const [top] = await svc.db.select({ seq: max(publishEvents.seq) }).from(publishEvents);
  if (input.upToSeq > Number(top?.seq ?? 0)) throw new AppError("VALIDATION_FAILED", "巡查范围无效，请刷新巡查页面后重新提交。", { issues: [{ path: "upToSeq", message: "超出已有的发布记录" }] });
  const problems = input.pages.filter((p) => p.result === "problem").length;
  return svc.db.transaction(async (tx) => {
    const [p] = await tx
      .insert(dutyPatrols)
      .values({ userId: actor.userId, startedAt: input.startedAt, finishedAt: t, upToSeq: input.upToSeq, pages: input.pages, findings: input.findings, result: problems ? "problems" : "normal" })
      .returning();
    await recordAudit(tx, auditActorOf(actor), { action: "duty.patrol", targetType: "duty_patrol", targetId: p!.id, summary: `读网巡查：阅读 ${input.pages.length} 个页面${problems ? `，${problems} 个有问题` : "，未发现问题"}` });
    return p!;
  });
}

const listInput = z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20), result: z.enum(["normal", "problems"]).optional() });

export async function listPatrols(svc: Services, actor: Actor, raw: unknown) {
  requireDutyRead(actor);
  const q = parse(listInput, raw);
  const where = q.result ? eq(dutyPatrols.result, q.result) : undefined;
  const [total] = await svc.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(dutyPatrols).where(where);
  const items = await svc.db
    .select({ id: dutyPatrols.id, startedAt: dutyPatrols.startedAt, finishedAt: dutyPatrols.finishedAt, pages: dutyPatrols.pages, findings: dutyPatrols.findings, result: dutyPatrols.result, by: users.realName })
    .from(dutyPatrols)
    .innerJoin(users, eq(users.id, dutyPatrols.userId))
    .where(where)
    .orderBy(desc(dutyPatrols.finishedAt))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items, total: total?.n ?? 0 };
}

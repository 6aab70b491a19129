// 报送 → 采用: a unit offers one of its published documents to a portal column; a reviewer of the
// receiving site adopts it (a new document on that site, published through a one-step review that
// the adopting reviewer signs) or declines it. Adoptions are counted per unit for assessment.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { columns, documents, reviewActions, reviews, revisions, sites, submissions, units } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { AppError, forbidden, notFound } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { now } from "../../lib/clock.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, type Actor } from "../accounts/roles.ts";
import { canEdit, signOffLevel } from "./access.ts";
import { loadDocument, loadRevision } from "./documents.ts";
import { makeLive } from "./publish.ts";
import type { Fields } from "./fields.ts";

export async function submitToColumn(svc: Services, actor: Actor, documentId: string, raw: unknown) {
  const { targetColumnId, note } = parse(z.object({ targetColumnId: z.string().uuid("请选择报送栏目"), note: z.string().trim().max(500).default("") }), raw);
  const d = await loadDocument(svc.db, documentId);
  if (d.state !== "published" || !d.liveRevisionId) throw new AppError("CONFLICT", "只有已发布的信息可以报送。");
  const live = await loadRevision(svc.db, d.liveRevisionId);
  if (!canEdit(actor, { siteId: d.siteId, primaryColumnId: (live.fields as Fields).primaryColumnId })) throw forbidden("只有本站点的信息员可以报送。");
  const [col] = await svc.db.select().from(columns).where(eq(columns.id, targetColumnId));
  if (!col || col.siteId === d.siteId || col.archived) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "targetColumnId", message: "请选择其他站点未归档的栏目" }] });
  const [dup] = await svc.db.select({ id: submissions.id }).from(submissions).where(and(eq(submissions.documentId, documentId), eq(submissions.targetColumnId, targetColumnId), eq(submissions.status, "pending")));
  if (dup) throw new AppError("CONFLICT", "该信息已报送到此栏目，正在等待采用。");
  return svc.db.transaction(async (tx) => {
    const [s] = await tx.insert(submissions).values({ documentId, fromUnitId: d.ownerUnitId, targetSiteId: col.siteId, targetColumnId, note, submittedBy: actor.userId }).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "submission.create", targetType: "document", targetId: documentId, summary: `报送“${(live.fields as Fields).title}”至栏目“${col.name}”` });
    return s!;
  });
}

const signLevel = (svc: Services) => signOffLevel(svc.profile.values.review.steps);

export async function listSubmissions(svc: Services, actor: Actor, status?: string) {
  const reviewSites = actor.assignments.filter((a) => a.role === "reviewer" && a.siteId).map((a) => a.siteId!);
  const rows = await svc.db
    .select({ s: submissions, title: sql<string>`(select r.fields->>'title' from revisions r where r.id = ${documents.liveRevisionId})`, unitName: units.name, columnName: columns.name, siteName: sites.name })
    .from(submissions)
    .innerJoin(documents, eq(documents.id, submissions.documentId))
    .innerJoin(units, eq(units.id, submissions.fromUnitId))
    .innerJoin(columns, eq(columns.id, submissions.targetColumnId))
    .innerJoin(sites, eq(sites.id, submissions.targetSiteId))
    .where(and(status ? eq(submissions.status, status) : undefined, sql`(${submissions.submittedBy} = ${actor.userId} or ${reviewSites.length ? inArray(submissions.targetSiteId, reviewSites) : sql`false`})`))
    .orderBy(desc(submissions.createdAt));
  return rows.map((r) => ({ ...r.s, title: r.title, fromUnitName: r.unitName, targetColumnName: r.columnName, targetSiteName: r.siteName }));
}

export async function decideSubmission(svc: Services, actor: Actor, id: string, adopt: boolean, rawNote: unknown) {
  const { note } = parse(z.object({ note: z.string().trim().max(500).default("") }), rawNote ?? {});
  const [s] = await svc.db.select().from(submissions).where(eq(submissions.id, id));
  if (!s) throw notFound("报送信息");
  if (s.status !== "pending") throw new AppError("CONFLICT", "该报送已处理。");
  const mayDecide = actor.assignments.some((a) => a.role === "reviewer" && a.siteId === s.targetSiteId && (a.level ?? 0) >= signLevel(svc));
  if (!mayDecide) throw forbidden("只有接收站点的签发领导可以决定采用。");
  if (s.submittedBy === actor.userId) throw forbidden("不能采用本人报送的信息。");
  const origin = await loadDocument(svc.db, s.documentId);
  const live = await loadRevision(svc.db, origin.liveRevisionId!);
  const [fromUnit] = await svc.db.select({ name: units.name }).from(units).where(eq(units.id, s.fromUnitId));
  return svc.db.transaction(async (tx) => {
    let adoptedId: string | null = null;
    if (adopt) {
      const f = live.fields as Fields;
      const fields: Fields = { ...f, primaryColumnId: s.targetColumnId, otherColumnIds: [], partnerIds: [], source: f.source || fromUnit?.name || "" };
      const [d] = await tx.insert(documents).values({ siteId: s.targetSiteId, ownerUnitId: origin.ownerUnitId, type: origin.type, state: "approved", createdBy: s.submittedBy }).returning();
      const [r] = await tx.insert(revisions).values({ documentId: d!.id, number: 1, fields, text: live.text, findings: live.findings, createdBy: s.submittedBy }).returning();
      await tx.update(documents).set({ draftRevisionId: r!.id }).where(eq(documents.id, d!.id));
      const [rv] = await tx
        .insert(reviews)
        .values({ documentId: d!.id, revisionId: r!.id, steps: [{ key: "adopt", name: "采用审核", role: "reviewer", level: signLevel(svc), kind: "adopt", signOff: true }], current: 1, status: "approved", submittedBy: s.submittedBy, finishedAt: now() })
        .returning();
      await tx.insert(reviewActions).values({ reviewId: rv!.id, stepKey: "adopt", stepName: "采用审核", actorId: actor.userId, actorName: actor.realName, decision: "approve", opinion: note || "同意采用" });
      await makeLive(tx, svc, d!.id, auditActorOf(actor), rv!.id);
      adoptedId = d!.id;
    }
    await tx.update(submissions).set({ status: adopt ? "adopted" : "declined", adoptedDocumentId: adoptedId, decidedBy: actor.userId, decidedAt: now(), note: note || s.note }).where(eq(submissions.id, id));
    await recordAudit(tx, auditActorOf(actor), { action: adopt ? "submission.adopt" : "submission.decline", targetType: "document", targetId: s.documentId, summary: `${adopt ? "采用" : "不采用"}报送信息“${(live.fields as Fields).title}”${note ? `：${note}` : ""}` });
    return { adoptedDocumentId: adoptedId };
  });
}

/** Adoptions per unit in a period: an input of the monthly assessment ledger. */
export async function adoptionCounts(svc: Services, from: Date, to: Date) {
  return svc.db
    .select({ unitId: submissions.fromUnitId, unitName: units.name, submitted: sql<number>`count(*)::int`, adopted: sql<number>`count(*) filter (where ${submissions.status} = 'adopted')::int` })
    .from(submissions)
    .innerJoin(units, eq(units.id, submissions.fromUnitId))
    .where(and(sql`${submissions.createdAt} >= ${from}`, sql`${submissions.createdAt} < ${to}`))
    .groupBy(submissions.fromUnitId, units.name);
}

// Documents and their immutable revisions: drafting, editing (a live document gets a new draft
// while the live page stays), history and comparison of any two revisions.
import { and, asc, desc, eq, inArray, isNotNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { columns, documents, media, reviewActions, reviews, revisions, sites, units } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import type { DbOrTx } from "../../db/client.ts";
import { AppError, forbidden, notFound } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { now } from "../../lib/clock.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, type Actor } from "../accounts/roles.ts";
import { canEdit, canRead, readableSites } from "./access.ts";
import { fieldsSchema, normaliseFields, type Fields } from "./fields.ts";
import { DOC_TYPES, docType } from "./types.ts";
import { diffRevisions } from "./diff.ts";

export type DocumentRow = typeof documents.$inferSelect;
export type RevisionRow = typeof revisions.$inferSelect;

export const STATE_NAMES: Record<string, string> = {
  draft: "草稿",
  in_review: "审核中",
  approved: "已签发待发布",
  scheduled: "定时发布",
  publish_failed: "发布失败",
  published: "已发布",
  withdrawn: "已撤回",
  removed: "已删除",
  redirected: "已重定向",
};

export async function loadDocument(db: DbOrTx, id: string): Promise<DocumentRow> {
  const [d] = await db.select().from(documents).where(eq(documents.id, id));
  if (!d) throw notFound("稿件");
  return d;
}

export async function loadRevision(db: DbOrTx, id: string): Promise<RevisionRow> {
  const [r] = await db.select().from(revisions).where(eq(revisions.id, id));
  if (!r) throw notFound("稿件版本");
  return r;
}

/** The revision a reader of the console sees first: the working draft, else the live one. */
export async function currentRevision(db: DbOrTx, d: DocumentRow): Promise<RevisionRow> {
  return loadRevision(db, (d.draftRevisionId ?? d.liveRevisionId)!);
}

/** The review in progress, if any (a live document's new draft can be under review too). */
export async function activeReview(db: DbOrTx, documentId: string) {
  const [r] = await db.select().from(reviews).where(and(eq(reviews.documentId, documentId), eq(reviews.status, "in_progress"))).limit(1);
  return r ?? null;
}

export const primaryColumnOf = (r: RevisionRow) => (r.fields as Fields).primaryColumnId ?? null;

async function checkColumns(db: DbOrTx, siteId: string, f: Fields) {
  const ids = [f.primaryColumnId, ...f.otherColumnIds];
  const rows = await db.select({ id: columns.id, siteId: columns.siteId, archived: columns.archived, externalUrl: columns.externalUrl }).from(columns).where(inArray(columns.id, ids));
  const issues = [];
  const primary = rows.find((r) => r.id === f.primaryColumnId);
  if (!primary || primary.siteId !== siteId) issues.push({ path: "primaryColumnId", message: "主栏目不属于本站点" });
  else if (primary.archived) issues.push({ path: "primaryColumnId", message: "主栏目已归档，不能再发布信息" });
  else if (primary.externalUrl) issues.push({ path: "primaryColumnId", message: "外链栏目不能发布信息" });
  for (const other of f.otherColumnIds) {
    const r = rows.find((x) => x.id === other);
    if (!r) issues.push({ path: "otherColumnIds", message: "同步栏目不存在" });
    else if (r.archived) issues.push({ path: "otherColumnIds", message: "同步栏目已归档" });
  }
  if (issues.length) throw new AppError("VALIDATION_FAILED", undefined, { issues });
}

async function checkMedia(db: DbOrTx, f: Fields) {
  const ids = [...f.images.map((i) => i.mediaId), ...f.attachments.map((a) => a.mediaId)];
  if (!ids.length) return;
  const found = await db.select({ id: media.id }).from(media).where(inArray(media.id, ids));
  if (found.length !== new Set(ids).size) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "attachments", message: "附件或图片不存在，请重新上传" }] });
}

/** Plain text of title, body and attachments: what the checks and the search index read. */
async function fullText(db: DbOrTx, f: Fields, baseText: string) {
  const ids = f.attachments.map((a) => a.mediaId);
  if (!ids.length) return baseText;
  const rows = await db.select({ text: media.text }).from(media).where(inArray(media.id, ids));
  return [baseText, ...rows.map((r) => r.text)].filter(Boolean).join("\n");
}

const createInput = z.object({ siteId: z.string().uuid("请选择站点"), type: z.string().refine((t) => !!docType(t), "信息类型不存在"), fields: z.record(z.string(), z.unknown()) });

export async function createDocument(svc: Services, actor: Actor, raw: unknown) {
  const input = parse(createInput, raw);
  const parsedFields = parse(fieldsSchema, input.fields);
  const [site] = await svc.db.select().from(sites).where(eq(sites.id, input.siteId));
  if (!site) throw notFound("站点");
  if (!canEdit(actor, { siteId: site.id, primaryColumnId: parsedFields.primaryColumnId })) throw forbidden("只有本站点（本栏目）的信息员可以撰写稿件。");
  await checkColumns(svc.db, site.id, parsedFields);
  await checkMedia(svc.db, parsedFields);
  const { fields, text } = normaliseFields(parsedFields);
  const body = await fullText(svc.db, fields, text);
  return svc.db.transaction(async (tx) => {
    const [d] = await tx.insert(documents).values({ siteId: site.id, ownerUnitId: actor.unitId, type: input.type, state: "draft", createdBy: actor.userId }).returning();
    const [r] = await tx.insert(revisions).values({ documentId: d!.id, number: 1, fields, text: body, createdBy: actor.userId }).returning();
    const [doc] = await tx.update(documents).set({ draftRevisionId: r!.id }).where(eq(documents.id, d!.id)).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "document.create", targetType: "document", targetId: d!.id, summary: `新建稿件：${fields.title}`, after: { type: input.type, revision: 1 } });
    return { document: doc!, revision: r! };
  });
}

const updateInput = z.object({ baseRevisionId: z.string().uuid("缺少所依据的版本"), fields: z.record(z.string(), z.unknown()) });

/** Saves a new immutable revision. The live revision, if any, is untouched. */
export async function saveDraft(svc: Services, actor: Actor, documentId: string, raw: unknown) {
  const input = parse(updateInput, raw);
  const parsedFields = parse(fieldsSchema, input.fields);
  const d = await loadDocument(svc.db, documentId);
  const current = await currentRevision(svc.db, d);
  if (!canEdit(actor, { siteId: d.siteId, primaryColumnId: primaryColumnOf(current) }) || !canEdit(actor, { siteId: d.siteId, primaryColumnId: parsedFields.primaryColumnId })) {
    throw forbidden("只有本站点（本栏目）的信息员可以修改稿件。");
  }
  if (await activeReview(svc.db, documentId)) throw new AppError("CONFLICT", "稿件正在审核中，不能修改；如需修改请先撤回送审。");
  if (d.state === "removed") throw new AppError("CONFLICT", "稿件已删除，不能修改。");
  if (input.baseRevisionId !== current.id) throw new AppError("CONFLICT", "稿件已被他人修改，请刷新后在最新版本上修改。");
  await checkColumns(svc.db, d.siteId, parsedFields);
  await checkMedia(svc.db, parsedFields);
  const { fields, text } = normaliseFields(parsedFields);
  const body = await fullText(svc.db, fields, text);
  return svc.db.transaction(async (tx) => {
    // Lock the document row: two saves on the same base cannot both win.
    const [locked] = await tx.select().from(documents).where(eq(documents.id, documentId)).for("update");
    if ((locked!.draftRevisionId ?? locked!.liveRevisionId) !== input.baseRevisionId) throw new AppError("CONFLICT", "稿件已被他人修改，请刷新后在最新版本上修改。");
    const [{ max } = { max: 0 }] = await tx.select({ max: sql<number>`coalesce(max(${revisions.number}), 0)::int` }).from(revisions).where(eq(revisions.documentId, documentId));
    const [r] = await tx.insert(revisions).values({ documentId, number: max + 1, fields, text: body, createdBy: actor.userId }).returning();
    // Editing a live document opens a new draft; the live page stays (state tells what the public
    // sees). Editing an approved or scheduled draft sends it back to draft: it needs review again.
    const state = !locked!.liveRevisionId ? "draft" : locked!.state === "withdrawn" ? "withdrawn" : "published";
    const [doc] = await tx
      .update(documents)
      .set({ draftRevisionId: r!.id, state, scheduledAt: null, publishError: null, updatedAt: now() })
      .where(eq(documents.id, documentId))
      .returning();
    await recordAudit(tx, auditActorOf(actor), { action: "document.save", targetType: "document", targetId: documentId, summary: `保存稿件第 ${max + 1} 版：${fields.title}`, before: { revision: current.number }, after: { revision: max + 1 } });
    return { document: doc!, revision: r! };
  });
}

export async function getDocument(svc: Services, actor: Actor, id: string) {
  const d = await loadDocument(svc.db, id);
  const cur = await currentRevision(svc.db, d);
  const f = cur.fields as Fields;
  const [review] = await svc.db.select().from(reviews).where(eq(reviews.documentId, id)).orderBy(desc(reviews.submittedAt)).limit(1);
  if (!canRead(actor, { siteId: d.siteId, primaryColumnId: f.primaryColumnId }, f.flags?.coIssuingUnitIds ?? [])) throw notFound("稿件");
  const live = d.liveRevisionId && d.liveRevisionId !== cur.id ? await loadRevision(svc.db, d.liveRevisionId) : d.liveRevisionId ? cur : null;
  const trail = await svc.db
    .select({ a: reviewActions, reviewId: reviews.id })
    .from(reviewActions)
    .innerJoin(reviews, eq(reviews.id, reviewActions.reviewId))
    .where(eq(reviews.documentId, id))
    .orderBy(asc(reviewActions.at));
  const [names] = await svc.db.select({ siteName: sites.name, unitName: units.name }).from(sites).innerJoin(units, eq(units.id, d.ownerUnitId)).where(eq(sites.id, d.siteId));
  return {
    document: { ...d, stateName: STATE_NAMES[d.state] ?? d.state, typeName: docType(d.type)?.name ?? d.type, siteName: names?.siteName ?? "", unitName: names?.unitName ?? "" },
    draft: d.draftRevisionId ? cur : null,
    live,
    review: review ?? null,
    trail: trail.map((t) => t.a),
  };
}

const listQuery = z.object({
  siteId: z.string().uuid().optional(),
  columnId: z.string().uuid().optional(),
  state: z.string().optional(),
  q: z.string().max(100).optional(),
  mine: z.coerce.boolean().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export async function listDocuments(svc: Services, actor: Actor, raw: unknown) {
  const q = parse(listQuery, raw);
  const sitesAllowed = readableSites(actor);
  if (sitesAllowed && sitesAllowed.length === 0) throw forbidden();
  const conds: Array<SQL | undefined> = [sitesAllowed ? inArray(documents.siteId, sitesAllowed) : undefined];
  if (q.siteId) conds.push(eq(documents.siteId, q.siteId));
  if (q.state) conds.push(inArray(documents.state, q.state.split(",")));
  if (q.mine) conds.push(eq(documents.createdBy, actor.userId));
  const cur = sql`coalesce(${documents.draftRevisionId}, ${documents.liveRevisionId})`;
  if (q.columnId) conds.push(sql`exists (select 1 from revisions r where r.id = ${cur} and (r.fields->>'primaryColumnId' = ${q.columnId} or r.fields->'otherColumnIds' ? ${q.columnId}))`);
  if (q.q) conds.push(sql`exists (select 1 from revisions r where r.id = ${cur} and r.fields->>'title' ilike ${`%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`})`);
  const where = and(...conds);
  const rows = await svc.db
    .select({ d: documents, title: sql<string>`(select r.fields->>'title' from revisions r where r.id = ${cur})`, columnId: sql<string>`(select r.fields->>'primaryColumnId' from revisions r where r.id = ${cur})`, siteName: sites.name, unitName: units.name })
    .from(documents)
    .innerJoin(sites, eq(sites.id, documents.siteId))
    .innerJoin(units, eq(units.id, documents.ownerUnitId))
    .where(where)
    .orderBy(desc(documents.updatedAt))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [{ n } = { n: 0 }] = await svc.db.select({ n: sql<number>`count(*)::int` }).from(documents).where(where);
  return {
    items: rows.map((r) => ({ ...r.d, title: r.title, primaryColumnId: r.columnId, siteName: r.siteName, unitName: r.unitName, stateName: STATE_NAMES[r.d.state] ?? r.d.state, typeName: docType(r.d.type)?.name ?? r.d.type })),
    total: n,
  };
}

export async function listRevisions(svc: Services, actor: Actor, documentId: string) {
  await getDocument(svc, actor, documentId); // access check
  const rows = await svc.db
    .select({ id: revisions.id, number: revisions.number, createdAt: revisions.createdAt, createdBy: revisions.createdBy, title: sql<string>`${revisions.fields}->>'title'` })
    .from(revisions)
    .where(eq(revisions.documentId, documentId))
    .orderBy(desc(revisions.number));
  return rows;
}

export async function compareRevisions(svc: Services, actor: Actor, documentId: string, a: string, b: string) {
  await getDocument(svc, actor, documentId);
  const [ra, rb] = await Promise.all([loadRevision(svc.db, a), loadRevision(svc.db, b)]);
  if (ra.documentId !== documentId || rb.documentId !== documentId) throw notFound("稿件版本");
  return { from: { id: ra.id, number: ra.number }, to: { id: rb.id, number: rb.number }, changes: diffRevisions(ra.fields as Fields, rb.fields as Fields) };
}

export function contentMeta() {
  return { types: DOC_TYPES };
}

/** Documents whose live revision is on a site, for the publisher's snapshot. */
export async function liveDocumentsOf(db: DbOrTx, siteId: string) {
  return db.select().from(documents).where(and(eq(documents.siteId, siteId), isNotNull(documents.liveRevisionId), or(eq(documents.state, "published"), eq(documents.state, "withdrawn"), eq(documents.state, "in_review"), eq(documents.state, "draft"))));
}


// 信息发布登记: the ledger of everything published, with who drafted and who signed it, and the
// 20-working-day timeliness of proactive disclosure (奉节 第十二条).
import { shanghaiText } from "../../lib/clock.ts";
import { and, asc, eq, gte, inArray, isNotNull, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import ExcelJS from "exceljs";
import { documents, reviewActions, reviews, revisions, sites, units, users } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { forbidden } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import type { Actor } from "../accounts/roles.ts";
import { readableSites } from "./access.ts";
import type { Fields } from "./fields.ts";
import { docType } from "./types.ts";
import { STATE_NAMES } from "./documents.ts";

const query = z.object({
  siteId: z.string().uuid().optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD").optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD").optional(),
  type: z.string().optional(),
  lateOnly: z.coerce.boolean().optional(),
});

export async function publishRegister(svc: Services, actor: Actor, raw: unknown) {
  const q = parse(query, raw);
  const allowed = readableSites(actor);
  if (allowed && allowed.length === 0) throw forbidden();
  const conds: Array<SQL | undefined> = [isNotNull(documents.firstPublishedAt), allowed ? inArray(documents.siteId, allowed) : undefined];
  if (q.siteId) conds.push(eq(documents.siteId, q.siteId));
  if (q.type) conds.push(eq(documents.type, q.type));
  if (q.from) conds.push(gte(documents.firstPublishedAt, new Date(`${q.from}T00:00:00+08:00`)));
  if (q.to) conds.push(lte(documents.firstPublishedAt, new Date(`${q.to}T23:59:59.999+08:00`)));
  const rows = await svc.db
    .select({ d: documents, rev: revisions, siteName: sites.name, unitName: units.name, author: users.realName })
    .from(documents)
    .innerJoin(revisions, eq(revisions.id, sql`coalesce(${documents.liveRevisionId}, ${documents.draftRevisionId})`))
    .innerJoin(sites, eq(sites.id, documents.siteId))
    .innerJoin(units, eq(units.id, documents.ownerUnitId))
    .innerJoin(users, eq(users.id, documents.createdBy))
    .where(and(...conds))
    .orderBy(asc(documents.firstPublishedAt))
    .limit(20_000);
  const signers = rows.length
    ? await svc.db
        .select({ documentId: reviews.documentId, stepName: reviewActions.stepName, actorName: reviewActions.actorName, at: reviewActions.at })
        .from(reviewActions)
        .innerJoin(reviews, eq(reviews.id, reviewActions.reviewId))
        .where(and(inArray(reviews.documentId, rows.map((r) => r.d.id)), eq(reviews.status, "approved"), eq(reviewActions.decision, "approve")))
        .orderBy(asc(reviewActions.at))
    : [];
  const cal = await svc.calendar();
  const limit = svc.profile.values.disclosure.proactiveWorkdays;
  const items = rows.map((r) => {
    const f = r.rev.fields as Fields;
    const written = f.disclosure?.writtenDate || null;
    const workdays = written && r.d.firstPublishedAt ? cal.workdaysBetween(`${written}T00:00:00+08:00`, r.d.firstPublishedAt) : null;
    return {
      id: r.d.id,
      indexNo: r.d.indexNo,
      title: f.title,
      type: docType(r.d.type)?.name ?? r.d.type,
      siteName: r.siteName,
      unitName: r.unitName,
      author: r.author,
      source: f.source,
      writtenDate: written,
      publishedAt: r.d.firstPublishedAt,
      state: STATE_NAMES[r.d.state] ?? r.d.state,
      signatures: signers.filter((s) => s.documentId === r.d.id).map((s) => `${s.stepName}：${s.actorName}`),
      workdaysToPublish: workdays,
      late: workdays !== null && docType(r.d.type)?.disclosure === true && workdays > limit,
    };
  });
  return { items: q.lateOnly ? items.filter((i) => i.late) : items, limitWorkdays: limit };
}

export async function registerWorkbook(svc: Services, actor: Actor, raw: unknown) {
  const { items, limitWorkdays } = await publishRegister(svc, actor, raw);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("信息发布登记");
  ws.addRow(["序号", "索引号", "标题", "信息类型", "站点", "发布单位", "撰稿人", "来源", "成文日期", "发布时间", "审核签发", `距成文工作日（时限 ${limitWorkdays}）`, "状态"]).font = { bold: true };
  items.forEach((i, n) =>
    ws.addRow([
      n + 1,
      i.indexNo ?? "",
      i.title,
      i.type,
      i.siteName,
      i.unitName,
      i.author,
      i.source,
      i.writtenDate ?? "",
      i.publishedAt ? shanghaiText(i.publishedAt).slice(0, 16) : "",
      i.signatures.join("；"),
      i.workdaysToPublish === null ? "" : `${i.workdaysToPublish}${i.late ? "（超期）" : ""}`,
      i.state,
    ]),
  );
  [6, 26, 40, 10, 20, 20, 8, 16, 12, 17, 50, 16, 10].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

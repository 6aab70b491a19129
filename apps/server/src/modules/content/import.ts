// Migration import: one JSON object per line,
//   {"column": "政务要闻", "title": "…", "date": "2024-05-01", "body": ["paragraph", …]}
// into a site (the portal by default). Columns are created when missing. Imported articles were
// reviewed in the system they come from: each gets a one-step review "迁移导入" signed by the
// operator who ran the import, so the invariant "nothing live without a review" still holds and
// the register shows who brought it in.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { columns, documents, publishEvents, reviewActions, reviews, revisions, sites, units } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import type { DbOrTx } from "../../db/client.ts";
import { AppError } from "../../lib/errors.ts";
import { now } from "../../lib/clock.ts";
import { recordAudit, type AuditActor } from "../audit/record.ts";
import { RESERVED_TOP_SLUGS, slugFor } from "../columns/columns.ts";
import { allocateIndexNumber } from "./publish.ts";
import { normaliseFields, fieldsSchema, type Fields } from "./fields.ts";

const line = z.object({
  column: z.string().trim().min(1, "缺少 column（栏目名称）").max(30),
  title: z.string().trim().min(1, "缺少 title（标题）").max(200, "标题超过 200 字"),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$/, "date 应为 YYYY-MM-DD 或 YYYY-MM-DD HH:MM"),
  body: z.array(z.string()).min(1, "body 至少要有一段"),
  source: z.string().trim().max(100).optional(),
  type: z.string().optional(),
  columnType: z.string().optional(),
});
export type ImportLine = z.output<typeof line>;

export class ImportError extends AppError {
  constructor(
    readonly lineNo: number,
    message: string,
  ) {
    super("VALIDATION_FAILED", `第 ${lineNo} 行：${message}`);
  }
}

const TYPE_BY_COLUMN: Array<[RegExp, string, string]> = [
  [/通知|公告|公示/, "notice", "工作动态"],
  [/政策文件|规范性文件|文件/, "policy", "政策文件"],
  [/解读/, "interpretation", "政策解读"],
  [/统计|数据/, "statistics", "数据发布"],
  [/人事|任免|招聘|招考/, "personnel", "工作动态"],
  [/规划|计划/, "report", "工作动态"],
];

function typeFor(column: string): { type: string; columnType: string } {
  for (const [re, type, columnType] of TYPE_BY_COLUMN) if (re.test(column)) return { type, columnType };
  return { type: "news", columnType: "工作动态" };
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export interface ImportOptions {
  siteCode?: string;
  /** The operator: recorded as author and as signer of the 迁移导入 step. */
  actor: AuditActor & { id: string };
  onProgress?: (done: number) => void;
  /** Lines per transaction. */
  batch?: number;
}

export async function importStream(svc: Services, lines: AsyncIterable<string>, opts: ImportOptions): Promise<{ imported: number; columnsCreated: number }> {
  const [site] = opts.siteCode
    ? await svc.db.select().from(sites).where(eq(sites.code, opts.siteCode))
    : await svc.db.select().from(sites).where(eq(sites.kind, "portal")).limit(1);
  if (!site) throw new AppError("NOT_FOUND", opts.siteCode ? `站点“${opts.siteCode}”不存在。` : "还没有门户网站，请先登记站点或用 --site 指定。");
  const [unit] = await svc.db.select().from(units).where(eq(units.id, site.ownerUnitId));
  const columnIds = new Map<string, string>();
  // A column is found by name anywhere in the site's tree, top-level columns first.
  const existing = await svc.db.select().from(columns).where(eq(columns.siteId, site.id));
  for (const c of [...existing].sort((a, b) => Number(!!a.parentId) - Number(!!b.parentId) || a.sort - b.sort)) {
    if (!columnIds.has(c.name) && !c.externalUrl && !c.archived) columnIds.set(c.name, c.id);
  }
  const category = svc.profile.values.columns.categories[0]!.key;
  let imported = 0;
  let columnsCreated = 0;
  let lineNo = 0;
  let pending: Array<{ no: number; item: ImportLine }> = [];
  const batch = opts.batch ?? 500;

  const flush = async () => {
    if (!pending.length) return;
    const items = pending;
    pending = [];
    await svc.db.transaction(async (tx) => {
      for (const { no, item } of items) {
        let columnId = columnIds.get(item.column);
        if (!columnId) {
          const t = typeFor(item.column);
          const [c] = await tx
            .insert(columns)
            .values({ siteId: site.id, name: item.column, slug: await freeSlug(tx, site.id, slugFor(item.column)), columnType: item.columnType ?? t.columnType, category: categoryFor(svc, item.column) ?? category, responsibleUnitId: site.ownerUnitId, sort: 1000 + columnIds.size })
            .returning({ id: columns.id });
          columnId = c!.id;
          columnIds.set(item.column, columnId);
          columnsCreated++;
        }
        const at = new Date(item.date.length === 10 ? `${item.date}T09:00:00+08:00` : `${item.date.replace(" ", "T")}${item.date.length === 16 ? ":00" : ""}+08:00`);
        if (Number.isNaN(at.getTime())) throw new ImportError(no, `日期无效：${item.date}`);
        const parsed = fieldsSchema.safeParse({
          title: item.title,
          bodyHtml: item.body.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n"),
          source: item.source ?? unit?.name ?? site.name,
          primaryColumnId: columnId,
          publishAt: at.toISOString(),
        });
        if (!parsed.success) throw new ImportError(no, parsed.error.issues.map((i) => i.message).join("；"));
        const { fields, text } = normaliseFields(parsed.data as Fields);
        const type = item.type ?? typeFor(item.column).type;
        const [d] = await tx.insert(documents).values({ siteId: site.id, ownerUnitId: site.ownerUnitId, type, state: "published", createdBy: opts.actor.id, firstPublishedAt: at, lastPublishedAt: at, publicVersion: 1, updatedAt: now() }).returning({ id: documents.id });
        const [r] = await tx.insert(revisions).values({ documentId: d!.id, number: 1, fields, text, createdBy: opts.actor.id }).returning({ id: revisions.id });
        const [rv] = await tx
          .insert(reviews)
          .values({ documentId: d!.id, revisionId: r!.id, steps: [{ key: "import", name: "迁移导入", role: "system", level: null, kind: "import", signOff: true }], current: 1, status: "approved", submittedBy: opts.actor.id, submittedAt: now(), finishedAt: now() })
          .returning({ id: reviews.id });
        await tx.insert(reviewActions).values({ reviewId: rv!.id, stepKey: "import", stepName: "迁移导入", actorId: opts.actor.id, actorName: opts.actor.name, decision: "approve", opinion: "原系统已审核发布，迁移导入" });
        const indexNo = await allocateIndexNumber(tx, svc.profile.values.disclosure.indexNumberPattern, { unitCode: unit?.code ?? "000000000", category: type, at });
        await tx.update(documents).set({ liveRevisionId: r!.id, indexNo }).where(eq(documents.id, d!.id));
        imported++;
      }
      await tx.insert(publishEvents).values({ siteId: site.id, documentId: null, kind: "site", version: 0 });
      await recordAudit(tx, opts.actor, { action: "content.import", targetType: "site", targetId: site.id, summary: `迁移导入 ${items.length} 条信息到“${site.name}”（第 ${items[0]!.no}–${items.at(-1)!.no} 行）` });
    });
    opts.onProgress?.(imported);
  };

  // Validate every line before writing anything: a bad line changes nothing.
  const all: Array<{ no: number; item: ImportLine }> = [];
  for await (const raw of lines) {
    lineNo++;
    const text = raw.trim();
    if (!text) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ImportError(lineNo, "不是有效的 JSON");
    }
    const r = line.safeParse(json);
    if (!r.success) throw new ImportError(lineNo, r.error.issues.map((i) => `${i.path.join(".") || "整行"}：${i.message}`).join("；"));
    if (Number.isNaN(Date.parse(r.data.date.length === 10 ? `${r.data.date}T00:00:00+08:00` : `${r.data.date.replace(" ", "T")}${r.data.date.length === 16 ? ":00" : ""}+08:00`))) throw new ImportError(lineNo, `日期无效：${r.data.date}`);
    all.push({ no: lineNo, item: r.data });
  }
  for (const entry of all) {
    pending.push(entry);
    if (pending.length >= batch) await flush();
  }
  await flush();
  return { imported, columnsCreated };
}

export function importFile(svc: Services, file: string, opts: ImportOptions) {
  const rl = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  return importStream(svc, rl, opts);
}

async function freeSlug(tx: DbOrTx, siteId: string, base: string) {
  const rows = await tx.select({ slug: columns.slug }).from(columns).where(and(eq(columns.siteId, siteId), isNull(columns.parentId)));
  const taken = new Set([...rows.map((r) => r.slug), ...RESERVED_TOP_SLUGS]);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

function categoryFor(svc: Services, column: string): string | undefined {
  const cats = svc.profile.values.columns.categories;
  const want = /要闻|动态|新闻/.test(column) ? "dynamic" : /通知|公告|政策|文件/.test(column) ? "notice_policy" : /人事|规划|计划/.test(column) ? "should_update" : undefined;
  return want ? cats.find((c) => c.countsAs === want)?.key : undefined;
}

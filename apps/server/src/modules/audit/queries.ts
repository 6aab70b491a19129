// Reading the audit log: only the security auditor (安全审计员), always with filters and paging.
import { shanghaiText } from "../../lib/clock.ts";
import { and, desc, eq, gte, ilike, lte, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditLog } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { parse } from "../../lib/validate.ts";
import { require, type Actor } from "../accounts/roles.ts";
import { verifyAuditChain } from "./verify.ts";
import { recordAudit } from "./record.ts";
import { auditActorOf } from "../accounts/roles.ts";
import { AUDIT_ACTIONS, actionName } from "./actions.ts";

const filterSchema = z.object({
  q: z.string().trim().max(100).optional(),
  action: z.string().trim().max(60).optional(),
  actor: z.string().trim().max(60).optional(),
  from: z.string().datetime({ offset: true }).or(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).optional(),
  to: z.string().datetime({ offset: true }).or(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const escapeLike = (s: string) => `%${s.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
/** Dates without a time are whole Shanghai days. */
const bound = (s: string, end: boolean) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T${end ? "23:59:59.999" : "00:00:00"}+08:00`) : new Date(s));

function where(f: z.output<typeof filterSchema>): SQL | undefined {
  const conds: Array<SQL | undefined> = [];
  if (f.q) conds.push(or(ilike(auditLog.summary, escapeLike(f.q)), ilike(auditLog.targetId, escapeLike(f.q)), ilike(auditLog.ip, escapeLike(f.q))));
  if (f.action) conds.push(f.action.endsWith(".") ? ilike(auditLog.action, `${f.action}%`) : eq(auditLog.action, f.action));
  if (f.actor) conds.push(ilike(auditLog.actorName, escapeLike(f.actor)));
  if (f.from) conds.push(gte(auditLog.at, bound(f.from, false)));
  if (f.to) conds.push(lte(auditLog.at, bound(f.to, true)));
  return and(...conds);
}

export async function searchAudit(svc: Services, actor: Actor, raw: unknown) {
  require(actor, "audit.read");
  const f = parse(filterSchema, raw);
  const w = where(f);
  const items = await svc.db.select().from(auditLog).where(w).orderBy(desc(auditLog.seq)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
  const [{ n } = { n: 0 }] = await svc.db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(w);
  return { items: items.map(({ prevHash: _p, hash: _h, ...r }) => ({ ...r, actionName: actionName(r.action) })), total: n, page: f.page, pageSize: f.pageSize, actions: AUDIT_ACTIONS };
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
  // Cells that a spreadsheet would execute as formulas are neutralised.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** CSV for the auditor's reports (UTF-8 with BOM so Excel shows Chinese correctly). */
export async function exportAudit(svc: Services, actor: Actor, raw: unknown): Promise<string> {
  require(actor, "audit.read");
  const f = parse(filterSchema, raw);
  const rows = await svc.db.select().from(auditLog).where(where(f)).orderBy(desc(auditLog.seq)).limit(100_000);
  const header = ["序号", "时间", "操作人", "IP 地址", "操作", "对象类型", "对象", "摘要", "变更前", "变更后", "哈希"];
  const lines = [header.map(csvCell).join(",")];
  for (const r of rows) {
    const at = shanghaiText(r.at);
    lines.push([r.seq, at, r.actorName, r.ip, actionName(r.action), r.targetType, r.targetId, r.summary, r.before, r.after, r.hash].map(csvCell).join(","));
  }
  await svc.db.transaction((tx) => recordAudit(tx, auditActorOf(actor), { action: "audit.export", summary: `导出审计日志 ${rows.length} 条`, after: f }));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

export async function verifyAudit(svc: Services, actor: Actor) {
  require(actor, "audit.read");
  return verifyAuditChain(svc.db);
}

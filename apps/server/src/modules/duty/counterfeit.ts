// 假冒网站: reports from the public (the public form, with proof of work and rate limit) or from
// staff, handled step by step — 核实, 报告网信部门, 报告公安机关, 下线 — until closed with an outcome.
import { randomInt } from "node:crypto";
import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Services } from "../../services.ts";
import { counterfeitReports, counterfeitSteps, sites } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import { AppError, notFound } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { now, shanghaiText } from "../../lib/clock.ts";
import { recordAudit, systemActor } from "../audit/record.ts";
import { auditActorOf, type Actor } from "../accounts/roles.ts";
import { spendPow, verifyPow } from "../interaction/pow.ts";
import { activePeopleWithRoles, notify } from "../notifications/notify.ts";
import { requireDutyRead, requireDutyWrite } from "./common.ts";
import { onDuty } from "./roster.ts";

export const COUNTERFEIT_STATUS = { received: "已接收", verifying: "核实中", confirmed: "确认为假冒", reported: "已报告主管部门", offline: "已下线", closed: "已结案" } as const;
type Status = keyof typeof COUNTERFEIT_STATUS;

/** Each handling step: its name, the states it may follow, the state it leads to. */
export const COUNTERFEIT_STEPS: Record<string, { name: string; from: Status[]; to: Status | null; outcome?: boolean }> = {
  verify: { name: "开始核实", from: ["received"], to: "verifying" },
  confirm: { name: "核实为假冒网站", from: ["received", "verifying"], to: "confirmed" },
  dismiss: { name: "核实不属于假冒网站", from: ["received", "verifying"], to: "closed", outcome: true },
  report_cac: { name: "报告网信部门", from: ["confirmed", "reported"], to: "reported" },
  report_police: { name: "报告公安机关", from: ["confirmed", "reported"], to: "reported" },
  offline: { name: "确认已下线", from: ["confirmed", "reported"], to: "offline" },
  close: { name: "结案", from: ["offline"], to: "closed", outcome: true },
  note: { name: "跟进记录", from: ["received", "verifying", "confirmed", "reported", "offline"], to: null },
};

/** Accepts "www.example.com/path" as well as a full address; returns the URL and its host. */
export function normaliseUrl(raw: string): { url: string; host: string } | null {
  const s = raw.trim();
  if (!s || /\s/.test(s)) return null;
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `http://${s}`);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    if (!u.hostname.includes(".") && !/^\[?[0-9a-f:]+\]?$/i.test(u.hostname)) return null;
    return { url: u.toString(), host: u.hostname.toLowerCase() };
  } catch {
    return null;
  }
}

const urlField = z
  .string({ message: "请填写假冒网站的网址" })
  .trim()
  .min(4, "请填写假冒网站的网址")
  .max(1000, "网址过长")
  .refine((s) => normaliseUrl(s) !== null, "网址格式不正确，请填写完整网址，例如 http://www.example.com");

async function checkNotOurs(svc: Services, host: string) {
  const ours = await svc.db.select({ domain: sites.domain, name: sites.name }).from(sites);
  const hit = ours.find((s) => s.domain.toLowerCase() === host);
  if (hit) throw new AppError("VALIDATION_FAILED", `${host} 是“${hit.name}”的正式域名，不是假冒网站。`, { issues: [{ path: "url", message: "这是本平台的正式网站" }] });
}

async function nextCaseNo(): Promise<string> {
  return `JM${shanghaiText(now()).slice(0, 10).replace(/-/g, "")}${String(randomInt(0, 1_000_000)).padStart(6, "0")}`;
}

async function insertReport(values: Omit<typeof counterfeitReports.$inferInsert, "caseNo">, tx: DbOrTx) {
  for (let i = 0; ; i++) {
    const caseNo = await nextCaseNo();
    const [dup] = await tx.select({ id: counterfeitReports.id }).from(counterfeitReports).where(eq(counterfeitReports.caseNo, caseNo));
    if (dup && i < 5) continue;
    const [r] = await tx.insert(counterfeitReports).values({ ...values, caseNo }).returning();
    return r!;
  }
}

/** Who is told of a new report: the people on duty now (all duty officers when nobody is), and the supervising office. */
async function tellDuty(svc: Services, tx: DbOrTx, r: typeof counterfeitReports.$inferSelect, exclude?: string) {
  const onNow = (await onDuty(svc, now(), tx)).map((p) => p.userId);
  const officers = onNow.length ? onNow : await activePeopleWithRoles(tx, ["duty_officer"]);
  const supervisors = await activePeopleWithRoles(tx, ["supervisor"]);
  await notify(
    tx,
    [...officers, ...supervisors].filter((u) => u !== exclude),
    { kind: "counterfeit_report", title: `假冒网站${r.source === "public" ? "举报" : "登记"}：${r.host}`, body: `${r.caseNo}：${r.description.slice(0, 200)}`, link: `/duty/counterfeit/${r.id}` },
  );
}

const publicInput = z.object({
  url: urlField,
  description: z.string({ message: "请说明发现的情况" }).trim().min(5, "请说明发现的情况（至少 5 个字）").max(2000, "情况说明不超过 2000 字"),
  name: z.string().trim().max(40, "姓名不超过 40 字").default(""),
  contact: z.string().trim().max(100, "联系方式不超过 100 字").default(""),
  /** Code of the site the report says is imitated (the published form's "本网站" box). */
  site: z.string().trim().max(40).optional(),
  /** The solved challenge: `altcha`, as every public form of hd.js posts it, or `pow`. */
  altcha: z.unknown().optional(),
  pow: z.unknown().optional(),
});

/** The public form (hd/jmwz.html on the portal): a solved challenge (used once), then the report. */
export async function submitPublicReport(svc: Services, raw: unknown, meta: { ip: string }) {
  const input = parse(publicInput, raw);
  const { url, host } = normaliseUrl(input.url)!;
  await checkNotOurs(svc, host);
  const pow = await verifyPow(svc, input.altcha ?? input.pow);
  const imitated = input.site ? (await svc.db.select({ id: sites.id }).from(sites).where(eq(sites.code, input.site)))[0] : undefined;
  return svc.db.transaction(async (tx) => {
    if (!(await spendPow(tx, pow))) throw new AppError("CHALLENGE_FAILED", "该人机验证已使用过，请重新验证后提交。");
    const r = await insertReport({ source: "public", url, host, description: input.description, reporterName: input.name, reporterContact: input.contact, reporterIp: meta.ip, imitatedSiteId: imitated?.id ?? null }, tx);
    await tx.insert(counterfeitSteps).values({ reportId: r.id, step: "received", note: "网民通过网站提交举报", byUserId: null, byName: "网民举报" });
    await recordAudit(tx, { ...systemActor("网民举报"), ip: meta.ip }, { action: "counterfeit.report", targetType: "counterfeit_report", targetId: r.id, summary: `收到假冒网站举报：${host}（${r.caseNo}）` });
    await tellDuty(svc, tx, r);
    return { caseNo: r.caseNo, message: `举报已收到，受理编号 ${r.caseNo}。感谢您的监督，我们将尽快核实处理。` };
  });
}

const staffInput = z.object({
  url: urlField,
  description: z.string().trim().min(5, "请说明发现的情况（至少 5 个字）").max(2000, "情况说明不超过 2000 字"),
  imitatedSiteId: z.string().uuid("站点编号格式不正确").nullish(),
  reporterName: z.string().trim().max(40).default(""),
  reporterContact: z.string().trim().max(100).default(""),
});

export async function createReport(svc: Services, actor: Actor, raw: unknown) {
  requireDutyWrite(actor);
  const input = parse(staffInput, raw);
  const { url, host } = normaliseUrl(input.url)!;
  await checkNotOurs(svc, host);
  if (input.imitatedSiteId) {
    const [s] = await svc.db.select({ id: sites.id }).from(sites).where(eq(sites.id, input.imitatedSiteId));
    if (!s) throw new AppError("VALIDATION_FAILED", "所选被仿冒站点不存在。", { issues: [{ path: "imitatedSiteId", message: "站点不存在" }] });
  }
  return svc.db.transaction(async (tx) => {
    const r = await insertReport({ source: "staff", url, host, description: input.description, reporterName: input.reporterName || actor.realName, reporterContact: input.reporterContact, imitatedSiteId: input.imitatedSiteId ?? null, createdBy: actor.userId }, tx);
    await tx.insert(counterfeitSteps).values({ reportId: r.id, step: "received", note: "工作人员登记", byUserId: actor.userId, byName: actor.realName });
    await recordAudit(tx, auditActorOf(actor), { action: "counterfeit.create", targetType: "counterfeit_report", targetId: r.id, summary: `登记假冒网站：${host}（${r.caseNo}）` });
    await tellDuty(svc, tx, r, actor.userId);
    return r;
  });
}

const listInput = z.object({
  status: z.enum(Object.keys(COUNTERFEIT_STATUS) as [Status, ...Status[]]).optional(),
  open: z.enum(["true", "false"]).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export async function listReports(svc: Services, actor: Actor, raw: unknown) {
  requireDutyRead(actor);
  const q = parse(listInput, raw);
  const where = and(q.status ? eq(counterfeitReports.status, q.status) : undefined, q.open === "true" ? ne(counterfeitReports.status, "closed") : undefined);
  const [total] = await svc.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(counterfeitReports).where(where);
  const items = await svc.db
    .select({ id: counterfeitReports.id, caseNo: counterfeitReports.caseNo, source: counterfeitReports.source, url: counterfeitReports.url, host: counterfeitReports.host, status: counterfeitReports.status, outcome: counterfeitReports.outcome, createdAt: counterfeitReports.createdAt, updatedAt: counterfeitReports.updatedAt, siteName: sites.name })
    .from(counterfeitReports)
    .leftJoin(sites, eq(sites.id, counterfeitReports.imitatedSiteId))
    .where(where)
    .orderBy(desc(counterfeitReports.createdAt))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items, total: total?.n ?? 0 };
}

export async function getReport(svc: Services, actor: Actor, id: string) {
  requireDutyRead(actor);
  const [r] = await svc.db.select({ report: counterfeitReports, siteName: sites.name }).from(counterfeitReports).leftJoin(sites, eq(sites.id, counterfeitReports.imitatedSiteId)).where(eq(counterfeitReports.id, id));
  if (!r) throw notFound("假冒网站记录");
  const steps = await svc.db.select().from(counterfeitSteps).where(eq(counterfeitSteps.reportId, id)).orderBy(asc(counterfeitSteps.at));
  // Other reports of the same host: repeated reports of one counterfeit are handled together.
  const sameHost = await svc.db
    .select({ id: counterfeitReports.id, caseNo: counterfeitReports.caseNo, status: counterfeitReports.status, createdAt: counterfeitReports.createdAt })
    .from(counterfeitReports)
    .where(and(eq(counterfeitReports.host, r.report.host), ne(counterfeitReports.id, id)));
  const allowed = Object.entries(COUNTERFEIT_STEPS)
    .filter(([, s]) => s.from.includes(r.report.status as Status))
    .map(([key, s]) => ({ key, name: s.name, outcome: !!s.outcome }));
  return { ...r.report, siteName: r.siteName, steps: steps.map((s) => ({ ...s, stepName: COUNTERFEIT_STEPS[s.step]?.name ?? "收到举报" })), sameHost, allowedSteps: allowed };
}

const stepInput = z.object({
  step: z.enum(Object.keys(COUNTERFEIT_STEPS) as [string, ...string[]], { message: "请选择处置步骤" }),
  note: z.string({ message: "请填写处置情况" }).trim().min(2, "请填写处置情况").max(2000, "处置情况不超过 2000 字"),
  outcome: z.string().trim().max(2000, "处置结果不超过 2000 字").default(""),
});

export async function addStep(svc: Services, actor: Actor, id: string, raw: unknown) {
  requireDutyWrite(actor);
  const input = parse(stepInput, raw);
  const def = COUNTERFEIT_STEPS[input.step]!;
  if (def.outcome && !input.outcome) throw new AppError("VALIDATION_FAILED", "结案时请填写处置结果。", { issues: [{ path: "outcome", message: "请填写处置结果" }] });
  await svc.db.transaction(async (tx) => {
    const [r] = await tx.select().from(counterfeitReports).where(eq(counterfeitReports.id, id)).for("update");
    if (!r) throw notFound("假冒网站记录");
    if (!def.from.includes(r.status as Status)) {
      throw new AppError("CONFLICT", `当前状态为“${COUNTERFEIT_STATUS[r.status as Status] ?? r.status}”，不能执行“${def.name}”。`);
    }
    const t = now();
    await tx.insert(counterfeitSteps).values({ reportId: id, step: input.step, note: input.note, byUserId: actor.userId, byName: actor.realName, at: t });
    await tx
      .update(counterfeitReports)
      .set({ ...(def.to ? { status: def.to } : {}), ...(def.outcome ? { outcome: input.outcome } : {}), updatedAt: t })
      .where(eq(counterfeitReports.id, id));
    await recordAudit(tx, auditActorOf(actor), { action: "counterfeit.step", targetType: "counterfeit_report", targetId: id, summary: `假冒网站 ${r.host}（${r.caseNo}）：${def.name}`, after: input });
  });
  return getReport(svc, actor, id);
}

// The site registry (站群): portal, department sites, sub-sites and topics, with the identifiers
// the national norms require (网站标识码, ICP备案号, 公安机关备案号, .gov.cn domains).
import { asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { sites, units } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { AppError, forbidden, notFound, type Issue } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, can, require, scopeOf, type Actor } from "../accounts/roles.ts";

export const SITE_KINDS = { portal: "政府门户网站", department: "部门网站", subsite: "子站", topic: "专题" } as const;
export const SITE_STATUSES = { planning: "筹建中", running: "运行中", offline: "临时下线", closed: "已关停", archived: "已归档" } as const;

export const siteInput = z.object({
  code: z.string().trim().regex(/^[a-z][a-z0-9-]{1,30}$/, "站点代码须以小写字母开头，由 2–31 位小写字母、数字或连字符组成"),
  name: z.string().trim().min(2, "请填写网站名称").max(60),
  kind: z.enum(Object.keys(SITE_KINDS) as [keyof typeof SITE_KINDS], { message: "请选择站点类型" }),
  parentSiteId: z.string().uuid().nullish(),
  ownerUnitId: z.string().uuid("请选择主办单位"),
  operatorUnitId: z.string().uuid("请选择承办单位"),
  domain: z.string().trim().toLowerCase(),
  pathPrefix: z.string().trim().default("/"),
  siteIdCode: z.string().trim(),
  icp: z.string().trim().default(""),
  psb: z.string().trim().default(""),
  partyGovMark: z.string().trim().max(300).default(""),
  contactPhone: z.string().trim().max(40).default(""),
  contactEmail: z.union([z.literal(""), z.string().trim().email("邮箱格式不正确")]).default(""),
  address: z.string().trim().max(100).default(""),
  status: z.enum(Object.keys(SITE_STATUSES) as [keyof typeof SITE_STATUSES]).default("running"),
  /**
   * The site's address as readers reach it (stored in settings.monitorUrl): scheduled monitoring
   * then also checks links to other sites, served pages over HTTP and cloaking. Empty: disk only.
   */
  monitorUrl: z.union([z.literal(""), z.string().trim().regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, "监测访问地址须为完整网址，如 https://www.shifan.gov.cn/")]).default(""),
});
export type SiteInput = z.output<typeof siteInput>;

export const SITE_ID_CODE = /^(\d{10}|bm\d{8})$/;
const ICP = /^[\u4e00-\u9fa5]ICP备\d{8,10}号(-\d{1,3})?$/;
const PSB = /^[\u4e00-\u9fa5]公网安备\s?(\d{14})号$/;
const PORTAL_DOMAIN = /^www\.[a-z0-9-]+(\.[a-z0-9-]+)*\.gov\.cn$/;
const GOV_DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.gov\.cn$/;
const CN_GOV_DOMAIN = /^[\u4e00-\u9fa5a-z0-9-]+(\.[\u4e00-\u9fa5a-z0-9-]+)*\.政务$/;

/** The 14-digit record code inside a 公安机关备案号, for the beian.gov.cn link. */
export const psbRecordCode = (psb: string) => PSB.exec(psb)?.[1] ?? "";

/**
 * Checks a site against the national rules (standards.md §1.2–§1.4). Returns every problem, each
 * tied to its field, in the words a site administrator understands.
 */
export function validateSite(input: SiteInput, ctx: { parent?: { domain: string; kind: string } | null; others: Array<{ id: string; code: string; domain: string; pathPrefix: string }>; selfId?: string }): Issue[] {
  const issues: Issue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  if (!SITE_ID_CODE.test(input.siteIdCode)) add("siteIdCode", "网站标识码应为 10 位数字（6 位行政区划代码 + 4 位序号），部委网站为 bm 加 8 位数字");
  if (input.icp && !ICP.test(input.icp)) add("icp", "ICP备案号格式应如“渝ICP备12345678号”或“渝ICP备12345678号-1”");
  if (input.psb && !PSB.test(input.psb)) add("psb", "公安机关备案号格式应如“渝公网安备50010102000001号”（14 位数字）");
  if (input.status === "running") {
    if (!input.icp) add("icp", "运行中的网站须填写 ICP备案号");
    if (!input.psb) add("psb", "运行中的网站须填写公安机关备案号");
  }
  if (!input.pathPrefix.startsWith("/") || !input.pathPrefix.endsWith("/") || !/^\/([a-z0-9-]+\/)*$/.test(input.pathPrefix)) {
    add("pathPrefix", "路径前缀须以“/”开头和结尾，只含小写字母、数字和连字符，例如 /fgw/");
  }
  const domainOk = GOV_DOMAIN.test(input.domain) || CN_GOV_DOMAIN.test(input.domain);
  if (!domainOk) add("domain", "政府网站须使用以 .gov.cn 为后缀的英文域名或以 .政务 为后缀的中文域名");
  if (input.kind === "portal") {
    if (domainOk && !PORTAL_DOMAIN.test(input.domain) && !CN_GOV_DOMAIN.test(input.domain)) add("domain", "政府门户网站域名应为“www.□□□.gov.cn”结构");
    if (input.pathPrefix !== "/") add("pathPrefix", "门户网站的路径前缀应为“/”");
    if (input.parentSiteId) add("parentSiteId", "门户网站没有上级站点");
  } else {
    if (!input.parentSiteId) add("parentSiteId", "子站、部门网站和专题须选择所属门户网站");
    const parent = ctx.parent;
    if (parent && domainOk) {
      const parentRoot = parent.domain.replace(/^www\./, "");
      const underParent = input.domain === parent.domain || input.domain.endsWith(`.${parentRoot}`);
      if (!underParent) add("domain", `应使用门户网站的域名（${parent.domain}，以路径区分）或其下级域名（如 xxx.${parentRoot}）`);
      if (input.domain === parent.domain && input.pathPrefix === "/") add("pathPrefix", "与门户网站同域名的子站须设置路径前缀，例如 /fgw/");
    }
  }
  for (const o of ctx.others) {
    if (o.id === ctx.selfId) continue;
    if (o.code === input.code) add("code", "站点代码已被其他站点使用");
    if (o.domain === input.domain && o.pathPrefix === input.pathPrefix) add("pathPrefix", "已有站点使用相同的域名和路径");
  }
  return issues;
}

function present(s: typeof sites.$inferSelect, unitNames: Map<string, string>) {
  return {
    ...s,
    ownerUnitName: unitNames.get(s.ownerUnitId) ?? "",
    operatorUnitName: unitNames.get(s.operatorUnitId) ?? "",
    kindName: SITE_KINDS[s.kind as keyof typeof SITE_KINDS] ?? s.kind,
    statusName: SITE_STATUSES[s.status as keyof typeof SITE_STATUSES] ?? s.status,
  };
}

async function unitNames(svc: Services) {
  const rows = await svc.db.select({ id: units.id, name: units.name }).from(units);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Sites the actor may read; scope applied in the query. */
export async function listSites(svc: Services, actor: Actor) {
  const scope = scopeOf(actor, "site.read");
  if (!scope.all && scope.siteIds.length === 0) throw forbidden();
  const rows = await svc.db
    .select()
    .from(sites)
    .where(scope.all ? undefined : inArray(sites.id, scope.siteIds))
    .orderBy(asc(sites.kind), asc(sites.code));
  const names = await unitNames(svc);
  return rows.map((s) => present(s, names));
}

export async function getSite(svc: Services, actor: Actor, id: string) {
  if (!can(actor, "site.read", id)) throw notFound("站点");
  const [s] = await svc.db.select().from(sites).where(eq(sites.id, id));
  if (!s) throw notFound("站点");
  return present(s, await unitNames(svc));
}

async function validateAgainstDb(svc: Services, input: SiteInput, selfId?: string) {
  const others = await svc.db.select({ id: sites.id, code: sites.code, domain: sites.domain, pathPrefix: sites.pathPrefix }).from(sites);
  let parent: { domain: string; kind: string } | null = null;
  if (input.parentSiteId) {
    const [p] = await svc.db.select({ domain: sites.domain, kind: sites.kind }).from(sites).where(eq(sites.id, input.parentSiteId));
    if (!p) return [{ path: "parentSiteId", message: "所属门户网站不存在" }];
    parent = p;
  }
  const issues = validateSite(input, { parent, others, selfId });
  for (const key of ["ownerUnitId", "operatorUnitId"] as const) {
    const [u] = await svc.db.select({ id: units.id }).from(units).where(eq(units.id, input[key]));
    if (!u) issues.push({ path: key, message: "单位不存在" });
  }
  return issues;
}

export async function createSite(svc: Services, actor: Actor, raw: unknown) {
  require(actor, "site.manage");
  const input = parse(siteInput, raw);
  const issues = await validateAgainstDb(svc, input);
  if (issues.length) throw new AppError("VALIDATION_FAILED", "站点信息不符合规范，请按提示修改。", { issues });
  return svc.db.transaction(async (tx) => {
    const { monitorUrl, ...row } = input;
    const [s] = await tx.insert(sites).values({ ...row, parentSiteId: row.parentSiteId ?? null, settings: monitorUrl ? { monitorUrl } : {} }).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "site.create", targetType: "site", targetId: s!.id, summary: `新建站点：${s!.name}`, after: s });
    return s!;
  });
}

/** Site administrators may update their own site's contact details; identity fields need site.manage. */
const IDENTITY_FIELDS = ["code", "kind", "parentSiteId", "ownerUnitId", "operatorUnitId", "domain", "pathPrefix", "siteIdCode", "status"] as const;

export async function updateSite(svc: Services, actor: Actor, id: string, raw: unknown) {
  if (!can(actor, "site.manage") && !can(actor, "site.update", id)) throw forbidden("您无权修改该站点。");
  const [before] = await svc.db.select().from(sites).where(eq(sites.id, id));
  if (!before) throw notFound("站点");
  // Only the fields sent: a partial schema still fills defaults (icp "", status "running" …), which
  // would otherwise overwrite stored values on every partial update.
  const sent = new Set(raw && typeof raw === "object" ? Object.keys(raw) : []);
  const patch = Object.fromEntries(Object.entries(parse(siteInput.partial(), raw)).filter(([k]) => sent.has(k))) as Partial<SiteInput>;
  if (!can(actor, "site.manage")) {
    const touched = IDENTITY_FIELDS.filter((f) => patch[f] !== undefined && patch[f] !== before[f]);
    if (touched.length) throw forbidden("站点代码、域名、标识码、主办承办单位和运行状态须由系统管理员变更。");
  }
  const merged = parse(siteInput, { ...before, monitorUrl: before.settings.monitorUrl ?? "", ...patch });
  const issues = await validateAgainstDb(svc, merged, id);
  if (issues.length) throw new AppError("VALIDATION_FAILED", "站点信息不符合规范，请按提示修改。", { issues });
  return svc.db.transaction(async (tx) => {
    const { monitorUrl, ...row } = merged;
    const { monitorUrl: _old, ...otherSettings } = before.settings;
    const settings = monitorUrl ? { ...otherSettings, monitorUrl } : otherSettings;
    const [after] = await tx.update(sites).set({ ...row, parentSiteId: row.parentSiteId ?? null, settings }).where(eq(sites.id, id)).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "site.update", targetType: "site", targetId: id, summary: `修改站点：${before.name}`, before, after });
    return after!;
  });
}

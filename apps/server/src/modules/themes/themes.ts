// Per-site theme overrides edited in the console (issue 5): the inherited theme files (read-only),
// overrides stored in the database, validation and preview with draft edits, save-and-publish
// (audited, enqueues a full rebuild of the site through the publish outbox), history and restore.
//
// The publisher merges a site's overrides over its theme chain (loadTheme's `overrides`), so the
// theme hash — part of the site's structure hash — changes with them and the next publish of the
// site is a full build. Nothing is ever written into the repository's themes/ directory.
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, max } from "drizzle-orm";
import { z } from "zod";
import {
  DEFAULT_THEMES_ROOT as THEMES_ROOT,
  OVERRIDE_LIMITS,
  SiteModel,
  checkOverride,
  checkTemplateSyntax,
  describeLiquidError,
  loadTheme,
  previewPage,
  type SiteSnapshot,
  type TemplateProblem,
} from "@govsite/publisher";
import { extractPage, observePage } from "@govsite/monitor";
import { publishEvents, sites, themeOverrideVersions, themeOverrides } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import type { Services } from "../../services.ts";
import { AppError, forbidden, notFound, type Issue } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, can, type Actor } from "../accounts/roles.ts";
import { buildSnapshot } from "../publishing/snapshot.ts";

export const PAGE_KINDS = { home: "首页", column: "栏目页", article: "文章页" } as const;
type PageKind = keyof typeof PAGE_KINDS;

const NORM_METAS = ["SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType", "ArticleTitle", "PubDate", "ContentSource"] as const;
const FOOTER_NAMES: Record<string, string> = {
  owner: "主办单位",
  contact: "联系方式",
  idcode: "网站标识码",
  icp: "ICP备案号",
  psb: "公安机关备案号",
  conac: "党政机关网站标识",
};

/** The overrides of a site as the publisher takes them (relative path → text). */
export async function siteThemeOverrides(db: DbOrTx, siteId: string): Promise<Record<string, string>> {
  const rows = await db.select({ path: themeOverrides.path, content: themeOverrides.content }).from(themeOverrides).where(eq(themeOverrides.siteId, siteId));
  return Object.fromEntries(rows.map((r) => [r.path, r.content]));
}

/** Ids of the sites that have overrides (a full rebuild publishes them one by one with theirs). */
export async function sitesWithOverrides(db: DbOrTx): Promise<Set<string>> {
  const rows = await db.selectDistinct({ siteId: themeOverrides.siteId }).from(themeOverrides);
  return new Set(rows.map((r) => r.siteId));
}

async function siteFor(svc: Services, actor: Actor, siteId: string) {
  if (!z.string().uuid().safeParse(siteId).success) throw notFound("站点");
  if (!can(actor, "theme.manage", siteId)) throw forbidden("您无权管理该站点的主题。");
  const [site] = await svc.db.select().from(sites).where(eq(sites.id, siteId));
  if (!site) throw notFound("站点");
  return site;
}

const isText = (name: string) => /\.(css|js|svg|txt|json|html)$/.test(name);

/** The inherited theme (chain) and the site's overrides: what the console's file list shows. */
export async function themeOverview(svc: Services, actor: Actor, siteId: string) {
  const site = await siteFor(svc, actor, siteId);
  const base = loadTheme(THEMES_ROOT, site.theme || "default");
  const rows = await svc.db.select().from(themeOverrides).where(eq(themeOverrides.siteId, siteId)).orderBy(asc(themeOverrides.path));
  const over = new Map(rows.map((r) => [r.path, r]));
  const paths = new Set<string>([...Object.keys(base.templates), ...[...base.assets.keys()].filter(isText).map((a) => `assets/${a}`), ...over.keys()]);
  const files = [...paths].sort().map((path) => {
    const o = over.get(path);
    return {
      path,
      kind: path.endsWith(".liquid") ? ("template" as const) : ("asset" as const),
      inherited: path.endsWith(".liquid") ? path in base.templates : base.assets.has(path.slice("assets/".length)),
      override: o ? { version: o.version, updatedAt: o.updatedAt, updatedBy: o.updatedBy } : null,
    };
  });
  return { site: { id: site.id, name: site.name, code: site.code, theme: site.theme }, chain: base.chain, files, limits: OVERRIDE_LIMITS, pageKinds: PAGE_KINDS };
}

/** One file: the inherited text (read-only) and the site's override, if any. */
export async function themeFile(svc: Services, actor: Actor, siteId: string, rawPath: unknown) {
  const site = await siteFor(svc, actor, siteId);
  const path = String(rawPath ?? "");
  const problem = checkOverride(path, "");
  if (problem) throw new AppError("VALIDATION_FAILED", problem, { issues: [{ path: "path", message: problem }] });
  const base = loadTheme(THEMES_ROOT, site.theme || "default");
  const inherited = path.endsWith(".liquid") ? (base.templates[path] ?? null) : (base.assets.get(path.slice("assets/".length))?.content.toString("utf8") ?? null);
  const [o] = await svc.db.select().from(themeOverrides).where(and(eq(themeOverrides.siteId, siteId), eq(themeOverrides.path, path)));
  if (inherited === null && !o) throw notFound("主题文件");
  return { path, inherited, override: o ? { content: o.content, version: o.version, updatedAt: o.updatedAt } : null };
}

// ---------------------------------------------------------------- rendering with a draft

const draftInput = z.record(z.string(), z.string().nullable(), { message: "草稿格式不正确" });

function draftIssues(draft: Record<string, string | null>): Issue[] {
  const issues: Issue[] = [];
  for (const [path, text] of Object.entries(draft)) {
    const p = checkOverride(path, text ?? "");
    if (p) issues.push({ path, message: p });
  }
  return issues;
}

/** Stored overrides with the draft's changes applied (null deletes an override). */
function merged(stored: Record<string, string>, draft: Record<string, string | null>): Record<string, string> {
  const out = { ...stored };
  for (const [p, t] of Object.entries(draft)) {
    if (t === null) delete out[p];
    else out[p] = t;
  }
  return out;
}

interface PageRef {
  kind: PageKind;
  path: string;
  label: string;
}

function pagesOf(snapshot: SiteSnapshot, want?: { kind: PageKind; columnId?: string | undefined; documentId?: string | undefined }): PageRef[] {
  const model = new SiteModel(snapshot);
  const out: PageRef[] = [];
  const kinds: PageKind[] = want ? [want.kind] : ["home", "column", "article"];
  for (const kind of kinds) {
    if (kind === "home") out.push({ kind, path: "index.html", label: "首页" });
    else if (kind === "column") {
      const c = want?.columnId ? snapshot.columns.find((x) => x.id === want.columnId) : [...snapshot.columns].sort((a, b) => a.sort - b.sort)[0];
      if (!c) {
        if (want) throw new AppError("VALIDATION_FAILED", want.columnId ? "所选栏目不属于该站点或未公开。" : "该站点还没有栏目，无法预览栏目页。");
        continue;
      }
      out.push({ kind, path: model.columnPagePath(c, "index.html"), label: `栏目页“${c.name}”` });
    } else {
      const docs = snapshot.documents.filter((d) => snapshot.columns.some((c) => c.id === d.columnId));
      const d = want?.documentId ? docs.find((x) => x.id === want.documentId) : docs.sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : -1))[0];
      if (!d) {
        if (want) throw new AppError("VALIDATION_FAILED", want.documentId ? "所选文章不属于该站点或未公开。" : "该站点还没有已发布的文章，无法预览文章页。");
        continue;
      }
      out.push({ kind, path: model.docPath(d), label: `文章页“${d.title}”` });
    }
  }
  return out;
}

function fail(message: string, problems: TemplateProblem[]): never {
  throw new AppError("THEME_INVALID", message, {
    issues: problems.map((p) => ({ path: p.line !== undefined ? `${p.file}:${p.line}` : p.file, message: p.message })),
  });
}

/** Renders one page; a Liquid error is reported with the template file and line. */
function render(snapshot: SiteSnapshot, themesRoot: string, page: PageRef, overrides: Record<string, string>): string {
  let html: string | undefined;
  try {
    html = previewPage(snapshot, page.path, { themesRoot, themeOverrides: overrides });
  } catch (e) {
    const p = describeLiquidError(e, "模板");
    const where = p.line !== undefined ? `${p.file} 第 ${p.line} 行` : p.file;
    fail(`渲染${page.label}时出错（${where}）：${p.message}`, [p]);
  }
  if (html === undefined) throw new AppError("NOT_FOUND", `${page.label}不存在，无法预览。`);
  return html;
}

/** Syntax of every overridden template, then the norm-bearing pages rendered and checked. */
function validateDraft(snapshot: SiteSnapshot, themesRoot: string, themeName: string, overrides: Record<string, string>): void {
  if (Object.keys(overrides).length > OVERRIDE_LIMITS.maxFiles) throw new AppError("THEME_INVALID", `每个站点最多覆盖 ${OVERRIDE_LIMITS.maxFiles} 个主题文件。`);
  const issues = draftIssues(overrides);
  if (issues.length) throw new AppError("THEME_INVALID", issues[0]!.message, { issues });
  const theme = loadTheme(themesRoot, themeName, overrides);
  const syntax = checkTemplateSyntax(theme.templates, Object.keys(overrides).filter((p) => p.endsWith(".liquid")));
  if (syntax.length) {
    const p = syntax[0]!;
    fail(`模板 ${p.file}${p.line !== undefined ? ` 第 ${p.line} 行` : ""}有语法错误：${p.message}`, syntax);
  }
  const scope = { host: snapshot.site.domain.toLowerCase(), aliases: new Set<string>(), prefix: snapshot.site.pathPrefix, allowHosts: [] };
  const problems: TemplateProblem[] = [];
  for (const page of pagesOf(snapshot)) {
    const before = extractPage(render(snapshot, themesRoot, page, {}));
    const after = extractPage(render(snapshot, themesRoot, page, overrides));
    const url = `http://${scope.host}${snapshot.site.pathPrefix}${page.path}`;
    for (const name of NORM_METAS) {
      const k = name.toLowerCase();
      if (before.metas.get(k) && !after.metas.get(k)) problems.push({ file: page.label, message: `缺少网页规范要求的 meta 标签 ${name}` });
    }
    const ob = observePage(before, url, page.kind === "home", scope, new Date());
    const oa = observePage(after, url, page.kind === "home", scope, new Date());
    for (const key of oa.footerMissing) {
      if (!ob.footerMissing.includes(key)) problems.push({ file: page.label, message: `页面底部缺少${FOOTER_NAMES[key] ?? key}` });
    }
  }
  if (problems.length) {
    fail(`修改后的模板不符合政府网站网页规范：${problems.map((p) => `${p.file}${p.message}`).join("；")}。国家规范要求的标签和底部信息不能删除。`, problems);
  }
}

/** Stylesheets of the theme inlined, scripts dropped: the preview frame loads nothing else. */
function inlineAssets(html: string, themesRoot: string, themeName: string, overrides: Record<string, string>): string {
  const theme = loadTheme(themesRoot, themeName, overrides);
  const css = new Map<string, string>();
  for (const a of theme.assets.values()) if (a.name.endsWith(".css")) css.set(a.published, a.content.toString("utf8"));
  return html
    .replace(/<script\b[\s\S]*?<\/script>/gi, "")
    .replace(/<link\b[^>]*>/gi, (tag) => {
      const href = /href="([^"]+)"/i.exec(tag)?.[1] ?? "";
      const file = href.split("/").pop() ?? "";
      const text = css.get(file);
      if (/rel="?stylesheet/i.test(tag) && text !== undefined) return `<style>${text.replace(/<\/style/gi, "<\\/style")}</style>`;
      return "";
    });
}

const previewInput = z.object({
  draft: draftInput.default({}),
  page: z.enum(["home", "column", "article"], { message: "请选择要预览的页面：首页、栏目页或文章页" }).default("home"),
  columnId: z.string().uuid("栏目编号格式不正确").optional(),
  documentId: z.string().uuid("文章编号格式不正确").optional(),
});

/** Renders a page of the site with the draft applied over the stored overrides (nothing saved). */
export async function previewTheme(svc: Services, actor: Actor, siteId: string, raw: unknown) {
  const site = await siteFor(svc, actor, siteId);
  const input = parse(previewInput, raw);
  const issues = draftIssues(input.draft);
  if (issues.length) throw new AppError("THEME_INVALID", issues[0]!.message, { issues });
  const overrides = merged(await siteThemeOverrides(svc.db, siteId), input.draft);
  const snapshot = await buildSnapshot(svc.db, siteId);
  const [page] = pagesOf(snapshot, { kind: input.page, columnId: input.columnId, documentId: input.documentId });
  const themeName = site.theme || "default";
  let theme;
  try {
    theme = loadTheme(THEMES_ROOT, themeName, overrides);
  } catch (e) {
    throw new AppError("THEME_INVALID", (e as Error).message);
  }
  const syntax = checkTemplateSyntax(theme.templates, Object.keys(overrides).filter((p) => p.endsWith(".liquid")));
  if (syntax.length) {
    const p = syntax[0]!;
    fail(`模板 ${p.file}${p.line !== undefined ? ` 第 ${p.line} 行` : ""}有语法错误：${p.message}`, syntax);
  }
  const html = inlineAssets(render(snapshot, THEMES_ROOT, page!, overrides), THEMES_ROOT, themeName, overrides);
  return { page: page!.kind, path: page!.path, label: page!.label, html, token: rememberPreview(actor.userId, html) };
}

// Rendered previews handed to the console's sandboxed frame by a one-time token (per person, 10 minutes).
const previews = new Map<string, { userId: string; html: string; expires: number }>();
function rememberPreview(userId: string, html: string): string {
  const t = Date.now();
  for (const [k, v] of previews) if (v.expires < t) previews.delete(k);
  while (previews.size > 200) previews.delete(previews.keys().next().value!);
  const token = randomBytes(18).toString("base64url");
  previews.set(token, { userId, html, expires: t + 10 * 60_000 });
  return token;
}

/** The HTML of a preview rendered earlier by the same person. */
export function previewHtml(actor: Actor, token: string): string {
  const p = previews.get(token);
  if (!p || p.userId !== actor.userId || p.expires < Date.now()) throw new AppError("NOT_FOUND", "预览已过期，请重新点击“预览”。");
  return p.html;
}

// ---------------------------------------------------------------- saving, history, restore

async function nextVersion(tx: DbOrTx, siteId: string, path: string): Promise<number> {
  const [r] = await tx.select({ v: max(themeOverrideVersions.version) }).from(themeOverrideVersions).where(and(eq(themeOverrideVersions.siteId, siteId), eq(themeOverrideVersions.path, path)));
  return (r?.v ?? 0) + 1;
}

/**
 * Validates the site with one file changed (text, or null to go back to the inherited file),
 * stores it with a history row, audits it and enqueues a full rebuild of the site.
 */
async function change(svc: Services, actor: Actor, siteId: string, path: string, content: string | null, expectedVersion: number | null | undefined, action: "save" | "delete" | "restore") {
  const site = await siteFor(svc, actor, siteId);
  const p = checkOverride(path, content ?? "");
  if (p) throw new AppError("THEME_INVALID", p, { issues: [{ path: "path", message: p }] });
  const stored = await siteThemeOverrides(svc.db, siteId);
  const overrides = merged(stored, { [path]: content });
  const snapshot = await buildSnapshot(svc.db, siteId);
  validateDraft(snapshot, THEMES_ROOT, site.theme || "default", overrides);
  return svc.db.transaction(async (tx) => {
    const [before] = await tx.select().from(themeOverrides).where(and(eq(themeOverrides.siteId, siteId), eq(themeOverrides.path, path))).for("update");
    if (expectedVersion !== undefined && (before?.version ?? null) !== expectedVersion) {
      throw new AppError("CONFLICT", `文件 ${path} 已被他人修改，请刷新后重试。`);
    }
    if (content === null && !before) throw notFound("该文件的站点覆盖");
    const version = await nextVersion(tx, siteId, path);
    const who = `${actor.realName}（${actor.username}）`;
    await tx.insert(themeOverrideVersions).values({ siteId, path, version, content, action, createdBy: actor.userId, createdByName: who });
    let after = null;
    if (content === null) await tx.delete(themeOverrides).where(eq(themeOverrides.id, before!.id));
    else if (before) [after] = await tx.update(themeOverrides).set({ content, version, updatedBy: actor.userId, updatedAt: new Date() }).where(eq(themeOverrides.id, before.id)).returning();
    else [after] = await tx.insert(themeOverrides).values({ siteId, path, content, version, updatedBy: actor.userId }).returning();
    const names = { save: "保存", delete: "删除", restore: "恢复" } as const;
    await recordAudit(tx, auditActorOf(actor), {
      action: action === "save" ? "theme.save" : action === "delete" ? "theme.delete" : "theme.restore",
      targetType: "site",
      targetId: siteId,
      summary: `${names[action]}站点“${site.name}”的主题文件 ${path}（第 ${version} 版）`,
      before: before ? { path, version: before.version, content: before.content } : null,
      after: after ? { path, version: after.version, content: after.content } : null,
    });
    // A site-wide outbox event: the worker rebuilds the whole site with the new overrides.
    await tx.insert(publishEvents).values({ siteId, documentId: null, kind: "site", version: 0 });
    return { path, version, override: after ? { content: after.content, version: after.version } : null };
  });
}

const saveInput = z.object({
  path: z.string({ message: "缺少文件路径" }).trim().min(1, "缺少文件路径"),
  content: z.string({ message: "文件内容必须是文本" }),
  expectedVersion: z.number().int().nullable().optional(),
});

/** 保存并发布: stores one override file and enqueues the rebuild. */
export async function saveOverride(svc: Services, actor: Actor, siteId: string, raw: unknown) {
  const input = parse(saveInput, raw);
  return change(svc, actor, siteId, input.path, input.content, input.expectedVersion, "save");
}

/** Deletes an override: the site goes back to the inherited file. */
export async function deleteOverride(svc: Services, actor: Actor, siteId: string, raw: unknown) {
  const input = parse(z.object({ path: z.string({ message: "缺少文件路径" }).min(1, "缺少文件路径"), expectedVersion: z.number().int().nullable().optional() }), raw);
  return change(svc, actor, siteId, input.path, null, input.expectedVersion, "delete");
}

/** Saved versions of the site's overrides (of one file, or all), newest first. */
export async function overrideHistory(svc: Services, actor: Actor, siteId: string, raw: unknown) {
  await siteFor(svc, actor, siteId);
  const q = parse(z.object({ path: z.string().optional() }), raw);
  const where = q.path ? and(eq(themeOverrideVersions.siteId, siteId), eq(themeOverrideVersions.path, q.path)) : eq(themeOverrideVersions.siteId, siteId);
  const rows = await svc.db.select().from(themeOverrideVersions).where(where).orderBy(desc(themeOverrideVersions.createdAt), desc(themeOverrideVersions.version)).limit(200);
  return { items: rows.map((r) => ({ id: r.id, path: r.path, version: r.version, action: r.action, content: r.content, createdByName: r.createdByName, createdAt: r.createdAt })) };
}

/** Restores a previous version (its text, or the inherited file if it was a deletion) as a new version. */
export async function restoreVersion(svc: Services, actor: Actor, siteId: string, versionId: string) {
  await siteFor(svc, actor, siteId);
  if (!z.string().uuid().safeParse(versionId).success) throw notFound("主题文件版本");
  const [v] = await svc.db.select().from(themeOverrideVersions).where(and(eq(themeOverrideVersions.id, versionId), eq(themeOverrideVersions.siteId, siteId)));
  if (!v) throw notFound("主题文件版本");
  return change(svc, actor, siteId, v.path, v.content, undefined, "restore");
}

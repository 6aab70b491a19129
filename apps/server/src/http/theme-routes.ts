// The theme editor's API (issue 5): inherited files, per-site overrides, preview, save and publish,
// history and restore. Registered under /api.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Services } from "../services.ts";
import { actorOf } from "./auth.ts";
import * as themes from "../modules/themes/themes.ts";

const T = ["主题"];
const siteParam = z.object({ siteId: z.string() });
const loose = z.record(z.string(), z.unknown());

/** The preview frame may show the page and its inline styles and images, nothing else. */
export const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; form-action 'none'; frame-ancestors 'self'; base-uri 'none'; sandbox";

export async function registerThemeRoutes(api: FastifyInstance, svc: Services) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  r.get("/themes/:siteId", { schema: { tags: T, summary: "站点主题：继承的主题文件和本站覆盖的文件", params: siteParam } }, async (req) => themes.themeOverview(svc, actorOf(req), req.params.siteId));
  r.get("/themes/:siteId/file", { schema: { tags: T, summary: "一个主题文件：继承的原文（只读）和本站覆盖", params: siteParam, querystring: z.object({ path: z.string().optional() }) } }, async (req) =>
    themes.themeFile(svc, actorOf(req), req.params.siteId, req.query.path),
  );
  r.post("/themes/:siteId/preview", { schema: { tags: T, summary: "用未保存的修改预览首页、栏目页或文章页（不发布）", params: siteParam, body: loose } }, async (req) =>
    themes.previewTheme(svc, actorOf(req), req.params.siteId, req.body),
  );
  r.get("/themes/preview/:token", { schema: { tags: T, summary: "预览页面（在受限的沙箱框架中显示）", params: z.object({ token: z.string() }) } }, async (req, reply) => {
    const html = themes.previewHtml(actorOf(req), req.params.token);
    return reply.header("content-security-policy", PREVIEW_CSP).header("x-frame-options", "SAMEORIGIN").header("cache-control", "no-store").type("text/html; charset=utf-8").send(html);
  });
  r.put("/themes/:siteId/override", { schema: { tags: T, summary: "保存并发布一个主题文件（校验后保存，排队重新生成全站）", params: siteParam, body: loose } }, async (req) =>
    themes.saveOverride(svc, actorOf(req), req.params.siteId, req.body),
  );
  r.post("/themes/:siteId/override/delete", { schema: { tags: T, summary: "删除本站覆盖，恢复使用继承的文件", params: siteParam, body: loose } }, async (req) =>
    themes.deleteOverride(svc, actorOf(req), req.params.siteId, req.body),
  );
  r.get("/themes/:siteId/history", { schema: { tags: T, summary: "主题文件的历史版本", params: siteParam, querystring: loose } }, async (req) => themes.overrideHistory(svc, actorOf(req), req.params.siteId, req.query));
  r.post("/themes/:siteId/history/:versionId/restore", { schema: { tags: T, summary: "恢复一个历史版本（作为新版本保存并发布）", params: z.object({ siteId: z.string(), versionId: z.string() }) } }, async (req) =>
    themes.restoreVersion(svc, actorOf(req), req.params.siteId, req.params.versionId),
  );
}

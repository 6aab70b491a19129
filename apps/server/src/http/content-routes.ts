// Content, review, publishing, attachments, sharing and the publishing register.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import multipart from "@fastify/multipart";
import { z } from "zod";
import { and, inArray } from "drizzle-orm";
import type { Services } from "../services.ts";
import { AppError } from "../lib/errors.ts";
import { actorOf } from "./auth.ts";
import * as docs from "../modules/content/documents.ts";
import * as review from "../modules/content/review.ts";
import * as publish from "../modules/content/publish.ts";
import * as share from "../modules/content/share.ts";
import * as register from "../modules/content/register.ts";
import { maxUploadBytes, readMedia, uploadMedia } from "../modules/media/media.ts";
import { TOPICS, VALIDITY } from "../modules/content/types.ts";
import { takedowns } from "../db/schema.ts";
import { readableSites } from "../modules/content/access.ts";

const id = z.object({ id: z.string().uuid("编号格式不正确") });
const loose = z.record(z.string(), z.unknown());
const T = { content: ["信息发布"], review: ["三审三校"], media: ["附件"] };

export async function registerContentRoutes(app: FastifyInstance, svc: Services) {
  await app.register(multipart, { limits: { fileSize: maxUploadBytes(svc), files: 1, fields: 5 } });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get("/content/meta", { schema: { tags: T.content, summary: "信息类型、主题分类、有效性、审核环节和审核要点" } }, async (req) => {
    actorOf(req);
    const rv = svc.profile.values.review;
    return { ...docs.contentMeta(), topics: TOPICS, validity: VALIDITY, steps: rv.steps, checklist: rv.checklist };
  });

  r.get("/documents", { schema: { tags: T.content, summary: "稿件列表（按本人可见站点）", querystring: loose } }, async (req) => docs.listDocuments(svc, actorOf(req), req.query));
  r.post("/documents", { schema: { tags: T.content, summary: "新建稿件（第 1 版草稿）", body: loose } }, async (req, reply) => reply.status(201).send(await docs.createDocument(svc, actorOf(req), req.body)));
  r.get("/documents/:id", { schema: { tags: T.content, summary: "稿件详情：草稿、在线版本、审核进度和签署记录", params: id } }, async (req) => docs.getDocument(svc, actorOf(req), req.params.id));
  r.put("/documents/:id/draft", { schema: { tags: T.content, summary: "保存新版本（已发布稿件生成新草稿，在线页面不变）", params: id, body: loose } }, async (req) => docs.saveDraft(svc, actorOf(req), req.params.id, req.body));
  r.get("/documents/:id/revisions", { schema: { tags: T.content, summary: "版本历史", params: id } }, async (req) => ({ items: await docs.listRevisions(svc, actorOf(req), req.params.id) }));
  r.get("/documents/:id/compare", { schema: { tags: T.content, summary: "比较两个版本", params: id, querystring: z.object({ from: z.string().uuid(), to: z.string().uuid() }) } }, async (req) =>
    docs.compareRevisions(svc, actorOf(req), req.params.id, req.query.from, req.query.to),
  );
  r.post("/documents/:id/check", { schema: { tags: T.content, summary: "对当前版本运行错敏信息检查", params: id } }, async (req) => {
    const actor = actorOf(req);
    const d = await docs.getDocument(svc, actor, req.params.id);
    const rev = d.draft ?? d.live!;
    return { findings: await review.checkRevision(svc, svc.db, rev) };
  });
  r.post("/checks", { schema: { tags: T.content, summary: "编辑器实时检查：对一段文本或 HTML 运行错敏信息检查", body: z.object({ text: z.string().max(2_000_000).optional(), html: z.string().max(2_000_000).optional(), documentKind: z.string().optional() }) } }, async (req) => {
    actorOf(req);
    const c = svc.checker();
    const ctx = { documentKind: req.body.documentKind ?? "ordinary" };
    return { findings: req.body.html !== undefined ? c.checkHtml(req.body.html, ctx) : c.checkText(req.body.text ?? "", ctx) };
  });

  r.post("/documents/:id/submit", { schema: { tags: T.review, summary: "送审（先运行自动检查；送审即完成撰稿人的一审，须确认审核要点）", params: id, body: z.object({ revisionId: z.string().uuid(), checklist: z.array(z.string()).optional() }) } }, async (req) => review.submitForReview(svc, actorOf(req), req.params.id, req.body));
  r.post("/documents/:id/override-checks", { schema: { tags: T.review, summary: "签发领导书面确认保留阻断性检查结果", params: id, body: z.object({ reason: z.string() }) } }, async (req) => review.overrideChecks(svc, actorOf(req), req.params.id, req.body));
  r.post("/documents/:id/withdraw-submission", { schema: { tags: T.review, summary: "撤回送审", params: id } }, async (req) => {
    await review.withdrawSubmission(svc, actorOf(req), req.params.id);
    return { ok: true };
  });
  r.get("/reviews/inbox", { schema: { tags: T.review, summary: "我的待办（待我审核的稿件）" } }, async (req) => ({ items: await review.inbox(svc, actorOf(req)) }));
  r.post("/reviews/:id/decide", { schema: { tags: T.review, summary: "审核：通过（确认审核要点）或退回（写明理由，可退回到之前环节）", params: id, body: loose } }, async (req) => review.decide(svc, actorOf(req), req.params.id, req.body));

  r.post("/documents/:id/unpublish", { schema: { tags: T.content, summary: "撤回（保留页面并公告）、删除或重定向已发布信息", params: id, body: loose } }, async (req) => ({ document: await publish.unpublish(svc, actorOf(req), req.params.id, req.body) }));
  r.post("/documents/:id/takedown", { schema: { tags: T.content, summary: "监管员发出紧急撤稿通知（限时处置）", params: id, body: loose } }, async (req, reply) => reply.status(201).send({ takedown: await publish.flagForTakedown(svc, actorOf(req), req.params.id, req.body) }));
  r.get("/takedowns", { schema: { tags: T.content, summary: "紧急撤稿通知", querystring: z.object({ status: z.string().optional() }) } }, async (req) => {
    const actor = actorOf(req);
    const sites = readableSites(actor);
    const rows = await svc.db.select().from(takedowns).where(and(req.query.status ? inArray(takedowns.status, req.query.status.split(",")) : undefined));
    if (!sites) return { items: rows };
    const visible = [];
    for (const t of rows) {
      const d = await docs.loadDocument(svc.db, t.documentId);
      if (sites.includes(d.siteId)) visible.push(t);
    }
    return { items: visible };
  });

  r.post("/media", { schema: { tags: T.media, summary: "上传附件或图片（multipart，字段名 file）", consumes: ["multipart/form-data"] } }, async (req, reply) => {
    const actor = actorOf(req);
    let file;
    try {
      file = await req.file();
    } catch (err) {
      if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw new AppError("PAYLOAD_TOO_LARGE", `文件超过 ${svc.profile.values.media.maxUploadMb} MB 的大小限制，未保存。`);
      throw new AppError("BAD_REQUEST", "上传格式不正确，请使用表单上传文件。");
    }
    if (!file) throw new AppError("VALIDATION_FAILED", "没有收到文件。");
    let bytes: Buffer;
    try {
      bytes = await file.toBuffer();
    } catch (err) {
      if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw new AppError("PAYLOAD_TOO_LARGE", `文件超过 ${svc.profile.values.media.maxUploadMb} MB 的大小限制，未保存。`);
      throw err;
    }
    return reply.status(201).send({ media: await uploadMedia(svc, actor, { filename: file.filename, bytes, truncated: file.file.truncated }) });
  });
  r.get("/media/:id/info", { schema: { tags: T.media, summary: "附件信息（名称、类型、大小、病毒扫描结果）", params: id } }, async (req) => {
    actorOf(req);
    const { media } = await readMedia(svc, req.params.id);
    return { media: { id: media.id, originalName: media.originalName, size: media.size, mime: media.mime, ext: media.ext, scan: media.scan, createdAt: media.createdAt } };
  });
  r.get("/media/:id", { schema: { tags: T.media, summary: "下载附件", params: id } }, async (req, reply) => {
    actorOf(req);
    const { media, bytes } = await readMedia(svc, req.params.id);
    return reply.header("content-type", media.mime).header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(media.originalName)}`).send(bytes);
  });

  r.post("/documents/:id/submissions", { schema: { tags: T.content, summary: "报送到其他站点栏目", params: id, body: loose } }, async (req, reply) => reply.status(201).send({ submission: await share.submitToColumn(svc, actorOf(req), req.params.id, req.body) }));
  r.get("/submissions", { schema: { tags: T.content, summary: "报送与采用", querystring: z.object({ status: z.string().optional() }) } }, async (req) => ({ items: await share.listSubmissions(svc, actorOf(req), req.query.status) }));
  r.post("/submissions/:id/adopt", { schema: { tags: T.content, summary: "采用报送信息", params: id, body: loose.optional() } }, async (req) => share.decideSubmission(svc, actorOf(req), req.params.id, true, req.body));
  r.post("/submissions/:id/decline", { schema: { tags: T.content, summary: "不采用报送信息", params: id, body: loose.optional() } }, async (req) => share.decideSubmission(svc, actorOf(req), req.params.id, false, req.body));

  r.get("/register", { schema: { tags: T.content, summary: "信息发布登记", querystring: loose } }, async (req) => register.publishRegister(svc, actorOf(req), req.query));
  r.get("/register/export", { schema: { tags: T.content, summary: "导出信息发布登记（Excel）", querystring: loose } }, async (req, reply) => {
    const buf = await register.registerWorkbook(svc, actorOf(req), req.query);
    return reply
      .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .header("content-disposition", `attachment; filename="register.xlsx"; filename*=UTF-8''${encodeURIComponent("信息发布登记.xlsx")}`)
      .send(buf);
  });
}

// The fields of a revision: parsed, sanitised and checked for what the product requires (reprint
// source, disclosure metadata, alt text, policy ↔ interpretation links). Problems come back as a
// list of field issues in Chinese.
import { z } from "zod";
import type { Issue } from "../../lib/errors.ts";
import { docType, TOPICS, VALIDITY } from "./types.ts";
import { htmlToText, imagesWithoutAlt, sanitizeRichText } from "./sanitize.ts";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD");
const isoTime = z.string().datetime({ offset: true, message: "时间格式不正确" });
const uuid = z.string().uuid();

export const fieldsSchema = z.object({
  title: z.string().trim().min(1, "请填写标题").max(200, "标题不超过 200 字"),
  subtitle: z.string().trim().max(200).default(""),
  bodyHtml: z.string().max(2_000_000, "正文过长").default(""),
  summary: z.string().trim().max(500, "摘要不超过 500 字").default(""),
  author: z.string().trim().max(50).default(""),
  editor: z.string().trim().max(50).default(""),
  source: z.string().trim().max(100).default(""),
  keywords: z.array(z.string().trim().min(1).max(20)).max(10, "关键词不超过 10 个").default([]),
  primaryColumnId: uuid,
  otherColumnIds: z.array(uuid).max(20).default([]),
  publishAt: isoTime.nullish(),
  images: z.array(z.object({ mediaId: uuid, alt: z.string().trim().max(200), caption: z.string().trim().max(200).default("") })).max(100).default([]),
  attachments: z.array(z.object({ mediaId: uuid, name: z.string().trim().min(1).max(200) })).max(50).default([]),
  reprint: z
    .object({ sourceSite: z.string().trim().max(100).default(""), originalUrl: z.string().trim().max(500).default(""), reprintedAt: isoTime.or(z.literal("")).default("") })
    .nullish(),
  disclosure: z
    .object({
      publisher: z.string().trim().max(100).default(""),
      writtenDate: isoDate.or(z.literal("")).default(""),
      docNumber: z.string().trim().max(60).default(""),
      topic: z.string().trim().max(60).default(""),
      genre: z.string().trim().max(30).default(""),
      validity: z.enum(VALIDITY).default("有效"),
      validityDate: isoDate.or(z.literal("")).default(""),
      replacedBy: uuid.nullish(),
    })
    .nullish(),
  partnerIds: z.array(uuid).max(10).default([]),
  importantPolicy: z.boolean().default(false),
  flags: z
    .object({
      opinionRisk: z.boolean().default(false),
      responsePlan: z.string().trim().max(5000).default(""),
      secrecyUncertain: z.boolean().default(false),
      homepage: z.boolean().default(false),
      homepageReason: z.string().trim().max(500).default(""),
      coIssuingUnitIds: z.array(uuid).max(20).default([]),
      documentKind: z.enum(["ordinary", "punishment_notice", "mandatory_disclosure"]).default("ordinary"),
    })
    .default({ opinionRisk: false, responsePlan: "", secrecyUncertain: false, homepage: false, homepageReason: "", coIssuingUnitIds: [], documentKind: "ordinary" }),
});
export type Fields = z.output<typeof fieldsSchema>;

/** Sanitises rich text in place and returns the plain text for checks and search. */
export function normaliseFields(f: Fields): { fields: Fields; text: string } {
  const bodyHtml = sanitizeRichText(f.bodyHtml);
  const fields = { ...f, bodyHtml };
  const text = [f.title, f.subtitle, f.summary, htmlToText(bodyHtml)].filter(Boolean).join("\n");
  return { fields, text };
}

export interface RequirementContext {
  type: string;
  authoritativeSources: string[];
  reprintFieldsRequired: boolean;
}

/**
 * What must be true before a revision can go to review. Drafts may be saved incomplete; submission
 * checks these.
 */
export function submissionIssues(f: Fields, ctx: RequirementContext): Issue[] {
  const issues: Issue[] = [];
  const t = docType(ctx.type);
  if (!htmlToText(f.bodyHtml).trim() && f.attachments.length === 0) issues.push({ path: "bodyHtml", message: "正文和附件不能都为空" });
  for (const src of imagesWithoutAlt(f.bodyHtml)) issues.push({ path: "bodyHtml", message: `正文图片缺少替代文字（alt）：${src.slice(0, 60)}` });
  f.images.forEach((img, i) => {
    if (!img.alt) issues.push({ path: `images.${i}.alt`, message: "图片须填写替代文字，供视障读者使用" });
  });
  if (!f.source) issues.push({ path: "source", message: "请填写信息来源（发布单位或转载来源）" });
  if (t?.reprint || f.reprint) {
    const r = f.reprint;
    if (ctx.reprintFieldsRequired || t?.reprint) {
      if (!r?.sourceSite) issues.push({ path: "reprint.sourceSite", message: "转载信息须注明来源网站" });
      if (!r?.originalUrl || !/^https?:\/\/\S+$/i.test(r.originalUrl)) issues.push({ path: "reprint.originalUrl", message: "转载信息须填写原文链接（http:// 或 https:// 开头）" });
      if (!r?.reprintedAt) issues.push({ path: "reprint.reprintedAt", message: "转载信息须填写转载时间" });
    }
  }
  if (t?.disclosure) {
    const d = f.disclosure;
    if (!d?.publisher) issues.push({ path: "disclosure.publisher", message: "请填写发布机构" });
    if (!d?.writtenDate) issues.push({ path: "disclosure.writtenDate", message: "请填写成文日期" });
    if (d?.topic && !(TOPICS as readonly string[]).includes(d.topic)) issues.push({ path: "disclosure.topic", message: "主题分类不在目录分类中" });
    if (d && d.validity !== "有效" && !d.validityDate) issues.push({ path: "disclosure.validityDate", message: `有效性为“${d.validity}”时须填写日期` });
    if (d && (d.validity === "已修改" || d.validity === "废止") && d.validity === "已修改" && !d.replacedBy) issues.push({ path: "disclosure.replacedBy", message: "已修改的文件须关联修改后的文件" });
  }
  if (f.flags.opinionRisk && !f.flags.responsePlan.trim()) issues.push({ path: "flags.responsePlan", message: "可能引发舆情的信息须附舆情应对预案" });
  if (f.flags.homepage && !f.flags.homepageReason.trim()) issues.push({ path: "flags.homepageReason", message: "申请首页发布须填写信息发布申请理由" });
  if (f.otherColumnIds.includes(f.primaryColumnId)) issues.push({ path: "otherColumnIds", message: "同步栏目不能与主栏目相同" });
  return issues;
}

/** A source is authoritative when it names one of the profile's sources or a government site. */
export function isAuthoritativeSource(f: Fields, list: string[]): boolean {
  const r = f.reprint;
  if (!r) return true;
  let host = "";
  try {
    host = new URL(r.originalUrl).hostname;
  } catch {
    /* judged by name only */
  }
  if (/\.gov\.cn$/.test(host)) return true;
  return list.some((s) => r.sourceSite.includes(s) || (host && (host === s || host.endsWith(`.${s}`))));
}

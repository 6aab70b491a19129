// Comparing two revisions: which fields changed, and for text fields the changed passages.
import { diffChars } from "diff";
import type { Fields } from "./fields.ts";
import { htmlToText } from "./sanitize.ts";

const LABELS: Record<string, string> = {
  title: "标题",
  subtitle: "副标题",
  bodyHtml: "正文",
  summary: "摘要",
  author: "作者",
  editor: "责任编辑",
  source: "来源",
  keywords: "关键词",
  primaryColumnId: "主栏目",
  otherColumnIds: "同步栏目",
  publishAt: "发布时间",
  images: "图片",
  attachments: "附件",
  reprint: "转载信息",
  disclosure: "公开属性",
  partnerIds: "关联政策/解读",
  importantPolicy: "重要政策文件",
  flags: "审核标记",
};

export interface FieldChange {
  field: string;
  label: string;
  /** For text: runs of unchanged, added and removed text. For others: before and after values. */
  parts?: Array<{ value: string; added?: boolean; removed?: boolean }>;
  before?: unknown;
  after?: unknown;
}

const TEXT_FIELDS = new Set(["title", "subtitle", "summary", "author", "editor", "source"]);

export function diffRevisions(a: Fields, b: Fields): FieldChange[] {
  const out: FieldChange[] = [];
  for (const key of Object.keys(LABELS)) {
    const va = (a as Record<string, unknown>)[key];
    const vb = (b as Record<string, unknown>)[key];
    if (JSON.stringify(va ?? null) === JSON.stringify(vb ?? null)) continue;
    if (key === "bodyHtml" || TEXT_FIELDS.has(key)) {
      const ta = key === "bodyHtml" ? htmlToText(String(va ?? "")) : String(va ?? "");
      const tb = key === "bodyHtml" ? htmlToText(String(vb ?? "")) : String(vb ?? "");
      out.push({ field: key, label: LABELS[key]!, parts: diffChars(ta, tb).map((p) => ({ value: p.value, ...(p.added ? { added: true } : {}), ...(p.removed ? { removed: true } : {}) })) });
    } else out.push({ field: key, label: LABELS[key]!, before: va ?? null, after: vb ?? null });
  }
  return out;
}

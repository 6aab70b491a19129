// Chinese names and colours for the content codes.
import type { DocState, Severity } from "./types";

export const severityLabels: Record<Severity, { text: string; color: string; hint: string }> = {
  block: { text: "必须修改", color: "red", hint: "不修改不能送审；确需保留的，须由签发领导书面确认。" },
  warn: { text: "请核实", color: "orange", hint: "请撰稿人和审核人逐条核实。" },
  info: { text: "提示", color: "blue", hint: "供参考。" },
};

export const categoryLabels: Record<string, string> = {
  secret: "涉密标识",
  pii: "个人信息",
  sensitive: "敏感词",
  expression: "严重表述错误",
  typo: "错别字",
  advert: "商业广告",
  link: "链接",
};

export const stateColors: Record<DocState, string> = {
  draft: "default",
  in_review: "processing",
  approved: "cyan",
  scheduled: "purple",
  publish_failed: "error",
  published: "success",
  withdrawn: "warning",
  removed: "default",
  redirected: "geekblue",
};

/** The states offered as filters in the document list. */
export const stateOptions: { value: DocState; label: string }[] = [
  { value: "draft", label: "草稿" },
  { value: "in_review", label: "审核中" },
  { value: "approved", label: "已签发待发布" },
  { value: "scheduled", label: "定时发布" },
  { value: "publish_failed", label: "发布失败" },
  { value: "published", label: "已发布" },
  { value: "withdrawn", label: "已撤回" },
  { value: "removed", label: "已删除" },
  { value: "redirected", label: "已重定向" },
];

export const decisionLabels: Record<string, { text: string; color: string }> = {
  submit: { text: "送审", color: "blue" },
  approve: { text: "通过", color: "green" },
  reject: { text: "退回", color: "red" },
  withdraw: { text: "撤回送审", color: "default" },
  override: { text: "书面确认", color: "orange" },
};

export const documentKindLabels: Record<string, string> = {
  ordinary: "一般信息",
  punishment_notice: "惩戒公示、行政处罚决定公示",
  mandatory_disclosure: "法定强制性信息披露",
};

export const unpublishModes = {
  withdraw: { text: "撤回", hint: "页面保留标题并显示撤回公告，正文不再公开。" },
  remove: { text: "删除", hint: "页面从网站上移除，访问时提示信息不存在。" },
  redirect: { text: "重定向", hint: "访问原地址时转到新的地址（如更正后的信息）。" },
} as const;

export const submissionStatusLabels: Record<string, { text: string; color: string }> = {
  pending: { text: "待采用", color: "gold" },
  adopted: { text: "已采用", color: "green" },
  declined: { text: "未采用", color: "default" },
};

export const takedownStatusLabels: Record<string, { text: string; color: string }> = {
  open: { text: "待处置", color: "red" },
  escalated: { text: "已超时上报", color: "volcano" },
  done: { text: "已撤下", color: "green" },
  taken_down_by_supervisor: { text: "监管员已撤下", color: "purple" },
};

export function fmtSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

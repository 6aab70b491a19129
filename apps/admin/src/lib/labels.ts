// Chinese names for the codes the server uses.
import type { SiteKind, SiteStatus, UnitType, UserStatus, RequestStatus, ColumnRequest } from "./types";

export const unitTypeLabels: Record<UnitType, string> = {
  government_office: "政府办公室",
  egov_center: "电子政务中心",
  department: "政府部门",
  township: "乡镇",
  street: "街道",
  institution: "事业单位",
};

export const userStatusLabels: Record<UserStatus, { text: string; color: string }> = {
  pending_training: { text: "待培训", color: "gold" },
  active: { text: "正常", color: "green" },
  disabled: { text: "已停用", color: "default" },
};

export const siteKindLabels: Record<SiteKind, string> = {
  portal: "门户网站",
  department: "部门网站",
  subsite: "子站",
  topic: "专题",
};

export const siteStatusLabels: Record<SiteStatus, { text: string; color: string }> = {
  planning: { text: "筹建中", color: "blue" },
  running: { text: "运行中", color: "green" },
  offline: { text: "临时下线", color: "orange" },
  closed: { text: "已关停", color: "default" },
  archived: { text: "已归档", color: "purple" },
};

export const requestStatusLabels: Record<RequestStatus, { text: string; color: string }> = {
  pending: { text: "待审批", color: "gold" },
  approved: { text: "已批准", color: "green" },
  rejected: { text: "已驳回", color: "red" },
};

export const columnActionLabels: Record<ColumnRequest["action"], string> = {
  create: "新增栏目",
  update: "调整栏目",
  archive: "归档栏目",
  delete: "删除栏目",
};

export const roleLabels: Record<string, string> = {
  system_admin: "系统管理员",
  auditor: "安全审计员",
  supervisor: "监管员",
  site_admin: "站点管理员",
  editor: "信息员",
  proofreader: "校对",
  reviewer: "审核",
  duty_officer: "值班员",
};

const levelNames = ["", "一审", "二审", "三审"];

export function reviewLevelLabel(level: number | null | undefined): string {
  if (!level) return "";
  return levelNames[level] ?? `${level}级`;
}

/** Field names of a column, for showing the payload of a change request. */
export const columnFieldLabels: Record<string, string> = {
  parentId: "上级栏目",
  name: "栏目名称",
  slug: "栏目路径",
  columnType: "栏目类型",
  category: "栏目分类",
  responsibleUnitId: "责任单位",
  responsibleUserId: "责任人",
  description: "栏目说明",
  keywords: "关键词",
  externalUrl: "外链地址",
  archived: "归档",
};

export const calendarKindLabels = { holiday: "放假", workday: "调休上班" } as const;
export const calendarSourceLabels = { seed: "国务院办公厅通知", manual: "人工调整" } as const;

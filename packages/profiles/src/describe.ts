// The active profile as the console shows it: one row per rule with a Chinese label, a display
// value in Chinese and the article it comes from.
import type { Profile } from "./resolve.ts";
import {
  ROLE_NAMES,
  type ChecklistItem,
  type ColumnCategory,
  type CountsAs,
  type ReviewStep,
  type RoleKey,
  type RuleKey,
} from "./schema.ts";

export interface ProfileRow {
  /** Dotted rule path; column categories expand to "columns.categories.<key>". */
  key: string;
  /** Chinese group heading, e.g. "账号与口令". */
  group: string;
  label: string;
  value: string;
  source: string;
  /** The profile in the chain that set the rule ("national" = 国家基线). */
  definedBy: string;
  note?: string;
}

const workdays = (n: unknown) => `${String(n)} 个工作日`;
const hours = (n: unknown) => `${String(n)} 小时`;
const minutes = (n: unknown) => `${String(n)} 分钟`;
const times = (n: unknown) => `${String(n)} 次`;
const items = (n: unknown) => `${String(n)} 个`;
const percent = (n: unknown) => `${String(n)}%`;
const within = (n: unknown) => `${workdays(n)}内`;
const forward = (n: unknown) => (n === 0 ? "当日转办" : `${workdays(n)}内`);
const yesNo = (yes: string, no: string) => (v: unknown) => (v === true ? yes : no);
const orNone = (f: (v: unknown) => string, none: string) => (v: unknown) => (v === null ? none : f(v));

/** 14 → "14 天"; 60 → "60 天（约 2 个月）"; 365 → "365 天（1 年）". */
export function formatDays(n: number): string {
  if (n >= 365 && n % 365 === 0) return `${n} 天（${n / 365} 年）`;
  if (n >= 30 && n % 30 === 0) return `${n} 天（约 ${n / 30} 个月）`;
  return `${n} 天`;
}
const days = (n: unknown) => formatDays(Number(n));

const monthDay = (v: unknown) => {
  const [m, d] = String(v).split("-");
  return `每年 ${Number(m)} 月 ${Number(d)} 日前`;
};

const COUNTS_AS_TEXT: Record<CountsAs, string> = {
  dynamic: "按“动态、要闻类”栏目检查",
  notice_policy: "按“通知公告、政策文件类”栏目检查",
  should_update: "按“应更新栏目”检查",
  static: "不计入栏目不更新检查",
};

function describeCategory(c: ColumnCategory): string {
  const cycle =
    c.intervalDays === null
      ? "内容变化时及时更新"
      : `每 ${formatDays(c.intervalDays)}至少更新 1 次，到期前 ${c.dueSoonDays} 天提醒`;
  return `${cycle}；${COUNTS_AS_TEXT[c.countsAs]}`;
}

function describeSteps(steps: unknown): string {
  return (steps as ReviewStep[])
    .map((s) => `${s.name}（${s.performer}${s.signOff && !s.name.includes("签发") ? "，签发" : ""}）`)
    .join(" → ");
}

function describeChecklist(list: unknown): string {
  return (list as ChecklistItem[]).map((i) => i.text).join("；");
}

interface Meta {
  group: string;
  label: string;
  format: (value: unknown) => string;
}

const G = {
  account: "账号与口令",
  audit: "审计与安全",
  columns: "栏目与更新",
  review: "审核发布",
  interaction: "政民互动",
  disclosure: "政府信息公开",
  media: "政务新媒体",
  site: "网站开设与关停",
  reports: "报表与考核",
  monitor: "监测预警",
} as const;

/** Every rule has a label: the `Record<RuleKey, …>` type makes a missing one a compile error. */
const META: Record<RuleKey, Meta> = {
  "password.minLength": { group: G.account, label: "口令最小长度", format: (v) => `${String(v)} 位` },
  "password.requiredClasses": {
    group: G.account,
    label: "口令须包含的字符类别数（数字、大写字母、小写字母、符号）",
    format: (v) => `至少 ${String(v)} 类`,
  },
  "password.rotationDays": { group: G.account, label: "口令更换周期", format: days },
  "password.expiryReminderDays": { group: G.account, label: "口令到期前提醒", format: (v) => `提前 ${String(v)} 天` },
  "password.historyCount": { group: G.account, label: "不得与最近几次口令相同", format: times },
  "password.lockoutThreshold": { group: G.account, label: "连续登录失败锁定阈值", format: times },
  "password.lockoutMinutes": { group: G.account, label: "锁定时长", format: minutes },
  "password.captchaAfterFailures": { group: G.account, label: "登录失败几次后须图形验证", format: times },
  "session.idleMinutes": { group: G.account, label: "无操作自动退出", format: minutes },
  "session.absoluteHours": { group: G.account, label: "单次登录最长有效时间", format: hours },
  "totp.requiredRoles": {
    group: G.account,
    label: "必须启用动态验证码（双因素）的角色",
    format: (v) => ((v as RoleKey[]).length ? (v as RoleKey[]).map((r) => ROLE_NAMES[r]).join("、") : "不强制"),
  },
  "account.trainingRequired": { group: G.account, label: "先培训后上岗（培训记录后方可启用账号）", format: yesNo("要求", "不要求") },
  "account.adminChangeFilingRequired": { group: G.account, label: "站点管理员变更备案", format: yesNo("要求", "不要求") },
  "account.offboardingCommitmentRequired": {
    group: G.account,
    label: "离岗交接、保密承诺和口令更换",
    format: yesNo("要求", "不要求"),
  },
  "account.passwordResetByWrittenRequest": {
    group: G.account,
    label: "重置口令须提交书面申请并经主管单位审批",
    format: yesNo("要求", "不要求"),
  },
  "audit.retentionMonths": { group: G.audit, label: "操作日志留存期限", format: (v) => `不少于 ${String(v)} 个月` },
  "security.separateAdminHost": { group: G.audit, label: "前台发布与后台管理分别部署", format: yesNo("要求", "不要求") },
  "security.attachmentVirusScan": { group: G.audit, label: "附件发布前查杀病毒", format: yesNo("要求", "不要求") },
  "calendar.warnMissingNextYearFromMonth": {
    group: G.audit,
    label: "工作日历缺少下一年节假日安排时开始提醒",
    format: (v) => `每年 ${String(v)} 月起`,
  },
  "columns.categories": { group: G.columns, label: "栏目类别与更新周期", format: () => "" },
  "columns.homepageMaxDays": { group: G.columns, label: "首页最长不更新天数（超过即单项否决）", format: days },
  "columns.homepageWarnDays": { group: G.columns, label: "首页不更新预警天数", format: days },
  "columns.blankCountsAsStale": { group: G.columns, label: "空白栏目视为应更新未更新栏目", format: yesNo("是", "否") },
  "columns.changeRequiresApproval": { group: G.columns, label: "栏目调整须经主管单位审批", format: yesNo("要求", "不要求") },
  "columns.changePublicNotice": { group: G.columns, label: "栏目调整对社会公示", format: yesNo("要求", "不要求") },
  "review.steps": { group: G.review, label: "三审三校流程", format: describeSteps },
  "review.checklist": { group: G.review, label: "审核要点", format: describeChecklist },
  "review.stepDeadlineWorkdays": { group: G.review, label: "每一审校环节办理时限", format: workdays },
  "review.resubmitRestartsAt": {
    group: G.review,
    label: "退回修改后重新送审",
    format: (v) => (v === "first_step" ? "从第一步重新审校" : "从退回的环节继续"),
  },
  "review.submitterMayNotApprove": { group: G.review, label: "送审人不得审核本人稿件", format: yesNo("是", "否") },
  "review.riskyContentRequiresPrincipal": {
    group: G.review,
    label: "可能引发舆情的信息须主要领导审签并制定预案",
    format: yesNo("要求", "不要求"),
  },
  "review.internalMattersRequireLeaderApproval": {
    group: G.review,
    label: "内部事项信息须分管领导批准后发布",
    format: yesNo("要求", "不要求"),
  },
  "review.jointPublicationRequiresConsent": {
    group: G.review,
    label: "联合形成的信息须书面征得相关单位同意",
    format: yesNo("要求", "不要求"),
  },
  "review.homepageRequiresApplication": {
    group: G.review,
    label: "首页发布须填写信息发布申请表",
    format: yesNo("要求", "不要求"),
  },
  "review.uncertainSecrecyToSecrecyOffice": {
    group: G.review,
    label: "不能确定是否涉密的送保密部门审核",
    format: yesNo("要求", "不要求"),
  },
  "interaction.errorReport.forwardWorkdays": { group: G.interaction, label: "网站找错（纠错）转办时限", format: forward },
  "interaction.errorReport.replyWorkdays": { group: G.interaction, label: "网站找错（纠错）答复时限（自受理之日起）", format: within },
  "interaction.mailbox.forwardWorkdays": { group: G.interaction, label: "领导信箱、政务邮箱来信转办时限", format: forward },
  "interaction.mailbox.replyWorkdays": { group: G.interaction, label: "领导信箱、政务邮箱来信答复时限（自受理之日起）", format: within },
  "interaction.consultation.forwardWorkdays": { group: G.interaction, label: "咨询转办时限", format: forward },
  "interaction.consultation.replyWorkdays": { group: G.interaction, label: "咨询答复时限（自受理之日起）", format: within },
  "interaction.complaint.forwardWorkdays": { group: G.interaction, label: "投诉转办时限", format: forward },
  "interaction.complaint.replyWorkdays": { group: G.interaction, label: "投诉答复时限（自受理之日起）", format: within },
  "interaction.suggestion.forwardWorkdays": { group: G.interaction, label: "建议转办时限", format: forward },
  "interaction.suggestion.replyWorkdays": { group: G.interaction, label: "建议答复时限（自受理之日起）", format: within },
  "interaction.unansweredVetoDays": {
    group: G.interaction,
    label: "有效留言超期未回应即单项否决",
    format: (v) => `超过 ${days(v)}`,
  },
  "interaction.interviewNoticeDays": { group: G.interaction, label: "在线访谈预告提前发布", format: (v) => `至少提前 ${String(v)} 天` },
  "interaction.letterExtensionMaxWorkdays": { group: G.interaction, label: "留言单次延期上限", format: (v) => `不超过 ${workdays(v)}` },
  "interaction.letterExtensionMaxCount": { group: G.interaction, label: "每件留言可延期次数", format: (v) => `不超过 ${String(v)} 次` },
  "interaction.publishRepliesEveryDays": {
    group: G.interaction,
    label: "留言办理情况公开频次",
    format: orNone((v) => `每 ${formatDays(Number(v))}至少公开 1 条`, "不作统一要求"),
  },
  "interaction.publishHandledLetters": {
    group: G.interaction,
    label: "留言办理情况除不属实等特殊情况外均应公开",
    format: yesNo("要求", "不要求"),
  },
  "disclosure.proactiveWorkdays": { group: G.disclosure, label: "主动公开时限（自形成或变更之日起）", format: workdays },
  "disclosure.answerWorkdays": { group: G.disclosure, label: "依申请公开答复时限", format: workdays },
  "disclosure.extensionWorkdays": { group: G.disclosure, label: "经批准可延长答复期限", format: (v) => `最长 ${workdays(v)}` },
  "disclosure.correctionNoticeWorkdays": { group: G.disclosure, label: "一次性告知补正时限", format: workdays },
  "disclosure.thirdPartyOpinionWorkdays": { group: G.disclosure, label: "第三方提出意见期限", format: workdays },
  "disclosure.thirdPartyTimeCounted": {
    group: G.disclosure,
    label: "征求第三方意见时间计入答复期限",
    format: yesNo("计入", "不计入"),
  },
  "disclosure.annualReportDepartmentDue": { group: G.disclosure, label: "部门政府信息公开年报公布", format: monthDay },
  "disclosure.annualReportGovernmentDue": { group: G.disclosure, label: "本级政府信息公开年报公布", format: monthDay },
  "takedown.hours": { group: G.review, label: "接到通知后删除敏感信息时限", format: (v) => `${hours(v)}内` },
  "takedown.severeFindingHours": { group: G.review, label: "严重错敏信息处置时限", format: (v) => `${hours(v)}内` },
  "takedown.republishRequiresFullReview": {
    group: G.review,
    label: "删除后修改重发须重新三审三校",
    format: yesNo("要求", "不要求"),
  },
  "reprint.importantPolicyHours": { group: G.review, label: "上级重要政策信息转载时限", format: (v) => `${hours(v)}内` },
  "reprint.sourceFieldsRequired": {
    group: G.review,
    label: "转载须标注来源网站、转载时间和原文链接",
    format: yesNo("要求", "不要求"),
  },
  "reprint.authoritativeSourcesOnly": {
    group: G.review,
    label: "原则上只转载党政机关网站和权威媒体信息",
    format: yesNo("要求", "不要求"),
  },
  "reprint.authoritativeSources": {
    group: G.review,
    label: "权威转载来源（此外须加审“非权威来源转载审批”）",
    format: (v) => (v as string[]).join("、") + "；以及 .gov.cn 政府网站",
  },
  "disclosure.indexNumberPattern": { group: G.disclosure, label: "索引号编码规则", format: (v) => String(v) },
  "media.maxUploadMb": { group: G.review, label: "附件大小上限", format: (v) => `${v} MB` },
  "media.allowedTypes": { group: G.review, label: "允许上传的附件类型", format: (v) => (v as string[]).join("、") },
  "newMedia.filingReviewWorkdays": { group: G.media, label: "新媒体备案审核时限", format: workdays },
  "newMedia.announcementWorkdays": {
    group: G.media,
    label: "变更、关停、注销公告时间",
    format: orNone((v) => `不少于 ${workdays(v)}`, "不作统一要求"),
  },
  "newMedia.updateIntervalDays": { group: G.media, label: "新媒体最长更新间隔", format: days },
  "newMedia.updateWarnDays": { group: G.media, label: "新媒体不更新预警天数", format: days },
  "newMedia.onePerPlatformPerUnit": { group: G.media, label: "一个单位在同一平台只开设一个账号", format: yesNo("是", "否") },
  "newMedia.approvalBeforeOpening": { group: G.media, label: "先审批后开设（严禁先开后报）", format: yesNo("要求", "不要求") },
  "site.temporaryOfflineMaxPerYear": { group: G.site, label: "每年临时下线次数上限", format: times },
  "site.temporaryOfflineMaxDays": { group: G.site, label: "每次临时下线最长天数", format: days },
  "site.forceMajeureNotCountedDays": {
    group: G.site,
    label: "不可抗力断电断网不计入下线次数的时长",
    format: (v) => `不超过 ${String(v)} 天`,
  },
  "site.closureAnnouncementDays": { group: G.site, label: "网站迁移、关停公告保留时间", format: (v) => `不少于 ${days(v)}` },
  "site.archiveLabel": { group: G.site, label: "归档页面标注", format: (v) => `“${String(v)}”及归档时间` },
  "reports.monthlyReportDay": {
    group: G.reports,
    label: "月度自查报告和月度报表报送",
    format: (v) => `每月 ${String(v)} 日前`,
  },
  "reports.annualWebsiteReportFilingDue": { group: G.reports, label: "网站年度报表填报", format: monthDay },
  "reports.annualWebsiteReportDue": { group: G.reports, label: "网站年度报表向社会公开", format: monthDay },
  "reports.bulletinPeriod": {
    group: G.reports,
    label: "检查情况通报周期",
    format: (v) => (v === "monthly" ? "每月" : "每季度"),
  },
  "reports.monthlyAssessmentLedger": { group: G.reports, label: "逐月形成量化考核台账", format: yesNo("要求", "不要求") },
  "reports.annualOperationReportMonth": {
    group: G.reports,
    label: "通报上一年度网站运行情况",
    format: orNone((v) => `每年 ${String(v)} 月`, "不作统一要求"),
  },
  "duty.roundTheClock": { group: G.monitor, label: "7×24 小时值班读网", format: yesNo("要求", "不要求") },
  "monitor.probesPerDay": { group: G.monitor, label: "首页可用性每天监测次数", format: (v) => `不少于 ${times(v)}` },
  "monitor.probeTimeoutSeconds": {
    group: G.monitor,
    label: "首页打开超时判定",
    format: (v) => `超过（含）${String(v)} 秒打不开记为不可访问 1 次`,
  },
  "monitor.availabilityWindowDays": { group: G.monitor, label: "可用性统计周期", format: days },
  "monitor.availabilityWarnPercent": { group: G.monitor, label: "不可访问比例预警", format: percent },
  "monitor.availabilityVetoPercent": { group: G.monitor, label: "不可访问比例单项否决", format: percent },
  "monitor.staleKeyColumnsVeto": {
    group: G.monitor,
    label: "动态要闻、通知公告、政策文件类栏目未更新数量否决线",
    format: items,
  },
  "monitor.staleShouldUpdateVeto": { group: G.monitor, label: "应更新但长期未更新栏目数量否决线", format: items },
  "monitor.blankColumnsVeto": { group: G.monitor, label: "空白栏目数量否决线", format: items },
  "monitor.blankColumnsWarn": { group: G.monitor, label: "空白栏目数量预警线", format: items },
  "monitor.newMediaStaleVetoDays": { group: G.monitor, label: "新媒体不更新单项否决", format: (v) => `${days(v)}无更新` },
  "monitor.ticketSevereHours": { group: G.monitor, label: "严重问题整改时限", format: (v) => `${hours(v)}内` },
  "monitor.ticketWarnWorkdays": { group: G.monitor, label: "一般问题整改时限", format: within },
  "monitor.ticketInfoWorkdays": { group: G.monitor, label: "提示类问题整改时限", format: within },
};

function valueAt(values: unknown, key: string): unknown {
  let node = values;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** The label of a rule, for messages elsewhere in the product ("口令更换周期"). */
export function ruleLabel(key: RuleKey): string {
  return META[key].label;
}

/** Rows for the console's profile table, in the order of the base profile. */
export function describeProfile(profile: Profile): ProfileRow[] {
  const rows: ProfileRow[] = [];
  for (const key of Object.keys(profile.sources) as RuleKey[]) {
    const meta = META[key];
    const source = profile.sources[key];
    const definedBy = profile.definedBy[key] ?? profile.name;
    const note = profile.notes[key];
    const value = valueAt(profile.values, key);
    if (key === "columns.categories") {
      for (const c of value as ColumnCategory[]) {
        rows.push({
          key: `columns.categories.${c.key}`,
          group: meta.group,
          label: `栏目类别：${c.name}`,
          value: describeCategory(c),
          source: c.source,
          definedBy: profile.definedBy[`columns.categories.${c.key}`] ?? definedBy,
          ...(c.description ? { note: c.description } : {}),
        });
      }
      continue;
    }
    rows.push({
      key,
      group: meta.group,
      label: meta.label,
      value: meta.format(value),
      source,
      definedBy,
      ...(note ? { note } : {}),
    });
  }
  return rows;
}

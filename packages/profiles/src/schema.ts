// The shape of a resolved rule profile: every checkable number and switch of the product, as plain
// values. Profile files carry the same tree with `{ "value": …, "source": "…" }` at each leaf; the
// loader merges the `extends` chain, splits values from sources and validates the values here.
import { z } from "zod";

export const ROLE_KEYS = [
  "system_admin",
  "auditor",
  "supervisor",
  "site_admin",
  "editor",
  "proofreader",
  "reviewer",
  "duty_officer",
] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

export const ROLE_NAMES: Record<RoleKey, string> = {
  system_admin: "系统管理员",
  auditor: "安全审计员",
  supervisor: "监管员",
  site_admin: "站点管理员",
  editor: "信息员",
  proofreader: "校对员",
  reviewer: "审核人",
  duty_officer: "值班员",
};

/** How a column category counts in the national inspection (国办秘函〔2019〕19号 “栏目不更新”). */
export const COUNTS_AS = ["dynamic", "notice_policy", "should_update", "static"] as const;
export type CountsAs = (typeof COUNTS_AS)[number];

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const workdays = (min = 0, max = 60) => int(min, max);
const flag = z.boolean();
const text = z.string().trim().min(1);
const ruleKey = z.string().regex(/^[a-z][a-z0-9_]*$/, "键只能由小写字母、数字和下划线组成，并以字母开头");
/** "MM-DD", a yearly due date such as 01-31. */
const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "应为“月-日”格式，例如 01-31");

export const columnCategorySchema = z.strictObject({
  key: ruleKey,
  name: text,
  /** Maximum days between two updates; null = update whenever the facts change (概况类). */
  intervalDays: int(1, 730).nullable(),
  /** Days before the interval ends at which the column shows "即将到期". */
  dueSoonDays: int(0, 365),
  countsAs: z.enum(COUNTS_AS),
  description: z.string().optional(),
  /** Filled by the loader from the leaf's source when the item has none. */
  source: text,
});
export type ColumnCategory = z.infer<typeof columnCategorySchema>;

export const reviewStepSchema = z.strictObject({
  key: ruleKey,
  /** "一审", "二审二校", "三审（签发）" … */
  name: text,
  role: z.enum(["editor", "proofreader", "reviewer"]),
  /**
   * The reviewer level whose holders act on this step (in the national base 2 = 科室负责人,
   * 3 = 分管领导; 奉节 uses 1 = 科室负责人, 2 = 分管负责人, 3 = 主要负责人). Editors and
   * proofreaders have no levels, so their steps use 1.
   */
  level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  /** Who performs the step in the regulation's words, e.g. "信息员", "单位主要负责人". */
  performer: text,
  /** What the step checks, in the regulation's words. */
  duty: text,
  /** The step whose approval publishes (签发). Exactly one, the last. */
  signOff: z.boolean().optional(),
});
export type ReviewStep = z.infer<typeof reviewStepSchema>;

export const checklistItemSchema = z.strictObject({
  key: ruleKey,
  text: text,
  /** gate = 把关 (政治关…); criterion = a question to answer; reject = a reason that blocks publication. */
  kind: z.enum(["gate", "criterion", "reject"]),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

const channel = z.strictObject({
  /** Working days for the operating centre to forward (转办) to the responsible unit. */
  forwardWorkdays: workdays(0, 10),
  /** Working days from receipt to the reply to the citizen. */
  replyWorkdays: workdays(1, 60),
});

function uniqueKeys<T extends { key: string }>(
  items: readonly T[],
  ctx: z.RefinementCtx,
  field: string,
  what: string,
) {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.key)) {
      ctx.addIssue({ code: "custom", path: [field, i, "key"], message: `${what}的键“${item.key}”重复` });
    }
    seen.add(item.key);
  });
}

export const profileValuesSchema = z
  .strictObject({
    password: z.strictObject({
      minLength: int(8, 64),
      requiredClasses: int(1, 4),
      rotationDays: int(1, 365),
      expiryReminderDays: int(0, 60),
      historyCount: int(0, 24),
      lockoutThreshold: int(3, 20),
      lockoutMinutes: int(1, 1440),
      captchaAfterFailures: int(0, 20),
    }),
    session: z.strictObject({
      idleMinutes: int(5, 480),
      absoluteHours: int(1, 24),
    }),
    totp: z.strictObject({
      requiredRoles: z.array(z.enum(ROLE_KEYS)),
    }),
    account: z.strictObject({
      trainingRequired: flag,
      adminChangeFilingRequired: flag,
      offboardingCommitmentRequired: flag,
      passwordResetByWrittenRequest: flag,
    }),
    audit: z.strictObject({
      retentionMonths: int(6, 240),
    }),
    security: z.strictObject({
      separateAdminHost: flag,
      attachmentVirusScan: flag,
    }),
    calendar: z.strictObject({
      warnMissingNextYearFromMonth: int(1, 12),
    }),
    columns: z
      .strictObject({
        categories: z.array(columnCategorySchema).min(1),
        homepageMaxDays: int(1, 60),
        homepageWarnDays: int(1, 60),
        blankCountsAsStale: flag,
        changeRequiresApproval: flag,
        changePublicNotice: flag,
      })
      .superRefine((c, ctx) => {
        uniqueKeys(c.categories, ctx, "categories", "栏目类别");
        c.categories.forEach((cat, i) => {
          if (cat.intervalDays !== null && cat.dueSoonDays >= cat.intervalDays) {
            ctx.addIssue({
              code: "custom",
              path: ["categories", i, "dueSoonDays"],
              message: `“${cat.name}”的提前提醒天数（${cat.dueSoonDays}）应小于更新周期（${cat.intervalDays} 天）`,
            });
          }
        });
        if (c.homepageWarnDays >= c.homepageMaxDays) {
          ctx.addIssue({
            code: "custom",
            path: ["homepageWarnDays"],
            message: "首页更新预警天数应小于首页最长不更新天数",
          });
        }
      }),
    review: z
      .strictObject({
        steps: z.array(reviewStepSchema).min(1).max(8),
        checklist: z.array(checklistItemSchema).min(1),
        stepDeadlineWorkdays: workdays(1, 10),
        resubmitRestartsAt: z.enum(["first_step", "rejecting_step"]),
        submitterMayNotApprove: z.literal(true, { error: "送审人不得审核自己的稿件，此项不能关闭" }),
        riskyContentRequiresPrincipal: flag,
        internalMattersRequireLeaderApproval: flag,
        jointPublicationRequiresConsent: flag,
        homepageRequiresApplication: flag,
        uncertainSecrecyToSecrecyOffice: flag,
      })
      .superRefine((r, ctx) => {
        uniqueKeys(r.steps, ctx, "steps", "审校步骤");
        uniqueKeys(r.checklist, ctx, "checklist", "审核要点");
        const last = r.steps[r.steps.length - 1];
        if (last && last.role !== "reviewer") {
          ctx.addIssue({ code: "custom", path: ["steps", r.steps.length - 1, "role"], message: "最后一步应由审核人签发" });
        }
        r.steps.forEach((s, i) => {
          if (s.role !== "reviewer" && s.level !== 1) {
            ctx.addIssue({ code: "custom", path: ["steps", i, "level"], message: "信息员、校对员的步骤级别只能为 1" });
          }
          if (s.signOff && i !== r.steps.length - 1) {
            ctx.addIssue({ code: "custom", path: ["steps", i, "signOff"], message: "只有最后一步可以签发" });
          }
        });
      }),
    interaction: z.strictObject({
      errorReport: channel,
      mailbox: channel,
      consultation: channel,
      complaint: channel,
      suggestion: channel,
      unansweredVetoDays: int(1, 365),
      interviewNoticeDays: int(0, 30),
      letterExtensionMaxWorkdays: workdays(1, 60),
      letterExtensionMaxCount: int(1, 5),
      publishRepliesEveryDays: int(1, 365).nullable(),
      publishHandledLetters: flag,
    }),
    disclosure: z.strictObject({
      proactiveWorkdays: workdays(1, 60),
      answerWorkdays: workdays(1, 60),
      extensionWorkdays: workdays(0, 60),
      correctionNoticeWorkdays: workdays(1, 30),
      thirdPartyOpinionWorkdays: workdays(1, 60),
      thirdPartyTimeCounted: flag,
      annualReportDepartmentDue: monthDay,
      annualReportGovernmentDue: monthDay,
      indexNumberPattern: z
        .string()
        .regex(/\{seq(:\d)?\}/, "索引号规则须包含流水号 {seq} 或 {seq:位数}")
        .refine((v) => /^(\{(unitCode|category|year|yyyymm|seq(:\d)?)\}|[-/A-Za-z0-9_.])+$/.test(v), "索引号规则只能使用 {unitCode}、{category}、{year}、{yyyymm}、{seq:位数} 和分隔符"),
    }),
    takedown: z.strictObject({
      hours: z.number().positive().max(72),
      severeFindingHours: z.number().positive().max(72),
      republishRequiresFullReview: flag,
    }),
    reprint: z.strictObject({
      importantPolicyHours: z.number().positive().max(168),
      sourceFieldsRequired: flag,
      authoritativeSourcesOnly: flag,
      authoritativeSources: z.array(z.string().min(2)).max(200),
    }),
    media: z.strictObject({
      maxUploadMb: int(1, 2048),
      allowedTypes: z.array(z.enum(["pdf", "doc", "docx", "xls", "xlsx", "wps", "ofd", "jpg", "png", "gif", "mp4", "zip"])).min(1),
    }),
    newMedia: z
      .strictObject({
        filingReviewWorkdays: workdays(1, 30),
        announcementWorkdays: workdays(1, 60).nullable(),
        updateIntervalDays: int(1, 60),
        updateWarnDays: int(1, 60),
        onePerPlatformPerUnit: flag,
        approvalBeforeOpening: flag,
      })
      .superRefine((m, ctx) => {
        if (m.updateWarnDays >= m.updateIntervalDays) {
          ctx.addIssue({ code: "custom", path: ["updateWarnDays"], message: "新媒体更新预警天数应小于更新周期" });
        }
      }),
    site: z.strictObject({
      temporaryOfflineMaxPerYear: int(0, 12),
      temporaryOfflineMaxDays: int(1, 365),
      forceMajeureNotCountedDays: int(0, 30),
      closureAnnouncementDays: int(1, 365),
      archiveLabel: text,
    }),
    reports: z.strictObject({
      monthlyReportDay: int(1, 28),
      annualWebsiteReportFilingDue: monthDay,
      annualWebsiteReportDue: monthDay,
      bulletinPeriod: z.enum(["monthly", "quarterly"]),
      monthlyAssessmentLedger: flag,
      annualOperationReportMonth: int(1, 12).nullable(),
    }),
    duty: z.strictObject({
      roundTheClock: flag,
    }),
    monitor: z
      .strictObject({
        probesPerDay: int(20, 1440),
        probeTimeoutSeconds: int(1, 60),
        availabilityWindowDays: int(1, 31),
        availabilityWarnPercent: z.number().min(0).max(100),
        availabilityVetoPercent: z.number().min(0).max(100),
        staleKeyColumnsVeto: int(1, 100),
        staleShouldUpdateVeto: int(1, 100),
        blankColumnsVeto: int(1, 100),
        blankColumnsWarn: int(1, 100),
        newMediaStaleVetoDays: int(1, 60),
        ticketSevereHours: int(1, 24),
        ticketWarnWorkdays: int(1, 30),
        ticketInfoWorkdays: int(1, 60),
      })
      .superRefine((m, ctx) => {
        if (m.availabilityWarnPercent >= m.availabilityVetoPercent) {
          ctx.addIssue({ code: "custom", path: ["availabilityWarnPercent"], message: "可用性预警比例应小于否决比例" });
        }
        if (m.blankColumnsWarn >= m.blankColumnsVeto) {
          ctx.addIssue({ code: "custom", path: ["blankColumnsWarn"], message: "空白栏目预警数量应小于否决数量" });
        }
      }),
  })
  .superRefine((v, ctx) => {
    if (v.password.captchaAfterFailures > v.password.lockoutThreshold) {
      ctx.addIssue({
        code: "custom",
        path: ["password", "captchaAfterFailures"],
        message: "要求图形验证的失败次数不应大于锁定阈值",
      });
    }
  });

export type ProfileValues = z.infer<typeof profileValuesSchema>;

/** Leaves of a plain-value tree: objects recurse, arrays and primitives are leaves. */
type LeafPaths<T> = T extends readonly unknown[]
  ? never
  : T extends object
    ? {
        [K in keyof T & string]: T[K] extends readonly unknown[]
          ? K
          : T[K] extends object | null
            ? null extends T[K]
              ? K
              : `${K}.${LeafPaths<T[K]>}`
            : K;
      }[keyof T & string]
    : never;

/** A rule's dotted path, e.g. "password.minLength" or "columns.categories". */
export type RuleKey = LeafPaths<ProfileValues>;

/** The envelope of a profile file (rules are checked leaf by leaf by the loader). */
export const profileFileSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_-]*$/, "方案名只能由小写字母、数字、下划线和连字符组成"),
  title: text,
  extends: z.string().nullable(),
  description: z.string().optional(),
  document: z
    .strictObject({
      title: text,
      number: z.string().optional(),
      issuer: text,
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期应为 YYYY-MM-DD").optional(),
    })
    .optional(),
  rules: z.record(z.string(), z.unknown()),
});
export type ProfileFile = z.infer<typeof profileFileSchema>;

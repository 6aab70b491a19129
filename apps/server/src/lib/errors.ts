// One catalogue of errors with stable codes, HTTP statuses and Chinese messages.
// docs/errors.md lists the same codes; a test keeps the two in sync.

export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, message: "提交的内容有误，请按提示修改后重试。" },
  BAD_REQUEST: { status: 400, message: "请求格式不正确。" },
  UNAUTHENTICATED: { status: 401, message: "尚未登录或登录已过期，请重新登录。" },
  LOGIN_FAILED: { status: 401, message: "用户名或密码错误。" },
  CHALLENGE_REQUIRED: { status: 400, message: "登录失败次数较多，请先完成人机验证。" },
  CHALLENGE_FAILED: { status: 400, message: "人机验证答案不正确或已过期，请重新获取验证题。" },
  TOTP_INVALID: { status: 401, message: "动态验证码不正确，请核对手机上的验证码后重试。" },
  ACCOUNT_LOCKED: { status: 423, message: "因连续登录失败，账号已被临时锁定。" },
  ACCOUNT_INACTIVE: { status: 403, message: "账号当前不可用。" },
  STAGE_REQUIRED: { status: 403, message: "请先完成登录所需的步骤。" },
  CSRF_FAILED: { status: 403, message: "页面已过期或请求来源不明，请刷新页面后重试。" },
  FORBIDDEN: { status: 403, message: "您没有执行此操作的权限。" },
  IP_NOT_ALLOWED: { status: 403, message: "当前网络地址不允许访问管理后台。" },
  SEPARATION_OF_DUTIES: { status: 403, message: "该操作违反“三员分立”的职责分离要求。" },
  NOT_FOUND: { status: 404, message: "要访问的对象不存在或已被删除。" },
  CONFLICT: { status: 409, message: "数据已被他人修改或与现有数据冲突，请刷新后重试。" },
  PASSWORD_POLICY: { status: 400, message: "新密码不符合密码策略。" },
  RATE_LIMITED: { status: 429, message: "操作过于频繁，请稍后再试。" },
  PAYLOAD_TOO_LARGE: { status: 413, message: "上传的内容超过大小限制。" },
  THEME_INVALID: { status: 422, message: "主题文件不合格，未保存：请按提示修改模板。" },
  INTERNAL: { status: 500, message: "系统内部错误，请稍后重试；如持续出现请联系平台运维人员。" },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** A problem the user can fix, tied to one field. */
export interface Issue {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues?: Issue[];
  readonly extra?: Record<string, unknown>;

  constructor(code: ErrorCode, message?: string, opts: { issues?: Issue[]; extra?: Record<string, unknown> } = {}) {
    super(message ?? errorCatalogue[code].message);
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.issues = opts.issues;
    this.extra = opts.extra;
  }

  toJSON() {
    // challengeRequired is also repeated beside `error`, where the login form looks for it.
    const top = this.extra && "challengeRequired" in this.extra ? { challengeRequired: this.extra.challengeRequired } : {};
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}), ...this.extra }, ...top };
  }
}

export const forbidden = (message?: string) => new AppError("FORBIDDEN", message);
export const notFound = (what?: string) => new AppError("NOT_FOUND", what ? `${what}不存在或已被删除。` : undefined);
export const invalid = (issues: Issue[], message?: string) => new AppError("VALIDATION_FAILED", message, { issues });

/** Throws VALIDATION_FAILED when the list is not empty. */
export function assertNoIssues(issues: Issue[], message?: string): void {
  if (issues.length > 0) throw invalid(issues, message);
}

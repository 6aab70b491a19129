// The vocabulary of 依申请公开 as fixed by the regulation and the annual-report format
// (《中华人民共和国政府信息公开条例》2019; 国办公开办函〔2021〕30号 表三).

/** 申请人情况: the columns of table 三. */
export const APPLICANT_TYPES = {
  natural: "自然人",
  business: "商业企业",
  research: "科研机构",
  public_interest: "社会公益组织",
  legal_service: "法律服务机构",
  other: "其他",
} as const;
export type ApplicantType = keyof typeof APPLICANT_TYPES;

/** 本年度办理结果 (一)…(六), with the reasons the table lists for (三)…(六). */
export const OUTCOMES = {
  disclose: { name: "予以公开", reasons: [] as string[] },
  partial: { name: "部分公开", reasons: [] as string[] },
  withhold: {
    name: "不予公开",
    reasons: ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益", "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"],
  },
  unavailable: { name: "无法提供", reasons: ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"] },
  not_processed: { name: "不予处理", reasons: ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息"] },
  other: {
    name: "其他处理",
    reasons: ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"],
  },
} as const;
export type Outcome = keyof typeof OUTCOMES;
export const OUTCOME_ORDER: Outcome[] = ["disclose", "partial", "withhold", "unavailable", "not_processed", "other"];
export const OUTCOME_NUMERALS = ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"];

/** 提交渠道 and how each fixes 收到申请之日 (第三十一条). */
export const RECEIPT_CHANNELS = {
  online: { name: "互联网渠道", rule: "第三十一条第（三）项：通过互联网渠道提交的，以双方确认之日为收到申请之日（在线提交即生成回执，回执时间为双方确认之日）" },
  in_person: { name: "当面提交", rule: "第三十一条第（一）项：申请人当面提交的，以提交之日为收到申请之日" },
  mail_signed: { name: "邮寄（需签收）", rule: "第三十一条第（二）项：以邮寄方式提交的，以行政机关签收之日为收到申请之日" },
  mail_plain: { name: "平常信函", rule: "第三十一条第（二）项：以平常信函等无需签收的邮寄方式提交的，以政府信息公开工作机构与申请人确认之日为收到申请之日" },
  fax: { name: "传真", rule: "第三十一条第（三）项：通过传真提交的，以双方确认之日为收到申请之日" },
} as const;
export type ReceiptChannel = keyof typeof RECEIPT_CHANNELS;

export const FORMS = { paper: "纸质", electronic: "电子" } as const;
export const DELIVERIES = { post: "邮寄", email: "电子邮件", pickup: "当面领取", online: "网上获取" } as const;

export const DISCLOSURE_STATUS: Record<string, string> = {
  received: "已收到，审查中",
  correction_requested: "待申请人补正",
  in_progress: "办理中",
  answer_review: "答复待审定",
  answered: "已答复",
};

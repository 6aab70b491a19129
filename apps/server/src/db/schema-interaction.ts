// Tables of 政民互动 and 依申请公开 (issue 6). Re-exported by schema.ts.
//
// Letters (领导信箱、咨询、投诉、建议、我为政府网站找错) and disclosure applications are "cases":
// each has a 受理编号 (caseNo), a 查询码 (only its hash is stored), an append-only history in
// case_events and its stage deadlines in the shared `deadlines` table (subjectType "letter" or
// "disclosure"), so a calendar edit recomputes them. Every stage that finishes — or runs late —
// leaves a row in stage_records at that moment, which is what the statistics read.
import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgSequence, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const id = () => uuid("id").primaryKey().default(sql`gen_random_uuid()`);
const createdAt = () => ts("created_at").notNull().defaultNow();

/** Numbers behind 受理编号: one sequence for letters, one for disclosure applications. */
export const letterCaseSeq = pgSequence("letter_case_seq", { startWith: 1 });
export const disclosureCaseSeq = pgSequence("disclosure_case_seq", { startWith: 1 });

/**
 * An interaction channel of a site: a leader mailbox (书记信箱, 县长信箱 …), consultation, complaint,
 * suggestion, 我为政府网站找错, 依申请公开, 意见征集, 问卷调查 or 在线访谈.
 */
export const interactionChannels = pgTable(
  "interaction_channels",
  {
    id: id(),
    siteId: uuid("site_id").notNull(),
    kind: text("kind").notNull(), // mailbox | consultation | complaint | suggestion | error_report | disclosure | solicitation | survey | interview
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    description: text("description").notNull().default(""),
    /** For a leader mailbox: whose mailbox (e.g. 县长). Shown on the form. */
    leaderTitle: text("leader_title").notNull().default(""),
    /** Unit proposed first when the centre forwards (e.g. the mailbox owner's office). */
    defaultUnitId: uuid("default_unit_id"),
    enabled: boolean("enabled").notNull().default(true),
    /** Handled letters of this channel appear in the public list (if the writer agreed). */
    publishReplies: boolean("publish_replies").notNull().default(true),
    sort: integer("sort").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("interaction_channels_slug_uq").on(t.siteId, t.slug), index("interaction_channels_site_idx").on(t.siteId)],
);

/** A citizen's letter in one of the letter channels. */
export const letters = pgTable(
  "letters",
  {
    id: uuid("id").primaryKey(),
    siteId: uuid("site_id").notNull(),
    channelId: uuid("channel_id").notNull(),
    kind: text("kind").notNull(),
    caseNo: text("case_no").notNull(),
    queryCodeHash: text("query_code_hash").notNull(),
    title: text("title").notNull(),
    content: text("content").notNull(),
    /** 我为政府网站找错: the page and, optionally, a screenshot (interaction_files). */
    pageUrl: text("page_url"),
    screenshotId: uuid("screenshot_id"),
    writerName: text("writer_name").notNull(),
    writerPhone: text("writer_phone").notNull().default(""),
    writerEmail: text("writer_email").notNull().default(""),
    writerAddress: text("writer_address").notNull().default(""),
    writerIdNumber: text("writer_id_number").notNull().default(""),
    /** The writer's choice: false = 不公开 (石柱 第三十条). */
    publicAllowed: boolean("public_allowed").notNull(),
    // held (待审核: caught by the check engine) | received (待受理) | forwarded (办理中) |
    // replied (已答复) | closed (已办结: rated or rating period over) | rejected (不予受理)
    status: text("status").notNull(),
    moderation: jsonb("moderation").$type<{ findings: Array<{ rule: string; text: string; message: string }>; decidedBy?: string; decidedAt?: string; decision?: string; reason?: string } | null>(),
    receivedAt: ts("received_at").notNull(),
    acceptedAt: ts("accepted_at"),
    firstForwardedAt: ts("first_forwarded_at"),
    /** The combined reply sent to the writer: one part per answering unit. */
    reply: jsonb("reply").$type<Array<{ unitId: string; unitName: string; text: string; approvedBy: string; approvedAt: string }> | null>(),
    repliedAt: ts("replied_at"),
    rejectReason: text("reject_reason"),
    extensionWorkdays: integer("extension_workdays").notNull().default(0),
    /** The public version: masked automatically, redacted by hand, then published. */
    publication: jsonb("publication").$type<{ title: string; content: string; reply: string; units: string[]; redactions: string[]; preparedBy: string; preparedAt: string } | null>(),
    publishedAt: ts("published_at"),
    unpublishedAt: ts("unpublished_at"),
    rating: text("rating"), // satisfied | basically | unsatisfied
    ratingComment: text("rating_comment"),
    ratedAt: ts("rated_at"),
    closedAt: ts("closed_at"),
    idempotencyKey: text("idempotency_key").notNull(),
    payloadHash: text("payload_hash").notNull(),
    ip: text("ip").notNull().default(""),
    userAgent: text("user_agent").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("letters_case_no_uq").on(t.caseNo),
    uniqueIndex("letters_idempotency_uq").on(t.idempotencyKey),
    index("letters_site_idx").on(t.siteId, t.status, t.receivedAt),
    index("letters_published_idx").on(t.siteId, t.publishedAt),
    index("letters_ip_idx").on(t.ip, t.createdAt),
  ],
);

/** 转办: a letter forwarded to a unit. Several units may hold one letter; re-routing ends one. */
export const letterAssignments = pgTable(
  "letter_assignments",
  {
    id: id(),
    letterId: uuid("letter_id").notNull(),
    unitId: uuid("unit_id").notNull(),
    /** lead = 主办 (answers), assist = 协办 (answers its part too). */
    role: text("role").notNull().default("lead"),
    // handling (办理中) | in_review (待领导审核) | approved (已审定) | returned (退回中心，需重新转办) | withdrawn (中心改派)
    status: text("status").notNull().default("handling"),
    instruction: text("instruction").notNull().default(""),
    draft: text("draft").notNull().default(""),
    draftedBy: uuid("drafted_by"),
    draftedAt: ts("drafted_at"),
    reviewNote: text("review_note"),
    approvedBy: uuid("approved_by"),
    approvedAt: ts("approved_at"),
    returnReason: text("return_reason"),
    forwardedBy: uuid("forwarded_by").notNull(),
    forwardedAt: ts("forwarded_at").notNull(),
    endedAt: ts("ended_at"),
  },
  (t) => [index("letter_assignments_letter_idx").on(t.letterId), index("letter_assignments_unit_idx").on(t.unitId, t.status)],
);

/** Extension requests (letters and disclosure applications): asked by the unit, decided by a leader. */
export const extensionRequests = pgTable(
  "extension_requests",
  {
    id: id(),
    subjectType: text("subject_type").notNull(), // letter | disclosure
    subjectId: uuid("subject_id").notNull(),
    unitId: uuid("unit_id").notNull(),
    workdays: integer("workdays").notNull(),
    reason: text("reason").notNull(),
    status: text("status").notNull().default("pending"), // pending | approved | rejected
    requestedBy: uuid("requested_by").notNull(),
    requestedAt: ts("requested_at").notNull(),
    decidedBy: uuid("decided_by"),
    decidedAt: ts("decided_at"),
    decisionNote: text("decision_note"),
  },
  (t) => [index("extension_requests_subject_idx").on(t.subjectType, t.subjectId)],
);

/** The full history of a case, shown on the case page; append-only. */
export const caseEvents = pgTable(
  "case_events",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    subjectType: text("subject_type").notNull(), // letter | disclosure
    subjectId: uuid("subject_id").notNull(),
    at: ts("at").notNull(),
    actorId: uuid("actor_id"),
    actorName: text("actor_name").notNull(),
    unitId: uuid("unit_id"),
    action: text("action").notNull(),
    summary: text("summary").notNull(),
    /** Shown to the writer through the query code. */
    public: boolean("public").notNull().default(false),
  },
  (t) => [index("case_events_subject_idx").on(t.subjectType, t.subjectId, t.seq)],
);

/**
 * One finished (or overdue) stage of a case, written when it happens: the due time as it stood
 * then, when it was done, the working days it took and whether that was in time. Statistics read
 * these rows, so a later calendar edit never rewrites history.
 */
export const stageRecords = pgTable(
  "stage_records",
  {
    id: id(),
    subjectType: text("subject_type").notNull(),
    subjectId: uuid("subject_id").notNull(),
    siteId: uuid("site_id").notNull(),
    stage: text("stage").notNull(), // forward | reply | correction_notice | answer | third_party
    unitId: uuid("unit_id"),
    deadlineId: uuid("deadline_id"),
    startedAt: ts("started_at").notNull(),
    dueAt: ts("due_at"),
    /** Set when the due time passed with the stage still open (recorded by the escalation job). */
    overdueAt: ts("overdue_at"),
    completedAt: ts("completed_at"),
    workdaysTaken: integer("workdays_taken"),
    onTime: boolean("on_time"),
  },
  (t) => [uniqueIndex("stage_records_deadline_uq").on(t.deadlineId), index("stage_records_site_idx").on(t.siteId, t.stage, t.completedAt)],
);

/** Spent proof-of-work challenges: each solved challenge is accepted once. */
export const powSpent = pgTable(
  "pow_spent",
  {
    key: text("key").primaryKey(),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [index("pow_spent_expires_idx").on(t.expiresAt)],
);

/** Files sent by the public (error-report screenshots), kept beside the case. */
export const interactionFiles = pgTable("interaction_files", {
  id: id(),
  mime: text("mime").notNull(),
  size: integer("size").notNull(),
  sha256: text("sha256").notNull(),
  dataBase64: text("data_base64").notNull(),
  createdAt: createdAt(),
});

/** Common replies a unit reuses (console: 常用答复模板). siteId null = every site. */
export const replyTemplates = pgTable("reply_templates", {
  id: id(),
  siteId: uuid("site_id"),
  unitId: uuid("unit_id"),
  title: text("title").notNull(),
  body: text("body").notNull(),
  createdBy: uuid("created_by").notNull(),
  createdAt: createdAt(),
});

// ===================================================================== 依申请公开

export const disclosureApplications = pgTable(
  "disclosure_applications",
  {
    id: uuid("id").primaryKey(),
    siteId: uuid("site_id").notNull(),
    /** 被申请机关: the unit whose 政府信息公开工作机构 handles it. */
    unitId: uuid("unit_id").notNull(),
    caseNo: text("case_no").notNull(),
    queryCodeHash: text("query_code_hash").notNull(),
    /** 申请人情况 as in the annual-report table: 自然人 or one of the five kinds of organisation. */
    applicantType: text("applicant_type").notNull(), // natural | business | research | public_interest | legal_service | other
    applicantName: text("applicant_name").notNull(),
    idType: text("id_type").notNull().default(""),
    idNumber: text("id_number").notNull().default(""),
    orgCode: text("org_code").notNull().default(""),
    legalRepresentative: text("legal_representative").notNull().default(""),
    contactName: text("contact_name").notNull().default(""),
    phone: text("phone").notNull(),
    email: text("email").notNull().default(""),
    address: text("address").notNull().default(""),
    postcode: text("postcode").notNull().default(""),
    /** 所需信息的名称、文号或者便于查询的其他特征性描述. */
    description: text("description").notNull(),
    documentNo: text("document_no").notNull().default(""),
    /** 形式要求: paper | electronic; 获取方式: post | email | pickup | online. */
    form: text("form").notNull(),
    delivery: text("delivery").notNull(),
    /** 提交渠道 (第三十一条): online | in_person | mail_signed | mail_plain | fax. */
    channel: text("channel").notNull(),
    submittedAt: ts("submitted_at").notNull(),
    /** 收到申请之日 by 第三十一条, with the basis stated. */
    receivedAt: ts("received_at").notNull(),
    receiptBasis: text("receipt_basis").notNull(),
    // received | correction_requested | in_progress | answer_review | answered | closed
    status: text("status").notNull(),
    correction: jsonb("correction").$type<{ items: string; periodWorkdays: number; noticeAt: string; by: string; correctedAt?: string; correctedText?: string } | null>(),
    extension: jsonb("extension").$type<{ workdays: number; reason: string; approvedBy: string; approvedAt: string; notice: string } | null>(),
    /** 办理结果 by the annual-report table: type (一)…(六) and, where it has them, the reason. */
    outcome: text("outcome"), // disclose | partial | withhold | unavailable | not_processed | other
    outcomeReason: text("outcome_reason"),
    answerText: text("answer_text").notNull().default(""),
    answerDraftedBy: uuid("answer_drafted_by"),
    answerDraftedAt: ts("answer_drafted_at"),
    answerApprovedBy: uuid("answer_approved_by"),
    answeredAt: ts("answered_at"),
    deliveredAt: ts("delivered_at"),
    deliveryNote: text("delivery_note"),
    idempotencyKey: text("idempotency_key").notNull(),
    payloadHash: text("payload_hash").notNull(),
    ip: text("ip").notNull().default(""),
    registeredBy: uuid("registered_by"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("disclosure_case_no_uq").on(t.caseNo),
    uniqueIndex("disclosure_idempotency_uq").on(t.idempotencyKey),
    index("disclosure_unit_idx").on(t.unitId, t.status),
    index("disclosure_site_idx").on(t.siteId, t.receivedAt),
  ],
);

/** 征求第三方（或其他机关）意见 (第三十二条): the time it takes is not counted (第三十三条). */
export const disclosureConsultations = pgTable(
  "disclosure_consultations",
  {
    id: id(),
    applicationId: uuid("application_id").notNull(),
    kind: text("kind").notNull(), // third_party | other_agency
    party: text("party").notNull(),
    sentAt: ts("sent_at").notNull(),
    deadlineId: uuid("deadline_id"),
    repliedAt: ts("replied_at"),
    /** agree | disagree | no_reply (逾期未提出意见) */
    result: text("result"),
    opinion: text("opinion").notNull().default(""),
    createdBy: uuid("created_by").notNull(),
  },
  (t) => [index("disclosure_consultations_app_idx").on(t.applicationId)],
);

// ===================================================================== knowledge base

export const faqEntries = pgTable(
  "faq_entries",
  {
    id: id(),
    siteId: uuid("site_id").notNull(),
    question: text("question").notNull(),
    answer: text("answer").notNull(),
    unitId: uuid("unit_id"),
    sourceLetterId: uuid("source_letter_id"),
    status: text("status").notNull().default("draft"), // draft | in_review | published | archived
    /** jieba search-mode tokens of question and answer, space separated (retrieval index). */
    tokens: text("tokens").notNull().default(""),
    editedBy: uuid("edited_by").notNull(),
    reviewedBy: uuid("reviewed_by"),
    reviewNote: text("review_note"),
    publishedAt: ts("published_at"),
    hits: integer("hits").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("faq_site_idx").on(t.siteId, t.status)],
);

// ===================================================================== 意见征集, 问卷调查, 在线访谈

/** A draft put out for public comment between two dates, with a feedback report at the end. */
export const solicitations = pgTable(
  "solicitations",
  {
    id: id(),
    siteId: uuid("site_id").notNull(),
    unitId: uuid("unit_id").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    /** The draft as numbered paragraphs; comments anchor to a paragraph and a range in it. */
    paragraphs: jsonb("paragraphs").$type<string[]>().notNull(),
    opensAt: ts("opens_at").notNull(),
    closesAt: ts("closes_at").notNull(),
    status: text("status").notNull().default("draft"), // draft | published | reported
    feedbackReport: text("feedback_report"),
    reportPublishedAt: ts("report_published_at"),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("solicitations_site_idx").on(t.siteId, t.status)],
);

export const solicitationComments = pgTable(
  "solicitation_comments",
  {
    id: id(),
    solicitationId: uuid("solicitation_id").notNull(),
    paragraph: integer("paragraph"),
    start: integer("start"),
    end: integer("end"),
    quote: text("quote").notNull().default(""),
    content: text("content").notNull(),
    authorName: text("author_name").notNull().default(""),
    contact: text("contact").notNull().default(""),
    status: text("status").notNull(), // pending | approved | rejected | held
    findings: jsonb("findings").$type<Array<{ rule: string; text: string; message: string }>>().notNull().default([]),
    /** adopted | partly | not_adopted, with the reason in the feedback report. */
    adoption: text("adoption"),
    adoptionNote: text("adoption_note"),
    moderatedBy: uuid("moderated_by"),
    idempotencyKey: text("idempotency_key").notNull(),
    ip: text("ip").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("solicitation_comments_idem_uq").on(t.idempotencyKey), index("solicitation_comments_idx").on(t.solicitationId, t.status)],
);

export interface SurveyQuestion {
  key: string;
  type: "single" | "multiple" | "text" | "rating";
  title: string;
  options?: Array<{ key: string; label: string }>;
  required?: boolean;
  /** rating scale maximum (default 5) */
  max?: number;
  /** Shown only when an earlier question's answer includes one of these option keys. */
  showIf?: { question: string; anyOf: string[] };
}

export const surveys = pgTable(
  "surveys",
  {
    id: id(),
    siteId: uuid("site_id").notNull(),
    unitId: uuid("unit_id").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    questions: jsonb("questions").$type<SurveyQuestion[]>().notNull(),
    opensAt: ts("opens_at").notNull(),
    closesAt: ts("closes_at").notNull(),
    status: text("status").notNull().default("draft"), // draft | published
    resultsPublishedAt: ts("results_published_at"),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("surveys_site_idx").on(t.siteId, t.status)],
);

export const surveyResponses = pgTable(
  "survey_responses",
  {
    id: id(),
    surveyId: uuid("survey_id").notNull(),
    answers: jsonb("answers").$type<Record<string, string | string[] | number>>().notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    ip: text("ip").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("survey_responses_idem_uq").on(t.idempotencyKey), index("survey_responses_survey_idx").on(t.surveyId)],
);

export const interviews = pgTable(
  "interviews",
  {
    id: id(),
    siteId: uuid("site_id").notNull(),
    unitId: uuid("unit_id").notNull(),
    title: text("title").notNull(),
    guests: text("guests").notNull(),
    description: text("description").notNull().default(""),
    startsAt: ts("starts_at").notNull(),
    endsAt: ts("ends_at").notNull(),
    status: text("status").notNull().default("draft"), // draft | announced | ended | published
    announcedAt: ts("announced_at"),
    transcript: text("transcript"),
    transcriptPublishedAt: ts("transcript_published_at"),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("interviews_site_idx").on(t.siteId, t.status)],
);

export const interviewQuestions = pgTable(
  "interview_questions",
  {
    id: id(),
    interviewId: uuid("interview_id").notNull(),
    content: text("content").notNull(),
    askerName: text("asker_name").notNull().default(""),
    status: text("status").notNull(), // pending | approved | rejected | held | answered
    findings: jsonb("findings").$type<Array<{ rule: string; text: string; message: string }>>().notNull().default([]),
    answer: text("answer"),
    answeredBy: text("answered_by"),
    answeredAt: ts("answered_at"),
    moderatedBy: uuid("moderated_by"),
    idempotencyKey: text("idempotency_key").notNull(),
    ip: text("ip").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("interview_questions_idem_uq").on(t.idempotencyKey), index("interview_questions_idx").on(t.interviewId, t.status)],
);

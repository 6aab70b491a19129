// Drizzle schema: the single source of the database shape. Migrations in ./migrations are
// generated from it with `npm run db:generate -w @govsite/server` and committed.
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const id = () => uuid("id").primaryKey().default(sql`gen_random_uuid()`);
const createdAt = () => ts("created_at").notNull().defaultNow();

/** Organisational units (单位) as a tree. */
export const units = pgTable(
  "units",
  {
    id: id(),
    parentId: uuid("parent_id"),
    name: text("name").notNull(),
    shortName: text("short_name").notNull(),
    type: text("type").notNull(), // government_office | egov_center | department | township | street | institution
    code: text("code").notNull(), // 统一社会信用代码 or organisation code, used by 索引号
    leader: text("leader").notNull().default(""),
    phone: text("phone").notNull().default(""),
    address: text("address").notNull().default(""),
    sort: integer("sort").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("units_name_uq").on(t.name), index("units_parent_idx").on(t.parentId)],
);

/** Real-name accounts. Passwords are argon2id hashes; nothing shared, nothing default. */
export const users = pgTable(
  "users",
  {
    id: id(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id),
    username: text("username").notNull(),
    realName: text("real_name").notNull(),
    title: text("title").notNull().default(""),
    mobile: text("mobile").notNull(),
    email: text("email").notNull().default(""),
    passwordHash: text("password_hash").notNull(),
    passwordChangedAt: ts("password_changed_at").notNull().defaultNow(),
    mustChangePassword: boolean("must_change_password").notNull().default(true),
    // pending_training: created, waiting for its training record (profile switch)
    // active | disabled (off-boarded or disabled by an administrator)
    status: text("status").notNull().default("active"),
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: ts("locked_until"),
    totpSecret: text("totp_secret"),
    totpEnabled: boolean("totp_enabled").notNull().default(false),
    lastLoginAt: ts("last_login_at"),
    lastReminderAt: ts("last_reminder_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_username_uq").on(t.username), index("users_unit_idx").on(t.unitId)],
);

export const passwordHistory = pgTable(
  "password_history",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    passwordHash: text("password_hash").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("password_history_user_idx").on(t.userId, t.createdAt)],
);

/**
 * A role held by a user, optionally limited to one site and, within it, to some columns.
 * siteId null = every site (only meaningful for platform-wide roles).
 */
export const roleAssignments = pgTable(
  "role_assignments",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role").notNull(),
    level: integer("level"),
    siteId: uuid("site_id"),
    columnIds: jsonb("column_ids").$type<string[]>(),
    grantedBy: uuid("granted_by"),
    createdAt: createdAt(),
  },
  (t) => [index("role_assignments_user_idx").on(t.userId)],
);

/** Server-side sessions. The cookie holds a random token; only its SHA-256 is stored. */
export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    tokenHash: text("token_hash").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    csrfToken: text("csrf_token").notNull(),
    // "totp": password accepted, second factor pending; "password_change": must change first;
    // "full": signed in.
    stage: text("stage").notNull(),
    ip: text("ip").notNull().default(""),
    userAgent: text("user_agent").notNull().default(""),
    createdAt: createdAt(),
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
    revokedAt: ts("revoked_at"),
  },
  (t) => [uniqueIndex("sessions_token_uq").on(t.tokenHash), index("sessions_user_idx").on(t.userId)],
);

/** Human checks (arithmetic picture) demanded after repeated login failures. */
export const challenges = pgTable("challenges", {
  id: id(),
  answerHash: text("answer_hash").notNull(),
  expiresAt: ts("expires_at").notNull(),
  usedAt: ts("used_at"),
});

/** Login attempts per username and per address, for lockout and rate decisions. */
export const loginFailures = pgTable(
  "login_failures",
  {
    id: id(),
    username: text("username").notNull(),
    ip: text("ip").notNull(),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [index("login_failures_user_idx").on(t.username, t.at), index("login_failures_ip_idx").on(t.ip, t.at)],
);

export const trainingRecords = pgTable("training_records", {
  id: id(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id),
  course: text("course").notNull(),
  trainedOn: date("trained_on").notNull(),
  trainer: text("trainer").notNull(),
  recordedBy: uuid("recorded_by"),
  createdAt: createdAt(),
});

/** 管理员变更备案: filed whenever a unit's site administrator changes. */
export const adminFilings = pgTable("admin_filings", {
  id: id(),
  siteId: uuid("site_id").notNull(),
  unitId: uuid("unit_id").notNull(),
  previousUserId: uuid("previous_user_id"),
  newUserId: uuid("new_user_id"),
  reason: text("reason").notNull(),
  filedBy: uuid("filed_by"),
  createdAt: createdAt(),
});

/** Off-boarding: hand-over of columns and tasks, confidentiality commitment. */
export const offboardings = pgTable("offboardings", {
  id: id(),
  userId: uuid("user_id").notNull(),
  successorId: uuid("successor_id").notNull(),
  commitment: text("commitment").notNull(),
  handedOver: jsonb("handed_over").$type<Record<string, number>>().notNull(),
  performedBy: uuid("performed_by"),
  createdAt: createdAt(),
});

/** Password reset by a written request, approved by a 监管员. */
export const passwordResetRequests = pgTable("password_reset_requests", {
  id: id(),
  userId: uuid("user_id").notNull(),
  reason: text("reason").notNull(),
  documentRef: text("document_ref").notNull(), // 书面申请 reference (文号 or scan id)
  requestedBy: uuid("requested_by").notNull(),
  status: text("status").notNull().default("pending"), // pending | approved | rejected
  decidedBy: uuid("decided_by"),
  decidedAt: ts("decided_at"),
  decisionNote: text("decision_note"),
  createdAt: createdAt(),
});

/** Sites of the site group (站群). */
export const sites = pgTable(
  "sites",
  {
    id: id(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    kind: text("kind").notNull(), // portal | department | subsite | topic
    parentSiteId: uuid("parent_site_id"),
    ownerUnitId: uuid("owner_unit_id").notNull(),
    operatorUnitId: uuid("operator_unit_id").notNull(),
    domain: text("domain").notNull(),
    pathPrefix: text("path_prefix").notNull().default("/"),
    siteIdCode: text("site_id_code").notNull(),
    icp: text("icp").notNull().default(""),
    psb: text("psb").notNull().default(""),
    partyGovMark: text("party_gov_mark").notNull().default(""),
    contactPhone: text("contact_phone").notNull().default(""),
    contactEmail: text("contact_email").notNull().default(""),
    address: text("address").notNull().default(""),
    status: text("status").notNull().default("running"), // planning | running | offline | closed | archived
    theme: text("theme").notNull().default("default"),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("sites_code_uq").on(t.code)],
);

/** Columns (栏目) of a site as a tree. */
export const columns = pgTable(
  "columns",
  {
    id: id(),
    siteId: uuid("site_id")
      .notNull()
      .references(() => sites.id),
    parentId: uuid("parent_id"),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    columnType: text("column_type").notNull(),
    category: text("category").notNull(),
    responsibleUnitId: uuid("responsible_unit_id").notNull(),
    responsibleUserId: uuid("responsible_user_id"),
    description: text("description").notNull().default(""),
    keywords: jsonb("keywords").$type<string[]>().notNull().default([]),
    externalUrl: text("external_url"),
    archived: boolean("archived").notNull().default(false),
    archivedAt: ts("archived_at"),
    sort: integer("sort").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index("columns_site_idx").on(t.siteId, t.parentId, t.sort),
    uniqueIndex("columns_slug_uq").on(t.siteId, t.parentId, t.slug),
  ],
);

/** Column change requests (栏目调整申请) from units, decided by the supervising office. */
export const columnRequests = pgTable("column_requests", {
  id: id(),
  siteId: uuid("site_id").notNull(),
  action: text("action").notNull(), // create | update | archive
  columnId: uuid("column_id"),
  payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
  reason: text("reason").notNull(),
  requestedBy: uuid("requested_by").notNull(),
  status: text("status").notNull().default("pending"),
  decidedBy: uuid("decided_by"),
  decidedAt: ts("decided_at"),
  decisionNote: text("decision_note"),
  createdAt: createdAt(),
});

/** Working-day calendar overrides: holidays on weekdays and 调休 working weekends. */
export const calendarDays = pgTable("calendar_days", {
  day: date("day").primaryKey(),
  kind: text("kind").notNull(), // holiday | workday
  name: text("name").notNull(),
  source: text("source").notNull().default("seed"), // seed | manual
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/**
 * Every open deadline counted in working days, whatever owns it. Stored with its inputs so that
 * a calendar edit can recompute it.
 */
export const deadlines = pgTable(
  "deadlines",
  {
    id: id(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    stage: text("stage").notNull(),
    startAt: ts("start_at").notNull(),
    workdays: integer("workdays").notNull(),
    pauses: jsonb("pauses").$type<Array<{ from: string; to?: string }>>().notNull().default([]),
    /** 补正: counting starts again from this instant (new day 0). */
    restartAt: ts("restart_at"),
    // null while an open pause (e.g. third-party consultation) stops the clock
    dueAt: ts("due_at"),
    closedAt: ts("closed_at"),
    remindedAt: ts("reminded_at"),
    escalatedAt: ts("escalated_at"),
    createdAt: createdAt(),
  },
  (t) => [index("deadlines_open_idx").on(t.closedAt, t.dueAt), index("deadlines_subject_idx").on(t.subjectType, t.subjectId)],
);

/** Append-only, hash-chained audit log (a trigger refuses UPDATE and DELETE). */
export const auditLog = pgTable(
  "audit_log",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    at: ts("at").notNull(),
    actorId: uuid("actor_id"),
    actorName: text("actor_name").notNull(),
    ip: text("ip").notNull().default(""),
    action: text("action").notNull(),
    targetType: text("target_type").notNull().default(""),
    targetId: text("target_id").notNull().default(""),
    summary: text("summary").notNull().default(""),
    before: jsonb("before"),
    after: jsonb("after"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_at_idx").on(t.at), index("audit_actor_idx").on(t.actorId), index("audit_action_idx").on(t.action)],
);

/** In-console notifications. */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    userId: uuid("user_id").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    link: text("link"),
    readAt: ts("read_at"),
    createdAt: createdAt(),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt)],
);

/** Small key/value settings (setup token hash, demo marker …). */
export const settings = pgTable(
  "settings",
  {
    key: text("key").notNull(),
    value: jsonb("value").notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.key] })],
);

export * from "./schema-interaction.ts";
export * from "./schema-monitoring.ts";
export * from "./schema-duty.ts";

// ===================================================================== content and review

/**
 * A stable document with at most one working draft and one live revision (GOV.UK's model):
 * editing a published document creates a new draft while the live revision stays online.
 */
export const documents = pgTable(
  "documents",
  {
    id: id(),
    siteId: uuid("site_id")
      .notNull()
      .references(() => sites.id),
    ownerUnitId: uuid("owner_unit_id").notNull(),
    type: text("type").notNull(),
    // draft | in_review | approved | scheduled | published | withdrawn | removed | redirected
    state: text("state").notNull().default("draft"),
    draftRevisionId: uuid("draft_revision_id"),
    liveRevisionId: uuid("live_revision_id"),
    /** 索引号: assigned at first publication, never changed afterwards. */
    indexNo: text("index_no"),
    createdBy: uuid("created_by").notNull(),
    firstPublishedAt: ts("first_published_at"),
    lastPublishedAt: ts("last_published_at"),
    scheduledAt: ts("scheduled_at"),
    publishError: text("publish_error"),
    takedown: jsonb("takedown").$type<{ mode: "withdraw" | "remove" | "redirect"; reason: string; notice?: string; redirectUrl?: string; at: string; by: string } | null>(),
    /** Bumped at every public change; the publisher and search index ignore older events. */
    publicVersion: integer("public_version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("documents_index_no_uq").on(t.indexNo), index("documents_site_idx").on(t.siteId, t.state)],
);

/** Immutable revisions: every saved state of a document's fields. */
export const revisions = pgTable(
  "revisions",
  {
    id: id(),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id),
    number: integer("number").notNull(),
    fields: jsonb("fields").$type<Record<string, unknown>>().notNull(),
    /** Plain text of title, body and attachments, for checks and search. */
    text: text("text").notNull().default(""),
    findings: jsonb("findings").$type<unknown[]>().notNull().default([]),
    /** The final signer's written decision to submit despite blocking findings. */
    checksOverride: jsonb("checks_override").$type<{ by: string; byName: string; reason: string; at: string } | null>(),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("revisions_doc_number_uq").on(t.documentId, t.number)],
);

/** One pass of a revision through the review steps (三审三校 and the extra steps it needs). */
export const reviews = pgTable(
  "reviews",
  {
    id: id(),
    documentId: uuid("document_id").notNull(),
    revisionId: uuid("revision_id").notNull(),
    steps: jsonb("steps").$type<Array<{ key: string; name: string; role: string; level: number | null; unitId?: string; signOff?: boolean; kind: string }>>().notNull(),
    current: integer("current").notNull().default(0),
    status: text("status").notNull().default("in_progress"), // in_progress | approved | rejected | cancelled
    submittedBy: uuid("submitted_by").notNull(),
    submittedAt: ts("submitted_at").notNull().defaultNow(),
    override: jsonb("override").$type<{ by: string; reason: string; at: string } | null>(),
    stepDeadlineId: uuid("step_deadline_id"),
    finishedAt: ts("finished_at"),
  },
  (t) => [index("reviews_doc_idx").on(t.documentId), index("reviews_status_idx").on(t.status)],
);

/** Every signature: who, when, which step, decision, opinion, the criteria confirmed. */
export const reviewActions = pgTable(
  "review_actions",
  {
    id: id(),
    reviewId: uuid("review_id").notNull(),
    stepKey: text("step_key").notNull(),
    stepName: text("step_name").notNull(),
    actorId: uuid("actor_id").notNull(),
    actorName: text("actor_name").notNull(),
    decision: text("decision").notNull(), // submit | approve | reject | override
    opinion: text("opinion").notNull().default(""),
    checklist: jsonb("checklist").$type<string[]>().notNull().default([]),
    returnTo: text("return_to"),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [index("review_actions_review_idx").on(t.reviewId)],
);

/** Per unit, category and year sequences behind the 索引号. */
export const indexSequences = pgTable(
  "index_sequences",
  {
    scope: text("scope").notNull(),
    next: integer("next").notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.scope] })],
);

/** Uploaded files, stored by content hash. */
export const media = pgTable(
  "media",
  {
    id: id(),
    sha256: text("sha256").notNull(),
    size: integer("size").notNull(),
    mime: text("mime").notNull(),
    ext: text("ext").notNull(),
    originalName: text("original_name").notNull(),
    text: text("text").notNull().default(""),
    scan: text("scan").notNull(), // clean | not_scanned
    uploadedBy: uuid("uploaded_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("media_sha_idx").on(t.sha256)],
);

/** Emergency takedown requests: flagged by a 监管员, removed by the owning unit within the limit. */
export const takedowns = pgTable(
  "takedowns",
  {
    id: id(),
    documentId: uuid("document_id").notNull(),
    flaggedBy: uuid("flagged_by").notNull(),
    reason: text("reason").notNull(),
    dueAt: ts("due_at").notNull(),
    status: text("status").notNull().default("open"), // open | done | escalated | taken_down_by_supervisor
    escalatedAt: ts("escalated_at"),
    resolvedAt: ts("resolved_at"),
    resolvedBy: uuid("resolved_by"),
    createdAt: createdAt(),
  },
  (t) => [index("takedowns_open_idx").on(t.status, t.dueAt)],
);

/** 报送: a unit's document offered to a portal column; the receiving site adopts or declines. */
export const submissions = pgTable(
  "submissions",
  {
    id: id(),
    documentId: uuid("document_id").notNull(),
    fromUnitId: uuid("from_unit_id").notNull(),
    targetSiteId: uuid("target_site_id").notNull(),
    targetColumnId: uuid("target_column_id").notNull(),
    status: text("status").notNull().default("pending"), // pending | adopted | declined
    adoptedDocumentId: uuid("adopted_document_id"),
    note: text("note").notNull().default(""),
    submittedBy: uuid("submitted_by").notNull(),
    decidedBy: uuid("decided_by"),
    decidedAt: ts("decided_at"),
    createdAt: createdAt(),
  },
  (t) => [index("submissions_target_idx").on(t.targetSiteId, t.status)],
);

/** Outbox of public changes, consumed by the publisher and the search index in order. */
export const publishEvents = pgTable(
  "publish_events",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    siteId: uuid("site_id").notNull(),
    documentId: uuid("document_id"),
    kind: text("kind").notNull(), // publish | withdraw | remove | redirect | site
    version: integer("version").notNull().default(0),
    at: ts("at").notNull().defaultNow(),
    processedAt: ts("processed_at"),
  },
  (t) => [index("publish_events_pending_idx").on(t.processedAt, t.seq)],
);

// ===================================================================== public search

/**
 * Search index: one row per public document, text pre-segmented with jieba (space-separated words)
 * so PostgreSQL's 'simple' configuration indexes Chinese words. `version` guards against an older
 * publish event overwriting a newer state.
 */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const searchDocs = pgTable(
  "search_docs",
  {
    documentId: uuid("document_id").primaryKey(),
    siteId: uuid("site_id").notNull(),
    columnIds: jsonb("column_ids").$type<string[]>().notNull(),
    type: text("type").notNull(),
    group: text("group").notNull().default("info"), // info | service | interaction
    title: text("title").notNull(),
    url: text("url").notNull(),
    plain: text("plain").notNull(),
    segmented: text("segmented").notNull(),
    titleSegmented: text("title_segmented").notNull(),
    publishedAt: ts("published_at").notNull(),
    version: integer("version").notNull(),
  },
  // Matching, ordering and counting happen on search_titles; this wide row is read by id for
  // the page of results, and by address for the titles of the visit statistics' top pages.
  (t) => [index("search_docs_url_idx").on(t.url)],
);

/**
 * The narrow side of the search index, where every search matches, orders and counts: one row
 * per `search_docs` row with the filters, the title vector and the full vector (title weight A,
 * body weight B) — about 1.6 kB against 2.9 kB, so the vector stays in the row instead of being
 * moved out to TOAST with the texts, and testing a row costs one page read instead of four.
 * Named for its first use (title hits). Written only by the database: triggers on `search_docs`
 * insert or update it, the foreign key removes it with its document (migrations
 * 0011_search_titles, 0012_search_vectors).
 */
export const searchTitles = pgTable(
  "search_titles",
  {
    documentId: uuid("document_id")
      .primaryKey()
      .references(() => searchDocs.documentId, { onDelete: "cascade", onUpdate: "cascade" }),
    siteId: uuid("site_id").notNull(),
    columnIds: jsonb("column_ids").$type<string[]>().notNull(),
    type: text("type").notNull(),
    group: text("group").notNull(),
    publishedAt: ts("published_at").notNull(),
    /** to_tsvector('simple', left(title_segmented, 300)): bounded to fit in a btree entry (0012_search_vectors) */
    titleFts: tsvector("title_fts").notNull(),
    /** setweight(to_tsvector('simple', title_segmented), 'A') || setweight(to_tsvector('simple', segmented), 'B') */
    fts: tsvector("fts").notNull(),
  },
  (t) => [
    index("search_titles_fts_gin").using("gin", t.titleFts),
    // Read backwards for the newest title hits. Both also carry title_fts (INCLUDE, added in
    // migration 0012_search_titles_cover: drizzle cannot declare it), so the walk tests each
    // title in the index itself (index-only scan) instead of visiting the table row by row.
    index("search_titles_published_idx").on(t.publishedAt, t.documentId),
    index("search_titles_site_idx").on(t.siteId, t.publishedAt, t.documentId),
    index("search_titles_fts_all_gin").using("gin", t.fts),
    // Capped counts per result group: services and interaction are a small share of all documents.
    index("search_titles_fts_service_gin").using("gin", t.fts).where(sql`"group" = 'service'`),
    index("search_titles_fts_interaction_gin").using("gin", t.fts).where(sql`"group" = 'interaction'`),
  ],
);
export * from "./schema-statistics.ts";
export * from "./schema-themes.ts";

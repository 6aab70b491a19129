// Tables of notification delivery, 值班读网 and 假冒网站 (issue 7). Re-exported by schema.ts.
//
// Notifications: the `notifications` table (schema.ts) stays the in-console record that every
// module writes. Delivery to e-mail and webhooks is driven from the database: every notification
// row, however it was inserted, gets one `notification_dispatch` row (written by `notify()` at
// once, or by the delivery job's scan for rows that have none). Routing a dispatch row applies the
// person's preferences and appends it to an open `notification_deliveries` row per person, channel
// and kind (the digest); a delivery is sent no earlier than its `not_before` (the throttle).
import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const id = () => uuid("id").primaryKey().default(sql`gen_random_uuid()`);
const createdAt = () => ts("created_at").notNull().defaultNow();

// ===================================================================== notifications

/** A person's addresses for the external channels. */
export const notificationChannels = pgTable(
  "notification_channels",
  {
    userId: uuid("user_id").notNull(),
    channel: text("channel").notNull(), // email | webhook
    /** email: the address; webhook: the URL. */
    address: text("address").notNull(),
    /** webhook only: generic | wecom | dingtalk */
    format: text("format").notNull().default("generic"),
    /** dingtalk only: the robot's 加签 secret (signs timestamp and request). */
    secret: text("secret").notNull().default(""),
    enabled: boolean("enabled").notNull().default(true),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.channel] })],
);

/** What a person receives on which channel, per notification kind ("*" = every other kind). */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid("user_id").notNull(),
    kind: text("kind").notNull(),
    channel: text("channel").notNull(), // email | webhook
    enabled: boolean("enabled").notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind, t.channel] })],
);

/** One row per notification once it has been considered for the external channels. */
export const notificationDispatch = pgTable(
  "notification_dispatch",
  {
    notificationId: uuid("notification_id").primaryKey(),
    userId: uuid("user_id").notNull(),
    kind: text("kind").notNull(),
    severity: text("severity").notNull().default("normal"), // info | normal | urgent
    /** pending → routed (deliveries created or nothing to send) */
    state: text("state").notNull().default("pending"),
    createdAt: createdAt(),
    routedAt: ts("routed_at"),
  },
  (t) => [index("notification_dispatch_state_idx").on(t.state, t.createdAt)],
);

/** One message to one person on one channel: a single notification or a digest of several. */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: id(),
    userId: uuid("user_id").notNull(),
    channel: text("channel").notNull(),
    kind: text("kind").notNull(),
    notificationIds: jsonb("notification_ids").$type<string[]>().notNull(),
    /** open: collecting (digest) until not_before | retry: a failed attempt, next try at not_before | sent | failed (attempts exhausted) */
    state: text("state").notNull().default("open"),
    /** Urgent notifications go alone and at once: never throttled, never bundled. */
    urgent: boolean("urgent").notNull().default(false),
    notBefore: ts("not_before").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    sentAt: ts("sent_at"),
    createdAt: createdAt(),
  },
  (t) => [index("notification_deliveries_due_idx").on(t.state, t.notBefore), index("notification_deliveries_user_idx").on(t.userId, t.channel, t.kind, t.createdAt)],
);

// ===================================================================== duty (值班读网)

/** Shift patterns of the 7×24 roster (e.g. 白班 08:30–17:30, 夜班 17:30–次日 08:30). */
export const dutyShifts = pgTable(
  "duty_shifts",
  {
    id: id(),
    name: text("name").notNull(),
    /** "HH:MM" in Asia/Shanghai; an end not after the start runs into the next day. */
    startTime: text("start_time").notNull(),
    endTime: text("end_time").notNull(),
    sort: integer("sort").notNull().default(0),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("duty_shifts_name_uq").on(t.name)],
);

/** Who is on which shift of which day; a shift may have a leader (带班) and several officers. */
export const dutyAssignments = pgTable(
  "duty_assignments",
  {
    id: id(),
    day: date("day").notNull(),
    shiftId: uuid("shift_id").notNull(),
    userId: uuid("user_id").notNull(),
    role: text("role").notNull().default("officer"), // leader | officer
    note: text("note").notNull().default(""),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("duty_assignments_uq").on(t.day, t.shiftId, t.userId), index("duty_assignments_day_idx").on(t.day)],
);

/** A patrol (读网巡查): pages read and what was found. */
export const dutyPatrols = pgTable(
  "duty_patrols",
  {
    id: id(),
    userId: uuid("user_id").notNull(),
    startedAt: ts("started_at").notNull(),
    finishedAt: ts("finished_at"),
    /** The publish-event sequence the patrol's "changed since" view was computed up to. */
    upToSeq: integer("up_to_seq").notNull().default(0),
    pages: jsonb("pages").$type<Array<{ url: string; title: string; documentId?: string; siteId?: string; result: "ok" | "problem"; note?: string }>>().notNull().default([]),
    findings: text("findings").notNull().default(""),
    result: text("result").notNull().default("normal"), // normal | problems
    createdAt: createdAt(),
  },
  (t) => [index("duty_patrols_time_idx").on(t.finishedAt)],
);

/** Incidents (突发事件) and public-opinion (舆情) records. */
export const dutyIncidents = pgTable(
  "duty_incidents",
  {
    id: id(),
    kind: text("kind").notNull(), // incident | opinion
    title: text("title").notNull(),
    level: text("level").notNull().default("normal"), // normal | major | critical
    source: text("source").notNull().default(""),
    occurredAt: ts("occurred_at").notNull(),
    description: text("description").notNull(),
    siteId: uuid("site_id"),
    status: text("status").notNull().default("open"), // open | following | closed
    closedAt: ts("closed_at"),
    conclusion: text("conclusion").notNull().default(""),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("duty_incidents_status_idx").on(t.status, t.occurredAt)],
);

export const dutyIncidentEntries = pgTable(
  "duty_incident_entries",
  {
    id: id(),
    incidentId: uuid("incident_id").notNull(),
    content: text("content").notNull(),
    byUserId: uuid("by_user_id").notNull(),
    byName: text("by_name").notNull(),
    at: createdAt(),
  },
  (t) => [index("duty_incident_entries_idx").on(t.incidentId, t.at)],
);

/** Emergency plans (应急预案) with their documents (media ids). */
export const dutyPlans = pgTable("duty_plans", {
  id: id(),
  title: text("title").notNull(),
  scope: text("scope").notNull().default(""),
  summary: text("summary").notNull().default(""),
  mediaIds: jsonb("media_ids").$type<string[]>().notNull().default([]),
  version: text("version").notNull().default(""),
  approvedOn: date("approved_on"),
  createdBy: uuid("created_by").notNull(),
  createdAt: createdAt(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/** Drills (应急演练) of a plan. */
export const dutyDrills = pgTable(
  "duty_drills",
  {
    id: id(),
    planId: uuid("plan_id").notNull(),
    heldOn: date("held_on").notNull(),
    participants: text("participants").notNull().default(""),
    scenario: text("scenario").notNull(),
    outcome: text("outcome").notNull().default(""),
    problems: text("problems").notNull().default(""),
    mediaIds: jsonb("media_ids").$type<string[]>().notNull().default([]),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("duty_drills_plan_idx").on(t.planId, t.heldOn)],
);

// ===================================================================== counterfeit sites (假冒网站)

export const counterfeitReports = pgTable(
  "counterfeit_reports",
  {
    id: id(),
    caseNo: text("case_no").notNull(),
    source: text("source").notNull(), // public | staff
    url: text("url").notNull(),
    host: text("host").notNull(),
    /** The genuine site it imitates, when known. */
    imitatedSiteId: uuid("imitated_site_id"),
    description: text("description").notNull(),
    reporterName: text("reporter_name").notNull().default(""),
    reporterContact: text("reporter_contact").notNull().default(""),
    reporterIp: text("reporter_ip").notNull().default(""),
    // received | verifying | confirmed | reported | offline | closed (not counterfeit / duplicate)
    status: text("status").notNull().default("received"),
    outcome: text("outcome").notNull().default(""),
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("counterfeit_reports_case_uq").on(t.caseNo), index("counterfeit_reports_status_idx").on(t.status, t.createdAt), index("counterfeit_reports_host_idx").on(t.host)],
);

/** Handling steps: 核实, 报告网信, 报告公安, 下线, 结案 … */
export const counterfeitSteps = pgTable(
  "counterfeit_steps",
  {
    id: id(),
    reportId: uuid("report_id").notNull(),
    step: text("step").notNull(),
    note: text("note").notNull(),
    /** null for the public's own report */
    byUserId: uuid("by_user_id"),
    byName: text("by_name").notNull(),
    at: createdAt(),
  },
  (t) => [index("counterfeit_steps_idx").on(t.reportId, t.at)],
);

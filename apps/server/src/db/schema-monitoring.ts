// Monitoring (监测预警) and rectification (整改工单): availability probes, findings from scans and
// tamper checks, tickets and their history. Re-exported from schema.ts.
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const id = () => uuid("id").primaryKey().default(sql`gen_random_uuid()`);

/** One availability probe of a site's homepage or a key column page. */
export const monitorProbes = pgTable(
  "monitor_probes",
  {
    id: id(),
    siteId: uuid("site_id").notNull(),
    /** home | column */
    target: text("target").notNull(),
    columnId: uuid("column_id"),
    url: text("url").notNull(),
    at: ts("at").notNull(),
    ok: boolean("ok").notNull(),
    /** HTTP status, 0 when there was no response. */
    status: integer("status").notNull().default(0),
    durationMs: integer("duration_ms").notNull().default(0),
    error: text("error").notNull().default(""),
  },
  (t) => [index("monitor_probes_site_at_idx").on(t.siteId, t.at)],
);

/**
 * A problem found on a published site. The fingerprint identifies the same problem across scans
 * (type, rule, subject), so a recurring problem updates its row and links to its open ticket.
 */
export const monitorFindings = pgTable(
  "monitor_findings",
  {
    id: id(),
    siteId: uuid("site_id").notNull(),
    columnId: uuid("column_id"),
    /** Where it came from: scan | tamper | probe | manual */
    source: text("source").notNull(),
    /** broken_link | suspected_link | hidden_link | foreign_script | content | tamper | unavailable … */
    type: text("type").notNull(),
    severity: text("severity").notNull(), // severe | warn | info
    rule: text("rule").notNull().default(""),
    fingerprint: text("fingerprint").notNull(),
    url: text("url").notNull().default(""),
    detail: text("detail").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    /** open | resolved (not seen in the latest scan of its kind) */
    status: text("status").notNull().default("open"),
    occurrences: integer("occurrences").notNull().default(1),
    firstSeenAt: ts("first_seen_at").notNull(),
    lastSeenAt: ts("last_seen_at").notNull(),
    resolvedAt: ts("resolved_at"),
    ticketId: uuid("ticket_id"),
  },
  (t) => [uniqueIndex("monitor_findings_fp_uq").on(t.siteId, t.fingerprint), index("monitor_findings_site_idx").on(t.siteId, t.status)],
);

/** 整改工单: a problem assigned to the responsible unit and person with a deadline. */
export const rectificationTickets = pgTable(
  "rectification_tickets",
  {
    id: id(),
    /** Human number, e.g. ZG20261123-0007. */
    number: text("number").notNull(),
    siteId: uuid("site_id").notNull(),
    columnId: uuid("column_id"),
    unitId: uuid("unit_id").notNull(),
    assigneeId: uuid("assignee_id"),
    findingId: uuid("finding_id"),
    /** finding | manual */
    origin: text("origin").notNull(),
    title: text("title").notNull(),
    detail: text("detail").notNull().default(""),
    url: text("url").notNull().default(""),
    severity: text("severity").notNull(), // severe | warn | info
    /** open (waiting for the unit) | answered (waiting for verification) | closed (verified) */
    status: text("status").notNull().default("open"),
    dueAt: ts("due_at").notNull(),
    /** The working-day deadline (calendar module) behind dueAt; null for the hour-counted severe ones. */
    deadlineId: uuid("deadline_id"),
    answer: text("answer"),
    answeredAt: ts("answered_at"),
    answeredBy: uuid("answered_by"),
    verifiedAt: ts("verified_at"),
    verifiedBy: uuid("verified_by"),
    reopenCount: integer("reopen_count").notNull().default(0),
    recurrences: integer("recurrences").notNull().default(0),
    lastRecurredAt: ts("last_recurred_at"),
    escalatedAt: ts("escalated_at"),
    createdBy: uuid("created_by"),
    createdByName: text("created_by_name").notNull(),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("rectification_tickets_number_uq").on(t.number),
    index("rectification_tickets_status_idx").on(t.status, t.dueAt),
    index("rectification_tickets_unit_idx").on(t.unitId, t.status),
    index("rectification_tickets_site_idx").on(t.siteId, t.status),
  ],
);

/** The history of a ticket: created, answered, verified, reopened, escalated, recurred. */
export const ticketEvents = pgTable(
  "ticket_events",
  {
    id: id(),
    ticketId: uuid("ticket_id").notNull(),
    at: ts("at").notNull(),
    kind: text("kind").notNull(),
    actorId: uuid("actor_id"),
    actorName: text("actor_name").notNull(),
    note: text("note").notNull().default(""),
  },
  (t) => [index("ticket_events_ticket_idx").on(t.ticketId, t.at)],
);

/** Tamper checks and scans as they ran, for the console's "last checked" and the evidence trail. */
export const monitorRuns = pgTable(
  "monitor_runs",
  {
    id: id(),
    siteId: uuid("site_id").notNull(),
    kind: text("kind").notNull(), // tamper | scan
    startedAt: ts("started_at").notNull(),
    finishedAt: ts("finished_at"),
    ok: boolean("ok").notNull().default(true),
    summary: jsonb("summary").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("monitor_runs_site_idx").on(t.siteId, t.kind, t.startedAt)],
);

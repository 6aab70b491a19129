// Visit statistics of the public sites (issue 5). Re-exported by schema.ts.
//
// No cookies and no personal data: a visitor is a hash of IP address and user agent with a salt
// that lives for one day (Asia/Shanghai) in visit_salts and is deleted the next day, so hashes
// of different days cannot be linked and no hash can be traced back once its salt is gone.
// visit_seen holds today's hashes only, to count unique visitors across flushes and processes;
// rows of earlier days are deleted with the salt. The reports read visit_daily.
import { date, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/** Today's salt; earlier days' rows are deleted as soon as a new day starts. */
export const visitSalts = pgTable("visit_salts", {
  day: date("day", { mode: "string" }).primaryKey(),
  salt: text("salt").notNull(),
});

/**
 * Page views and unique visitors per day, per site and scope: kind "site" (key ""), "column"
 * (key: the column's path, e.g. "zwdt/sfyw") or "page" (key: the page's path on the site).
 */
export const visitDaily = pgTable(
  "visit_daily",
  {
    day: date("day", { mode: "string" }).notNull(),
    siteCode: text("site_code").notNull(),
    kind: text("kind").notNull(),
    key: text("key").notNull(),
    views: integer("views").notNull().default(0),
    visitors: integer("visitors").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.siteCode, t.kind, t.key] })],
);

/** Visitor hashes seen today per scope (deduplication only; deleted when the day is over). */
export const visitSeen = pgTable(
  "visit_seen",
  {
    day: date("day", { mode: "string" }).notNull(),
    siteCode: text("site_code").notNull(),
    kind: text("kind").notNull(),
    key: text("key").notNull(),
    visitor: text("visitor").notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.siteCode, t.kind, t.key, t.visitor] })],
);

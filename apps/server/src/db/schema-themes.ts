// Per-site theme overrides edited in the console (issue 5). Re-exported by schema.ts.
//
// A site's look is its theme chain on disk (themes/<name>, read-only) with these files merged over
// it by the publisher. `theme_overrides` holds the current file of each path; every save, delete
// and restore appends a row to `theme_override_versions`, the history a version can be restored from.
import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const themeOverrides = pgTable(
  "theme_overrides",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    siteId: uuid("site_id").notNull(),
    /** Relative path inside the theme, e.g. partials/footer.liquid or assets/site-local.css. */
    path: text("path").notNull(),
    content: text("content").notNull(),
    /** Number of the version row this content came from (per site and path, from 1). */
    version: integer("version").notNull(),
    updatedBy: uuid("updated_by"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("theme_overrides_site_path_uq").on(t.siteId, t.path)],
);

export const themeOverrideVersions = pgTable(
  "theme_override_versions",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    siteId: uuid("site_id").notNull(),
    path: text("path").notNull(),
    version: integer("version").notNull(),
    /** Null: the override was deleted (the site went back to the inherited file). */
    content: text("content"),
    /** save | delete | restore */
    action: text("action").notNull(),
    createdBy: uuid("created_by"),
    createdByName: text("created_by_name").notNull().default(""),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("theme_override_versions_uq").on(t.siteId, t.path, t.version), index("theme_override_versions_site_idx").on(t.siteId, t.createdAt)],
);

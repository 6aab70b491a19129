// What every operation needs, built once per process (or per test): the database, the
// configuration, the active rule profile and the working-day calendar.
import { existsSync } from "node:fs";
import path from "node:path";
import { WorkCalendar } from "@govsite/calendar";
import { createChecker, isProfileName, type Checker } from "@govsite/checks";
import { loadProfile, type Profile } from "@govsite/profiles";
import type { Config } from "./config/index.ts";
import type { Database, Db } from "./db/client.ts";
import { calendarDays } from "./db/schema.ts";

export interface Services {
  database: Database;
  db: Db;
  config: Config;
  profile: Profile;
  /** The working-day calendar as stored in the database (cached; invalidated on edit). */
  calendar(): Promise<WorkCalendar>;
  invalidateCalendar(): void;
  /** The content-check engine with the deployment's dictionaries (data/dictionaries). */
  checker(): Checker;
}

export async function createServices(database: Database, config: Config): Promise<Services> {
  const profile = await loadProfile(config.profile);
  let cached: Promise<WorkCalendar> | null = null;
  let checker: Checker | null = null;
  return {
    database,
    db: database.db,
    config,
    profile,
    calendar() {
      cached ??= database.db
        .select()
        .from(calendarDays)
        .then((rows) => new WorkCalendar(rows.map((r) => ({ date: r.day, kind: r.kind as "holiday" | "workday", name: r.name }))));
      return cached;
    },
    invalidateCalendar() {
      cached = null;
    },
    checker() {
      if (!checker) {
        const dir = path.join(config.dataDir, "dictionaries");
        checker = createChecker({
          profile: isProfileName(config.profile) ? config.profile : "national",
          dictionaries: existsSync(dir) ? [dir] : [],
          watch: existsSync(dir) && !process.env.VITEST,
        });
      }
      return checker;
    },
  };
}

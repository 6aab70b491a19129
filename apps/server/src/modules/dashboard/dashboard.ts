// Platform counts and the calendar-coverage warning for the console's home page. The compliance
// figures of the home page (veto lights, freshness, to-do list, trends) are in modules/cockpit.
import { eq, sql } from "drizzle-orm";
import { columnRequests, columns, passwordResetRequests, sites, units, users } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { can, scopeOf, type Actor } from "../accounts/roles.ts";
import { coverage } from "../calendar/calendar.ts";

export async function dashboard(svc: Services, actor: Actor) {
  const n = sql<number>`count(*)::int`;
  const count = async (q: Promise<Array<{ n: number }>>) => (await q)[0]?.n ?? 0;
  const siteScope = scopeOf(actor, "site.read");
  const seesAll = siteScope.all;
  const cov = await coverage(svc);
  return {
    counts: {
      units: await count(svc.db.select({ n }).from(units)),
      users: can(actor, "user.read") ? await count(svc.db.select({ n }).from(users).where(eq(users.status, "active"))) : null,
      sites: seesAll ? await count(svc.db.select({ n }).from(sites)) : siteScope.siteIds.length,
      columns: seesAll ? await count(svc.db.select({ n }).from(columns)) : null,
      pendingColumnRequests: can(actor, "column.decide") ? await count(svc.db.select({ n }).from(columnRequests).where(eq(columnRequests.status, "pending"))) : null,
      pendingPasswordResets: can(actor, "password_reset.approve") ? await count(svc.db.select({ n }).from(passwordResetRequests).where(eq(passwordResetRequests.status, "pending"))) : null,
    },
    calendar: { nextYear: cov.nextYear, nextYearCovered: cov.nextYearCovered, warnings: cov.warnings },
  };
}

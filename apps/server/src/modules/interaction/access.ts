// Who may do what with letters and applications. Scope is decided here and applied in every query
// (lists, case pages, statistics, exports, jobs):
// - 监管员 / 值班员 read everything; 监管员 approve extensions of letters;
// - the operating centre of a site (people of the site's 承办单位 holding a role on that site)
//   does intake, forwarding, moderation and publication for that site;
// - a unit sees only the letters forwarded to it and the applications addressed to it; its
//   people draft, its leaders (审核人 level ≥ 2) review.
import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { letterAssignments, letters, sites } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import type { Actor } from "../accounts/roles.ts";
import { forbidden } from "../../lib/errors.ts";

export interface InteractionScope {
  /** Reads every site (supervisor, duty officer). */
  all: boolean;
  supervisor: boolean;
  /** Sites whose operating centre the actor belongs to. */
  intakeSiteIds: string[];
  unitId: string;
}

const SITE_ROLES = new Set(["site_admin", "editor", "reviewer"]);

export async function interactionScope(db: DbOrTx, actor: Actor): Promise<InteractionScope> {
  const supervisor = actor.assignments.some((a) => a.role === "supervisor");
  const all = supervisor || actor.assignments.some((a) => a.role === "duty_officer");
  const siteIds = [...new Set(actor.assignments.filter((a) => SITE_ROLES.has(a.role) && a.siteId).map((a) => a.siteId!))];
  const intake = siteIds.length
    ? await db
        .select({ id: sites.id })
        .from(sites)
        .where(and(inArray(sites.id, siteIds), eq(sites.operatorUnitId, actor.unitId)))
    : [];
  return { all, supervisor, intakeSiteIds: intake.map((s) => s.id), unitId: actor.unitId };
}

export const isIntake = (s: InteractionScope, siteId: string) => s.intakeSiteIds.includes(siteId);

export function requireIntake(s: InteractionScope, siteId: string) {
  if (!isIntake(s, siteId)) throw forbidden("只有本站点的运维中心（承办单位）人员可以受理、转办和公开留言。");
}

/** A leader of the unit: 审核人 of level 2 or above (科室负责人、分管领导). */
export const isUnitLeader = (actor: Actor, unitId: string) => actor.unitId === unitId && actor.assignments.some((a) => a.role === "reviewer" && (a.level ?? 0) >= 2);

/** The letters the actor may see, as a condition for the query layer. `undefined` = every letter. */
export function letterVisibility(s: InteractionScope): SQL | undefined {
  if (s.all) return undefined;
  const forwarded = sql`${letters.id} in (select ${letterAssignments.letterId} from ${letterAssignments} where ${letterAssignments.unitId} = ${s.unitId})`;
  return s.intakeSiteIds.length ? or(inArray(letters.siteId, s.intakeSiteIds), forwarded) : forwarded;
}

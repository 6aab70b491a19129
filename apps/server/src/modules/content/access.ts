// Who may do what with a document: editing by the site's 信息员 (within their columns), reading by
// anyone working on or supervising the site, and each review step by the people its role names.
import { eq } from "drizzle-orm";
import type { Actor, RoleKey } from "../accounts/roles.ts";
import { can } from "../accounts/roles.ts";
import { roleAssignments, users } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";

export interface DocLike {
  siteId: string;
  primaryColumnId: string | null;
}

export interface Step {
  key: string;
  name: string;
  role: string;
  level: number | null;
  kind: string; // review | countersign | secrecy | source | homepage | principal
  unitId?: string;
  signOff?: boolean;
}

function columnAllowed(columnIds: string[] | null, columnId: string | null) {
  return !columnIds || columnIds.length === 0 || (columnId !== null && columnIds.includes(columnId));
}

/** A 信息员 of the site whose column scope covers the document's primary column. */
export function canEdit(actor: Actor, doc: DocLike): boolean {
  return actor.assignments.some((a) => a.role === "editor" && a.siteId === doc.siteId && columnAllowed(a.columnIds, doc.primaryColumnId));
}

export function canEditSite(actor: Actor, siteId: string): boolean {
  return actor.assignments.some((a) => a.role === "editor" && a.siteId === siteId);
}

/** Everyone with a content role on the site, plus those who supervise every site. */
export function canRead(actor: Actor, doc: DocLike, extraUnitIds: string[] = []): boolean {
  if (can(actor, "site.read") && actor.assignments.some((a) => a.role === "supervisor" || a.role === "duty_officer")) return true;
  if (actor.assignments.some((a) => ["editor", "proofreader", "reviewer", "site_admin"].includes(a.role) && a.siteId === doc.siteId)) return true;
  return extraUnitIds.includes(actor.unitId) && actor.assignments.some((a) => a.role === "reviewer");
}

/** The sites whose documents the actor may list. `null` = every site. */
export function readableSites(actor: Actor): string[] | null {
  if (actor.assignments.some((a) => a.role === "supervisor" || a.role === "duty_officer")) return null;
  return [...new Set(actor.assignments.filter((a) => ["editor", "proofreader", "reviewer", "site_admin"].includes(a.role) && a.siteId).map((a) => a.siteId!))];
}

/** May this person sign this step of this document? (Not yet: whether they signed another.) */
export function eligibleForStep(actor: Actor, doc: DocLike, step: Step): boolean {
  switch (step.kind) {
    case "countersign":
      // A leader (reviewer level ≥ 2) of the co-issuing unit signs for it.
      return actor.unitId === step.unitId && actor.assignments.some((a) => a.role === "reviewer" && (a.level ?? 0) >= 2);
    case "secrecy":
    case "homepage":
      return actor.assignments.some((a) => a.role === "supervisor");
    default:
      return actor.assignments.some(
        (a) =>
          a.role === step.role &&
          a.siteId === doc.siteId &&
          (step.level === null || a.role !== "reviewer" || (a.level ?? 0) >= step.level) &&
          columnAllowed(a.columnIds, doc.primaryColumnId),
      );
  }
}

/** The review level that signs off (签发) in the active profile: the highest reviewer step. */
export function signOffLevel(steps: ReadonlyArray<{ role: string; level?: number | null }>): number {
  return Math.max(...steps.filter((s) => s.role === "reviewer").map((s) => s.level ?? 0), 1);
}

/** Everyone active with their role assignments, for "who can sign this step" questions in jobs. */
export async function activeActors(db: DbOrTx): Promise<Actor[]> {
  const rows = await db
    .select({ userId: roleAssignments.userId, role: roleAssignments.role, level: roleAssignments.level, siteId: roleAssignments.siteId, columnIds: roleAssignments.columnIds, unitId: users.unitId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(eq(users.status, "active"));
  const byUser = new Map<string, Actor>();
  for (const r of rows) {
    const a = byUser.get(r.userId) ?? { userId: r.userId, username: "", realName: "", unitId: r.unitId, ip: "", assignments: [] };
    a.assignments.push({ id: "", role: r.role as RoleKey, level: r.level, siteId: r.siteId, columnIds: r.columnIds ?? null });
    byUser.set(r.userId, a);
  }
  return [...byUser.values()];
}

/** The final signer of a site: may override blocking check findings with a written reason. */
export function isFinalSigner(actor: Actor, doc: DocLike, finalLevel: number): boolean {
  return actor.assignments.some((a) => a.role === "reviewer" && a.siteId === doc.siteId && (a.level ?? 0) >= finalLevel);
}

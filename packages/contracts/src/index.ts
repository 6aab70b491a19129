// What the server and the console must agree on, in one place: the role keys and the permission
// names the server grants (apps/server/src/modules/accounts/roles.ts maps roles to permissions;
// the console shows menus and pages by them). Types and constants only, no runtime dependencies.

export const ROLE_KEYS = ["system_admin", "auditor", "supervisor", "site_admin", "editor", "proofreader", "reviewer", "duty_officer"] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

export const PERMISSIONS = [
  "unit.manage",
  "user.manage",
  "user.read",
  "role.assign",
  "site.manage",
  "site.update",
  "site.read",
  "column.manage",
  "column.request",
  "column.decide",
  "column.read",
  "calendar.manage",
  "calendar.read",
  "audit.read",
  "password_reset.request",
  "password_reset.approve",
  "profile.read",
  "content.edit",
  "content.proofread",
  "content.review",
  "duty.patrol",
  "duty.manage",
  "monitor.read",
  "monitor.run",
  "ticket.manage",
  "ticket.verify",
  "theme.manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export * from "./cockpit.ts";

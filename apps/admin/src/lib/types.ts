// Shapes of the server's answers as the console uses them (the API contract of issue 2).
import type { RoleKey } from "@govsite/contracts";

export type Stage = "full" | "totp" | "totp_setup" | "password_change";

export interface ListResult<T> {
  items: T[];
  total?: number;
}

export interface RoleAssignment {
  id: string;
  role: RoleKey;
  roleName: string;
  level: number | null;
  siteId: string | null;
  siteName: string | null;
  columnIds: string[] | null;
}

export interface MeUser {
  id: string;
  username: string;
  realName: string;
  title: string;
  unitId: string;
  unitName: string;
  mobile: string;
  email: string;
  totpEnabled: boolean;
  totpRequired: boolean;
  passwordExpiresAt: string | null;
}

export interface Me {
  stage: Stage;
  csrfToken: string;
  user: MeUser;
  roles: RoleAssignment[];
  permissions: string[];
  profile: { name: string; title: string };
}

export interface LoginResult {
  stage: Stage;
  csrfToken: string;
  user: Partial<MeUser>;
}

export interface PasswordPolicy {
  minLength: number;
  requiredClasses: number | string[];
  rotationDays: number;
  historyCount: number;
  text: string;
}

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

export type UnitType = "government_office" | "egov_center" | "department" | "township" | "street" | "institution";

export interface Unit {
  id: string;
  parentId: string | null;
  name: string;
  shortName: string;
  type: UnitType;
  code: string;
  leader: string;
  phone: string;
  address: string;
  sort: number;
}

export type UserStatus = "pending_training" | "active" | "disabled";

export interface User {
  id: string;
  unitId: string;
  unitName: string;
  username: string;
  realName: string;
  title: string;
  mobile: string;
  email: string;
  status: UserStatus;
  locked: boolean;
  totpEnabled: boolean;
  lastLoginAt: string | null;
  passwordChangedAt: string | null;
  roles: RoleAssignment[];
}

export interface TrainingRecord {
  id: string;
  course: string;
  trainedOn: string;
  trainer: string;
  recordedByName?: string | null;
  createdAt?: string;
}

export interface RoleDef {
  key: RoleKey;
  name: string;
  description: string;
  scope: "platform" | "site";
  levels?: number[];
  /** Roles that a holder of this role may grant, within its own scope. */
  assigns?: RoleKey[];
}

export type RequestStatus = "pending" | "approved" | "rejected";

export interface PasswordReset {
  id: string;
  userId: string;
  userName: string;
  reason: string;
  documentRef: string;
  requestedByName: string;
  status: RequestStatus;
  decidedByName: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export type SiteKind = "portal" | "department" | "subsite" | "topic";
export type SiteStatus = "planning" | "running" | "offline" | "closed" | "archived";

export interface Site {
  id: string;
  code: string;
  name: string;
  kind: SiteKind;
  parentSiteId: string | null;
  ownerUnitId: string;
  ownerUnitName: string;
  operatorUnitId: string;
  operatorUnitName: string;
  domain: string;
  pathPrefix: string;
  siteIdCode: string;
  icp: string;
  psb: string;
  partyGovMark: string;
  contactPhone: string;
  contactEmail: string;
  address: string;
  status: SiteStatus;
  /** `monitorUrl`: the site's address for scheduled monitoring over HTTP. */
  settings?: { monitorUrl?: string };
}

export interface AdminFiling {
  id: string;
  siteName: string;
  unitName: string;
  previousUserName: string | null;
  newUserName: string | null;
  reason: string;
  filedByName: string | null;
  createdAt: string;
}

export interface Column {
  id: string;
  siteId: string;
  parentId: string | null;
  name: string;
  slug: string;
  columnType: string;
  category: string;
  categoryName: string;
  intervalDays: number | null;
  responsibleUnitId: string;
  responsibleUnitName: string;
  responsibleUserId: string | null;
  responsibleUserName: string | null;
  description: string;
  keywords: string[];
  externalUrl: string | null;
  archived: boolean;
  archivedAt: string | null;
  sort: number;
}

export interface ColumnMeta {
  columnTypes: string[];
  categories: { key: string; name: string; intervalDays: number | null }[];
}

export interface ColumnRequest {
  id: string;
  siteId: string;
  siteName: string;
  action: "create" | "update" | "archive" | "delete";
  columnName: string;
  payload: Record<string, unknown>;
  reason: string;
  requestedByName: string;
  status: RequestStatus;
  decidedByName: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export interface CalendarDay {
  day: string;
  kind: "holiday" | "workday";
  name: string;
  source: "seed" | "manual";
}

export interface CalendarYear {
  year: number;
  covered: boolean;
  days: CalendarDay[];
}

export interface ProfileView {
  name: string;
  title: string;
  rows: {
    key: string;
    label: string;
    value: unknown;
    source: string;
    /** Section of the table, e.g. 账号与口令. */
    group?: string;
    /** The profile that sets this value (national = the base). */
    definedBy?: string;
    note?: string;
  }[];
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorName: string;
  ip: string;
  action: string;
  targetType: string;
  targetId: string;
  summary: string;
  before: unknown;
  after: unknown;
}

export interface Dashboard {
  /** null: not visible to this person. */
  counts: {
    units: number | null;
    users: number | null;
    sites: number | null;
    columns: number | null;
    pendingColumnRequests: number | null;
    pendingPasswordResets: number | null;
  };
  calendar: {
    nextYearCovered: boolean;
    nextYear: number;
    /** The server's own judgement of when a missing year deserves a warning. */
    warnings?: { year: number; level: "error" | "warning"; message: string }[];
  };
}

// The shape of GET /api/cockpit's rows, as the server builds them (apps/server/src/modules/cockpit)
// and the console shows them (apps/admin/src/features/dashboard).

/** A traffic light: grey when the item cannot be judged (e.g. no probe yet). */
export type Light = "green" | "yellow" | "red" | "grey";
/** The six single-veto items of the national inspection indicators. */
export type VetoKey = "unavailable" | "homepage" | "columns" | "blank" | "interaction" | "serious";
export type FreshLevel = "ok" | "due_soon" | "overdue" | "blank" | "unchecked";

export interface ColumnRow {
  columnId: string;
  path: string;
  categoryName: string;
  intervalDays: number | null;
  responsibleUnitName: string;
  lastUpdateAt: string | null;
  lastTitle: string | null;
  ageDays: number | null;
  daysLeft: number | null;
  level: FreshLevel;
  levelName: string;
}

export interface LetterRow {
  letterId: string;
  caseNo: string;
  title: string;
  channel: string;
  receivedAt: string;
  ageDays: number;
  statusName: string;
  overdueStage: string | null;
  dueAt: string | null;
  units: string[];
}

export interface DocumentRow {
  /** The document, or null for a problem found on the served site by monitoring. */
  documentId: string | null;
  title: string;
  reason: string;
  url?: string;
}

export interface VetoItem {
  key: VetoKey;
  name: string;
  light: Light;
  /** The headline figure as shown on the light, e.g. "3 / 5 个". */
  figure: string;
  daysUntilViolation: number | null;
  explanation: string[];
  columns?: ColumnRow[];
  /** Columns that run out first (early warning). */
  nextColumns?: ColumnRow[];
  letters?: LetterRow[];
  documents?: DocumentRow[];
}

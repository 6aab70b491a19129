// The shape of GET /api/cockpit (apps/server/src/modules/cockpit/cockpit.ts).

export type Light = "green" | "yellow" | "red" | "grey";
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
  /** null: a problem monitoring found on the served site. */
  documentId: string | null;
  title: string;
  reason: string;
  url?: string;
}

export interface VetoItem {
  key: VetoKey;
  name: string;
  light: Light;
  figure: string;
  daysUntilViolation: number | null;
  explanation: string[];
  columns?: ColumnRow[];
  nextColumns?: ColumnRow[];
  letters?: LetterRow[];
  documents?: DocumentRow[];
}

export interface TicketCounts {
  open: number;
  answered: number;
  overdue: number;
}

export interface CockpitSite {
  siteId: string;
  name: string;
  kind: string;
  light: Light;
  daysUntilViolation: number | null;
  items: VetoItem[];
  columnCounts: { total: number; ok: number; dueSoon: number; overdue: number; blank: number; unchecked: number };
  freshness: ColumnRow[];
  tickets: TicketCounts;
}

export interface CockpitUnit {
  unitId: string;
  name: string;
  columns: number;
  overdue: ColumnRow[];
  dueSoon: ColumnRow[];
  blank: ColumnRow[];
  overdueLetters: number;
  light: Light;
  tickets: TicketCounts;
}

export interface TodoItem {
  key: string;
  title: string;
  count: number;
  urgent: boolean;
  detail: string;
  link: string | null;
}

export interface Cockpit {
  generatedAt: string;
  sites: CockpitSite[];
  units: CockpitUnit[];
  overdueLetters: LetterRow[];
  tickets: TicketCounts;
  todo: TodoItem[];
  trends: { days: string[]; updates: number[]; overdueLetters: number[]; availability: Array<number | null> };
}

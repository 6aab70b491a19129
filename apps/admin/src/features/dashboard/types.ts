// The shape of GET /api/cockpit (apps/server/src/modules/cockpit/cockpit.ts); the row types are
// shared with the server through packages/contracts.

import type { ColumnRow, LetterRow, Light, VetoItem } from "@govsite/contracts";

export type { ColumnRow, DocumentRow, FreshLevel, Light, LetterRow, VetoItem, VetoKey } from "@govsite/contracts";

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

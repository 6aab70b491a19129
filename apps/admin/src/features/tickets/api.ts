// 整改工单: the server's shapes and the queries the ticket pages share.
import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";

export type Severity = "severe" | "warn" | "info";
export type TicketStatus = "open" | "answered" | "closed";

export interface TicketRow {
  id: string;
  number: string;
  siteId: string;
  siteName: string;
  columnId: string | null;
  columnName: string | null;
  unitId: string;
  unitName: string;
  assigneeId: string | null;
  assigneeName: string | null;
  origin: "finding" | "manual";
  title: string;
  detail: string;
  url: string;
  severity: Severity;
  severityName: string;
  status: TicketStatus;
  statusName: string;
  dueAt: string;
  overdue: boolean;
  secondsLeft: number | null;
  answer: string | null;
  answeredAt: string | null;
  verifiedAt: string | null;
  reopenCount: number;
  recurrences: number;
  lastRecurredAt: string | null;
  escalatedAt: string | null;
  createdByName: string;
  createdAt: string;
}

export interface TicketEvent {
  id: string;
  at: string;
  kind: "create" | "answer" | "verify" | "reopen" | "escalate" | "recur";
  actorName: string;
  note: string;
}

export interface TicketDetail extends TicketRow {
  history: TicketEvent[];
  finding: { id: string; type: string; rule: string; url: string; detail: string; occurrences: number; data: Record<string, unknown> } | null;
  canAnswer: boolean;
  canVerify: boolean;
}

export interface TicketMeta {
  statusNames: Record<string, string>;
  severityNames: Record<Severity, string>;
  limits: { severeHours: number; warnWorkdays: number; infoWorkdays: number };
  seesAll: boolean;
  canCreate: boolean;
  canVerify: boolean;
}

export const tkeys = {
  meta: ["tickets", "meta"] as const,
  list: (f: Record<string, unknown>) => ["tickets", "list", f] as const,
  one: (id: string) => ["tickets", "one", id] as const,
};

export function useTicketMeta() {
  return useQuery({ queryKey: tkeys.meta, queryFn: () => api.get<TicketMeta>("/api/monitoring/tickets/meta"), staleTime: 5 * 60_000 });
}

export const SEVERITY_COLOR: Record<Severity, string> = { severe: "red", warn: "orange", info: "blue" };
export const STATUS_COLOR: Record<TicketStatus, string> = { open: "processing", answered: "warning", closed: "success" };
export const EVENT_NAME: Record<TicketEvent["kind"], string> = {
  create: "生成工单",
  answer: "反馈整改情况",
  verify: "核验通过",
  reopen: "退回重新整改",
  escalate: "超期督办",
  recur: "问题再次出现",
};

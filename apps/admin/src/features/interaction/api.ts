// Shapes of the 政民互动 API (apps/server/src/http/interaction-routes.ts) and the queries over it.
import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";

export interface Countdown {
  stage: string;
  stageName: string;
  dueAt: string | null;
  remainingWorkdays: number | null;
  overdue: boolean;
  paused: boolean;
}

export interface MetaSite {
  id: string;
  name: string;
  code: string;
  intake: boolean;
}

export interface InteractionMeta {
  scope: { all: boolean; supervisor: boolean; unitId: string; intakeSiteIds: string[] };
  sites: MetaSite[];
  allSites: Array<{ id: string; name: string; code: string; ownerUnitId: string; own: boolean }>;
  stageNames: Record<string, string>;
  disclosureStatus: Record<string, string>;
  channelKinds: Record<string, string>;
  letterStatus: Record<string, string>;
  ratings: Record<string, string>;
  deadlines: Record<string, { forwardWorkdays: number; replyWorkdays: number }>;
  disclosure: {
    outcomes: Record<string, { name: string; reasons: string[] }>;
    applicantTypes: Record<string, string>;
    receiptChannels: Record<string, { name: string; rule: string }>;
    forms: Record<string, string>;
    deliveries: Record<string, string>;
    limits: Record<string, unknown>;
  };
}

export interface LetterRow {
  id: string;
  caseNo: string;
  siteId: string;
  kind: string;
  channel: string;
  title: string;
  writerName: string;
  status: string;
  statusName: string;
  receivedAt: string;
  repliedAt: string | null;
  units: Array<{ unitId: string; name: string; status: string }>;
  deadlines: Countdown[];
}

export interface Assignment {
  id: string;
  letterId: string;
  unitId: string;
  unitName: string;
  role: "lead" | "assist";
  status: "handling" | "in_review" | "approved" | "returned" | "withdrawn";
  instruction: string;
  draft: string;
  draftedBy: string | null;
  draftedAt: string | null;
  reviewNote: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  returnReason: string | null;
  forwardedAt: string;
  endedAt: string | null;
}

export interface ExtensionRequest {
  id: string;
  unitId: string;
  workdays: number;
  reason: string;
  status: "pending" | "approved" | "rejected";
  requestedBy: string;
  requestedAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface Publication {
  title: string;
  content: string;
  reply: string;
  units: string[];
  redactions: string[];
  preparedBy: string;
  preparedAt: string;
}

export interface HistoryEntry {
  at: string;
  actorName?: string;
  action: string;
  summary: string;
}

export interface StageRecord {
  stage: string;
  stageName: string;
  unitId: string | null;
  startedAt: string | null;
  dueAt: string | null;
  completedAt: string | null;
  overdueAt: string | null;
  workdaysTaken: number | null;
  onTime: boolean | null;
}

export interface LetterCase {
  letter: {
    id: string;
    caseNo: string;
    siteId: string;
    kind: string;
    channel: string;
    title: string;
    content: string;
    pageUrl: string | null;
    screenshotId: string | null;
    writer: { name: string; phone: string; email: string; address: string; idNumber: string };
    publicAllowed: boolean;
    status: string;
    statusName: string;
    moderation: { findings?: Array<{ rule: string; text: string; message: string }>; decision?: string; reason?: string } | null;
    receivedAt: string;
    acceptedAt: string | null;
    repliedAt: string | null;
    reply: Array<{ unitId: string; unitName: string; text: string; approvedBy: string; approvedAt: string }> | null;
    rejectReason: string | null;
    extensionWorkdays: number;
    publication: Publication | null;
    publishedAt: string | null;
    rating: string | null;
    ratingComment: string | null;
    ip?: string;
  };
  assignments: Assignment[];
  extensions: ExtensionRequest[];
  deadlines: Countdown[];
  stages: StageRecord[];
  history: HistoryEntry[];
  can: { intake: boolean; approveExtension: boolean };
}

export interface ReplyTemplate {
  id: string;
  title: string;
  body: string;
  siteId: string | null;
  unitId: string | null;
}

export interface Channel {
  id: string;
  siteId: string;
  kind: string;
  name: string;
  slug: string;
  description: string;
  leaderTitle: string;
  defaultUnitId: string | null;
  enabled: boolean;
  publishReplies: boolean;
  sort: number;
}

export const ikeys = {
  meta: ["interaction", "meta"] as const,
  letters: (f: Record<string, unknown>) => ["interaction", "letters", f] as const,
  letter: (id: string) => ["interaction", "letter", id] as const,
  templates: ["interaction", "templates"] as const,
  channels: (siteId: string) => ["interaction", "channels", siteId] as const,
  stats: (siteId: string, from?: string, to?: string) => ["interaction", "stats", siteId, from, to] as const,
  faq: (siteId: string, status?: string) => ["interaction", "faq", siteId, status] as const,
  participation: (siteId: string) => ["interaction", "participation", siteId] as const,
};

export function useInteractionMeta() {
  return useQuery({ queryKey: ikeys.meta, queryFn: () => api.get<InteractionMeta>("/api/interaction/meta"), staleTime: 60_000 });
}

export function useTemplates() {
  return useQuery({ queryKey: ikeys.templates, queryFn: () => api.get<{ items: ReplyTemplate[] }>("/api/interaction/templates").then((r) => r.items) });
}

export const ASSIGNMENT_STATUS: Record<string, { text: string; color: string }> = {
  handling: { text: "办理中", color: "processing" },
  in_review: { text: "待领导审核", color: "orange" },
  approved: { text: "已审定", color: "green" },
  returned: { text: "已退回运维中心", color: "red" },
  withdrawn: { text: "已改派", color: "default" },
};

export const LETTER_STATUS_COLOR: Record<string, string> = {
  held: "volcano",
  received: "gold",
  forwarded: "processing",
  replied: "green",
  closed: "default",
  rejected: "red",
};

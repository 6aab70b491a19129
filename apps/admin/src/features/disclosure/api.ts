// Shapes of the 依申请公开 API (apps/server/src/http/interaction-routes.ts, /api/disclosure/*).
import type { Countdown, ExtensionRequest, HistoryEntry } from "../interaction/api";

export interface ApplicationRow {
  id: string;
  caseNo: string;
  unit: string;
  applicantName: string;
  applicantType: string;
  description: string;
  status: string;
  statusName: string;
  receivedAt: string;
  deadlines: Countdown[];
}

export interface DisclosureDeadline {
  stage: string;
  stageName: string;
  startAt: string | null;
  restartAt: string | null;
  workdays: number;
  pauses: Array<{ from: string; to?: string }>;
  dueAt: string | null;
  closedAt: string | null;
}

export interface Consultation {
  id: string;
  kind: "third_party" | "other_agency";
  party: string;
  sentAt: string;
  repliedAt: string | null;
  result: "agree" | "disagree" | "no_reply" | null;
  opinion: string;
}

export interface ApplicationCase {
  application: {
    id: string;
    caseNo: string;
    siteId: string;
    unitId: string;
    unit: string;
    applicantType: string;
    applicantTypeName: string;
    applicantName: string;
    idType: string;
    idNumber: string;
    orgCode: string;
    legalRepresentative: string;
    contactName: string;
    phone: string;
    email: string;
    address: string;
    postcode: string;
    description: string;
    documentNo: string;
    form: string;
    delivery: string;
    channel: string;
    channelName: string;
    submittedAt: string;
    receivedAt: string;
    receiptBasis: string;
    status: string;
    correction: { items: string; periodWorkdays: number; noticeAt: string; by: string; correctedAt?: string; correctedText?: string } | null;
    extension: { workdays: number; reason: string; approvedBy: string; approvedAt: string; notice: string } | null;
    outcome: string | null;
    outcomeReason: string | null;
    answerText: string;
    answerDraftedBy: string | null;
    answerDraftedAt: string | null;
    answeredAt: string | null;
    deliveredAt: string | null;
    deliveryNote: string | null;
  };
  consultations: Consultation[];
  deadlines: DisclosureDeadline[];
  extensions: ExtensionRequest[];
  history: HistoryEntry[];
  can: { handle: boolean; lead: boolean; intake: boolean };
}

export const dkeys = {
  list: (f: Record<string, unknown>) => ["disclosure", "list", f] as const,
  one: (id: string) => ["disclosure", "one", id] as const,
  table: (year: number) => ["disclosure", "table", year] as const,
};

export const DISCLOSURE_STATUS_COLOR: Record<string, string> = {
  received: "gold",
  correction_requested: "orange",
  in_progress: "processing",
  answer_review: "purple",
  answered: "green",
  closed: "default",
};

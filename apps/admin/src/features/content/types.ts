// Shapes of the content API (issue 3) as the console uses them. The server's own definitions are
// in apps/server/src/modules/content/{fields,documents,review}.ts.

export type Severity = "block" | "warn" | "info";

export interface Finding {
  rule: string;
  category: string;
  severity: Severity;
  start: number;
  end: number;
  line: number;
  column: number;
  text: string;
  suggestion?: string;
  message: string;
  page?: number;
}

export interface DocType {
  key: string;
  name: string;
  disclosure: boolean;
  reprint?: boolean;
  policy?: boolean;
  interpretation?: boolean;
  genre?: string;
}

export interface ProfileStep {
  key: string;
  name: string;
  role: string;
  level?: number | null;
  performer?: string;
  duty?: string;
  signOff?: boolean;
}

export interface ChecklistItem {
  key: string;
  text: string;
  kind: string;
}

export interface ContentMeta {
  types: DocType[];
  topics: string[];
  validity: string[];
  steps: ProfileStep[];
  checklist: ChecklistItem[];
}

export type DocumentKind = "ordinary" | "punishment_notice" | "mandatory_disclosure";

export interface Fields {
  title: string;
  subtitle: string;
  bodyHtml: string;
  summary: string;
  author: string;
  editor: string;
  source: string;
  keywords: string[];
  primaryColumnId: string;
  otherColumnIds: string[];
  publishAt?: string | null;
  images: { mediaId: string; alt: string; caption: string }[];
  attachments: { mediaId: string; name: string }[];
  reprint?: { sourceSite: string; originalUrl: string; reprintedAt: string } | null;
  disclosure?: {
    publisher: string;
    writtenDate: string;
    docNumber: string;
    topic: string;
    genre: string;
    validity: string;
    validityDate: string;
    replacedBy?: string | null;
  } | null;
  partnerIds: string[];
  importantPolicy: boolean;
  flags: {
    opinionRisk: boolean;
    responsePlan: string;
    secrecyUncertain: boolean;
    homepage: boolean;
    homepageReason: string;
    coIssuingUnitIds: string[];
    documentKind: DocumentKind;
  };
}

export type DocState =
  | "draft"
  | "in_review"
  | "approved"
  | "scheduled"
  | "publish_failed"
  | "published"
  | "withdrawn"
  | "removed"
  | "redirected";

export interface DocumentListItem {
  id: string;
  siteId: string;
  siteName: string;
  unitName: string;
  type: string;
  typeName: string;
  state: DocState;
  stateName: string;
  title: string | null;
  primaryColumnId: string | null;
  indexNo: string | null;
  updatedAt: string;
  firstPublishedAt: string | null;
  scheduledAt: string | null;
  publishError: string | null;
  draftRevisionId: string | null;
  liveRevisionId: string | null;
  createdBy?: string;
}

export interface Revision {
  id: string;
  documentId: string;
  number: number;
  fields: Fields;
  findings: Finding[];
  checksOverride: { by: string; byName: string; reason: string; at: string } | null;
  createdAt: string;
  createdBy: string;
}

export interface ReviewStep {
  key: string;
  name: string;
  role: string;
  level: number | null;
  kind: string;
  unitId?: string;
  signOff?: boolean;
}

export interface Review {
  id: string;
  documentId: string;
  revisionId: string;
  steps: ReviewStep[];
  current: number;
  status: "in_progress" | "approved" | "rejected" | "cancelled";
  submittedBy: string;
  submittedAt: string;
  finishedAt: string | null;
}

export interface TrailEntry {
  id?: string;
  reviewId?: string;
  stepKey: string;
  stepName: string;
  actorId?: string;
  actorName: string;
  decision: "submit" | "approve" | "reject" | "withdraw" | string;
  opinion: string | null;
  checklist: string[] | null;
  returnTo: string | null;
  at: string;
}

export interface Takedown {
  mode: "withdraw" | "remove" | "redirect";
  reason: string;
  notice?: string;
  redirectUrl?: string;
  at: string;
  by: string;
}

export interface DocumentDetail {
  /** The document row: ids, not names (siteName/unitName are not part of this answer). */
  document: Omit<DocumentListItem, "siteName" | "unitName" | "title" | "primaryColumnId"> & {
    siteName?: string;
    unitName?: string;
    ownerUnitId: string;
    createdBy: string;
    takedown: Takedown | null;
    lastPublishedAt: string | null;
  };
  draft: Revision | null;
  live: Revision | null;
  review: Review | null;
  trail: TrailEntry[];
}

export interface RevisionListItem {
  id: string;
  number: number;
  createdAt: string;
  createdBy: string;
  title: string;
}

export interface Change {
  field: string;
  label: string;
  parts?: { value: string; added?: boolean; removed?: boolean }[];
  before?: unknown;
  after?: unknown;
}

export interface Comparison {
  from: { id: string; number: number };
  to: { id: string; number: number };
  changes: Change[];
}

export interface InboxItem {
  reviewId: string;
  documentId: string;
  title: string;
  step: ReviewStep;
  steps: ReviewStep[];
  submittedBy: string;
  unitName: string;
  submittedAt: string;
  dueAt: string | null;
  overdue: boolean;
  findings: number;
}

export interface Media {
  id: string;
  originalName: string;
  size: number;
  mime: string;
  ext: string;
  scan: "clean" | "not_scanned";
  kindName: string;
}

export interface Submission {
  id: string;
  documentId: string;
  fromUnitId: string;
  fromUnitName: string;
  targetSiteId: string;
  targetSiteName: string;
  targetColumnId: string;
  targetColumnName: string;
  title: string | null;
  note: string;
  status: "pending" | "adopted" | "declined";
  submittedBy: string;
  adoptedDocumentId: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export interface RegisterItem {
  id: string;
  indexNo: string | null;
  title: string;
  type: string;
  siteName: string;
  unitName: string;
  author: string;
  source: string;
  writtenDate: string | null;
  publishedAt: string | null;
  state: string;
  signatures: string[];
  workdaysToPublish: number | null;
  late: boolean;
}

export interface TakedownNotice {
  id: string;
  documentId: string;
  flaggedBy: string;
  reason: string;
  dueAt: string;
  status: "open" | "escalated" | "done" | "taken_down_by_supervisor";
  createdAt: string;
  escalatedAt: string | null;
  resolvedAt: string | null;
}

// The editing form's values ↔ the revision fields of the API. Dates are pickers (dayjs) in the form
// and ISO strings (instants) or YYYY-MM-DD (calendar days) on the wire.
import dayjs, { type Dayjs } from "dayjs";
import type { FormInstance } from "antd";
import { ApiError } from "../../lib/api";
import { bj, fromBeijingWallClock } from "../../lib/format";
import type { DocType, DocumentKind, Fields } from "./types";

export interface FormValues {
  siteId?: string;
  type?: string;
  title: string;
  subtitle?: string;
  bodyHtml?: string;
  summary?: string;
  author?: string;
  editor?: string;
  source?: string;
  keywords?: string[];
  primaryColumnId?: string;
  otherColumnIds?: string[];
  publishAt?: Dayjs | null;
  images?: { mediaId: string; alt: string; caption?: string; name?: string }[];
  attachments?: { mediaId: string; name: string; size?: number; kindName?: string }[];
  reprint?: { sourceSite?: string; originalUrl?: string; reprintedAt?: Dayjs | null };
  disclosure?: {
    publisher?: string;
    writtenDate?: Dayjs | null;
    docNumber?: string;
    topic?: string;
    genre?: string;
    validity?: string;
    validityDate?: Dayjs | null;
    replacedBy?: string | null;
  };
  partnerIds?: string[];
  importantPolicy?: boolean;
  flags?: {
    opinionRisk?: boolean;
    responsePlan?: string;
    secrecyUncertain?: boolean;
    homepage?: boolean;
    homepageReason?: string;
    coIssuingUnitIds?: string[];
    documentKind?: DocumentKind;
  };
}

const day = (v: string | null | undefined) => (v ? dayjs(v, "YYYY-MM-DD") : null);
const instant = (v: string | null | undefined) => (v ? bj(v) : null);
const t = (v: string | undefined | null) => (v ?? "").trim();

export function defaultsFor(type: DocType | undefined, me: { unitName: string; realName: string }): Partial<FormValues> {
  return {
    title: "",
    author: me.realName,
    source: me.unitName,
    keywords: [],
    otherColumnIds: [],
    images: [],
    attachments: [],
    partnerIds: [],
    importantPolicy: false,
    reprint: { sourceSite: "", originalUrl: "", reprintedAt: null },
    disclosure: { publisher: me.unitName, writtenDate: null, docNumber: "", topic: undefined, genre: type?.genre ?? "", validity: "有效", validityDate: null, replacedBy: null },
    flags: { opinionRisk: false, responsePlan: "", secrecyUncertain: false, homepage: false, homepageReason: "", coIssuingUnitIds: [], documentKind: "ordinary" },
  };
}

export function toForm(f: Fields): FormValues {
  return {
    title: f.title,
    subtitle: f.subtitle,
    bodyHtml: f.bodyHtml,
    summary: f.summary,
    author: f.author,
    editor: f.editor,
    source: f.source,
    keywords: f.keywords ?? [],
    primaryColumnId: f.primaryColumnId,
    otherColumnIds: f.otherColumnIds ?? [],
    publishAt: instant(f.publishAt),
    images: (f.images ?? []).map((i) => ({ ...i })),
    attachments: (f.attachments ?? []).map((a) => ({ ...a })),
    reprint: { sourceSite: f.reprint?.sourceSite ?? "", originalUrl: f.reprint?.originalUrl ?? "", reprintedAt: instant(f.reprint?.reprintedAt) },
    disclosure: {
      publisher: f.disclosure?.publisher ?? "",
      writtenDate: day(f.disclosure?.writtenDate),
      docNumber: f.disclosure?.docNumber ?? "",
      topic: f.disclosure?.topic || undefined,
      genre: f.disclosure?.genre ?? "",
      validity: f.disclosure?.validity ?? "有效",
      validityDate: day(f.disclosure?.validityDate),
      replacedBy: f.disclosure?.replacedBy ?? null,
    },
    partnerIds: f.partnerIds ?? [],
    importantPolicy: !!f.importantPolicy,
    flags: {
      opinionRisk: !!f.flags?.opinionRisk,
      responsePlan: f.flags?.responsePlan ?? "",
      secrecyUncertain: !!f.flags?.secrecyUncertain,
      homepage: !!f.flags?.homepage,
      homepageReason: f.flags?.homepageReason ?? "",
      coIssuingUnitIds: f.flags?.coIssuingUnitIds ?? [],
      documentKind: f.flags?.documentKind ?? "ordinary",
    },
  };
}

/** What is sent to the server: only the blocks the type uses, trimmed, dates as the API wants them. */
export function toFields(v: FormValues, type: DocType | undefined): Fields {
  const wantsReprint = !!type?.reprint || !!(v.reprint?.sourceSite || v.reprint?.originalUrl);
  const d = v.disclosure ?? {};
  const fl = v.flags ?? {};
  return {
    title: t(v.title),
    subtitle: t(v.subtitle),
    bodyHtml: v.bodyHtml ?? "",
    summary: t(v.summary),
    author: t(v.author),
    editor: t(v.editor),
    source: t(v.source),
    keywords: (v.keywords ?? []).map((k) => k.trim()).filter(Boolean),
    primaryColumnId: v.primaryColumnId ?? "",
    otherColumnIds: (v.otherColumnIds ?? []).filter((c) => c !== v.primaryColumnId),
    publishAt: v.publishAt ? fromBeijingWallClock(v.publishAt).toISOString() : null,
    images: (v.images ?? []).map((i) => ({ mediaId: i.mediaId, alt: t(i.alt), caption: t(i.caption) })),
    attachments: (v.attachments ?? []).map((a) => ({ mediaId: a.mediaId, name: t(a.name) || "附件" })),
    reprint: wantsReprint
      ? {
          sourceSite: t(v.reprint?.sourceSite),
          originalUrl: t(v.reprint?.originalUrl),
          reprintedAt: v.reprint?.reprintedAt ? fromBeijingWallClock(v.reprint.reprintedAt).toISOString() : "",
        }
      : null,
    disclosure: type?.disclosure
      ? {
          publisher: t(d.publisher),
          writtenDate: d.writtenDate ? d.writtenDate.format("YYYY-MM-DD") : "",
          docNumber: t(d.docNumber),
          topic: d.topic ?? "",
          genre: t(d.genre),
          validity: d.validity ?? "有效",
          validityDate: d.validity && d.validity !== "有效" && d.validityDate ? d.validityDate.format("YYYY-MM-DD") : "",
          replacedBy: d.validity === "已修改" || d.validity === "废止" ? (d.replacedBy ?? null) : null,
        }
      : null,
    partnerIds: type?.policy || type?.interpretation ? (v.partnerIds ?? []) : [],
    importantPolicy: !!type?.policy && !!v.importantPolicy,
    flags: {
      opinionRisk: !!fl.opinionRisk,
      responsePlan: fl.opinionRisk ? t(fl.responsePlan) : "",
      secrecyUncertain: !!fl.secrecyUncertain,
      homepage: !!fl.homepage,
      homepageReason: fl.homepage ? t(fl.homepageReason) : "",
      coIssuingUnitIds: fl.coIssuingUnitIds ?? [],
      documentKind: fl.documentKind ?? "ordinary",
    },
  };
}

/** The form names the server's issue paths point at ("disclosure.publisher" → ["disclosure", "publisher"]). */
const FIELD_PATHS = [
  "title", "subtitle", "bodyHtml", "summary", "author", "editor", "source", "keywords", "primaryColumnId", "otherColumnIds",
  "publishAt", "attachments", "partnerIds", "importantPolicy", "siteId", "type",
  "reprint.sourceSite", "reprint.originalUrl", "reprint.reprintedAt",
  "disclosure.publisher", "disclosure.writtenDate", "disclosure.docNumber", "disclosure.topic", "disclosure.genre",
  "disclosure.validity", "disclosure.validityDate", "disclosure.replacedBy",
  "flags.responsePlan", "flags.homepageReason", "flags.coIssuingUnitIds", "flags.documentKind",
];

/**
 * Puts the server's issues on the form fields (field paths may be under `fields.`); returns those
 * that belong to no field, for the banner.
 */
export function applyFieldIssues(form: FormInstance, err: unknown): string[] {
  if (!(err instanceof ApiError) || err.issues.length === 0) return [];
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const issue of err.issues) {
    let path = issue.path.replace(/^fields\./, "");
    const img = /^images\.(\d+)\.(alt|caption)$/.exec(path);
    if (img) {
      byField.set(path, [...(byField.get(path) ?? []), issue.message]);
      continue;
    }
    if (path.startsWith("images")) path = "images";
    if (FIELD_PATHS.includes(path)) byField.set(path, [...(byField.get(path) ?? []), issue.message]);
    else rest.push(issue.message);
  }
  form.setFields(
    [...byField.entries()].map(([p, errors]) => ({
      name: p.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
      errors,
    })),
  );
  return rest;
}

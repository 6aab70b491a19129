// From the database to the publisher's snapshot: a site's settings, its column tree and the live
// revision of every public document — never a draft. The publisher itself never reads the database.
import { shanghaiText } from "../../lib/clock.ts";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Column as SnapColumn, Document as SnapDocument, NationalColumnType, SiteSnapshot } from "@govsite/publisher";
import { NATIONAL_COLUMN_TYPES } from "@govsite/publisher";
import { columns, documents, media, revisions, sites, units } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import type { Fields } from "../content/fields.ts";
import { docType } from "../content/types.ts";
import { psbRecordCode } from "../sites/sites.ts";
import { interactionLinks, interactionSnapshot } from "./snapshot-interaction.ts";

/** Our column types that are not national ColumnType values map to the nearest national one. */
const TYPE_MAP: Record<string, NationalColumnType> = {
  政务要闻: "工作动态",
  通知公告: "工作动态",
  人事信息: "工作动态",
  规划计划: "工作动态",
  专题专栏: "工作动态",
  其他: "工作动态",
  统计数据: "数据发布",
  互动交流: "咨询投诉",
};
export const national = (t: string): NationalColumnType => ((NATIONAL_COLUMN_TYPES as readonly string[]).includes(t) ? (t as NationalColumnType) : (TYPE_MAP[t] ?? "工作动态"));

const iso = (d: Date | null | undefined) => (d ?? new Date(0)).toISOString();

export const mediaUrl = (sha: string, ext: string) => `/files/${sha}.${ext}`;

/** A document's page, relative to its site: column path, month, date and a short id. Stable from first publication. */
export function docUrlPath(columnSlugPath: string, publishedAt: Date, id: string): string {
  const d = shanghaiText(publishedAt);
  return `${columnSlugPath}/${d.slice(0, 4)}${d.slice(5, 7)}/t${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)}_${id.replace(/-/g, "").slice(0, 12)}.html`;
}

/** Slug paths of every column of a site, keyed by column id. */
export async function columnSlugPaths(db: DbOrTx, siteId: string): Promise<Map<string, string>> {
  const rows = await db.select({ id: columns.id, parentId: columns.parentId, slug: columns.slug }).from(columns).where(eq(columns.siteId, siteId));
  const byId = new Map(rows.map((c) => [c.id, c]));
  const out = new Map<string, string>();
  for (const c of rows) {
    const parts: string[] = [];
    let cur: (typeof rows)[number] | undefined = c;
    for (let i = 0; cur && i < 20; i++) {
      parts.unshift(cur.slug);
      cur = cur.parentId ? byId.get(cur.parentId) : undefined;
    }
    out.set(c.id, parts.join("/"));
  }
  return out;
}

export async function buildSnapshot(db: DbOrTx, siteId: string): Promise<SiteSnapshot> {
  const frame = await loadFrame(db, siteId);
  frame.snapshot.documents = (await loadDocuments(db, frame)).documents;
  return frame.snapshot;
}

/**
 * A site's snapshot without its documents (site settings, column tree and the rest, with
 * `documents` empty), and what mapping a document needs. `docsKey` changes whenever the mapping of
 * documents would (site owner, column ids and paths …): then every document must be mapped again.
 */
export interface SnapshotFrame {
  snapshot: SiteSnapshot;
  docsKey: string;
  siteId: string;
  mapRows: (docRows: DocRow[], liveIds: Set<string>, db: DbOrTx) => Promise<SnapDocument[]>;
}

type DocRow = { d: typeof documents.$inferSelect; rev: typeof revisions.$inferSelect };

const PUBLIC_STATES = ["published", "withdrawn", "redirected"];

/**
 * Live documents of a frame's site, mapped for the publisher: all of them, or only those among
 * `ids` (a removed or unpublished id simply comes back missing). Partner and replacement links
 * are kept only to public documents, exactly as in a whole-site load. `refs` holds the raw links of
 * each document returned, so a cache can tell which documents to map again when another one
 * becomes public or stops being public.
 */
export async function loadDocuments(
  db: DbOrTx,
  frame: SnapshotFrame,
  ids?: string[],
): Promise<{ documents: SnapDocument[]; returnedIds: string[]; refs: Map<string, string[]> }> {
  if (ids && !ids.length) return { documents: [], returnedIds: [], refs: new Map() };
  const where = and(eq(documents.siteId, frame.siteId), isNotNull(documents.liveRevisionId), inArray(documents.state, PUBLIC_STATES), ...(ids ? [inArray(documents.id, ids)] : []));
  const docRows = await db.select({ d: documents, rev: revisions }).from(documents).innerJoin(revisions, eq(revisions.id, documents.liveRevisionId)).where(where);
  const refs = new Map<string, string[]>();
  for (const r of docRows) {
    const f = r.rev.fields as Fields;
    refs.set(r.d.id, [...(f.partnerIds ?? []), ...(f.disclosure?.replacedBy ? [f.disclosure.replacedBy] : [])]);
  }
  let liveIds: Set<string>;
  if (!ids) liveIds = new Set(docRows.map((r) => r.d.id));
  else {
    // Only the linked documents matter: ask which of them are public now.
    const linked = [...new Set([...refs.values()].flat())];
    liveIds = new Set(docRows.map((r) => r.d.id));
    if (linked.length) {
      const rows = await db.select({ id: documents.id }).from(documents).where(and(eq(documents.siteId, frame.siteId), isNotNull(documents.liveRevisionId), inArray(documents.state, PUBLIC_STATES), inArray(documents.id, linked)));
      for (const r of rows) liveIds.add(r.id);
    }
  }
  return { documents: await frame.mapRows(docRows, liveIds, db), returnedIds: docRows.map((r) => r.d.id), refs };
}

export async function loadFrame(db: DbOrTx, siteId: string): Promise<SnapshotFrame> {
  const [site] = await db.select().from(sites).where(eq(sites.id, siteId));
  if (!site) throw new Error(`site ${siteId} not found`);
  const unitRows = await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, [site.ownerUnitId, site.operatorUnitId]));
  const unitName = (id: string) => unitRows.find((u) => u.id === id)?.name ?? "";
  const parent = site.parentSiteId ? (await db.select().from(sites).where(eq(sites.id, site.parentSiteId)))[0] : undefined;

  const colRows = await db.select().from(columns).where(eq(columns.siteId, siteId));
  const byId = new Map(colRows.map((c) => [c.id, c]));
  const slugPath = (id: string): string => {
    const parts: string[] = [];
    let cur = byId.get(id);
    for (let i = 0; cur && i < 20; i++) {
      parts.unshift(cur.slug);
      cur = cur.parentId ? byId.get(cur.parentId) : undefined;
    }
    return parts.join("/");
  };
  const snapColumns: SnapColumn[] = colRows.map((c) => ({
    id: c.id,
    ...(c.parentId ? { parentId: c.parentId } : {}),
    slugPath: slugPath(c.id),
    name: c.name,
    columnType: national(c.columnType),
    description: c.description,
    keywords: c.keywords.join(","),
    archived: c.archived,
    ...(c.archivedAt ? { archivedAt: c.archivedAt.toISOString() } : {}),
    ...(c.externalUrl ? { externalUrl: c.externalUrl } : {}),
    sort: c.sort,
    ...(c.columnType === "通知公告" ? { homeSlot: "notice" as const } : {}),
  }));

  const colIds = new Set(colRows.map((c) => c.id));
  const mapRows = async (docRows: DocRow[], liveIds: Set<string>, db: DbOrTx): Promise<SnapDocument[]> => {
  const bodyMedia = (html: string) => [...html.matchAll(/\/api\/media\/([0-9a-f-]{36})/g)].map((m) => m[1]!);
  const mediaIds = [
    ...new Set(
      docRows.flatMap((r) => {
        const f = r.rev.fields as Fields;
        return [...(f.attachments ?? []).map((a) => a.mediaId), ...(f.images ?? []).map((i) => i.mediaId), ...bodyMedia(f.bodyHtml)];
      }),
    ),
  ];
  const mediaRows = mediaIds.length ? await db.select().from(media).where(inArray(media.id, mediaIds)) : [];
  const mediaById = new Map(mediaRows.map((m) => [m.id, m]));

  const snapDocs: SnapDocument[] = docRows
    .filter((r) => colIds.has((r.rev.fields as Fields).primaryColumnId))
    .map(({ d, rev }) => {
      const f = rev.fields as Fields;
      const t = docType(d.type);
      const attachments = (f.attachments ?? []).flatMap((a) => {
        const m = mediaById.get(a.mediaId);
        return m ? [{ name: a.name, url: mediaUrl(m.sha256, m.ext), size: m.size, type: m.ext }] : [];
      });
      const images = (f.images ?? []).flatMap((i) => {
        const m = mediaById.get(i.mediaId);
        return m ? [{ url: mediaUrl(m.sha256, m.ext), alt: i.alt, ...(i.caption ? { caption: i.caption } : {}) }] : [];
      });
      const doc: SnapDocument = {
        id: d.id,
        version: d.publicVersion,
        title: f.title,
        ...(f.subtitle ? { subtitle: f.subtitle } : {}),
        ...(f.summary ? { summary: f.summary } : {}),
        // The editor links uploaded images to the console's media endpoint; the public copy is
        // served by content hash from /files/.
        bodyHtml: f.bodyHtml.replace(/\/api\/media\/([0-9a-f-]{36})/g, (whole, id: string) => {
          const m = mediaById.get(id);
          return m ? mediaUrl(m.sha256, m.ext) : whole;
        }),
        ...(f.author ? { author: f.author } : {}),
        source: f.reprint?.sourceSite || f.source || unitName(site.ownerUnitId),
        ...(f.reprint?.originalUrl ? { sourceUrl: f.reprint.originalUrl } : {}),
        publishedAt: iso(d.firstPublishedAt),
        updatedAt: iso(d.lastPublishedAt ?? d.firstPublishedAt),
        columnId: f.primaryColumnId,
        urlPath: docUrlPath(slugPath(f.primaryColumnId), d.firstPublishedAt ?? new Date(0), d.id),
        otherColumnIds: (f.otherColumnIds ?? []).filter((c) => colIds.has(c)),
        ...(f.keywords?.length ? { keywords: f.keywords.join(",") } : {}),
        ...(attachments.length ? { attachments } : {}),
        ...(images.length ? { images } : {}),
        partnerIds: (f.partnerIds ?? []).filter((p) => liveIds.has(p)),
      };
      if (t?.disclosure && d.indexNo) {
        const m = f.disclosure;
        doc.disclosure = {
          indexNo: d.indexNo,
          issuer: m?.publisher || unitName(d.ownerUnitId) || unitName(site.ownerUnitId),
          ...(m?.writtenDate ? { writtenDate: m.writtenDate } : {}),
          ...(m?.docNumber ? { docNo: m.docNumber } : {}),
          ...(m?.topic ? { topic: m.topic } : {}),
          genre: m?.genre || t.genre || "其他",
          validity: m?.validity ?? "有效",
          ...(m?.validityDate ? { validityDate: m.validityDate } : {}),
          ...(m?.replacedBy && liveIds.has(m.replacedBy) ? { replacedById: m.replacedBy } : {}),
        };
      }
      if (d.state === "withdrawn" && d.takedown) doc.withdrawn = { at: d.takedown.at, reason: d.takedown.reason, ...(d.takedown.notice ? { noticeHtml: escapeHtml(d.takedown.notice) } : {}) };
      if (d.state === "redirected" && d.takedown?.redirectUrl) doc.redirectTo = d.takedown.redirectUrl;
      return doc;
    });
  return snapDocs;
  };

  const psb = psbRecordCode(site.psb);
  const interaction = await interactionSnapshot(db, siteId);
  const snapshot: SiteSnapshot = {
    format: 1,
    site: {
      code: site.code,
      name: site.name,
      kind: site.kind as SiteSnapshot["site"]["kind"],
      domain: site.domain,
      pathPrefix: site.pathPrefix,
      siteIdCode: site.siteIdCode,
      ...(site.icp ? { icp: site.icp } : {}),
      ...(psb ? { psb: { label: site.psb, recordCode: psb } } : {}),
      ...(site.partyGovMark ? { partyGovMark: { href: site.partyGovMark } } : {}),
      ownerUnitName: unitName(site.ownerUnitId),
      operatorUnitName: unitName(site.operatorUnitId),
      contact: { phone: site.contactPhone || undefined, email: site.contactEmail || undefined, address: site.address || undefined },
      theme: site.theme || "default",
      ...(parent ? { parent: { code: parent.code, name: parent.name, url: parent.pathPrefix } } : {}),
      ...((site.settings as { mourning?: Array<{ from: string; to: string }> }).mourning ? { mourning: (site.settings as { mourning: Array<{ from: string; to: string }> }).mourning } : {}),
      ...((site.settings as { traditional?: boolean }).traditional ? { traditional: true } : {}),
      searchApi: "/api/public/search",
      ...interactionLinks(site.pathPrefix, interaction),
    },
    columns: snapColumns,
    documents: [],
    ...(interaction ? { interaction } : {}),
  };
  const docsKey = JSON.stringify({
    units: unitRows.map((u) => [u.id, u.name]).sort(),
    owner: site.ownerUnitId,
    operator: site.operatorUnitId,
    columns: colRows.map((c) => [c.id, slugPath(c.id)]).sort(),
  });
  return { snapshot, docsKey, siteId, mapRows };
}

const escapeHtml = (s: string) => `<p>${s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</p>`;

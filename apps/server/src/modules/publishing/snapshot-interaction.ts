// 政民互动 in the publisher's snapshot: the site's open channels (the static forms), its published
// letters in their de-identified public version (留言选登 with 受理日期, 答复日期, 答复部门, 答复内容)
// and this year's statistics. Letters change rarely, so they are rendered at publish time; a
// letter's publication or withdrawal queues an "interaction" publish event for its site.
import { and, asc, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { InteractionChannel, InteractionSnapshot, PublishedLetter } from "@govsite/publisher";
import { interactionChannels, letters, publishEvents, units } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import { formatShanghai } from "@govsite/calendar";
import { letterStatistics } from "../interaction/statistics.ts";
import { publishedLetters } from "../interaction/published-letters.ts";
import { now } from "../../lib/clock.ts";

/** At most this many published letters are listed on the static site (newest replies first). */
export const PUBLISHED_LETTERS_LIMIT = 2000;

const CHANNEL_KINDS = new Set<InteractionChannel["kind"]>(["mailbox", "consultation", "complaint", "suggestion", "error_report", "disclosure", "solicitation", "survey", "interview"]);
const day = (d: Date | null | undefined) => (d ? formatShanghai(d).slice(0, 10) : "");

/**
 * Every publish event of a site rebuilds its snapshot frame, so the letters and statistics are
 * kept per site and read again only when what the pages show can have changed: the open channels,
 * a letter published, withdrawn or its public version edited, the units, or a new day (statistics).
 */
const cache = new Map<string, { key: string; value: InteractionSnapshot | undefined }>();

/** The interaction part of a site's snapshot; undefined when the site has no open channel. */
export async function interactionSnapshot(db: DbOrTx, siteId: string): Promise<InteractionSnapshot | undefined> {
  const rows = await db
    .select()
    .from(interactionChannels)
    .where(and(eq(interactionChannels.siteId, siteId), eq(interactionChannels.enabled, true)))
    .orderBy(asc(interactionChannels.sort), asc(interactionChannels.name));
  if (!rows.length) {
    cache.delete(siteId);
    return undefined;
  }
  const [fp] = (await db
    .select({
      n: sql<number>`count(*)::int`,
      published: sql<string | null>`max(${letters.publishedAt})::text`,
      unpublished: sql<string | null>`max(${letters.unpublishedAt})::text`,
      updated: sql<string | null>`max(${letters.updatedAt})::text`,
    })
    .from(letters)
    .where(and(eq(letters.siteId, siteId), isNotNull(letters.publishedAt)))) as [{ n: number; published: string | null; unpublished: string | null; updated: string | null }];
  const unitRows = await db.select({ id: units.id, name: units.name }).from(units).orderBy(asc(units.sort), asc(units.name));
  const key = JSON.stringify({ rows: rows.map((c) => [c.id, c.kind, c.slug, c.name, c.description, c.leaderTitle, c.sort]), fp, units: unitRows, day: formatShanghai(now()).slice(0, 10) });
  const hit = cache.get(siteId);
  if (hit && hit.key === key) return hit.value;
  const value = await loadInteraction(db, siteId, rows, unitRows);
  if (cache.size > 500) cache.clear();
  cache.set(siteId, { key, value });
  return value;
}

async function loadInteraction(db: DbOrTx, siteId: string, rows: Array<typeof interactionChannels.$inferSelect>, unitRows: Array<{ id: string; name: string }>): Promise<InteractionSnapshot | undefined> {
  const channels: InteractionChannel[] = rows
    .filter((c) => CHANNEL_KINDS.has(c.kind as InteractionChannel["kind"]) && /^[a-z][a-z0-9-]*$/.test(c.slug))
    .map((c) => ({
      slug: c.slug,
      kind: c.kind as InteractionChannel["kind"],
      name: c.name,
      ...(c.description ? { description: c.description } : {}),
      ...(c.leaderTitle ? { leaderTitle: c.leaderTitle } : {}),
    }));
  if (!channels.length) return undefined;

  const pub = await publishedLetters(db, siteId, { limit: PUBLISHED_LETTERS_LIMIT });
  const published: PublishedLetter[] = pub.map((r) => {
    const p = r.publication;
    return {
      caseNo: r.caseNo,
      channelSlug: r.channelSlug,
      channelName: r.channelName,
      title: p.title,
      content: p.content,
      acceptedAt: day(r.acceptedAt ?? r.receivedAt),
      repliedAt: day(r.repliedAt),
      units: p.units,
      reply: p.reply,
    };
  });

  const s = await letterStatistics(db, siteId, {});
  const out: InteractionSnapshot = {
    api: "/api/public",
    channels,
    letters: published,
    statistics: {
      from: s.period.from,
      to: s.period.to,
      received: s.received,
      completed: s.completed,
      averageWorkdays: s.averageWorkdays,
      onTimeShare: s.onTimeShare,
      satisfactionShare: s.satisfactionShare,
      units: s.units.map((u) => ({ unit: u.unit, received: u.received, completed: u.completed, averageWorkdays: u.averageWorkdays, onTimeShare: u.onTimeShare })),
      note: s.note,
    },
  };
  if (channels.some((c) => c.kind === "disclosure")) out.disclosureUnits = unitRows;
  return out;
}

/** Queues a re-render of a site's interaction pages (published letters, statistics). */
export async function queueInteractionPublish(tx: DbOrTx, siteId: string) {
  await tx.insert(publishEvents).values({ siteId, documentId: null, kind: "interaction", version: 0 });
}

/** The homepage's 互动交流 entries and the 依申请公开 entry, pointing at the pages under hd/. */
export function interactionLinks(pathPrefix: string, i: InteractionSnapshot | undefined): { interaction?: Array<{ label: string; url: string }>; disclosureApplyUrl?: string } {
  if (!i) return {};
  const links = i.channels.filter((c) => c.kind !== "disclosure").map((c) => ({ label: c.name, url: `${pathPrefix}hd/${c.slug}/` }));
  if (i.channels.some((c) => c.kind !== "disclosure" && c.kind !== "solicitation" && c.kind !== "survey" && c.kind !== "interview")) links.push({ label: "留言选登", url: `${pathPrefix}hd/lyxd.html` });
  links.push({ label: "办理结果查询", url: `${pathPrefix}hd/cx.html` });
  const d = i.channels.find((c) => c.kind === "disclosure");
  return { interaction: links, ...(d ? { disclosureApplyUrl: `${pathPrefix}hd/${d.slug}/` } : {}) };
}

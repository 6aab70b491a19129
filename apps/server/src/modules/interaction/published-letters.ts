// The letters the public may read (留言选登): published, not withdrawn, with their prepared public
// version, newest reply first. The static pages (publishing/snapshot-interaction.ts) and the public
// API (letters.ts publicLetters, publicLetter) both read through here, so they list the same letters
// in the same order. Only the public version leaves the database: never the writer's name, phone
// or the original text.
import { and, desc, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { interactionChannels, letters } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";

export type PublicVersion = NonNullable<(typeof letters.$inferSelect)["publication"]>;

function visible(siteId: string, only: { channelId?: string; caseNo?: string }): SQL {
  return and(
    eq(letters.siteId, siteId),
    isNotNull(letters.publishedAt),
    isNull(letters.unpublishedAt),
    isNotNull(letters.publication),
    only.channelId ? eq(letters.channelId, only.channelId) : undefined,
    only.caseNo ? eq(letters.caseNo, only.caseNo) : undefined,
  )!;
}

/** A page of a site's published letters, optionally of one channel or one case. */
export async function publishedLetters(db: DbOrTx, siteId: string, opts: { channelId?: string; caseNo?: string; limit: number; offset?: number }) {
  const rows = await db
    .select({
      caseNo: letters.caseNo,
      receivedAt: letters.receivedAt,
      acceptedAt: letters.acceptedAt,
      repliedAt: letters.repliedAt,
      publication: letters.publication,
      channelSlug: interactionChannels.slug,
      channelName: interactionChannels.name,
    })
    .from(letters)
    .leftJoin(interactionChannels, eq(interactionChannels.id, letters.channelId))
    .where(visible(siteId, opts))
    .orderBy(desc(letters.repliedAt), desc(letters.caseNo))
    .limit(opts.limit)
    .offset(opts.offset ?? 0);
  return rows.map((r) => ({ ...r, publication: r.publication as PublicVersion, channelSlug: r.channelSlug ?? "", channelName: r.channelName ?? "" }));
}

export async function countPublishedLetters(db: DbOrTx, siteId: string, only: { channelId?: string } = {}): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(letters).where(visible(siteId, only));
  return Number(row?.n ?? 0);
}

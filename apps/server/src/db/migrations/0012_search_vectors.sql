-- Every search now matches, orders and counts on search_titles (modules/search/search.ts): it
-- gains the full vector (title weight A, body weight B), which search_docs loses. On the wide
-- search_docs row (2.9 kB) the vector was moved out to TOAST with the texts, so testing a row
-- cost four page reads (heap, TOAST index, TOAST heap); on the narrow row (1.6 kB) it stays in
-- line. The btrees on published_at carry the document id and the title vector (INCLUDE: drizzle
-- cannot declare it), so the newest title hits are found in the index alone. An index entry must
-- stay under 2.7 kB: the title vector is made from the first 300 characters of the segmented
-- title (at most 150 words of any script, under 2 kB; titles are at most 300 characters, their
-- segmented form longer), so the words of a very long title beyond them rank it as a body hit —
-- it still matches through fts, whose weight-A part has the whole title.
ALTER TABLE "search_titles" ADD COLUMN "fts" "tsvector";--> statement-breakpoint
UPDATE "search_titles" t SET "title_fts" = to_tsvector('simple', left(d."title_segmented", 300)), "fts" = setweight(to_tsvector('simple', d."title_segmented"), 'A') || setweight(to_tsvector('simple', d."segmented"), 'B')
  FROM "search_docs" d WHERE d."document_id" = t."document_id";--> statement-breakpoint
ALTER TABLE "search_titles" ALTER COLUMN "fts" SET NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION govsite_search_titles_sync() RETURNS trigger AS $$
BEGIN
  INSERT INTO search_titles (document_id, site_id, column_ids, type, "group", published_at, title_fts, fts)
  SELECT document_id, site_id, column_ids, type, "group", published_at, to_tsvector('simple', left(title_segmented, 300)),
         setweight(to_tsvector('simple', title_segmented), 'A') || setweight(to_tsvector('simple', segmented), 'B')
    FROM changed_docs
  ON CONFLICT (document_id) DO UPDATE SET
    site_id = EXCLUDED.site_id, column_ids = EXCLUDED.column_ids, type = EXCLUDED.type, "group" = EXCLUDED."group",
    published_at = EXCLUDED.published_at, title_fts = EXCLUDED.title_fts, fts = EXCLUDED.fts;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Dropping the column drops its GIN indexes on search_docs (0008, 0009's partial ones).
ALTER TABLE "search_docs" DROP COLUMN "fts";--> statement-breakpoint
DROP INDEX IF EXISTS "search_docs_site_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "search_docs_published_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "search_docs_fts_service_gin";--> statement-breakpoint
DROP INDEX IF EXISTS "search_docs_fts_interaction_gin";--> statement-breakpoint
DROP INDEX "search_titles_published_idx";--> statement-breakpoint
DROP INDEX "search_titles_site_idx";--> statement-breakpoint
CREATE INDEX "search_titles_published_idx" ON "search_titles" USING btree ("published_at","document_id") INCLUDE ("title_fts");--> statement-breakpoint
CREATE INDEX "search_titles_site_idx" ON "search_titles" USING btree ("site_id","published_at","document_id") INCLUDE ("title_fts");--> statement-breakpoint
CREATE INDEX "search_titles_fts_all_gin" ON "search_titles" USING gin ("fts");--> statement-breakpoint
CREATE INDEX "search_titles_fts_service_gin" ON "search_titles" USING gin ("fts") WHERE "group" = 'service';--> statement-breakpoint
CREATE INDEX "search_titles_fts_interaction_gin" ON "search_titles" USING gin ("fts") WHERE "group" = 'interaction';

-- Search ranks a bounded candidate set instead of every match (modules/search/search.ts):
-- title hits come from their own GIN index (the title vector alone, so the weight-A part of the
-- stored vector need not be rechecked row by row), and the newest matches are read in
-- publication order, which this btree on published_at serves for site-wide searches.
CREATE INDEX IF NOT EXISTS "search_docs_title_fts_gin" ON "search_docs" USING gin (to_tsvector('simple', "title_segmented"));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "search_docs_published_idx" ON "search_docs" ("published_at" DESC);
--> statement-breakpoint
-- Capped counts per result group: services and interaction are a small share of all documents,
-- so counting their matches must not read every information match.
CREATE INDEX IF NOT EXISTS "search_docs_fts_service_gin" ON "search_docs" USING gin ("fts") WHERE "group" = 'service';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "search_docs_fts_interaction_gin" ON "search_docs" USING gin ("fts") WHERE "group" = 'interaction';

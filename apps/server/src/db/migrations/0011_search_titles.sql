CREATE TABLE "search_titles" (
	"document_id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"column_ids" jsonb NOT NULL,
	"type" text NOT NULL,
	"group" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"title_fts" "tsvector" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "search_titles" ADD CONSTRAINT "search_titles_document_id_search_docs_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."search_docs"("document_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "search_titles_fts_gin" ON "search_titles" USING gin ("title_fts");--> statement-breakpoint
CREATE INDEX "search_titles_published_idx" ON "search_titles" USING btree ("published_at");--> statement-breakpoint
CREATE INDEX "search_titles_site_idx" ON "search_titles" USING btree ("site_id","published_at");--> statement-breakpoint
-- Title hits are found on search_titles now (modules/search/search.ts).
DROP INDEX IF EXISTS "search_docs_title_fts_gin";--> statement-breakpoint
-- search_titles follows search_docs: every insert or update of search_docs (indexDocument's
-- upsert, bulk loads) writes the matching rows in the same statement; deletes cascade through the
-- foreign key. Statement-level, so a bulk insert costs one INSERT … SELECT.
CREATE OR REPLACE FUNCTION govsite_search_titles_sync() RETURNS trigger AS $$
BEGIN
  INSERT INTO search_titles (document_id, site_id, column_ids, type, "group", published_at, title_fts)
  SELECT document_id, site_id, column_ids, type, "group", published_at, to_tsvector('simple', title_segmented)
    FROM changed_docs
  ON CONFLICT (document_id) DO UPDATE SET
    site_id = EXCLUDED.site_id, column_ids = EXCLUDED.column_ids, type = EXCLUDED.type, "group" = EXCLUDED."group",
    published_at = EXCLUDED.published_at, title_fts = EXCLUDED.title_fts;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER search_docs_titles_insert AFTER INSERT ON search_docs REFERENCING NEW TABLE AS changed_docs FOR EACH STATEMENT EXECUTE FUNCTION govsite_search_titles_sync();
--> statement-breakpoint
CREATE TRIGGER search_docs_titles_update AFTER UPDATE ON search_docs REFERENCING NEW TABLE AS changed_docs FOR EACH STATEMENT EXECUTE FUNCTION govsite_search_titles_sync();
--> statement-breakpoint
-- Existing rows, as the trigger writes them.
INSERT INTO search_titles (document_id, site_id, column_ids, type, "group", published_at, title_fts)
SELECT document_id, site_id, column_ids, type, "group", published_at, to_tsvector('simple', title_segmented)
  FROM search_docs;

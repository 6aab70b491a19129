CREATE TABLE "search_docs" (
	"document_id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"column_ids" jsonb NOT NULL,
	"type" text NOT NULL,
	"group" text DEFAULT 'info' NOT NULL,
	"title" text NOT NULL,
	"url" text NOT NULL,
	"plain" text NOT NULL,
	"segmented" text NOT NULL,
	"title_segmented" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"version" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "search_docs_site_idx" ON "search_docs" USING btree ("site_id","published_at");--> statement-breakpoint
-- Full-text index over the pre-segmented title (weight A) and body (weight B).
CREATE INDEX "search_docs_fts_idx" ON "search_docs" USING gin ((setweight(to_tsvector('simple', "title_segmented"), 'A') || setweight(to_tsvector('simple', "segmented"), 'B')));

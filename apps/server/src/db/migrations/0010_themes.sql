CREATE TABLE "theme_override_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"path" text NOT NULL,
	"version" integer NOT NULL,
	"content" text,
	"action" text NOT NULL,
	"created_by" uuid,
	"created_by_name" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "theme_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"path" text NOT NULL,
	"content" text NOT NULL,
	"version" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "theme_override_versions_uq" ON "theme_override_versions" USING btree ("site_id","path","version");--> statement-breakpoint
CREATE INDEX "theme_override_versions_site_idx" ON "theme_override_versions" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "theme_overrides_site_path_uq" ON "theme_overrides" USING btree ("site_id","path");
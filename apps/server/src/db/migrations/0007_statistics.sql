CREATE TABLE "visit_daily" (
	"day" date NOT NULL,
	"site_code" text NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	"visitors" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "visit_daily_day_site_code_kind_key_pk" PRIMARY KEY("day","site_code","kind","key")
);
--> statement-breakpoint
CREATE TABLE "visit_salts" (
	"day" date PRIMARY KEY NOT NULL,
	"salt" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_seen" (
	"day" date NOT NULL,
	"site_code" text NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"visitor" text NOT NULL,
	CONSTRAINT "visit_seen_day_site_code_kind_key_visitor_pk" PRIMARY KEY("day","site_code","kind","key","visitor")
);

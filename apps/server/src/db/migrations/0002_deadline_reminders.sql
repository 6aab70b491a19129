ALTER TABLE "deadlines" ADD COLUMN "reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deadlines" ADD COLUMN "escalated_at" timestamp with time zone;
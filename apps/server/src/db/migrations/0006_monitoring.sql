CREATE TABLE "monitor_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"column_id" uuid,
	"source" text NOT NULL,
	"type" text NOT NULL,
	"severity" text NOT NULL,
	"rule" text DEFAULT '' NOT NULL,
	"fingerprint" text NOT NULL,
	"url" text DEFAULT '' NOT NULL,
	"detail" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"occurrences" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"ticket_id" uuid
);
--> statement-breakpoint
CREATE TABLE "monitor_probes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"target" text NOT NULL,
	"column_id" uuid,
	"url" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"status" integer DEFAULT 0 NOT NULL,
	"duration_ms" integer DEFAULT 0 NOT NULL,
	"error" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitor_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"ok" boolean DEFAULT true NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rectification_tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"site_id" uuid NOT NULL,
	"column_id" uuid,
	"unit_id" uuid NOT NULL,
	"assignee_id" uuid,
	"finding_id" uuid,
	"origin" text NOT NULL,
	"title" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"url" text DEFAULT '' NOT NULL,
	"severity" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"deadline_id" uuid,
	"answer" text,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"verified_at" timestamp with time zone,
	"verified_by" uuid,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"recurrences" integer DEFAULT 0 NOT NULL,
	"last_recurred_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "counterfeit_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_no" text NOT NULL,
	"source" text NOT NULL,
	"url" text NOT NULL,
	"host" text NOT NULL,
	"imitated_site_id" uuid,
	"description" text NOT NULL,
	"reporter_name" text DEFAULT '' NOT NULL,
	"reporter_contact" text DEFAULT '' NOT NULL,
	"reporter_ip" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "counterfeit_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"step" text NOT NULL,
	"note" text NOT NULL,
	"by_user_id" uuid,
	"by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"day" date NOT NULL,
	"shift_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text DEFAULT 'officer' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_drills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"participants" text DEFAULT '' NOT NULL,
	"scenario" text NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	"problems" text DEFAULT '' NOT NULL,
	"media_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_incident_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"content" text NOT NULL,
	"by_user_id" uuid NOT NULL,
	"by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"level" text DEFAULT 'normal' NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"description" text NOT NULL,
	"site_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"conclusion" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_patrols" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"up_to_seq" integer DEFAULT 0 NOT NULL,
	"pages" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"findings" text DEFAULT '' NOT NULL,
	"result" text DEFAULT 'normal' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"scope" text DEFAULT '' NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"media_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" text DEFAULT '' NOT NULL,
	"approved_on" date,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_channels" (
	"user_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"address" text NOT NULL,
	"format" text DEFAULT 'generic' NOT NULL,
	"secret" text DEFAULT '' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_channels_user_id_channel_pk" PRIMARY KEY("user_id","channel")
);
--> statement-breakpoint
CREATE TABLE "notification_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"notification_ids" jsonb NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_dispatch" (
	"notification_id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"severity" text DEFAULT 'normal' NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"routed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"enabled" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_user_id_kind_channel_pk" PRIMARY KEY("user_id","kind","channel")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "monitor_findings_fp_uq" ON "monitor_findings" USING btree ("site_id","fingerprint");--> statement-breakpoint
CREATE INDEX "monitor_findings_site_idx" ON "monitor_findings" USING btree ("site_id","status");--> statement-breakpoint
CREATE INDEX "monitor_probes_site_at_idx" ON "monitor_probes" USING btree ("site_id","at");--> statement-breakpoint
CREATE INDEX "monitor_runs_site_idx" ON "monitor_runs" USING btree ("site_id","kind","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rectification_tickets_number_uq" ON "rectification_tickets" USING btree ("number");--> statement-breakpoint
CREATE INDEX "rectification_tickets_status_idx" ON "rectification_tickets" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "rectification_tickets_unit_idx" ON "rectification_tickets" USING btree ("unit_id","status");--> statement-breakpoint
CREATE INDEX "rectification_tickets_site_idx" ON "rectification_tickets" USING btree ("site_id","status");--> statement-breakpoint
CREATE INDEX "ticket_events_ticket_idx" ON "ticket_events" USING btree ("ticket_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "counterfeit_reports_case_uq" ON "counterfeit_reports" USING btree ("case_no");--> statement-breakpoint
CREATE INDEX "counterfeit_reports_status_idx" ON "counterfeit_reports" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "counterfeit_reports_host_idx" ON "counterfeit_reports" USING btree ("host");--> statement-breakpoint
CREATE INDEX "counterfeit_steps_idx" ON "counterfeit_steps" USING btree ("report_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_assignments_uq" ON "duty_assignments" USING btree ("day","shift_id","user_id");--> statement-breakpoint
CREATE INDEX "duty_assignments_day_idx" ON "duty_assignments" USING btree ("day");--> statement-breakpoint
CREATE INDEX "duty_drills_plan_idx" ON "duty_drills" USING btree ("plan_id","held_on");--> statement-breakpoint
CREATE INDEX "duty_incident_entries_idx" ON "duty_incident_entries" USING btree ("incident_id","created_at");--> statement-breakpoint
CREATE INDEX "duty_incidents_status_idx" ON "duty_incidents" USING btree ("status","occurred_at");--> statement-breakpoint
CREATE INDEX "duty_patrols_time_idx" ON "duty_patrols" USING btree ("finished_at");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_shifts_name_uq" ON "duty_shifts" USING btree ("name");--> statement-breakpoint
CREATE INDEX "notification_deliveries_due_idx" ON "notification_deliveries" USING btree ("state","not_before");--> statement-breakpoint
CREATE INDEX "notification_deliveries_user_idx" ON "notification_deliveries" USING btree ("user_id","channel","kind","created_at");--> statement-breakpoint
CREATE INDEX "notification_dispatch_state_idx" ON "notification_dispatch" USING btree ("state","created_at");
CREATE SEQUENCE "public"."disclosure_case_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."letter_case_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "case_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"unit_id" uuid,
	"action" text NOT NULL,
	"summary" text NOT NULL,
	"public" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"case_no" text NOT NULL,
	"query_code_hash" text NOT NULL,
	"applicant_type" text NOT NULL,
	"applicant_name" text NOT NULL,
	"id_type" text DEFAULT '' NOT NULL,
	"id_number" text DEFAULT '' NOT NULL,
	"org_code" text DEFAULT '' NOT NULL,
	"legal_representative" text DEFAULT '' NOT NULL,
	"contact_name" text DEFAULT '' NOT NULL,
	"phone" text NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"postcode" text DEFAULT '' NOT NULL,
	"description" text NOT NULL,
	"document_no" text DEFAULT '' NOT NULL,
	"form" text NOT NULL,
	"delivery" text NOT NULL,
	"channel" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"receipt_basis" text NOT NULL,
	"status" text NOT NULL,
	"correction" jsonb,
	"extension" jsonb,
	"outcome" text,
	"outcome_reason" text,
	"answer_text" text DEFAULT '' NOT NULL,
	"answer_drafted_by" uuid,
	"answer_drafted_at" timestamp with time zone,
	"answer_approved_by" uuid,
	"answered_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"delivery_note" text,
	"idempotency_key" text NOT NULL,
	"payload_hash" text NOT NULL,
	"ip" text DEFAULT '' NOT NULL,
	"registered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_consultations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"party" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"deadline_id" uuid,
	"replied_at" timestamp with time zone,
	"result" text,
	"opinion" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "extension_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"workdays" integer NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text
);
--> statement-breakpoint
CREATE TABLE "faq_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"unit_id" uuid,
	"source_letter_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"tokens" text DEFAULT '' NOT NULL,
	"edited_by" uuid NOT NULL,
	"reviewed_by" uuid,
	"review_note" text,
	"published_at" timestamp with time zone,
	"hits" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "interaction_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"leader_title" text DEFAULT '' NOT NULL,
	"default_unit_id" uuid,
	"enabled" boolean DEFAULT true NOT NULL,
	"publish_replies" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "interaction_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"data_base64" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "interview_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"interview_id" uuid NOT NULL,
	"content" text NOT NULL,
	"asker_name" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answer" text,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	"moderated_by" uuid,
	"idempotency_key" text NOT NULL,
	"ip" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "interviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"title" text NOT NULL,
	"guests" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"announced_at" timestamp with time zone,
	"transcript" text,
	"transcript_published_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "letter_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"letter_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"role" text DEFAULT 'lead' NOT NULL,
	"status" text DEFAULT 'handling' NOT NULL,
	"instruction" text DEFAULT '' NOT NULL,
	"draft" text DEFAULT '' NOT NULL,
	"drafted_by" uuid,
	"drafted_at" timestamp with time zone,
	"review_note" text,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"return_reason" text,
	"forwarded_by" uuid NOT NULL,
	"forwarded_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "letters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"case_no" text NOT NULL,
	"query_code_hash" text NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"page_url" text,
	"screenshot_id" uuid,
	"writer_name" text NOT NULL,
	"writer_phone" text DEFAULT '' NOT NULL,
	"writer_email" text DEFAULT '' NOT NULL,
	"writer_address" text DEFAULT '' NOT NULL,
	"writer_id_number" text DEFAULT '' NOT NULL,
	"public_allowed" boolean NOT NULL,
	"status" text NOT NULL,
	"moderation" jsonb,
	"received_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"first_forwarded_at" timestamp with time zone,
	"reply" jsonb,
	"replied_at" timestamp with time zone,
	"reject_reason" text,
	"extension_workdays" integer DEFAULT 0 NOT NULL,
	"publication" jsonb,
	"published_at" timestamp with time zone,
	"unpublished_at" timestamp with time zone,
	"rating" text,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"idempotency_key" text NOT NULL,
	"payload_hash" text NOT NULL,
	"ip" text DEFAULT '' NOT NULL,
	"user_agent" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pow_spent" (
	"key" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reply_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid,
	"unit_id" uuid,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "solicitation_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"solicitation_id" uuid NOT NULL,
	"paragraph" integer,
	"start" integer,
	"end" integer,
	"quote" text DEFAULT '' NOT NULL,
	"content" text NOT NULL,
	"author_name" text DEFAULT '' NOT NULL,
	"contact" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"adoption" text,
	"adoption_note" text,
	"moderated_by" uuid,
	"idempotency_key" text NOT NULL,
	"ip" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "solicitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"paragraphs" jsonb NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"feedback_report" text,
	"report_published_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stage_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"unit_id" uuid,
	"deadline_id" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"overdue_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"workdays_taken" integer,
	"on_time" boolean
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"answers" jsonb NOT NULL,
	"idempotency_key" text NOT NULL,
	"ip" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"questions" jsonb NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"results_published_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "case_events_subject_idx" ON "case_events" USING btree ("subject_type","subject_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "disclosure_case_no_uq" ON "disclosure_applications" USING btree ("case_no");--> statement-breakpoint
CREATE UNIQUE INDEX "disclosure_idempotency_uq" ON "disclosure_applications" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "disclosure_unit_idx" ON "disclosure_applications" USING btree ("unit_id","status");--> statement-breakpoint
CREATE INDEX "disclosure_site_idx" ON "disclosure_applications" USING btree ("site_id","received_at");--> statement-breakpoint
CREATE INDEX "disclosure_consultations_app_idx" ON "disclosure_consultations" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "extension_requests_subject_idx" ON "extension_requests" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "faq_site_idx" ON "faq_entries" USING btree ("site_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "interaction_channels_slug_uq" ON "interaction_channels" USING btree ("site_id","slug");--> statement-breakpoint
CREATE INDEX "interaction_channels_site_idx" ON "interaction_channels" USING btree ("site_id");--> statement-breakpoint
CREATE UNIQUE INDEX "interview_questions_idem_uq" ON "interview_questions" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "interview_questions_idx" ON "interview_questions" USING btree ("interview_id","status");--> statement-breakpoint
CREATE INDEX "interviews_site_idx" ON "interviews" USING btree ("site_id","status");--> statement-breakpoint
CREATE INDEX "letter_assignments_letter_idx" ON "letter_assignments" USING btree ("letter_id");--> statement-breakpoint
CREATE INDEX "letter_assignments_unit_idx" ON "letter_assignments" USING btree ("unit_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "letters_case_no_uq" ON "letters" USING btree ("case_no");--> statement-breakpoint
CREATE UNIQUE INDEX "letters_idempotency_uq" ON "letters" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "letters_site_idx" ON "letters" USING btree ("site_id","status","received_at");--> statement-breakpoint
CREATE INDEX "letters_published_idx" ON "letters" USING btree ("site_id","published_at");--> statement-breakpoint
CREATE INDEX "letters_ip_idx" ON "letters" USING btree ("ip","created_at");--> statement-breakpoint
CREATE INDEX "pow_spent_expires_idx" ON "pow_spent" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "solicitation_comments_idem_uq" ON "solicitation_comments" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "solicitation_comments_idx" ON "solicitation_comments" USING btree ("solicitation_id","status");--> statement-breakpoint
CREATE INDEX "solicitations_site_idx" ON "solicitations" USING btree ("site_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "stage_records_deadline_uq" ON "stage_records" USING btree ("deadline_id");--> statement-breakpoint
CREATE INDEX "stage_records_site_idx" ON "stage_records" USING btree ("site_id","stage","completed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_idem_uq" ON "survey_responses" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "survey_responses_survey_idx" ON "survey_responses" USING btree ("survey_id");--> statement-breakpoint
CREATE INDEX "surveys_site_idx" ON "surveys" USING btree ("site_id","status");
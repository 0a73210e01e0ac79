CREATE TYPE "public"."google_event_kind" AS ENUM('foreign', 'booking', 'unavailable');--> statement-breakpoint
CREATE TYPE "public"."sync_log_direction" AS ENUM('push', 'pull', 'system');--> statement-breakpoint
CREATE TYPE "public"."sync_job_kind" AS ENUM('push_booking', 'push_unavailable', 'pull_calendar', 'initial_sync', 'stop_sync', 'refresh_calendar_list');--> statement-breakpoint
CREATE TYPE "public"."sync_job_status" AS ENUM('pending', 'running', 'done', 'failed');--> statement-breakpoint
CREATE TYPE "public"."sync_log_outcome" AS ENUM('ok', 'retry', 'failed', 'conflict', 'skipped');--> statement-breakpoint
CREATE TABLE "google_channels" (
	"id" text PRIMARY KEY NOT NULL,
	"calendar_row_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"resource_id" text,
	"expires_at" timestamp with time zone NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"last_message_number" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "google_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"calendar_row_id" uuid NOT NULL,
	"google_event_id" text NOT NULL,
	"kind" "google_event_kind" NOT NULL,
	"booking_id" uuid,
	"unavailable_block_id" uuid,
	"fieldworker_id" uuid,
	"etag" text,
	"summary" text DEFAULT '' NOT NULL,
	"description" text,
	"location" text,
	"html_link" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"all_day" boolean DEFAULT false NOT NULL,
	"busy" boolean DEFAULT true NOT NULL,
	"is_private" boolean DEFAULT false NOT NULL,
	"content_hash" text,
	"google_content_hash" text,
	"pushed_starts_at" timestamp with time zone,
	"pushed_ends_at" timestamp with time zone,
	"deleted_in_google" boolean DEFAULT false NOT NULL,
	"cancelled_in_app" boolean DEFAULT false NOT NULL,
	"google_updated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"fieldworker_id" uuid NOT NULL,
	"booking_id" uuid NOT NULL,
	"kind" text DEFAULT 'deleted_in_google' NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolution" text
);
--> statement-breakpoint
CREATE TABLE "sync_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"kind" "sync_job_kind" NOT NULL,
	"fieldworker_id" uuid,
	"booking_id" uuid,
	"unavailable_block_id" uuid,
	"calendar_row_id" uuid,
	"google_account_id" uuid,
	"dedupe_key" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" "sync_job_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"fieldworker_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"direction" "sync_log_direction" NOT NULL,
	"action" text NOT NULL,
	"outcome" "sync_log_outcome" NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"booking_id" uuid,
	"google_event_id" text
);
--> statement-breakpoint
ALTER TABLE "google_accounts" ADD COLUMN "calendar_list_refreshed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "google_accounts" ADD COLUMN "rate_window_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "google_accounts" ADD COLUMN "rate_window_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "google_calendars" ADD COLUMN "hidden_for_admins" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "google_calendars" ADD COLUMN "sync_token" text;--> statement-breakpoint
ALTER TABLE "google_calendars" ADD COLUMN "dirty" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "google_calendars" ADD COLUMN "last_pulled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "google_calendars" ADD COLUMN "last_full_sync_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "google_channels" ADD CONSTRAINT "google_channels_calendar_row_id_google_calendars_id_fk" FOREIGN KEY ("calendar_row_id") REFERENCES "public"."google_calendars"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "google_events" ADD CONSTRAINT "google_events_calendar_row_id_google_calendars_id_fk" FOREIGN KEY ("calendar_row_id") REFERENCES "public"."google_calendars"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_conflicts" ADD CONSTRAINT "sync_conflicts_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_jobs" ADD CONSTRAINT "sync_jobs_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_log" ADD CONSTRAINT "sync_log_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "google_channels_calendar_idx" ON "google_channels" USING btree ("calendar_row_id");--> statement-breakpoint
CREATE INDEX "google_channels_expiry_idx" ON "google_channels" USING btree ("active","expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "google_events_calendar_event_unique" ON "google_events" USING btree ("calendar_row_id","google_event_id");--> statement-breakpoint
CREATE INDEX "google_events_calendar_range_idx" ON "google_events" USING btree ("calendar_row_id","starts_at","ends_at");--> statement-breakpoint
CREATE INDEX "google_events_booking_idx" ON "google_events" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "google_events_unavailable_idx" ON "google_events" USING btree ("unavailable_block_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_conflicts_open_unique" ON "sync_conflicts" USING btree ("booking_id","fieldworker_id","kind") WHERE "sync_conflicts"."resolved_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "sync_jobs_pending_dedupe_unique" ON "sync_jobs" USING btree ("dedupe_key") WHERE "sync_jobs"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "sync_jobs_due_idx" ON "sync_jobs" USING btree ("status","run_after");--> statement-breakpoint
CREATE INDEX "sync_log_fieldworker_at_idx" ON "sync_log" USING btree ("fieldworker_id","at");--> statement-breakpoint
CREATE INDEX "google_calendars_dirty_idx" ON "google_calendars" USING btree ("dirty");
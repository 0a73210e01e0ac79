ALTER TYPE "public"."sync_job_kind" ADD VALUE 'send_invitation';--> statement-breakpoint
CREATE TABLE "auth_rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"attempts" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "google_project_backoffs" (
	"oauth_client_id" text PRIMARY KEY NOT NULL,
	"backoff_until" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "google_channels" ALTER COLUMN "last_message_number" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "addresses" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "google_accounts" ADD COLUMN "backoff_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "google_accounts" ADD COLUMN "reconnect_notice_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "google_invitations" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sync_jobs" ADD COLUMN "delayed_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sync_jobs" ADD COLUMN "parked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_at_most_three_addresses" CHECK (cardinality("customers"."addresses") <= 3);--> statement-breakpoint
-- One live invitation link per fieldworker: links sent before this release that a connection or a newer send superseded are revoked.
UPDATE "google_invitations" gi SET "revoked_at" = now()
WHERE gi."used_at" IS NULL AND gi."revoked_at" IS NULL AND (
  EXISTS (SELECT 1 FROM "fieldworker_google_connections" c JOIN "google_accounts" a ON a."id" = c."google_account_id"
          WHERE c."fieldworker_id" = gi."fieldworker_id" AND a."status" = 'active')
  OR EXISTS (SELECT 1 FROM "google_invitations" newer WHERE newer."fieldworker_id" = gi."fieldworker_id"
             AND newer."sent_at" > gi."sent_at" AND newer."resend_id" IS NOT NULL));
--> statement-breakpoint
-- One event per booking per Google account: queue a push for every booking that still has per-fieldworker copies, so the duplicates converge now rather than at the booking's next edit.
INSERT INTO "sync_jobs" ("company_id", "kind", "booking_id", "google_account_id", "dedupe_key")
SELECT DISTINCT a."company_id", 'push_booking'::"sync_job_kind", e."booking_id", c."google_account_id",
       'push_booking:' || e."booking_id" || ':' || c."google_account_id"
FROM "google_events" e JOIN "google_calendars" c ON c."id" = e."calendar_row_id" JOIN "google_accounts" a ON a."id" = c."google_account_id"
WHERE e."kind" = 'booking' AND e."booking_id" IS NOT NULL AND e."fieldworker_id" IS NOT NULL
ON CONFLICT ("dedupe_key") WHERE "status" = 'pending' DO NOTHING;

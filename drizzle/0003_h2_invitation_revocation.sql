ALTER TYPE "public"."sync_job_kind" ADD VALUE 'send_invitation';--> statement-breakpoint
ALTER TABLE "google_invitations" ADD COLUMN "revoked_at" timestamp with time zone;
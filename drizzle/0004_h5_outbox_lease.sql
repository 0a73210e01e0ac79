ALTER TYPE "public"."sync_job_kind" ADD VALUE 'retire_account';--> statement-breakpoint
ALTER TABLE "sync_jobs" ADD COLUMN "lease_token" uuid;--> statement-breakpoint
ALTER TABLE "sync_jobs" ADD COLUMN "lost_leases" integer DEFAULT 0 NOT NULL;
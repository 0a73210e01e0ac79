ALTER TABLE "google_accounts" DROP COLUMN "rate_window_started_at";--> statement-breakpoint
ALTER TABLE "google_accounts" DROP COLUMN "rate_window_count";
CREATE TABLE "google_quota_windows" (
	"budget_key" text PRIMARY KEY NOT NULL,
	"limit_calls" integer NOT NULL,
	"window_ms" integer NOT NULL,
	"at_ms" bigint[] NOT NULL,
	"calls" integer[] NOT NULL,
	"admitted" boolean NOT NULL,
	"checked_at_ms" bigint NOT NULL
);

ALTER TABLE "google_events" ADD COLUMN "event_type" text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE "google_events" ADD COLUMN "transparency" text DEFAULT 'opaque' NOT NULL;--> statement-breakpoint
ALTER TABLE "google_events" ADD COLUMN "self_response_status" text;--> statement-breakpoint
-- Hand-written (h2): imported events so far stored busy = opaque; keep that fact, then make every imported calendar
-- re-read from a full sync, so event types, declined invitations and all-day events in the calendar's own time zone
-- reach the rows already imported.
UPDATE "google_events" SET "transparency" = 'transparent' WHERE "busy" = false;--> statement-breakpoint
UPDATE "google_calendars" SET "sync_token" = NULL, "dirty" = true WHERE "is_company_calendar" = false AND "selected" = true;

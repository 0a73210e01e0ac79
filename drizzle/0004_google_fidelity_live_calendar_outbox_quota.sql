ALTER TYPE "public"."sync_job_kind" ADD VALUE 'retire_account';--> statement-breakpoint
CREATE TABLE "calendar_change_marks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "calendar_change_marks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1)
);
--> statement-breakpoint
CREATE TABLE "calendar_versions" (
	"company_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "google_quota_windows" (
	"budget_key" text PRIMARY KEY NOT NULL,
	"limit_calls" integer NOT NULL,
	"window_ms" integer NOT NULL,
	"at_ms" bigint[] NOT NULL,
	"calls" integer[] NOT NULL,
	"admitted" boolean NOT NULL,
	"checked_at_ms" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "google_events" ADD COLUMN "event_type" text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE "google_events" ADD COLUMN "transparency" text DEFAULT 'opaque' NOT NULL;--> statement-breakpoint
ALTER TABLE "google_events" ADD COLUMN "self_response_status" text;--> statement-breakpoint
ALTER TABLE "sync_jobs" ADD COLUMN "lease_token" uuid;--> statement-breakpoint
ALTER TABLE "sync_jobs" ADD COLUMN "lost_leases" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "calendar_versions" ADD CONSTRAINT "calendar_versions_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Hand-written (h2): imported events so far stored busy = opaque; keep that fact, then make every imported calendar
-- re-read from a full sync, so event types, declined invitations and all-day events in the calendar's own time zone
-- reach the rows already imported.
UPDATE "google_events" SET "transparency" = 'transparent' WHERE "busy" = false;--> statement-breakpoint
UPDATE "google_calendars" SET "sync_token" = NULL, "dirty" = true WHERE "is_company_calendar" = false AND "selected" = true;
--> statement-breakpoint
-- ======== h3: hand-written SQL below (live calendar: per-company change versions) ========
-- Every calendar-visible write notes its company ids in a transaction-local setting (statement-level triggers
-- with transition tables: one call per statement, however many rows a bulk upsert writes). The first note of a
-- transaction inserts a mark row whose DEFERRED constraint trigger runs once at commit: it bumps each noted
-- company's version (in company-id order, so concurrent transactions never deadlock on them) and NOTIFYs
-- `fieldsync_calendar` with `company:version`. The version row is locked only for the last instant before commit,
-- so concurrent writers of one company serialize just there, and versions grow in commit order: a reader that
-- saw version v sees every change up to v. Transaction-local settings and NOTIFY both work through a
-- transaction pooler (only LISTEN needs a session).
CREATE FUNCTION fieldsync_note_calendar_change(company_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  pending text := coalesce(current_setting('fieldsync.calendar_changed', true), '');
  company uuid;
BEGIN
  IF company_ids IS NULL THEN RETURN; END IF;
  IF pending = '' THEN
    INSERT INTO calendar_change_marks DEFAULT VALUES;
  END IF;
  FOREACH company IN ARRAY company_ids LOOP
    IF company IS NOT NULL AND strpos(pending, company::text) = 0 THEN
      pending := CASE WHEN pending = '' THEN company::text ELSE pending || ',' || company::text END;
    END IF;
  END LOOP;
  PERFORM set_config('fieldsync.calendar_changed', pending, true);
END $$;
--> statement-breakpoint
CREATE FUNCTION fieldsync_bump_calendar_versions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  pending text := coalesce(current_setting('fieldsync.calendar_changed', true), '');
  bumped record;
BEGIN
  DELETE FROM calendar_change_marks WHERE id = NEW.id;
  IF pending = '' THEN RETURN NULL; END IF;
  PERFORM set_config('fieldsync.calendar_changed', '', true);
  FOR bumped IN
    INSERT INTO calendar_versions AS v (company_id, version, changed_at)
    SELECT c.id, 1, now() FROM companies c WHERE c.id = ANY (string_to_array(pending, ',')::uuid[]) ORDER BY c.id
    ON CONFLICT (company_id) DO UPDATE SET version = v.version + 1, changed_at = now()
    RETURNING v.company_id, v.version
  LOOP
    PERFORM pg_notify('fieldsync_calendar', bumped.company_id::text || ':' || bumped.version::text);
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER calendar_change_marks_bump AFTER INSERT ON calendar_change_marks
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fieldsync_bump_calendar_versions();
--> statement-breakpoint
-- TG_ARGV[0]: a query over the transition table `%1$s` returning the changed rows' company ids (column company_id).
CREATE FUNCTION fieldsync_calendar_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  EXECUTE format('SELECT array_agg(DISTINCT company_id) FROM (' || TG_ARGV[0] || ') changed',
                 CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END) INTO ids;
  PERFORM fieldsync_note_calendar_change(ids);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION fieldsync_calendar_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM fieldsync_note_calendar_change(ARRAY[NEW.company_id]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION fieldsync_calendar_company_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM fieldsync_note_calendar_change(ARRAY[NEW.id]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION fieldsync_calendar_calendar_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM fieldsync_note_calendar_change(ARRAY(
    SELECT a.company_id FROM google_accounts a
    WHERE a.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.google_account_id ELSE NEW.google_account_id END));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER bookings_calendar_insert AFTER INSERT ON bookings REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fieldsync_calendar_rows_changed('SELECT company_id FROM %1$s');
--> statement-breakpoint
CREATE TRIGGER bookings_calendar_update AFTER UPDATE ON bookings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fieldsync_calendar_rows_changed('SELECT company_id FROM %1$s');
--> statement-breakpoint
CREATE TRIGGER bookings_calendar_delete AFTER DELETE ON bookings REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fieldsync_calendar_rows_changed('SELECT company_id FROM %1$s');
--> statement-breakpoint
CREATE TRIGGER unavailable_blocks_calendar_insert AFTER INSERT ON unavailable_blocks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fieldsync_calendar_rows_changed('SELECT company_id FROM %1$s');
--> statement-breakpoint
CREATE TRIGGER unavailable_blocks_calendar_update AFTER UPDATE ON unavailable_blocks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fieldsync_calendar_rows_changed('SELECT company_id FROM %1$s');
--> statement-breakpoint
CREATE TRIGGER unavailable_blocks_calendar_delete AFTER DELETE ON unavailable_blocks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fieldsync_calendar_rows_changed('SELECT company_id FROM %1$s');
--> statement-breakpoint
CREATE TRIGGER sync_conflicts_calendar_insert AFTER INSERT ON sync_conflicts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fieldsync_calendar_rows_changed('SELECT company_id FROM %1$s');
--> statement-breakpoint
CREATE TRIGGER sync_conflicts_calendar_update AFTER UPDATE ON sync_conflicts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fieldsync_calendar_rows_changed('SELECT company_id FROM %1$s');
--> statement-breakpoint
CREATE TRIGGER sync_conflicts_calendar_delete AFTER DELETE ON sync_conflicts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fieldsync_calendar_rows_changed('SELECT company_id FROM %1$s');
--> statement-breakpoint
CREATE TRIGGER booking_assignments_calendar_insert AFTER INSERT ON booking_assignments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fieldsync_calendar_rows_changed('SELECT b.company_id FROM (SELECT DISTINCT booking_id FROM %1$s) r JOIN bookings b ON b.id = r.booking_id');
--> statement-breakpoint
CREATE TRIGGER booking_assignments_calendar_delete AFTER DELETE ON booking_assignments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fieldsync_calendar_rows_changed('SELECT b.company_id FROM (SELECT DISTINCT booking_id FROM %1$s) r JOIN bookings b ON b.id = r.booking_id');
--> statement-breakpoint
CREATE TRIGGER google_events_calendar_insert AFTER INSERT ON google_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fieldsync_calendar_rows_changed('SELECT a.company_id FROM (SELECT DISTINCT calendar_row_id FROM %1$s) r JOIN google_calendars c ON c.id = r.calendar_row_id JOIN google_accounts a ON a.id = c.google_account_id');
--> statement-breakpoint
CREATE TRIGGER google_events_calendar_update AFTER UPDATE ON google_events REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fieldsync_calendar_rows_changed('SELECT a.company_id FROM (SELECT DISTINCT calendar_row_id FROM %1$s) r JOIN google_calendars c ON c.id = r.calendar_row_id JOIN google_accounts a ON a.id = c.google_account_id');
--> statement-breakpoint
CREATE TRIGGER google_events_calendar_delete AFTER DELETE ON google_events REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fieldsync_calendar_rows_changed('SELECT a.company_id FROM (SELECT DISTINCT calendar_row_id FROM %1$s) r JOIN google_calendars c ON c.id = r.calendar_row_id JOIN google_accounts a ON a.id = c.google_account_id');
--> statement-breakpoint
CREATE TRIGGER fieldworker_google_connections_calendar_insert AFTER INSERT ON fieldworker_google_connections REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fieldsync_calendar_rows_changed('SELECT company_id FROM %1$s');
--> statement-breakpoint
CREATE TRIGGER fieldworker_google_connections_calendar_delete AFTER DELETE ON fieldworker_google_connections REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fieldsync_calendar_rows_changed('SELECT company_id FROM %1$s');
--> statement-breakpoint
-- A deleted account takes its calendars and their events with it (cascade): its old row still names the company.
CREATE TRIGGER google_accounts_calendar_delete AFTER DELETE ON google_accounts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fieldsync_calendar_rows_changed('SELECT company_id FROM %1$s');
--> statement-breakpoint
-- Small tables, row by row, and only for what the calendar draws (not sync tokens, dirty flags, rate windows).
CREATE TRIGGER fieldworkers_calendar_change AFTER INSERT OR UPDATE OF display_name, active ON fieldworkers FOR EACH ROW EXECUTE FUNCTION fieldsync_calendar_row_changed();
--> statement-breakpoint
CREATE TRIGGER booking_statuses_calendar_change AFTER INSERT OR UPDATE OF name, color ON booking_statuses FOR EACH ROW EXECUTE FUNCTION fieldsync_calendar_row_changed();
--> statement-breakpoint
CREATE TRIGGER customers_calendar_change AFTER UPDATE OF name ON customers FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION fieldsync_calendar_row_changed();
--> statement-breakpoint
CREATE TRIGGER companies_calendar_change AFTER UPDATE OF sync_direction, time_zone ON companies FOR EACH ROW WHEN (OLD.sync_direction IS DISTINCT FROM NEW.sync_direction OR OLD.time_zone IS DISTINCT FROM NEW.time_zone) EXECUTE FUNCTION fieldsync_calendar_company_changed();
--> statement-breakpoint
CREATE TRIGGER google_calendars_calendar_change AFTER INSERT OR DELETE OR UPDATE OF summary, background_color, selected, privacy, hidden_for_admins, last_pulled_at ON google_calendars FOR EACH ROW EXECUTE FUNCTION fieldsync_calendar_calendar_changed();

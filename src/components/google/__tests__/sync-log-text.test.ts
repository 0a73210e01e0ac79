import { describe, expect, it } from "vitest";
import { describeSyncLogEntry, type SyncLogRow, type SyncLogText } from "../sync-log-text";

const row = (action: string, outcome: SyncLogRow["outcome"], message: string, direction: SyncLogRow["direction"] = "push"): SyncLogRow => ({
  direction,
  action,
  outcome,
  message,
});

describe("describeSyncLogEntry writes the sync log for people", () => {
  it.each<[string, SyncLogRow, SyncLogText]>([
    [
      "a pushed booking names the event",
      row("booking_created", "ok", "[Confirmed] Boiler service — Smith, Newtown"),
      { what: "Booking added to Google Calendar", detail: "[Confirmed] Boiler service — Smith, Newtown", todo: null },
    ],
    ["a removed booking", row("booking_removed", "ok", "Deleted from Google Calendar"), { what: "Booking removed from Google Calendar", detail: null, todo: null }],
    [
      "a cancelled booking kept in Google",
      row("booking_cancelled", "ok", "Kept in Google Calendar, marked cancelled"),
      { what: "Booking kept in Google Calendar, marked cancelled", detail: null, todo: null },
    ],
    [
      "a deletion in Google is a conflict with the two choices spelled out",
      row("deleted_in_google", "conflict", "The booking's event was deleted in Google Calendar. The booking is kept: re-create the event or accept the deletion.", "pull"),
      {
        what: "Booking deleted in Google Calendar (or moved to another calendar); it is kept in FieldSync",
        detail: null,
        todo: "Under Conflicts, choose “Re-create in Google” to put it back, or “Accept deletion”.",
      },
    ],
    [
      "a deletion repaired in FieldSync → Google mode",
      row("deleted_in_google", "ok", "Deleted in Google Calendar; FieldSync → Google mode puts it back.", "pull"),
      { what: "Booking deleted in Google Calendar (or moved to another calendar); FieldSync put it back (FieldSync → Google only)", detail: null, todo: null },
    ],
    [
      "a time change made in Google gives the new time",
      row("booking_time_changed_in_google", "ok", "Moved in Google Calendar to 3 Dec 2026, 10:00 am – 11:00 am; FieldSync updated to match.", "pull"),
      { what: "Booking moved in Google Calendar; FieldSync now shows the new time", detail: "New time: 3 Dec 2026, 10:00 am – 11:00 am", todo: null },
    ],
    [
      "a pull reports plain counts, not pages",
      row("incremental_sync", "ok", "Work: 3 events imported or updated, 1 removed, 0 FieldSync events changed in Google (1 page)", "pull"),
      { what: "Read changes from Google", detail: "“Work”: 3 new or changed, 1 removed", todo: null },
    ],
    [
      "a full pull that saw FieldSync events changed in Google",
      row("full_sync", "ok", "Maria: 10 events imported or updated, 0 removed, 1 FieldSync events changed in Google (2 pages)", "pull"),
      { what: "Read the whole calendar from Google", detail: "“Maria”: 10 new or changed, 0 removed, 1 FieldSync event changed in Google", todo: null },
    ],
    [
      "a 503 being retried needs nothing from anyone",
      row("push_booking", "retry", "Will retry: Backend Error (HTTP 503 backendError)"),
      {
        what: "Sending a booking to Google Calendar did not work yet: Google Calendar was temporarily unavailable",
        detail: null,
        todo: "Nothing to do: FieldSync tries again automatically.",
      },
    ],
    [
      "a rate limit that finally failed",
      row("pull_calendar", "failed", "Rate Limit Exceeded (HTTP 403 rateLimitExceeded)", "pull"),
      {
        what: "Reading changes from Google Calendar failed: Google's limit on requests per minute was reached",
        detail: null,
        todo: "If this keeps happening, contact support: FieldSync may need a higher Google quota.",
      },
    ],
    [
      "revoked access says to reconnect, even while retrying",
      row("initial_sync", "failed", "Google access revoked: invalid_grant (HTTP 400 invalid_grant)", "system"),
      {
        what: "The first sync with Google Calendar failed: Google no longer accepts FieldSync's access to this account",
        detail: null,
        todo: "Reconnect Google Calendar: the fieldworker uses Reconnect on their calendar, or an admin sends a reconnect link from the profile.",
      },
    ],
    [
      "a forbidden calendar",
      row("pull_calendar", "failed", "Forbidden (HTTP 403 forbidden)", "pull"),
      {
        what: "Reading changes from Google Calendar failed: Google refused access to the calendar",
        detail: null,
        todo: "Check the calendar still exists and is shared with this Google account, then reconnect.",
      },
    ],
    [
      "a network failure",
      row("push_unavailable", "retry", "Will retry: connect ECONNREFUSED 127.0.0.1:4010"),
      {
        what: "Sending unavailable time to Google Calendar did not work yet: FieldSync could not reach Google",
        detail: null,
        todo: "Nothing to do: FieldSync tries again automatically.",
      },
    ],
    [
      "a watch channel that could not be opened",
      row("watch_channel", "retry", 'Could not watch "Work" for changes: Backend Error (HTTP 500 backendError). Will retry at the next sweep.', "system"),
      {
        what: "Turning on instant updates from Google did not work yet: Google Calendar was temporarily unavailable",
        detail: null,
        todo: "Nothing to do: FieldSync tries again automatically.",
      },
    ],
    [
      "a paused sync says how to resume",
      row("sync_stopped", "ok", "Fieldworker deactivated: Google sync paused.", "system"),
      { what: "Sync paused because the fieldworker was deactivated", detail: null, todo: "Activate the profile to sync again." },
    ],
    [
      "an action it does not know still reads as a sentence",
      row("something_new", "ok", "Details here", "system"),
      { what: "Something new", detail: "Details here", todo: null },
    ],
  ])("%s", (_name, input, expected) => {
    expect(describeSyncLogEntry(input)).toEqual(expected);
  });

  it("never shows the raw technical line as the sentence", () => {
    const text = describeSyncLogEntry(row("push_booking", "failed", "Backend Error (HTTP 503 backendError)"));
    expect(`${text.what} ${text.todo}`).not.toMatch(/HTTP|backendError/);
  });
});

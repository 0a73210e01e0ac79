/*
 * The sync log, written for people: each stored row (machine action, outcome, technical message) becomes
 * what happened and, when something is needed, what to do. Pure and table-tested; the raw message stays
 * available as "technical details".
 */

export interface SyncLogRow {
  direction: "push" | "pull" | "system";
  action: string;
  outcome: "ok" | "retry" | "failed" | "conflict" | "skipped";
  message: string;
}

export interface SyncLogText {
  /** What happened, one sentence. */
  what: string;
  /** The specifics (which event, how many), when there are any. */
  detail: string | null;
  /** What a person should do, or null when nothing. */
  todo: string | null;
}

const DONE: Record<string, string> = {
  booking_created: "Booking added to Google Calendar",
  booking_updated: "Booking updated in Google Calendar",
  booking_removed: "Booking removed from Google Calendar",
  booking_cancelled: "Booking kept in Google Calendar, marked cancelled",
  unavailable_created: "Unavailable time added to Google Calendar",
  unavailable_updated: "Unavailable time updated in Google Calendar",
  unavailable_removed: "Unavailable time removed from Google Calendar",
  booking_time_changed_in_google: "Booking moved in Google Calendar; FieldSync now shows the new time",
  unavailable_time_changed_in_google: "Unavailable time moved in Google Calendar; FieldSync now shows the new time",
  unavailable_deleted_in_google: "Unavailable time deleted in Google Calendar, so it was removed from FieldSync too",
  edited_in_google: "Booking edited in Google Calendar; FieldSync's version is written back",
  conflict_resolved: "Conflict resolved",
  first_sync: "First sync finished",
  sync_stopped: "Sync paused because the fieldworker was deactivated",
  disconnected: "Google Calendar disconnected",
};

const SELF_EXPLAINED = new Set(["booking_cancelled", "unavailable_deleted_in_google", "edited_in_google"]);

/** What a failed or retried job was doing, by job kind. */
const ATTEMPT: Record<string, string> = {
  push_booking: "Sending a booking to Google Calendar",
  push_unavailable: "Sending unavailable time to Google Calendar",
  pull_calendar: "Reading changes from Google Calendar",
  initial_sync: "The first sync with Google Calendar",
  refresh_calendar_list: "Refreshing the list of Google calendars",
  stop_sync: "Pausing Google sync",
  retire_account: "Disconnecting the Google account",
  watch_channel: "Turning on instant updates from Google",
};

interface Cause {
  reason: string;
  /** What to do when FieldSync gives up; while it retries there is nothing to do. */
  todo: string;
  /** Never fixes itself by retrying. */
  permanent?: boolean;
}

const RECONNECT: Cause = {
  reason: "Google no longer accepts FieldSync's access to this account",
  todo: "Reconnect Google Calendar: the fieldworker uses Reconnect on their calendar, or an admin sends a reconnect link from the profile.",
  permanent: true,
};

/** Reads the cause out of a stored error message ("… (HTTP 503 backendError)", "Google access revoked: …"). */
export function causeOf(message: string): Cause {
  const http = /HTTP (\d{3})(?: (\w+))?/.exec(message);
  const status = http ? Number(http[1]) : undefined;
  const reason = http?.[2];
  if (/access revoked|invalid_grant|needs reconnection|no refresh token|unauthorized_client/i.test(message) || status === 401) return RECONNECT;
  if (status === 429 || /rateLimitExceeded|userRateLimitExceeded|quotaExceeded/.test(message)) {
    return { reason: "Google's limit on requests per minute was reached", todo: "If this keeps happening, contact support: FieldSync may need a higher Google quota." };
  }
  if ((status !== undefined && status >= 500) || reason === "backendError") {
    return { reason: "Google Calendar was temporarily unavailable", todo: "If it keeps failing, check Google Workspace status, then contact support." };
  }
  if (status === 403) {
    return { reason: "Google refused access to the calendar", todo: "Check the calendar still exists and is shared with this Google account, then reconnect.", permanent: true };
  }
  if (status === 404 || status === 410) {
    return { reason: "The event or calendar no longer exists in Google", todo: "Nothing to do unless the calendar was deleted on purpose: then reconnect to choose calendars again.", permanent: true };
  }
  if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|fetch failed|network/i.test(message)) {
    return { reason: "FieldSync could not reach Google", todo: "If it keeps failing, contact support." };
  }
  return { reason: "Something unexpected went wrong", todo: "If it keeps failing, contact support with the technical details below." };
}

/** "Primary: 3 events imported or updated, 1 removed, 0 FieldSync events changed in Google (1 page)" → plain counts. */
function pullDetail(message: string): string | null {
  const match = /^(.*): (\d+) events imported or updated, (\d+) removed, (\d+) FieldSync events changed in Google/.exec(message);
  if (!match) return message || null;
  const [, calendar, upserted, removed, own] = match;
  const parts = [`${upserted} new or changed`, `${removed} removed`];
  if (own !== "0") parts.push(`${own} FieldSync ${own === "1" ? "event" : "events"} changed in Google`);
  return `“${calendar}”: ${parts.join(", ")}`;
}

const sentenceCase = (action: string) => {
  const words = action.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export function describeSyncLogEntry(row: SyncLogRow): SyncLogText {
  const message = row.message.trim();

  if (row.outcome === "retry" || row.outcome === "failed") {
    const cause = causeOf(message);
    const attempt = ATTEMPT[row.action] ?? sentenceCase(row.action);
    if (row.outcome === "retry") {
      return {
        what: `${attempt} did not work yet: ${cause.reason}`,
        detail: null,
        todo: cause.permanent ? cause.todo : "Nothing to do: FieldSync tries again automatically.",
      };
    }
    return { what: `${attempt} failed: ${cause.reason}`, detail: null, todo: cause.todo };
  }

  switch (row.action) {
    case "deleted_in_google":
      return row.outcome === "conflict"
        ? {
            what: "Booking deleted in Google Calendar (or moved to another calendar); it is kept in FieldSync",
            detail: null,
            todo: "Under Conflicts, choose “Re-create in Google” to put it back, or “Accept deletion”.",
          }
        : { what: "Booking deleted in Google Calendar (or moved to another calendar); FieldSync put it back (FieldSync → Google only)", detail: null, todo: null };
    case "full_sync":
    case "incremental_sync":
      return { what: row.action === "full_sync" ? "Read the whole calendar from Google" : "Read changes from Google", detail: pullDetail(message), todo: null };
    case "sync_stopped":
      return { what: DONE.sync_stopped!, detail: null, todo: "Activate the profile to sync again." };
    case "booking_removed":
    case "unavailable_removed":
      return { what: DONE[row.action]!, detail: null, todo: null };
  }

  const moved = /^Moved in Google Calendar to (.*?); FieldSync/.exec(message);
  if (moved && DONE[row.action]) return { what: DONE[row.action]!, detail: `New time: ${moved[1]}`, todo: null };
  // Their stored message only repeats what the sentence already says.
  if (SELF_EXPLAINED.has(row.action)) return { what: DONE[row.action]!, detail: null, todo: null };

  const done = DONE[row.action];
  if (row.outcome === "skipped") return { what: `${done ?? sentenceCase(row.action)}: skipped`, detail: message || null, todo: null };
  if (done) return { what: done, detail: message || null, todo: null };
  return { what: sentenceCase(row.action), detail: message || null, todo: row.outcome === "conflict" ? "Look at Conflicts on this profile." : null };
}

import type { calendar_v3 } from "@googleapis/calendar";
import { eventContentHash } from "./content-hash";
import { bookingEventId } from "./event-ids";
import { formatBookingEvent } from "./format-booking-event";
import type { BookingForEvent, CompanyForEvent, SyncDirection } from "./types";

/** What a set-based push needs of a stored copy of the booking (a google_events row). */
export interface StoredBookingCopy {
  id: string;
  googleEventId: string;
  etag: string | null;
  contentHash: string | null;
  deletedInGoogle: boolean;
  cancelledInApp: boolean;
}

export interface BookingPushFacts {
  bookingId: string | null;
  company: (CompanyForEvent & { syncDirection: SyncDirection }) | undefined;
  /** The account's company calendar, when the account is live. */
  calendar: { rowId: string; googleCalendarId: string } | undefined;
  accountResolved: boolean;
  /** The booking as it is now (undefined: deleted). */
  booking: BookingForEvent | undefined;
  /** Its fieldworkers connected through this account. */
  holders: { id: string; active: boolean }[];
  /** Its rows in that company calendar: its event and any legacy per-fieldworker copies. */
  copies: StoredBookingCopy[];
}

export type BookingPushPlan =
  | { kind: "skip"; reason: string }
  /** One Calendar call that can travel in a shared HTTP batch. */
  | {
      kind: "write";
      method: "insert" | "update";
      eventId: string;
      /** The etag for If-Match on an update. */
      etag: string | null;
      event: calendar_v3.Schema$Event & { id: string };
      hash: string;
      existing: StoredBookingCopy | undefined;
      activeHolderIds: string[];
    }
  /** Needs the one-job path: deletions, cancellations, legacy copies to remove, rows without an etag. */
  | { kind: "single"; reason: string };

/**
 * The common cases of runPushBookingJob decided from rows already loaded for a whole set of jobs: the same
 * skips, and the one insert or update that brings Google in line. Everything rarer goes to the one-job
 * path, which handles it exactly as before. Pure.
 */
export function planBookingPush(facts: BookingPushFacts): BookingPushPlan {
  if (!facts.bookingId) return { kind: "skip", reason: "malformed job" };
  const company = facts.company;
  if (!company || company.syncDirection === "google_to_app") return { kind: "skip", reason: "FieldSync does not write to Google in this direction" };
  if (!facts.accountResolved) return { kind: "skip", reason: "fieldworker not connected" };
  if (!facts.calendar) return { kind: "skip", reason: "Google account not connected or needs reconnection" };
  const activeHolderIds = facts.holders.filter((h) => h.active).map((h) => h.id);
  if (facts.holders.length > 0 && activeHolderIds.length === 0) return { kind: "skip", reason: "sync is paused for the fieldworkers of this account" };

  const eventId = bookingEventId(facts.bookingId);
  const row = facts.copies.find((c) => c.googleEventId === eventId);
  const legacy = facts.copies.filter((c) => c !== row);
  const booking = facts.booking;
  const wanted = Boolean(booking && booking.status.pushToGoogle && activeHolderIds.length > 0);
  if (!wanted || !booking) return facts.copies.length === 0 ? { kind: "skip", reason: "nothing in Google to remove" } : { kind: "single", reason: "remove or cancel" };
  if (row?.deletedInGoogle || (!row && legacy.length > 0 && legacy.every((r) => r.deletedInGoogle))) {
    return { kind: "skip", reason: "deleted in Google; waiting for a decision on the conflict" };
  }
  if (legacy.length > 0) return { kind: "single", reason: "legacy copies to replace" };
  const formatted = formatBookingEvent(booking, company);
  const hash = eventContentHash(formatted);
  if (row?.etag && row.contentHash === hash && !row.cancelledInApp) return { kind: "skip", reason: "unchanged" };
  if (row && !row.etag) return { kind: "single", reason: "stored copy without an etag" };
  const event = { ...formatted, id: eventId };
  return row
    ? { kind: "write", method: "update", eventId, etag: row.etag, event: { ...event, status: "confirmed" }, hash, existing: row, activeHolderIds }
    : { kind: "write", method: "insert", eventId, etag: null, event, hash, existing: undefined, activeHolderIds };
}

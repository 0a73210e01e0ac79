import type { ParsedGoogleEvent, SyncDirection } from "./types";

/** What FieldSync last wrote for one of its own events (a google_events row of kind booking/unavailable). */
export interface StoredOwnCopy {
  kind: "booking" | "unavailable";
  pushedStartsAt: Date | null;
  pushedEndsAt: Date | null;
  contentHash: string | null;
}

export interface ItemTimes {
  startsAt: Date;
  endsAt: Date;
}

export interface OwnEventChangeInput {
  stored: StoredOwnCopy;
  google: ParsedGoogleEvent;
  /** eventContentHash() of the event as fetched from Google. */
  googleContentHash: string;
  /** The booking's / block's times now; null when it is gone or no longer wants a Google event. */
  current: ItemTimes | null;
  direction: SyncDirection;
}

export type OwnEventAction =
  | { action: "none" }
  | { action: "accept_google_time"; startsAt: Date; endsAt: Date }
  | { action: "repush" }
  | { action: "record_conflict" }
  | { action: "recreate" }
  | { action: "delete_block" }
  | { action: "forget" };

/**
 * The ownership rules of DESIGN §2 for a change Google reports on an event FieldSync wrote. FieldSync owns
 * these events: Google may move them (two-way), and a Google deletion never deletes a booking.
 */
export function decideOwnEventChange(input: OwnEventChangeInput): OwnEventAction {
  const { stored, google, current, direction } = input;

  if (google.cancelled) {
    // Nothing wants the copy any more, or nothing will ever write it again (google_to_app): drop the mapping.
    if (!current || direction === "google_to_app") return { action: "forget" };
    if (direction === "app_to_google") return { action: "recreate" };
    // two_way: the fieldworker owns their time, but a customer job must not vanish by a click in Google.
    return stored.kind === "unavailable" ? { action: "delete_block" } : { action: "record_conflict" };
  }

  // A copy FieldSync no longer wants is being deleted or marked cancelled by its own job, and there is no
  // booking left to rebuild it from: a Google-side edit to it changes nothing here.
  if (!current || direction === "google_to_app") return { action: "none" };

  const googleMovedIt = !sameTimes(google, { startsAt: stored.pushedStartsAt, endsAt: stored.pushedEndsAt });
  const isEcho = !googleMovedIt && stored.contentHash !== null && stored.contentHash === input.googleContentHash;
  if (isEcho) return { action: "none" };

  const appMovedIt = !sameTimes(current, { startsAt: stored.pushedStartsAt, endsAt: stored.pushedEndsAt });
  if (direction === "two_way" && googleMovedIt && !appMovedIt && google.startsAt && google.endsAt && stored.pushedStartsAt) {
    return { action: "accept_google_time", startsAt: google.startsAt, endsAt: google.endsAt };
  }
  // Any other difference (other fields, both sides moved, one-way drift): FieldSync wins.
  return { action: "repush" };
}

/** Google keeps whole seconds, so a pushed time with milliseconds must still count as unchanged. */
function sameTimes(a: { startsAt: Date | null; endsAt: Date | null }, b: { startsAt: Date | null; endsAt: Date | null }): boolean {
  return sameSecond(a.startsAt, b.startsAt) && sameSecond(a.endsAt, b.endsAt);
}

function sameSecond(a: Date | null, b: Date | null): boolean {
  if (!a || !b) return false;
  return Math.floor(a.getTime() / 1000) === Math.floor(b.getTime() / 1000);
}

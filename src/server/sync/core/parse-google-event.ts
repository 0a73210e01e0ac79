import type { calendar_v3 } from "@googleapis/calendar";
import { busyFactsOf, isBusy } from "./busy-rule";
import { bookingEventId, decodeFieldSyncEventId, isUuid, legacyBookingEventId, unavailableEventId } from "./event-ids";
import { googleEventTimeToInstant } from "./google-event-time";
import { PRIVATE_KEYS, type ParsedGoogleEvent } from "./types";

type Ownership = Pick<ParsedGoogleEvent, "kind" | "companyId" | "bookingId" | "fieldworkerId" | "unavailableBlockId">;

const FOREIGN: Ownership = { kind: "foreign", companyId: null, bookingId: null, fieldworkerId: null, unavailableBlockId: null };

/**
 * Reduces a Google event to what FieldSync stores. `calendarTimeZone` — the zone of the calendar the event sits in,
 * as `events.list` returns it, never the company's — places all-day events: a 2026-03-08 all-day event in
 * Australia/Sydney starts at 2026-03-07T13:00Z (Google's `end.date` is exclusive, so it ends at the next midnight).
 */
export function parseGoogleEvent(event: calendar_v3.Schema$Event, calendarTimeZone: string): ParsedGoogleEvent {
  const googleEventId = event.id ?? "";
  const cancelled = event.status === "cancelled";
  const start = googleEventTimeToInstant(event.start, calendarTimeZone);
  const end = googleEventTimeToInstant(event.end, calendarTimeZone);
  const updatedAt = event.updated ? new Date(event.updated) : null;
  const facts = busyFactsOf(event);
  return {
    googleEventId,
    cancelled,
    ...ownershipOf(event, googleEventId, cancelled),
    etag: event.etag ?? null,
    summary: event.summary ?? "",
    description: event.description ?? null,
    location: event.location ?? null,
    htmlLink: event.htmlLink ?? null,
    startsAt: start?.instant ?? null,
    endsAt: end?.instant ?? null,
    allDay: start?.allDay ?? false,
    busy: isBusy(facts),
    ...facts,
    isPrivate: event.visibility === "private" || event.visibility === "confidential",
    updatedAt: updatedAt && !Number.isNaN(updatedAt.getTime()) ? updatedAt : null,
  };
}

/**
 * Ours only when the private properties are complete, are UUIDs (they land in uuid columns) and agree with
 * the deterministic event id — so a copy someone duplicated in Google, or a half-written set of
 * properties, stays foreign. A deleted event may come back with only its id: then the id alone says whose
 * it is (company unknown).
 */
function ownershipOf(event: calendar_v3.Schema$Event, googleEventId: string, cancelled: boolean): Ownership {
  const properties = event.extendedProperties?.private;
  if (!properties) {
    if (!cancelled) return FOREIGN;
    const decoded = decodeFieldSyncEventId(googleEventId);
    if (decoded?.kind === "booking") return { ...FOREIGN, kind: "booking", bookingId: decoded.bookingId, fieldworkerId: decoded.fieldworkerId };
    if (decoded?.kind === "unavailable") return { ...FOREIGN, kind: "unavailable", unavailableBlockId: decoded.unavailableBlockId };
    return FOREIGN;
  }
  const uuidAt = (key: string): string | null => {
    const value = properties[key];
    return typeof value === "string" && isUuid(value) ? value.toLowerCase() : null;
  };
  const companyId = uuidAt(PRIVATE_KEYS.companyId);
  const fieldworkerId = uuidAt(PRIVATE_KEYS.fieldworkerId);
  if (!companyId) return FOREIGN;

  const kind = properties[PRIVATE_KEYS.kind];
  if (kind === "booking") {
    // A booking's event is shared by the fieldworkers of one account; a legacy copy also names its fieldworker.
    const bookingId = uuidAt(PRIVATE_KEYS.bookingId);
    if (!bookingId) return FOREIGN;
    if (bookingEventId(bookingId) === googleEventId) return { kind, companyId, bookingId, fieldworkerId: null, unavailableBlockId: null };
    if (fieldworkerId && legacyBookingEventId(bookingId, fieldworkerId) === googleEventId) return { kind, companyId, bookingId, fieldworkerId, unavailableBlockId: null };
    return FOREIGN;
  }
  if (!fieldworkerId) return FOREIGN;
  if (kind === "unavailable") {
    const unavailableBlockId = uuidAt(PRIVATE_KEYS.unavailableBlockId);
    if (!unavailableBlockId || unavailableEventId(unavailableBlockId) !== googleEventId) return FOREIGN;
    return { kind, companyId, bookingId: null, fieldworkerId, unavailableBlockId };
  }
  return FOREIGN;
}

/**
 * Whether an event touches the sync window. Google forbids timeMin/timeMax with a syncToken, so incremental
 * pages are filtered here. An event without times (a deletion that came back with only its id) is always
 * kept: the deletion must reach its stored copy wherever that copy sits.
 */
export function isWithinWindow(parsed: Pick<ParsedGoogleEvent, "startsAt" | "endsAt">, window: { start: Date; end: Date }): boolean {
  if (!parsed.startsAt || !parsed.endsAt) return true;
  const startsAt = parsed.startsAt.getTime();
  const endsAt = parsed.endsAt.getTime();
  if (startsAt >= window.end.getTime()) return false;
  // A zero-length event at the window's start still belongs to it.
  return endsAt > window.start.getTime() || (endsAt === startsAt && startsAt >= window.start.getTime());
}

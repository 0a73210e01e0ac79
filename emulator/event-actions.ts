import type { calendar_v3 } from "@googleapis/calendar";
import type { CalendarRecord, EventRecord } from "./entities";
import { googleErrors } from "./errors";
import { isRecord } from "./http";
import { readEventResource } from "./event-schema";
import { keepEventType, normalizeAttendees, typeOnInsert, validateEventType } from "./event-types";
import { eventEtag } from "./etags";
import { base32hexId, EVENT_ID_PATTERN } from "./ids";
import { reconcileSeries } from "./series";
import type { Store } from "./store";
import { eventTimeToMs, hasOffset, isDateOnly, isoMillis, isValidTimeZone } from "./time";

type Event = calendar_v3.Schema$Event;

/** Fields Google computes; values sent by clients are ignored. */
const READ_ONLY_FIELDS = ["kind", "etag", "created", "updated", "htmlLink", "creator", "organizer"] as const;
const EXTENDED_KEY_MAX = 44;
const EXTENDED_VALUE_MAX = 1024;

function htmlLink(eventId: string, calendarId: string): string {
  return `https://www.google.com/calendar/event?eid=${Buffer.from(`${eventId} ${calendarId}`).toString("base64url")}`;
}

function stripReadOnly(input: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(input);
  for (const f of READ_ONLY_FIELDS) delete copy[f];
  return copy;
}

function validateBoundary(value: calendar_v3.Schema$EventDateTime | undefined | null, which: "start" | "end", recurring: boolean): void {
  if (!value || (!value.date && !value.dateTime)) throw googleErrors.required(`Missing ${which} time.`);
  if (value.date && value.dateTime) throw googleErrors.invalid(`Invalid ${which} time.`);
  if (value.timeZone && !isValidTimeZone(value.timeZone)) throw googleErrors.invalid(`Invalid time zone definition for ${which} time.`);
  if (value.date) {
    if (!isDateOnly(value.date)) throw googleErrors.invalid(`Invalid ${which} time.`);
    return;
  }
  const dateTime = value.dateTime ?? "";
  if (!hasOffset(dateTime) && !value.timeZone) throw googleErrors.required(`Missing time zone definition for ${which} time.`);
  // Recurring events are expanded in wall-clock time, so Google insists on a zone name.
  if (recurring && !value.timeZone) throw googleErrors.required(`Missing time zone definition for ${which} time.`);
}

/** Checks a complete event body the way Google does on insert/update (and on the merged result of a patch). */
export function validateEvent(event: Event, calendar: CalendarRecord): void {
  const recurring = Array.isArray(event.recurrence) && event.recurrence.length > 0;
  validateBoundary(event.start, "start", recurring);
  validateBoundary(event.end, "end", recurring);
  if (Boolean(event.start?.date) !== Boolean(event.end?.date)) throw googleErrors.invalid("Invalid start time.");
  const start = eventTimeToMs(event.start ?? undefined, calendar.timeZone);
  const end = eventTimeToMs(event.end ?? undefined, calendar.timeZone);
  if (Number.isNaN(start)) throw googleErrors.invalid("Invalid start time.");
  if (Number.isNaN(end)) throw googleErrors.invalid("Invalid end time.");
  if (end < start || (event.start?.date && end === start)) {
    throw googleErrors.timeRangeEmpty();
  }
  if (event.status && !["confirmed", "tentative", "cancelled"].includes(event.status)) throw googleErrors.invalid();
  if (event.transparency && !["opaque", "transparent"].includes(event.transparency)) throw googleErrors.invalid();
  if (event.visibility && !["default", "public", "private", "confidential"].includes(event.visibility)) throw googleErrors.invalid();
  for (const bag of [event.extendedProperties?.private, event.extendedProperties?.shared]) {
    for (const [k, v] of Object.entries(bag ?? {})) {
      if (k.length > EXTENDED_KEY_MAX || String(v).length > EXTENDED_VALUE_MAX) throw googleErrors.invalid("Invalid extended property value.");
    }
  }
  if (event.recurrence) {
    for (const line of event.recurrence) {
      if (!/^(RRULE|EXRULE|RDATE|EXDATE)[:;]/.test(line)) throw googleErrors.invalid("Invalid recurrence rule.");
    }
  }
  for (const a of event.attendees ?? []) if (!a.email) throw googleErrors.required("Missing attendee email.");
  validateEventType(event, calendar);
}

export function parseEventBody(body: unknown): Event {
  if (!isRecord(body)) throw googleErrors.required("Missing end time.");
  return stripReadOnly(readEventResource(body) as Record<string, unknown>) as Event;
}

/** `googleAssignedId`: an id Google itself makes (a split series' `<id>_R<start>`), exempt from the client rule. */
export function createEvent(store: Store, calendar: CalendarRecord, input: Event, actorEmail: string, options: { googleAssignedId?: boolean } = {}): EventRecord {
  const events = store.eventsOf(calendar.id);
  const id = input.id ?? base32hexId();
  if (!options.googleAssignedId && !EVENT_ID_PATTERN.test(id)) throw googleErrors.invalid("Invalid resource id value.");
  // Deleted events keep their id: Google answers 409 for those too.
  if (events.has(id)) throw googleErrors.duplicate();
  validateEvent(input, calendar);
  const seq = store.nextSeq();
  const now = isoMillis(store.now());
  const owner = store.users.get(calendar.ownerEmail);
  const event: Event = {
    kind: "calendar#event",
    etag: eventEtag(store, seq),
    id,
    status: "confirmed",
    htmlLink: htmlLink(id, calendar.id),
    created: now,
    updated: now,
    ...structuredClone(input),
    creator: { email: actorEmail },
    // API bodies lose `organizer` (read-only); the control API and seeds may set one: an invitation someone sent.
    organizer: input.organizer?.email
      ? { email: input.organizer.email, ...(input.organizer.displayName ? { displayName: input.organizer.displayName } : {}), ...(input.organizer.email.toLowerCase() === calendar.id.toLowerCase() ? { self: true } : {}) }
      : calendar.id === calendar.ownerEmail
        ? { email: calendar.id, ...(owner ? { displayName: owner.name } : {}), self: true }
        : { email: calendar.id, displayName: calendar.summary, self: true },
    iCalUID: input.iCalUID ?? `${id}@google.com`,
    sequence: input.sequence ?? 0,
    reminders: input.reminders ?? { useDefault: true },
    ...typeOnInsert(input),
  };
  event.id = id;
  const attendees = normalizeAttendees(event, calendar);
  if (attendees) event.attendees = attendees;
  const record: EventRecord = { calendarId: calendar.id, seq, createdSeq: seq, event };
  events.set(id, record);
  store.changed(calendar.id);
  return record;
}

export function findEvent(store: Store, calendarId: string, eventId: string): EventRecord {
  const record = store.eventsOf(calendarId).get(eventId);
  if (!record) throw googleErrors.notFound();
  return record;
}

export function checkIfMatch(record: EventRecord, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch === "*") return;
  const wanted = ifMatch.split(",").map((s) => s.trim().replace(/^W\//, ""));
  if (!wanted.includes(record.event.etag ?? "")) throw googleErrors.conditionNotMet();
}

function timesChanged(a: Event, b: Event): boolean {
  return JSON.stringify([a.start, a.end, a.recurrence]) !== JSON.stringify([b.start, b.end, b.recurrence]);
}

function commit(store: Store, calendar: CalendarRecord, record: EventRecord, next: Event): EventRecord {
  validateEvent(next, calendar);
  const attendees = normalizeAttendees(next, calendar);
  if (attendees) next.attendees = attendees;
  const seq = store.nextSeq();
  if (timesChanged(record.event, next)) next.sequence = (record.event.sequence ?? 0) + 1;
  next.etag = eventEtag(store, seq);
  next.updated = isoMillis(store.now());
  const before = record.event;
  record.event = next;
  record.seq = seq;
  reconcileSeries(store, calendar, before, next);
  store.changed(calendar.id);
  return record;
}

/** JSON merge with Google's patch semantics: objects merge recursively, arrays and scalars replace, null clears. */
export function mergePatch(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isRecord(value) && isRecord(out[key])) out[key] = mergePatch(out[key] as Record<string, unknown>, value);
    else out[key] = structuredClone(value);
  }
  return out;
}

export function patchEvent(store: Store, calendar: CalendarRecord, record: EventRecord, patch: Event): EventRecord {
  const { id: _id, ...rest } = patch;
  const merged = mergePatch(record.event as Record<string, unknown>, rest as Record<string, unknown>) as Event;
  merged.eventType = keepEventType(record.event, patch.eventType);
  return commit(store, calendar, record, merged);
}

export function updateEvent(store: Store, calendar: CalendarRecord, record: EventRecord, body: Event): EventRecord {
  const prev = record.event;
  const next: Event = {
    ...structuredClone(body),
    kind: prev.kind,
    id: prev.id,
    status: body.status ?? "confirmed",
    htmlLink: prev.htmlLink,
    created: prev.created,
    creator: prev.creator,
    organizer: prev.organizer,
    iCalUID: prev.iCalUID,
    sequence: body.sequence ?? prev.sequence,
    reminders: body.reminders ?? { useDefault: true },
    eventType: keepEventType(prev, body.eventType),
    // An exception stays the instance it replaces, whatever the body says.
    ...(prev.recurringEventId ? { recurringEventId: prev.recurringEventId, originalStartTime: prev.originalStartTime } : {}),
  };
  return commit(store, calendar, record, next);
}

export function deleteEvent(store: Store, calendar: CalendarRecord, record: EventRecord): void {
  if (record.event.status === "cancelled") throw googleErrors.deleted();
  const seq = store.nextSeq();
  const before = record.event;
  record.event = { ...record.event, status: "cancelled", etag: eventEtag(store, seq), updated: isoMillis(store.now()) };
  record.seq = seq;
  reconcileSeries(store, calendar, before, record.event);
  store.changed(calendar.id);
}

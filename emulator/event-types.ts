import type { calendar_v3 } from "@googleapis/calendar";
import type { CalendarRecord } from "./entities";
import { googleErrors } from "./errors";

type Event = calendar_v3.Schema$Event;

/**
 * Google's event types and the rules for writing them, from the Events reference (`eventType`: "This cannot be
 * modified after the event is created"; "fromGmail … cannot be created"; birthday: "A special all-day event with an
 * annual recurrence") and the guide "Manage focus time, out of office, and working location events"
 * (https://developers.google.com/workspace/calendar/api/guides/calendar-status): status events live on primary
 * calendars only; focus time and out of office are timed (never all-day) and opaque; a working location is public,
 * transparent, timed or a single all-day day, and says where (`workingLocationProperties`).
 */
export const EVENT_TYPES = ["default", "outOfOffice", "focusTime", "workingLocation", "birthday", "fromGmail"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const RESPONSE_STATUSES = ["needsAction", "declined", "tentative", "accepted"] as const;

const WORKING_LOCATION_TYPES = ["homeOffice", "officeLocation", "customLocation"] as const;

const DAY_MS = 86_400_000;

function isPrimary(calendar: CalendarRecord): boolean {
  return calendar.id === calendar.ownerEmail;
}

function isAllDay(event: Event): boolean {
  return Boolean(event.start?.date);
}

function requireTimed(event: Event, label: string): void {
  if (isAllDay(event)) throw googleErrors.invalid(`${label} events cannot be all-day events.`);
}

function requireTransparency(event: Event, wanted: "opaque" | "transparent", label: string): void {
  if ((event.transparency ?? "opaque") !== wanted) throw googleErrors.invalid(`${label} events must have transparency set to ${wanted}.`);
}

function validateWorkingLocation(event: Event): void {
  if (event.visibility !== "public") throw googleErrors.invalid("Working location events must have visibility set to public.");
  requireTransparency(event, "transparent", "Working location");
  if (isAllDay(event)) {
    const days = (Date.parse(`${event.end?.date ?? ""}T00:00:00Z`) - Date.parse(`${event.start?.date ?? ""}T00:00:00Z`)) / DAY_MS;
    if (days !== 1) throw googleErrors.invalid("An all-day working location event must span a single day.");
  }
  const props = event.workingLocationProperties;
  const type = props?.type;
  if (!props || !type || !(WORKING_LOCATION_TYPES as readonly string[]).includes(type)) {
    throw googleErrors.required("Missing or invalid workingLocationProperties.type.");
  }
  if ((type === "officeLocation" && !props.officeLocation) || (type === "customLocation" && !props.customLocation)) {
    throw googleErrors.required(`Missing workingLocationProperties.${type}.`);
  }
}

/** The rules a type imposes on a complete event body (insert, update, and the merged result of a patch). */
export function validateEventType(event: Event, calendar: CalendarRecord): void {
  const type = event.eventType ?? "default";
  if (!(EVENT_TYPES as readonly string[]).includes(type)) throw googleErrors.invalid(`Invalid event type: ${type}.`);
  switch (type as EventType) {
    case "default":
    case "fromGmail":
      return;
    case "birthday":
      if (!isAllDay(event) || !(event.recurrence ?? []).some((r) => /FREQ=YEARLY/.test(r))) {
        throw googleErrors.invalid("Birthday events must be all-day events with a yearly recurrence.");
      }
      return;
    case "outOfOffice":
    case "focusTime": {
      const label = type === "focusTime" ? "Focus time" : "Out of office";
      if (!isPrimary(calendar)) throw googleErrors.invalid(`${label} events can only be created on primary calendars.`);
      requireTimed(event, label);
      requireTransparency(event, "opaque", label);
      return;
    }
    case "workingLocation":
      if (!isPrimary(calendar)) throw googleErrors.invalid("Working location events can only be created on primary calendars.");
      validateWorkingLocation(event);
      return;
  }
}

/** What events.insert accepts as a new event's type; the typed properties default as Google fills them. */
export function typeOnInsert(input: Event): Pick<Event, "eventType" | "transparency" | "outOfOfficeProperties" | "focusTimeProperties"> {
  const eventType = input.eventType ?? "default";
  if (eventType === "fromGmail") throw googleErrors.invalid("Events of type fromGmail cannot be created.");
  if (eventType === "outOfOffice") return { eventType, transparency: "opaque", outOfOfficeProperties: input.outOfOfficeProperties ?? {} };
  if (eventType === "focusTime") return { eventType, transparency: "opaque", focusTimeProperties: input.focusTimeProperties ?? {} };
  return { eventType };
}

/** "This cannot be modified after the event is created." */
export function keepEventType(previous: Event, requested: string | null | undefined): string {
  const current = previous.eventType ?? "default";
  if (requested && requested !== current) throw googleErrors.invalid("The event type cannot be changed.", "eventType");
  return current;
}

/**
 * Attendees as Google stores them: an email each, a known `responseStatus` (default `needsAction`), and the read-only
 * `self` (this copy's calendar is that attendee) and `organizer` flags computed, whatever the client sent.
 */
export function normalizeAttendees(event: Event, calendar: CalendarRecord): calendar_v3.Schema$EventAttendee[] | undefined {
  if (!event.attendees) return undefined;
  const organizer = (event.organizer?.email ?? calendar.id).toLowerCase();
  return event.attendees.map((attendee) => {
    if (!attendee.email) throw googleErrors.required("Missing attendee email.");
    const status = attendee.responseStatus ?? "needsAction";
    if (!(RESPONSE_STATUSES as readonly string[]).includes(status)) throw googleErrors.invalid(`Invalid attendee response status: ${status}.`);
    const { self: _self, organizer: _organizer, ...rest } = attendee;
    const email = attendee.email.toLowerCase();
    return {
      ...rest,
      responseStatus: status,
      ...(email === organizer ? { organizer: true } : {}),
      ...(email === calendar.id.toLowerCase() ? { self: true } : {}),
    };
  });
}

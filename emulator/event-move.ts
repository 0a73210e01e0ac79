import type { CalendarRecord, EventRecord } from "./entities";
import { eventEtag } from "./etags";
import { googleErrors } from "./errors";
import { cancelRecord, exceptionsOf, isRecurringMaster, masterIdOf, virtualInstance } from "./series";
import type { Store } from "./store";
import { isoMillis } from "./time";

/**
 * events.move (https://developers.google.com/calendar/api/v3/reference/events/move): "Moves an event to
 * another calendar, i.e. changes an event's organizer. Note that only default events can be moved." The
 * event keeps its id and every field (extended properties included) in the destination; the source keeps
 * a cancelled copy, which is what the source calendar's incremental sync reports. A series moves whole,
 * with its exceptions; a single instance cannot move on its own.
 */
export function moveEventToCalendar(store: Store, source: CalendarRecord, destination: CalendarRecord, eventId: string): EventRecord {
  const record = store.eventsOf(source.id).get(eventId);
  if (!record) {
    if (masterIdOf(eventId) && virtualInstance(store, source, eventId)) throw instanceCannotMove();
    throw googleErrors.notFound();
  }
  if (record.event.status === "cancelled") throw googleErrors.notFound();
  if (record.event.recurringEventId) throw instanceCannotMove();
  const eventType = record.event.eventType ?? "default";
  if (eventType !== "default") throw googleErrors.badRequest("invalid", `Events of type ${eventType} cannot be moved; only default events can.`);
  if (source.id === destination.id) return record;
  const target = store.eventsOf(destination.id);
  const existing = target.get(eventId);
  if (existing && existing.event.status !== "cancelled") throw googleErrors.duplicate();

  const moved = copyInto(store, destination, record);
  if (isRecurringMaster(record.event)) {
    for (const exception of exceptionsOf(store, source.id, eventId)) {
      if (!exception.trimmed) copyInto(store, destination, exception);
      if (exception.event.status !== "cancelled") cancelRecord(store, exception);
    }
  }
  cancelRecord(store, record);
  store.changed(source.id);
  store.changed(destination.id);
  return moved;
}

function copyInto(store: Store, destination: CalendarRecord, record: EventRecord): EventRecord {
  const seq = store.nextSeq();
  const owner = store.users.get(destination.ownerEmail);
  const organizer =
    destination.id === destination.ownerEmail
      ? { email: destination.id, ...(owner ? { displayName: owner.name } : {}), self: true }
      : { email: destination.id, displayName: destination.summary, self: true };
  const copy: EventRecord = {
    calendarId: destination.id,
    seq,
    createdSeq: seq,
    event: { ...structuredClone(record.event), organizer, etag: eventEtag(store, seq), updated: isoMillis(store.now()) },
  };
  store.eventsOf(destination.id).set(record.event.id ?? "", copy);
  return copy;
}

function instanceCannotMove() {
  return googleErrors.badRequest("cannotChangeOrganizerOfInstance", "Cannot change the organizer of an instance.");
}

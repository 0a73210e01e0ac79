import type { calendar_v3 } from "@googleapis/calendar";
import type { CalendarRecord, EventRecord } from "./entities";
import { eventEtag } from "./etags";
import { expandRecurring } from "./recurrence";
import type { Store } from "./store";
import { isoMillis } from "./time";

type Event = calendar_v3.Schema$Event;

/**
 * Recurring series and their exceptions, as Google keeps them
 * (https://developers.google.com/calendar/api/guides/recurringevents): an instance that was modified or
 * cancelled on its own is an event of its own, id `<masterId>_<YYYYMMDDTHHMMSSZ>` (all-day `_<YYYYMMDD>`),
 * with `recurringEventId` and `originalStartTime`; every other instance exists only through the master's
 * RRULE. Exceptions live in the calendar's event map next to the master.
 */

export function isRecurringMaster(event: Event): boolean {
  return (event.recurrence?.length ?? 0) > 0 && !event.recurringEventId;
}

/** `<masterId>_<suffix>` → the master's id (Google's own series ids may contain `_` too, so cut at the last one). */
export function masterIdOf(instanceId: string): string | undefined {
  const cut = instanceId.lastIndexOf("_");
  return cut > 0 ? instanceId.slice(0, cut) : undefined;
}

/** Ids of every stored exception (modified, cancelled or trimmed instance) in a calendar. */
export function exceptionIds(store: Store, calendarId: string): Set<string> {
  const out = new Set<string>();
  for (const [id, record] of store.eventsOf(calendarId)) if (record.event.recurringEventId) out.add(id);
  return out;
}

export function exceptionsOf(store: Store, calendarId: string, masterId: string): EventRecord[] {
  return [...store.eventsOf(calendarId).values()].filter((r) => r.event.recurringEventId === masterId);
}

/** The instances the master's rule yields today, with no regard to exceptions. */
export function ruleInstances(store: Store, calendar: CalendarRecord, master: Event, window: { fromMs?: number; toMs?: number } = {}): Event[] {
  if (!isRecurringMaster(master)) return [];
  return expandRecurring(master, calendar.timeZone, { ...window, nowMs: store.now() });
}

/** An instance that exists only through the rule, as `events.get` returns it. */
export function virtualInstance(store: Store, calendar: CalendarRecord, instanceId: string): Event | undefined {
  const masterId = masterIdOf(instanceId);
  const master = masterId ? store.eventsOf(calendar.id).get(masterId)?.event : undefined;
  if (!master || !isRecurringMaster(master)) return undefined;
  const instance = ruleInstances(store, calendar, master).find((i) => i.id === instanceId);
  if (instance && master.status === "cancelled") instance.status = "cancelled";
  return instance;
}

/**
 * Turns a rule-only instance into a stored exception, so `events.update/patch/delete` on an instance id
 * work as the recurring-events guide shows ("Modifying instances": get the instance, then update it).
 */
export function materializeInstance(store: Store, calendar: CalendarRecord, instanceId: string): EventRecord | undefined {
  const instance = virtualInstance(store, calendar, instanceId);
  if (!instance?.id) return undefined;
  const seq = store.nextSeq();
  const record: EventRecord = { calendarId: calendar.id, seq, createdSeq: seq, event: { ...instance, etag: eventEtag(store, seq) } };
  store.eventsOf(calendar.id).set(instance.id, record);
  return record;
}

/** Marks a stored event cancelled as a new change (its id stays taken, as at Google). */
export function cancelRecord(store: Store, record: EventRecord): void {
  const seq = store.nextSeq();
  record.event = { ...record.event, status: "cancelled", etag: eventEtag(store, seq), updated: isoMillis(store.now()) };
  record.seq = seq;
}

/**
 * Keeps a series' instances honest after its master changed (`before` → `after`):
 * - the master was cancelled: its exceptions go with it;
 * - instances the rule no longer yields (a "this and following" split set an UNTIL, the series moved) are
 *   cancelled: a stored exception becomes cancelled, a rule-only one leaves a trimmed tombstone, so
 *   singleEvents=true incremental syncs report each of them as `status: cancelled` instead of leaving ghosts;
 * - a trimmed tombstone whose instance the rule yields again is dropped (the master's change reports it).
 */
export function reconcileSeries(store: Store, calendar: CalendarRecord, before: Event, after: Event): void {
  const masterId = after.id ?? "";
  if (!isRecurringMaster(before) && !isRecurringMaster(after)) return;
  const events = store.eventsOf(calendar.id);
  if (after.status === "cancelled") {
    for (const record of exceptionsOf(store, calendar.id, masterId)) if (record.event.status !== "cancelled") cancelRecord(store, record);
    return;
  }
  const now = new Set(ruleInstances(store, calendar, after).map((i) => i.id ?? ""));
  for (const instance of ruleInstances(store, calendar, before)) {
    const id = instance.id ?? "";
    if (now.has(id)) continue;
    const stored = events.get(id);
    if (stored) {
      if (stored.event.status !== "cancelled") cancelRecord(store, stored);
      continue;
    }
    const seq = store.nextSeq();
    events.set(id, {
      calendarId: calendar.id,
      seq,
      createdSeq: seq,
      trimmed: true,
      event: {
        kind: "calendar#event",
        etag: eventEtag(store, seq),
        id,
        status: "cancelled",
        recurringEventId: masterId,
        originalStartTime: instance.originalStartTime,
        updated: isoMillis(store.now()),
      },
    });
  }
  for (const id of now) if (events.get(id)?.trimmed) events.delete(id);
}

/** A stored event, or the rule-only instance of that id made into an exception; undefined when neither exists. */
export function storedOrMaterialized(store: Store, calendar: CalendarRecord, eventId: string): EventRecord | undefined {
  return store.eventsOf(calendar.id).get(eventId) ?? materializeInstance(store, calendar, eventId);
}

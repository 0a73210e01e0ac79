import type { calendar_v3 } from "@googleapis/calendar";
import type { CalendarRecord, EventRecord } from "./entities";
import { createEvent, patchEvent } from "./event-actions";
import { googleErrors } from "./errors";
import { isRecurringMaster, ruleInstances } from "./series";
import type { Store } from "./store";
import { compactUtc, eventTimeToMs } from "./time";

type Event = calendar_v3.Schema$Event;

/** The RRULE with its end replaced: UNTIL (a split) or COUNT (the new series' remaining instances). */
function withEnd(recurrence: string[], end: { until: string } | { count: number } | undefined): string[] {
  return recurrence.map((line) => {
    if (!line.startsWith("RRULE:")) return line;
    const parts = line
      .slice(6)
      .split(";")
      .filter((p) => !/^(UNTIL|COUNT)=/i.test(p));
    if (end && "until" in end) parts.push(`UNTIL=${end.until}`);
    if (end && "count" in end) parts.push(`COUNT=${end.count}`);
    return `RRULE:${parts.join(";")}`;
  });
}

/**
 * "This and following" as Google Calendar's own UI does it, following the recurring-events guide's recipe
 * (https://developers.google.com/calendar/api/guides/recurringevents, "Modifying all following
 * instances"): the original master's RRULE gets an UNTIL just before the chosen instance, and a new master
 * (Google names it `<id>_R<local start>`) takes over from that instance, with `patch` applied.
 */
export function splitSeries(store: Store, calendar: CalendarRecord, master: EventRecord, fromInstanceId: string, patch: Event, actorEmail: string): { trimmed: Event; created: Event } {
  const original = master.event;
  if (!isRecurringMaster(original) || original.status === "cancelled") throw googleErrors.badRequest("invalid", "Not a recurring event.");
  const instances = ruleInstances(store, calendar, original);
  const index = instances.findIndex((i) => i.id === fromInstanceId);
  const from = instances[index];
  if (!from || index === 0) throw googleErrors.badRequest("invalid", "Split at an instance after the first one.");
  const fromMs = eventTimeToMs(from.originalStartTime ?? undefined, calendar.timeZone);
  const oldRecurrence = original.recurrence ?? [];
  const count = /COUNT=(\d+)/.exec(oldRecurrence.join("\n"))?.[1];
  const newEnd = count === undefined ? undefined : { count: Number(count) - index };
  const untilMatch = /UNTIL=([0-9TZ]+)/.exec(oldRecurrence.join("\n"))?.[1];
  const trimmed = patchEvent(store, calendar, master, { recurrence: withEnd(oldRecurrence, { until: compactUtc(fromMs - 1000) }) }).event;
  const { id: _id, etag: _etag, iCalUID: _ical, recurringEventId: _r, originalStartTime: _o, ...content } = structuredClone(original);
  const suffix = compactUtc(fromMs).replace(/Z$/, "");
  const created = createEvent(
    store,
    calendar,
    {
      ...content,
      id: `${original.id ?? ""}_R${suffix}`,
      start: from.start,
      end: from.end,
      recurrence: withEnd(oldRecurrence, newEnd ?? (untilMatch ? { until: untilMatch } : undefined)),
      ...patch,
    },
    actorEmail,
    { googleAssignedId: true },
  ).event;
  return { trimmed, created };
}

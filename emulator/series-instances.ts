import type { calendar_v3 } from "@googleapis/calendar";
import type { CalendarRecord } from "./entities";
import { googleErrors } from "./errors";
import { exceptionsOf, isRecurringMaster, ruleInstances } from "./series";
import type { Store } from "./store";
import { eventTimeToMs, hasOffset } from "./time";

type Event = calendar_v3.Schema$Event;

function timeParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  const ms = hasOffset(v) ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(ms)) throw googleErrors.badRequest("badRequest", "Bad Request", name);
  return ms;
}

/**
 * events.instances (https://developers.google.com/calendar/api/v3/reference/events/instances): the series'
 * instances in start order, each stored exception in place of the instance it replaces; cancelled ones only
 * with `showDeleted`; `originalStart` picks one instance; `timeMin`/`timeMax` bound them.
 */
export function seriesInstances(store: Store, calendar: CalendarRecord, master: Event, q: URLSearchParams): Event[] {
  if (!isRecurringMaster(master)) return [master];
  const fromMs = timeParam(q, "timeMin");
  const toMs = timeParam(q, "timeMax");
  const showDeleted = q.get("showDeleted") === "true";
  const originalStart = q.get("originalStart");
  const exceptions = new Map(
    exceptionsOf(store, calendar.id, master.id ?? "")
      .filter((r) => !r.trimmed)
      .map((r) => [r.event.id ?? "", r.event]),
  );
  const startMs = (e: Event) => eventTimeToMs(e.start ?? undefined, calendar.timeZone);
  const inWindow = (e: Event) =>
    (fromMs === undefined || eventTimeToMs(e.end ?? undefined, calendar.timeZone) > fromMs) && (toMs === undefined || startMs(e) < toMs);
  const listed = new Map<string, Event>();
  for (const instance of ruleInstances(store, calendar, master, { fromMs, toMs })) listed.set(instance.id ?? "", exceptions.get(instance.id ?? "") ?? instance);
  // A moved exception may now sit inside the window although its original slot does not.
  for (const [id, exception] of exceptions) if (!listed.has(id) && inWindow(exception)) listed.set(id, exception);
  const wantedOriginal = originalStart === null ? undefined : Date.parse(originalStart);
  return [...listed.values()]
    .map((e) => (master.status === "cancelled" ? { ...e, status: "cancelled" } : e))
    .filter((e) => showDeleted || e.status !== "cancelled")
    .filter((e) => wantedOriginal === undefined || eventTimeToMs(e.originalStartTime ?? undefined, calendar.timeZone) === wantedOriginal)
    .sort((a, b) => startMs(a) - startMs(b));
}

import type { calendar_v3 } from "@googleapis/calendar";
import { decodeFieldSyncEventId } from "./event-ids";

/**
 * The ids of our own events that a page shows only through their instances: someone made a FieldSync event
 * repeat in Google. With singleEvents=true Google lists the instances (`<our id>_<start>`, recurringEventId =
 * our id), never the series itself, so the event counts as seen.
 */
export function ownSeriesIds(items: calendar_v3.Schema$Event[]): string[] {
  const ids = new Set<string>();
  for (const item of items) {
    const master = item.recurringEventId;
    if (master && item.status !== "cancelled" && decodeFieldSyncEventId(master)) ids.add(master);
  }
  return [...ids];
}

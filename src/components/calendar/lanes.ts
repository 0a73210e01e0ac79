import type { CalendarEvent } from "./types";

/*
 * The lane view: one column per fieldworker (react-big-calendar `resources`). A booking with two
 * fieldworkers appears in both lanes; an imported Google event and an unavailable block in their owner's.
 */

export interface Lane {
  id: string;
  title: string;
}

export type LaneEvent = CalendarEvent & { laneId: string; laneKey: string };

/** The lanes to draw: the filtered fieldworkers, or all of them, in the options' order. */
export function lanesFor(fieldworkers: { id: string; name: string }[], filterIds: string[]): Lane[] {
  const shown = filterIds.length > 0 ? fieldworkers.filter((f) => filterIds.includes(f.id)) : fieldworkers;
  return shown.map((f) => ({ id: f.id, title: f.name }));
}

/** Each event once per lane it belongs to; events of no shown lane are left out. */
export function laneEvents(events: CalendarEvent[], lanes: Lane[]): LaneEvent[] {
  const shown = new Set(lanes.map((lane) => lane.id));
  return events.flatMap((event) => {
    const owners =
      event.kind === "booking"
        ? event.booking.fieldworkers.map((f) => f.id)
        : event.kind === "unavailable"
          ? [event.block.fieldworkerId]
          : [event.google.fieldworkerId];
    return owners.filter((id) => shown.has(id)).map((laneId) => ({ ...event, laneId, laneKey: `${event.id}:${laneId}` }));
  });
}

/** Lanes make sense for day and week when more than one fieldworker is on screen. */
export function lanesAvailable(view: string, isAdmin: boolean, laneCount: number): boolean {
  return isAdmin && (view === "day" || view === "week") && laneCount > 1;
}

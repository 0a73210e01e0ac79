import type { RouterOutputs } from "~/trpc/react";
import type { Role } from "~/lib/roles";

export type CalendarOptions = RouterOutputs["calendar"]["options"];
export type CalendarRangeData = RouterOutputs["calendar"]["range"];
export type RangeBooking = CalendarRangeData["bookings"][number];
export type RangeBlock = CalendarRangeData["unavailable"][number];
/** An event imported from a fieldworker's Google calendar: read-only in FieldSync. */
export type RangeGoogleEvent = CalendarRangeData["google"][number];

export interface Viewer {
  role: Role;
  fieldworkerId: string | null;
}

/** What react-big-calendar renders. `start`/`end` are wall-clock dates (see zoned-time.ts). */
export type CalendarEvent =
  | { kind: "booking"; id: string; title: string; start: Date; end: Date; editable: boolean; booking: RangeBooking }
  | { kind: "unavailable"; id: string; title: string; start: Date; end: Date; editable: boolean; block: RangeBlock }
  | { kind: "google"; id: string; title: string; start: Date; end: Date; allDay: boolean; editable: false; google: RangeGoogleEvent };

/** Which dialog is open. Times are real instants. */
export type DialogState =
  | { kind: "none" }
  | { kind: "new"; startsAt: Date; endsAt: Date; mode: "booking" | "unavailable" }
  | { kind: "booking"; id: string }
  | { kind: "unavailable"; block: RangeBlock }
  | { kind: "google"; event: RangeGoogleEvent };

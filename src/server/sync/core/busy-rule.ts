import type { calendar_v3 } from "@googleapis/calendar";

/**
 * Whether a Google event makes its person busy, by Google's own availability rules — the one rule behind the
 * double-booking warning and the admin's busy-only view of imported events:
 * - an invitation the person declined (their own `attendees[]` entry, `self: true`, says `declined`) is free;
 * - a working location only says where they work (`transparency: transparent`, Google's status events guide) — free;
 * - out of office and focus time block the time (Google makes them opaque) — busy;
 * - anything else follows "Show me as": `transparency: transparent` (Available) is free, `opaque` (default) busy.
 * Sources: Events reference (`transparency`, `eventType`, `attendees[].responseStatus`/`self`,
 * https://developers.google.com/workspace/calendar/api/v3/reference/events) and "Manage focus time, out of office, and
 * working location events" (https://developers.google.com/workspace/calendar/api/guides/calendar-status).
 */
export type BusyReason = "declined" | "workingLocation" | "outOfOffice" | "focusTime" | "transparent" | "opaque";

export interface BusyFacts {
  eventType: string;
  transparency: "opaque" | "transparent";
  /** The person's own answer to the invitation; null when they are not an attendee (their own event). */
  selfResponseStatus: string | null;
}

/** Which of the rules above decides, in the order they apply. */
export function busyReason(facts: BusyFacts): BusyReason {
  if (facts.selfResponseStatus === "declined") return "declined";
  if (facts.eventType === "workingLocation") return "workingLocation";
  if (facts.eventType === "outOfOffice") return "outOfOffice";
  if (facts.eventType === "focusTime") return "focusTime";
  return facts.transparency === "transparent" ? "transparent" : "opaque";
}

const BUSY_REASONS: ReadonlySet<BusyReason> = new Set(["outOfOffice", "focusTime", "opaque"]);

export function isBusy(facts: BusyFacts): boolean {
  return BUSY_REASONS.has(busyReason(facts));
}

/** The facts of a Google event the rule needs. */
export function busyFactsOf(event: calendar_v3.Schema$Event): BusyFacts {
  return {
    eventType: event.eventType ?? "default",
    transparency: event.transparency === "transparent" ? "transparent" : "opaque",
    selfResponseStatus: event.attendees?.find((a) => a.self)?.responseStatus ?? null,
  };
}

/** How the calendar explains an imported event's availability to the people who may see its details. */
export function busyLabel(facts: BusyFacts): string {
  switch (busyReason(facts)) {
    case "declined":
      return "Free (invitation declined)";
    case "workingLocation":
      return "Free (working location)";
    case "outOfOffice":
      return "Busy (out of office)";
    case "focusTime":
      return "Busy (focus time)";
    case "transparent":
      return "Free";
    case "opaque":
      return "Busy";
  }
}

import type { calendar_v3 } from "@googleapis/calendar";
import { TZDate } from "@date-fns/tz";
import { formatISO } from "date-fns";

/** A timed Google start/end: RFC 3339 with the zone's offset at that instant, plus the zone itself. */
export function toGoogleDateTime(instant: Date, timeZone: string): calendar_v3.Schema$EventDateTime {
  return { dateTime: formatISO(new TZDate(instant.getTime(), timeZone)), timeZone };
}

export interface GoogleEventInstant {
  instant: Date;
  allDay: boolean;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i;

/**
 * The instant a Google start/end stands for. All-day dates (`date`) mean midnight in `fallbackTimeZone`
 * (the calendar's zone; Google ignores `timeZone` for them). A `dateTime` without an offset — allowed by
 * Google when `timeZone` is set — is read in `timeZone`, else in `fallbackTimeZone`. Null when absent or
 * malformed.
 */
export function googleEventTimeToInstant(
  time: calendar_v3.Schema$EventDateTime | null | undefined,
  fallbackTimeZone: string,
): GoogleEventInstant | null {
  if (!time) return null;
  if (time.dateTime) {
    const match = DATE_TIME.exec(time.dateTime);
    if (!match) return null;
    const [, year, month, day, hour, minute, second, offset] = match;
    const instant = offset
      ? new Date(time.dateTime)
      : new TZDate(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second ?? 0), time.timeZone ?? fallbackTimeZone);
    return Number.isNaN(instant.getTime()) ? null : { instant: new Date(instant.getTime()), allDay: false };
  }
  if (time.date) {
    const match = DATE_ONLY.exec(time.date);
    if (!match) return null;
    const [, year, month, day] = match;
    const midnight = new TZDate(Number(year), Number(month) - 1, Number(day), fallbackTimeZone);
    return Number.isNaN(midnight.getTime()) ? null : { instant: new Date(midnight.getTime()), allDay: true };
  }
  return null;
}

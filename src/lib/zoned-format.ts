import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/** The zone's short name at that instant ("AEDT", "AEST"), or its offset ("GMT+10") where no name exists. */
export function zoneAbbreviation(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-AU", { timeZone, timeZoneName: "short" }).formatToParts(date);
  return parts.find((part) => part.type === "timeZoneName")?.value ?? timeZone;
}

/**
 * A date and time in the company's zone, labelled with that zone ("1 Dec 2026, 9:30 am AEDT"), so nobody
 * reads a Sydney job in their browser's zone. Same text on server and client.
 */
export function formatZonedDateTime(date: Date, timeZone: string): string {
  return `${format(new TZDate(date, timeZone), "d MMM yyyy, h:mm aaa")} ${zoneAbbreviation(date, timeZone)}`;
}

/** "9:30 am – 11:00 am AEDT", or with both dates when the span crosses midnight. */
export function formatZonedRange(start: Date, end: Date, timeZone: string): string {
  const s = new TZDate(start, timeZone);
  const e = new TZDate(end, timeZone);
  const sameDay = format(s, "yyyy-MM-dd") === format(e, "yyyy-MM-dd");
  const zone = zoneAbbreviation(start, timeZone);
  return sameDay
    ? `${format(s, "EEE d MMM, h:mm aaa")} – ${format(e, "h:mm aaa")} ${zone}`
    : `${format(s, "EEE d MMM, h:mm aaa")} – ${format(e, "EEE d MMM, h:mm aaa")} ${zone}`;
}

import { TZDate } from "@date-fns/tz";
import type { calendar_v3 } from "@googleapis/calendar";

const OFFSET_PATTERN = /(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Zones already found valid: building an Intl formatter to check one costs more than the rest of an insert. */
const validZones = new Set<string>();

export function isValidTimeZone(tz: string): boolean {
  if (validZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
  } catch {
    return false;
  }
  validZones.add(tz);
  return true;
}

export function hasOffset(dateTime: string): boolean {
  return OFFSET_PATTERN.test(dateTime);
}

export function isDateOnly(value: string): boolean {
  return DATE_ONLY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** Epoch ms of a wall-clock time in a zone. */
export function wallTimeToMs(y: number, mo: number, d: number, h: number, mi: number, s: number, tz: string): number {
  return new TZDate(y, mo - 1, d, h, mi, s, tz).getTime();
}

/** Epoch ms for an RFC 3339 dateTime; local times are read in `tz`. NaN when unparsable. */
export function dateTimeToMs(dateTime: string, tz: string): number {
  if (hasOffset(dateTime)) return Date.parse(dateTime);
  const m = LOCAL_DATETIME.exec(dateTime);
  if (!m) return Number.NaN;
  return wallTimeToMs(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? "0"), tz);
}

export function dateToMs(date: string, tz: string): number {
  const m = DATE_ONLY.exec(date);
  if (!m) return Number.NaN;
  return wallTimeToMs(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0, tz);
}

/** Instant of an event boundary; all-day dates are midnight in the calendar's zone. */
export function eventTimeToMs(value: calendar_v3.Schema$EventDateTime | undefined, calendarTz: string): number {
  if (!value) return Number.NaN;
  if (value.date) return dateToMs(value.date, calendarTz);
  if (value.dateTime) return dateTimeToMs(value.dateTime, value.timeZone ?? calendarTz);
  return Number.NaN;
}

/** Google's timestamp style for created/updated: millisecond precision, UTC. */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** RFC 3339 with the zone's offset, the way Google prints dateTime values. */
export function formatInZone(ms: number, tz: string): string {
  const d = new TZDate(ms, tz);
  const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, "0");
  const offsetMin = -d.getTimezoneOffset();
  const sign = offsetMin >= 0 ? "+" : "-";
  const offset = offsetMin === 0 && tz === "UTC" ? "Z" : `${sign}${pad(Math.trunc(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${offset}`;
}

export function formatDate(y: number, mo: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** `YYYYMMDDTHHMMSSZ` in UTC: the suffix Google puts on recurring-event instance ids. */
export function compactUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

import { TZDate } from "@date-fns/tz";

/*
 * The calendar shows times in the COMPANY's time zone, whatever the browser's zone is: a dispatcher on
 * holiday in Perth still sees Sydney jobs at Sydney times. react-big-calendar only knows the browser's local
 * time, so every instant is turned into a "wall-clock" Date whose local fields equal the company-zone fields
 * before it reaches the calendar, and turned back into a real instant when the user picks or drags a slot.
 */

/** An instant → a local Date showing the same wall-clock time as `timeZone` does at that instant. */
export function toWallClock(instant: Date, timeZone: string): Date {
  const zoned = new TZDate(instant.getTime(), timeZone);
  return new Date(
    zoned.getFullYear(),
    zoned.getMonth(),
    zoned.getDate(),
    zoned.getHours(),
    zoned.getMinutes(),
    zoned.getSeconds(),
    zoned.getMilliseconds(),
  );
}

/** A local wall-clock Date (from the calendar) → the instant when `timeZone` shows that wall-clock time. */
export function fromWallClock(wall: Date, timeZone: string): Date {
  const zoned = new TZDate(
    wall.getFullYear(),
    wall.getMonth(),
    wall.getDate(),
    wall.getHours(),
    wall.getMinutes(),
    wall.getSeconds(),
    wall.getMilliseconds(),
    timeZone,
  );
  return new Date(zoned.getTime());
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An instant → the `YYYY-MM-DDTHH:mm` value of a datetime-local input, in `timeZone`. */
export function toInputValue(instant: Date, timeZone: string): string {
  const z = new TZDate(instant.getTime(), timeZone);
  return `${z.getFullYear()}-${pad(z.getMonth() + 1)}-${pad(z.getDate())}T${pad(z.getHours())}:${pad(z.getMinutes())}`;
}

const INPUT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/;

/** A datetime-local value read as a wall-clock time in `timeZone` → the instant, or undefined when blank/invalid. */
export function fromInputValue(value: string, timeZone: string): Date | undefined {
  const match = INPUT_PATTERN.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const zoned = new TZDate(y, mo - 1, d, h, mi, 0, 0, timeZone);
  return Number.isNaN(zoned.getTime()) ? undefined : new Date(zoned.getTime());
}

import { getTableColumns, is } from "drizzle-orm";
import { PgTable, PgTimestamp } from "drizzle-orm/pg-core";

/**
 * Postgres prints timestamps as `0050-12-04 10:00:00+00` (space, short offset; JSON in relational queries
 * uses `T` and `+00:00`). Drizzle hands that string to `new Date()`, and V8's fallback parser — used for anything
 * that isn't strict ISO 8601 — reads years 0–99 as 19xx/20xx (`0050` → 1950) or not at all (`0026` → Invalid
 * Date). Both drivers (postgres.js and PGlite) pass the raw text through, so the fix sits at Drizzle's column
 * mapping: this parser reads every field itself and builds the Date with setUTCFullYear, which takes the year
 * literally.
 */
const PG_TIMESTAMP =
  /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?( BC)?$/;

/** A Postgres timestamp's text as the Date it denotes; a text without an offset is UTC. */
export function parsePgTimestamp(text: string): Date {
  const match = PG_TIMESTAMP.exec(text);
  // infinity / -infinity and anything unforeseen: as Drizzle would have read it.
  if (!match) return new Date(text);
  const [, year, month, day, hour, minute, second, fraction = "", , sign, offsetHours = "0", offsetMinutes = "0", offsetSeconds = "0", bc] =
    match;
  const date = new Date(0);
  // Year 1 BC is astronomical year 0.
  date.setUTCFullYear(bc ? 1 - Number(year) : Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), Number(fraction.padEnd(3, "0").slice(0, 3)));
  const offsetMs = (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60 + Number(offsetSeconds)) * 1000;
  return new Date(date.getTime() - (sign === "-" ? -offsetMs : offsetMs));
}

const mapFromDriverValue = (value: unknown): unknown => (typeof value === "string" ? parsePgTimestamp(value) : value);

/** Makes every Date-mode timestamp column of these tables read back through parsePgTimestamp. Idempotent. */
export function readTimestampsExactly(schema: Record<string, unknown>): void {
  for (const table of Object.values(schema)) {
    if (!is(table, PgTable)) continue;
    for (const column of Object.values(getTableColumns(table))) {
      if (is(column, PgTimestamp)) Object.assign(column, { mapFromDriverValue });
    }
  }
}

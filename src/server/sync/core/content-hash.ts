import { createHash } from "node:crypto";
import type { calendar_v3 } from "@googleapis/calendar";
import { googleEventTimeToInstant } from "./google-event-time";

type Canonical = string | { [key: string]: Canonical };

/**
 * sha256 (hex) of the fields FieldSync writes, in a canonical form, so the hash of the event we formatted
 * equals the hash of the same event as Google returns it: Google omits defaults (`transparency: opaque`,
 * `status: confirmed`), may render `dateTime` with another offset (the calendar's or the request's zone), and
 * orders keys as it likes. Comparing a stored hash with a fresh one tells "unchanged" (no API call) and
 * "Google echo of our own write" apart from real edits.
 */
export function eventContentHash(event: calendar_v3.Schema$Event): string {
  const canonical: Record<string, Canonical> = {};
  const put = (key: string, value: Canonical | null | undefined) => {
    if (value !== null && value !== undefined && value !== "" && !(typeof value === "object" && Object.keys(value).length === 0)) canonical[key] = value;
  };
  put("summary", event.summary);
  put("description", event.description);
  put("location", event.location);
  put("start", canonicalTime(event.start));
  put("end", canonicalTime(event.end));
  put("transparency", event.transparency ?? "opaque");
  put("status", event.status ?? "confirmed");
  put("private", canonicalProperties(event.extendedProperties?.private));
  put("shared", canonicalProperties(event.extendedProperties?.shared));
  return createHash("sha256").update(stableStringify(canonical)).digest("hex");
}

function canonicalTime(time: calendar_v3.Schema$EventDateTime | null | undefined): Canonical | undefined {
  if (!time) return undefined;
  if (time.date) return { date: time.date };
  const timeZone = time.timeZone ?? "";
  const parsed = time.dateTime ? googleEventTimeToInstant(time, timeZone || "UTC") : null;
  const instant = parsed ? parsed.instant.toISOString() : (time.dateTime ?? "");
  return timeZone ? { instant, timeZone } : { instant };
}

function canonicalProperties(properties: Record<string, string> | undefined): Canonical | undefined {
  if (!properties) return undefined;
  return Object.fromEntries(Object.entries(properties).filter(([, value]) => typeof value === "string"));
}

function stableStringify(value: Canonical): string {
  if (typeof value === "string") return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${stableStringify(value[key] ?? "")}`).join(",")}}`;
}

import type { calendar_v3 } from "@googleapis/calendar";
import { describe, expect, it } from "vitest";
import { eventContentHash } from "../content-hash";
import { formatBookingEvent } from "../format-booking-event";
import { buildBooking, buildCompany } from "./factories";

const written = formatBookingEvent(buildBooking(), buildCompany(), {});

/** The same event the way Google hands it back: defaults dropped, keys reordered, server fields added. */
function asGoogleReturnsIt(event: calendar_v3.Schema$Event): calendar_v3.Schema$Event {
  const { transparency: _transparency, extendedProperties, start, end, ...rest } = event;
  const privateProperties = Object.fromEntries(Object.entries(extendedProperties?.private ?? {}).reverse());
  return {
    kind: "calendar#event",
    etag: '"3181161784712000"',
    htmlLink: "https://www.google.com/calendar/event?eid=x",
    created: "2026-02-20T03:15:00.000Z",
    updated: "2026-02-20T03:15:01.000Z",
    creator: { email: "fieldsync@example.com" },
    iCalUID: `${event.id}@google.com`,
    sequence: 0,
    end,
    start,
    extendedProperties: { private: privateProperties },
    ...rest,
  };
}

describe("event content hash", () => {
  it("is a sha256 hex digest and stable across calls", () => {
    expect(eventContentHash(written)).toMatch(/^[0-9a-f]{64}$/);
    expect(eventContentHash(written)).toBe(eventContentHash(formatBookingEvent(buildBooking(), buildCompany(), {})));
  });

  it.each<{ name: string; change: (event: calendar_v3.Schema$Event) => calendar_v3.Schema$Event }>([
    { name: "Google's echo of our write", change: asGoogleReturnsIt },
    {
      name: "times rendered in another zone's offset",
      change: (event) => ({
        ...event,
        start: { dateTime: "2026-03-01T22:00:00Z", timeZone: "Australia/Sydney" },
        end: { dateTime: "2026-03-02T07:30:00+08:00", timeZone: "Australia/Sydney" },
      }),
    },
    { name: "reminders and colours (not ours to compare)", change: (event) => ({ ...event, reminders: { useDefault: false }, colorId: "5" }) },
  ])("ignores $name", ({ change }) => {
    expect(eventContentHash(change(written))).toBe(eventContentHash(written));
  });

  it("treats a missing location like an empty one", () => {
    expect(eventContentHash({ ...written, location: "" })).toBe(eventContentHash({ ...written, location: undefined }));
  });

  it.each<{ name: string; change: (event: calendar_v3.Schema$Event) => calendar_v3.Schema$Event }>([
    { name: "title", change: (event) => ({ ...event, summary: "Lunch" }) },
    { name: "description", change: (event) => ({ ...event, description: `${event.description ?? ""}!` }) },
    { name: "location", change: (event) => ({ ...event, location: "Elsewhere" }) },
    { name: "start instant", change: (event) => ({ ...event, start: { dateTime: "2026-03-02T09:30:00+11:00", timeZone: "Australia/Sydney" } }) },
    { name: "end zone", change: (event) => ({ ...event, end: { ...event.end, timeZone: "Australia/Perth" } }) },
    { name: "transparency", change: (event) => ({ ...event, transparency: "transparent" }) },
    { name: "status", change: (event) => ({ ...event, status: "tentative" }) },
    { name: "private properties", change: (event) => ({ ...event, extendedProperties: { private: { fieldsyncKind: "booking" } } }) },
    { name: "all-day conversion", change: (event) => ({ ...event, start: { date: "2026-03-02" }, end: { date: "2026-03-03" } }) },
  ])("changes with the $name", ({ change }) => {
    expect(eventContentHash(change(written))).not.toBe(eventContentHash(written));
  });
});

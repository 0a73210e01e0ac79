import type { calendar_v3 } from "@googleapis/calendar";
import { describe, expect, it } from "vitest";
import { bookingEventId, legacyBookingEventId, unavailableEventId } from "../event-ids";
import { formatBookingEvent } from "../format-booking-event";
import { formatUnavailableEvent } from "../format-unavailable-event";
import { isWithinWindow, parseGoogleEvent } from "../parse-google-event";
import { PRIVATE_KEYS, type ParsedGoogleEvent } from "../types";
import { BLOCK_ID, BOOKING_ID, COMPANY_ID, FIELDWORKER_ID, OTHER_FIELDWORKER_ID, buildBlock, buildBooking, buildCompany, buildGoogleEvent, buildParsedEvent } from "./factories";

const SYDNEY = "Australia/Sydney";
const ourBookingEvent = formatBookingEvent(buildBooking(), buildCompany());
const ourProperties = ourBookingEvent.extendedProperties?.private ?? {};

describe("parsing a Google event", () => {
  it("reads a timed foreign event", () => {
    expect(parseGoogleEvent(buildGoogleEvent(), SYDNEY)).toEqual<ParsedGoogleEvent>({
      googleEventId: "foreignevent123",
      cancelled: false,
      kind: "foreign",
      companyId: null,
      bookingId: null,
      fieldworkerId: null,
      unavailableBlockId: null,
      etag: '"3181161784712000"',
      summary: "Dentist",
      description: null,
      location: null,
      htmlLink: "https://www.google.com/calendar/event?eid=abc",
      startsAt: new Date("2026-03-01T22:00:00Z"),
      endsAt: new Date("2026-03-01T23:00:00Z"),
      allDay: false,
      busy: true,
      eventType: "default",
      transparency: "opaque",
      selfResponseStatus: null,
      isPrivate: false,
      updatedAt: new Date("2026-02-28T01:02:03.456Z"),
    });
  });

  it("reads a deletion that carries only its id", () => {
    const parsed = parseGoogleEvent({ id: "foreignevent123", status: "cancelled" }, SYDNEY);
    expect(parsed).toMatchObject({ googleEventId: "foreignevent123", cancelled: true, kind: "foreign", startsAt: null, endsAt: null, summary: "", etag: null });
  });

  it.each([
    { name: "booking", id: bookingEventId(BOOKING_ID), expected: { kind: "booking", bookingId: BOOKING_ID, fieldworkerId: null, unavailableBlockId: null } },
    { name: "legacy booking", id: legacyBookingEventId(BOOKING_ID, FIELDWORKER_ID), expected: { kind: "booking", bookingId: BOOKING_ID, fieldworkerId: FIELDWORKER_ID, unavailableBlockId: null } },
    { name: "unavailable block", id: unavailableEventId(BLOCK_ID), expected: { kind: "unavailable", bookingId: null, fieldworkerId: null, unavailableBlockId: BLOCK_ID } },
  ])("recognises a deleted $name copy by its id alone", ({ id, expected }) => {
    expect(parseGoogleEvent({ id, status: "cancelled" }, SYDNEY)).toMatchObject({ cancelled: true, companyId: null, ...expected });
  });

  it.each([
    {
      name: "an all-day event as midnight in the calendar's zone (end exclusive)",
      start: { date: "2026-03-08" },
      end: { date: "2026-03-09" },
      timeZone: SYDNEY,
      expected: { startsAt: "2026-03-07T13:00:00Z", endsAt: "2026-03-08T13:00:00Z", allDay: true },
    },
    {
      name: "an all-day event in Perth",
      start: { date: "2026-03-08" },
      end: { date: "2026-03-09" },
      timeZone: "Australia/Perth",
      expected: { startsAt: "2026-03-07T16:00:00Z", endsAt: "2026-03-08T16:00:00Z", allDay: true },
    },
    {
      // Sydney leaves daylight saving on 5 Apr 2026: this two-day event lasts 49 hours.
      name: "an all-day event across a DST change",
      start: { date: "2026-04-04" },
      end: { date: "2026-04-06" },
      timeZone: SYDNEY,
      expected: { startsAt: "2026-04-03T13:00:00Z", endsAt: "2026-04-05T14:00:00Z", allDay: true },
    },
    {
      name: "an all-day event on the day the clocks go forward",
      start: { date: "2026-10-04" },
      end: { date: "2026-10-05" },
      timeZone: "Australia/Melbourne",
      expected: { startsAt: "2026-10-03T14:00:00Z", endsAt: "2026-10-04T13:00:00Z", allDay: true },
    },
    {
      name: "a dateTime with an offset, whatever the calendar's zone",
      start: { dateTime: "2026-03-02T09:00:00+08:00", timeZone: "Australia/Perth" },
      end: { dateTime: "2026-03-02T10:00:00+08:00" },
      timeZone: SYDNEY,
      expected: { startsAt: "2026-03-02T01:00:00Z", endsAt: "2026-03-02T02:00:00Z", allDay: false },
    },
    {
      name: "a dateTime in UTC",
      start: { dateTime: "2026-03-02T01:00:00Z" },
      end: { dateTime: "2026-03-02T02:00:00.000Z" },
      timeZone: SYDNEY,
      expected: { startsAt: "2026-03-02T01:00:00Z", endsAt: "2026-03-02T02:00:00Z", allDay: false },
    },
    {
      name: "a dateTime without offset, read in its own time zone",
      start: { dateTime: "2026-04-05T01:30:00", timeZone: SYDNEY },
      end: { dateTime: "2026-04-05T04:00:00", timeZone: SYDNEY },
      timeZone: "Australia/Perth",
      expected: { startsAt: "2026-04-04T14:30:00Z", endsAt: "2026-04-04T18:00:00Z", allDay: false },
    },
  ])("reads $name", ({ start, end, timeZone, expected }) => {
    const parsed = parseGoogleEvent(buildGoogleEvent({ start, end }), timeZone);
    expect(parsed).toMatchObject({ startsAt: new Date(expected.startsAt), endsAt: new Date(expected.endsAt), allDay: expected.allDay });
  });

  it.each([
    { name: "transparent → not busy", overrides: { transparency: "transparent" }, expected: { busy: false, isPrivate: false } },
    { name: "opaque → busy", overrides: { transparency: "opaque" }, expected: { busy: true, isPrivate: false } },
    { name: "private → private", overrides: { visibility: "private" }, expected: { busy: true, isPrivate: true } },
    { name: "confidential → private", overrides: { visibility: "confidential" }, expected: { busy: true, isPrivate: true } },
    { name: "public → not private", overrides: { visibility: "public" }, expected: { busy: true, isPrivate: false } },
  ])("maps $name", ({ overrides, expected }) => {
    expect(parseGoogleEvent(buildGoogleEvent(overrides), SYDNEY)).toMatchObject(expected);
  });

  it("leaves a missing title empty (\"(No title)\" is for display)", () => {
    expect(parseGoogleEvent(buildGoogleEvent({ summary: undefined }), SYDNEY).summary).toBe("");
  });

  it("recognises our booking event by its private properties", () => {
    const parsed = parseGoogleEvent({ ...ourBookingEvent, etag: '"9"' }, SYDNEY);
    expect(parsed).toMatchObject({ kind: "booking", companyId: COMPANY_ID, bookingId: BOOKING_ID, fieldworkerId: null, unavailableBlockId: null });
    expect(parsed.startsAt).toEqual(buildBooking().startsAt);
  });

  it("recognises a legacy per-fieldworker copy by its id and fieldworker property", () => {
    const legacy = { ...ourBookingEvent, id: legacyBookingEventId(BOOKING_ID, FIELDWORKER_ID), extendedProperties: { private: { ...ourProperties, [PRIVATE_KEYS.fieldworkerId]: FIELDWORKER_ID } } };
    expect(parseGoogleEvent(legacy, SYDNEY)).toMatchObject({ kind: "booking", companyId: COMPANY_ID, bookingId: BOOKING_ID, fieldworkerId: FIELDWORKER_ID });
  });

  it("recognises our unavailable copy by its private properties", () => {
    const parsed = parseGoogleEvent(formatUnavailableEvent(buildBlock(), buildCompany(), "Sam"), SYDNEY);
    expect(parsed).toMatchObject({ kind: "unavailable", companyId: COMPANY_ID, bookingId: null, fieldworkerId: FIELDWORKER_ID, unavailableBlockId: BLOCK_ID });
  });

  it.each<{ name: string; event: calendar_v3.Schema$Event }>([
    { name: "an unknown kind", event: { ...ourBookingEvent, extendedProperties: { private: { ...ourProperties, [PRIVATE_KEYS.kind]: "meeting" } } } },
    { name: "a missing booking id", event: { ...ourBookingEvent, extendedProperties: { private: { ...ourProperties, [PRIVATE_KEYS.bookingId]: "" } } } },
    { name: "a company id that is not a UUID", event: { ...ourBookingEvent, extendedProperties: { private: { ...ourProperties, [PRIVATE_KEYS.companyId]: "acme" } } } },
    { name: "properties copied onto another event id", event: { ...ourBookingEvent, id: "somegoogleid123" } },
    { name: "ids that disagree with the event id", event: { ...ourBookingEvent, extendedProperties: { private: { ...ourProperties, [PRIVATE_KEYS.bookingId]: OTHER_FIELDWORKER_ID } } } },
    {
      name: "a legacy id naming another fieldworker",
      event: { ...ourBookingEvent, id: legacyBookingEventId(BOOKING_ID, FIELDWORKER_ID), extendedProperties: { private: { ...ourProperties, [PRIVATE_KEYS.fieldworkerId]: OTHER_FIELDWORKER_ID } } },
    },
    { name: "our properties in the shared set only", event: { ...ourBookingEvent, extendedProperties: { shared: ourProperties } } },
  ])("treats an event with $name as foreign", ({ event }) => {
    expect(parseGoogleEvent(event, SYDNEY)).toMatchObject({ kind: "foreign", companyId: null, bookingId: null, fieldworkerId: null, unavailableBlockId: null });
  });

  it("ignores an unparseable updated timestamp", () => {
    expect(parseGoogleEvent(buildGoogleEvent({ updated: "yesterday" }), SYDNEY).updatedAt).toBeNull();
  });
});

describe("sync window", () => {
  const window = { start: new Date("2026-03-01T00:00:00Z"), end: new Date("2026-04-01T00:00:00Z") };
  it.each([
    { name: "inside", startsAt: "2026-03-10T00:00:00Z", endsAt: "2026-03-10T01:00:00Z", expected: true },
    { name: "overlapping the start", startsAt: "2026-02-28T23:00:00Z", endsAt: "2026-03-01T01:00:00Z", expected: true },
    { name: "overlapping the end", startsAt: "2026-03-31T23:00:00Z", endsAt: "2026-04-01T01:00:00Z", expected: true },
    { name: "spanning the window", startsAt: "2026-01-01T00:00:00Z", endsAt: "2026-05-01T00:00:00Z", expected: true },
    { name: "ending as the window starts", startsAt: "2026-02-28T23:00:00Z", endsAt: "2026-03-01T00:00:00Z", expected: false },
    { name: "starting as the window ends", startsAt: "2026-04-01T00:00:00Z", endsAt: "2026-04-01T01:00:00Z", expected: false },
    { name: "before", startsAt: "2026-01-01T00:00:00Z", endsAt: "2026-01-01T01:00:00Z", expected: false },
    { name: "zero-length at the start", startsAt: "2026-03-01T00:00:00Z", endsAt: "2026-03-01T00:00:00Z", expected: true },
  ])("$name → $expected", ({ startsAt, endsAt, expected }) => {
    expect(isWithinWindow(buildParsedEvent({ startsAt: new Date(startsAt), endsAt: new Date(endsAt) }), window)).toBe(expected);
  });

  it("keeps a deletion that came without times", () => {
    expect(isWithinWindow(buildParsedEvent({ cancelled: true, startsAt: null, endsAt: null }), window)).toBe(true);
  });
});

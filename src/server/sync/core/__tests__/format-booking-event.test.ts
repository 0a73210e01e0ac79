import { describe, expect, it } from "vitest";
import { bookingEventId } from "../event-ids";
import { formatAmount, formatBookingEvent } from "../format-booking-event";
import { PRIVATE_KEYS } from "../types";
import { BOOKING_ID, COMPANY_ID, buildBooking, buildCompany } from "./factories";

const target = {};

function descriptionLines(...args: Parameters<typeof formatBookingEvent>): string[] {
  return (formatBookingEvent(...args).description ?? "").split("\n");
}

describe("booking event: title", () => {
  it.each([
    { name: "status, service, surname and suburb", booking: buildBooking(), expected: "[Confirmed] Boiler service — Smith, Newtown" },
    {
      name: "the business name rather than the surname",
      booking: buildBooking({ customer: { businessName: "Smith & Sons Pty Ltd" } }),
      expected: "[Confirmed] Boiler service — Smith & Sons Pty Ltd, Newtown",
    },
    { name: "no suburb", booking: buildBooking({ suburb: "" }), expected: "[Confirmed] Boiler service — Smith" },
    { name: "no service name", booking: buildBooking({ serviceName: " " }), expected: "[Confirmed] Smith, Newtown" },
    { name: "a one-word customer name", booking: buildBooking({ customer: { name: "Cher" } }), expected: "[Confirmed] Boiler service — Cher, Newtown" },
    {
      name: "nothing but the status",
      booking: buildBooking({ serviceName: "", suburb: "", customer: { name: "" } }),
      expected: "[Confirmed] Booking",
    },
  ])("shows $name", ({ booking, expected }) => {
    expect(formatBookingEvent(booking, buildCompany(), target).summary).toBe(expected);
  });

  it.each([
    { name: "a live status", status: "Confirmed" },
    { name: "a status already called Cancelled", status: "Cancelled" },
  ])("marks a cancelled copy once, replacing $name", ({ status }) => {
    const booking = buildBooking({ status: { name: status, pushToGoogle: true, deleteFromGoogle: false } });
    const event = formatBookingEvent(booking, buildCompany(), { cancelled: true });
    expect(event.summary).toBe("[Cancelled] Boiler service — Smith, Newtown");
    expect(event.description).toMatch(/^CANCELLED — /);
    expect(event.description).toContain(`\nStatus: ${status}\n`);
    expect(event.transparency).toBe("transparent");
  });

  it("truncates a long title to 120 characters with an ellipsis", () => {
    const summary = formatBookingEvent(buildBooking({ serviceName: "Very long service name ".repeat(10) }), buildCompany(), target).summary ?? "";
    expect(summary.length).toBe(120);
    expect(summary.endsWith("…")).toBe(true);
    expect(summary.startsWith("[Confirmed] Very long service name")).toBe(true);
  });
});

describe("booking event: description", () => {
  it("lists every field, one per line, and ends with the FieldSync notice", () => {
    const booking = buildBooking({
      addresses: ["12 King St, Newtown NSW 2042", "Rear entrance\nvia lane", "Unit 3, 14 King St"],
      fieldworkerNames: ["Sam Fieldworker", "Alex Helper"],
      customer: { businessName: "Smith & Sons Pty Ltd", properties: { "Gate code": "1234", Dog: "Friendly", "Access notes": "" } },
      serviceDescription: "Annual service.\r\nBring the long ladder.",
    });
    expect(descriptionLines(booking, buildCompany(), target)).toEqual([
      "Status: Confirmed",
      "Fieldworkers: Sam Fieldworker, Alex Helper",
      "Amount: $1,234.50 AUD",
      "Suburb: Newtown",
      "Start: Mon 2 Mar 2026, 9:00 am (Australia/Sydney)",
      "End: Mon 2 Mar 2026, 10:30 am (Australia/Sydney)",
      "Customer: John Smith",
      "Business: Smith & Sons Pty Ltd",
      "Email: john@example.com",
      "Phone: 0400 000 000",
      "Address 1: 12 King St, Newtown NSW 2042",
      "Address 2: Rear entrance via lane",
      "Address 3: Unit 3, 14 King St",
      "Service: Boiler service",
      "Service description: Annual service.",
      "Bring the long ladder.",
      "Customer properties:",
      "  Dog: Friendly",
      "  Gate code: 1234",
      "Created by: Dana Admin",
      "Created on: Fri 20 Feb 2026, 2:15 pm (Australia/Sydney)",
      "",
      "Managed by FieldSync — changes made here may be overwritten.",
    ]);
  });

  it.each([
    { name: "business name", customer: { businessName: null }, absent: "Business:" },
    { name: "phone", customer: { phone: null }, absent: "Phone:" },
    { name: "email", customer: { email: "" }, absent: "Email:" },
  ])("omits the $name line when there is none, keeping the others", ({ customer, absent }) => {
    const lines = descriptionLines(buildBooking({ customer }), buildCompany(), target);
    expect(lines.some((line) => line.startsWith(absent))).toBe(false);
    expect(lines).toContain("Customer: John Smith");
    expect(lines).toContain("Amount: $1,234.50 AUD");
  });

  it("omits the creator when unknown and names a single fieldworker in the singular", () => {
    const lines = descriptionLines(buildBooking({ createdByName: null }), buildCompany(), target);
    expect(lines.some((line) => line.startsWith("Created by:"))).toBe(false);
    expect(lines).toContain("Fieldworker: Sam Fieldworker");
  });

  it("uses the customer's time zone and adds the company's when they differ (Perth has no DST)", () => {
    const booking = buildBooking({
      startsAt: new Date("2026-03-02T01:00:00Z"),
      endsAt: new Date("2026-03-02T03:00:00Z"),
      customer: { timeZone: "Australia/Perth" },
    });
    const lines = descriptionLines(booking, buildCompany(), target);
    expect(lines).toContain("Start: Mon 2 Mar 2026, 9:00 am (Australia/Perth); company time Mon 2 Mar 2026, 12:00 pm (Australia/Sydney)");
    expect(lines).toContain("End: Mon 2 Mar 2026, 11:00 am (Australia/Perth); company time Mon 2 Mar 2026, 2:00 pm (Australia/Sydney)");
  });

  it("shows the end on the next day for a booking that crosses midnight", () => {
    const booking = buildBooking({ startsAt: new Date("2026-03-02T12:00:00Z"), endsAt: new Date("2026-03-02T14:00:00Z") });
    const lines = descriptionLines(booking, buildCompany(), target);
    expect(lines).toContain("Start: Mon 2 Mar 2026, 11:00 pm (Australia/Sydney)");
    expect(lines).toContain("End: Tue 3 Mar 2026, 1:00 am (Australia/Sydney)");
  });
});

describe("amounts", () => {
  it.each([
    { cents: 123_450, code: "AUD", expected: "$1,234.50 AUD" },
    { cents: 5, code: "AUD", expected: "$0.05 AUD" },
    { cents: 0, code: "AUD", expected: "$0.00 AUD" },
    { cents: 100_000_000, code: "AUD", expected: "$1,000,000.00 AUD" },
    { cents: -2_500, code: "AUD", expected: "-$25.00 AUD" },
    { cents: 1_999, code: "EUR", expected: "€19.99 EUR" },
    { cents: 1_999, code: "NZD", expected: "$19.99 NZD" },
  ])("formats $cents cents of $code as $expected", ({ cents, code, expected }) => {
    expect(formatAmount(cents, code, buildCompany())).toBe(expected);
  });

  it("uses the company's own symbol for its currency", () => {
    expect(formatAmount(123_450, "GBP", buildCompany({ currencyCode: "GBP", currencySymbol: "£" }))).toBe("£1,234.50 GBP");
  });
});

describe("booking event: times in the customer's zone", () => {
  it.each([
    {
      name: "Sydney in daylight saving",
      timeZone: "Australia/Sydney",
      startsAt: "2026-03-01T22:00:00Z",
      endsAt: "2026-03-01T23:30:00Z",
      start: "2026-03-02T09:00:00+11:00",
      end: "2026-03-02T10:30:00+11:00",
    },
    {
      name: "Perth, which keeps +08:00",
      timeZone: "Australia/Perth",
      startsAt: "2026-07-01T01:00:00Z",
      endsAt: "2026-07-01T02:00:00Z",
      start: "2026-07-01T09:00:00+08:00",
      end: "2026-07-01T10:00:00+08:00",
    },
    {
      name: "Melbourne in standard time",
      timeZone: "Australia/Melbourne",
      startsAt: "2026-07-01T00:00:00Z",
      endsAt: "2026-07-01T01:00:00Z",
      start: "2026-07-01T10:00:00+10:00",
      end: "2026-07-01T11:00:00+10:00",
    },
    {
      // Sydney springs forward at 2:00 am on 4 Oct 2026: 1:30 am AEST to 3:30 am AEDT is one hour.
      name: "a Sydney booking across the clocks going forward",
      timeZone: "Australia/Sydney",
      startsAt: "2026-10-03T15:30:00Z",
      endsAt: "2026-10-03T16:30:00Z",
      start: "2026-10-04T01:30:00+10:00",
      end: "2026-10-04T03:30:00+11:00",
    },
    {
      // Sydney falls back at 3:00 am on 5 Apr 2026: 2:30 am happens twice.
      name: "the first 2:30 am on Sydney's clocks-back day",
      timeZone: "Australia/Sydney",
      startsAt: "2026-04-04T15:30:00Z",
      endsAt: "2026-04-04T16:30:00Z",
      start: "2026-04-05T02:30:00+11:00",
      end: "2026-04-05T02:30:00+10:00",
    },
    {
      name: "a booking crossing midnight",
      timeZone: "Australia/Sydney",
      startsAt: "2026-03-02T12:00:00Z",
      endsAt: "2026-03-02T14:00:00Z",
      start: "2026-03-02T23:00:00+11:00",
      end: "2026-03-03T01:00:00+11:00",
    },
  ])("writes $name with the offset of that instant", ({ timeZone, startsAt, endsAt, start, end }) => {
    const booking = buildBooking({ startsAt: new Date(startsAt), endsAt: new Date(endsAt), customer: { timeZone } });
    const event = formatBookingEvent(booking, buildCompany(), target);
    expect(event.start).toEqual({ dateTime: start, timeZone });
    expect(event.end).toEqual({ dateTime: end, timeZone });
    expect(new Date(event.start?.dateTime ?? "")).toEqual(new Date(startsAt));
    expect(new Date(event.end?.dateTime ?? "")).toEqual(new Date(endsAt));
  });

  it("shows both 2:30 am bookings on the clocks-back day as 2:30 am", () => {
    const first = descriptionLines(buildBooking({ startsAt: new Date("2026-04-04T15:30:00Z") }), buildCompany(), target);
    const second = descriptionLines(buildBooking({ startsAt: new Date("2026-04-04T16:30:00Z") }), buildCompany(), target);
    expect(first).toContain("Start: Sun 5 Apr 2026, 2:30 am (Australia/Sydney)");
    expect(second).toContain("Start: Sun 5 Apr 2026, 2:30 am (Australia/Sydney)");
  });
});

describe("booking event: the rest", () => {
  it("uses the deterministic id, opaque busy time and default reminders", () => {
    const event = formatBookingEvent(buildBooking(), buildCompany(), target);
    expect(event.id).toBe(bookingEventId(BOOKING_ID));
    expect(event.transparency).toBe("opaque");
    expect(event.status).toBe("confirmed");
    expect(event.reminders).toEqual({ useDefault: true });
  });

  it("writes one event for every assigned fieldworker: no fieldworker in its id or properties, all of them in its description", () => {
    const event = formatBookingEvent(buildBooking({ fieldworkerNames: ["Sam Smith", "Ana Lee"] }), buildCompany(), target);
    expect(event.id).toBe(bookingEventId(BOOKING_ID));
    expect(event.extendedProperties?.private?.[PRIVATE_KEYS.fieldworkerId]).toBeUndefined();
    expect(event.description).toContain("Fieldworkers: Sam Smith, Ana Lee");
  });

  it("stores our ids in private properties within Google's size limits", () => {
    const properties = formatBookingEvent(buildBooking(), buildCompany(), target).extendedProperties?.private ?? {};
    expect(properties).toEqual({
      [PRIVATE_KEYS.kind]: "booking",
      [PRIVATE_KEYS.companyId]: COMPANY_ID,
      [PRIVATE_KEYS.bookingId]: BOOKING_ID,
    });
    for (const [key, value] of Object.entries(properties)) {
      expect(key.length).toBeLessThanOrEqual(44);
      expect(value.length).toBeLessThanOrEqual(1024);
    }
  });

  it.each([
    { name: "the first address", addresses: ["1 First St", "2 Second St"], expected: "1 First St" },
    { name: "the first non-blank address", addresses: ["  ", "2 Second St"], expected: "2 Second St" },
    { name: "the suburb when there is no address", addresses: [], expected: "Newtown" },
  ])("sets the location to $name", ({ addresses, expected }) => {
    expect(formatBookingEvent(buildBooking({ addresses }), buildCompany(), target).location).toBe(expected);
  });
});

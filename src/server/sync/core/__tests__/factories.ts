import type { calendar_v3 } from "@googleapis/calendar";
import type { BookingForEvent, CompanyForEvent, ParsedGoogleEvent, UnavailableForEvent } from "../types";

export const COMPANY_ID = "0b6f3c1e-2a4d-4f1b-9c3e-5d7a8b9c0d1e";
export const BOOKING_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
export const FIELDWORKER_ID = "9a7c2f10-6b1e-4d2a-8f3c-1e2d3c4b5a69";
export const OTHER_FIELDWORKER_ID = "c4d5e6f7-0819-4a2b-bc3d-4e5f60718293";
export const BLOCK_ID = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";

export function buildCompany(overrides: Partial<CompanyForEvent> = {}): CompanyForEvent {
  return { name: "Acme Plumbing", timeZone: "Australia/Sydney", currencyCode: "AUD", currencySymbol: "$", ...overrides };
}

export function buildBooking(
  overrides: Partial<Omit<BookingForEvent, "customer">> & { customer?: Partial<BookingForEvent["customer"]> } = {},
): BookingForEvent {
  const { customer, ...rest } = overrides;
  return {
    id: BOOKING_ID,
    companyId: COMPANY_ID,
    serviceName: "Boiler service",
    serviceDescription: "Annual service of the gas boiler.",
    amountCents: 123_450,
    currencyCode: "AUD",
    suburb: "Newtown",
    addresses: ["12 King St, Newtown NSW 2042"],
    // Mon 2 Mar 2026, 9:00–10:30 am in Sydney (AEDT, +11).
    startsAt: new Date("2026-03-01T22:00:00Z"),
    endsAt: new Date("2026-03-01T23:30:00Z"),
    createdAt: new Date("2026-02-20T03:15:00Z"),
    createdByName: "Dana Admin",
    status: { name: "Confirmed", pushToGoogle: true, deleteFromGoogle: false },
    fieldworkerNames: ["Sam Fieldworker"],
    ...rest,
    customer: {
      name: "John Smith",
      businessName: null,
      email: "john@example.com",
      phone: "0400 000 000",
      timeZone: "Australia/Sydney",
      properties: {},
      ...customer,
    },
  };
}

export function buildBlock(overrides: Partial<UnavailableForEvent> = {}): UnavailableForEvent {
  return {
    id: BLOCK_ID,
    companyId: COMPANY_ID,
    fieldworkerId: FIELDWORKER_ID,
    startsAt: new Date("2026-03-03T02:00:00Z"),
    endsAt: new Date("2026-03-03T04:00:00Z"),
    note: "",
    ...overrides,
  };
}

export function buildGoogleEvent(overrides: Partial<calendar_v3.Schema$Event> = {}): calendar_v3.Schema$Event {
  return {
    id: "foreignevent123",
    status: "confirmed",
    etag: '"3181161784712000"',
    summary: "Dentist",
    htmlLink: "https://www.google.com/calendar/event?eid=abc",
    start: { dateTime: "2026-03-02T09:00:00+11:00", timeZone: "Australia/Sydney" },
    end: { dateTime: "2026-03-02T10:00:00+11:00", timeZone: "Australia/Sydney" },
    updated: "2026-02-28T01:02:03.456Z",
    ...overrides,
  };
}

export function buildParsedEvent(overrides: Partial<ParsedGoogleEvent> = {}): ParsedGoogleEvent {
  return {
    googleEventId: "fsbexample",
    cancelled: false,
    kind: "booking",
    companyId: COMPANY_ID,
    bookingId: BOOKING_ID,
    fieldworkerId: FIELDWORKER_ID,
    unavailableBlockId: null,
    etag: '"1"',
    summary: "[Confirmed] Boiler service — Smith, Newtown",
    description: null,
    location: null,
    htmlLink: null,
    startsAt: new Date("2026-03-01T22:00:00Z"),
    endsAt: new Date("2026-03-01T23:30:00Z"),
    allDay: false,
    busy: true,
    eventType: "default",
    transparency: "opaque",
    selfResponseStatus: null,
    isPrivate: false,
    updatedAt: null,
    ...overrides,
  };
}

import { describe, expect, it } from "vitest";
import { eventContentHash } from "../content-hash";
import { bookingEventId, legacyBookingEventId } from "../event-ids";
import { formatBookingEvent } from "../format-booking-event";
import { planBookingPush, type BookingPushFacts, type StoredBookingCopy } from "../plan-booking-push";
import { BOOKING_ID, FIELDWORKER_ID, buildBooking, buildCompany } from "./factories";

const company = { ...buildCompany(), syncDirection: "two_way" as const };
const booking = buildBooking();
const currentHash = eventContentHash(formatBookingEvent(booking, company));

function facts(overrides: Partial<BookingPushFacts> = {}): BookingPushFacts {
  return {
    bookingId: BOOKING_ID,
    company,
    calendar: { rowId: "row", googleCalendarId: "cal@group.calendar.google.com" },
    accountResolved: true,
    booking,
    holders: [{ id: FIELDWORKER_ID, active: true }],
    copies: [],
    ...overrides,
  };
}

function copy(overrides: Partial<StoredBookingCopy> = {}): StoredBookingCopy {
  return { id: "copy", googleEventId: bookingEventId(BOOKING_ID), etag: '"1"', contentHash: "old", deletedInGoogle: false, cancelledInApp: false, ...overrides };
}

describe("planning one booking's push within a set", () => {
  it.each([
    { name: "a job without a booking", input: facts({ bookingId: null }), expected: { kind: "skip", reason: "malformed job" } },
    { name: "Google → FieldSync only", input: facts({ company: { ...company, syncDirection: "google_to_app" } }), expected: { kind: "skip" } },
    { name: "an account nobody resolves", input: facts({ accountResolved: false }), expected: { kind: "skip", reason: "fieldworker not connected" } },
    { name: "an account needing reconnection", input: facts({ calendar: undefined }), expected: { kind: "skip" } },
    { name: "every holder deactivated", input: facts({ holders: [{ id: FIELDWORKER_ID, active: false }] }), expected: { kind: "skip", reason: "sync is paused for the fieldworkers of this account" } },
    { name: "a deleted booking never pushed", input: facts({ booking: undefined }), expected: { kind: "skip", reason: "nothing in Google to remove" } },
    { name: "a deleted booking with an event", input: facts({ booking: undefined, copies: [copy()] }), expected: { kind: "single" } },
    { name: "a status that is not pushed, with an event", input: facts({ booking: buildBooking({ status: { name: "Quote", pushToGoogle: false, deleteFromGoogle: true } }), copies: [copy()] }), expected: { kind: "single" } },
    { name: "an event deleted in Google", input: facts({ copies: [copy({ deletedInGoogle: true })] }), expected: { kind: "skip", reason: "deleted in Google; waiting for a decision on the conflict" } },
    { name: "legacy per-fieldworker copies", input: facts({ copies: [copy({ googleEventId: legacyBookingEventId(BOOKING_ID, FIELDWORKER_ID) })] }), expected: { kind: "single" } },
    { name: "an unchanged event", input: facts({ copies: [copy({ contentHash: currentHash })] }), expected: { kind: "skip", reason: "unchanged" } },
    { name: "a stored copy without an etag", input: facts({ copies: [copy({ etag: null })] }), expected: { kind: "single" } },
  ])("$name → $expected.kind", ({ input, expected }) => {
    expect(planBookingPush(input)).toMatchObject(expected);
  });

  it("inserts a booking's first event under its deterministic id", () => {
    const plan = planBookingPush(facts());
    expect(plan).toMatchObject({ kind: "write", method: "insert", eventId: bookingEventId(BOOKING_ID), etag: null, hash: currentHash, activeHolderIds: [FIELDWORKER_ID] });
    if (plan.kind === "write") expect(plan.event.id).toBe(bookingEventId(BOOKING_ID));
  });

  it("updates a changed event with the etag it stored, and confirms it (a cancelled one comes back)", () => {
    const plan = planBookingPush(facts({ copies: [copy({ contentHash: currentHash, cancelledInApp: true })] }));
    expect(plan).toMatchObject({ kind: "write", method: "update", etag: '"1"' });
    if (plan.kind === "write") expect(plan.event.status).toBe("confirmed");
  });
});

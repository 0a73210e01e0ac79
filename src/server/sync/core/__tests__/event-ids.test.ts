import { describe, expect, it } from "vitest";
import { bookingEventId, decodeFieldSyncEventId, isFieldSyncEventId, legacyBookingEventId, unavailableEventId } from "../event-ids";
import { BLOCK_ID, BOOKING_ID, FIELDWORKER_ID, OTHER_FIELDWORKER_ID } from "./factories";

const GOOGLE_EVENT_ID = /^[0-9a-v]{5,1024}$/;

describe("deterministic Google event ids", () => {
  it.each([
    ["a booking's event", bookingEventId(BOOKING_ID)],
    ["a legacy per-fieldworker copy", legacyBookingEventId(BOOKING_ID, FIELDWORKER_ID)],
    ["an unavailable block", unavailableEventId(BLOCK_ID)],
    ["all-zero ids", legacyBookingEventId("00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000")],
    ["all-ones ids", unavailableEventId("ffffffff-ffff-ffff-ffff-ffffffffffff")],
  ])("gives %s an id in Google's base32hex alphabet and length", (_, id) => {
    expect(id).toMatch(GOOGLE_EVENT_ID);
  });

  it("returns the same id for the same ids, whatever their letter case", () => {
    expect(bookingEventId(BOOKING_ID)).toBe(bookingEventId(BOOKING_ID.toUpperCase()));
    expect(unavailableEventId(BLOCK_ID)).toBe(unavailableEventId(BLOCK_ID));
  });

  it("keys a booking's event on the booking alone, apart from legacy copies and blocks", () => {
    const ids = new Set([
      bookingEventId(BOOKING_ID),
      legacyBookingEventId(BOOKING_ID, FIELDWORKER_ID),
      legacyBookingEventId(BOOKING_ID, OTHER_FIELDWORKER_ID),
      bookingEventId(FIELDWORKER_ID),
      unavailableEventId(BOOKING_ID),
    ]);
    expect(ids.size).toBe(5);
  });

  it("uses distinct prefixes for bookings and unavailable blocks", () => {
    expect(bookingEventId(BOOKING_ID)).toMatch(/^fsb/);
    expect(unavailableEventId(BLOCK_ID)).toMatch(/^fsu/);
  });

  it("decodes our ids back to the ids they were made from", () => {
    expect(decodeFieldSyncEventId(bookingEventId(BOOKING_ID))).toEqual({ kind: "booking", bookingId: BOOKING_ID, fieldworkerId: null });
    expect(decodeFieldSyncEventId(legacyBookingEventId(BOOKING_ID, FIELDWORKER_ID))).toEqual({ kind: "booking", bookingId: BOOKING_ID, fieldworkerId: FIELDWORKER_ID });
    expect(decodeFieldSyncEventId(unavailableEventId(BLOCK_ID))).toEqual({ kind: "unavailable", unavailableBlockId: BLOCK_ID });
  });

  it.each([
    ["our booking id", bookingEventId(BOOKING_ID), true],
    ["a legacy booking id", legacyBookingEventId(BOOKING_ID, FIELDWORKER_ID), true],
    ["our unavailable id", unavailableEventId(BLOCK_ID), true],
    ["a Google-generated id", "7kq3a9v2m1c0h4b6n8p0r2t4v6", false],
    ["a recurring instance of our event", `${unavailableEventId(BLOCK_ID)}_20260302T000000Z`, false],
    ["a truncated id", legacyBookingEventId(BOOKING_ID, FIELDWORKER_ID).slice(0, -1), false],
    ["an id with non-zero padding bits", `${unavailableEventId(BLOCK_ID).slice(0, -1)}v`, false],
    ["an empty id", "", false],
  ])("recognises %s: %s", (_, id, expected) => {
    expect(isFieldSyncEventId(id)).toBe(expected);
  });

  it("refuses ids that are not UUIDs instead of producing an ambiguous event id", () => {
    expect(() => bookingEventId("booking-1")).toThrow(TypeError);
  });
});

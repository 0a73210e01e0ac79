import { describe, expect, it } from "vitest";
import { bookingEventId, unavailableEventId } from "../event-ids";
import { ownSeriesIds } from "../own-series-ids";

const BOOKING = "0b7f6a38-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
const BLOCK = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";

describe("ownSeriesIds", () => {
  it.each([
    ["an instance of our booking's event made to repeat", [{ id: `${bookingEventId(BOOKING)}_20300304T080000Z`, recurringEventId: bookingEventId(BOOKING) }], [bookingEventId(BOOKING)]],
    ["an instance of our unavailable event", [{ id: `${unavailableEventId(BLOCK)}_20300304`, recurringEventId: unavailableEventId(BLOCK) }], [unavailableEventId(BLOCK)]],
    [
      "several instances of one series count once",
      [
        { id: `${bookingEventId(BOOKING)}_20300304T080000Z`, recurringEventId: bookingEventId(BOOKING) },
        { id: `${bookingEventId(BOOKING)}_20300311T080000Z`, recurringEventId: bookingEventId(BOOKING) },
      ],
      [bookingEventId(BOOKING)],
    ],
    ["a cancelled instance (the series ended)", [{ id: `${bookingEventId(BOOKING)}_20300304T080000Z`, recurringEventId: bookingEventId(BOOKING), status: "cancelled" }], []],
    ["an instance of a Google user's own series", [{ id: "abcdef12345_20300304T080000Z", recurringEventId: "abcdef12345" }], []],
    ["a single event of ours", [{ id: bookingEventId(BOOKING) }], []],
  ])("%s", (_name, items, expected) => {
    expect(ownSeriesIds(items)).toEqual(expected);
  });
});

import { describe, expect, it } from "vitest";
import { fromInputValue, fromWallClock, toInputValue, toWallClock } from "../zoned-time";

const SYDNEY = "Australia/Sydney";

describe("company-zone wall clock", () => {
  it("shows an instant at the company's local time, whatever the process zone", () => {
    // 08:00 UTC on 4 March 2030 is 19:00 in Sydney (AEDT, +11).
    const wall = toWallClock(new Date("2030-03-04T08:00:00Z"), SYDNEY);
    expect([wall.getFullYear(), wall.getMonth(), wall.getDate(), wall.getHours(), wall.getMinutes()]).toEqual([2030, 2, 4, 19, 0]);
  });

  it("turns a picked wall-clock time back into the same instant", () => {
    const instant = new Date("2030-07-01T23:30:00Z");
    expect(fromWallClock(toWallClock(instant, SYDNEY), SYDNEY)).toEqual(instant);
  });

  it("round-trips datetime-local values across a DST change", () => {
    // Sydney leaves daylight saving on 7 April 2030: 09:00 that day is +10, the day before +11.
    expect(fromInputValue("2030-04-06T09:00", SYDNEY)).toEqual(new Date("2030-04-05T22:00:00Z"));
    expect(fromInputValue("2030-04-07T09:00", SYDNEY)).toEqual(new Date("2030-04-06T23:00:00Z"));
    expect(toInputValue(new Date("2030-04-06T23:00:00Z"), SYDNEY)).toBe("2030-04-07T09:00");
  });

  it("rejects blank or malformed input values", () => {
    expect(fromInputValue("", SYDNEY)).toBeUndefined();
    expect(fromInputValue("tomorrow", SYDNEY)).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { localDaysOf } from "../calendar-day-cap";

const hours = (d: { start: Date; end: Date }) => (d.end.getTime() - d.start.getTime()) / 3_600_000;

describe("localDaysOf", () => {
  it("lists the local days a range touches, from local midnight to local midnight", () => {
    // 2030-05-20 10:00 to 2030-05-22 00:00 in Sydney (UTC+10).
    const days = localDaysOf(new Date("2030-05-20T00:00:00Z"), new Date("2030-05-21T14:00:00Z"), "Australia/Sydney");
    expect(days.map((d) => d.day)).toEqual(["2030-05-20", "2030-05-21"]);
    expect(days[0]!.start.toISOString()).toBe("2030-05-19T14:00:00.000Z");
    expect(days[1]!.end.toISOString()).toBe("2030-05-21T14:00:00.000Z");
  });

  it("gives the days clocks change 23 and 25 hours", () => {
    // Sydney: clocks go forward on 2030-10-06 and back on 2030-04-07.
    const spring = localDaysOf(new Date("2030-10-05T00:00:00Z"), new Date("2030-10-07T00:00:00Z"), "Australia/Sydney");
    expect(spring.map((d) => [d.day, hours(d)])).toContainEqual(["2030-10-06", 23]);
    const autumn = localDaysOf(new Date("2030-04-06T00:00:00Z"), new Date("2030-04-08T00:00:00Z"), "Australia/Sydney");
    expect(autumn.map((d) => [d.day, hours(d)])).toContainEqual(["2030-04-07", 25]);
    for (const days of [spring, autumn]) for (let i = 1; i < days.length; i++) expect(days[i]!.start).toEqual(days[i - 1]!.end);
  });

  it("touches no day for an empty range", () => {
    const at = new Date("2030-05-20T00:00:00Z");
    expect(localDaysOf(at, at, "Australia/Sydney")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import type { Emulator } from "../index";
import { expandRecurring } from "../recurrence";
import { connect, type Connected, control, emulatorPerFile } from "./helpers";

describe("RRULE expansion", () => {
  const base = {
    id: "series00001",
    summary: "Standup",
    start: { dateTime: "2030-03-25T09:00:00", timeZone: "Europe/Berlin" },
    end: { dateTime: "2030-03-25T09:15:00", timeZone: "Europe/Berlin" },
  };
  const now = Date.parse("2030-01-01T00:00:00Z");

  it("expands DAILY with COUNT across a DST change, keeping wall-clock time", () => {
    const inst = expandRecurring({ ...base, recurrence: ["RRULE:FREQ=DAILY;COUNT=3"] }, "UTC", { nowMs: now });
    // Berlin switches to summer time on 2030-03-31; the 24th..26th are all winter time (+01:00).
    expect(inst.map((i) => i.id)).toEqual(["series00001_20300325T080000Z", "series00001_20300326T080000Z", "series00001_20300327T080000Z"]);
    const dst = expandRecurring({ ...base, start: { ...base.start, dateTime: "2030-03-30T09:00:00" }, end: { ...base.end, dateTime: "2030-03-30T09:15:00" }, recurrence: ["RRULE:FREQ=DAILY;COUNT=2"] }, "UTC", { nowMs: now });
    expect(dst.map((i) => i.start?.dateTime)).toEqual(["2030-03-30T09:00:00+01:00", "2030-03-31T09:00:00+02:00"]);
    expect(dst[0]).toMatchObject({ recurringEventId: "series00001", originalStartTime: { dateTime: "2030-03-30T09:00:00+01:00" } });
    expect(dst[0]?.recurrence).toBeUndefined();
  });

  it("expands WEEKLY with BYDAY, INTERVAL and UNTIL", () => {
    const inst = expandRecurring({ ...base, recurrence: ["RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20300420T000000Z"] }, "UTC", { nowMs: now });
    // 2030-03-25 is a Monday.
    expect(inst.map((i) => i.start?.dateTime?.slice(0, 10))).toEqual(["2030-03-25", "2030-03-27", "2030-04-08", "2030-04-10"]);
  });

  it("honours EXDATE and the query window", () => {
    const inst = expandRecurring(
      { ...base, recurrence: ["RRULE:FREQ=DAILY;COUNT=5", "EXDATE;TZID=Europe/Berlin:20300326T090000"] },
      "UTC",
      { nowMs: now, fromMs: Date.parse("2030-03-26T00:00:00Z"), toMs: Date.parse("2030-03-28T12:00:00Z") },
    );
    expect(inst.map((i) => i.start?.dateTime?.slice(0, 10))).toEqual(["2030-03-27", "2030-03-28"]);
  });

  it("expands all-day series with date-only instance ids", () => {
    const inst = expandRecurring(
      { id: "allday00001", start: { date: "2030-01-06" }, end: { date: "2030-01-07" }, recurrence: ["RRULE:FREQ=WEEKLY;COUNT=2"] },
      "Europe/Berlin",
      { nowMs: now },
    );
    expect(inst.map((i) => [i.id, i.start?.date, i.end?.date])).toEqual([
      ["allday00001_20300106", "2030-01-06", "2030-01-07"],
      ["allday00001_20300113", "2030-01-13", "2030-01-14"],
    ]);
  });
});

describe("singleEvents=true through the API", () => {
  let emu: Emulator;
  let c: Connected;
  emulatorPerFile(
    (started) => (emu = started),
    async () => {
      c = await connect(emu, "ann@example.com");
    },
  );

  it("returns the master without singleEvents and its instances with it", async () => {
    await control(emu).createEvent("ann@example.com", "primary", {
      id: "series00001",
      summary: "Standup",
      start: { dateTime: "2030-03-25T09:00:00", timeZone: "Europe/Berlin" },
      end: { dateTime: "2030-03-25T09:15:00", timeZone: "Europe/Berlin" },
      recurrence: ["RRULE:FREQ=WEEKLY;BYDAY=MO,TU;COUNT=4"],
    });
    const masters = await c.cal.events.list({ calendarId: "primary" });
    expect(masters.data.items?.map((e) => e.recurrence)).toEqual([["RRULE:FREQ=WEEKLY;BYDAY=MO,TU;COUNT=4"]]);
    const singles = await c.cal.events.list({ calendarId: "primary", singleEvents: true, orderBy: "startTime" });
    expect(singles.data.items?.map((e) => e.id)).toEqual([
      "series00001_20300325T080000Z",
      "series00001_20300326T080000Z",
      "series00001_20300401T070000Z",
      "series00001_20300402T070000Z",
    ]);
    const one = await c.cal.events.get({ calendarId: "primary", eventId: "series00001_20300401T070000Z" });
    expect(one.data.recurringEventId).toBe("series00001");
  });
});

/**
 * Recurring events as Google's guide describes them (https://developers.google.com/calendar/api/guides/recurringevents):
 * instances are read and written by their own ids, a written instance becomes an exception, and "this and
 * following" is a trimmed master plus a new one. Listing rules come from the events.list reference
 * (https://developers.google.com/calendar/api/v3/reference/events/list, `showDeleted`/`singleEvents`) and the
 * sync guide (https://developers.google.com/calendar/api/guides/sync: incremental results carry deletions).
 */
import type { calendar_v3 } from "@googleapis/calendar";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../index";
import { apiError, connect, type Connected, control, emulatorPerFile } from "./helpers";

const email = "ann@example.com";
const FULL = ["https://www.googleapis.com/auth/calendar"];
let emu: Emulator;
let c: Connected;
emulatorPerFile(
  (started) => (emu = started),
  async () => {
    c = await connect(emu, email, FULL);
  },
);

/** Mondays 09:00 Berlin from 2030-03-04 (+01:00, so 08:00Z), four of them unless told otherwise. */
const standup = (recurrence = ["RRULE:FREQ=WEEKLY;COUNT=4"]): calendar_v3.Schema$Event => ({
  id: "standup0001",
  summary: "Standup",
  start: { dateTime: "2030-03-04T09:00:00", timeZone: "Europe/Berlin" },
  end: { dateTime: "2030-03-04T09:30:00", timeZone: "Europe/Berlin" },
  recurrence,
  extendedProperties: { private: { origin: "test" } },
});
const MON = ["standup0001_20300304T080000Z", "standup0001_20300311T080000Z", "standup0001_20300318T080000Z", "standup0001_20300325T080000Z"];

async function allPages(params: calendar_v3.Params$Resource$Events$List) {
  const items: calendar_v3.Schema$Event[] = [];
  let pageToken: string | undefined;
  for (;;) {
    const { data } = await c.cal.events.list({ ...params, ...(pageToken ? { pageToken } : {}) });
    items.push(...(data.items ?? []));
    if (!data.nextPageToken) return { items, nextSyncToken: data.nextSyncToken ?? "" };
    pageToken = data.nextPageToken;
  }
}

describe("single instances (guide: Modifying instances)", () => {
  it("reads an instance by its id, and an update of it becomes an exception in place of that instance", async () => {
    await c.cal.events.insert({ calendarId: "primary", requestBody: standup() });
    const { data: instance } = await c.cal.events.get({ calendarId: "primary", eventId: MON[1]! });
    expect(instance).toMatchObject({ id: MON[1], recurringEventId: "standup0001", originalStartTime: { dateTime: "2030-03-11T09:00:00+01:00" } });

    // The guide's recipe: get the instance, change it, PUT it back.
    const { data: updated } = await c.cal.events.update({
      calendarId: "primary",
      eventId: MON[1]!,
      requestBody: { ...instance, summary: "Standup (moved)", start: { dateTime: "2030-03-12T10:00:00", timeZone: "Europe/Berlin" }, end: { dateTime: "2030-03-12T10:30:00", timeZone: "Europe/Berlin" } },
    });
    expect(updated).toMatchObject({ id: MON[1], recurringEventId: "standup0001", originalStartTime: { dateTime: "2030-03-11T09:00:00+01:00" }, summary: "Standup (moved)" });

    const singles = await allPages({ calendarId: "primary", singleEvents: true, orderBy: "startTime" });
    expect(singles.items.map((e) => [e.id, e.summary, e.start?.dateTime])).toEqual([
      [MON[0], "Standup", "2030-03-04T09:00:00+01:00"],
      [MON[1], "Standup (moved)", "2030-03-12T10:00:00"],
      [MON[2], "Standup", "2030-03-18T09:00:00+01:00"],
      [MON[3], "Standup", "2030-03-25T09:00:00+01:00"],
    ]);
    const series = await allPages({ calendarId: "primary" });
    expect(series.items.map((e) => e.id)).toEqual(["standup0001", MON[1]]);
    expect((await c.cal.events.get({ calendarId: "primary", eventId: MON[1]! })).data.summary).toBe("Standup (moved)");
  });

  it("patches one instance, deletes another, and incremental sync reports exactly those two", async () => {
    await c.cal.events.insert({ calendarId: "primary", requestBody: standup() });
    const full = await allPages({ calendarId: "primary", singleEvents: true });
    expect(full.items).toHaveLength(4);

    await c.cal.events.patch({ calendarId: "primary", eventId: MON[0]!, requestBody: { summary: "Standup with coffee" } });
    await c.cal.events.delete({ calendarId: "primary", eventId: MON[2]! });
    const delta = await allPages({ calendarId: "primary", singleEvents: true, syncToken: full.nextSyncToken });
    expect(delta.items).toHaveLength(2);
    expect(delta.items.find((e) => e.id === MON[0])).toMatchObject({ summary: "Standup with coffee", status: "confirmed" });
    // "Cancelled exceptions are only guaranteed to have values for the id, recurringEventId and originalStartTime fields."
    expect(delta.items.find((e) => e.id === MON[2])).toMatchObject({ status: "cancelled", recurringEventId: "standup0001", originalStartTime: { dateTime: "2030-03-18T09:00:00+01:00" } });

    expect((await allPages({ calendarId: "primary", singleEvents: true, orderBy: "startTime" })).items.map((e) => e.id)).toEqual([MON[0], MON[1], MON[3]]);
    // events.list: "Cancelled instances of recurring events ... will still be included if showDeleted and singleEvents are both False."
    const series = await allPages({ calendarId: "primary" });
    expect(series.items.map((e) => [e.id, e.status])).toEqual([
      ["standup0001", "confirmed"],
      [MON[0], "confirmed"],
      [MON[2], "cancelled"],
    ]);
    // A time window applies to exceptions too (a cancelled one by its original slot).
    const windowed = await allPages({ calendarId: "primary", timeMin: "2030-03-20T00:00:00Z", timeMax: "2030-04-01T00:00:00Z" });
    expect(windowed.items.map((e) => e.id)).toEqual(["standup0001"]);
    // A cancelled instance reads as cancelled, and deleting it again is 410, like any deleted event.
    expect((await c.cal.events.get({ calendarId: "primary", eventId: MON[2]! })).data.status).toBe("cancelled");
    expect((await apiError(c.cal.events.delete({ calendarId: "primary", eventId: MON[2]! }, { retry: false }))).status).toBe(410);
  });

  it("cancels an instance through an update with status cancelled, and keeps If-Match on instances", async () => {
    await c.cal.events.insert({ calendarId: "primary", requestBody: standup() });
    const { data: instance } = await c.cal.events.get({ calendarId: "primary", eventId: MON[3]! });
    expect((await apiError(c.cal.events.update({ calendarId: "primary", eventId: MON[3]!, requestBody: instance }, { headers: { "If-Match": '"stale"' } }))).status).toBe(412);
    await c.cal.events.update({ calendarId: "primary", eventId: MON[3]!, requestBody: { ...instance, status: "cancelled" } }, { headers: { "If-Match": instance.etag ?? "" } });
    expect((await allPages({ calendarId: "primary", singleEvents: true })).items.map((e) => e.id)).toEqual(MON.slice(0, 3));
  });

  it("answers 404 for an instance id the rule never yields", async () => {
    await c.cal.events.insert({ calendarId: "primary", requestBody: standup() });
    expect((await apiError(c.cal.events.get({ calendarId: "primary", eventId: "standup0001_20300305T080000Z" }))).status).toBe(404);
    expect((await apiError(c.cal.events.patch({ calendarId: "primary", eventId: "standup0001_20300401T070000Z", requestBody: { summary: "x" } }))).status).toBe(404);
  });
});

describe("events.instances (https://developers.google.com/calendar/api/v3/reference/events/instances)", () => {
  it("lists the series in start order with exceptions in place; cancelled ones only with showDeleted; originalStart picks one", async () => {
    await c.cal.events.insert({ calendarId: "primary", requestBody: standup() });
    await c.cal.events.patch({ calendarId: "primary", eventId: MON[1]!, requestBody: { summary: "Retro" } });
    await c.cal.events.delete({ calendarId: "primary", eventId: MON[2]! });
    const list = await c.cal.events.instances({ calendarId: "primary", eventId: "standup0001" });
    expect(list.data.items?.map((e) => [e.id, e.summary])).toEqual([
      [MON[0], "Standup"],
      [MON[1], "Retro"],
      [MON[3], "Standup"],
    ]);
    const withDeleted = await c.cal.events.instances({ calendarId: "primary", eventId: "standup0001", showDeleted: true });
    expect(withDeleted.data.items?.map((e) => e.status)).toEqual(["confirmed", "confirmed", "cancelled", "confirmed"]);
    const one = await c.cal.events.instances({ calendarId: "primary", eventId: "standup0001", originalStart: "2030-03-11T09:00:00+01:00" });
    expect(one.data.items?.map((e) => e.id)).toEqual([MON[1]]);
  });
});

describe("this and following (guide: Modifying all following instances)", () => {
  async function splitLikeTheGuide() {
    // 1. Trim the original series so it ends before the third Monday; 2. start a new series there.
    await c.cal.events.patch({ calendarId: "primary", eventId: "standup0001", requestBody: { recurrence: ["RRULE:FREQ=WEEKLY;UNTIL=20300317T225959Z"] } });
    await c.cal.events.insert({
      calendarId: "primary",
      requestBody: {
        ...standup(["RRULE:FREQ=WEEKLY;COUNT=2"]),
        id: "standup0002",
        summary: "Standup (new room)",
        start: { dateTime: "2030-03-18T09:00:00", timeZone: "Europe/Berlin" },
        end: { dateTime: "2030-03-18T09:30:00", timeZone: "Europe/Berlin" },
      },
    });
  }

  it("singleEvents=true: the trimmed instances come back cancelled, the new series' instances live — no ghosts", async () => {
    await c.cal.events.insert({ calendarId: "primary", requestBody: standup() });
    const full = await allPages({ calendarId: "primary", singleEvents: true });
    await splitLikeTheGuide();
    const delta = await allPages({ calendarId: "primary", singleEvents: true, syncToken: full.nextSyncToken });
    const byId = new Map(delta.items.map((e) => [e.id, e]));
    expect(byId.get(MON[2])).toMatchObject({ status: "cancelled", recurringEventId: "standup0001" });
    expect(byId.get(MON[3])).toMatchObject({ status: "cancelled", recurringEventId: "standup0001" });
    expect(byId.get("standup0002_20300318T080000Z")).toMatchObject({ status: "confirmed", summary: "Standup (new room)" });
    expect(byId.get("standup0002_20300325T080000Z")).toMatchObject({ status: "confirmed" });

    // Applying the delta to the full listing leaves exactly what Google shows now.
    const state = new Map(full.items.map((e) => [e.id, e]));
    for (const e of delta.items) {
      if (e.status === "cancelled") state.delete(e.id);
      else state.set(e.id, e);
    }
    const now = await allPages({ calendarId: "primary", singleEvents: true });
    expect([...state.keys()].sort()).toEqual(now.items.map((e) => e.id).sort());
    expect(now.items).toHaveLength(4);
    // The next delta is empty: each trimmed instance was reported once.
    expect((await allPages({ calendarId: "primary", singleEvents: true, syncToken: delta.nextSyncToken })).items).toEqual([]);
  });

  it("singleEvents=false: the changed master and the new one are reported, not the trimmed instances one by one", async () => {
    await c.cal.events.insert({ calendarId: "primary", requestBody: standup() });
    await c.cal.events.delete({ calendarId: "primary", eventId: MON[3]! });
    const full = await allPages({ calendarId: "primary" });
    await splitLikeTheGuide();
    const delta = await allPages({ calendarId: "primary", syncToken: full.nextSyncToken });
    expect(delta.items.map((e) => [e.id, e.status, e.recurrence?.[0]])).toEqual([
      ["standup0001", "confirmed", "RRULE:FREQ=WEEKLY;UNTIL=20300317T225959Z"],
      ["standup0002", "confirmed", "RRULE:FREQ=WEEKLY;COUNT=2"],
    ]);
  });

  it("the accounts window's split does the same: trimmed master, `<id>_R<start>` series, exceptions after the split cancelled", async () => {
    await c.cal.events.insert({ calendarId: "primary", requestBody: standup() });
    await c.cal.events.patch({ calendarId: "primary", eventId: MON[3]!, requestBody: { summary: "Last one" } });
    const full = await allPages({ calendarId: "primary", singleEvents: true });
    const { created } = await control(emu).splitSeries(email, "primary", "standup0001", MON[2]!, { summary: "Standup v2" });
    expect(created.id).toBe("standup0001_R20300318T080000");
    const now = await allPages({ calendarId: "primary", singleEvents: true, orderBy: "startTime" });
    expect(now.items.map((e) => [e.id, e.summary])).toEqual([
      [MON[0], "Standup"],
      [MON[1], "Standup"],
      ["standup0001_R20300318T080000_20300318T080000Z", "Standup v2"],
      ["standup0001_R20300318T080000_20300325T080000Z", "Standup v2"],
    ]);
    const delta = await allPages({ calendarId: "primary", singleEvents: true, syncToken: full.nextSyncToken });
    expect(delta.items.filter((e) => e.status === "cancelled").map((e) => e.id).sort()).toEqual([MON[2], MON[3]]);
  });

  it("deleting the master cancels every instance and exception", async () => {
    await c.cal.events.insert({ calendarId: "primary", requestBody: standup() });
    await c.cal.events.patch({ calendarId: "primary", eventId: MON[1]!, requestBody: { summary: "Retro" } });
    const full = await allPages({ calendarId: "primary", singleEvents: true });
    await c.cal.events.delete({ calendarId: "primary", eventId: "standup0001" });
    const delta = await allPages({ calendarId: "primary", singleEvents: true, syncToken: full.nextSyncToken });
    expect(delta.items.map((e) => [e.id, e.status]).sort()).toEqual(MON.map((id) => [id, "cancelled"]));
    expect((await allPages({ calendarId: "primary", singleEvents: true })).items).toEqual([]);
    expect((await allPages({ calendarId: "primary" })).items).toEqual([]);
  });
});

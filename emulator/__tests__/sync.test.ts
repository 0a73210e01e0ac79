import type { calendar_v3 } from "@googleapis/calendar";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../index";
import { apiError, connect, type Connected, control, emulatorPerFile } from "./helpers";

let emu: Emulator;
let c: Connected;
const email = "ann@example.com";
emulatorPerFile(
  (started) => (emu = started),
  async () => {
    c = await connect(emu, email);
  },
);

const at = (day: number, hour: number, summary: string): calendar_v3.Schema$Event => ({
  summary,
  start: { dateTime: `2030-01-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z` },
  end: { dateTime: `2030-01-${String(day).padStart(2, "0")}T${String(hour + 1).padStart(2, "0")}:00:00Z` },
});

/** What our sync layer will do: follow nextPageToken to the end, keep the nextSyncToken. */
async function fullList(params: calendar_v3.Params$Resource$Events$List) {
  const items: calendar_v3.Schema$Event[] = [];
  let pageToken: string | undefined;
  let pages = 0;
  for (;;) {
    const res = await c.cal.events.list({ ...params, ...(pageToken ? { pageToken } : {}) });
    pages++;
    items.push(...(res.data.items ?? []));
    if (res.data.nextPageToken) {
      expect(res.data.nextSyncToken).toBeUndefined();
      pageToken = res.data.nextPageToken;
      continue;
    }
    return { items, pages, nextSyncToken: res.data.nextSyncToken ?? "" };
  }
}

describe("events.list and sync tokens", () => {
  it("pages a full sync, then returns only changes and deletions incrementally", async () => {
    const ctl = control(emu);
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) ids.push((await ctl.createEvent(email, "primary", at(i, 9, `E${i}`))).id ?? "");
    const full = await fullList({ calendarId: "primary", maxResults: 2 });
    expect(full.pages).toBe(3);
    expect(full.items.map((e) => e.summary)).toEqual(["E1", "E2", "E3", "E4", "E5"]);
    expect(full.nextSyncToken).toBeTruthy();

    const quiet = await c.cal.events.list({ calendarId: "primary", syncToken: full.nextSyncToken });
    expect(quiet.data.items).toEqual([]);

    await ctl.moveEvent(email, "primary", ids[1] ?? "", { byMinutes: 60 });
    await ctl.deleteEvent(email, "primary", ids[2] ?? "");
    const added = await ctl.createEvent(email, "primary", at(9, 9, "E9"));
    const delta = await fullList({ calendarId: "primary", syncToken: quiet.data.nextSyncToken ?? "" });
    const byId = new Map(delta.items.map((e) => [e.id, e]));
    expect(delta.items).toHaveLength(3);
    expect(byId.get(ids[1])?.start?.dateTime).toContain("T10:00:00");
    expect(byId.get(ids[2])).toMatchObject({ id: ids[2], status: "cancelled" });
    expect(byId.get(added.id)?.summary).toBe("E9");

    const after = await c.cal.events.list({ calendarId: "primary", syncToken: delta.nextSyncToken });
    expect(after.data.items).toEqual([]);
  });

  it("hides cancelled events in a full sync unless showDeleted", async () => {
    const ctl = control(emu);
    const e = await ctl.createEvent(email, "primary", at(1, 9, "gone"));
    await ctl.deleteEvent(email, "primary", e.id ?? "");
    expect((await c.cal.events.list({ calendarId: "primary" })).data.items).toEqual([]);
    const withDeleted = await c.cal.events.list({ calendarId: "primary", showDeleted: true });
    expect(withDeleted.data.items?.[0]).toMatchObject({ id: e.id, status: "cancelled" });
  });

  it("answers 410 fullSyncRequired after the token is invalidated", async () => {
    const first = await fullList({ calendarId: "primary" });
    await control(emu).invalidateSyncTokens({ email });
    const err = await apiError(c.cal.events.list({ calendarId: "primary", syncToken: first.nextSyncToken }, { retry: false }));
    expect(err).toMatchObject({ gaxios: true, status: 410, reason: "fullSyncRequired" });
    const again = await fullList({ calendarId: "primary" });
    expect((await c.cal.events.list({ calendarId: "primary", syncToken: again.nextSyncToken })).status).toBe(200);
  });

  it("answers 410 for an expired or unknown sync token", async () => {
    await control(emu).setConfig({ syncTokenTtlSeconds: 60 });
    const first = await fullList({ calendarId: "primary" });
    await control(emu).advanceClock(61_000);
    expect((await apiError(c.cal.events.list({ calendarId: "primary", syncToken: first.nextSyncToken }))).status).toBe(410);
    expect((await apiError(c.cal.events.list({ calendarId: "primary", syncToken: "bogus" }))).status).toBe(410);
  });

  it.each([
    ["timeMin", { timeMin: "2030-01-01T00:00:00Z" }],
    ["timeMax", { timeMax: "2030-01-01T00:00:00Z" }],
    ["updatedMin", { updatedMin: "2030-01-01T00:00:00Z" }],
    ["q", { q: "x" }],
    ["orderBy", { orderBy: "updated" }],
    ["privateExtendedProperty", { privateExtendedProperty: ["a=b"] }],
    ["iCalUID", { iCalUID: "x@google.com" }],
  ])("rejects %s together with syncToken (400)", async (_name, extra) => {
    const first = await fullList({ calendarId: "primary" });
    const err = await apiError(c.cal.events.list({ calendarId: "primary", syncToken: first.nextSyncToken, ...extra }));
    expect(err.status).toBe(400);
  });

  it("filters by time window, text and privateExtendedProperty", async () => {
    const ctl = control(emu);
    await ctl.createEvent(email, "primary", { ...at(1, 9, "Boiler"), extendedProperties: { private: { fs: "1" } } });
    await ctl.createEvent(email, "primary", { ...at(2, 9, "Dentist"), description: "teeth" });
    await ctl.createEvent(email, "primary", at(3, 9, "Gym"));
    const window = await c.cal.events.list({ calendarId: "primary", timeMin: "2030-01-02T00:00:00Z", timeMax: "2030-01-03T00:00:00Z" });
    expect(window.data.items?.map((e) => e.summary)).toEqual(["Dentist"]);
    const text = await c.cal.events.list({ calendarId: "primary", q: "TEETH" });
    expect(text.data.items?.map((e) => e.summary)).toEqual(["Dentist"]);
    const ext = await c.cal.events.list({ calendarId: "primary", privateExtendedProperty: ["fs=1"] });
    expect(ext.data.items?.map((e) => e.summary)).toEqual(["Boiler"]);
    const ordered = await c.cal.events.list({ calendarId: "primary", singleEvents: true, orderBy: "startTime" });
    expect(ordered.data.items?.map((e) => e.summary)).toEqual(["Boiler", "Dentist", "Gym"]);
    expect((await apiError(c.cal.events.list({ calendarId: "primary", orderBy: "startTime" }))).status).toBe(400);
  });

  it("caps maxResults at 2500 and includes changes made while paging in the next sync", async () => {
    const ctl = control(emu);
    for (let i = 1; i <= 3; i++) await ctl.createEvent(email, "primary", at(i, 9, `E${i}`));
    const page1 = await c.cal.events.list({ calendarId: "primary", maxResults: 2 });
    const late = await ctl.createEvent(email, "primary", at(7, 9, "late"));
    const page2 = await c.cal.events.list({ calendarId: "primary", maxResults: 2, pageToken: page1.data.nextPageToken ?? "" });
    expect(page2.data.items?.map((e) => e.summary)).toEqual(["E3"]);
    const delta = await c.cal.events.list({ calendarId: "primary", syncToken: page2.data.nextSyncToken ?? "" });
    expect(delta.data.items?.map((e) => e.id)).toEqual([late.id]);
    expect((await c.cal.events.list({ calendarId: "primary", maxResults: 99999 })).status).toBe(200);
  });
});

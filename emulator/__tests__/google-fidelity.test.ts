import type { calendar_v3 } from "@googleapis/calendar";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../index";
import { apiError, connect, type Connected, control, emulatorPerFile, startEmulator } from "./helpers";

let emu: Emulator;
let c: Connected;
const email = "ann@example.com";

emulatorPerFile(
  (started) => (emu = started),
  async () => {
    await control(emu).addUser(email, "Ann", "Australia/Sydney");
    c = await connect(emu, email);
  },
);

const event = (over: calendar_v3.Schema$Event = {}): calendar_v3.Schema$Event => ({
  summary: "x",
  start: { dateTime: "2030-01-01T09:00:00Z" },
  end: { dateTime: "2030-01-01T10:00:00Z" },
  ...over,
});

describe("request bodies read against the Events resource (https://developers.google.com/workspace/calendar/api/v3/reference/events)", () => {
  it("drops fields the resource does not have instead of echoing them back", async () => {
    const own = (await c.cal.calendars.insert({ requestBody: { summary: "FieldSync" } })).data.id ?? "";
    const body = { ...event(), colour: "red", start: { dateTime: "2030-01-01T09:00:00Z", zone: "x" } } as calendar_v3.Schema$Event;
    const created = (await c.cal.events.insert({ calendarId: own, requestBody: body })).data as Record<string, unknown>;
    expect(created).not.toHaveProperty("colour");
    expect(created.start).toEqual({ dateTime: "2030-01-01T09:00:00Z" });
    const read = (await c.cal.events.get({ calendarId: own, eventId: String(created.id) })).data as Record<string, unknown>;
    expect(read).not.toHaveProperty("colour");
  });

  it("refuses a known field of the wrong type with 400 invalid", async () => {
    const own = (await c.cal.calendars.insert({ requestBody: { summary: "FieldSync" } })).data.id ?? "";
    for (const bad of [{ summary: 42 }, { attendees: "bob@example.com" }, { sequence: "1" }, { extendedProperties: { private: { n: 1 } } }]) {
      const err = await apiError(c.cal.events.insert({ calendarId: own, requestBody: { ...event(), ...bad } as unknown as calendar_v3.Schema$Event }));
      expect(err, JSON.stringify(bad)).toMatchObject({ status: 400, reason: "invalid" });
    }
  });
});

describe("calendar time zones (Events: list `timeZone`, Calendars and CalendarList resources)", () => {
  it("returns the calendar's own zone in events.list, calendars.get and calendarList", async () => {
    const listed = await c.cal.events.list({ calendarId: "primary" });
    expect(listed.data.timeZone).toBe("Australia/Sydney");
    const berlin = (await c.cal.calendars.insert({ requestBody: { summary: "FieldSync", timeZone: "Europe/Berlin" } })).data.id ?? "";
    // calendar.app.created may read the calendar it made, not the primary one.
    expect((await c.cal.calendars.get({ calendarId: berlin })).data.timeZone).toBe("Europe/Berlin");
    expect((await c.cal.events.list({ calendarId: berlin })).data.timeZone).toBe("Europe/Berlin");
    const entries = (await c.cal.calendarList.list()).data.items ?? [];
    expect(Object.fromEntries(entries.map((e) => [e.id, e.timeZone]))).toEqual({ [email]: "Australia/Sydney", [berlin]: "Europe/Berlin" });
  });
});

describe("410 for an unusable sync token (https://developers.google.com/workspace/calendar/api/guides/errors#410_gone)", () => {
  it("answers with Google's documented body: domain calendar, reason fullSyncRequired, location syncToken", async () => {
    const first = await c.cal.events.list({ calendarId: "primary" });
    await control(emu).invalidateSyncTokens({ email });
    try {
      await c.cal.events.list({ calendarId: "primary", syncToken: first.data.nextSyncToken ?? "" }, { retry: false });
      expect.unreachable("the stale token must be refused");
    } catch (err) {
      const body = (err as { response?: { data?: unknown } }).response?.data;
      expect(body).toEqual({
        error: {
          code: 410,
          message: "Sync token is no longer valid, a full sync is required.",
          status: "FAILED_PRECONDITION",
          errors: [
            {
              domain: "calendar",
              reason: "fullSyncRequired",
              message: "Sync token is no longer valid, a full sync is required.",
              locationType: "parameter",
              location: "syncToken",
            },
          ],
        },
      });
    }
  });
});

describe("webhook addresses (push notifications guide: the address 'must use HTTPS', https://developers.google.com/workspace/calendar/api/guides/push)", () => {
  const watch = (id: string, address: string) => c.cal.events.watch({ calendarId: "primary", requestBody: { id, type: "web_hook", address } });

  it("refuses http addresses with 400 push.webhookUrlNotHttps unless the emulator allows them for local receivers", async () => {
    await control(emu).setConfig({ allowHttpWebhooks: false });
    expect(await apiError(watch("chan-http", "http://localhost:3000/api/google/webhook"))).toMatchObject({ status: 400, reason: "push.webhookUrlNotHttps" });
    expect((await watch("chan-https", "https://fieldsync.example.com/api/google/webhook")).data.id).toBe("chan-https");
    await control(emu).setConfig({ allowHttpWebhooks: true });
    expect((await watch("chan-local", "http://localhost:3000/api/google/webhook")).data.id).toBe("chan-local");
  });

  it("refuses http by default, as Google does", async () => {
    const strict = await startEmulator({ config: { allowHttpWebhooks: false } });
    try {
      const other = await connect(strict, email);
      const err = await apiError(other.cal.events.watch({ calendarId: "primary", requestBody: { id: "c1", type: "web_hook", address: "http://127.0.0.1:1/hook" } }));
      expect(err.reason).toBe("push.webhookUrlNotHttps");
    } finally {
      await strict.drainNotifications();
      await strict.close();
    }
  });
});

describe("calendarList sync tokens (calendarList.list reference, `syncToken`; https://developers.google.com/workspace/calendar/api/v3/reference/calendarList/list)", () => {
  async function fullList() {
    const items: calendar_v3.Schema$CalendarListEntry[] = [];
    let pageToken: string | undefined;
    for (;;) {
      const res = await c.cal.calendarList.list({ maxResults: 1, ...(pageToken ? { pageToken } : {}) });
      items.push(...(res.data.items ?? []));
      if (!res.data.nextPageToken) return { items, nextSyncToken: res.data.nextSyncToken ?? "" };
      expect(res.data.nextSyncToken).toBeUndefined();
      pageToken = res.data.nextPageToken;
    }
  }

  it("returns nextSyncToken on the last page, then only added, changed and deleted entries", async () => {
    const ctl = control(emu);
    const gym = await ctl.createCalendar(email, { summary: "Gym" });
    const full = await fullList();
    expect(full.items.map((e) => e.id).sort()).toEqual([email, gym.id].sort());
    expect(full.nextSyncToken).toBeTruthy();

    const quiet = await c.cal.calendarList.list({ syncToken: full.nextSyncToken });
    expect(quiet.data.items).toEqual([]);

    const work = await ctl.createCalendar(email, { summary: "Work" });
    await ctl.deleteCalendar(email, gym.id);
    const delta = await c.cal.calendarList.list({ syncToken: quiet.data.nextSyncToken ?? "" });
    expect(delta.data.items).toEqual([
      expect.objectContaining({ id: work.id, summary: "Work" }),
      { kind: "calendar#calendarListEntry", etag: expect.any(String) as string, id: gym.id, deleted: true },
    ]);
    expect((await c.cal.calendarList.list({ syncToken: delta.data.nextSyncToken ?? "" })).data.items).toEqual([]);
  });

  it("refuses minAccessRole or showHidden=false with a sync token, and answers 410 for an unknown one", async () => {
    const full = await fullList();
    expect((await apiError(c.cal.calendarList.list({ syncToken: full.nextSyncToken, minAccessRole: "owner" }))).status).toBe(400);
    expect((await apiError(c.cal.calendarList.list({ syncToken: full.nextSyncToken, showHidden: false }))).status).toBe(400);
    expect(await apiError(c.cal.calendarList.list({ syncToken: "bogus" }))).toMatchObject({ status: 410, reason: "fullSyncRequired" });
  });
});

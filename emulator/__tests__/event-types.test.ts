import type { calendar_v3 } from "@googleapis/calendar";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../index";
import { SCOPES } from "../scopes";
import { apiError, connect, type Connected, control, emulatorPerFile } from "./helpers";

/**
 * Event types and attendees, through the real client. Google's rules followed:
 * - Events reference, `eventType` and `attendees[]` (https://developers.google.com/workspace/calendar/api/v3/reference/events):
 *   the type "cannot be modified after the event is created", "fromGmail … cannot be created"; `responseStatus` is one
 *   of needsAction / declined / tentative / accepted; `self` ("this entry represents the calendar on which this copy of
 *   the event appears") and `organizer` are read-only.
 * - "Manage focus time, out of office, and working location events"
 *   (https://developers.google.com/workspace/calendar/api/guides/calendar-status): status events only on primary
 *   calendars; focus time and out of office are timed and opaque; a working location is public, transparent, timed or
 *   one all-day day, with workingLocationProperties; events.list filters with `eventTypes`.
 */
let emu: Emulator;
let c: Connected;
const email = "ann@example.com";
const FULL_ACCESS = [SCOPES.calendar, "openid", "email"];

emulatorPerFile(
  (started) => (emu = started),
  async () => {
    c = await connect(emu, email, FULL_ACCESS);
  },
);

const timed = (over: calendar_v3.Schema$Event = {}): calendar_v3.Schema$Event => ({
  summary: "x",
  start: { dateTime: "2030-03-04T09:00:00Z" },
  end: { dateTime: "2030-03-04T11:00:00Z" },
  ...over,
});
const allDay = (over: calendar_v3.Schema$Event = {}): calendar_v3.Schema$Event => ({
  summary: "x",
  start: { date: "2030-03-04" },
  end: { date: "2030-03-05" },
  ...over,
});
const insert = (requestBody: calendar_v3.Schema$Event, calendarId = "primary") => c.cal.events.insert({ calendarId, requestBody });

describe("event types", () => {
  it("creates default events unless told otherwise", async () => {
    expect((await insert(timed())).data.eventType).toBe("default");
  });

  it("creates out-of-office and focus-time events on the primary calendar as opaque timed events", async () => {
    const ooo = (await insert(timed({ eventType: "outOfOffice", outOfOfficeProperties: { autoDeclineMode: "declineNone" } }))).data;
    expect(ooo).toMatchObject({ eventType: "outOfOffice", transparency: "opaque", outOfOfficeProperties: { autoDeclineMode: "declineNone" } });
    const focus = (await insert(timed({ eventType: "focusTime" }))).data;
    expect(focus).toMatchObject({ eventType: "focusTime", transparency: "opaque", focusTimeProperties: {} });
  });

  it("refuses all-day or transparent focus time / out of office, and status events outside the primary calendar", async () => {
    expect((await apiError(insert(allDay({ eventType: "outOfOffice" })))).status).toBe(400);
    expect((await apiError(insert(allDay({ eventType: "focusTime" })))).status).toBe(400);
    expect((await apiError(insert(timed({ eventType: "focusTime", transparency: "transparent" })))).status).toBe(400);
    const secondary = (await c.cal.calendars.insert({ requestBody: { summary: "Side" } })).data.id ?? "";
    const refused = await apiError(insert(timed({ eventType: "outOfOffice" }), secondary));
    expect(refused).toMatchObject({ status: 400, reason: "invalid" });
  });

  it("creates working locations as public transparent events of a single day with their location", async () => {
    const home = (
      await insert(allDay({ eventType: "workingLocation", visibility: "public", transparency: "transparent", workingLocationProperties: { type: "homeOffice", homeOffice: {} } }))
    ).data;
    expect(home).toMatchObject({ eventType: "workingLocation", transparency: "transparent", workingLocationProperties: { type: "homeOffice" } });
    const office = { type: "officeLocation", officeLocation: { label: "HQ" } };
    const base = { eventType: "workingLocation", visibility: "public", transparency: "transparent", workingLocationProperties: office };
    expect((await insert(timed(base))).status).toBe(200);
    expect((await apiError(insert(timed({ ...base, transparency: "opaque" })))).status).toBe(400);
    expect((await apiError(insert(timed({ ...base, visibility: "default" })))).status).toBe(400);
    expect((await apiError(insert(timed({ ...base, workingLocationProperties: { type: "officeLocation" } })))).status).toBe(400);
    expect((await apiError(insert(allDay({ ...base, end: { date: "2030-03-06" } })))).status).toBe(400);
  });

  it("refuses fromGmail and unknown types, and never changes a type after creation", async () => {
    expect((await apiError(insert(timed({ eventType: "fromGmail" })))).status).toBe(400);
    expect((await apiError(insert(timed({ eventType: "party" })))).status).toBe(400);
    const created = (await insert(timed({ eventType: "focusTime" }))).data;
    const patch = await apiError(c.cal.events.patch({ calendarId: "primary", eventId: created.id ?? "", requestBody: { eventType: "default" } }));
    expect(patch.status).toBe(400);
    const update = await apiError(c.cal.events.update({ calendarId: "primary", eventId: created.id ?? "", requestBody: timed({ eventType: "outOfOffice" }) }, { retry: false }));
    expect(update.status).toBe(400);
    expect((await c.cal.events.patch({ calendarId: "primary", eventId: created.id ?? "", requestBody: { summary: "Deep work" } })).data.eventType).toBe("focusTime");
  });

  it("lists only the requested eventTypes", async () => {
    await insert(timed({ summary: "meeting" }));
    await insert(timed({ summary: "away", eventType: "outOfOffice" }));
    await insert(timed({ summary: "focus", eventType: "focusTime" }));
    const listed = await c.cal.events.list({ calendarId: "primary", eventTypes: ["outOfOffice", "focusTime"] });
    expect(listed.data.items?.map((e) => e.summary).sort()).toEqual(["away", "focus"]);
    expect((await apiError(c.cal.events.list({ calendarId: "primary", eventTypes: ["party"] }))).status).toBe(400);
  });
});

describe("attendees", () => {
  it("stores each attendee's responseStatus (default needsAction) and computes self and organizer", async () => {
    const created = (
      await insert(
        timed({
          attendees: [
            { email, responseStatus: "accepted", self: false },
            { email: "bob@example.com", self: true },
            { email: "cy@example.com", responseStatus: "tentative" },
          ],
        }),
      )
    ).data;
    expect(created.attendees).toEqual([
      { email, responseStatus: "accepted", organizer: true, self: true },
      { email: "bob@example.com", responseStatus: "needsAction" },
      { email: "cy@example.com", responseStatus: "tentative" },
    ]);
    expect((await apiError(insert(timed({ attendees: [{ email: "d@example.com", responseStatus: "maybe" }] })))).status).toBe(400);
  });

  it("shows an invitation the user declined with the self attendee declined", async () => {
    // Someone else's invitation in Ann's calendar (the control API may set the organizer, as an invitation does).
    const invite = await control(emu).createEvent(email, "primary", {
      ...timed({ summary: "Vendor demo" }),
      organizer: { email: "vendor@example.com" },
      attendees: [{ email: "vendor@example.com", responseStatus: "accepted" }, { email }],
    });
    await control(emu).patchEvent(email, "primary", invite.id ?? "", {
      attendees: [{ email: "vendor@example.com", responseStatus: "accepted" }, { email, responseStatus: "declined" }],
    });
    const got = (await c.cal.events.get({ calendarId: "primary", eventId: invite.id ?? "" })).data;
    expect(got.organizer).toEqual({ email: "vendor@example.com" });
    expect(got.attendees?.find((a) => a.self)).toEqual({ email, responseStatus: "declined", self: true });
    expect(got.attendees?.find((a) => a.organizer)?.email).toBe("vendor@example.com");
  });
});

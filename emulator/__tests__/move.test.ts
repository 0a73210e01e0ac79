/**
 * events.move (https://developers.google.com/calendar/api/v3/reference/events/move): "Moves an event to another
 * calendar, i.e. changes an event's organizer. Note that only default events can be moved". The source calendar's
 * incremental sync reports the event as deleted (sync guide, https://developers.google.com/calendar/api/guides/sync:
 * deleted entries come back with status cancelled); the destination holds it under the same id.
 */
import type { calendar_v3 } from "@googleapis/calendar";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../index";
import { apiError, connect, type Connected, control, emulatorPerFile, FIELDSYNC_SCOPES } from "./helpers";

const email = "ann@example.com";
const FULL = ["https://www.googleapis.com/auth/calendar"];
let emu: Emulator;
let c: Connected;
let work: string;
emulatorPerFile(
  (started) => (emu = started),
  async () => {
    c = await connect(emu, email, FULL);
    work = (await control(emu).createCalendar(email, { summary: "Work", timeZone: "Europe/Berlin" })).id;
  },
);

const job: calendar_v3.Schema$Event = {
  id: "fsbjob00001",
  summary: "[Confirmed] Boiler service",
  start: { dateTime: "2030-01-07T09:00:00Z" },
  end: { dateTime: "2030-01-07T10:00:00Z" },
  extendedProperties: { private: { fieldsyncKind: "booking", fieldsyncBookingId: "b-1" } },
};

async function syncToken(calendarId: string): Promise<string> {
  return (await c.cal.events.list({ calendarId, singleEvents: true })).data.nextSyncToken ?? "";
}

describe("events.move", () => {
  it("keeps the id and private properties in the destination and leaves the source cancelled for incremental sync", async () => {
    await c.cal.events.insert({ calendarId: work, requestBody: job });
    const [fromToken, toToken] = [await syncToken(work), await syncToken("primary")];

    const { data: moved } = await c.cal.events.move({ calendarId: work, eventId: "fsbjob00001", destination: "primary" });
    expect(moved).toMatchObject({ id: "fsbjob00001", summary: job.summary, extendedProperties: job.extendedProperties, organizer: { email } });

    const source = await c.cal.events.list({ calendarId: work, syncToken: fromToken, singleEvents: true });
    expect(source.data.items).toEqual([expect.objectContaining({ id: "fsbjob00001", status: "cancelled" })]);
    const destination = await c.cal.events.list({ calendarId: "primary", syncToken: toToken, singleEvents: true });
    expect(destination.data.items).toEqual([expect.objectContaining({ id: "fsbjob00001", status: "confirmed", extendedProperties: job.extendedProperties })]);
    expect((await c.cal.events.get({ calendarId: work, eventId: "fsbjob00001" })).data.status).toBe("cancelled");
    expect((await c.cal.events.list({ calendarId: work })).data.items).toEqual([]);
  });

  it("moves a series whole, exceptions included, and refuses to move a single instance", async () => {
    await c.cal.events.insert({
      calendarId: work,
      requestBody: { id: "series0001", summary: "Gym", start: { dateTime: "2030-01-07T18:00:00", timeZone: "Europe/Berlin" }, end: { dateTime: "2030-01-07T19:00:00", timeZone: "Europe/Berlin" }, recurrence: ["RRULE:FREQ=WEEKLY;COUNT=3"] },
    });
    await c.cal.events.patch({ calendarId: work, eventId: "series0001_20300114T170000Z", requestBody: { summary: "Gym (late)" } });
    const refused = await apiError(c.cal.events.move({ calendarId: work, eventId: "series0001_20300121T170000Z", destination: "primary" }));
    expect(refused).toMatchObject({ status: 400, reason: "cannotChangeOrganizerOfInstance" });

    await c.cal.events.move({ calendarId: work, eventId: "series0001", destination: "primary" });
    const there = await c.cal.events.list({ calendarId: "primary", singleEvents: true, orderBy: "startTime" });
    expect(there.data.items?.map((e) => e.summary)).toEqual(["Gym", "Gym (late)", "Gym"]);
    expect((await c.cal.events.list({ calendarId: work, singleEvents: true })).data.items).toEqual([]);
  });

  it("moves only default events (focusTime, outOfOffice, workingLocation cannot move)", async () => {
    // Focus time lives on primary calendars only (calendar-status guide), so the attempt is primary → work.
    await control(emu).createEvent(email, email, { ...job, id: "focus00001", eventType: "focusTime" });
    expect((await apiError(c.cal.events.move({ calendarId: "primary", eventId: "focus00001", destination: work }))).status).toBe(400);
    expect((await c.cal.events.get({ calendarId: "primary", eventId: "focus00001" })).data.status).toBe("confirmed");
  });

  it("needs a destination, write access to it, a write scope, and a free id there", async () => {
    await c.cal.events.insert({ calendarId: work, requestBody: job });
    expect((await apiError(c.cal.events.move({ calendarId: work, eventId: "fsbjob00001", destination: "" }))).status).toBe(400);
    await control(emu).addUser("bob@example.com");
    await control(emu).seed({ users: [{ email: "bob@example.com", calendars: [{ id: "bobs@group.calendar.google.com", summary: "Bob's", sharedWith: [{ email, role: "reader" }] }] }] });
    expect((await apiError(c.cal.events.move({ calendarId: work, eventId: "fsbjob00001", destination: "bobs@group.calendar.google.com" }))).status).toBe(403);
    await c.cal.events.insert({ calendarId: "primary", requestBody: { ...job, summary: "already here" } });
    expect((await apiError(c.cal.events.move({ calendarId: work, eventId: "fsbjob00001", destination: "primary" }))).status).toBe(409);
    // FieldSync's own scopes read events only (plus its own calendars): a move out is the user's doing, never the app's.
    const app = await connect(emu, email, FIELDSYNC_SCOPES);
    expect((await apiError(app.cal.events.move({ calendarId: work, eventId: "fsbjob00001", destination: "primary" }))).reason).toBe("insufficientPermissions");
  });

  it("the accounts window's calendar picker moves the event the same way", async () => {
    await c.cal.events.insert({ calendarId: work, requestBody: job });
    const moved = await control(emu).transferEvent(email, work, "fsbjob00001", email);
    expect(moved).toMatchObject({ id: "fsbjob00001", extendedProperties: job.extendedProperties });
    expect((await c.cal.events.get({ calendarId: work, eventId: "fsbjob00001" })).data.status).toBe("cancelled");
    // Moving it back revives the source's cancelled copy.
    await c.cal.events.move({ calendarId: "primary", eventId: "fsbjob00001", destination: work });
    expect((await c.cal.events.get({ calendarId: work, eventId: "fsbjob00001" })).data.status).toBe("confirmed");
  });
});

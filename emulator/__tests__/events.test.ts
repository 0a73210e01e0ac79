import type { calendar_v3 } from "@googleapis/calendar";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../index";
import { apiError, connect, type Connected, emulatorPerFile } from "./helpers";

let emu: Emulator;
let c: Connected;
let calendarId: string;
emulatorPerFile(
  (started) => (emu = started),
  async () => {
    c = await connect(emu, "ann@example.com");
    calendarId = (await c.cal.calendars.insert({ requestBody: { summary: "FieldSync", timeZone: "Europe/Berlin" } })).data.id ?? "";
  },
);

const booking = (over: calendar_v3.Schema$Event = {}): calendar_v3.Schema$Event => ({
  summary: "Boiler service",
  location: "Main St 1",
  description: "Bring parts",
  start: { dateTime: "2030-03-04T09:00:00", timeZone: "Europe/Berlin" },
  end: { dateTime: "2030-03-04T10:30:00", timeZone: "Europe/Berlin" },
  extendedProperties: { private: { fieldsyncBookingId: "b-1" } },
  ...over,
});

describe("events", () => {
  it("inserts with a client-supplied id and answers 409 duplicate for the same id", async () => {
    const id = "fs0booking0001";
    const res = await c.cal.events.insert({ calendarId, requestBody: booking({ id }) });
    expect(res.data).toMatchObject({
      kind: "calendar#event",
      id,
      status: "confirmed",
      iCalUID: `${id}@google.com`,
      extendedProperties: { private: { fieldsyncBookingId: "b-1" } },
      organizer: { email: calendarId, self: true },
    });
    expect(res.data.etag).toMatch(/^"\d+"$/);
    const dup = await apiError(c.cal.events.insert({ calendarId, requestBody: booking({ id }) }));
    expect(dup).toMatchObject({ gaxios: true, status: 409, reason: "duplicate" });
  });

  it("rejects ids that are not base32hex of 5-1024 characters", async () => {
    for (const id of ["abc", "UPPERCASE1", "has-dash-1", "wxyz12345"]) {
      const err = await apiError(c.cal.events.insert({ calendarId, requestBody: booking({ id }) }));
      expect(err.status, id).toBe(400);
    }
  });

  it("validates times: missing end, empty range, missing time zone", async () => {
    expect((await apiError(c.cal.events.insert({ calendarId, requestBody: booking({ end: undefined }) }))).status).toBe(400);
    const empty = await apiError(
      c.cal.events.insert({ calendarId, requestBody: booking({ end: { dateTime: "2030-03-04T08:00:00", timeZone: "Europe/Berlin" } }) }),
    );
    expect(empty.reason).toBe("timeRangeEmpty");
    const noTz = await apiError(c.cal.events.insert({ calendarId, requestBody: booking({ start: { dateTime: "2030-03-04T09:00:00" } }) }));
    expect(noTz.status).toBe(400);
  });

  it("patches with the current etag and answers 412 conditionNotMet for a stale one", async () => {
    const created = (await c.cal.events.insert({ calendarId, requestBody: booking() })).data;
    const patched = await c.cal.events.patch(
      { calendarId, eventId: created.id ?? "", requestBody: { summary: "Boiler repair", extendedProperties: { private: { extra: "1" } } } },
      { headers: { "If-Match": created.etag ?? "" } },
    );
    expect(patched.data.summary).toBe("Boiler repair");
    expect(patched.data.location).toBe("Main St 1");
    // Patch merges nested objects, as Google does.
    expect(patched.data.extendedProperties?.private).toEqual({ fieldsyncBookingId: "b-1", extra: "1" });
    expect(patched.data.etag).not.toBe(created.etag);
    const stale = await apiError(
      c.cal.events.patch({ calendarId, eventId: created.id ?? "", requestBody: { summary: "late" } }, { headers: { "If-Match": created.etag ?? "" } }),
    );
    expect(stale).toMatchObject({ status: 412, reason: "conditionNotMet" });
  });

  it("updates the whole resource, honouring If-Match", async () => {
    const created = (await c.cal.events.insert({ calendarId, requestBody: booking() })).data;
    const updated = await c.cal.events.update({ calendarId, eventId: created.id ?? "", requestBody: booking({ summary: "Replaced", location: undefined }) });
    expect(updated.data.summary).toBe("Replaced");
    expect(updated.data.location).toBeUndefined();
    expect(updated.data.created).toBe(created.created);
    const stale = await apiError(
      c.cal.events.update({ calendarId, eventId: created.id ?? "", requestBody: booking() }, { headers: { "If-Match": created.etag ?? "" }, retry: false }),
    );
    expect(stale.status).toBe(412);
  });

  it("deletes, keeps the event readable as cancelled, and answers 410 on a second delete", async () => {
    const created = (await c.cal.events.insert({ calendarId, requestBody: booking() })).data;
    await c.cal.events.delete({ calendarId, eventId: created.id ?? "" });
    const got = await c.cal.events.get({ calendarId, eventId: created.id ?? "" });
    expect(got.data.status).toBe("cancelled");
    const again = await apiError(c.cal.events.delete({ calendarId, eventId: created.id ?? "" }, { retry: false }));
    expect(again).toMatchObject({ status: 410, reason: "deleted" });
    const missing = await apiError(c.cal.events.get({ calendarId, eventId: "nosuchevent1" }, { retry: false }));
    expect(missing).toMatchObject({ status: 404, reason: "notFound" });
  });

  it("stores all-day events, transparency, status, attendees", async () => {
    const res = await c.cal.events.insert({
      calendarId,
      requestBody: {
        summary: "Holiday",
        start: { date: "2030-05-01" },
        end: { date: "2030-05-02" },
        transparency: "transparent",
        status: "tentative",
        attendees: [{ email: "client@example.com" }],
      },
    });
    const got = (await c.cal.events.get({ calendarId, eventId: res.data.id ?? "" })).data;
    expect(got).toMatchObject({ start: { date: "2030-05-01" }, end: { date: "2030-05-02" }, transparency: "transparent", status: "tentative" });
    expect(got.attendees?.[0]?.email).toBe("client@example.com");
  });
});

import { describe, expect, it } from "vitest";
import type { Emulator } from "../index";
import { calendar } from "@googleapis/calendar";
import { apiError, connect, consent, control, emulatorPerFile, FIELDSYNC_SCOPES, oauthClient, REDIRECT_URI } from "./helpers";

let emu: Emulator;
emulatorPerFile((started) => (emu = started));

describe("calendarList and calendars", () => {
  it("creates a secondary calendar with calendar.app.created and lists it next to the primary", async () => {
    const { cal } = await connect(emu, "ann@example.com");
    const created = await cal.calendars.insert({ requestBody: { summary: "FieldSync", timeZone: "Europe/Berlin" } });
    expect(created.data).toMatchObject({ kind: "calendar#calendar", summary: "FieldSync", timeZone: "Europe/Berlin" });
    expect(created.data.id).toMatch(/@group\.calendar\.google\.com$/);
    const list = await cal.calendarList.list();
    expect(list.data.kind).toBe("calendar#calendarList");
    const items = list.data.items ?? [];
    expect(items.find((c) => c.primary)).toMatchObject({ id: "ann@example.com", accessRole: "owner", selected: true });
    expect(items.find((c) => c.id === created.data.id)).toMatchObject({ summary: "FieldSync", accessRole: "owner", backgroundColor: expect.stringMatching(/^#/) });
    const got = await cal.calendars.get({ calendarId: created.data.id ?? "" });
    expect(got.data.summary).toBe("FieldSync");
  });

  it("lets a test act as the user creating and deleting a calendar of their own (control API)", async () => {
    const { cal } = await connect(emu, "dee@example.com");
    const created = await control(emu).createCalendar("dee@example.com", { summary: "Side jobs" });
    expect((await cal.calendarList.list()).data.items?.map((c) => c.summary)).toContain("Side jobs");
    await control(emu).deleteCalendar("dee@example.com", created.id);
    expect((await cal.calendarList.list()).data.items?.map((c) => c.summary)).not.toContain("Side jobs");
    await expect(control(emu).deleteCalendar("dee@example.com", "dee@example.com")).rejects.toThrow(/400/);
    await expect(control(emu).deleteCalendar("dee@example.com", created.id)).rejects.toThrow(/404/);
  });

  it("pages calendarList with maxResults", async () => {
    const { cal } = await connect(emu, "bob@example.com");
    for (const n of [1, 2, 3]) await cal.calendars.insert({ requestBody: { summary: `C${n}` } });
    const first = await cal.calendarList.list({ maxResults: 2 });
    expect(first.data.items).toHaveLength(2);
    const second = await cal.calendarList.list({ maxResults: 2, pageToken: first.data.nextPageToken ?? "" });
    expect(second.data.items).toHaveLength(2);
    expect(second.data.nextPageToken).toBeUndefined();
  });

  it("refuses the primary calendar's deletion and deletes an app calendar", async () => {
    const { cal } = await connect(emu, "cy@example.com", ["https://www.googleapis.com/auth/calendar"]);
    const created = await cal.calendars.insert({ requestBody: { summary: "Temp" } });
    await cal.calendars.delete({ calendarId: created.data.id ?? "" });
    expect((await apiError(cal.calendars.get({ calendarId: created.data.id ?? "" }, { retry: false }))).status).toBe(404);
    const primary = await apiError(cal.calendars.delete({ calendarId: "primary" }, { retry: false }));
    expect(primary.status).toBe(400);
  });

  it("enforces scopes: app.created cannot touch events of calendars it did not create", async () => {
    await control(emu).seed({ users: [{ email: "dee@example.com", events: [] }] });
    const { cal } = await connect(emu, "dee@example.com", ["https://www.googleapis.com/auth/calendar.app.created"]);
    const listErr = await apiError(cal.calendarList.list({}, { retry: false }));
    expect(listErr).toMatchObject({ status: 403, reason: "insufficientPermissions" });
    const insertErr = await apiError(
      cal.events.insert({ calendarId: "primary", requestBody: { summary: "x", start: { date: "2030-01-01" }, end: { date: "2030-01-02" } } }),
    );
    expect(insertErr).toMatchObject({ status: 403, reason: "insufficientPermissions" });
    const own = await cal.calendars.insert({ requestBody: { summary: "Mine" } });
    const ev = await cal.events.insert({ calendarId: own.data.id ?? "", requestBody: { summary: "ok", start: { date: "2030-01-01" }, end: { date: "2030-01-02" } } });
    expect(ev.status).toBe(200);
  });

  it("enforces calendar.app.created per OAuth client: another client of the same user cannot write the calendar", async () => {
    await control(emu).registerClient({ clientId: "other-client.apps.googleusercontent.com", clientSecret: "other-secret", redirectUris: [REDIRECT_URI] });
    const first = await connect(emu, "hal@example.com");
    const made = await first.cal.calendars.insert({ requestBody: { summary: "Acme Plumbing" } });
    const calendarId = made.data.id ?? "";

    const other = oauthClient(emu.url, "other-client.apps.googleusercontent.com", "other-secret");
    const redirect = await consent(other.generateAuthUrl({ access_type: "offline", scope: FIELDSYNC_SCOPES }), "allow", "hal@example.com");
    other.setCredentials((await other.getToken(redirect.searchParams.get("code") ?? "")).tokens);
    const cal = calendar({ version: "v3", auth: other, rootUrl: `${emu.url}/` });
    // The user owns it, so it is on the list either client reads; only its creator may write it.
    const listed = (await cal.calendarList.list()).data.items?.find((c) => c.id === calendarId);
    expect(listed).toMatchObject({ summary: "Acme Plumbing", accessRole: "owner" });
    const event = { summary: "Job", start: { date: "2030-01-01" }, end: { date: "2030-01-02" } };
    expect(await apiError(cal.events.insert({ calendarId, requestBody: event }))).toMatchObject({ status: 403, reason: "insufficientPermissions" });
    expect(await apiError(cal.calendars.get({ calendarId }, { retry: false }))).toMatchObject({ status: 403, reason: "insufficientPermissions" });
    expect(await apiError(cal.calendars.delete({ calendarId }, { retry: false }))).toMatchObject({ status: 403, reason: "insufficientPermissions" });
    // Reading its events is the events.readonly scope's business, not app.created's.
    expect((await cal.events.list({ calendarId })).status).toBe(200);
    const own = await cal.calendars.insert({ requestBody: { summary: "Acme Plumbing" } });
    expect((await cal.events.insert({ calendarId: own.data.id ?? "", requestBody: event })).status).toBe(200);
    expect((await first.cal.events.insert({ calendarId, requestBody: event })).status).toBe(200);
  });

  it("lets a read-only token read but not insert (403 insufficientPermissions)", async () => {
    const { cal } = await connect(emu, "eve@example.com", ["https://www.googleapis.com/auth/calendar.events.readonly"]);
    expect((await cal.events.list({ calendarId: "primary" })).status).toBe(200);
    const err = await apiError(cal.events.insert({ calendarId: "primary", requestBody: { summary: "x", start: { date: "2030-01-01" }, end: { date: "2030-01-02" } } }));
    expect(err).toMatchObject({ status: 403, reason: "insufficientPermissions" });
  });

  it("answers 401 without a token and 404 for calendars the user cannot see", async () => {
    const { cal } = await connect(emu, "fin@example.com");
    await connect(emu, "gil@example.com");
    const notMine = await apiError(cal.events.list({ calendarId: "gil@example.com" }, { retry: false }));
    expect(notMine).toMatchObject({ status: 404, reason: "notFound" });
    const anon = await fetch(`${emu.url}/calendar/v3/users/me/calendarList`);
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as { error: { errors: { reason: string }[] } }).error.errors[0]?.reason).toBe("required");
  });
});

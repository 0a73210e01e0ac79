/**
 * Google's real calendars, through the real emulator: weekly series whose single occurrences get moved or
 * cancelled and that get split ("this and following"), following the recurring-events guide
 * (https://developers.google.com/calendar/api/guides/recurringevents), and FieldSync events a user moves out of
 * the company calendar with Google's calendar picker (events.move,
 * https://developers.google.com/calendar/api/v3/reference/events/move). FieldSync's copy must equal what Google
 * lists with singleEvents=true — no ghosts, no duplicates — and a moved-out event is a deletion in Google.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listEvents } from "../../../../emulator/events-query";
import { bookings, googleCalendars, googleEvents, syncConflicts, syncLog, unavailableBlocks } from "../../db/schema";
import { bookingEventId, unavailableEventId } from "../core/event-ids";
import { resolveConflict } from "../io/conflicts";
import { SYNC_WINDOW_FUTURE_MS, WINDOW_REFRESH_MS } from "../io/pull-calendar";
import { runCronSweep } from "../triggers/cron-sweep";
import { createSyncHarness, type SyncHarness } from "./sync-harness";

const GOOGLE_EMAIL = "tom.recurring@gmail.com";
let h: SyncHarness;
let tomId: string;
let familyId: string;
const db = () => h.app.handle.db;

/** A Monday at 07:00 UTC, `weeks` weeks from the coming one. */
const monday = (weeks: number, hour = 7) => {
  const d = new Date();
  d.setUTCHours(hour, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7) + weeks * 7);
  return d;
};
const compact = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
const local = (d: Date) => d.toISOString().slice(0, 19);

async function rowsOf(googleCalendarId: string) {
  const [calendar] = await db().select().from(googleCalendars).where(eq(googleCalendars.googleCalendarId, googleCalendarId));
  return db().select().from(googleEvents).where(eq(googleEvents.calendarRowId, calendar!.id));
}

/** What Google lists for the calendar with singleEvents=true (the oracle), as id → summary. */
function googleSingleEvents(calendarId: string): Map<string, string> {
  const calendar = h.emulator.store.calendars.get(calendarId)!;
  const { items } = listEvents(h.emulator.store, calendar, new URLSearchParams({ singleEvents: "true", maxResults: "2500" }));
  return new Map(items.map((e) => [e.id ?? "", e.summary ?? ""]));
}

async function expectImportedEqualsGoogle(calendarId: string) {
  const rows = (await rowsOf(calendarId)).filter((r) => r.kind === "foreign");
  expect(new Map(rows.map((r) => [r.googleEventId, r.summary]))).toEqual(googleSingleEvents(calendarId));
  expect(new Set(rows.map((r) => r.googleEventId)).size).toBe(rows.length);
}

beforeAll(async () => {
  h = await createSyncHarness({ bookingCount: 4 });
  await h.control.addUser(GOOGLE_EMAIL, "Tom Recurring", "UTC");
  familyId = (await h.control.createCalendar(GOOGLE_EMAIL, { summary: "Family", timeZone: "UTC" })).id;
  tomId = (await h.connect("acme", "Tom", GOOGLE_EMAIL)).fieldworkerId;
  await h.settle();
});
afterAll(() => h?.close());

describe("a weekly series in a calendar FieldSync reads", () => {
  const seriesId = "gmseries001";
  const instance = (weeks: number) => `${seriesId}_${compact(monday(weeks))}`;

  it("imports each occurrence once, then follows a moved and a cancelled occurrence in place", async () => {
    await h.control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, {
      id: seriesId,
      summary: "Gym",
      start: { dateTime: local(monday(0)), timeZone: "UTC" },
      end: { dateTime: local(monday(0, 8)), timeZone: "UTC" },
      recurrence: ["RRULE:FREQ=WEEKLY;COUNT=6"],
    });
    await h.settle();
    expect((await rowsOf(GOOGLE_EMAIL)).filter((r) => r.googleEventId.startsWith(seriesId))).toHaveLength(6);

    // One Monday moves to Tuesday 18:00; another is cancelled ("delete this event").
    const tuesday = new Date(monday(1).getTime() + 35 * 3_600_000);
    await h.control.patchEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, instance(1), {
      summary: "Gym (moved)",
      start: { dateTime: local(tuesday), timeZone: "UTC" },
      end: { dateTime: local(new Date(tuesday.getTime() + 3_600_000)), timeZone: "UTC" },
    });
    await h.control.deleteEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, instance(2));
    await h.settle();

    const rows = (await rowsOf(GOOGLE_EMAIL)).filter((r) => r.googleEventId.startsWith(seriesId));
    expect(rows).toHaveLength(5);
    expect(rows.find((r) => r.googleEventId === instance(1))).toMatchObject({ summary: "Gym (moved)", startsAt: tuesday });
    expect(rows.some((r) => r.googleEventId === instance(2))).toBe(false);
    await expectImportedEqualsGoogle(GOOGLE_EMAIL);
  });

  it("a split (this and following) leaves no ghosts of the trimmed occurrences and imports the new series", async () => {
    await h.control.splitSeries(GOOGLE_EMAIL, GOOGLE_EMAIL, seriesId, instance(3), { summary: "Gym (new gym)" });
    await h.settle();
    const rows = (await rowsOf(GOOGLE_EMAIL)).filter((r) => r.googleEventId.startsWith(seriesId));
    expect(rows.filter((r) => r.summary === "Gym (new gym)")).toHaveLength(3);
    for (const weeks of [3, 4, 5]) expect(rows.some((r) => r.googleEventId === instance(weeks))).toBe(false);
    expect(rows.map((r) => r.summary).sort()).toEqual(["Gym", "Gym (moved)", "Gym (new gym)", "Gym (new gym)", "Gym (new gym)"]);
    await expectImportedEqualsGoogle(GOOGLE_EMAIL);
  });

  it("a full sync after 410 finds the same set; deleting the series removes every occurrence", async () => {
    await h.control.invalidateSyncTokens({ email: GOOGLE_EMAIL });
    await db().update(googleCalendars).set({ dirty: true });
    await runCronSweep(db(), { budgetMs: 20_000 });
    await h.settle();
    await expectImportedEqualsGoogle(GOOGLE_EMAIL);

    await h.control.deleteEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, seriesId);
    await h.control.deleteEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, `${seriesId}_R${compact(monday(3)).replace(/Z$/, "")}`);
    await h.settle();
    expect((await rowsOf(GOOGLE_EMAIL)).filter((r) => r.googleEventId.startsWith(seriesId))).toEqual([]);
    await expectImportedEqualsGoogle(GOOGLE_EMAIL);
  });

  it("occurrences that time brings into the window are imported although nothing changed in Google", async () => {
    const far = new Date(Date.now() + SYNC_WINDOW_FUTURE_MS + 3 * 86_400_000);
    far.setUTCHours(9, 0, 0, 0);
    const created = await h.control.createEvent(GOOGLE_EMAIL, familyId, { summary: "Far away", start: { dateTime: far.toISOString() }, end: { dateTime: new Date(far.getTime() + 3_600_000).toISOString() } });
    await h.settle();
    expect((await rowsOf(familyId)).some((r) => r.googleEventId === created.id)).toBe(false);

    const later = new Date(Date.now() + WINDOW_REFRESH_MS + 86_400_000);
    await db().update(googleCalendars).set({ dirty: true });
    await runCronSweep(db(), { budgetMs: 20_000, clock: () => later });
    expect((await rowsOf(familyId)).some((r) => r.googleEventId === created.id)).toBe(true);
  });
});

describe("a Google event moved between two calendars FieldSync reads", () => {
  it("ends up imported once, under the calendar that holds it", async () => {
    const startsAt = new Date(Date.now() + 2 * 86_400_000);
    startsAt.setUTCHours(6, 0, 0, 0);
    const created = await h.control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, { summary: "Dinner", start: { dateTime: startsAt.toISOString() }, end: { dateTime: new Date(startsAt.getTime() + 3_600_000).toISOString() } });
    await h.settle();
    await h.control.transferEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, created.id!, familyId);
    await h.settle();
    expect((await rowsOf(GOOGLE_EMAIL)).some((r) => r.googleEventId === created.id)).toBe(false);
    expect((await rowsOf(familyId)).filter((r) => r.googleEventId === created.id)).toHaveLength(1);
    await expectImportedEqualsGoogle(GOOGLE_EMAIL);
    await expectImportedEqualsGoogle(familyId);
  });
});

describe("a FieldSync event moved out of the company calendar in Google", () => {
  async function bookingForTom(daysAhead: number) {
    const admin = await h.app.callerAs("admin@acme.test");
    const startsAt = new Date(Date.now() + daysAhead * 86_400_000);
    startsAt.setUTCHours(3, 0, 0, 0);
    const booking = await admin.bookings.create({
      customerId: h.app.acme.customers[0]!.id,
      statusId: h.app.acme.statuses.find((s) => s.name === "Confirmed")!.id,
      serviceName: "Blocked drain",
      amount: "90",
      suburb: "Newtown",
      addresses: ["1 King St, Newtown NSW 2042"],
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
      fieldworkerIds: [tomId],
    });
    await h.settle();
    return booking.id;
  }

  it("is a deletion in Google (a conflict), its moved copy is never imported, and re-create puts it back once", async () => {
    const bookingId = await bookingForTom(3);
    const company = await h.companyCalendarOf(tomId);
    const eventId = bookingEventId(bookingId);
    const moved = await h.control.transferEvent(GOOGLE_EMAIL, company.googleCalendarId, eventId, familyId);
    expect(moved.extendedProperties?.private).toMatchObject({ fieldsyncBookingId: bookingId });
    await h.settle();

    expect(await db().select().from(bookings).where(eq(bookings.id, bookingId))).toHaveLength(1);
    const [conflict] = await db().select().from(syncConflicts).where(and(eq(syncConflicts.bookingId, bookingId), eq(syncConflicts.fieldworkerId, tomId)));
    expect(conflict).toMatchObject({ kind: "deleted_in_google", resolvedAt: null });
    const logged = await db().select().from(syncLog).where(and(eq(syncLog.bookingId, bookingId), eq(syncLog.action, "deleted_in_google")));
    expect(logged).toHaveLength(1);
    // The copy now in "Family" carries our private properties: it is ours, not a foreign event to import.
    expect((await rowsOf(familyId)).some((r) => r.googleEventId === eventId)).toBe(false);

    expect(await resolveConflict(db(), { companyId: h.app.acme.company.id, conflictId: conflict!.id, resolution: "recreate" })).toBe(true);
    await h.settle();
    expect(h.emulator.store.eventsOf(company.googleCalendarId).get(eventId)?.event.status).toBe("confirmed");
    const copies = (await rowsOf(company.googleCalendarId)).filter((r) => r.bookingId === bookingId);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ deletedInGoogle: false });
    expect((await rowsOf(familyId)).some((r) => r.googleEventId === eventId)).toBe(false);
    expect(await db().select().from(syncConflicts).where(and(eq(syncConflicts.bookingId, bookingId), eq(syncConflicts.fieldworkerId, tomId)))).toHaveLength(1);

    // Even a full sync of "Family" (410) leaves the moved copy out.
    await h.control.invalidateSyncTokens({ email: GOOGLE_EMAIL, calendarId: familyId });
    await db().update(googleCalendars).set({ dirty: true });
    await runCronSweep(db(), { budgetMs: 20_000 });
    await h.settle();
    expect((await rowsOf(familyId)).some((r) => r.googleEventId === eventId)).toBe(false);
  });

  it("made to repeat in Google, it is written back as the single event FieldSync owns — no conflict, even after a full sync", async () => {
    const bookingId = await bookingForTom(6);
    const company = await h.companyCalendarOf(tomId);
    const eventId = bookingEventId(bookingId);
    const before = h.emulator.store.eventsOf(company.googleCalendarId).get(eventId)!.event;
    const zone = (time: typeof before.start) => ({ dateTime: time?.dateTime, timeZone: time?.timeZone ?? "UTC" });
    await h.control.patchEvent(GOOGLE_EMAIL, company.googleCalendarId, eventId, { recurrence: ["RRULE:FREQ=WEEKLY;COUNT=3"], start: zone(before.start), end: zone(before.end) });
    await h.settle();
    const after = h.emulator.store.eventsOf(company.googleCalendarId).get(eventId)!.event;
    expect(after).toMatchObject({ status: "confirmed", summary: before.summary });
    expect(after.recurrence).toBeUndefined();
    expect(await db().select().from(syncConflicts).where(eq(syncConflicts.bookingId, bookingId))).toEqual([]);
    const logged = await db().select().from(syncLog).where(and(eq(syncLog.bookingId, bookingId), eq(syncLog.action, "edited_in_google")));
    expect(logged.length).toBeGreaterThanOrEqual(1);

    // Made to repeat again while notifications are lost, then a full sync: the instances stand for the event.
    await h.control.addFault({ kind: "dropNotifications", match: { surface: "push" } });
    await h.control.patchEvent(GOOGLE_EMAIL, company.googleCalendarId, eventId, { recurrence: ["RRULE:FREQ=DAILY;COUNT=2"], start: zone(before.start), end: zone(before.end) });
    await h.control.clearFaults();
    await h.control.invalidateSyncTokens({ email: GOOGLE_EMAIL, calendarId: company.googleCalendarId });
    await db().update(googleCalendars).set({ dirty: true });
    await runCronSweep(db(), { budgetMs: 20_000 });
    await h.settle();
    expect(await db().select().from(syncConflicts).where(eq(syncConflicts.bookingId, bookingId))).toEqual([]);
    expect(h.emulator.store.eventsOf(company.googleCalendarId).get(eventId)!.event.recurrence).toBeUndefined();
  });

  it("accepting the deletion keeps the booking and leaves Google as the user left it", async () => {
    const bookingId = await bookingForTom(4);
    const company = await h.companyCalendarOf(tomId);
    const eventId = bookingEventId(bookingId);
    await h.control.transferEvent(GOOGLE_EMAIL, company.googleCalendarId, eventId, GOOGLE_EMAIL);
    await h.settle();
    const [conflict] = await db().select().from(syncConflicts).where(and(eq(syncConflicts.bookingId, bookingId), eq(syncConflicts.fieldworkerId, tomId)));
    expect(await resolveConflict(db(), { companyId: h.app.acme.company.id, conflictId: conflict!.id, resolution: "accept" })).toBe(true);
    await h.settle();
    expect(h.emulator.store.eventsOf(company.googleCalendarId).get(eventId)?.event.status).toBe("cancelled");
    expect(h.emulator.store.eventsOf(GOOGLE_EMAIL).get(eventId)?.event.status).toBe("confirmed");
    expect((await rowsOf(GOOGLE_EMAIL)).some((r) => r.googleEventId === eventId)).toBe(false);
    expect(await db().select().from(bookings).where(eq(bookings.id, bookingId))).toHaveLength(1);
  });

  it("an unavailable block moved out is deleted in FieldSync like a deletion in Google, and its copy is not imported", async () => {
    const tom = await h.app.callerAs("tom@acme.test");
    const startsAt = new Date(Date.now() + 5 * 86_400_000);
    startsAt.setUTCHours(4, 0, 0, 0);
    const block = await tom.unavailable.create({ startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), note: "Dentist" });
    await h.settle();
    const company = await h.companyCalendarOf(tomId);
    await h.control.transferEvent(GOOGLE_EMAIL, company.googleCalendarId, unavailableEventId(block.id), familyId);
    await h.settle();
    expect(await db().select().from(unavailableBlocks).where(eq(unavailableBlocks.id, block.id))).toHaveLength(0);
    expect((await rowsOf(familyId)).some((r) => r.googleEventId === unavailableEventId(block.id))).toBe(false);
  });
});

import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookings, googleCalendars, googleEvents, syncConflicts, syncLog, unavailableBlocks } from "../../db/schema";
import { bookingEventId, unavailableEventId } from "../core/event-ids";
import { createSyncHarness, type SyncHarness } from "./sync-harness";

const GOOGLE_EMAIL = "tom.chen@gmail.com";
let h: SyncHarness;
let tomId: string;
let primaryRowId: string;

const at = (daysAhead: number, hour: number) => {
  const d = new Date(Date.now() + daysAhead * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};
const imported = () =>
  h.app.handle.db.select().from(googleEvents).where(and(eq(googleEvents.calendarRowId, primaryRowId), eq(googleEvents.kind, "foreign")));

beforeAll(async () => {
  h = await createSyncHarness();
  await h.control.addUser(GOOGLE_EMAIL, "Tom Chen", "Australia/Sydney");
  await h.control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, { summary: "Already there", start: { dateTime: at(1, 1) }, end: { dateTime: at(1, 2) } });
  tomId = (await h.connect("acme", "Tom", GOOGLE_EMAIL)).fieldworkerId;
  await h.settle();
  const [primary] = await h.app.handle.db.select().from(googleCalendars).where(eq(googleCalendars.googleCalendarId, GOOGLE_EMAIL));
  primaryRowId = primary!.id;
});
afterAll(() => h?.close());

describe("pulling Google events", () => {
  it("imports the selected calendar's events on the first (full) sync", async () => {
    expect((await imported()).map((e) => e.summary)).toContain("Already there");
    const [calendar] = await h.app.handle.db.select().from(googleCalendars).where(eq(googleCalendars.id, primaryRowId));
    expect(calendar?.syncToken).toBeTruthy();
    expect(calendar?.lastFullSyncAt).not.toBeNull();
  });

  it("creates, moves and deletes through push notifications and incremental sync", async () => {
    await h.control.resetCounters();
    const created = await h.control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, { summary: "Dentist", start: { dateTime: at(2, 3) }, end: { dateTime: at(2, 4) } });
    await h.settle();
    expect(h.webhook.outcomes.some((o) => o.result === "queued")).toBe(true);
    const counters = await h.control.counters();
    expect(counters["calendar.events.list"]).toBe(1);
    const row = (await imported()).find((e) => e.googleEventId === created.id);
    expect(row).toMatchObject({ summary: "Dentist", busy: true });

    await h.control.moveEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, created.id!, { byMinutes: 60 });
    await h.settle();
    const moved = (await imported()).find((e) => e.googleEventId === created.id);
    expect(moved?.startsAt.toISOString()).toBe(new Date(Date.parse(at(2, 3)) + 3_600_000).toISOString());

    await h.control.deleteEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, created.id!);
    await h.settle();
    expect((await imported()).find((e) => e.googleEventId === created.id)).toBeUndefined();
  });

  it("recovers from an invalidated sync token (410) with a full sync that reconciles deletions", async () => {
    const gone = await h.control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, { summary: "Will vanish", start: { dateTime: at(3, 1) }, end: { dateTime: at(3, 2) } });
    await h.settle();
    expect((await imported()).some((e) => e.googleEventId === gone.id)).toBe(true);
    // Lost notification + invalid token: the next pull must notice the deletion anyway.
    await h.control.addFault({ kind: "dropNotifications", match: { surface: "push" } });
    await h.control.deleteEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, gone.id!);
    await h.control.clearFaults();
    await h.control.invalidateSyncTokens({ email: GOOGLE_EMAIL });
    await h.app.handle.db.update(googleCalendars).set({ dirty: true }).where(eq(googleCalendars.id, primaryRowId));
    const { runCronSweep } = await import("../triggers/cron-sweep");
    await runCronSweep(h.app.handle.db, { budgetMs: 20_000 });
    await h.settle();
    expect((await imported()).some((e) => e.googleEventId === gone.id)).toBe(false);
    expect((await imported()).some((e) => e.summary === "Already there")).toBe(true);
    const logs = await h.app.handle.db.select().from(syncLog).where(and(eq(syncLog.fieldworkerId, tomId), eq(syncLog.action, "full_sync")));
    expect(logs.length).toBeGreaterThanOrEqual(1);
  });

  it("imports all-day events at midnight in the calendar's zone, and marks private and free events", async () => {
    await h.control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, { summary: "Holiday", start: { date: at(4, 0).slice(0, 10) }, end: { date: at(5, 0).slice(0, 10) } });
    await h.control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, { summary: "Secret", visibility: "private", start: { dateTime: at(4, 5) }, end: { dateTime: at(4, 6) } });
    await h.control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, { summary: "Maybe", transparency: "transparent", start: { dateTime: at(4, 7) }, end: { dateTime: at(4, 8) } });
    await h.settle();
    const rows = await imported();
    expect(rows.find((e) => e.summary === "Holiday")).toMatchObject({ allDay: true });
    expect(rows.find((e) => e.summary === "Secret")).toMatchObject({ isPrivate: true });
    expect(rows.find((e) => e.summary === "Maybe")).toMatchObject({ busy: false });
  });

  it("never imports FieldSync's own events as foreign ones", async () => {
    const foreignCopies = await h.app.handle.db.select().from(googleEvents).where(eq(googleEvents.kind, "foreign"));
    expect(foreignCopies.every((e) => !e.googleEventId.startsWith("fsb") && !e.googleEventId.startsWith("fsu"))).toBe(true);
  });
});

describe("two-way ownership rules", () => {
  async function createBookingForTom() {
    const admin = await h.app.callerAs("admin@acme.test");
    const start = new Date(at(6, 2));
    const booking = await admin.bookings.create({
      customerId: h.app.acme.customers[0]!.id,
      statusId: h.app.acme.statuses.find((s) => s.name === "Confirmed")!.id,
      serviceName: "Leaking tap",
      amount: "150",
      suburb: "Newtown",
      addresses: ["12 King St, Newtown NSW 2042"],
      startsAt: start,
      endsAt: new Date(start.getTime() + 3_600_000),
      fieldworkerIds: [tomId],
    });
    await h.settle();
    return booking.id;
  }

  it("a time change made in Google moves the booking, and is logged", async () => {
    const bookingId = await createBookingForTom();
    const calendar = await h.companyCalendarOf(tomId);
    await h.control.moveEvent(GOOGLE_EMAIL, calendar.googleCalendarId, bookingEventId(bookingId), { byMinutes: 120 });
    await h.settle();
    const [booking] = await h.app.handle.db.select().from(bookings).where(eq(bookings.id, bookingId));
    expect(booking?.startsAt.toISOString()).toBe(new Date(Date.parse(at(6, 2)) + 2 * 3_600_000).toISOString());
    const log = await h.app.handle.db.select().from(syncLog).where(and(eq(syncLog.bookingId, bookingId), eq(syncLog.action, "booking_time_changed_in_google")));
    expect(log).toHaveLength(1);
  });

  it("a Google move whose notification was lost still wins when FieldSync next writes (412 → ownership rules)", async () => {
    const bookingId = await createBookingForTom();
    const calendar = await h.companyCalendarOf(tomId);
    await h.control.addFault({ kind: "dropNotifications", match: { surface: "push" } });
    await h.control.moveEvent(GOOGLE_EMAIL, calendar.googleCalendarId, bookingEventId(bookingId), { byMinutes: 30 });
    await h.control.clearFaults();
    const admin = await h.app.callerAs("admin@acme.test");
    const booking = await admin.bookings.get({ id: bookingId });
    await admin.bookings.update({
      id: bookingId,
      customerId: booking.customerId,
      statusId: booking.statusId,
      serviceName: "Leaking tap and washer",
      amount: "150",
      suburb: booking.suburb,
      addresses: booking.addresses,
      startsAt: booking.startsAt,
      endsAt: booking.endsAt,
      fieldworkerIds: [tomId],
    });
    await h.settle();
    const [moved] = await h.app.handle.db.select().from(bookings).where(eq(bookings.id, bookingId));
    expect(moved?.startsAt.getTime()).toBe(Date.parse(at(6, 2)) + 30 * 60_000);
    const event = h.emulator.store.eventsOf(calendar.googleCalendarId).get(bookingEventId(bookingId))?.event;
    expect(event?.summary).toContain("Leaking tap and washer");
    expect(new Date(event!.start!.dateTime!).getTime()).toBe(Date.parse(at(6, 2)) + 30 * 60_000);
  });

  it("a title edited in Google is overwritten with FieldSync's version", async () => {
    const bookingId = await createBookingForTom();
    const calendar = await h.companyCalendarOf(tomId);
    const eventId = bookingEventId(bookingId);
    await h.control.patchEvent(GOOGLE_EMAIL, calendar.googleCalendarId, eventId, { summary: "my own title" });
    await h.settle();
    expect(h.emulator.store.eventsOf(calendar.googleCalendarId).get(eventId)?.event.summary).toMatch(/^\[Confirmed\] Leaking tap/);
  });

  it("a booking deleted in Google is kept and recorded as a conflict; re-create puts it back", async () => {
    const bookingId = await createBookingForTom();
    const calendar = await h.companyCalendarOf(tomId);
    const eventId = bookingEventId(bookingId);
    await h.control.deleteEvent(GOOGLE_EMAIL, calendar.googleCalendarId, eventId);
    await h.settle();
    expect(await h.app.handle.db.select().from(bookings).where(eq(bookings.id, bookingId))).toHaveLength(1);
    const [conflict] = await h.app.handle.db.select().from(syncConflicts).where(eq(syncConflicts.bookingId, bookingId));
    expect(conflict).toMatchObject({ kind: "deleted_in_google", resolvedAt: null });

    const { resolveConflict } = await import("../io/conflicts");
    expect(await resolveConflict(h.app.handle.db, { companyId: h.app.acme.company.id, conflictId: conflict!.id, resolution: "recreate" })).toBe(true);
    await h.settle();
    expect(h.emulator.store.eventsOf(calendar.googleCalendarId).get(eventId)?.event.status).toBe("confirmed");
  });

  it("an unavailable block deleted in Google is deleted in FieldSync (the fieldworker owns their time)", async () => {
    const tom = await h.app.callerAs("tom@acme.test");
    const block = await tom.unavailable.create({ startsAt: new Date(at(7, 1)), endsAt: new Date(at(7, 2)), note: "Gym" });
    await h.settle();
    const calendar = await h.companyCalendarOf(tomId);
    await h.control.deleteEvent(GOOGLE_EMAIL, calendar.googleCalendarId, unavailableEventId(block.id));
    await h.settle();
    expect(await h.app.handle.db.select().from(unavailableBlocks).where(eq(unavailableBlocks.id, block.id))).toHaveLength(0);
  });
});

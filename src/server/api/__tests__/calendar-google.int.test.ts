import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { googleCalendars, googleEvents, syncJobs } from "../../db/schema";
import { bookingEventId } from "../../sync/core/event-ids";
import { createSyncHarness, type SyncHarness } from "../../sync/__tests__/sync-harness";
import { expectedDayCap, sumByDay } from "./day-cap-oracle";
import type { TestApp } from "./test-app";

type Caller = Awaited<ReturnType<TestApp["callerAs"]>>;

async function expectTrpcError(call: Promise<unknown>, code: TRPCError["code"]) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the call should have failed").toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
}

const MARIA_GOOGLE = "maria.garcia@gmail.com";
const DAY_MS = 86_400_000;
/** Two days ahead, at a UTC hour: well inside the sync window and away from the seed's bookings. */
const inTwoDays = (hour: number, minute = 0) => {
  const d = new Date(Date.now() + 2 * DAY_MS);
  d.setUTCHours(hour, minute, 0, 0);
  return d;
};
const slot = (hour: number) => ({ start: { dateTime: inTwoDays(hour).toISOString() }, end: { dateTime: inTwoDays(hour + 1).toISOString() } });

let h: SyncHarness;
let mariaId: string;
let maria: Caller;
let tom: Caller;
let admin: Caller;
let betaAdmin: Caller;
let betaFieldworker: Caller;
let primaryCalendarId: string;

const range = () => ({ start: new Date(Date.now() - DAY_MS), end: new Date(Date.now() + 7 * DAY_MS) });
const titlesOf = (items: { title: string }[]) => items.map((i) => i.title).sort();
const byGoogleSummary = async (caller: Caller, fieldworkerIds?: string[]) => (await caller.calendar.range({ ...range(), fieldworkerIds })).google;

beforeAll(async () => {
  h = await createSyncHarness();
  mariaId = (await h.connect("acme", "Maria", MARIA_GOOGLE)).fieldworkerId;
  await h.settle();
  await h.control.createEvent(MARIA_GOOGLE, MARIA_GOOGLE, { summary: "Dentist", location: "12 Smile St", ...slot(0) });
  await h.control.createEvent(MARIA_GOOGLE, MARIA_GOOGLE, { summary: "Therapy", visibility: "private", ...slot(2) });
  await h.control.createEvent(MARIA_GOOGLE, MARIA_GOOGLE, { summary: "Gym maybe", transparency: "transparent", ...slot(4) });
  await h.settle();
  maria = await h.app.callerAs("maria@acme.test");
  tom = await h.app.callerAs("tom@acme.test");
  admin = await h.app.callerAs("admin@acme.test");
  betaAdmin = await h.app.callerAs("admin@beta.test");
  betaFieldworker = await h.app.callerAs("maria@beta.test");
  const own = await maria.googleSync.myCalendars();
  if (!own.connected) throw new Error("Maria should be connected");
  primaryCalendarId = own.calendars.find((c) => c.isPrimary)!.id;
});
afterAll(() => h?.close());

describe(`imported Google events on the calendar (${process.env.DATABASE_URL ? "Postgres" : "PGlite"})`, () => {
  it("shows the fieldworker their own Google events in full, with the calendar and a link to Google", async () => {
    const result = await maria.calendar.range(range());
    expect(titlesOf(result.google)).toEqual(["Dentist", "Gym maybe", "Therapy"]);
    const dentist = result.google.find((g) => g.title === "Dentist")!;
    expect(dentist).toMatchObject({ fieldworkerId: mariaId, location: "12 Smile St", busy: true, allDay: false, detailsHidden: false });
    expect(dentist.calendar.name).toBe(MARIA_GOOGLE);
    expect(dentist.htmlLink).toMatch(/^https?:\/\//);
    expect(dentist.startsAt).toEqual(inTwoDays(0));
    expect(result.google.find((g) => g.title === "Gym maybe")?.busy).toBe(false);
    expect(result.lastSyncedAt).toBeInstanceOf(Date);
    // The company calendar's own copies are bookings, never imported events.
    expect(result.google.every((g) => !g.calendar.name.startsWith("Acme Plumbing"))).toBe(true);
  });

  it("shows an admin details of a 'details' calendar but a private event only as Busy", async () => {
    const events = await byGoogleSummary(admin, [mariaId]);
    expect(titlesOf(events)).toEqual(["Busy", "Dentist", "Gym maybe"]);
    const busy = events.find((g) => g.title === "Busy")!;
    expect(busy).toMatchObject({ detailsHidden: true, location: null, htmlLink: null });
    // Unfiltered, the admin sees the same events among everyone's.
    expect((await byGoogleSummary(admin)).filter((g) => g.fieldworkerId === mariaId)).toHaveLength(3);
  });

  it("shows an admin only Busy blocks once the fieldworker shares busy time only", async () => {
    await maria.googleSync.updateCalendars({ calendars: [{ id: primaryCalendarId, selected: true, privacy: "busy" }] });
    const events = await byGoogleSummary(admin, [mariaId]);
    // Busy time only, like Google's free/busy sharing: the free "Gym maybe" (Show me as: Available) is left out.
    expect(titlesOf(events)).toEqual(["Busy", "Busy"]);
    expect(events.every((g) => g.location === null && g.htmlLink === null)).toBe(true);
    expect(titlesOf(await byGoogleSummary(maria))).toEqual(["Dentist", "Gym maybe", "Therapy"]);
    await maria.googleSync.updateCalendars({ calendars: [{ id: primaryCalendarId, selected: true, privacy: "details" }] });
  });

  it("lets an admin hide a fieldworker's calendar from the display without hiding it from the fieldworker", async () => {
    const groups = await admin.googleSync.companyCalendars();
    const group = groups.find((g) => g.fieldworkerId === mariaId)!;
    expect(group.googleEmail).toBe(MARIA_GOOGLE);
    expect(group.calendars.map((c) => ({ id: c.id, display: c.display }))).toContainEqual({ id: primaryCalendarId, display: true });

    await admin.googleSync.setCalendarDisplay({ id: primaryCalendarId, display: false });
    expect(await byGoogleSummary(admin, [mariaId])).toEqual([]);
    expect(await byGoogleSummary(maria)).toHaveLength(3);
    // Hidden from view, still busy: the double-booking guard keeps counting it.
    expect(await admin.calendar.busyOverlaps({ fieldworkerIds: [mariaId], startsAt: inTwoDays(0, 30), endsAt: inTwoDays(1, 30) })).toHaveLength(1);
    await admin.googleSync.setCalendarDisplay({ id: primaryCalendarId, display: true });
    expect(await byGoogleSummary(admin, [mariaId])).toHaveLength(3);
  });

  it("warns about busy Google time overlapping a booking, never about free (transparent) time", async () => {
    const overlaps = await admin.calendar.busyOverlaps({ fieldworkerIds: [mariaId, h.fieldworker("acme", "Tom").id], startsAt: inTwoDays(0, 30), endsAt: inTwoDays(5) });
    expect(overlaps.map((o) => [o.fieldworkerName, o.title])).toEqual([
      ["Maria Garcia", "Dentist"],
      ["Maria Garcia", "Busy"],
    ]);
    expect(await admin.calendar.busyOverlaps({ fieldworkerIds: [mariaId], startsAt: inTwoDays(4), endsAt: inTwoDays(5) })).toEqual([]);
    // Touching end to start is not an overlap.
    expect(await admin.calendar.busyOverlaps({ fieldworkerIds: [mariaId], startsAt: inTwoDays(1), endsAt: inTwoDays(2) })).toEqual([]);
  });

  it("stops importing a calendar the fieldworker unticks, and imports it again when ticked", async () => {
    await maria.googleSync.updateCalendars({ calendars: [{ id: primaryCalendarId, selected: false, privacy: "details" }] });
    // Queued in the same transaction as the change.
    const [stop] = await h.app.handle.db
      .select()
      .from(syncJobs)
      .where(and(eq(syncJobs.calendarRowId, primaryCalendarId), eq(syncJobs.kind, "stop_sync"), eq(syncJobs.status, "pending")));
    expect(stop).toBeDefined();
    expect((await maria.googleSync.status({ fieldworkerId: mariaId })).progress.pendingJobs).toBeGreaterThan(0);
    expect(await byGoogleSummary(maria)).toEqual([]);
    await h.settle();
    expect(await h.app.handle.db.select().from(googleEvents).where(eq(googleEvents.calendarRowId, primaryCalendarId))).toEqual([]);
    expect((await admin.googleSync.companyCalendars()).find((g) => g.fieldworkerId === mariaId)?.calendars.some((c) => c.id === primaryCalendarId) ?? false).toBe(false);

    await maria.googleSync.updateCalendars({ calendars: [{ id: primaryCalendarId, selected: true, privacy: "details" }] });
    await h.settle();
    expect(titlesOf(await byGoogleSummary(maria))).toEqual(["Dentist", "Gym maybe", "Therapy"]);
    const status = await maria.googleSync.status({ fieldworkerId: mariaId });
    expect(status.progress.pendingJobs).toBe(0);
    expect(status.progress.channelExpiresAt?.getTime()).toBeGreaterThan(Date.now());
  });

  it("refuses to treat the company calendar as an optional import", async () => {
    const [company] = await h.app.handle.db.select().from(googleCalendars).where(eq(googleCalendars.id, (await h.companyCalendarOf(mariaId)).id));
    await expectTrpcError(maria.googleSync.updateCalendars({ calendars: [{ id: company!.id, selected: false, privacy: "details" }] }), "BAD_REQUEST");
  });

  it("caps imported events per day in the month view like bookings, counting the ones left out", async () => {
    // Ten days ahead, clear of the other tests' range: three events on one Sydney day and one across midnight.
    const at = (hours: number) => new Date(Date.now() + 10 * DAY_MS - (Date.now() % DAY_MS) + hours * 3_600_000).toISOString();
    for (const [summary, from, to] of [
      ["Breakfast", 0, 1],
      ["Lunch", 2, 3],
      ["Movie", 4, 5],
      ["Overnight", 12, 20],
    ] as const) {
      await h.control.createEvent(MARIA_GOOGLE, MARIA_GOOGLE, { summary, start: { dateTime: at(from) }, end: { dateTime: at(to) } });
    }
    await h.settle();
    const span = { start: new Date(Date.now() + 9 * DAY_MS), end: new Date(Date.now() + 13 * DAY_MS) };
    for (const [caller, limit] of [
      [maria, 1],
      [maria, 2],
      [admin, 1],
    ] as const) {
      const full = await caller.calendar.range(span);
      expect(titlesOf(full.google)).toEqual(["Breakfast", "Lunch", "Movie", "Overnight"]);
      const capped = await caller.calendar.range({ ...span, dayLimit: limit });
      const google = expectedDayCap(full.google, limit, span, "Australia/Sydney");
      const booked = expectedDayCap(full.bookings, limit, span, "Australia/Sydney");
      expect(capped.google).toEqual(full.google.filter((g) => google.kept.has(g.id)));
      expect(capped.google.length).toBeLessThan(full.google.length);
      expect(capped.bookings).toEqual(full.bookings.filter((b) => booked.kept.has(b.id)));
      expect(capped.hiddenByDay).toEqual(sumByDay(google.hiddenByDay, booked.hiddenByDay));
    }
  });

  it("shows the fieldworker's sync log to them and to their admin", async () => {
    const log = await maria.googleSync.syncLog({ fieldworkerId: mariaId });
    expect(log.length).toBeGreaterThan(0);
    expect(log.length).toBeLessThanOrEqual(20);
    expect(log.map((e) => e.action)).toContain("first_sync");
    expect([...log].sort((a, b) => b.at.getTime() - a.at.getTime())).toEqual(log);
    expect(await admin.googleSync.syncLog({ fieldworkerId: mariaId })).toEqual(log);
  });
});

describe("who may do what", () => {
  it("keeps fieldworkers to their own calendars, log and conflicts", async () => {
    await expectTrpcError(tom.googleSync.updateCalendars({ calendars: [{ id: primaryCalendarId, selected: false, privacy: "busy" }] }), "FORBIDDEN");
    await expectTrpcError(tom.googleSync.syncLog({ fieldworkerId: mariaId }), "FORBIDDEN");
    await expectTrpcError(tom.googleSync.conflicts({ fieldworkerId: mariaId }), "FORBIDDEN");
    await expectTrpcError(tom.calendar.range({ ...range(), fieldworkerIds: [mariaId] }), "FORBIDDEN");
    await expectTrpcError(tom.calendar.busyOverlaps({ fieldworkerIds: [mariaId], startsAt: inTwoDays(0), endsAt: inTwoDays(1) }), "FORBIDDEN");
    await expectTrpcError(tom.googleSync.setCalendarDisplay({ id: primaryCalendarId, display: false }), "FORBIDDEN");
    await expectTrpcError(admin.googleSync.updateCalendars({ calendars: [{ id: primaryCalendarId, selected: false, privacy: "busy" }] }), "FORBIDDEN");
    expect(await tom.googleSync.myCalendars()).toEqual({ connected: false, email: null, calendars: [] });
    expect((await tom.calendar.range(range())).google).toEqual([]);
    const [calendar] = await h.app.handle.db.select().from(googleCalendars).where(eq(googleCalendars.id, primaryCalendarId));
    expect(calendar).toMatchObject({ selected: true, privacy: "details", hiddenForAdmins: false });
  });

  it("answers NOT_FOUND to another company", async () => {
    await expectTrpcError(betaAdmin.googleSync.syncLog({ fieldworkerId: mariaId }), "NOT_FOUND");
    await expectTrpcError(betaAdmin.googleSync.conflicts({ fieldworkerId: mariaId }), "NOT_FOUND");
    await expectTrpcError(betaAdmin.googleSync.setCalendarDisplay({ id: primaryCalendarId, display: false }), "NOT_FOUND");
    await expectTrpcError(betaAdmin.calendar.busyOverlaps({ fieldworkerIds: [mariaId], startsAt: inTwoDays(0), endsAt: inTwoDays(1) }), "NOT_FOUND");
    await expectTrpcError(betaFieldworker.googleSync.updateCalendars({ calendars: [{ id: primaryCalendarId, selected: false, privacy: "busy" }] }), "NOT_FOUND");
    expect((await betaAdmin.calendar.range({ ...range(), fieldworkerIds: [mariaId] })).google).toEqual([]);
    expect((await betaAdmin.calendar.range(range())).google).toEqual([]);
    expect(await betaAdmin.googleSync.companyCalendars()).toEqual([]);
  });
});

describe("a booking deleted in Google", () => {
  it("becomes a conflict that the fieldworker resolves by re-creating the event in Google", async () => {
    const start = inTwoDays(6);
    const booking = await admin.bookings.create({
      customerId: h.app.acme.customers[0]!.id,
      statusId: h.app.acme.statuses.find((s) => s.name === "Confirmed")!.id,
      serviceName: "Hot water check",
      serviceDescription: "",
      amount: "120",
      suburb: "Newtown",
      addresses: ["1 King St, Newtown NSW 2042"],
      startsAt: start,
      endsAt: new Date(start.getTime() + 3_600_000),
      fieldworkerIds: [mariaId],
    });
    await h.settle();
    const companyCalendar = (await h.companyCalendarOf(mariaId)).googleCalendarId;
    const eventId = bookingEventId(booking.id);
    const liveInGoogle = () => {
      const event = h.emulator.store.eventsOf(companyCalendar).get(eventId)?.event;
      return Boolean(event && event.status !== "cancelled");
    };
    expect(liveInGoogle()).toBe(true);

    await h.control.deleteEvent(MARIA_GOOGLE, companyCalendar, eventId);
    await h.settle();
    const conflicts = await maria.googleSync.conflicts({ fieldworkerId: mariaId });
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ bookingId: booking.id, serviceName: "Hot water check" });
    expect(await admin.googleSync.conflicts({ fieldworkerId: mariaId })).toEqual(conflicts);
    const conflictId = conflicts[0]!.id;

    await expectTrpcError(tom.googleSync.resolveConflict({ conflictId, resolution: "accept" }), "FORBIDDEN");
    await expectTrpcError(betaAdmin.googleSync.resolveConflict({ conflictId, resolution: "accept" }), "NOT_FOUND");

    expect(await maria.googleSync.resolveConflict({ conflictId, resolution: "recreate" })).toEqual({ resolved: true });
    await h.settle();
    expect(liveInGoogle()).toBe(true);
    expect(await maria.googleSync.conflicts({ fieldworkerId: mariaId })).toEqual([]);
    await expectTrpcError(maria.googleSync.resolveConflict({ conflictId, resolution: "accept" }), "CONFLICT");
    expect((await maria.googleSync.syncLog({ fieldworkerId: mariaId })).map((e) => e.action)).toContain("conflict_resolved");
  });
});

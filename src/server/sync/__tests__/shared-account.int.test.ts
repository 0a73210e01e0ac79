/**
 * Two fieldworkers connected to one Google account (Maria and Tom), one on another (Aisha): a booking has one
 * event per Google calendar, whoever of them holds it, through every assign / unassign / delete / status change.
 */
import type { calendar_v3 } from "@googleapis/calendar";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookings, googleEvents, syncConflicts } from "../../db/schema";
import { bookingEventId, legacyBookingEventId } from "../core/event-ids";
import { formatBookingEvent } from "../core/format-booking-event";
import { PRIVATE_KEYS } from "../core/types";
import { loadCompany } from "../../db/queries/company";
import { loadBookingForEvent } from "../io/sync-queries";
import { createSyncHarness, type SyncHarness } from "./sync-harness";

const SHARED_EMAIL = "crew.shared@gmail.com";
const AISHA_EMAIL = "aisha.own@gmail.com";

let h: SyncHarness;
const ids = { maria: "", tom: "", aisha: "" };
let sharedCalendar: { rowId: string; googleId: string };
let aishaCalendar: { rowId: string; googleId: string };

type Who = keyof typeof ids;
const statusId = (name: string) => h.app.acme.statuses.find((s) => s.name === name)!.id;
const db = () => h.app.handle.db;
const inDays = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};

/** The booking's events Google holds in a calendar, live ones only. */
function liveEventsOf(calendarId: string, bookingId: string): calendar_v3.Schema$Event[] {
  return [...h.emulator.store.eventsOf(calendarId).values()]
    .map((r) => r.event)
    .filter((e) => e.status !== "cancelled" && e.extendedProperties?.private?.[PRIVATE_KEYS.bookingId] === bookingId);
}

let slot = 0;
async function createBooking(who: Who[], status: string): Promise<string> {
  const admin = await h.app.callerAs("admin@acme.test");
  const start = inDays(3 + (slot % 20), 1 + (Math.floor(slot / 20) % 8));
  slot += 1;
  const booking = await admin.bookings.create({
    customerId: h.app.acme.customers[1]!.id,
    statusId: statusId(status),
    serviceName: "Blocked drain",
    serviceDescription: "",
    amount: "200.00",
    suburb: "Surry Hills",
    addresses: ["88 Crown St, Surry Hills NSW 2010"],
    startsAt: start,
    endsAt: new Date(start.getTime() + 3_600_000),
    fieldworkerIds: who.map((w) => ids[w]),
  });
  return booking.id;
}

async function updateBooking(bookingId: string, patch: { who?: Who[]; status?: string }) {
  const admin = await h.app.callerAs("admin@acme.test");
  const base = await admin.bookings.get({ id: bookingId });
  await admin.bookings.update({
    id: bookingId,
    customerId: base.customerId,
    statusId: patch.status ? statusId(patch.status) : base.statusId,
    serviceName: base.serviceName,
    serviceDescription: base.serviceDescription,
    amount: "200.00",
    suburb: base.suburb,
    addresses: base.addresses,
    startsAt: base.startsAt,
    endsAt: base.endsAt,
    fieldworkerIds: patch.who ? patch.who.map((w) => ids[w]) : base.fieldworkers.map((f) => f.id),
  });
}

/** What one calendar must hold for the booking: one current event, one marked cancelled, or nothing. */
async function expectCalendarHolds(calendar: { rowId: string; googleId: string }, bookingId: string, expected: "current" | "cancelled" | "none") {
  const live = liveEventsOf(calendar.googleId, bookingId);
  const rows = await db().select().from(googleEvents).where(and(eq(googleEvents.calendarRowId, calendar.rowId), eq(googleEvents.bookingId, bookingId)));
  if (expected === "none") {
    expect(live).toHaveLength(0);
    expect(rows).toHaveLength(0);
    return;
  }
  expect(live).toHaveLength(1);
  expect(rows).toHaveLength(1);
  expect(live[0]!.id).toBe(bookingEventId(bookingId));
  expect(rows[0]!.googleEventId).toBe(bookingEventId(bookingId));
  if (expected === "cancelled") {
    expect(live[0]!.summary).toMatch(/^\[Cancelled\]/);
    return;
  }
  expect(live[0]!.summary).not.toMatch(/^\[Cancelled\]/);
  const loaded = await loadBookingForEvent(db(), h.app.acme.company.id, bookingId);
  const company = await loadCompany(db(), h.app.acme.company.id);
  // The one event names every assigned fieldworker.
  expect(live[0]!.description).toBe(formatBookingEvent(loaded!.booking, company!).description);
}

beforeAll(async () => {
  h = await createSyncHarness({ bookingCount: 0 });
  ids.maria = (await h.connect("acme", "Maria", SHARED_EMAIL)).fieldworkerId;
  ids.tom = (await h.connect("acme", "Tom", SHARED_EMAIL)).fieldworkerId;
  ids.aisha = (await h.connect("acme", "Aisha", AISHA_EMAIL)).fieldworkerId;
  await h.settle();
  const shared = await h.companyCalendarOf(ids.maria);
  const aisha = await h.companyCalendarOf(ids.aisha);
  sharedCalendar = { rowId: shared.id, googleId: shared.googleCalendarId };
  aishaCalendar = { rowId: aisha.id, googleId: aisha.googleCalendarId };
}, 60_000);
afterAll(() => h?.close());

describe("a booking assigned to two fieldworkers who share a Google account", () => {
  it("has one event in the shared account's company calendar, listing both, and one in the other account's", async () => {
    expect((await h.companyCalendarOf(ids.tom)).id).toBe(sharedCalendar.rowId);
    await h.control.resetCounters();
    const bookingId = await createBooking(["maria", "tom", "aisha"], "Confirmed");
    await h.settle();
    await expectCalendarHolds(sharedCalendar, bookingId, "current");
    await expectCalendarHolds(aishaCalendar, bookingId, "current");
    const [event] = liveEventsOf(sharedCalendar.googleId, bookingId);
    for (const name of ["Maria", "Tom", "Aisha"]) expect(event!.description).toContain(name);
    // One insert per calendar, not per fieldworker.
    expect((await h.control.counters())["calendar.events.insert"]).toBe(2);
  });

  const members: Who[][] = [["maria"], ["tom"], ["maria", "tom"], ["maria", "tom", "aisha"]];
  const targets: (Who[] | "deleted")[] = [["maria"], ["tom"], ["maria", "tom"], ["aisha"], ["maria", "aisha"], "deleted"];
  const statuses = [
    { name: "Confirmed", deletes: true },
    { name: "In progress", deletes: false },
  ];
  const cases = statuses.flatMap((status) => members.flatMap((from) => targets.map((to) => ({ status, from, to }))));
  const label = (who: Who[] | "deleted") => (who === "deleted" ? "deleted" : who.join("+"));
  const holdsShared = (who: Who[] | "deleted") => who !== "deleted" && who.some((w) => w !== "aisha");
  const holdsAisha = (who: Who[] | "deleted") => who !== "deleted" && who.includes("aisha");
  /** What a calendar holds after the change: current while someone there holds it; else per the status. */
  const expectedAfter = (before: boolean, after: boolean, deletes: boolean) => (after ? "current" : before && !deletes ? "cancelled" : "none");

  it.each(cases.map((c) => [c.status.name, label(c.from), label(c.to), c] as const))(
    "%s: %s → %s keeps one event per calendar while someone there holds it",
    async (_status, _from, _to, { status, from, to }) => {
      const bookingId = await createBooking(from, status.name);
      await h.settle();
      await expectCalendarHolds(sharedCalendar, bookingId, holdsShared(from) ? "current" : "none");
      if (to === "deleted") await (await h.app.callerAs("admin@acme.test")).bookings.delete({ id: bookingId });
      else await updateBooking(bookingId, { who: to });
      await h.settle();
      await expectCalendarHolds(sharedCalendar, bookingId, expectedAfter(holdsShared(from), holdsShared(to), status.deletes));
      await expectCalendarHolds(aishaCalendar, bookingId, expectedAfter(holdsAisha(from), holdsAisha(to), status.deletes));
    },
    30_000,
  );

  it("a status that stops pushing removes the one event; pushing again brings back one", async () => {
    const bookingId = await createBooking(["maria", "tom"], "Confirmed");
    await h.settle();
    await updateBooking(bookingId, { status: "Quote" });
    await h.settle();
    await expectCalendarHolds(sharedCalendar, bookingId, "none");
    await updateBooking(bookingId, { status: "Completed" });
    await h.settle();
    await expectCalendarHolds(sharedCalendar, bookingId, "current");
    await updateBooking(bookingId, { status: "Cancelled" });
    await h.settle();
    await expectCalendarHolds(sharedCalendar, bookingId, "none");
  });

  it("a time change made in Google to the shared event moves the booking, and the other account's event follows", async () => {
    const bookingId = await createBooking(["maria", "tom", "aisha"], "Confirmed");
    await h.settle();
    const [before] = await db().select().from(bookings).where(eq(bookings.id, bookingId));
    await h.control.moveEvent(SHARED_EMAIL, sharedCalendar.googleId, bookingEventId(bookingId), { byMinutes: 90 });
    await h.settle();
    const [after] = await db().select().from(bookings).where(eq(bookings.id, bookingId));
    expect(after!.startsAt.getTime()).toBe(before!.startsAt.getTime() + 90 * 60_000);
    const [aishas] = liveEventsOf(aishaCalendar.googleId, bookingId);
    expect(new Date(aishas!.start!.dateTime!).getTime()).toBe(after!.startsAt.getTime());
    await expectCalendarHolds(sharedCalendar, bookingId, "current");
  });

  it("a deletion in Google of the shared event records a conflict for both its fieldworkers; one re-create settles both", async () => {
    const bookingId = await createBooking(["maria", "tom", "aisha"], "Confirmed");
    await h.settle();
    await h.control.deleteEvent(SHARED_EMAIL, sharedCalendar.googleId, bookingEventId(bookingId));
    await h.settle();
    const open = await db().select().from(syncConflicts).where(and(eq(syncConflicts.bookingId, bookingId), isNull(syncConflicts.resolvedAt)));
    expect(open.map((c) => c.fieldworkerId).sort()).toEqual([ids.maria, ids.tom].sort());
    // Aisha's own event is untouched, and the shared one stays deleted while the conflict waits.
    await expectCalendarHolds(aishaCalendar, bookingId, "current");
    expect(liveEventsOf(sharedCalendar.googleId, bookingId)).toHaveLength(0);

    const maria = await h.app.callerAs("maria@acme.test");
    await maria.googleSync.resolveConflict({ conflictId: open.find((c) => c.fieldworkerId === ids.maria)!.id, resolution: "recreate" });
    await h.settle();
    await expectCalendarHolds(sharedCalendar, bookingId, "current");
    const stillOpen = await db().select().from(syncConflicts).where(and(eq(syncConflicts.bookingId, bookingId), isNull(syncConflicts.resolvedAt)));
    expect(stillOpen).toHaveLength(0);
  });

  it("accepting the deletion for one fieldworker settles it for the other, and nothing is pushed there again", async () => {
    const bookingId = await createBooking(["maria", "tom"], "Confirmed");
    await h.settle();
    await h.control.deleteEvent(SHARED_EMAIL, sharedCalendar.googleId, bookingEventId(bookingId));
    await h.settle();
    const [conflict] = await db().select().from(syncConflicts).where(and(eq(syncConflicts.bookingId, bookingId), eq(syncConflicts.fieldworkerId, ids.tom)));
    await (await h.app.callerAs("admin@acme.test")).googleSync.resolveConflict({ conflictId: conflict!.id, resolution: "accept" });
    await updateBooking(bookingId, { who: ["maria", "tom"] });
    await h.settle();
    expect(await db().select().from(syncConflicts).where(and(eq(syncConflicts.bookingId, bookingId), isNull(syncConflicts.resolvedAt)))).toHaveLength(0);
    expect(liveEventsOf(sharedCalendar.googleId, bookingId)).toHaveLength(0);
  });
});

describe("a deployment that already holds one copy per fieldworker", () => {
  /** What an earlier version wrote: one event per fieldworker (legacy id, fieldworker in its properties), with its row. */
  async function writeLegacyCopy(bookingId: string, fieldworkerId: string, options: { withRow: boolean }) {
    const loaded = await loadBookingForEvent(db(), h.app.acme.company.id, bookingId);
    const company = await loadCompany(db(), h.app.acme.company.id);
    const current = formatBookingEvent(loaded!.booking, company!);
    const id = legacyBookingEventId(bookingId, fieldworkerId);
    const created = await h.control.createEvent(SHARED_EMAIL, sharedCalendar.googleId, {
      ...current,
      id,
      extendedProperties: { private: { ...current.extendedProperties?.private, [PRIVATE_KEYS.fieldworkerId]: fieldworkerId } },
    });
    if (!options.withRow) return id;
    await db()
      .insert(googleEvents)
      .values({
        calendarRowId: sharedCalendar.rowId,
        googleEventId: id,
        kind: "booking",
        bookingId,
        fieldworkerId,
        etag: created.etag ?? null,
        summary: created.summary ?? "",
        startsAt: loaded!.booking.startsAt,
        endsAt: loaded!.booking.endsAt,
        pushedStartsAt: loaded!.booking.startsAt,
        pushedEndsAt: loaded!.booking.endsAt,
        contentHash: "legacy",
      });
    return id;
  }

  /** A booking pushed by an earlier version: its rows and events are the legacy ones, nothing else. */
  async function legacyBooking(options: { withRows: boolean }) {
    const bookingId = await createBooking(["maria", "tom"], "Confirmed");
    await h.settle();
    await h.control.deleteEvent(SHARED_EMAIL, sharedCalendar.googleId, bookingEventId(bookingId));
    await db().delete(googleEvents).where(eq(googleEvents.bookingId, bookingId));
    await h.emulator.drainNotifications();
    const legacyIds = [await writeLegacyCopy(bookingId, ids.maria, { withRow: options.withRows }), await writeLegacyCopy(bookingId, ids.tom, { withRow: options.withRows })];
    expect(liveEventsOf(sharedCalendar.googleId, bookingId)).toHaveLength(2);
    return { bookingId, legacyIds };
  }

  it("the next push converges to one event and deletes the extra copies", async () => {
    const { bookingId, legacyIds } = await legacyBooking({ withRows: true });
    await updateBooking(bookingId, {});
    await h.settle();
    await expectCalendarHolds(sharedCalendar, bookingId, "current");
    for (const id of legacyIds) expect(h.emulator.store.eventsOf(sharedCalendar.googleId).get(id)?.event.status ?? "cancelled").toBe("cancelled");
    expect(await db().select().from(syncConflicts).where(eq(syncConflicts.bookingId, bookingId))).toHaveLength(0);
  });

  it("copies Google holds without a row are adopted by a full sync, then replaced by the one event", async () => {
    const { bookingId } = await legacyBooking({ withRows: false });
    await h.control.invalidateSyncTokens({ email: SHARED_EMAIL });
    await h.control.createEvent(SHARED_EMAIL, sharedCalendar.googleId, { summary: "nudge", start: { dateTime: inDays(2, 1).toISOString() }, end: { dateTime: inDays(2, 2).toISOString() } });
    await h.settle();
    await expectCalendarHolds(sharedCalendar, bookingId, "current");
  });

  it("a time change made in Google to a legacy copy still moves the booking", async () => {
    const { bookingId, legacyIds } = await legacyBooking({ withRows: true });
    const [before] = await db().select().from(bookings).where(eq(bookings.id, bookingId));
    await h.control.moveEvent(SHARED_EMAIL, sharedCalendar.googleId, legacyIds[1]!, { byMinutes: 60 });
    await h.settle();
    const [after] = await db().select().from(bookings).where(eq(bookings.id, bookingId));
    expect(after!.startsAt.getTime()).toBe(before!.startsAt.getTime() + 60 * 60_000);
    await expectCalendarHolds(sharedCalendar, bookingId, "current");
  });
});

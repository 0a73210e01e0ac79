import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookingStatuses, googleEvents, syncJobs, syncLog } from "../../db/schema";
import { bookingEventId, unavailableEventId } from "../core/event-ids";
import { createSyncHarness, type SyncHarness } from "./sync-harness";

let h: SyncHarness;
let mariaId: string;
let companyCalendarId: string;

const statusId = (name: string) => h.app.acme.statuses.find((s) => s.name === name)!.id;
const googleEvent = (eventId: string) => h.emulator.store.eventsOf(companyCalendarId).get(eventId)?.event;
const inTwoDays = (hour: number) => {
  const d = new Date(Date.now() + 2 * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};

async function createBooking(overrides: { statusId?: string; fieldworkerIds?: string[]; start?: Date } = {}) {
  const admin = await h.app.callerAs("admin@acme.test");
  const start = overrides.start ?? inTwoDays(1);
  const booking = await admin.bookings.create({
    customerId: h.app.acme.customers[9]!.id,
    statusId: overrides.statusId ?? statusId("Confirmed"),
    serviceName: "Boiler service",
    serviceDescription: "Annual check",
    amount: "1234.50",
    suburb: "Hobart",
    addresses: ["61 Elizabeth St, Hobart TAS 7000", "Rear lane access", "Shed"],
    startsAt: start,
    endsAt: new Date(start.getTime() + 90 * 60_000),
    fieldworkerIds: overrides.fieldworkerIds ?? [mariaId],
  });
  return booking.id;
}

beforeAll(async () => {
  h = await createSyncHarness();
  mariaId = (await h.connect("acme", "Maria", "maria.garcia@gmail.com")).fieldworkerId;
  await h.settle();
  companyCalendarId = (await h.companyCalendarOf(mariaId)).googleCalendarId;
});
afterAll(() => h?.close());

describe("first sync after connecting", () => {
  it("watches the synced calendars and pushes the fieldworker's future bookings", async () => {
    const channels = (await h.control.channels()).items.filter((c) => c.live);
    expect(channels.length).toBeGreaterThanOrEqual(2);
    const calendar = await h.companyCalendarOf(mariaId);
    const copies = await h.app.handle.db.select().from(googleEvents).where(eq(googleEvents.calendarRowId, calendar.id));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) expect(googleEvent(copy.googleEventId)).toBeDefined();
    const log = await h.app.handle.db.select().from(syncLog).where(and(eq(syncLog.fieldworkerId, mariaId), eq(syncLog.action, "first_sync")));
    expect(log).toHaveLength(1);
  });
});

describe("pushing bookings", () => {
  it("puts a new booking in the company calendar with every detail", async () => {
    const bookingId = await createBooking();
    await h.settle();
    const event = googleEvent(bookingEventId(bookingId));
    expect(event?.summary).toBe("[Confirmed] Boiler service — Harris Motors, Hobart");
    expect(event?.location).toBe("61 Elizabeth St, Hobart TAS 7000");
    expect(event?.start?.timeZone).toBe("Australia/Hobart");
    for (const text of ["Maria Garcia", "$1,234.50", "Henry Harris", "Harris Motors", "Rear lane access", "Shed", "Annual check", "Alex Admin", "Gate code"]) {
      expect(event?.description).toContain(text);
    }
    expect(event?.extendedProperties?.private).toMatchObject({ fieldsyncBookingId: bookingId });
    // One event per booking per account, shared by the fieldworkers connected to it: no fieldworker in its identity.
    expect(event?.extendedProperties?.private?.fieldsyncFieldworkerId).toBeUndefined();
  });

  it("costs no Google call when nothing in the event changed, and one update when something did", async () => {
    const bookingId = await createBooking();
    await h.settle();
    await h.control.resetCounters();
    const admin = await h.app.callerAs("admin@acme.test");
    const booking = await admin.bookings.get({ id: bookingId });
    await admin.bookings.reschedule({ id: bookingId, startsAt: booking.startsAt, endsAt: booking.endsAt });
    await h.settle();
    expect(Object.entries(await h.control.counters()).filter(([op]) => op.startsWith("calendar.events.")).length).toBe(0);
    await admin.bookings.reschedule({ id: bookingId, startsAt: inTwoDays(3), endsAt: inTwoDays(4) });
    await h.settle();
    const counters = await h.control.counters();
    expect(counters["calendar.events.update"]).toBe(1);
    expect(googleEvent(bookingEventId(bookingId))?.start?.dateTime).toBeDefined();
    expect(new Date(googleEvent(bookingEventId(bookingId))!.start!.dateTime!).getTime()).toBe(inTwoDays(3).getTime());
  });

  it("applies the status flags: not pushed → deleted; pushed again → back; kept status + unassigned → marked cancelled", async () => {
    const admin = await h.app.callerAs("admin@acme.test");
    const bookingId = await createBooking();
    await h.settle();
    const eventId = bookingEventId(bookingId);
    const base = await admin.bookings.get({ id: bookingId });
    const update = (patch: { statusId?: string; fieldworkerIds?: string[] }) =>
      admin.bookings.update({
        id: bookingId,
        customerId: base.customerId,
        statusId: patch.statusId ?? base.statusId,
        serviceName: base.serviceName,
        serviceDescription: base.serviceDescription,
        amount: "1234.50",
        suburb: base.suburb,
        addresses: base.addresses,
        startsAt: base.startsAt,
        endsAt: base.endsAt,
        fieldworkerIds: patch.fieldworkerIds ?? [mariaId],
      });

    await update({ statusId: statusId("Quote") });
    await h.settle();
    expect(googleEvent(eventId)?.status ?? "cancelled").toBe("cancelled");

    await update({ statusId: statusId("Confirmed") });
    await h.settle();
    expect(googleEvent(eventId)?.status).toBe("confirmed");
    expect(googleEvent(eventId)?.summary).toMatch(/^\[Confirmed\]/);

    await update({ statusId: statusId("In progress") });
    await h.settle();
    const tom = h.fieldworker("acme", "Tom").id;
    await update({ statusId: statusId("In progress"), fieldworkerIds: [tom] });
    await h.settle();
    expect(googleEvent(eventId)?.summary).toMatch(/^\[Cancelled\]/);
    expect(googleEvent(eventId)?.status).toBe("confirmed");
  });

  it("on delete, removes the event for a deleting status and keeps it marked cancelled otherwise", async () => {
    const admin = await h.app.callerAs("admin@acme.test");
    const deleting = await createBooking({ statusId: statusId("Confirmed") });
    const keeping = await createBooking({ statusId: statusId("Completed") });
    await h.settle();
    await admin.bookings.delete({ id: deleting });
    await admin.bookings.delete({ id: keeping });
    await h.settle();
    expect(googleEvent(bookingEventId(deleting))?.status ?? "cancelled").toBe("cancelled");
    expect(googleEvent(bookingEventId(keeping))?.summary).toMatch(/^\[Cancelled\] Boiler service/);
  });

  it("changing a status's name re-titles its bookings' events", async () => {
    const bookingId = await createBooking({ statusId: statusId("Completed") });
    await h.settle();
    await (await h.app.callerAs("admin@acme.test")).bookingStatuses.update({ id: statusId("Completed"), name: "Done" });
    await h.settle();
    expect(googleEvent(bookingEventId(bookingId))?.summary).toMatch(/^\[Done\]/);
    await h.app.handle.db.update(bookingStatuses).set({ name: "Completed" }).where(eq(bookingStatuses.id, statusId("Completed")));
  });

  it("pushes a fieldworker's unavailable block as an opaque Unavailable event and removes it on delete", async () => {
    const maria = await h.app.callerAs("maria@acme.test");
    const block = await maria.unavailable.create({ startsAt: inTwoDays(5), endsAt: inTwoDays(6), note: "Dentist" });
    await h.settle();
    const event = googleEvent(unavailableEventId(block.id));
    expect(event?.summary).toBe("Unavailable — Dentist");
    expect(event?.transparency ?? "opaque").toBe("opaque");
    await maria.unavailable.delete({ id: block.id });
    await h.settle();
    expect(googleEvent(unavailableEventId(block.id))?.status ?? "cancelled").toBe("cancelled");
  });

  it("two workers racing over the same jobs write each event once", async () => {
    const ids = await Promise.all([0, 1, 2, 3, 4].map((i) => createBooking({ start: inTwoDays(6 + i) })));
    await h.control.resetCounters();
    await Promise.all([h.runJobs(), h.runJobs(), h.runJobs()]);
    await h.settle();
    const counters = await h.control.counters();
    expect(counters["calendar.events.insert"]).toBe(ids.length);
    const pending = await h.app.handle.db.select().from(syncJobs).where(eq(syncJobs.status, "pending"));
    expect(pending).toHaveLength(0);
  });
});

import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookings, googleEvents, syncJobs } from "../../db/schema";
import { bookingEventId } from "../core/event-ids";
import { createSyncHarness, type SyncHarness } from "./sync-harness";

const GOOGLE_EMAIL = "ben.oconnor@gmail.com";
let h: SyncHarness;
let benId: string;

const at = (daysAhead: number, hour: number) => {
  const d = new Date(Date.now() + daysAhead * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};
async function setDirection(direction: "two_way" | "app_to_google" | "google_to_app") {
  await (await h.app.callerAs("admin@acme.test")).integrations.save({ mode: "shared", syncDirection: direction, sendInvitations: false });
  await h.settle();
}
async function createBooking(daysAhead: number) {
  const admin = await h.app.callerAs("admin@acme.test");
  const booking = await admin.bookings.create({
    customerId: h.app.acme.customers[1]!.id,
    statusId: h.app.acme.statuses.find((s) => s.name === "Confirmed")!.id,
    serviceName: "Gas fitting",
    amount: "300",
    suburb: "Surry Hills",
    addresses: [],
    startsAt: at(daysAhead, 1),
    endsAt: at(daysAhead, 2),
    fieldworkerIds: [benId],
  });
  return booking.id;
}
const googleCopy = async (bookingId: string) => {
  const calendar = await h.companyCalendarOf(benId);
  return h.emulator.store.eventsOf(calendar.googleCalendarId).get(bookingEventId(bookingId))?.event;
};
const importedSummaries = async () =>
  (await h.app.handle.db.select().from(googleEvents).where(eq(googleEvents.kind, "foreign"))).map((e) => e.summary);

beforeAll(async () => {
  h = await createSyncHarness();
  benId = (await h.connect("acme", "Ben", GOOGLE_EMAIL)).fieldworkerId;
  await h.settle();
});
afterAll(() => h?.close());

describe("Google → FieldSync only", () => {
  it("imports Google events and writes nothing to Google", async () => {
    await setDirection("google_to_app");
    await h.control.resetCounters();
    const bookingId = await createBooking(2);
    expect(await h.app.handle.db.select().from(syncJobs).where(and(eq(syncJobs.bookingId, bookingId)))).toHaveLength(0);
    await h.control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, { summary: "Only-import", start: { dateTime: at(2, 4).toISOString() }, end: { dateTime: at(2, 5).toISOString() } });
    await h.settle();
    expect(await googleCopy(bookingId)).toBeUndefined();
    expect(await importedSummaries()).toContain("Only-import");
    const counters = await h.control.counters();
    for (const op of ["insert", "update", "patch", "delete"]) expect(counters[`calendar.events.${op}`] ?? 0).toBe(0);
  });
});

describe("FieldSync → Google only", () => {
  it("pushes, imports nothing, and repairs drift: a moved event is moved back, a deleted one re-created", async () => {
    await setDirection("app_to_google");
    const bookingId = await createBooking(3);
    await h.settle();
    expect((await googleCopy(bookingId))?.summary).toMatch(/^\[Confirmed\] Gas fitting/);
    await h.control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, { summary: "Not-imported", start: { dateTime: at(3, 4).toISOString() }, end: { dateTime: at(3, 5).toISOString() } });
    await h.settle();
    expect(await importedSummaries()).not.toContain("Not-imported");

    const calendar = await h.companyCalendarOf(benId);
    const eventId = bookingEventId(bookingId);
    await h.control.moveEvent(GOOGLE_EMAIL, calendar.googleCalendarId, eventId, { byMinutes: 45 });
    await h.settle();
    expect(new Date((await googleCopy(bookingId))!.start!.dateTime!).getTime()).toBe(at(3, 1).getTime());
    const [booking] = await h.app.handle.db.select().from(bookings).where(eq(bookings.id, bookingId));
    expect(booking?.startsAt.getTime()).toBe(at(3, 1).getTime());

    await h.control.deleteEvent(GOOGLE_EMAIL, calendar.googleCalendarId, eventId);
    await h.settle();
    expect((await googleCopy(bookingId))?.status).toBe("confirmed");
  });
});

describe("deactivation and disconnection", () => {
  it("deactivating stops the fieldworker's channels and deletes nothing; reactivating watches again", async () => {
    await setDirection("two_way");
    const admin = await h.app.callerAs("admin@acme.test");
    const copiesBefore = await h.app.handle.db.select().from(googleEvents);
    await admin.fieldworkers.setActive({ id: benId, active: false });
    await h.settle();
    expect((await h.control.channels()).items.filter((c) => c.live)).toHaveLength(0);
    expect(await h.app.handle.db.select().from(googleEvents)).toHaveLength(copiesBefore.length);
    await admin.fieldworkers.setActive({ id: benId, active: true });
    await h.settle();
    expect((await h.control.channels()).items.filter((c) => c.live).length).toBeGreaterThan(0);
  });

  it("disconnecting stops every channel, revokes the grant and removes imported events, keeping bookings", async () => {
    const bookingCount = (await h.app.handle.db.select().from(bookings)).length;
    await (await h.app.callerAs("ben@acme.test")).googleSync.disconnect({ fieldworkerId: benId });
    // Disconnecting is a data change; the outbox retires the account (channels, grant, rows) right after the answer.
    await h.settle();
    expect((await h.control.channels()).items.filter((c) => c.live)).toHaveLength(0);
    expect([...h.emulator.store.refreshTokens.values()].filter((t) => t.userEmail === GOOGLE_EMAIL)).toHaveLength(0);
    expect(await h.app.handle.db.select().from(googleEvents)).toHaveLength(0);
    expect(await h.app.handle.db.select().from(bookings)).toHaveLength(bookingCount);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookingEventId } from "../../sync/core/event-ids";
import { createSyncHarness, type SyncHarness } from "../../sync/__tests__/sync-harness";

/**
 * A booking whose Google event was deleted in Google shows it where people look: a "not in Google" mark on
 * the calendar, the conflict with its two actions in the booking's dialog, and a count in the admins' navigation.
 */
const GOOGLE_EMAIL = "tom.conflicts@gmail.com";
const DAY_MS = 86_400_000;
let h: SyncHarness;
let tomId: string;

const range = () => ({ start: new Date(Date.now() - DAY_MS), end: new Date(Date.now() + 7 * DAY_MS) });
const admin = () => h.app.callerAs("admin@acme.test");
const tom = () => h.app.callerAs("tom@acme.test");

async function bookingForTom(hour: number) {
  const start = new Date(Date.now() + 2 * DAY_MS);
  start.setUTCHours(hour, 0, 0, 0);
  const booking = await (await admin()).bookings.create({
    customerId: h.app.acme.customers[2]!.id,
    statusId: h.app.acme.statuses.find((s) => s.name === "Confirmed")!.id,
    serviceName: "Hot water service",
    amount: "150",
    suburb: "Bondi",
    addresses: [],
    startsAt: start,
    endsAt: new Date(start.getTime() + 3_600_000),
    fieldworkerIds: [tomId],
  });
  await h.settle();
  return booking.id;
}
async function deleteInGoogle(bookingId: string) {
  const calendar = await h.companyCalendarOf(tomId);
  await h.control.deleteEvent(GOOGLE_EMAIL, calendar.googleCalendarId, bookingEventId(bookingId));
  await h.settle();
}
async function markOf(caller: Awaited<ReturnType<typeof admin>>, bookingId: string) {
  return (await caller.calendar.range(range())).bookings.find((b) => b.id === bookingId)?.notInGoogle;
}

beforeAll(async () => {
  h = await createSyncHarness({ bookingCount: 0 });
  tomId = (await h.connect("acme", "Tom", GOOGLE_EMAIL)).fieldworkerId;
  await h.settle();
}, 60_000);
afterAll(() => h?.close());

describe("conflicts where people look", () => {
  it("marks the booking on the calendar, lists the conflict for its dialog and counts it for admins", async () => {
    const bookingId = await bookingForTom(1);
    expect(await markOf(await admin(), bookingId)).toBe(false);
    expect(await (await admin()).googleSync.openConflictCount()).toEqual({ count: 0 });

    await deleteInGoogle(bookingId);
    expect(await markOf(await admin(), bookingId)).toBe(true);
    expect(await markOf(await tom(), bookingId)).toBe(true);
    const listed = await (await admin()).googleSync.bookingConflicts({ bookingId });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ bookingId, fieldworkerId: tomId, fieldworkerName: expect.stringMatching(/^Tom/), serviceName: "Hot water service" });
    expect(await (await tom()).googleSync.bookingConflicts({ bookingId })).toHaveLength(1);
    expect(await (await admin()).googleSync.openConflictCount()).toEqual({ count: 1 });
    expect((await (await admin()).googleSync.companyConflicts()).map((c) => c.bookingId)).toEqual([bookingId]);
  });

  it("re-creating from the dialog clears the mark and the count, and puts the event back in Google", async () => {
    const [conflict] = await (await admin()).googleSync.companyConflicts();
    await (await admin()).googleSync.resolveConflict({ conflictId: conflict!.id, resolution: "recreate" });
    await h.settle();
    expect(await markOf(await admin(), conflict!.bookingId)).toBe(false);
    expect(await (await admin()).googleSync.openConflictCount()).toEqual({ count: 0 });
    const calendar = await h.companyCalendarOf(tomId);
    expect(h.emulator.store.eventsOf(calendar.googleCalendarId).get(bookingEventId(conflict!.bookingId))?.event.status).toBe("confirmed");
  });

  it("accepting the deletion clears the mark and leaves Google as it is", async () => {
    const bookingId = await bookingForTom(4);
    await deleteInGoogle(bookingId);
    const [conflict] = await (await tom()).googleSync.bookingConflicts({ bookingId });
    await (await tom()).googleSync.resolveConflict({ conflictId: conflict!.id, resolution: "accept" });
    await h.settle();
    expect(await markOf(await tom(), bookingId)).toBe(false);
    const calendar = await h.companyCalendarOf(tomId);
    expect(h.emulator.store.eventsOf(calendar.googleCalendarId).get(bookingEventId(bookingId))?.event.status).toBe("cancelled");
  });
});

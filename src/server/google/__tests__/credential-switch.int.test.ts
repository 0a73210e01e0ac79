import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_REDIRECT_URI } from "../../../test/emulator";
import { googleAccounts, googleCalendars, syncJobs, syncLog } from "../../db/schema";
import { bookingEventId } from "../../sync/core/event-ids";
import { createSyncHarness, type SyncHarness } from "../../sync/__tests__/sync-harness";

/**
 * Issue #12 finding 10: `calendar.app.created` only lets an OAuth client write the calendars it created. After
 * the company switches between FieldSync's shared Google app and its private one, the same-named company
 * calendar belongs to the other client: reusing it made every push fail with 403 insufficientPermissions.
 */

const PRIVATE_CLIENT = { clientId: "acme-private.apps.googleusercontent.com", clientSecret: "GOCSPX-acme-private", redirectUris: [TEST_REDIRECT_URI] };
const SHARED_CLIENT_ID = process.env.GOOGLE_CLIENT_ID ?? "";
const GOOGLE_EMAIL = "maria.garcia@gmail.com";

let h: SyncHarness;

const companyCalendarsInGoogle = () =>
  [...h.emulator.store.calendars.values()].filter((c) => c.ownerEmail === GOOGLE_EMAIL && c.summary === "Acme Plumbing");
const copiesOf = (bookingId: string) =>
  [...h.emulator.store.calendars.values()].filter((c) => h.emulator.store.eventsOf(c.id).get(bookingEventId(bookingId))?.event.status !== undefined);

async function createBooking(fieldworkerId: string): Promise<string> {
  const admin = await h.app.callerAs("admin@acme.test");
  const start = new Date(Date.now() + 3 * 86_400_000);
  start.setUTCHours(2, 0, 0, 0);
  const booking = await admin.bookings.create({
    customerId: h.app.acme.customers[0]!.id,
    statusId: h.app.acme.statuses.find((s) => s.name === "Confirmed")!.id,
    serviceName: "Gas fitting",
    amount: "180.00",
    suburb: "Hobart",
    addresses: ["61 Elizabeth St, Hobart TAS 7000"],
    serviceDescription: "Meter check",
    startsAt: start,
    endsAt: new Date(start.getTime() + 60 * 60_000),
    fieldworkerIds: [fieldworkerId],
  });
  return booking.id;
}

async function failuresOf(fieldworkerId: string) {
  const failedJobs = await h.app.handle.db.select().from(syncJobs).where(and(eq(syncJobs.fieldworkerId, fieldworkerId), eq(syncJobs.status, "failed")));
  const failedLog = await h.app.handle.db
    .select()
    .from(syncLog)
    .where(and(eq(syncLog.fieldworkerId, fieldworkerId), eq(syncLog.outcome, "failed")));
  return [...failedJobs.map((j) => j.lastError), ...failedLog.map((l) => l.message)];
}

beforeAll(async () => {
  h = await createSyncHarness({ bookingCount: 6 });
});
afterAll(() => h?.close());

describe("switching the company's Google app", () => {
  it("moves the fieldworker's jobs to a calendar of the new client, exactly once, without a 403", async () => {
    const { fieldworkerId: mariaId } = await h.connect("acme", "Maria", GOOGLE_EMAIL);
    const before = await createBooking(mariaId);
    await h.settle();
    const [sharedCalendar] = companyCalendarsInGoogle();
    expect(sharedCalendar?.createdByClientId).toBe(SHARED_CLIENT_ID);
    expect(copiesOf(before).map((c) => c.id)).toEqual([sharedCalendar!.id]);

    // The admin switches to the company's private Google API; Maria reconnects through it.
    await h.control.registerClient(PRIVATE_CLIENT);
    const admin = await h.app.callerAs("admin@acme.test");
    const saved = await admin.integrations.save({
      mode: "private",
      syncDirection: "two_way",
      sendInvitations: false,
      clientId: PRIVATE_CLIENT.clientId,
      clientSecret: PRIVATE_CLIENT.clientSecret,
    });
    expect(saved.needsReauthorization).toBe(1);
    const { accountId } = await h.connect("acme", "Maria", GOOGLE_EMAIL);
    const [account] = await h.app.handle.db.select().from(googleAccounts).where(eq(googleAccounts.id, accountId));
    expect(account?.oauthClientId).toBe(PRIVATE_CLIENT.clientId);
    await h.settle();

    const calendars = companyCalendarsInGoogle();
    const privateCalendar = calendars.find((c) => c.createdByClientId === PRIVATE_CLIENT.clientId);
    expect(privateCalendar?.id).toBe(account?.companyCalendarId);
    // The shared app's grant still worked, so its calendar (a duplicate by now) was removed.
    expect(calendars.map((c) => c.id)).toEqual([privateCalendar!.id]);
    expect(copiesOf(before).map((c) => c.id)).toEqual([privateCalendar!.id]);

    // A booking made after the switch lands there too, once.
    const after = await createBooking(mariaId);
    await h.settle();
    expect(copiesOf(after).map((c) => c.id)).toEqual([privateCalendar!.id]);
    expect(await failuresOf(mariaId)).toEqual([]);
    const moved = await h.app.handle.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.fieldworkerId, mariaId), eq(syncLog.action, "company_calendar_moved")));
    expect(moved).toHaveLength(1);
  });

  it("switches back to the shared app: leaves the private app's calendar (that app is no longer configured) unimported, and pushes once to a new one", async () => {
    const mariaId = h.fieldworker("acme", "Maria").id;
    const admin = await h.app.callerAs("admin@acme.test");
    expect((await admin.integrations.save({ mode: "shared", syncDirection: "two_way", sendInvitations: false })).needsReauthorization).toBe(1);
    const { accountId } = await h.connect("acme", "Maria", GOOGLE_EMAIL);
    await h.settle();
    const booking = await createBooking(mariaId);
    await h.settle();

    const calendars = companyCalendarsInGoogle();
    const privateCalendar = calendars.find((c) => c.createdByClientId === PRIVATE_CLIENT.clientId);
    const sharedCalendar = calendars.find((c) => c.createdByClientId === SHARED_CLIENT_ID);
    expect(privateCalendar).toBeDefined();
    expect(sharedCalendar).toBeDefined();
    expect(copiesOf(booking).map((c) => c.id)).toEqual([sharedCalendar!.id]);
    expect(await failuresOf(mariaId)).toEqual([]);
    // The leftover is on the account's list, but FieldSync neither writes it nor imports our own copies from it.
    const rows = await h.app.handle.db.select().from(googleCalendars).where(eq(googleCalendars.googleAccountId, accountId));
    expect(rows.find((r) => r.googleCalendarId === privateCalendar!.id)).toMatchObject({ selected: false, isCompanyCalendar: false });
    expect(rows.find((r) => r.googleCalendarId === sharedCalendar!.id)).toMatchObject({ isCompanyCalendar: true });
    const moved = await h.app.handle.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.fieldworkerId, mariaId), eq(syncLog.action, "company_calendar_moved")));
    expect(moved.at(-1)?.message).toContain("was left in Google");
  });
});

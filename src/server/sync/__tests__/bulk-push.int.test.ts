import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { googleAccounts, googleEvents, googleQuotaWindows, syncJobs, syncLog } from "../../db/schema";
import { ACCOUNT_QUOTA } from "../core/quota-window";
import { bookingEventId } from "../core/event-ids";
import { accountBudgets, reserveBudgets } from "../io/quota-budget";
import { isSetPushable, runPushBookingSet } from "../jobs/push-booking-set";
import { runDueJobs } from "../jobs/run-jobs";
import { JOB_LEASE_MS, outbox } from "../outbox";
import { createSpreadBookings, createSyncHarness, type SyncHarness } from "./sync-harness";

let h: SyncHarness;
const statements = { count: 0 };
const crew: { fieldworkerId: string; accountId: string }[] = [];
const db = () => h.app.handle.db;

const createBookings = (count: number, dayOffset: number, fieldworkers = crew) =>
  createSpreadBookings(
    h,
    count,
    dayOffset,
    fieldworkers.map((f) => f.fieldworkerId),
    "Bulk job",
  );

async function googleEventOf(bookingId: string, fieldworkerId: string) {
  const calendar = await h.companyCalendarOf(fieldworkerId);
  return h.emulator.store.eventsOf(calendar.googleCalendarId).get(bookingEventId(bookingId))?.event;
}

const drain = () => runDueJobs(db(), { budgetMs: 60_000, concurrency: 20, batchSize: 100, random: () => 0 });

beforeAll(async () => {
  h = await createSyncHarness({ bookingCount: 0, onQuery: () => (statements.count += 1) });
  for (const [name, email] of [
    ["Maria", "bulk.maria@gmail.com"],
    ["Tom", "bulk.tom@gmail.com"],
    ["Aisha", "bulk.aisha@gmail.com"],
  ] as const) {
    crew.push(await h.connect("acme", name, email));
  }
  await h.settle();
}, 60_000);
afterAll(() => h?.close());
beforeEach(async () => {
  await db().delete(googleQuotaWindows);
  await db().update(googleAccounts).set({ backoffUntil: null });
});

describe("the bulk push", () => {
  it("creates a set of bookings' events in one batch request, with a handful of statements for the whole set", async () => {
    const created = await createBookings(90, 2);
    await h.control.resetCounters();
    // Google's echo of our own writes (push notifications → webhook → pulls) is counted elsewhere: only the push here.
    await h.control.addFault({ kind: "dropNotifications", match: { surface: "push" } });
    statements.count = 0;
    const report = await drain();
    const sql = statements.count;
    await h.control.clearFaults();
    const counters = await h.control.counters();
    expect(report.done).toBe(90);
    expect(counters["calendar.batch"]).toBe(1);
    expect(counters["calendar.batch.parts"]).toBe(90);
    expect(counters["calendar.events.insert"]).toBe(90);
    // Claim, six loads, one quota reservation, the write-back transaction, the account follow-up, the empty claim.
    expect(sql).toBeLessThanOrEqual(20);
    for (const { bookingId, fieldworkerId } of created) expect((await googleEventOf(bookingId, fieldworkerId))?.summary).toContain(`Bulk job`);
    const rows = await db().select().from(googleEvents).where(inArray(googleEvents.bookingId, created.map((c) => c.bookingId)));
    expect(rows).toHaveLength(90);
    expect(rows.every((r) => r.etag && r.contentHash && r.fieldworkerId === null)).toBe(true);
    const logs = await db().select().from(syncLog).where(and(inArray(syncLog.bookingId, created.map((c) => c.bookingId)), eq(syncLog.action, "booking_created")));
    expect(logs).toHaveLength(90);
    const quota = await db().select().from(googleQuotaWindows);
    // One reservation per account and one for the shared project, for the one batch.
    expect(quota.filter((q) => q.budgetKey.startsWith("account:")).map((q) => q.calls)).toEqual([[30], [30], [30]]);
    expect(quota.find((q) => q.budgetKey.startsWith("project:"))?.calls).toEqual([90]);
  });

  it("fills a request hook's small claim up to a full batch of pushes", async () => {
    const created = await createBookings(60, 12);
    await h.control.resetCounters();
    await h.control.addFault({ kind: "dropNotifications", match: { surface: "push" } });
    // The after() hooks claim 20 jobs at a time; the pushes among them still share one batch request.
    await runDueJobs(db(), { budgetMs: 60_000, random: () => 0 });
    await h.control.clearFaults();
    const counters = await h.control.counters();
    expect(counters["calendar.batch"]).toBe(1);
    expect(counters["calendar.batch.parts"]).toBe(60);
    for (const { bookingId, fieldworkerId } of created) expect((await googleEventOf(bookingId, fieldworkerId))?.status).toBe("confirmed");
  });

  it("drops a set's results as lost when another worker took its jobs over meanwhile", async () => {
    const created = await createBookings(5, 15);
    const stale = (await outbox.claim(db(), { limit: 100, now: new Date(), kinds: ["push_booking"] })).filter(isSetPushable);
    expect(stale).toHaveLength(5);
    // The worker stalls past its lease; another one claims the same jobs.
    const fresh = await outbox.claim(db(), { limit: 100, now: new Date(Date.now() + JOB_LEASE_MS + 1_000), kinds: ["push_booking"] });
    expect(fresh.map((j) => j.id).sort()).toEqual(stale.map((j) => j.id).sort());
    const results = await runPushBookingSet(db(), stale, { runSingle: () => Promise.reject(new Error("no job may take the one-job path here")), clock: () => new Date() });
    expect(results).toEqual(stale.map(() => "lost"));
    // The jobs are still the other worker's to settle.
    const rows = await db().select().from(syncJobs).where(inArray(syncJobs.id, stale.map((j) => j.id)));
    expect(rows.every((r) => r.status === "running" && fresh.some((f) => f.id === r.id && f.leaseToken === r.leaseToken))).toBe(true);
    expect(await outbox.complete(db(), fresh, new Date())).toHaveLength(5);
    for (const { bookingId, fieldworkerId } of created) expect((await googleEventOf(bookingId, fieldworkerId))?.summary).toContain("Bulk job");
  });

  it("updates changed bookings with the etag it stored, without re-reading them", async () => {
    const created = await createBookings(20, 9);
    await drain();
    const admin = await h.app.callerAs("admin@acme.test");
    const changed = created.slice(0, 10);
    for (const { bookingId, input } of changed) await admin.bookings.update({ ...input, id: bookingId, serviceName: `Renamed ${bookingId.slice(0, 4)}` });
    await h.control.resetCounters();
    await drain();
    const counters = await h.control.counters();
    expect(counters["calendar.events.update"]).toBe(10);
    expect(counters["calendar.events.insert"] ?? 0).toBe(0);
    // The stored etag was current: no 412, no re-read.
    expect(counters["calendar.events.get"] ?? 0).toBe(0);
    for (const { bookingId, fieldworkerId } of changed) expect((await googleEventOf(bookingId, fieldworkerId))?.summary).toContain(`Renamed ${bookingId.slice(0, 4)}`);
  });

  it("hands calls Google refused to the one-job path, which retries them", async () => {
    const created = await createBookings(12, 16);
    await h.control.addFault({ kind: "error", status: 503, match: { surface: "calendar", method: "POST" }, count: 3 });
    await drain();
    await h.control.clearFaults();
    await h.settle();
    for (const { bookingId, fieldworkerId } of created) expect((await googleEventOf(bookingId, fieldworkerId))?.status).toBe("confirmed");
  });

  it("holds an account whose quota is spent until its window has room, without spending attempts", async () => {
    const maria = crew[0]!;
    const [account] = await db().select().from(googleAccounts).where(eq(googleAccounts.id, maria.accountId));
    const filled = await reserveBudgets(db(), accountBudgets(account!, ACCOUNT_QUOTA.limit));
    expect(filled.admitted).toBe(true);
    const created = await createBookings(6, 20, [maria]);
    await h.control.resetCounters();
    await drain();
    expect((await h.control.counters())["calendar.events.insert"] ?? 0).toBe(0);
    const jobs = await db().select().from(syncJobs).where(inArray(syncJobs.bookingId, created.map((c) => c.bookingId)));
    expect(jobs.every((j) => j.status === "pending" && j.attempts === 0)).toBe(true);
    const [held] = await db().select().from(googleAccounts).where(eq(googleAccounts.id, maria.accountId));
    for (const job of jobs) {
      expect(job.runAfter.getTime()).toBeGreaterThan(Date.now() + 50_000);
      expect(job.runAfter.getTime()).toBe(held!.backoffUntil!.getTime());
    }
    // A minute later the window has room again.
    await db().delete(googleQuotaWindows);
    await db().update(googleAccounts).set({ backoffUntil: null });
    await db().update(syncJobs).set({ runAfter: new Date() }).where(inArray(syncJobs.id, jobs.map((j) => j.id)));
    await drain();
    for (const { bookingId, fieldworkerId } of created) expect((await googleEventOf(bookingId, fieldworkerId))?.status).toBe("confirmed");
  });
});

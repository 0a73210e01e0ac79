import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consentAs } from "../../../test/emulator";
import { redriveJobsOfFieldworker } from "../../db/queries/sync-delays";
import { googleAccounts, googleCalendars, googleChannels, googleProjectBackoffs, syncJobs, syncLog } from "../../db/schema";
import { completeConnection } from "../../google/connect/complete-connection";
import { startFromInvitation } from "../../google/connect/start-connection";
import { MAX_SYNC_ATTEMPTS } from "../core/backoff";
import { bookingEventId } from "../core/event-ids";
import { countRunnableJobs as countDueJobs } from "../outbox";
import { runDueJobs } from "../jobs/run-jobs";
import { runCronSweep } from "../triggers/cron-sweep";
import { createSyncHarness, type SyncHarness } from "./sync-harness";

/*
 * Issue #12 (findings 8, 9), #15 (quota storms) and #14 (connections heal themselves), as fault-injection
 * runs against the emulator through the real clients. Long outages are simulated: the app's job runner and
 * cron take a clock that the test moves forward together with the emulator's (whose fault windows, token
 * expiry and channels follow its own clock).
 */

const GOOGLE_EMAIL = "maria.garcia@gmail.com";
const SHARED_PROJECT = "FieldSync shared app";
const MINUTE = 60_000;

let h: SyncHarness;
let mariaId: string;
let accountId: string;
let companyCalendarId: string;
let offsetMs = 0;

const clock = () => new Date(Date.now() + offsetMs);
async function advance(ms: number) {
  offsetMs += ms;
  await h.control.advanceClock(ms);
}
const db = () => h.app.handle.db;
/** One worker pass at the simulated time; jitter near its top, so backoff waits are as long as they get. */
const runJobs = () => runDueJobs(db(), { budgetMs: 30_000, random: () => 0.99, clock });
async function settleNow() {
  for (let round = 0; round < 10; round++) {
    await h.emulator.drainNotifications();
    await runJobs();
    await h.emulator.drainNotifications();
    if ((await countDueJobs(db(), clock())) === 0) return;
  }
  throw new Error("Sync did not settle within 10 rounds");
}
const inGoogle = (bookingId: string) => h.emulator.store.eventsOf(companyCalendarId).get(bookingEventId(bookingId))?.event;
const mariaJobs = () => db().select().from(syncJobs).where(eq(syncJobs.fieldworkerId, mariaId));
const account = async () => (await db().select().from(googleAccounts).where(eq(googleAccounts.id, accountId)))[0]!;

let bookingHour = 0;
async function createBooking(serviceName: string): Promise<string> {
  const admin = await h.app.callerAs("admin@acme.test");
  const start = new Date(Date.now() + 3 * 86_400_000);
  start.setUTCHours(bookingHour++ % 20, 0, 0, 0);
  const booking = await admin.bookings.create({
    customerId: h.app.acme.customers[3]!.id,
    statusId: h.app.acme.statuses.find((s) => s.name === "Confirmed")!.id,
    serviceName,
    amount: "180.00",
    suburb: "Hobart",
    addresses: ["61 Elizabeth St, Hobart TAS 7000"],
    startsAt: start,
    endsAt: new Date(start.getTime() + 60 * MINUTE),
    fieldworkerIds: [mariaId],
  });
  return booking.id;
}

beforeAll(async () => {
  h = await createSyncHarness();
  ({ fieldworkerId: mariaId, accountId } = await h.connect("acme", "Maria", GOOGLE_EMAIL));
  await h.settle();
  companyCalendarId = (await h.companyCalendarOf(mariaId)).googleCalendarId;
});
afterAll(() => h?.close());

describe("a 7-minute Google outage (503 on every call)", () => {
  it("parks the pushes instead of failing them, shows the delay, and the cron lands every push once Google is back", async () => {
    await h.control.addFault({ kind: "error", status: 503, match: { surface: "calendar", account: GOOGLE_EMAIL }, durationMs: 7 * MINUTE });
    const bookings = [await createBooking("Outage job A"), await createBooking("Outage job B")];
    for (let elapsed = 0; elapsed < 7 * MINUTE; elapsed += 15_000) {
      await runJobs();
      await advance(15_000);
    }
    const during = await mariaJobs();
    expect(during.filter((j) => j.status === "failed")).toEqual([]);
    const parked = during.filter((j) => j.status === "pending" && j.parkedAt !== null);
    expect(parked.map((j) => j.bookingId).sort()).toEqual([...bookings].sort());
    for (const job of parked) expect(job.attempts).toBeGreaterThanOrEqual(MAX_SYNC_ATTEMPTS);
    for (const id of bookings) expect(inGoogle(id)).toBeUndefined();

    const admin = await h.app.callerAs("admin@acme.test");
    const status = await admin.googleSync.status({ fieldworkerId: mariaId });
    expect(status.delay.parkedJobs).toBe(2);
    expect(status.delay.delayedSince).toBeInstanceOf(Date);
    const row = (await admin.integrations.rollout()).find((r) => r.fieldworkerId === mariaId);
    expect(row?.syncDelay.delayedSince).toBeInstanceOf(Date);
    expect((await account()).status).toBe("active");

    // The outage is over (the fault window closed on the emulator's clock): the next sweep re-drives.
    const report = await runCronSweep(db(), { budgetMs: 30_000, clock });
    expect(report.parkedRedriven).toBeGreaterThanOrEqual(2);
    await settleNow();
    for (const id of bookings) expect(inGoogle(id)?.summary).toContain("Outage job");
    expect((await mariaJobs()).filter((j) => j.status !== "done")).toEqual([]);
    expect((await admin.googleSync.status({ fieldworkerId: mariaId })).delay.parkedJobs).toBe(0);
  });
});

describe("a single 401 from Google", () => {
  it("refreshes the access token, retries, and the account stays connected", async () => {
    const refreshesBefore = (await h.control.counters())["oauth.token.refresh"] ?? 0;
    await h.control.addFault({ kind: "error", status: 401, count: 1, match: { surface: "calendar", account: GOOGLE_EMAIL } });
    const bookingId = await createBooking("After a 401");
    await settleNow();
    expect((await account()).status).toBe("active");
    expect(inGoogle(bookingId)?.summary).toContain("After a 401");
    expect((await h.control.counters())["oauth.token.refresh"] ?? 0).toBeGreaterThan(refreshesBefore);
    expect((await mariaJobs()).filter((j) => j.status === "failed")).toEqual([]);
  });
});

describe("a quota storm on the shared app's project (403 quotaExceeded for two hours)", () => {
  it("postpones without spending attempts, backs the project off as one, says so, and drains by itself", async () => {
    await h.control.addFault({ kind: "error", status: 403, reason: "quotaExceeded", match: { surface: "calendar", project: SHARED_PROJECT }, durationMs: 120 * MINUTE });
    const bookingId = await createBooking("Quota storm job");
    let maxAttempts = 0;
    let sawQuotaWait = false;
    const admin = await h.app.callerAs("admin@acme.test");
    for (let elapsed = 0; elapsed < 120 * MINUTE; elapsed += 5 * MINUTE) {
      await runJobs();
      const jobs = await mariaJobs();
      expect(jobs.filter((j) => j.status === "failed")).toEqual([]);
      maxAttempts = Math.max(maxAttempts, ...jobs.filter((j) => j.status === "pending").map((j) => j.attempts));
      const row = (await admin.integrations.rollout()).find((r) => r.fieldworkerId === mariaId);
      if (row?.syncDelay.waitingForQuotaUntil) sawQuotaWait = true;
      await advance(5 * MINUTE);
    }
    // Every try during the storm gave its attempt back: the job never came near its retry limit.
    expect(maxAttempts).toBe(0);
    expect(sawQuotaWait).toBe(true);
    expect(inGoogle(bookingId)).toBeUndefined();
    const [backoff] = await db().select().from(googleProjectBackoffs);
    expect(backoff?.reason).toContain("quotaExceeded");

    // The quota is back; the project's wait (at most ~38 min) runs out and everything drains by itself.
    for (let waited = 0; waited < 45 * MINUTE && !inGoogle(bookingId); waited += 5 * MINUTE) {
      await advance(5 * MINUTE);
      await settleNow();
    }
    expect(inGoogle(bookingId)?.summary).toContain("Quota storm job");
    expect(await db().select().from(googleProjectBackoffs)).toEqual([]);
    expect((await mariaJobs()).filter((j) => j.status !== "done")).toEqual([]);
  });
});

describe("a permanent error", () => {
  it("fails the job with a readable reason in the sync log, and Retry now re-drives it", async () => {
    await h.control.addFault({ kind: "error", status: 400, reason: "invalid", match: { surface: "calendar", account: GOOGLE_EMAIL }, count: 2 });
    const bookingId = await createBooking("Refused once");
    await settleNow();
    const [failed] = (await mariaJobs()).filter((j) => j.status === "failed");
    expect(failed?.bookingId).toBe(bookingId);
    const [logged] = await db()
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.fieldworkerId, mariaId), eq(syncLog.outcome, "failed"), eq(syncLog.action, "push_booking")));
    expect(logged?.message).toMatch(/Google refused the request as invalid, so retrying cannot help/);

    const admin = await h.app.callerAs("admin@acme.test");
    expect((await admin.googleSync.status({ fieldworkerId: mariaId })).delay.failedJobs).toBe(1);
    await h.control.clearFaults();
    const fieldworker = await h.app.callerAs("maria@acme.test");
    await expect(fieldworker.googleSync.retrySync({ fieldworkerId: mariaId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await admin.googleSync.retrySync({ fieldworkerId: mariaId })).toEqual({ requeued: 1 });
    await settleNow();
    expect(inGoogle(bookingId)?.summary).toContain("Refused once");
    expect((await mariaJobs()).filter((j) => j.status !== "done")).toEqual([]);
  });
});

describe("a revoked grant", () => {
  it("sends one reconnect email and one admin notice per incident; reconnecting through the email lands the waiting pushes", async () => {
    const maria = h.fieldworker("acme", "Maria");
    await h.control.clearEmails();
    await h.control.revokeTokens({ email: GOOGLE_EMAIL });
    const bookingId = await createBooking("Waits for reconnection");
    for (let round = 0; round < 4; round++) {
      await runJobs();
      await runCronSweep(db(), { budgetMs: 30_000, clock });
      await advance(10 * MINUTE);
    }
    expect((await account()).status).toBe("needs_reconnection");
    const toMaria = (await h.control.emails(maria.email)).items;
    expect(toMaria).toHaveLength(1);
    const toAdmin = (await h.control.emails("admin@acme.test")).items;
    expect(toAdmin).toHaveLength(1);
    expect(toAdmin[0]?.subject).toContain("must reconnect Google Calendar");
    const notices = await db()
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.fieldworkerId, mariaId), inArray(syncLog.action, ["reconnect_needed", "reconnect_admin_notice"])));
    expect(notices.map((n) => n.action).sort()).toEqual(["reconnect_admin_notice", "reconnect_needed"]);
    const jobs = await mariaJobs();
    expect(jobs.filter((j) => j.status === "failed")).toEqual([]);
    expect(jobs.some((j) => j.bookingId === bookingId && j.status === "pending" && j.parkedAt !== null)).toBe(true);
    const admin = await h.app.callerAs("admin@acme.test");
    expect((await admin.googleSync.status({ fieldworkerId: mariaId })).reconnectNoticeAt).toBeInstanceOf(Date);

    // Maria opens the link in the email and consents again.
    const link = /href="([^"]*\/connect\/google\?invite=[^"]+)"/.exec(toMaria[0]?.html ?? "")?.[1];
    expect(link).toBeDefined();
    const token = new URL(link!.replaceAll("&amp;", "&")).searchParams.get("invite") ?? "";
    const start = await startFromInvitation(db(), token, clock());
    if (start.kind !== "redirect") throw new Error(start.page.message);
    const redirect = await consentAs(start.url, GOOGLE_EMAIL);
    const outcome = await completeConnection(
      db(),
      { state: redirect.searchParams.get("state") ?? undefined, code: redirect.searchParams.get("code") ?? undefined, browserBinding: start.browserBinding },
      clock(),
    );
    expect(outcome.kind).toBe("connected");
    await settleNow();
    expect(inGoogle(bookingId)?.summary).toContain("Waits for reconnection");
    expect((await mariaJobs()).filter((j) => j.status !== "done")).toEqual([]);
    // Still one email each: the incident is over, nothing more was sent.
    expect((await h.control.emails(maria.email)).items).toHaveLength(1);
    expect((await h.control.emails("admin@acme.test")).items).toHaveLength(1);
  });
});

describe("a channel that cannot be renewed", () => {
  it("for a missing permission is a reconnection incident: one email, one admin notice, however many sweeps", async () => {
    const maria = h.fieldworker("acme", "Maria");
    expect((await account()).status).toBe("active");
    await h.control.clearEmails();
    const [channel] = await db()
      .select()
      .from(googleChannels)
      .innerJoin(googleCalendars, eq(googleCalendars.id, googleChannels.calendarRowId))
      .where(and(eq(googleCalendars.googleAccountId, accountId), eq(googleChannels.active, true)))
      .limit(1);
    expect(channel).toBeDefined();
    await db().update(googleChannels).set({ expiresAt: new Date(clock().getTime() + 3_600_000) }).where(eq(googleChannels.id, channel!.google_channels.id));
    await h.control.addFault({ kind: "error", status: 403, reason: "insufficientPermissions", match: { surface: "calendar", path: "/watch" } });
    for (let round = 0; round < 3; round++) await runCronSweep(db(), { budgetMs: 30_000, clock });
    await h.control.clearFaults();
    expect((await account()).status).toBe("needs_reconnection");
    expect((await h.control.emails(maria.email)).items).toHaveLength(1);
    expect((await h.control.emails("admin@acme.test")).items).toHaveLength(1);
  });
});

describe("Retry now over several failed jobs of the same work", () => {
  it("queues the newest once, retires the older copies and any copy a pending job covers", async () => {
    const companyId = h.app.acme.company.id;
    const base = { companyId, kind: "push_booking" as const, fieldworkerId: mariaId, status: "failed" as const, attempts: 8, lastError: "HTTP 400" };
    const bookingA = "00000000-0000-4000-8000-00000000000a";
    const bookingB = "00000000-0000-4000-8000-00000000000b";
    const keyA = `push_booking:${bookingA}:${mariaId}`;
    const keyB = `push_booking:${bookingB}:${mariaId}`;
    await db().insert(syncJobs).values([
      { ...base, bookingId: bookingA, dedupeKey: keyA, createdAt: new Date(Date.now() - 60_000) },
      { ...base, bookingId: bookingA, dedupeKey: keyA },
      { ...base, bookingId: bookingB, dedupeKey: keyB },
      { ...base, bookingId: bookingB, dedupeKey: keyB, status: "pending", attempts: 0, runAfter: new Date(Date.now() + 3_600_000) },
    ]);
    expect(await redriveJobsOfFieldworker(db(), companyId, mariaId, null, clock())).toBe(1);
    const rows = await db().select().from(syncJobs).where(inArray(syncJobs.dedupeKey, [keyA, keyB]));
    const byStatus = (key: string) => rows.filter((r) => r.dedupeKey === key).map((r) => r.status).sort();
    expect(byStatus(keyA)).toEqual(["done", "pending"]);
    expect(byStatus(keyB)).toEqual(["done", "pending"]);
    expect(rows.find((r) => r.dedupeKey === keyA && r.status === "pending")?.attempts).toBe(0);
    await db().delete(syncJobs).where(inArray(syncJobs.dedupeKey, [keyA, keyB]));
  });
});

import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { googleQuotaWindows, syncJobs, syncLog } from "../../db/schema";
import { ACCOUNT_QUOTA } from "../core/quota-window";
import { accountBudgetKey } from "../io/quota-budget";
import { runDueJobs } from "../jobs/run-jobs";
import { createSyncHarness, type SyncHarness } from "./sync-harness";

/*
 * Every Calendar call a sync job makes is reserved on its account's and project's quota where it leaves: in
 * the batching fetch, once per HTTP request (a batch of many calls, or one lone call), each call counting on
 * its own. Counted here against what the emulator received.
 */

let h: SyncHarness;
const statements = { reservations: 0 };
const crew: { fieldworkerId: string; accountId: string; email: string }[] = [];

beforeAll(async () => {
  h = await createSyncHarness({
    bookingCount: 0,
    onQuery: (text) => {
      if (/insert into google_quota_windows/i.test(text)) statements.reservations += 1;
    },
  });
  for (const [name, email] of [
    ["Maria", "quota.maria@gmail.com"],
    ["Tom", "quota.tom@gmail.com"],
    ["Aisha", "quota.aisha@gmail.com"],
  ] as const) {
    crew.push({ ...(await h.connect("acme", name, email)), email });
  }
  await h.settle();
});
afterAll(() => h?.close());

beforeEach(async () => {
  await h.app.handle.db.delete(googleQuotaWindows);
  await h.control.resetCounters();
  statements.reservations = 0;
});

/** Google's side: calls made (batch parts one by one), and HTTP requests (a batch request counts once). */
async function googleTraffic() {
  const counters = await h.control.counters();
  const calls = Object.entries(counters)
    .filter(([op]) => op.startsWith("calendar.") && !op.startsWith("calendar.batch"))
    .reduce((sum, [, n]) => sum + n, 0);
  const requests = calls - (counters["calendar.batch.parts"] ?? 0) + (counters["calendar.batch"] ?? 0);
  return { calls, requests, batches: counters["calendar.batch"] ?? 0 };
}

/** A change in each fieldworker's company calendar, made in Google: each queues a pull of that calendar. */
async function changeEveryCalendarInGoogle(label: string) {
  for (const member of crew) {
    const calendar = await h.companyCalendarOf(member.fieldworkerId);
    const start = new Date(Date.now() + 3 * 86_400_000);
    await h.control.createEvent(member.email, calendar.googleCalendarId, {
      summary: `${label} for ${member.email}`,
      start: { dateTime: start.toISOString() },
      end: { dateTime: new Date(start.getTime() + 3_600_000).toISOString() },
    });
  }
  await h.emulator.drainNotifications();
}

describe("quota reserved once per HTTP request", () => {
  it("reserves the pulls that share a batch request in one statement, and every call Google saw is counted", async () => {
    await changeEveryCalendarInGoogle("Dentist");
    await h.control.resetCounters();
    statements.reservations = 0;
    await runDueJobs(h.app.handle.db, { budgetMs: 30_000, concurrency: 10, batchSize: 10, random: () => 0 });
    const traffic = await googleTraffic();
    expect(traffic.batches).toBeGreaterThanOrEqual(1);
    // One reservation statement per HTTP request, not per call.
    expect(statements.reservations).toBe(traffic.requests);
    expect(statements.reservations).toBeLessThan(traffic.calls);
    // The accounts' budgets hold exactly the calls Google received (no token refresh was due).
    const windows = await h.app.handle.db.select().from(googleQuotaWindows).where(like(googleQuotaWindows.budgetKey, "account:%"));
    expect(windows.flatMap((w) => w.calls).reduce((sum, n) => sum + n, 0)).toBe(traffic.calls);
  });

  it("holds back a call whose account has no room for longer than a job may wait: postponed, nothing sent, no retries", async () => {
    const [maria] = crew;
    await changeEveryCalendarInGoogle("Physio");
    await h.control.resetCounters();
    // Maria's budget was spent a moment ago: room again in about a minute.
    const now = Date.now();
    await h.app.handle.db
      .insert(googleQuotaWindows)
      .values({ budgetKey: accountBudgetKey(maria!.accountId), limitCalls: ACCOUNT_QUOTA.limit, windowMs: ACCOUNT_QUOTA.windowMs, atMs: [now], calls: [ACCOUNT_QUOTA.limit], admitted: true, checkedAtMs: now });
    statements.reservations = 0;
    const report = await runDueJobs(h.app.handle.db, { budgetMs: 30_000, concurrency: 1, batchSize: 10, random: () => 0 });
    expect(report.postponed).toBe(1);
    expect(report.done).toBe(crew.length - 1);
    const traffic = await googleTraffic();
    // Maria's pull never reached Google; the other two did, one list call each.
    expect(traffic.calls).toBe(crew.length - 1);
    // The two sent alone (concurrency 1) and Maria's: one reservation each, plus one to find which account was
    // refused. Had the googleapis client retried the held-back call as a network failure, there would be more.
    expect(statements.reservations).toBe(crew.length + 1);
    const [job] = await h.app.handle.db
      .select()
      .from(syncJobs)
      .where(and(eq(syncJobs.kind, "pull_calendar"), eq(syncJobs.status, "pending"), eq(syncJobs.googleAccountId, maria!.accountId)));
    expect(job?.attempts).toBe(0);
    expect(job!.runAfter.getTime()).toBeGreaterThan(now + 30_000);
    const [line] = await h.app.handle.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.action, "pull_calendar"), like(syncLog.message, "%Holding back to stay under Google's quota%")));
    expect(line).toMatchObject({ outcome: "retry", message: expect.stringContaining("Waiting for Google quota until") });
  });
});

describe("claims in flight", () => {
  /** The most jobs seen running at once while `run` goes, sampled from the outbox. */
  async function mostRunningDuring(run: () => Promise<unknown>): Promise<number> {
    let most = 0;
    let done = false;
    const sampling = (async () => {
      while (!done) {
        const running = await h.app.handle.db.select({ id: syncJobs.id }).from(syncJobs).where(eq(syncJobs.status, "running"));
        most = Math.max(most, running.length);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    await run().finally(() => (done = true));
    await sampling;
    return most;
  }

  it("runs the next claim while one waits on Google, and only one at a time when told so", async () => {
    // Google answers each list call after 400 ms: long enough for the sampler to see who is running meanwhile.
    await h.control.addFault({ kind: "latency", latencyMs: 400, match: { surface: "calendar", method: "GET" } });
    try {
      await changeEveryCalendarInGoogle("Overlapping");
      const overlapped = await mostRunningDuring(() => runDueJobs(h.app.handle.db, { budgetMs: 30_000, concurrency: 4, batchSize: 1, claimsInFlight: 2, random: () => 0 }));
      expect(overlapped).toBe(2);
      await changeEveryCalendarInGoogle("One by one");
      const sequential = await mostRunningDuring(() => runDueJobs(h.app.handle.db, { budgetMs: 30_000, concurrency: 4, batchSize: 1, claimsInFlight: 1, random: () => 0 }));
      expect(sequential).toBe(1);
    } finally {
      await h.control.clearFaults();
    }
  });
});

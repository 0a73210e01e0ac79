import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../api/__tests__/test-app";
import { redriveJobsOfFieldworker } from "../../../db/queries/sync-delays";
import { syncJobs, syncLog } from "../../../db/schema";
import { runClaimedJob, runDueJobs } from "../../jobs/run-jobs";
import { JOB_LEASE_MS, MAX_LOST_LEASES, outbox, type SyncJob } from "..";

/**
 * The outbox's guarantees when workers die or stall: a job whose worker is killed every time (a function
 * timeout) ends failed, visibly, instead of being claimed forever; and a worker that lost its lease can't
 * overwrite what the worker that took the job over decided.
 */
let app: TestApp;
let now: Date;
const clock = () => now;
const db = () => app.handle.db;
const passLease = () => {
  now = new Date(now.getTime() + JOB_LEASE_MS + 1_000);
};

beforeAll(async () => {
  app = await createTestApp({ bookingCount: 0 });
});
afterAll(() => app?.close());
beforeEach(async () => {
  await db().delete(syncJobs);
  // Ahead of the database's clock, which stamps each job's run_after when it is queued.
  now = new Date(Date.now() + 5_000);
});

/** A job that needs no Google account: an invitation whose row is gone (the handler skips it). */
function invitationJob(invitationId: string): SyncJob {
  return { kind: "send_invitation", companyId: app.acme.company.id, fieldworkerId: app.acme.crew[0]!.id, invitationId };
}

async function storedJob() {
  const [row] = await db().select().from(syncJobs);
  return row!;
}

describe("a worker killed mid-job every time", () => {
  it(`is taken over ${MAX_LOST_LEASES - 1} times, then the job fails with a sync-log line saying why`, async () => {
    await outbox.enqueue(db(), [invitationJob("00000000-0000-4000-8000-000000000001")]);
    for (let claim = 1; claim <= MAX_LOST_LEASES; claim++) {
      const claimed = await outbox.claim(db(), { limit: 10, now: clock() });
      expect(claimed).toHaveLength(1);
      // The worker dies here: no settlement, the lease runs out.
      passLease();
    }
    expect(await outbox.claim(db(), { limit: 10, now: clock() })).toHaveLength(0);

    const report = await runDueJobs(db(), { clock });
    expect(report).toMatchObject({ claimed: 0, abandoned: 1 });
    const job = await storedJob();
    expect(job.status).toBe("failed");
    expect(job.lastError).toContain("stopped before finishing");
    const lines = await db()
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.fieldworkerId, app.acme.crew[0]!.id), eq(syncLog.action, "send_invitation"), eq(syncLog.outcome, "failed")));
    expect(lines.map((l) => l.message)).toEqual([expect.stringContaining(`stopped before finishing ${MAX_LOST_LEASES} times in a row`)]);
    // Failed is final for the poller: the next sweeps leave it alone.
    passLease();
    expect(await outbox.claim(db(), { limit: 10, now: clock() })).toHaveLength(0);
  });

  it("runs again, with a fresh count, after an admin's Retry now", async () => {
    await outbox.enqueue(db(), [invitationJob("00000000-0000-4000-8000-000000000005")]);
    for (let claim = 1; claim <= MAX_LOST_LEASES; claim++) {
      await outbox.claim(db(), { limit: 10, now: clock() });
      passLease();
    }
    await runDueJobs(db(), { clock });
    expect((await storedJob()).status).toBe("failed");
    expect(await redriveJobsOfFieldworker(db(), app.acme.company.id, app.acme.crew[0]!.id, null, clock())).toBe(1);
    expect(await storedJob()).toMatchObject({ status: "pending", lostLeases: 0, attempts: 0 });
    expect(await outbox.claim(db(), { limit: 10, now: clock() })).toHaveLength(1);
  });

  it("starts counting again once a worker settles it", async () => {
    await outbox.enqueue(db(), [invitationJob("00000000-0000-4000-8000-000000000002")]);
    for (let claim = 1; claim < MAX_LOST_LEASES; claim++) {
      await outbox.claim(db(), { limit: 10, now: clock() });
      passLease();
    }
    const [job] = await outbox.claim(db(), { limit: 10, now: clock() });
    expect(await outbox.retry(db(), job!, clock(), "Will retry: Google 503", clock())).toBe(true);
    expect((await storedJob()).lostLeases).toBe(0);
    expect(await outbox.claim(db(), { limit: 10, now: clock() })).toHaveLength(1);
  });
});

describe("a worker that lost its lease", () => {
  it("cannot overwrite the result of the worker that took the job over", async () => {
    await outbox.enqueue(db(), [invitationJob("00000000-0000-4000-8000-000000000003")]);
    const [stale] = await outbox.claim(db(), { limit: 1, now: clock() });
    passLease();
    const [fresh] = await outbox.claim(db(), { limit: 1, now: clock() });
    expect(fresh!.id).toBe(stale!.id);
    expect(fresh!.leaseToken).not.toBe(stale!.leaseToken);

    // The newer worker hits a transient error: the job waits for its retry.
    const retryAt = new Date(now.getTime() + 60_000);
    expect(await outbox.retry(db(), fresh!, retryAt, "Google answered 503", clock())).toBe(true);
    // The stalled worker wakes up and reports: none of it lands.
    expect(await outbox.complete(db(), [stale!], clock())).toEqual([]);
    expect(await outbox.fail(db(), [stale!], "stale failure", clock())).toEqual([]);
    expect(await outbox.retry(db(), stale!, clock(), "stale retry", clock())).toBe(false);
    const job = await storedJob();
    expect(job).toMatchObject({ status: "pending", lastError: "Google answered 503", runAfter: retryAt });
  });

  it("runs its handler, then drops its result as lost", async () => {
    await outbox.enqueue(db(), [invitationJob("00000000-0000-4000-8000-000000000004")]);
    const [stale] = await outbox.claim(db(), { limit: 1, now: clock() });
    passLease();
    const [fresh] = await outbox.claim(db(), { limit: 1, now: clock() });
    expect(await runClaimedJob(db(), fresh!, () => 0, clock)).toBe("skipped");
    expect(await runClaimedJob(db(), stale!, () => 0, clock)).toBe("lost");
    expect(await storedJob()).toMatchObject({ status: "done", leaseToken: null });
  });

  it("settles many jobs in one statement, each only under its own lease", async () => {
    await outbox.enqueue(db(), [1, 2, 3].map((n) => invitationJob(`00000000-0000-4000-8000-00000000001${n}`)));
    const claimed = await outbox.claim(db(), { limit: 10, now: clock() });
    expect(claimed).toHaveLength(3);
    const forged = { id: claimed[2]!.id, leaseToken: claimed[0]!.leaseToken };
    const settled = await outbox.complete(db(), [claimed[0]!, claimed[1]!, forged], clock());
    expect(settled.sort()).toEqual([claimed[0]!.id, claimed[1]!.id].sort());
    const statuses = await db().select({ id: syncJobs.id, status: syncJobs.status }).from(syncJobs);
    expect(statuses.find((s) => s.id === claimed[2]!.id)?.status).toBe("running");
  });
});

describe("postponing a set of jobs (our own quota budget is spent)", () => {
  it("puts them back to pending without spending the attempt, fenced by each lease", async () => {
    await outbox.enqueue(db(), [1, 2, 3].map((n) => invitationJob(`00000000-0000-4000-8000-00000000002${n}`)));
    const claimed = await outbox.claim(db(), { limit: 10, now: clock() });
    expect(claimed).toHaveLength(3);
    const forged = { id: claimed[2]!.id, leaseToken: claimed[0]!.leaseToken };
    const runAfter = new Date(now.getTime() + 30_000);
    const settled = await outbox.postpone(db(), [claimed[0]!, claimed[1]!, forged], runAfter, "quota budget spent", clock());
    expect(settled.sort()).toEqual([claimed[0]!.id, claimed[1]!.id].sort());
    const rows = await db().select().from(syncJobs);
    for (const job of [claimed[0]!, claimed[1]!]) {
      expect(rows.find((r) => r.id === job.id)).toMatchObject({ status: "pending", attempts: 0, runAfter, leaseToken: null, lastError: "quota budget spent" });
    }
    expect(rows.find((r) => r.id === claimed[2]!.id)).toMatchObject({ status: "running", attempts: 1 });
  });

  it("retires a job a newer pending job with the same key already covers", async () => {
    const job = invitationJob("00000000-0000-4000-8000-000000000031");
    await outbox.enqueue(db(), [job]);
    const [claimed] = await outbox.claim(db(), { limit: 1, now: clock() });
    // The change happens again while the job runs: a newer job with the same key waits.
    await outbox.enqueue(db(), [job]);
    expect(await outbox.postpone(db(), [claimed!], new Date(now.getTime() + 30_000), "quota budget spent", clock())).toEqual([claimed!.id]);
    const rows = await db().select().from(syncJobs);
    expect(rows.find((r) => r.id === claimed!.id)).toMatchObject({ status: "done", lastError: "superseded after: quota budget spent" });
    expect(rows.filter((r) => r.status === "pending")).toHaveLength(1);
  });
});

describe("the same work queued again while it runs", () => {
  it("waits for the running job rather than running beside it, and is claimed once that one is settled or its lease lapses", async () => {
    const job = invitationJob("00000000-0000-4000-8000-000000000041");
    const other = invitationJob("00000000-0000-4000-8000-000000000042");
    await outbox.enqueue(db(), [job]);
    const [running] = await outbox.claim(db(), { limit: 10, now: clock() });
    // The change happens again while the job runs (a notification during a pull): one more job, same key.
    await outbox.enqueue(db(), [job, other]);
    const meanwhile = await outbox.claim(db(), { limit: 10, now: clock() });
    expect(meanwhile.map((j) => j.dedupeKey)).toEqual([expect.stringContaining("00000000-0000-4000-8000-000000000042")]);
    await outbox.complete(db(), [running!], clock());
    const after = await outbox.claim(db(), { limit: 10, now: clock() });
    expect(after).toHaveLength(1);
    expect(after[0]!.dedupeKey).toBe(running!.dedupeKey);
    expect(after[0]!.id).not.toBe(running!.id);

    // A worker that died holds nothing back once its lease has run out: both are claimed (its job taken over).
    await outbox.enqueue(db(), [job]);
    passLease();
    const takenOver = await outbox.claim(db(), { limit: 10, now: clock() });
    expect(takenOver.filter((j) => j.dedupeKey === after[0]!.dedupeKey)).toHaveLength(2);
  });
});

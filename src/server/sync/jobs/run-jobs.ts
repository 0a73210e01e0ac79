import { eq } from "drizzle-orm";
import pLimit from "p-limit";
import type { Db } from "../../db/client";
import { fieldworkerGoogleConnections } from "../../db/schema";
import { beginBatchableWork } from "../../google/batch/batch-demand";
import { calendarBatchingEnabled } from "../../google/oauth-client";
import { classifyGoogleError, quotaScope } from "../../google/sync-error";
import { logger, withLogContext } from "../../observability/logger";
import { decideJobFailure, permanentFailureText } from "../core/job-failure";
import { backOffForQuota, clearQuotaBackoff } from "../io/quota-backoff";
import { MAX_LOST_LEASES, outbox, redriveParkedJobsOfAccount, subjectOf, type ClaimedJob, type StoredJob, type SyncJob, type SyncJobKind } from "../outbox";
import { writeSyncLog } from "../sync-log";
import { jobHandlers } from "./handlers";
import type { JobHandler, JobOutcome } from "./job-result";
import { isSetPushable, PUSH_SET_SIZE, runPushBookingSet } from "./push-booking-set";

export interface RunOptions {
  /** Stop claiming new jobs after this long (a serverless invocation has a hard limit). */
  budgetMs?: number;
  concurrency?: number;
  batchSize?: number;
  /** Injected for tests; jitter for the backoff. */
  random?: () => number;
  /** Injected for tests that simulate long outages; the wall clock otherwise. */
  clock?: () => Date;
  /** Only jobs of these kinds (a dedicated worker, or a test that runs one step of the sync). */
  kinds?: readonly SyncJobKind[];
  /** Claims running at once (default 2): the next claim's database work overlaps this one's wait on Google. */
  claimsInFlight?: number;
}

export interface RunReport {
  claimed: number;
  done: number;
  skipped: number;
  retried: number;
  /** Transient error, fast retries spent: waiting, re-driven by the cron and the account's next success. */
  parked: number;
  /** Waiting without spending an attempt: Google quota, or a grant that needs reconnecting. */
  postponed: number;
  failed: number;
  /** Ran, but another worker had taken the job over meanwhile (this worker's lease ran out): its result was dropped. */
  lost: number;
  /** Not claimed: their workers were killed mid-job too many times in a row, so they failed (with a sync-log line). */
  abandoned: number;
  stoppedForBudget: boolean;
}

export type JobSettlement = "done" | "skipped" | "retried" | "parked" | "postponed" | "failed" | "lost";

function runHandler(db: Db, job: SyncJob, now: Date): Promise<JobOutcome> {
  // The map pairs each kind with its handler; TypeScript cannot follow that through the union by itself.
  const handler = jobHandlers[job.kind] as JobHandler<SyncJobKind>;
  return handler(db, job as never, now);
}

const logDirection = (kind: StoredJob["kind"]) => (kind === "pull_calendar" ? "pull" : kind.startsWith("push") ? "push" : "system");

async function recordFailure(db: Db, job: StoredJob, message: string, outcome: "retry" | "failed", now: Date) {
  const subject = subjectOf(job);
  await writeSyncLog(db, {
    companyId: subject.companyId,
    fieldworkerId: subject.fieldworkerId,
    bookingId: subject.bookingId,
    direction: logDirection(job.kind),
    action: job.kind === "malformed" ? job.storedKind : job.kind,
    outcome,
    message,
  });
  if (subject.fieldworkerId) {
    await db
      .update(fieldworkerGoogleConnections)
      .set({ lastError: message.slice(0, 500), lastErrorAt: now })
      .where(eq(fieldworkerGoogleConnections.fieldworkerId, subject.fieldworkerId));
  } else if (subject.googleAccountId) {
    await db
      .update(fieldworkerGoogleConnections)
      .set({ lastError: message.slice(0, 500), lastErrorAt: now })
      .where(eq(fieldworkerGoogleConnections.googleAccountId, subject.googleAccountId));
  }
}

/** The Google account a job talks to: its own, or the one its fieldworker is connected with. */
export async function accountOfJob(db: Db, job: StoredJob): Promise<string | null> {
  const subject = subjectOf(job);
  if (subject.googleAccountId) return subject.googleAccountId;
  if (!subject.fieldworkerId) return null;
  const [row] = await db
    .select({ accountId: fieldworkerGoogleConnections.googleAccountId })
    .from(fieldworkerGoogleConnections)
    .where(eq(fieldworkerGoogleConnections.fieldworkerId, subject.fieldworkerId));
  return row?.accountId ?? null;
}

/** Google answered for the account: its quota wait is over and its parked jobs are due now. */
async function afterAccountSuccess(db: Db, job: StoredJob, now: Date): Promise<void> {
  const accountId = await accountOfJob(db, job);
  if (!accountId) return;
  await clearQuotaBackoff(db, accountId);
  await redriveParkedJobsOfAccount(db, accountId, now);
}

/**
 * Runs one claimed job and settles it: done; retried with backoff; parked (transient error, fast retries
 * spent: re-driven later, never failed); postponed without spending an attempt (quota, or a grant that
 * needs reconnecting); or failed for good with a readable reason (permanent errors only). Every settlement
 * is fenced by the job's lease: a worker whose job was taken over meanwhile changes nothing ("lost").
 */
export async function runClaimedJob(db: Db, job: ClaimedJob, random: () => number = Math.random, clock: () => Date = () => new Date()): Promise<JobSettlement> {
  const now = clock();
  if (job.kind === "malformed") {
    const message = `This ${job.storedKind} job cannot run: ${job.problem}`;
    if ((await outbox.fail(db, [job], message, now)).length === 0) return "lost";
    await recordFailure(db, job, message, "failed", now);
    return "failed";
  }
  try {
    // While the handler runs, its Google calls may share HTTP batches with other jobs' (batch-demand.ts).
    const endWork = beginBatchableWork();
    const outcome = await runHandler(db, job, now).finally(endWork);
    if ((await outbox.complete(db, [job], clock())).length === 0) return "lost";
    await afterAccountSuccess(db, job, clock());
    return outcome.kind === "skipped" ? "skipped" : "done";
  } catch (error) {
    const classified = classifyGoogleError(error);
    const message = `${classified.message}${classified.status ? ` (HTTP ${classified.status}${classified.reason ? ` ${classified.reason}` : ""})` : ""}`;
    const settledAt = clock();
    const decision = decideJobFailure({
      code: classified.code,
      quota: quotaScope(classified),
      attempts: job.attempts,
      delayedSince: job.delayedSince,
      now: settledAt,
      random: random(),
    });
    switch (decision.kind) {
      case "postpone_for_quota": {
        const accountId = await accountOfJob(db, job);
        if (accountId) await backOffForQuota(db, accountId, decision.scope, decision.until, message);
        if (!(await outbox.retry(db, job, decision.runAfter, message, settledAt, { refundAttempt: true, delayedSince: decision.delayedSince, parked: job.parkedAt !== null }))) return "lost";
        await recordFailure(db, job, `Waiting for Google quota until ${decision.until.toISOString()} (${decision.scope === "project" ? "whole project" : "this account"}): ${message}`, "retry", settledAt);
        return "postponed";
      }
      case "await_reconnection":
        if (!(await outbox.retry(db, job, decision.runAfter, message, settledAt, { refundAttempt: true, parked: true }))) return "lost";
        await recordFailure(db, job, `Waiting for the Google account to be reconnected: ${message}`, "retry", settledAt);
        return "postponed";
      case "retry":
        if (!(await outbox.retry(db, job, decision.runAfter, message, settledAt, { delayedSince: decision.delayedSince, parked: job.parkedAt !== null }))) return "lost";
        await recordFailure(db, job, `Will retry: ${message}`, "retry", settledAt);
        return "retried";
      case "park":
        if (!(await outbox.retry(db, job, decision.runAfter, message, settledAt, { delayedSince: decision.delayedSince, parked: true }))) return "lost";
        await recordFailure(db, job, `Google unavailable since ${decision.delayedSince.toISOString()}: sync delayed, FieldSync keeps retrying (${message})`, "retry", settledAt);
        return "parked";
      case "fail":
        if ((await outbox.fail(db, [job], message, settledAt)).length === 0) return "lost";
        await recordFailure(db, job, permanentFailureText(classified.code, message), "failed", settledAt);
        return "failed";
    }
  }
}

/** Jobs whose worker kept dying fail here, each with a sync-log line saying why. */
async function failAbandonedJobs(db: Db, now: Date): Promise<number> {
  const abandoned = await outbox.failAbandoned(db, now);
  for (const job of abandoned) {
    await recordFailure(
      db,
      job,
      `Gave up: the worker running this job stopped before finishing ${MAX_LOST_LEASES} times in a row (each time it ran out of time or crashed). Use "Retry now" on the profile to try again.`,
      "failed",
      now,
    );
    logger().warn({ jobId: job.id, kind: job.kind }, "sync job abandoned by its workers");
  }
  return abandoned.length;
}

/**
 * Claims and runs due jobs until none is due or the time budget is spent. Any number of these may run
 * at once (webhook, cron, request hooks): claims never overlap. Within one run, up to `claimsInFlight`
 * claims run at once, so one claim's database work overlaps another's wait on Google.
 */
export async function runDueJobs(db: Db, options: RunOptions = {}): Promise<RunReport> {
  const started = Date.now();
  const budgetMs = options.budgetMs ?? 50_000;
  const limit = pLimit(options.concurrency ?? 4);
  const clock = options.clock ?? (() => new Date());
  const batchSize = options.batchSize ?? 20;
  const report: RunReport = { claimed: 0, done: 0, skipped: 0, retried: 0, parked: 0, postponed: 0, failed: 0, lost: 0, abandoned: 0, stoppedForBudget: false };
  report.abandoned = await failAbandonedJobs(db, clock());
  const runSingle = (job: ClaimedJob) => limit(() => runLoggedJob(db, job, options.random, clock));
  const inFlight = new Set<Promise<void>>();
  const settleAll = () => Promise.all(inFlight);
  for (;;) {
    if (Date.now() - started > budgetMs) {
      report.stoppedForBudget = true;
      await settleAll();
      return report;
    }
    const jobs = await claimGroup(db, options, batchSize, clock(), report);
    if (jobs.length === 0) {
      // Nothing due now; a claim still running may queue more (a push's follow-ups): wait for it, then look again.
      if (inFlight.size === 0) return report;
      await Promise.race(inFlight);
      continue;
    }
    const running: Promise<void> = runGroup(db, jobs, runSingle, clock)
      .then((results) => {
        for (const result of results) report[result] += 1;
      })
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
    if (inFlight.size >= (options.claimsInFlight ?? DEFAULT_CLAIMS_IN_FLIGHT)) await Promise.race(inFlight);
  }
}

const DEFAULT_CLAIMS_IN_FLIGHT = 2;

/** One claim of due jobs; when it is full and holds booking pushes, topped up with more pushes for one set. */
async function claimGroup(db: Db, options: RunOptions, batchSize: number, now: Date, report: RunReport): Promise<ClaimedJob[]> {
  const jobs = await outbox.claim(db, { limit: batchSize, now, kinds: options.kinds });
  report.claimed += jobs.length;
  const pushes = calendarBatchingEnabled() ? jobs.filter(isSetPushable).length : 0;
  if (pushes > 0 && jobs.length >= batchSize && pushes < PUSH_SET_SIZE && (!options.kinds || options.kinds.includes("push_booking"))) {
    const more = await outbox.claim(db, { limit: PUSH_SET_SIZE - pushes, now, kinds: ["push_booking"] });
    report.claimed += more.length;
    jobs.push(...more);
  }
  return jobs;
}

/** Runs a claim: its booking pushes as one set (bulk statements, shared HTTP batches), the rest one by one. */
async function runGroup(db: Db, jobs: ClaimedJob[], runSingle: (job: ClaimedJob) => Promise<JobSettlement>, clock: () => Date): Promise<JobSettlement[]> {
  const inSet = calendarBatchingEnabled() ? jobs.filter(isSetPushable) : [];
  const setIds = new Set(inSet.map((job) => job.id));
  return (await Promise.all([runPushBookingSet(db, inSet, { runSingle, clock }), Promise.all(jobs.filter((job) => !setIds.has(job.id)).map(runSingle))])).flat();
}

/** runClaimedJob with the job's ids on every log line it writes, and one line with its outcome. */
function runLoggedJob(db: Db, job: ClaimedJob, random: (() => number) | undefined, clock: () => Date) {
  const subject = subjectOf(job);
  const ids = { jobId: job.id, companyId: subject.companyId, googleAccountId: subject.googleAccountId ?? undefined, fieldworkerId: subject.fieldworkerId ?? undefined };
  return withLogContext(ids, async () => {
    const started = performance.now();
    const result = await runClaimedJob(db, job, random, clock);
    const line = { kind: job.kind, attempt: job.attempts, result, durationMs: Math.round(performance.now() - started) };
    if (result === "failed") logger().warn(line, "sync job failed");
    else logger().info(line, "sync job");
    return result;
  });
}

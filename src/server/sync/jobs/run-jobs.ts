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
import { writeSyncLog } from "../sync-log";
import { claimDueJobs, type SyncJob } from "./claim";
import { accountOfJob, markJobDone, markJobFailed, redriveParkedJobsOfAccount, rescheduleJob } from "./complete";
import { runInitialSyncJob } from "./initial-sync.job";
import type { JobOutcome } from "./job-result";
import { runPullCalendarJob } from "./pull-calendar.job";
import { runPushBookingJob } from "./push-booking.job";
import { isSetPushable, PUSH_SET_SIZE, runPushBookingSet } from "./push-booking-set";
import { runPushUnavailableJob } from "./push-unavailable.job";
import { runRefreshCalendarListJob } from "./refresh-calendar-list.job";
import { runSendInvitationJob } from "./send-invitation.job";
import { runStopSyncJob } from "./stop-sync.job";

export interface RunOptions {
  /** Stop claiming new jobs after this long (a serverless invocation has a hard limit). */
  budgetMs?: number;
  concurrency?: number;
  batchSize?: number;
  /** Injected for tests; jitter for the backoff. */
  random?: () => number;
  /** Injected for tests that simulate long outages; the wall clock otherwise. */
  clock?: () => Date;
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
  stoppedForBudget: boolean;
}

function handlerFor(job: SyncJob): (db: Db, job: SyncJob, now: Date) => Promise<JobOutcome> {
  switch (job.kind) {
    case "push_booking":
      return (db, j) => runPushBookingJob(db, j);
    case "push_unavailable":
      return (db, j) => runPushUnavailableJob(db, j);
    case "pull_calendar":
      return runPullCalendarJob;
    case "initial_sync":
      return runInitialSyncJob;
    case "stop_sync":
      return (db, j) => runStopSyncJob(db, j);
    case "refresh_calendar_list":
      return runRefreshCalendarListJob;
    case "send_invitation":
      return runSendInvitationJob;
  }
}

async function recordFailure(db: Db, job: SyncJob, message: string, outcome: "retry" | "failed", now: Date) {
  await writeSyncLog(db, {
    companyId: job.companyId,
    fieldworkerId: job.fieldworkerId,
    bookingId: job.bookingId,
    direction: job.kind === "pull_calendar" ? "pull" : job.kind.startsWith("push") ? "push" : "system",
    action: job.kind,
    outcome,
    message,
  });
  if (job.fieldworkerId) {
    await db
      .update(fieldworkerGoogleConnections)
      .set({ lastError: message.slice(0, 500), lastErrorAt: now })
      .where(eq(fieldworkerGoogleConnections.fieldworkerId, job.fieldworkerId));
  } else if (job.googleAccountId) {
    await db
      .update(fieldworkerGoogleConnections)
      .set({ lastError: message.slice(0, 500), lastErrorAt: now })
      .where(eq(fieldworkerGoogleConnections.googleAccountId, job.googleAccountId));
  }
}

export type JobSettlement = "done" | "skipped" | "retried" | "parked" | "postponed" | "failed";

/** Google answered for the account: its quota wait is over and its parked jobs are due now. */
async function afterAccountSuccess(db: Db, job: SyncJob, now: Date): Promise<void> {
  const accountId = await accountOfJob(db, job);
  if (!accountId) return;
  await clearQuotaBackoff(db, accountId);
  await redriveParkedJobsOfAccount(db, accountId, now);
}

/**
 * Runs one claimed job and settles it: done; retried with backoff; parked (transient error, fast retries
 * spent: re-driven later, never failed); postponed without spending an attempt (quota, or a grant that
 * needs reconnecting); or failed for good with a readable reason (permanent errors only).
 */
export async function runClaimedJob(db: Db, job: SyncJob, random: () => number = Math.random, clock: () => Date = () => new Date()): Promise<JobSettlement> {
  const now = clock();
  try {
    // While the handler runs, its Google calls may share HTTP batches with other jobs' (batch-demand.ts).
    const endWork = beginBatchableWork();
    const outcome = await handlerFor(job)(db, job, now).finally(endWork);
    await markJobDone(db, job, clock());
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
        await rescheduleJob(db, job, decision.runAfter, message, settledAt, { refundAttempt: true, delayedSince: decision.delayedSince, parked: job.parkedAt !== null });
        await recordFailure(db, job, `Waiting for Google quota until ${decision.until.toISOString()} (${decision.scope === "project" ? "whole project" : "this account"}): ${message}`, "retry", settledAt);
        return "postponed";
      }
      case "await_reconnection":
        await rescheduleJob(db, job, decision.runAfter, message, settledAt, { refundAttempt: true, parked: true });
        await recordFailure(db, job, `Waiting for the Google account to be reconnected: ${message}`, "retry", settledAt);
        return "postponed";
      case "retry":
        await rescheduleJob(db, job, decision.runAfter, message, settledAt, { delayedSince: decision.delayedSince, parked: job.parkedAt !== null });
        await recordFailure(db, job, `Will retry: ${message}`, "retry", settledAt);
        return "retried";
      case "park":
        await rescheduleJob(db, job, decision.runAfter, message, settledAt, { delayedSince: decision.delayedSince, parked: true });
        await recordFailure(db, job, `Google unavailable since ${decision.delayedSince.toISOString()}: sync delayed, FieldSync keeps retrying (${message})`, "retry", settledAt);
        return "parked";
      case "fail":
        await markJobFailed(db, job, message, settledAt);
        await recordFailure(db, job, permanentFailureText(classified.code, message), "failed", settledAt);
        return "failed";
    }
  }
}

/**
 * Claims and runs due jobs until none is due or the time budget is spent. Any number of these may run
 * at once (webhook, cron, request hooks): claims never overlap.
 */
export async function runDueJobs(db: Db, options: RunOptions = {}): Promise<RunReport> {
  const started = Date.now();
  const budgetMs = options.budgetMs ?? 50_000;
  const limit = pLimit(options.concurrency ?? 4);
  const clock = options.clock ?? (() => new Date());
  const report: RunReport = { claimed: 0, done: 0, skipped: 0, retried: 0, parked: 0, postponed: 0, failed: 0, stoppedForBudget: false };
  for (;;) {
    if (Date.now() - started > budgetMs) {
      report.stoppedForBudget = true;
      return report;
    }
    const batchSize = options.batchSize ?? 20;
    const jobs = await claimDueJobs(db, { limit: batchSize, now: clock() });
    if (jobs.length === 0) return report;
    report.claimed += jobs.length;
    const runSingle = (job: SyncJob) => limit(() => runLoggedJob(db, job, options.random, clock));
    // Booking pushes go as a set (bulk statements, shared HTTP batches); without batching, one at a time.
    const inSet = calendarBatchingEnabled() ? jobs.filter(isSetPushable) : [];
    // A full claim may leave more pushes waiting: a set takes up to PUSH_SET_SIZE of them (dense HTTP batches).
    if (inSet.length > 0 && jobs.length >= batchSize && inSet.length < PUSH_SET_SIZE) {
      const more = await claimDueJobs(db, { limit: PUSH_SET_SIZE - inSet.length, now: clock(), kinds: ["push_booking"] });
      report.claimed += more.length;
      inSet.push(...more);
      jobs.push(...more);
    }
    const results = (await Promise.all([runPushBookingSet(db, inSet, { runSingle, clock }), Promise.all(jobs.filter((job) => !inSet.includes(job)).map(runSingle))])).flat();
    for (const result of results) report[result] += 1;
  }
}

/** runClaimedJob with the job's ids on every log line it writes, and one line with its outcome. */
function runLoggedJob(db: Db, job: SyncJob, random: (() => number) | undefined, clock: () => Date) {
  const ids = { jobId: job.id, companyId: job.companyId, googleAccountId: job.googleAccountId ?? undefined, fieldworkerId: job.fieldworkerId ?? undefined };
  return withLogContext(ids, async () => {
    const started = performance.now();
    const result = await runClaimedJob(db, job, random, clock);
    const line = { kind: job.kind, attempt: job.attempts, result, durationMs: Math.round(performance.now() - started) };
    if (result === "failed") logger().warn(line, "sync job failed");
    else logger().info(line, "sync job");
    return result;
  });
}

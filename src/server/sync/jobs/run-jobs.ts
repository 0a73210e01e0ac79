import { eq } from "drizzle-orm";
import pLimit from "p-limit";
import type { Db } from "../../db/client";
import { fieldworkerGoogleConnections } from "../../db/schema";
import { beginBatchableWork } from "../../google/batch/batch-demand";
import { classifyGoogleError } from "../../google/sync-error";
import { MAX_SYNC_ATTEMPTS, retryDelayMs } from "../core/backoff";
import { logger, withLogContext } from "../../observability/logger";
import { writeSyncLog } from "../sync-log";
import { claimDueJobs, type SyncJob } from "./claim";
import { markJobDone, markJobFailed, rescheduleJob } from "./complete";
import { runInitialSyncJob } from "./initial-sync.job";
import type { JobOutcome } from "./job-result";
import { runPullCalendarJob } from "./pull-calendar.job";
import { runPushBookingJob } from "./push-booking.job";
import { runPushUnavailableJob } from "./push-unavailable.job";
import { runRefreshCalendarListJob } from "./refresh-calendar-list.job";
import { runStopSyncJob } from "./stop-sync.job";

export interface RunOptions {
  /** Stop claiming new jobs after this long (a serverless invocation has a hard limit). */
  budgetMs?: number;
  concurrency?: number;
  batchSize?: number;
  /** Injected for tests; jitter for the backoff. */
  random?: () => number;
}

export interface RunReport {
  claimed: number;
  done: number;
  skipped: number;
  retried: number;
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
  }
}

async function recordFailure(db: Db, job: SyncJob, message: string, outcome: "retry" | "failed") {
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
      .set({ lastError: message.slice(0, 500), lastErrorAt: new Date() })
      .where(eq(fieldworkerGoogleConnections.fieldworkerId, job.fieldworkerId));
  } else if (job.googleAccountId) {
    await db
      .update(fieldworkerGoogleConnections)
      .set({ lastError: message.slice(0, 500), lastErrorAt: new Date() })
      .where(eq(fieldworkerGoogleConnections.googleAccountId, job.googleAccountId));
  }
}

/** Runs one claimed job and settles it: done, retried later with backoff, or failed for good (visible). */
export async function runClaimedJob(db: Db, job: SyncJob, random: () => number = Math.random): Promise<"done" | "skipped" | "retried" | "failed"> {
  const now = new Date();
  try {
    // While the handler runs, its Google calls may share HTTP batches with other jobs' (batch-demand.ts).
    const endWork = beginBatchableWork();
    const outcome = await handlerFor(job)(db, job, now).finally(endWork);
    await markJobDone(db, job, new Date());
    return outcome.kind === "skipped" ? "skipped" : "done";
  } catch (error) {
    const classified = classifyGoogleError(error);
    const message = `${classified.message}${classified.status ? ` (HTTP ${classified.status}${classified.reason ? ` ${classified.reason}` : ""})` : ""}`;
    const retryable = classified.code === "TEMPORARY" || classified.code === "CONFLICT" || classified.code === "UNKNOWN" || classified.code === "SYNC_TOKEN_EXPIRED";
    if (retryable && job.attempts < MAX_SYNC_ATTEMPTS) {
      await rescheduleJob(db, job, new Date(Date.now() + retryDelayMs(job.attempts, random())), message, new Date());
      await recordFailure(db, job, `Will retry: ${message}`, "retry");
      return "retried";
    }
    await markJobFailed(db, job, message, new Date());
    await recordFailure(db, job, classified.code === "AUTH_REVOKED" ? `Google access revoked: ${message}` : message, "failed");
    return "failed";
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
  const report: RunReport = { claimed: 0, done: 0, skipped: 0, retried: 0, failed: 0, stoppedForBudget: false };
  for (;;) {
    if (Date.now() - started > budgetMs) {
      report.stoppedForBudget = true;
      return report;
    }
    const jobs = await claimDueJobs(db, { limit: options.batchSize ?? 20, now: new Date() });
    if (jobs.length === 0) return report;
    report.claimed += jobs.length;
    const results = await Promise.all(jobs.map((job) => limit(() => runLoggedJob(db, job, options.random))));
    for (const result of results) report[result] += 1;
  }
}

/** runClaimedJob with the job's ids on every log line it writes, and one line with its outcome. */
function runLoggedJob(db: Db, job: SyncJob, random?: () => number) {
  const ids = { jobId: job.id, companyId: job.companyId, googleAccountId: job.googleAccountId ?? undefined, fieldworkerId: job.fieldworkerId ?? undefined };
  return withLogContext(ids, async () => {
    const started = performance.now();
    const result = await runClaimedJob(db, job, random);
    const line = { kind: job.kind, attempt: job.attempts, result, durationMs: Math.round(performance.now() - started) };
    if (result === "failed") logger().warn(line, "sync job failed");
    else logger().info(line, "sync job");
    return result;
  });
}

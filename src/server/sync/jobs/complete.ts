import { and, eq, isNotNull, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { fieldworkerGoogleConnections, syncJobs } from "../../db/schema";
import { countRunnableJobs, type SyncJob } from "./claim";

export async function markJobDone(db: Db, job: SyncJob, now: Date): Promise<void> {
  await db
    .update(syncJobs)
    .set({ status: "done", leaseUntil: null, lastError: null, delayedSince: null, parkedAt: null, updatedAt: now })
    .where(eq(syncJobs.id, job.id));
}

export async function markJobFailed(db: Db, job: SyncJob, error: string, now: Date): Promise<void> {
  await db.update(syncJobs).set({ status: "failed", leaseUntil: null, lastError: error.slice(0, 2_000), updatedAt: now }).where(eq(syncJobs.id, job.id));
}

export interface RescheduleOptions {
  /** Quota waits and waits for reconnection give the claim's attempt back. */
  refundAttempt?: boolean;
  delayedSince?: Date | null;
  /** Keep (or start) the parked state; omitted = not parked. */
  parked?: boolean;
}

/**
 * Back to pending with a later run time. If a newer pending job with the same key appeared meanwhile,
 * it already covers this work (jobs read current state), so this one is retired instead — the newer one
 * inherits the delay so the "delayed since" the admin sees stays true.
 */
export async function rescheduleJob(db: Db, job: SyncJob, runAfter: Date, error: string, now: Date, options: RescheduleOptions = {}): Promise<void> {
  const delayedSince = options.delayedSince === undefined ? job.delayedSince : options.delayedSince;
  const parkedAt = options.parked ? (job.parkedAt ?? now) : null;
  await db.transaction(async (tx) => {
    const [newer] = await tx
      .select({ id: syncJobs.id })
      .from(syncJobs)
      .where(and(eq(syncJobs.dedupeKey, job.dedupeKey), eq(syncJobs.status, "pending")))
      .for("update");
    if (newer) {
      await tx.update(syncJobs).set({ status: "done", leaseUntil: null, lastError: `superseded after: ${error}`.slice(0, 2_000), updatedAt: now }).where(eq(syncJobs.id, job.id));
      if (delayedSince) {
        await tx
          .update(syncJobs)
          .set({ delayedSince: sql`coalesce(${syncJobs.delayedSince}, ${delayedSince.toISOString()}::timestamptz)`, lastError: error.slice(0, 2_000) })
          .where(eq(syncJobs.id, newer.id));
      }
      return;
    }
    await tx
      .update(syncJobs)
      .set({
        status: "pending",
        runAfter,
        leaseUntil: null,
        lastError: error.slice(0, 2_000),
        delayedSince,
        parkedAt,
        ...(options.refundAttempt ? { attempts: sql`greatest(${syncJobs.attempts} - 1, 0)` } : {}),
        updatedAt: now,
      })
      .where(eq(syncJobs.id, job.id));
  });
}

/** The Google account a job talks to: its own, or the one its fieldworker is connected with. */
export async function accountOfJob(db: Db, job: Pick<SyncJob, "googleAccountId" | "fieldworkerId">): Promise<string | null> {
  if (job.googleAccountId) return job.googleAccountId;
  if (!job.fieldworkerId) return null;
  const [row] = await db
    .select({ accountId: fieldworkerGoogleConnections.googleAccountId })
    .from(fieldworkerGoogleConnections)
    .where(eq(fieldworkerGoogleConnections.fieldworkerId, job.fieldworkerId));
  return row?.accountId ?? null;
}

const REDRIVE_AFTER_SUCCESS_MIN_GAP_MS = 60_000;

/**
 * Google answered for this account again: its parked jobs (and those of its fieldworkers) become due now,
 * so a delay ends as soon as Google is back rather than at the next sweep.
 */
export async function redriveParkedJobsOfAccount(db: Db, accountId: string, now: Date): Promise<number> {
  const rows = await db
    .update(syncJobs)
    .set({ runAfter: now, updatedAt: now })
    .where(
      and(
        eq(syncJobs.status, "pending"),
        isNotNull(syncJobs.parkedAt),
        sql`${syncJobs.runAfter} > ${now.toISOString()}`,
        // At most one extra try a minute per parked job, however many calls succeed meanwhile.
        lt(syncJobs.updatedAt, new Date(now.getTime() - REDRIVE_AFTER_SUCCESS_MIN_GAP_MS)),
        sql`(${syncJobs.googleAccountId} = ${accountId} or ${syncJobs.fieldworkerId} in (select ${fieldworkerGoogleConnections.fieldworkerId} from ${fieldworkerGoogleConnections} where ${fieldworkerGoogleConnections.googleAccountId} = ${accountId}))`,
      ),
    )
    .returning({ id: syncJobs.id });
  return rows.length;
}

/** The cron tries every parked job once per sweep (accounts backing off or awaiting reconnection stay held by the claim). */
export async function redriveAllParkedJobs(db: Db, now: Date): Promise<number> {
  const rows = await db
    .update(syncJobs)
    .set({ runAfter: now, updatedAt: now })
    .where(and(eq(syncJobs.status, "pending"), isNotNull(syncJobs.parkedAt), sql`${syncJobs.runAfter} > ${now.toISOString()}`))
    .returning({ id: syncJobs.id });
  return rows.length;
}

/** Housekeeping for the cron: finished jobs are kept a day for inspection, then dropped. */
export async function purgeFinishedJobs(db: Db, olderThan: Date): Promise<number> {
  const deleted = await db
    .delete(syncJobs)
    .where(and(eq(syncJobs.status, "done"), lt(syncJobs.updatedAt, olderThan)))
    .returning({ id: syncJobs.id });
  return deleted.length;
}

/** Jobs that would run now: due, and their account neither awaiting reconnection nor backing off for quota. */
export async function countDueJobs(db: Db, now: Date): Promise<number> {
  return countRunnableJobs(db, now);
}

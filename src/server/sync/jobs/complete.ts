import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { syncJobs } from "../../db/schema";
import type { SyncJob } from "./claim";

export async function markJobDone(db: Db, job: SyncJob, now: Date): Promise<void> {
  await db.update(syncJobs).set({ status: "done", leaseUntil: null, lastError: null, updatedAt: now }).where(eq(syncJobs.id, job.id));
}

export async function markJobFailed(db: Db, job: SyncJob, error: string, now: Date): Promise<void> {
  await db.update(syncJobs).set({ status: "failed", leaseUntil: null, lastError: error.slice(0, 2_000), updatedAt: now }).where(eq(syncJobs.id, job.id));
}

/**
 * Back to pending with a later run time. If a newer pending job with the same key appeared meanwhile,
 * it already covers this work (jobs read current state), so this one is retired instead.
 */
export async function rescheduleJob(db: Db, job: SyncJob, runAfter: Date, error: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [newer] = await tx
      .select({ id: syncJobs.id })
      .from(syncJobs)
      .where(and(eq(syncJobs.dedupeKey, job.dedupeKey), eq(syncJobs.status, "pending")))
      .for("update");
    if (newer) {
      await tx.update(syncJobs).set({ status: "done", leaseUntil: null, lastError: `superseded after: ${error}`.slice(0, 2_000), updatedAt: now }).where(eq(syncJobs.id, job.id));
      return;
    }
    await tx
      .update(syncJobs)
      .set({ status: "pending", runAfter, leaseUntil: null, lastError: error.slice(0, 2_000), updatedAt: now })
      .where(eq(syncJobs.id, job.id));
  });
}

/** Housekeeping for the cron: finished jobs are kept a day for inspection, then dropped. */
export async function purgeFinishedJobs(db: Db, olderThan: Date): Promise<number> {
  const deleted = await db
    .delete(syncJobs)
    .where(and(eq(syncJobs.status, "done"), lt(syncJobs.updatedAt, olderThan)))
    .returning({ id: syncJobs.id });
  return deleted.length;
}

export async function countDueJobs(db: Db, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(syncJobs)
    .where(sql`(${syncJobs.status} = 'pending' and ${syncJobs.runAfter} <= ${now.toISOString()}) or (${syncJobs.status} = 'running' and ${syncJobs.leaseUntil} < ${now.toISOString()})`);
  return row?.n ?? 0;
}

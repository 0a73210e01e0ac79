import { and, eq, gt, inArray, isNotNull, isNull, min, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { fieldworkerGoogleConnections, googleAccounts, googleProjectBackoffs, syncJobs } from "../schema";

/** What the roll-out table and the profile say about a connection whose sync is held up. */
export interface SyncDelay {
  /** Oldest parked job's first transient failure: "Sync delayed: Google unavailable since …". */
  delayedSince: Date | null;
  /** Jobs waiting after their fast retries (transient errors) or for the account's reconnection. */
  parkedJobs: number;
  /** Jobs that ended on a permanent error (readable reason in the sync log). */
  failedJobs: number;
  /** Google said "over quota" for the account or its project: nothing runs before this. */
  waitingForQuotaUntil: Date | null;
}

export const NO_SYNC_DELAY: SyncDelay = { delayedSince: null, parkedJobs: 0, failedJobs: 0, waitingForQuotaUntil: null };

/**
 * Sync delays of the company's connected fieldworkers, by fieldworker. A job belongs to a fieldworker when
 * it carries them (pushes) or their account (pulls, calendar lists).
 */
export async function syncDelaysOfCompany(db: DbOrTx, companyId: string, now: Date): Promise<Map<string, SyncDelay>> {
  const connections = await db
    .select({
      fieldworkerId: fieldworkerGoogleConnections.fieldworkerId,
      accountId: fieldworkerGoogleConnections.googleAccountId,
      accountBackoff: googleAccounts.backoffUntil,
      projectBackoff: googleProjectBackoffs.backoffUntil,
    })
    .from(fieldworkerGoogleConnections)
    .innerJoin(googleAccounts, eq(googleAccounts.id, fieldworkerGoogleConnections.googleAccountId))
    .leftJoin(googleProjectBackoffs, eq(googleProjectBackoffs.oauthClientId, googleAccounts.oauthClientId))
    .where(eq(fieldworkerGoogleConnections.companyId, companyId));
  const result = new Map<string, SyncDelay>();
  if (connections.length === 0) return result;
  const jobRows = await db
    .select({
      fieldworkerId: syncJobs.fieldworkerId,
      accountId: syncJobs.googleAccountId,
      status: syncJobs.status,
      delayedSince: min(syncJobs.delayedSince),
      n: sql<number>`count(*)::int`,
    })
    .from(syncJobs)
    .where(
      and(
        eq(syncJobs.companyId, companyId),
        or(and(eq(syncJobs.status, "pending"), isNotNull(syncJobs.parkedAt)), eq(syncJobs.status, "failed")),
        or(
          inArray(syncJobs.fieldworkerId, connections.map((c) => c.fieldworkerId)),
          and(isNull(syncJobs.fieldworkerId), inArray(syncJobs.googleAccountId, connections.map((c) => c.accountId))),
        ),
      ),
    )
    .groupBy(syncJobs.fieldworkerId, syncJobs.googleAccountId, syncJobs.status);
  for (const connection of connections) {
    const mine = jobRows.filter((r) => r.fieldworkerId === connection.fieldworkerId || (r.fieldworkerId === null && r.accountId === connection.accountId));
    const parked = mine.filter((r) => r.status === "pending");
    const since = parked.map((r) => (r.delayedSince ? new Date(r.delayedSince) : null)).filter((d): d is Date => d !== null);
    const quota = [connection.accountBackoff, connection.projectBackoff].filter((d): d is Date => d !== null && d.getTime() > now.getTime());
    result.set(connection.fieldworkerId, {
      delayedSince: since.length ? new Date(Math.min(...since.map((d) => d.getTime()))) : null,
      parkedJobs: parked.reduce((sum, r) => sum + r.n, 0),
      failedJobs: mine.filter((r) => r.status === "failed").reduce((sum, r) => sum + r.n, 0),
      waitingForQuotaUntil: quota.length ? new Date(Math.max(...quota.map((d) => d.getTime()))) : null,
    });
  }
  return result;
}

/**
 * "Retry now": the fieldworker's parked and failed jobs (and their account's) run at the next worker pass,
 * with fresh attempts; a failed job whose work a pending one already covers is retired instead. The
 * account's quota wait is lifted too (a person asked; a new quota answer simply sets it again).
 */
export async function redriveJobsOfFieldworker(db: DbOrTx, companyId: string, fieldworkerId: string, accountId: string | null, now: Date): Promise<number> {
  const belongs = accountId
    ? or(eq(syncJobs.fieldworkerId, fieldworkerId), and(isNull(syncJobs.fieldworkerId), eq(syncJobs.googleAccountId, accountId)))
    : eq(syncJobs.fieldworkerId, fieldworkerId);
  const parked = await db
    .update(syncJobs)
    .set({ runAfter: now, attempts: 0, parkedAt: null, updatedAt: now })
    .where(and(eq(syncJobs.companyId, companyId), belongs, eq(syncJobs.status, "pending"), isNotNull(syncJobs.parkedAt)))
    .returning({ id: syncJobs.id });
  await db
    .update(syncJobs)
    .set({ status: "done", lastError: sql`'superseded by a pending job after: ' || coalesce(${syncJobs.lastError}, '')`, updatedAt: now })
    .where(
      and(
        eq(syncJobs.companyId, companyId),
        belongs,
        eq(syncJobs.status, "failed"),
        // Covered by a pending job, or by a newer failed one of the same work (only one may become pending).
        sql`exists (select 1 from ${syncJobs} p where p.dedupe_key = ${syncJobs.dedupeKey} and p.id <> ${syncJobs.id}
          and (p.status = 'pending' or (p.status = 'failed' and (p.created_at, p.id) > (${syncJobs.createdAt}, ${syncJobs.id}))))`,
      ),
    );
  const failed = await db
    .update(syncJobs)
    .set({ status: "pending", runAfter: now, attempts: 0, lostLeases: 0, parkedAt: null, leaseUntil: null, leaseToken: null, updatedAt: now })
    .where(and(eq(syncJobs.companyId, companyId), belongs, eq(syncJobs.status, "failed")))
    .returning({ id: syncJobs.id });
  if (accountId) {
    await db
      .update(googleAccounts)
      .set({ backoffUntil: null })
      .where(and(eq(googleAccounts.id, accountId), eq(googleAccounts.companyId, companyId), gt(googleAccounts.backoffUntil, now)));
  }
  return parked.length + failed.length;
}

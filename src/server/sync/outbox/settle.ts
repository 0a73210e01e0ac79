import { and, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { resultRows, type Db, type DbOrTx } from "../../db/client";
import { fieldworkerGoogleConnections, syncJobs } from "../../db/schema";
import type { ClaimedJob, JobLease, RetryOptions } from "./outbox";

const ERROR_MAX_CHARS = 2_000;

/** `(id, lease_token)` is one of these leases: a worker whose lease was taken over matches nothing. */
function holdsLease(leases: JobLease[]) {
  const pairs = sql.join(
    leases.map((lease) => sql`(${lease.id}::uuid, ${lease.leaseToken}::uuid)`),
    sql`, `,
  );
  return and(eq(syncJobs.status, "running"), sql`(${syncJobs.id}, ${syncJobs.leaseToken}) in (${pairs})`);
}

const released = { leaseUntil: null, leaseToken: null, lostLeases: 0 } as const;

export async function completeJobs(db: DbOrTx, leases: JobLease[], now: Date): Promise<string[]> {
  if (leases.length === 0) return [];
  const rows = await db
    .update(syncJobs)
    .set({ ...released, status: "done", lastError: null, delayedSince: null, parkedAt: null, updatedAt: now })
    .where(holdsLease(leases))
    .returning({ id: syncJobs.id });
  return rows.map((r) => r.id);
}

export async function failJobs(db: DbOrTx, leases: JobLease[], error: string, now: Date): Promise<string[]> {
  if (leases.length === 0) return [];
  const rows = await db
    .update(syncJobs)
    .set({ ...released, status: "failed", lastError: error.slice(0, ERROR_MAX_CHARS), updatedAt: now })
    .where(holdsLease(leases))
    .returning({ id: syncJobs.id });
  return rows.map((r) => r.id);
}

/**
 * Back to pending with a later run time. If a newer pending job with the same key appeared meanwhile,
 * it already covers this work (jobs read current state), so this one is retired instead — the newer one
 * inherits the delay so the "delayed since" the admin sees stays true.
 */
export async function retryJob(db: Db, job: ClaimedJob, runAfter: Date, error: string, now: Date, options: RetryOptions = {}): Promise<boolean> {
  const delayedSince = options.delayedSince === undefined ? job.delayedSince : options.delayedSince;
  const parkedAt = options.parked ? (job.parkedAt ?? now) : null;
  const lastError = error.slice(0, ERROR_MAX_CHARS);
  return db.transaction(async (tx) => {
    const [own] = await tx.select({ id: syncJobs.id }).from(syncJobs).where(holdsLease([job])).for("update");
    if (!own) return false;
    const [newer] = await tx
      .select({ id: syncJobs.id })
      .from(syncJobs)
      .where(and(eq(syncJobs.dedupeKey, job.dedupeKey), eq(syncJobs.status, "pending")))
      .for("update");
    if (newer) {
      await tx
        .update(syncJobs)
        .set({ ...released, status: "done", lastError: `superseded after: ${error}`.slice(0, ERROR_MAX_CHARS), updatedAt: now })
        .where(eq(syncJobs.id, job.id));
      if (delayedSince) {
        await tx
          .update(syncJobs)
          .set({ delayedSince: sql`coalesce(${syncJobs.delayedSince}, ${delayedSince.toISOString()}::timestamptz)`, lastError })
          .where(eq(syncJobs.id, newer.id));
      }
      return true;
    }
    await tx
      .update(syncJobs)
      .set({
        ...released,
        status: "pending",
        runAfter,
        lastError,
        delayedSince,
        parkedAt,
        ...(options.refundAttempt ? { attempts: sql`greatest(${syncJobs.attempts} - 1, 0)` } : {}),
        updatedAt: now,
      })
      .where(eq(syncJobs.id, job.id));
    return true;
  });
}

/**
 * `retryJob` with `refundAttempt` for a set, in one statement: back to pending at `runAfter` without spending
 * the claim's attempt, the delay and parked state kept as they are. A job whose key already has a pending
 * job (a newer one, or another of the set) is retired instead: that one covers it. Fenced by the leases.
 */
export async function postponeJobs(db: DbOrTx, leases: JobLease[], runAfter: Date, error: string, now: Date): Promise<string[]> {
  if (leases.length === 0) return [];
  const pairs = sql.join(
    leases.map((lease) => sql`(${lease.id}::uuid, ${lease.leaseToken}::uuid)`),
    sql`, `,
  );
  const lastError = error.slice(0, ERROR_MAX_CHARS);
  const at = now.toISOString();
  const rows = resultRows<{ id: string }>(
    await db.execute(sql`
      with held as (
        select id, dedupe_key from ${syncJobs} where status = 'running' and (id, lease_token) in (${pairs}) for update
      ), own as (
        select id, dedupe_key, row_number() over (partition by dedupe_key order by id) as nth from held
      ), covered as (
        select dedupe_key from ${syncJobs} where status = 'pending' and dedupe_key in (select dedupe_key from own)
      ), retired as (
        update ${syncJobs} set status = 'done', lease_until = null, lease_token = null, lost_leases = 0,
          last_error = ${`superseded after: ${error}`.slice(0, ERROR_MAX_CHARS)}, updated_at = ${at}
        where id in (select id from own where nth > 1 or dedupe_key in (select dedupe_key from covered))
        returning id
      ), postponed as (
        update ${syncJobs} set status = 'pending', run_after = ${runAfter.toISOString()}, lease_until = null, lease_token = null, lost_leases = 0,
          last_error = ${lastError}, attempts = greatest(attempts - 1, 0), updated_at = ${at}
        where id in (select id from own where nth = 1 and dedupe_key not in (select dedupe_key from covered))
        returning id
      )
      select id from retired union all select id from postponed`),
  );
  return rows.map((r) => r.id);
}

const REDRIVE_AFTER_SUCCESS_MIN_GAP_MS = 60_000;

/**
 * Google answered for these accounts again: their parked jobs (and those of their fieldworkers) become due now,
 * so a delay ends as soon as Google is back rather than at the next sweep.
 */
export async function redriveParkedJobsOfAccounts(db: Db, accountIds: string[], now: Date): Promise<number> {
  if (accountIds.length === 0) return 0;
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
        sql`(${inArray(syncJobs.googleAccountId, accountIds)} or ${syncJobs.fieldworkerId} in (select ${fieldworkerGoogleConnections.fieldworkerId} from ${fieldworkerGoogleConnections} where ${inArray(fieldworkerGoogleConnections.googleAccountId, accountIds)}))`,
      ),
    )
    .returning({ id: syncJobs.id });
  return rows.length;
}

export function redriveParkedJobsOfAccount(db: Db, accountId: string, now: Date): Promise<number> {
  return redriveParkedJobsOfAccounts(db, [accountId], now);
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

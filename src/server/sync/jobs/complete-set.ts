import { and, inArray, isNotNull, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { fieldworkerGoogleConnections, googleAccounts, googleProjectBackoffs, syncJobs } from "../../db/schema";
import type { SyncJob } from "./claim";

/*
 * complete.ts for a set of jobs: each settlement one statement for the whole set.
 */

const REDRIVE_AFTER_SUCCESS_MIN_GAP_MS = 60_000;

/**
 * Google answered for these accounts: their quota waits are over and their parked jobs (and those of their
 * fieldworkers) are due now — clearQuotaBackoff and redriveParkedJobsOfAccount for many accounts.
 */
export async function afterAccountsSuccess(db: Db, accountIds: string[], now: Date): Promise<void> {
  if (accountIds.length === 0) return;
  // Independent writes: sent together.
  await Promise.all([clearBackoffs(db, accountIds), redriveParked(db, accountIds, now)]);
}

async function clearBackoffs(db: Db, accountIds: string[]): Promise<void> {
  await db.update(googleAccounts).set({ backoffUntil: null }).where(and(inArray(googleAccounts.id, accountIds), isNotNull(googleAccounts.backoffUntil)));
  await db
    .delete(googleProjectBackoffs)
    .where(sql`${googleProjectBackoffs.oauthClientId} in (select ${googleAccounts.oauthClientId} from ${googleAccounts} where ${inArray(googleAccounts.id, accountIds)})`);
}

async function redriveParked(db: Db, accountIds: string[], now: Date): Promise<void> {
  await db
    .update(syncJobs)
    .set({ runAfter: now, updatedAt: now })
    .where(
      and(
        sql`${syncJobs.status} = 'pending'`,
        isNotNull(syncJobs.parkedAt),
        sql`${syncJobs.runAfter} > ${now.toISOString()}`,
        lt(syncJobs.updatedAt, new Date(now.getTime() - REDRIVE_AFTER_SUCCESS_MIN_GAP_MS)),
        sql`(${inArray(syncJobs.googleAccountId, accountIds)} or ${syncJobs.fieldworkerId} in (select ${fieldworkerGoogleConnections.fieldworkerId} from ${fieldworkerGoogleConnections} where ${inArray(fieldworkerGoogleConnections.googleAccountId, accountIds)}))`,
      ),
    );
}

/**
 * Back to pending until `runAfter` without spending the claim's attempt: our own quota budget is spent
 * until then. A job whose key already has a newer pending job is retired instead (that one covers it),
 * as rescheduleJob does — both in one statement.
 */
export async function postponeJobs(db: Db, jobs: SyncJob[], runAfter: Date, message: string, now: Date): Promise<void> {
  if (jobs.length === 0) return;
  const ids = sql.join(
    jobs.map((j) => sql`${j.id}::uuid`),
    sql`, `,
  );
  const error = message.slice(0, 2_000);
  await db.execute(sql`
    with covered as (
      select dedupe_key from sync_jobs where status = 'pending' and dedupe_key in (select dedupe_key from sync_jobs where id in (${ids}))
    ), retired as (
      update sync_jobs set status = 'done', lease_until = null, last_error = ${`superseded after: ${error}`.slice(0, 2_000)}, updated_at = ${now.toISOString()}
      where id in (${ids}) and dedupe_key in (select dedupe_key from covered)
      returning id
    )
    update sync_jobs set status = 'pending', run_after = ${runAfter.toISOString()}, lease_until = null, last_error = ${error},
      attempts = greatest(attempts - 1, 0), updated_at = ${now.toISOString()}
    where id in (${ids}) and dedupe_key not in (select dedupe_key from covered)`);
}

import { sql } from "drizzle-orm";
import { resultRows, type Db } from "../../db/client";
import type { syncJobs } from "../../db/schema";

export type SyncJob = typeof syncJobs.$inferSelect;

export const JOB_LEASE_MS = 2 * 60 * 1000;

interface RawJobRow {
  id: string;
  company_id: string;
  kind: SyncJob["kind"];
  fieldworker_id: string | null;
  booking_id: string | null;
  unavailable_block_id: string | null;
  calendar_row_id: string | null;
  google_account_id: string | null;
  dedupe_key: string;
  payload: Record<string, string | boolean | null>;
  status: SyncJob["status"];
  attempts: number;
  run_after: string | Date;
  lease_until: string | Date | null;
  last_error: string | null;
  created_at: string | Date;
  updated_at: string | Date;
}

const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

function toJob(row: RawJobRow): SyncJob {
  return {
    id: row.id,
    companyId: row.company_id,
    kind: row.kind,
    fieldworkerId: row.fieldworker_id,
    bookingId: row.booking_id,
    unavailableBlockId: row.unavailable_block_id,
    calendarRowId: row.calendar_row_id,
    googleAccountId: row.google_account_id,
    dedupeKey: row.dedupe_key,
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    runAfter: toDate(row.run_after),
    leaseUntil: row.lease_until ? toDate(row.lease_until) : null,
    lastError: row.last_error,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/**
 * Claims up to `limit` due jobs for this worker: pending ones whose time has come, and running ones whose
 * lease ran out (their worker died). SKIP LOCKED lets any number of workers (webhook, cron, request
 * hooks) claim at once without ever taking the same job.
 */
export async function claimDueJobs(db: Db, options: { limit: number; now: Date; leaseMs?: number }): Promise<SyncJob[]> {
  const leaseUntil = new Date(options.now.getTime() + (options.leaseMs ?? JOB_LEASE_MS));
  const result = await db.execute(sql`
    update sync_jobs set status = 'running', lease_until = ${leaseUntil.toISOString()}, attempts = attempts + 1, updated_at = ${options.now.toISOString()}
    where id in (
      select id from sync_jobs
      where (status = 'pending' and run_after <= ${options.now.toISOString()})
         or (status = 'running' and lease_until < ${options.now.toISOString()})
      order by run_after
      limit ${options.limit}
      for update skip locked
    )
    returning *`);
  return resultRows<RawJobRow>(result).map(toJob);
}

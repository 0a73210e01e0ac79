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
  delayed_since: string | Date | null;
  parked_at: string | Date | null;
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
    delayedSince: row.delayed_since ? toDate(row.delayed_since) : null,
    parkedAt: row.parked_at ? toDate(row.parked_at) : null,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/**
 * Claims up to `limit` due jobs for this worker: pending ones whose time has come, and running ones whose
 * lease ran out (their worker died). SKIP LOCKED lets any number of workers (webhook, cron, request
 * hooks) claim at once without ever taking the same job. Jobs of an account that Google holds over its
 * quota (the account's or its whole project's `backoff_until`) or that waits for reconnection stay
 * queued: the account backs off as one unit instead of each job spending its attempts.
 */
export async function claimDueJobs(db: Db, options: { limit: number; now: Date; leaseMs?: number; kinds?: SyncJob["kind"][] }): Promise<SyncJob[]> {
  const leaseUntil = new Date(options.now.getTime() + (options.leaseMs ?? JOB_LEASE_MS));
  const now = options.now.toISOString();
  const result = await db.execute(sql`
    update sync_jobs set status = 'running', lease_until = ${leaseUntil.toISOString()}, attempts = attempts + 1, updated_at = ${now}
    where id in (
      select j.id from sync_jobs j
      ${accountJoins}
      where ${dueAndRunnable(options.now)}
      ${options.kinds ? sql`and j.kind::text in (${sql.join(options.kinds.map((k) => sql`${k}`), sql`, `)})` : sql``}
      order by j.run_after
      limit ${options.limit}
      for update of j skip locked
    )
    returning *`);
  return resultRows<RawJobRow>(result).map(toJob);
}

/** The account a job `j` talks to (its own, or its fieldworker's) as `a`, and that account's project wait as `p`. */
const accountJoins = sql`
  left join google_accounts a on a.id = coalesce(
    j.google_account_id,
    (select c.google_account_id from fieldworker_google_connections c where c.fieldworker_id = j.fieldworker_id)
  )
  left join google_project_backoffs p on p.oauth_client_id = a.oauth_client_id`;

/** Due (or its lease lapsed) and its account may run now: active, not waiting for Google quota. */
function dueAndRunnable(at: Date) {
  const now = at.toISOString();
  return sql`((j.status = 'pending' and j.run_after <= ${now}) or (j.status = 'running' and j.lease_until < ${now}))
    and (a.id is null or j.kind = 'stop_sync' or (
      a.status = 'active'
      and (a.backoff_until is null or a.backoff_until <= ${now})
      and (p.backoff_until is null or p.backoff_until <= ${now})))`;
}

/** Jobs a worker would claim right now (what the harness and health checks wait on). */
export async function countRunnableJobs(db: Db, now: Date): Promise<number> {
  const rows = resultRows<{ n: number }>(await db.execute(sql`select count(*)::int as n from sync_jobs j ${accountJoins} where ${dueAndRunnable(now)}`));
  return rows[0]?.n ?? 0;
}

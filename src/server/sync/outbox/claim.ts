import { sql } from "drizzle-orm";
import { resultRows, type Db } from "../../db/client";
import type { syncJobs } from "../../db/schema";
import { parseJobRow } from "./jobs";
import { JOB_LEASE_MS, MAX_LOST_LEASES } from "./lease";
import type { ClaimedJob, ClaimOptions, StoredJob } from "./outbox";

type JobRow = typeof syncJobs.$inferSelect;

interface RawJobRow {
  id: string;
  company_id: string;
  kind: JobRow["kind"];
  fieldworker_id: string | null;
  booking_id: string | null;
  unavailable_block_id: string | null;
  calendar_row_id: string | null;
  google_account_id: string | null;
  dedupe_key: string;
  payload: JobRow["payload"];
  attempts: number;
  lease_token: string | null;
  delayed_since: string | Date | null;
  parked_at: string | Date | null;
}

const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

function toStoredJob(row: RawJobRow): StoredJob {
  const job = parseJobRow({
    companyId: row.company_id,
    kind: row.kind,
    fieldworkerId: row.fieldworker_id,
    bookingId: row.booking_id,
    unavailableBlockId: row.unavailable_block_id,
    calendarRowId: row.calendar_row_id,
    googleAccountId: row.google_account_id,
    dedupeKey: row.dedupe_key,
    payload: row.payload,
  });
  return {
    ...job,
    id: row.id,
    attempts: row.attempts,
    dedupeKey: row.dedupe_key,
    delayedSince: row.delayed_since ? toDate(row.delayed_since) : null,
    parkedAt: row.parked_at ? toDate(row.parked_at) : null,
  };
}

/** A running job whose lease ran out, taken over once more than the limit allows. */
const abandoned = (now: string) => sql`(j.status = 'running' and j.lease_until < ${now} and j.lost_leases + 1 >= ${MAX_LOST_LEASES})`;

/**
 * Claims up to `limit` due jobs for this worker: pending ones whose time has come, and running ones whose
 * lease ran out (their worker died; `lost_leases` counts it). Each claim gets a new lease token. SKIP LOCKED
 * lets any number of workers (webhook, cron, request hooks) claim at once without ever taking the same job.
 * Jobs of an account that Google holds over its quota (the account's or its whole project's `backoff_until`)
 * or that waits for reconnection stay queued: the account backs off as one unit instead of each job spending
 * its attempts.
 */
export async function claimDueJobs(db: Db, options: ClaimOptions): Promise<ClaimedJob[]> {
  if (options.kinds?.length === 0) return [];
  const leaseUntil = new Date(options.now.getTime() + (options.leaseMs ?? JOB_LEASE_MS));
  const now = options.now.toISOString();
  const result = await db.execute(sql`
    update sync_jobs set
      status = 'running',
      lease_until = ${leaseUntil.toISOString()},
      lease_token = gen_random_uuid(),
      attempts = attempts + 1,
      lost_leases = case when status = 'running' then lost_leases + 1 else lost_leases end,
      updated_at = ${now}
    where id in (
      select j.id from sync_jobs j
      ${accountJoins}
      where ${dueAndRunnable(options.now)} and not ${abandoned(now)} and not ${sameWorkRunning(now)}
        ${options.kinds ? sql`and j.kind in (${sql.join(options.kinds.map((kind) => sql`${kind}`), sql`, `)})` : sql``}
      order by j.run_after
      limit ${options.limit}
      for update of j skip locked
    )
    returning *`);
  return resultRows<RawJobRow>(result).map((row) => ({ ...toStoredJob(row), leaseToken: row.lease_token! }));
}

/**
 * The same work (same dedupe key) is running under a live lease: a pending job waits for it rather than
 * running beside it. Two pulls of one calendar at once would list the same changes twice; a push beside
 * another of the same booking would race it. Meanwhile every new trigger coalesces into the one pending
 * job, so a burst of notifications costs the running pull plus one more, however long it lasts.
 */
const sameWorkRunning = (now: string) =>
  sql`(j.status = 'pending' and exists (select 1 from sync_jobs r where r.status = 'running' and r.dedupe_key = j.dedupe_key and r.lease_until >= ${now}))`;

/** Fails the jobs whose workers kept dying (see MAX_LOST_LEASES), so they stop being claimed forever. */
export async function failAbandonedJobs(db: Db, now: Date): Promise<StoredJob[]> {
  const at = now.toISOString();
  const result = await db.execute(sql`
    update sync_jobs set
      status = 'failed',
      lease_until = null,
      lease_token = null,
      lost_leases = lost_leases + 1,
      last_error = ${`Its worker stopped before finishing ${MAX_LOST_LEASES} times in a row (each ran out of time or crashed)`},
      updated_at = ${at}
    where id in (select j.id from sync_jobs j where ${abandoned(at)} for update of j skip locked)
    returning *`);
  return resultRows<RawJobRow>(result).map(toStoredJob);
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
    and (a.id is null or j.kind in ('stop_sync', 'retire_account') or (
      a.status = 'active'
      and (a.backoff_until is null or a.backoff_until <= ${now})
      and (p.backoff_until is null or p.backoff_until <= ${now})))`;
}

/** Jobs a worker would claim (or give up on) right now: what the harness and health checks wait on. */
export async function countRunnableJobs(db: Db, now: Date): Promise<number> {
  const rows = resultRows<{ n: number }>(await db.execute(sql`select count(*)::int as n from sync_jobs j ${accountJoins} where ${dueAndRunnable(now)}`));
  return rows[0]?.n ?? 0;
}

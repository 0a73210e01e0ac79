import { sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../db/client";
import { syncJobs } from "../../db/schema";
import { toJobRow, type SyncJob } from "./jobs";

/**
 * Adds jobs to the outbox in the caller's transaction. A pending job with the same dedupe key already
 * covers a new one (jobs read current state when they run), so a burst of edits costs one Google write.
 */
export async function enqueueJobs(db: DbOrTx, jobs: SyncJob[]): Promise<void> {
  if (jobs.length === 0) return;
  // One row per key, the first kept (a single INSERT must not propose the same key twice).
  const rows = new Map<string, ReturnType<typeof toJobRow>>();
  for (const row of jobs.map(toJobRow)) if (!rows.has(row.dedupeKey)) rows.set(row.dedupeKey, row);
  await db
    .insert(syncJobs)
    .values([...rows.values()])
    .onConflictDoNothing({ target: syncJobs.dedupeKey, where: sql`${syncJobs.status} = 'pending'` });
}

/**
 * `enqueueJobs` as a statement to embed in a caller's `with` query (so a hot path writes everything in one
 * round trip): each job is inserted only when `when` holds for it, a condition that may refer to the
 * candidate job row as `j` with sync_jobs' own column names (`j.calendar_row_id`), coalescing with a pending
 * job of the same key like `enqueueJobs`. Returns the new jobs' ids.
 */
export function enqueueJobsStatement(jobs: SyncJob[], when: SQL): SQL {
  const rows = new Map<string, ReturnType<typeof toJobRow>>();
  for (const row of jobs.map(toJobRow)) if (!rows.has(row.dedupeKey)) rows.set(row.dedupeKey, row);
  const columns: PgColumn[] = [
    syncJobs.companyId,
    syncJobs.kind,
    syncJobs.fieldworkerId,
    syncJobs.bookingId,
    syncJobs.unavailableBlockId,
    syncJobs.calendarRowId,
    syncJobs.googleAccountId,
    syncJobs.dedupeKey,
    syncJobs.payload,
  ];
  const names = sql.join(
    columns.map((column) => sql.identifier(column.name)),
    sql`, `,
  );
  const values = sql.join(
    [...rows.values()].map(
      (row) =>
        sql`(${row.companyId}::uuid, ${row.kind}::sync_job_kind, ${row.fieldworkerId}::uuid, ${row.bookingId}::uuid, ${row.unavailableBlockId}::uuid, ${row.calendarRowId}::uuid, ${row.googleAccountId}::uuid, ${row.dedupeKey}::text, ${JSON.stringify(row.payload)}::jsonb)`,
    ),
    sql`, `,
  );
  return sql`insert into ${syncJobs} (${names}) select * from (values ${values}) as j (${names}) where ${when}
    on conflict (${sql.identifier(syncJobs.dedupeKey.name)}) where status = 'pending' do nothing
    returning ${sql.identifier(syncJobs.id.name)}`;
}

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
 * `enqueueJobs` of one job as a statement to embed in a caller's `with` query (so a hot path writes everything
 * in one round trip): the job is inserted once per row `from` yields (a CTE's name; none, no job), coalescing
 * with a pending job of the same key like `enqueueJobs`. Returns the new job's id, if one was inserted.
 */
export function enqueueJobStatement(job: SyncJob, from: SQL): SQL {
  const row = toJobRow(job);
  const values: [PgColumn, SQL][] = [
    [syncJobs.companyId, sql`${row.companyId}::uuid`],
    [syncJobs.kind, sql`${row.kind}::sync_job_kind`],
    [syncJobs.fieldworkerId, sql`${row.fieldworkerId}::uuid`],
    [syncJobs.bookingId, sql`${row.bookingId}::uuid`],
    [syncJobs.unavailableBlockId, sql`${row.unavailableBlockId}::uuid`],
    [syncJobs.calendarRowId, sql`${row.calendarRowId}::uuid`],
    [syncJobs.googleAccountId, sql`${row.googleAccountId}::uuid`],
    [syncJobs.dedupeKey, sql`${row.dedupeKey}::text`],
    [syncJobs.payload, sql`${JSON.stringify(row.payload)}::jsonb`],
  ];
  const columns = sql.join(
    values.map(([column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const selected = sql.join(
    values.map(([, value]) => value),
    sql`, `,
  );
  return sql`insert into ${syncJobs} (${columns}) select ${selected} from ${from}
    on conflict (${sql.identifier(syncJobs.dedupeKey.name)}) where status = 'pending' do nothing
    returning ${sql.identifier(syncJobs.id.name)}`;
}

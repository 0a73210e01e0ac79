import { sql } from "drizzle-orm";
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

import type { DbOrTx } from "../db/client";
import { syncLog } from "../db/schema";

export type SyncLogEntry = Omit<typeof syncLog.$inferInsert, "id">;

/** Every sync outcome, success or not, lands here (shown on the fieldworker's profile). */
export async function writeSyncLog(db: DbOrTx, entry: SyncLogEntry): Promise<void> {
  await db.insert(syncLog).values({ ...entry, message: entry.message?.slice(0, 2_000) ?? "" });
}

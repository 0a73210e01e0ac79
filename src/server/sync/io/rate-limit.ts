import { sql } from "drizzle-orm";
import { resultRows, type Db } from "../../db/client";
import { SyncError } from "../../google/sync-error";

/** Google allows 600 requests/minute/user; keep a margin for calls we don't count (token refreshes). */
export const ACCOUNT_REQUESTS_PER_MINUTE = 540;
const WINDOW_MS = 60_000;
/** Waiting longer than this inside one job is worse than rescheduling it. */
const MAX_INLINE_WAIT_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes `cost` requests from the account's per-minute budget, shared through the database by every
 * concurrent worker. A big push slows down (waits for the next window) instead of hitting Google's limit.
 */
export async function acquireAccountQuota(db: Db, accountId: string, cost = 1, limit = ACCOUNT_REQUESTS_PER_MINUTE): Promise<void> {
  for (;;) {
    const now = new Date();
    const windowFloor = new Date(now.getTime() - WINDOW_MS).toISOString();
    const rows = resultRows<{ started: string | Date; count: number }>(
      await db.execute(sql`
        update google_accounts set
          rate_window_started_at = case when rate_window_started_at is null or rate_window_started_at <= ${windowFloor} then ${now.toISOString()} else rate_window_started_at end,
          rate_window_count = case when rate_window_started_at is null or rate_window_started_at <= ${windowFloor} then ${cost} else rate_window_count + ${cost} end
        where id = ${accountId}
        returning rate_window_started_at as started, rate_window_count as count`),
    );
    const row = rows[0];
    if (!row) throw new SyncError("NOT_FOUND", "Google account not found");
    if (row.count <= limit) return;
    const started = row.started instanceof Date ? row.started : new Date(row.started);
    const waitMs = started.getTime() + WINDOW_MS - now.getTime();
    if (waitMs > MAX_INLINE_WAIT_MS) {
      throw new SyncError("TEMPORARY", `Holding back to stay under Google's per-user quota (next window in ${Math.ceil(waitMs / 1000)} s)`, 429, "localRateLimit");
    }
    await sleep(Math.max(waitMs, 50));
  }
}

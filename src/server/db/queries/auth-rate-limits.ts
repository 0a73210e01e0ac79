import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { authRateLimits } from "../schema";

export interface WindowCount {
  attempts: number;
  windowStartedAt: Date;
}

/**
 * Counts one attempt against `key` in a fixed window of `windowMs`, atomically: concurrent attempts each get
 * their own count (one upsert, no read-then-write), so fifty parallel guesses can't all pass a check together.
 * A window older than `windowMs` starts over at 1.
 */
export async function countAttempt(db: DbOrTx, key: string, windowMs: number, now: Date): Promise<WindowCount> {
  const nowIso = now.toISOString();
  const cutoffIso = new Date(now.getTime() - windowMs).toISOString();
  const expired = sql`${authRateLimits.windowStartedAt} <= ${cutoffIso}::timestamptz`;
  const [row] = await db
    .insert(authRateLimits)
    .values({ key, windowStartedAt: now, attempts: 1 })
    .onConflictDoUpdate({
      target: authRateLimits.key,
      set: {
        attempts: sql`case when ${expired} then 1 else ${authRateLimits.attempts} + 1 end`,
        windowStartedAt: sql`case when ${expired} then ${nowIso}::timestamptz else ${authRateLimits.windowStartedAt} end`,
      },
    })
    .returning({ attempts: authRateLimits.attempts, windowStartedAt: authRateLimits.windowStartedAt });
  if (!row) throw new Error("Rate limit upsert returned no row");
  return row;
}

/** Takes one attempt back (a successful sign-in is not a failure). */
export async function uncountAttempt(db: DbOrTx, key: string): Promise<void> {
  await db
    .update(authRateLimits)
    .set({ attempts: sql`greatest(${authRateLimits.attempts} - 1, 0)` })
    .where(eq(authRateLimits.key, key));
}

export async function clearAttempts(db: DbOrTx, key: string): Promise<void> {
  await db.delete(authRateLimits).where(eq(authRateLimits.key, key));
}

import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { googleAccounts, googleProjectBackoffs } from "../../db/schema";

/**
 * Google said "over quota": every job of the account — or, for project-wide limits, of every account
 * of the OAuth client — waits until `until` (the claim skips them). Only ever moves the wait later.
 */
export async function backOffForQuota(db: Db, accountId: string, scope: "account" | "project", until: Date, reason: string): Promise<void> {
  if (scope === "account") {
    await db
      .update(googleAccounts)
      .set({ backoffUntil: sql`greatest(coalesce(${googleAccounts.backoffUntil}, ${until.toISOString()}::timestamptz), ${until.toISOString()}::timestamptz)` })
      .where(eq(googleAccounts.id, accountId));
    return;
  }
  const [account] = await db.select({ oauthClientId: googleAccounts.oauthClientId }).from(googleAccounts).where(eq(googleAccounts.id, accountId));
  if (!account) return;
  await db
    .insert(googleProjectBackoffs)
    .values({ oauthClientId: account.oauthClientId, backoffUntil: until, reason: reason.slice(0, 200) })
    .onConflictDoUpdate({
      target: googleProjectBackoffs.oauthClientId,
      set: {
        backoffUntil: sql`greatest(${googleProjectBackoffs.backoffUntil}, excluded.backoff_until)`,
        reason: sql`excluded.reason`,
        updatedAt: sql`now()`,
      },
    });
}

/** A call went through: whatever quota wait the account (and its project) had is over. */
export async function clearQuotaBackoff(db: Db, accountId: string): Promise<void> {
  await db.update(googleAccounts).set({ backoffUntil: null }).where(and(eq(googleAccounts.id, accountId), isNotNull(googleAccounts.backoffUntil)));
  await db
    .delete(googleProjectBackoffs)
    .where(sql`${googleProjectBackoffs.oauthClientId} = (select ${googleAccounts.oauthClientId} from ${googleAccounts} where ${googleAccounts.id} = ${accountId})`);
}

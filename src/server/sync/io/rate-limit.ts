import type { DbOrTx } from "../../db/client";
import { SyncError } from "../../google/sync-error";
import { ACCOUNT_QUOTA, type QuotaRule } from "../core/quota-window";
import { accountBudgets, reserveBudgets, type BudgetRequest } from "./quota-budget";

/** Google allows 600 requests/minute/user (token refreshes are reserved too, see google-session.ts). */
export const ACCOUNT_REQUESTS_PER_MINUTE = ACCOUNT_QUOTA.limit;
/** Waiting longer than this inside one job is worse than rescheduling it. */
export const MAX_INLINE_QUOTA_WAIT_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reserves budgets for calls about to go to Google, waiting while the wait is short. A longer wait is a
 * TEMPORARY `localRateLimit` error: the job is rescheduled rather than holding a serverless invocation.
 */
export async function acquireBudgets(db: DbOrTx, budgets: BudgetRequest[], maxWaitMs = MAX_INLINE_QUOTA_WAIT_MS): Promise<void> {
  for (;;) {
    const outcome = await reserveBudgets(db, budgets);
    if (outcome.admitted) return;
    const waitMs = outcome.retryAt.getTime() - Date.now();
    if (waitMs > maxWaitMs) {
      throw new SyncError("TEMPORARY", `Holding back to stay under Google's quota (room again in ${Math.ceil(waitMs / 1000)} s)`, 429, "localRateLimit");
    }
    await sleep(Math.max(waitMs, 20));
  }
}

/**
 * Takes `cost` calls from the account's sliding-window budget and its Google project's, shared through the
 * database by every concurrent worker. A big push slows down instead of hitting Google's limit.
 */
export async function acquireAccountQuota(db: DbOrTx, account: { id: string; oauthClientId: string }, cost = 1, accountRule: QuotaRule = ACCOUNT_QUOTA): Promise<void> {
  const [own, project] = accountBudgets(account, cost);
  await acquireBudgets(db, [{ ...own!, rule: accountRule }, project!]);
}

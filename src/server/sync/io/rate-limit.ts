import type { DbOrTx } from "../../db/client";
import { ACCOUNT_QUOTA, type QuotaRule } from "../core/quota-window";
import { accountBudgets, reserveBudgets, type BudgetRequest } from "./quota-budget";
import { MAX_INLINE_QUOTA_WAIT_MS, quotaHeldBack } from "./quota-gate";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reserves budgets for requests about to go to Google outside the batching fetch (a token refresh), waiting
 * while the wait is short. A longer wait is a TEMPORARY `localRateLimit` error: the job is rescheduled
 * rather than holding a serverless invocation.
 */
export async function acquireBudgets(db: DbOrTx, budgets: BudgetRequest[], maxWaitMs = MAX_INLINE_QUOTA_WAIT_MS): Promise<void> {
  for (;;) {
    const outcome = await reserveBudgets(db, budgets);
    if (outcome.admitted) return;
    const waitMs = outcome.retryAt.getTime() - Date.now();
    if (waitMs > maxWaitMs) throw quotaHeldBack(outcome.retryAt);
    await sleep(Math.max(waitMs, 20));
  }
}

/** Takes `cost` requests from the account's sliding-window budget and its Google project's. */
export async function acquireAccountQuota(db: DbOrTx, account: { id: string; oauthClientId: string }, cost = 1, accountRule: QuotaRule = ACCOUNT_QUOTA): Promise<void> {
  const [own, project] = accountBudgets(account, cost);
  await acquireBudgets(db, [{ ...own!, rule: accountRule }, project!]);
}

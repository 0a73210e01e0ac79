import type { DbOrTx } from "../../db/client";
import type { QuotaGate, QuotaOwner } from "../../google/batch/quota-gate";
import { SyncError } from "../../google/sync-error";
import { accountBudgets, reserveBudgets } from "./quota-budget";

/** Waiting longer than this inside one job is worse than rescheduling it. */
export const MAX_INLINE_QUOTA_WAIT_MS = 10_000;
/** Others keep filling the window: after this many short waits, the job waits in the queue instead. */
export const MAX_INLINE_QUOTA_ROUNDS = 5;

/** The error for calls that would wait too long for quota: TEMPORARY, so their job is postponed, not failed. */
export function quotaHeldBack(retryAt: Date, now = Date.now()): SyncError {
  return new SyncError("TEMPORARY", `Holding back to stay under Google's quota (room again in ${Math.ceil((retryAt.getTime() - now) / 1000)} s)`, 429, "localRateLimit");
}

/**
 * Reserves calls of several accounts at once on every account's and project's budget: one statement when
 * they all fit (the usual case). When some budget is spent, finds which accounts still fit, one statement
 * each (only then), and returns the refused accounts with when their calls would fit.
 */
export async function admitCalls(db: DbOrTx, calls: { owner: QuotaOwner; cost: number }[]): Promise<Map<string, Date>> {
  const perOwner = new Map<string, { owner: QuotaOwner; cost: number }>();
  for (const c of calls) {
    const seen = perOwner.get(c.owner.id);
    perOwner.set(c.owner.id, { owner: c.owner, cost: (seen?.cost ?? 0) + c.cost });
  }
  const owners = [...perOwner.values()].filter((o) => o.cost > 0);
  const refused = new Map<string, Date>();
  if (owners.length === 0) return refused;
  const all = await reserveBudgets(
    db,
    owners.flatMap((o) => accountBudgets(o.owner, o.cost)),
  );
  if (all.admitted) return refused;
  for (const o of owners) {
    const own = await reserveBudgets(db, accountBudgets(o.owner, o.cost));
    if (!own.admitted) refused.set(o.owner.id, own.retryAt);
  }
  return refused;
}

const gates = new WeakMap<DbOrTx, QuotaGate>();

/** The batching fetch's gate onto this database's quota budgets (one per database handle). */
export function quotaGateOf(db: DbOrTx): QuotaGate {
  let gate = gates.get(db);
  if (!gate) {
    gate = { admit: (calls) => admitCalls(db, calls), maxWaitMs: MAX_INLINE_QUOTA_WAIT_MS, maxRounds: MAX_INLINE_QUOTA_ROUNDS, heldBack: (retryAt) => quotaHeldBack(retryAt) };
    gates.set(db, gate);
  }
  return gate;
}

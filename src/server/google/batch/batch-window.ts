/**
 * When the batching fetch sends what it has gathered. Pure, so the policy is testable without timers.
 *
 * - A call with nobody to share a batch with (nothing queued, no other sync job running in the process)
 *   leaves at once: a webhook's single pull should not wait for company that is not coming.
 * - Otherwise calls gather: concurrent sync jobs reach Google a few milliseconds apart (each finishes its
 *   own database work first). The batch closes as soon as every running job has a call in it, or when full;
 *   else it stays open while calls keep coming (`idleMs` since the last one), never longer than `maxWaitMs`
 *   for the oldest (a job busy elsewhere, e.g. a long database write, is not waited for).
 */
export interface BatchWindowPolicy {
  idleMs: number;
  maxWaitMs: number;
  maxParts: number;
}

export const DEFAULT_BATCH_WINDOW: BatchWindowPolicy = { idleMs: 25, maxWaitMs: 100, maxParts: 100 };

export interface BatchWindowState {
  queued: number;
  /** Sync jobs running in this process, the caller's own included. */
  workRunning: number;
}

export type ArrivalDecision = { kind: "send-alone" } | { kind: "flush-now" } | { kind: "wait"; idleMs: number };

/** What to do with a call arriving now, given the state before it joins the queue. */
export function onArrival(policy: BatchWindowPolicy, state: BatchWindowState): ArrivalDecision {
  if (state.queued === 0 && state.workRunning <= 1) return { kind: "send-alone" };
  const queued = state.queued + 1;
  // Every running job is now waiting on Google: nobody is left to join.
  if (queued >= policy.maxParts || queued >= state.workRunning) return { kind: "flush-now" };
  return { kind: "wait", idleMs: policy.idleMs };
}

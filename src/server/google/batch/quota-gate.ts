/**
 * How the batching fetch keeps Calendar calls within Google's quotas without knowing where budgets are kept:
 * each call carries a ticket (whose quota it spends, and the gate that admits it); the fetch asks the gate
 * once for all the calls it is about to send (one HTTP batch, or one lone call). The database-backed gate is
 * sync/io/quota-gate.ts.
 */

/** A Google account, as its quota is counted: per user, and per Google project (its OAuth client). */
export interface QuotaOwner {
  id: string;
  oauthClientId: string;
}

export interface QuotaGate {
  /** Reserves every call at once; returns the owners refused, each with when its calls would fit. */
  admit(calls: { owner: QuotaOwner; cost: number }[]): Promise<Map<string, Date>>;
  /** How long a refused call may wait in the process for room; longer than this it fails with `heldBack`. */
  readonly maxWaitMs: number;
  /** How many times a call may be refused and wait before it fails with `heldBack` (others keep filling the window). */
  readonly maxRounds: number;
  heldBack(retryAt: Date): Error;
}

export interface QuotaTicket {
  owner: QuotaOwner;
  gate: QuotaGate;
}

/** After this many failed attempts a sync job stays failed (visible) instead of retrying. */
export const MAX_SYNC_ATTEMPTS = 8;
export const RETRY_BASE_DELAY_MS = 2_000;
export const RETRY_MAX_DELAY_MS = 15 * 60_000;

export interface RetryDelayOptions {
  baseMs?: number;
  capMs?: number;
}

/**
 * Truncated exponential backoff with full jitter, as Google asks for rate limits and 5xx: a delay drawn
 * uniformly from [0, min(cap, base · 2^(attempt − 1))). Full jitter spreads workers that failed together.
 * `attempt` is 1-based (the attempt that just failed); `random` in [0, 1) is passed in to keep this pure.
 */
export function retryDelayMs(attempt: number, random: number, opts: RetryDelayOptions = {}): number {
  const baseMs = opts.baseMs ?? RETRY_BASE_DELAY_MS;
  const capMs = opts.capMs ?? RETRY_MAX_DELAY_MS;
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const ceilingMs = Math.min(capMs, baseMs * 2 ** exponent);
  const jitter = Math.min(Math.max(random, 0), 1);
  return Math.floor(ceilingMs * jitter);
}

/** Google's quota window: requests per minute. */
const MINUTE_MS = 60_000;

export interface CallWindowReport {
  /** Calendar calls made with this user's tokens since the last reset (each part of a batch counts). */
  calls: number;
  /** The most calls inside any 60-second window, and where that window starts (emulator clock, ms). */
  busiestMinute: number;
  busiestMinuteStartsAt: number | null;
  firstCallAt: number | null;
  lastCallAt: number | null;
}

/**
 * When each Calendar call arrived, per Google user, as Google counts them against the per-user quota: every
 * call inside an HTTP batch counts on its own ("Batch requests": each call counts against quota). Benchmarks
 * read the busiest 60-second window from it. Unlike QuotaTracker it enforces nothing.
 */
export class CallMeter {
  private readonly arrivals = new Map<string, number[]>();

  record(userEmail: string, at: number): void {
    const list = this.arrivals.get(userEmail);
    if (list) list.push(at);
    else this.arrivals.set(userEmail, [at]);
  }

  report(): Record<string, CallWindowReport> {
    const out: Record<string, CallWindowReport> = {};
    for (const [user, list] of this.arrivals) out[user] = busiestWindow([...list].sort((a, b) => a - b), MINUTE_MS);
    return out;
  }

  reset(): void {
    this.arrivals.clear();
  }
}

/** Two pointers over sorted arrival times: the largest count within [t, t + windowMs). */
export function busiestWindow(sorted: number[], windowMs: number): CallWindowReport {
  let best = 0;
  let bestStart: number | null = null;
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + windowMs) end++;
    if (end - start > best) {
      best = end - start;
      bestStart = sorted[start]!;
    }
  }
  return { calls: sorted.length, busiestMinute: best, busiestMinuteStartsAt: bestStart, firstCallAt: sorted[0] ?? null, lastCallAt: sorted.at(-1) ?? null };
}

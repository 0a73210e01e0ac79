import type { Store } from "./store";

const WINDOW_MS = 60_000;

/** Sliding one-minute request counters, like Google's per-user and per-project "queries per minute". */
export class QuotaTracker {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly store: Store) {}

  private bump(key: string, now: number, limit: number): boolean {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
    const over = list.length >= limit;
    if (!over) list.push(now);
    this.hits.set(key, list);
    return over;
  }

  /** Returns the rate-limit reason to answer with, or undefined when the call is within quota. */
  check(project: string, userEmail: string): "rateLimitExceeded" | "userRateLimitExceeded" | undefined {
    const q = this.store.quotas;
    if (!q.enabled) return undefined;
    const now = this.store.now();
    if (this.bump(`p:${project}`, now, q.perProjectPerMinute)) return "rateLimitExceeded";
    if (this.bump(`u:${project}:${userEmail}`, now, q.perUserPerMinute)) return "userRateLimitExceeded";
    return undefined;
  }

  reset(): void {
    this.hits.clear();
  }
}

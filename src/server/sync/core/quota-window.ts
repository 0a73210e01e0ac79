/**
 * A quota-exact request budget: a sliding-window log of reservations. Google counts Calendar requests per
 * minute per user and per project, and every call inside an HTTP batch counts on its own ("Each call counts
 * against quota", Google Calendar API › Batch requests; "Manage quotas": 600 queries/min per user, 10,000
 * per project). A fixed window lets twice the limit through across its boundary; this log admits a
 * reservation only when the calls already admitted within the last `windowMs`, plus its own, stay within
 * `limit`, so no window of that length ever holds more. One reservation covers all the calls of one HTTP
 * batch. Pure: the time is passed in; the database shell (io/quota-budget.ts) keeps the log.
 */

/** One budget's reservations still inside its window, oldest first: when (epoch ms) and how many calls. */
export interface QuotaWindow {
  at: number[];
  calls: number[];
}

export interface QuotaRule {
  limit: number;
  windowMs: number;
}

/**
 * A reservation is recorded when it is admitted; its calls reach Google a little later (the batch is sent
 * right after). Widening the window by this much keeps a late arrival inside the window it was counted in.
 */
export const QUOTA_ARRIVAL_GUARD_MS = 1_000;
const GOOGLE_WINDOW_MS = 60_000;

/** Google's Calendar quotas (STACK-NOTES, DESIGN §6): per user per project, and per project. */
export const ACCOUNT_QUOTA: QuotaRule = { limit: 600, windowMs: GOOGLE_WINDOW_MS + QUOTA_ARRIVAL_GUARD_MS };
export const PROJECT_QUOTA: QuotaRule = { limit: 10_000, windowMs: GOOGLE_WINDOW_MS + QUOTA_ARRIVAL_GUARD_MS };

export const EMPTY_WINDOW: QuotaWindow = { at: [], calls: [] };

/** The reservations still counting at `now` (those made within the last `windowMs`). */
export function pruneWindow(window: QuotaWindow, now: number, windowMs: number): QuotaWindow {
  const first = window.at.findIndex((at) => at > now - windowMs);
  if (first === -1) return EMPTY_WINDOW;
  return { at: window.at.slice(first), calls: window.calls.slice(first) };
}

export function callsInWindow(window: QuotaWindow, now: number, windowMs: number): number {
  return pruneWindow(window, now, windowMs).calls.reduce((sum, n) => sum + n, 0);
}

/** Times only move forward in the log: a clock behind the last entry counts as that entry's time. */
export function effectiveNow(window: QuotaWindow, now: number): number {
  const last = window.at.at(-1);
  return last === undefined ? now : Math.max(now, last);
}

/** The earliest moment, from `now` on, at which `cost` more calls fit (assuming nobody else reserves meanwhile). */
export function earliestFit(window: QuotaWindow, now: number, cost: number, rule: QuotaRule): number {
  if (cost > rule.limit) throw new Error(`A reservation of ${cost} calls can never fit a budget of ${rule.limit}`);
  const kept = pruneWindow(window, now, rule.windowMs);
  let used = kept.calls.reduce((sum, n) => sum + n, 0);
  if (used + cost <= rule.limit) return now;
  for (const [i, at] of kept.at.entries()) {
    used -= kept.calls[i]!;
    // At `at + windowMs` this entry is no longer "within the last windowMs".
    if (used + cost <= rule.limit) return at + rule.windowMs;
  }
  return now;
}

export type QuotaReservation = { admitted: true; window: QuotaWindow; at: number } | { admitted: false; window: QuotaWindow; retryAt: number };

/**
 * Reservations within one slot of this length share one log entry, stamped with the latest of their times.
 * A call is then counted as if made up to this much later than it was, so it leaves the window later: the
 * log can only over-count. It keeps the log at most one entry a slot (about 250 a window), however many
 * workers reserve single calls: every reservation rewrites the log, and a shared project's log would
 * otherwise hold one entry per call.
 */
export const QUOTA_SLOT_MS = 250;

const sameSlot = (a: number, b: number) => Math.floor(a / QUOTA_SLOT_MS) === Math.floor(b / QUOTA_SLOT_MS);

/** Records `cost` calls at `at` (the log's latest time): merged into the last entry when it is in the same slot. */
function record(kept: QuotaWindow, at: number, cost: number): QuotaWindow {
  const last = kept.at.length - 1;
  if (last >= 0 && sameSlot(kept.at[last]!, at)) {
    return { at: [...kept.at.slice(0, last), at], calls: [...kept.calls.slice(0, last), kept.calls[last]! + cost] };
  }
  return { at: [...kept.at, at], calls: [...kept.calls, cost] };
}

/** Admits `cost` calls at `now` when they fit (recording them), else says when they would. */
export function reserveQuota(window: QuotaWindow, now: number, cost: number, rule: QuotaRule): QuotaReservation {
  const at = effectiveNow(window, now);
  const kept = pruneWindow(window, at, rule.windowMs);
  const fitsAt = earliestFit(kept, at, cost, rule);
  if (fitsAt > at) return { admitted: false, window: kept, retryAt: fitsAt };
  return { admitted: true, window: record(kept, at, cost), at };
}

/**
 * Gives back `cost` calls reserved at `at` (another budget of the same batch refused): they come off the
 * entry stamped `at`. An entry restamped meanwhile (a later reservation joined its slot) is left as it is,
 * which only over-counts. io/quota-budget.ts does the same in SQL.
 */
export function releaseQuota(window: QuotaWindow, at: number, cost: number): QuotaWindow {
  const i = window.at.lastIndexOf(at);
  if (i === -1) return window;
  const remaining = window.calls[i]! - cost;
  if (remaining > 0) return { at: window.at, calls: window.calls.map((n, j) => (j === i ? remaining : n)) };
  return { at: window.at.filter((_, j) => j !== i), calls: window.calls.filter((_, j) => j !== i) };
}

/**
 * Several budgets at once (the account's and its Google project's), as the database does it: each budget
 * is charged on its own; when any refuses, the others give their reservation back and the answer is the
 * latest of the refusals' earliest fits. `windows` are the logs afterwards, either way.
 */
export function reserveAll(
  budgets: { window: QuotaWindow; cost: number; rule: QuotaRule }[],
  now: number,
): { admitted: true; windows: QuotaWindow[] } | { admitted: false; retryAt: number; windows: QuotaWindow[] } {
  const results = budgets.map((b) => reserveQuota(b.window, now, b.cost, b.rule));
  const refused = results.filter((r): r is Extract<QuotaReservation, { admitted: false }> => !r.admitted);
  if (refused.length === 0) return { admitted: true, windows: results.map((r) => r.window) };
  return {
    admitted: false,
    retryAt: Math.max(...refused.map((r) => r.retryAt)),
    windows: results.map((r, i) => (r.admitted ? releaseQuota(r.window, r.at, budgets[i]!.cost) : r.window)),
  };
}

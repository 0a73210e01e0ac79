import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ACCOUNT_QUOTA,
  EMPTY_WINDOW,
  PROJECT_QUOTA,
  QUOTA_ARRIVAL_GUARD_MS,
  QUOTA_SLOT_MS,
  callsInWindow,
  earliestFit,
  reserveAll,
  reserveQuota,
  type QuotaRule,
  type QuotaWindow,
} from "../quota-window";

const GOOGLE_WINDOW_MS = 60_000;

/** The most calls Google would see in any `windowMs` window (half-open, starting at some arrival). */
function busiestWindow(arrivals: { at: number; calls: number }[], windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a.at - b.at);
  let most = 0;
  for (const start of sorted) {
    const inside = sorted.filter((a) => a.at >= start.at && a.at < start.at + windowMs).reduce((sum, a) => sum + a.calls, 0);
    most = Math.max(most, inside);
  }
  return most;
}

describe("quota window", () => {
  it("admits up to the limit at once, then nothing until the oldest reservation leaves the window", () => {
    const rule: QuotaRule = { limit: 600, windowMs: 61_000 };
    let window: QuotaWindow = EMPTY_WINDOW;
    for (let i = 0; i < 6; i++) {
      const r = reserveQuota(window, 1_000 + i * QUOTA_SLOT_MS, 100, rule);
      expect(r.admitted).toBe(true);
      window = r.window;
    }
    const refused = reserveQuota(window, 5_000, 1, rule);
    expect(refused).toMatchObject({ admitted: false, retryAt: 62_000 });
    expect(reserveQuota(window, 61_999, 100, rule).admitted).toBe(false);
    const admitted = reserveQuota(window, 62_000, 100, rule);
    expect(admitted.admitted).toBe(true);
    expect(callsInWindow(admitted.window, 62_000, rule.windowMs)).toBe(600);
  });

  it("keeps one log entry a slot, stamped with its latest reservation, so single calls cannot grow the log without bound", () => {
    const rule: QuotaRule = { limit: 100_000, windowMs: 61_000 };
    let window: QuotaWindow = EMPTY_WINDOW;
    // 10 single calls every 10 ms for a whole window, as many workers' lone requests would.
    for (let t = 0; t < 61_000; t += 10) {
      for (let i = 0; i < 10; i++) {
        const r = reserveQuota(window, t, 1, rule);
        expect(r.admitted).toBe(true);
        window = r.window;
      }
    }
    expect(window.at.length).toBeLessThanOrEqual(Math.ceil(rule.windowMs / QUOTA_SLOT_MS) + 1);
    expect(callsInWindow(window, 60_990, rule.windowMs)).toBe(61_000);
    // Two reservations in one slot: one entry with their sum, at the later time; the next slot starts a new one.
    const merged = [10, 240, 250].reduce((w, at) => (reserveQuota(w, at, 2, rule) as { window: QuotaWindow }).window, EMPTY_WINDOW);
    expect(merged).toEqual({ at: [240, 250], calls: [4, 2] });
  });

  it("finds the first moment enough reservations have expired", () => {
    const rule: QuotaRule = { limit: 10, windowMs: 1_000 };
    const window: QuotaWindow = { at: [0, 100, 200], calls: [3, 3, 4] };
    expect(earliestFit(window, 500, 0, rule)).toBe(500);
    expect(earliestFit(window, 500, 3, rule)).toBe(1_000);
    expect(earliestFit(window, 500, 6, rule)).toBe(1_100);
    expect(earliestFit(window, 500, 10, rule)).toBe(1_200);
    expect(() => earliestFit(window, 500, 11, rule)).toThrow(/never fit/);
  });

  it("never records a time earlier than the log's last entry", () => {
    const rule: QuotaRule = { limit: 10, windowMs: 1_000 };
    const r = reserveQuota({ at: [500], calls: [1] }, 400, 1, rule);
    expect(r).toMatchObject({ admitted: true, at: 500 });
  });

  it("charges no budget when one of several refuses", () => {
    const account = { window: EMPTY_WINDOW, cost: 5, rule: { limit: 10, windowMs: 1_000 } };
    const project = { window: { at: [0], calls: [8] }, cost: 5, rule: { limit: 10, windowMs: 1_000 } };
    expect(reserveAll([account, project], 100)).toEqual({ admitted: false, retryAt: 1_000, windows: [EMPTY_WINDOW, project.window] });
    expect(reserveAll([account, project], 1_000)).toMatchObject({ admitted: true });
  });

  /**
   * Any number of workers (request hooks, webhooks, the cron, on any number of servers) reserve through the
   * same database row; each reservation is one atomic statement, so every interleaving of them is a sequence
   * of reservations. fast-check draws that sequence: which worker goes next, how far the clock moves, what it
   * asks for (an HTTP batch of up to 100 calls, or a single call or token refresh) and how long its calls take
   * to reach Google (up to the guard). Workers retry whenever they like, honouring the advice or not. Counted
   * at Google's side, per account and per project, no 60-second window ever holds more than the limit.
   */
  it("never lets more than the limit reach Google in any 60-second window, under any interleaving of workers", () => {
    const step = fc.record({
      worker: fc.nat({ max: 5 }),
      account: fc.nat({ max: 2 }),
      // Mostly bursts (a full budget is where the edges are), sometimes long pauses.
      advanceMs: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 300 }), weight: 6 }, { arbitrary: fc.integer({ min: 0, max: 40_000 }), weight: 1 }),
      cost: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 100 }), fc.constant(100)),
      arrivalDelayMs: fc.oneof(fc.constant(0), fc.constant(QUOTA_ARRIVAL_GUARD_MS), fc.integer({ min: 0, max: QUOTA_ARRIVAL_GUARD_MS })),
      honoursAdvice: fc.boolean(),
    });
    const scale = fc.constantFrom(
      { account: ACCOUNT_QUOTA, project: PROJECT_QUOTA },
      // A project limit below three accounts' worth, so the project budget binds too.
      { account: ACCOUNT_QUOTA, project: { limit: 1_000, windowMs: PROJECT_QUOTA.windowMs } },
    );
    fc.assert(
      fc.property(scale, fc.array(step, { minLength: 1, maxLength: 400, size: "max" }), (rules, steps) => {
        let clock = 0;
        const windows = new Map<string, QuotaWindow>();
        const arrivals = new Map<string, { at: number; calls: number }[]>();
        const notBefore = new Map<number, number>();
        let admittedCalls = 0;
        for (const s of steps) {
          clock += s.advanceMs;
          if (s.honoursAdvice && (notBefore.get(s.worker) ?? 0) > clock) clock = notBefore.get(s.worker)!;
          const keys = [`account:${s.account}`, "project"];
          const result = reserveAll(
            keys.map((key, i) => ({ window: windows.get(key) ?? EMPTY_WINDOW, cost: s.cost, rule: i === 0 ? rules.account : rules.project })),
            clock,
          );
          keys.forEach((key, i) => windows.set(key, result.windows[i]!));
          if (!result.admitted) {
            expect(result.retryAt).toBeGreaterThan(clock);
            notBefore.set(s.worker, result.retryAt);
            continue;
          }
          admittedCalls += s.cost;
          keys.forEach((key) => {
            arrivals.set(key, [...(arrivals.get(key) ?? []), { at: clock + s.arrivalDelayMs, calls: s.cost }]);
          });
        }
        for (const [key, list] of arrivals) {
          const limit = key === "project" ? rules.project.limit : rules.account.limit;
          expect(busiestWindow(list, GOOGLE_WINDOW_MS)).toBeLessThanOrEqual(limit);
        }
        expect(admittedCalls).toBe(arrivals.get("project")?.reduce((sum, a) => sum + a.calls, 0) ?? 0);
      }),
      { numRuns: 150 },
    );
  });

  it("refuses only what does not fit, and admits exactly at the advised time", () => {
    const rule: QuotaRule = { limit: 50, windowMs: 10_000 };
    const reservations = fc.array(fc.record({ advanceMs: fc.integer({ min: 0, max: 4_000 }), cost: fc.integer({ min: 1, max: 50 }) }), { maxLength: 60 });
    fc.assert(
      fc.property(reservations, (list) => {
        let clock = 0;
        let window: QuotaWindow = EMPTY_WINDOW;
        for (const r of list) {
          clock += r.advanceMs;
          const used = callsInWindow(window, clock, rule.windowMs);
          const result = reserveQuota(window, clock, r.cost, rule);
          expect(result.admitted).toBe(used + r.cost <= rule.limit);
          if (result.admitted) {
            window = result.window;
            continue;
          }
          expect(reserveQuota(window, result.retryAt - 1, r.cost, rule).admitted).toBe(false);
          const later = reserveQuota(window, result.retryAt, r.cost, rule);
          expect(later.admitted).toBe(true);
          window = later.window;
          clock = result.retryAt;
        }
      }),
      { numRuns: 300 },
    );
  });

  it("lets one account send 1,000 calls in batches of 100 within two windows, never more than 600 a minute", () => {
    let window: QuotaWindow = EMPTY_WINDOW;
    let clock = 0;
    const arrivals: { at: number; calls: number }[] = [];
    for (let sent = 0; sent < 1_000; ) {
      const r = reserveQuota(window, clock, 100, ACCOUNT_QUOTA);
      if (!r.admitted) {
        clock = r.retryAt;
        continue;
      }
      window = r.window;
      arrivals.push({ at: clock + QUOTA_ARRIVAL_GUARD_MS, calls: 100 });
      sent += 100;
      clock += 50;
    }
    expect(busiestWindow(arrivals, GOOGLE_WINDOW_MS)).toBe(600);
    expect(clock).toBeLessThan(2 * ACCOUNT_QUOTA.windowMs);
  });
});

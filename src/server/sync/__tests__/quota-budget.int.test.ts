import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { googleQuotaWindows } from "../../db/schema";
import { createTestDb } from "../../db/testing";
import { EMPTY_WINDOW, reserveAll, type QuotaRule, type QuotaWindow } from "../core/quota-window";
import { reserveBudgets, type BudgetRequest } from "../io/quota-budget";

let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDb();
});

afterAll(async () => {
  await handle.close();
});

beforeEach(async () => {
  await handle.db.delete(googleQuotaWindows);
});

const rule: QuotaRule = { limit: 600, windowMs: 61_000 };
const budgets = (account: string, cost: number, project: QuotaRule = { limit: 10_000, windowMs: 61_000 }): BudgetRequest[] => [
  { key: `account:${account}`, cost, rule },
  { key: "project:p", cost, rule: project },
];

describe(`the database-backed quota budget on ${process.env.DATABASE_URL ? "Postgres" : "PGlite"}`, () => {
  it("admits at most the limit among workers racing for one account, and says when the next call fits", async () => {
    const now = new Date("2026-01-01T00:00:00Z");
    // 12 workers, each asking for a 100-call batch at the same moment: six fit, six are told to wait a window.
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => reserveBudgets(handle.db, budgets("a", 100), { now })));
    expect(outcomes.filter((o) => o.admitted)).toHaveLength(6);
    for (const o of outcomes) if (!o.admitted) expect(o.retryAt.getTime()).toBe(now.getTime() + 61_000);
    const [row] = await handle.db.select().from(googleQuotaWindows).where(eq(googleQuotaWindows.budgetKey, "account:a"));
    expect(row?.calls.reduce((a, b) => a + b, 0)).toBe(600);
    // The project budget was charged only for admitted batches: the refused ones gave theirs back.
    const [project] = await handle.db.select().from(googleQuotaWindows).where(eq(googleQuotaWindows.budgetKey, "project:p"));
    expect(project?.calls.reduce((a, b) => a + b, 0)).toBe(600);
    expect((await reserveBudgets(handle.db, budgets("a", 1), { now: new Date(now.getTime() + 60_999) })).admitted).toBe(false);
    expect((await reserveBudgets(handle.db, budgets("a", 100), { now: new Date(now.getTime() + 61_000) })).admitted).toBe(true);
  });

  it("refuses every budget of a batch when its project is full, charging none", async () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const tightProject = { limit: 150, windowMs: 61_000 };
    expect(await reserveBudgets(handle.db, budgets("a", 100, tightProject), { now })).toEqual({ admitted: true, at: now });
    const refused = await reserveBudgets(handle.db, budgets("b", 100, tightProject), { now });
    expect(refused).toEqual({ admitted: false, retryAt: new Date(now.getTime() + 61_000) });
    const rows = await handle.db.select().from(googleQuotaWindows);
    expect(rows.find((r) => r.budgetKey === "account:b")?.calls ?? []).toEqual([]);
    expect(rows.find((r) => r.budgetKey === "project:p")?.calls).toEqual([100]);
  });

  it("agrees with the pure core on any sequence of reservations", async () => {
    const small: QuotaRule = { limit: 20, windowMs: 1_000 };
    const steps = fc.array(fc.record({ account: fc.constantFrom("x", "y"), cost: fc.integer({ min: 1, max: 12 }), advanceMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400 })) }), { minLength: 1, maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(steps, async (list) => {
        await handle.db.delete(googleQuotaWindows);
        const model = new Map<string, QuotaWindow>();
        let clock = Date.parse("2026-01-01T00:00:00Z");
        for (const s of list) {
          clock += s.advanceMs;
          const keys = [`account:${s.account}`, "project:q"];
          const requests: BudgetRequest[] = [
            { key: keys[0]!, cost: s.cost, rule: small },
            { key: keys[1]!, cost: s.cost, rule: { limit: 30, windowMs: 1_000 } },
          ];
          const expected = reserveAll(requests.map((r) => ({ window: model.get(r.key) ?? EMPTY_WINDOW, cost: r.cost, rule: r.rule })), clock);
          const actual = await reserveBudgets(handle.db, requests, { now: new Date(clock) });
          expect(actual.admitted).toBe(expected.admitted);
          if (!expected.admitted && !actual.admitted) expect(actual.retryAt.getTime()).toBe(expected.retryAt);
          keys.forEach((key, i) => model.set(key, expected.windows[i]!));
          // The same log, entry for entry: reservations in one slot share an entry, releases come off it.
          const stored = await handle.db.select().from(googleQuotaWindows);
          for (const key of keys) {
            const row = stored.find((r) => r.budgetKey === key);
            expect({ at: row?.atMs.map(Number) ?? [], calls: row?.calls ?? [] }).toEqual(model.get(key));
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it("keeps concurrent workers on the database clock within the limit in every window", async () => {
    const fast: QuotaRule = { limit: 30, windowMs: 400 };
    const admitted: { at: number; calls: number }[] = [];
    const worker = async () => {
      for (let i = 0; i < 8; i++) {
        for (;;) {
          const outcome = await reserveBudgets(handle.db, [{ key: "account:live", cost: 5, rule: fast }]);
          if (outcome.admitted) {
            admitted.push({ at: outcome.at.getTime(), calls: 5 });
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, outcome.retryAt.getTime() - Date.now())));
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    expect(admitted.reduce((sum, a) => sum + a.calls, 0)).toBe(240);
    // Counted at the times the database admitted them: no window of the budget's length holds more than its limit.
    const sorted = admitted.sort((a, b) => a.at - b.at);
    for (const start of sorted) {
      const inside = sorted.filter((a) => a.at >= start.at && a.at < start.at + fast.windowMs).reduce((sum, a) => sum + a.calls, 0);
      expect(inside).toBeLessThanOrEqual(fast.limit);
    }
  });
});

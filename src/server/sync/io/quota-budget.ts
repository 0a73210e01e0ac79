import { sql, type SQL } from "drizzle-orm";
import { resultRows, type DbOrTx } from "../../db/client";
import { ACCOUNT_QUOTA, earliestFit, PROJECT_QUOTA, QUOTA_SLOT_MS, type QuotaRule } from "../core/quota-window";

/** One budget to charge: `account:<id>` or `project:<oauth client id>`. */
export interface BudgetRequest {
  key: string;
  cost: number;
  rule: QuotaRule;
}

/** `at`: the database time the calls were counted at (the latest of the budgets' log times). */
export type BudgetOutcome = { admitted: true; at: Date } | { admitted: false; retryAt: Date };

export const accountBudgetKey = (accountId: string) => `account:${accountId}`;
export const projectBudgetKey = (oauthClientId: string) => `project:${oauthClientId}`;

/** The budgets every call of one Google account spends: its own (per user) and its Google project's. */
export function accountBudgets(account: { id: string; oauthClientId: string }, cost: number): BudgetRequest[] {
  return [
    { key: accountBudgetKey(account.id), cost, rule: ACCOUNT_QUOTA },
    { key: projectBudgetKey(account.oauthClientId), cost, rule: PROJECT_QUOTA },
  ];
}

interface ReservedRow {
  budget_key: string;
  at_ms: number[];
  calls: number[];
  admitted: boolean;
  checked_at_ms: number;
}

/** Same key twice in one statement would update a row twice: charge it once with the sum. */
function mergeRequests(requests: BudgetRequest[]): BudgetRequest[] {
  const merged = new Map<string, BudgetRequest>();
  for (const r of requests) {
    const seen = merged.get(r.key);
    merged.set(r.key, seen ? { ...seen, cost: seen.cost + r.cost } : r);
  }
  return [...merged.values()].filter((r) => r.cost > 0).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Reserves calls on several budgets in ONE statement (one round trip for a whole HTTP batch). Each budget
 * row runs core/quota-window.ts's `reserveQuota` in SQL: `INSERT … ON CONFLICT DO UPDATE` locks the row and
 * sees its latest committed version, so concurrent workers on any number of servers serialise on it; keys
 * are taken in sorted order, so two workers never deadlock. Time is the database's, one clock for every
 * worker (`now` overrides it in tests). When any budget refuses, the others give their reservation back
 * (a second statement, only then) and the answer says when everything would fit.
 */
export async function reserveBudgets(db: DbOrTx, requests: BudgetRequest[], options: { now?: Date } = {}): Promise<BudgetOutcome> {
  const wanted = mergeRequests(requests);
  if (wanted.length === 0) return { admitted: true, at: options.now ?? new Date() };
  for (const r of wanted) if (r.cost > r.rule.limit) throw new Error(`A reservation of ${r.cost} calls can never fit the budget ${r.key} (${r.rule.limit})`);
  const override = options.now ? options.now.getTime() : null;
  const clock = sql`coalesce(${override}::bigint, (extract(epoch from statement_timestamp()) * 1000)::bigint)`;
  const values = sql.join(
    wanted.map((r) => sql`(${r.key}::text, ${r.cost}::int, ${r.rule.limit}::int, ${r.rule.windowMs}::int)`),
    sql`, `,
  );
  // Per budget row: `now` (never before the log's last time), `k` the log entries still in the window, whether
  // the calls fit, and whether they join the last entry's slot (core/quota-window.ts's `record`).
  const result = await db.execute(sql`
    insert into google_quota_windows as w (budget_key, limit_calls, window_ms, at_ms, calls, admitted, checked_at_ms)
    select v.key, v.lim, v.win, array[n.ms], array[v.cost], true, n.ms
    from (values ${values}) as v(key, cost, lim, win) cross join (select ${clock} as ms) as n
    order by v.key
    on conflict (budget_key) do update set
      limit_calls = excluded.limit_calls,
      window_ms = excluded.window_ms,
      (at_ms, calls, admitted, checked_at_ms) = (
        select
          case when not r.fits then k.at when r.joins then k.at[1:cardinality(k.at) - 1] || n.now else k.at || n.now end,
          case when not r.fits then k.calls when r.joins then k.calls[1:cardinality(k.calls) - 1] || (k.calls[cardinality(k.calls)] + excluded.calls[1]) else k.calls || excluded.calls[1] end,
          r.fits,
          n.now
        from (select greatest(${clock}, w.at_ms[cardinality(w.at_ms)]) as now) as n
        cross join lateral (
          select coalesce(array_agg(e.a order by e.o), '{}'::bigint[]) as at, coalesce(array_agg(e.c order by e.o), '{}'::int[]) as calls, coalesce(sum(e.c), 0) as used
          from unnest(w.at_ms, w.calls) with ordinality as e(a, c, o)
          where e.a > n.now - excluded.window_ms
        ) as k
        cross join lateral (
          select
            k.used + excluded.calls[1] <= excluded.limit_calls as fits,
            cardinality(k.at) > 0 and floor(k.at[cardinality(k.at)] / ${QUOTA_SLOT_MS}::float8) = floor(n.now / ${QUOTA_SLOT_MS}::float8) as joins
        ) as r
      )
    returning budget_key, at_ms::float8[] as at_ms, calls, admitted, checked_at_ms::float8 as checked_at_ms`);
  const rows = resultRows<ReservedRow>(result).map((row) => ({ ...row, at_ms: row.at_ms.map(Number), calls: row.calls.map(Number), checked_at_ms: Number(row.checked_at_ms) }));
  const refused = rows.filter((row) => !row.admitted);
  if (refused.length === 0) return { admitted: true, at: new Date(Math.max(...rows.map((row) => row.checked_at_ms))) };
  const admitted = rows.filter((row) => row.admitted);
  if (admitted.length > 0) await releaseReservations(db, admitted.map((row) => ({ key: row.budget_key, at: row.checked_at_ms, cost: wanted.find((r) => r.key === row.budget_key)!.cost })));
  const retryAt = Math.max(
    ...refused.map((row) => {
      const request = wanted.find((r) => r.key === row.budget_key)!;
      return earliestFit({ at: row.at_ms, calls: row.calls }, row.checked_at_ms, request.cost, request.rule);
    }),
  );
  return { admitted: false, retryAt: new Date(retryAt) };
}

/**
 * Takes back reservations that were admitted but not used (another budget of the same batch refused): their
 * calls come off the entry stamped with their time (which may hold other reservations of its slot). An entry
 * restamped since by a later reservation is left as it is: the log over-counts, it never under-counts.
 */
async function releaseReservations(db: DbOrTx, reservations: { key: string; at: number; cost: number }[]): Promise<void> {
  const values = sql.join(
    reservations.map((r) => sql`(${r.key}::text, ${r.at}::bigint, ${r.cost}::int)`),
    sql`, `,
  );
  const remaining = sql.raw(`(case when e.a = v.at then e.c - v.cost else e.c end)`);
  const rebuilt = (column: SQL, type: "bigint" | "int") =>
    sql`coalesce((select array_agg(${column} order by e.o) from unnest(w.at_ms, w.calls) with ordinality as e(a, c, o) where ${remaining} > 0), '{}'::${sql.raw(type)}[])`;
  await db.execute(sql`
    update google_quota_windows w set at_ms = ${rebuilt(sql.raw("e.a"), "bigint")}, calls = ${rebuilt(remaining, "int")}
    from (values ${values}) as v(key, at, cost)
    where w.budget_key = v.key`);
}

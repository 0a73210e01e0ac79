import { TZDate } from "@date-fns/tz";
import { addDays, format, startOfDay } from "date-fns";
import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { resultRows, type DbOrTx } from "../client";

/**
 * The month view draws a handful of items per day and a "+N more" link; sending it every item of a busy month
 * (tens of thousands for a large crew) costs the server, the network and the browser for nothing. With a cap,
 * the range query keeps, for each day of the company's time zone, the first `limit` items by start, and counts
 * the ones it leaves out.
 */
export interface DayCap {
  timeZone: string;
  limit: number;
  /** The range being read: its local days are the ones counted. */
  start: Date;
  end: Date;
}

/** One kind of calendar item as SQL: its key, its times and the rows it comes from. */
export interface CappedSource {
  /** Unique per item, read back as text; it breaks ties between items starting together. */
  key: SQL;
  startsAt: AnyPgColumn;
  endsAt: AnyPgColumn;
  /** `from …` with its joins. */
  from: SQL;
  where: SQL | undefined;
}

export interface DayCapResult {
  /** Items that are among the first `limit` of at least one day they cover. */
  keys: string[];
  /** Local date (yyyy-MM-dd) → items covering that day that were not kept. Days with none are absent. */
  hiddenByDay: Map<string, number>;
}

export interface LocalDay {
  /** yyyy-MM-dd */
  day: string;
  start: Date;
  /** The next local midnight: 23 or 25 hours later on the days clocks change. */
  end: Date;
}

/** The local days of `timeZone` that [start, end) touches. */
export function localDaysOf(start: Date, end: Date, timeZone: string): LocalDay[] {
  const days: LocalDay[] = [];
  if (end <= start) return days;
  for (let midnight = startOfDay(new TZDate(start.getTime(), timeZone)); midnight.getTime() < end.getTime(); ) {
    const next = addDays(midnight, 1);
    days.push({ day: format(midnight, "yyyy-MM-dd"), start: new Date(midnight.getTime()), end: new Date(next.getTime()) });
    midnight = next;
  }
  return days;
}

/**
 * An item covers every local day it overlaps (one ending at midnight does not cover the next day). An item
 * kept for one day is sent, so it is drawn, and not counted as hidden, on every day it covers.
 * The days go to Postgres as a VALUES list: its row count is exact, so the planner sizes the join right
 * (a per-item `generate_series` is estimated at 1,000 rows an item, which on Postgres triggers JIT
 * compilation costing ten times the query).
 */
export async function capItemsPerDay(db: DbOrTx, source: CappedSource, cap: DayCap): Promise<DayCapResult> {
  const days = localDaysOf(cap.start, cap.end, cap.timeZone);
  if (days.length === 0) return { keys: [], hiddenByDay: new Map() };
  const dayRows = sql.join(
    days.map((d) => sql`(${d.day}::date, ${d.start.toISOString()}::timestamptz, ${d.end.toISOString()}::timestamptz)`),
    sql`, `,
  );
  const rows = resultRows<{ part: "item" | "day"; value: string; hidden: number }>(
    await db.execute(sql`
      with ranked as (
        select ${source.key} as item_key, local_day.day,
          row_number() over (partition by local_day.day order by ${source.startsAt}, ${source.key}) as day_rank
        ${source.from}
        join (values ${dayRows}) as local_day(day, day_start, day_end)
          on ${source.startsAt} < local_day.day_end and ${source.endsAt} > local_day.day_start
        where ${source.where ?? sql`true`}
      ),
      kept as (select distinct item_key from ranked where day_rank <= ${cap.limit})
      select 'item' as part, item_key::text as value, 0 as hidden from kept
      union all
      select 'day', ranked.day::text, (count(*) - count(kept.item_key))::int
      from ranked left join kept using (item_key)
      group by ranked.day
      having count(*) > count(kept.item_key)`),
  );
  const keys: string[] = [];
  const hiddenByDay = new Map<string, number>();
  for (const row of rows) {
    if (row.part === "item") keys.push(row.value);
    else hiddenByDay.set(row.value, Number(row.hidden));
  }
  return { keys, hiddenByDay };
}

/** The day-by-day counts of several kinds of items added up, as the API sends them. */
export function addHiddenByDay(...counts: Map<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const count of counts) for (const [day, hidden] of count) total[day] = (total[day] ?? 0) + hidden;
  return total;
}

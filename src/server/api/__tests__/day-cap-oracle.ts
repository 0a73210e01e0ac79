import { TZDate } from "@date-fns/tz";
import { addDays, format, startOfDay } from "date-fns";

interface TimedItem {
  id: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * The month view's cap computed the slow, obvious way from the full list, to check the query against:
 * the local days (yyyy-MM-dd) an item covers within the range, its last instant included.
 */
export function localDaysCovered(item: TimedItem, range: { start: Date; end: Date }, timeZone: string): string[] {
  const from = Math.max(item.startsAt.getTime(), range.start.getTime());
  const lastInstant = Math.min(item.endsAt.getTime(), range.end.getTime()) - 1;
  const days: string[] = [];
  for (let day = startOfDay(new TZDate(from, timeZone)); day.getTime() <= lastInstant; day = addDays(day, 1)) days.push(format(day, "yyyy-MM-dd"));
  return days;
}

/** Per local day, the first `limit` items by (start, id) are kept; an item kept on one day is drawn on all its days. */
export function expectedDayCap(items: TimedItem[], limit: number, range: { start: Date; end: Date }, timeZone: string) {
  const byDay = new Map<string, TimedItem[]>();
  for (const item of items) for (const day of localDaysCovered(item, range, timeZone)) byDay.set(day, [...(byDay.get(day) ?? []), item]);
  const kept = new Set<string>();
  for (const dayItems of byDay.values()) {
    dayItems.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const item of dayItems.slice(0, limit)) kept.add(item.id);
  }
  const hiddenByDay: Record<string, number> = {};
  for (const [day, dayItems] of byDay) {
    const hidden = dayItems.filter((item) => !kept.has(item.id)).length;
    if (hidden > 0) hiddenByDay[day] = hidden;
  }
  return { kept, hiddenByDay };
}

/** Day counts of several kinds added up. */
export function sumByDay(...counts: Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const count of counts) for (const [day, n] of Object.entries(count)) total[day] = (total[day] ?? 0) + n;
  return total;
}

import { TZDate } from "@date-fns/tz";
import type { calendar_v3 } from "@googleapis/calendar";
import { compactUtc, dateTimeToMs, formatDate, formatInZone } from "./time";

type Event = calendar_v3.Schema$Event;

interface Rule {
  freq: "DAILY" | "WEEKLY" | "MONTHLY" | "YEARLY";
  interval: number;
  count?: number;
  untilMs?: number;
  byDay?: number[];
}

const WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
const MAX_INSTANCES = 1000;
/** Open-ended series are expanded this far past the later of now and the first instance. */
export const OPEN_ENDED_HORIZON_MS = 2 * 365 * 24 * 3600 * 1000;

export function parseRrule(lines: string[]): Rule | undefined {
  const line = lines.find((l) => l.startsWith("RRULE:"));
  if (!line) return undefined;
  const parts = new Map<string, string>();
  for (const kv of line.slice(6).split(";")) {
    const [k, v] = kv.split("=");
    if (k && v) parts.set(k.toUpperCase(), v);
  }
  const freq = parts.get("FREQ");
  if (freq !== "DAILY" && freq !== "WEEKLY" && freq !== "MONTHLY" && freq !== "YEARLY") return undefined;
  const until = parts.get("UNTIL");
  const byDay = parts
    .get("BYDAY")
    ?.split(",")
    .map((d) => WEEKDAYS.indexOf(d.slice(-2)))
    .filter((d) => d >= 0);
  return {
    freq,
    interval: Math.max(1, Number(parts.get("INTERVAL") ?? "1") || 1),
    count: parts.has("COUNT") ? Number(parts.get("COUNT")) : undefined,
    untilMs: until ? parseIcalTime(until, "UTC") : undefined,
    byDay: byDay && byDay.length > 0 ? byDay : undefined,
  };
}

function parseIcalTime(value: string, tz: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value);
  if (!m) return Number.NaN;
  const [y, mo, d, h = "00", mi = "00", s = "00"] = [m[1], m[2], m[3], m[4], m[5], m[6]];
  if (!m[4]) return dateTimeToMs(`${y}-${mo}-${d}T23:59:59`, tz);
  const local = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  return m[7] ? Date.parse(`${local}Z`) : dateTimeToMs(local, tz);
}

function exdates(lines: string[], tz: string): Set<number> {
  const out = new Set<number>();
  for (const line of lines.filter((l) => l.startsWith("EXDATE"))) {
    const [head, values = ""] = line.split(":");
    const zone = /TZID=([^;:]+)/.exec(head ?? "")?.[1] ?? tz;
    for (const v of values.split(",")) {
      const isDate = /^\d{8}$/.test(v);
      out.add(isDate ? dateTimeToMs(`${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}T00:00:00`, zone) : parseIcalTime(v, zone));
    }
  }
  return out;
}

/** Wall-clock days of the series in the event's zone, DAILY/WEEKLY with INTERVAL/BYDAY, MONTHLY/YEARLY by date. */
function* candidateDays(rule: Rule, first: TZDate): Generator<{ y: number; mo: number; d: number }> {
  const y0 = first.getFullYear();
  const m0 = first.getMonth();
  const d0 = first.getDate();
  const day = (offset: number) => {
    const dt = new Date(Date.UTC(y0, m0, d0 + offset));
    return { y: dt.getUTCFullYear(), mo: dt.getUTCMonth() + 1, d: dt.getUTCDate(), wd: dt.getUTCDay() };
  };
  if (rule.freq === "DAILY") {
    for (let i = 0; ; i += rule.interval) yield day(i);
  }
  if (rule.freq === "WEEKLY") {
    const byDay = rule.byDay ?? [first.getDay()];
    // Weeks start on Monday (WKST=MO, Google's default).
    const weekStartOffset = -((first.getDay() + 6) % 7);
    for (let week = 0; ; week += rule.interval) {
      for (let i = 0; i < 7; i++) {
        const c = day(weekStartOffset + week * 7 + i);
        if (week === 0 && weekStartOffset + i < 0) continue;
        if (byDay.includes(c.wd)) yield c;
      }
    }
  }
  for (let i = 0; ; i += rule.interval) {
    const months = rule.freq === "MONTHLY" ? i : i * 12;
    const dt = new Date(Date.UTC(y0, m0 + months, d0));
    if (dt.getUTCDate() === d0) yield { y: dt.getUTCFullYear(), mo: dt.getUTCMonth() + 1, d: d0 };
  }
}

export interface ExpandWindow {
  fromMs?: number;
  toMs?: number;
  nowMs: number;
}

/**
 * Instances of a recurring event, as `singleEvents=true` returns them: id `${id}_${YYYYMMDDTHHMMSSZ}`
 * (all-day: `${id}_${YYYYMMDD}`), `recurringEventId`, `originalStartTime`. Modified single instances
 * (exceptions) are not modelled.
 */
export function expandRecurring(master: Event, calendarTz: string, window: ExpandWindow): Event[] {
  const rule = parseRrule(master.recurrence ?? []);
  const allDay = Boolean(master.start?.date);
  const tz = master.start?.timeZone ?? calendarTz;
  const startMs = allDay
    ? dateTimeToMs(`${master.start?.date ?? ""}T00:00:00`, tz)
    : dateTimeToMs(master.start?.dateTime ?? "", tz);
  const endMs = allDay ? dateTimeToMs(`${master.end?.date ?? ""}T00:00:00`, tz) : dateTimeToMs(master.end?.dateTime ?? "", master.end?.timeZone ?? tz);
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) return [];
  const duration = endMs - startMs;
  const first = new TZDate(startMs, tz);
  const excluded = exdates(master.recurrence ?? [], tz);
  const horizon = window.toMs ?? Math.max(window.nowMs, startMs) + OPEN_ENDED_HORIZON_MS;
  const days = rule ? candidateDays(rule, first) : [{ y: first.getFullYear(), mo: first.getMonth() + 1, d: first.getDate() }][Symbol.iterator]();
  const out: Event[] = [];
  let produced = 0;
  for (const c of days) {
    const occStart = new TZDate(c.y, c.mo - 1, c.d, first.getHours(), first.getMinutes(), first.getSeconds(), tz).getTime();
    if (occStart < startMs) continue;
    if (rule?.untilMs !== undefined && occStart > rule.untilMs) break;
    if (rule?.count !== undefined && produced >= rule.count) break;
    if (occStart > horizon || produced >= MAX_INSTANCES * 10) break;
    produced++;
    if (excluded.has(occStart)) continue;
    const occEnd = occStart + duration;
    if (window.fromMs !== undefined && occEnd <= window.fromMs) continue;
    if (window.toMs !== undefined && occStart >= window.toMs) continue;
    out.push(instanceOf(master, occStart, occEnd, allDay, tz, c));
    if (out.length >= MAX_INSTANCES) break;
  }
  return out;
}

function instanceOf(master: Event, startMs: number, endMs: number, allDay: boolean, tz: string, c: { y: number; mo: number; d: number }): Event {
  const { recurrence: _recurrence, ...rest } = master;
  const masterId = master.id ?? "";
  if (allDay) {
    const endDay = new TZDate(endMs, tz);
    const start = { date: formatDate(c.y, c.mo, c.d) };
    return {
      ...structuredClone(rest),
      id: `${masterId}_${start.date.replace(/-/g, "")}`,
      recurringEventId: masterId,
      originalStartTime: start,
      start,
      end: { date: formatDate(endDay.getFullYear(), endDay.getMonth() + 1, endDay.getDate()) },
    };
  }
  const start = { dateTime: formatInZone(startMs, tz), timeZone: tz };
  return {
    ...structuredClone(rest),
    id: `${masterId}_${compactUtc(startMs)}`,
    recurringEventId: masterId,
    originalStartTime: start,
    start,
    end: { dateTime: formatInZone(endMs, master.end?.timeZone ?? tz), timeZone: master.end?.timeZone ?? tz },
  };
}

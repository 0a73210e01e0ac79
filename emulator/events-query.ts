import type { calendar_v3 } from "@googleapis/calendar";
import type { CalendarRecord, EventRecord } from "./entities";
import { googleErrors } from "./errors";
import { EVENT_TYPES } from "./event-types";
import { expandRecurring } from "./recurrence";
import { exceptionIds, isRecurringMaster } from "./series";
import type { Store } from "./store";
import { FORBIDDEN_WITH_SYNC_TOKEN, issueSyncToken, loadPage, paginate, redeemSyncToken } from "./sync-tokens";
import { eventTimeToMs, hasOffset } from "./time";

type Event = calendar_v3.Schema$Event;

const DEFAULT_MAX_RESULTS = 250;
const MAX_MAX_RESULTS = 2500;

function parseBool(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  if (v === "true") return true;
  if (v === "false") return false;
  throw googleErrors.invalid("Invalid boolean value.", name);
}

function parseTime(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  // Google requires an explicit offset on timeMin/timeMax/updatedMin.
  const ms = hasOffset(v) ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(ms)) throw googleErrors.badRequest("badRequest", "Bad Request", name);
  return ms;
}

export function parseMaxResults(q: URLSearchParams, fallback = DEFAULT_MAX_RESULTS, cap = MAX_MAX_RESULTS): number {
  const raw = q.get("maxResults");
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw googleErrors.invalid("Invalid Value", "maxResults");
  return Math.min(n, cap);
}

function extendedFilters(q: URLSearchParams, name: string): [string, string][] {
  return q.getAll(name).map((kv) => {
    const i = kv.indexOf("=");
    if (i <= 0) throw googleErrors.invalid("Invalid Value", name);
    return [kv.slice(0, i), kv.slice(i + 1)];
  });
}

/** A deleted event as incremental sync returns it: little more than its id. */
function cancelledStub(e: Event): Event {
  const stub: Event = { kind: "calendar#event", etag: e.etag, id: e.id, status: "cancelled" };
  if (e.recurringEventId) {
    stub.recurringEventId = e.recurringEventId;
    stub.originalStartTime = e.originalStartTime;
  }
  return stub;
}

function matchesText(e: Event, terms: string[]): boolean {
  const hay = [e.summary, e.description, e.location, e.organizer?.email, ...(e.attendees ?? []).flatMap((a) => [a.email, a.displayName])]
    .filter((s): s is string => typeof s === "string")
    .join(" ")
    .toLowerCase();
  return terms.every((t) => hay.includes(t));
}

interface Window {
  fromMs?: number;
  toMs?: number;
}

function overlaps(e: Event, tz: string, w: Window): boolean {
  if (w.fromMs === undefined && w.toMs === undefined) return true;
  const start = eventTimeToMs(e.start ?? undefined, tz);
  const end = eventTimeToMs(e.end ?? undefined, tz);
  if (w.fromMs !== undefined && !(end > w.fromMs || (end === start && start >= w.fromMs))) return false;
  if (w.toMs !== undefined && !(start < w.toMs)) return false;
  return true;
}

/**
 * What a listing shows of the given records (events.list reference, `showDeleted` and `singleEvents`,
 * https://developers.google.com/calendar/api/v3/reference/events/list):
 * - singleEvents=true: masters expand into their instances (a cancelled master's all cancelled); stored
 *   exceptions replace the instances they stand for; cancelled ones (and the tombstones a trimmed series
 *   left) show only with showDeleted — incremental syncs always include them;
 * - singleEvents=false: masters as themselves, exceptions next to them; "Cancelled instances of recurring
 *   events (but not the underlying recurring event) will still be included if showDeleted and singleEvents
 *   are both False" — except tombstones, which are not exceptions: the master's new rule says they are gone.
 */
function explode(store: Store, calendar: CalendarRecord, records: EventRecord[], singleEvents: boolean, w: Window, showDeleted: boolean): Event[] {
  const stored = store.eventsOf(calendar.id);
  const covered = exceptionIds(store, calendar.id);
  const out: Event[] = [];
  for (const r of records) {
    const e = r.event;
    if (e.recurringEventId) {
      const master = stored.get(e.recurringEventId)?.event;
      const seriesCancelled = master?.status === "cancelled";
      const event = seriesCancelled && e.status !== "cancelled" ? { ...e, status: "cancelled" } : e;
      if (event.status !== "cancelled") {
        if (overlaps(event, calendar.timeZone, w)) out.push(event);
      } else if ((singleEvents ? showDeleted : !r.trimmed && (showDeleted || !seriesCancelled)) && overlaps({ start: e.originalStartTime, end: e.originalStartTime }, calendar.timeZone, w)) {
        // A cancelled instance keeps only its original slot, which the time window applies to.
        out.push(event);
      }
      continue;
    }
    if (!isRecurringMaster(e)) {
      if (e.status !== "cancelled" ? overlaps(e, calendar.timeZone, w) : showDeleted) out.push(e);
      continue;
    }
    const instances = expandRecurring(e, calendar.timeZone, { ...w, nowMs: store.now() });
    if (!singleEvents) {
      const inWindow = instances.length > 0 || (w.fromMs === undefined && w.toMs === undefined);
      if (e.status !== "cancelled" ? inWindow : showDeleted) out.push(e);
      continue;
    }
    if (e.status === "cancelled" && !showDeleted) continue;
    for (const inst of instances) {
      if (covered.has(inst.id ?? "")) continue;
      out.push(e.status === "cancelled" ? { ...inst, status: "cancelled" } : inst);
    }
  }
  return out;
}

/** `eventTypes` (repeatable): only events of those types; deletions always pass, they may carry no type. */
function ofEventTypes(events: Event[], q: URLSearchParams): Event[] {
  const wanted = q.getAll("eventTypes");
  if (wanted.length === 0) return events;
  for (const t of wanted) if (!(EVENT_TYPES as readonly string[]).includes(t)) throw googleErrors.invalid("Invalid Value", "eventTypes");
  return events.filter((e) => e.status === "cancelled" || wanted.includes(e.eventType ?? "default"));
}

export interface EventsListResult {
  items: Event[];
  nextPageToken?: string;
  nextSyncToken?: string;
}

/** events.list: full listing with filters, or the delta since a sync token; paged either way. */
export function listEvents(store: Store, calendar: CalendarRecord, q: URLSearchParams): EventsListResult {
  const maxResults = parseMaxResults(q);
  const pageToken = q.get("pageToken");
  if (pageToken) {
    const page = loadPage(store, pageToken);
    return paginate(store, page.items as Event[], maxResults, page.nextSyncToken, page.offset);
  }
  const singleEvents = parseBool(q, "singleEvents") ?? false;
  const syncToken = q.get("syncToken");
  const orderBy = q.get("orderBy");
  const all = [...store.eventsOf(calendar.id).values()].sort((a, b) => a.createdSeq - b.createdSeq);

  let events: Event[];
  if (syncToken) {
    for (const name of FORBIDDEN_WITH_SYNC_TOKEN) {
      if (q.has(name)) throw googleErrors.invalid(`The parameter ${name} cannot be used together with syncToken.`, name);
    }
    if (q.get("showDeleted") === "false") throw googleErrors.invalid("showDeleted=false cannot be used together with syncToken.", "showDeleted");
    const record = redeemSyncToken(store, calendar, syncToken, singleEvents);
    // Incremental results always include deletions, whatever showDeleted says.
    events = explode(store, calendar, all.filter((r) => r.seq > record.seq), singleEvents, {}, true);
  } else {
    if (orderBy && orderBy !== "startTime" && orderBy !== "updated") throw googleErrors.invalid("Invalid Value", "orderBy");
    if (orderBy === "startTime" && !singleEvents) {
      throw googleErrors.badRequest("badRequest", "The requested ordering is not available for the particular query.", "orderBy");
    }
    const w: Window = { fromMs: parseTime(q, "timeMin"), toMs: parseTime(q, "timeMax") };
    if (w.fromMs !== undefined && w.toMs !== undefined && w.toMs <= w.fromMs) {
      throw googleErrors.timeRangeEmpty("timeMax");
    }
    const updatedMin = parseTime(q, "updatedMin");
    // "When updatedMin is specified, entries deleted since this time will always be included regardless of showDeleted."
    const showDeleted = (parseBool(q, "showDeleted") ?? false) || updatedMin !== undefined;
    const terms = (q.get("q") ?? "").toLowerCase().split(/\s+/).filter((t) => t.length > 0);
    const priv = extendedFilters(q, "privateExtendedProperty");
    const shared = extendedFilters(q, "sharedExtendedProperty");
    const iCalUID = q.get("iCalUID");
    const filtered = all.filter((r) => {
      const e = r.event;
      if (updatedMin !== undefined && Date.parse(e.updated ?? "") < updatedMin) return false;
      if (iCalUID && e.iCalUID !== iCalUID) return false;
      if (priv.some(([k, v]) => e.extendedProperties?.private?.[k] !== v)) return false;
      if (shared.some(([k, v]) => e.extendedProperties?.shared?.[k] !== v)) return false;
      if (terms.length > 0 && !matchesText(e, terms)) return false;
      return true;
    });
    events = explode(store, calendar, filtered, singleEvents, w, showDeleted);
    if (orderBy === "startTime") {
      const key = (e: Event) => eventTimeToMs(e.start ?? undefined, calendar.timeZone);
      events.sort((a, b) => key(a) - key(b));
    } else if (orderBy === "updated") {
      events.sort((a, b) => Date.parse(a.updated ?? "") - Date.parse(b.updated ?? ""));
    }
  }
  const rendered = ofEventTypes(events, q).map((e) => (e.status === "cancelled" ? cancelledStub(e) : e));
  const nextSyncToken = issueSyncToken(store, calendar, singleEvents);
  return paginate(store, rendered, maxResults, nextSyncToken);
}

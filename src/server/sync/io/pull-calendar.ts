import type { calendar_v3 } from "@googleapis/calendar";
import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { googleCalendars, googleEvents } from "../../db/schema";
import { SyncError } from "../../google/sync-error";
import { decideOwnEventChange } from "../core/own-event-change";
import { ownSeriesIds } from "../core/own-series-ids";
import { isWithinWindow, parseGoogleEvent } from "../core/parse-google-event";
import { planPage, type OwnEventFate, type PagePlan } from "../core/plan-page";
import type { ParsedGoogleEvent, SyncDirection } from "../core/types";
import { enqueueBookingPushToAccount, enqueueUnavailablePush } from "../enqueue";
import { applyOwnEventAction, storedOwnCopy } from "./apply-own-event-change";
import type { GoogleSession } from "./google-session";
import { currentTimesOfCopy } from "./own-copy-current";
import { revertOwnEventsMadeRecurring } from "./own-series-drift";

type CalendarRow = typeof googleCalendars.$inferSelect;
type CopyRow = typeof googleEvents.$inferSelect;

export const SYNC_WINDOW_PAST_MS = 30 * 24 * 3_600_000;
export const SYNC_WINDOW_FUTURE_MS = 365 * 24 * 3_600_000;
/**
 * The full sync lists a window that slides with time, and incremental syncs report only changes, so an event
 * nobody touches (a far occurrence of a weekly series above all) would never come into reach by the passing of
 * time alone: the window is listed afresh this often.
 */
export const WINDOW_REFRESH_MS = 7 * 24 * 3_600_000;
/** Google's maximum page size: the fewest round trips for a first import. */
const PAGE_SIZE = 2_500;
const UPSERT_CHUNK = 1_000;

export interface PullResult {
  fullSync: boolean;
  pages: number;
  upserted: number;
  removed: number;
  ownChanges: number;
}

export interface PullContext {
  companyId: string;
  timeZone: string;
  direction: SyncDirection;
  now: Date;
}

/**
 * Pulls one calendar: incremental with the stored sync token, or a full sync of the window when there is
 * none or Google answers 410 (then the calendar's copy is reconciled against the full listing). Each page
 * is applied in its own transaction; the new sync token is saved with the last page.
 */
export async function pullCalendar(db: Db, session: GoogleSession, calendar: CalendarRow, ctx: PullContext): Promise<PullResult> {
  const window = { start: new Date(ctx.now.getTime() - SYNC_WINDOW_PAST_MS), end: new Date(ctx.now.getTime() + SYNC_WINDOW_FUTURE_MS) };
  const windowMoved = !calendar.lastFullSyncAt || ctx.now.getTime() - calendar.lastFullSyncAt.getTime() >= WINDOW_REFRESH_MS;
  if (calendar.syncToken && !windowMoved) {
    try {
      return await listAndApply(db, session, calendar, ctx, window, calendar.syncToken);
    } catch (error) {
      if (!(error instanceof SyncError && error.code === "SYNC_TOKEN_EXPIRED")) throw error;
      // 410: Google can no longer say what changed; start over from a full listing.
      await db.update(googleCalendars).set({ syncToken: null }).where(eq(googleCalendars.id, calendar.id));
    }
  }
  return listAndApply(db, session, calendar, ctx, window, null);
}

async function listAndApply(
  db: Db,
  session: GoogleSession,
  calendar: CalendarRow,
  ctx: PullContext,
  window: { start: Date; end: Date },
  syncToken: string | null,
): Promise<PullResult> {
  const result: PullResult = { fullSync: !syncToken, pages: 0, upserted: 0, removed: 0, ownChanges: 0 };
  const seen = new Set<string>();
  let pageToken: string | undefined;
  for (;;) {
    // Other parameters must stay identical between the full sync and later incremental ones (Google's rule).
    const base: calendar_v3.Params$Resource$Events$List = { calendarId: calendar.googleCalendarId, maxResults: PAGE_SIZE, singleEvents: true, pageToken };
    const params = syncToken ? { ...base, syncToken } : { ...base, timeMin: window.start.toISOString(), timeMax: window.end.toISOString(), showDeleted: false };
    const { data } = await session.call((api) => api.events.list(params));
    result.pages += 1;
    // All-day dates mean midnight where the calendar is (Google returns its zone with every page), not the company's.
    const calendarTimeZone = data.timeZone || ctx.timeZone;
    const parsed = (data.items ?? []).map((item) => ({ item, parsed: parseGoogleEvent(item, calendarTimeZone) })).filter((p) => p.parsed.googleEventId);
    for (const p of parsed) seen.add(p.parsed.googleEventId);
    const ownSeries = calendar.isCompanyCalendar ? ownSeriesIds(data.items ?? []) : [];
    for (const id of ownSeries) seen.add(id);
    const stored = calendar.isCompanyCalendar ? await storedCopies(db, calendar, parsed.map((p) => p.parsed.googleEventId)) : new Map<string, CopyRow>();
    const plan = planPage(parsed, {
      isCompanyCalendar: calendar.isCompanyCalendar,
      companyId: ctx.companyId,
      window,
      storedEtags: new Map([...stored].map(([id, row]) => [id, row.etag])),
    });
    if (!calendar.isCompanyCalendar) await applyForeign(db, calendar, plan, result);
    else await applyOwn(db, calendar, plan.own, stored, ctx, result);
    result.ownChanges += await revertOwnEventsMadeRecurring(db, calendar, ownSeries, ctx);
    pageToken = data.nextPageToken ?? undefined;
    if (!pageToken) {
      if (!syncToken) await reconcileAfterFullSync(db, calendar, ctx, seen, window, result);
      await db
        .update(googleCalendars)
        .set({ syncToken: data.nextSyncToken ?? null, lastPulledAt: ctx.now, ...(syncToken ? {} : { lastFullSyncAt: ctx.now }) })
        .where(eq(googleCalendars.id, calendar.id));
      return result;
    }
  }
}

/** `excluded.<column>`: the value the conflicting insert proposed. */
const sqlExcluded = (column: string) => sql.raw(`excluded.${column}`);

function foreignRow(calendarRowId: string, p: ParsedGoogleEvent) {
  return {
    calendarRowId,
    googleEventId: p.googleEventId,
    kind: "foreign" as const,
    etag: p.etag,
    summary: p.summary,
    description: p.description,
    location: p.location,
    htmlLink: p.htmlLink,
    startsAt: p.startsAt!,
    endsAt: p.endsAt!,
    allDay: p.allDay,
    busy: p.busy,
    eventType: p.eventType,
    transparency: p.transparency,
    selfResponseStatus: p.selfResponseStatus,
    isPrivate: p.isPrivate,
    googleUpdatedAt: p.updatedAt,
    updatedAt: new Date(),
  };
}

/** Foreign events of an imported calendar: bulk upsert what is live in the window, delete the rest. */
async function applyForeign(db: Db, calendar: CalendarRow, { live, gone }: PagePlan, result: PullResult) {
  await db.transaction(async (tx) => {
    for (let i = 0; i < live.length; i += UPSERT_CHUNK) {
      const rows = live.slice(i, i + UPSERT_CHUNK).map((e) => foreignRow(calendar.id, e));
      await tx
        .insert(googleEvents)
        .values(rows)
        .onConflictDoUpdate({
          target: [googleEvents.calendarRowId, googleEvents.googleEventId],
          set: {
            etag: sqlExcluded("etag"),
            summary: sqlExcluded("summary"),
            description: sqlExcluded("description"),
            location: sqlExcluded("location"),
            htmlLink: sqlExcluded("html_link"),
            startsAt: sqlExcluded("starts_at"),
            endsAt: sqlExcluded("ends_at"),
            allDay: sqlExcluded("all_day"),
            busy: sqlExcluded("busy"),
            eventType: sqlExcluded("event_type"),
            transparency: sqlExcluded("transparency"),
            selfResponseStatus: sqlExcluded("self_response_status"),
            isPrivate: sqlExcluded("is_private"),
            googleUpdatedAt: sqlExcluded("google_updated_at"),
            updatedAt: sqlExcluded("updated_at"),
          },
        });
    }
    if (gone.length > 0) {
      const removed = await tx
        .delete(googleEvents)
        .where(and(eq(googleEvents.calendarRowId, calendar.id), eq(googleEvents.kind, "foreign"), inArray(googleEvents.googleEventId, gone)))
        .returning({ id: googleEvents.id });
      result.removed += removed.length;
    }
  });
  result.upserted += live.length;
}

/** The rows we hold for these events of the company calendar, by Google event id. */
async function storedCopies(db: Db, calendar: CalendarRow, googleEventIds: string[]): Promise<Map<string, CopyRow>> {
  if (googleEventIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(googleEvents)
    .where(and(eq(googleEvents.calendarRowId, calendar.id), inArray(googleEvents.googleEventId, googleEventIds)));
  return new Map(rows.map((r) => [r.googleEventId, r]));
}

/** Our own copies in the company calendar: orphans are adopted, each change goes through the ownership rules. */
async function applyOwn(db: Db, calendar: CalendarRow, own: OwnEventFate[], stored: Map<string, CopyRow>, ctx: PullContext, result: PullResult) {
  for (const fate of own) {
    if (fate.fate === "echo") continue;
    if (fate.fate === "orphan") {
      await adoptOrphan(db, calendar, fate.event, fate.googleContentHash, ctx);
      continue;
    }
    const row = stored.get(fate.event.googleEventId)!;
    const decision = decideOwnEventChange({
      stored: storedOwnCopy(row),
      google: fate.event,
      googleContentHash: fate.googleContentHash,
      current: await currentTimesOfCopy(db, ctx.companyId, row),
      direction: ctx.direction,
    });
    if (decision.action !== "none") result.ownChanges += 1;
    await applyOwnEventAction(db, ctx.companyId, row, decision, fate.event.etag);
  }
}

/**
 * A copy in Google with no row here: a worker wrote it and died before committing. Adopt it (the id
 * and private properties say whose it is) and let a push bring its content up to date.
 */
async function adoptOrphan(db: Db, calendar: CalendarRow, parsed: ParsedGoogleEvent, googleContentHash: string, ctx: PullContext) {
  if (!parsed.startsAt || !parsed.endsAt) return;
  // A booking's event is the account's (shared by its fieldworkers); an unavailable block's names its fieldworker.
  if (parsed.kind === "unavailable" && !parsed.fieldworkerId) return;
  await db.transaction(async (tx) => {
    await tx
      .insert(googleEvents)
      .values({
        calendarRowId: calendar.id,
        googleEventId: parsed.googleEventId,
        kind: parsed.kind,
        bookingId: parsed.bookingId,
        unavailableBlockId: parsed.unavailableBlockId,
        fieldworkerId: parsed.fieldworkerId,
        etag: parsed.etag,
        summary: parsed.summary,
        startsAt: parsed.startsAt!,
        endsAt: parsed.endsAt!,
        busy: parsed.busy,
        pushedStartsAt: parsed.startsAt,
        pushedEndsAt: parsed.endsAt,
        googleContentHash,
      })
      .onConflictDoNothing();
    if (parsed.kind === "booking" && parsed.bookingId) {
      await enqueueBookingPushToAccount(tx, { companyId: ctx.companyId, bookingId: parsed.bookingId, googleAccountId: calendar.googleAccountId });
    } else if (parsed.unavailableBlockId && parsed.fieldworkerId) {
      await enqueueUnavailablePush(tx, { companyId: ctx.companyId, unavailableBlockId: parsed.unavailableBlockId, fieldworkerIds: [parsed.fieldworkerId!] });
    }
  });
}

/** After a full listing: whatever we hold that Google no longer lists in the window was deleted there. */
async function reconcileAfterFullSync(db: Db, calendar: CalendarRow, ctx: PullContext, seen: Set<string>, window: { start: Date; end: Date }, result: PullResult) {
  const seenIds = [...seen];
  if (!calendar.isCompanyCalendar) {
    const removed = await db
      .delete(googleEvents)
      .where(and(eq(googleEvents.calendarRowId, calendar.id), eq(googleEvents.kind, "foreign"), seenIds.length ? notInArray(googleEvents.googleEventId, seenIds) : undefined))
      .returning({ id: googleEvents.id });
    result.removed += removed.length;
    return;
  }
  const missing = (
    await db
      .select()
      .from(googleEvents)
      .where(and(eq(googleEvents.calendarRowId, calendar.id), seenIds.length ? notInArray(googleEvents.googleEventId, seenIds) : undefined))
  ).filter((row) => row.kind !== "foreign" && !row.deletedInGoogle && isWithinWindow(row, window));
  for (const row of missing) {
    const deleted: ParsedGoogleEvent = {
      googleEventId: row.googleEventId,
      cancelled: true,
      kind: row.kind,
      companyId: ctx.companyId,
      bookingId: row.bookingId,
      fieldworkerId: row.fieldworkerId,
      unavailableBlockId: row.unavailableBlockId,
      etag: null,
      summary: row.summary,
      description: null,
      location: null,
      htmlLink: null,
      startsAt: null,
      endsAt: null,
      allDay: false,
      busy: false,
      eventType: "default",
      transparency: "opaque",
      selfResponseStatus: null,
      isPrivate: false,
      updatedAt: null,
    };
    const decision = decideOwnEventChange({
      stored: storedOwnCopy(row),
      google: deleted,
      googleContentHash: "",
      current: await currentTimesOfCopy(db, ctx.companyId, row),
      direction: ctx.direction,
    });
    result.ownChanges += 1;
    await applyOwnEventAction(db, ctx.companyId, row, decision, null);
  }
}

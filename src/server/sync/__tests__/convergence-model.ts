/**
 * The convergence suite's bookkeeping and invariant checker. The checker compares three sources of truth
 * after the system has quiesced: the database (what FieldSync believes), the emulator's store (what Google
 * holds), and a small model of what the test did (which copies may stay "[Cancelled]", which FieldSync
 * events the test deleted in Google). It returns a list of violations instead of throwing, so a failing
 * run shows everything that diverged at once.
 */
import type { calendar_v3 } from "@googleapis/calendar";
import { TZDate } from "@date-fns/tz";
import { and, eq, gte, inArray, isNull } from "drizzle-orm";
import type { Emulator } from "../../../../emulator/index";
import type { Db } from "../../db/client";
import {
  bookingAssignments,
  bookingStatuses,
  bookings,
  fieldworkerGoogleConnections,
  fieldworkers,
  googleAccounts,
  googleCalendars,
  googleEvents,
  syncConflicts,
  unavailableBlocks,
} from "../../db/schema";
import { busyFactsOf, isBusy } from "../core/busy-rule";
import { eventContentHash } from "../core/content-hash";
import { listEvents } from "../../../../emulator/events-query";
import { bookingEventId, decodeFieldSyncEventId, unavailableEventId } from "../core/event-ids";
import { CANCELLED_SUMMARY_PREFIX, formatBookingEvent } from "../core/format-booking-event";
import { formatUnavailableEvent } from "../core/format-unavailable-event";
import { PRIVATE_KEYS, type SyncDirection } from "../core/types";
import { SYNC_WINDOW_FUTURE_MS, SYNC_WINDOW_PAST_MS } from "../io/pull-calendar";
import { loadCompany } from "../../db/queries/company";
import { loadBookingForEvent, loadUnavailableForEvent } from "../io/sync-queries";

const pairKey = (bookingId: string, fieldworkerId: string) => `${bookingId}:${fieldworkerId}`;

/** What the test did that the end state alone can't tell. Persists across fast-check runs (so does the database). */
export class ConvergenceModel {
  /** Booking × fieldworker pairs whose copy may legitimately stay in Google marked "[Cancelled]". */
  private readonly mayKeep = new Map<string, boolean>();
  /** Event ids of FieldSync copies the test deleted in Google (the only legitimate source of conflicts). */
  readonly deletedInGoogle = new Set<string>();
  readonly bookingIds: string[] = [];
  readonly blockIds: string[] = [];
  readonly foreignEvents: { email: string; id: string }[] = [];
  /** Invitations from someone else in a fieldworker's calendar, whose answer the test changes (event types block). */
  readonly invitations: { email: string; id: string }[] = [];
  /** Recurring series the test created (or split off) in Google users' own calendars. */
  readonly foreignSeries: { email: string; id: string }[] = [];

  /**
   * After every app-side change to a booking: a pair that wants its copy can't keep a cancelled one later
   * unless a keeping status is seen again while unwanted. Pending jobs read the booking's state when they
   * run, so any status the booking had while the pair was unwanted may decide delete-vs-keep.
   */
  noteBookingState(bookingId: string, pool: string[], state: { assigned: string[]; pushes: boolean; deletes: boolean } | "deleted-keeping" | "deleted-deleting") {
    for (const fieldworkerId of pool) {
      const key = pairKey(bookingId, fieldworkerId);
      if (typeof state === "string") {
        this.mayKeep.set(key, (this.mayKeep.get(key) ?? false) || state === "deleted-keeping");
        continue;
      }
      const wanted = state.assigned.includes(fieldworkerId) && state.pushes;
      this.mayKeep.set(key, wanted ? false : (this.mayKeep.get(key) ?? false) || !state.deletes);
    }
  }

  /** Unknown pairs (seeded bookings, bookings the test never touched) are given the benefit of the doubt. */
  mayKeepCopy(bookingId: string, fieldworkerId: string): boolean {
    return this.mayKeep.get(pairKey(bookingId, fieldworkerId)) ?? !this.bookingIds.includes(bookingId);
  }
}

export interface InvariantCounts {
  wantedCopies: number;
  keptCancelled: number;
  blocks: number;
  foreignImported: number;
  /** Imported events Google's availability rules call free (declined, working location, Available). */
  foreignFree: number;
  openConflicts: number;
  calendars: number;
}

export interface InvariantResult {
  violations: string[];
  counts: InvariantCounts;
}

type GoogleEvent = calendar_v3.Schema$Event;

const liveEvents = (emulator: Emulator, calendarId: string): GoogleEvent[] =>
  [...emulator.store.eventsOf(calendarId).values()].map((r) => r.event).filter((e) => e.status !== "cancelled");

const privateOf = (event: GoogleEvent) => event.extendedProperties?.private ?? {};
/** All-day dates are midnight in the calendar's own zone (events.list `timeZone`). */
const instant = (time: calendar_v3.Schema$EventDateTime | undefined, timeZone: string) => {
  if (time?.dateTime) return new Date(time.dateTime);
  if (!time?.date) return null;
  const [y, m, d] = time.date.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, timeZone).getTime());
};

/** Checks DESIGN §2's convergence promises for one company in its current direction. */
export async function checkInvariants(db: Db, emulator: Emulator, model: ConvergenceModel, companyId: string, now: Date): Promise<InvariantResult> {
  const violations: string[] = [];
  const counts: InvariantCounts = { wantedCopies: 0, keptCancelled: 0, blocks: 0, foreignImported: 0, foreignFree: 0, openConflicts: 0, calendars: 0 };
  const company = await loadCompany(db, companyId);
  if (!company) return { violations: ["company missing"], counts };
  const direction: SyncDirection = company.syncDirection;

  const connections = await db
    .select({ fieldworkerId: fieldworkerGoogleConnections.fieldworkerId, account: googleAccounts, active: fieldworkers.active })
    .from(fieldworkerGoogleConnections)
    .innerJoin(googleAccounts, eq(googleAccounts.id, fieldworkerGoogleConnections.googleAccountId))
    .innerJoin(fieldworkers, eq(fieldworkers.id, fieldworkerGoogleConnections.fieldworkerId))
    .where(eq(fieldworkerGoogleConnections.companyId, companyId));
  for (const c of connections) if (c.account.status !== "active") violations.push(`account ${c.account.email} is ${c.account.status} after quiescing`);
  const live = connections.filter((c) => c.active && c.account.status === "active");
  const openConflicts = await db.select().from(syncConflicts).where(and(eq(syncConflicts.companyId, companyId), isNull(syncConflicts.resolvedAt)));
  counts.openConflicts = openConflicts.length;
  const conflictOpen = new Set(openConflicts.map((c) => pairKey(c.bookingId, c.fieldworkerId)));

  // Conflicts are recorded only for FieldSync events someone deleted in Google, and every one of them is kept.
  for (const conflict of openConflicts) {
    const eventId = bookingEventId(conflict.bookingId);
    if (!model.deletedInGoogle.has(eventId)) violations.push(`conflict for ${eventId} but the test never deleted that event in Google`);
  }

  if (direction !== "google_to_app") {
    const windowStart = new Date(now.getTime() - SYNC_WINDOW_PAST_MS);
    // Fieldworkers sharing a Google account share one event per booking in its company calendar.
    const accounts = new Map<string, { account: (typeof live)[number]["account"]; fieldworkerIds: string[] }>();
    for (const connection of live) {
      const entry = accounts.get(connection.account.id) ?? { account: connection.account, fieldworkerIds: [] };
      entry.fieldworkerIds.push(connection.fieldworkerId);
      accounts.set(connection.account.id, entry);
    }
    for (const { account, fieldworkerIds } of accounts.values()) {
      const calendarId = account.companyCalendarId;
      if (!calendarId) {
        violations.push(`${account.email} has no company calendar`);
        continue;
      }
      const bookingEvents = liveEvents(emulator, calendarId).filter((e) => privateOf(e)[PRIVATE_KEYS.kind] === "booking");

      // Every booking that pushes has exactly one current event per account of an assigned, connected fieldworker.
      const assigned = await db
        .selectDistinct({ bookingId: bookings.id, endsAt: bookings.endsAt, pushes: bookingStatuses.pushToGoogle })
        .from(bookingAssignments)
        .innerJoin(bookings, eq(bookings.id, bookingAssignments.bookingId))
        .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId))
        .where(and(inArray(bookingAssignments.fieldworkerId, fieldworkerIds), eq(bookings.companyId, companyId), gte(bookings.endsAt, windowStart)));
      const wanted = new Set(assigned.filter((a) => a.pushes).map((a) => a.bookingId));
      for (const a of assigned.filter((x) => x.pushes)) {
        const eventId = bookingEventId(a.bookingId);
        const copies = bookingEvents.filter((e) => privateOf(e)[PRIVATE_KEYS.bookingId] === a.bookingId);
        if (fieldworkerIds.some((fieldworkerId) => conflictOpen.has(pairKey(a.bookingId, fieldworkerId)))) {
          if (copies.length > 0) violations.push(`${eventId}: open conflict but the event is live in Google`);
          continue;
        }
        if (copies.length === 0) {
          // Past bookings are pushed only when they change; future ones must be there.
          if (a.endsAt >= now) violations.push(`${eventId}: booking wants a Google event in ${account.email} but there is none`);
          continue;
        }
        if (copies.length > 1) violations.push(`${eventId}: ${copies.length} live copies in ${account.email}`);
        const loaded = await loadBookingForEvent(db, companyId, a.bookingId);
        const expected = loaded ? eventContentHash(formatBookingEvent(loaded.booking, company)) : "";
        const actual = copies[0]!;
        if (actual.id !== eventId) violations.push(`${eventId}: copy has id ${actual.id}`);
        if (eventContentHash(actual) !== expected) violations.push(`${eventId}: Google holds stale content "${actual.summary}" (${actual.start?.dateTime})`);
        counts.wantedCopies += 1;
      }

      // No orphan FieldSync events: an unwanted copy is gone, or kept "[Cancelled]" where a status said keep.
      for (const event of bookingEvents) {
        const bookingId = privateOf(event)[PRIVATE_KEYS.bookingId] ?? "";
        if (wanted.has(bookingId)) continue;
        if (!event.summary?.startsWith(CANCELLED_SUMMARY_PREFIX)) violations.push(`${event.id}: orphan "${event.summary}" live in Google (booking ${bookingId} no longer wants it)`);
        else if (!fieldworkerIds.some((fieldworkerId) => model.mayKeepCopy(bookingId, fieldworkerId))) violations.push(`${event.id}: kept "[Cancelled]" although every status since said delete`);
        else counts.keptCancelled += 1;
      }
    }

    for (const connection of live) {
      const fieldworkerId = connection.fieldworkerId;
      const calendarId = connection.account.companyCalendarId;
      if (!calendarId) continue;
      const inGoogle = liveEvents(emulator, calendarId).filter((e) => privateOf(e)[PRIVATE_KEYS.fieldworkerId] === fieldworkerId);

      // Unavailable blocks: one opaque copy each, none for blocks that are gone.
      const blocks = await db
        .select({ id: unavailableBlocks.id, endsAt: unavailableBlocks.endsAt })
        .from(unavailableBlocks)
        .where(and(eq(unavailableBlocks.companyId, companyId), eq(unavailableBlocks.fieldworkerId, fieldworkerId), gte(unavailableBlocks.endsAt, now)));
      for (const block of blocks) {
        const eventId = unavailableEventId(block.id);
        const copy = inGoogle.find((e) => e.id === eventId);
        const loaded = await loadUnavailableForEvent(db, companyId, block.id);
        if (!copy || !loaded) {
          violations.push(`${eventId}: unavailable block has no Google event`);
          continue;
        }
        if (eventContentHash(copy) !== eventContentHash(formatUnavailableEvent(loaded, company, loaded.fieldworkerName))) violations.push(`${eventId}: stale unavailable event`);
        counts.blocks += 1;
      }
      const blockIds = new Set(
        (await db.select({ id: unavailableBlocks.id }).from(unavailableBlocks).where(eq(unavailableBlocks.fieldworkerId, fieldworkerId))).map((b) => b.id),
      );
      for (const event of inGoogle.filter((e) => privateOf(e)[PRIVATE_KEYS.kind] === "unavailable")) {
        if (!blockIds.has(privateOf(event)[PRIVATE_KEYS.unavailableBlockId] ?? "")) violations.push(`${event.id}: orphan unavailable event "${event.summary}"`);
      }
    }
  }

  if (direction !== "app_to_google") {
    // Every Google-owned event of a selected calendar is imported exactly once, with current times and title.
    const window = { start: now.getTime() - SYNC_WINDOW_PAST_MS, end: now.getTime() + SYNC_WINDOW_FUTURE_MS };
    const accountIds = [...new Set(live.map((c) => c.account.id))];
    for (const accountId of accountIds) {
      const calendars = await db
        .select()
        .from(googleCalendars)
        .where(and(eq(googleCalendars.googleAccountId, accountId), eq(googleCalendars.selected, true), eq(googleCalendars.isCompanyCalendar, false)));
      for (const calendar of calendars) {
        counts.calendars += 1;
        const zone = emulator.store.calendars.get(calendar.googleCalendarId)?.timeZone ?? "UTC";
        // Google's own answer (singleEvents=true over the window): instances of series with their exceptions,
        // no cancelled occurrences, no trimmed ones. FieldSync events moved here are ours, never imported.
        const listing = listEvents(
          emulator.store,
          emulator.store.calendars.get(calendar.googleCalendarId)!,
          new URLSearchParams({ singleEvents: "true", maxResults: "2500", timeMin: new Date(window.start).toISOString(), timeMax: new Date(window.end).toISOString() }),
        );
        if (listing.nextPageToken) violations.push(`${calendar.summary}: more than one page of Google events; the checker reads one`);
        const expected = new Map(listing.items.filter((e) => !privateOf(e)[PRIVATE_KEYS.companyId]).map((e) => [e.id ?? "", e]));
        const rows = await db
          .select()
          .from(googleEvents)
          .where(and(eq(googleEvents.calendarRowId, calendar.id), eq(googleEvents.kind, "foreign")));
        for (const row of rows) {
          if (decodeFieldSyncEventId(row.googleEventId)) violations.push(`${calendar.summary}: FieldSync's own event ${row.googleEventId} imported as a foreign event`);
          const event = expected.get(row.googleEventId);
          if (!event) {
            violations.push(`${calendar.summary}: imported "${row.summary}" (${row.googleEventId}) no longer exists in Google`);
            continue;
          }
          const start = instant(event.start ?? undefined, zone);
          const end = instant(event.end ?? undefined, zone);
          if (row.summary !== (event.summary ?? "") || row.startsAt.getTime() !== start?.getTime() || row.endsAt.getTime() !== end?.getTime()) {
            violations.push(`${calendar.summary}: "${row.summary}" imported as ${row.startsAt.toISOString()}, Google has "${event.summary}" at ${start?.toISOString()}`);
          }
          counts.foreignImported += 1;
          // Event types and invitations: availability as Google's rules say, from the facts Google holds now.
          const facts = busyFactsOf(event);
          if (row.busy !== isBusy(facts) || row.eventType !== facts.eventType || row.selfResponseStatus !== facts.selfResponseStatus) {
            violations.push(`${calendar.summary}: "${row.summary}" imported as busy=${row.busy} (${row.eventType}, ${row.selfResponseStatus}), Google says ${JSON.stringify(facts)}`);
          }
          if (!row.busy) counts.foreignFree += 1;
        }
        const imported = new Set(rows.map((r) => r.googleEventId));
        for (const [id, event] of expected) if (!imported.has(id)) violations.push(`${calendar.summary}: "${event.summary}" (${id}) was never imported`);
      }
    }
  }
  return { violations, counts };
}

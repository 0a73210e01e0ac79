import { and, asc, eq, exists, gt, inArray, isNull, lt, max, ne, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { busyLabel } from "../../sync/core/busy-rule";
import { resultRows, type DbOrTx } from "../client";
import { addHiddenByDay, capItemsPerDay, type DayCap } from "./calendar-day-cap";
import {
  bookingAssignments,
  bookingStatuses,
  bookings,
  companies,
  customers,
  fieldworkerGoogleConnections,
  fieldworkers,
  googleAccounts,
  googleCalendars,
  googleEvents,
  syncConflicts,
  unavailableBlocks,
} from "../schema";
import type { Role } from "~/lib/roles";
import { getCompanySettings } from "./company";

export type CalendarViewerRole = Role;

interface RawBookingRow {
  id: string;
  starts_ms: number;
  ends_ms: number;
  service_name: string;
  suburb: string;
  status_id: string;
  customer_name: string;
  /** One row per assigned fieldworker (null when nobody is assigned). */
  fieldworker_id: string | null;
}

/**
 * A timestamp as epoch milliseconds: `new Date(number)` is several times cheaper than parsing Postgres' text
 * format, which matters on tens of thousands of rows. `date_part` stays in float8 (arriving as a JS number from
 * both drivers); `extract` computes in numeric, which costs the server about twice as much per value.
 */
const epochMs = (column: AnyPgColumn) => sql<number>`round(date_part('epoch', ${column}) * 1000)`;

export interface CalendarRangeQuery {
  companyId: string;
  start: Date;
  end: Date;
  /** Only items of these fieldworkers; undefined means every fieldworker of the company. */
  fieldworkerIds?: string[];
  /** Decides what imported Google events reveal (DESIGN §2 Privacy). */
  viewerRole: CalendarViewerRole;
  /**
   * The month view's cap: per day of the company's time zone, the first this-many bookings and the first
   * this-many imported events; the rest are only counted (`hiddenByDay`). Unavailable blocks are never capped:
   * a fieldworker has a few a month.
   */
  dayLimit?: number;
}

/**
 * Bookings and unavailable blocks overlapping [start, end), each booking with its assigned fieldworkers,
 * plus the fieldworkers' imported Google events and when their calendars were last pulled.
 * A booking carries what the calendar draws (a busy month is tens of thousands of items); the booking
 * dialog loads the rest through `bookings.get`.
 */
export async function listCalendarRange(db: DbOrTx, query: CalendarRangeQuery) {
  const { companyId, start, end, fieldworkerIds } = query;
  if (fieldworkerIds && fieldworkerIds.length === 0) return { bookings: [], unavailable: [], google: [], lastSyncedAt: null, hiddenByDay: {} };

  const bookingConditions: SQL[] = [eq(bookings.companyId, companyId), lt(bookings.startsAt, end), gt(bookings.endsAt, start)];
  if (fieldworkerIds) {
    bookingConditions.push(
      exists(
        db
          .select({ one: bookingAssignments.bookingId })
          .from(bookingAssignments)
          .where(and(eq(bookingAssignments.bookingId, bookings.id), inArray(bookingAssignments.fieldworkerId, fieldworkerIds))),
      ),
    );
  }

  // A busy month is tens of thousands of rows, so this reads raw rows (columns still from the schema): the
  // assignments folded into one text column, statuses and fieldworker names from their small lists, times as
  // epoch milliseconds (see README › Performance).
  // One read of the names serves the bookings' assignees and the imported events.
  const shared: SharedReads = { names: listFieldworkerNames(db, companyId), cap: readDayCap(db, query) };
  const bookingSource = { key: sql`${bookings.id}`, startsAt: bookings.startsAt, endsAt: bookings.endsAt, from: sql`from ${bookings}`, where: and(...bookingConditions) };
  const bookingsKept = shared.cap?.then((cap) => capItemsPerDay(db, bookingSource, cap));
  const readBookings = (where: SQL | undefined) =>
    db
      .execute(
        sql`select ${bookings.id} as id, ${epochMs(bookings.startsAt)} as starts_ms, ${epochMs(bookings.endsAt)} as ends_ms,
          ${bookings.serviceName} as service_name, ${bookings.suburb} as suburb, ${bookings.statusId} as status_id, ${customers.name} as customer_name, ${bookingAssignments.fieldworkerId} as fieldworker_id
        from ${bookings}
        join ${customers} on ${customers.id} = ${bookings.customerId}
        left join ${bookingAssignments} on ${bookingAssignments.bookingId} = ${bookings.id}
        where ${where}
        order by ${bookings.startsAt}, ${bookings.id}`,
      )
      .then((result) => resultRows<RawBookingRow>(result));
  const [bookingRows, statusRows, names, blockRows, imported, lastSyncedAt, bookingsHidden, notInGoogle] = await Promise.all([
    bookingsKept ? bookingsKept.then((kept) => readBookings(and(...bookingConditions, inArray(bookings.id, kept.keys)))) : readBookings(and(...bookingConditions)),
    listStatuses(db, companyId),
    shared.names,
    db
      .select({
        id: unavailableBlocks.id,
        fieldworkerId: unavailableBlocks.fieldworkerId,
        fieldworkerName: fieldworkers.displayName,
        startsAt: unavailableBlocks.startsAt,
        endsAt: unavailableBlocks.endsAt,
        note: unavailableBlocks.note,
      })
      .from(unavailableBlocks)
      .innerJoin(fieldworkers, eq(fieldworkers.id, unavailableBlocks.fieldworkerId))
      .where(
        and(
          eq(unavailableBlocks.companyId, companyId),
          lt(unavailableBlocks.startsAt, end),
          gt(unavailableBlocks.endsAt, start),
          fieldworkerIds ? inArray(unavailableBlocks.fieldworkerId, fieldworkerIds) : undefined,
        ),
      )
      .orderBy(asc(unavailableBlocks.startsAt)),
    listImportedEvents(db, query, shared),
    lastPulledAt(db, companyId, fieldworkerIds),
    bookingsKept?.then((kept) => kept.hiddenByDay),
    bookingsDeletedInGoogle(db, companyId, fieldworkerIds),
  ]);

  let statuses = new Map(statusRows.map((s) => [s.id, s]));
  // Read side by side with the bookings: a status created and used in between is read once more.
  if (bookingRows.some((row) => !statuses.has(row.status_id))) statuses = new Map((await listStatuses(db, companyId)).map((s) => [s.id, s]));
  type Booking = ReturnType<typeof presentBooking>;
  const presentBooking = (row: RawBookingRow) => {
    const status = statuses.get(row.status_id);
    if (!status) throw new Error(`booking ${row.id} has status ${row.status_id} of another company`);
    return {
      id: row.id,
      startsAt: new Date(row.starts_ms),
      endsAt: new Date(row.ends_ms),
      serviceName: row.service_name,
      suburb: row.suburb,
      // Fresh objects per booking: superjson would otherwise list every shared reference in its meta.
      status: { name: status.name, color: status.color },
      customer: { name: row.customer_name },
      fieldworkers: [] as { id: string; name: string }[],
      /** Its Google event was deleted in Google and waits for "Re-create" or "Accept deletion" (an open conflict). */
      notInGoogle: notInGoogle.has(row.id),
    };
  };
  const list: Booking[] = [];
  let current: Booking | undefined;
  for (const row of bookingRows) {
    if (current?.id !== row.id) list.push((current = presentBooking(row)));
    const name = row.fieldworker_id === null ? undefined : names.get(row.fieldworker_id);
    if (name !== undefined) current.fieldworkers.push({ id: row.fieldworker_id!, name });
  }
  for (const booking of list) if (booking.fieldworkers.length > 1) booking.fieldworkers.sort((a, b) => a.name.localeCompare(b.name));

  return {
    bookings: list,
    unavailable: blockRows,
    google: imported.events,
    lastSyncedAt,
    /** Local date (yyyy-MM-dd) → items of that day left out by `dayLimit`. Empty without a cap. */
    hiddenByDay: addHiddenByDay(bookingsHidden ?? new Map(), imported.hiddenByDay),
  };
}

/** Bookings with an open "deleted in Google" conflict (of these fieldworkers): a handful at most, read whole. */
async function bookingsDeletedInGoogle(db: DbOrTx, companyId: string, fieldworkerIds: string[] | undefined): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ bookingId: syncConflicts.bookingId })
    .from(syncConflicts)
    .where(
      and(
        eq(syncConflicts.companyId, companyId),
        isNull(syncConflicts.resolvedAt),
        fieldworkerIds ? inArray(syncConflicts.fieldworkerId, fieldworkerIds) : undefined,
      ),
    );
  return new Set(rows.map((r) => r.bookingId));
}

/** Read once and shared by the parts of the range query: fieldworker names, and the day cap in the company's time zone. */
interface SharedReads {
  names: Promise<Map<string, string>>;
  cap: Promise<DayCap> | undefined;
}

function readDayCap(db: DbOrTx, query: CalendarRangeQuery): Promise<DayCap> | undefined {
  const limit = query.dayLimit;
  if (limit === undefined) return undefined;
  return getCompanySettings(db, query.companyId).then((company) => {
    if (!company) throw new Error(`company ${query.companyId} not found`);
    return { timeZone: company.timeZone, limit, start: query.start, end: query.end };
  });
}

/** Every fieldworker of the company by id (the inactive ones too: old bookings still name them). */
async function listFieldworkerNames(db: DbOrTx, companyId: string): Promise<Map<string, string>> {
  const rows = await db.select({ id: fieldworkers.id, name: fieldworkers.displayName }).from(fieldworkers).where(eq(fieldworkers.companyId, companyId));
  return new Map(rows.map((f) => [f.id, f.name]));
}

function listStatuses(db: DbOrTx, companyId: string) {
  return db
    .select({ id: bookingStatuses.id, name: bookingStatuses.name, color: bookingStatuses.color })
    .from(bookingStatuses)
    .where(eq(bookingStatuses.companyId, companyId));
}

export const BUSY_TITLE = "Busy";

/**
 * DESIGN §2 Privacy: a fieldworker always sees their own events in full. An admin sees a title and
 * location only when the fieldworker left the calendar on "details" and Google does not mark the event
 * private (`visibility: private` always shows to admins as Busy).
 */
export function viewerSeesDetails(viewerRole: CalendarViewerRole, event: { privacy: "details" | "busy"; isPrivate: boolean }): boolean {
  return viewerRole === "fieldworker" || (event.privacy === "details" && !event.isPrivate);
}

interface RawImportedEventRow {
  event_id: string;
  fieldworker_id: string;
  calendar_id: string;
  summary: string;
  location: string | null;
  html_link: string | null;
  starts_ms: number;
  ends_ms: number;
  all_day: boolean;
  busy: boolean;
  is_private: boolean;
  event_type: string;
  transparency: "opaque" | "transparent";
  self_response_status: string | null;
}

interface ImportedEventLookups {
  calendars: Map<string, { id: string; name: string; color: string | null; privacy: "details" | "busy" }>;
  fieldworkerNames: Map<string, string>;
}

/**
 * Where imported events come from: selected, non-company calendars of the company's active fieldworkers,
 * one row per (event, fieldworker the account serves), under extra conditions. None while the company syncs
 * "FieldSync → Google only": that direction imports nothing, so what was imported before is hidden at once
 * (kept, not deleted; switching back pulls each calendar from its sync token and shows it current again).
 */
function importedEventsSource(companyId: string, conditions: (SQL | undefined)[]) {
  return {
    from: sql`from ${googleEvents}
        join ${googleCalendars} on ${googleCalendars.id} = ${googleEvents.calendarRowId}
        join ${fieldworkerGoogleConnections} on ${fieldworkerGoogleConnections.googleAccountId} = ${googleCalendars.googleAccountId}
        join ${fieldworkers} on ${fieldworkers.id} = ${fieldworkerGoogleConnections.fieldworkerId}
        join ${companies} on ${companies.id} = ${fieldworkers.companyId}`,
    where: and(
      ne(companies.syncDirection, "app_to_google"),
      eq(fieldworkerGoogleConnections.companyId, companyId),
      eq(fieldworkers.companyId, companyId),
      eq(fieldworkers.active, true),
      eq(googleEvents.kind, "foreign"),
      eq(googleCalendars.selected, true),
      eq(googleCalendars.isCompanyCalendar, false),
      ...conditions,
    ),
  };
}

/** The id of an imported item: an account may serve several fieldworkers, each gets the event. */
const importedItemKey = sql`${googleEvents.id}::text || ':' || ${fieldworkerGoogleConnections.fieldworkerId}::text`;

/**
 * Imported events of selected calendars, once per fieldworker the account serves, under extra conditions.
 * Only active fieldworkers of the company: a deactivated one's sync is paused and their copy is stale.
 * Raw rows for the same reason as the bookings above, carrying only what differs per event: calendar and
 * fieldworker details come from their own short lists.
 */
async function loadImportedEvents(
  db: DbOrTx,
  companyId: string,
  viewerRole: CalendarViewerRole,
  conditions: (SQL | undefined)[],
  namesRead: Promise<Map<string, string>> = listFieldworkerNames(db, companyId),
) {
  const source = importedEventsSource(companyId, conditions);
  const [rows, calendarRows, fieldworkerNames] = await Promise.all([
    db
      .execute(
        sql`select ${googleEvents.id} as event_id, ${fieldworkerGoogleConnections.fieldworkerId} as fieldworker_id,
          ${googleCalendars.id} as calendar_id, ${googleEvents.summary} as summary, ${googleEvents.location} as location,
          ${googleEvents.htmlLink} as html_link, ${epochMs(googleEvents.startsAt)} as starts_ms, ${epochMs(googleEvents.endsAt)} as ends_ms,
          ${googleEvents.allDay} as all_day, ${googleEvents.busy} as busy, ${googleEvents.isPrivate} as is_private,
          ${googleEvents.eventType} as event_type, ${googleEvents.transparency} as transparency,
          ${googleEvents.selfResponseStatus} as self_response_status
        ${source.from}
        where ${source.where}
        order by ${googleEvents.startsAt}, ${fieldworkers.displayName}`,
      )
      .then((result) => resultRows<RawImportedEventRow>(result)),
    db
      .select({ id: googleCalendars.id, name: googleCalendars.summary, color: googleCalendars.backgroundColor, privacy: googleCalendars.privacy })
      .from(googleCalendars)
      .innerJoin(googleAccounts, eq(googleAccounts.id, googleCalendars.googleAccountId))
      .where(eq(googleAccounts.companyId, companyId)),
    namesRead,
  ]);
  const lookups: ImportedEventLookups = { calendars: new Map(calendarRows.map((c) => [c.id, c])), fieldworkerNames };
  const events: ImportedEvent[] = [];
  for (const row of rows) {
    const event = presentImportedEvent(row, lookups, viewerRole);
    // The lists are separate statements: a calendar or fieldworker deleted in between is gone for good, and
    // so is its event, which the next read would not return either.
    if (event) events.push(event);
  }
  return events;
}

function presentImportedEvent(row: RawImportedEventRow, lookups: ImportedEventLookups, viewerRole: CalendarViewerRole) {
  const calendar = lookups.calendars.get(row.calendar_id);
  const fieldworkerName = lookups.fieldworkerNames.get(row.fieldworker_id);
  if (!calendar || fieldworkerName === undefined) return null;
  const details = viewerSeesDetails(viewerRole, { privacy: calendar.privacy, isPrivate: row.is_private });
  return {
    /** One item per (event, fieldworker): an account may serve several fieldworkers. */
    id: `${row.event_id}:${row.fieldworker_id}`,
    eventId: row.event_id,
    fieldworkerId: row.fieldworker_id,
    fieldworkerName,
    calendar: { id: calendar.id, name: calendar.name, color: calendar.color },
    startsAt: new Date(row.starts_ms),
    endsAt: new Date(row.ends_ms),
    allDay: row.all_day,
    busy: row.busy,
    /** "Busy (out of office)", "Free (invitation declined)"…: the why only to those who see details. */
    availability: details
      ? busyLabel({ eventType: row.event_type, transparency: row.transparency, selfResponseStatus: row.self_response_status })
      : row.busy
        ? "Busy"
        : "Free",
    detailsHidden: !details,
    title: details ? row.summary || "(No title)" : BUSY_TITLE,
    location: details ? row.location : null,
    htmlLink: details ? row.html_link : null,
  };
}

export type ImportedEvent = NonNullable<ReturnType<typeof presentImportedEvent>>;

/**
 * An admin's busy-only view (a calendar shared as "busy only", or an event Google marks private) shows busy time
 * and nothing else, like Google's own free/busy sharing: an event the busy rule calls free (a declined invitation,
 * a working location, "Show me as: Available") is left out. The rule itself ran at import (`busy`).
 */
const busyOnlyViewShowsBusyTime = or(eq(googleEvents.busy, true), and(eq(googleCalendars.privacy, "details"), eq(googleEvents.isPrivate, false)));

/**
 * Imported Google events overlapping the range. Admins don't see calendars they chose to hide.
 * With `dayLimit`, only the first events of each day, and how many each day leaves out.
 */
async function listImportedEvents(db: DbOrTx, query: CalendarRangeQuery, shared: SharedReads): Promise<{ events: ImportedEvent[]; hiddenByDay: Map<string, number> }> {
  const { companyId, start, end, fieldworkerIds, viewerRole } = query;
  if (fieldworkerIds && fieldworkerIds.length === 0) return { events: [], hiddenByDay: new Map() };
  const conditions = [
    lt(googleEvents.startsAt, end),
    gt(googleEvents.endsAt, start),
    fieldworkerIds ? inArray(fieldworkerGoogleConnections.fieldworkerId, fieldworkerIds) : undefined,
    viewerRole === "admin" ? eq(googleCalendars.hiddenForAdmins, false) : undefined,
    viewerRole === "admin" ? busyOnlyViewShowsBusyTime : undefined,
  ];
  if (!shared.cap) return { events: await loadImportedEvents(db, companyId, viewerRole, conditions, shared.names), hiddenByDay: new Map() };
  const source = importedEventsSource(companyId, conditions);
  const kept = await capItemsPerDay(db, { key: importedItemKey, startsAt: googleEvents.startsAt, endsAt: googleEvents.endsAt, ...source }, await shared.cap);
  const events = await loadImportedEvents(db, companyId, viewerRole, [...conditions, inArray(importedItemKey, kept.keys)], shared.names);
  return { events, hiddenByDay: kept.hiddenByDay };
}

/**
 * The double-booking guard: busy imported events (by Google's availability rules, `sync/core/busy-rule.ts`: not a
 * declined invitation, a working location or "Available" time) overlapping [startsAt, endsAt) of these
 * fieldworkers. A calendar an admin hides from the display still counts: the fieldworker is busy all the same.
 */
export async function findBusyOverlaps(
  db: DbOrTx,
  query: { companyId: string; fieldworkerIds: string[]; startsAt: Date; endsAt: Date; viewerRole: CalendarViewerRole },
): Promise<ImportedEvent[]> {
  if (query.fieldworkerIds.length === 0) return [];
  return loadImportedEvents(db, query.companyId, query.viewerRole, [
    eq(googleEvents.busy, true),
    lt(googleEvents.startsAt, query.endsAt),
    gt(googleEvents.endsAt, query.startsAt),
    inArray(fieldworkerGoogleConnections.fieldworkerId, query.fieldworkerIds),
  ]);
}

/** When FieldSync last heard from Google for these fieldworkers: the newest pull of their synced calendars. */
async function lastPulledAt(db: DbOrTx, companyId: string, fieldworkerIds: string[] | undefined): Promise<Date | null> {
  const [row] = await db
    .select({ at: max(googleCalendars.lastPulledAt) })
    .from(googleCalendars)
    .innerJoin(fieldworkerGoogleConnections, eq(fieldworkerGoogleConnections.googleAccountId, googleCalendars.googleAccountId))
    .innerJoin(fieldworkers, eq(fieldworkers.id, fieldworkerGoogleConnections.fieldworkerId))
    .where(
      and(
        eq(fieldworkerGoogleConnections.companyId, companyId),
        eq(fieldworkers.active, true),
        or(eq(googleCalendars.selected, true), eq(googleCalendars.isCompanyCalendar, true)),
        fieldworkerIds ? inArray(fieldworkerGoogleConnections.fieldworkerId, fieldworkerIds) : undefined,
      ),
    );
  return row?.at ?? null;
}
/** What the calendar's forms and filters need. A fieldworker only gets themselves, not the customer list. */
export async function loadCalendarOptions(db: DbOrTx, companyId: string, viewer: { role: Role; fieldworkerId: string | null }) {
  const isAdmin = viewer.role === "admin";
  const [company, fieldworkerRows, statusRows, customerRows] = await Promise.all([
    getCompanySettings(db, companyId),
    db
      .select({ id: fieldworkers.id, name: fieldworkers.displayName, isGeneral: fieldworkers.isGeneral })
      .from(fieldworkers)
      .where(
        and(
          eq(fieldworkers.companyId, companyId),
          eq(fieldworkers.active, true),
          isAdmin ? undefined : viewer.fieldworkerId ? eq(fieldworkers.id, viewer.fieldworkerId) : sql`false`,
        ),
      )
      .orderBy(asc(fieldworkers.isGeneral), asc(fieldworkers.displayName)),
    db
      .select({ id: bookingStatuses.id, name: bookingStatuses.name, color: bookingStatuses.color })
      .from(bookingStatuses)
      .where(eq(bookingStatuses.companyId, companyId))
      .orderBy(asc(bookingStatuses.sortOrder), asc(bookingStatuses.name)),
    isAdmin
      ? db
          .select({ id: customers.id, name: customers.name, businessName: customers.businessName, addresses: customers.addresses })
          .from(customers)
          .where(eq(customers.companyId, companyId))
          .orderBy(asc(customers.name))
      : Promise.resolve([]),
  ]);
  if (!company) throw new Error(`company ${companyId} not found`);
  return {
    timeZone: company.timeZone,
    currencyCode: company.currencyCode,
    currencySymbol: company.currencySymbol,
    fieldworkers: fieldworkerRows,
    statuses: statusRows,
    customers: customerRows,
  };
}

export type CalendarOptions = Awaited<ReturnType<typeof loadCalendarOptions>>;

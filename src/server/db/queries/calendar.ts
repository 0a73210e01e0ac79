import { and, asc, eq, exists, gt, inArray, lt, max, or, sql, type SQL } from "drizzle-orm";
import { resultRows, type DbOrTx } from "../client";
import {
  bookingAssignments,
  bookingStatuses,
  bookings,
  companies,
  customers,
  fieldworkerGoogleConnections,
  fieldworkers,
  googleCalendars,
  googleEvents,
  unavailableBlocks,
} from "../schema";

export type CalendarViewerRole = "admin" | "fieldworker";

interface RawBookingRow {
  id: string;
  starts_at: string | Date;
  ends_at: string | Date;
  service_name: string;
  suburb: string;
  amount_cents: number | string;
  currency_code: string;
  status_id: string;
  status_name: string;
  status_color: string;
  customer_id: string;
  customer_name: string;
}

/** Raw timestamps arrive as strings from postgres.js (drizzle turns its date parsing off) and as Dates from PGlite. */
const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

export interface CalendarRangeQuery {
  companyId: string;
  start: Date;
  end: Date;
  /** Only items of these fieldworkers; undefined means every fieldworker of the company. */
  fieldworkerIds?: string[];
  /** Decides what imported Google events reveal (DESIGN §2 Privacy). */
  viewerRole: CalendarViewerRole;
}

/**
 * Bookings and unavailable blocks overlapping [start, end), each booking with its assigned fieldworkers,
 * plus the fieldworkers' imported Google events and when their calendars were last pulled.
 */
export async function listCalendarRange(db: DbOrTx, query: CalendarRangeQuery) {
  const { companyId, start, end, fieldworkerIds } = query;
  if (fieldworkerIds && fieldworkerIds.length === 0) return { bookings: [], unavailable: [], google: [], lastSyncedAt: null };

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
  const bookingWhere = and(...bookingConditions);

  // A busy month is tens of thousands of rows: these two read raw rows (columns still from the schema),
  // which costs half of the query builder's per-field mapping (see README › Performance).
  const [bookingRows, assignmentRows, crew, blockRows, google, lastSyncedAt] = await Promise.all([
    db
      .execute(
        sql`select ${bookings.id} as id, ${bookings.startsAt} as starts_at, ${bookings.endsAt} as ends_at,
          ${bookings.serviceName} as service_name, ${bookings.suburb} as suburb, ${bookings.amountCents} as amount_cents,
          ${bookings.currencyCode} as currency_code, ${bookingStatuses.id} as status_id, ${bookingStatuses.name} as status_name,
          ${bookingStatuses.color} as status_color, ${customers.id} as customer_id, ${customers.name} as customer_name
        from ${bookings}
        join ${bookingStatuses} on ${bookingStatuses.id} = ${bookings.statusId}
        join ${customers} on ${customers.id} = ${bookings.customerId}
        where ${bookingWhere}
        order by ${bookings.startsAt}`,
      )
      .then((result) => resultRows<RawBookingRow>(result)),
    // Same conditions, so the assignments of exactly these bookings come back without a long id list; bare
    // id pairs (names come from the small crew list below).
    db
      .execute(
        sql`select ${bookingAssignments.bookingId} as booking_id, ${bookingAssignments.fieldworkerId} as fieldworker_id
        from ${bookingAssignments} join ${bookings} on ${bookings.id} = ${bookingAssignments.bookingId}
        where ${bookingWhere}`,
      )
      .then((result) => resultRows<{ booking_id: string; fieldworker_id: string }>(result)),
    db.select({ id: fieldworkers.id, name: fieldworkers.displayName }).from(fieldworkers).where(eq(fieldworkers.companyId, companyId)),
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
    listImportedEvents(db, query),
    lastPulledAt(db, companyId, fieldworkerIds),
  ]);

  const names = new Map(crew.map((f) => [f.id, f.name]));
  const byBooking = new Map<string, { id: string; name: string }[]>();
  for (const { booking_id: bookingId, fieldworker_id: fieldworkerId } of assignmentRows) {
    const name = names.get(fieldworkerId);
    if (name === undefined) continue;
    const list = byBooking.get(bookingId) ?? [];
    list.push({ id: fieldworkerId, name });
    byBooking.set(bookingId, list);
  }
  for (const list of byBooking.values()) if (list.length > 1) list.sort((a, b) => a.name.localeCompare(b.name));

  return {
    bookings: bookingRows.map((row) => ({
      id: row.id,
      startsAt: toDate(row.starts_at),
      endsAt: toDate(row.ends_at),
      serviceName: row.service_name,
      suburb: row.suburb,
      amountCents: Number(row.amount_cents),
      currencyCode: row.currency_code,
      status: { id: row.status_id, name: row.status_name, color: row.status_color },
      customer: { id: row.customer_id, name: row.customer_name },
      fieldworkers: byBooking.get(row.id) ?? [],
    })),
    unavailable: blockRows,
    google,
    lastSyncedAt,
  };
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

/**
 * Imported events of selected calendars, once per fieldworker the account serves, under extra conditions.
 * Only active fieldworkers of the company: a deactivated one's sync is paused and their copy is stale.
 */
function importedEventRows(db: DbOrTx, companyId: string, conditions: (SQL | undefined)[]) {
  return db
    .select({
      eventId: googleEvents.id,
      fieldworkerId: fieldworkerGoogleConnections.fieldworkerId,
      fieldworkerName: fieldworkers.displayName,
      calendarId: googleCalendars.id,
      calendarName: googleCalendars.summary,
      calendarColor: googleCalendars.backgroundColor,
      privacy: googleCalendars.privacy,
      summary: googleEvents.summary,
      location: googleEvents.location,
      htmlLink: googleEvents.htmlLink,
      startsAt: googleEvents.startsAt,
      endsAt: googleEvents.endsAt,
      allDay: googleEvents.allDay,
      busy: googleEvents.busy,
      isPrivate: googleEvents.isPrivate,
    })
    .from(googleEvents)
    .innerJoin(googleCalendars, eq(googleCalendars.id, googleEvents.calendarRowId))
    .innerJoin(fieldworkerGoogleConnections, eq(fieldworkerGoogleConnections.googleAccountId, googleCalendars.googleAccountId))
    .innerJoin(fieldworkers, eq(fieldworkers.id, fieldworkerGoogleConnections.fieldworkerId))
    .where(
      and(
        eq(fieldworkerGoogleConnections.companyId, companyId),
        eq(fieldworkers.companyId, companyId),
        eq(fieldworkers.active, true),
        eq(googleEvents.kind, "foreign"),
        eq(googleCalendars.selected, true),
        eq(googleCalendars.isCompanyCalendar, false),
        ...conditions,
      ),
    )
    .orderBy(asc(googleEvents.startsAt), asc(fieldworkers.displayName));
}

type ImportedEventRow = Awaited<ReturnType<typeof importedEventRows>>[number];

function presentImportedEvent(row: ImportedEventRow, viewerRole: CalendarViewerRole) {
  const details = viewerSeesDetails(viewerRole, row);
  return {
    /** One item per (event, fieldworker): an account may serve several fieldworkers. */
    id: `${row.eventId}:${row.fieldworkerId}`,
    eventId: row.eventId,
    fieldworkerId: row.fieldworkerId,
    fieldworkerName: row.fieldworkerName,
    calendar: { id: row.calendarId, name: row.calendarName, color: row.calendarColor },
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    allDay: row.allDay,
    busy: row.busy,
    detailsHidden: !details,
    title: details ? row.summary || "(No title)" : BUSY_TITLE,
    location: details ? row.location : null,
    htmlLink: details ? row.htmlLink : null,
  };
}

export type ImportedEvent = ReturnType<typeof presentImportedEvent>;

/** Imported Google events overlapping the range. Admins don't see calendars they chose to hide. */
export async function listImportedEvents(db: DbOrTx, query: CalendarRangeQuery): Promise<ImportedEvent[]> {
  const { companyId, start, end, fieldworkerIds, viewerRole } = query;
  if (fieldworkerIds && fieldworkerIds.length === 0) return [];
  const rows = await importedEventRows(db, companyId, [
    lt(googleEvents.startsAt, end),
    gt(googleEvents.endsAt, start),
    fieldworkerIds ? inArray(fieldworkerGoogleConnections.fieldworkerId, fieldworkerIds) : undefined,
    viewerRole === "admin" ? eq(googleCalendars.hiddenForAdmins, false) : undefined,
  ]);
  return rows.map((row) => presentImportedEvent(row, viewerRole));
}

/**
 * The double-booking guard: busy (opaque) imported events overlapping [startsAt, endsAt) of these
 * fieldworkers. A calendar an admin hides from the display still counts: the fieldworker is busy all the same.
 */
export async function findBusyOverlaps(
  db: DbOrTx,
  query: { companyId: string; fieldworkerIds: string[]; startsAt: Date; endsAt: Date; viewerRole: CalendarViewerRole },
): Promise<ImportedEvent[]> {
  if (query.fieldworkerIds.length === 0) return [];
  const rows = await importedEventRows(db, query.companyId, [
    eq(googleEvents.busy, true),
    lt(googleEvents.startsAt, query.endsAt),
    gt(googleEvents.endsAt, query.startsAt),
    inArray(fieldworkerGoogleConnections.fieldworkerId, query.fieldworkerIds),
  ]);
  return rows.map((row) => presentImportedEvent(row, query.viewerRole));
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
export async function findCompanySettings(db: DbOrTx, companyId: string) {
  const [row] = await db
    .select({
      id: companies.id,
      name: companies.name,
      timeZone: companies.timeZone,
      currencyCode: companies.currencyCode,
      currencySymbol: companies.currencySymbol,
    })
    .from(companies)
    .where(eq(companies.id, companyId))
    .limit(1);
  return row;
}

/** What the calendar's forms and filters need. A fieldworker only gets themselves, not the customer list. */
export async function loadCalendarOptions(db: DbOrTx, companyId: string, viewer: { role: "admin" | "fieldworker"; fieldworkerId: string | null }) {
  const isAdmin = viewer.role === "admin";
  const [company, fieldworkerRows, statusRows, customerRows] = await Promise.all([
    findCompanySettings(db, companyId),
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
          .select({ id: customers.id, name: customers.name, businessName: customers.businessName })
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

import { and, asc, eq, getTableColumns, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import {
  bookingAssignments,
  bookings,
  companies,
  fieldworkerGoogleConnections,
  fieldworkers,
  googleAccounts,
  googleCalendars,
  googleEvents,
  syncConflicts,
  syncLog,
} from "../../db/schema";
import type { BookingForEvent, CompanyForEvent, SyncDirection } from "../core/types";
import type { SyncLogEntry } from "../sync-log";
import { selectBookingsForEvents } from "./sync-queries";

/*
 * The reads and writes of a set-based booking push: each one statement for the whole set, whatever its size.
 * They mirror sync-queries.ts's one-booking queries (same joins, same company scoping).
 */

export type CompanyForPush = CompanyForEvent & { syncDirection: SyncDirection };

export async function loadCompanies(db: DbOrTx, companyIds: string[]): Promise<Map<string, CompanyForPush>> {
  if (companyIds.length === 0) return new Map();
  const rows = await db
    .select({
      id: companies.id,
      name: companies.name,
      timeZone: companies.timeZone,
      currencyCode: companies.currencyCode,
      currencySymbol: companies.currencySymbol,
      syncDirection: companies.syncDirection,
    })
    .from(companies)
    .where(inArray(companies.id, companyIds));
  return new Map(rows.map(({ id, ...company }) => [id, company]));
}

/** The account each of these fieldworkers is connected through (for jobs queued before jobs named their account). */
export async function accountsOfFieldworkers(db: DbOrTx, fieldworkerIds: string[]): Promise<Map<string, { accountId: string; companyId: string }>> {
  if (fieldworkerIds.length === 0) return new Map();
  const rows = await db
    .select({ fieldworkerId: fieldworkerGoogleConnections.fieldworkerId, accountId: fieldworkerGoogleConnections.googleAccountId, companyId: fieldworkerGoogleConnections.companyId })
    .from(fieldworkerGoogleConnections)
    .where(inArray(fieldworkerGoogleConnections.fieldworkerId, fieldworkerIds));
  return new Map(rows.map((r) => [r.fieldworkerId, { accountId: r.accountId, companyId: r.companyId }]));
}

export type AccountRow = typeof googleAccounts.$inferSelect;
export type CalendarRow = typeof googleCalendars.$inferSelect;

/** Live accounts with their company calendar, by account id (loadAccountPushTarget for many). */
export async function loadAccountPushTargets(db: DbOrTx, accountIds: string[]): Promise<Map<string, { account: AccountRow; calendar: CalendarRow }>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db
    .select({ account: googleAccounts, calendar: googleCalendars })
    .from(googleAccounts)
    .innerJoin(googleCalendars, and(eq(googleCalendars.googleAccountId, googleAccounts.id), eq(googleCalendars.isCompanyCalendar, true)))
    .where(and(inArray(googleAccounts.id, accountIds), eq(googleAccounts.status, "active")));
  return new Map(rows.map((r) => [r.account.id, r]));
}

/** Bookings with everything the formatter prints except the assigned names (see loadAssignments). */
export async function loadBookingsForEvents(db: DbOrTx, bookingIds: string[]): Promise<Map<string, Omit<BookingForEvent, "fieldworkerNames">>> {
  if (bookingIds.length === 0) return new Map();
  return new Map((await selectBookingsForEvents(db, inArray(bookings.id, bookingIds))).map((b) => [b.id, b]));
}

export interface Assignment {
  fieldworkerId: string;
  name: string;
  active: boolean;
  /** The Google account the fieldworker is connected through, if any. */
  accountId: string | null;
}

/** Each booking's assigned fieldworkers, by display name, with the account each is connected through. */
export async function loadAssignments(db: DbOrTx, bookingIds: string[]): Promise<Map<string, Assignment[]>> {
  const byBooking = new Map<string, Assignment[]>();
  if (bookingIds.length === 0) return byBooking;
  const rows = await db
    .select({
      bookingId: bookingAssignments.bookingId,
      fieldworkerId: fieldworkers.id,
      name: fieldworkers.displayName,
      active: fieldworkers.active,
      accountId: fieldworkerGoogleConnections.googleAccountId,
    })
    .from(bookingAssignments)
    .innerJoin(fieldworkers, eq(fieldworkers.id, bookingAssignments.fieldworkerId))
    .leftJoin(fieldworkerGoogleConnections, eq(fieldworkerGoogleConnections.fieldworkerId, fieldworkers.id))
    .where(inArray(bookingAssignments.bookingId, bookingIds))
    .orderBy(asc(fieldworkers.displayName));
  for (const { bookingId, ...assignment } of rows) byBooking.set(bookingId, [...(byBooking.get(bookingId) ?? []), assignment]);
  return byBooking;
}

export type CopyRow = typeof googleEvents.$inferSelect;

/** The booking rows (events and legacy copies) of these bookings in these company calendars, by `calendar:booking`. */
export async function loadBookingCopies(db: DbOrTx, calendarRowIds: string[], bookingIds: string[]): Promise<Map<string, CopyRow[]>> {
  const byKey = new Map<string, CopyRow[]>();
  if (calendarRowIds.length === 0 || bookingIds.length === 0) return byKey;
  const rows = await db
    .select()
    .from(googleEvents)
    .where(and(inArray(googleEvents.calendarRowId, calendarRowIds), eq(googleEvents.kind, "booking"), inArray(googleEvents.bookingId, bookingIds)));
  for (const row of rows) {
    const key = `${row.calendarRowId}:${row.bookingId}`;
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  return byKey;
}

/** Many saveWrittenCopy's in one upsert. */
export async function saveWrittenCopies(db: DbOrTx, values: (typeof googleEvents.$inferInsert)[]): Promise<void> {
  if (values.length === 0) return;
  const columns = getTableColumns(googleEvents);
  const keys = Object.keys(values[0]!) as (keyof typeof columns)[];
  const fromInsert = Object.fromEntries(keys.map((key) => [key, sql.raw(`excluded."${columns[key].name}"`)]));
  await db
    .insert(googleEvents)
    .values(values)
    .onConflictDoUpdate({
      target: [googleEvents.calendarRowId, googleEvents.googleEventId],
      set: { ...fromInsert, updatedAt: new Date() },
    });
}

/** The events are back in Google: their "deleted in Google" conflicts for these fieldworkers are moot. */
export async function supersedeDeletionConflicts(db: DbOrTx, pairs: { bookingId: string; fieldworkerId: string }[], now: Date): Promise<void> {
  if (pairs.length === 0) return;
  const list = sql.join(
    pairs.map((p) => sql`(${p.bookingId}::uuid, ${p.fieldworkerId}::uuid)`),
    sql`, `,
  );
  await db
    .update(syncConflicts)
    .set({ resolvedAt: now, resolution: "superseded" })
    .where(and(isNull(syncConflicts.resolvedAt), sql`(${syncConflicts.bookingId}, ${syncConflicts.fieldworkerId}) in (${list})`));
}

export async function writeSyncLogs(db: DbOrTx, entries: SyncLogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(syncLog).values(entries.map((entry) => ({ ...entry, message: entry.message?.slice(0, 2_000) ?? "" })));
}

/** Google refused these accounts' access tokens (401): mark them expired so the next use refreshes first. */
export async function expireAccessTokens(db: DbOrTx, accountIds: string[]): Promise<void> {
  if (accountIds.length === 0) return;
  await db.update(googleAccounts).set({ accessTokenExpiresAt: new Date() }).where(inArray(googleAccounts.id, accountIds));
}

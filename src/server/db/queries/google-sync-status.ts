import { and, asc, count, desc, eq, inArray, isNull, min, or } from "drizzle-orm";
import type { DbOrTx } from "../client";
import {
  bookings,
  customers,
  fieldworkerGoogleConnections,
  fieldworkers,
  googleAccounts,
  googleCalendars,
  googleChannels,
  syncConflicts,
  syncJobs,
  syncLog,
} from "../schema";

/** How many of these ids are fieldworkers of the company (an id of another company counts as unknown). */
export async function countFieldworkersOfCompany(db: DbOrTx, companyId: string, fieldworkerIds: string[]): Promise<number> {
  if (fieldworkerIds.length === 0) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(fieldworkers)
    .where(and(eq(fieldworkers.companyId, companyId), inArray(fieldworkers.id, fieldworkerIds)));
  return row?.n ?? 0;
}

export const SYNC_LOG_PAGE = 20;

/** The newest sync log entries of one fieldworker, newest first. */
export async function listSyncLog(db: DbOrTx, companyId: string, fieldworkerId: string, limit = SYNC_LOG_PAGE) {
  return db
    .select({ id: syncLog.id, at: syncLog.at, direction: syncLog.direction, action: syncLog.action, outcome: syncLog.outcome, message: syncLog.message })
    .from(syncLog)
    .where(and(eq(syncLog.companyId, companyId), eq(syncLog.fieldworkerId, fieldworkerId)))
    .orderBy(desc(syncLog.at))
    .limit(limit);
}

/** Bookings deleted in Google that wait for a decision, with enough of the booking to recognise it. */
export async function listOpenConflicts(db: DbOrTx, companyId: string, fieldworkerId: string) {
  return db
    .select({
      id: syncConflicts.id,
      kind: syncConflicts.kind,
      detectedAt: syncConflicts.detectedAt,
      bookingId: syncConflicts.bookingId,
      serviceName: bookings.serviceName,
      startsAt: bookings.startsAt,
      customerName: customers.name,
    })
    .from(syncConflicts)
    // The booking may be gone since (no foreign key on purpose), so the conflict still lists.
    .leftJoin(bookings, and(eq(bookings.id, syncConflicts.bookingId), eq(bookings.companyId, companyId)))
    .leftJoin(customers, eq(customers.id, bookings.customerId))
    .where(and(eq(syncConflicts.companyId, companyId), eq(syncConflicts.fieldworkerId, fieldworkerId), isNull(syncConflicts.resolvedAt)))
    .orderBy(desc(syncConflicts.detectedAt));
}

/**
 * Open conflicts of the company for the places people look: one booking's (its dialog), or all of them (the
 * admins' conflicts page), each with the fieldworker it concerns. A fieldworker filter keeps only theirs.
 */
export async function listCompanyOpenConflicts(db: DbOrTx, companyId: string, filter: { bookingId?: string; fieldworkerId?: string } = {}) {
  return db
    .select({
      id: syncConflicts.id,
      kind: syncConflicts.kind,
      detectedAt: syncConflicts.detectedAt,
      bookingId: syncConflicts.bookingId,
      fieldworkerId: syncConflicts.fieldworkerId,
      fieldworkerName: fieldworkers.displayName,
      serviceName: bookings.serviceName,
      startsAt: bookings.startsAt,
      customerName: customers.name,
    })
    .from(syncConflicts)
    .innerJoin(fieldworkers, and(eq(fieldworkers.id, syncConflicts.fieldworkerId), eq(fieldworkers.companyId, companyId)))
    .leftJoin(bookings, and(eq(bookings.id, syncConflicts.bookingId), eq(bookings.companyId, companyId)))
    .leftJoin(customers, eq(customers.id, bookings.customerId))
    .where(
      and(
        eq(syncConflicts.companyId, companyId),
        isNull(syncConflicts.resolvedAt),
        filter.bookingId ? eq(syncConflicts.bookingId, filter.bookingId) : undefined,
        filter.fieldworkerId ? eq(syncConflicts.fieldworkerId, filter.fieldworkerId) : undefined,
      ),
    )
    .orderBy(desc(syncConflicts.detectedAt), asc(fieldworkers.displayName));
}

/** How many conflicts wait for an admin's decision (the navigation's badge). */
export async function countOpenConflicts(db: DbOrTx, companyId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(syncConflicts)
    .where(and(eq(syncConflicts.companyId, companyId), isNull(syncConflicts.resolvedAt)));
  return row?.n ?? 0;
}

export async function findConflict(db: DbOrTx, companyId: string, conflictId: string) {
  const [row] = await db
    .select()
    .from(syncConflicts)
    .where(and(eq(syncConflicts.companyId, companyId), eq(syncConflicts.id, conflictId)))
    .limit(1);
  return row;
}

/**
 * First-sync progress and watch health of one connection: outbox jobs still to run for the fieldworker
 * (pushes carry the fieldworker, pulls only the account) and the earliest expiry of its live channels.
 */
export async function syncProgressOf(db: DbOrTx, companyId: string, fieldworkerId: string, googleAccountId: string) {
  const [[jobs], [channels]] = await Promise.all([
    db
      .select({ n: count() })
      .from(syncJobs)
      .where(
        and(
          eq(syncJobs.companyId, companyId),
          inArray(syncJobs.status, ["pending", "running"]),
          // Parked jobs are reported as a delay (sync-delays.ts), not as a sync in progress to poll for.
          isNull(syncJobs.parkedAt),
          // Booking pushes are the account's (shared by its fieldworkers), whoever asked for them first.
          or(eq(syncJobs.fieldworkerId, fieldworkerId), eq(syncJobs.googleAccountId, googleAccountId)),
        ),
      ),
    db
      .select({ expiresAt: min(googleChannels.expiresAt) })
      .from(googleChannels)
      .innerJoin(googleCalendars, eq(googleCalendars.id, googleChannels.calendarRowId))
      .where(and(eq(googleCalendars.googleAccountId, googleAccountId), eq(googleChannels.active, true))),
  ]);
  return { pendingJobs: jobs?.n ?? 0, channelExpiresAt: channels?.expiresAt ?? null };
}

/** "Customize display calendar" for an admin: every calendar the company's connected fieldworkers import. */
export async function listCompanySelectedCalendars(db: DbOrTx, companyId: string) {
  return db
    .select({
      id: googleCalendars.id,
      summary: googleCalendars.summary,
      backgroundColor: googleCalendars.backgroundColor,
      accessRole: googleCalendars.accessRole,
      isPrimary: googleCalendars.isPrimary,
      privacy: googleCalendars.privacy,
      hiddenForAdmins: googleCalendars.hiddenForAdmins,
      fieldworkerId: fieldworkers.id,
      fieldworkerName: fieldworkers.displayName,
      googleEmail: googleAccounts.email,
    })
    .from(fieldworkerGoogleConnections)
    .innerJoin(fieldworkers, eq(fieldworkers.id, fieldworkerGoogleConnections.fieldworkerId))
    .innerJoin(googleAccounts, eq(googleAccounts.id, fieldworkerGoogleConnections.googleAccountId))
    .innerJoin(googleCalendars, eq(googleCalendars.googleAccountId, googleAccounts.id))
    .where(
      and(
        eq(fieldworkerGoogleConnections.companyId, companyId),
        eq(fieldworkers.companyId, companyId),
        eq(fieldworkers.active, true),
        eq(googleCalendars.selected, true),
        eq(googleCalendars.isCompanyCalendar, false),
      ),
    )
    .orderBy(asc(fieldworkers.displayName), desc(googleCalendars.isPrimary), asc(googleCalendars.summary));
}

/** A calendar row of any Google account of the company, or undefined (unknown, or another company's). */
export async function findCompanyCalendar(db: DbOrTx, companyId: string, calendarRowId: string) {
  const [row] = await db
    .select({ calendar: googleCalendars })
    .from(googleCalendars)
    .innerJoin(googleAccounts, eq(googleAccounts.id, googleCalendars.googleAccountId))
    .where(and(eq(googleCalendars.id, calendarRowId), eq(googleAccounts.companyId, companyId)))
    .limit(1);
  return row?.calendar;
}

/** Calendar rows of the company among these ids (for ownership checks before an update). */
export async function findCompanyCalendars(db: DbOrTx, companyId: string, calendarRowIds: string[]) {
  if (calendarRowIds.length === 0) return [];
  const rows = await db
    .select({ calendar: googleCalendars })
    .from(googleCalendars)
    .innerJoin(googleAccounts, eq(googleAccounts.id, googleCalendars.googleAccountId))
    .where(and(inArray(googleCalendars.id, calendarRowIds), eq(googleAccounts.companyId, companyId)));
  return rows.map((r) => r.calendar);
}

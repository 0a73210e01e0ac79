import { and, eq, gte, inArray, isNull, lt, or } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { bookingAssignments, bookings, fieldworkerGoogleConnections, fieldworkers, googleAccounts } from "../db/schema";
import { loadCompany } from "../db/queries/company";
import { outbox, type SyncJob, type SyncJobOf } from "./outbox";

/**
 * What a change must send to Google: each function here runs in the caller's transaction, works out which
 * accounts and fieldworkers are concerned, and hands the jobs to the outbox.
 */

/** Fieldworkers of the list whose Google sync is live (connected, account not revoked), with their account. */
async function connectedFieldworkers(db: DbOrTx, companyId: string, fieldworkerIds: string[]): Promise<{ fieldworkerId: string; accountId: string }[]> {
  if (fieldworkerIds.length === 0) return [];
  return db
    .select({ fieldworkerId: fieldworkerGoogleConnections.fieldworkerId, accountId: fieldworkerGoogleConnections.googleAccountId })
    .from(fieldworkerGoogleConnections)
    .innerJoin(googleAccounts, eq(googleAccounts.id, fieldworkerGoogleConnections.googleAccountId))
    .innerJoin(fieldworkers, eq(fieldworkers.id, fieldworkerGoogleConnections.fieldworkerId))
    .where(
      and(
        eq(fieldworkerGoogleConnections.companyId, companyId),
        inArray(fieldworkerGoogleConnections.fieldworkerId, fieldworkerIds),
        eq(googleAccounts.status, "active"),
        eq(fieldworkers.active, true),
      ),
    );
}

async function pushesToGoogle(db: DbOrTx, companyId: string): Promise<boolean> {
  const company = await loadCompany(db, companyId);
  return company?.syncDirection !== "google_to_app";
}

/**
 * The push of one booking to one Google account's company calendar. Keyed on the account, not the
 * fieldworker: fieldworkers sharing an account share one event, so their changes coalesce into one job.
 */
export function bookingPushJob(companyId: string, bookingId: string, googleAccountId: string, fieldworkerId: string | null, deleteFromGoogle?: boolean): SyncJobOf<"push_booking"> {
  return { kind: "push_booking", companyId, bookingId, googleAccountId, fieldworkerId, ...(deleteFromGoogle === undefined ? {} : { deleteFromGoogle }) };
}

export function unavailablePushJob(companyId: string, unavailableBlockId: string, fieldworkerId: string): SyncJobOf<"push_unavailable"> {
  return { kind: "push_unavailable", companyId, unavailableBlockId, fieldworkerId };
}

export function pullJob(companyId: string, calendarRowId: string, googleAccountId: string): SyncJobOf<"pull_calendar"> {
  return { kind: "pull_calendar", companyId, calendarRowId, googleAccountId };
}

export function initialSyncJob(companyId: string, fieldworkerId: string, googleAccountId: string): SyncJobOf<"initial_sync"> {
  return { kind: "initial_sync", companyId, fieldworkerId, googleAccountId };
}

export function calendarListRefreshJob(companyId: string, googleAccountId: string): SyncJobOf<"refresh_calendar_list"> {
  return { kind: "refresh_calendar_list", companyId, googleAccountId };
}

/** One push job per booking × account among these rows (the outbox keeps the first fieldworker of each). */
function bookingPushJobs(companyId: string, rows: { bookingId: string; accountId: string; fieldworkerId: string | null }[], deleteFromGoogle?: boolean): SyncJob[] {
  return rows.map((row) => bookingPushJob(companyId, row.bookingId, row.accountId, row.fieldworkerId, deleteFromGoogle));
}

/**
 * After a booking changed (created, edited, rescheduled, status, assignments, deleted): one push job per
 * Google account of a fieldworker who had or has it. `deleteFromGoogle` travels with the job when the booking
 * is gone, because its status can't be read any more.
 */
export async function enqueueBookingPush(
  db: DbOrTx,
  input: { companyId: string; bookingId: string; fieldworkerIds: string[]; deleteFromGoogle?: boolean },
): Promise<void> {
  if (!(await pushesToGoogle(db, input.companyId))) return;
  const targets = await connectedFieldworkers(db, input.companyId, [...new Set(input.fieldworkerIds)]);
  await outbox.enqueue(db, bookingPushJobs(input.companyId, targets.map((t) => ({ ...t, bookingId: input.bookingId })), input.deleteFromGoogle));
}

/** A push of one booking's event in one account's company calendar (a Google-side change to that event). */
export async function enqueueBookingPushToAccount(db: DbOrTx, input: { companyId: string; bookingId: string; googleAccountId: string }): Promise<void> {
  if (!(await pushesToGoogle(db, input.companyId))) return;
  await outbox.enqueue(db, [bookingPushJob(input.companyId, input.bookingId, input.googleAccountId, null)]);
}

export async function enqueueUnavailablePush(
  db: DbOrTx,
  input: { companyId: string; unavailableBlockId: string; fieldworkerIds: string[] },
): Promise<void> {
  if (!(await pushesToGoogle(db, input.companyId))) return;
  const targets = await connectedFieldworkers(db, input.companyId, [...new Set(input.fieldworkerIds)]);
  await outbox.enqueue(
    db,
    targets.map(({ fieldworkerId }) => unavailablePushJob(input.companyId, input.unavailableBlockId, fieldworkerId)),
  );
}

/**
 * After a change that alters many bookings' Google copies (a status renamed or its flags switched, a
 * customer or fieldworker renamed): queue a push for each affected copy still in the sync window.
 */
export async function enqueuePushesForBookings(
  db: DbOrTx,
  companyId: string,
  filter: { statusId?: string; customerId?: string; fieldworkerId?: string },
  now: Date,
): Promise<void> {
  if (!(await pushesToGoogle(db, companyId))) return;
  const since = new Date(now.getTime() - 30 * 24 * 3_600_000);
  const rows = await db
    .select({ bookingId: bookings.id, fieldworkerId: bookingAssignments.fieldworkerId, accountId: fieldworkerGoogleConnections.googleAccountId })
    .from(bookings)
    .innerJoin(bookingAssignments, eq(bookingAssignments.bookingId, bookings.id))
    .innerJoin(fieldworkerGoogleConnections, eq(fieldworkerGoogleConnections.fieldworkerId, bookingAssignments.fieldworkerId))
    .where(
      and(
        eq(bookings.companyId, companyId),
        gte(bookings.endsAt, since),
        filter.statusId ? eq(bookings.statusId, filter.statusId) : undefined,
        filter.customerId ? eq(bookings.customerId, filter.customerId) : undefined,
        filter.fieldworkerId
          ? inArray(bookings.id, db.select({ id: bookingAssignments.bookingId }).from(bookingAssignments).where(eq(bookingAssignments.fieldworkerId, filter.fieldworkerId)))
          : undefined,
      ),
    );
  await outbox.enqueue(db, bookingPushJobs(companyId, rows));
}

/** Connected, or reactivated, or the company changed direction: watch, pull, push everything again. */
export async function enqueueInitialSyncs(db: DbOrTx, companyId: string, fieldworkerIds?: string[]): Promise<void> {
  const rows = await db
    .select({ fieldworkerId: fieldworkerGoogleConnections.fieldworkerId, accountId: fieldworkerGoogleConnections.googleAccountId })
    .from(fieldworkerGoogleConnections)
    .innerJoin(fieldworkers, eq(fieldworkers.id, fieldworkerGoogleConnections.fieldworkerId))
    .where(
      and(
        eq(fieldworkerGoogleConnections.companyId, companyId),
        eq(fieldworkers.active, true),
        fieldworkerIds ? inArray(fieldworkerGoogleConnections.fieldworkerId, fieldworkerIds) : undefined,
      ),
    );
  await outbox.enqueue(db, rows.map((r) => initialSyncJob(companyId, r.fieldworkerId, r.accountId)));
}

/** A deactivated fieldworker: stop watching their account's calendars (when nobody else active uses it). */
export async function enqueueStopSync(db: DbOrTx, companyId: string, fieldworkerId: string): Promise<void> {
  const [connection] = await db
    .select({ accountId: fieldworkerGoogleConnections.googleAccountId })
    .from(fieldworkerGoogleConnections)
    .where(and(eq(fieldworkerGoogleConnections.companyId, companyId), eq(fieldworkerGoogleConnections.fieldworkerId, fieldworkerId)));
  if (!connection) return;
  await outbox.enqueue(db, [{ kind: "stop_sync", companyId, fieldworkerId, googleAccountId: connection.accountId, calendarRowId: null }]);
}

/** "Customize display calendar": a newly ticked calendar is pulled (and watched); an unticked one stops and its imported events go. */
export async function enqueueCalendarSelectionChange(
  db: DbOrTx,
  input: { companyId: string; googleAccountId: string; calendarRowId: string; selected: boolean },
): Promise<void> {
  await outbox.enqueue(db, [
    input.selected
      ? pullJob(input.companyId, input.calendarRowId, input.googleAccountId)
      : { kind: "stop_sync", companyId: input.companyId, googleAccountId: input.googleAccountId, calendarRowId: input.calendarRowId, fieldworkerId: null },
  ]);
}

/** "Customize display calendar" re-reads the calendar list when it opens, at most this often per account. */
export const CALENDAR_LIST_MIN_REFRESH_MS = 60_000;

/**
 * Queues a re-read of the calendar lists of these accounts of the company (all of them when none are named),
 * skipping accounts read within the last minute. Returns how many were queued.
 */
export async function enqueueCalendarListRefresh(db: DbOrTx, companyId: string, googleAccountIds: string[] | null, now: Date): Promise<number> {
  if (googleAccountIds && googleAccountIds.length === 0) return 0;
  const due = await db
    .select({ id: googleAccounts.id })
    .from(googleAccounts)
    .where(
      and(
        eq(googleAccounts.companyId, companyId),
        eq(googleAccounts.status, "active"),
        googleAccountIds ? inArray(googleAccounts.id, googleAccountIds) : undefined,
        or(isNull(googleAccounts.calendarListRefreshedAt), lt(googleAccounts.calendarListRefreshedAt, new Date(now.getTime() - CALENDAR_LIST_MIN_REFRESH_MS))),
      ),
    );
  await outbox.enqueue(db, due.map((a) => calendarListRefreshJob(companyId, a.id)));
  return due.length;
}

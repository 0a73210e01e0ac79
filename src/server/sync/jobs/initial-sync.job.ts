import { and, eq, gte, or } from "drizzle-orm";
import { bookingAssignments, bookingStatuses, bookings, fieldworkerGoogleConnections, googleCalendars, googleEvents, unavailableBlocks } from "../../db/schema";
import { ensureChannel } from "../io/channels";
import { openGoogleSession } from "../io/google-session";
import { pullCalendar } from "../io/pull-calendar";
import { calendarsOfAccount, shouldPull } from "../io/sync-calendars";
import { loadCompany } from "../../db/queries/company";
import { bookingPushJob, unavailablePushJob } from "../enqueue";
import { outbox } from "../outbox";
import { writeSyncLog } from "../sync-log";
import type { JobHandler } from "./job-result";

/**
 * First sync after connecting (or reactivating): watch every synced calendar, pull first (so the
 * fieldworker's busy time is known), then queue a push of their future bookings and unavailable blocks.
 */
export const runInitialSyncJob: JobHandler<"initial_sync"> = async (db, job, now) => {
  const fieldworkerId = job.fieldworkerId;
  const [connection] = await db.select().from(fieldworkerGoogleConnections).where(eq(fieldworkerGoogleConnections.fieldworkerId, fieldworkerId));
  if (!connection) return { kind: "skipped", reason: "fieldworker not connected" };
  const company = await loadCompany(db, job.companyId);
  if (!company) return { kind: "skipped", reason: "company gone" };
  const session = await openGoogleSession(db, connection.googleAccountId);

  let imported = 0;
  const calendars = (await calendarsOfAccount(db, connection.googleAccountId)).filter((c) => shouldPull(c, company.syncDirection));
  for (const calendar of calendars) {
    await ensureChannel(db, session, calendar, now);
    const result = await pullCalendar(db, session, calendar, { companyId: job.companyId, timeZone: company.timeZone, direction: company.syncDirection, now });
    imported += result.upserted;
  }

  let queued = 0;
  if (company.syncDirection !== "google_to_app") {
    const futureBookings = await db
      .selectDistinct({ id: bookings.id })
      .from(bookings)
      .innerJoin(bookingAssignments, eq(bookingAssignments.bookingId, bookings.id))
      .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId))
      .where(and(eq(bookings.companyId, job.companyId), eq(bookingAssignments.fieldworkerId, fieldworkerId), gte(bookings.endsAt, now), eq(bookingStatuses.pushToGoogle, true)));
    const futureBlocks = await db
      .select({ id: unavailableBlocks.id })
      .from(unavailableBlocks)
      .where(and(eq(unavailableBlocks.companyId, job.companyId), eq(unavailableBlocks.fieldworkerId, fieldworkerId), gte(unavailableBlocks.endsAt, now)));
    // Copies already in Google whose booking or block changed while nothing was pushed (account revoked,
    // Google → FieldSync only, fieldworker inactive) — deleted, unassigned, status flipped: their jobs read
    // the current state and delete, mark cancelled or rewrite them. Booking events in the account's company
    // calendar are shared by the fieldworkers of the account; unavailable blocks are each fieldworker's own.
    const copies = await db
      .select({ bookingId: googleEvents.bookingId, unavailableBlockId: googleEvents.unavailableBlockId })
      .from(googleEvents)
      .innerJoin(googleCalendars, eq(googleCalendars.id, googleEvents.calendarRowId))
      .where(
        and(
          eq(googleCalendars.googleAccountId, connection.googleAccountId),
          eq(googleCalendars.isCompanyCalendar, true),
          or(eq(googleEvents.kind, "booking"), and(eq(googleEvents.kind, "unavailable"), eq(googleEvents.fieldworkerId, fieldworkerId))),
        ),
      );
    const bookingIds = new Set([...futureBookings.map((b) => b.id), ...copies.flatMap((c) => (c.bookingId ? [c.bookingId] : []))]);
    const blockIds = new Set([...futureBlocks.map((b) => b.id), ...copies.flatMap((c) => (c.unavailableBlockId ? [c.unavailableBlockId] : []))]);
    await outbox.enqueue(db, [
      ...[...bookingIds].map((bookingId) => bookingPushJob(job.companyId, bookingId, connection.googleAccountId, fieldworkerId)),
      ...[...blockIds].map((unavailableBlockId) => unavailablePushJob(job.companyId, unavailableBlockId, fieldworkerId)),
    ]);
    queued = bookingIds.size + blockIds.size;
  }
  await db.update(fieldworkerGoogleConnections).set({ lastSuccessfulSyncAt: now }).where(eq(fieldworkerGoogleConnections.fieldworkerId, fieldworkerId));
  await writeSyncLog(db, {
    companyId: job.companyId,
    fieldworkerId,
    direction: "system",
    action: "first_sync",
    outcome: "ok",
    message: `Watching ${calendars.length} calendar${calendars.length === 1 ? "" : "s"}; imported ${imported} Google events; ${queued} bookings and unavailable blocks queued for Google.`,
  });
  return { kind: "done", logged: true };
};


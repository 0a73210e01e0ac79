import type { calendar_v3 } from "@googleapis/calendar";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Company } from "../../db/queries/company";
import { syncConflicts, type googleEvents } from "../../db/schema";
import { cancelledSummary } from "../core/cancelled-summary";
import { eventContentHash } from "../core/content-hash";
import { bookingEventId } from "../core/event-ids";
import { formatBookingEvent } from "../core/format-booking-event";
import { PRIVATE_KEYS, type BookingForEvent } from "../core/types";
import type { GoogleSession } from "../io/google-session";
import { saveWrittenCopy, type CopyIdentity } from "../io/save-copy";
import { accountOfFieldworker, fieldworkersOfAccount, fieldworkersOfBookingOnAccount, findBookingCopies, loadAccountPushTarget, loadBookingForEvent } from "../io/sync-queries";
import { patchEventCopy, writeEventCopy } from "../io/write-event-copy";
import { writeUntilCurrent } from "../io/write-own-copy";
import { writeSyncLog } from "../sync-log";
import type { Db } from "../../db/client";
import type { JobHandler } from "./job-result";
import { companyPushingToGoogle, NOT_PUSHING, ownCopyPush } from "./own-copy-push";

type CopyRow = typeof googleEvents.$inferSelect;

/**
 * Brings one booking's event in one Google account's company calendar in line with FieldSync as it is now.
 * Fieldworkers who share the account share that one event: it is written while any of them holds the
 * booking with a pushed status; otherwise deleted or marked cancelled per the status's *Delete from Google
 * Calendar* flag. Copies an earlier version wrote per fieldworker (legacy ids) are replaced by the one event.
 */
export const runPushBookingJob: JobHandler<"push_booking"> = async (db, job) => {
  const bookingId = job.bookingId;
  const company = await companyPushingToGoogle(db, job.companyId);
  if (!company) return NOT_PUSHING;
  // Jobs queued before events were shared carry only the fieldworker.
  const accountId = job.googleAccountId ?? (job.fieldworkerId ? await accountOfFieldworker(db, job.companyId, job.fieldworkerId) : undefined);
  if (!accountId) return { kind: "skipped", reason: "fieldworker not connected" };
  const target = await loadAccountPushTarget(db, job.companyId, accountId);
  if (!target) return { kind: "skipped", reason: "Google account not connected or needs reconnection" };
  const push = ownCopyPush(db, company, target);

  const loaded = await loadBookingForEvent(db, job.companyId, bookingId);
  const holders = await fieldworkersOfBookingOnAccount(db, bookingId, accountId);
  const activeHolders = holders.filter((h) => h.active).map((h) => h.id);
  // Deactivation pauses sync without deleting anything: leave the event as it is.
  if (holders.length > 0 && activeHolders.length === 0) return { kind: "skipped", reason: "sync is paused for the fieldworkers of this account" };

  const eventId = bookingEventId(bookingId);
  const rows = await findBookingCopies(db, target.calendar.id, bookingId);
  const row = rows.find((r) => r.googleEventId === eventId);
  const legacy = rows.filter((r) => r !== row);
  const logTo = activeHolders.length > 0 ? activeHolders : job.fieldworkerId ? [job.fieldworkerId] : await fieldworkersOfAccount(db, accountId);
  const log = async (tx: Parameters<typeof writeSyncLog>[0], entry: { action: string; message: string; googleEventId?: string }) => {
    for (const fieldworkerId of logTo) {
      await writeSyncLog(tx, { companyId: job.companyId, fieldworkerId, bookingId, googleEventId: eventId, direction: "push", outcome: "ok", ...entry });
    }
  };

  if (loaded && loaded.booking.status.pushToGoogle && activeHolders.length > 0) {
    if (row?.deletedInGoogle || (!row && legacy.length > 0 && legacy.every((r) => r.deletedInGoogle))) {
      return { kind: "skipped", reason: "deleted in Google; waiting for a decision on the conflict" };
    }
    const format = (booking: BookingForEvent) => ({ event: formatBookingEvent(booking, company), times: booking });
    const result = await push.write({
      eventId,
      identity: { calendarRowId: target.calendar.id, kind: "booking", bookingId, fieldworkerId: null },
      row,
      desired: format(loaded.booking),
      rebuild: async () => {
        const reloaded = await loadBookingForEvent(db, job.companyId, bookingId);
        return reloaded ? format(reloaded.booking) : null;
      },
      reloadRow: async () => (await findBookingCopies(db, target.calendar.id, bookingId)).find((r) => r.googleEventId === eventId),
      andThen: async (tx, written) => {
        // The event is back in Google (unassigned and assigned again, say): a "deleted in Google" conflict is moot.
        await tx
          .update(syncConflicts)
          .set({ resolvedAt: new Date(), resolution: "superseded" })
          .where(and(eq(syncConflicts.bookingId, bookingId), inArray(syncConflicts.fieldworkerId, holders.map((h) => h.id)), isNull(syncConflicts.resolvedAt)));
        await log(tx, { action: row ? "booking_updated" : "booking_created", message: written.desired.event.summary ?? "" });
      },
    });
    if (result.kind === "gone") return { kind: "skipped", reason: "booking deleted meanwhile" };
    const removed = await push.remove(legacy);
    if (removed > 0) await log(db, { action: "duplicate_removed", message: `Removed ${removed} duplicate event${removed === 1 ? "" : "s"} of this booking from Google Calendar: fieldworkers sharing a Google account now share one event.` });
    return result.kind === "unchanged" && removed === 0 ? { kind: "skipped", reason: "unchanged" } : { kind: "done", logged: true };
  }

  if (rows.length === 0) return { kind: "skipped", reason: "nothing in Google to remove" };
  const deleteFromGoogle = loaded ? loaded.booking.status.deleteFromGoogle : job.deleteFromGoogle !== false;
  // The one event to keep marked cancelled: the booking's own, else one live legacy copy.
  const keep = deleteFromGoogle ? undefined : row ? (row.deletedInGoogle ? undefined : row) : legacy.find((r) => !r.deletedInGoogle);
  const removed = await push.remove(rows.filter((r) => r !== keep));
  if (!keep) {
    await log(db, { action: "booking_removed", message: "Deleted from Google Calendar" });
    return { kind: "done", logged: true };
  }
  if (keep.cancelledInApp) return removed > 0 ? { kind: "done" } : { kind: "skipped", reason: "already marked cancelled" };
  await markCancelled(db, await push.session(), push.calendar.googleCalendarId, keep, loaded ? { booking: loaded.booking, company } : null);
  await log(db, { action: "booking_cancelled", message: "Kept in Google Calendar, marked cancelled", googleEventId: keep.googleEventId });
  return { kind: "done", logged: true };
};

/** The status keeps the event: rewrite it as cancelled (from the booking when it still exists, else by title). */
async function markCancelled(db: Db, session: GoogleSession, calendarId: string, row: CopyRow, source: { booking: BookingForEvent; company: Company } | null): Promise<void> {
  const formatted = source ? formatBookingEvent(source.booking, source.company, { cancelled: true }) : null;
  // A legacy copy keeps its id, so it must keep naming its fieldworker to stay recognisably ours.
  const desired: calendar_v3.Schema$Event = formatted
    ? row.fieldworkerId
      ? { ...formatted, extendedProperties: { private: { ...formatted.extendedProperties?.private, [PRIVATE_KEYS.fieldworkerId]: row.fieldworkerId } } }
      : formatted
    : { summary: cancelledSummary(row.summary), transparency: "transparent" };
  const written = await writeUntilCurrent(row.etag, (etag) =>
    formatted ? writeEventCopy(session, calendarId, { ...desired, id: row.googleEventId }, etag) : patchEventCopy(session, calendarId, row.googleEventId, desired, etag),
  );
  if (written.kind !== "written") return;
  const identity: CopyIdentity = { calendarRowId: row.calendarRowId, kind: "booking", bookingId: row.bookingId ?? undefined, fieldworkerId: row.fieldworkerId };
  const pushed = { startsAt: row.pushedStartsAt ?? row.startsAt, endsAt: row.pushedEndsAt ?? row.endsAt };
  await saveWrittenCopy(db, identity, written.event, eventContentHash(desired), pushed, "UTC", { cancelledInApp: true });
}

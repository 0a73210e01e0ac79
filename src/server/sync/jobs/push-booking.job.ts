import type { calendar_v3 } from "@googleapis/calendar";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { googleEvents, syncConflicts } from "../../db/schema";
import { SyncError } from "../../google/sync-error";
import { cancelledSummary } from "../core/cancelled-summary";
import { eventContentHash } from "../core/content-hash";
import { bookingEventId } from "../core/event-ids";
import { formatBookingEvent } from "../core/format-booking-event";
import { PRIVATE_KEYS } from "../core/types";
import { openGoogleSession, type GoogleSession } from "../io/google-session";
import { saveWrittenCopy, type CopyIdentity } from "../io/save-copy";
import {
  accountOfFieldworker,
  fieldworkersOfAccount,
  fieldworkersOfBookingOnAccount,
  findBookingCopies,
  loadAccountPushTarget,
  loadBookingForEvent,
} from "../io/sync-queries";
import { loadCompany } from "../../db/queries/company";
import { deleteEventCopy, writeEventCopy } from "../io/write-event-copy";
import { writeOwnCopy } from "../io/write-own-copy";
import { writeSyncLog } from "../sync-log";
import type { JobHandler, JobOutcome } from "./job-result";

/** A stale etag can meet a newer Google edit only so many times in a row before we retry later. */
const MAX_STALE_ROUNDS = 3;

type CopyRow = typeof googleEvents.$inferSelect;

/**
 * Brings one booking's event in one Google account's company calendar in line with FieldSync as it is now.
 * Fieldworkers who share the account share that one event: it is written while any of them holds the
 * booking with a pushed status; otherwise deleted or marked cancelled per the status's *Delete from Google
 * Calendar* flag. Copies an earlier version wrote per fieldworker (legacy ids) are replaced by the one event.
 */
export const runPushBookingJob: JobHandler<"push_booking"> = async (db, job): Promise<JobOutcome> => {
  const bookingId = job.bookingId;
  const company = await loadCompany(db, job.companyId);
  if (!company || company.syncDirection === "google_to_app") return { kind: "skipped", reason: "FieldSync does not write to Google in this direction" };
  // Jobs queued before events were shared carry only the fieldworker.
  const accountId = job.googleAccountId ?? (job.fieldworkerId ? await accountOfFieldworker(db, job.companyId, job.fieldworkerId) : undefined);
  if (!accountId) return { kind: "skipped", reason: "fieldworker not connected" };
  const target = await loadAccountPushTarget(db, job.companyId, accountId);
  if (!target) return { kind: "skipped", reason: "Google account not connected or needs reconnection" };

  const loaded = await loadBookingForEvent(db, job.companyId, bookingId);
  const holders = await fieldworkersOfBookingOnAccount(db, bookingId, accountId);
  const activeHolders = holders.filter((h) => h.active).map((h) => h.id);
  // Deactivation pauses sync without deleting anything: leave the event as it is.
  if (holders.length > 0 && activeHolders.length === 0) return { kind: "skipped", reason: "sync is paused for the fieldworkers of this account" };

  const calendarId = target.calendar.googleCalendarId;
  const eventId = bookingEventId(bookingId);
  const rows = await findBookingCopies(db, target.calendar.id, bookingId);
  const row = rows.find((r) => r.googleEventId === eventId);
  const legacy = rows.filter((r) => r !== row);
  const wanted = Boolean(loaded && loaded.booking.status.pushToGoogle && activeHolders.length > 0);
  const logTo = activeHolders.length > 0 ? activeHolders : job.fieldworkerId ? [job.fieldworkerId] : await fieldworkersOfAccount(db, accountId);
  const log = async (tx: Parameters<typeof writeSyncLog>[0], entry: { action: string; message: string; googleEventId?: string }) => {
    for (const fieldworkerId of logTo) {
      await writeSyncLog(tx, { companyId: job.companyId, fieldworkerId, bookingId, googleEventId: eventId, direction: "push", outcome: "ok", ...entry });
    }
  };
  const session = () => openGoogleSession(db, accountId);

  if (wanted && loaded) {
    if (row?.deletedInGoogle || (!row && legacy.length > 0 && legacy.every((r) => r.deletedInGoogle))) {
      return { kind: "skipped", reason: "deleted in Google; waiting for a decision on the conflict" };
    }
    const googleSession = await session();
    const result = await writeOwnCopy(db, {
      session: googleSession,
      companyId: job.companyId,
      calendarId,
      eventId,
      timeZone: company.timeZone,
      direction: company.syncDirection,
      row,
      reloadRow: async () => (await findBookingCopies(db, target.calendar.id, bookingId)).find((r) => r.googleEventId === eventId),
      build: async () => {
        const reloaded = await loadBookingForEvent(db, job.companyId, bookingId);
        if (!reloaded) return null;
        return { event: formatBookingEvent(reloaded.booking, company), times: reloaded.booking };
      },
    });
    if (result.kind === "gone") return { kind: "skipped", reason: "booking deleted meanwhile" };
    if (result.kind === "written") {
      const identity: CopyIdentity = { calendarRowId: target.calendar.id, kind: "booking", bookingId, fieldworkerId: null };
      await db.transaction(async (tx) => {
        await saveWrittenCopy(tx, identity, result.event, result.hash, result.desired.times, company.timeZone, { cancelledInApp: false });
        // The event is back in Google (unassigned and assigned again, say): a "deleted in Google" conflict is moot.
        await tx
          .update(syncConflicts)
          .set({ resolvedAt: new Date(), resolution: "superseded" })
          .where(and(eq(syncConflicts.bookingId, bookingId), inArray(syncConflicts.fieldworkerId, holders.map((h) => h.id)), isNull(syncConflicts.resolvedAt)));
        await log(tx, { action: row ? "booking_updated" : "booking_created", message: result.desired.event.summary ?? "" });
      });
    }
    const removed = await removeCopies(db, googleSession, calendarId, legacy);
    if (removed > 0) await log(db, { action: "duplicate_removed", message: `Removed ${removed} duplicate event${removed === 1 ? "" : "s"} of this booking from Google Calendar: fieldworkers sharing a Google account now share one event.` });
    return result.kind === "unchanged" && removed === 0 ? { kind: "skipped", reason: "unchanged" } : { kind: "done", logged: true };
  }

  if (rows.length === 0) return { kind: "skipped", reason: "nothing in Google to remove" };
  const deleteFromGoogle = loaded ? loaded.booking.status.deleteFromGoogle : job.deleteFromGoogle !== false;
  const googleSession = await session();
  // The one event to keep marked cancelled: the booking's own, else one live legacy copy.
  const keep = deleteFromGoogle ? undefined : row ? (row.deletedInGoogle ? undefined : row) : legacy.find((r) => !r.deletedInGoogle);
  const removed = await removeCopies(db, googleSession, calendarId, rows.filter((r) => r !== keep));
  if (!keep) {
    await log(db, { action: "booking_removed", message: "Deleted from Google Calendar" });
    return { kind: "done", logged: true };
  }
  if (keep.cancelledInApp) return removed > 0 ? { kind: "done" } : { kind: "skipped", reason: "already marked cancelled" };
  await markCancelled(db, googleSession, calendarId, keep, loaded?.booking ? { booking: loaded.booking, company } : null);
  await log(db, { action: "booking_cancelled", message: "Kept in Google Calendar, marked cancelled", googleEventId: keep.googleEventId });
  return { kind: "done", logged: true };
};

/** Deletes copies from Google (already gone counts as deleted) and forgets them. */
async function removeCopies(db: Db, session: GoogleSession, calendarId: string, rows: CopyRow[]): Promise<number> {
  for (const row of rows) {
    await deleteEventCopy(session, calendarId, row.googleEventId);
    await db.delete(googleEvents).where(eq(googleEvents.id, row.id));
  }
  return rows.length;
}

/** The status keeps the event: rewrite it as cancelled (from the booking when it still exists, else by title). */
async function markCancelled(
  db: Db,
  session: GoogleSession,
  calendarId: string,
  row: CopyRow,
  source: { booking: Parameters<typeof formatBookingEvent>[0]; company: Parameters<typeof formatBookingEvent>[1] } | null,
): Promise<void> {
  const formatted = source ? formatBookingEvent(source.booking, source.company, { cancelled: true }) : null;
  // A legacy copy keeps its id, so it must keep naming its fieldworker to stay recognisably ours.
  const desired: calendar_v3.Schema$Event = formatted
    ? row.fieldworkerId
      ? { ...formatted, extendedProperties: { private: { ...formatted.extendedProperties?.private, [PRIVATE_KEYS.fieldworkerId]: row.fieldworkerId } } }
      : formatted
    : { summary: cancelledSummary(row.summary), transparency: "transparent" };
  const identity: CopyIdentity = { calendarRowId: row.calendarRowId, kind: "booking", bookingId: row.bookingId ?? undefined, fieldworkerId: row.fieldworkerId };
  let etag = row.etag;
  for (let round = 0; round < MAX_STALE_ROUNDS; round++) {
    const result = formatted
      ? await writeEventCopy(session, calendarId, { ...desired, id: row.googleEventId }, etag)
      : await patchWithEtag(session, calendarId, row.googleEventId, desired, etag);
    if (result.kind === "written") {
      const pushed = { startsAt: row.pushedStartsAt ?? row.startsAt, endsAt: row.pushedEndsAt ?? row.endsAt };
      await saveWrittenCopy(db, identity, result.event, eventContentHash(desired), pushed, "UTC", { cancelledInApp: true });
      return;
    }
    etag = result.current.etag ?? null;
  }
  throw new Error("The event kept changing in Google while FieldSync marked it cancelled; will retry");
}

async function patchWithEtag(
  session: GoogleSession,
  calendarId: string,
  eventId: string,
  patch: calendar_v3.Schema$Event,
  etag: string | null,
): ReturnType<typeof writeEventCopy> {
  try {
    const { data } = await session.call((api) =>
      api.events.patch({ calendarId, eventId, requestBody: patch }, etag ? { headers: { "If-Match": etag } } : {}),
    );
    return { kind: "written", event: data };
  } catch (error) {
    if (error instanceof SyncError && error.status === 412) {
      const { data } = await session.call((api) => api.events.get({ calendarId, eventId }));
      return { kind: "stale", current: data };
    }
    throw error;
  }
}

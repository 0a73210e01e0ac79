import type { calendar_v3 } from "@googleapis/calendar";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { googleEvents, syncConflicts } from "../../db/schema";
import { SyncError } from "../../google/sync-error";
import { cancelledSummary } from "../core/cancelled-summary";
import { eventContentHash } from "../core/content-hash";
import { bookingEventId } from "../core/event-ids";
import { formatBookingEvent } from "../core/format-booking-event";
import { openGoogleSession, type GoogleSession } from "../io/google-session";
import { saveWrittenCopy } from "../io/save-copy";
import { findCopy, loadBookingForEvent, loadCompany, loadPushTarget } from "../io/sync-queries";
import { deleteEventCopy, writeEventCopy } from "../io/write-event-copy";
import { writeOwnCopy } from "../io/write-own-copy";
import { writeSyncLog } from "../sync-log";
import type { SyncJob } from "./claim";
import type { JobOutcome } from "./job-result";

/** A stale etag can meet a newer Google edit only so many times in a row before we retry later. */
const MAX_STALE_ROUNDS = 3;

/**
 * Brings one fieldworker's Google copy of one booking in line with FieldSync as it is now: written when the
 * booking is assigned to them with a pushed status; otherwise deleted or marked cancelled per the status's
 * *Delete from Google Calendar* flag.
 */
export async function runPushBookingJob(db: Db, job: SyncJob): Promise<JobOutcome> {
  const fieldworkerId = job.fieldworkerId;
  const bookingId = job.bookingId;
  if (!fieldworkerId || !bookingId) return { kind: "skipped", reason: "malformed job" };
  const company = await loadCompany(db, job.companyId);
  if (!company || company.syncDirection === "google_to_app") return { kind: "skipped", reason: "FieldSync does not write to Google in this direction" };
  const target = await loadPushTarget(db, job.companyId, fieldworkerId);
  if (!target) return { kind: "skipped", reason: "fieldworker not connected" };

  const loaded = await loadBookingForEvent(db, job.companyId, bookingId);
  const row = await findCopy(db, target.calendar.id, { bookingId, fieldworkerId });
  const wanted = Boolean(loaded && loaded.assignedFieldworkerIds.includes(fieldworkerId) && loaded.booking.status.pushToGoogle);
  const calendarId = target.calendar.googleCalendarId;
  const identity = { calendarRowId: target.calendar.id, kind: "booking" as const, bookingId, fieldworkerId };
  const log = { companyId: job.companyId, fieldworkerId, bookingId, googleEventId: bookingEventId(bookingId, fieldworkerId), direction: "push" as const };

  if (wanted && loaded) {
    if (row?.deletedInGoogle) return { kind: "skipped", reason: "deleted in Google; waiting for a decision on the conflict" };
    let booking = loaded.booking;
    const result = await writeOwnCopy(db, {
      session: await openGoogleSession(db, target.account.id),
      companyId: job.companyId,
      calendarId,
      eventId: bookingEventId(bookingId, fieldworkerId),
      timeZone: company.timeZone,
      direction: company.syncDirection,
      row,
      reloadRow: () => findCopy(db, target.calendar.id, { bookingId, fieldworkerId }),
      build: async () => {
        const reloaded = await loadBookingForEvent(db, job.companyId, bookingId);
        if (!reloaded) return null;
        booking = reloaded.booking;
        return { event: formatBookingEvent(booking, company, { fieldworkerId }), times: booking };
      },
    });
    if (result.kind === "unchanged") return { kind: "skipped", reason: "unchanged" };
    if (result.kind === "gone") return { kind: "skipped", reason: "booking deleted meanwhile" };
    await db.transaction(async (tx) => {
      await saveWrittenCopy(tx, identity, result.event, result.hash, result.desired.times, company.timeZone, { cancelledInApp: false });
      // The copy is back in Google (unassigned and assigned again, say): a "deleted in Google" conflict is moot.
      await tx
        .update(syncConflicts)
        .set({ resolvedAt: new Date(), resolution: "superseded" })
        .where(and(eq(syncConflicts.bookingId, bookingId), eq(syncConflicts.fieldworkerId, fieldworkerId), isNull(syncConflicts.resolvedAt)));
      await writeSyncLog(tx, { ...log, action: row ? "booking_updated" : "booking_created", outcome: "ok", message: result.desired.event.summary ?? "" });
    });
    return { kind: "done", logged: true };
  }

  if (!row) return { kind: "skipped", reason: "nothing in Google to remove" };
  const deleteFromGoogle = loaded ? loaded.booking.status.deleteFromGoogle : job.payload.deleteFromGoogle !== false;
  const session = await openGoogleSession(db, target.account.id);
  if (deleteFromGoogle || row.deletedInGoogle) {
    await deleteEventCopy(session, calendarId, row.googleEventId);
    await db.transaction(async (tx) => {
      await tx.delete(googleEvents).where(eq(googleEvents.id, row.id));
      await writeSyncLog(tx, { ...log, action: "booking_removed", outcome: "ok", message: "Deleted from Google Calendar" });
    });
    return { kind: "done", logged: true };
  }
  if (row.cancelledInApp) return { kind: "skipped", reason: "already marked cancelled" };
  await markCancelled(db, session, calendarId, row, loaded?.booking ? { booking: loaded.booking, company } : null, identity);
  await writeSyncLog(db, { ...log, action: "booking_cancelled", outcome: "ok", message: "Kept in Google Calendar, marked cancelled" });
  return { kind: "done", logged: true };
}

type CopyRow = typeof googleEvents.$inferSelect;

/** The status keeps the event: rewrite it as cancelled (from the booking when it still exists, else by title). */
async function markCancelled(
  db: Db,
  session: GoogleSession,
  calendarId: string,
  row: CopyRow,
  source: { booking: Parameters<typeof formatBookingEvent>[0]; company: Parameters<typeof formatBookingEvent>[1] } | null,
  identity: Parameters<typeof saveWrittenCopy>[1],
): Promise<void> {
  const desired: calendar_v3.Schema$Event = source
    ? formatBookingEvent(source.booking, source.company, { fieldworkerId: row.fieldworkerId ?? "", cancelled: true })
    : { summary: cancelledSummary(row.summary), transparency: "transparent" };
  let etag = row.etag;
  for (let round = 0; round < MAX_STALE_ROUNDS; round++) {
    const result = source
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

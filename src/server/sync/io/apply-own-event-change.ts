import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { bookingAssignments, bookings, googleCalendars, googleEvents, syncConflicts, unavailableBlocks } from "../../db/schema";
import type { OwnEventAction, StoredOwnCopy } from "../core/own-event-change";
import { enqueueBookingPush, enqueueBookingPushToAccount, enqueueUnavailablePush } from "../enqueue";
import { writeSyncLog } from "../sync-log";
import { fieldworkersOfBookingOnAccount } from "./sync-queries";

type CopyRow = typeof googleEvents.$inferSelect;

/** The stored side of the ownership rules; the hash compared is of Google's own version after our write. */
export function storedOwnCopy(row: CopyRow): StoredOwnCopy {
  return {
    kind: row.kind === "unavailable" ? "unavailable" : "booking",
    pushedStartsAt: row.pushedStartsAt,
    pushedEndsAt: row.pushedEndsAt,
    contentHash: row.googleContentHash,
  };
}

const describeTime = (startsAt: Date, endsAt: Date) => `${startsAt.toISOString()} – ${endsAt.toISOString()}`;

async function accountOfCalendar(db: DbOrTx, calendarRowId: string): Promise<string | undefined> {
  const [row] = await db.select({ accountId: googleCalendars.googleAccountId }).from(googleCalendars).where(eq(googleCalendars.id, calendarRowId));
  return row?.accountId;
}

/** Rewrites the booking's event in the account of this copy's calendar. */
async function repushBooking(tx: DbOrTx, companyId: string, row: CopyRow, bookingId: string): Promise<void> {
  const accountId = await accountOfCalendar(tx, row.calendarRowId);
  if (accountId) await enqueueBookingPushToAccount(tx, { companyId, bookingId, googleAccountId: accountId });
}

/**
 * Who a booking's event in this calendar is for: the assigned fieldworkers connected through its account (a
 * legacy copy: its own fieldworker).
 */
async function fieldworkersOfCopy(tx: DbOrTx, row: CopyRow): Promise<string[]> {
  if (row.fieldworkerId) return [row.fieldworkerId];
  if (!row.bookingId) return [];
  const accountId = await accountOfCalendar(tx, row.calendarRowId);
  return accountId ? (await fieldworkersOfBookingOnAccount(tx, row.bookingId, accountId)).map((f) => f.id) : [];
}

/**
 * Carries out what the ownership rules decided for a Google-side change to one of our copies.
 * Each branch commits its database effects in one transaction, with its sync-log line.
 */
export async function applyOwnEventAction(db: Db, companyId: string, row: CopyRow, action: OwnEventAction, googleEtag: string | null): Promise<void> {
  const fieldworkerId = row.fieldworkerId;
  const base = { companyId, fieldworkerId, bookingId: row.bookingId, googleEventId: row.googleEventId, direction: "pull" as const };
  switch (action.action) {
    case "none":
      if (googleEtag && googleEtag !== row.etag) await db.update(googleEvents).set({ etag: googleEtag }).where(eq(googleEvents.id, row.id));
      return;

    case "accept_google_time":
      await db.transaction(async (tx) => {
        if (row.kind === "booking" && row.bookingId) {
          const updated = await tx
            .update(bookings)
            .set({ startsAt: action.startsAt, endsAt: action.endsAt })
            .where(and(eq(bookings.companyId, companyId), eq(bookings.id, row.bookingId)))
            .returning({ id: bookings.id });
          if (updated.length === 0) return;
          const assigned = await tx.select({ id: bookingAssignments.fieldworkerId }).from(bookingAssignments).where(eq(bookingAssignments.bookingId, row.bookingId));
          await tx
            .update(googleEvents)
            .set({ pushedStartsAt: action.startsAt, pushedEndsAt: action.endsAt, startsAt: action.startsAt, endsAt: action.endsAt, etag: googleEtag })
            .where(eq(googleEvents.id, row.id));
          // Every copy's description (and the other fieldworkers' copies' times) must follow.
          await enqueueBookingPush(tx, { companyId, bookingId: row.bookingId, fieldworkerIds: assigned.map((a) => a.id) });
        } else if (row.kind === "unavailable" && row.unavailableBlockId) {
          await tx
            .update(unavailableBlocks)
            .set({ startsAt: action.startsAt, endsAt: action.endsAt })
            .where(and(eq(unavailableBlocks.companyId, companyId), eq(unavailableBlocks.id, row.unavailableBlockId)));
          await tx
            .update(googleEvents)
            .set({ pushedStartsAt: action.startsAt, pushedEndsAt: action.endsAt, startsAt: action.startsAt, endsAt: action.endsAt, etag: googleEtag })
            .where(eq(googleEvents.id, row.id));
          if (fieldworkerId) await enqueueUnavailablePush(tx, { companyId, unavailableBlockId: row.unavailableBlockId, fieldworkerIds: [fieldworkerId] });
        }
        await writeSyncLog(tx, {
          ...base,
          action: row.kind === "booking" ? "booking_time_changed_in_google" : "unavailable_time_changed_in_google",
          outcome: "ok",
          message: `Moved in Google Calendar to ${describeTime(action.startsAt, action.endsAt)}; FieldSync updated to match.`,
        });
      });
      return;

    case "repush":
      await db.transaction(async (tx) => {
        await tx.update(googleEvents).set({ contentHash: null, etag: googleEtag }).where(eq(googleEvents.id, row.id));
        if (row.kind === "booking" && row.bookingId) {
          await repushBooking(tx, companyId, row, row.bookingId);
        } else if (row.unavailableBlockId && fieldworkerId) {
          await enqueueUnavailablePush(tx, { companyId, unavailableBlockId: row.unavailableBlockId, fieldworkerIds: [fieldworkerId] });
        }
        await writeSyncLog(tx, { ...base, action: "edited_in_google", outcome: "ok", message: "Changed in Google Calendar; FieldSync's version will be written back." });
      });
      return;

    case "recreate":
      await db.transaction(async (tx) => {
        await tx.update(googleEvents).set({ etag: null, contentHash: null, deletedInGoogle: false }).where(eq(googleEvents.id, row.id));
        if (row.kind === "booking" && row.bookingId) {
          await repushBooking(tx, companyId, row, row.bookingId);
        } else if (row.unavailableBlockId && fieldworkerId) {
          await enqueueUnavailablePush(tx, { companyId, unavailableBlockId: row.unavailableBlockId, fieldworkerIds: [fieldworkerId] });
        }
        await writeSyncLog(tx, { ...base, action: "deleted_in_google", outcome: "ok", message: "Deleted in Google Calendar; FieldSync → Google mode puts it back." });
      });
      return;

    case "record_conflict":
      await db.transaction(async (tx) => {
        await tx.update(googleEvents).set({ deletedInGoogle: true, etag: null }).where(eq(googleEvents.id, row.id));
        // One event serves every fieldworker of the account who holds the booking: each of them gets the conflict.
        const concerned = row.bookingId ? await fieldworkersOfCopy(tx, row) : [];
        for (const concernedId of concerned) {
          await tx.insert(syncConflicts).values({ companyId, fieldworkerId: concernedId, bookingId: row.bookingId!, kind: "deleted_in_google" }).onConflictDoNothing();
        }
        for (const concernedId of concerned.length > 0 ? concerned : [fieldworkerId]) {
          await writeSyncLog(tx, {
            ...base,
            fieldworkerId: concernedId,
            action: "deleted_in_google",
            outcome: "conflict",
            message: "The booking's event was deleted in Google Calendar (or moved to another calendar). The booking is kept: re-create the event or accept the deletion.",
          });
        }
      });
      return;

    case "delete_block":
      await db.transaction(async (tx) => {
        if (row.unavailableBlockId) {
          await tx.delete(unavailableBlocks).where(and(eq(unavailableBlocks.companyId, companyId), eq(unavailableBlocks.id, row.unavailableBlockId)));
        }
        await tx.delete(googleEvents).where(eq(googleEvents.id, row.id));
        await writeSyncLog(tx, { ...base, action: "unavailable_deleted_in_google", outcome: "ok", message: "Unavailable time deleted in Google Calendar; removed from FieldSync." });
      });
      return;

    case "forget":
      await db.delete(googleEvents).where(eq(googleEvents.id, row.id));
      return;
  }
}

import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { googleEvents, syncConflicts } from "../../db/schema";
import { enqueueBookingPushToAccount } from "../enqueue";
import { writeSyncLog } from "../sync-log";
import { accountOfFieldworker, fieldworkersOfAccount, loadAccountPushTarget } from "./sync-queries";

export type ConflictResolution = "recreate" | "accept";

/**
 * A booking's event deleted in Google (two-way): "re-create" writes it to Google again; "accept" leaves
 * Google as it is and stops pushing that booking to this fieldworker's Google account. The booking itself is
 * never touched. Fieldworkers sharing the account shared the event, so their conflicts about it settle too.
 */
export async function resolveConflict(
  db: Db,
  input: { companyId: string; conflictId: string; resolution: ConflictResolution; fieldworkerId?: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const resolved = { resolvedAt: new Date(), resolution: input.resolution };
    const [conflict] = await tx
      .update(syncConflicts)
      .set(resolved)
      .where(
        and(
          eq(syncConflicts.id, input.conflictId),
          eq(syncConflicts.companyId, input.companyId),
          isNull(syncConflicts.resolvedAt),
          input.fieldworkerId ? eq(syncConflicts.fieldworkerId, input.fieldworkerId) : undefined,
        ),
      )
      .returning();
    if (!conflict) return false;
    const accountId = await accountOfFieldworker(tx, input.companyId, conflict.fieldworkerId);
    const sharing = accountId ? await fieldworkersOfAccount(tx, accountId) : [conflict.fieldworkerId];
    const siblings = await tx
      .update(syncConflicts)
      .set(resolved)
      .where(
        and(
          eq(syncConflicts.companyId, input.companyId),
          eq(syncConflicts.bookingId, conflict.bookingId),
          eq(syncConflicts.kind, conflict.kind),
          inArray(syncConflicts.fieldworkerId, sharing),
          isNull(syncConflicts.resolvedAt),
        ),
      )
      .returning({ fieldworkerId: syncConflicts.fieldworkerId });
    if (input.resolution === "recreate" && accountId) {
      const target = await loadAccountPushTarget(tx, input.companyId, accountId);
      if (target) {
        await tx
          .update(googleEvents)
          .set({ deletedInGoogle: false, etag: null, contentHash: null })
          .where(and(eq(googleEvents.calendarRowId, target.calendar.id), eq(googleEvents.bookingId, conflict.bookingId)));
        await enqueueBookingPushToAccount(tx, { companyId: input.companyId, bookingId: conflict.bookingId, googleAccountId: accountId });
      }
    }
    for (const fieldworkerId of [conflict.fieldworkerId, ...siblings.map((s) => s.fieldworkerId)]) {
      await writeSyncLog(tx, {
        companyId: input.companyId,
        fieldworkerId,
        bookingId: conflict.bookingId,
        direction: "system",
        action: "conflict_resolved",
        outcome: "ok",
        message: input.resolution === "recreate" ? "Re-creating the event in Google Calendar." : "Accepted the deletion in Google Calendar; the booking stays in FieldSync.",
      });
    }
    return true;
  });
}

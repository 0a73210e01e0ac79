import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { googleEvents, syncConflicts } from "../../db/schema";
import { enqueueBookingPush } from "../jobs/enqueue";
import { writeSyncLog } from "../sync-log";

export type ConflictResolution = "recreate" | "accept";

/**
 * A booking's event deleted in Google (two-way): "re-create" writes it to Google again; "accept" leaves
 * Google as it is and stops pushing that booking to this fieldworker. The booking itself is never touched.
 */
export async function resolveConflict(
  db: Db,
  input: { companyId: string; conflictId: string; resolution: ConflictResolution; fieldworkerId?: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [conflict] = await tx
      .update(syncConflicts)
      .set({ resolvedAt: new Date(), resolution: input.resolution })
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
    if (input.resolution === "recreate") {
      await tx
        .update(googleEvents)
        .set({ deletedInGoogle: false, etag: null, contentHash: null })
        .where(and(eq(googleEvents.bookingId, conflict.bookingId), eq(googleEvents.fieldworkerId, conflict.fieldworkerId)));
      await enqueueBookingPush(tx, { companyId: input.companyId, bookingId: conflict.bookingId, fieldworkerIds: [conflict.fieldworkerId] });
    }
    await writeSyncLog(tx, {
      companyId: input.companyId,
      fieldworkerId: conflict.fieldworkerId,
      bookingId: conflict.bookingId,
      direction: "system",
      action: "conflict_resolved",
      outcome: "ok",
      message: input.resolution === "recreate" ? "Re-creating the event in Google Calendar." : "Accepted the deletion in Google Calendar; the booking stays in FieldSync.",
    });
    return true;
  });
}

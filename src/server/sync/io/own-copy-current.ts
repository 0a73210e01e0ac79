import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { bookingAssignments, bookingStatuses, bookings, googleEvents, unavailableBlocks } from "../../db/schema";
import type { ItemTimes } from "../core/own-event-change";

type CopyRow = typeof googleEvents.$inferSelect;

/** The FieldSync side of one copy: the item's times when it still wants its Google event, else null. */
export async function currentTimesOfCopy(db: DbOrTx, companyId: string, row: CopyRow): Promise<ItemTimes | null> {
  if (row.kind === "booking" && row.bookingId && row.fieldworkerId) {
    const [booking] = await db
      .select({ startsAt: bookings.startsAt, endsAt: bookings.endsAt, push: bookingStatuses.pushToGoogle })
      .from(bookings)
      .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId))
      .innerJoin(bookingAssignments, and(eq(bookingAssignments.bookingId, bookings.id), eq(bookingAssignments.fieldworkerId, row.fieldworkerId)))
      .where(and(eq(bookings.companyId, companyId), eq(bookings.id, row.bookingId)));
    return booking?.push && !row.cancelledInApp ? { startsAt: booking.startsAt, endsAt: booking.endsAt } : null;
  }
  if (row.kind === "unavailable" && row.unavailableBlockId) {
    const [block] = await db
      .select({ startsAt: unavailableBlocks.startsAt, endsAt: unavailableBlocks.endsAt })
      .from(unavailableBlocks)
      .where(and(eq(unavailableBlocks.companyId, companyId), eq(unavailableBlocks.id, row.unavailableBlockId)));
    return block ?? null;
  }
  return null;
}

import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { bookingAssignments, bookingStatuses, bookings, fieldworkerGoogleConnections, googleCalendars, googleEvents, unavailableBlocks } from "../../db/schema";
import { bookingEventId } from "../core/event-ids";
import type { ItemTimes } from "../core/own-event-change";

type CopyRow = typeof googleEvents.$inferSelect;

/** The FieldSync side of one copy: the item's times when it still wants its Google event, else null. */
export async function currentTimesOfCopy(db: DbOrTx, companyId: string, row: CopyRow): Promise<ItemTimes | null> {
  if (row.kind === "booking" && row.bookingId) {
    const [booking] = await db
      .select({ startsAt: bookings.startsAt, endsAt: bookings.endsAt, push: bookingStatuses.pushToGoogle })
      .from(bookings)
      .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId))
      .where(and(eq(bookings.companyId, companyId), eq(bookings.id, row.bookingId)));
    if (!booking?.push || row.cancelledInApp) return null;
    if (!(await heldThroughCalendar(db, row.bookingId, row.calendarRowId, row.fieldworkerId))) return null;
    // A legacy per-fieldworker copy is only a leftover once the booking's one event exists beside it.
    if (row.googleEventId !== bookingEventId(row.bookingId) && (await hasBookingEvent(db, row.calendarRowId, row.bookingId))) return null;
    return { startsAt: booking.startsAt, endsAt: booking.endsAt };
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

/**
 * Whether a fieldworker assigned to the booking is connected through the account this company calendar belongs
 * to (for a legacy copy: whether its own fieldworker still is).
 */
async function heldThroughCalendar(db: DbOrTx, bookingId: string, calendarRowId: string, fieldworkerId: string | null): Promise<boolean> {
  const [row] = await db
    .select({ id: bookingAssignments.fieldworkerId })
    .from(bookingAssignments)
    .innerJoin(fieldworkerGoogleConnections, eq(fieldworkerGoogleConnections.fieldworkerId, bookingAssignments.fieldworkerId))
    .innerJoin(googleCalendars, eq(googleCalendars.googleAccountId, fieldworkerGoogleConnections.googleAccountId))
    .where(
      and(
        eq(bookingAssignments.bookingId, bookingId),
        eq(googleCalendars.id, calendarRowId),
        fieldworkerId ? eq(bookingAssignments.fieldworkerId, fieldworkerId) : undefined,
      ),
    )
    .limit(1);
  return Boolean(row);
}

async function hasBookingEvent(db: DbOrTx, calendarRowId: string, bookingId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: googleEvents.id })
    .from(googleEvents)
    .where(and(eq(googleEvents.calendarRowId, calendarRowId), eq(googleEvents.googleEventId, bookingEventId(bookingId))))
    .limit(1);
  return Boolean(row);
}

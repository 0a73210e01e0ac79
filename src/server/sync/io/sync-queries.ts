import { and, asc, eq, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import {
  bookingAssignments,
  bookingStatuses,
  bookings,
  customers,
  fieldworkerGoogleConnections,
  fieldworkers,
  googleAccounts,
  googleCalendars,
  googleEvents,
  unavailableBlocks,
  users,
} from "../../db/schema";
import type { BookingForEvent, UnavailableForEvent } from "../core/types";

/** Bookings with everything the formatter prints except the assigned names, for one booking or a set. */
export async function selectBookingsForEvents(db: DbOrTx, where: SQL): Promise<Omit<BookingForEvent, "fieldworkerNames">[]> {
  const rows = await db
    .select({ booking: bookings, status: bookingStatuses, customer: customers, createdByName: users.name })
    .from(bookings)
    .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId))
    .innerJoin(customers, eq(customers.id, bookings.customerId))
    .leftJoin(users, eq(users.id, bookings.createdById))
    .where(where);
  return rows.map(({ booking: b, status, customer, createdByName }) => ({
    id: b.id,
    companyId: b.companyId,
    serviceName: b.serviceName,
    serviceDescription: b.serviceDescription,
    amountCents: b.amountCents,
    currencyCode: b.currencyCode,
    suburb: b.suburb,
    addresses: b.addresses,
    startsAt: b.startsAt,
    endsAt: b.endsAt,
    createdAt: b.createdAt,
    createdByName,
    status: { name: status.name, pushToGoogle: status.pushToGoogle, deleteFromGoogle: status.deleteFromGoogle },
    customer: {
      name: customer.name,
      businessName: customer.businessName,
      email: customer.email,
      phone: customer.phone,
      timeZone: customer.timeZone,
      properties: customer.properties,
    },
  }));
}

/** A booking with everything the formatter prints, plus who is assigned. */
export async function loadBookingForEvent(
  db: DbOrTx,
  companyId: string,
  bookingId: string,
): Promise<{ booking: BookingForEvent; assignedFieldworkerIds: string[] } | undefined> {
  const [booking] = await selectBookingsForEvents(db, and(eq(bookings.companyId, companyId), eq(bookings.id, bookingId))!);
  if (!booking) return undefined;
  const assigned = await db
    .select({ id: fieldworkers.id, name: fieldworkers.displayName })
    .from(bookingAssignments)
    .innerJoin(fieldworkers, eq(fieldworkers.id, bookingAssignments.fieldworkerId))
    .where(eq(bookingAssignments.bookingId, bookingId))
    .orderBy(asc(fieldworkers.displayName));
  return {
    assignedFieldworkerIds: assigned.map((a) => a.id),
    booking: { ...booking, fieldworkerNames: assigned.map((a) => a.name) },
  };
}

export async function loadUnavailableForEvent(db: DbOrTx, companyId: string, blockId: string): Promise<(UnavailableForEvent & { fieldworkerName: string }) | undefined> {
  const [row] = await db
    .select({ block: unavailableBlocks, fieldworkerName: fieldworkers.displayName })
    .from(unavailableBlocks)
    .innerJoin(fieldworkers, eq(fieldworkers.id, unavailableBlocks.fieldworkerId))
    .where(and(eq(unavailableBlocks.companyId, companyId), eq(unavailableBlocks.id, blockId)));
  if (!row) return undefined;
  const { block } = row;
  return {
    id: block.id,
    companyId: block.companyId,
    fieldworkerId: block.fieldworkerId,
    startsAt: block.startsAt,
    endsAt: block.endsAt,
    note: block.note,
    fieldworkerName: row.fieldworkerName,
  };
}

/** Where a fieldworker's copies go: their live account's company calendar. Undefined when sync is off for them. */
export async function loadPushTarget(db: DbOrTx, companyId: string, fieldworkerId: string) {
  const [row] = await db
    .select({ account: googleAccounts, calendar: googleCalendars, fieldworkerActive: fieldworkers.active })
    .from(fieldworkerGoogleConnections)
    .innerJoin(fieldworkers, eq(fieldworkers.id, fieldworkerGoogleConnections.fieldworkerId))
    .innerJoin(googleAccounts, eq(googleAccounts.id, fieldworkerGoogleConnections.googleAccountId))
    .innerJoin(
      googleCalendars,
      and(eq(googleCalendars.googleAccountId, googleAccounts.id), eq(googleCalendars.isCompanyCalendar, true)),
    )
    .where(and(eq(fieldworkerGoogleConnections.companyId, companyId), eq(fieldworkerGoogleConnections.fieldworkerId, fieldworkerId)));
  if (!row || !row.fieldworkerActive || row.account.status !== "active") return undefined;
  return { account: row.account, calendar: row.calendar };
}

/** An account's company calendar, where its fieldworkers' booking events go. Undefined unless the account is live. */
export async function loadAccountPushTarget(db: DbOrTx, companyId: string, googleAccountId: string) {
  const [row] = await db
    .select({ account: googleAccounts, calendar: googleCalendars })
    .from(googleAccounts)
    .innerJoin(googleCalendars, and(eq(googleCalendars.googleAccountId, googleAccounts.id), eq(googleCalendars.isCompanyCalendar, true)))
    .where(and(eq(googleAccounts.companyId, companyId), eq(googleAccounts.id, googleAccountId)));
  if (!row || row.account.status !== "active") return undefined;
  return row;
}

/** The Google account a fieldworker is connected through, if any. */
export async function accountOfFieldworker(db: DbOrTx, companyId: string, fieldworkerId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ accountId: fieldworkerGoogleConnections.googleAccountId })
    .from(fieldworkerGoogleConnections)
    .where(and(eq(fieldworkerGoogleConnections.companyId, companyId), eq(fieldworkerGoogleConnections.fieldworkerId, fieldworkerId)));
  return row?.accountId;
}

/** The fieldworkers assigned to a booking who are connected through this account: the people its event there is for. */
export async function fieldworkersOfBookingOnAccount(db: DbOrTx, bookingId: string, googleAccountId: string): Promise<{ id: string; active: boolean }[]> {
  return db
    .select({ id: fieldworkers.id, active: fieldworkers.active })
    .from(bookingAssignments)
    .innerJoin(fieldworkers, eq(fieldworkers.id, bookingAssignments.fieldworkerId))
    .innerJoin(fieldworkerGoogleConnections, eq(fieldworkerGoogleConnections.fieldworkerId, fieldworkers.id))
    .where(and(eq(bookingAssignments.bookingId, bookingId), eq(fieldworkerGoogleConnections.googleAccountId, googleAccountId)))
    .orderBy(asc(fieldworkers.displayName));
}

/** Every fieldworker connected through this account. */
export async function fieldworkersOfAccount(db: DbOrTx, googleAccountId: string): Promise<string[]> {
  const rows = await db
    .select({ id: fieldworkerGoogleConnections.fieldworkerId })
    .from(fieldworkerGoogleConnections)
    .where(eq(fieldworkerGoogleConnections.googleAccountId, googleAccountId));
  return rows.map((r) => r.id);
}

/**
 * A booking's rows in one company calendar: its event (id `bookingEventId`) and any legacy per-fieldworker
 * copies an earlier version wrote there.
 */
export async function findBookingCopies(db: DbOrTx, calendarRowId: string, bookingId: string) {
  return db
    .select()
    .from(googleEvents)
    .where(and(eq(googleEvents.calendarRowId, calendarRowId), eq(googleEvents.kind, "booking"), eq(googleEvents.bookingId, bookingId)));
}

export async function findCopy(db: DbOrTx, calendarRowId: string, match: { unavailableBlockId: string }) {
  const [row] = await db
    .select()
    .from(googleEvents)
    .where(and(eq(googleEvents.calendarRowId, calendarRowId), eq(googleEvents.unavailableBlockId, match.unavailableBlockId)));
  return row;
}

import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { bookingAssignments, bookingStatuses, bookings, customers, fieldworkers } from "../schema";

export interface BookingValues {
  customerId: string;
  statusId: string;
  serviceName: string;
  serviceDescription: string;
  amountCents: number;
  suburb: string;
  addresses: string[];
  startsAt: Date;
  endsAt: Date;
}

/** Which of `ids` are active fieldworkers of the company. */
export async function findActiveFieldworkerIds(db: DbOrTx, companyId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: fieldworkers.id })
    .from(fieldworkers)
    .where(and(eq(fieldworkers.companyId, companyId), eq(fieldworkers.active, true), inArray(fieldworkers.id, ids)));
  return new Set(rows.map((row) => row.id));
}

export async function customerExists(db: DbOrTx, companyId: string, customerId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.companyId, companyId), eq(customers.id, customerId)))
    .limit(1);
  return Boolean(row);
}

export async function statusExists(db: DbOrTx, companyId: string, statusId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: bookingStatuses.id })
    .from(bookingStatuses)
    .where(and(eq(bookingStatuses.companyId, companyId), eq(bookingStatuses.id, statusId)))
    .limit(1);
  return Boolean(row);
}

/** One booking with everything the view dialog shows, or undefined when it is not the company's. */
export async function findBookingDetail(db: DbOrTx, companyId: string, bookingId: string) {
  const [row] = await db
    .select({
      id: bookings.id,
      customerId: bookings.customerId,
      customerName: customers.name,
      customerBusinessName: customers.businessName,
      customerPhone: customers.phone,
      customerEmail: customers.email,
      statusId: bookings.statusId,
      statusName: bookingStatuses.name,
      statusColor: bookingStatuses.color,
      serviceName: bookings.serviceName,
      serviceDescription: bookings.serviceDescription,
      amountCents: bookings.amountCents,
      currencyCode: bookings.currencyCode,
      suburb: bookings.suburb,
      addresses: bookings.addresses,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      createdById: bookings.createdById,
      createdAt: bookings.createdAt,
      updatedAt: bookings.updatedAt,
    })
    .from(bookings)
    .innerJoin(customers, eq(customers.id, bookings.customerId))
    .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId))
    .where(and(eq(bookings.companyId, companyId), eq(bookings.id, bookingId)))
    .limit(1);
  if (!row) return undefined;
  const fieldworkerRows = await db
    .select({ id: fieldworkers.id, name: fieldworkers.displayName })
    .from(bookingAssignments)
    .innerJoin(fieldworkers, eq(fieldworkers.id, bookingAssignments.fieldworkerId))
    .where(and(eq(bookingAssignments.bookingId, bookingId), eq(fieldworkers.companyId, companyId)))
    .orderBy(asc(fieldworkers.displayName));
  return { ...row, fieldworkers: fieldworkerRows };
}

export type BookingDetail = NonNullable<Awaited<ReturnType<typeof findBookingDetail>>>;

export async function isAssigned(db: DbOrTx, bookingId: string, fieldworkerId: string): Promise<boolean> {
  const [row] = await db
    .select({ bookingId: bookingAssignments.bookingId })
    .from(bookingAssignments)
    .where(and(eq(bookingAssignments.bookingId, bookingId), eq(bookingAssignments.fieldworkerId, fieldworkerId)))
    .limit(1);
  return Boolean(row);
}

export async function insertBooking(
  tx: DbOrTx,
  input: BookingValues & { companyId: string; currencyCode: string; createdById: string; fieldworkerIds: string[] },
) {
  const { fieldworkerIds, ...values } = input;
  const [row] = await tx.insert(bookings).values(values).returning({ id: bookings.id });
  if (!row) throw new Error("booking insert returned nothing");
  await tx.insert(bookingAssignments).values(fieldworkerIds.map((fieldworkerId) => ({ bookingId: row.id, fieldworkerId })));
  return row;
}

/** Updates the booking and makes its assignments exactly `fieldworkerIds`. Returns the ids removed and added. */
export async function updateBooking(
  tx: DbOrTx,
  companyId: string,
  bookingId: string,
  values: BookingValues,
  fieldworkerIds: string[],
) {
  const [row] = await tx
    .update(bookings)
    .set(values)
    .where(and(eq(bookings.companyId, companyId), eq(bookings.id, bookingId)))
    .returning({ id: bookings.id });
  if (!row) return undefined;
  const current = await tx
    .select({ fieldworkerId: bookingAssignments.fieldworkerId })
    .from(bookingAssignments)
    .where(eq(bookingAssignments.bookingId, bookingId));
  const before = new Set(current.map((a) => a.fieldworkerId));
  const after = new Set(fieldworkerIds);
  const removed = [...before].filter((fwId) => !after.has(fwId));
  const added = [...after].filter((fwId) => !before.has(fwId));
  if (removed.length > 0) {
    await tx
      .delete(bookingAssignments)
      .where(and(eq(bookingAssignments.bookingId, bookingId), inArray(bookingAssignments.fieldworkerId, removed)));
  }
  if (added.length > 0) {
    await tx.insert(bookingAssignments).values(added.map((fieldworkerId) => ({ bookingId, fieldworkerId })));
  }
  return { id: row.id, removed, added };
}

export async function rescheduleBooking(tx: DbOrTx, companyId: string, bookingId: string, startsAt: Date, endsAt: Date) {
  const [row] = await tx
    .update(bookings)
    .set({ startsAt, endsAt })
    .where(and(eq(bookings.companyId, companyId), eq(bookings.id, bookingId)))
    .returning({ id: bookings.id });
  return row;
}

/**
 * Deletes the booking (assignments cascade). Returns the fieldworkers it was assigned to and its status's
 * *Delete from Google Calendar* flag (the Google clean-up job can no longer read it), or undefined.
 */
export async function deleteBooking(tx: DbOrTx, companyId: string, bookingId: string) {
  const [status] = await tx
    .select({ deleteFromGoogle: bookingStatuses.deleteFromGoogle })
    .from(bookings)
    .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId))
    .where(and(eq(bookings.companyId, companyId), eq(bookings.id, bookingId)));
  const assigned = await tx
    .select({ fieldworkerId: bookingAssignments.fieldworkerId })
    .from(bookingAssignments)
    .innerJoin(bookings, eq(bookings.id, bookingAssignments.bookingId))
    .where(and(eq(bookings.companyId, companyId), eq(bookings.id, bookingId)));
  const [row] = await tx
    .delete(bookings)
    .where(and(eq(bookings.companyId, companyId), eq(bookings.id, bookingId)))
    .returning({ id: bookings.id });
  if (!row) return undefined;
  return { id: row.id, fieldworkerIds: assigned.map((a) => a.fieldworkerId), deleteFromGoogle: status?.deleteFromGoogle ?? true };
}

export async function assignedFieldworkerIds(tx: DbOrTx, bookingId: string): Promise<string[]> {
  const rows = await tx.select({ id: bookingAssignments.fieldworkerId }).from(bookingAssignments).where(eq(bookingAssignments.bookingId, bookingId));
  return rows.map((r) => r.id);
}

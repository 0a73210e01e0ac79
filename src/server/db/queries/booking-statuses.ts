import { and, asc, count, eq, max, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { bookingStatuses, bookings } from "../schema";

export const bookingStatusColumns = {
  id: bookingStatuses.id,
  name: bookingStatuses.name,
  color: bookingStatuses.color,
  description: bookingStatuses.description,
  pushToGoogle: bookingStatuses.pushToGoogle,
  deleteFromGoogle: bookingStatuses.deleteFromGoogle,
  sortOrder: bookingStatuses.sortOrder,
};

export interface BookingStatusInput {
  name: string;
  color: string;
  description: string;
  pushToGoogle: boolean;
  deleteFromGoogle: boolean;
}

export function listBookingStatuses(db: DbOrTx, companyId: string) {
  return db
    .select(bookingStatusColumns)
    .from(bookingStatuses)
    .where(eq(bookingStatuses.companyId, companyId))
    .orderBy(asc(bookingStatuses.sortOrder), asc(sql`lower(${bookingStatuses.name})`));
}

export async function getBookingStatus(db: DbOrTx, companyId: string, id: string) {
  const [row] = await db
    .select(bookingStatusColumns)
    .from(bookingStatuses)
    .where(and(eq(bookingStatuses.companyId, companyId), eq(bookingStatuses.id, id)))
    .limit(1);
  return row;
}

/** A status of the company with this name, compared case-insensitively, ignoring `exceptId`. */
export async function findBookingStatusByName(db: DbOrTx, companyId: string, name: string, exceptId?: string) {
  const conditions = [
    eq(bookingStatuses.companyId, companyId),
    sql`lower(${bookingStatuses.name}) = ${name.toLowerCase()}`,
  ];
  if (exceptId) conditions.push(ne(bookingStatuses.id, exceptId));
  const [row] = await db
    .select({ id: bookingStatuses.id })
    .from(bookingStatuses)
    .where(and(...conditions))
    .limit(1);
  return row;
}

/** New statuses go to the end of the list. */
export async function createBookingStatus(db: DbOrTx, companyId: string, input: BookingStatusInput) {
  const [last] = await db
    .select({ sortOrder: max(bookingStatuses.sortOrder) })
    .from(bookingStatuses)
    .where(eq(bookingStatuses.companyId, companyId));
  const sortOrder = (last?.sortOrder ?? -1) + 1;
  const [row] = await db
    .insert(bookingStatuses)
    .values({ ...input, companyId, sortOrder })
    .returning(bookingStatusColumns);
  if (!row) throw new Error("booking status insert returned nothing");
  return row;
}

export async function updateBookingStatus(
  db: DbOrTx,
  companyId: string,
  id: string,
  patch: Partial<BookingStatusInput>,
) {
  const [row] = await db
    .update(bookingStatuses)
    .set(patch)
    .where(and(eq(bookingStatuses.companyId, companyId), eq(bookingStatuses.id, id)))
    .returning(bookingStatusColumns);
  return row;
}

export async function countBookingsWithStatus(db: DbOrTx, companyId: string, statusId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(bookings)
    .where(and(eq(bookings.companyId, companyId), eq(bookings.statusId, statusId)));
  return row?.n ?? 0;
}

export async function countBookingStatuses(db: DbOrTx, companyId: string) {
  const [row] = await db.select({ n: count() }).from(bookingStatuses).where(eq(bookingStatuses.companyId, companyId));
  return row?.n ?? 0;
}

export async function deleteBookingStatus(db: DbOrTx, companyId: string, id: string) {
  const rows = await db
    .delete(bookingStatuses)
    .where(and(eq(bookingStatuses.companyId, companyId), eq(bookingStatuses.id, id)))
    .returning({ id: bookingStatuses.id });
  return rows.length > 0;
}

/** Writes sort orders 0..n-1 in the given order; the caller checks the ids are exactly the company's. */
export async function setBookingStatusOrder(db: DbOrTx, companyId: string, orderedIds: string[]) {
  for (const [index, id] of orderedIds.entries()) {
    await db
      .update(bookingStatuses)
      .set({ sortOrder: index })
      .where(and(eq(bookingStatuses.companyId, companyId), eq(bookingStatuses.id, id)));
  }
}

/** True for a unique-index violation, whichever driver (postgres.js, PGlite) and wrapper (Drizzle) raised it. */
export function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    if (typeof current === "object" && "code" in current && (current as { code: unknown }).code === "23505") return true;
    current = typeof current === "object" && "cause" in current ? (current as { cause: unknown }).cause : undefined;
  }
  return false;
}

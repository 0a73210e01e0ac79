import { and, asc, eq, exists, gt, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { bookingAssignments, bookingStatuses, bookings, companies, customers, fieldworkers, unavailableBlocks } from "../schema";

export interface CalendarRangeQuery {
  companyId: string;
  start: Date;
  end: Date;
  /** Only items of these fieldworkers; undefined means every fieldworker of the company. */
  fieldworkerIds?: string[];
}

/** Bookings and unavailable blocks overlapping [start, end), each booking with its assigned fieldworkers. */
export async function listCalendarRange(db: DbOrTx, query: CalendarRangeQuery) {
  const { companyId, start, end, fieldworkerIds } = query;
  if (fieldworkerIds && fieldworkerIds.length === 0) return { bookings: [], unavailable: [] };

  const bookingConditions: SQL[] = [eq(bookings.companyId, companyId), lt(bookings.startsAt, end), gt(bookings.endsAt, start)];
  if (fieldworkerIds) {
    bookingConditions.push(
      exists(
        db
          .select({ one: bookingAssignments.bookingId })
          .from(bookingAssignments)
          .where(and(eq(bookingAssignments.bookingId, bookings.id), inArray(bookingAssignments.fieldworkerId, fieldworkerIds))),
      ),
    );
  }
  const bookingWhere = and(...bookingConditions);

  const [bookingRows, assignmentRows, blockRows] = await Promise.all([
    db
      .select({
        id: bookings.id,
        startsAt: bookings.startsAt,
        endsAt: bookings.endsAt,
        serviceName: bookings.serviceName,
        suburb: bookings.suburb,
        amountCents: bookings.amountCents,
        currencyCode: bookings.currencyCode,
        statusId: bookingStatuses.id,
        statusName: bookingStatuses.name,
        statusColor: bookingStatuses.color,
        customerId: customers.id,
        customerName: customers.name,
      })
      .from(bookings)
      .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId))
      .innerJoin(customers, eq(customers.id, bookings.customerId))
      .where(bookingWhere)
      .orderBy(asc(bookings.startsAt)),
    // Same conditions, so the assignments of exactly these bookings come back without a long id list.
    db
      .select({ bookingId: bookingAssignments.bookingId, id: fieldworkers.id, name: fieldworkers.displayName })
      .from(bookingAssignments)
      .innerJoin(bookings, eq(bookings.id, bookingAssignments.bookingId))
      .innerJoin(fieldworkers, eq(fieldworkers.id, bookingAssignments.fieldworkerId))
      .where(bookingWhere)
      .orderBy(asc(fieldworkers.displayName)),
    db
      .select({
        id: unavailableBlocks.id,
        fieldworkerId: unavailableBlocks.fieldworkerId,
        fieldworkerName: fieldworkers.displayName,
        startsAt: unavailableBlocks.startsAt,
        endsAt: unavailableBlocks.endsAt,
        note: unavailableBlocks.note,
      })
      .from(unavailableBlocks)
      .innerJoin(fieldworkers, eq(fieldworkers.id, unavailableBlocks.fieldworkerId))
      .where(
        and(
          eq(unavailableBlocks.companyId, companyId),
          lt(unavailableBlocks.startsAt, end),
          gt(unavailableBlocks.endsAt, start),
          fieldworkerIds ? inArray(unavailableBlocks.fieldworkerId, fieldworkerIds) : undefined,
        ),
      )
      .orderBy(asc(unavailableBlocks.startsAt)),
  ]);

  const byBooking = new Map<string, { id: string; name: string }[]>();
  for (const { bookingId, id, name } of assignmentRows) {
    const list = byBooking.get(bookingId) ?? [];
    list.push({ id, name });
    byBooking.set(bookingId, list);
  }

  return {
    bookings: bookingRows.map((row) => ({
      id: row.id,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      serviceName: row.serviceName,
      suburb: row.suburb,
      amountCents: row.amountCents,
      currencyCode: row.currencyCode,
      status: { id: row.statusId, name: row.statusName, color: row.statusColor },
      customer: { id: row.customerId, name: row.customerName },
      fieldworkers: byBooking.get(row.id) ?? [],
    })),
    unavailable: blockRows,
  };
}

export type CalendarRange = Awaited<ReturnType<typeof listCalendarRange>>;

export async function findCompanySettings(db: DbOrTx, companyId: string) {
  const [row] = await db
    .select({
      id: companies.id,
      name: companies.name,
      timeZone: companies.timeZone,
      currencyCode: companies.currencyCode,
      currencySymbol: companies.currencySymbol,
    })
    .from(companies)
    .where(eq(companies.id, companyId))
    .limit(1);
  return row;
}

/** What the calendar's forms and filters need. A fieldworker only gets themselves, not the customer list. */
export async function loadCalendarOptions(db: DbOrTx, companyId: string, viewer: { role: "admin" | "fieldworker"; fieldworkerId: string | null }) {
  const isAdmin = viewer.role === "admin";
  const [company, fieldworkerRows, statusRows, customerRows] = await Promise.all([
    findCompanySettings(db, companyId),
    db
      .select({ id: fieldworkers.id, name: fieldworkers.displayName, isGeneral: fieldworkers.isGeneral })
      .from(fieldworkers)
      .where(
        and(
          eq(fieldworkers.companyId, companyId),
          eq(fieldworkers.active, true),
          isAdmin ? undefined : viewer.fieldworkerId ? eq(fieldworkers.id, viewer.fieldworkerId) : sql`false`,
        ),
      )
      .orderBy(asc(fieldworkers.isGeneral), asc(fieldworkers.displayName)),
    db
      .select({ id: bookingStatuses.id, name: bookingStatuses.name, color: bookingStatuses.color })
      .from(bookingStatuses)
      .where(eq(bookingStatuses.companyId, companyId))
      .orderBy(asc(bookingStatuses.sortOrder), asc(bookingStatuses.name)),
    isAdmin
      ? db
          .select({ id: customers.id, name: customers.name, businessName: customers.businessName })
          .from(customers)
          .where(eq(customers.companyId, companyId))
          .orderBy(asc(customers.name))
      : Promise.resolve([]),
  ]);
  if (!company) throw new Error(`company ${companyId} not found`);
  return {
    timeZone: company.timeZone,
    currencyCode: company.currencyCode,
    currencySymbol: company.currencySymbol,
    fieldworkers: fieldworkerRows,
    statuses: statusRows,
    customers: customerRows,
  };
}

export type CalendarOptions = Awaited<ReturnType<typeof loadCalendarOptions>>;

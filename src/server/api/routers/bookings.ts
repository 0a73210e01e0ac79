import { TRPCError } from "@trpc/server";
import type { DbOrTx } from "../../db/client";
import {
  assignedFieldworkerIds,
  customerExists,
  deleteBooking,
  findActiveFieldworkerIds,
  findBookingDetail,
  insertBooking,
  isAssigned,
  rescheduleBooking,
  statusExists,
  updateBooking,
  type BookingValues,
} from "../../db/queries/bookings";
import { getCompanySettings } from "../../db/queries/company";
import {
  bookingCreateInput,
  bookingRescheduleInput,
  bookingUpdateInput,
  byIdInput,
  type BookingCreateInput,
} from "../schemas/booking";
import { enqueueBookingPush } from "../../sync/enqueue";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "Booking not found." });

/**
 * Checks every id the input references against the session's company. Runs inside the write transaction,
 * so a failure rolls back before anything is written.
 */
async function assertReferencesBelongToCompany(db: DbOrTx, companyId: string, input: BookingCreateInput) {
  const [customerOk, statusOk, activeFieldworkers] = await Promise.all([
    customerExists(db, companyId, input.customerId),
    statusExists(db, companyId, input.statusId),
    findActiveFieldworkerIds(db, companyId, input.fieldworkerIds),
  ]);
  if (!customerOk) throw new TRPCError({ code: "BAD_REQUEST", message: "Unknown customer" });
  if (!statusOk) throw new TRPCError({ code: "BAD_REQUEST", message: "Unknown status" });
  if (input.fieldworkerIds.some((id) => !activeFieldworkers.has(id))) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "Unknown fieldworker" });
  }
}

function bookingValues(input: BookingCreateInput): BookingValues {
  return {
    customerId: input.customerId,
    statusId: input.statusId,
    serviceName: input.serviceName,
    serviceDescription: input.serviceDescription,
    amountCents: input.amount,
    suburb: input.suburb,
    addresses: input.addresses,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
  };
}

export const bookingsRouter = createTRPCRouter({
  /** Admins read any booking of their company; a fieldworker only bookings assigned to them. */
  get: protectedProcedure.input(byIdInput).query(async ({ ctx, input }) => {
    const booking = await findBookingDetail(ctx.db, ctx.user.companyId, input.id);
    if (!booking) throw notFound();
    if (ctx.user.role !== "admin") {
      const own = ctx.user.fieldworkerId;
      if (!own || !(await isAssigned(ctx.db, booking.id, own))) throw notFound();
    }
    return booking;
  }),

  create: adminProcedure.input(bookingCreateInput).mutation(async ({ ctx, input }) => {
    const companyId = ctx.user.companyId;
    return ctx.db.transaction(async (tx) => {
      await assertReferencesBelongToCompany(tx, companyId, input);
      const company = await getCompanySettings(tx, companyId);
      if (!company) throw new TRPCError({ code: "NOT_FOUND", message: "Company not found." });
      const booking = await insertBooking(tx, {
        ...bookingValues(input),
        companyId,
        currencyCode: company.currencyCode,
        createdById: ctx.user.id,
        fieldworkerIds: input.fieldworkerIds,
      });
      await enqueueBookingPush(tx, { companyId, bookingId: booking.id, fieldworkerIds: input.fieldworkerIds });
      return booking;
    });
  }),

  update: adminProcedure.input(bookingUpdateInput).mutation(async ({ ctx, input }) => {
    const companyId = ctx.user.companyId;
    return ctx.db.transaction(async (tx) => {
      await assertReferencesBelongToCompany(tx, companyId, input);
      const result = await updateBooking(tx, companyId, input.id, bookingValues(input), input.fieldworkerIds);
      if (!result) throw notFound();
      // Removed fieldworkers' copies are deleted or marked cancelled by the same job, which sees they're unassigned.
      await enqueueBookingPush(tx, { companyId, bookingId: result.id, fieldworkerIds: [...input.fieldworkerIds, ...result.removed] });
      return { id: result.id };
    });
  }),

  /** Drag-and-drop and resize: only the times change. */
  reschedule: adminProcedure.input(bookingRescheduleInput).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction(async (tx) => {
      const row = await rescheduleBooking(tx, ctx.user.companyId, input.id, input.startsAt, input.endsAt);
      if (!row) throw notFound();
      await enqueueBookingPush(tx, { companyId: ctx.user.companyId, bookingId: row.id, fieldworkerIds: await assignedFieldworkerIds(tx, row.id) });
      return row;
    });
  }),

  delete: adminProcedure.input(byIdInput).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction(async (tx) => {
      const deleted = await deleteBooking(tx, ctx.user.companyId, input.id);
      if (!deleted) throw notFound();
      await enqueueBookingPush(tx, {
        companyId: ctx.user.companyId,
        bookingId: deleted.id,
        fieldworkerIds: deleted.fieldworkerIds,
        deleteFromGoogle: deleted.deleteFromGoogle,
      });
      return { id: deleted.id };
    });
  }),
});

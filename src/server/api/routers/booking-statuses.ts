import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { DbOrTx } from "../../db/client";
import {
  countBookingStatuses,
  countBookingsWithStatus,
  createBookingStatus,
  deleteBookingStatus,
  findBookingStatusByName,
  getBookingStatus,
  isUniqueViolation,
  listBookingStatuses,
  setBookingStatusOrder,
  updateBookingStatus,
  type BookingStatusInput,
} from "../../db/queries/booking-statuses";
import { enqueuePushesForBookings } from "../../sync/enqueue";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

export const MAX_BOOKING_STATUSES = 50;

const nameSchema = z.string().trim().min(1, "Name is required").max(60, "Name is too long (60 characters at most)");
const colorSchema = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "Colour must be a hex colour like #2563eb")
  .toLowerCase();
const descriptionSchema = z.string().trim().max(500, "Description is too long (500 characters at most)");

export const bookingStatusCreateInput = z.object({
  name: nameSchema,
  color: colorSchema,
  description: descriptionSchema.default(""),
  pushToGoogle: z.boolean().default(true),
  deleteFromGoogle: z.boolean().default(false),
});

export const bookingStatusUpdateInput = z.object({
  id: z.uuid("Unknown status"),
  name: nameSchema.optional(),
  color: colorSchema.optional(),
  description: descriptionSchema.optional(),
  pushToGoogle: z.boolean().optional(),
  deleteFromGoogle: z.boolean().optional(),
});

const DUPLICATE_NAME = "A status with this name exists";
const duplicateName = () => new TRPCError({ code: "CONFLICT", message: DUPLICATE_NAME });
const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "Status not found." });

async function assertNameFree(db: DbOrTx, companyId: string, name: string, exceptId?: string) {
  if (await findBookingStatusByName(db, companyId, name, exceptId)) throw duplicateName();
}

/** The explicit check gives the message; the unique index catches two admins saving the same name at once. */
function mapUniqueViolation(error: unknown): never {
  if (isUniqueViolation(error)) throw duplicateName();
  throw error;
}

export const bookingStatusesRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listBookingStatuses(ctx.db, ctx.user.companyId)),

  create: adminProcedure.input(bookingStatusCreateInput).mutation(({ ctx, input }) =>
    ctx.db
      .transaction(async (tx) => {
        await assertNameFree(tx, ctx.user.companyId, input.name);
        if ((await countBookingStatuses(tx, ctx.user.companyId)) >= MAX_BOOKING_STATUSES) {
          throw new TRPCError({ code: "BAD_REQUEST", message: `A company can have at most ${MAX_BOOKING_STATUSES} statuses.` });
        }
        return createBookingStatus(tx, ctx.user.companyId, input);
      })
      .catch(mapUniqueViolation),
  ),

  update: adminProcedure.input(bookingStatusUpdateInput).mutation(({ ctx, input }) => {
    const { id, ...fields } = input;
    const patch = Object.fromEntries(
      Object.entries(fields).filter(([, value]) => value !== undefined),
    ) as Partial<BookingStatusInput>;
    return ctx.db
      .transaction(async (tx) => {
        const current = await getBookingStatus(tx, ctx.user.companyId, id);
        if (!current) throw notFound();
        if (patch.name !== undefined) await assertNameFree(tx, ctx.user.companyId, patch.name, id);
        if (Object.keys(patch).length === 0) return current;
        const updated = await updateBookingStatus(tx, ctx.user.companyId, id, patch);
        if (!updated) throw notFound();
        // The name is in every event title and the flags decide push/delete: bring the copies in line.
        if (patch.name !== undefined || patch.pushToGoogle !== undefined || patch.deleteFromGoogle !== undefined) {
          await enqueuePushesForBookings(tx, ctx.user.companyId, { statusId: id }, new Date());
        }
        return updated;
      })
      .catch(mapUniqueViolation);
  }),

  /** Bookings must always have a status, so a status in use (or the last one) stays. */
  delete: adminProcedure.input(z.object({ id: z.uuid("Unknown status") })).mutation(({ ctx, input }) =>
    ctx.db.transaction(async (tx) => {
      const status = await getBookingStatus(tx, ctx.user.companyId, input.id);
      if (!status) throw notFound();
      const inUse = await countBookingsWithStatus(tx, ctx.user.companyId, input.id);
      if (inUse > 0) {
        throw new TRPCError({
          code: "CONFLICT",
          message: `"${status.name}" is used by ${inUse} booking${inUse === 1 ? "" : "s"}: change their status before deleting it.`,
        });
      }
      if ((await countBookingStatuses(tx, ctx.user.companyId)) <= 1) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "Keep at least one status." });
      }
      await deleteBookingStatus(tx, ctx.user.companyId, input.id);
      return { id: input.id };
    }),
  ),

  /** Takes the complete new order, so two admins reordering at once can't leave gaps or duplicates. */
  reorder: adminProcedure
    .input(
      z.object({
        ids: z
          .array(z.uuid("Unknown status"))
          .min(1, "The order must list every status")
          .max(MAX_BOOKING_STATUSES)
          .refine((ids) => new Set(ids).size === ids.length, "Each status must appear once"),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.db.transaction(async (tx) => {
        const current = await listBookingStatuses(tx, ctx.user.companyId);
        const known = new Set(current.map((status) => status.id));
        if (input.ids.some((id) => !known.has(id))) throw notFound();
        if (input.ids.length !== current.length) {
          throw new TRPCError({ code: "BAD_REQUEST", message: "The order must list every status exactly once." });
        }
        await setBookingStatusOrder(tx, ctx.user.companyId, input.ids);
        return listBookingStatuses(tx, ctx.user.companyId);
      }),
    ),
});

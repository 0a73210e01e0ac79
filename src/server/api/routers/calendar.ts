import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { findBusyOverlaps, listCalendarRange, loadCalendarOptions } from "../../db/queries/calendar";
import { countFieldworkersOfCompany } from "../../db/queries/google-sync-status";
import { calendarRangeInput } from "../schemas/booking";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

const busyOverlapsInput = z
  .object({
    fieldworkerIds: z.array(z.uuid("Unknown fieldworker")).min(1).max(50),
    startsAt: z.date({ message: "Start must be a date" }),
    endsAt: z.date({ message: "End must be a date" }),
  })
  .refine((value) => value.endsAt > value.startsAt, { path: ["endsAt"], message: "End must be after start" });

export const calendarRouter = createTRPCRouter({
  /**
   * Bookings, unavailable blocks and imported Google events overlapping the visible range, plus when Google
   * was last read. Admins see the whole company (optionally filtered by fieldworker); a fieldworker sees
   * only bookings assigned to them, their own blocks and their own Google events.
   * The filter is a view filter kept in the page URL (`?fw=`): an id that is no longer a fieldworker of the
   * company (a stale bookmark) matches nothing rather than failing the page, unlike `busyOverlaps`, which
   * checks named fieldworkers for a form and answers NOT_FOUND.
   * The month view passes `dayLimit`: per day, only the first items and a count of the rest (`hiddenByDay`).
   */
  range: protectedProcedure.input(calendarRangeInput).query(async ({ ctx, input }) => {
    const companyId = ctx.user.companyId;
    if (ctx.user.role === "admin") {
      return listCalendarRange(ctx.db, { ...input, companyId, viewerRole: "admin" });
    }
    const own = ctx.user.fieldworkerId;
    if (!own) throw new TRPCError({ code: "FORBIDDEN", message: "Your account has no fieldworker profile." });
    if (input.fieldworkerIds?.some((id) => id !== own)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "You can only see your own calendar." });
    }
    return listCalendarRange(ctx.db, { ...input, companyId, fieldworkerIds: [own], viewerRole: "fieldworker" });
  }),

  /** The booking form's double-booking warning: the fieldworkers' busy Google time overlapping the slot (never blocks saving). */
  busyOverlaps: adminProcedure.input(busyOverlapsInput).query(async ({ ctx, input }) => {
    const companyId = ctx.user.companyId;
    const fieldworkerIds = [...new Set(input.fieldworkerIds)];
    if ((await countFieldworkersOfCompany(ctx.db, companyId, fieldworkerIds)) !== fieldworkerIds.length) {
      throw new TRPCError({ code: "NOT_FOUND", message: "Fieldworker not found." });
    }
    return findBusyOverlaps(ctx.db, { companyId, fieldworkerIds, startsAt: input.startsAt, endsAt: input.endsAt, viewerRole: "admin" });
  }),

  /** Company time zone and currency, plus the lists the filters and forms offer. */
  options: protectedProcedure.query(({ ctx }) =>
    loadCalendarOptions(ctx.db, ctx.user.companyId, { role: ctx.user.role, fieldworkerId: ctx.user.fieldworkerId }),
  ),
});

import { TRPCError } from "@trpc/server";
import { listCalendarRange, loadCalendarOptions } from "../../db/queries/calendar";
import { calendarRangeInput } from "../schemas/booking";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const calendarRouter = createTRPCRouter({
  /**
   * Bookings and unavailable blocks overlapping the visible range. Admins see the whole company (optionally
   * filtered by fieldworker); a fieldworker sees only bookings assigned to them and their own blocks.
   */
  range: protectedProcedure.input(calendarRangeInput).query(async ({ ctx, input }) => {
    const companyId = ctx.user.companyId;
    if (ctx.user.role === "admin") {
      return listCalendarRange(ctx.db, { companyId, start: input.start, end: input.end, fieldworkerIds: input.fieldworkerIds });
    }
    const own = ctx.user.fieldworkerId;
    if (!own) throw new TRPCError({ code: "FORBIDDEN", message: "Your account has no fieldworker profile." });
    if (input.fieldworkerIds?.some((id) => id !== own)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "You can only see your own calendar." });
    }
    return listCalendarRange(ctx.db, { companyId, start: input.start, end: input.end, fieldworkerIds: [own] });
  }),

  /** Company time zone and currency, plus the lists the filters and forms offer. */
  options: protectedProcedure.query(({ ctx }) =>
    loadCalendarOptions(ctx.db, ctx.user.companyId, { role: ctx.user.role, fieldworkerId: ctx.user.fieldworkerId }),
  ),
});

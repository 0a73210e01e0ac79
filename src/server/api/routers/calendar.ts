import { TRPCError, tracked } from "@trpc/server";
import { z } from "zod";
import { findBusyOverlaps, listCalendarRange, loadCalendarOptions } from "../../db/queries/calendar";
import { readCalendarVersion } from "../../db/queries/calendar-versions";
import { countFieldworkersOfCompany } from "../../db/queries/google-sync-status";
import { calendarVersionStream } from "../../live/calendar-version-stream";
import { calendarRangeInput } from "../schemas/booking";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

const busyOverlapsInput = z
  .object({
    fieldworkerIds: z.array(z.uuid("Unknown fieldworker")).min(1).max(50),
    startsAt: z.date({ message: "Start must be a date" }),
    endsAt: z.date({ message: "End must be a date" }),
  })
  .refine((value) => value.endsAt > value.startsAt, { path: ["endsAt"], message: "End must be after start" });

/** tRPC's reconnect input: the id of the last tracked event the client received (a version, as text). */
const changesInput = z.object({ lastEventId: z.string().regex(/^\d{1,15}$/, "Unknown version").nullish() }).optional();

/** A fieldworker's range: their own items only. */
function ownCalendarOnly(own: string | null | undefined, requested: string[] | undefined): string {
  if (!own) throw new TRPCError({ code: "FORBIDDEN", message: "Your account has no fieldworker profile." });
  if (requested?.some((id) => id !== own)) throw new TRPCError({ code: "FORBIDDEN", message: "You can only see your own calendar." });
  return own;
}

export const calendarRouter = createTRPCRouter({
  /**
   * Bookings, unavailable blocks and imported Google events overlapping the visible range, plus when Google
   * was last read. Admins see the whole company (optionally filtered by fieldworker); a fieldworker sees
   * only bookings assigned to them, their own blocks and their own Google events.
   * The filter is a view filter kept in the page URL (`?fw=`): an id that is no longer a fieldworker of the
   * company (a stale bookmark) matches nothing rather than failing the page, unlike `busyOverlaps`, which
   * checks named fieldworkers for a form and answers NOT_FOUND.
   * The month view passes `dayLimit`: per day, only the first items and a count of the rest (`hiddenByDay`).
   * `version` is the company's calendar version read before the data: the data holds every change up to it,
   * and `changes` says when it is out of date.
   */
  range: protectedProcedure.input(calendarRangeInput).query(async ({ ctx, input }) => {
    const companyId = ctx.user.companyId;
    const query =
      ctx.user.role === "admin"
        ? { ...input, companyId, viewerRole: "admin" as const }
        : { ...input, companyId, fieldworkerIds: [ownCalendarOnly(ctx.user.fieldworkerId, input.fieldworkerIds)], viewerRole: "fieldworker" as const };
    const version = await readCalendarVersion(ctx.db, companyId);
    return { ...(await listCalendarRange(ctx.db, query)), version };
  }),

  /**
   * Live updates over server-sent events: the company's calendar version now (skipped when the reconnecting
   * client already has it) and each time it moves. The client refetches the ranges it shows that are older.
   * Each stream ends after `sse.maxDurationMs` (trpc.ts) and the client reconnects with its last version, so a
   * change made in between is sent at once.
   */
  changes: protectedProcedure.input(changesInput).subscription(async function* ({ ctx, input, signal }) {
    const lastVersion = input?.lastEventId ? Number(input.lastEventId) : null;
    for await (const version of calendarVersionStream(ctx.db, ctx.user.companyId, lastVersion, signal)) {
      yield tracked(String(version), { version });
    }
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

import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getConnection, getFieldworkerOfCompany, latestInvitations, listCalendarsOfAccount } from "../../db/queries/google";
import { findBookingDetail, isAssigned } from "../../db/queries/bookings";
import {
  countOpenConflicts,
  findCompanyCalendar,
  findCompanyCalendars,
  findConflict,
  listCompanyOpenConflicts,
  listCompanySelectedCalendars,
  listOpenConflicts,
  listSyncLog,
  syncProgressOf,
} from "../../db/queries/google-sync-status";
import { NO_SYNC_DELAY, redriveJobsOfFieldworker, syncDelaysOfCompany } from "../../db/queries/sync-delays";
import { googleCalendars } from "../../db/schema";
import type { DbOrTx } from "../../db/client";
import { loadCompanyGoogleSetup } from "../../google/company-credentials";
import { connectionStatus } from "../../google/invitations/connection-status";
import { disconnectFieldworker } from "../../google/connect/disconnect";
import { InvitationError, previewInvitation, sendInvitation } from "../../google/invitations/invitations";
import { resolveConflict } from "../../sync/io/conflicts";
import { enqueueCalendarListRefresh, enqueueCalendarSelectionChange } from "../../sync/enqueue";
import { writeSyncLog } from "../../sync/sync-log";
import { adminProcedure, createTRPCRouter, fieldworkerProcedure, protectedProcedure } from "../trpc";
import type { Role } from "~/lib/roles";

const fieldworkerInput = z.object({ fieldworkerId: z.uuid("Unknown fieldworker") });
const messageSchema = z.string().max(5_000, "The message is too long (5,000 characters at most)");

/** A fieldworker may act only on their own profile; an admin on any fieldworker of the company. */
function assertMayActOn(user: { role: Role; fieldworkerId: string | null }, fieldworkerId: string) {
  if (user.role !== "admin" && user.fieldworkerId !== fieldworkerId) {
    throw new TRPCError({ code: "FORBIDDEN", message: "You can only manage your own Google Calendar connection." });
  }
}

/** The fieldworker of the caller's company that a profile-level read is about; NOT_FOUND for anyone else's. */
async function requireFieldworker(db: DbOrTx, user: { companyId: string; role: Role; fieldworkerId: string | null }, fieldworkerId: string) {
  assertMayActOn(user, fieldworkerId);
  const fieldworker = await getFieldworkerOfCompany(db, user.companyId, fieldworkerId);
  if (!fieldworker) throw new TRPCError({ code: "NOT_FOUND", message: "Fieldworker not found." });
  return fieldworker;
}

const calendarChoice = z.object({
  id: z.uuid("Unknown calendar"),
  selected: z.boolean(),
  privacy: z.enum(["details", "busy"]),
});

function invitationFailure(error: unknown): never {
  if (error instanceof InvitationError) throw new TRPCError({ code: error.code, message: error.message });
  throw error;
}

export const googleSyncRouter = createTRPCRouter({
  /** Banner and profile: connection status, calendars and whether the company has set Google up. */
  status: protectedProcedure.input(fieldworkerInput).query(async ({ ctx, input }) => {
    assertMayActOn(ctx.user, input.fieldworkerId);
    const companyId = ctx.user.companyId;
    const fieldworker = await getFieldworkerOfCompany(ctx.db, companyId, input.fieldworkerId);
    if (!fieldworker) throw new TRPCError({ code: "NOT_FOUND", message: "Fieldworker not found." });
    const [connection, invitations, setup] = await Promise.all([
      getConnection(ctx.db, companyId, fieldworker.id),
      latestInvitations(ctx.db, companyId, [fieldworker.id]),
      loadCompanyGoogleSetup(ctx.db, companyId),
    ]);
    const [calendars, progress, delays] = connection
      ? await Promise.all([
          listCalendarsOfAccount(ctx.db, connection.account.id),
          syncProgressOf(ctx.db, companyId, fieldworker.id, connection.account.id),
          syncDelaysOfCompany(ctx.db, companyId, new Date()),
        ])
      : [[], { pendingJobs: 0, channelExpiresAt: null }, new Map<string, typeof NO_SYNC_DELAY>()];
    return {
      fieldworker: { id: fieldworker.id, name: fieldworker.displayName, email: fieldworker.email, active: fieldworker.active },
      googleSetUp: setup.status === "ready",
      status: connectionStatus(
        { connection: connection && { ...connection.connection, account: connection.account }, latestInvitation: invitations.get(fieldworker.id) },
        new Date(),
      ),
      lastError: connection?.connection.lastError ?? null,
      /** Held-up sync: "Sync delayed: Google unavailable since …", "waiting for Google quota", failed jobs. */
      delay: delays.get(fieldworker.id) ?? NO_SYNC_DELAY,
      /** When the one reconnect email and admin notice of the current incident went out. */
      reconnectNoticeAt: connection?.account.status === "needs_reconnection" ? connection.account.reconnectNoticeAt : null,
      /** Outbox jobs still to run (the first sync's progress) and when the earliest watch channel expires. */
      progress,
      calendars: calendars.map((c) => ({
        id: c.id,
        summary: c.summary,
        backgroundColor: c.backgroundColor,
        accessRole: c.accessRole,
        isPrimary: c.isPrimary,
        isCompanyCalendar: c.isCompanyCalendar,
        selected: c.selected,
        privacy: c.privacy,
      })),
    };
  }),

  invitationPreview: adminProcedure
    .input(fieldworkerInput.extend({ message: messageSchema.optional() }))
    .query(({ ctx, input }) =>
      previewInvitation(ctx.db, {
        companyId: ctx.user.companyId,
        fieldworkerId: input.fieldworkerId,
        senderId: ctx.user.id,
        message: input.message,
        now: new Date(),
      }).catch(invitationFailure),
    ),

  /** "Retry now": the fieldworker's parked and failed sync jobs become due at once, with fresh attempts. */
  retrySync: adminProcedure.input(fieldworkerInput).mutation(async ({ ctx, input }) => {
    const companyId = ctx.user.companyId;
    const fieldworker = await getFieldworkerOfCompany(ctx.db, companyId, input.fieldworkerId);
    if (!fieldworker) throw new TRPCError({ code: "NOT_FOUND", message: "Fieldworker not found." });
    const connection = await getConnection(ctx.db, companyId, fieldworker.id);
    if (!connection) throw new TRPCError({ code: "PRECONDITION_FAILED", message: `${fieldworker.displayName} has not connected Google Calendar.` });
    const now = new Date();
    const requeued = await redriveJobsOfFieldworker(ctx.db, companyId, fieldworker.id, connection.account.id, now);
    await writeSyncLog(ctx.db, {
      companyId,
      fieldworkerId: fieldworker.id,
      direction: "system",
      action: "retry_now",
      outcome: "ok",
      message: `${ctx.user.name ?? "An admin"} asked to retry now: ${requeued} waiting job${requeued === 1 ? "" : "s"} queued again.`,
    });
    // The tRPC route runs due jobs right after every mutation's response: the re-driven jobs go out then.
    return { requeued };
  }),

  sendInvitation: adminProcedure
    .input(fieldworkerInput.extend({ message: messageSchema.optional() }))
    .mutation(async ({ ctx, input }) => {
      const result = await sendInvitation(ctx.db, {
        companyId: ctx.user.companyId,
        fieldworkerId: input.fieldworkerId,
        senderId: ctx.user.id,
        message: input.message,
        now: new Date(),
      }).catch(invitationFailure);
      if (!result.ok) throw new TRPCError({ code: result.invitationId ? "BAD_GATEWAY" : "PRECONDITION_FAILED", message: result.error });
      return { invitationId: result.invitationId };
    }),

  disconnect: protectedProcedure.input(fieldworkerInput).mutation(async ({ ctx, input }) => {
    assertMayActOn(ctx.user, input.fieldworkerId);
    const fieldworker = await getFieldworkerOfCompany(ctx.db, ctx.user.companyId, input.fieldworkerId);
    if (!fieldworker) throw new TRPCError({ code: "NOT_FOUND", message: "Fieldworker not found." });
    const result = await disconnectFieldworker(ctx.db, ctx.user.companyId, fieldworker.id);
    if (!result.disconnected) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "This fieldworker is not connected to Google Calendar." });
    return result;
  }),

  /** "Customize display calendar" for a fieldworker: their Google calendars other than the company calendar. */
  myCalendars: fieldworkerProcedure.query(async ({ ctx }) => {
    const connection = await getConnection(ctx.db, ctx.user.companyId, ctx.fieldworkerId);
    if (!connection) return { connected: false as const, email: null, calendars: [] };
    const calendars = await listCalendarsOfAccount(ctx.db, connection.account.id);
    return {
      connected: true as const,
      email: connection.account.email,
      /** When the list was last read from Google (the dialog waits for a newer one after asking for a refresh). */
      listRefreshedAt: connection.account.calendarListRefreshedAt,
      calendars: calendars
        .filter((c) => !c.isCompanyCalendar)
        .map((c) => ({
          id: c.id,
          summary: c.summary,
          backgroundColor: c.backgroundColor,
          accessRole: c.accessRole,
          isPrimary: c.isPrimary,
          selected: c.selected,
          privacy: c.privacy,
        })),
    };
  }),

  /**
   * "Customize display calendar" opened: re-read the calendar list from Google (a fieldworker's own account,
   * an admin's every account of the company), at most once a minute per account, so calendars created or
   * deleted in Google since show up within seconds. Queues the work; the request's after-hook runs it.
   */
  refreshCalendarList: protectedProcedure.mutation(async ({ ctx }) => {
    const companyId = ctx.user.companyId;
    if (ctx.user.role === "admin") return { queued: await enqueueCalendarListRefresh(ctx.db, companyId, null, new Date()) };
    const connection = ctx.user.fieldworkerId ? await getConnection(ctx.db, companyId, ctx.user.fieldworkerId) : undefined;
    if (!connection) return { queued: 0 };
    return { queued: await enqueueCalendarListRefresh(ctx.db, companyId, [connection.account.id], new Date()) };
  }),

  /**
   * Saves which calendars are imported and what admins see of each. Only calendars of the caller's own
   * Google account; a change of selection queues the pull (and watch) or the stop in the same transaction.
   */
  updateCalendars: fieldworkerProcedure
    .input(z.object({ calendars: z.array(calendarChoice).min(1).max(200) }))
    .mutation(async ({ ctx, input }) => {
      const companyId = ctx.user.companyId;
      const ids = [...new Set(input.calendars.map((c) => c.id))];
      const [rows, connection] = await Promise.all([findCompanyCalendars(ctx.db, companyId, ids), getConnection(ctx.db, companyId, ctx.fieldworkerId)]);
      if (rows.length !== ids.length) throw new TRPCError({ code: "NOT_FOUND", message: "Calendar not found." });
      if (!connection || rows.some((row) => row.googleAccountId !== connection.account.id)) {
        throw new TRPCError({ code: "FORBIDDEN", message: "You can only change your own calendars." });
      }
      if (rows.some((row) => row.isCompanyCalendar)) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "The company calendar is where FieldSync writes; it is always synced." });
      }
      const byId = new Map(rows.map((row) => [row.id, row]));
      let selectionChanges = 0;
      await ctx.db.transaction(async (tx) => {
        for (const choice of input.calendars) {
          const row = byId.get(choice.id)!;
          if (row.selected === choice.selected && row.privacy === choice.privacy) continue;
          await tx.update(googleCalendars).set({ selected: choice.selected, privacy: choice.privacy }).where(eq(googleCalendars.id, row.id));
          if (row.selected !== choice.selected) {
            selectionChanges += 1;
            await enqueueCalendarSelectionChange(tx, { companyId, googleAccountId: row.googleAccountId, calendarRowId: row.id, selected: choice.selected });
          }
          // Seen once per calendar, so a repeated id in the input cannot queue twice.
          byId.set(row.id, { ...row, selected: choice.selected, privacy: choice.privacy });
        }
      });
      return { selectionChanges };
    }),

  /** "Customize display calendar" for an admin: every calendar the company's fieldworkers import, by fieldworker. */
  companyCalendars: adminProcedure.query(async ({ ctx }) => {
    const rows = await listCompanySelectedCalendars(ctx.db, ctx.user.companyId);
    const groups = new Map<string, { fieldworkerId: string; fieldworkerName: string; googleEmail: string; calendars: typeof rows }>();
    for (const row of rows) {
      const group = groups.get(row.fieldworkerId) ?? { fieldworkerId: row.fieldworkerId, fieldworkerName: row.fieldworkerName, googleEmail: row.googleEmail, calendars: [] };
      group.calendars.push(row);
      groups.set(row.fieldworkerId, group);
    }
    return [...groups.values()].map((group) => ({
      ...group,
      calendars: group.calendars.map((c) => ({
        id: c.id,
        summary: c.summary,
        backgroundColor: c.backgroundColor,
        accessRole: c.accessRole,
        isPrimary: c.isPrimary,
        privacy: c.privacy,
        display: !c.hiddenForAdmins,
      })),
    }));
  }),

  /** An admin shows or hides one imported calendar on the FieldSync calendar (import goes on either way). */
  setCalendarDisplay: adminProcedure
    .input(z.object({ id: z.uuid("Unknown calendar"), display: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const calendar = await findCompanyCalendar(ctx.db, ctx.user.companyId, input.id);
      if (!calendar) throw new TRPCError({ code: "NOT_FOUND", message: "Calendar not found." });
      await ctx.db.update(googleCalendars).set({ hiddenForAdmins: !input.display }).where(eq(googleCalendars.id, calendar.id));
      return { id: calendar.id, display: input.display };
    }),

  /** The profile's sync log: the newest entries (time, direction, what, outcome). */
  syncLog: protectedProcedure.input(fieldworkerInput).query(async ({ ctx, input }) => {
    const fieldworker = await requireFieldworker(ctx.db, ctx.user, input.fieldworkerId);
    return listSyncLog(ctx.db, ctx.user.companyId, fieldworker.id);
  }),

  /** Bookings deleted in Google that wait for "re-create in Google" or "accept". */
  conflicts: protectedProcedure.input(fieldworkerInput).query(async ({ ctx, input }) => {
    const fieldworker = await requireFieldworker(ctx.db, ctx.user, input.fieldworkerId);
    return listOpenConflicts(ctx.db, ctx.user.companyId, fieldworker.id);
  }),

  /**
   * The booking dialog's conflicts: its Google event was deleted in Google (one per fieldworker concerned).
   * Admins see all of them; a fieldworker only theirs, and only on a booking assigned to them.
   */
  bookingConflicts: protectedProcedure.input(z.object({ bookingId: z.uuid("Unknown booking") })).query(async ({ ctx, input }) => {
    const companyId = ctx.user.companyId;
    const booking = await findBookingDetail(ctx.db, companyId, input.bookingId);
    if (!booking) throw new TRPCError({ code: "NOT_FOUND", message: "Booking not found." });
    if (ctx.user.role === "admin") return listCompanyOpenConflicts(ctx.db, companyId, { bookingId: booking.id });
    const own = ctx.user.fieldworkerId;
    if (!own || !(await isAssigned(ctx.db, booking.id, own))) throw new TRPCError({ code: "NOT_FOUND", message: "Booking not found." });
    return listCompanyOpenConflicts(ctx.db, companyId, { bookingId: booking.id, fieldworkerId: own });
  }),

  /** Every open conflict of the company, for the admins' conflicts page. */
  companyConflicts: adminProcedure.query(({ ctx }) => listCompanyOpenConflicts(ctx.db, ctx.user.companyId)),

  /** The navigation's count of conflicts waiting for an admin. */
  openConflictCount: adminProcedure.query(async ({ ctx }) => ({ count: await countOpenConflicts(ctx.db, ctx.user.companyId) })),

  resolveConflict: protectedProcedure
    .input(z.object({ conflictId: z.uuid("Unknown conflict"), resolution: z.enum(["recreate", "accept"]) }))
    .mutation(async ({ ctx, input }) => {
      const companyId = ctx.user.companyId;
      const conflict = await findConflict(ctx.db, companyId, input.conflictId);
      if (!conflict) throw new TRPCError({ code: "NOT_FOUND", message: "Conflict not found." });
      assertMayActOn(ctx.user, conflict.fieldworkerId);
      const resolved = await resolveConflict(ctx.db, {
        companyId,
        conflictId: conflict.id,
        resolution: input.resolution,
        fieldworkerId: ctx.user.role === "admin" ? undefined : conflict.fieldworkerId,
      });
      if (!resolved) throw new TRPCError({ code: "CONFLICT", message: "This conflict was already resolved." });
      return { resolved };
    }),
});

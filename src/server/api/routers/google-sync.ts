import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { getConnection, getFieldworkerOfCompany, latestInvitations, listCalendarsOfAccount } from "../../db/queries/google";
import { loadCompanyGoogleSetup } from "../../google/company-credentials";
import { connectionStatus } from "../../google/connect/connection-status";
import { disconnectFieldworker } from "../../google/connect/disconnect";
import { InvitationError, previewInvitation, sendInvitation } from "../../google/connect/invitations";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

const fieldworkerInput = z.object({ fieldworkerId: z.uuid("Unknown fieldworker") });
const messageSchema = z.string().max(5_000, "The message is too long (5,000 characters at most)");

/** A fieldworker may act only on their own profile; an admin on any fieldworker of the company. */
function assertMayActOn(user: { role: "admin" | "fieldworker"; fieldworkerId: string | null }, fieldworkerId: string) {
  if (user.role !== "admin" && user.fieldworkerId !== fieldworkerId) {
    throw new TRPCError({ code: "FORBIDDEN", message: "You can only manage your own Google Calendar connection." });
  }
}

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
    const calendars = connection ? await listCalendarsOfAccount(ctx.db, connection.account.id) : [];
    return {
      fieldworker: { id: fieldworker.id, name: fieldworker.displayName, email: fieldworker.email, active: fieldworker.active },
      googleSetUp: setup.status === "ready",
      status: connectionStatus(
        { connection: connection && { ...connection.connection, account: connection.account }, latestInvitation: invitations.get(fieldworker.id) },
        new Date(),
      ),
      lastError: connection?.connection.lastError ?? null,
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
});

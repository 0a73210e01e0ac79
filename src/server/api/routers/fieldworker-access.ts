import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { giveLoginAccess, LoginAccessError, revokeLoginAccess } from "../../auth/fieldworker-login";
import { adminProcedure, createTRPCRouter } from "../trpc";

const idInput = z.object({ fieldworkerId: z.uuid("Unknown fieldworker") });

function accessFailure(error: unknown): never {
  if (error instanceof LoginAccessError) throw new TRPCError({ code: error.code, message: error.message });
  throw error;
}

/** Fieldworker logins: the admin gives access (an emailed set-password invitation) or revokes it. */
export const fieldworkerAccessRouter = createTRPCRouter({
  give: adminProcedure.input(idInput).mutation(({ ctx, input }) =>
    giveLoginAccess(ctx.db, { companyId: ctx.user.companyId, fieldworkerId: input.fieldworkerId, senderId: ctx.user.id, now: new Date() }).catch(
      accessFailure,
    ),
  ),

  revoke: adminProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => revokeLoginAccess(ctx.db, { companyId: ctx.user.companyId, fieldworkerId: input.fieldworkerId }).catch(accessFailure)),
});

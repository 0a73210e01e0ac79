import { TRPCError } from "@trpc/server";
import type { DbOrTx } from "../../db/client";
import {
  deleteUnavailableBlock,
  findCompanyFieldworker,
  findUnavailableBlock,
  insertUnavailableBlock,
  updateUnavailableBlock,
} from "../../db/queries/unavailable";
import { byIdInput, unavailableCreateInput, unavailableUpdateInput } from "../schemas/booking";
import { enqueueUnavailablePush } from "../../sync/enqueue";
import { createTRPCRouter, protectedProcedure } from "../trpc";
import type { Role } from "~/lib/roles";

const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "Unavailable block not found." });

interface Viewer {
  role: Role;
  companyId: string;
  fieldworkerId: string | null;
}

/**
 * Whose block this write is for. A fieldworker always writes their own (naming someone else is refused);
 * an admin names any active fieldworker of the company.
 */
async function resolveFieldworker(db: DbOrTx, viewer: Viewer, requested: string | undefined): Promise<string> {
  if (viewer.role !== "admin") {
    if (!viewer.fieldworkerId) throw new TRPCError({ code: "FORBIDDEN", message: "Your account has no fieldworker profile." });
    if (requested && requested !== viewer.fieldworkerId) {
      throw new TRPCError({ code: "FORBIDDEN", message: "You can only manage your own unavailable time." });
    }
    return viewer.fieldworkerId;
  }
  if (!requested) throw new TRPCError({ code: "BAD_REQUEST", message: "Choose a fieldworker" });
  const fieldworker = await findCompanyFieldworker(db, viewer.companyId, requested);
  if (!fieldworker?.active) throw new TRPCError({ code: "BAD_REQUEST", message: "Unknown fieldworker" });
  return fieldworker.id;
}

/** The block, when it exists in the company and the viewer may change it (fieldworkers: only their own). */
async function loadWritableBlock(db: DbOrTx, viewer: Viewer, blockId: string) {
  const block = await findUnavailableBlock(db, viewer.companyId, blockId);
  if (!block) throw notFound();
  if (viewer.role !== "admin" && block.fieldworkerId !== viewer.fieldworkerId) throw notFound();
  return block;
}

export const unavailableRouter = createTRPCRouter({
  get: protectedProcedure.input(byIdInput).query(({ ctx, input }) => loadWritableBlock(ctx.db, ctx.user, input.id)),

  create: protectedProcedure.input(unavailableCreateInput).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction(async (tx) => {
      const fieldworkerId = await resolveFieldworker(tx, ctx.user, input.fieldworkerId);
      const row = await insertUnavailableBlock(tx, ctx.user.companyId, {
        fieldworkerId,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        note: input.note,
      });
      await enqueueUnavailablePush(tx, { companyId: ctx.user.companyId, unavailableBlockId: row.id, fieldworkerIds: [fieldworkerId] });
      return row;
    });
  }),

  update: protectedProcedure.input(unavailableUpdateInput).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction(async (tx) => {
      const block = await loadWritableBlock(tx, ctx.user, input.id);
      const fieldworkerId =
        input.fieldworkerId === undefined || input.fieldworkerId === block.fieldworkerId
          ? block.fieldworkerId
          : await resolveFieldworker(tx, ctx.user, input.fieldworkerId);
      const row = await updateUnavailableBlock(tx, ctx.user.companyId, block.id, {
        fieldworkerId,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        note: input.note,
      });
      if (!row) throw notFound();
      // A block moved to another fieldworker: the old one's copy goes, the new one's is written.
      await enqueueUnavailablePush(tx, { companyId: ctx.user.companyId, unavailableBlockId: row.id, fieldworkerIds: [fieldworkerId, block.fieldworkerId] });
      return row;
    });
  }),

  delete: protectedProcedure.input(byIdInput).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction(async (tx) => {
      const block = await loadWritableBlock(tx, ctx.user, input.id);
      const row = await deleteUnavailableBlock(tx, ctx.user.companyId, block.id);
      if (!row) throw notFound();
      await enqueueUnavailablePush(tx, { companyId: ctx.user.companyId, unavailableBlockId: row.id, fieldworkerIds: [block.fieldworkerId] });
      return { id: row.id };
    });
  }),
});

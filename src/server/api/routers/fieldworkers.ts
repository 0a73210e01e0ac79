import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { DbOrTx } from "../../db/client";
import {
  createFieldworker,
  findFieldworkerByEmail,
  getFieldworker,
  listFieldworkers,
  updateFieldworker,
  type FieldworkerInput,
} from "../../db/queries/fieldworkers";
import { bumpSessionVersion } from "../../db/queries/users";
import { loginStatesOf } from "../../db/queries/fieldworker-logins";
import { enqueueInitialSyncs, enqueuePushesForBookings, enqueueStopSync } from "../../sync/enqueue";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

const idInput = z.object({ id: z.uuid("Unknown fieldworker") });

const emailSchema = z
  .string()
  .trim()
  .min(1, "Email is required: FieldSync sends their login invitation and Google Calendar invitation there")
  .max(254, "Email is too long")
  .pipe(z.email("Enter a valid email address"));

const phoneSchema = z
  .string()
  .trim()
  .max(40, "Phone is too long (40 characters at most)")
  .regex(/^[0-9+()\-.\s]*$/, "Phone may contain only digits, spaces and + ( ) - .")
  .nullish()
  .transform((phone) => (phone ? phone : null));

const displayNameSchema = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(100, "Name is too long (100 characters at most)");

export const fieldworkerCreateInput = z.object({
  displayName: displayNameSchema,
  email: emailSchema,
  phone: phoneSchema,
  active: z.boolean().default(true),
});

export const fieldworkerUpdateInput = z.object({
  id: z.uuid("Unknown fieldworker"),
  displayName: displayNameSchema.optional(),
  email: emailSchema.optional(),
  phone: phoneSchema.optional(),
  active: z.boolean().optional(),
});

const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "Fieldworker not found." });

async function assertEmailFree(db: DbOrTx, companyId: string, email: string, exceptId?: string) {
  if (await findFieldworkerByEmail(db, companyId, email, exceptId)) {
    throw new TRPCError({ code: "CONFLICT", message: "A fieldworker with this email exists." });
  }
}

/** Shared by update and setActive: the business calendar must stay active, it is where unassigned work lands. */
async function applyUpdate(db: DbOrTx, companyId: string, id: string, patch: Partial<FieldworkerInput>) {
  return db.transaction(async (tx) => {
    const current = await getFieldworker(tx, companyId, id);
    if (!current) throw notFound();
    if (current.isGeneral && patch.active === false) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "The business calendar can't be deactivated." });
    }
    if (patch.email !== undefined) await assertEmailFree(tx, companyId, patch.email, id);
    const updated = await updateFieldworker(tx, companyId, id, patch);
    if (!updated) throw notFound();
    // Deactivation pauses Google sync (deleting nothing); reactivation syncs again from scratch.
    if (current.active && patch.active === false) await enqueueStopSync(tx, companyId, id);
    // Deactivation also ends the fieldworker's sessions (reactivating must not revive them).
    if (current.active && patch.active === false && current.userId) await bumpSessionVersion(tx, current.userId);
    if (!current.active && patch.active === true) await enqueueInitialSyncs(tx, companyId, [id]);
    if (patch.displayName !== undefined && patch.displayName !== current.displayName) {
      await enqueuePushesForBookings(tx, companyId, { fieldworkerId: id }, new Date());
    }
    return updated;
  });
}

export const fieldworkersRouter = createTRPCRouter({
  /** Admins see the whole crew; a fieldworker sees only their own profile. */
  list: protectedProcedure.query(async ({ ctx }) => {
    const companyId = ctx.user.companyId;
    if (ctx.user.role !== "admin" && !ctx.user.fieldworkerId) return [];
    const rows = await listFieldworkers(ctx.db, companyId, ctx.user.role === "admin" ? {} : { onlyId: ctx.user.fieldworkerId ?? undefined });
    const logins = await loginStatesOf(ctx.db, companyId, rows.map((row) => row.id));
    return rows.map((row) => ({ ...row, loginState: logins.get(row.id) ?? "none" }));
  }),

  get: protectedProcedure.input(idInput).query(async ({ ctx, input }) => {
    if (ctx.user.role !== "admin" && input.id !== ctx.user.fieldworkerId) {
      throw new TRPCError({ code: "FORBIDDEN", message: "You can only see your own profile." });
    }
    const fieldworker = await getFieldworker(ctx.db, ctx.user.companyId, input.id);
    if (!fieldworker) throw notFound();
    const logins = await loginStatesOf(ctx.db, ctx.user.companyId, [fieldworker.id]);
    return { ...fieldworker, loginState: logins.get(fieldworker.id) ?? "none" };
  }),

  create: adminProcedure.input(fieldworkerCreateInput).mutation(({ ctx, input }) =>
    ctx.db.transaction(async (tx) => {
      await assertEmailFree(tx, ctx.user.companyId, input.email);
      return createFieldworker(tx, ctx.user.companyId, input);
    }),
  ),

  update: adminProcedure.input(fieldworkerUpdateInput).mutation(({ ctx, input }) => {
    const { id, ...patch } = input;
    const defined = Object.fromEntries(
      Object.entries(patch).filter(([, value]) => value !== undefined),
    ) as Partial<FieldworkerInput>;
    return applyUpdate(ctx.db, ctx.user.companyId, id, defined);
  }),

  setActive: adminProcedure
    .input(z.object({ id: z.uuid("Unknown fieldworker"), active: z.boolean() }))
    .mutation(({ ctx, input }) => applyUpdate(ctx.db, ctx.user.companyId, input.id, { active: input.active })),
});

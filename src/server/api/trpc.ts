/**
 * tRPC setup: the context every procedure gets (database + session), the init (superjson, zod errors
 * flattened so forms can show them field by field), and the procedures by role.
 *
 * Company scoping: procedures read the company id from `ctx.user.companyId`, which comes from the
 * session — never from client input.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import type { Session } from "next-auth";
import superjson from "superjson";
import { ZodError, z } from "zod";
import type { Db } from "../db";

export interface TrpcContext {
  db: Db;
  session: Session | null;
  headers: Headers;
}

export const createTRPCContext = async (opts: TrpcContext): Promise<TrpcContext> => opts;

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

export const publicProcedure = t.procedure;

export const protectedProcedure = t.procedure.use(({ ctx, next }) => {
  const user = ctx.session?.user;
  if (!user?.id || !user.companyId) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  return next({ ctx: { ...ctx, user } });
});

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Only admins can do this." });
  return next({ ctx });
});

export const fieldworkerProcedure = protectedProcedure.use(({ ctx, next }) => {
  const fieldworkerId = ctx.user.fieldworkerId;
  if (ctx.user.role !== "fieldworker" || !fieldworkerId) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Only fieldworkers can do this." });
  }
  return next({ ctx: { ...ctx, fieldworkerId } });
});

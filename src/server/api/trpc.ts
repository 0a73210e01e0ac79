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
import { timeProcedure } from "./timing";

export interface TrpcContext {
  db: Db;
  session: Session | null;
  headers: Headers;
}

export const createTRPCContext = async (opts: TrpcContext): Promise<TrpcContext> => opts;

/**
 * Subscriptions stream over server-sent events (the calendar's live updates). A Vercel function ends at its
 * `maxDuration` (60 s on the tRPC route, which every plan allows): each stream ends itself before that and the
 * client reconnects at once with its last event id. The pings keep proxies from closing a quiet stream, and a
 * client that hears nothing (not even a ping) for a while assumes the connection died and reconnects.
 */
export const SSE_MAX_DURATION_MS = 50_000;
const SSE_PING_INTERVAL_MS = 15_000;
const SSE_CLIENT_RECONNECT_AFTER_INACTIVITY_MS = 40_000;

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  sse: {
    maxDurationMs: SSE_MAX_DURATION_MS,
    ping: { enabled: true, intervalMs: SSE_PING_INTERVAL_MS },
    client: { reconnectAfterInactivityMs: SSE_CLIENT_RECONNECT_AFTER_INACTIVITY_MS },
  },
  errorFormatter({ shape, error }) {
    // An unexpected failure's message and stack can carry SQL and its parameters: the client gets a plain
    // sentence, the server log (the route's onError) keeps the details.
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    const { stack, ...data } = shape.data;
    return {
      ...shape,
      message: internal ? "Something went wrong on our side. Please try again." : shape.message,
      data: {
        ...data,
        ...(internal ? {} : { stack }),
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

const MAX_INPUT_DEPTH = 32;
const MIN_YEAR = 1;
const MAX_YEAR = 9_999;

/**
 * Why a raw input can't be stored, whatever the procedure's schema says: Postgres text refuses NUL characters,
 * and a timestamp outside years 1–9999 doesn't survive the ISO string drizzle sends (nor Google's RFC 3339).
 * Both would otherwise fail deep inside a query as a 500.
 */
function unstorableInput(value: unknown, depth = 0): string | null {
  if (depth > MAX_INPUT_DEPTH) return "The input is nested too deeply.";
  if (typeof value === "string") return value.includes("\u0000") ? "Text can't contain NUL characters." : null;
  if (value instanceof Date) {
    const year = value.getUTCFullYear();
    return Number.isNaN(year) || (year >= MIN_YEAR && year <= MAX_YEAR) ? null : `Dates must fall between the years ${MIN_YEAR} and ${MAX_YEAR}.`;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = unstorableInput(item, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const problem = unstorableInput(key, depth + 1) ?? unstorableInput(item, depth + 1);
      if (problem) return problem;
    }
  }
  return null;
}

/** Every call is timed and logged with its request, company and user ids (./timing.ts). */
const timedProcedure = t.procedure.use(({ ctx, path, type, next }) =>
  timeProcedure({ path, type, headers: ctx.headers, user: ctx.session?.user }, () => next()),
);

/** Every procedure refuses unstorable input with a 400 before its own validation runs. */
const storableInputProcedure = timedProcedure.use(async ({ getRawInput, next }) => {
  const problem = unstorableInput(await getRawInput());
  if (problem) throw new TRPCError({ code: "BAD_REQUEST", message: problem });
  return next();
});

export const publicProcedure = storableInputProcedure;

export const protectedProcedure = storableInputProcedure.use(({ ctx, next }) => {
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

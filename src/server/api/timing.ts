import { logger, withLogContext } from "../observability/logger";
import { requestIdOf } from "../observability/request-log";

export interface ProcedureCall {
  path: string;
  type: string;
  headers: Headers;
  user?: { id?: string; companyId?: string } | null;
}

/** Slower than this, a procedure is logged as a warning. */
export const SLOW_PROCEDURE_MS = 1_000;

/**
 * The tRPC timing middleware's body: runs the procedure with the request, company and user ids in the
 * log context and writes one line with its path, type, outcome and duration. Inputs are never logged.
 */
export async function timeProcedure<R extends { ok: boolean; error?: { code: string } }>(call: ProcedureCall, run: () => Promise<R>): Promise<R> {
  const started = performance.now();
  const ids = { requestId: requestIdOf(call.headers), companyId: call.user?.companyId, userId: call.user?.id };
  return withLogContext(ids, async () => {
    const result = await run();
    const durationMs = Math.round(performance.now() - started);
    const line = { procedure: call.path, type: call.type, ok: result.ok, ...(result.error ? { code: result.error.code } : {}), durationMs };
    if (durationMs >= SLOW_PROCEDURE_MS) logger().warn(line, "trpc slow");
    else logger().info(line, "trpc");
    return result;
  });
}

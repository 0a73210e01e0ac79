import { env } from "~/env";
import { handleTrpcRequest } from "~/server/api/http-handler";
import { auth } from "~/server/auth";
import { getDb } from "~/server/db";
import { logger } from "~/server/observability/logger";
import { runSyncJobsAfterResponse } from "~/server/sync/triggers/schedule-jobs";

/**
 * Every route that runs sync jobs ends within this (Vercel would allow 300 s): a job's lease (outbox/lease.ts)
 * outlasts it. The calendar's live-update streams end themselves before it (SSE_MAX_DURATION_MS) and reconnect.
 */
export const maxDuration = 60;

const handler = async (req: Request) => {
  // Mutations may have queued sync jobs (outbox): run them once the response is out.
  if (req.method === "POST") runSyncJobsAfterResponse();
  return handleTrpcRequest(req, {
    appUrl: env.APP_URL,
    createContext: async () => ({ db: await getDb(), session: await auth(), headers: req.headers }),
    onInternalError: (path, error) => logger().error({ procedure: path, err: error }, "trpc failed"),
  });
};

export { handler as GET, handler as POST };

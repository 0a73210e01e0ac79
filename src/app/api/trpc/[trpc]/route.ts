import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "~/server/api/root";
import { auth } from "~/server/auth";
import { getDb } from "~/server/db";
import { logger } from "~/server/observability/logger";
import { runSyncJobsAfterResponse } from "~/server/sync/triggers/schedule-jobs";

const handler = async (req: Request) => {
  // Mutations may have queued sync jobs (outbox): run them once the response is out.
  if (req.method === "POST") runSyncJobsAfterResponse();
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => ({ db: await getDb(), session: await auth(), headers: req.headers }),
    onError({ path, error }) {
      if (error.code === "INTERNAL_SERVER_ERROR") logger().error({ procedure: path, err: error.cause ?? error }, "trpc failed");
    },
  });
};

export { handler as GET, handler as POST };

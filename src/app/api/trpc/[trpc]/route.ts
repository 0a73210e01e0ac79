import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "~/server/api/root";
import { auth } from "~/server/auth";
import { getDb } from "~/server/db";
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
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed`, error);
    },
  });
};

export { handler as GET, handler as POST };

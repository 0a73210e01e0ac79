import { getDb } from "~/server/db";
import { withRequestLog } from "~/server/observability/request-log";
import { handleGoogleNotification } from "~/server/sync/triggers/webhook";
import { runSyncJobsAfterResponse } from "~/server/sync/triggers/schedule-jobs";

export const dynamic = "force-dynamic";
// Every route that runs sync jobs ends within this (Vercel would allow 300 s): a job's lease (outbox/lease.ts) outlasts it.
export const maxDuration = 60;

/** Google Calendar push notifications: answer fast, sync after. */
export async function POST(request: Request) {
  return withRequestLog(request, "google-webhook", async () => {
    const outcome = await handleGoogleNotification(await getDb(), request.headers);
    if (outcome.result === "queued") runSyncJobsAfterResponse();
    if (outcome.status === 200) return new Response(null, { status: 200 });
    return Response.json({ error: outcome.result, message: outcome.reason }, { status: outcome.status });
  });
}

import { after } from "next/server";
import { getDb } from "../../db";
import { logger } from "../../observability/logger";
import { runDueJobs } from "../jobs/run-jobs";

/** Request hooks get a short budget: the cron picks up whatever they leave. */
const REQUEST_HOOK_BUDGET_MS = 20_000;

/**
 * Runs due sync jobs right after the response is sent (Next's `after`), so a booking reaches Google
 * within seconds without the user waiting for it.
 */
export function runSyncJobsAfterResponse(): void {
  after(async () => {
    try {
      await runDueJobs(await getDb(), { budgetMs: REQUEST_HOOK_BUDGET_MS });
    } catch (error) {
      logger().error({ err: error }, "sync job run after response failed");
    }
  });
}

import { getDb } from "~/server/db";
import { logger } from "~/server/observability/logger";
import { checkHealth, healthHttpStatus, unreachableReport, type HealthReport } from "~/server/observability/health";
import { withRequestLog } from "~/server/observability/request-log";

export const dynamic = "force-dynamic";

/** For uptime monitors: 200 while the app can serve (status ok or degraded), 503 when it can't. No secrets, no tenant data. */
export async function GET(request: Request) {
  return withRequestLog(request, "health", async () => {
    let report: HealthReport;
    try {
      report = await checkHealth(await getDb());
    } catch (error) {
      logger().error({ err: error }, "health check could not open the database");
      report = unreachableReport(error);
    }
    return Response.json(report, { status: healthHttpStatus(report), headers: { "cache-control": "no-store" } });
  });
}

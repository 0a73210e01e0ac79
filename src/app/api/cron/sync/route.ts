import { timingSafeEqual } from "node:crypto";
import { env } from "~/env";
import { getDb } from "~/server/db";
import { logger } from "~/server/observability/logger";
import { withRequestLog } from "~/server/observability/request-log";
import { runCronSweep } from "~/server/sync/triggers/cron-sweep";

export const dynamic = "force-dynamic";
// Vercel's function limit; the sweep stops claiming work well before it.
export const maxDuration = 60;

function authorized(request: Request): boolean {
  const secret = env.CRON_SECRET;
  const header = request.headers.get("authorization") ?? "";
  if (!secret) return false;
  const expected = Buffer.from(`Bearer ${secret}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Vercel cron (vercel.json): sweep dirty and overdue calendars, renew channels, retry jobs; reports JSON. */
export async function GET(request: Request) {
  return withRequestLog(request, "cron", async () => {
    if (!authorized(request)) return Response.json({ error: "unauthorized" }, { status: 401 });
    const report = await runCronSweep(await getDb(), { budgetMs: 50_000 });
    logger().info({ report }, "cron sweep");
    return Response.json(report);
  });
}

import { and, count, eq, gt, lt, lte, min, or } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { schemaStatus, SchemaOutdatedError, type SchemaStatus } from "../db/migrations";
import { googleChannels, syncJobs } from "../db/schema";

/**
 * What `GET /api/health` reports (README › Deploy › Health). Counts and ages only: no ids, names,
 * tenant data or settings. `status` is `down` (HTTP 503) when the database can't be reached or its
 * schema isn't current, `degraded` (still 200: the app works, sync lags) when due sync work waits longer
 * than a cron interval allows or jobs have failed, `ok` otherwise.
 */
export interface HealthReport {
  status: "ok" | "degraded" | "down";
  database: { reachable: boolean; latencyMs?: number };
  migrations: SchemaStatus | null;
  syncJobs: { oldestDueAgeSeconds: number | null; failed: number } | null;
  channels: { expiringWithin24h: number } | null;
  checkedAt: string;
}

/** Due work older than this means no trigger (cron, webhook, after-hook) has run it: `degraded`. */
export const DUE_JOB_LAG_DEGRADED_SECONDS = 26 * 3600;
const DAY_MS = 24 * 3_600_000;

export async function checkHealth(db: DbOrTx, now: Date = new Date()): Promise<HealthReport> {
  const checkedAt = now.toISOString();
  const started = performance.now();
  let migrations: SchemaStatus;
  try {
    migrations = await schemaStatus(db);
  } catch {
    return { status: "down", database: { reachable: false }, migrations: null, syncJobs: null, channels: null, checkedAt };
  }
  const latencyMs = Math.round(performance.now() - started);
  if (!migrations.current) return { status: "down", database: { reachable: true, latencyMs }, migrations, syncJobs: null, channels: null, checkedAt };

  const due = or(and(eq(syncJobs.status, "pending"), lte(syncJobs.runAfter, now)), and(eq(syncJobs.status, "running"), lt(syncJobs.leaseUntil, now)));
  const [[oldest], [failed], [expiring]] = await Promise.all([
    db.select({ runAfter: min(syncJobs.runAfter) }).from(syncJobs).where(due),
    db.select({ n: count() }).from(syncJobs).where(eq(syncJobs.status, "failed")),
    db
      .select({ n: count() })
      .from(googleChannels)
      .where(and(eq(googleChannels.active, true), gt(googleChannels.expiresAt, now), lt(googleChannels.expiresAt, new Date(now.getTime() + DAY_MS)))),
  ]);
  const oldestRunAfter = oldest?.runAfter ? new Date(oldest.runAfter) : null;
  const oldestDueAgeSeconds = oldestRunAfter ? Math.max(0, Math.round((now.getTime() - oldestRunAfter.getTime()) / 1000)) : null;
  const failedJobs = failed?.n ?? 0;
  const lagging = oldestDueAgeSeconds !== null && oldestDueAgeSeconds > DUE_JOB_LAG_DEGRADED_SECONDS;
  return {
    status: lagging || failedJobs > 0 ? "degraded" : "ok",
    database: { reachable: true, latencyMs },
    migrations,
    syncJobs: { oldestDueAgeSeconds, failed: failedJobs },
    channels: { expiringWithin24h: expiring?.n ?? 0 },
    checkedAt,
  };
}

/** The report when the server could not even open its database. */
export function unreachableReport(error: unknown, now: Date = new Date()): HealthReport {
  const schema = error instanceof SchemaOutdatedError ? error.status : null;
  return { status: "down", database: { reachable: schema !== null }, migrations: schema, syncJobs: null, channels: null, checkedAt: now.toISOString() };
}

export const healthHttpStatus = (report: HealthReport) => (report.status === "down" ? 503 : 200);

import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import pLimit from "p-limit";
import type { Db } from "../../db/client";
import { authRateLimits, companies, consumedTokens, fieldworkerGoogleConnections, googleAccounts, googleCalendars, googleChannels } from "../../db/schema";
import { SyncError } from "../../google/sync-error";
import { CHANNEL_RENEW_BEFORE_MS, channelsExpiringBefore, startChannel, stopChannel } from "../io/channels";
import { markNeedsReconnection, openGoogleSession } from "../io/google-session";
import { accountHasActiveFieldworker, shouldPull } from "../io/sync-calendars";
import { calendarListRefreshJob, pullJob } from "../enqueue";
import { outbox, purgeFinishedJobs, redriveAllParkedJobs } from "../outbox";
import { runDueJobs, type RunReport } from "../jobs/run-jobs";
import { writeSyncLog } from "../sync-log";

/** Push notifications can be lost: every synced calendar gets an incremental pull at least this often. */
export const OVERDUE_PULL_AFTER_MS = 6 * 3_600_000;
/** Calendars created or deleted in Google reach FieldSync by this sweep (or at once when the dialog opens). */
export const CALENDAR_LIST_REFRESH_MS = 3_600_000;
const FINISHED_JOB_RETENTION_MS = 24 * 3_600_000;
/** Sign-in throttle windows last minutes (sign-in-throttle.ts); a day-old one only takes space. */
const SIGN_IN_WINDOW_RETENTION_MS = 24 * 3_600_000;

export interface CronReport {
  pullsQueued: number;
  calendarListsQueued: number;
  channelsRenewed: number;
  channelsStarted: number;
  channelErrors: number;
  /** Parked jobs (transient errors, fast retries spent) tried again by this sweep. */
  parkedRedriven: number;
  jobs: RunReport;
  purgedJobs: number;
  elapsedMs: number;
}

/**
 * The Vercel cron: queue pulls for dirty and overdue calendars, keep watch channels alive, refresh
 * calendar lists hourly, then run due jobs (retries included) until the time budget is spent. Whatever is
 * left stays queued for the next run: nothing is skipped or lost.
 */
export async function runCronSweep(db: Db, options: { budgetMs?: number; concurrency?: number; clock?: () => Date } = {}): Promise<CronReport> {
  const started = Date.now();
  const clock = options.clock ?? (() => new Date());
  const now = clock();
  const budgetMs = options.budgetMs ?? 50_000;
  const concurrency = options.concurrency ?? 8;

  const candidates = await db
    .select({ calendar: googleCalendars, companyId: googleAccounts.companyId, direction: companies.syncDirection })
    .from(googleCalendars)
    .innerJoin(googleAccounts, eq(googleAccounts.id, googleCalendars.googleAccountId))
    .innerJoin(companies, eq(companies.id, googleAccounts.companyId))
    .where(
      and(
        eq(googleAccounts.status, "active"),
        or(eq(googleCalendars.selected, true), eq(googleCalendars.isCompanyCalendar, true)),
        or(eq(googleCalendars.dirty, true), isNull(googleCalendars.lastPulledAt), lt(googleCalendars.lastPulledAt, new Date(now.getTime() - OVERDUE_PULL_AFTER_MS))),
      ),
    );
  const toPull = candidates.filter((c) => shouldPull(c.calendar, c.direction));
  await outbox.enqueue(db, toPull.map((c) => pullJob(c.companyId, c.calendar.id, c.calendar.googleAccountId)));

  const staleLists = await db
    .select({ id: googleAccounts.id, companyId: googleAccounts.companyId })
    .from(googleAccounts)
    .where(
      and(
        eq(googleAccounts.status, "active"),
        or(isNull(googleAccounts.calendarListRefreshedAt), lt(googleAccounts.calendarListRefreshedAt, new Date(now.getTime() - CALENDAR_LIST_REFRESH_MS))),
      ),
    );
  await outbox.enqueue(db, staleLists.map((a) => calendarListRefreshJob(a.companyId, a.id)));

  const channels = await maintainChannels(db, now, concurrency);
  // A transient error never ends a job: every sweep tries the parked ones again, for as long as they are
  // needed (each job reads current state, so one whose booking no longer needs it just finishes).
  const parkedRedriven = await redriveAllParkedJobs(db, now);
  const jobs = await runDueJobs(db, { budgetMs: Math.max(0, budgetMs - (Date.now() - started)), concurrency, clock });
  const purgedJobs = await purgeFinishedJobs(db, new Date(now.getTime() - FINISHED_JOB_RETENTION_MS));
  await db.delete(consumedTokens).where(lt(consumedTokens.expiresAt, now));
  await db.delete(authRateLimits).where(lt(authRateLimits.windowStartedAt, new Date(now.getTime() - SIGN_IN_WINDOW_RETENTION_MS)));
  return {
    pullsQueued: toPull.length,
    calendarListsQueued: staleLists.length,
    ...channels,
    parkedRedriven,
    jobs,
    purgedJobs,
    elapsedMs: Date.now() - started,
  };
}

/** A channel we could not open or renew means changes may go unnoticed until the next overdue pull: say so. */
async function logChannelFailure(db: Db, calendar: typeof googleCalendars.$inferSelect, error: unknown) {
  const [account] = await db.select({ companyId: googleAccounts.companyId }).from(googleAccounts).where(eq(googleAccounts.id, calendar.googleAccountId));
  if (!account) return;
  const connections = await db
    .select({ fieldworkerId: fieldworkerGoogleConnections.fieldworkerId })
    .from(fieldworkerGoogleConnections)
    .where(eq(fieldworkerGoogleConnections.googleAccountId, calendar.googleAccountId));
  const message = `Could not watch "${calendar.summary}" for changes: ${error instanceof Error ? error.message : String(error)}. Will retry at the next sweep.`;
  for (const { fieldworkerId } of connections) {
    await writeSyncLog(db, { companyId: account.companyId, fieldworkerId, direction: "system", action: "watch_channel", outcome: "retry", message });
  }
}

/** Renews channels expiring within two days (new first, then stop the old) and watches synced calendars that have none. */
async function maintainChannels(db: Db, now: Date, concurrency: number) {
  const limit = pLimit(concurrency);
  let channelsRenewed = 0;
  let channelsStarted = 0;
  let channelErrors = 0;

  const expiring = await channelsExpiringBefore(db, new Date(now.getTime() + CHANNEL_RENEW_BEFORE_MS));
  const unwatched = await db
    .select({ calendar: googleCalendars, direction: companies.syncDirection })
    .from(googleCalendars)
    .innerJoin(googleAccounts, eq(googleAccounts.id, googleCalendars.googleAccountId))
    .innerJoin(companies, eq(companies.id, googleAccounts.companyId))
    .where(
      and(
        eq(googleAccounts.status, "active"),
        or(eq(googleCalendars.selected, true), eq(googleCalendars.isCompanyCalendar, true)),
        sql`not exists (select 1 from ${googleChannels} where ${googleChannels.calendarRowId} = ${googleCalendars.id} and ${googleChannels.active})`,
      ),
    );
  const calendarIds = [...new Set(expiring.map((c) => c.calendarRowId))];
  const expiringCalendars = calendarIds.length ? await db.select().from(googleCalendars).where(inArray(googleCalendars.id, calendarIds)) : [];
  const byId = new Map(expiringCalendars.map((c) => [c.id, c]));

  const task = async (calendar: typeof googleCalendars.$inferSelect, old?: typeof googleChannels.$inferSelect) => {
    try {
      if (!(await accountHasActiveFieldworker(db, calendar.googleAccountId))) return;
      const session = await openGoogleSession(db, calendar.googleAccountId);
      await startChannel(db, session, calendar, now);
      if (old) {
        await stopChannel(db, session, old);
        channelsRenewed += 1;
      } else {
        channelsStarted += 1;
      }
    } catch (error) {
      if (error instanceof SyncError && error.code === "AUTH_REVOKED") return;
      channelErrors += 1;
      await logChannelFailure(db, calendar, error);
      // A channel that cannot be opened because the grant lacks a permission will not heal by retrying:
      // that is a reconnection incident (one email to the fieldworker, one notice to the admins).
      if (error instanceof SyncError && error.status === 403 && error.reason === "insufficientPermissions") {
        await markNeedsReconnection(db, calendar.googleAccountId, "Google no longer lets FieldSync watch this account's calendars (a permission was removed). Please reconnect.");
      }
    }
  };
  await Promise.all([
    ...expiring.map((old) => limit(() => (byId.get(old.calendarRowId) ? task(byId.get(old.calendarRowId)!, old) : Promise.resolve()))),
    ...unwatched.filter((u) => shouldPull(u.calendar, u.direction)).map((u) => limit(() => task(u.calendar))),
  ]);
  return { channelsRenewed, channelsStarted, channelErrors };
}

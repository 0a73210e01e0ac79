import { and, eq } from "drizzle-orm";
import { googleAccounts, googleCalendars, googleEvents } from "../../db/schema";
import { stopChannelsOf } from "../io/channels";
import { openGoogleSession } from "../io/google-session";
import { accountHasActiveFieldworker } from "../io/sync-calendars";
import { writeSyncLog } from "../sync-log";
import type { JobHandler } from "./job-result";

/**
 * Stops watching. With a calendar: that calendar was unticked in "Customize display calendar" (its
 * imported events go too). With only an account: its last active fieldworker was deactivated — channels
 * stop, nothing is deleted, and reactivation runs a first sync again.
 */
export const runStopSyncJob: JobHandler<"stop_sync"> = async (db, job) => {
  const [account] = await db.select().from(googleAccounts).where(eq(googleAccounts.id, job.googleAccountId));
  if (!account) return { kind: "skipped", reason: "account gone" };
  if (job.calendarRowId) {
    const [calendar] = await db.select().from(googleCalendars).where(eq(googleCalendars.id, job.calendarRowId));
    if (!calendar || calendar.selected) return { kind: "skipped", reason: "calendar selected again" };
    if (account.status === "active") await stopChannelsOf(db, await openGoogleSession(db, account.id), calendar.id);
    await db.delete(googleEvents).where(and(eq(googleEvents.calendarRowId, calendar.id), eq(googleEvents.kind, "foreign")));
    await db.update(googleCalendars).set({ syncToken: null }).where(eq(googleCalendars.id, calendar.id));
    return { kind: "done" };
  }
  if (await accountHasActiveFieldworker(db, account.id)) return { kind: "skipped", reason: "another active fieldworker still uses this account" };
  if (account.status === "active") {
    const session = await openGoogleSession(db, account.id);
    const calendars = await db.select().from(googleCalendars).where(eq(googleCalendars.googleAccountId, account.id));
    for (const calendar of calendars) await stopChannelsOf(db, session, calendar.id);
  }
  if (job.fieldworkerId) {
    await writeSyncLog(db, { companyId: job.companyId, fieldworkerId: job.fieldworkerId, direction: "system", action: "sync_stopped", outcome: "ok", message: "Fieldworker deactivated: Google sync paused." });
  }
  return { kind: "done" };
};

import { eq } from "drizzle-orm";
import { fieldworkerGoogleConnections, googleAccounts, googleCalendars } from "../../db/schema";
import { ensureChannel } from "../io/channels";
import { openGoogleSession } from "../io/google-session";
import { pullCalendar } from "../io/pull-calendar";
import { accountHasActiveFieldworker, shouldPull } from "../io/sync-calendars";
import { loadCompany } from "../../db/queries/company";
import { writeSyncLog } from "../sync-log";
import type { JobHandler } from "./job-result";

/** Incremental (or, when needed, full) pull of one calendar after a push notification, a sweep or a change of selection. */
export const runPullCalendarJob: JobHandler<"pull_calendar"> = async (db, job, now) => {
  const [row] = await db
    .select({ calendar: googleCalendars, account: googleAccounts })
    .from(googleCalendars)
    .innerJoin(googleAccounts, eq(googleAccounts.id, googleCalendars.googleAccountId))
    .where(eq(googleCalendars.id, job.calendarRowId));
  if (!row) return { kind: "skipped", reason: "calendar no longer connected" };
  const company = await loadCompany(db, row.account.companyId);
  if (!company) return { kind: "skipped", reason: "company gone" };
  // Cleared before listing: a notification arriving during the pull marks it dirty again and queues another pull.
  await db.update(googleCalendars).set({ dirty: false }).where(eq(googleCalendars.id, row.calendar.id));
  if (!shouldPull(row.calendar, company.syncDirection)) return { kind: "skipped", reason: "calendar not synced in this direction" };
  if (row.account.status !== "active") return { kind: "skipped", reason: "account needs reconnection" };
  if (!(await accountHasActiveFieldworker(db, row.account.id))) return { kind: "skipped", reason: "no active fieldworker uses this account" };

  const session = await openGoogleSession(db, row.account.id);
  // A calendar ticked in "Customize display calendar" is watched from its first pull on.
  await ensureChannel(db, session, row.calendar, now);
  const result = await pullCalendar(db, session, row.calendar, {
    companyId: row.account.companyId,
    timeZone: company.timeZone,
    direction: company.syncDirection,
    now,
  });
  await db
    .update(fieldworkerGoogleConnections)
    .set({ lastSuccessfulSyncAt: now, lastError: null, lastErrorAt: null })
    .where(eq(fieldworkerGoogleConnections.googleAccountId, row.account.id));
  const changed = result.upserted + result.removed + result.ownChanges;
  if (result.fullSync || changed > 0) {
    const connections = await db
      .select({ fieldworkerId: fieldworkerGoogleConnections.fieldworkerId })
      .from(fieldworkerGoogleConnections)
      .where(eq(fieldworkerGoogleConnections.googleAccountId, row.account.id));
    for (const { fieldworkerId } of connections) {
      await writeSyncLog(db, {
        companyId: row.account.companyId,
        fieldworkerId,
        direction: "pull",
        action: result.fullSync ? "full_sync" : "incremental_sync",
        outcome: "ok",
        message: `${row.calendar.summary}: ${result.upserted} events imported or updated, ${result.removed} removed, ${result.ownChanges} FieldSync events changed in Google (${result.pages} page${result.pages === 1 ? "" : "s"})`,
      });
    }
  }
  return { kind: "done", logged: true };
};

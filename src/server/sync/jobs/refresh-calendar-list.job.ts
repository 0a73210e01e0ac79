import { and, eq, notInArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { googleAccounts, googleCalendars } from "../../db/schema";
import { fetchCalendarList } from "../../google/connect/company-calendar";
import { stopChannelsOf } from "../io/channels";
import { openGoogleSession } from "../io/google-session";
import type { SyncJob } from "./claim";
import { enqueueJobs, pullJob } from "./enqueue";
import type { JobOutcome } from "./job-result";

/**
 * Re-reads an account's calendar list: hourly from the sweep, and when "Customize display calendar" opens
 * (events.watch channels say nothing about calendars being created or deleted). New calendars the account
 * owns are selected (Google's "My calendars") and pulled; removed ones go, with their channels and imported
 * events.
 */
export async function runRefreshCalendarListJob(db: Db, job: SyncJob, now: Date): Promise<JobOutcome> {
  if (!job.googleAccountId) return { kind: "skipped", reason: "malformed job" };
  const [account] = await db.select().from(googleAccounts).where(eq(googleAccounts.id, job.googleAccountId));
  if (!account || account.status !== "active") return { kind: "skipped", reason: "account not active" };
  const session = await openGoogleSession(db, account.id);
  const list = await session.call((api) => fetchCalendarList(api));
  const known = await db.select().from(googleCalendars).where(eq(googleCalendars.googleAccountId, account.id));
  const knownIds = new Set(known.map((c) => c.googleCalendarId));
  const added = list.filter((c) => !knownIds.has(c.id));
  for (const entry of list) {
    const isCompanyCalendar = entry.id === account.companyCalendarId;
    const [row] = await db
      .insert(googleCalendars)
      .values({
        googleAccountId: account.id,
        googleCalendarId: entry.id,
        summary: entry.summary,
        backgroundColor: entry.backgroundColor,
        accessRole: entry.accessRole,
        isPrimary: entry.primary,
        isCompanyCalendar,
        selected: entry.accessRole === "owner" && !isCompanyCalendar,
      })
      .onConflictDoUpdate({
        target: [googleCalendars.googleAccountId, googleCalendars.googleCalendarId],
        set: { summary: entry.summary, backgroundColor: entry.backgroundColor, accessRole: entry.accessRole, isPrimary: entry.primary },
      })
      .returning();
    if (row && row.selected && added.some((a) => a.id === entry.id)) await enqueueJobs(db, [pullJob(job.companyId, row.id, account.id)]);
  }
  const removed = known.filter((c) => !list.some((l) => l.id === c.googleCalendarId) && !c.isCompanyCalendar);
  for (const calendar of removed) await stopChannelsOf(db, session, calendar.id).catch(() => undefined);
  if (removed.length > 0) {
    await db.delete(googleCalendars).where(
      and(
        eq(googleCalendars.googleAccountId, account.id),
        eq(googleCalendars.isCompanyCalendar, false),
        notInArray(
          googleCalendars.googleCalendarId,
          list.map((l) => l.id),
        ),
      ),
    );
  }
  await db.update(googleAccounts).set({ calendarListRefreshedAt: now }).where(eq(googleAccounts.id, account.id));
  return { kind: "done" };
}

import { eq } from "drizzle-orm";
import { googleAccounts } from "../../db/schema";
import { pullJob } from "../enqueue";
import { stopChannelsOf } from "../io/channels";
import { fetchCalendarList, removeCalendars, upsertCalendarList } from "../io/company-calendar";
import { openGoogleSession } from "../io/google-session";
import { outbox } from "../outbox";
import type { JobHandler } from "./job-result";

/**
 * Re-reads an account's calendar list: hourly from the sweep, and when "Customize display calendar" opens
 * (events.watch channels say nothing about calendars being created or deleted). New calendars the account
 * owns are selected (Google's "My calendars") and pulled; removed ones go, with their channels and imported
 * events.
 */
export const runRefreshCalendarListJob: JobHandler<"refresh_calendar_list"> = async (db, job, now) => {
  const [account] = await db.select().from(googleAccounts).where(eq(googleAccounts.id, job.googleAccountId));
  if (!account || account.status !== "active") return { kind: "skipped", reason: "account not active" };
  const session = await openGoogleSession(db, account.id);
  const list = await fetchCalendarList(session);
  const { added, removed } = await upsertCalendarList(db, { googleAccountId: account.id, companyCalendarId: account.companyCalendarId, list });
  await outbox.enqueue(db, added.filter((row) => row.selected).map((row) => pullJob(job.companyId, row.id, account.id)));
  for (const calendar of removed) await stopChannelsOf(db, session, calendar.id).catch(() => undefined);
  await removeCalendars(db, removed);
  await db.update(googleAccounts).set({ calendarListRefreshedAt: now }).where(eq(googleAccounts.id, account.id));
  return { kind: "done" };
};

import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { googleCalendars } from "../../db/schema";
import { SyncError } from "../../google/sync-error";
import type { GoogleSession } from "./google-session";

export interface CalendarListItem {
  id: string;
  summary: string;
  backgroundColor: string | null;
  accessRole: string;
  primary: boolean;
}

/** Every calendar on the account's list (Google pages calendarList at most 250 per page). */
export async function fetchCalendarList(session: GoogleSession): Promise<CalendarListItem[]> {
  const items: CalendarListItem[] = [];
  let pageToken: string | undefined;
  do {
    const { data } = await session.call((api) => api.calendarList.list({ maxResults: 250, pageToken, showHidden: true }));
    for (const entry of data.items ?? []) {
      if (!entry.id) continue;
      items.push({
        id: entry.id,
        summary: entry.summaryOverride ?? entry.summary ?? entry.id,
        backgroundColor: entry.backgroundColor ?? null,
        accessRole: entry.accessRole ?? "reader",
        primary: Boolean(entry.primary),
      });
    }
    pageToken = data.nextPageToken ?? undefined;
  } while (pageToken);
  return items;
}

/**
 * Whether this OAuth client may write the calendar. FieldSync's only write scope, `calendar.app.created`, covers
 * calendars created by the same OAuth client, and so does `calendars.get`: a calendar made through the other
 * client (shared FieldSync app vs the company's private one) answers 403 although the account owns it.
 */
async function writableByThisClient(session: GoogleSession, calendarId: string): Promise<boolean> {
  try {
    await session.call((api) => api.calendars.get({ calendarId }));
    return true;
  } catch (error) {
    if (error instanceof SyncError && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN")) return false;
    throw error;
  }
}

/**
 * The secondary calendar named after the company, created once per Google account and OAuth client: found by
 * the id we stored, else by name among calendars the account owns that this client can write (a previous
 * connection made it, or our database lost the id), else created. A same-named calendar made by another
 * OAuth client (before the company switched credentials) is left alone, and reported so it is not imported:
 * every push to it would be refused, and its events are our own copies.
 */
export async function ensureCompanyCalendar(
  session: GoogleSession,
  input: { storedCalendarId: string | null; companyName: string; timeZone: string; calendarList: CalendarListItem[] },
): Promise<{ calendarId: string; created: boolean; otherClientsCalendars: string[] }> {
  if (input.storedCalendarId && (await writableByThisClient(session, input.storedCalendarId))) {
    return { calendarId: input.storedCalendarId, created: false, otherClientsCalendars: [] };
  }
  const byName = input.calendarList.filter((c) => c.summary === input.companyName && c.accessRole === "owner" && !c.primary && c.id !== input.storedCalendarId);
  const otherClientsCalendars: string[] = [];
  for (const candidate of byName) {
    if (await writableByThisClient(session, candidate.id)) return { calendarId: candidate.id, created: false, otherClientsCalendars };
    otherClientsCalendars.push(candidate.id);
  }
  const { data } = await session.call((api) =>
    api.calendars.insert({
      requestBody: {
        summary: input.companyName,
        description: `Jobs scheduled in FieldSync for ${input.companyName}. Managed by FieldSync: changes here may be overwritten.`,
        timeZone: input.timeZone,
      },
    }),
  );
  if (!data.id) throw new Error("Google created the calendar but returned no id");
  return { calendarId: data.id, created: true, otherClientsCalendars };
}

type CalendarRow = typeof googleCalendars.$inferSelect;

/**
 * Stores an account's calendar list, for the connect flow and the refresh job alike: names, colours and roles
 * follow Google; `isCompanyCalendar` follows the account's company calendar; a calendar new to us is imported
 * when the account owns it (Google's "My calendars"), unless it is our company calendar or one another OAuth
 * client made (`notImported`). The fieldworker's own choices (selected, privacy) survive. Returns the rows new
 * to us, and the stored calendars no longer on the list (the caller stops their channels, then `removeCalendars`).
 */
export async function upsertCalendarList(
  db: DbOrTx,
  input: { googleAccountId: string; companyCalendarId: string | null; list: CalendarListItem[]; notImported?: readonly string[] },
): Promise<{ added: CalendarRow[]; removed: CalendarRow[] }> {
  const known = await db.select().from(googleCalendars).where(eq(googleCalendars.googleAccountId, input.googleAccountId));
  const knownIds = new Set(known.map((c) => c.googleCalendarId));
  const listed = new Set(input.list.map((c) => c.id));
  const added: CalendarRow[] = [];
  for (const entry of input.list) {
    const isCompanyCalendar = entry.id === input.companyCalendarId;
    const [row] = await db
      .insert(googleCalendars)
      .values({
        googleAccountId: input.googleAccountId,
        googleCalendarId: entry.id,
        summary: entry.summary,
        backgroundColor: entry.backgroundColor,
        accessRole: entry.accessRole,
        isPrimary: entry.primary,
        isCompanyCalendar,
        selected: entry.accessRole === "owner" && !isCompanyCalendar && !(input.notImported ?? []).includes(entry.id),
      })
      .onConflictDoUpdate({
        target: [googleCalendars.googleAccountId, googleCalendars.googleCalendarId],
        set: { summary: entry.summary, backgroundColor: entry.backgroundColor, accessRole: entry.accessRole, isPrimary: entry.primary, isCompanyCalendar },
      })
      .returning();
    if (row && !knownIds.has(entry.id)) added.push(row);
  }
  const removed = known.filter((c) => !listed.has(c.googleCalendarId) && c.googleCalendarId !== input.companyCalendarId);
  return { added, removed };
}

/** Forgets calendars gone from the account's list, with their imported events (and channel rows). */
export async function removeCalendars(db: DbOrTx, calendars: CalendarRow[]): Promise<void> {
  if (calendars.length === 0) return;
  await db.delete(googleCalendars).where(inArray(googleCalendars.id, calendars.map((c) => c.id)));
}

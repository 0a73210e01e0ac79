import type { calendar_v3 } from "@googleapis/calendar";
import { classifyGoogleError } from "../sync-error";

export interface CalendarListItem {
  id: string;
  summary: string;
  backgroundColor: string | null;
  accessRole: string;
  primary: boolean;
}

/** Every calendar on the account's list (Google pages calendarList at most 250 per page). */
export async function fetchCalendarList(api: calendar_v3.Calendar): Promise<CalendarListItem[]> {
  const items: CalendarListItem[] = [];
  let pageToken: string | undefined;
  do {
    const { data } = await api.calendarList.list({ maxResults: 250, pageToken, showHidden: true });
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
async function writableByThisClient(api: calendar_v3.Calendar, calendarId: string): Promise<boolean> {
  try {
    await api.calendars.get({ calendarId });
    return true;
  } catch (error) {
    const { code } = classifyGoogleError(error);
    if (code === "NOT_FOUND" || code === "FORBIDDEN") return false;
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
  api: calendar_v3.Calendar,
  input: { storedCalendarId: string | null; companyName: string; timeZone: string; calendarList: CalendarListItem[] },
): Promise<{ calendarId: string; created: boolean; otherClientsCalendars: string[] }> {
  if (input.storedCalendarId && (await writableByThisClient(api, input.storedCalendarId))) {
    return { calendarId: input.storedCalendarId, created: false, otherClientsCalendars: [] };
  }
  const byName = input.calendarList.filter((c) => c.summary === input.companyName && c.accessRole === "owner" && !c.primary && c.id !== input.storedCalendarId);
  const otherClientsCalendars: string[] = [];
  for (const candidate of byName) {
    if (await writableByThisClient(api, candidate.id)) return { calendarId: candidate.id, created: false, otherClientsCalendars };
    otherClientsCalendars.push(candidate.id);
  }
  const { data } = await api.calendars.insert({
    requestBody: {
      summary: input.companyName,
      description: `Jobs scheduled in FieldSync for ${input.companyName}. Managed by FieldSync: changes here may be overwritten.`,
      timeZone: input.timeZone,
    },
  });
  if (!data.id) throw new Error("Google created the calendar but returned no id");
  return { calendarId: data.id, created: true, otherClientsCalendars };
}

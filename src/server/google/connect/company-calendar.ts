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
 * The secondary calendar named after the company, created once per Google account: found by the id we
 * stored, else by name among calendars the account owns (a previous connection made it, or our
 * database lost the id), else created.
 */
export async function ensureCompanyCalendar(
  api: calendar_v3.Calendar,
  input: { storedCalendarId: string | null; companyName: string; timeZone: string; calendarList: CalendarListItem[] },
): Promise<{ calendarId: string; created: boolean }> {
  if (input.storedCalendarId) {
    try {
      await api.calendars.get({ calendarId: input.storedCalendarId });
      return { calendarId: input.storedCalendarId, created: false };
    } catch (error) {
      if (classifyGoogleError(error).code !== "NOT_FOUND") throw error;
    }
  }
  const byName = input.calendarList.find((c) => c.summary === input.companyName && c.accessRole === "owner" && !c.primary);
  if (byName) return { calendarId: byName.id, created: false };
  const { data } = await api.calendars.insert({
    requestBody: {
      summary: input.companyName,
      description: `Jobs scheduled in FieldSync for ${input.companyName}. Managed by FieldSync: changes here may be overwritten.`,
      timeZone: input.timeZone,
    },
  });
  if (!data.id) throw new Error("Google created the calendar but returned no id");
  return { calendarId: data.id, created: true };
}

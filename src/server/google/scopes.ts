/**
 * Exactly the access the consent screen asks for (DESIGN §2): see the calendar list, make and manage
 * the company calendar, read events on every calendar — plus the account address. No Gmail scope:
 * emails go out through Resend.
 */
export const GOOGLE_SCOPES = {
  calendarList: "https://www.googleapis.com/auth/calendar.calendarlist.readonly",
  appCreated: "https://www.googleapis.com/auth/calendar.app.created",
  eventsRead: "https://www.googleapis.com/auth/calendar.events.readonly",
} as const;

export const REQUIRED_CALENDAR_SCOPES = [GOOGLE_SCOPES.calendarList, GOOGLE_SCOPES.appCreated, GOOGLE_SCOPES.eventsRead];
export const REQUESTED_SCOPES = ["openid", "email", ...REQUIRED_CALENDAR_SCOPES];

export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  [GOOGLE_SCOPES.calendarList]: "See the list of Google calendars you're subscribed to",
  [GOOGLE_SCOPES.appCreated]: "Make secondary Google calendars, and see, create, change, and delete events on them",
  [GOOGLE_SCOPES.eventsRead]: "View events on all your calendars",
};

/** Google may grant less than asked (the user can untick boxes): the calendar scopes we still lack. */
export function missingScopes(grantedScope: string | undefined): string[] {
  const granted = new Set((grantedScope ?? "").split(/\s+/).filter(Boolean));
  return REQUIRED_CALENDAR_SCOPES.filter((scope) => !granted.has(scope));
}

const CAL = "https://www.googleapis.com/auth/calendar";

export const SCOPES = {
  calendar: CAL,
  readonly: `${CAL}.readonly`,
  events: `${CAL}.events`,
  eventsReadonly: `${CAL}.events.readonly`,
  eventsOwned: `${CAL}.events.owned`,
  eventsOwnedReadonly: `${CAL}.events.owned.readonly`,
  calendarList: `${CAL}.calendarlist`,
  calendarListReadonly: `${CAL}.calendarlist.readonly`,
  calendars: `${CAL}.calendars`,
  calendarsReadonly: `${CAL}.calendars.readonly`,
  appCreated: `${CAL}.app.created`,
  email: "https://www.googleapis.com/auth/userinfo.email",
  profile: "https://www.googleapis.com/auth/userinfo.profile",
  openid: "openid",
} as const;

/** The consent-screen wording Google shows for each scope. */
export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  [SCOPES.calendar]: "See, edit, share, and permanently delete all the calendars you can access using Google Calendar",
  [SCOPES.readonly]: "See and download any calendar you can access using your Google Calendar",
  [SCOPES.events]: "View and edit events on all your calendars",
  [SCOPES.eventsReadonly]: "View events on all your calendars",
  [SCOPES.eventsOwned]: "See, create, change, and delete events on Google calendars you own",
  [SCOPES.eventsOwnedReadonly]: "See the events on Google calendars you own",
  [SCOPES.calendarList]: "See, add, and remove Google calendars you're subscribed to",
  [SCOPES.calendarListReadonly]: "See the list of Google calendars you're subscribed to",
  [SCOPES.calendars]: "See and change the properties of Google calendars you have access to, and create secondary calendars",
  [SCOPES.calendarsReadonly]:
    "See the title, description, default time zone, and other properties of Google calendars you have access to",
  [SCOPES.appCreated]: "Make secondary Google calendars, and see, create, change, and delete events on them",
  [`${CAL}.freebusy`]: "View your availability in your calendars",
  [`${CAL}.events.freebusy`]: "See the availability on Google calendars you have access to",
  [`${CAL}.settings.readonly`]: "View your Calendar settings",
  [`${CAL}.acls`]: "See and change the sharing permissions of Google calendars you own",
  [`${CAL}.acls.readonly`]: "See the sharing permissions of Google calendars you own",
  [`${CAL}.events.public.readonly`]: "See the events on public calendars",
  [SCOPES.email]: "See your primary Google Account email address",
  [SCOPES.profile]: "See your personal info, including any personal info you've made publicly available",
  [SCOPES.openid]: "Associate you with your personal info on Google",
};

const ALIASES: Record<string, string> = { email: SCOPES.email, profile: SCOPES.profile };

/** Splits a `scope` parameter and expands Google's short forms; returns undefined for unknown scopes. */
export function parseScopes(raw: string): { scopes: string[]; invalid: string[] } {
  const scopes: string[] = [];
  const invalid: string[] = [];
  for (const part of raw.split(/[\s+]+/).filter((s) => s.length > 0)) {
    const full = ALIASES[part] ?? part;
    if (SCOPE_DESCRIPTIONS[full] === undefined) invalid.push(part);
    else if (!scopes.includes(full)) scopes.push(full);
  }
  return { scopes, invalid };
}

export function mergeScopes(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

export function hasAny(granted: string[], wanted: string[]): boolean {
  return wanted.some((s) => granted.includes(s));
}

export interface CalendarAccessContext {
  scopes: string[];
  clientId: string;
  userIsOwner: boolean;
  createdByClientId?: string;
}

function appCreated(ctx: CalendarAccessContext): boolean {
  return ctx.scopes.includes(SCOPES.appCreated) && ctx.createdByClientId === ctx.clientId;
}

export function canReadEvents(ctx: CalendarAccessContext): boolean {
  return (
    hasAny(ctx.scopes, [SCOPES.calendar, SCOPES.readonly, SCOPES.events, SCOPES.eventsReadonly]) ||
    (ctx.userIsOwner && hasAny(ctx.scopes, [SCOPES.eventsOwned, SCOPES.eventsOwnedReadonly])) ||
    appCreated(ctx)
  );
}

export function canWriteEvents(ctx: CalendarAccessContext): boolean {
  return (
    hasAny(ctx.scopes, [SCOPES.calendar, SCOPES.events]) ||
    (ctx.userIsOwner && ctx.scopes.includes(SCOPES.eventsOwned)) ||
    appCreated(ctx)
  );
}

export function canReadCalendar(ctx: CalendarAccessContext): boolean {
  return hasAny(ctx.scopes, [SCOPES.calendar, SCOPES.readonly, SCOPES.calendars, SCOPES.calendarsReadonly]) || appCreated(ctx);
}

export function canDeleteCalendar(ctx: CalendarAccessContext): boolean {
  return hasAny(ctx.scopes, [SCOPES.calendar, SCOPES.calendars]) || appCreated(ctx);
}

export function canInsertCalendar(scopes: string[]): boolean {
  return hasAny(scopes, [SCOPES.calendar, SCOPES.calendars, SCOPES.appCreated]);
}

export function canReadCalendarList(scopes: string[]): boolean {
  return hasAny(scopes, [SCOPES.calendar, SCOPES.readonly, SCOPES.calendarList, SCOPES.calendarListReadonly]);
}

export function isCalendarScope(scope: string): boolean {
  return scope.startsWith(CAL);
}

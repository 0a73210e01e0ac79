import type { calendar_v3 } from "@googleapis/calendar";
import type { CallWindowReport } from "./call-meter";
import type { ChannelRecord, DeliveryLogEntry, FaultRule, OAuthClient, QuotaSettings } from "./entities";
import type { Seed } from "./seed";
import type { EmulatorConfig } from "./store";

/** Typed client for the emulator's control API (`/_emulator/*`), for tests, benches and e2e setup. */
export function controlClient(baseUrl: string) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} /_emulator${path} → ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  const userPath = (email: string, calendarId: string) => `/users/${encodeURIComponent(email)}/calendars/${encodeURIComponent(calendarId)}/events`;
  return {
    reset: () => call<{ ok: true }>("POST", "/reset"),
    seed: (seed: Seed) => call<{ ok: true; users: string[] }>("POST", "/seed", seed),
    state: () => call<Record<string, unknown>>("GET", "/state"),
    addUser: (email: string, name?: string, timeZone?: string) => call<unknown>("POST", "/users", { email, name, timeZone }),
    registerClient: (client: Omit<OAuthClient, "projectName"> & { projectName?: string }) => call<OAuthClient>("POST", "/clients", client),
    /** The user creates a secondary calendar in Google Calendar (they own it). */
    createCalendar: (email: string, calendar: { summary: string; timeZone?: string; id?: string }) =>
      call<{ id: string; summary: string }>("POST", `/users/${encodeURIComponent(email)}/calendars`, calendar),
    /** The user deletes a calendar they own. */
    deleteCalendar: (email: string, calendarId: string) => call<undefined>("DELETE", `/users/${encodeURIComponent(email)}/calendars/${encodeURIComponent(calendarId)}`),
    /** Acting as the Google user in their own calendar: each change fires push notifications. */
    createEvent: (email: string, calendarId: string, event: calendar_v3.Schema$Event) => call<calendar_v3.Schema$Event>("POST", userPath(email, calendarId), event),
    patchEvent: (email: string, calendarId: string, eventId: string, patch: calendar_v3.Schema$Event) =>
      call<calendar_v3.Schema$Event>("PATCH", `${userPath(email, calendarId)}/${encodeURIComponent(eventId)}`, patch),
    moveEvent: (email: string, calendarId: string, eventId: string, move: { byMinutes: number } | { start: calendar_v3.Schema$EventDateTime; end: calendar_v3.Schema$EventDateTime }) =>
      call<calendar_v3.Schema$Event>("POST", `${userPath(email, calendarId)}/${encodeURIComponent(eventId)}/move`, move),
    /** The user moves an event to another of their calendars (events.move: same id, the source keeps it cancelled). */
    transferEvent: (email: string, calendarId: string, eventId: string, destination: string) =>
      call<calendar_v3.Schema$Event>("POST", `${userPath(email, calendarId)}/${encodeURIComponent(eventId)}/transfer`, { destination }),
    /** The user edits "this and following" of a series from `fromInstanceId` on: the master is trimmed, a new one created. */
    splitSeries: (email: string, calendarId: string, eventId: string, fromInstanceId: string, patch: calendar_v3.Schema$Event = {}) =>
      call<{ trimmed: calendar_v3.Schema$Event; created: calendar_v3.Schema$Event }>("POST", `${userPath(email, calendarId)}/${encodeURIComponent(eventId)}/split`, { fromInstanceId, patch }),
    deleteEvent: (email: string, calendarId: string, eventId: string) => call<undefined>("DELETE", `${userPath(email, calendarId)}/${encodeURIComponent(eventId)}`),
    /** `durationMs`: the rule disappears after that long on the emulator's clock (see `advanceClock`). */
    addFault: (rule: Omit<FaultRule, "id" | "match" | "activeUntil"> & { match?: FaultRule["match"]; durationMs?: number }) => call<FaultRule>("POST", "/faults", rule),
    clearFaults: () => call<undefined>("DELETE", "/faults"),
    revokeTokens: (filter: { email?: string; clientId?: string } = {}) => call<{ revokedRefreshTokens: number }>("POST", "/faults/revoke-tokens", filter),
    expireAccessTokens: (filter: { email?: string } = {}) => call<{ expired: number }>("POST", "/faults/expire-access-tokens", filter),
    invalidateSyncTokens: (filter: { email?: string; calendarId?: string } = {}) => call<{ calendars: number }>("POST", "/faults/invalidate-sync-tokens", filter),
    setQuotas: (quotas: Partial<QuotaSettings>) => call<QuotaSettings>("PUT", "/quotas", quotas),
    setConfig: (config: Partial<EmulatorConfig>) => call<EmulatorConfig>("PUT", "/config", config),
    advanceClock: (ms: number) => call<{ now: string }>("POST", "/clock", { advanceMs: ms }),
    counters: () => call<Record<string, number>>("GET", "/counters"),
    resetCounters: () => call<undefined>("DELETE", "/counters"),
    /** Per Google user: Calendar calls (batch parts each count) and the busiest 60-second window. */
    callMeter: () => call<Record<string, CallWindowReport>>("GET", "/call-meter"),
    resetCallMeter: () => call<undefined>("DELETE", "/call-meter"),
    channels: () => call<{ items: (ChannelRecord & { live: boolean })[] }>("GET", "/channels"),
    notifications: () => call<{ items: DeliveryLogEntry[] }>("GET", "/notifications"),
    drainNotifications: () => call<{ items: DeliveryLogEntry[] }>("POST", "/notifications/drain"),
    emails: (to?: string) => call<{ items: { id: string; to: string[]; from: string; subject: string; html: string | null; text: string | null }[] }>("GET", `/emails${to ? `?to=${encodeURIComponent(to)}` : ""}`),
    clearEmails: () => call<undefined>("DELETE", "/emails"),
  };
}

export type ControlClient = ReturnType<typeof controlClient>;

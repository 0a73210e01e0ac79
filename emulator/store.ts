import type {
  AccessToken,
  AuthorizationCode,
  CalendarListRecord,
  CalendarListRemoval,
  CalendarRecord,
  ChannelRecord,
  DeliveryLogEntry,
  EventRecord,
  FaultRule,
  GoogleUser,
  Grant,
  OAuthClient,
  PendingAuthorization,
  QuotaSettings,
  RefreshToken,
  SentEmail,
  SyncTokenRecord,
} from "./entities";
import { numericId, seededRandom } from "./ids";

export interface EmulatorConfig {
  accessTokenTtlSeconds: number;
  authCodeTtlSeconds: number;
  /** Google does not document a lifetime; tokens older than this answer 410 fullSyncRequired. */
  syncTokenTtlSeconds: number;
  channelDefaultTtlSeconds: number;
  channelMaxTtlSeconds: number;
  /** Delays between push delivery attempts after a 5xx or network error. */
  notificationRetryDelaysMs: number[];
  /** Accepted Resend keys; empty = any key that starts with `re_`. */
  resendApiKeys: string[];
  /**
   * Google refuses webhook addresses that are not https (push.webhookUrlNotHttps). Local receivers (`npm run dev`,
   * integration tests) listen on plain http, so a local emulator may allow it; off by default, as at Google.
   */
  allowHttpWebhooks: boolean;
}

export const DEFAULT_CONFIG: EmulatorConfig = {
  accessTokenTtlSeconds: 3600,
  authCodeTtlSeconds: 600,
  syncTokenTtlSeconds: 7 * 24 * 3600,
  channelDefaultTtlSeconds: 7 * 24 * 3600,
  channelMaxTtlSeconds: 30 * 24 * 3600,
  notificationRetryDelaysMs: [1000, 2000, 4000, 8000, 16000],
  resendApiKeys: [],
  allowHttpWebhooks: false,
};

export const DEFAULT_QUOTAS: QuotaSettings = {
  enabled: false,
  perUserPerMinute: 600,
  perProjectPerMinute: 10_000,
  status: 403,
};

/** The persistent part of the state, as written to EMULATOR_STATE_FILE and served by GET /_emulator/state. */
export interface StateSnapshot {
  version: 1;
  seq: number;
  clockOffsetMs: number;
  users: GoogleUser[];
  clients: OAuthClient[];
  grants: Grant[];
  accessTokens: AccessToken[];
  refreshTokens: RefreshToken[];
  calendars: CalendarRecord[];
  calendarList: CalendarListRecord[];
  events: EventRecord[];
  channels: ChannelRecord[];
  syncTokens: SyncTokenRecord[];
  emails: SentEmail[];
  calendarListRemovals?: CalendarListRemoval[];
}

const PALETTE = [
  { colorId: "14", backgroundColor: "#9fe1e7", foregroundColor: "#000000" },
  { colorId: "9", backgroundColor: "#7bd148", foregroundColor: "#000000" },
  { colorId: "6", backgroundColor: "#ffad46", foregroundColor: "#000000" },
  { colorId: "3", backgroundColor: "#f83a22", foregroundColor: "#000000" },
];

export interface PageTokenRecord {
  items: unknown[];
  offset: number;
  nextSyncToken?: string;
  extra: Record<string, unknown>;
}

const MAX_DELIVERY_LOG = 1000;

export class Store {
  config: EmulatorConfig;
  quotas: QuotaSettings = { ...DEFAULT_QUOTAS };
  seq = 0;
  clockOffsetMs = 0;
  users = new Map<string, GoogleUser>();
  clients = new Map<string, OAuthClient>();
  pendingAuthorizations = new Map<string, PendingAuthorization>();
  codes = new Map<string, AuthorizationCode>();
  grants = new Map<string, Grant>();
  accessTokens = new Map<string, AccessToken>();
  refreshTokens = new Map<string, RefreshToken>();
  calendars = new Map<string, CalendarRecord>();
  calendarList = new Map<string, CalendarListRecord>();
  calendarListRemovals = new Map<string, CalendarListRemoval>();
  events = new Map<string, Map<string, EventRecord>>();
  channels = new Map<string, ChannelRecord>();
  syncTokens = new Map<string, SyncTokenRecord>();
  pageTokens = new Map<string, PageTokenRecord>();
  emails: SentEmail[] = [];
  idempotency = new Map<string, { fingerprint: string; id: string }>();
  faults: FaultRule[] = [];
  counters: Record<string, number> = {};
  deliveries: DeliveryLogEntry[] = [];
  random: () => number;

  private readonly calendarListeners: ((calendarId: string) => void)[] = [];
  private readonly changeListeners: (() => void)[] = [];

  constructor(
    config: Partial<EmulatorConfig> = {},
    private readonly randomSeed = 1,
  ) {
    this.config = { ...DEFAULT_CONFIG, ...config };
    this.random = seededRandom(randomSeed);
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  count(name: string, by = 1): void {
    this.counters[name] = (this.counters[name] ?? 0) + by;
  }

  logDelivery(entry: DeliveryLogEntry): void {
    this.deliveries.push(entry);
    if (this.deliveries.length > MAX_DELIVERY_LOG) this.deliveries.splice(0, this.deliveries.length - MAX_DELIVERY_LOG);
  }

  onCalendarChanged(listener: (calendarId: string) => void): void {
    this.calendarListeners.push(listener);
  }

  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** Call after any state change; fires push notifications for the calendar when given. */
  changed(calendarId?: string): void {
    if (calendarId !== undefined) for (const l of this.calendarListeners) l(calendarId);
    for (const l of this.changeListeners) l();
  }

  // --- users and calendars -------------------------------------------------------------------

  ensureUser(email: string, name?: string, timeZone = "UTC"): GoogleUser {
    const key = email.toLowerCase();
    const existing = this.users.get(key);
    if (existing) return existing;
    const user: GoogleUser = { email: key, sub: numericId(), name: name ?? defaultName(key) };
    this.users.set(key, user);
    this.addCalendar({ id: key, summary: key, timeZone, ownerEmail: key }, { primary: true });
    return user;
  }

  addCalendar(
    input: Omit<CalendarRecord, "etagSeq" | "syncEpoch">,
    entry: { primary?: boolean; colorIndex?: number } = {},
  ): CalendarRecord {
    const calendar: CalendarRecord = { ...input, etagSeq: this.nextSeq(), syncEpoch: 0 };
    this.calendars.set(calendar.id, calendar);
    this.events.set(calendar.id, this.events.get(calendar.id) ?? new Map());
    const ownerEntries = [...this.calendarList.values()].filter((e) => e.userEmail === input.ownerEmail).length;
    this.addListEntry(input.ownerEmail, calendar.id, "owner", entry.primary ?? false, entry.colorIndex ?? ownerEntries);
    return calendar;
  }

  addListEntry(userEmail: string, calendarId: string, accessRole: CalendarListRecord["accessRole"], primary = false, colorIndex = 0): void {
    const colors = PALETTE[colorIndex % PALETTE.length] ?? PALETTE[0];
    if (!colors) return;
    this.calendarListRemovals.delete(listKey(userEmail, calendarId));
    this.calendarList.set(listKey(userEmail, calendarId), {
      seq: this.nextSeq(),
      userEmail,
      calendarId,
      accessRole,
      primary,
      selected: true,
      hidden: false,
      ...colors,
    });
  }

  listEntry(userEmail: string, calendarId: string): CalendarListRecord | undefined {
    return this.calendarList.get(listKey(userEmail, calendarId));
  }

  listEntriesOf(userEmail: string): CalendarListRecord[] {
    return [...this.calendarList.values()].filter((e) => e.userEmail === userEmail);
  }

  deleteCalendar(calendarId: string): void {
    this.calendars.delete(calendarId);
    this.events.delete(calendarId);
    for (const [key, entry] of this.calendarList) {
      if (entry.calendarId !== calendarId) continue;
      this.calendarList.delete(key);
      this.calendarListRemovals.set(key, { userEmail: entry.userEmail, calendarId, seq: this.nextSeq() });
    }
    for (const channel of this.channels.values()) if (channel.calendarId === calendarId) channel.stopped = true;
  }

  eventsOf(calendarId: string): Map<string, EventRecord> {
    let map = this.events.get(calendarId);
    if (!map) {
      map = new Map();
      this.events.set(calendarId, map);
    }
    return map;
  }

  // --- snapshot ------------------------------------------------------------------------------

  snapshot(): StateSnapshot {
    return {
      version: 1,
      seq: this.seq,
      clockOffsetMs: this.clockOffsetMs,
      users: [...this.users.values()],
      clients: [...this.clients.values()],
      grants: [...this.grants.values()],
      accessTokens: [...this.accessTokens.values()],
      refreshTokens: [...this.refreshTokens.values()],
      calendars: [...this.calendars.values()],
      calendarList: [...this.calendarList.values()],
      events: [...this.events.values()].flatMap((m) => [...m.values()]),
      channels: [...this.channels.values()],
      syncTokens: [...this.syncTokens.values()],
      emails: this.emails,
      calendarListRemovals: [...this.calendarListRemovals.values()],
    };
  }

  restore(s: StateSnapshot): void {
    this.clear();
    this.seq = s.seq;
    this.clockOffsetMs = s.clockOffsetMs;
    for (const u of s.users) this.users.set(u.email, u);
    for (const c of s.clients) this.clients.set(c.clientId, c);
    for (const g of s.grants) this.grants.set(grantKey(g.clientId, g.userEmail), g);
    for (const t of s.accessTokens) this.accessTokens.set(t.token, t);
    for (const t of s.refreshTokens) this.refreshTokens.set(t.token, t);
    for (const c of s.calendars) {
      this.calendars.set(c.id, c);
      this.eventsOf(c.id);
    }
    for (const e of s.calendarList) this.calendarList.set(listKey(e.userEmail, e.calendarId), e);
    for (const e of s.events) if (e.event.id) this.eventsOf(e.calendarId).set(e.event.id, e);
    for (const c of s.channels) this.channels.set(c.id, c);
    for (const t of s.syncTokens) this.syncTokens.set(t.token, t);
    this.emails = [...s.emails];
    for (const r of s.calendarListRemovals ?? []) this.calendarListRemovals.set(listKey(r.userEmail, r.calendarId), r);
  }

  /** Drops all state except registered OAuth clients and configuration. */
  clear(): void {
    this.seq = 0;
    this.clockOffsetMs = 0;
    this.users.clear();
    this.pendingAuthorizations.clear();
    this.codes.clear();
    this.grants.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.calendars.clear();
    this.calendarList.clear();
    this.calendarListRemovals.clear();
    this.events.clear();
    this.channels.clear();
    this.syncTokens.clear();
    this.pageTokens.clear();
    this.emails = [];
    this.idempotency.clear();
    this.faults = [];
    this.counters = {};
    this.deliveries = [];
    this.quotas = { ...DEFAULT_QUOTAS };
    this.random = seededRandom(this.randomSeed);
  }
}

export function listKey(userEmail: string, calendarId: string): string {
  return `${userEmail}\n${calendarId}`;
}

export function grantKey(clientId: string, userEmail: string): string {
  return `${clientId}\n${userEmail}`;
}

function defaultName(email: string): string {
  const local = email.split("@")[0] ?? email;
  return local
    .split(/[._-]+/)
    .filter((p) => p.length > 0)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join(" ");
}

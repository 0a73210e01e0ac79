import { listenerOf, type Db, type ListenFn } from "../db/client";
import { readCalendarVersions } from "../db/queries/calendar-versions";
import { logger } from "../observability/logger";

/** The channel the version triggers NOTIFY with `<company id>:<version>` (see the h3_live_calendar migration). */
export const CALENDAR_CHANNEL = "fieldsync_calendar";
/**
 * Without LISTEN (behind a transaction pooler) one query per process reads the versions of every company some
 * open calendar of this process watches. Half a second keeps a change on screen well within the 1.5 s target
 * and costs 120 indexed reads a minute per server instance, however many calendars are open.
 */
export const CALENDAR_POLL_INTERVAL_MS = 500;

type OnVersion = (version: number) => void;

export interface CalendarChangeFeed {
  /** "listen": Postgres NOTIFY on a session of its own, or PGlite's; "poll": the shared poll above. */
  readonly mode: "listen" | "poll";
  /** `onVersion` hears each newer version of the company's calendar from now on; returns the unwatch. */
  watch(companyId: string, onVersion: OnVersion): () => void;
  close(): Promise<void>;
}

/** Parses a NOTIFY payload `<company id>:<version>`; null for anything else. */
export function parseCalendarNotification(payload: string): { companyId: string; version: number } | null {
  const match = /^([0-9a-f-]{36}):(\d+)$/.exec(payload);
  if (!match) return null;
  const version = Number(match[2]);
  return Number.isSafeInteger(version) ? { companyId: match[1]!, version } : null;
}

/**
 * One feed per process and database: it fans each company's version out to that company's open calendars.
 * LISTEN where the database allows it, otherwise the shared poll. Whenever LISTEN (re)connects, or the poll
 * ticks, it re-reads the watched versions, so a notification lost while disconnected still arrives.
 */
export function createCalendarChangeFeed(db: Db, options: { listen?: ListenFn; pollIntervalMs?: number } = {}): CalendarChangeFeed {
  const watchers = new Map<string, Set<OnVersion>>();
  const delivered = new Map<string, number>();
  let mode: CalendarChangeFeed["mode"] = options.listen ? "listen" : "poll";
  let unlisten: Promise<(() => Promise<void>) | null> | null = null;
  let pollTimer: ReturnType<typeof setInterval> | null = null;
  let refreshing: Promise<void> | null = null;
  let refreshAgain = false;

  const deliver = (companyId: string, version: number) => {
    const listeners = watchers.get(companyId);
    if (!listeners || version <= (delivered.get(companyId) ?? -1)) return;
    delivered.set(companyId, version);
    for (const listener of listeners) listener(version);
  };

  const refreshOnce = async () => {
    const companyIds = [...watchers.keys()];
    const versions = await readCalendarVersions(db, companyIds);
    for (const companyId of companyIds) deliver(companyId, versions.get(companyId) ?? 0);
  };
  /** Re-reads every watched version; calls overlapping a running read make it run once more after. */
  const refresh = (): Promise<void> => {
    if (refreshing) {
      refreshAgain = true;
      return refreshing;
    }
    refreshing = (async () => {
      try {
        do {
          refreshAgain = false;
          await refreshOnce();
        } while (refreshAgain);
      } catch (error) {
        logger().warn({ err: error }, "reading calendar versions failed");
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  };

  const startPolling = () => {
    if (pollTimer) return;
    pollTimer = setInterval(() => void refresh(), options.pollIntervalMs ?? CALENDAR_POLL_INTERVAL_MS);
    pollTimer.unref?.();
  };
  const stopPolling = () => {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
  };

  const startListening = (listen: ListenFn) => {
    unlisten ??= listen(
      CALENDAR_CHANNEL,
      (payload) => {
        const change = parseCalendarNotification(payload);
        if (change) deliver(change.companyId, change.version);
      },
      () => void refresh(),
    ).catch((error: unknown) => {
      logger().warn({ err: error }, "LISTEN for calendar changes failed: polling instead");
      mode = "poll";
      if (watchers.size > 0) startPolling();
      return null;
    });
  };

  return {
    get mode() {
      return mode;
    },
    watch(companyId, onVersion) {
      let listeners = watchers.get(companyId);
      if (!listeners) watchers.set(companyId, (listeners = new Set()));
      listeners.add(onVersion);
      if (mode === "listen" && options.listen) startListening(options.listen);
      else startPolling();
      return () => {
        listeners.delete(onVersion);
        if (listeners.size > 0) return;
        watchers.delete(companyId);
        delivered.delete(companyId);
        if (watchers.size === 0) stopPolling();
      };
    },
    async close() {
      stopPolling();
      watchers.clear();
      const stop = await unlisten;
      await stop?.();
    },
  };
}

// On globalThis: a dev reload must not leave a second LISTEN connection behind.
const globalForFeeds = globalThis as unknown as { fieldsyncCalendarFeeds?: WeakMap<Db, CalendarChangeFeed> };
const feeds = (globalForFeeds.fieldsyncCalendarFeeds ??= new WeakMap<Db, CalendarChangeFeed>());

/** The process-wide feed of this database (a serverless instance shares it between all its open streams). */
export function calendarChangeFeed(db: Db): CalendarChangeFeed {
  let feed = feeds.get(db);
  if (!feed) feeds.set(db, (feed = createCalendarChangeFeed(db, { listen: listenerOf(db) })));
  return feed;
}

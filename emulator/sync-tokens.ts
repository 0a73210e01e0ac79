import type { CalendarRecord, SyncTokenRecord } from "./entities";
import { googleErrors } from "./errors";
import { urlSafeToken } from "./ids";
import type { PageTokenRecord, Store } from "./store";

const MAX_SYNC_TOKENS = 20_000;
const MAX_PAGE_TOKENS = 2_000;

/** Parameters Google refuses together with syncToken (the result would not be a consistent delta). */
export const FORBIDDEN_WITH_SYNC_TOKEN = [
  "iCalUID",
  "orderBy",
  "privateExtendedProperty",
  "q",
  "sharedExtendedProperty",
  "timeMin",
  "timeMax",
  "updatedMin",
] as const;

export function issueSyncToken(store: Store, calendar: CalendarRecord, singleEvents: boolean): string {
  const token = `C${urlSafeToken(18)}=`;
  store.syncTokens.set(token, { token, calendarId: calendar.id, seq: store.seq, epoch: calendar.syncEpoch, singleEvents, createdAt: store.now() });
  if (store.syncTokens.size > MAX_SYNC_TOKENS) {
    const oldest = store.syncTokens.keys().next().value;
    if (oldest !== undefined) store.syncTokens.delete(oldest);
  }
  return token;
}

/** An unknown, foreign, invalidated or expired token all mean the same to the client: 410, start over. */
export function redeemSyncToken(store: Store, calendar: CalendarRecord, token: string, singleEvents: boolean): SyncTokenRecord {
  const record = store.syncTokens.get(token);
  if (!record || record.calendarId !== calendar.id || record.epoch !== calendar.syncEpoch) throw googleErrors.fullSyncRequired();
  if (store.now() - record.createdAt > store.config.syncTokenTtlSeconds * 1000) {
    store.syncTokens.delete(token);
    throw googleErrors.fullSyncRequired();
  }
  if (record.singleEvents !== singleEvents) {
    throw googleErrors.invalid("The singleEvents parameter must have the same value as in the request that issued the sync token.", "singleEvents");
  }
  return record;
}

export function savePage(store: Store, page: PageTokenRecord): string {
  const token = urlSafeToken(24);
  store.pageTokens.set(token, page);
  if (store.pageTokens.size > MAX_PAGE_TOKENS) {
    const oldest = store.pageTokens.keys().next().value;
    if (oldest !== undefined) store.pageTokens.delete(oldest);
  }
  return token;
}

export function loadPage(store: Store, token: string): PageTokenRecord {
  const page = store.pageTokens.get(token);
  if (!page) throw googleErrors.invalid("Invalid page token value.", "pageToken");
  return page;
}

/**
 * Slices a result set into pages. Later pages are served from a snapshot taken at the first request, and the
 * sync token (only ever on the last page) marks that moment, so changes made while paging arrive next sync.
 */
export function paginate<T>(
  store: Store,
  items: T[],
  maxResults: number,
  nextSyncToken: string | undefined,
  offset = 0,
): { items: T[]; nextPageToken?: string; nextSyncToken?: string } {
  const pageItems = items.slice(offset, offset + maxResults);
  if (offset + maxResults < items.length) {
    const nextPageToken = savePage(store, { items, offset: offset + maxResults, nextSyncToken, extra: { maxResults } });
    return { items: pageItems, nextPageToken };
  }
  return nextSyncToken === undefined ? { items: pageItems } : { items: pageItems, nextSyncToken };
}

import type { calendar_v3 } from "@googleapis/calendar";
import { googleApi } from "../api";
import type { EmulatorContext } from "../context";
import type { CalendarListRecord } from "../entities";
import { googleErrors } from "../errors";
import { parseMaxResults } from "../events-query";
import { json, type Router } from "../http";
import { urlSafeToken } from "../ids";
import { canReadCalendarList } from "../scopes";
import { loadPage, paginate } from "../sync-tokens";

const ROLE_RANK: Record<string, number> = { freeBusyReader: 0, reader: 1, writer: 2, owner: 3 };

export function renderListEntry(ctx: EmulatorContext, entry: CalendarListRecord): calendar_v3.Schema$CalendarListEntry | undefined {
  const cal = ctx.store.calendars.get(entry.calendarId);
  if (!cal) return undefined;
  const out: calendar_v3.Schema$CalendarListEntry = {
    kind: "calendar#calendarListEntry",
    etag: `"${cal.etagSeq}"`,
    id: cal.id,
    summary: cal.summary,
    timeZone: cal.timeZone,
    colorId: entry.colorId,
    backgroundColor: entry.backgroundColor,
    foregroundColor: entry.foregroundColor,
    selected: entry.selected,
    accessRole: entry.accessRole,
    defaultReminders: entry.accessRole === "owner" ? [{ method: "popup", minutes: 10 }] : [],
    conferenceProperties: { allowedConferenceSolutionTypes: ["hangoutsMeet"] },
  };
  if (cal.description) out.description = cal.description;
  if (entry.hidden) out.hidden = true;
  if (entry.primary) out.primary = true;
  return out;
}

/** Parameters Google refuses together with a calendarList syncToken (calendarList.list reference, `syncToken`). */
const FORBIDDEN_WITH_LIST_SYNC_TOKEN = ["minAccessRole", "showOwnOrganizationOnly"] as const;

const MAX_LIST_SYNC_TOKENS = 20_000;

const listSyncKey = (userEmail: string) => `calendarList:${userEmail}`;

function issueListSyncToken(ctx: EmulatorContext, userEmail: string): string {
  const token = `C${urlSafeToken(18)}=`;
  const tokens = ctx.store.syncTokens;
  tokens.set(token, { token, calendarId: listSyncKey(userEmail), seq: ctx.store.seq, epoch: 0, singleEvents: false, createdAt: ctx.store.now() });
  // Bounded like events sync tokens: the oldest go first (a client holding one gets 410 and lists again).
  if (tokens.size > MAX_LIST_SYNC_TOKENS) {
    const oldest = tokens.keys().next().value;
    if (oldest !== undefined) tokens.delete(oldest);
  }
  return token;
}

/** The seq a calendarList sync token was issued at; unknown, foreign or expired tokens answer 410 as for events. */
function redeemListSyncToken(ctx: EmulatorContext, userEmail: string, token: string): number {
  const record = ctx.store.syncTokens.get(token);
  if (!record || record.calendarId !== listSyncKey(userEmail)) throw googleErrors.fullSyncRequired();
  if (ctx.store.now() - record.createdAt > ctx.store.config.syncTokenTtlSeconds * 1000) throw googleErrors.fullSyncRequired();
  return record.seq;
}

/**
 * Entries changed since `sinceSeq` (their own settings or the calendar's), plus removed ones as `deleted: true`.
 * "All entries deleted and hidden since the previous list request will always be in the result set."
 */
function changedEntries(ctx: EmulatorContext, userEmail: string, sinceSeq: number): calendar_v3.Schema$CalendarListEntry[] {
  const changed = ctx.store
    .listEntriesOf(userEmail)
    .filter((e) => (e.seq ?? 0) > sinceSeq || (ctx.store.calendars.get(e.calendarId)?.etagSeq ?? 0) > sinceSeq)
    .map((e) => renderListEntry(ctx, e))
    .filter((e) => e !== undefined);
  const removed = [...ctx.store.calendarListRemovals.values()]
    .filter((r) => r.userEmail === userEmail && r.seq > sinceSeq)
    .map((r): calendar_v3.Schema$CalendarListEntry => ({ kind: "calendar#calendarListEntry", etag: `"${r.seq}"`, id: r.calendarId, deleted: true }));
  return [...changed, ...removed];
}

export function registerCalendarList(router: Router, ctx: EmulatorContext): void {
  router.add(
    "GET",
    "/calendar/v3/users/me/calendarList",
    googleApi(ctx, "calendar.calendarList.list", ({ req, token }) => {
      if (!canReadCalendarList(token.scopes)) throw googleErrors.insufficientScopes();
      // calendarList pages hold at most 250 entries (default 100).
      const maxResults = parseMaxResults(req.query, 100, 250);
      const pageToken = req.query.get("pageToken");
      const syncToken = req.query.get("syncToken");
      let page;
      if (pageToken) {
        const saved = loadPage(ctx.store, pageToken);
        page = paginate(ctx.store, saved.items, maxResults, saved.nextSyncToken, saved.offset);
      } else if (syncToken) {
        for (const name of FORBIDDEN_WITH_LIST_SYNC_TOKEN) {
          if (req.query.has(name)) throw googleErrors.invalid(`The parameter ${name} cannot be used together with syncToken.`, name);
        }
        for (const name of ["showDeleted", "showHidden"]) {
          if (req.query.get(name) === "false") throw googleErrors.invalid(`${name}=false cannot be used together with syncToken.`, name);
        }
        const sinceSeq = redeemListSyncToken(ctx, token.userEmail, syncToken);
        page = paginate(ctx.store, changedEntries(ctx, token.userEmail, sinceSeq), maxResults, issueListSyncToken(ctx, token.userEmail));
      } else {
        const showHidden = req.query.get("showHidden") === "true";
        const minRole = ROLE_RANK[req.query.get("minAccessRole") ?? "freeBusyReader"] ?? 0;
        const items = ctx.store
          .listEntriesOf(token.userEmail)
          .filter((e) => (showHidden || !e.hidden) && (ROLE_RANK[e.accessRole] ?? 0) >= minRole)
          .map((e) => renderListEntry(ctx, e))
          .filter((e) => e !== undefined);
        page = paginate(ctx.store, items, maxResults, issueListSyncToken(ctx, token.userEmail));
      }
      return json(200, {
        kind: "calendar#calendarList",
        etag: `"p${ctx.store.seq}"`,
        ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
        ...(page.nextSyncToken ? { nextSyncToken: page.nextSyncToken } : {}),
        items: page.items,
      });
    }),
  );

  router.add(
    "GET",
    "/calendar/v3/users/me/calendarList/:calendarId",
    googleApi(ctx, "calendar.calendarList.get", ({ params, token }) => {
      if (!canReadCalendarList(token.scopes)) throw googleErrors.insufficientScopes();
      const id = params.calendarId === "primary" ? token.userEmail : (params.calendarId ?? "");
      const entry = ctx.store.listEntry(token.userEmail, id);
      const rendered = entry ? renderListEntry(ctx, entry) : undefined;
      if (!rendered) throw googleErrors.notFound();
      return json(200, rendered);
    }),
  );
}

import type { calendar_v3 } from "@googleapis/calendar";
import { googleApi } from "../api";
import type { EmulatorContext } from "../context";
import type { CalendarListRecord } from "../entities";
import { googleErrors } from "../errors";
import { parseMaxResults } from "../events-query";
import { json, type Router } from "../http";
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

export function registerCalendarList(router: Router, ctx: EmulatorContext): void {
  router.add(
    "GET",
    "/calendar/v3/users/me/calendarList",
    googleApi(ctx, "calendar.calendarList.list", ({ req, token }) => {
      if (!canReadCalendarList(token.scopes)) throw googleErrors.insufficientScopes();
      // calendarList pages hold at most 250 entries (default 100).
      const maxResults = parseMaxResults(req.query, 100, 250);
      const pageToken = req.query.get("pageToken");
      let page;
      if (pageToken) {
        const saved = loadPage(ctx.store, pageToken);
        page = paginate(ctx.store, saved.items, maxResults, undefined, saved.offset);
      } else {
        const showHidden = req.query.get("showHidden") === "true";
        const minRole = ROLE_RANK[req.query.get("minAccessRole") ?? "freeBusyReader"] ?? 0;
        const items = ctx.store
          .listEntriesOf(token.userEmail)
          .filter((e) => (showHidden || !e.hidden) && (ROLE_RANK[e.accessRole] ?? 0) >= minRole)
          .map((e) => renderListEntry(ctx, e))
          .filter((e) => e !== undefined);
        page = paginate(ctx.store, items, maxResults, undefined);
      }
      return json(200, {
        kind: "calendar#calendarList",
        etag: `"p${ctx.store.seq}"`,
        ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
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

import type { calendar_v3 } from "@googleapis/calendar";
import { accessContext, googleApi, requireWriter, resolveCalendar, type ApiCall, type ResolvedCalendar } from "../api";
import type { EmulatorContext } from "../context";
import type { EventRecord } from "../entities";
import { googleErrors } from "../errors";
import { checkIfMatch, createEvent, deleteEvent, findEvent, parseEventBody, patchEvent, updateEvent } from "../event-actions";
import { listEvents, parseMaxResults } from "../events-query";
import { empty, json, readJson, type Router } from "../http";
import { expandRecurring } from "../recurrence";
import { canReadEvents, canWriteEvents } from "../scopes";
import { paginate } from "../sync-tokens";
import { registerWatch } from "./channels";

type Event = calendar_v3.Schema$Event;

function readable(ctx: EmulatorContext, call: ApiCall): ResolvedCalendar {
  const r = resolveCalendar(ctx, call.token, call.params.calendarId ?? "");
  if (!canReadEvents(accessContext(call.token, r))) throw googleErrors.insufficientScopes();
  if (r.entry.accessRole === "freeBusyReader") throw googleErrors.requiredAccessLevel("reader");
  return r;
}

function writable(ctx: EmulatorContext, call: ApiCall): ResolvedCalendar {
  const r = resolveCalendar(ctx, call.token, call.params.calendarId ?? "");
  if (!canWriteEvents(accessContext(call.token, r))) throw googleErrors.insufficientScopes();
  requireWriter(r);
  return r;
}

/** Instance ids (`<id>_<YYYYMMDDTHHMMSSZ>`) resolve through their recurring master. */
function findInstance(ctx: EmulatorContext, r: ResolvedCalendar, eventId: string): Event | undefined {
  const cut = eventId.lastIndexOf("_");
  if (cut <= 0) return undefined;
  const master = ctx.store.eventsOf(r.calendar.id).get(eventId.slice(0, cut));
  if (!master?.event.recurrence) return undefined;
  const instance = expandRecurring(master.event, r.calendar.timeZone, { nowMs: ctx.store.now() }).find((i) => i.id === eventId);
  if (instance && master.event.status === "cancelled") instance.status = "cancelled";
  return instance;
}

function listEnvelope(r: ResolvedCalendar, result: { items: Event[]; nextPageToken?: string; nextSyncToken?: string }, etagSeq: number, nowMs: number) {
  return {
    kind: "calendar#events",
    etag: `"p${etagSeq}"`,
    summary: r.calendar.summary,
    ...(r.calendar.description ? { description: r.calendar.description } : {}),
    updated: new Date(nowMs).toISOString(),
    timeZone: r.calendar.timeZone,
    accessRole: r.entry.accessRole,
    defaultReminders: r.entry.accessRole === "owner" ? [{ method: "popup", minutes: 10 }] : [],
    ...(result.nextPageToken ? { nextPageToken: result.nextPageToken } : {}),
    ...(result.nextSyncToken ? { nextSyncToken: result.nextSyncToken } : {}),
    items: result.items,
  };
}

export function registerEvents(router: Router, ctx: EmulatorContext): void {
  const { store } = ctx;
  const base = "/calendar/v3/calendars/:calendarId/events";

  router.add(
    "GET",
    base,
    googleApi(ctx, "calendar.events.list", (call) => {
      const r = readable(ctx, call);
      return json(200, listEnvelope(r, listEvents(store, r.calendar, call.req.query), store.seq, store.now()));
    }),
  );

  router.add(
    "POST",
    base,
    googleApi(ctx, "calendar.events.insert", (call) => {
      const r = writable(ctx, call);
      const record = createEvent(store, r.calendar, parseEventBody(readJson(call.req)), call.token.userEmail);
      return json(200, record.event);
    }),
  );

  router.add(
    "GET",
    `${base}/:eventId`,
    googleApi(ctx, "calendar.events.get", (call) => {
      const r = readable(ctx, call);
      const eventId = call.params.eventId ?? "";
      const event = store.eventsOf(r.calendar.id).get(eventId)?.event ?? findInstance(ctx, r, eventId);
      if (!event) throw googleErrors.notFound();
      const ifNoneMatch = call.req.headers["if-none-match"];
      if (ifNoneMatch && ifNoneMatch === event.etag) return empty(304);
      return json(200, event);
    }),
  );

  router.add(
    "GET",
    `${base}/:eventId/instances`,
    googleApi(ctx, "calendar.events.instances", (call) => {
      const r = readable(ctx, call);
      const master = findEvent(store, r.calendar.id, call.params.eventId ?? "");
      const q = call.req.query;
      const fromMs = q.get("timeMin") ? Date.parse(q.get("timeMin") ?? "") : undefined;
      const toMs = q.get("timeMax") ? Date.parse(q.get("timeMax") ?? "") : undefined;
      const instances = master.event.recurrence
        ? expandRecurring(master.event, r.calendar.timeZone, { fromMs, toMs, nowMs: store.now() })
        : [master.event];
      const page = paginate(store, instances, parseMaxResults(q), undefined);
      return json(200, listEnvelope(r, page, store.seq, store.now()));
    }),
  );

  const withEvent = (call: ApiCall): { r: ResolvedCalendar; record: EventRecord } => {
    const r = writable(ctx, call);
    const record = findEvent(store, r.calendar.id, call.params.eventId ?? "");
    checkIfMatch(record, call.req.headers["if-match"]);
    return { r, record };
  };

  router.add(
    "PATCH",
    `${base}/:eventId`,
    googleApi(ctx, "calendar.events.patch", (call) => {
      const { r, record } = withEvent(call);
      return json(200, patchEvent(store, r.calendar, record, parseEventBody(readJson(call.req))).event);
    }),
  );

  router.add(
    "PUT",
    `${base}/:eventId`,
    googleApi(ctx, "calendar.events.update", (call) => {
      const { r, record } = withEvent(call);
      return json(200, updateEvent(store, r.calendar, record, parseEventBody(readJson(call.req))).event);
    }),
  );

  router.add(
    "DELETE",
    `${base}/:eventId`,
    googleApi(ctx, "calendar.events.delete", (call) => {
      const { r, record } = withEvent(call);
      deleteEvent(store, r.calendar, record);
      return empty(204);
    }),
  );

  registerWatch(router, ctx, `${base}/watch`, readable);
}

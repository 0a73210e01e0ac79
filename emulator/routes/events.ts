import type { calendar_v3 } from "@googleapis/calendar";
import { accessContext, googleApi, requireWriter, resolveCalendar, type ApiCall, type ResolvedCalendar } from "../api";
import type { EmulatorContext } from "../context";
import type { EventRecord } from "../entities";
import { googleErrors } from "../errors";
import { checkIfMatch, createEvent, deleteEvent, findEvent, parseEventBody, patchEvent, updateEvent } from "../event-actions";
import { listEvents, parseMaxResults } from "../events-query";
import { moveEventToCalendar } from "../event-move";
import { empty, json, readJson, type EmuResponse, type Router } from "../http";
import { seriesInstances } from "../series-instances";
import { materializeInstance, virtualInstance } from "../series";
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
      // Instance ids (`<id>_<YYYYMMDDTHHMMSSZ>`) resolve through their recurring master.
      const event = store.eventsOf(r.calendar.id).get(eventId)?.event ?? virtualInstance(store, r.calendar, eventId);
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
      const page = paginate(store, seriesInstances(store, r.calendar, master.event, call.req.query), parseMaxResults(call.req.query), undefined);
      return json(200, listEnvelope(r, page, store.seq, store.now()));
    }),
  );

  /**
   * Writes address stored events and rule-only instances alike: writing an instance makes it an exception
   * (https://developers.google.com/calendar/api/guides/recurringevents, "Modifying instances"), deleting
   * one cancels that occurrence. If-Match is checked before the instance is stored.
   */
  const withEvent = (call: ApiCall, write: (r: ResolvedCalendar, record: EventRecord) => EmuResponse): EmuResponse => {
    const r = writable(ctx, call);
    const eventId = call.params.eventId ?? "";
    const stored = store.eventsOf(r.calendar.id).get(eventId);
    const current = stored?.event ?? virtualInstance(store, r.calendar, eventId);
    if (!current) throw googleErrors.notFound();
    checkIfMatch({ calendarId: r.calendar.id, seq: 0, createdSeq: 0, event: current }, call.req.headers["if-match"]);
    const record = stored ?? materializeInstance(store, r.calendar, eventId);
    if (!record) throw googleErrors.notFound();
    try {
      return write(r, record);
    } catch (error) {
      if (!stored) store.eventsOf(r.calendar.id).delete(eventId);
      throw error;
    }
  };

  router.add(
    "POST",
    `${base}/:eventId/move`,
    googleApi(ctx, "calendar.events.move", (call) => {
      const source = writable(ctx, call);
      const destinationId = call.req.query.get("destination");
      if (!destinationId) throw googleErrors.required("Required parameter: destination", "destination");
      const destination = writable(ctx, { ...call, params: { ...call.params, calendarId: destinationId } });
      return json(200, moveEventToCalendar(store, source.calendar, destination.calendar, call.params.eventId ?? "").event);
    }),
  );

  router.add(
    "PATCH",
    `${base}/:eventId`,
    googleApi(ctx, "calendar.events.patch", (call) => {
      const body = parseEventBody(readJson(call.req));
      return withEvent(call, (r, record) => json(200, patchEvent(store, r.calendar, record, body).event));
    }),
  );

  router.add(
    "PUT",
    `${base}/:eventId`,
    googleApi(ctx, "calendar.events.update", (call) => {
      const body = parseEventBody(readJson(call.req));
      return withEvent(call, (r, record) => json(200, updateEvent(store, r.calendar, record, body).event));
    }),
  );

  router.add(
    "DELETE",
    `${base}/:eventId`,
    googleApi(ctx, "calendar.events.delete", (call) => {
      return withEvent(call, (r, record) => {
        deleteEvent(store, r.calendar, record);
        return empty(204);
      });
    }),
  );

  registerWatch(router, ctx, `${base}/watch`, readable);
}

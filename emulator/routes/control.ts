import type { calendar_v3 } from "@googleapis/calendar";
import { z } from "zod";
import type { EmulatorContext } from "../context";
import type { CalendarRecord, EventRecord } from "../entities";
import { GoogleApiError } from "../errors";
import { createEvent, deleteEvent, findEvent, patchEvent } from "../event-actions";
import { moveEventToCalendar } from "../event-move";
import { invalidateSyncTokens, revokeTokens } from "../faults";
import { BodyParseError, empty, json, readJson, type Handler, type RouteParams, type Router, type EmuRequest } from "../http";
import { urlSafeToken } from "../ids";
import { applySeed, clientSeed } from "../seed";
import { storedOrMaterialized } from "../series";
import { splitSeries } from "../series-split";
import type { EmulatorConfig } from "../store";
import { dateTimeToMs, formatInZone } from "../time";
import { renderEmail } from "./resend";

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Returns the JSON to answer with, or undefined for 204. */
type ControlHandler = (req: EmuRequest, params: RouteParams) => unknown;

/** Control routes answer plain JSON (`{ error }` on failure), never Google's envelope. */
function control(ctx: EmulatorContext, fn: ControlHandler): Handler {
  return async (req, params) => {
    ctx.store.count("control");
    try {
      const out = await fn(req, params);
      if (out === undefined) return empty(204);
      return json(200, out);
    } catch (err) {
      if (err instanceof ControlError) return json(err.status, { error: err.message });
      if (err instanceof z.ZodError) return json(400, { error: "Invalid body", issues: err.issues });
      if (err instanceof BodyParseError) return json(400, { error: "Body is not valid JSON" });
      if (err instanceof GoogleApiError) return json(err.code, { error: err.message, reason: err.reason });
      throw err;
    }
  };
}

const faultSchema = z.object({
  kind: z.enum(["error", "latency", "dropNotifications"]).default("error"),
  status: z.number().int().min(400).max(599).optional(),
  reason: z.string().optional(),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  match: z
    .object({
      surface: z.enum(["calendar", "oauth", "resend", "push"]).optional(),
      method: z.string().optional(),
      path: z.string().optional(),
      account: z.string().optional(),
      project: z.string().optional(),
      calendarId: z.string().optional(),
    })
    .default({}),
  probability: z.number().min(0).max(1).optional(),
  count: z.number().int().min(1).optional(),
  /** The rule lasts this long on the emulator's clock (an outage, a quota storm), then disappears. */
  durationMs: z.number().int().min(1).optional(),
});

const quotaSchema = z.object({
  enabled: z.boolean().optional(),
  perUserPerMinute: z.number().int().min(1).optional(),
  perProjectPerMinute: z.number().int().min(1).optional(),
  status: z.union([z.literal(403), z.literal(429)]).optional(),
});

const configSchema = z.object({
  accessTokenTtlSeconds: z.number().int().min(1).optional(),
  authCodeTtlSeconds: z.number().int().min(1).optional(),
  syncTokenTtlSeconds: z.number().int().min(1).optional(),
  channelDefaultTtlSeconds: z.number().int().min(1).optional(),
  channelMaxTtlSeconds: z.number().int().min(1).optional(),
  notificationRetryDelaysMs: z.array(z.number().int().min(0)).optional(),
  resendApiKeys: z.array(z.string()).optional(),
  allowHttpWebhooks: z.boolean().optional(),
});

const moveSchema = z.union([
  z.object({ start: z.record(z.string(), z.unknown()), end: z.record(z.string(), z.unknown()) }),
  z.object({ byMinutes: z.number() }),
]);

function shift(dt: calendar_v3.Schema$EventDateTime | undefined, minutes: number, tz: string): calendar_v3.Schema$EventDateTime {
  if (dt?.date) {
    const d = new Date(Date.parse(`${dt.date}T00:00:00Z`) + Math.round(minutes / 1440) * 86_400_000);
    return { date: d.toISOString().slice(0, 10) };
  }
  const zone = dt?.timeZone ?? tz;
  const ms = dateTimeToMs(dt?.dateTime ?? "", zone) + minutes * 60_000;
  return { dateTime: formatInZone(ms, zone), timeZone: zone };
}

export function registerControl(router: Router, ctx: EmulatorContext, reset: () => void): void {
  const { store, notifier } = ctx;
  const p = "/_emulator";
  const add = (method: string, path: string, fn: ControlHandler) => router.add(method, `${p}${path}`, control(ctx, fn));

  const calendarAsUser = (params: RouteParams, write: boolean): CalendarRecord => {
    const email = (params.email ?? "").toLowerCase();
    if (!store.users.has(email)) throw new ControlError(404, `No Google user ${email}`);
    const calendarId = params.calendarId === "primary" ? email : (params.calendarId ?? "");
    const entry = store.listEntry(email, calendarId);
    const cal = store.calendars.get(calendarId);
    if (!entry || !cal) throw new ControlError(404, `${email} has no calendar ${calendarId}`);
    if (write && entry.accessRole !== "owner" && entry.accessRole !== "writer") throw new ControlError(403, `${email} cannot edit ${calendarId}`);
    return cal;
  };
  // Instance ids work too: acting on one occurrence makes it an exception, as in Google Calendar's UI.
  const eventOf = (cal: CalendarRecord, eventId: string): EventRecord => {
    const record = storedOrMaterialized(store, cal, eventId);
    if (!record) throw new ControlError(404, `No event ${eventId} in ${cal.id}`);
    return record;
  };

  add("GET", "/health", () => ({ ok: true, now: new Date(store.now()).toISOString() }));
  add("GET", "/state", () => ({ ...store.snapshot(), faults: store.faults, quotas: store.quotas, config: store.config }));
  add("POST", "/reset", () => {
    reset();
    return { ok: true };
  });
  add("POST", "/seed", (req) => {
    applySeed(store, readJson(req) ?? {});
    return { ok: true, users: [...store.users.keys()] };
  });

  // --- Google users, calendars, and acting as a user --------------------------------------------
  add("POST", "/users", (req) => {
    const body = z.object({ email: z.email(), name: z.string().optional(), timeZone: z.string().default("UTC") }).parse(readJson(req));
    const user = store.ensureUser(body.email, body.name, body.timeZone);
    store.changed();
    return user;
  });
  add("POST", "/users/:email/calendars", (req, params) => {
    const body = z.object({ id: z.string().optional(), summary: z.string().min(1), timeZone: z.string().default("UTC") }).parse(readJson(req));
    const email = (params.email ?? "").toLowerCase();
    if (!store.users.has(email)) throw new ControlError(404, `No Google user ${email}`);
    const id = body.id ?? `${urlSafeToken(16).toLowerCase().replace(/[^a-z0-9]/g, "")}@group.calendar.google.com`;
    if (store.calendars.has(id)) throw new ControlError(409, `Calendar ${id} exists`);
    const cal = store.addCalendar({ id, summary: body.summary, timeZone: body.timeZone, ownerEmail: email });
    store.changed();
    return cal;
  });
  // The user deletes a calendar they own in Google Calendar: its events go, its watch channels stop.
  add("DELETE", "/users/:email/calendars/:calendarId", (_req, params) => {
    const email = (params.email ?? "").toLowerCase();
    const entry = store.listEntry(email, params.calendarId ?? "");
    if (!entry || !store.calendars.has(entry.calendarId)) throw new ControlError(404, `${email} has no calendar ${params.calendarId ?? ""}`);
    if (entry.accessRole !== "owner") throw new ControlError(403, `${email} does not own ${entry.calendarId}`);
    if (entry.primary) throw new ControlError(400, "A primary calendar cannot be deleted (Google refuses it too)");
    store.deleteCalendar(entry.calendarId);
    store.changed();
    return undefined;
  });
  add("POST", "/calendars/:calendarId/share", (req, params) => {
    const body = z.object({ email: z.email(), role: z.enum(["owner", "writer", "reader", "freeBusyReader"]) }).parse(readJson(req));
    if (!store.calendars.has(params.calendarId ?? "")) throw new ControlError(404, "No such calendar");
    store.ensureUser(body.email);
    store.addListEntry(body.email.toLowerCase(), params.calendarId ?? "", body.role);
    store.changed();
    return { ok: true };
  });
  add("GET", "/users/:email/calendars/:calendarId/events", (_req, params) => {
    const cal = calendarAsUser(params, false);
    return { items: [...store.eventsOf(cal.id).values()].map((r) => r.event) };
  });
  add("POST", "/users/:email/calendars/:calendarId/events", (req, params) => {
    const cal = calendarAsUser(params, true);
    const body = z.record(z.string(), z.unknown()).parse(readJson(req));
    return createEvent(store, cal, body as calendar_v3.Schema$Event, (params.email ?? "").toLowerCase()).event;
  });
  add("PATCH", "/users/:email/calendars/:calendarId/events/:eventId", (req, params) => {
    const cal = calendarAsUser(params, true);
    const body = z.record(z.string(), z.unknown()).parse(readJson(req));
    return patchEvent(store, cal, eventOf(cal, params.eventId ?? ""), body as calendar_v3.Schema$Event).event;
  });
  add("POST", "/users/:email/calendars/:calendarId/events/:eventId/move", (req, params) => {
    const cal = calendarAsUser(params, true);
    const record = eventOf(cal, params.eventId ?? "");
    const body = moveSchema.parse(readJson(req));
    const patch =
      "byMinutes" in body
        ? { start: shift(record.event.start ?? undefined, body.byMinutes, cal.timeZone), end: shift(record.event.end ?? undefined, body.byMinutes, cal.timeZone) }
        : { start: { date: null, dateTime: null, timeZone: null, ...body.start }, end: { date: null, dateTime: null, timeZone: null, ...body.end } };
    return patchEvent(store, cal, record, patch as calendar_v3.Schema$Event).event;
  });
  // The user moves an event to another of their calendars (Google Calendar's calendar picker = events.move).
  add("POST", "/users/:email/calendars/:calendarId/events/:eventId/transfer", (req, params) => {
    const body = z.object({ destination: z.string().min(1) }).parse(readJson(req));
    const source = calendarAsUser(params, true);
    const destination = calendarAsUser({ ...params, calendarId: body.destination }, true);
    return moveEventToCalendar(store, source, destination, params.eventId ?? "").event;
  });
  // The user edits "this and following events" of a series.
  add("POST", "/users/:email/calendars/:calendarId/events/:eventId/split", (req, params) => {
    const body = z.object({ fromInstanceId: z.string().min(1), patch: z.record(z.string(), z.unknown()).default({}) }).parse(readJson(req));
    const cal = calendarAsUser(params, true);
    return splitSeries(store, cal, findEvent(store, cal.id, params.eventId ?? ""), body.fromInstanceId, body.patch as calendar_v3.Schema$Event, (params.email ?? "").toLowerCase());
  });
  add("DELETE", "/users/:email/calendars/:calendarId/events/:eventId", (_req, params) => {
    const cal = calendarAsUser(params, true);
    deleteEvent(store, cal, eventOf(cal, params.eventId ?? ""));
    return undefined;
  });

  // --- OAuth clients ---------------------------------------------------------------------------
  add("GET", "/clients", () => ({ items: [...store.clients.values()] }));
  add("POST", "/clients", (req) => {
    const body = clientSeed.parse(readJson(req));
    const client = { ...body, projectName: body.projectName ?? body.clientId };
    store.clients.set(client.clientId, client);
    store.changed();
    return client;
  });
  add("DELETE", "/clients/:clientId", (_req, params) => {
    store.clients.delete(params.clientId ?? "");
    store.changed();
    return undefined;
  });

  // --- faults, quotas, counters ------------------------------------------------------------------
  add("GET", "/faults", () => ({ items: store.faults }));
  add("POST", "/faults", (req) => {
    const { durationMs, ...body } = faultSchema.parse(readJson(req));
    const rule = { id: urlSafeToken(8), ...body, ...(durationMs === undefined ? {} : { activeUntil: store.now() + durationMs }) };
    store.faults.push(rule);
    return rule;
  });
  add("DELETE", "/faults", () => {
    store.faults = [];
    return undefined;
  });
  add("DELETE", "/faults/:id", (_req, params) => {
    store.faults = store.faults.filter((f) => f.id !== params.id);
    return undefined;
  });
  add("POST", "/faults/revoke-tokens", (req) => {
    const body = z.object({ email: z.string().optional(), clientId: z.string().optional() }).parse(readJson(req) ?? {});
    return { revokedRefreshTokens: revokeTokens(store, body) };
  });
  add("POST", "/faults/expire-access-tokens", (req) => {
    const body = z.object({ email: z.string().optional() }).parse(readJson(req) ?? {});
    let n = 0;
    for (const t of store.accessTokens.values()) {
      if (body.email !== undefined && t.userEmail !== body.email.toLowerCase()) continue;
      t.expiresAt = store.now() - 1;
      n++;
    }
    return { expired: n };
  });
  add("POST", "/faults/invalidate-sync-tokens", (req) => {
    const body = z.object({ email: z.string().optional(), calendarId: z.string().optional() }).parse(readJson(req) ?? {});
    return { calendars: invalidateSyncTokens(store, body) };
  });
  add("GET", "/quotas", () => store.quotas);
  add("PUT", "/quotas", (req) => {
    const body = quotaSchema.parse(readJson(req));
    store.quotas = { ...store.quotas, ...body };
    ctx.quotas.reset();
    return store.quotas;
  });
  add("GET", "/counters", () => store.counters);
  add("DELETE", "/counters", () => {
    store.counters = {};
    return undefined;
  });
  add("GET", "/config", () => store.config);
  add("PUT", "/config", (req) => {
    const body = configSchema.parse(readJson(req));
    store.config = { ...store.config, ...(body as Partial<EmulatorConfig>) };
    return store.config;
  });
  add("GET", "/clock", () => ({ now: new Date(store.now()).toISOString(), offsetMs: store.clockOffsetMs }));
  add("POST", "/clock", (req) => {
    const body = z.object({ advanceMs: z.number().optional(), advanceSeconds: z.number().optional(), offsetMs: z.number().optional() }).parse(readJson(req));
    if (body.offsetMs !== undefined) store.clockOffsetMs = body.offsetMs;
    store.clockOffsetMs += (body.advanceMs ?? 0) + (body.advanceSeconds ?? 0) * 1000;
    return { now: new Date(store.now()).toISOString(), offsetMs: store.clockOffsetMs };
  });

  // --- push channels and mail ---------------------------------------------------------------------
  add("GET", "/channels", () => ({ items: [...store.channels.values()].map((c) => ({ ...c, live: notifier.isLive(c) })) }));
  add("GET", "/notifications", () => ({ items: store.deliveries }));
  add("POST", "/notifications/drain", async () => {
    await notifier.drain();
    return { items: store.deliveries };
  });
  add("GET", "/emails", (req) => {
    const to = req.query.get("to")?.toLowerCase();
    const items = store.emails.filter((e) => !to || e.to.some((t) => t.toLowerCase().includes(to)));
    return { items: items.map(renderEmail) };
  });
  add("DELETE", "/emails", () => {
    store.emails = [];
    store.changed();
    return undefined;
  });
}

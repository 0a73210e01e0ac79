import type { calendar_v3 } from "@googleapis/calendar";
import { accessContext, googleApi, resolveCalendar } from "../api";
import type { EmulatorContext } from "../context";
import type { CalendarRecord } from "../entities";
import { googleErrors } from "../errors";
import { empty, isRecord, json, readJson, type Router } from "../http";
import { base32hexId } from "../ids";
import { canDeleteCalendar, canInsertCalendar, canReadCalendar } from "../scopes";
import { isValidTimeZone } from "../time";

export function renderCalendar(cal: CalendarRecord): calendar_v3.Schema$Calendar {
  const out: calendar_v3.Schema$Calendar = {
    kind: "calendar#calendar",
    etag: `"${cal.etagSeq}"`,
    id: cal.id,
    summary: cal.summary,
    timeZone: cal.timeZone,
    conferenceProperties: { allowedConferenceSolutionTypes: ["hangoutsMeet"] },
  };
  if (cal.description) out.description = cal.description;
  if (cal.location) out.location = cal.location;
  return out;
}

function readCalendarBody(body: unknown, requireSummary: boolean): calendar_v3.Schema$Calendar {
  if (!isRecord(body)) throw googleErrors.required("Missing title.");
  const cal = body as calendar_v3.Schema$Calendar;
  if (requireSummary && (typeof cal.summary !== "string" || cal.summary.trim() === "")) throw googleErrors.required("Missing title.");
  if (cal.timeZone && !isValidTimeZone(cal.timeZone)) throw googleErrors.invalid("Invalid time zone.");
  return cal;
}

export function registerCalendars(router: Router, ctx: EmulatorContext): void {
  const { store } = ctx;

  router.add(
    "POST",
    "/calendar/v3/calendars",
    googleApi(ctx, "calendar.calendars.insert", ({ req, token }) => {
      if (!canInsertCalendar(token.scopes)) throw googleErrors.insufficientScopes();
      const body = readCalendarBody(readJson(req), true);
      const primaryTz = store.calendars.get(token.userEmail)?.timeZone ?? "UTC";
      const cal = store.addCalendar({
        id: `${base32hexId(52)}@group.calendar.google.com`,
        summary: body.summary ?? "",
        ...(body.description ? { description: body.description } : {}),
        ...(body.location ? { location: body.location } : {}),
        timeZone: body.timeZone ?? primaryTz,
        ownerEmail: token.userEmail,
        createdByClientId: token.clientId,
      });
      store.changed();
      return json(200, renderCalendar(cal));
    }),
  );

  router.add(
    "GET",
    "/calendar/v3/calendars/:calendarId",
    googleApi(ctx, "calendar.calendars.get", ({ params, token }) => {
      const r = resolveCalendar(ctx, token, params.calendarId ?? "");
      if (!canReadCalendar(accessContext(token, r))) throw googleErrors.insufficientScopes();
      return json(200, renderCalendar(r.calendar));
    }),
  );

  const modify = (operation: string, replace: boolean) =>
    googleApi(ctx, operation, ({ req, params, token }) => {
      const r = resolveCalendar(ctx, token, params.calendarId ?? "");
      if (!canDeleteCalendar(accessContext(token, r))) throw googleErrors.insufficientScopes();
      if (r.entry.accessRole !== "owner") throw googleErrors.requiredAccessLevel("owner");
      const body = readCalendarBody(readJson(req), replace);
      if (body.summary !== undefined && body.summary !== null) r.calendar.summary = body.summary;
      if (body.description !== undefined) r.calendar.description = body.description ?? undefined;
      if (body.location !== undefined) r.calendar.location = body.location ?? undefined;
      if (body.timeZone) r.calendar.timeZone = body.timeZone;
      r.calendar.etagSeq = store.nextSeq();
      store.changed();
      return json(200, renderCalendar(r.calendar));
    });
  router.add("PATCH", "/calendar/v3/calendars/:calendarId", modify("calendar.calendars.patch", false));
  router.add("PUT", "/calendar/v3/calendars/:calendarId", modify("calendar.calendars.update", true));

  router.add(
    "DELETE",
    "/calendar/v3/calendars/:calendarId",
    googleApi(ctx, "calendar.calendars.delete", ({ params, token }) => {
      const r = resolveCalendar(ctx, token, params.calendarId ?? "");
      if (!canDeleteCalendar(accessContext(token, r))) throw googleErrors.insufficientScopes();
      if (r.entry.primary || r.calendar.id === r.calendar.ownerEmail) {
        throw googleErrors.badRequest("cannotDeletePrimaryCalendar", "The primary calendar cannot be deleted.");
      }
      if (r.entry.accessRole !== "owner") throw googleErrors.requiredAccessLevel("owner");
      store.deleteCalendar(r.calendar.id);
      store.changed();
      return empty(204);
    }),
  );
}

import type { EmulatorContext } from "./context";
import type { AccessToken, CalendarListRecord, CalendarRecord } from "./entities";
import { authenticate, peekToken } from "./auth";
import { GoogleApiError, googleErrors, renderGoogleError } from "./errors";
import { applyFaults, calendarIdFromPath } from "./faults";
import { BodyParseError, type EmuRequest, type EmuResponse, type Handler, type RouteParams } from "./http";

export interface ApiCall {
  req: EmuRequest;
  params: RouteParams;
  token: AccessToken;
}

export type ApiHandler = (call: ApiCall) => Promise<EmuResponse> | EmuResponse;

function faultError(status: number, reason: string | undefined): GoogleApiError {
  if (status === 401) return googleErrors.invalidCredentials();
  if (status === 403 || status === 429) return googleErrors.rateLimit(status, reason ?? "rateLimitExceeded");
  if (status === 410) return googleErrors.fullSyncRequired();
  if (status >= 500) return googleErrors.backendError(status);
  return new GoogleApiError(status, reason ?? "backendError", reason ?? "Injected fault");
}

/**
 * The Calendar API pipeline, shared by direct calls and batch parts:
 * count → injected faults → access token → quota → handler, with one renderer for Google's error envelope.
 */
export function googleApi(ctx: EmulatorContext, operation: string, handler: ApiHandler): Handler {
  return async (req, params) => {
    const { store } = ctx;
    store.count(operation);
    try {
      const peeked = peekToken(store, req);
      const fault = await applyFaults(store, {
        surface: "calendar",
        method: req.method,
        path: req.path,
        account: peeked?.userEmail,
        project: peeked ? (store.clients.get(peeked.clientId)?.projectName ?? peeked.clientId) : undefined,
        calendarId: calendarIdFromPath(req.path),
      });
      if (fault) throw faultError(fault.status ?? 500, fault.reason);
      const token = authenticate(store, req);
      const project = store.clients.get(token.clientId)?.projectName ?? token.clientId;
      ctx.callMeter.record(token.userEmail, store.now());
      const limited = ctx.quotas.check(project, token.userEmail);
      if (limited) throw googleErrors.rateLimit(store.quotas.status, limited);
      return await handler({ req, params, token });
    } catch (err) {
      if (err instanceof GoogleApiError) return renderGoogleError(err);
      if (err instanceof BodyParseError) return renderGoogleError(googleErrors.parseError());
      console.error("[emulator] unexpected error", err);
      return renderGoogleError(googleErrors.backendError());
    }
  };
}

export interface ResolvedCalendar {
  calendar: CalendarRecord;
  entry: CalendarListRecord;
}

/** `primary` means the token's account; calendars not on the user's list are 404, as at Google. */
export function resolveCalendar(ctx: EmulatorContext, token: AccessToken, calendarIdParam: string): ResolvedCalendar {
  const calendarId = calendarIdParam === "primary" ? token.userEmail : calendarIdParam;
  const calendar = ctx.store.calendars.get(calendarId);
  const entry = ctx.store.listEntry(token.userEmail, calendarId);
  if (!calendar || !entry) throw googleErrors.notFound();
  return { calendar, entry };
}

export function accessContext(token: AccessToken, r: ResolvedCalendar) {
  return {
    scopes: token.scopes,
    clientId: token.clientId,
    userIsOwner: r.entry.accessRole === "owner",
    createdByClientId: r.calendar.createdByClientId,
  };
}

export function requireWriter(r: ResolvedCalendar): void {
  if (r.entry.accessRole !== "owner" && r.entry.accessRole !== "writer") throw googleErrors.requiredAccessLevel("writer");
}

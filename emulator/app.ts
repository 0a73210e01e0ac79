import type { EmulatorContext } from "./context";
import { googleErrors, renderGoogleError } from "./errors";
import { html, json, Router, type EmuRequest, type EmuResponse } from "./http";
import { registerBatch } from "./routes/batch";
import { registerCallMeter } from "./routes/call-meter";
import { registerCalendarList } from "./routes/calendar-list";
import { registerCalendars } from "./routes/calendars";
import { registerChannels } from "./routes/channels";
import { registerControl } from "./routes/control";
import { registerEvents } from "./routes/events";
import { registerMailbox } from "./routes/mailbox";
import { registerOAuth } from "./routes/oauth";
import { registerResend } from "./routes/resend";
import { registerUi } from "./routes/ui";

/** Wires every surface onto one router and returns the request handler. */
export function buildApp(ctx: EmulatorContext, reset: () => void): (req: EmuRequest) => Promise<EmuResponse> {
  const router = new Router();
  registerOAuth(router, ctx);
  registerCalendarList(router, ctx);
  registerCalendars(router, ctx);
  registerEvents(router, ctx);
  registerChannels(router, ctx);
  registerBatch(router, ctx, router);
  registerResend(router, ctx);
  registerControl(router, ctx, reset);
  registerCallMeter(router, ctx);
  registerUi(router, ctx);
  registerMailbox(router, ctx);

  return async (req) => {
    const match = router.match(req.method, req.path);
    const isApi = req.path.startsWith("/calendar/") || req.path.startsWith("/batch/");
    if (match === undefined) {
      if (isApi) return renderGoogleError(googleErrors.notFound());
      if (req.path.startsWith("/_emulator/") || req.path.startsWith("/emails")) return json(404, { error: "Not found" });
      return html(404, "<!doctype html><title>Not found</title><h1>404. That’s an error.</h1>");
    }
    if (match === "method-not-allowed") {
      return isApi ? renderGoogleError(googleErrors.methodNotAllowed()) : json(405, { error: "Method not allowed" });
    }
    return match.handler(req, match.params);
  };
}

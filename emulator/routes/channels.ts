import type { calendar_v3 } from "@googleapis/calendar";
import { googleApi, type ApiCall, type ResolvedCalendar } from "../api";
import type { EmulatorContext } from "../context";
import type { ChannelRecord } from "../entities";
import { googleErrors } from "../errors";
import { empty, isRecord, json, readJson, type Router } from "../http";
import { stableOpaqueId } from "../ids";
import { isCalendarScope } from "../scopes";

const CHANNEL_ID_MAX = 64;
const CHANNEL_TOKEN_MAX = 256;

export function registerWatch(
  router: Router,
  ctx: EmulatorContext,
  path: string,
  readable: (ctx: EmulatorContext, call: ApiCall) => ResolvedCalendar,
): void {
  const { store } = ctx;
  router.add(
    "POST",
    path,
    googleApi(ctx, "calendar.events.watch", (call) => {
      const r = readable(ctx, call);
      const body = readJson(call.req);
      if (!isRecord(body)) throw googleErrors.required("Required", "id");
      const ch = body as calendar_v3.Schema$Channel;
      if (!ch.id) throw googleErrors.required("Required", "id");
      if (ch.id.length > CHANNEL_ID_MAX || !/^[A-Za-z0-9\-_+/=]+$/.test(ch.id)) throw googleErrors.invalid("Invalid channel id.", "id");
      if (ch.type !== "web_hook" && ch.type !== "webhook") throw googleErrors.invalid("Invalid channel type.", "type");
      if (!ch.address) throw googleErrors.required("Required", "address");
      // "This is your webhook callback URL, and it must use HTTPS" (push notifications guide); plain http only when
      // the emulator is configured for local receivers.
      const scheme = store.config.allowHttpWebhooks ? /^https?:\/\//i : /^https:\/\//i;
      if (!scheme.test(ch.address)) throw googleErrors.badRequest("push.webhookUrlNotHttps", "WebHook callback must be HTTPS: " + ch.address);
      if (ch.token && ch.token.length > CHANNEL_TOKEN_MAX) throw googleErrors.invalid("Invalid channel token.", "token");
      if (store.channels.has(ch.id)) throw googleErrors.badRequest("channelIdNotUnique", `Channel id ${ch.id} not unique`);
      const now = store.now();
      const ttlParam = ch.params?.ttl !== undefined ? Number(ch.params.ttl) : undefined;
      let ttlSeconds = ttlParam ?? store.config.channelDefaultTtlSeconds;
      if (ch.expiration) ttlSeconds = Math.min(ttlSeconds, (Number(ch.expiration) - now) / 1000);
      ttlSeconds = Math.max(1, Math.min(ttlSeconds, store.config.channelMaxTtlSeconds));
      const channel: ChannelRecord = {
        id: ch.id,
        resourceId: stableOpaqueId(`events:${r.calendar.id}`),
        resourceUri: `${call.req.baseUrl}/calendar/v3/calendars/${encodeURIComponent(r.calendar.id)}/events?alt=json`,
        calendarId: r.calendar.id,
        address: ch.address,
        ...(ch.token ? { token: ch.token } : {}),
        expiration: Math.floor(now + ttlSeconds * 1000),
        userEmail: call.token.userEmail,
        clientId: call.token.clientId,
        messageNumber: 0,
        stopped: false,
      };
      store.channels.set(channel.id, channel);
      store.changed();
      ctx.notifier.sync(channel);
      return json(200, {
        kind: "api#channel",
        id: channel.id,
        resourceId: channel.resourceId,
        resourceUri: channel.resourceUri,
        ...(channel.token ? { token: channel.token } : {}),
        expiration: String(channel.expiration),
      });
    }),
  );
}

export function registerChannels(router: Router, ctx: EmulatorContext): void {
  const { store } = ctx;
  router.add(
    "POST",
    "/calendar/v3/channels/stop",
    googleApi(ctx, "calendar.channels.stop", ({ req, token }) => {
      if (!token.scopes.some(isCalendarScope)) throw googleErrors.insufficientScopes();
      const body = readJson(req);
      const ch = (isRecord(body) ? body : {}) as calendar_v3.Schema$Channel;
      if (!ch.id) throw googleErrors.required("Required", "id");
      const channel = store.channels.get(ch.id);
      const project = store.clients.get(token.clientId)?.projectName ?? token.clientId;
      // Only the same user through the same OAuth client may stop a channel.
      if (
        !channel ||
        channel.stopped ||
        (ch.resourceId && channel.resourceId !== ch.resourceId) ||
        channel.userEmail !== token.userEmail ||
        channel.clientId !== token.clientId
      ) {
        throw googleErrors.notFound(`Channel '${ch.id}' not found for project '${project}'`);
      }
      channel.stopped = true;
      store.changed();
      return empty(204);
    }),
  );
}

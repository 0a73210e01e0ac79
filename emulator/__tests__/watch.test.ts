import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../index";
import { apiError, connect, type Connected, control, emulatorPerFile, webhookReceiver } from "./helpers";

let emu: Emulator;
let c: Connected;
let hook: Awaited<ReturnType<typeof webhookReceiver>>;
const email = "ann@example.com";
const event = { summary: "x", start: { dateTime: "2030-01-01T09:00:00Z" }, end: { dateTime: "2030-01-01T10:00:00Z" } };

emulatorPerFile(
  (started) => (emu = started),
  async () => {
    c = await connect(emu, email);
    hook = await webhookReceiver();
  },
);
afterEach(async () => {
  await emu.drainNotifications();
  await hook.close();
});

async function watch(id: string, extra: { token?: string; ttl?: string } = {}) {
  const res = await c.cal.events.watch({
    calendarId: "primary",
    requestBody: { id, type: "web_hook", address: hook.url, ...(extra.token ? { token: extra.token } : {}), ...(extra.ttl ? { params: { ttl: extra.ttl } } : {}) },
  });
  return res.data;
}

describe("events.watch and push notifications", () => {
  it("sends sync, then exists for every change, with Google's headers and increasing message numbers", async () => {
    const channel = await watch("chan-1", { token: "tenant=42", ttl: "3600" });
    expect(channel).toMatchObject({ kind: "api#channel", id: "chan-1", token: "tenant=42" });
    expect(channel.resourceId).toBeTruthy();
    expect(Number(channel.expiration)).toBeGreaterThan(Date.now() + 3500_000);
    await hook.waitFor(1);
    const ctl = control(emu);
    const created = await ctl.createEvent(email, "primary", event);
    await ctl.patchEvent(email, "primary", created.id ?? "", { summary: "y" });
    await ctl.deleteEvent(email, "primary", created.id ?? "");
    await hook.waitFor(4);
    const [sync, ...rest] = hook.received;
    expect(sync?.headers).toMatchObject({
      "x-goog-channel-id": "chan-1",
      "x-goog-channel-token": "tenant=42",
      "x-goog-resource-id": channel.resourceId,
      "x-goog-resource-state": "sync",
      "x-goog-message-number": "1",
    });
    expect(sync?.headers["x-goog-resource-uri"]).toContain("/calendar/v3/calendars/ann%40example.com/events");
    expect(new Date(String(sync?.headers["x-goog-channel-expiration"])).getTime()).toBe(Math.floor(Number(channel.expiration) / 1000) * 1000);
    expect(rest.map((n) => n.headers["x-goog-resource-state"])).toEqual(["exists", "exists", "exists"]);
    expect(hook.received.map((n) => Number(n.headers["x-goog-message-number"]))).toEqual([1, 2, 3, 4]);
    expect(hook.received.every((n) => n.body === "")).toBe(true);
  });

  it("notifies for changes made through the API itself", async () => {
    const own = (await c.cal.calendars.insert({ requestBody: { summary: "FieldSync" } })).data.id ?? "";
    await c.cal.events.watch({ calendarId: own, requestBody: { id: "chan-api", type: "web_hook", address: hook.url } });
    await c.cal.events.insert({ calendarId: own, requestBody: event });
    await hook.waitFor(2);
    expect(hook.received.map((n) => n.headers["x-goog-resource-state"])).toEqual(["sync", "exists"]);
  });

  it("notifies when a person edits the calendar in the accounts window", async () => {
    await watch("chan-ui");
    const form = new URLSearchParams({ email, calendarId: email, summary: "From the window", start: "2030-01-01T09:00", minutes: "30" });
    const res = await fetch(`${emu.url}/ui/events/create`, { method: "POST", body: form, redirect: "manual" });
    expect(res.status).toBe(303);
    await hook.waitFor(2);
    const list = await c.cal.events.list({ calendarId: "primary" });
    expect(list.data.items?.map((e) => e.summary)).toEqual(["From the window"]);
  });

  it("goes silent after channels.stop", async () => {
    const channel = await watch("chan-stop");
    await hook.waitFor(1);
    await c.cal.channels.stop({ requestBody: { id: channel.id, resourceId: channel.resourceId } });
    await control(emu).createEvent(email, "primary", event);
    await emu.drainNotifications();
    expect(hook.received).toHaveLength(1);
    const again = await apiError(c.cal.channels.stop({ requestBody: { id: channel.id, resourceId: channel.resourceId } }));
    expect(again.status).toBe(404);
  });

  it("goes silent once the channel expires", async () => {
    await watch("chan-ttl", { ttl: "60" });
    await hook.waitFor(1);
    await control(emu).advanceClock(61_000);
    await control(emu).createEvent(email, "primary", event);
    await emu.drainNotifications();
    expect(hook.received).toHaveLength(1);
  });

  it("refuses a second channel with the same id and stop by another OAuth client's user", async () => {
    const channel = await watch("chan-dup");
    expect((await apiError(watch("chan-dup"))).status).toBe(400);
    const other = await connect(emu, "bob@example.com");
    const foreign = await apiError(other.cal.channels.stop({ requestBody: { id: channel.id, resourceId: channel.resourceId } }));
    expect(foreign.status).toBe(404);
  });

  it("retries a 5xx webhook with backoff, keeping the message number", async () => {
    await hook.close();
    hook = await webhookReceiver((_n, i) => (i < 2 ? 503 : 200));
    await watch("chan-retry");
    await hook.waitFor(1, 2000);
    expect(hook.attempts).toHaveLength(3);
    expect(hook.attempts.map((a) => a.headers["x-goog-message-number"])).toEqual(["1", "1", "1"]);
    const log = (await control(emu).notifications()).items.filter((d) => d.channelId === "chan-retry");
    expect(log.map((d) => d.outcome)).toEqual(["retrying", "retrying", "delivered"]);
  });

  it("drops notifications when told to (fault), then delivers again", async () => {
    await control(emu).addFault({ kind: "dropNotifications", count: 1, match: { surface: "push" } });
    await watch("chan-drop");
    await control(emu).createEvent(email, "primary", event);
    await hook.waitFor(1);
    await emu.drainNotifications();
    expect(hook.received.map((n) => n.headers["x-goog-message-number"])).toEqual(["2"]);
  });
});

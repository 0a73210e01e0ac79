/**
 * A webhook storm (DESIGN §2 triggers, issue 6 "Load"): 1,000 push notifications for 50 watched calendars,
 * fired with autocannon at the real HTTP receiver that calls `handleGoogleNotification` (loopback only,
 * bounded by `amount`); the queued jobs run afterwards, as the cron or a request hook would run them.
 * Each calendar holds one real change (its own notification dropped, so the storm is the only signal).
 * Every notification must be answered 2xx, every calendar pulled, and the pulls coalesced: pending pull
 * jobs dedupe by calendar, so `events.list` calls stay near the number of real changes, not notifications.
 */
import autocannon from "autocannon";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { googleCalendars, googleChannels, googleEvents, syncJobs } from "../../db/schema";
import { runDueJobs } from "../jobs/run-jobs";
import { handleGoogleNotification } from "../triggers/webhook";
import { createSyncHarness, type SyncHarness } from "./sync-harness";

const ACCOUNTS = ["storm.a@gmail.com", "storm.b@gmail.com"] as const;
/** Per account: primary + 23 owned secondary calendars + the company calendar = 25 watched calendars. */
const SECONDARY_PER_ACCOUNT = 23;
const NOTIFICATIONS = 1_000;
const CONNECTIONS = 16;

let h: SyncHarness;
const statements = { count: 0 };

async function addSecondaryCalendar(email: string, summary: string) {
  const res = await fetch(`${h.emulator.url}/_emulator/users/${encodeURIComponent(email)}/calendars`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ summary, timeZone: "Australia/Sydney" }),
  });
  if (!res.ok) throw new Error(`secondary calendar: ${res.status}`);
}

beforeAll(async () => {
  h = await createSyncHarness({ bookingCount: 4, onQuery: () => (statements.count += 1) });
  for (const email of ACCOUNTS) {
    await h.control.addUser(email, email.split("@")[0], "Australia/Sydney");
    for (let i = 0; i < SECONDARY_PER_ACCOUNT; i++) await addSecondaryCalendar(email, `${email.split("@")[0]} crew ${i}`);
  }
  await h.connect("acme", "Maria", ACCOUNTS[0]);
  await h.connect("acme", "Tom", ACCOUNTS[1]);
  await h.settle();
}, 120_000);
afterAll(() => h?.close());

describe("a webhook storm", () => {
  it("answers 1,000 notifications for 50 calendars with 2xx, syncs every calendar and coalesces the pulls", async () => {
    const db = h.app.handle.db;
    const channels = await db.select().from(googleChannels).where(eq(googleChannels.active, true));
    expect(channels).toHaveLength(50);
    const calendars = await db.select().from(googleCalendars).where(inArray(googleCalendars.id, channels.map((c) => c.calendarRowId)));
    const accountEmail = new Map<string, string>();
    for (const email of ACCOUNTS) for (const calendar of h.emulator.store.calendars.values()) if (calendar.ownerEmail === email) accountEmail.set(calendar.id, email);

    // One real change per calendar, its own notification lost: only the storm can tell us.
    await h.control.addFault({ kind: "dropNotifications", match: { surface: "push" } });
    const tomorrow = Date.now() + 86_400_000;
    for (const calendar of calendars) {
      await h.control.createEvent(accountEmail.get(calendar.googleCalendarId) ?? "", calendar.googleCalendarId, {
        summary: `Storm change ${calendar.summary}`,
        start: { dateTime: new Date(tomorrow).toISOString() },
        end: { dateTime: new Date(tomorrow + 3_600_000).toISOString() },
      });
    }
    await h.control.clearFaults();
    await h.control.resetCounters();

    // Google's headers with the real per-channel token; message numbers increase per channel.
    const nextNumber = new Map(channels.map((c) => [c.id, (h.emulator.store.channels.get(c.id)?.messageNumber ?? 0) + 1]));
    const headerSets = Array.from({ length: NOTIFICATIONS }, (_, i) => {
      const channel = channels[i % channels.length]!;
      const number = nextNumber.get(channel.id)!;
      nextNumber.set(channel.id, number + 1);
      return {
        "x-goog-channel-id": channel.id,
        "x-goog-channel-token": h.emulator.store.channels.get(channel.id)?.token ?? "",
        "x-goog-resource-id": channel.resourceId ?? "",
        "x-goog-resource-state": "exists",
        "x-goog-message-number": String(number),
        "content-length": "0",
      };
    });
    let sent = 0;
    statements.count = 0;
    const started = Date.now();
    const result = await autocannon({
      url: `http://127.0.0.1:${process.env.TEST_APP_PORT}/api/google/webhook`,
      method: "POST",
      connections: CONNECTIONS,
      amount: NOTIFICATIONS,
      timeout: 10,
      requests: [{ method: "POST", setupRequest: (request) => ({ ...request, headers: headerSets[sent++ % NOTIFICATIONS] }) }],
    });
    const stormMs = Date.now() - started;
    const stormStatements = statements.count;
    // The jobs the storm queued run afterwards (cron / request hooks): one pull per dirty calendar.
    const jobs = await runDueJobs(db, { budgetMs: 30_000, random: () => 0 });
    await h.settle();

    const counters = await h.control.counters();
    const listCalls = counters["calendar.events.list"] ?? 0;
    const outcomes = h.webhook.outcomes.slice(-NOTIFICATIONS);
    const queued = outcomes.filter((o) => o.result === "queued").length;
    const figures = {
      notifications: NOTIFICATIONS,
      calendars: calendars.length,
      realChanges: calendars.length,
      stormMs,
      requestsPerSecond: Math.round(result.requests.average),
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      answered2xx: result["2xx"],
      non2xx: result.non2xx,
      errors: result.errors,
      accepted: queued,
      duplicates: outcomes.filter((o) => o.result === "duplicate").length,
      eventsListCalls: listCalls,
      listCallsPerNotification: Number((listCalls / NOTIFICATIONS).toFixed(3)),
      pullJobsRun: jobs.claimed,
      statementsDuringStorm: stormStatements,
    };
    console.log(`[webhook-storm] ${JSON.stringify(figures)}`);

    expect(result["2xx"]).toBe(NOTIFICATIONS);
    expect(result.non2xx + result.errors + result.timeouts).toBe(0);
    // Every calendar synced: pulled after the storm began, change imported (the company calendar only holds ours).
    const after = await db.select().from(googleCalendars).where(inArray(googleCalendars.id, calendars.map((c) => c.id)));
    for (const calendar of after) {
      expect(calendar.dirty).toBe(false);
      expect(calendar.lastPulledAt!.getTime()).toBeGreaterThanOrEqual(started - 1_000);
    }
    const imported = await db.select({ calendarRowId: googleEvents.calendarRowId }).from(googleEvents).where(inArray(googleEvents.calendarRowId, calendars.map((c) => c.id)));
    const importedCalendars = new Set(imported.filter((e) => e).map((e) => e.calendarRowId));
    for (const calendar of after.filter((c) => !c.isCompanyCalendar)) expect(importedCalendars.has(calendar.id)).toBe(true);
    // Coalesced: at least one list per changed calendar, nowhere near one per notification.
    expect(listCalls).toBeGreaterThanOrEqual(calendars.length);
    expect(listCalls).toBeLessThanOrEqual(calendars.length * 2);
    // No job lost: nothing pending, running or failed.
    const open = await db.select().from(syncJobs).where(inArray(syncJobs.status, ["pending", "running", "failed"]));
    expect(open).toHaveLength(0);
  }, 120_000);

  it("writes notifications that arrive together in a few statements, each still decided on its own", async () => {
    const db = h.app.handle.db;
    const channels = (await db.select().from(googleChannels).where(eq(googleChannels.active, true))).slice(0, 20);
    await db.update(googleCalendars).set({ dirty: false }).where(inArray(googleCalendars.id, channels.map((c) => c.calendarRowId)));
    const headersOf = (channel: (typeof channels)[number], number: number, token = h.emulator.store.channels.get(channel.id)?.token ?? "") =>
      new Headers({
        "x-goog-channel-id": channel.id,
        "x-goog-channel-token": token,
        "x-goog-resource-id": channel.resourceId ?? "",
        "x-goog-resource-state": "exists",
        "x-goog-message-number": String(number),
      });
    // Ten new numbers per channel, one delivered twice, and one forged token: 222 requests at the same moment,
    // as Google's echo of a bulk write arrives.
    const burst = channels.flatMap((channel) => Array.from({ length: 10 }, (_, i) => headersOf(channel, channel.lastMessageNumber + 1 + i)));
    burst.push(headersOf(channels[0]!, channels[0]!.lastMessageNumber + 10));
    burst.push(headersOf(channels[1]!, channels[1]!.lastMessageNumber + 11, "forged"));
    statements.count = 0;
    const outcomes = await Promise.all(burst.map((headers) => handleGoogleNotification(db, headers)));
    // The first goes at once; the rest wait for it and go together: two statements a batch.
    expect(statements.count).toBeLessThanOrEqual(6);
    expect(outcomes.filter((o) => o.result === "queued")).toHaveLength(200);
    expect(outcomes.filter((o) => o.result === "duplicate")).toHaveLength(1);
    expect(outcomes.filter((o) => o.result === "unauthorized")).toHaveLength(1);
    const after = await db.select().from(googleChannels).where(inArray(googleChannels.id, channels.map((c) => c.id)));
    for (const channel of after) expect(channel.lastMessageNumber).toBe(channels.find((c) => c.id === channel.id)!.lastMessageNumber + 10);
    const calendars = await db.select().from(googleCalendars).where(inArray(googleCalendars.id, channels.map((c) => c.calendarRowId)));
    for (const calendar of calendars) expect(calendar.dirty).toBe(true);
    const pulls = await db.select().from(syncJobs).where(and(eq(syncJobs.kind, "pull_calendar"), eq(syncJobs.status, "pending"), inArray(syncJobs.calendarRowId, channels.map((c) => c.calendarRowId))));
    expect(pulls).toHaveLength(channels.length);
    await h.settle();
  });
});

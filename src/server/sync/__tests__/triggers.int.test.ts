import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as cronRoute } from "../../../app/api/cron/sync/route";
import { googleAccounts, googleCalendars, googleChannels, googleEvents, googleQuotaWindows, syncJobs, syncLog } from "../../db/schema";
import { pullJob } from "../enqueue";
import { acquireAccountQuota } from "../io/rate-limit";
import { parseJobRow, toJobRow } from "../outbox/jobs";
import { runCronSweep } from "../triggers/cron-sweep";
import { handleGoogleNotification } from "../triggers/webhook";
import { createSyncHarness, type SyncHarness } from "./sync-harness";

const GOOGLE_EMAIL = "aisha.khan@gmail.com";
let h: SyncHarness;
let aishaId: string;
let accountId: string;

const jobCount = async () => (await h.app.handle.db.select({ n: count() }).from(syncJobs))[0]?.n ?? 0;
const dirtyCount = async () => (await h.app.handle.db.select({ n: count() }).from(googleCalendars).where(eq(googleCalendars.dirty, true)))[0]?.n ?? 0;
const liveChannelsInGoogle = async () => (await h.control.channels()).items.filter((c) => c.live);

beforeAll(async () => {
  h = await createSyncHarness();
  ({ fieldworkerId: aishaId, accountId } = await h.connect("acme", "Aisha", GOOGLE_EMAIL));
  await h.settle();
});
afterAll(() => h?.close());

describe("the Google webhook", () => {
  async function aChannel() {
    const [channel] = await h.app.handle.db.select().from(googleChannels).where(eq(googleChannels.active, true)).limit(1);
    return channel!;
  }
  const headers = (values: Record<string, string>) => new Headers(values);

  it("refuses bad, unknown, forged and oversized notifications and writes nothing", async () => {
    const channel = await aChannel();
    const before = { jobs: await jobCount(), dirty: await dirtyCount() };
    const valid = {
      "x-goog-channel-id": channel.id,
      "x-goog-channel-token": "not-the-token",
      "x-goog-resource-id": channel.resourceId ?? "r",
      "x-goog-resource-state": "exists",
      "x-goog-message-number": "99",
    };
    expect(await handleGoogleNotification(h.app.handle.db, headers({}))).toMatchObject({ status: 400 });
    expect(await handleGoogleNotification(h.app.handle.db, headers({ ...valid, "x-goog-channel-id": "unknown-channel" }))).toMatchObject({ status: 404 });
    expect(await handleGoogleNotification(h.app.handle.db, headers(valid))).toMatchObject({ status: 401 });
    expect(await handleGoogleNotification(h.app.handle.db, headers({ ...valid, "x-goog-channel-id": "x".repeat(5_000) }))).toMatchObject({ status: 400 });
    expect(await handleGoogleNotification(h.app.handle.db, headers({ ...valid, "x-goog-message-number": "1e99" }))).toMatchObject({ status: 400 });
    expect(await handleGoogleNotification(h.app.handle.db, headers({ ...valid, "x-goog-resource-state": "bogus" }))).toMatchObject({ status: 400 });
    expect({ jobs: await jobCount(), dirty: await dirtyCount() }).toEqual(before);
  });

  it("queues one pull per real change and ignores replayed message numbers", async () => {
    await h.control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, { summary: "Standup", start: { dateTime: new Date(Date.now() + 86_400_000).toISOString() }, end: { dateTime: new Date(Date.now() + 90_000_000).toISOString() } });
    await h.emulator.drainNotifications();
    const queued = h.webhook.outcomes.filter((o) => o.result === "queued");
    expect(queued.length).toBeGreaterThan(0);
    const deliveries = (await h.control.notifications()).items.filter((d) => d.state === "exists");
    const last = deliveries.at(-1)!;
    const [channel] = await h.app.handle.db.select().from(googleChannels).where(eq(googleChannels.id, last.channelId));
    expect(channel?.lastMessageNumber).toBe(last.messageNumber);
    await h.settle();
    const before = await jobCount();
    // The same message again (Google retries): acknowledged, nothing queued.
    const replay = await handleGoogleNotification(h.app.handle.db, new Headers({
      "x-goog-channel-id": last.channelId,
      "x-goog-channel-token": h.emulator.store.channels.get(last.channelId)?.token ?? "",
      "x-goog-resource-id": channel!.resourceId ?? "",
      "x-goog-resource-state": "exists",
      "x-goog-message-number": String(last.messageNumber),
    }));
    expect(replay).toEqual({ status: 200, result: "duplicate" });
    expect(await jobCount()).toBe(before);
  });

  it("stores the pull it queues exactly as the outbox stores that job (its row mapping and dedupe key)", async () => {
    const channel = await aChannel();
    await h.settle();
    const [calendar] = await h.app.handle.db.select().from(googleCalendars).where(eq(googleCalendars.id, channel.calendarRowId));
    const [account] = await h.app.handle.db.select().from(googleAccounts).where(eq(googleAccounts.id, calendar!.googleAccountId));
    const outcome = await handleGoogleNotification(h.app.handle.db, new Headers({
      "x-goog-channel-id": channel.id,
      "x-goog-channel-token": h.emulator.store.channels.get(channel.id)?.token ?? "",
      "x-goog-resource-id": channel.resourceId ?? "",
      "x-goog-resource-state": "exists",
      "x-goog-message-number": String(channel.lastMessageNumber + 1),
    }));
    expect(outcome).toEqual({ status: 200, result: "queued", calendarRowId: channel.calendarRowId });
    const expected = toJobRow(pullJob(account!.companyId, channel.calendarRowId, account!.id));
    const [row] = await h.app.handle.db.select().from(syncJobs).where(and(eq(syncJobs.dedupeKey, expected.dedupeKey), eq(syncJobs.status, "pending")));
    expect(row).toMatchObject(expected);
    expect(parseJobRow(row!)).toEqual({ kind: "pull_calendar", companyId: account!.companyId, calendarRowId: channel.calendarRowId, googleAccountId: account!.id });
    await h.settle();
  });
});

describe("webhook message numbers", () => {
  const notification = async (messageNumber: string) => {
    const [channel] = await h.app.handle.db.select().from(googleChannels).where(eq(googleChannels.active, true)).limit(1);
    return {
      channel: channel!,
      headers: new Headers({
        "x-goog-channel-id": channel!.id,
        "x-goog-channel-token": h.emulator.store.channels.get(channel!.id)?.token ?? "",
        "x-goog-resource-id": channel!.resourceId ?? "",
        "x-goog-resource-state": "exists",
        "x-goog-message-number": messageNumber,
      }),
    };
  };

  it("a valid token with message number 999999999 does not silence the channel's later notifications", async () => {
    await h.settle();
    const forged = await notification("999999999");
    expect(await handleGoogleNotification(h.app.handle.db, forged.headers)).toMatchObject({ status: 200, result: "queued" });
    const [after] = await h.app.handle.db.select().from(googleChannels).where(eq(googleChannels.id, forged.channel.id));
    // Far outside the channel's range: logged, the channel's state does not move.
    expect(after?.lastMessageNumber).toBe(forged.channel.lastMessageNumber);
    await h.settle();
    const seen = h.webhook.outcomes.length;
    await h.control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, { summary: "After the wild number", start: { dateTime: new Date(Date.now() + 2 * 86_400_000).toISOString() }, end: { dateTime: new Date(Date.now() + 2 * 86_400_000 + 3_600_000).toISOString() } });
    await h.emulator.drainNotifications();
    const later = h.webhook.outcomes.slice(seen);
    expect(later.some((o) => o.result === "queued")).toBe(true);
    await h.settle();
    const imported = await h.app.handle.db.select({ n: count() }).from(googleEvents).where(eq(googleEvents.summary, "After the wild number"));
    expect(imported[0]?.n).toBe(1);
  });

  it("accepts message numbers of any length (Google documents no maximum) and still de-duplicates the latest", async () => {
    const long = await notification("1".repeat(25));
    expect(await handleGoogleNotification(h.app.handle.db, long.headers)).toMatchObject({ status: 200, result: "queued" });
    const latest = await notification(String(long.channel.lastMessageNumber));
    expect(await handleGoogleNotification(h.app.handle.db, latest.headers)).toEqual({ status: 200, result: "duplicate" });
    // An older number is a late retry or out of order: it is looked at, never ignored for good.
    const older = await notification("0");
    expect(await handleGoogleNotification(h.app.handle.db, older.headers)).toMatchObject({ status: 200, result: "queued" });
  });
});

describe("the cron", () => {
  it("refuses requests without the bearer secret", async () => {
    expect((await cronRoute(new Request("http://localhost/api/cron/sync"))).status).toBe(401);
    expect((await cronRoute(new Request("http://localhost/api/cron/sync", { headers: { authorization: "Bearer wrong" } }))).status).toBe(401);
  });

  it("renews a channel that expires within a day: new channel first, then the old one stopped", async () => {
    const [old] = await h.app.handle.db.select().from(googleChannels).where(eq(googleChannels.active, true)).limit(1);
    await h.app.handle.db.update(googleChannels).set({ expiresAt: new Date(Date.now() + 3_600_000) }).where(eq(googleChannels.id, old!.id));
    const report = await runCronSweep(h.app.handle.db, { budgetMs: 20_000 });
    expect(report.channelsRenewed).toBe(1);
    const live = await liveChannelsInGoogle();
    expect(live.some((c) => c.id === old!.id)).toBe(false);
    const replacement = await h.app.handle.db.select().from(googleChannels).where(eq(googleChannels.calendarRowId, old!.calendarRowId));
    expect(replacement.filter((c) => c.active)).toHaveLength(1);
  });
});

describe("channel trouble", () => {
  it("logs a channel that could not be renewed on the fieldworker's sync log, and keeps the old one until then", async () => {
    const [old] = await h.app.handle.db.select().from(googleChannels).where(eq(googleChannels.active, true)).limit(1);
    await h.app.handle.db.update(googleChannels).set({ expiresAt: new Date(Date.now() + 3_600_000) }).where(eq(googleChannels.id, old!.id));
    await h.control.addFault({ kind: "error", status: 500, match: { surface: "calendar", path: "/watch" }, count: 10 });
    const report = await runCronSweep(h.app.handle.db, { budgetMs: 20_000 });
    await h.control.clearFaults();
    expect(report.channelErrors).toBeGreaterThanOrEqual(1);
    const logs = await h.app.handle.db.select().from(syncLog).where(eq(syncLog.action, "watch_channel"));
    expect(logs.some((l) => l.fieldworkerId === aishaId && l.outcome === "retry")).toBe(true);
    const [still] = await h.app.handle.db.select().from(googleChannels).where(eq(googleChannels.id, old!.id));
    expect(still?.active).toBe(true);
    expect((await runCronSweep(h.app.handle.db, { budgetMs: 20_000 })).channelsRenewed).toBe(1);
  });
});

describe("revoked access", () => {
  it("marks the account as needing reconnection, keeps the job waiting for the reconnection and logs it", async () => {
    await h.control.revokeTokens({ email: GOOGLE_EMAIL });
    await h.control.expireAccessTokens({ email: GOOGLE_EMAIL });
    await h.app.handle.db.update(googleAccounts).set({ accessTokenExpiresAt: new Date(0) }).where(eq(googleAccounts.id, accountId));
    const maria = await h.app.callerAs("aisha@acme.test");
    await maria.unavailable.create({ startsAt: new Date(Date.now() + 3 * 86_400_000), endsAt: new Date(Date.now() + 3 * 86_400_000 + 3_600_000), note: "Vet" });
    await h.runJobs();
    const [account] = await h.app.handle.db.select().from(googleAccounts).where(eq(googleAccounts.id, accountId));
    expect(account?.status).toBe("needs_reconnection");
    // Issue #12/#14: nothing is lost while the grant is gone: the push waits (parked) for the reconnection.
    const failed = await h.app.handle.db.select().from(syncJobs).where(eq(syncJobs.status, "failed"));
    expect(failed).toEqual([]);
    const waiting = await h.app.handle.db.select().from(syncJobs).where(and(eq(syncJobs.status, "pending"), eq(syncJobs.fieldworkerId, aishaId)));
    expect(waiting.some((j) => j.kind === "push_unavailable" && j.parkedAt !== null)).toBe(true);
    const logs = await h.app.handle.db.select().from(syncLog).where(eq(syncLog.outcome, "failed"));
    expect(logs.some((l) => l.fieldworkerId === aishaId)).toBe(true);
    const status = await maria.googleSync.status({ fieldworkerId: aishaId });
    expect(status.status.kind).toBe("needs_reconnection");
  });
});

describe("the per-account rate limiter", () => {
  it("holds a worker back once the account's budget for the minute is spent", async () => {
    const [account] = await h.app.handle.db.select().from(googleAccounts).where(eq(googleAccounts.id, accountId));
    await h.app.handle.db.delete(googleQuotaWindows);
    const tight = { limit: 2, windowMs: 61_000 };
    await acquireAccountQuota(h.app.handle.db, account!, 1, tight);
    await acquireAccountQuota(h.app.handle.db, account!, 1, tight);
    await expect(acquireAccountQuota(h.app.handle.db, account!, 1, tight)).rejects.toMatchObject({ code: "TEMPORARY", reason: "localRateLimit" });
  });
});

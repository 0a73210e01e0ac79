import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authRateLimits, googleAccounts, googleChannels, syncJobs } from "../../db/schema";
import { CHANNEL_RENEW_BEFORE_MS } from "../io/channels";
import { runCronSweep } from "../triggers/cron-sweep";
import { createSyncHarness, type SyncHarness } from "./sync-harness";

/**
 * On Vercel Hobby the cron runs once a day. Whatever depends on the sweep must still happen in time when
 * sweeps are 24 hours apart (give or take Vercel's scheduling slack): channels are renewed while they
 * still have more than a day to live, and a calendar list refreshed yesterday is refreshed again today.
 */
const HOUR = 3_600_000;
let h: SyncHarness;
let accountId: string;

const activeChannels = () => h.app.handle.db.select().from(googleChannels).where(eq(googleChannels.active, true));

beforeAll(async () => {
  h = await createSyncHarness({ bookingCount: 2 });
  ({ accountId } = await h.connect("acme", "Aisha", "aisha.khan@gmail.com"));
  await h.settle();
});
afterAll(() => h?.close());

describe("a daily cron", () => {
  it("renews a channel expiring in 30 hours (the next daily sweep would come too late) and keeps one with 60 hours left", async () => {
    expect(CHANNEL_RENEW_BEFORE_MS).toBeGreaterThanOrEqual(48 * HOUR);
    const [soon, later] = await activeChannels();
    expect(later).toBeDefined();
    const now = Date.now();
    await h.app.handle.db.update(googleChannels).set({ expiresAt: new Date(now + 30 * HOUR) }).where(eq(googleChannels.id, soon!.id));
    await h.app.handle.db.update(googleChannels).set({ expiresAt: new Date(now + 60 * HOUR) }).where(eq(googleChannels.id, later!.id));

    const report = await runCronSweep(h.app.handle.db, { budgetMs: 20_000 });

    expect(report.channelsRenewed).toBe(1);
    const active = await activeChannels();
    expect(active.map((c) => c.id)).not.toContain(soon!.id);
    expect(active.map((c) => c.id)).toContain(later!.id);
    const replacement = active.find((c) => c.calendarRowId === soon!.calendarRowId);
    // The replacement lives as long as Google grants (the emulator, like Google, caps what we ask for).
    expect(replacement!.expiresAt.getTime() - now).toBeGreaterThan(6 * 24 * HOUR);
  });

  it("refreshes a calendar list last refreshed 23 hours ago", async () => {
    await h.app.handle.db.update(googleAccounts).set({ calendarListRefreshedAt: new Date(Date.now() - 23 * HOUR) }).where(eq(googleAccounts.id, accountId));
    await h.app.handle.db.delete(syncJobs);
    const report = await runCronSweep(h.app.handle.db, { budgetMs: 0 });
    expect(report.calendarListsQueued).toBe(1);
    const queued = await h.app.handle.db
      .select()
      .from(syncJobs)
      .where(and(eq(syncJobs.kind, "refresh_calendar_list"), eq(syncJobs.googleAccountId, accountId)));
    expect(queued).toHaveLength(1);
  });

  it("forgets sign-in attempt windows older than a day and keeps the current ones", async () => {
    const db = h.app.handle.db;
    await db.insert(authRateLimits).values([
      { key: "stale-window", windowStartedAt: new Date(Date.now() - 25 * HOUR), attempts: 3 },
      { key: "current-window", windowStartedAt: new Date(Date.now() - 5 * 60_000), attempts: 2 },
    ]);
    await runCronSweep(db, { budgetMs: 0 });
    const keys = (await db.select({ key: authRateLimits.key }).from(authRateLimits)).map((row) => row.key);
    expect(keys).toContain("current-window");
    expect(keys).not.toContain("stale-window");
  });
});

/**
 * The cron over many connected fieldworkers (DESIGN §6, issue 6 "Load"): a sweep with a small time budget
 * must stop claiming when the budget is spent and leave the rest queued, so the next run carries on —
 * nothing processed twice, nothing lost. Fieldworker rows are written directly (the real OAuth flow runs
 * for the five Google accounts they share), so setup stays fast. Each fieldworker has one unavailable
 * block waiting to be pushed, and every calendar is overdue for its safety pull.
 * 200 fieldworkers by default; 1,000 when SOAK_RUNS is set (`npm run test:soak`).
 */
import { and, count, eq, gte, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fieldworkerGoogleConnections, fieldworkers, googleAccounts, googleCalendars, syncJobs, unavailableBlocks } from "../../db/schema";
import { unavailableEventId } from "../core/event-ids";
import { outbox } from "../outbox";
import { runCronSweep, type CronReport } from "../triggers/cron-sweep";
import { createSyncHarness, type SyncHarness } from "./sync-harness";

const FIELDWORKERS = process.env.SOAK_RUNS ? 1_000 : 200;
const BUDGET_MS = 1_000;
const SEEDED = ["Maria", "Tom", "Aisha", "Ben", "Acme"] as const;

let h: SyncHarness;
let blockIds: string[] = [];
let queuedFrom: Date;
const accountIds: string[] = [];

beforeAll(async () => {
  h = await createSyncHarness({ bookingCount: 4 });
  for (const [i, name] of SEEDED.entries()) accountIds.push((await h.connect("acme", name, `scale.${i}@gmail.com`)).accountId);
  await h.settle();

  const db = h.app.handle.db;
  const companyId = h.app.acme.company.id;
  const crew = await db
    .insert(fieldworkers)
    .values(Array.from({ length: FIELDWORKERS }, (_, i) => ({ companyId, displayName: `Crew ${i}`, email: `crew${i}@acme.test` })))
    .returning({ id: fieldworkers.id });
  await db.insert(fieldworkerGoogleConnections).values(crew.map((f, i) => ({ fieldworkerId: f.id, companyId, googleAccountId: accountIds[i % accountIds.length]!, connectedAt: new Date() })));
  const start = Date.now() + 3 * 86_400_000;
  const blocks = await db
    .insert(unavailableBlocks)
    .values(crew.map((f, i) => ({ companyId, fieldworkerId: f.id, startsAt: new Date(start + i * 3_600_000), endsAt: new Date(start + i * 3_600_000 + 1_800_000), note: `Leave ${i}` })))
    .returning({ id: unavailableBlocks.id, fieldworkerId: unavailableBlocks.fieldworkerId });
  blockIds = blocks.map((b) => b.id);
  queuedFrom = new Date();
  await outbox.enqueue(
    db,
    blocks.map((b) => ({ companyId, kind: "push_unavailable" as const, unavailableBlockId: b.id, fieldworkerId: b.fieldworkerId })),
  );
  await db.update(googleCalendars).set({ lastPulledAt: new Date(Date.now() - 7 * 3_600_000) });
  await h.control.resetCounters();
}, 120_000);
afterAll(() => h?.close());

describe(`the cron over ${FIELDWORKERS} connected fieldworkers`, () => {
  it("stops at its time budget and hands over to the next run: nothing done twice, nothing lost", async () => {
    const db = h.app.handle.db;
    const reports: CronReport[] = [];
    for (let run = 0; run < 50; run++) {
      const report = await runCronSweep(db, { budgetMs: BUDGET_MS });
      reports.push(report);
      // Handed over cleanly: no job left claimed (a lease only a crash would leave behind).
      const [running] = await db.select({ n: count() }).from(syncJobs).where(eq(syncJobs.status, "running"));
      expect(running?.n).toBe(0);
      // Stopping for the budget means finishing the batch in hand, not running on.
      expect(report.elapsedMs).toBeLessThan(BUDGET_MS + 15_000);
      expect(report.jobs.claimed).toBe(report.jobs.done + report.jobs.skipped + report.jobs.retried + report.jobs.failed);
      if (!report.jobs.stoppedForBudget) break;
    }
    console.log(`[cron-scale] ${JSON.stringify({ fieldworkers: FIELDWORKERS, budgetMs: BUDGET_MS, runs: reports.length, reports: reports.map((r) => ({ ...r.jobs, pullsQueued: r.pullsQueued, elapsedMs: r.elapsedMs })) })}`);

    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports[0]!.jobs.stoppedForBudget).toBe(true);
    expect(reports.at(-1)!.jobs.stoppedForBudget).toBe(false);
    // Nothing twice: one insert per block, across every run.
    const counters = await h.control.counters();
    expect(counters["calendar.events.insert"]).toBe(FIELDWORKERS);
    expect(counters["calendar.events.update"] ?? 0).toBe(0);
    // Nothing lost: every block is in Google, every job finished, none failed or still queued.
    const calendars = await db.select({ id: googleAccounts.companyCalendarId }).from(googleAccounts).where(inArray(googleAccounts.id, accountIds));
    const inGoogle = new Set(calendars.flatMap((c) => [...h.emulator.store.eventsOf(c.id ?? "").keys()]));
    expect(blockIds.filter((id) => !inGoogle.has(unavailableEventId(id)))).toEqual([]);
    const unfinished = await db.select().from(syncJobs).where(inArray(syncJobs.status, ["pending", "running", "failed"]));
    expect(unfinished).toEqual([]);
    // Every job queued since (the pushes, the sweep's pulls) was claimed exactly once.
    const claimed = reports.reduce((sum, r) => sum + r.jobs.claimed, 0);
    const [jobRows] = await db.select({ n: count() }).from(syncJobs).where(gte(syncJobs.createdAt, queuedFrom));
    expect(claimed).toBe(jobRows?.n);
    // The overdue pulls: each sweep offers them again while they wait (deduped by the pending job), and the
    // pushes' own push notifications add a few; each pull job lists its calendar exactly once.
    const pulls = await db.select().from(syncJobs).where(and(eq(syncJobs.kind, "pull_calendar"), gte(syncJobs.createdAt, queuedFrom)));
    expect(new Set(pulls.map((p) => p.calendarRowId)).size).toBe(reports[0]!.pullsQueued);
    expect(counters["calendar.events.list"]).toBe(pulls.length);
  }, 180_000);
});

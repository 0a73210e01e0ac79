import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookingEventId } from "../core/event-ids";
import { runDueJobs } from "../jobs/run-jobs";
import { createSpreadBookings, createSyncHarness, type SyncHarness } from "./sync-harness";

let h: SyncHarness;
const crew: string[] = [];

const createBookings = (count: number, dayOffset: number) => createSpreadBookings(h, count, dayOffset, crew, "Batch job");

async function copyExists(bookingId: string, fieldworkerId: string) {
  const calendar = await h.companyCalendarOf(fieldworkerId);
  return h.emulator.store.eventsOf(calendar.googleCalendarId).get(bookingEventId(bookingId))?.event.status === "confirmed";
}

beforeAll(async () => {
  h = await createSyncHarness({ bookingCount: 0 });
  for (const [name, email] of [
    ["Maria", "batch.maria@gmail.com"],
    ["Tom", "batch.tom@gmail.com"],
    ["Aisha", "batch.aisha@gmail.com"],
  ] as const) {
    crew.push((await h.connect("acme", name, email)).fieldworkerId);
  }
  await h.settle();
});
afterAll(() => h?.close());

describe("pushing through Google's HTTP batch", () => {
  it("sends concurrent jobs' calls for several accounts in shared batch requests", async () => {
    const created = await createBookings(30, 2);
    await h.control.resetCounters();
    await runDueJobs(h.app.handle.db, { budgetMs: 30_000, concurrency: 30, batchSize: 30, random: () => 0 });
    const counters = await h.control.counters();
    expect(counters["calendar.batch"]).toBeGreaterThanOrEqual(1);
    expect(counters["calendar.batch.parts"]).toBeGreaterThanOrEqual(20);
    expect(counters["calendar.events.insert"]).toBe(30);
    for (const { bookingId, fieldworkerId } of created) expect(await copyExists(bookingId, fieldworkerId)).toBe(true);
  });

  it("retries failed parts on their own until every event is written", async () => {
    const created = await createBookings(12, 8);
    await h.control.addFault({ kind: "error", status: 503, match: { surface: "calendar", method: "POST" }, count: 4 });
    await runDueJobs(h.app.handle.db, { budgetMs: 30_000, concurrency: 12, batchSize: 12, random: () => 0 });
    await h.control.clearFaults();
    await h.settle();
    for (const { bookingId, fieldworkerId } of created) expect(await copyExists(bookingId, fieldworkerId)).toBe(true);
  });
});

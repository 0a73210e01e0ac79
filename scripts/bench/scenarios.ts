import { randomUUID } from "node:crypto";
import { addDays, addMinutes, startOfMonth } from "date-fns";
import { and, eq, inArray, sql } from "drizzle-orm";
import superjson from "superjson";
import type { Session } from "next-auth";
import { MONTH_VIEW_ITEMS_PER_DAY } from "~/lib/month-view";
import { createCaller } from "~/server/api/root";
import {
  bookingAssignments,
  bookings,
  fieldworkerGoogleConnections,
  fieldworkers,
  googleAccounts,
  googleCalendars,
  googleEvents,
  syncJobs,
  syncLog,
  users,
} from "~/server/db/schema";
import { loadSessionIdentity } from "~/server/db/queries/users";
import { setCalendarBatching } from "~/server/google/oauth-client";
import { openGoogleSession } from "~/server/sync/io/google-session";
import { bookingPushJob } from "~/server/sync/enqueue";
import { outbox } from "~/server/sync/outbox";
import { runDueJobs } from "~/server/sync/jobs/run-jobs";
import { pullCalendar } from "~/server/sync/io/pull-calendar";
import { runCronSweep } from "~/server/sync/triggers/cron-sweep";
import type { BenchWorld } from "./bench-world";
import { seedBenchCompany } from "./bench-world";
import { measure, percentile, type Measurement } from "./measure";

export interface ScenarioResult {
  name: string;
  fieldsync: Measurement & Record<string, number>;
  baseline?: Measurement & Record<string, number>;
  notes: string[];
}

const DAY_MS = 86_400_000;

async function callerFor(world: BenchWorld, email: string) {
  const [user] = await world.handle.db.select().from(users).where(eq(users.email, email));
  const identity = await loadSessionIdentity(world.handle.db, user!.id);
  const session: Session = { user: identity!, expires: new Date(Date.now() + 3_600_000).toISOString() };
  return createCaller({ db: world.handle.db, session, headers: new Headers() });
}

/** Totals of a repeated measurement, divided per repetition (peak RSS stays a peak). */
function perChange(m: Measurement, runs: number): Measurement {
  return { ...m, wallMs: m.wallMs / runs, googleOperations: m.googleOperations / runs, googleRequests: m.googleRequests / runs, dbStatements: m.dbStatements / runs };
}

/** A Google user with `calendars` calendars of `perCalendar` event instances: timed, all-day and weekly recurring. */
function googleUserSeed(email: string, calendars: number, perCalendar: number) {
  const now = Date.now();
  const events = (calendarIndex: number) => {
    const list: Record<string, unknown>[] = [];
    const recurring = Math.floor(perCalendar * 0.015);
    for (let i = 0; i < recurring; i++) {
      const start = new Date(now + (i % 7) * DAY_MS + 8 * 3_600_000);
      list.push({ summary: `Weekly ${calendarIndex}-${i}`, start: { dateTime: start.toISOString(), timeZone: "Australia/Sydney" }, end: { dateTime: new Date(start.getTime() + 3_600_000).toISOString(), timeZone: "Australia/Sydney" }, recurrence: ["RRULE:FREQ=WEEKLY;COUNT=10"] });
    }
    const singles = perCalendar - recurring * 10;
    for (let i = 0; i < singles; i++) {
      const day = new Date(now + ((i * 7) % 300) * DAY_MS);
      if (i % 7 === 0) {
        const date = day.toISOString().slice(0, 10);
        list.push({ summary: `All day ${calendarIndex}-${i}`, start: { date }, end: { date: new Date(day.getTime() + DAY_MS).toISOString().slice(0, 10) } });
      } else {
        const start = new Date(day.getTime() + (i % 10) * 3_600_000);
        list.push({ summary: `Event ${calendarIndex}-${i}`, start: { dateTime: start.toISOString() }, end: { dateTime: new Date(start.getTime() + 1_800_000).toISOString() } });
      }
    }
    return list;
  };
  return {
    email,
    timeZone: "Australia/Sydney",
    events: events(0),
    calendars: Array.from({ length: calendars - 1 }, (_, i) => ({ summary: `Calendar ${i + 1}`, events: events(i + 1) })),
  };
}

/** 1 + 2: a fieldworker with 5 calendars connects (first import), then single changes arrive by webhook. */
export async function firstImportAndIncremental(world: BenchWorld, quick: boolean): Promise<ScenarioResult[]> {
  const perCalendar = quick ? 400 : 2_000;
  const runs = quick ? 20 : 100;
  const company = await seedBenchCompany(world);
  const maria = company.crew[0]!;
  const email = "bench.maria@gmail.com";
  await world.control.seed({ users: [googleUserSeed(email, 5, perCalendar)] });
  await world.connect(company.company.id, maria.id, email);

  world.webhookRunsJobs.value = false;
  const firstImport = await measure(world.control, world.queries, () => world.runJobs());
  const counters = await world.control.counters();
  const imported = (await world.handle.db.select({ id: googleEvents.id }).from(googleEvents).where(eq(googleEvents.kind, "foreign"))).length;

  const calendars = await world.handle.db.select().from(googleCalendars).where(eq(googleCalendars.selected, true));
  const session = await openGoogleSession(world.handle.db, calendars[0]!.googleAccountId);
  const naiveImport = await measure(world.control, world.queries, async () => {
    for (const calendar of calendars) {
      await pullCalendar(world.handle.db, session, { ...calendar, syncToken: null }, { companyId: company.company.id, timeZone: company.company.timeZone, direction: "two_way", now: new Date() });
    }
  });

  // Incremental: one event created in Google → push notification → webhook → pull → visible through calendar.range.
  world.webhookRunsJobs.value = true;
  const caller = await callerFor(world, "maria@acme.test");
  const range = { start: new Date(Date.now() - DAY_MS), end: new Date(Date.now() + 10 * DAY_MS) };
  const latencies: number[] = [];
  const incremental = await measure(world.control, world.queries, async () => {
    for (let i = 0; i < runs; i++) {
      const start = new Date(Date.now() + (1 + (i % 8)) * DAY_MS);
      const summary = `Change ${i}`;
      const t0 = performance.now();
      await world.control.createEvent(email, email, { summary, start: { dateTime: start.toISOString() }, end: { dateTime: new Date(start.getTime() + 3_600_000).toISOString() } });
      for (;;) {
        const result = await caller.calendar.range(range);
        if (result.google.some((g) => g.title === summary)) break;
        if (performance.now() - t0 > 10_000) throw new Error(`change ${i} not visible after 10 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      latencies.push(performance.now() - t0);
    }
  });
  const listPerChange = ((await world.control.counters())["calendar.events.list"] ?? 0) / runs;

  const primary = calendars.find((c) => c.isPrimary)!;
  const naiveLatencies: number[] = [];
  const naiveRuns = quick ? 3 : 10;
  const naiveIncremental = await measure(world.control, world.queries, async () => {
    for (let i = 0; i < naiveRuns; i++) {
      const t0 = performance.now();
      await pullCalendar(world.handle.db, session, { ...primary, syncToken: null }, { companyId: company.company.id, timeZone: company.company.timeZone, direction: "two_way", now: new Date() });
      await caller.calendar.range(range);
      naiveLatencies.push(performance.now() - t0);
    }
  });

  return [
    {
      name: `1. First import (5 calendars × ${perCalendar} events)`,
      fieldsync: { ...firstImport, eventsImported: imported, listPages: counters["calendar.events.list"] ?? 0 },
      baseline: { ...naiveImport, listPages: calendars.length },
      notes: ["baseline: the same five calendars re-listed in full, as a polling integration does on every trigger"],
    },
    {
      name: `2. Incremental after a push notification (${runs} changes; figures per change)`,
      fieldsync: {
        ...perChange(incremental, runs),
        p50Ms: percentile(latencies, 50),
        p95Ms: percentile(latencies, 95),
        listPerChange,
      },
      baseline: {
        ...perChange(naiveIncremental, naiveRuns),
        p50Ms: percentile(naiveLatencies, 50),
        p95Ms: percentile(naiveLatencies, 95),
        listPerChange: naiveIncremental.googleRequests / naiveRuns,
        rowsWrittenPerChange: perCalendar,
      },
      notes: ["webhook-to-visible: control API change → notification → webhook → pull → calendar.range shows it", "baseline: re-list the changed calendar's whole window per trigger"],
    },
  ];
}

/** 3: a week's schedule imported: 1,000 bookings across 50 connected fieldworkers, pushed to Google. */
export async function bulkPush(world: BenchWorld, quick: boolean): Promise<ScenarioResult> {
  const fieldworkerCount = quick ? 10 : 50;
  const bookingCount = quick ? 200 : 1_000;
  const company = await seedBenchCompany(world);
  const crew = await addFieldworkers(world, company.company.id, fieldworkerCount);
  world.webhookRunsJobs.value = false;
  for (const [i, fw] of crew.entries()) await world.connect(company.company.id, fw.id, `bulk${i}@gmail.com`);
  await world.runJobs();
  const admin = await callerFor(world, "admin@acme.test");
  const confirmed = company.statuses.find((s) => s.name === "Confirmed")!;
  const importWeek = async (weekOffset: number) => {
    const weekStart = addDays(new Date(), 1 + weekOffset * 7);
    for (let i = 0; i < bookingCount; i++) {
      const startsAt = addMinutes(weekStart, (i % 5) * 24 * 60 + (i % 8) * 60);
      await admin.bookings.create({
        customerId: company.customers[i % company.customers.length]!.id,
        statusId: confirmed.id,
        serviceName: `Job ${i}`,
        amount: "120",
        suburb: "Newtown",
        addresses: ["1 King St"],
        startsAt,
        endsAt: addMinutes(startsAt, 45),
        fieldworkerIds: [crew[i % crew.length]!.id],
      });
    }
  };
  const drain = () => runDueJobs(world.handle.db, { budgetMs: 600_000, concurrency: 50, batchSize: 100 });
  await importWeek(0);
  setCalendarBatching(false);
  const perCall = await measure(world.control, world.queries, async () => void (await profiled(world, "baseline", drain)));
  setCalendarBatching(true);
  await importWeek(1);
  const batched = await measure(world.control, world.queries, async () => void (await profiled(world, "FieldSync", drain)));
  const figures = (m: Measurement) => ({ ...m, operationsPerRequest: m.googleOperations / Math.max(1, m.googleRequests), statementsPerBooking: m.dbStatements / bookingCount });
  return {
    name: `3. Bulk push (${bookingCount} bookings, ${fieldworkerCount} fieldworkers)`,
    fieldsync: figures(batched),
    baseline: figures(perCall),
    notes: [
      "FieldSync: the claimed push jobs go as a set: one statement each loads their bookings, assignments, accounts and stored copies; one reservation per HTTP batch on every account's and project's quota budget; one batch request (≤ 100 calls, several accounts) per set; one transaction writes back the copies, logs and completions",
      "baseline: the same jobs one at a time, one HTTP request per call, one quota reservation per call (the sliding-window limiter both use: 600 calls/minute/account)",
    ],
  };
}

/** With `--profile`, prints the statement shapes a phase ran most, per booking (where the time of a push goes). */
async function profiled<T>(world: BenchWorld, label: string, fn: () => Promise<T>): Promise<T> {
  if (!process.argv.includes("--profile")) return fn();
  world.queries.log = [];
  try {
    return await fn();
  } finally {
    const shapes = new Map<string, number>();
    for (const text of world.queries.log) {
      const shape = text.replace(/\s+/g, " ").replace(/\$\d+/g, "?").slice(0, 110);
      shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    }
    console.log(`\n  profile (${label}): ${world.queries.log.length} statements`);
    for (const [shape, n] of [...shapes].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${String(n).padStart(6)}  ${shape}`);
    delete world.queries.log;
  }
}

/**
 * 7 (opt-in, `--one-account`): one fieldworker's 1,000 bookings against Google's per-user quota (600 calls a
 * minute, enforced by the emulator). FieldSync must never exceed it in any 60-second window — counted by the
 * emulator's call meter, every call inside a batch counting on its own — and still finish as fast as the
 * quota allows: 600 calls at once, the other 400 as soon as the first ones leave the window.
 */
export async function oneAccountPush(world: BenchWorld, quick: boolean): Promise<ScenarioResult> {
  const bookingCount = quick ? 700 : 1_000;
  const company = await seedBenchCompany(world);
  const [fieldworker] = await addFieldworkers(world, company.company.id, 1);
  world.webhookRunsJobs.value = false;
  const googleEmail = "solo@gmail.com";
  const accountId = await world.connect(company.company.id, fieldworker!.id, googleEmail);
  await world.runJobs();
  const confirmed = company.statuses.find((s) => s.name === "Confirmed")!;
  const weekStart = addDays(new Date(), 1);
  const rows = Array.from({ length: bookingCount }, (_, i) => {
    const startsAt = addMinutes(weekStart, (i % 7) * 24 * 60 + (i % 40) * 15);
    return { id: randomUUID(), companyId: company.company.id, customerId: company.customers[i % company.customers.length]!.id, statusId: confirmed.id, serviceName: `Solo job ${i}`, currencyCode: "AUD", startsAt, endsAt: addMinutes(startsAt, 15) };
  });
  // Created as an import would: rows and their push jobs in bulk (scenario 3 covers the tRPC path).
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await world.handle.db.insert(bookings).values(chunk);
    await world.handle.db.insert(bookingAssignments).values(chunk.map((b) => ({ bookingId: b.id, fieldworkerId: fieldworker!.id })));
    await outbox.enqueue(world.handle.db, chunk.map((b) => bookingPushJob(company.company.id, b.id, accountId, fieldworker!.id)));
  }
  await world.control.setQuotas({ enabled: true, perUserPerMinute: 600 });
  await world.control.resetCallMeter();
  let rounds = 0;
  const run = await measure(world.control, world.queries, async () => {
    for (;;) {
      rounds += 1;
      await runDueJobs(world.handle.db, { budgetMs: 600_000, concurrency: 8, batchSize: 100 });
      const next = await nextDueAt(world, company.company.id);
      if (!next) return;
      // What the cron and request hooks do in production: run due jobs again once some are due.
      await new Promise((resolve) => setTimeout(resolve, Math.max(20, next.getTime() - Date.now())));
    }
  });
  const meter = (await world.control.callMeter())[googleEmail];
  // Google's own quota answers (403/429 rateLimitExceeded, userRateLimitExceeded) as the sync log recorded them.
  const refused = await world.handle.db
    .select({ n: sql<number>`count(*)::int` })
    .from(syncLog)
    .where(and(eq(syncLog.companyId, company.company.id), sql`${syncLog.message} ilike '%ratelimitexceeded%'`));
  const inGoogle = await world.handle.db.select({ n: sql<number>`count(*)::int` }).from(googleEvents).where(eq(googleEvents.kind, "booking"));
  return {
    name: `7. One account, ${bookingCount} bookings, against Google's per-user quota (600 calls/minute)`,
    fieldsync: {
      ...run,
      statementsPerBooking: run.dbStatements / bookingCount,
      calendarCalls: meter?.calls ?? 0,
      busiestMinuteCalls: meter?.busiestMinute ?? 0,
      eventsWritten: inGoogle[0]?.n ?? 0,
      googleRefusals: refused[0]?.n ?? 0,
      drainRounds: rounds,
    },
    notes: [
      "busiestMinuteCalls: the most Calendar calls the emulator received for this user within any 60 s window (batch parts counted one by one); Google's limit is 600",
      "the emulator enforces 600/minute/user here, so any excess would show as googleRefusals (Google's rate-limit answers in the sync log)",
      "the limiter's window is 61 s (60 s + 1 s for a reservation to reach Google), so the second wave leaves ~61 s after the first",
    ],
  };

  async function nextDueAt(w: BenchWorld, companyId: string): Promise<Date | undefined> {
    const [open] = await w.handle.db
      .select({ n: sql<number>`count(*)::int`, next: sql<string | null>`min(${syncJobs.runAfter})::text` })
      .from(syncJobs)
      .where(and(eq(syncJobs.companyId, companyId), inArray(syncJobs.status, ["pending", "running"])));
    if (!open || open.n === 0) return undefined;
    const [account] = await w.handle.db.select({ backoffUntil: googleAccounts.backoffUntil }).from(googleAccounts).where(eq(googleAccounts.companyId, companyId));
    const jobsDue = open.next ? new Date(open.next) : new Date();
    return account?.backoffUntil && account.backoffUntil > jobsDue ? account.backoffUntil : jobsDue;
  }
}

async function addFieldworkers(world: BenchWorld, companyId: string, count: number) {
  return world.handle.db
    .insert(fieldworkers)
    .values(Array.from({ length: count }, (_, i) => ({ companyId, displayName: `Bench Worker ${i}`, email: `worker${i}@acme.test` })))
    .returning();
}

/** 4: the cron over many connected fieldworkers, 5% of whom had a change in Google. */
export async function cronSweep(world: BenchWorld, quick: boolean): Promise<ScenarioResult> {
  const count = quick ? 100 : 1_000;
  const company = await seedBenchCompany(world);
  const crew = await addFieldworkers(world, company.company.id, count);
  world.webhookRunsJobs.value = false;
  for (const [i, fw] of crew.entries()) {
    await world.connect(company.company.id, fw.id, `crew${i}@gmail.com`);
    if (i % 50 === 49) await world.runJobs();
  }
  await world.runJobs();
  const changed = crew.filter((_, i) => i % 20 === 0);
  for (const [i] of changed.entries()) {
    const email = `crew${i * 20}@gmail.com`;
    const start = new Date(Date.now() + 2 * DAY_MS);
    await world.control.createEvent(email, email, { summary: "Changed", start: { dateTime: start.toISOString() }, end: { dateTime: new Date(start.getTime() + 3_600_000).toISOString() } });
  }
  await world.emulator.drainNotifications();
  let report: Awaited<ReturnType<typeof runCronSweep>> | undefined;
  let workerRssMb = Number.NaN;
  let workerWallMs = Number.NaN;
  let workerStatements = 0;
  const sweep = await measure(world.control, world.queries, async () => {
    if (world.handle.url) {
      // On Postgres the sweep runs in its own process, like a serverless invocation, so its RSS is its own.
      const worker = await runCronWorker(world.handle.url);
      report = worker.report;
      workerRssMb = worker.peakRssMb;
      workerWallMs = worker.wallMs;
      workerStatements = worker.queries;
    } else {
      report = await runCronSweep(world.handle.db, { budgetMs: 55_000, concurrency: 8 });
    }
  });
  const calendars = await world.handle.db
    .select({ calendar: googleCalendars })
    .from(googleCalendars)
    .where(and(eq(googleCalendars.selected, true), eq(googleCalendars.isCompanyCalendar, false)));
  const naive = await measure(world.control, world.queries, async () => {
    for (const { calendar } of calendars) {
      const session = await openGoogleSession(world.handle.db, calendar.googleAccountId);
      await pullCalendar(world.handle.db, session, { ...calendar, syncToken: null }, { companyId: company.company.id, timeZone: company.company.timeZone, direction: "two_way", now: new Date() });
    }
  });
  return {
    name: `4. Cron sweep (${count} connected fieldworkers, ${changed.length} changed)`,
    fieldsync: {
      ...sweep,
      // In a worker, the sweep's own time and statements are measured there; starting the process is not the sweep.
      ...(world.handle.url ? { wallMs: workerWallMs, workerProcessMs: sweep.wallMs } : {}),
      dbStatements: sweep.dbStatements + workerStatements,
      workerPeakRssMb: workerRssMb,
      pullsQueued: report?.pullsQueued ?? 0,
      jobsDone: report?.jobs.done ?? 0,
      stoppedForBudget: report?.jobs.stoppedForBudget ? 1 : 0,
    },
    baseline: { ...naive, calendarsListed: calendars.length },
    notes: [
      "changes arrive as push notifications that mark calendars dirty; the sweep pulls only those",
      "on Postgres the sweep runs alone in a child process, as one serverless invocation: wallMs and dbStatements are the sweep's there, workerProcessMs adds starting the process (PGlite lives in this process, so it sweeps in-process)",
      "baseline: list every selected calendar each sweep",
    ],
  };
}

async function runCronWorker(databaseUrl: string): Promise<{ report: Awaited<ReturnType<typeof runCronSweep>>; peakRssMb: number; wallMs: number; queries: number }> {
  const { execFile } = await import("node:child_process");
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "scripts/bench/cron-worker.ts"],
      { env: { ...process.env, DATABASE_URL: databaseUrl }, maxBuffer: 10_000_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
  const last = output.trim().split("\n").at(-1) ?? "{}";
  return JSON.parse(last) as { report: Awaited<ReturnType<typeof runCronSweep>>; peakRssMb: number; wallMs: number; queries: number };
}

/** 5: a month for 50 fieldworkers × 200 bookings plus imported Google events, as the admin's calendar query. */
export async function rangeQuery(world: BenchWorld, quick: boolean): Promise<ScenarioResult> {
  const fieldworkerCount = 50;
  const perFieldworker = quick ? 60 : 200;
  const runs = quick ? 20 : 50;
  const company = await seedBenchCompany(world);
  const crew = await addFieldworkers(world, company.company.id, fieldworkerCount);
  const monthStart = startOfMonth(new Date());
  const rows = [];
  for (const fw of crew) {
    for (let i = 0; i < perFieldworker; i++) {
      const startsAt = addMinutes(monthStart, ((i * 173) % (28 * 24 * 60)) | 0);
      rows.push({
        id: randomUUID(),
        companyId: company.company.id,
        customerId: company.customers[i % company.customers.length]!.id,
        statusId: company.statuses[i % company.statuses.length]!.id,
        serviceName: `Job ${i}`,
        currencyCode: "AUD",
        startsAt,
        endsAt: addMinutes(startsAt, 60),
        fw: fw.id,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 1_000) {
    const chunk = rows.slice(i, i + 1_000);
    await world.handle.db.insert(bookings).values(chunk.map(({ fw: _fw, ...b }) => b));
    await world.handle.db.insert(bookingAssignments).values(chunk.map((b) => ({ bookingId: b.id, fieldworkerId: b.fw })));
  }
  for (const fw of crew) {
    const [account] = await world.handle.db
      .insert(googleAccounts)
      .values({ companyId: company.company.id, oauthClientId: "bench", email: `${fw.id}@gmail.com` })
      .returning();
    await world.handle.db.insert(fieldworkerGoogleConnections).values({ fieldworkerId: fw.id, companyId: company.company.id, googleAccountId: account!.id });
    const [calendar] = await world.handle.db
      .insert(googleCalendars)
      .values({ googleAccountId: account!.id, googleCalendarId: `${fw.id}@gmail.com`, summary: "Primary", accessRole: "owner", isPrimary: true, selected: true })
      .returning();
    await world.handle.db.insert(googleEvents).values(
      Array.from({ length: perFieldworker / 2 }, (_, i) => {
        const startsAt = addMinutes(monthStart, ((i * 311) % (28 * 24 * 60)) | 0);
        return { calendarRowId: calendar!.id, googleEventId: `ev${i}`, kind: "foreign" as const, summary: `Personal ${i}`, startsAt, endsAt: addMinutes(startsAt, 30) };
      }),
    );
  }
  // A live database has planner statistics (autovacuum keeps them); right after a bulk insert it has none.
  await world.handle.db.execute(sql`vacuum analyze`);
  const admin = await callerFor(world, "admin@acme.test");
  // What the month view asks for (calendar-board.tsx): per day the first items and a count of the rest.
  const monthView = { start: monthStart, end: addDays(monthStart, 35), dayLimit: MONTH_VIEW_ITEMS_PER_DAY };
  const timeRuns = async (input: { start: Date; end: Date; dayLimit?: number }, count: number) => {
    await admin.calendar.range(input);
    const latencies: number[] = [];
    let items = 0;
    let hidden = 0;
    let payloadBytes = 0;
    const measured = await measure(world.control, world.queries, async () => {
      for (let i = 0; i < count; i++) {
        const t0 = performance.now();
        const result = await admin.calendar.range(input);
        latencies.push(performance.now() - t0);
        items = result.bookings.length + result.google.length + result.unavailable.length;
        hidden = Object.values(result.hiddenByDay).reduce((sum, n) => sum + n, 0);
        if (i === 0) payloadBytes = Buffer.byteLength(superjson.stringify(result));
      }
    });
    const payloadKb = Math.round(payloadBytes / 1024);
    return { ...measured, p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95), itemsReturned: items, itemsCounted: hidden, payloadKb };
  };
  const query = await timeRuns(monthView, runs);
  // Every item of the month, as a list would need it: not what the month view loads, reported for scale.
  const everything = await timeRuns({ start: monthView.start, end: monthView.end }, quick ? 10 : 20);
  return {
    name: `5. Calendar month query (${fieldworkerCount} fieldworkers × ${perFieldworker} bookings + imported events)`,
    fieldsync: query,
    notes: [
      `the admin's month view through calendar.range (tRPC caller, no HTTP; payloadKb is the response as superjson would send it, not part of the time): ${query.itemsReturned} items drawn, ${query.itemsCounted} more counted per day`,
      `every item of the month uncapped (${everything.itemsReturned} items, ${everything.payloadKb} KB as superjson): p50 ${everything.p50Ms.toFixed(0)} ms, p95 ${everything.p95Ms.toFixed(0)} ms`,
    ],
  };
}

/**
 * Scenario 6: the live calendar in a real browser. The production build (`next build` first) runs in this
 * process on the benchmark's database, so every SQL statement the app sends is counted; the emulator sends
 * its push notifications to the app's real webhook route; Chromium shows the calendar.
 * - Google change → screen: an event is renamed through the emulator's control API (the Google user's own edit);
 *   the clock stops when the new title is in the calendar's DOM. Push notification, pull, version bump,
 *   server-sent event, range refetch and React's render are all inside.
 * - Idle cost: the page stays open with nothing changing; SQL statements and HTTP requests per minute.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { TZDate } from "@date-fns/tz";
import { chromium, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { consentAs } from "../../emulator/consent-client";
import { controlClient } from "../../emulator/control-client";
import { createEmulator } from "../../emulator/index";
import { chromiumExecutable } from "../lib/chromium";
import type { DbHandle } from "~/server/db/client";
import { companies, googleIntegrations } from "~/server/db/schema";
import { seedDemoCompany } from "~/server/db/seed";
import { createTestDb } from "~/server/db/testing";
import { completeConnection } from "~/server/google/connect/complete-connection";
import { startForFieldworker } from "~/server/google/connect/start-connection";
import { calendarChangeFeed } from "~/server/live/calendar-change-feed";
import { runDueJobs } from "~/server/sync/jobs/run-jobs";
import { percentile } from "./measure";
import type { ScenarioResult } from "./scenarios";

const COMPANY_TZ = "Australia/Sydney";
const GOOGLE_EMAIL = "tom.bench@gmail.com";
/** The calendar page polled every 15 s before live updates (the baseline). */
const BASELINE_RANGE_FETCHES_PER_MINUTE = 4;

interface NextApp {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Listening on the app port while scenario 6 runs; other scenarios' webhook receivers need the port after. */
  server: Server | null;
  close: () => Promise<void>;
}
let nextApp: NextApp | null = null;

/** The production build served from this process (prepared once; each target swaps the database under it). */
async function startNext(port: number): Promise<NextApp> {
  if (!nextApp) {
    Object.assign(process.env, { NODE_ENV: "production", FIELDSYNC_LOCAL_PRODUCTION: "1", EMAIL_FROM: "FieldSync <bench@fieldsync.app>", NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
    const { default: next } = await import("next");
    const app = next({ dev: false, dir: process.cwd(), hostname: "localhost", port });
    await app.prepare();
    const handle = app.getRequestHandler();
    nextApp = { handler: (req, res) => void handle(req, res), server: null, close: () => app.close() };
  }
  if (!nextApp.server) {
    const server = createServer(nextApp.handler);
    await new Promise<void>((resolve) => server.listen(port, "localhost", resolve));
    nextApp.server = server;
  }
  return nextApp;
}

/** Frees the app port (the prepared app stays for the next target's scenario 6). */
export async function stopListening(): Promise<void> {
  const server = nextApp?.server;
  if (!server || !nextApp) return;
  nextApp.server = null;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export async function closeNext(): Promise<void> {
  await stopListening();
  await nextApp?.close();
  nextApp = null;
}

function sydneyTodayAt(hour: number): string {
  const now = new TZDate(Date.now(), COMPANY_TZ);
  return new Date(new TZDate(now.getFullYear(), now.getMonth(), now.getDate(), hour, 0, 0, COMPANY_TZ).getTime()).toISOString();
}

async function connectTom(handle: DbHandle, companyId: string, fieldworkerId: string) {
  const start = await startForFieldworker(handle.db, companyId, fieldworkerId, new Date());
  if (start.kind !== "redirect") throw new Error(start.page.message);
  const redirect = await consentAs(start.url, GOOGLE_EMAIL);
  const outcome = await completeConnection(
    handle.db,
    { state: redirect.searchParams.get("state") ?? undefined, code: redirect.searchParams.get("code") ?? undefined, browserBinding: start.browserBinding },
    new Date(),
  );
  if (outcome.kind !== "connected") throw new Error(`connect failed: ${JSON.stringify(outcome)}`);
  await runDueJobs(handle.db, { budgetMs: 60_000 });
}

/** Resolves when an event with exactly this title is drawn, checked on every animation frame. */
const titleShown = (page: Page, title: string) =>
  page.waitForFunction((wanted) => [...document.querySelectorAll(".rbc-event")].some((el) => el.textContent?.includes(wanted)), title, { polling: "raf", timeout: 30_000 });

export async function liveCalendar(ports: { emulatorPort: number; appPort: number }, options: { quick: boolean; label: string; serverUrl: string | null }): Promise<ScenarioResult> {
  const runs = options.quick ? 15 : 50;
  const idleMs = options.quick ? 60_000 : 180_000;
  const counter = { statements: 0 };
  const handle = await createTestDb({ onQuery: () => (counter.statements += 1), serverUrl: options.serverUrl });
  // The app's getDb() (src/server/db/index.ts) uses this handle: one database, every statement counted.
  (globalThis as unknown as { fieldsyncDb?: Promise<DbHandle> }).fieldsyncDb = Promise.resolve(handle);
  const emulator = await createEmulator({
    port: ports.emulatorPort,
    clients: [{ clientId: process.env.GOOGLE_CLIENT_ID ?? "", clientSecret: process.env.GOOGLE_CLIENT_SECRET ?? "", redirectUris: [`${process.env.APP_URL}/getAuthKey`] }],
    // The app is served over http on localhost here; Google itself would refuse a non-https watch address.
    config: { allowHttpWebhooks: true },
  });
  const control = controlClient(emulator.url);
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  try {
    const seeded = await seedDemoCompany(handle.db, {});
    await handle.db.insert(googleIntegrations).values({ companyId: seeded.company.id, mode: "shared" });
    await handle.db.update(companies).set({ syncDirection: "two_way" }).where(eq(companies.id, seeded.company.id));
    const tom = seeded.crew.find((f) => f.displayName.startsWith("Tom"));
    if (!tom) throw new Error("no Tom in the seed");
    await startNext(ports.appPort);
    await connectTom(handle, seeded.company.id, tom.id);

    // The admin's week: every fieldworker's bookings, the heaviest calendar page of the demo.
    const context = await browser.newContext({ timezoneId: "UTC", viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (request) => requests.push(new URL(request.url()).pathname));
    await page.goto(`${process.env.APP_URL}/login`);
    await page.getByLabel("Email", { exact: true }).fill("admin@acme.test");
    await page.getByLabel("Password", { exact: true }).fill("fieldsync-demo");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/calendar/);
    await page.locator(".rbc-time-view").waitFor();
    await page.getByTestId("calendar-loading").waitFor({ state: "detached" });

    const event = await control.createEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, { summary: "Live bench 0", start: { dateTime: sydneyTodayAt(19) }, end: { dateTime: sydneyTodayAt(20) } });
    await titleShown(page, "Live bench 0");

    await control.resetCounters();
    const latencies: number[] = [];
    for (let i = 1; i <= runs; i++) {
      const title = `Live bench ${i}`;
      const started = performance.now();
      await control.patchEvent(GOOGLE_EMAIL, GOOGLE_EMAIL, event.id!, { summary: title });
      await titleShown(page, title);
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const googleCounters = await control.counters();

    // Idle: nothing changes while the page stays open.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const statementsBefore = counter.statements;
    const requestsBefore = requests.length;
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const perMinute = (n: number) => (n * 60_000) / idleMs;
    const idleRequests = requests.slice(requestsBefore);
    const idleSql = perMinute(counter.statements - statementsBefore);
    const idleRangeFetches = perMinute(idleRequests.filter((p) => p.includes("calendar.range")).length);
    const idleStreams = perMinute(idleRequests.filter((p) => p.includes("calendar.changes")).length);

    // What one range refetch costs, for the baseline that refetched every 15 s.
    const beforeRange = counter.statements;
    const rangeDone = page.waitForResponse((response) => response.url().includes("calendar.range"));
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await rangeDone;
    const statementsPerRange = counter.statements - beforeRange;
    const mode = calendarChangeFeed(handle.db).mode;
    await context.close();

    const nan = Number.NaN;
    return {
      name: `6. Live calendar (${options.label}): Google change → admin's open week in Chromium (${runs} runs), then ${idleMs / 60_000} min idle`,
      fieldsync: {
        wallMs: percentile(latencies, 50),
        googleRequests: (googleCounters["calendar.events.list"] ?? 0) / runs,
        googleOperations: nan,
        dbStatements: idleSql,
        peakRssMb: process.memoryUsage().rss / 1_048_576,
        changeToScreenP50Ms: percentile(latencies, 50),
        changeToScreenP95Ms: percentile(latencies, 95),
        changeToScreenMaxMs: Math.max(...latencies),
        idleSqlStatementsPerMinute: idleSql,
        idleHttpRequestsPerMinute: perMinute(idleRequests.length),
        idleRangeFetchesPerMinute: idleRangeFetches,
        idleStreamReconnectsPerMinute: idleStreams,
      },
      baseline: {
        wallMs: nan,
        googleRequests: nan,
        googleOperations: nan,
        dbStatements: statementsPerRange * BASELINE_RANGE_FETCHES_PER_MINUTE,
        peakRssMb: nan,
        changeToScreenP50Ms: nan,
        changeToScreenP95Ms: nan,
        changeToScreenMaxMs: nan,
        idleSqlStatementsPerMinute: statementsPerRange * BASELINE_RANGE_FETCHES_PER_MINUTE,
        idleHttpRequestsPerMinute: nan,
        idleRangeFetchesPerMinute: BASELINE_RANGE_FETCHES_PER_MINUTE,
        idleStreamReconnectsPerMinute: nan,
      },
      notes: [
        `change-to-screen: from the control API call that renames the event in Google to the new title in the DOM (checked every animation frame); the feed ${mode === "listen" ? "LISTENs for the version's NOTIFY" : "polls the versions every 500 ms (one query per process)"}`,
        `wallMs = change-to-screen p50; dbStatements = idle SQL statements per minute (the app's whole process: stream reconnects, their session checks, the admin navigation's conflict count, ${mode === "poll" ? "the shared poll" : "no poll"})`,
        `idle HTTP requests by path: ${summarize(idleRequests)}`,
        `baseline: the 15 s refetch this replaces, ${BASELINE_RANGE_FETCHES_PER_MINUTE} × ${statementsPerRange} statements per range fetch of this week`,
      ],
    };
  } finally {
    await browser.close();
    await emulator.close();
    await calendarChangeFeed(handle.db).close();
    await handle.close();
  }
}

function summarize(paths: string[]): string {
  const counts = new Map<string, number>();
  for (const p of paths) counts.set(p, (counts.get(p) ?? 0) + 1);
  return [...counts].map(([p, n]) => `${p} ×${n}`).join(", ") || "none";
}

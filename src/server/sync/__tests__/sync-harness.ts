import { and, eq } from "drizzle-orm";
import type { Emulator } from "../../../../emulator/index";
import type { ControlClient } from "../../../../emulator/control-client";
import { consentAs, startTestEmulator } from "../../../test/emulator";
import { startWebhookReceiver } from "../../../test/webhook-receiver";
import { createTestApp, type TestApp } from "../../api/__tests__/test-app";
import { fieldworkerGoogleConnections, googleAccounts, googleCalendars } from "../../db/schema";
import { completeConnection } from "../../google/connect/complete-connection";
import { startForFieldworker } from "../../google/connect/start-connection";
import { countRunnableJobs as countDueJobs } from "../outbox";
import { runDueJobs, type RunReport } from "../jobs/run-jobs";

export interface SyncHarness {
  app: TestApp;
  emulator: Emulator;
  control: ControlClient;
  webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  /** Connects a seeded fieldworker (by display-name prefix) of a company to a Google account, like the browser flow. */
  connect: (company: "acme" | "beta", fieldworkerName: string, googleEmail: string) => Promise<{ fieldworkerId: string; accountId: string }>;
  fieldworker: (company: "acme" | "beta", name: string) => TestApp["acme"]["crew"][number];
  /** Runs jobs once (no waiting for retries). */
  runJobs: () => Promise<RunReport>;
  /** Delivers pending push notifications and runs jobs until nothing is due: the system at rest. */
  settle: () => Promise<void>;
  companyCalendarOf: (fieldworkerId: string) => Promise<typeof googleCalendars.$inferSelect>;
  close: () => Promise<void>;
}

export async function createSyncHarness(options: { bookingCount?: number; now?: Date; onQuery?: (sql: string) => void } = {}): Promise<SyncHarness> {
  const app = await createTestApp({ bookingCount: options.bookingCount ?? 16, now: options.now, onQuery: options.onQuery });
  const { emulator, control } = await startTestEmulator();
  const webhook = await startWebhookReceiver(app.handle.db);
  for (const email of ["admin@acme.test", "admin@beta.test"]) {
    await (await app.callerAs(email)).integrations.save({ mode: "shared", syncDirection: "two_way", sendInvitations: false });
  }
  const db = app.handle.db;
  const fieldworker = (company: "acme" | "beta", name: string) => {
    const found = app[company].crew.find((f) => f.displayName.startsWith(name)) ?? (app[company].general.displayName.startsWith(name) ? app[company].general : undefined);
    if (!found) throw new Error(`No fieldworker ${name} in ${company}`);
    return found;
  };
  const runJobs = () => runDueJobs(db, { budgetMs: 30_000, random: () => 0 });
  const settle = async () => {
    for (let round = 0; round < 10; round++) {
      await emulator.drainNotifications();
      await runJobs();
      await emulator.drainNotifications();
      if ((await countDueJobs(db, new Date())) === 0) return;
    }
    throw new Error("Sync did not settle within 10 rounds");
  };
  return {
    app,
    emulator,
    control,
    webhook,
    fieldworker,
    runJobs,
    settle,
    async connect(company, name, googleEmail) {
      const fw = fieldworker(company, name);
      const start = await startForFieldworker(db, app[company].company.id, fw.id, new Date());
      if (start.kind !== "redirect") throw new Error(start.page.message);
      const redirect = await consentAs(start.url, googleEmail);
      const outcome = await completeConnection(
        db,
        { state: redirect.searchParams.get("state") ?? undefined, code: redirect.searchParams.get("code") ?? undefined, browserBinding: start.browserBinding },
        new Date(),
      );
      if (outcome.kind !== "connected") throw new Error(`connect failed: ${JSON.stringify(outcome)}`);
      return { fieldworkerId: fw.id, accountId: outcome.googleAccountId };
    },
    async companyCalendarOf(fieldworkerId) {
      const [row] = await db
        .select({ calendar: googleCalendars })
        .from(fieldworkerGoogleConnections)
        .innerJoin(googleAccounts, eq(googleAccounts.id, fieldworkerGoogleConnections.googleAccountId))
        .innerJoin(googleCalendars, and(eq(googleCalendars.googleAccountId, googleAccounts.id), eq(googleCalendars.isCompanyCalendar, true)))
        .where(eq(fieldworkerGoogleConnections.fieldworkerId, fieldworkerId));
      if (!row) throw new Error("not connected");
      return row.calendar;
    },
    async close() {
      await webhook.close();
      await emulator.close();
      await app.close();
    },
  };
}

/**
 * `count` confirmed bookings created by Acme's admin (through tRPC, so each queues its push), spread over five
 * days from `dayOffset` days ahead and handed round-robin to `fieldworkerIds`.
 */
export async function createSpreadBookings(h: SyncHarness, count: number, dayOffset: number, fieldworkerIds: string[], label: string) {
  const admin = await h.app.callerAs("admin@acme.test");
  const created: { bookingId: string; fieldworkerId: string; input: Parameters<typeof admin.bookings.create>[0] }[] = [];
  for (let i = 0; i < count; i++) {
    const start = new Date(Date.now() + (dayOffset + (i % 5)) * 86_400_000 + (i % 8) * 3_600_000);
    const fieldworkerId = fieldworkerIds[i % fieldworkerIds.length]!;
    const input = {
      customerId: h.app.acme.customers[i % 10]!.id,
      statusId: h.app.acme.statuses.find((s) => s.name === "Confirmed")!.id,
      serviceName: `${label} ${i}`,
      amount: "99",
      suburb: "Newtown",
      addresses: [],
      startsAt: start,
      endsAt: new Date(start.getTime() + 1_800_000),
      fieldworkerIds: [fieldworkerId],
    };
    const booking = await admin.bookings.create(input);
    created.push({ bookingId: booking.id, fieldworkerId, input });
  }
  return created;
}

import { createServer, type Server } from "node:http";
import { eq } from "drizzle-orm";
import { consentAs } from "../../emulator/consent-client";
import { controlClient, type ControlClient } from "../../emulator/control-client";
import { createEmulator, type Emulator } from "../../emulator/index";
import type { DbHandle } from "~/server/db/client";
import { companies, googleIntegrations } from "~/server/db/schema";
import { seedDemoCompany } from "~/server/db/seed";
import { createTestDb } from "~/server/db/testing";
import { completeConnection } from "~/server/google/connect/complete-connection";
import { startForFieldworker } from "~/server/google/connect/start-connection";
import { runDueJobs } from "~/server/sync/jobs/run-jobs";
import { handleGoogleNotification } from "~/server/sync/triggers/webhook";

/** One benchmark's world: a fresh database, the emulator, and the app's webhook endpoint. */
export interface BenchWorld {
  handle: DbHandle;
  /** SQL statements run so far; `log` collects their text while set (a profile of one phase). */
  queries: { queries: number; log?: string[] };
  emulator: Emulator;
  control: ControlClient;
  /** When true, the webhook runs due jobs right after answering, as the deployed route does with after(). */
  webhookRunsJobs: { value: boolean };
  connect: (companyId: string, fieldworkerId: string, googleEmail: string) => Promise<string>;
  runJobs: () => Promise<void>;
  close: () => Promise<void>;
}

export async function createBenchWorld(ports: { emulatorPort: number; appPort: number }): Promise<BenchWorld> {
  const queries: BenchWorld["queries"] = { queries: 0 };
  const handle = await createTestDb({
    // The target run.ts chose (src/env.ts read DATABASE_URL once, at import: it would put every run on Postgres).
    serverUrl: process.env.DATABASE_URL ?? null,
    onQuery: (text) => {
      queries.queries += 1;
      queries.log?.push(text);
    },
  });
  const emulator = await createEmulator({
    port: ports.emulatorPort,
    clients: [
      {
        clientId: process.env.GOOGLE_CLIENT_ID ?? "",
        clientSecret: process.env.GOOGLE_CLIENT_SECRET ?? "",
        redirectUris: [`${process.env.APP_URL}/getAuthKey`],
      },
    ],
    config: { allowHttpWebhooks: true },
  });
  const control = controlClient(emulator.url);
  const webhookRunsJobs = { value: true };
  const runJobs = async () => {
    await runDueJobs(handle.db, { budgetMs: 600_000, concurrency: 8, batchSize: 50 });
  };
  const server: Server = createServer((req, res) => {
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
    req.resume();
    handleGoogleNotification(handle.db, headers)
      .then((outcome) => {
        res.statusCode = outcome.status;
        res.end();
        if (outcome.result === "queued" && webhookRunsJobs.value) void runJobs();
      })
      .catch(() => {
        res.statusCode = 500;
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(ports.appPort, resolve));
  return {
    handle,
    queries,
    emulator,
    control,
    webhookRunsJobs,
    runJobs,
    async connect(companyId, fieldworkerId, googleEmail) {
      const start = await startForFieldworker(handle.db, companyId, fieldworkerId, new Date());
      if (start.kind !== "redirect") throw new Error(start.page.message);
      const redirect = await consentAs(start.url, googleEmail);
      const outcome = await completeConnection(
        handle.db,
        { state: redirect.searchParams.get("state") ?? undefined, code: redirect.searchParams.get("code") ?? undefined, browserBinding: start.browserBinding },
        new Date(),
      );
      if (outcome.kind !== "connected") throw new Error(`connect failed: ${JSON.stringify(outcome)}`);
      return outcome.googleAccountId;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await emulator.close();
      await handle.close();
    },
  };
}

/** The demo company with Google set up through the shared app. */
export async function seedBenchCompany(world: BenchWorld, options: { bookingCount?: number; domain?: string; companyName?: string } = {}) {
  const seeded = await seedDemoCompany(world.handle.db, { bookingCount: options.bookingCount ?? 0, domain: options.domain, companyName: options.companyName });
  await world.handle.db.insert(googleIntegrations).values({ companyId: seeded.company.id, mode: "shared" });
  await world.handle.db.update(companies).set({ syncDirection: "two_way" }).where(eq(companies.id, seeded.company.id));
  return seeded;
}

import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import journal from "../../../../drizzle/meta/_journal.json";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { googleChannels, syncJobs } from "../../db/schema";
import type { Db } from "../../db/client";
import { SchemaOutdatedError } from "../../db/migrations";
import { googleAccounts, googleCalendars } from "../../db/schema";
import { seedDemoCompany } from "../../db/seed";
import { createTestDb } from "../../db/testing";
import type { DbHandle } from "../../db/client";
import { checkHealth, healthHttpStatus, unreachableReport } from "../health";

const HOUR = 3_600_000;
let handle: DbHandle;
let companyId: string;
let channelId: string;

beforeAll(async () => {
  handle = await createTestDb();
  const seeded = await seedDemoCompany(handle.db, { bookingCount: 1 });
  companyId = seeded.company.id;
  // A connected account's calendar with a healthy watch channel, as the connect flow leaves them.
  const [account] = await handle.db.insert(googleAccounts).values({ companyId, oauthClientId: "client", email: "aisha.khan@gmail.com" }).returning();
  const [calendar] = await handle.db
    .insert(googleCalendars)
    .values({ googleAccountId: account!.id, googleCalendarId: "acme-plumbing@group.calendar.google.com", summary: "Acme Plumbing", accessRole: "owner", isCompanyCalendar: true })
    .returning();
  channelId = "channel-health-test";
  await handle.db.insert(googleChannels).values({ id: channelId, calendarRowId: calendar!.id, tokenHash: "0".repeat(64), expiresAt: new Date(Date.now() + 6 * 24 * HOUR) });
});
afterAll(() => handle?.close());

describe("GET /api/health's report", () => {
  it("is ok with 200 on a settled system: database, migrations, no due or failed jobs, no channel about to expire", async () => {
    const report = await checkHealth(handle.db);
    expect(report).toMatchObject({
      status: "ok",
      database: { reachable: true },
      migrations: { current: true, expected: journal.entries.length, applied: journal.entries.length },
      syncJobs: { oldestDueAgeSeconds: null, failed: 0 },
      channels: { expiringWithin24h: 0 },
    });
    expect(healthHttpStatus(report)).toBe(200);
  });

  it("reports due work's age, failed jobs and expiring channels — counts only, no tenant data — and is degraded but 200", async () => {
    const now = new Date();
    const db = handle.db;
    await db.insert(syncJobs).values([
      { companyId, kind: "refresh_calendar_list", dedupeKey: "health:due", runAfter: new Date(now.getTime() - 2 * HOUR) },
      { companyId, kind: "refresh_calendar_list", dedupeKey: "health:later", runAfter: new Date(now.getTime() + HOUR) },
      { companyId, kind: "refresh_calendar_list", dedupeKey: "health:failed", status: "failed", lastError: "HTTP 400" },
    ]);
    await db.update(googleChannels).set({ expiresAt: new Date(now.getTime() + 5 * HOUR) }).where(eq(googleChannels.id, channelId));

    const report = await checkHealth(db, now);
    expect(report.status).toBe("degraded");
    expect(healthHttpStatus(report)).toBe(200);
    expect(report.syncJobs).toEqual({ oldestDueAgeSeconds: 7200, failed: 1 });
    expect(report.channels).toEqual({ expiringWithin24h: 1 });
    const body = JSON.stringify(report);
    for (const tenantValue of [companyId, "Acme", "aisha", channelId, "HTTP 400"]) expect(body).not.toContain(tenantValue);

    await db.delete(syncJobs).where(sql`${syncJobs.dedupeKey} like 'health:%'`);
  });

  it("is down with 503 when the schema is behind, naming how many migrations are applied", async () => {
    const rolledBack = new Error("rollback");
    await handle.db
      .transaction(async (tx) => {
        await tx.execute(sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`);
        const report = await checkHealth(tx);
        expect(report).toMatchObject({ status: "down", database: { reachable: true }, migrations: { current: false, applied: journal.entries.length - 1 }, syncJobs: null });
        expect(healthHttpStatus(report)).toBe(503);
        throw rolledBack;
      })
      .catch((error: unknown) => {
        if (error !== rolledBack) throw error;
      });
    // A server that could not open its database because the schema check refused it reports the same.
    const refused = unreachableReport(new SchemaOutdatedError({ current: false, expected: 3, applied: 2 }));
    expect(refused).toMatchObject({ status: "down", database: { reachable: true }, migrations: { current: false, applied: 2 } });
    expect(healthHttpStatus(refused)).toBe(503);
  });

  it("is down with 503 when the database can't be reached", async () => {
    const report = unreachableReport(new Error("connect ECONNREFUSED 127.0.0.1:1"));
    expect(report).toMatchObject({ status: "down", database: { reachable: false }, migrations: null });
    expect(healthHttpStatus(report)).toBe(503);
    const nowhere = postgres("postgres://postgres@127.0.0.1:1/none", { max: 1, connect_timeout: 2 });
    try {
      const afterFailure = await checkHealth(drizzle(nowhere) as unknown as Db);
      expect(afterFailure).toMatchObject({ status: "down", database: { reachable: false } });
      expect(healthHttpStatus(afterFailure)).toBe(503);
    } finally {
      await nowhere.end({ timeout: 1 });
    }
  });
});

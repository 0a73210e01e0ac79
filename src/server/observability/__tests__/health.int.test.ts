import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import journal from "../../../../drizzle/meta/_journal.json";
import { createTestDb } from "../../db/testing";
import { googleChannels, syncJobs } from "../../db/schema";
import { openDb } from "../../db/client";
import { SchemaOutdatedError } from "../../db/migrations";
import { createSyncHarness, type SyncHarness } from "../../sync/__tests__/sync-harness";
import { checkHealth, healthHttpStatus, unreachableReport } from "../health";

const HOUR = 3_600_000;
let h: SyncHarness;

beforeAll(async () => {
  h = await createSyncHarness({ bookingCount: 2 });
  await h.connect("acme", "Aisha", "aisha.khan@gmail.com");
  await h.settle();
});
afterAll(() => h?.close());

describe("GET /api/health's report", () => {
  it("is ok with 200 on a settled system: database, migrations, no due or failed jobs, no channel about to expire", async () => {
    const report = await checkHealth(h.app.handle.db);
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
    const db = h.app.handle.db;
    const companyId = h.app.acme.company.id;
    await db.insert(syncJobs).values([
      { companyId, kind: "refresh_calendar_list", dedupeKey: "health:due", runAfter: new Date(now.getTime() - 2 * HOUR) },
      { companyId, kind: "refresh_calendar_list", dedupeKey: "health:later", runAfter: new Date(now.getTime() + HOUR) },
      { companyId, kind: "refresh_calendar_list", dedupeKey: "health:failed", status: "failed", lastError: "HTTP 400" },
    ]);
    const [channel] = await db.select().from(googleChannels).where(eq(googleChannels.active, true)).limit(1);
    await db.update(googleChannels).set({ expiresAt: new Date(now.getTime() + 5 * HOUR) }).where(eq(googleChannels.id, channel!.id));

    const report = await checkHealth(db, now);
    expect(report.status).toBe("degraded");
    expect(healthHttpStatus(report)).toBe(200);
    expect(report.syncJobs).toEqual({ oldestDueAgeSeconds: 7200, failed: 1 });
    expect(report.channels).toEqual({ expiringWithin24h: 1 });
    const body = JSON.stringify(report);
    for (const tenantValue of [companyId, "Acme", "aisha", channel!.id, "HTTP 400"]) expect(body).not.toContain(tenantValue);

    await db.delete(syncJobs).where(sql`${syncJobs.dedupeKey} like 'health:%'`);
  });

  it("is down with 503 when the schema is behind, naming how many migrations are applied", async () => {
    const empty = await createTestDb();
    try {
      await empty.db.execute(sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`);
      const report = await checkHealth(empty.db);
      expect(report).toMatchObject({ status: "down", database: { reachable: true }, migrations: { current: false, applied: journal.entries.length - 1 } });
      expect(healthHttpStatus(report)).toBe(503);
      // A server that could not open the database at all (the schema check refuses it) reports the same.
      const refused = await openDb({ url: empty.url }).catch((error: unknown) => error);
      if (empty.kind === "postgres") {
        expect(refused).toBeInstanceOf(SchemaOutdatedError);
        expect(unreachableReport(refused)).toMatchObject({ status: "down", database: { reachable: true }, migrations: { current: false } });
      }
    } finally {
      await empty.close();
    }
  });

  it("is down with 503 when the database can't be reached", async () => {
    const report = unreachableReport(new Error("connect ECONNREFUSED 127.0.0.1:1"));
    expect(report).toMatchObject({ status: "down", database: { reachable: false }, migrations: null });
    expect(healthHttpStatus(report)).toBe(503);
    const closed = await createTestDb();
    await closed.close();
    const afterClose = await checkHealth(closed.db);
    expect(afterClose).toMatchObject({ status: "down", database: { reachable: false } });
  });
});

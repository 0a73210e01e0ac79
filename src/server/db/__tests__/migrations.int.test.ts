import { readdirSync } from "node:fs";
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultRows, type DbHandle } from "../client";
import { bookingAssignments, bookingStatuses, bookings, customers, fieldworkers, unavailableBlocks, users } from "../schema";
import { seedDemoCompany } from "../seed";
import { createTestDb } from "../testing";

const EXPECTED_TABLES = [
  "auth_rate_limits",
  "booking_assignments",
  "booking_statuses",
  "bookings",
  "calendar_change_marks",
  "calendar_versions",
  "companies",
  "consumed_tokens",
  "customers",
  "fieldworker_google_connections",
  "fieldworkers",
  "google_accounts",
  "google_calendars",
  "google_channels",
  "google_events",
  "google_integrations",
  "google_invitations",
  "google_project_backoffs",
  "google_quota_windows",
  "sync_conflicts",
  "sync_jobs",
  "sync_log",
  "unavailable_blocks",
  "users",
  "verification_tokens",
];

describe(`migrations and seed on ${process.env.DATABASE_URL ? "Postgres" : "PGlite"}`, () => {
  let handle: DbHandle;
  let seeded: Awaited<ReturnType<typeof seedDemoCompany>>;

  beforeAll(async () => {
    handle = await createTestDb();
    seeded = await seedDemoCompany(handle.db, { now: new Date("2026-11-15T00:00:00Z") });
  });
  afterAll(() => handle.close());

  it("creates every table and records every migration file", async () => {
    const tables = await handle.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const names = resultRows<{ table_name: string }>(tables).map((row) => row.table_name);
    expect(names).toEqual(EXPECTED_TABLES);
    const applied = await handle.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const rows = resultRows<{ n: number }>(applied);
    const files = readdirSync("drizzle").filter((file) => file.endsWith(".sql"));
    expect(rows[0]?.n).toBe(files.length);
  });

  it("seeds the demo company as the README promises", async () => {
    expect(seeded.company).toMatchObject({ name: "Acme Plumbing", timeZone: "Australia/Sydney", currencyCode: "AUD", currencySymbol: "$" });
    const fw = await handle.db.select().from(fieldworkers).where(eq(fieldworkers.companyId, seeded.company.id));
    expect(fw.filter((f) => f.isGeneral)).toHaveLength(1);
    expect(fw.filter((f) => !f.isGeneral)).toHaveLength(5);
    expect(fw.filter((f) => !f.isGeneral && !f.active)).toHaveLength(1);
    const statuses = await handle.db.select().from(bookingStatuses).where(eq(bookingStatuses.companyId, seeded.company.id));
    expect(statuses.map((s) => s.name)).toEqual(["Quote", "Confirmed", "In progress", "Completed", "Cancelled"]);
    const customerZones = new Set(seeded.customers.map((c) => c.timeZone));
    expect(seeded.customers).toHaveLength(10);
    expect(customerZones.size).toBeGreaterThanOrEqual(2);
    const [bookingCount] = await handle.db.select({ n: count() }).from(bookings).where(eq(bookings.companyId, seeded.company.id));
    expect(bookingCount?.n).toBe(60);
    const [blockCount] = await handle.db.select({ n: count() }).from(unavailableBlocks);
    expect(blockCount?.n).toBeGreaterThan(0);
    const [admins] = await handle.db.select({ n: count() }).from(users).where(eq(users.role, "admin"));
    expect(admins?.n).toBe(1);
  });

  it("spreads seeded bookings over the month and the next two weeks, assigned only to active fieldworkers", async () => {
    const rows = await handle.db.select().from(bookings);
    for (const booking of rows) {
      expect(booking.startsAt.getTime()).toBeGreaterThanOrEqual(Date.parse("2026-10-31T13:00:00Z"));
      expect(booking.endsAt.getTime()).toBeLessThan(Date.parse("2026-12-01T00:00:00Z"));
    }
    expect(rows.filter((b) => b.startsAt.getTime() > Date.parse("2026-11-15T00:00:00Z")).length).toBeGreaterThanOrEqual(15);
    const assigned = await handle.db
      .select({ active: fieldworkers.active })
      .from(bookingAssignments)
      .innerJoin(fieldworkers, eq(fieldworkers.id, bookingAssignments.fieldworkerId));
    expect(assigned.every((row) => row.active)).toBe(true);
  });

  it("refuses a second general fieldworker in one company", async () => {
    await expect(
      handle.db.insert(fieldworkers).values({ companyId: seeded.company.id, displayName: "Second office", email: "x@acme.test", isGeneral: true }),
    ).rejects.toThrow();
  });

  it("refuses a booking that ends before it starts or has four addresses", async () => {
    const base = {
      companyId: seeded.company.id,
      customerId: seeded.customers[0]!.id,
      statusId: seeded.statuses[0]!.id,
      serviceName: "Check",
      currencyCode: "AUD",
      startsAt: new Date("2026-11-20T10:00:00Z"),
      endsAt: new Date("2026-11-20T09:00:00Z"),
    };
    await expect(handle.db.insert(bookings).values(base)).rejects.toThrow();
    await expect(
      handle.db.insert(bookings).values({ ...base, endsAt: new Date("2026-11-20T11:00:00Z"), addresses: ["a", "b", "c", "d"] }),
    ).rejects.toThrow();
  });

  it("re-running the migrator on a migrated database changes nothing", async () => {
    const { openDb } = await import("../client");
    if (handle.kind === "pglite") {
      const { migrate } = await import("drizzle-orm/pglite/migrator");
      await migrate(handle.db as Parameters<typeof migrate>[0], { migrationsFolder: "drizzle" });
    } else {
      const again = await openDb({ url: handle.url, migrate: true });
      await again.close();
    }
    const [customerCount] = await handle.db.select({ n: count() }).from(customers);
    expect(customerCount?.n).toBe(10);
  });
});

import { eq, sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../api/__tests__/test-app";
import { resultRows } from "../client";
import { SCHEDULE_YEARS_MESSAGE } from "../../api/schemas/booking";
import { bookings, unavailableBlocks } from "../schema";

/**
 * Issue #12 finding 11, on the driver this run uses (PGlite by default, postgres.js with DATABASE_URL): a
 * timestamp in years 1–99 read back as 19xx (`0050` → 1950) or as an Invalid Date (`0026`). Stored values must
 * read back exactly, through plain selects, RETURNING and relational queries alike.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe(`timestamps read back exactly as stored`, () => {
  it.each(["0050-12-04T10:00:00.000Z", "0026-03-01T23:30:00.000Z", "0001-01-01T00:00:00.000Z", "2026-12-04T10:00:00.123Z"])("%s", async (iso) => {
    const maria = app.acme.crew[0];
    if (!maria) throw new Error("no crew");
    const startsAt = new Date(iso);
    const endsAt = new Date(startsAt.getTime() + 3_600_000);
    const [inserted] = await app.handle.db
      .insert(unavailableBlocks)
      .values({ companyId: app.acme.company.id, fieldworkerId: maria.id, startsAt, endsAt })
      .returning();
    if (!inserted) throw new Error("insert returned nothing");
    expect(inserted.startsAt.toISOString()).toBe(iso);

    const [selected] = await app.handle.db.select().from(unavailableBlocks).where(eq(unavailableBlocks.id, inserted.id));
    expect(selected?.startsAt.toISOString()).toBe(iso);
    expect(selected?.endsAt.getTime()).toBe(endsAt.getTime());

    const relational = await app.handle.db.query.fieldworkers.findFirst({
      where: (f, { eq: equals }) => equals(f.id, maria.id),
      with: { unavailableBlocks: { where: (b, { eq: equals }) => equals(b.id, inserted.id) } },
    });
    expect(relational?.unavailableBlocks[0]?.startsAt.toISOString()).toBe(iso);

    // And the database holds what was written (the write side was never the problem).
    const [stored] = resultRows<{ year: number }>(
      await app.handle.db.execute(sql`select extract(year from ${unavailableBlocks.startsAt} at time zone 'UTC')::int as year from ${unavailableBlocks} where ${unavailableBlocks.id} = ${inserted.id}`),
    );
    expect(stored?.year).toBe(startsAt.getUTCFullYear());
  });
});

describe("bookings and unavailable time live in years 2000–2100", () => {
  const bookingInput = (startsAt: Date) => ({
    customerId: app.acme.customers[0]?.id ?? "",
    statusId: app.acme.statuses[1]?.id ?? "",
    serviceName: "Boiler service",
    amount: "80",
    startsAt,
    endsAt: new Date(startsAt.getTime() + 5_400_000),
    fieldworkerIds: [app.acme.crew[0]?.id ?? ""],
  });

  it.each(["0050-12-04T10:00:00.000Z", "0026-12-04T10:00:00.000Z", "2101-01-01T10:00:00.000Z"])(
    "refuses a booking and a block starting %s with a field error the form shows, writing nothing",
    async (iso) => {
      const admin = await app.callerAs("admin@acme.test");
      const before = await app.handle.db.select({ id: bookings.id }).from(bookings);
      for (const call of [admin.bookings.create(bookingInput(new Date(iso))), admin.unavailable.create({ ...bookingInput(new Date(iso)), fieldworkerId: app.acme.crew[0]?.id })]) {
        const error = await call.then(() => null, (e: unknown) => e);
        expect(error).toBeInstanceOf(TRPCError);
        expect((error as TRPCError).code).toBe("BAD_REQUEST");
        expect((error as TRPCError).message).toContain(SCHEDULE_YEARS_MESSAGE);
      }
      expect(await app.handle.db.select({ id: bookings.id }).from(bookings)).toHaveLength(before.length);
    },
  );

  it("a booking in 2026 round-trips to the millisecond", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const startsAt = new Date("2026-12-04T10:15:30.250Z");
    const { id } = await admin.bookings.create(bookingInput(startsAt));
    const read = await admin.bookings.get({ id });
    expect(read.startsAt.toISOString()).toBe(startsAt.toISOString());
    expect(read.endsAt.getTime()).toBe(startsAt.getTime() + 5_400_000);
  });
});

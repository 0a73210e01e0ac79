import { TRPCError } from "@trpc/server";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookingAssignments, bookingStatuses, bookings, customers, unavailableBlocks } from "../../db/schema";
import { createTestApp, type TestApp } from "./test-app";

type Caller = Awaited<ReturnType<TestApp["callerAs"]>>;

async function expectTrpcError(call: Promise<unknown>, code: TRPCError["code"], message?: string) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the call should have failed").toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  if (message) expect((error as TRPCError).message).toContain(message);
}

// The seed spreads bookings over the 28 days from the start of `NOW`'s month (Sydney time).
const NOW = new Date("2030-05-15T00:00:00Z");
const RANGE = { start: new Date("2030-04-29T00:00:00Z"), end: new Date("2030-06-02T00:00:00Z") };

describe(`calendar router on ${process.env.DATABASE_URL ? "Postgres" : "PGlite"}`, () => {
  let app: TestApp;
  let admin: Caller;
  let betaAdmin: Caller;
  let maria: Caller;

  const companyBookingIds = async (companyId: string) =>
    (await app.handle.db.select({ id: bookings.id }).from(bookings).where(eq(bookings.companyId, companyId))).map((r) => r.id).sort();

  beforeAll(async () => {
    app = await createTestApp({ now: NOW, bookingCount: 30 });
    admin = await app.callerAs("admin@acme.test");
    betaAdmin = await app.callerAs("admin@beta.test");
    maria = await app.callerAs("maria@acme.test");
  });
  afterAll(() => app.close());

  it("gives an admin every booking and block of their company in the range, and nothing of another company", async () => {
    const range = await admin.calendar.range(RANGE);
    expect(range.bookings.map((b) => b.id).sort()).toEqual(await companyBookingIds(app.acme.company.id));
    expect(range.unavailable).toHaveLength(4);
    const acmeFieldworkers = new Set([app.acme.general.id, ...app.acme.crew.map((f) => f.id)]);
    expect(range.unavailable.every((u) => acmeFieldworkers.has(u.fieldworkerId))).toBe(true);
    const first = range.bookings[0]!;
    const [stored] = await app.handle.db
      .select({ serviceName: bookings.serviceName, suburb: bookings.suburb, statusName: bookingStatuses.name, statusColor: bookingStatuses.color, customerName: customers.name })
      .from(bookings)
      .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId))
      .innerJoin(customers, eq(customers.id, bookings.customerId))
      .where(eq(bookings.id, first.id));
    expect(first).toMatchObject({
      serviceName: stored!.serviceName,
      suburb: stored!.suburb,
      status: { name: stored!.statusName, color: stored!.statusColor },
      customer: { name: stored!.customerName },
    });
    expect(first.status.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(first.fieldworkers.length).toBeGreaterThan(0);

    const beta = await betaAdmin.calendar.range(RANGE);
    const acmeIds = new Set(range.bookings.map((b) => b.id));
    expect(beta.bookings.some((b) => acmeIds.has(b.id))).toBe(false);
    expect(beta.bookings.map((b) => b.id).sort()).toEqual(await companyBookingIds(app.beta.company.id));
  });

  it("returns each booking once, in start order, with exact times and its assignees sorted by name", async () => {
    const [target] = await app.handle.db.select().from(bookings).where(eq(bookings.companyId, app.acme.company.id)).limit(1);
    // Millisecond precision survives the epoch conversion the range query uses.
    const startsAt = new Date("2030-05-20T09:15:30.123Z");
    const endsAt = new Date("2030-05-20T10:45:00.999Z");
    await app.handle.db.update(bookings).set({ startsAt, endsAt }).where(eq(bookings.id, target!.id));
    await app.handle.db.delete(bookingAssignments).where(eq(bookingAssignments.bookingId, target!.id));
    const [zoe, maria] = [app.acme.crew[2]!, app.acme.crew[0]!];
    await app.handle.db.insert(bookingAssignments).values([zoe, maria].map((f) => ({ bookingId: target!.id, fieldworkerId: f.id })));

    const range = await admin.calendar.range(RANGE);
    const ids = range.bookings.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    const starts = range.bookings.map((b) => b.startsAt.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const found = range.bookings.find((b) => b.id === target!.id)!;
    expect(found.startsAt).toEqual(startsAt);
    expect(found.endsAt).toEqual(endsAt);
    const names = found.fieldworkers.map((f) => f.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(found.fieldworkers.map((f) => f.id).sort()).toEqual([zoe.id, maria.id].sort());
  });

  it("returns only items overlapping the range", async () => {
    const empty = await admin.calendar.range({ start: new Date("2031-01-01T00:00:00Z"), end: new Date("2031-01-08T00:00:00Z") });
    expect(empty).toEqual({ bookings: [], unavailable: [], google: [], lastSyncedAt: null, hiddenByDay: {}, version: expect.any(Number) });
    const block = app.acme.crew[0]!;
    const [seededBlock] = await app.handle.db.select().from(unavailableBlocks).where(eq(unavailableBlocks.fieldworkerId, block.id));
    // A range that starts inside the block still shows it.
    const inside = new Date(seededBlock!.startsAt.getTime() + 60_000);
    const partial = await admin.calendar.range({ start: inside, end: new Date(inside.getTime() + 3_600_000) });
    expect(partial.unavailable.map((u) => u.id)).toContain(seededBlock!.id);
  });

  it("filters an admin's view to the chosen fieldworkers, keeping every assignee on shared bookings", async () => {
    const maria = app.acme.crew[0]!;
    const range = await admin.calendar.range({ ...RANGE, fieldworkerIds: [maria.id] });
    const expected = await app.handle.db
      .select({ id: bookingAssignments.bookingId })
      .from(bookingAssignments)
      .where(eq(bookingAssignments.fieldworkerId, maria.id));
    expect(range.bookings.map((b) => b.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(range.bookings.every((b) => b.fieldworkers.some((f) => f.id === maria.id))).toBe(true);
    expect(range.bookings.some((b) => b.fieldworkers.length > 1)).toBe(true);
    expect(range.unavailable.map((u) => u.fieldworkerId)).toEqual([maria.id]);
  });

  it("shows an admin nothing when filtering by another company's fieldworkers", async () => {
    const range = await admin.calendar.range({ ...RANGE, fieldworkerIds: app.beta.crew.map((f) => f.id) });
    expect(range).toEqual({ bookings: [], unavailable: [], google: [], lastSyncedAt: null, hiddenByDay: {}, version: expect.any(Number) });
  });

  it("shows a fieldworker only their own bookings and blocks", async () => {
    const mariaId = app.acme.crew[0]!.id;
    const range = await maria.calendar.range(RANGE);
    const assigned = await app.handle.db
      .select({ id: bookingAssignments.bookingId })
      .from(bookingAssignments)
      .where(eq(bookingAssignments.fieldworkerId, mariaId));
    expect(range.bookings.length).toBeGreaterThan(0);
    expect(range.bookings.map((b) => b.id).sort()).toEqual(assigned.map((r) => r.id).sort());
    expect(range.unavailable.map((u) => u.fieldworkerId)).toEqual([mariaId]);
    expect(await maria.calendar.range({ ...RANGE, fieldworkerIds: [mariaId] })).toEqual(range);
  });

  it("refuses a fieldworker asking for someone else's calendar", async () => {
    await expectTrpcError(maria.calendar.range({ ...RANGE, fieldworkerIds: [app.acme.crew[1]!.id] }), "FORBIDDEN");
  });

  it("refuses ranges that end before they start or span more than 62 days", async () => {
    await expectTrpcError(admin.calendar.range({ start: RANGE.end, end: RANGE.start }), "BAD_REQUEST", "End must be after start");
    await expectTrpcError(
      admin.calendar.range({ start: new Date("2030-01-01T00:00:00Z"), end: new Date("2030-03-05T00:00:00Z") }),
      "BAD_REQUEST",
      "at most 62 days",
    );
    await expectTrpcError(app.anonymousCaller().calendar.range(RANGE), "UNAUTHORIZED");
  });

  it("gives an admin the company's form options", async () => {
    const options = await admin.calendar.options();
    expect(options).toMatchObject({ timeZone: "Australia/Sydney", currencyCode: "AUD", currencySymbol: "$" });
    // The general fieldworker and the four active crew; the inactive one is not offered.
    expect(options.fieldworkers).toHaveLength(5);
    expect(options.fieldworkers.map((f) => f.id)).not.toContain(app.acme.crew[4]!.id);
    expect(options.statuses.map((s) => s.name)).toEqual(["Quote", "Confirmed", "In progress", "Completed", "Cancelled"]);
    expect(options.customers).toHaveLength(10);
    const acmeCustomers = new Set(app.acme.customers.map((c) => c.id));
    expect(options.customers.every((c) => acmeCustomers.has(c.id))).toBe(true);
    const allIds = [...options.fieldworkers, ...options.statuses, ...options.customers].map((x) => x.id);
    const betaIds = new Set([...app.beta.crew, app.beta.general, ...app.beta.statuses, ...app.beta.customers].map((x) => x.id));
    expect(allIds.some((id) => betaIds.has(id))).toBe(false);
  });

  it("gives a fieldworker only themselves and no customer list", async () => {
    const options = await maria.calendar.options();
    expect(options.fieldworkers).toEqual([{ id: app.acme.crew[0]!.id, name: "Maria Garcia", isGeneral: false }]);
    expect(options.customers).toEqual([]);
    expect(options.statuses).toHaveLength(5);
  });

  it("never includes blocks of another company even for matching times", async () => {
    const betaBlocks = await app.handle.db
      .select({ id: unavailableBlocks.id })
      .from(unavailableBlocks)
      .where(inArray(unavailableBlocks.fieldworkerId, app.beta.crew.map((f) => f.id)));
    const range = await admin.calendar.range(RANGE);
    const ids = new Set(range.unavailable.map((u) => u.id));
    expect(betaBlocks.length).toBeGreaterThan(0);
    expect(betaBlocks.some((b) => ids.has(b.id))).toBe(false);
  });
});

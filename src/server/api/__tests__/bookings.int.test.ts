import { TRPCError } from "@trpc/server";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookingAssignments, bookings } from "../../db/schema";
import { createTestApp, type TestApp } from "./test-app";

type Caller = Awaited<ReturnType<TestApp["callerAs"]>>;

/** Awaits a call that must fail with this tRPC code and a message containing `message`. */
async function expectTrpcError(call: Promise<unknown>, code: TRPCError["code"], message?: string) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the call should have failed").toBeInstanceOf(TRPCError);
  const trpcError = error as TRPCError;
  expect(trpcError.code).toBe(code);
  if (message) expect(trpcError.message).toContain(message);
}

describe(`bookings router on ${process.env.DATABASE_URL ? "Postgres" : "PGlite"}`, () => {
  let app: TestApp;
  let admin: Caller;
  let maria: Caller;
  let tom: Caller;

  const counts = async () => {
    const [b] = await app.handle.db.select({ n: count() }).from(bookings);
    const [a] = await app.handle.db.select({ n: count() }).from(bookingAssignments);
    return { bookings: Number(b?.n), assignments: Number(a?.n) };
  };

  const validInput = () => ({
    customerId: app.acme.customers[0]!.id,
    statusId: app.acme.statuses[1]!.id,
    serviceName: "Kitchen sink",
    serviceDescription: "Replace mixer tap",
    amount: "150.50",
    suburb: "Newtown",
    addresses: ["12 King St, Newtown NSW 2042", "Back gate on Lane St"],
    startsAt: new Date("2030-03-04T08:00:00Z"),
    endsAt: new Date("2030-03-04T09:30:00Z"),
    fieldworkerIds: [app.acme.crew[0]!.id],
  });

  /** A seeded booking of `company` assigned to `fieldworkerId`, or (when `notAssignedTo`) not assigned to it. */
  const seededBooking = async (companyId: string, fieldworkerId: string, assigned: boolean) => {
    const rows = await app.handle.db
      .select({ id: bookings.id, fieldworkerId: bookingAssignments.fieldworkerId })
      .from(bookings)
      .innerJoin(bookingAssignments, eq(bookingAssignments.bookingId, bookings.id))
      .where(eq(bookings.companyId, companyId));
    const mine = new Set(rows.filter((r) => r.fieldworkerId === fieldworkerId).map((r) => r.id));
    const found = rows.find((r) => (assigned ? mine.has(r.id) : !mine.has(r.id)));
    if (!found) throw new Error("no suitable seeded booking");
    return found.id;
  };

  beforeAll(async () => {
    app = await createTestApp({ bookingCount: 20 });
    admin = await app.callerAs("admin@acme.test");
    maria = await app.callerAs("maria@acme.test");
    tom = await app.callerAs("tom@acme.test");
  });
  afterAll(() => app.close());

  describe("happy paths", () => {
    it("creates a booking with its assignments, amount in cents and the company currency", async () => {
      const before = await counts();
      const input = validInput();
      const { id } = await admin.bookings.create({ ...input, fieldworkerIds: [app.acme.crew[0]!.id, app.acme.crew[1]!.id] });
      const booking = await admin.bookings.get({ id });
      expect(booking).toMatchObject({
        serviceName: "Kitchen sink",
        amountCents: 15_050,
        currencyCode: "AUD",
        suburb: "Newtown",
        addresses: input.addresses,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        createdById: app.acme.admin.id,
        statusName: "Confirmed",
        customerName: app.acme.customers[0]!.name,
      });
      expect(booking.fieldworkers.map((f) => f.id).sort()).toEqual([app.acme.crew[0]!.id, app.acme.crew[1]!.id].sort());
      expect(await counts()).toEqual({ bookings: before.bookings + 1, assignments: before.assignments + 2 });
    });

    it("accepts whole amounts and drops blank address slots", async () => {
      const { id } = await admin.bookings.create({ ...validInput(), amount: "80", addresses: ["1 Main St", "", "  "] });
      const booking = await admin.bookings.get({ id });
      expect(booking.amountCents).toBe(8_000);
      expect(booking.addresses).toEqual(["1 Main St"]);
    });

    it("updates every field and replaces the assigned fieldworkers", async () => {
      const { id } = await admin.bookings.create(validInput());
      await admin.bookings.update({
        ...validInput(),
        id,
        statusId: app.acme.statuses[3]!.id,
        serviceName: "Kitchen sink (done)",
        amount: "99.9",
        addresses: [],
        fieldworkerIds: [app.acme.crew[2]!.id],
      });
      const booking = await admin.bookings.get({ id });
      expect(booking).toMatchObject({ statusName: "Completed", serviceName: "Kitchen sink (done)", amountCents: 9_990, addresses: [] });
      expect(booking.fieldworkers.map((f) => f.id)).toEqual([app.acme.crew[2]!.id]);
    });

    it("reschedules only the times", async () => {
      const { id } = await admin.bookings.create(validInput());
      const startsAt = new Date("2030-03-06T01:00:00Z");
      const endsAt = new Date("2030-03-06T03:00:00Z");
      await admin.bookings.reschedule({ id, startsAt, endsAt });
      const booking = await admin.bookings.get({ id });
      expect(booking).toMatchObject({ startsAt, endsAt, serviceName: "Kitchen sink", amountCents: 15_050 });
    });

    it("deletes a booking and its assignments", async () => {
      const { id } = await admin.bookings.create(validInput());
      const before = await counts();
      await admin.bookings.delete({ id });
      await expectTrpcError(admin.bookings.get({ id }), "NOT_FOUND");
      expect(await counts()).toEqual({ bookings: before.bookings - 1, assignments: before.assignments - 1 });
    });
  });

  describe("validation writes nothing", () => {
    const cases: { name: string; patch: () => Record<string, unknown>; message: string }[] = [
      { name: "end before start", patch: () => ({ endsAt: new Date("2030-03-04T07:00:00Z") }), message: "End must be after start" },
      { name: "end equal to start", patch: () => ({ endsAt: new Date("2030-03-04T08:00:00Z") }), message: "End must be after start" },
      { name: "no fieldworker", patch: () => ({ fieldworkerIds: [] }), message: "Choose at least one fieldworker" },
      { name: "an inactive fieldworker", patch: () => ({ fieldworkerIds: [app.acme.crew[4]!.id] }), message: "Unknown fieldworker" },
      {
        name: "another company's fieldworker",
        patch: () => ({ fieldworkerIds: [app.acme.crew[0]!.id, app.beta.crew[0]!.id] }),
        message: "Unknown fieldworker",
      },
      { name: "a made-up fieldworker", patch: () => ({ fieldworkerIds: ["5d0c1b36-1f5e-4d43-9a52-0d6f1c9d2b11"] }), message: "Unknown fieldworker" },
      { name: "another company's customer", patch: () => ({ customerId: app.beta.customers[0]!.id }), message: "Unknown customer" },
      { name: "another company's status", patch: () => ({ statusId: app.beta.statuses[0]!.id }), message: "Unknown status" },
      { name: "three decimals", patch: () => ({ amount: "12.345" }), message: "Amount must be a number with up to 2 decimals" },
      { name: "a word for an amount", patch: () => ({ amount: "abc" }), message: "Amount must be a number with up to 2 decimals" },
      { name: "a negative amount", patch: () => ({ amount: "-5" }), message: "Amount must be a number with up to 2 decimals" },
      { name: "four addresses", patch: () => ({ addresses: ["a", "b", "c", "d"] }), message: "At most three addresses" },
      { name: "an empty service name", patch: () => ({ serviceName: "  " }), message: "Service name is required" },
      { name: "a very long service name", patch: () => ({ serviceName: "x".repeat(201) }), message: "Service name is too long" },
      { name: "a malformed id", patch: () => ({ customerId: "not-a-uuid" }), message: "Invalid id" },
    ];

    for (const testCase of cases) {
      it(`refuses to create a booking with ${testCase.name}`, async () => {
        const before = await counts();
        await expectTrpcError(admin.bookings.create({ ...validInput(), ...testCase.patch() } as never), "BAD_REQUEST", testCase.message);
        expect(await counts()).toEqual(before);
      });
    }

    it("refuses an update with bad input and leaves the booking as it was", async () => {
      const { id } = await admin.bookings.create(validInput());
      const before = await admin.bookings.get({ id });
      for (const testCase of cases) {
        await expectTrpcError(
          admin.bookings.update({ ...validInput(), id, serviceName: "changed", ...testCase.patch() } as never),
          "BAD_REQUEST",
          testCase.message,
        );
      }
      expect(await admin.bookings.get({ id })).toEqual(before);
    });

    it("refuses a reschedule that ends before it starts", async () => {
      const { id } = await admin.bookings.create(validInput());
      await expectTrpcError(
        admin.bookings.reschedule({ id, startsAt: new Date("2030-03-05T10:00:00Z"), endsAt: new Date("2030-03-05T09:00:00Z") }),
        "BAD_REQUEST",
        "End must be after start",
      );
      expect((await admin.bookings.get({ id })).startsAt).toEqual(validInput().startsAt);
    });
  });

  describe("tenant isolation", () => {
    it("an admin cannot read, change, move or delete another company's booking", async () => {
      const betaBookingId = await seededBooking(app.beta.company.id, app.beta.crew[0]!.id, true);
      const [before] = await app.handle.db.select().from(bookings).where(eq(bookings.id, betaBookingId));
      await expectTrpcError(admin.bookings.get({ id: betaBookingId }), "NOT_FOUND");
      await expectTrpcError(
        admin.bookings.update({
          ...validInput(),
          id: betaBookingId,
          customerId: app.beta.customers[0]!.id,
          statusId: app.beta.statuses[0]!.id,
          fieldworkerIds: [app.beta.crew[0]!.id],
        }),
        "BAD_REQUEST",
        "Unknown customer",
      );
      await expectTrpcError(admin.bookings.update({ ...validInput(), id: betaBookingId }), "NOT_FOUND");
      await expectTrpcError(
        admin.bookings.reschedule({ id: betaBookingId, startsAt: new Date("2030-01-01T00:00:00Z"), endsAt: new Date("2030-01-01T01:00:00Z") }),
        "NOT_FOUND",
      );
      await expectTrpcError(admin.bookings.delete({ id: betaBookingId }), "NOT_FOUND");
      const [after] = await app.handle.db.select().from(bookings).where(eq(bookings.id, betaBookingId));
      expect(after).toEqual(before);
      const assignments = await app.handle.db
        .select()
        .from(bookingAssignments)
        .where(and(eq(bookingAssignments.bookingId, betaBookingId), eq(bookingAssignments.fieldworkerId, app.beta.crew[0]!.id)));
      expect(assignments).toHaveLength(1);
    });
  });

  describe("fieldworkers", () => {
    it("read bookings assigned to them and nobody else's", async () => {
      const own = await seededBooking(app.acme.company.id, app.acme.crew[0]!.id, true);
      const other = await seededBooking(app.acme.company.id, app.acme.crew[0]!.id, false);
      const booking = await maria.bookings.get({ id: own });
      expect(booking.fieldworkers.map((f) => f.id)).toContain(app.acme.crew[0]!.id);
      await expectTrpcError(maria.bookings.get({ id: other }), "NOT_FOUND");
      await expectTrpcError(tom.bookings.get({ id: await seededBooking(app.beta.company.id, app.beta.crew[1]!.id, true) }), "NOT_FOUND");
    });

    it("cannot create, update, reschedule or delete bookings", async () => {
      const own = await seededBooking(app.acme.company.id, app.acme.crew[0]!.id, true);
      const before = await counts();
      await expectTrpcError(maria.bookings.create(validInput()), "FORBIDDEN");
      await expectTrpcError(maria.bookings.update({ ...validInput(), id: own }), "FORBIDDEN");
      await expectTrpcError(
        maria.bookings.reschedule({ id: own, startsAt: new Date("2030-01-01T00:00:00Z"), endsAt: new Date("2030-01-01T01:00:00Z") }),
        "FORBIDDEN",
      );
      await expectTrpcError(maria.bookings.delete({ id: own }), "FORBIDDEN");
      expect(await counts()).toEqual(before);
    });

    it("anonymous callers are refused", async () => {
      await expectTrpcError(app.anonymousCaller().bookings.get({ id: app.acme.customers[0]!.id }), "UNAUTHORIZED");
    });
  });
});

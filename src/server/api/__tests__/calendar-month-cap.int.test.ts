import { TZDate } from "@date-fns/tz";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookingAssignments, bookings, fieldworkers } from "../../db/schema";
import { expectedDayCap } from "./day-cap-oracle";
import { createTestApp, type TestApp } from "./test-app";

type Caller = Awaited<ReturnType<TestApp["callerAs"]>>;

const NOW = new Date("2030-05-15T00:00:00Z");
const RANGE = { start: new Date("2030-04-29T00:00:00Z"), end: new Date("2030-06-02T00:00:00Z") };
const SYDNEY = "Australia/Sydney";
/** A Sydney wall-clock time in May 2030 (AEST, UTC+10). */
const sydney = (day: number, hour: number, minute = 0) => new Date(new TZDate(2030, 4, day, hour, minute, SYDNEY).getTime());

describe(`the month view's cap on items per day (${process.env.DATABASE_URL ? "Postgres" : "PGlite"})`, () => {
  let app: TestApp;
  let admin: Caller;
  let carlId: string;
  /** Carl's bookings by letter, see the test below. */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await createTestApp({ now: NOW, bookingCount: 60 });
    admin = await app.callerAs("admin@acme.test");
    const [carl] = await app.handle.db
      .insert(fieldworkers)
      .values({ companyId: app.acme.company.id, displayName: "Carl Capped", email: "carl@acme.test" })
      .returning();
    carlId = carl!.id;
    const plan: [string, Date, Date][] = [
      ["A", sydney(21, 8), sydney(21, 9)],
      ["B", sydney(21, 9), sydney(21, 10)],
      ["C", sydney(21, 10), sydney(21, 11)],
      ["D", sydney(21, 11), sydney(21, 12)],
      // Ends at midnight: covers the 21st only.
      ["E", sydney(21, 23), sydney(22, 0)],
      // Two nights: covers the 20th, 21st and 22nd, and starts first on the 21st.
      ["M", sydney(20, 22), sydney(22, 7)],
      ["F", sydney(22, 8), sydney(22, 9)],
    ];
    for (const [letter, startsAt, endsAt] of plan) {
      const [row] = await app.handle.db
        .insert(bookings)
        .values({
          companyId: app.acme.company.id,
          customerId: app.acme.customers[0]!.id,
          statusId: app.acme.statuses[0]!.id,
          serviceName: `Job ${letter}`,
          currencyCode: "AUD",
          startsAt,
          endsAt,
        })
        .returning();
      ids[letter] = row!.id;
      await app.handle.db.insert(bookingAssignments).values({ bookingId: row!.id, fieldworkerId: carlId });
    }
  });
  afterAll(() => app.close());

  it("keeps the first items of each Sydney day and counts the rest, multi-day items on every day they cover", async () => {
    const capped = await admin.calendar.range({ ...RANGE, fieldworkerIds: [carlId], dayLimit: 3 });
    // 20th: M. 21st: M, A, B kept; C, D, E hidden. 22nd: M, F.
    expect(capped.bookings.map((b) => b.serviceName)).toEqual(["Job M", "Job A", "Job B", "Job F"]);
    expect(capped.hiddenByDay).toEqual({ "2030-05-21": 3 });
    // The kept bookings are the full items, as without the cap.
    const full = await admin.calendar.range({ ...RANGE, fieldworkerIds: [carlId] });
    expect(full.bookings).toHaveLength(7);
    expect(full.hiddenByDay).toEqual({});
    expect(capped.bookings).toEqual(full.bookings.filter((b) => [ids.M, ids.A, ids.B, ids.F].includes(b.id)));
  });

  it("counts a day hidden only by what it leaves out: a limit the busiest day fits hides nothing", async () => {
    const capped = await admin.calendar.range({ ...RANGE, fieldworkerIds: [carlId], dayLimit: 6 });
    expect(capped.bookings).toHaveLength(7);
    expect(capped.hiddenByDay).toEqual({});
  });

  it("matches the cap computed from the full list, for the whole company and for a fieldworker", async () => {
    const maria = await app.callerAs("maria@acme.test");
    for (const [caller, limit] of [
      [admin, 1],
      [admin, 2],
      [maria, 1],
    ] as const) {
      const full = await caller.calendar.range(RANGE);
      const capped = await caller.calendar.range({ ...RANGE, dayLimit: limit });
      const expected = expectedDayCap(full.bookings, limit, RANGE, SYDNEY);
      expect(Object.keys(expected.hiddenByDay).length, "the seed should overflow some days").toBeGreaterThan(0);
      expect(capped.bookings).toEqual(full.bookings.filter((b) => expected.kept.has(b.id)));
      expect(capped.hiddenByDay).toEqual(expected.hiddenByDay);
      // Blocks are never capped.
      expect(capped.unavailable).toEqual(full.unavailable);
    }
  });

  it("refuses a limit below one or above 100", async () => {
    for (const dayLimit of [0, 101, 2.5]) {
      const error = await admin.calendar.range({ ...RANGE, dayLimit }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
    }
  });
});

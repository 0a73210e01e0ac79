import { TRPCError } from "@trpc/server";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unavailableBlocks } from "../../db/schema";
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

const SLOT = { startsAt: new Date("2030-07-01T09:00:00Z"), endsAt: new Date("2030-07-01T11:00:00Z") };

describe(`unavailable router on ${process.env.DATABASE_URL ? "Postgres" : "PGlite"}`, () => {
  let app: TestApp;
  let admin: Caller;
  let maria: Caller;
  let tom: Caller;

  const blockCount = async () => Number((await app.handle.db.select({ n: count() }).from(unavailableBlocks))[0]?.n);
  const loadBlock = async (id: string) => (await app.handle.db.select().from(unavailableBlocks).where(eq(unavailableBlocks.id, id)))[0];

  beforeAll(async () => {
    app = await createTestApp({ bookingCount: 5 });
    admin = await app.callerAs("admin@acme.test");
    maria = await app.callerAs("maria@acme.test");
    tom = await app.callerAs("tom@acme.test");
  });
  afterAll(() => app.close());

  describe("a fieldworker", () => {
    it("creates, edits and deletes their own block", async () => {
      const { id } = await maria.unavailable.create({ ...SLOT, note: "Dentist" });
      expect(await loadBlock(id)).toMatchObject({ fieldworkerId: app.acme.crew[0]!.id, companyId: app.acme.company.id, note: "Dentist", ...SLOT });
      const endsAt = new Date("2030-07-01T12:00:00Z");
      await maria.unavailable.update({ id, startsAt: SLOT.startsAt, endsAt, note: "Dentist, then pharmacy" });
      expect(await loadBlock(id)).toMatchObject({ endsAt, note: "Dentist, then pharmacy" });
      expect(await maria.unavailable.get({ id })).toMatchObject({ id, fieldworkerName: "Maria Garcia" });
      await maria.unavailable.delete({ id });
      expect(await loadBlock(id)).toBeUndefined();
    });

    it("cannot create a block for someone else", async () => {
      const before = await blockCount();
      await expectTrpcError(maria.unavailable.create({ ...SLOT, fieldworkerId: app.acme.crew[1]!.id }), "FORBIDDEN");
      expect(await blockCount()).toBe(before);
    });

    it("cannot read, edit or delete another fieldworker's block", async () => {
      const { id } = await tom.unavailable.create({ ...SLOT, note: "Tom's" });
      const before = await loadBlock(id);
      await expectTrpcError(maria.unavailable.get({ id }), "NOT_FOUND");
      await expectTrpcError(maria.unavailable.update({ id, ...SLOT, note: "hijacked" }), "NOT_FOUND");
      await expectTrpcError(maria.unavailable.delete({ id }), "NOT_FOUND");
      expect(await loadBlock(id)).toEqual(before);
    });

    it("cannot move their block to someone else", async () => {
      const { id } = await maria.unavailable.create(SLOT);
      await expectTrpcError(maria.unavailable.update({ id, ...SLOT, fieldworkerId: app.acme.crew[1]!.id }), "FORBIDDEN");
      expect((await loadBlock(id))?.fieldworkerId).toBe(app.acme.crew[0]!.id);
    });
  });

  describe("an admin", () => {
    it("manages blocks of any active fieldworker of the company", async () => {
      const { id } = await admin.unavailable.create({ ...SLOT, fieldworkerId: app.acme.crew[1]!.id, note: "Training" });
      expect((await loadBlock(id))?.fieldworkerId).toBe(app.acme.crew[1]!.id);
      await admin.unavailable.update({ id, ...SLOT, fieldworkerId: app.acme.crew[2]!.id, note: "Training (moved)" });
      expect(await loadBlock(id)).toMatchObject({ fieldworkerId: app.acme.crew[2]!.id, note: "Training (moved)" });
      await admin.unavailable.delete({ id });
      expect(await loadBlock(id)).toBeUndefined();
    });

    it("cannot touch another company's blocks", async () => {
      const [betaBlock] = await app.handle.db.select().from(unavailableBlocks).where(eq(unavailableBlocks.companyId, app.beta.company.id)).limit(1);
      await expectTrpcError(admin.unavailable.get({ id: betaBlock!.id }), "NOT_FOUND");
      await expectTrpcError(admin.unavailable.update({ id: betaBlock!.id, ...SLOT, note: "x" }), "NOT_FOUND");
      await expectTrpcError(admin.unavailable.delete({ id: betaBlock!.id }), "NOT_FOUND");
      expect(await loadBlock(betaBlock!.id)).toEqual(betaBlock);
    });
  });

  describe("validation writes nothing", () => {
    const cases: { name: string; input: () => Record<string, unknown>; message: string }[] = [
      { name: "end before start", input: () => ({ ...SLOT, endsAt: new Date("2030-07-01T08:00:00Z"), fieldworkerId: app.acme.crew[0]!.id }), message: "End must be after start" },
      { name: "no fieldworker (admin)", input: () => SLOT, message: "Choose a fieldworker" },
      { name: "another company's fieldworker", input: () => ({ ...SLOT, fieldworkerId: app.beta.crew[0]!.id }), message: "Unknown fieldworker" },
      { name: "an inactive fieldworker", input: () => ({ ...SLOT, fieldworkerId: app.acme.crew[4]!.id }), message: "Unknown fieldworker" },
      { name: "a very long note", input: () => ({ ...SLOT, fieldworkerId: app.acme.crew[0]!.id, note: "x".repeat(501) }), message: "Note is too long" },
    ];
    for (const testCase of cases) {
      it(`refuses a block with ${testCase.name}`, async () => {
        const before = await blockCount();
        await expectTrpcError(admin.unavailable.create(testCase.input() as never), "BAD_REQUEST", testCase.message);
        expect(await blockCount()).toBe(before);
      });
    }

    it("refuses a fieldworker's block that ends before it starts, and a bad update", async () => {
      const before = await blockCount();
      await expectTrpcError(maria.unavailable.create({ startsAt: SLOT.endsAt, endsAt: SLOT.startsAt }), "BAD_REQUEST", "End must be after start");
      expect(await blockCount()).toBe(before);
      const { id } = await maria.unavailable.create(SLOT);
      const saved = await loadBlock(id);
      await expectTrpcError(maria.unavailable.update({ id, startsAt: SLOT.endsAt, endsAt: SLOT.startsAt }), "BAD_REQUEST", "End must be after start");
      expect(await loadBlock(id)).toEqual(saved);
    });
  });
});

import { asc, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBookingStatus, isUniqueViolation } from "../../db/queries/booking-statuses";
import { bookingStatuses, bookings } from "../../db/schema";
import { createTestApp, type TestApp } from "./test-app";

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({ bookingCount: 30 });
});
afterAll(async () => {
  await app?.close();
});

const companyStatuses = (companyId: string) =>
  app.handle.db
    .select()
    .from(bookingStatuses)
    .where(eq(bookingStatuses.companyId, companyId))
    .orderBy(asc(bookingStatuses.sortOrder), asc(bookingStatuses.id));

const statusRow = async (id: string) => {
  const [row] = await app.handle.db.select().from(bookingStatuses).where(eq(bookingStatuses.id, id));
  return row;
};

const SEEDED = ["Quote", "Confirmed", "In progress", "Completed", "Cancelled"];

describe("bookingStatuses.list", () => {
  it("gives admins and fieldworkers their company's statuses in order", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const maria = await app.callerAs("maria@acme.test");
    const adminList = await admin.bookingStatuses.list();
    expect(adminList.map((s) => s.name)).toEqual(SEEDED);
    expect(await maria.bookingStatuses.list()).toEqual(adminList);
    const betaIds = new Set(app.beta.statuses.map((s) => s.id));
    expect(adminList.some((s) => betaIds.has(s.id))).toBe(false);
  });
});

describe("bookingStatuses.create", () => {
  it("adds a status at the end with its Google flags", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const created = await admin.bookingStatuses.create({
      name: " On hold ",
      color: "#A855F7",
      description: "Waiting for parts",
      pushToGoogle: false,
      deleteFromGoogle: true,
    });
    expect(created).toMatchObject({
      name: "On hold",
      color: "#a855f7",
      description: "Waiting for parts",
      pushToGoogle: false,
      deleteFromGoogle: true,
      sortOrder: 5,
    });
    expect((await statusRow(created.id))?.companyId).toBe(app.acme.company.id);
  });

  it("refuses a name the company already has, whatever its case, and writes nothing", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const before = await companyStatuses(app.acme.company.id);
    await expect(admin.bookingStatuses.create({ name: "CONFIRMED", color: "#000000" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "A status with this name exists",
    });
    expect(await companyStatuses(app.acme.company.id)).toEqual(before);
  });

  it("allows a name another company uses", async () => {
    const betaAdmin = await app.callerAs("admin@beta.test");
    expect((await betaAdmin.bookingStatuses.create({ name: "On hold", color: "#111111" })).name).toBe("On hold");
  });

  it.each([
    ["a colour name", { color: "red" }, "Colour must be a hex colour"],
    ["a short hex colour", { color: "#abc" }, "Colour must be a hex colour"],
    ["a non-hex colour", { color: "#gggggg" }, "Colour must be a hex colour"],
    ["an empty name", { name: " " }, "Name is required"],
    ["an over-long description", { description: "x".repeat(501) }, "Description is too long"],
  ])("refuses %s and writes nothing", async (_label, override, message) => {
    const admin = await app.callerAs("admin@acme.test");
    const before = await companyStatuses(app.acme.company.id);
    const error = await admin.bookingStatuses
      .create({ name: "Scheduled", color: "#123456", ...override })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect((error as Error).message).toContain(message);
    expect(await companyStatuses(app.acme.company.id)).toEqual(before);
  });

  it("recognises the unique index's violation on both drivers (two admins saving the same name at once)", async () => {
    const error = await createBookingStatus(app.handle.db, app.acme.company.id, {
      name: "quote",
      color: "#000000",
      description: "",
      pushToGoogle: false,
      deleteFromGoogle: false,
    }).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });
});

describe("bookingStatuses.update", () => {
  it("toggles the Google flags and renames, keeping the other fields", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const quote = app.acme.statuses[0]!;
    const updated = await admin.bookingStatuses.update({ id: quote.id, pushToGoogle: true, deleteFromGoogle: false });
    expect(updated).toMatchObject({ name: "Quote", color: quote.color, pushToGoogle: true, deleteFromGoogle: false });
    expect((await admin.bookingStatuses.update({ id: quote.id, name: "quote" })).name).toBe("quote");
  });

  it("refuses another status's name and a bad colour, writing nothing", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const completed = app.acme.statuses[3]!;
    const before = await statusRow(completed.id);
    await expect(admin.bookingStatuses.update({ id: completed.id, name: "cancelled" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "A status with this name exists",
    });
    await expect(admin.bookingStatuses.update({ id: completed.id, color: "green" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await statusRow(completed.id)).toEqual(before);
  });

  it("answers NOT_FOUND for another company's status and leaves it untouched", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const betaBefore = await companyStatuses(app.beta.company.id);
    await expect(admin.bookingStatuses.update({ id: app.beta.statuses[0]!.id, pushToGoogle: true })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(admin.bookingStatuses.update({ id: randomUUID(), name: "X" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await companyStatuses(app.beta.company.id)).toEqual(betaBefore);
  });
});

describe("bookingStatuses.reorder", () => {
  it("saves a complete new order", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const ids = (await admin.bookingStatuses.list()).map((s) => s.id).reverse();
    const reordered = await admin.bookingStatuses.reorder({ ids });
    expect(reordered.map((s) => s.id)).toEqual(ids);
    expect(reordered.map((s) => s.sortOrder)).toEqual(ids.map((_, i) => i));
  });

  it("refuses an incomplete order or a repeated id, writing nothing", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const before = await companyStatuses(app.acme.company.id);
    const ids = before.map((s) => s.id);
    await expect(admin.bookingStatuses.reorder({ ids: ids.slice(1) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.bookingStatuses.reorder({ ids: [...ids.slice(1), ids[1]!] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await companyStatuses(app.acme.company.id)).toEqual(before);
  });

  it("answers NOT_FOUND when another company's status is in the list, touching neither company", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const before = await companyStatuses(app.acme.company.id);
    const betaBefore = await companyStatuses(app.beta.company.id);
    const ids = [...before.map((s) => s.id).slice(1), app.beta.statuses[0]!.id];
    await expect(admin.bookingStatuses.reorder({ ids })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await companyStatuses(app.acme.company.id)).toEqual(before);
    expect(await companyStatuses(app.beta.company.id)).toEqual(betaBefore);
  });
});

describe("bookingStatuses.delete", () => {
  it("refuses to delete a status bookings use, saying why", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const [booking] = await app.handle.db
      .select({ statusId: bookings.statusId })
      .from(bookings)
      .where(eq(bookings.companyId, app.acme.company.id))
      .limit(1);
    const error = await admin.bookingStatuses.delete({ id: booking!.statusId }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFLICT" });
    expect((error as Error).message).toMatch(/is used by \d+ bookings?/);
    expect(await statusRow(booking!.statusId)).toBeDefined();
  });

  it("deletes an unused status", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const created = await admin.bookingStatuses.create({ name: "Temporary", color: "#ffffff" });
    expect(await admin.bookingStatuses.delete({ id: created.id })).toEqual({ id: created.id });
    expect(await statusRow(created.id)).toBeUndefined();
  });

  it("answers NOT_FOUND for another company's status and keeps it", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const betaStatus = app.beta.statuses[4]!.id;
    await expect(admin.bookingStatuses.delete({ id: betaStatus })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await statusRow(betaStatus)).toBeDefined();
  });
});

describe("bookingStatuses: admin-only changes", () => {
  it("forbids fieldworkers to create, edit, delete or reorder", async () => {
    const maria = await app.callerAs("maria@acme.test");
    const before = await companyStatuses(app.acme.company.id);
    const id = before[0]!.id;
    await expect(maria.bookingStatuses.create({ name: "Mine", color: "#000000" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(maria.bookingStatuses.update({ id, pushToGoogle: false })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(maria.bookingStatuses.delete({ id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(maria.bookingStatuses.reorder({ ids: before.map((s) => s.id) })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await companyStatuses(app.acme.company.id)).toEqual(before);
  });
});

import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookings, customers } from "../../db/schema";
import { createTestApp, type TestApp } from "./test-app";

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({ bookingCount: 20 });
});
afterAll(async () => {
  await app?.close();
});

const companyCustomers = (companyId: string) =>
  app.handle.db.select().from(customers).where(eq(customers.companyId, companyId)).orderBy(customers.id);

const customerRow = async (id: string) => {
  const [row] = await app.handle.db.select().from(customers).where(eq(customers.id, id));
  return row;
};

const valid = {
  name: "Zoe Park",
  businessName: "Park Florist",
  email: "zoe@example.com",
  phone: "+61 2 9000 0000",
  timeZone: "Australia/Perth",
  properties: [
    { key: "Gate code", value: "4321" },
    { key: "Parking", value: "Rear lane" },
  ],
};

describe("customers.list and get", () => {
  it("lists the company's customers by name and nothing of another company", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const list = await admin.customers.list();
    expect(list).toHaveLength(10);
    const names = list.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const betaIds = new Set(app.beta.customers.map((c) => c.id));
    expect(list.some((c) => betaIds.has(c.id))).toBe(false);
  });

  it("searches by name, business name or email", async () => {
    const admin = await app.callerAs("admin@acme.test");
    expect((await admin.customers.list({ search: "bakery" })).map((c) => c.name)).toEqual(["Liam Nguyen"]);
    expect(await admin.customers.list({ search: "100%_" })).toEqual([]);
  });

  it("gets one customer with its properties", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const olivia = app.acme.customers[0]!;
    expect(await admin.customers.get({ id: olivia.id })).toMatchObject({
      name: "Olivia Smith",
      properties: { "Gate code": "1000", Pets: "Friendly dog" },
    });
  });

  it("answers NOT_FOUND for another company's customer or an unknown id", async () => {
    const admin = await app.callerAs("admin@acme.test");
    await expect(admin.customers.get({ id: app.beta.customers[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(admin.customers.get({ id: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("customers.create", () => {
  it("stores the customer with its properties as one object", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const created = await admin.customers.create(valid);
    expect(created).toMatchObject({
      name: "Zoe Park",
      businessName: "Park Florist",
      timeZone: "Australia/Perth",
      properties: { "Gate code": "4321", Parking: "Rear lane" },
    });
    expect((await customerRow(created.id))?.companyId).toBe(app.acme.company.id);
  });

  it("defaults the time zone to the company's and blanks to null", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const created = await admin.customers.create({ name: "Walk-in", businessName: " ", email: "", phone: null });
    expect(created).toMatchObject({ timeZone: "Australia/Sydney", businessName: null, email: null, phone: null, properties: {} });
  });

  const tooMany = Array.from({ length: 21 }, (_, i) => ({ key: `Key ${i}`, value: "v" }));
  it.each([
    ["an unknown time zone", { timeZone: "Europe/Atlantis" }, "Unknown time zone"],
    ["an invalid email", { email: "zoe@" }, "Enter a valid email address"],
    ["an empty name", { name: "" }, "Name is required"],
    ["a repeated property name", { properties: [{ key: "Pets", value: "Cat" }, { key: "pets", value: "Dog" }] }, "used once"],
    ["a property without a name", { properties: [{ key: " ", value: "x" }] }, "Property name is required"],
    ["more than 20 properties", { properties: tooMany }, "At most 20 properties"],
    ["an over-long property value", { properties: [{ key: "Notes", value: "x".repeat(501) }] }, "Property value is too long"],
  ])("refuses %s and writes nothing", async (_label, override, message) => {
    const admin = await app.callerAs("admin@acme.test");
    const before = await companyCustomers(app.acme.company.id);
    const error = await admin.customers.create({ ...valid, ...override }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect((error as Error).message).toContain(message);
    expect(await companyCustomers(app.acme.company.id)).toEqual(before);
  });
});

describe("customers.update", () => {
  it("replaces the details and properties", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const olivia = app.acme.customers[0]!;
    const updated = await admin.customers.update({
      id: olivia.id,
      name: "Olivia Smith-Jones",
      timeZone: "Australia/Sydney",
      properties: [{ key: "Pets", value: "Two cats" }],
    });
    expect(updated).toMatchObject({ name: "Olivia Smith-Jones", businessName: null, properties: { Pets: "Two cats" } });
  });

  it("refuses an unknown time zone and writes nothing", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const liam = app.acme.customers[1]!;
    const before = await customerRow(liam.id);
    await expect(admin.customers.update({ ...valid, id: liam.id, timeZone: "Nowhere/Land" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await customerRow(liam.id)).toEqual(before);
  });

  it("answers NOT_FOUND for another company's customer and leaves it untouched", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const betaBefore = await companyCustomers(app.beta.company.id);
    await expect(admin.customers.update({ ...valid, id: app.beta.customers[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await companyCustomers(app.beta.company.id)).toEqual(betaBefore);
  });
});

describe("customers.delete", () => {
  it("refuses to delete a customer with bookings, saying why", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const [booking] = await app.handle.db
      .select({ customerId: bookings.customerId })
      .from(bookings)
      .where(eq(bookings.companyId, app.acme.company.id))
      .limit(1);
    const customerId = booking!.customerId;
    const error = await admin.customers.delete({ id: customerId }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFLICT" });
    expect((error as Error).message).toMatch(/has \d+ bookings?: delete or move them/);
    expect(await customerRow(customerId)).toBeDefined();
  });

  it("deletes a customer without bookings", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const created = await admin.customers.create({ name: "Temporary" });
    expect(await admin.customers.delete({ id: created.id })).toEqual({ id: created.id });
    expect(await customerRow(created.id)).toBeUndefined();
  });

  it("answers NOT_FOUND for another company's customer and keeps it", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const betaCustomer = app.beta.customers[0]!.id;
    await expect(admin.customers.delete({ id: betaCustomer })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await customerRow(betaCustomer)).toBeDefined();
  });
});

describe("customers: admin only", () => {
  it("forbids fieldworkers every procedure", async () => {
    const maria = await app.callerAs("maria@acme.test");
    const id = app.acme.customers[0]!.id;
    const before = await companyCustomers(app.acme.company.id);
    await expect(maria.customers.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(maria.customers.get({ id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(maria.customers.create(valid)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(maria.customers.update({ ...valid, id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(maria.customers.delete({ id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await companyCustomers(app.acme.company.id)).toEqual(before);
  });
});

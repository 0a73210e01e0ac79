import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { companies } from "../../db/schema";
import { createTestApp, type TestApp } from "./test-app";

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({ bookingCount: 10 });
});
afterAll(async () => {
  await app?.close();
});

const companyRow = async (id: string) => {
  const [row] = await app.handle.db.select().from(companies).where(eq(companies.id, id));
  return row;
};

const valid = { name: "Acme Plumbing & Gas", timeZone: "Australia/Melbourne", currencyCode: "AUD", currencySymbol: "A$" };

describe("company.get", () => {
  it("gives an admin their own company's settings, without the sync direction", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const company = await admin.company.get();
    expect(company).toEqual({
      id: app.acme.company.id,
      name: "Acme Plumbing",
      timeZone: "Australia/Sydney",
      currencyCode: "AUD",
      currencySymbol: "$",
    });
    expect(company).not.toHaveProperty("syncDirection");
  });

  it("gives a fieldworker their own company too", async () => {
    const maria = await app.callerAs("maria@acme.test");
    expect((await maria.company.get()).id).toBe(app.acme.company.id);
  });

  it("gives each tenant only its own company", async () => {
    const betaAdmin = await app.callerAs("admin@beta.test");
    expect(await betaAdmin.company.get()).toMatchObject({ id: app.beta.company.id, name: "Beta Cleaning" });
  });

  it("refuses anonymous callers", async () => {
    await expect(app.anonymousCaller().company.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("company.update", () => {
  it.each([
    ["an unknown time zone", { timeZone: "Mars/Olympus_Mons" }, "Unknown time zone"],
    ["a UTC offset instead of a zone", { timeZone: "+10:00" }, "Unknown time zone"],
    ["an empty time zone", { timeZone: "" }, "Time zone is required"],
    ["a two-letter currency", { currencyCode: "AU" }, "three letters"],
    ["a made-up currency", { currencyCode: "QQQ" }, "Unknown currency code"],
    ["an empty name", { name: "   " }, "Company name is required"],
    ["a long currency symbol", { currencySymbol: "dollars" }, "too long"],
  ])("refuses %s and writes nothing", async (_label, override, message) => {
    const admin = await app.callerAs("admin@acme.test");
    const before = await companyRow(app.acme.company.id);
    const error = await admin.company.update({ ...valid, ...override }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect(String((error as Error).message)).toContain(message);
    expect(await companyRow(app.acme.company.id)).toEqual(before);
  });

  it("is for admins only", async () => {
    const maria = await app.callerAs("maria@acme.test");
    const before = await companyRow(app.acme.company.id);
    await expect(maria.company.update(valid)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await companyRow(app.acme.company.id)).toEqual(before);
  });

  it("saves name, canonical time zone and upper-case currency, leaving the sync direction and other tenants alone", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const betaBefore = await companyRow(app.beta.company.id);
    const updated = await admin.company.update({
      name: "  Acme Plumbing & Gas ",
      timeZone: "america/new_york",
      currencyCode: "usd",
      currencySymbol: "US$",
    });
    expect(updated).toEqual({
      id: app.acme.company.id,
      name: "Acme Plumbing & Gas",
      timeZone: "America/New_York",
      currencyCode: "USD",
      currencySymbol: "US$",
    });
    expect(await companyRow(app.acme.company.id)).toMatchObject({ timeZone: "America/New_York", syncDirection: "two_way" });
    expect(await companyRow(app.beta.company.id)).toEqual(betaBefore);
  });

  it("accepts UTC, which Intl knows but does not list", async () => {
    const admin = await app.callerAs("admin@acme.test");
    expect((await admin.company.update({ ...valid, timeZone: "UTC" })).timeZone).toBe("UTC");
  });
});

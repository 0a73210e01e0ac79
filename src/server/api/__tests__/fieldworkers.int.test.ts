import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fieldworkers } from "../../db/schema";
import { createTestApp, type TestApp } from "./test-app";

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({ bookingCount: 10 });
});
afterAll(async () => {
  await app?.close();
});

const companyFieldworkers = (companyId: string) =>
  app.handle.db.select().from(fieldworkers).where(eq(fieldworkers.companyId, companyId)).orderBy(fieldworkers.id);

const fieldworkerRow = async (id: string) => {
  const [row] = await app.handle.db.select().from(fieldworkers).where(eq(fieldworkers.id, id));
  return row;
};

const byEmail = (email: string) => app.acme.crew.find((fw) => fw.email === email)!;

describe("fieldworkers.list", () => {
  it("gives an admin the whole crew, business calendar first, and nothing of another company", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const list = await admin.fieldworkers.list();
    expect(list).toHaveLength(6);
    expect(list[0]).toMatchObject({ id: app.acme.general.id, isGeneral: true });
    expect(list.filter((fw) => fw.isGeneral)).toHaveLength(1);
    const betaIds = new Set([app.beta.general.id, ...app.beta.crew.map((fw) => fw.id)]);
    expect(list.some((fw) => betaIds.has(fw.id))).toBe(false);
  });

  it("gives a fieldworker only their own profile", async () => {
    const maria = await app.callerAs("maria@acme.test");
    const list = await maria.fieldworkers.list();
    expect(list.map((fw) => fw.id)).toEqual([byEmail("maria@acme.test").id]);
  });
});

describe("fieldworkers.get", () => {
  it("lets an admin open any profile of their company", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const tom = byEmail("tom@acme.test");
    expect(await admin.fieldworkers.get({ id: tom.id })).toMatchObject({ id: tom.id, displayName: "Tom Chen" });
    expect(await admin.fieldworkers.get({ id: app.acme.general.id })).toMatchObject({ isGeneral: true });
  });

  it("lets a fieldworker open their own profile", async () => {
    const maria = await app.callerAs("maria@acme.test");
    const own = byEmail("maria@acme.test");
    expect(await maria.fieldworkers.get({ id: own.id })).toMatchObject({ id: own.id, email: "maria@acme.test" });
  });

  it("forbids a fieldworker another fieldworker's profile, in or out of their company", async () => {
    const maria = await app.callerAs("maria@acme.test");
    for (const id of [byEmail("tom@acme.test").id, app.acme.general.id, app.beta.crew[0]!.id, randomUUID()]) {
      await expect(maria.fieldworkers.get({ id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("answers NOT_FOUND to an admin asking for another company's fieldworker", async () => {
    const admin = await app.callerAs("admin@acme.test");
    await expect(admin.fieldworkers.get({ id: app.beta.crew[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(admin.fieldworkers.get({ id: app.beta.general.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses an id that is not a uuid", async () => {
    const admin = await app.callerAs("admin@acme.test");
    await expect(admin.fieldworkers.get({ id: "42" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("fieldworkers.create", () => {
  it("adds an active, non-general fieldworker even when asked for a second business calendar", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const input = { displayName: " Priya Shah ", email: " priya@acme.test ", phone: "+61 400 123 456", isGeneral: true };
    const created = await admin.fieldworkers.create(input);
    expect(created).toMatchObject({ displayName: "Priya Shah", email: "priya@acme.test", active: true, isGeneral: false });
    expect(await fieldworkerRow(created.id)).toMatchObject({ companyId: app.acme.company.id, isGeneral: false });
    const generals = (await companyFieldworkers(app.acme.company.id)).filter((fw) => fw.isGeneral);
    expect(generals).toHaveLength(1);
  });

  it.each([
    ["an invalid email", { email: "not-an-email" }, "Enter a valid email address"],
    ["an empty name", { displayName: "  " }, "Name is required"],
    ["letters in the phone", { phone: "call me" }, "Phone may contain only"],
  ])("refuses %s and writes nothing", async (_label, override, message) => {
    const admin = await app.callerAs("admin@acme.test");
    const before = await companyFieldworkers(app.acme.company.id);
    const error = await admin.fieldworkers
      .create({ displayName: "Nobody", email: "nobody@acme.test", ...override })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect((error as Error).message).toContain(message);
    expect(await companyFieldworkers(app.acme.company.id)).toEqual(before);
  });

  it("refuses an email another profile of the company has, whatever its case", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const before = await companyFieldworkers(app.acme.company.id);
    await expect(admin.fieldworkers.create({ displayName: "Maria 2", email: "MARIA@acme.test" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "A fieldworker with this email exists.",
    });
    expect(await companyFieldworkers(app.acme.company.id)).toEqual(before);
  });

  it("allows an email that only another company uses, without touching that company", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const betaBefore = await companyFieldworkers(app.beta.company.id);
    const created = await admin.fieldworkers.create({ displayName: "Shared Sam", email: "sam@beta.test" });
    expect((await fieldworkerRow(created.id))?.companyId).toBe(app.acme.company.id);
    expect(await companyFieldworkers(app.beta.company.id)).toEqual(betaBefore);
  });
});

describe("fieldworkers.update and setActive", () => {
  it("edits details and clears the phone", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const ben = byEmail("ben@acme.test");
    const updated = await admin.fieldworkers.update({ id: ben.id, displayName: "Ben O'Connor Jr", phone: null });
    expect(updated).toMatchObject({ displayName: "Ben O'Connor Jr", phone: null, email: "ben@acme.test", active: true });
  });

  it("deactivates and reactivates a fieldworker", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const aisha = byEmail("aisha@acme.test");
    expect((await admin.fieldworkers.setActive({ id: aisha.id, active: false })).active).toBe(false);
    expect((await admin.fieldworkers.update({ id: aisha.id, active: true })).active).toBe(true);
  });

  it("never deactivates the business calendar", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const id = app.acme.general.id;
    await expect(admin.fieldworkers.setActive({ id, active: false })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "The business calendar can't be deactivated.",
    });
    await expect(admin.fieldworkers.update({ id, active: false, displayName: "Renamed" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await fieldworkerRow(id)).toMatchObject({ active: true, displayName: app.acme.general.displayName });
  });

  it("refuses another profile's email and an invalid one, writing nothing", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const tom = byEmail("tom@acme.test");
    const before = await fieldworkerRow(tom.id);
    await expect(admin.fieldworkers.update({ id: tom.id, email: "Maria@acme.test" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(admin.fieldworkers.update({ id: tom.id, email: "tom@" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await fieldworkerRow(tom.id)).toEqual(before);
  });

  it("answers NOT_FOUND for another company's fieldworker and leaves it untouched", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const betaBefore = await companyFieldworkers(app.beta.company.id);
    const betaMaria = app.beta.crew[0]!.id;
    await expect(admin.fieldworkers.update({ id: betaMaria, displayName: "Hijacked" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(admin.fieldworkers.setActive({ id: betaMaria, active: false })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await companyFieldworkers(app.beta.company.id)).toEqual(betaBefore);
  });
});

describe("fieldworkers: admin-only procedures", () => {
  it("forbids a fieldworker to create, edit or (de)activate, even themself", async () => {
    const maria = await app.callerAs("maria@acme.test");
    const own = byEmail("maria@acme.test").id;
    const before = await companyFieldworkers(app.acme.company.id);
    await expect(maria.fieldworkers.create({ displayName: "X", email: "x@acme.test" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(maria.fieldworkers.update({ id: own, displayName: "Boss" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(maria.fieldworkers.setActive({ id: own, active: false })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await companyFieldworkers(app.acme.company.id)).toEqual(before);
  });

  it("refuses anonymous callers", async () => {
    await expect(app.anonymousCaller().fieldworkers.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

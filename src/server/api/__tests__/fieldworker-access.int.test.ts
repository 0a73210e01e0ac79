import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPasswordLink, LOGIN_INVITATION_TTL_MS, setPasswordWithLink } from "../../auth/fieldworker-login";
import { verifyPassword } from "../../auth/password";
import { fieldworkers, users } from "../../db/schema";
import { findUserByEmail, loadSessionIdentity } from "../../db/queries/users";
import { startTestEmulator } from "../../../test/emulator";
import { createTestApp, type TestApp } from "./test-app";

let app: TestApp;
let emulator: Awaited<ReturnType<typeof startTestEmulator>>;

beforeAll(async () => {
  app = await createTestApp({ bookingCount: 4 });
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator?.emulator.close();
  await app?.close();
});

/** The set-password link of the newest FieldSync invitation emailed to this address. */
async function linkSentTo(email: string): Promise<string> {
  const { items } = await emulator.control.emails(email);
  const invitation = items.find((item) => item.subject.includes("invited you to FieldSync"));
  const match = invitation?.html?.match(/href="([^"]*\/welcome\?token=[^"]+)"/);
  if (!match?.[1]) throw new Error(`No set-password link emailed to ${email}`);
  return new URL(match[1].replaceAll("&amp;", "&")).searchParams.get("token")!;
}

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return { code: (error as TRPCError).code, message: (error as TRPCError).message };
}

describe("giving a fieldworker the admin added a FieldSync login", () => {
  it("emails a set-password link; the link sets a password once and the login then works", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const added = await admin.fieldworkers.create({ displayName: "Nora Quinn", email: "nora@acme.test", phone: null, active: true });
    expect((await admin.fieldworkers.get({ id: added.id })).loginState).toBe("none");
    // Before: no user, so a magic link is refused (the signIn callback looks the address up).
    expect(await findUserByEmail(app.handle.db, "nora@acme.test")).toBeUndefined();

    const sent = await admin.fieldworkerAccess.give({ fieldworkerId: added.id });
    expect(sent.sentTo).toBe("nora@acme.test");
    expect((await admin.fieldworkers.get({ id: added.id })).loginState).toBe("invited");
    expect((await admin.fieldworkers.list()).find((fw) => fw.id === added.id)?.loginState).toBe("invited");
    const user = await findUserByEmail(app.handle.db, "nora@acme.test");
    expect(user).toMatchObject({ role: "fieldworker", passwordHash: null });
    expect(await loadSessionIdentity(app.handle.db, user!.id)).toMatchObject({ fieldworkerId: added.id, companyId: app.acme.company.id });

    const token = await linkSentTo("nora@acme.test");
    expect(await checkPasswordLink(app.handle.db, token, new Date())).toMatchObject({ ok: true, email: "nora@acme.test", name: "Nora Quinn" });
    expect(await setPasswordWithLink(app.handle.db, { token, password: "a-long-password", now: new Date() })).toEqual({ ok: true, email: "nora@acme.test" });
    const [withPassword] = await app.handle.db.select().from(users).where(eq(users.id, user!.id));
    expect(await verifyPassword("a-long-password", withPassword!.passwordHash!)).toBe(true);
    expect((await admin.fieldworkers.get({ id: added.id })).loginState).toBe("active");

    expect(await setPasswordWithLink(app.handle.db, { token, password: "another-password", now: new Date() })).toEqual({ ok: false, problem: "used" });
    const nora = await app.callerAs("nora@acme.test");
    expect((await nora.fieldworkers.list()).map((fw) => fw.id)).toEqual([added.id]);
  });

  it("refuses an expired or tampered link", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const added = await admin.fieldworkers.create({ displayName: "Omar Reid", email: "omar@acme.test", phone: null, active: true });
    await admin.fieldworkerAccess.give({ fieldworkerId: added.id });
    const token = await linkSentTo("omar@acme.test");
    const later = new Date(Date.now() + LOGIN_INVITATION_TTL_MS + 60_000);
    expect(await setPasswordWithLink(app.handle.db, { token, password: "a-long-password", now: later })).toEqual({ ok: false, problem: "expired" });
    expect(await checkPasswordLink(app.handle.db, `${token.slice(0, -2)}xx`, new Date())).toEqual({ ok: false, problem: "invalid" });
    // The invitation can be sent again while the login is unused.
    await admin.fieldworkerAccess.give({ fieldworkerId: added.id });
  });

  it("revoking deletes the login: the session identity is gone, open links die, and access can be given again", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const added = await admin.fieldworkers.create({ displayName: "Pia Stone", email: "pia@acme.test", phone: null, active: true });
    await admin.fieldworkerAccess.give({ fieldworkerId: added.id });
    const token = await linkSentTo("pia@acme.test");
    const user = await findUserByEmail(app.handle.db, "pia@acme.test");

    expect(await admin.fieldworkerAccess.revoke({ fieldworkerId: added.id })).toEqual({ revoked: true });
    expect(await loadSessionIdentity(app.handle.db, user!.id)).toBeUndefined();
    expect(await checkPasswordLink(app.handle.db, token, new Date())).toEqual({ ok: false, problem: "revoked" });
    const [profile] = await app.handle.db.select().from(fieldworkers).where(eq(fieldworkers.id, added.id));
    expect(profile).toMatchObject({ userId: null, active: true });
    expect(await codeOf(admin.fieldworkerAccess.revoke({ fieldworkerId: added.id }))).toMatchObject({ code: "PRECONDITION_FAILED", message: "Pia Stone has no FieldSync login." });

    await admin.fieldworkerAccess.give({ fieldworkerId: added.id });
    expect((await admin.fieldworkers.get({ id: added.id })).loginState).toBe("invited");
  });

  it("revokes a seeded fieldworker's working login too", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const ben = app.acme.crew.find((fw) => fw.email === "ben@acme.test")!;
    expect((await admin.fieldworkers.get({ id: ben.id })).loginState).toBe("active");
    await admin.fieldworkerAccess.revoke({ fieldworkerId: ben.id });
    expect(await findUserByEmail(app.handle.db, "ben@acme.test")).toBeUndefined();
    expect((await admin.fieldworkers.get({ id: ben.id })).loginState).toBe("none");
  });

  it("says clearly why access cannot be given", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const maria = app.acme.crew.find((fw) => fw.email === "maria@acme.test")!;
    const sam = app.acme.crew.find((fw) => fw.email === "sam@acme.test")!;
    expect(await codeOf(admin.fieldworkerAccess.give({ fieldworkerId: maria.id }))).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "Maria Garcia already has a working FieldSync login.",
    });
    expect(await codeOf(admin.fieldworkerAccess.give({ fieldworkerId: sam.id }))).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "Sam Patel is inactive: activate the profile first.",
    });
    expect(await codeOf(admin.fieldworkerAccess.give({ fieldworkerId: app.acme.general.id }))).toMatchObject({ code: "PRECONDITION_FAILED" });
    const shared = await admin.fieldworkers.create({ displayName: "Office Shared", email: "admin@acme.test", phone: null, active: true });
    expect(await codeOf(admin.fieldworkerAccess.give({ fieldworkerId: shared.id }))).toMatchObject({
      code: "CONFLICT",
      message: "admin@acme.test already signs in to FieldSync for someone else. Give Office Shared their own email address with Edit profile.",
    });
    // A fieldworker created without an email is told what is missing (and why it matters).
    const missing = await codeOf(admin.fieldworkers.create({ displayName: "No Mail", email: "  ", phone: null, active: true }));
    expect(missing.code).toBe("BAD_REQUEST");
    expect(missing.message).toContain("Email is required");
  });

  it("is for admins of the fieldworker's own company only", async () => {
    const tom = app.acme.crew.find((fw) => fw.email === "tom@acme.test")!;
    const maria = await app.callerAs("maria@acme.test");
    expect((await codeOf(maria.fieldworkerAccess.give({ fieldworkerId: tom.id }))).code).toBe("FORBIDDEN");
    expect((await codeOf(maria.fieldworkerAccess.revoke({ fieldworkerId: tom.id }))).code).toBe("FORBIDDEN");
    const betaAdmin = await app.callerAs("admin@beta.test");
    expect((await codeOf(betaAdmin.fieldworkerAccess.revoke({ fieldworkerId: tom.id }))).code).toBe("NOT_FOUND");
    expect(await findUserByEmail(app.handle.db, "tom@acme.test")).toBeDefined();
  });
});

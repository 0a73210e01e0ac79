import { count, eq } from "drizzle-orm";
import type { Session } from "next-auth";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../../../emulator/index";
import { startTestEmulator } from "../../../test/emulator";
import { createTestApp, type TestApp } from "../../api/__tests__/test-app";
import { createCaller } from "../../api/root";
import { changePassword } from "../../auth/change-password";
import { SIGN_IN_LIMITS } from "../../auth/sign-in-throttle";
import { DEMO_PASSWORD } from "../../db/seed";
import { authRateLimits, fieldworkers, unavailableBlocks, users, verificationTokens } from "../../db/schema";
import { AuthBrowser, useTestDbForAuth } from "./auth-client";

/**
 * Issue #12 findings 2 and 3, attacked through the real Auth.js route handlers (`/api/auth/*`) with the app's
 * config: sign-out, deactivation and password change end sessions; password and magic-link sign-in are
 * throttled per account and per IP in the database; known and unknown emails get the same answer.
 */

let app: TestApp;
let emulator: Emulator;
let control: Awaited<ReturnType<typeof startTestEmulator>>["control"];
let nextIp = 1;
/** Each test its own client IP, so per-IP counts don't leak between tests. */
const freshBrowser = () => new AuthBrowser(`198.51.100.${nextIp++}`);

beforeAll(async () => {
  ({ emulator, control } = await startTestEmulator());
  app = await createTestApp();
  useTestDbForAuth(app.handle);
});
afterAll(async () => {
  await app.close();
  await emulator.close();
});
beforeEach(async () => {
  await app.handle.db.delete(authRateLimits);
});

const callerWith = (session: Session | null) => createCaller({ db: app.handle.db, session, headers: new Headers() });
const maria = () => {
  const found = app.acme.crew.find((f) => f.email === "maria@acme.test");
  if (!found) throw new Error("no Maria");
  return found;
};
const blockInput = { startsAt: new Date("2026-12-01T09:00:00Z"), endsAt: new Date("2026-12-01T10:00:00Z"), note: "dentist" };

async function signedIn(email: string, password = DEMO_PASSWORD): Promise<AuthBrowser> {
  const browser = freshBrowser();
  const landed = await browser.signInWithPassword(email, password);
  expect(landed.pathname).toBe("/calendar");
  expect((await browser.session())?.user.email).toBe(email);
  return browser;
}

/** The stolen-cookie replay: a new browser holding only the old session cookie. */
function replay(browser: AuthBrowser): AuthBrowser {
  const thief = freshBrowser();
  thief.cookies.set("authjs.session-token", browser.sessionCookie ?? "");
  return thief;
}

describe("sessions end when they should (finding 2)", () => {
  it("sign-out ends the session: the old cookie replayed afterwards is signed out and can't call a procedure", async () => {
    const browser = await signedIn("maria@acme.test");
    const stolen = replay(browser);
    expect((await stolen.session())?.user.email).toBe("maria@acme.test");

    await browser.signOut();

    expect(await stolen.session()).toBeNull();
    await expect(callerWith(await stolen.session()).unavailable.create(blockInput)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("one user's sign-out leaves other users signed in", async () => {
    const maria = await signedIn("maria@acme.test");
    const tom = await signedIn("tom@acme.test");
    await maria.signOut();
    expect((await tom.session())?.user.email).toBe("tom@acme.test");
  });

  it("a deactivated fieldworker's session dies, they can't create time blocks nor sign in again", async () => {
    const browser = await signedIn("maria@acme.test");
    const admin = await app.callerAs("admin@acme.test");
    await admin.fieldworkers.setActive({ id: maria().id, active: false });

    expect(await browser.session()).toBeNull();
    const before = await app.handle.db.select({ n: count() }).from(unavailableBlocks);
    await expect(callerWith(await browser.session()).unavailable.create(blockInput)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await app.handle.db.select({ n: count() }).from(unavailableBlocks)).toEqual(before);

    const again = freshBrowser();
    const landed = await again.signInWithPassword("maria@acme.test", DEMO_PASSWORD);
    expect(landed.searchParams.get("error")).toBe("CredentialsSignin");
    expect(await again.session()).toBeNull();

    // Reactivation lets her sign in again, but doesn't revive the old session.
    await admin.fieldworkers.setActive({ id: maria().id, active: true });
    expect(await browser.session()).toBeNull();
    await signedIn("maria@acme.test");
  });

  it("a password change ends existing sessions; the new password works", async () => {
    const browser = await signedIn("tom@acme.test");
    const [tom] = await app.handle.db.select().from(users).where(eq(users.email, "tom@acme.test"));
    await changePassword(app.handle.db, tom?.id ?? "", "a-new-password-42");

    expect(await browser.session()).toBeNull();
    expect((await freshBrowser().signInWithPassword("tom@acme.test", DEMO_PASSWORD)).searchParams.get("error")).toBe("CredentialsSignin");
    await signedIn("tom@acme.test", "a-new-password-42");
    await changePassword(app.handle.db, tom?.id ?? "", DEMO_PASSWORD);
  });
});

describe("Auth.js's own POST endpoints need its CSRF token (checked, not duplicated)", () => {
  it("a forged sign-out or sign-in form (cookies, no token) changes nothing", async () => {
    const browser = await signedIn("tom@acme.test");
    const forgedSignOut = await browser.postForged("/signout", { callbackUrl: "/login" });
    expect(new URL(forgedSignOut.headers.get("location") ?? "", "http://x").searchParams.get("error")).toBe("MissingCSRF");
    expect((await browser.session())?.user.email).toBe("tom@acme.test");

    const victim = freshBrowser();
    const forgedSignIn = await victim.postForged("/callback/credentials", { email: "admin@acme.test", password: DEMO_PASSWORD });
    expect(new URL(forgedSignIn.headers.get("location") ?? "", "http://x").searchParams.get("error")).toBe("MissingCSRF");
    expect(await victim.session()).toBeNull();
  });
});

describe("sign-in throttling (finding 3)", () => {
  it("50 wrong passwords in a row: from the 11th on refused as too many attempts, even the right password", async () => {
    const browser = freshBrowser();
    const codes: (string | null)[] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      codes.push((await browser.signInWithPassword("ben@acme.test", `guess-${attempt}`)).searchParams.get("code"));
    }
    const limit = SIGN_IN_LIMITS.password.account.attempts;
    expect(codes.slice(0, limit).every((code) => code === "credentials")).toBe(true);
    expect(codes.slice(limit).every((code) => code === "too_many_attempts")).toBe(true);

    // From another address, too: the account is throttled, not the browser.
    const right = await freshBrowser().signInWithPassword("ben@acme.test", DEMO_PASSWORD);
    expect(right.searchParams.get("code")).toBe("too_many_attempts");
    expect(await browser.session()).toBeNull();
  });

  it("one IP guessing across many accounts is throttled after its limit", async () => {
    const browser = freshBrowser();
    const limit = SIGN_IN_LIMITS.password.ip.attempts;
    for (let attempt = 0; attempt < limit; attempt++) {
      const landed = await browser.signInWithPassword(`nobody-${attempt}@acme.test`, "guess");
      expect(landed.searchParams.get("code")).toBe("credentials");
    }
    const next = await browser.signInWithPassword("aisha@acme.test", DEMO_PASSWORD);
    expect(next.searchParams.get("code")).toBe("too_many_attempts");
  });

  it("a correct password forgives the account's earlier failures", async () => {
    const browser = freshBrowser();
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.password.account.attempts - 1; attempt++) {
      await browser.signInWithPassword("aisha@acme.test", "wrong");
    }
    expect((await browser.signInWithPassword("aisha@acme.test", DEMO_PASSWORD)).pathname).toBe("/calendar");
    await browser.signOut();
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.password.account.attempts; attempt++) {
      expect((await browser.signInWithPassword("aisha@acme.test", "wrong")).searchParams.get("code")).toBe("credentials");
    }
  });

  it("magic links: a sixth request for one address within 15 minutes is refused and sends nothing", async () => {
    const sentBefore = (await control.emails("tom@acme.test")).items.length;
    const limit = SIGN_IN_LIMITS.magic_link.account.attempts;
    for (let attempt = 0; attempt < limit; attempt++) {
      expect((await freshBrowser().askForSignInLink("tom@acme.test")).searchParams.get("error")).toBeNull();
    }
    const refused = await freshBrowser().askForSignInLink("tom@acme.test");
    expect(refused.searchParams.get("error")).toBe("AccessDenied");
    expect((await control.emails("tom@acme.test")).items.length).toBe(sentBefore + limit);
  });
});

describe("no account enumeration (finding 3)", () => {
  async function timeSignIn(email: string): Promise<number> {
    const started = performance.now();
    const landed = await freshBrowser().signInWithPassword(email, "not-the-password");
    expect(landed.searchParams.get("code")).toBe("credentials");
    return performance.now() - started;
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

  it("a wrong password answers the same, in comparable time, for known and unknown emails (bcrypt runs for both)", async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < 5; round++) {
      known.push(await timeSignIn("admin@acme.test"));
      unknown.push(await timeSignIn(`ghost-${round}@acme.test`));
    }
    const ratio = median(unknown) / median(known);
    // Before the fix: unknown ≈ 1/6 of known (no bcrypt). Now both pay one bcrypt comparison.
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.7);
  });

  it("a sign-in link for an unknown or deactivated address answers like a known one, but sends and stores nothing", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const aisha = app.acme.crew.find((f) => f.email === "aisha@acme.test");
    await admin.fieldworkers.setActive({ id: aisha?.id ?? "", active: false });

    const known = await freshBrowser().askForSignInLink("ben@acme.test");
    const unknown = await freshBrowser().askForSignInLink("stranger@acme.test");
    const deactivated = await freshBrowser().askForSignInLink("aisha@acme.test");

    expect(unknown.toString()).toBe(known.toString());
    expect(deactivated.toString()).toBe(known.toString());
    expect(known.searchParams.get("error")).toBeNull();
    expect((await control.emails("ben@acme.test")).items.length).toBeGreaterThan(0);
    expect((await control.emails("stranger@acme.test")).items).toHaveLength(0);
    expect((await control.emails("aisha@acme.test")).items).toHaveLength(0);
    const tokens = await app.handle.db.select().from(verificationTokens);
    expect(tokens.map((t) => t.identifier).sort()).not.toContain("stranger@acme.test");
    expect(tokens.map((t) => t.identifier)).not.toContain("aisha@acme.test");
    await admin.fieldworkers.setActive({ id: aisha?.id ?? "", active: true });
    expect(await app.handle.db.select().from(fieldworkers).where(eq(fieldworkers.email, "aisha@acme.test"))).toHaveLength(1);
  });
});

import { createHmac } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../../../emulator/index";
import { consentAs, startTestEmulator, TEST_REDIRECT_URI } from "../../../test/emulator";
import { createTestApp, type TestApp } from "../../api/__tests__/test-app";
import { loadSessionIdentity } from "../../db/queries/users";
import { googleAccounts, googleInvitations, syncLog, users } from "../../db/schema";
import { completeConnection, type CallbackParams } from "../../google/connect/complete-connection";
import { startForFieldworker, startFromInvitation, type SessionViewer } from "../../google/connect/start-connection";
import { getTokenSigningSecret } from "../keys";
import { issueSignedToken, type SignedTokenPayload } from "../signed-token";
import { dumpAllTables, type TableDump } from "./tenant-fixture";

/**
 * DESIGN §5: OAuth `state` and invitation links are HMAC-signed, single-use, expiring and bound to company and
 * fieldworker. Attacks on the connect flow beyond connect-flow.int.test.ts: links and states re-bound to
 * another company or fieldworker, redirect_uri tampering, consent denied, failing token exchanges. Each must
 * connect nobody and store nothing (a spent state's nonce aside).
 */

let app: TestApp;
let emulator: Emulator;
let control: Awaited<ReturnType<typeof startTestEmulator>>["control"];

const SHARED_CLIENT = {
  clientId: process.env.GOOGLE_CLIENT_ID ?? "",
  clientSecret: process.env.GOOGLE_CLIENT_SECRET ?? "",
  redirectUris: [TEST_REDIRECT_URI],
};
const ATTACKER_REDIRECT = "https://attacker.example/steal";

const fw = (company: TestApp["acme"], name: string) => {
  const found = company.crew.find((f) => f.displayName.startsWith(name));
  if (!found) throw new Error(`no fieldworker ${name}`);
  return found;
};

/** Signs a payload the way the app does: what an attacker who somehow held the key, or a confused deputy, could mint. */
function sign(payload: SignedTokenPayload): string {
  const body = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  return `${body}.${createHmac("sha256", getTokenSigningSecret()).update(body).digest("base64url")}`;
}
const decode = (token: string) => JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")) as SignedTokenPayload;

interface Started {
  url: string;
  browserBinding: string;
}

/** Google's redirect back, presented by the browser that started the flow (it holds the binding cookie). */
async function callbackFrom(start: Started, googleEmail: string, decision: "allow" | "cancel" = "allow"): Promise<CallbackParams> {
  const redirect = await consentAs(start.url, googleEmail, decision);
  return {
    state: redirect.searchParams.get("state") ?? undefined,
    code: redirect.searchParams.get("code") ?? undefined,
    error: redirect.searchParams.get("error") ?? undefined,
    browserBinding: start.browserBinding,
  };
}

async function startFor(company: TestApp["acme"], fieldworkerId: string): Promise<Started> {
  const start = await startForFieldworker(app.handle.db, company.company.id, fieldworkerId, new Date());
  if (start.kind !== "redirect") throw new Error(start.page.message);
  return start;
}

const withParam = (url: string, name: string, value: string) => {
  const changed = new URL(url);
  changed.searchParams.set(name, value);
  return changed.toString();
};

/** Sends a real invitation and returns its token (from the email the emulator's Resend received). */
async function invitationToken(company: TestApp["acme"], fieldworker: { id: string; email: string }): Promise<string> {
  const admin = await app.callerAs(`admin@${company === app.acme ? "acme" : "beta"}.test`);
  await admin.googleSync.sendInvitation({ fieldworkerId: fieldworker.id });
  const mail = (await control.emails(fieldworker.email)).items.at(-1);
  const link = /https?:\/\/\S+\/connect\/google\?invite=[\w.-]+/.exec(mail?.text ?? "")?.[0];
  if (!link) throw new Error("no invitation link");
  return new URL(link).searchParams.get("invite") ?? "";
}

/** Nothing changed, except the tables named (a spent state's nonce is recorded so it can't be replayed). */
async function expectNothingStored(before: TableDump, except: string[] = []) {
  const after = await dumpAllTables(app.handle.db);
  for (const table of except) {
    delete before[table];
    delete after[table];
  }
  expect(after).toEqual(before);
}

beforeAll(async () => {
  app = await createTestApp({ bookingCount: 4 });
  ({ emulator, control } = await startTestEmulator());
  for (const email of ["admin@acme.test", "admin@beta.test"]) {
    await (await app.callerAs(email)).integrations.save({ mode: "shared", syncDirection: "two_way", sendInvitations: false });
  }
});
afterAll(async () => {
  await emulator?.close();
  await app?.close();
});
beforeEach(async () => {
  await control.clearFaults();
  await control.registerClient(SHARED_CLIENT);
});

describe("invitation links re-bound to another company or fieldworker", () => {
  it("refuses a link whose payload was changed to another company's fieldworker (the signature breaks)", async () => {
    const token = await invitationToken(app.acme, fw(app.acme, "Ben"));
    const [, signature] = token.split(".");
    const payload = decode(token);
    const retargeted = { ...payload, companyId: app.beta.company.id, fieldworkerId: fw(app.beta, "Ben").id };
    const forged = `${Buffer.from(JSON.stringify(retargeted)).toString("base64url")}.${signature}`;
    const before = await dumpAllTables(app.handle.db);
    expect(await startFromInvitation(app.handle.db, forged, new Date())).toMatchObject({ kind: "page", page: { status: 400 } });
    await expectNothingStored(before);
  });

  it("refuses a validly signed link carrying the nonce of another fieldworker's invitation", async () => {
    const token = await invitationToken(app.acme, fw(app.acme, "Ben"));
    const { nonce, expiresAt } = decode(token);
    const before = await dumpAllTables(app.handle.db);
    const rebound = [
      { companyId: app.acme.company.id, fieldworkerId: fw(app.acme, "Tom").id },
      { companyId: app.beta.company.id, fieldworkerId: fw(app.beta, "Ben").id },
      { companyId: app.beta.company.id, fieldworkerId: fw(app.acme, "Ben").id },
    ];
    for (const binding of rebound) {
      const outcome = await startFromInvitation(app.handle.db, sign({ purpose: "invitation", nonce, expiresAt, ...binding }), new Date());
      expect(outcome, JSON.stringify(binding)).toMatchObject({ kind: "page", page: { status: 400 } });
    }
    // A made-up nonce, and a state presented as an invitation, fare no better.
    const made = issueSignedToken({ purpose: "invitation", companyId: app.acme.company.id, fieldworkerId: fw(app.acme, "Ben").id, ttlMs: 60_000 }, getTokenSigningSecret(), new Date());
    expect(await startFromInvitation(app.handle.db, made.token, new Date())).toMatchObject({ kind: "page", page: { status: 400 } });
    const state = new URL((await startFor(app.acme, fw(app.acme, "Ben").id)).url).searchParams.get("state") ?? "";
    expect(await startFromInvitation(app.handle.db, state, new Date())).toMatchObject({ kind: "page", page: { status: 400 } });
    await expectNothingStored(before);
    // The real link still works for its own fieldworker.
    expect(await startFromInvitation(app.handle.db, token, new Date())).toMatchObject({ kind: "redirect" });
  });

  it("refuses a signed state that names another fieldworker's invitation, or another company, and stores nothing", async () => {
    const ben = fw(app.acme, "Ben");
    const tom = fw(app.acme, "Tom");
    await invitationToken(app.acme, ben);
    const [invitation] = await app.handle.db.select().from(googleInvitations).where(eq(googleInvitations.fieldworkerId, ben.id)).orderBy(googleInvitations.sentAt);
    const realStart = await startFor(app.acme, tom.id);
    const real = decode(new URL(realStart.url).searchParams.get("state") ?? "");
    const forgedStates = [
      // Tom's flow claiming Ben's invitation, so connecting would spend Ben's link.
      sign({ ...real, nonce: `${real.nonce}a`, data: { ...real.data, invite: invitation!.nonce } }),
      // Tom's flow re-bound to Beta: Tom is not Beta's fieldworker.
      sign({ ...real, nonce: `${real.nonce}b`, companyId: app.beta.company.id }),
      // An invitation token presented as a state.
      await invitationToken(app.acme, fw(app.acme, "Aisha")),
    ];
    const before = await dumpAllTables(app.handle.db);
    for (const state of forgedStates) {
      const params = await callbackFrom({ ...realStart, url: withParam(realStart.url, "state", state) }, "tom.attack@gmail.com");
      expect(params.state).toBe(state);
      expect(await completeConnection(app.handle.db, params, new Date())).toMatchObject({ kind: "invalid_state" });
    }
    await expectNothingStored(before, ["google_invitations"]);
  });
});

describe("redirect_uri tampering", () => {
  it("gets no code for an unregistered redirect_uri", async () => {
    const url = withParam((await startFor(app.acme, fw(app.acme, "Tom").id)).url, "redirect_uri", ATTACKER_REDIRECT);
    const before = await dumpAllTables(app.handle.db);
    await expect(consentAs(url, "tom.attack@gmail.com")).rejects.toThrow(/redirect_uri_mismatch|No consent form/);
    await expectNothingStored(before);
  });

  it("can't exchange a code issued for another registered redirect_uri, and stores nothing", async () => {
    await control.registerClient({ ...SHARED_CLIENT, redirectUris: [TEST_REDIRECT_URI, ATTACKER_REDIRECT] });
    const start = await startFor(app.acme, fw(app.acme, "Tom").id);
    const redirect = await consentAs(withParam(start.url, "redirect_uri", ATTACKER_REDIRECT), "tom.attack@gmail.com");
    expect(redirect.origin).toBe(new URL(ATTACKER_REDIRECT).origin);
    const before = await dumpAllTables(app.handle.db);
    const outcome = await completeConnection(
      app.handle.db,
      { state: redirect.searchParams.get("state") ?? undefined, code: redirect.searchParams.get("code") ?? undefined, browserBinding: start.browserBinding },
      new Date(),
    );
    expect(outcome).toMatchObject({ kind: "failed" });
    await expectNothingStored(before, ["consumed_tokens"]);
  });
});

describe("consent and token exchange failures", () => {
  it("stores nothing, not even a spent state, when consent is denied", async () => {
    const params = await callbackFrom(await startFor(app.acme, fw(app.acme, "Tom").id), "tom.attack@gmail.com", "cancel");
    const before = await dumpAllTables(app.handle.db);
    expect(await completeConnection(app.handle.db, params, new Date())).toMatchObject({ kind: "denied" });
    await expectNothingStored(before);
  });

  it("does not echo an arbitrary error parameter onto the result page", async () => {
    const params = await callbackFrom(await startFor(app.acme, fw(app.acme, "Tom").id), "tom.attack@gmail.com");
    const phishing = "Your account is suspended. Call +1 555 0100 and read out your password";
    const before = await dumpAllTables(app.handle.db);
    for (const error of [phishing, "x".repeat(100_000), "<script>alert(1)</script>"]) {
      const outcome = await completeConnection(app.handle.db, { state: params.state, error, browserBinding: params.browserBinding }, new Date());
      expect(outcome.kind).toBe("failed");
      expect(JSON.stringify(outcome)).not.toContain(error.slice(0, 20));
      expect(JSON.stringify(outcome).length).toBeLessThan(300);
    }
    await expectNothingStored(before);
  });

  it.each([
    ["a refused code (400 invalid_grant)", { kind: "error" as const, status: 400, reason: "invalid_grant", match: { surface: "oauth" as const, path: "/token" }, count: 1 }],
    ["Google failing (500, every retry)", { kind: "error" as const, status: 500, match: { surface: "oauth" as const, path: "/token" }, count: 10 }],
    ["the calendar list refused", { kind: "error" as const, status: 403, reason: "forbidden", match: { surface: "calendar" as const, path: "calendarList" }, count: 10 }],
    ["creating the company calendar failing", { kind: "error" as const, status: 403, reason: "forbidden", match: { surface: "calendar" as const, method: "POST", path: "/calendars$/" }, count: 10 }],
  ])("connects nobody and stores nothing on %s", async (_label, fault) => {
    const params = await callbackFrom(await startFor(app.acme, fw(app.acme, "Tom").id), "tom.attack@gmail.com");
    await control.addFault(fault);
    const before = await dumpAllTables(app.handle.db);
    const outcome = await completeConnection(app.handle.db, params, new Date());
    expect(outcome).toMatchObject({ kind: "failed" });
    await expectNothingStored(before, ["consumed_tokens"]);
    // The spent state can't be replayed once Google recovers.
    await control.clearFaults();
    expect(await completeConnection(app.handle.db, params, new Date())).toMatchObject({ kind: "invalid_state" });
  });

  it("still connects after all of the above, so the refusals were not a broken setup", async () => {
    const params = await callbackFrom(await startFor(app.acme, fw(app.acme, "Tom").id), "tom.attack@gmail.com");
    expect(await completeConnection(app.handle.db, params, new Date())).toMatchObject({ kind: "connected", email: "tom.attack@gmail.com" });
  });
});

/** The first start of an invitation link, as a browser with no FieldSync session (or with `viewer`) opens it. */
async function openInvitation(token: string, viewer: SessionViewer | null = null): Promise<Started> {
  const start = await startFromInvitation(app.handle.db, token, new Date(), viewer);
  if (start.kind !== "redirect") throw new Error(`${start.page.status} ${start.page.message}`);
  return start;
}

async function grantsOf(email: string) {
  return [...emulator.store.refreshTokens.values()].filter((t) => t.userEmail === email).length;
}

async function viewerOf(email: string): Promise<SessionViewer> {
  const [user] = await app.handle.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  const identity = user && (await loadSessionIdentity(app.handle.db, user.id));
  if (!identity) throw new Error(`no user ${email}`);
  return { userId: identity.id, role: identity.role, companyId: identity.companyId, fieldworkerId: identity.fieldworkerId };
}

describe("issue #12 finding 1: invitation links can't take over a connection", () => {
  it("kills an unused link when a newer one is sent: one live link per fieldworker", async () => {
    const aisha = fw(app.acme, "Aisha");
    const older = await invitationToken(app.acme, aisha);
    const newer = await invitationToken(app.acme, aisha);
    expect(await startFromInvitation(app.handle.db, older, new Date())).toMatchObject({ kind: "page", page: { status: 410 } });
    expect(await startFromInvitation(app.handle.db, newer, new Date())).toMatchObject({ kind: "redirect" });
  });

  it("refuses every link once the fieldworker connected, even a flow started before, and Ben's grant survives", async () => {
    const ben = fw(app.acme, "Ben");
    const older = await invitationToken(app.acme, ben);
    // The attacker opened the older link (reaching Google's consent screen) before Ben got his newer one.
    const attackerFlow = await openInvitation(older);
    const newer = await invitationToken(app.acme, ben);
    const benFlow = await openInvitation(newer);
    expect(await completeConnection(app.handle.db, await callbackFrom(benFlow, "ben.real@gmail.com"), new Date())).toMatchObject({ kind: "connected" });
    const grantsBefore = await grantsOf("ben.real@gmail.com");
    expect(grantsBefore).toBeGreaterThan(0);

    const before = await dumpAllTables(app.handle.db);
    expect(await completeConnection(app.handle.db, await callbackFrom(attackerFlow, "stranger@gmail.com"), new Date())).toMatchObject({
      kind: "invalid_state",
    });
    for (const token of [older, newer]) {
      expect(await startFromInvitation(app.handle.db, token, new Date())).toMatchObject({ kind: "page", page: { status: 410 } });
    }
    await expectNothingStored(before, ["consumed_tokens", "sync_log"]);
    expect(await grantsOf("ben.real@gmail.com")).toBe(grantsBefore);
  });

  it("lets a link reconnect the same Google account, but never switch a healthy connection to another one", async () => {
    const ben = fw(app.acme, "Ben");
    // A link sent while Ben's account needed reconnecting, still live after the account recovered.
    const [benAccount] = await app.handle.db
      .select({ id: googleAccounts.id })
      .from(googleAccounts)
      .where(eq(googleAccounts.email, "ben.real@gmail.com"));
    await app.handle.db.update(googleAccounts).set({ status: "needs_reconnection" }).where(eq(googleAccounts.id, benAccount!.id));
    const token = await invitationToken(app.acme, ben);
    await app.handle.db.update(googleAccounts).set({ status: "active" }).where(eq(googleAccounts.id, benAccount!.id));
    await control.clearEmails();

    const before = await dumpAllTables(app.handle.db);
    const grantsBefore = await grantsOf("ben.real@gmail.com");
    const takeover = await completeConnection(app.handle.db, await callbackFrom(await openInvitation(token), "stranger@gmail.com"), new Date());
    expect(takeover).toMatchObject({ kind: "wrong_account", message: expect.stringContaining("ben.real@gmail.com") });
    await expectNothingStored(before, ["consumed_tokens", "sync_log"]);
    expect(await grantsOf("ben.real@gmail.com")).toBe(grantsBefore);
    // The stranger's grant went back to Google; no email said anything changed, because nothing did.
    expect(await grantsOf("stranger@gmail.com")).toBe(0);
    expect((await control.emails()).items).toHaveLength(0);

    // The same link still reconnects Ben's own account (the refusal did not spend it).
    expect(await completeConnection(app.handle.db, await callbackFrom(await openInvitation(token), "ben.real@gmail.com"), new Date())).toMatchObject({
      kind: "connected",
      email: "ben.real@gmail.com",
    });
    expect((await control.emails()).items).toHaveLength(0);
  });

  it("lets the signed-in fieldworker switch accounts, and tells the fieldworker and every admin", async () => {
    const ben = fw(app.acme, "Ben");
    await control.clearEmails();
    const start = await startFor(app.acme, ben.id);
    expect(await completeConnection(app.handle.db, await callbackFrom(start, "ben.new@gmail.com"), new Date())).toMatchObject({
      kind: "connected",
      email: "ben.new@gmail.com",
    });
    // The old account is no longer used by anyone: its grant is given back.
    expect(await grantsOf("ben.real@gmail.com")).toBe(0);
    const mails = (await control.emails()).items;
    const recipients = mails.flatMap((m) => m.to).sort();
    expect(recipients).toEqual([ben.email, "admin@acme.test"].sort());
    for (const mail of mails) {
      expect(mail.subject).toContain("another Google account");
      expect(mail.text).toContain("ben.real@gmail.com");
      expect(mail.text).toContain("ben.new@gmail.com");
    }
  });

  it("refuses an invitation opened while signed in as another fieldworker or another company's admin", async () => {
    const aisha = fw(app.acme, "Aisha");
    const token = await invitationToken(app.acme, aisha);
    const before = await dumpAllTables(app.handle.db);
    for (const email of ["tom@acme.test", "maria@acme.test", "admin@beta.test", "maria@beta.test"]) {
      const outcome = await startFromInvitation(app.handle.db, token, new Date(), await viewerOf(email));
      expect(outcome, email).toMatchObject({ kind: "page", page: { status: 403 } });
    }
    await expectNothingStored(before, ["sync_log"]);
    const refusals = await app.handle.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.fieldworkerId, aisha.id), eq(syncLog.action, "invitation_refused")));
    expect(refusals.filter((r) => r.message.includes("another person"))).toHaveLength(4);
    // Aisha herself, and her company's admin, may use it.
    expect(await startFromInvitation(app.handle.db, token, new Date(), await viewerOf("aisha@acme.test"))).toMatchObject({ kind: "redirect" });
    expect(await startFromInvitation(app.handle.db, token, new Date(), await viewerOf("admin@acme.test"))).toMatchObject({ kind: "redirect" });
  });
});

describe("issue #12 finding 1: the Workspace domain is checked on the account Google returns", () => {
  const PRIVATE_CLIENT = { clientId: "beta-internal.apps.googleusercontent.com", clientSecret: "GOCSPX-beta-internal", redirectUris: [TEST_REDIRECT_URI] };

  it("refuses accounts outside the domain, stores nothing and gives their grant back; accepts one inside it", async () => {
    await control.registerClient(PRIVATE_CLIENT);
    await (await app.callerAs("admin@beta.test")).integrations.save({
      mode: "private",
      syncDirection: "two_way",
      sendInvitations: false,
      clientId: PRIVATE_CLIENT.clientId,
      clientSecret: PRIVATE_CLIENT.clientSecret,
      workspaceDomain: "beta-cleaning.com",
    });
    const tom = fw(app.beta, "Tom");
    const before = await dumpAllTables(app.handle.db);
    for (const email of ["tom.beta@gmail.com", "tom@beta-cleaning.com.evil.com", "tom@other-company.com"]) {
      const start = await startForFieldworker(app.handle.db, app.beta.company.id, tom.id, new Date());
      if (start.kind !== "redirect") throw new Error(start.page.message);
      expect(new URL(start.url).searchParams.get("hd")).toBe("beta-cleaning.com");
      const outcome = await completeConnection(app.handle.db, await callbackFrom(start, email), new Date());
      expect(outcome, email).toMatchObject({ kind: "wrong_account", title: expect.stringContaining("beta-cleaning.com") });
      expect(await grantsOf(email)).toBe(0);
    }
    await expectNothingStored(before, ["consumed_tokens", "sync_log"]);

    const start = await startForFieldworker(app.handle.db, app.beta.company.id, tom.id, new Date());
    if (start.kind !== "redirect") throw new Error(start.page.message);
    expect(await completeConnection(app.handle.db, await callbackFrom(start, "tom@beta-cleaning.com"), new Date())).toMatchObject({
      kind: "connected",
      email: "tom@beta-cleaning.com",
    });
  });
});

describe("issue #12 finding 1: the OAuth round trip is bound to the browser that started it (PKCE + cookie)", () => {
  it("sends an S256 challenge to Google and refuses a callback replayed from another browser", async () => {
    const maria = fw(app.acme, "Maria");
    const start = await startFor(app.acme, maria.id);
    const url = new URL(start.url);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(start.url).not.toContain(start.browserBinding);

    const params = await callbackFrom(start, "maria.acme@gmail.com");
    const otherBrowser = await startFor(app.acme, maria.id);
    const before = await dumpAllTables(app.handle.db);
    for (const browserBinding of [undefined, "", otherBrowser.browserBinding, `${start.browserBinding}x`]) {
      const outcome = await completeConnection(app.handle.db, { ...params, browserBinding }, new Date());
      expect(outcome, String(browserBinding)).toMatchObject({ kind: "invalid_state", reason: expect.stringContaining("another browser") });
    }
    await expectNothingStored(before);
    // The browser that started it still completes.
    expect(await completeConnection(app.handle.db, params, new Date())).toMatchObject({ kind: "connected" });
  });
});

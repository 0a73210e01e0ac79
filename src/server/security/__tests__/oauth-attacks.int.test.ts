import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../../../emulator/index";
import { consentAs, startTestEmulator, TEST_REDIRECT_URI } from "../../../test/emulator";
import { createTestApp, type TestApp } from "../../api/__tests__/test-app";
import { googleInvitations } from "../../db/schema";
import { completeConnection, type CallbackParams } from "../../google/connect/complete-connection";
import { startForFieldworker, startFromInvitation } from "../../google/connect/start-connection";
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

async function callbackFrom(authUrl: string, googleEmail: string, decision: "allow" | "cancel" = "allow"): Promise<CallbackParams> {
  const redirect = await consentAs(authUrl, googleEmail, decision);
  return {
    state: redirect.searchParams.get("state") ?? undefined,
    code: redirect.searchParams.get("code") ?? undefined,
    error: redirect.searchParams.get("error") ?? undefined,
  };
}

async function authUrlFor(company: TestApp["acme"], fieldworkerId: string): Promise<string> {
  const start = await startForFieldworker(app.handle.db, company.company.id, fieldworkerId, new Date());
  if (start.kind !== "redirect") throw new Error(start.page.message);
  return start.url;
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
    const state = new URL(await authUrlFor(app.acme, fw(app.acme, "Ben").id)).searchParams.get("state") ?? "";
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
    const realUrl = await authUrlFor(app.acme, tom.id);
    const real = decode(new URL(realUrl).searchParams.get("state") ?? "");
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
      const params = await callbackFrom(withParam(realUrl, "state", state), "tom.attack@gmail.com");
      expect(params.state).toBe(state);
      expect(await completeConnection(app.handle.db, params, new Date())).toMatchObject({ kind: "invalid_state" });
    }
    await expectNothingStored(before, ["google_invitations"]);
  });
});

describe("redirect_uri tampering", () => {
  it("gets no code for an unregistered redirect_uri", async () => {
    const url = withParam(await authUrlFor(app.acme, fw(app.acme, "Tom").id), "redirect_uri", ATTACKER_REDIRECT);
    const before = await dumpAllTables(app.handle.db);
    await expect(consentAs(url, "tom.attack@gmail.com")).rejects.toThrow(/redirect_uri_mismatch|No consent form/);
    await expectNothingStored(before);
  });

  it("can't exchange a code issued for another registered redirect_uri, and stores nothing", async () => {
    await control.registerClient({ ...SHARED_CLIENT, redirectUris: [TEST_REDIRECT_URI, ATTACKER_REDIRECT] });
    const url = withParam(await authUrlFor(app.acme, fw(app.acme, "Tom").id), "redirect_uri", ATTACKER_REDIRECT);
    const redirect = await consentAs(url, "tom.attack@gmail.com");
    expect(redirect.origin).toBe(new URL(ATTACKER_REDIRECT).origin);
    const before = await dumpAllTables(app.handle.db);
    const outcome = await completeConnection(
      app.handle.db,
      { state: redirect.searchParams.get("state") ?? undefined, code: redirect.searchParams.get("code") ?? undefined },
      new Date(),
    );
    expect(outcome).toMatchObject({ kind: "failed" });
    await expectNothingStored(before, ["consumed_tokens"]);
  });
});

describe("consent and token exchange failures", () => {
  it("stores nothing, not even a spent state, when consent is denied", async () => {
    const params = await callbackFrom(await authUrlFor(app.acme, fw(app.acme, "Tom").id), "tom.attack@gmail.com", "cancel");
    const before = await dumpAllTables(app.handle.db);
    expect(await completeConnection(app.handle.db, params, new Date())).toMatchObject({ kind: "denied" });
    await expectNothingStored(before);
  });

  it("does not echo an arbitrary error parameter onto the result page", async () => {
    const params = await callbackFrom(await authUrlFor(app.acme, fw(app.acme, "Tom").id), "tom.attack@gmail.com");
    const phishing = "Your account is suspended. Call +1 555 0100 and read out your password";
    const before = await dumpAllTables(app.handle.db);
    for (const error of [phishing, "x".repeat(100_000), "<script>alert(1)</script>"]) {
      const outcome = await completeConnection(app.handle.db, { state: params.state, error }, new Date());
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
    const params = await callbackFrom(await authUrlFor(app.acme, fw(app.acme, "Tom").id), "tom.attack@gmail.com");
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
    const params = await callbackFrom(await authUrlFor(app.acme, fw(app.acme, "Tom").id), "tom.attack@gmail.com");
    expect(await completeConnection(app.handle.db, params, new Date())).toMatchObject({ kind: "connected", email: "tom.attack@gmail.com" });
  });
});

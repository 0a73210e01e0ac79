import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../../../emulator/index";
import { createTestApp, type TestApp } from "../../api/__tests__/test-app";
import { resultRows } from "../../db/client";
import {
  consumedTokens,
  fieldworkerGoogleConnections,
  googleAccounts,
  googleCalendars,
  googleInvitations,
} from "../../db/schema";
import { consentAs, startTestEmulator, TEST_REDIRECT_URI } from "../../../test/emulator";
import { completeConnection, type ConnectionOutcome } from "../connect/complete-connection";
import { startForFieldworker, startFromInvitation } from "../connect/start-connection";
import { runDueJobs } from "../../sync/jobs/run-jobs";

let app: TestApp;
let emulator: Emulator;
let control: Awaited<ReturnType<typeof startTestEmulator>>["control"];

const fw = (company: TestApp["acme"], name: string) => {
  const found = company.crew.find((f) => f.displayName.startsWith(name));
  if (!found) throw new Error(`no fieldworker ${name}`);
  return found;
};

/** Google's redirect back, as the browser that started the flow (holding its binding cookie) presents it. */
async function callbackFor(start: { url: string; browserBinding: string }, googleEmail: string, decision: "allow" | "cancel" = "allow") {
  const redirect = await consentAs(start.url, googleEmail, decision);
  return {
    state: redirect.searchParams.get("state") ?? undefined,
    code: redirect.searchParams.get("code") ?? undefined,
    error: redirect.searchParams.get("error") ?? undefined,
    browserBinding: start.browserBinding,
  };
}

async function connect(company: TestApp["acme"], fieldworkerId: string, googleEmail: string): Promise<ConnectionOutcome> {
  const start = await startForFieldworker(app.handle.db, company.company.id, fieldworkerId, new Date());
  if (start.kind !== "redirect") throw new Error(`could not start: ${start.page.message}`);
  return completeConnection(app.handle.db, await callbackFor(start, googleEmail), new Date());
}

async function tableCounts() {
  const tables = [googleAccounts, fieldworkerGoogleConnections, googleCalendars];
  const counts = await Promise.all(tables.map((t) => app.handle.db.select({ n: count() }).from(t)));
  return counts.map((c) => c[0]?.n ?? 0);
}

beforeAll(async () => {
  app = await createTestApp();
  ({ emulator, control } = await startTestEmulator());
  const admin = await app.callerAs("admin@acme.test");
  await admin.integrations.save({ mode: "shared", syncDirection: "two_way", sendInvitations: false });
  const betaAdmin = await app.callerAs("admin@beta.test");
  await betaAdmin.integrations.save({ mode: "shared", syncDirection: "two_way", sendInvitations: false });
});
afterAll(async () => {
  await emulator?.close();
  await app?.close();
});
beforeEach(async () => {
  await control.clearFaults();
});

describe("connecting a fieldworker's Google Calendar", () => {
  it("links the account, encrypts the tokens, creates the company calendar and stores the calendar list", async () => {
    const maria = fw(app.acme, "Maria");
    const outcome = await connect(app.acme, maria.id, "maria.garcia@gmail.com");
    expect(outcome).toMatchObject({ kind: "connected", email: "maria.garcia@gmail.com", calendarCreated: true });

    const [account] = await app.handle.db.select().from(googleAccounts).where(eq(googleAccounts.email, "maria.garcia@gmail.com"));
    expect(account?.refreshTokenEnc).toMatch(/^v2\./);
    expect(account?.status).toBe("active");
    const issued = [...emulator.store.refreshTokens.values()].filter((t) => t.userEmail === "maria.garcia@gmail.com");
    expect(issued).toHaveLength(1);
    expect(account?.refreshTokenEnc).not.toContain(issued[0]!.token);

    const googleCalendarsOfMaria = [...emulator.store.calendars.values()].filter((c) => c.ownerEmail === "maria.garcia@gmail.com");
    expect(googleCalendarsOfMaria.map((c) => c.summary)).toContain("Acme Plumbing");
    const stored = await app.handle.db.select().from(googleCalendars).where(eq(googleCalendars.googleAccountId, account!.id));
    const companyCalendar = stored.find((c) => c.isCompanyCalendar);
    expect(companyCalendar).toMatchObject({ summary: "Acme Plumbing", selected: false, googleCalendarId: account!.companyCalendarId });
    expect(stored.find((c) => c.isPrimary)).toMatchObject({ selected: true });

    const status = await (await app.callerAs("maria@acme.test")).googleSync.status({ fieldworkerId: maria.id });
    expect(status.status).toMatchObject({ kind: "connected", email: "maria.garcia@gmail.com" });
  });

  it("lets a second fieldworker share the Google account and reuses its company calendar", async () => {
    const tom = fw(app.acme, "Tom");
    const outcome = await connect(app.acme, tom.id, "maria.garcia@gmail.com");
    expect(outcome).toMatchObject({ kind: "connected", calendarCreated: false });
    const accounts = await app.handle.db.select().from(googleAccounts).where(eq(googleAccounts.email, "maria.garcia@gmail.com"));
    expect(accounts).toHaveLength(1);
    const named = [...emulator.store.calendars.values()].filter((c) => c.summary === "Acme Plumbing" && c.ownerEmail === "maria.garcia@gmail.com");
    expect(named).toHaveLength(1);
  });

  it("gives a subcontractor serving two companies one calendar per company", async () => {
    const beta = fw(app.beta, "Maria");
    const outcome = await connect(app.beta, beta.id, "maria.garcia@gmail.com");
    expect(outcome).toMatchObject({ kind: "connected", calendarCreated: true });
    const summaries = [...emulator.store.calendars.values()].filter((c) => c.ownerEmail === "maria.garcia@gmail.com").map((c) => c.summary);
    expect(summaries).toEqual(expect.arrayContaining(["Acme Plumbing", "Beta Cleaning"]));
  });

  it("refuses a replayed, forged or expired state and stores nothing", async () => {
    const aisha = fw(app.acme, "Aisha");
    const start = await startForFieldworker(app.handle.db, app.acme.company.id, aisha.id, new Date());
    if (start.kind !== "redirect") throw new Error("no redirect");
    const params = await callbackFor(start, "aisha@gmail.com");
    const before = await tableCounts();

    const [body, signature] = params.state!.split(".");
    const payload = JSON.parse(Buffer.from(body!, "base64url").toString()) as Record<string, unknown>;
    const forged = `${Buffer.from(JSON.stringify({ ...payload, fieldworkerId: fw(app.acme, "Ben").id })).toString("base64url")}.${signature}`;
    expect(await completeConnection(app.handle.db, { ...params, state: forged }, new Date())).toMatchObject({ kind: "invalid_state" });
    expect(await completeConnection(app.handle.db, params, new Date(Date.now() + 16 * 60_000))).toMatchObject({
      kind: "invalid_state",
      reason: expect.stringContaining("expired"),
    });
    expect(await completeConnection(app.handle.db, { ...params, state: undefined }, new Date())).toMatchObject({ kind: "invalid_state" });
    expect(await tableCounts()).toEqual(before);

    expect(await completeConnection(app.handle.db, params, new Date())).toMatchObject({ kind: "connected" });
    const after = await tableCounts();
    expect(await completeConnection(app.handle.db, params, new Date())).toMatchObject({
      kind: "invalid_state",
      reason: expect.stringContaining("already used"),
    });
    expect(await tableCounts()).toEqual(after);
  });

  it("stores nothing when the fieldworker cancels on the consent screen", async () => {
    const ben = fw(app.acme, "Ben");
    const start = await startForFieldworker(app.handle.db, app.acme.company.id, ben.id, new Date());
    if (start.kind !== "redirect") throw new Error("no redirect");
    const before = await tableCounts();
    const outcome = await completeConnection(app.handle.db, await callbackFor(start, "ben@gmail.com", "cancel"), new Date());
    expect(outcome).toEqual({ kind: "denied", fieldworkerId: ben.id });
    expect(await tableCounts()).toEqual(before);
  });

  it("reports a failed code exchange and stores nothing", async () => {
    const ben = fw(app.acme, "Ben");
    const start = await startForFieldworker(app.handle.db, app.acme.company.id, ben.id, new Date());
    if (start.kind !== "redirect") throw new Error("no redirect");
    const params = await callbackFor(start, "ben@gmail.com");
    // google-auth-library retries a 5xx token response itself: fail every attempt.
    await control.addFault({ kind: "error", status: 500, match: { surface: "oauth", path: "/token" }, count: 10 });
    const before = await tableCounts();
    expect(await completeConnection(app.handle.db, params, new Date())).toMatchObject({ kind: "failed" });
    expect(await tableCounts()).toEqual(before);
  });
});

describe("authorization emails", () => {
  it("sends an invitation whose link starts consent once, and is dead after a successful connection", async () => {
    const ben = fw(app.acme, "Ben");
    const admin = await app.callerAs("admin@acme.test");
    const preview = await admin.googleSync.invitationPreview({ fieldworkerId: ben.id });
    expect(preview).toMatchObject({ to: ben.email, subject: "Acme Plumbing: connect your Google Calendar to FieldSync" });
    expect(preview.message).toContain("Hi Ben");

    await admin.googleSync.sendInvitation({ fieldworkerId: ben.id, message: "Hi Ben,\n\nPlease connect before Monday." });
    const { items } = await control.emails(ben.email);
    const mail = items.at(-1)!;
    expect(mail.text).toContain("Please connect before Monday.");
    const link = /https?:\/\/\S+\/connect\/google\?invite=[\w.-]+/.exec(mail.text ?? "")?.[0];
    expect(link).toBeDefined();
    const token = new URL(link!).searchParams.get("invite")!;

    const start = await startFromInvitation(app.handle.db, token, new Date());
    if (start.kind !== "redirect") throw new Error(start.page.message);
    expect(new URL(start.url).searchParams.get("login_hint")).toBe(ben.email);
    expect(new URL(start.url).searchParams.get("prompt")).toBe("consent");
    expect(await completeConnection(app.handle.db, await callbackFor(start, "ben.oconnor@gmail.com"), new Date())).toMatchObject({
      kind: "connected",
    });
    const [invitation] = await app.handle.db.select().from(googleInvitations).where(eq(googleInvitations.fieldworkerId, ben.id));
    expect(invitation?.usedAt).not.toBeNull();
    expect(await startFromInvitation(app.handle.db, token, new Date())).toMatchObject({ kind: "page", page: { status: 410 } });
  });

  it("refuses tampered and expired invitation links", async () => {
    const general = app.acme.general;
    const admin = await app.callerAs("admin@acme.test");
    await admin.googleSync.sendInvitation({ fieldworkerId: general.id });
    const mail = (await control.emails(general.email)).items.at(-1)!;
    const token = new URL(/https?:\/\/\S+\/connect\/google\?invite=[\w.-]+/.exec(mail.text ?? "")![0]).searchParams.get("invite")!;
    expect(await startFromInvitation(app.handle.db, `${token}x`, new Date())).toMatchObject({ kind: "page", page: { status: 400 } });
    expect(await startFromInvitation(app.handle.db, token, new Date(Date.now() + 8 * 86_400_000))).toMatchObject({ kind: "page", page: { status: 410 } });
    expect(await startFromInvitation(app.handle.db, token, new Date())).toMatchObject({ kind: "redirect" });
  });

  it("records a Resend failure, shows it, and the invitation can be sent again", async () => {
    const general = app.acme.general;
    const admin = await app.callerAs("admin@acme.test");
    await control.addFault({ kind: "error", status: 500, match: { surface: "resend" }, count: 1 });
    await expect(admin.googleSync.sendInvitation({ fieldworkerId: general.id })).rejects.toMatchObject({ code: "BAD_GATEWAY" });
    const rollout = await admin.integrations.rollout();
    expect(rollout.find((r) => r.fieldworkerId === general.id)?.status.kind).toBe("invite_failed");
    await admin.googleSync.sendInvitation({ fieldworkerId: general.id });
    const after = await admin.integrations.rollout();
    expect(after.find((r) => r.fieldworkerId === general.id)?.status.kind).toBe("invited");
  });

  it("does not let a fieldworker invite, read another's status or disconnect anyone else", async () => {
    const maria = await app.callerAs("maria@acme.test");
    const tom = fw(app.acme, "Tom");
    await expect(maria.googleSync.sendInvitation({ fieldworkerId: tom.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(maria.googleSync.status({ fieldworkerId: tom.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(maria.googleSync.disconnect({ fieldworkerId: tom.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const betaAdmin = await app.callerAs("admin@beta.test");
    await expect(betaAdmin.googleSync.status({ fieldworkerId: tom.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(betaAdmin.googleSync.sendInvitation({ fieldworkerId: tom.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(betaAdmin.googleSync.disconnect({ fieldworkerId: tom.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("disconnecting", () => {
  it("keeps a shared account's grant while another fieldworker uses it, and revokes it with the last one", async () => {
    const tomCaller = await app.callerAs("tom@acme.test");
    const tom = fw(app.acme, "Tom");
    expect(await tomCaller.googleSync.disconnect({ fieldworkerId: tom.id })).toMatchObject({ disconnected: true, revoked: false });
    const tokensOf = () => [...emulator.store.refreshTokens.values()].filter((t) => t.userEmail === "maria.garcia@gmail.com");
    expect(tokensOf().length).toBeGreaterThan(0);

    const mariaCaller = await app.callerAs("maria@acme.test");
    const maria = fw(app.acme, "Maria");
    expect(await mariaCaller.googleSync.disconnect({ fieldworkerId: maria.id })).toMatchObject({ disconnected: true, revoked: true });
    // Disconnecting is a data change; the outbox retires the account (channels, grant, rows) right after the answer.
    await runDueJobs(app.handle.db, { kinds: ["retire_account"] });
    const acmeAccounts = await app.handle.db.select().from(googleAccounts).where(eq(googleAccounts.companyId, app.acme.company.id));
    expect(acmeAccounts.map((a) => a.email)).not.toContain("maria.garcia@gmail.com");
    // Beta's connection to the same Google account uses its own grant and stays.
    const betaMaria = fw(app.beta, "Maria");
    const betaStatus = await (await app.callerAs("admin@beta.test")).googleSync.status({ fieldworkerId: betaMaria.id });
    expect(betaStatus.status.kind).toBe("connected");
    expect((await mariaCaller.googleSync.status({ fieldworkerId: maria.id })).status.kind).not.toBe("connected");
  });
});

describe("secrets at rest", () => {
  it("never stores a refresh token, access token or client secret in plaintext", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const { privateClientSecret } = { privateClientSecret: "GOCSPX-private_secret_123" };
    await control.registerClient({
      clientId: "acme-private.apps.googleusercontent.com",
      clientSecret: privateClientSecret,
      redirectUris: [TEST_REDIRECT_URI],
    });
    const saved = await admin.integrations.save({
      mode: "private",
      syncDirection: "two_way",
      sendInvitations: false,
      clientId: "acme-private.apps.googleusercontent.com",
      clientSecret: privateClientSecret,
      projectName: "Acme sync",
    });
    expect(saved.needsReauthorization).toBeGreaterThan(0);
    const settings = await admin.integrations.get();
    expect(JSON.stringify(settings)).not.toContain(privateClientSecret);
    expect(settings.privateClientSecretSet).toBe(true);
    expect(await connect(app.acme, fw(app.acme, "Aisha").id, "aisha.private@gmail.com")).toMatchObject({ kind: "connected" });

    const secrets = [
      privateClientSecret,
      ...[...emulator.store.refreshTokens.values()].map((t) => t.token),
      ...[...emulator.store.accessTokens.values()].map((t) => t.token),
    ];
    const dump = resultRows<{ row: string }>(
      await app.handle.db.execute(
        sql`select (select coalesce(json_agg(t)::text, '') from google_accounts t) || (select coalesce(json_agg(t)::text, '') from google_integrations t) || (select coalesce(json_agg(t)::text, '') from fieldworker_google_connections t) || (select coalesce(json_agg(t)::text, '') from ${consumedTokens} t) as row`,
      ),
    )[0]!.row;
    for (const secret of secrets) expect(dump).not.toContain(secret);
  });
});

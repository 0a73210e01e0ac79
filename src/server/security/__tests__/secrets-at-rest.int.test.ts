import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_REDIRECT_URI } from "../../../test/emulator";
import { googleAccounts } from "../../db/schema";
import { createSyncHarness, type SyncHarness } from "../../sync/__tests__/sync-harness";
import { PROCEDURE_CASES } from "./procedure-cases";
import { attempt, dumpAllTables, loadTenantIds, routerProcedures, type TenantIds } from "./tenant-fixture";

/**
 * DESIGN §5: refresh tokens, access tokens and private client secrets are encrypted at rest and never returned
 * by a procedure. After connecting (shared and private OAuth clients), syncing and refreshing an access token,
 * no table and no query answer may contain any of them in plaintext.
 */

const PRIVATE_CLIENT_ID = "acme-private-secrets.apps.googleusercontent.com";
const PRIVATE_CLIENT_SECRET = "GOCSPX-acme_private_secret_7f3a9c";

let h: SyncHarness;
let acme: TenantIds;

/** Tokens seen so far: a revoked grant leaves the emulator's store, but must not linger in ours either. */
const remembered = new Set<string>();

/** Everything that must never be stored or answered in plaintext, as the emulator issued it. */
function issuedSecrets(): string[] {
  const store = h.emulator.store;
  const current = [
    PRIVATE_CLIENT_SECRET,
    process.env.GOOGLE_CLIENT_SECRET ?? "",
    process.env.ENCRYPTION_KEY ?? "",
    process.env.AUTH_SECRET ?? "",
    ...[...store.refreshTokens.values()].map((t) => t.token),
    ...[...store.accessTokens.values()].map((t) => t.token),
    ...[...store.codes.keys()],
    // Channel tokens authenticate Google's push notifications: stored hashed only.
    ...[...store.channels.values()].flatMap((c) => (c.token ? [c.token] : [])),
  ].filter((secret) => secret.length > 0);
  for (const secret of current) remembered.add(secret);
  return [...remembered];
}

const found = (text: string, secrets: string[]) => secrets.filter((secret) => text.includes(secret)).map((secret) => `${secret.slice(0, 6)}…`);

beforeAll(async () => {
  h = await createSyncHarness({ bookingCount: 8 });
  await h.connect("acme", "Maria", "maria.secrets@gmail.com");
  await h.connect("beta", "Tom", "tom.secrets@gmail.com");
  await h.settle();
  issuedSecrets();

  // A private OAuth client: its secret is stored encrypted and every account must consent again through it.
  await h.control.registerClient({ clientId: PRIVATE_CLIENT_ID, clientSecret: PRIVATE_CLIENT_SECRET, redirectUris: [TEST_REDIRECT_URI] });
  const admin = await h.app.callerAs("admin@acme.test");
  await admin.integrations.save({
    mode: "private",
    syncDirection: "two_way",
    sendInvitations: false,
    clientId: PRIVATE_CLIENT_ID,
    clientSecret: PRIVATE_CLIENT_SECRET,
    projectName: "Acme secrets",
  });
  const { accountId } = await h.connect("acme", "Maria", "maria.secrets@gmail.com");
  issuedSecrets();
  await h.connect("acme", "Aisha", "aisha.secrets@gmail.com");
  await h.settle();
  issuedSecrets();

  // Force a token refresh, so the refreshed access token is written by the sync engine too.
  await h.control.expireAccessTokens({ email: "maria.secrets@gmail.com" });
  await h.app.handle.db.update(googleAccounts).set({ accessTokenExpiresAt: new Date(0) }).where(eq(googleAccounts.id, accountId));
  const maria = await h.app.callerAs("maria@acme.test");
  await maria.unavailable.create({ startsAt: new Date(Date.now() + 5 * 86_400_000), endsAt: new Date(Date.now() + 5 * 86_400_000 + 3_600_000), note: "Vet" });
  await h.settle();
  acme = await loadTenantIds(h.app, "acme");
});
afterAll(() => h?.close());

describe("secrets at rest", () => {
  it("issued the tokens this suite looks for", () => {
    const store = h.emulator.store;
    const secrets = issuedSecrets();
    expect(secrets.length).toBeGreaterThanOrEqual(12);
    expect(store.refreshTokens.size).toBeGreaterThanOrEqual(3);
    expect([...store.accessTokens.values()].filter((t) => t.clientId === PRIVATE_CLIENT_ID).length).toBeGreaterThanOrEqual(2);
    expect([...store.channels.values()].filter((c) => c.token).length).toBeGreaterThan(0);
  });

  it("stores no token or client secret in plaintext in any table", async () => {
    const dump = await dumpAllTables(h.app.handle.db);
    expect(Object.keys(dump)).toEqual(expect.arrayContaining(["google_accounts", "google_integrations", "google_channels", "sync_jobs", "sync_log"]));
    const secrets = issuedSecrets();
    const leaks = Object.entries(dump).flatMap(([table, rows]) => found(rows.join("\n"), secrets).map((secret) => `${table}: ${secret}`));
    expect(leaks).toEqual([]);

    const [account] = await h.app.handle.db.select().from(googleAccounts).where(eq(googleAccounts.email, "maria.secrets@gmail.com"));
    expect(account?.refreshTokenEnc).toMatch(/^v2\./);
    expect(account?.accessTokenEnc).toMatch(/^v2\./);
    expect(account?.oauthClientId).toBe(PRIVATE_CLIENT_ID);
    // The sync engine refreshed the access token it was made to expire, and stored the new one encrypted.
    expect(account?.accessTokenExpiresAt?.getTime()).toBeGreaterThan(Date.now());
  });

  it("answers no query procedure with a token or client secret, for the admin or a fieldworker", async () => {
    const secrets = issuedSecrets();
    const queries = [...routerProcedures()].filter(([, def]) => def.type === "query").map(([path]) => path);
    expect(queries.length).toBeGreaterThan(15);
    const callers = [
      ["admin", await h.app.callerAs("admin@acme.test")],
      ["fieldworker", await h.app.callerAs("maria@acme.test")],
    ] as const;
    const leaks: string[] = [];
    let answered = 0;
    for (const path of queries) {
      const entry = PROCEDURE_CASES[path];
      if (!entry) throw new Error(`${path} has no case in PROCEDURE_CASES`);
      for (const [role, caller] of callers) {
        if (entry.access !== "signed-in" && entry.access !== role) continue;
        const result = await attempt(caller, path, entry.input?.(acme));
        expect(result, `${role} ${path}`).toMatchObject({ ok: true });
        answered += 1;
        leaks.push(...found(JSON.stringify(result), secrets).map((secret) => `${role} ${path}: ${secret}`));
      }
    }
    expect(answered).toBeGreaterThan(20);
    expect(leaks).toEqual([]);
  });
});

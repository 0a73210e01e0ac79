import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../api/__tests__/test-app";
import { googleAccounts, googleIntegrations } from "../../db/schema";
import { clientSecretContext } from "../../google/company-credentials";
import { tokenContext } from "../../google/account-tokens";
import { decryptSecret, encryptSecret, keyId, parseKeyring } from "../encryption";
import { reencryptStoredSecrets } from "../rotate-secrets";

const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const keyring = parseKeyring(newKey.toString("base64"), oldKey.toString("base64"));
let app: TestApp;
let accountId: string;
let lostAccountId: string;

beforeAll(async () => {
  app = await createTestApp({ bookingCount: 1 });
  const db = app.handle.db;
  const companyId = app.acme.company.id;
  const [account] = await db.insert(googleAccounts).values({ companyId, oauthClientId: "client", email: "maria@gmail.test" }).returning();
  accountId = account!.id;
  await db
    .update(googleAccounts)
    .set({
      refreshTokenEnc: encryptSecret("1//refresh", oldKey, tokenContext(accountId, "refresh")),
      accessTokenEnc: encryptSecret("ya29.access", oldKey, tokenContext(accountId, "access")),
    })
    .where(eq(googleAccounts.id, accountId));
  // Encrypted with a key nobody kept.
  const lostKey = randomBytes(32);
  const [lost] = await db.insert(googleAccounts).values({ companyId, oauthClientId: "client", email: "tom@gmail.test" }).returning();
  lostAccountId = lost!.id;
  await db
    .update(googleAccounts)
    .set({
      refreshTokenEnc: encryptSecret("1//lost", lostKey, tokenContext(lostAccountId, "refresh")),
      accessTokenEnc: encryptSecret("ya29.lost", lostKey, tokenContext(lostAccountId, "access")),
      accessTokenExpiresAt: new Date(Date.now() + 3_600_000),
    })
    .where(eq(googleAccounts.id, lostAccountId));
  await db.insert(googleIntegrations).values({
    companyId,
    mode: "private",
    privateClientId: "private-client",
    privateClientSecretEnc: encryptSecret("GOCSPX-private", oldKey, clientSecretContext(companyId)),
  });
});
afterAll(() => app?.handle.close());

describe("rotating ENCRYPTION_KEY", () => {
  it("re-encrypts every readable secret with the new key, clears unreadable access tokens and names unreadable refresh tokens", async () => {
    const report = await reencryptStoredSecrets(app.handle.db, keyring);
    expect(report).toEqual({
      reencrypted: 3,
      current: 0,
      clearedAccessTokens: 1,
      unreadable: [`google_accounts.refresh_token_enc of ${lostAccountId}`],
    });

    const [account] = await app.handle.db.select().from(googleAccounts).where(eq(googleAccounts.id, accountId));
    // Readable with the new key alone: the old key can go.
    expect(account!.refreshTokenEnc!.split(".")[1]).toBe(keyId(newKey));
    expect(decryptSecret(account!.refreshTokenEnc!, newKey, tokenContext(accountId, "refresh"))).toBe("1//refresh");
    expect(decryptSecret(account!.accessTokenEnc!, newKey, tokenContext(accountId, "access"))).toBe("ya29.access");
    const [integration] = await app.handle.db.select().from(googleIntegrations).where(eq(googleIntegrations.companyId, app.acme.company.id));
    expect(decryptSecret(integration!.privateClientSecretEnc!, newKey, clientSecretContext(app.acme.company.id))).toBe("GOCSPX-private");

    const [lost] = await app.handle.db.select().from(googleAccounts).where(eq(googleAccounts.id, lostAccountId));
    expect(lost!.accessTokenEnc).toBeNull();
    expect(lost!.refreshTokenEnc).not.toBeNull();
  });

  it("changes nothing when run again", async () => {
    const report = await reencryptStoredSecrets(app.handle.db, keyring);
    expect(report).toMatchObject({ reencrypted: 0, current: 3, clearedAccessTokens: 0 });
  });
});

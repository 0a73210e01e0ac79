import { and, asc, eq, gt, isNotNull, or } from "drizzle-orm";
import type { Db } from "../db/client";
import { googleAccounts, googleIntegrations } from "../db/schema";
import { clientSecretContext } from "../google/company-credentials";
import { tokenContext } from "../google/account-tokens";
import { decryptSecret, encryptSecret, needsReencryption, type Keyring } from "./encryption";

export interface RotationReport {
  /** Values re-encrypted with the current key. */
  reencrypted: number;
  /** Values already under the current key. */
  current: number;
  /** Cached access tokens no key could read: cleared (the next call refreshes them). */
  clearedAccessTokens: number;
  /** Refresh tokens or client secrets no key could read: left as they are and named here. */
  unreadable: string[];
}

const PAGE = 200;

/**
 * Re-encrypts every stored secret with the current key (ENCRYPTION_KEY), reading each with whichever key of
 * the keyring encrypted it. Each update only applies if the value is unchanged since it was read, so a
 * token refreshed meanwhile (already under the current key) is never overwritten. Safe to run again.
 */
export async function reencryptStoredSecrets(db: Db, keyring: Keyring): Promise<RotationReport> {
  const report: RotationReport = { reencrypted: 0, current: 0, clearedAccessTokens: 0, unreadable: [] };

  const rotate = (stored: string, context: string): string | null | undefined => {
    if (!needsReencryption(stored, keyring)) {
      report.current += 1;
      return undefined;
    }
    try {
      return encryptSecret(decryptSecret(stored, keyring, context), keyring, context);
    } catch {
      return null;
    }
  };

  let afterId = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const accounts = await db
      .select({ id: googleAccounts.id, refreshTokenEnc: googleAccounts.refreshTokenEnc, accessTokenEnc: googleAccounts.accessTokenEnc })
      .from(googleAccounts)
      .where(and(gt(googleAccounts.id, afterId), or(isNotNull(googleAccounts.refreshTokenEnc), isNotNull(googleAccounts.accessTokenEnc))))
      .orderBy(asc(googleAccounts.id))
      .limit(PAGE);
    if (accounts.length === 0) break;
    for (const account of accounts) {
      if (account.refreshTokenEnc) {
        const next = rotate(account.refreshTokenEnc, tokenContext(account.id, "refresh"));
        if (next === null) report.unreadable.push(`google_accounts.refresh_token_enc of ${account.id}`);
        else if (next) {
          const updated = await db
            .update(googleAccounts)
            .set({ refreshTokenEnc: next })
            .where(and(eq(googleAccounts.id, account.id), eq(googleAccounts.refreshTokenEnc, account.refreshTokenEnc)))
            .returning({ id: googleAccounts.id });
          report.reencrypted += updated.length;
        }
      }
      if (account.accessTokenEnc) {
        const next = rotate(account.accessTokenEnc, tokenContext(account.id, "access"));
        if (next !== undefined) {
          const updated = await db
            .update(googleAccounts)
            .set(next === null ? { accessTokenEnc: null, accessTokenExpiresAt: null } : { accessTokenEnc: next })
            .where(and(eq(googleAccounts.id, account.id), eq(googleAccounts.accessTokenEnc, account.accessTokenEnc)))
            .returning({ id: googleAccounts.id });
          if (next === null) report.clearedAccessTokens += updated.length;
          else report.reencrypted += updated.length;
        }
      }
    }
    afterId = accounts.at(-1)!.id;
  }

  const integrations = await db
    .select({ companyId: googleIntegrations.companyId, secret: googleIntegrations.privateClientSecretEnc })
    .from(googleIntegrations)
    .where(isNotNull(googleIntegrations.privateClientSecretEnc));
  for (const integration of integrations) {
    const next = rotate(integration.secret!, clientSecretContext(integration.companyId));
    if (next === null) report.unreadable.push(`google_integrations.private_client_secret_enc of company ${integration.companyId}`);
    else if (next) {
      const updated = await db
        .update(googleIntegrations)
        .set({ privateClientSecretEnc: next })
        .where(and(eq(googleIntegrations.companyId, integration.companyId), eq(googleIntegrations.privateClientSecretEnc, integration.secret!)))
        .returning({ companyId: googleIntegrations.companyId });
      report.reencrypted += updated.length;
    }
  }
  return report;
}

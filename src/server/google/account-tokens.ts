import type { googleAccounts } from "../db/schema";
import { decryptSecret, encryptSecret } from "../security/encryption";
import { getEncryptionKey } from "../security/keys";

type AccountRow = typeof googleAccounts.$inferSelect;

/** Binds each encrypted token to its account row and kind, so a ciphertext can't be swapped between rows. */
export const tokenContext = (accountId: string, kind: "refresh" | "access") => `google_accounts.${kind}_token:${accountId}`;

export function encryptAccountToken(accountId: string, kind: "refresh" | "access", token: string): string {
  return encryptSecret(token, getEncryptionKey(), tokenContext(accountId, kind));
}

export function decryptRefreshToken(account: Pick<AccountRow, "id" | "refreshTokenEnc">): string | undefined {
  if (!account.refreshTokenEnc) return undefined;
  return decryptSecret(account.refreshTokenEnc, getEncryptionKey(), tokenContext(account.id, "refresh"));
}

/** The cached access token, if still readable; a stale or unreadable one just means a refresh. */
export function decryptAccessToken(account: Pick<AccountRow, "id" | "accessTokenEnc">): string | undefined {
  if (!account.accessTokenEnc) return undefined;
  try {
    return decryptSecret(account.accessTokenEnc, getEncryptionKey(), tokenContext(account.id, "access"));
  } catch {
    return undefined;
  }
}

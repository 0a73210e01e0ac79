import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { countConnectionsOfAccount, getConnection } from "../../db/queries/google";
import { fieldworkerGoogleConnections, googleAccounts } from "../../db/schema";
import { loadCompanyGoogleSetup, sharedAppCredentials } from "../company-credentials";
import { createOAuthClient, type OAuthCredentials } from "../oauth-client";
import { classifyGoogleError } from "../sync-error";
import { decryptRefreshToken } from "./account-tokens";

type AccountRow = typeof googleAccounts.$inferSelect;

/** Tokens only work with the OAuth client that issued them: find that client's credentials, if we still have them. */
export async function credentialsForAccount(db: Db, account: AccountRow): Promise<OAuthCredentials | undefined> {
  const setup = await loadCompanyGoogleSetup(db, account.companyId);
  if (setup.status === "ready" && setup.credentials.clientId === account.oauthClientId) return setup.credentials;
  const shared = sharedAppCredentials();
  if (shared?.clientId === account.oauthClientId) return shared;
  return undefined;
}

/** Gives a token back to Google. Best effort: an already revoked or expired token is fine. */
export async function revokeToken(credentials: OAuthCredentials, token: string): Promise<{ revoked: boolean; error?: string }> {
  try {
    await createOAuthClient(credentials).revokeToken(token);
    return { revoked: true };
  } catch (error) {
    const classified = classifyGoogleError(error);
    // Google answers 400 invalid_token for a token that is already dead: nothing left to revoke.
    if (classified.code === "BAD_REQUEST" || classified.code === "AUTH_REVOKED") return { revoked: true };
    return { revoked: false, error: classified.message };
  }
}

/** Revokes the account's grant and deletes the account (and its calendars) once no fieldworker uses it. */
export async function retireAccount(db: Db, account: AccountRow): Promise<{ revoked: boolean; error?: string }> {
  const refreshToken = decryptRefreshToken(account);
  const credentials = await credentialsForAccount(db, account);
  const result = refreshToken && credentials ? await revokeToken(credentials, refreshToken) : { revoked: false };
  await db
    .delete(googleAccounts)
    .where(
      and(
        eq(googleAccounts.id, account.id),
        sql`not exists (select 1 from ${fieldworkerGoogleConnections} where ${fieldworkerGoogleConnections.googleAccountId} = ${account.id})`,
      ),
    );
  return result;
}

export interface DisconnectResult {
  disconnected: boolean;
  /** False when other fieldworkers still use the Google account, so its grant stays. */
  revoked: boolean;
  error?: string;
}

/**
 * Stops syncing one fieldworker: removes the link and, when no other fieldworker shares the Google
 * account, revokes the grant and deletes the stored tokens. Bookings are untouched.
 * (The sync engine stops this fieldworker's watch channels and removes imported events here too.)
 */
export async function disconnectFieldworker(db: Db, companyId: string, fieldworkerId: string): Promise<DisconnectResult> {
  const current = await getConnection(db, companyId, fieldworkerId);
  if (!current) return { disconnected: false, revoked: false };
  await db
    .delete(fieldworkerGoogleConnections)
    .where(and(eq(fieldworkerGoogleConnections.companyId, companyId), eq(fieldworkerGoogleConnections.fieldworkerId, fieldworkerId)));
  if ((await countConnectionsOfAccount(db, current.account.id)) > 0) return { disconnected: true, revoked: false };
  const { revoked, error } = await retireAccount(db, current.account);
  return { disconnected: true, revoked, error };
}

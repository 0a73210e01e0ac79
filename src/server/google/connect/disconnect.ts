import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { countConnectionsOfAccount, getConnection } from "../../db/queries/google";
import { fieldworkerGoogleConnections, googleAccounts, googleCalendars } from "../../db/schema";
import { logger } from "../../observability/logger";
import { stopChannelsOf } from "../../sync/io/channels";
import { openGoogleSession } from "../../sync/io/google-session";
import { credentialsForAccount } from "../company-credentials";
import { createOAuthClient, type OAuthCredentials } from "../oauth-client";
import { classifyGoogleError } from "../sync-error";
import { decryptRefreshToken } from "./account-tokens";

type AccountRow = typeof googleAccounts.$inferSelect;

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
  // Channels can only be stopped with the account's own credentials, so before the grant goes.
  if (account.status === "active") {
    try {
      const session = await openGoogleSession(db, account.id);
      const calendars = await db.select({ id: googleCalendars.id }).from(googleCalendars).where(eq(googleCalendars.googleAccountId, account.id));
      for (const calendar of calendars) await stopChannelsOf(db, session, calendar.id);
    } catch (error) {
      logger().warn({ googleAccountId: account.id, err: error }, "could not stop every channel before disconnecting");
    }
  }
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

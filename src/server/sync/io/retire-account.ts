import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { fieldworkerGoogleConnections, googleAccounts, googleCalendars } from "../../db/schema";
import { decryptRefreshToken } from "../../google/account-tokens";
import { credentialsForAccount } from "../../google/company-credentials";
import { revokeToken } from "../../google/revoke-token";
import { logger } from "../../observability/logger";
import { stopChannelsOf } from "./channels";
import { openGoogleSession } from "./google-session";

export type RetireResult = { retired: false } | { retired: true; email: string; revoked: boolean; error?: string };

/**
 * Once no fieldworker uses a Google account: stop its watch channels (only its own credentials can), delete it —
 * with its calendars, imported events and our copies' rows — and give the grant back to Google. Reads current
 * state: an account someone connected again meanwhile stays, grant and all.
 */
export async function retireAccount(db: Db, accountId: string): Promise<RetireResult> {
  const [account] = await db.select().from(googleAccounts).where(eq(googleAccounts.id, accountId));
  if (!account || (await isInUse(db, account.id))) return { retired: false };
  if (account.status === "active") await stopEveryChannel(db, account.id);
  const [deleted] = await db
    .delete(googleAccounts)
    .where(
      and(
        eq(googleAccounts.id, account.id),
        sql`not exists (select 1 from ${fieldworkerGoogleConnections} where ${fieldworkerGoogleConnections.googleAccountId} = ${account.id})`,
      ),
    )
    .returning();
  // Connected again between the check and the delete: the account (and its grant) stays theirs.
  if (!deleted) return { retired: false };
  const refreshToken = decryptRefreshToken(deleted);
  const credentials = await credentialsForAccount(db, deleted);
  const result = refreshToken && credentials ? await revokeToken(credentials, refreshToken) : { revoked: false, error: "no grant to give back" };
  return { retired: true, email: deleted.email, ...result };
}

async function isInUse(db: Db, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: fieldworkerGoogleConnections.fieldworkerId })
    .from(fieldworkerGoogleConnections)
    .where(eq(fieldworkerGoogleConnections.googleAccountId, accountId))
    .limit(1);
  return Boolean(row);
}

/** Best effort: a channel we cannot stop lapses at its expiry, and its notifications find no channel row. */
async function stopEveryChannel(db: Db, accountId: string): Promise<void> {
  try {
    const session = await openGoogleSession(db, accountId);
    const calendars = await db.select({ id: googleCalendars.id }).from(googleCalendars).where(eq(googleCalendars.googleAccountId, accountId));
    for (const calendar of calendars) await stopChannelsOf(db, session, calendar.id);
  } catch (error) {
    logger().warn({ googleAccountId: accountId, err: error }, "could not stop every channel before retiring the account");
  }
}

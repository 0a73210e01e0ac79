import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { googleCalendars, googleChannels, type googleAccounts } from "../../db/schema";
import { credentialsForAccount } from "../company-credentials";
import { createGoogleSession } from "../../sync/io/google-session";
import { createOAuthClient } from "../oauth-client";
import { classifyGoogleError } from "../sync-error";
import { decryptRefreshToken } from "../account-tokens";

type AccountRow = typeof googleAccounts.$inferSelect;

/**
 * After the company switched OAuth clients (shared FieldSync app ↔ its private one), a fieldworker reconnecting
 * the same Google account gets a new grant and a company calendar of the new client; the old grant's calendar
 * would show every job twice. While the old grant still works (the shared app's credentials are always at hand,
 * a private client's only while still configured) its watch channels are stopped and its company calendar is
 * deleted; otherwise both are left alone (the channels lapse by themselves). Best effort: never blocks the
 * connection.
 */
export async function cleanUpSupersededAccount(db: Db, account: AccountRow): Promise<{ calendarRemoved: boolean; reason?: string }> {
  const credentials = await credentialsForAccount(db, account);
  const refreshToken = decryptRefreshToken(account);
  if (!credentials || !refreshToken) return { calendarRemoved: false, reason: "the previous Google app's credentials are no longer configured" };
  const client = createOAuthClient(credentials);
  client.setCredentials({ refresh_token: refreshToken });
  const session = createGoogleSession(db, client, { quotaAccount: account });
  const channels = await db
    .select({ id: googleChannels.id, resourceId: googleChannels.resourceId })
    .from(googleChannels)
    .innerJoin(googleCalendars, eq(googleCalendars.id, googleChannels.calendarRowId))
    .where(and(eq(googleCalendars.googleAccountId, account.id), eq(googleChannels.active, true)));
  for (const channel of channels) {
    try {
      await session.call((api) => api.channels.stop({ requestBody: { id: channel.id, resourceId: channel.resourceId ?? undefined } }));
    } catch (error) {
      // A channel Google no longer knows, or a grant revoked meanwhile: it lapses at its expiry either way.
      if (classifyGoogleError(error).code === "AUTH_REVOKED") return { calendarRemoved: false, reason: "the previous grant was revoked" };
    }
  }
  if (!account.companyCalendarId) return { calendarRemoved: false, reason: "no company calendar was recorded" };
  try {
    const calendarId = account.companyCalendarId;
    await session.call((api) => api.calendars.delete({ calendarId }));
    return { calendarRemoved: true };
  } catch (error) {
    const classified = classifyGoogleError(error);
    if (classified.code === "NOT_FOUND") return { calendarRemoved: true };
    return { calendarRemoved: false, reason: classified.message };
  }
}

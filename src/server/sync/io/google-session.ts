import type { calendar_v3 } from "@googleapis/calendar";
import { eq } from "drizzle-orm";
import type { Credentials } from "google-auth-library";
import type { Db } from "../../db/client";
import { googleAccounts } from "../../db/schema";
import { decryptAccessToken, decryptRefreshToken, encryptAccountToken } from "../../google/connect/account-tokens";
import { credentialsForAccount } from "../../google/company-credentials";
import { calendarApi, createOAuthClient } from "../../google/oauth-client";
import { classifyGoogleError, SyncError } from "../../google/sync-error";
import { logger } from "../../observability/logger";
import { acquireAccountQuota } from "./rate-limit";

type AccountRow = typeof googleAccounts.$inferSelect;

export interface GoogleSession {
  account: AccountRow;
  api: calendar_v3.Calendar;
  /** Runs one Google call (or a batch costing `cost` requests) under the account's quota, errors as SyncError. */
  call<T>(fn: (api: calendar_v3.Calendar) => Promise<T>, cost?: number): Promise<T>;
  /** "Bearer <access token>", refreshed (and persisted) when needed: for parts of an HTTP batch. */
  authorization(): Promise<string>;
}

/** Marks the account so the fieldworker sees "Reconnect" and every job stops retrying. */
export async function markNeedsReconnection(db: Db, accountId: string, reason: string): Promise<void> {
  await db.update(googleAccounts).set({ status: "needs_reconnection", statusReason: reason.slice(0, 500) }).where(eq(googleAccounts.id, accountId));
}

/** An authorised Calendar client for one stored account, persisting refreshed tokens. */
export async function openGoogleSession(db: Db, accountId: string): Promise<GoogleSession> {
  const [account] = await db.select().from(googleAccounts).where(eq(googleAccounts.id, accountId));
  if (!account) throw new SyncError("NOT_FOUND", "Google account not found");
  if (account.status !== "active") throw new SyncError("AUTH_REVOKED", account.statusReason ?? "The Google account needs reconnection");
  const credentials = await credentialsForAccount(db, account);
  if (!credentials) {
    await markNeedsReconnection(db, account.id, "Your company changed its Google API settings. Please reconnect.");
    throw new SyncError("AUTH_REVOKED", "The OAuth client that issued this account's tokens is no longer configured");
  }
  const refreshToken = decryptRefreshToken(account);
  if (!refreshToken) {
    await markNeedsReconnection(db, account.id, "FieldSync has no refresh token for this account. Please reconnect.");
    throw new SyncError("AUTH_REVOKED", "No refresh token stored");
  }
  const client = createOAuthClient(credentials);
  client.setCredentials({
    refresh_token: refreshToken,
    access_token: decryptAccessToken(account),
    expiry_date: account.accessTokenExpiresAt?.getTime(),
  });
  // google-auth-library refreshes by itself and announces new tokens: keep them so the next worker reuses them.
  client.on("tokens", (tokens: Credentials) => {
    const update: Partial<typeof googleAccounts.$inferInsert> = {};
    if (tokens.access_token) update.accessTokenEnc = encryptAccountToken(account.id, "access", tokens.access_token);
    if (tokens.expiry_date) update.accessTokenExpiresAt = new Date(tokens.expiry_date);
    if (tokens.refresh_token) update.refreshTokenEnc = encryptAccountToken(account.id, "refresh", tokens.refresh_token);
    if (Object.keys(update).length === 0) return;
    db.update(googleAccounts)
      .set(update)
      .where(eq(googleAccounts.id, account.id))
      .catch((error: unknown) => logger().error({ googleAccountId: account.id, err: error }, "could not persist refreshed Google tokens"));
  });
  const api = calendarApi(client, { batched: true });
  return {
    account,
    api,
    async authorization() {
      try {
        const { token } = await client.getAccessToken();
        if (!token) throw new SyncError("AUTH_REVOKED", "Google returned no access token");
        return `Bearer ${token}`;
      } catch (error) {
        const classified = classifyGoogleError(error);
        if (classified.code === "AUTH_REVOKED") {
          await markNeedsReconnection(db, account.id, "Google no longer accepts FieldSync's access (it was revoked or expired). Please reconnect.");
        }
        throw classified;
      }
    },
    async call(fn, cost = 1) {
      await acquireAccountQuota(db, account.id, cost);
      try {
        return await fn(api);
      } catch (error) {
        const classified = classifyGoogleError(error);
        if (classified.code === "AUTH_REVOKED") {
          await markNeedsReconnection(db, account.id, "Google no longer accepts FieldSync's access (it was revoked or expired). Please reconnect.");
        }
        throw classified;
      }
    },
  };
}

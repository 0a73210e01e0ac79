import type { calendar_v3 } from "@googleapis/calendar";
import { and, eq } from "drizzle-orm";
import type { Credentials, OAuth2Client } from "google-auth-library";
import type { Db } from "../../db/client";
import { googleAccounts } from "../../db/schema";
import { decryptAccessToken, decryptRefreshToken, encryptAccountToken } from "../../google/account-tokens";
import { credentialsForAccount } from "../../google/company-credentials";
import type { QuotaOwner } from "../../google/batch/quota-gate";
import { calendarApi, createOAuthClient, type OAuthCredentials } from "../../google/oauth-client";
import { missingScopes } from "../../google/scopes";
import { classifyGoogleError, SyncError } from "../../google/sync-error";
import { logger } from "../../observability/logger";
import { noticeReconnectionNeeded } from "../reconnect-notice";
import { quotaGateOf } from "./quota-gate";
import { acquireAccountQuota } from "./rate-limit";

type AccountRow = typeof googleAccounts.$inferSelect;

export interface GoogleSession {
  api: calendar_v3.Calendar;
  /** Runs Google calls under the account's quota (see calendarApi), errors as SyncError. */
  call<T>(fn: (api: calendar_v3.Calendar) => Promise<T>): Promise<T>;
  /** "Bearer <access token>", refreshed (and persisted) when needed: for parts of an HTTP batch. */
  authorization(): Promise<string>;
  /** 1 when the next use of the token refreshes it first (a request to reserve quota for), else 0. */
  refreshCost(): number;
}

const REVOKED_REASON = "Google no longer accepts FieldSync's access (it was revoked or expired). Please reconnect.";

/**
 * Marks the account so the fieldworker sees "Reconnect" and its jobs wait for the reconnection. Only the
 * change from active starts an incident: that caller alone sends the one reconnect email and admin notice.
 */
export async function markNeedsReconnection(db: Db, accountId: string, reason: string): Promise<void> {
  const changed = await db
    .update(googleAccounts)
    .set({ status: "needs_reconnection", statusReason: reason.slice(0, 500) })
    .where(and(eq(googleAccounts.id, accountId), eq(googleAccounts.status, "active")))
    .returning({ id: googleAccounts.id });
  if (changed.length > 0) await noticeReconnectionNeeded(db, accountId, reason, new Date());
}

/** google-auth-library refreshes an access token this close to its expiry (its `eagerRefreshThresholdMillis`). */
const EAGER_REFRESH_MS = 5 * 60_000;

/** Whether using these credentials now makes google-auth-library call the token endpoint first. */
export function refreshDue(credentials: Pick<Credentials, "access_token" | "expiry_date">, now: number): boolean {
  // As OAuth2Client.isTokenExpiring: no expiry date means the token is taken as valid.
  return !credentials.access_token || (credentials.expiry_date ? credentials.expiry_date <= now + EAGER_REFRESH_MS : false);
}

/** An authorised Calendar client for one stored account, persisting refreshed tokens. */
export async function openGoogleSession(db: Db, accountId: string): Promise<GoogleSession & { account: AccountRow }> {
  const [account] = await db.select().from(googleAccounts).where(eq(googleAccounts.id, accountId));
  if (!account) throw new SyncError("NOT_FOUND", "Google account not found");
  return openGoogleSessionFor(db, account);
}

/**
 * The same, for an account row already in hand (set-based work loads many at once, and may pass the
 * credentials it resolved once per company).
 */
export async function openGoogleSessionFor(db: Db, account: AccountRow, knownCredentials?: OAuthCredentials): Promise<GoogleSession & { account: AccountRow }> {
  if (account.status !== "active") throw new SyncError("AUTH_REVOKED", account.statusReason ?? "The Google account needs reconnection");
  const credentials = knownCredentials ?? (await credentialsForAccount(db, account));
  if (!credentials) {
    await markNeedsReconnection(db, account.id, "Your company changed its Google API settings. Please reconnect.");
    throw new SyncError("AUTH_REVOKED", "The OAuth client that issued this account's tokens is no longer configured");
  }
  const missing = account.grantedScopes.trim() === "" ? [] : missingScopes(account.grantedScopes);
  if (missing.length > 0) {
    await markNeedsReconnection(db, account.id, "FieldSync was not given every calendar permission it needs. Please reconnect and allow them all.");
    throw new SyncError("AUTH_REVOKED", `The grant lacks ${missing.join(", ")}`);
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
  const session = createGoogleSession(db, client, {
    quotaAccount: account,
    batched: true,
    // Only the token endpoint's verdict (invalid_grant) means the grant is gone.
    onGrantRevoked: () => markNeedsReconnection(db, account.id, REVOKED_REASON),
  });
  return { ...session, account };
}

/**
 * The rails every Google call runs on, for a stored account (`openGoogleSession`) or for one being connected
 * (the connect flow, before anything is stored): each call is classified into a SyncError, a 401 refreshes
 * the access token and retries once, and with a stored account each call is taken from its per-minute quota.
 */
export function createGoogleSession(
  db: Db,
  client: OAuth2Client,
  options: { quotaAccount?: QuotaOwner; batched?: boolean; onGrantRevoked?: () => Promise<void> },
): GoogleSession {
  // Calendar calls are reserved in the batching fetch, once per HTTP request (a batch, or a lone call).
  const api = calendarApi(client, { batched: options.batched === true, quota: options.quotaAccount ? { owner: options.quotaAccount, gate: quotaGateOf(db) } : undefined });
  const settle = async (error: unknown): Promise<SyncError> => {
    const classified = classifyGoogleError(error);
    if (classified.code === "AUTH_REVOKED") await options.onGrantRevoked?.();
    return classified;
  };
  // A token refresh is a request too, made by google-auth-library outside that fetch: reserved here.
  const refreshCost = () => (refreshDue(client.credentials, Date.now()) ? 1 : 0);
  const reserveRefresh = async () => {
    if (options.quotaAccount) await acquireAccountQuota(db, options.quotaAccount, 1);
  };
  return {
    api,
    refreshCost,
    async authorization() {
      try {
        const { token } = await client.getAccessToken();
        if (!token) throw new SyncError("AUTH_REVOKED", "Google returned no access token");
        return `Bearer ${token}`;
      } catch (error) {
        throw await settle(error);
      }
    },
    async call(fn) {
      if (refreshCost() > 0) await reserveRefresh();
      try {
        return await fn(api);
      } catch (error) {
        const first = classifyGoogleError(error);
        if (first.code !== "AUTH_EXPIRED") throw await settle(first);
      }
      // A 401 on a call: the access token was refused (expired early, rotated, a Google hiccup). Refresh
      // it and try once more; if Google still refuses a freshly refreshed token, it is a transient error.
      await reserveRefresh();
      try {
        await client.refreshAccessToken();
      } catch (error) {
        throw await settle(error);
      }
      try {
        return await fn(api);
      } catch (error) {
        const second = await settle(error);
        if (second.code === "AUTH_EXPIRED") throw new SyncError("TEMPORARY", `Google refused a freshly refreshed access token: ${second.message}`, second.status, second.reason);
        throw second;
      }
    },
  };
}

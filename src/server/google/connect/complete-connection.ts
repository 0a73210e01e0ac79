import { randomUUID } from "node:crypto";
import { and, eq, isNull, ne, notInArray } from "drizzle-orm";
import type { Credentials } from "google-auth-library";
import type { Db } from "../../db/client";
import { countConnectionsOfAccount, findAccountByEmail, getConnection, getFieldworkerOfCompany } from "../../db/queries/google";
import { companies, consumedTokens, fieldworkerGoogleConnections, googleAccounts, googleCalendars, googleInvitations } from "../../db/schema";
import { getTokenSigningSecret } from "../../security/keys";
import { verifySignedToken, type SignedTokenPayload } from "../../security/signed-token";
import { loadCompanyGoogleSetup } from "../company-credentials";
import { googleEndpoints } from "../endpoints";
import { calendarApi, createOAuthClient } from "../oauth-client";
import { missingScopes } from "../scopes";
import { classifyGoogleError } from "../sync-error";
import { writeSyncLog } from "../../sync/sync-log";
import { sendAccountChangeNotice } from "./account-change-notice";
import { cleanUpSupersededAccount } from "./superseded-account";
import { buildAuthorizationUrl, connectActors, type ConnectActor } from "./authorization-url";
import { bindingMatches } from "./browser-binding";
import { accountOutsideWorkspace } from "./workspace-domain";
import { ensureCompanyCalendar, fetchCalendarList } from "./company-calendar";
import { enqueueJobs, initialSyncJob } from "../../sync/jobs/enqueue";
import { encryptAccountToken } from "./account-tokens";
import { retireAccount, revokeToken } from "./disconnect";

export type ConnectionOutcome =
  | { kind: "connected"; fieldworkerId: string; companyId: string; googleAccountId: string; email: string; calendarCreated: boolean }
  | { kind: "denied"; fieldworkerId: string }
  | { kind: "retry_consent"; url: string; browserBinding: string; reason: "missing_refresh_token" }
  | { kind: "partial_grant"; retryUrl: string; browserBinding: string; missing: string[] }
  | { kind: "invalid_state"; reason: string }
  /** The Google account is not one this connection may use (outside the Workspace, or a takeover attempt). */
  | { kind: "wrong_account"; title: string; message: string }
  | { kind: "failed"; message: string };

export interface CallbackParams {
  state?: string;
  code?: string;
  error?: string;
  /** The PKCE verifier from the browser's cookie (browser-binding.ts); absent in another browser. */
  browserBinding?: string;
}

/**
 * Google's `error` parameter is one short snake_case code (access_denied, admin_policy_enforced, …). Anything
 * else came from whoever crafted the link, and must not be shown on our page as if Google said it.
 */
const oauthErrorCode = (error: string) => (/^[a-z_]{1,64}$/.test(error) ? error : "unknown_error");

/** Spends a single-use nonce; false when it was spent already (a replayed state). */
async function consumeNonce(db: Db, payload: SignedTokenPayload): Promise<boolean> {
  const inserted = await db
    .insert(consumedTokens)
    .values({ nonce: payload.nonce, purpose: payload.purpose, expiresAt: new Date(payload.expiresAt) })
    .onConflictDoNothing()
    .returning({ nonce: consumedTokens.nonce });
  return inserted.length === 1;
}

/** The account's address, stable id and Workspace domain (`hd`, present only for Google Workspace accounts). */
async function readAccount(client: ReturnType<typeof createOAuthClient>): Promise<{ email: string; sub: string | null; hostedDomain: string | null }> {
  const { data } = await client.request<{ email?: string; sub?: string; hd?: string }>({ url: googleEndpoints().userinfo });
  if (!data.email) throw new Error("Google did not return the account's email address");
  return { email: data.email, sub: data.sub ?? null, hostedDomain: data.hd ?? null };
}

const actorOf = (value: string | undefined): ConnectActor => connectActors.find((a) => a === value) ?? "link";

async function logRefusal(db: Db, companyId: string, fieldworkerId: string, message: string) {
  await writeSyncLog(db, { companyId, fieldworkerId, direction: "system", action: "connect", outcome: "failed", message });
}

/**
 * `/getAuthKey`: everything after Google redirects back. Validates the state, exchanges the code, checks
 * the granted scopes, links the fieldworker to the Google account (one account per fieldworker, one
 * account may serve several fieldworkers), makes sure the company calendar exists and stores the
 * calendar list. Nothing is stored unless the whole connection succeeds.
 */
export async function completeConnection(db: Db, params: CallbackParams, now: Date): Promise<ConnectionOutcome> {
  if (!params.state) return { kind: "invalid_state", reason: "The sign-in response has no state." };
  const verified = verifySignedToken(params.state, "oauth_state", getTokenSigningSecret(), now);
  if (!verified.ok) {
    return {
      kind: "invalid_state",
      reason: verified.reason === "expired" ? "This sign-in took too long and expired." : "This sign-in response is not valid.",
    };
  }
  const state = verified.payload;
  // Google's redirect can be replayed from another browser (a leaked URL, a forwarded link): only the browser
  // that started the flow holds the verifier whose challenge the state carries.
  if (!bindingMatches(params.browserBinding, state.data?.pkce)) {
    return {
      kind: "invalid_state",
      reason:
        "This sign-in was started in another browser, or another Google sign-in was started in this browser since (only the latest one can finish). Start again from your invitation link or from FieldSync.",
    };
  }
  const actor = actorOf(state.data?.actor);
  if (params.error) {
    return params.error === "access_denied"
      ? { kind: "denied", fieldworkerId: state.fieldworkerId }
      : { kind: "failed", message: `Google returned an error: ${oauthErrorCode(params.error)}` };
  }
  if (!params.code) return { kind: "invalid_state", reason: "The sign-in response has no authorization code." };

  const fieldworker = await getFieldworkerOfCompany(db, state.companyId, state.fieldworkerId);
  if (!fieldworker || !fieldworker.active) return { kind: "invalid_state", reason: "This fieldworker no longer exists or is inactive." };
  const inviteNonce = state.data?.invite;
  if (inviteNonce) {
    const [invitation] = await db
      .select({ usedAt: googleInvitations.usedAt, revokedAt: googleInvitations.revokedAt })
      .from(googleInvitations)
      .where(and(eq(googleInvitations.nonce, inviteNonce), eq(googleInvitations.fieldworkerId, fieldworker.id)));
    if (!invitation || invitation.usedAt) return { kind: "invalid_state", reason: "This invitation link was already used." };
    if (invitation.revokedAt) return { kind: "invalid_state", reason: "This invitation link is no longer valid: a newer one was sent, or the calendar was connected since." };
  }
  const setup = await loadCompanyGoogleSetup(db, state.companyId);
  if (setup.status !== "ready") return { kind: "failed", message: "Google sync is not set up for this company any more." };
  if (setup.credentials.clientId !== state.data?.clientId) {
    return { kind: "invalid_state", reason: "The company changed its Google settings while you were signing in. Please start again." };
  }
  if (!(await consumeNonce(db, state))) return { kind: "invalid_state", reason: "This sign-in response was already used." };

  const client = createOAuthClient(setup.credentials);
  let tokens: Credentials;
  try {
    ({ tokens } = await client.getToken({ code: params.code, codeVerifier: params.browserBinding }));
  } catch (error) {
    return { kind: "failed", message: `Google did not accept the authorization: ${classifyGoogleError(error).message}` };
  }
  const retryRequest = {
    credentials: setup.credentials,
    workspaceDomain: setup.workspaceDomain,
    fieldworker,
    actor,
    inviteNonce,
    forceConsent: true,
    now,
  };
  client.setCredentials(tokens);

  try {
    const { email, sub, hostedDomain } = await readAccount(client);
    const existing = await findAccountByEmail(db, state.companyId, setup.credentials.clientId, email);
    // A token we won't use goes back to Google, unless another fieldworker relies on that account's grant.
    const giveBackGrant = async () => {
      const grantToken = tokens.refresh_token ?? tokens.access_token;
      if (!existing && grantToken) await revokeToken(setup.credentials, grantToken);
    };
    // `hd` is only a hint on the consent screen: the account Google returns is checked, address and claim.
    if (accountOutsideWorkspace({ email, hostedDomain }, setup.workspaceDomain)) {
      await giveBackGrant();
      await logRefusal(db, state.companyId, fieldworker.id, `Refused ${email}: not an account of the Workspace domain ${setup.workspaceDomain}.`);
      return {
        kind: "wrong_account",
        title: `Use your ${setup.workspaceDomain} Google account`,
        message: `${email} is not an account of ${setup.workspaceDomain}, the Google Workspace your company uses. Sign in to Google with your ${setup.workspaceDomain} account and use the link again.`,
      };
    }
    const replaced = await getConnection(db, state.companyId, fieldworker.id);
    const changesAccount = replaced !== undefined && replaced.account.email.toLowerCase() !== email.toLowerCase();
    // An emailed link alone never moves a healthy connection to another Google account: that would hand the
    // fieldworker's bookings (customer addresses, phone numbers) to whoever holds the link.
    if (changesAccount && replaced.account.status === "active" && actor === "link") {
      await giveBackGrant();
      await logRefusal(
        db,
        state.companyId,
        fieldworker.id,
        `Refused switching from ${replaced.account.email} to ${email} through an invitation link without a FieldSync sign-in.`,
      );
      return {
        kind: "wrong_account",
        title: "Already connected to another Google account",
        message: `${fieldworker.displayName}'s calendar already syncs with ${replaced.account.email}. An invitation link can reconnect that account, but not switch to ${email}. To switch, sign in to FieldSync as ${fieldworker.displayName} and reconnect from the calendar, or ask your admin.`,
      };
    }
    const missing = missingScopes(tokens.scope ?? undefined);
    if (missing.length > 0) {
      // A half-granted token is useless to us.
      await giveBackGrant();
      const retry = await buildAuthorizationUrl(retryRequest);
      return { kind: "partial_grant", retryUrl: retry.url, browserBinding: retry.browserBinding, missing };
    }
    // Google sends a refresh token only on first consent: without one (and none stored) ask again with prompt=consent.
    if (!tokens.refresh_token && !existing?.refreshTokenEnc) {
      const retry = await buildAuthorizationUrl(retryRequest);
      return { kind: "retry_consent", url: retry.url, browserBinding: retry.browserBinding, reason: "missing_refresh_token" };
    }
    const [company] = await db.select().from(companies).where(eq(companies.id, state.companyId));
    if (!company) return { kind: "failed", message: "Company not found." };

    const api = calendarApi(client);
    const calendarList = await fetchCalendarList(api);
    const { calendarId, created, otherClientsCalendars } = await ensureCompanyCalendar(api, {
      storedCalendarId: existing?.companyCalendarId ?? null,
      companyName: company.name,
      timeZone: company.timeZone,
      calendarList,
    });
    const finalList = calendarList.some((c) => c.id === calendarId)
      ? calendarList
      : [...calendarList, { id: calendarId, summary: company.name, backgroundColor: null, accessRole: "owner", primary: false }];

    const accountId = existing?.id ?? randomUUID();
    await db.transaction(async (tx) => {
      const tokenColumns = {
        accessTokenEnc: tokens.access_token ? encryptAccountToken(accountId, "access", tokens.access_token) : null,
        accessTokenExpiresAt: tokens.expiry_date ? new Date(tokens.expiry_date) : null,
        ...(tokens.refresh_token ? { refreshTokenEnc: encryptAccountToken(accountId, "refresh", tokens.refresh_token) } : {}),
        grantedScopes: tokens.scope ?? "",
        status: "active" as const,
        statusReason: null,
        companyCalendarId: calendarId,
        // The calendar list was just read: the daily refresh can wait a day.
        calendarListRefreshedAt: now,
        googleSubject: sub,
        email,
      };
      if (existing) await tx.update(googleAccounts).set(tokenColumns).where(eq(googleAccounts.id, accountId));
      else await tx.insert(googleAccounts).values({ id: accountId, companyId: state.companyId, oauthClientId: setup.credentials.clientId, ...tokenColumns });

      await tx
        .insert(fieldworkerGoogleConnections)
        .values({ fieldworkerId: fieldworker.id, companyId: state.companyId, googleAccountId: accountId, connectedAt: now })
        .onConflictDoUpdate({
          target: fieldworkerGoogleConnections.fieldworkerId,
          set: { googleAccountId: accountId, connectedAt: now, lastError: null, lastErrorAt: null },
        });

      for (const entry of finalList) {
        const isCompanyCalendar = entry.id === calendarId;
        await tx
          .insert(googleCalendars)
          .values({
            googleAccountId: accountId,
            googleCalendarId: entry.id,
            summary: entry.summary,
            backgroundColor: entry.backgroundColor,
            accessRole: entry.accessRole,
            isPrimary: entry.primary,
            isCompanyCalendar,
            selected: entry.accessRole === "owner" && !isCompanyCalendar && !otherClientsCalendars.includes(entry.id),
          })
          .onConflictDoUpdate({
            target: [googleCalendars.googleAccountId, googleCalendars.googleCalendarId],
            // The fieldworker's own choice (selected, privacy) survives a reconnection.
            set: { summary: entry.summary, backgroundColor: entry.backgroundColor, accessRole: entry.accessRole, isPrimary: entry.primary, isCompanyCalendar },
          });
      }
      await tx.delete(googleCalendars).where(
        and(
          eq(googleCalendars.googleAccountId, accountId),
          notInArray(
            googleCalendars.googleCalendarId,
            finalList.map((c) => c.id),
          ),
        ),
      );
      // The sync engine's first run: watch channels, pull, then push this fieldworker's future work. An account
      // coming back from "needs reconnection" resumes for every fieldworker it serves, not just the one who
      // clicked: their jobs failed or were never queued while it was revoked.
      const resumed = existing && existing.status !== "active"
        ? (await tx.select({ id: fieldworkerGoogleConnections.fieldworkerId }).from(fieldworkerGoogleConnections).where(eq(fieldworkerGoogleConnections.googleAccountId, accountId))).map((c) => c.id)
        : [];
      const fieldworkerIds = [...new Set([fieldworker.id, ...resumed])];
      await enqueueJobs(tx, fieldworkerIds.map((id) => initialSyncJob(state.companyId, id, accountId)));
      if (inviteNonce) {
        await tx
          .update(googleInvitations)
          .set({ usedAt: now })
          .where(and(eq(googleInvitations.nonce, inviteNonce), isNull(googleInvitations.usedAt)));
      }
      // Connected: every other link of this fieldworker dies, so no old email can reconnect them elsewhere.
      await tx
        .update(googleInvitations)
        .set({ revokedAt: now })
        .where(
          and(
            eq(googleInvitations.fieldworkerId, fieldworker.id),
            isNull(googleInvitations.usedAt),
            isNull(googleInvitations.revokedAt),
            inviteNonce ? ne(googleInvitations.nonce, inviteNonce) : undefined,
          ),
        );
    });

    // Reconnecting with a different Google account (or the same one through another OAuth client, after the
    // company switched credentials) replaces the old link; that account goes when nobody uses it.
    if (replaced && replaced.account.id !== accountId && (await countConnectionsOfAccount(db, replaced.account.id)) === 0) {
      if (!changesAccount && replaced.account.oauthClientId !== setup.credentials.clientId) {
        const cleanup = await cleanUpSupersededAccount(db, replaced.account);
        if (cleanup.calendarRemoved && replaced.account.companyCalendarId) {
          await db
            .delete(googleCalendars)
            .where(and(eq(googleCalendars.googleAccountId, accountId), eq(googleCalendars.googleCalendarId, replaced.account.companyCalendarId)));
        }
        await writeSyncLog(db, {
          companyId: state.companyId,
          fieldworkerId: fieldworker.id,
          direction: "system",
          action: "company_calendar_moved",
          outcome: "ok",
          message: cleanup.calendarRemoved
            ? "The company's Google app changed: jobs now go to a new company calendar, and the previous app's calendar was removed."
            : `The company's Google app changed: jobs now go to a new company calendar. The previous app's calendar was left in Google (${cleanup.reason ?? "it could not be removed"}).`,
        });
      }
      await retireAccount(db, replaced.account);
    }
    if (changesAccount) {
      await sendAccountChangeNotice(db, {
        companyId: state.companyId,
        fieldworkerId: fieldworker.id,
        previousEmail: replaced.account.email,
        newEmail: email,
        actor,
        now,
      });
    }
    return { kind: "connected", fieldworkerId: fieldworker.id, companyId: state.companyId, googleAccountId: accountId, email, calendarCreated: created };
  } catch (error) {
    return { kind: "failed", message: `Connecting to Google failed: ${classifyGoogleError(error).message}` };
  }
}

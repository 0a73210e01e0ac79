import type { Credentials } from "google-auth-library";
import type { Db } from "../../db/client";
import { loadCompany, type Company } from "../../db/queries/company";
import { findAccountByEmail, getConnection } from "../../db/queries/google";
import type { googleAccounts } from "../../db/schema";
import { logger } from "../../observability/logger";
import { ensureCompanyCalendar, fetchCalendarList, type CalendarListItem } from "../../sync/io/company-calendar";
import { createGoogleSession } from "../../sync/io/google-session";
import { writeSyncLog } from "../../sync/sync-log";
import { googleEndpoints } from "../endpoints";
import { createOAuthClient } from "../oauth-client";
import { revokeToken } from "../revoke-token";
import { missingScopes } from "../scopes";
import { classifyGoogleError } from "../sync-error";
import { buildAuthorizationUrl } from "./authorization-url";
import { CONNECTION_FAILED_MESSAGE, type ConnectionOutcome } from "./connection-outcome";
import type { VerifiedCallback } from "./verify-callback";
import { accountOutsideWorkspace } from "./workspace-domain";

type AccountRow = typeof googleAccounts.$inferSelect;

/** Everything Google said yes to, ready to be stored in one transaction. */
export interface Grant {
  kind: "granted";
  tokens: Credentials;
  email: string;
  sub: string | null;
  company: Company;
  /** This company's stored account for that address and OAuth client, when it has one. */
  existing: AccountRow | undefined;
  /** The fieldworker's connection before this one, and whether this one moves it to another Google address. */
  replaced: Awaited<ReturnType<typeof getConnection>>;
  changesAccount: boolean;
  companyCalendarId: string;
  calendarCreated: boolean;
  calendarList: CalendarListItem[];
  /** Same-named calendars another OAuth client made: neither written nor imported. */
  otherClientsCalendars: string[];
}

async function logRefusal(db: Db, companyId: string, fieldworkerId: string, message: string) {
  await writeSyncLog(db, { companyId, fieldworkerId, direction: "system", action: "connect", outcome: "failed", message });
}

/**
 * Step 2 of `/getAuthKey`: trade the code for tokens, learn which Google account answered, decide whether this
 * connection may use it (Workspace domain, no takeover through a bare link, every scope, a refresh token), and
 * make sure its company calendar exists. Google calls go through the sync's session (errors classified, a 401
 * refreshed once, a stored account's quota spent); nothing is written to our database but refusal lines.
 */
export async function exchangeGrant(db: Db, callback: VerifiedCallback, now: Date): Promise<Grant | ConnectionOutcome> {
  const { companyId, fieldworker } = callback;
  const client = createOAuthClient(callback.credentials);
  let tokens: Credentials;
  try {
    ({ tokens } = await client.getToken({ code: callback.code, codeVerifier: callback.codeVerifier }));
  } catch (error) {
    logger().warn({ companyId, fieldworkerId: fieldworker.id, err: classifyGoogleError(error) }, "Google refused the authorization code");
    return { kind: "failed", message: CONNECTION_FAILED_MESSAGE };
  }
  client.setCredentials(tokens);
  const identitySession = createGoogleSession(db, client, {});
  const { data: identity } = await identitySession.call(() => client.request<{ email?: string; sub?: string; hd?: string }>({ url: googleEndpoints().userinfo }));
  if (!identity.email) throw new Error("Google did not return the account's email address");
  const email = identity.email;

  const existing = await findAccountByEmail(db, companyId, callback.credentials.clientId, email);
  // A token we won't use goes back to Google, unless another fieldworker relies on that account's grant.
  const giveBackGrant = async () => {
    const grantToken = tokens.refresh_token ?? tokens.access_token;
    if (!existing && grantToken) await revokeToken(callback.credentials, grantToken);
  };
  const retryRequest = {
    credentials: callback.credentials,
    workspaceDomain: callback.workspaceDomain,
    fieldworker,
    actor: callback.actor,
    inviteNonce: callback.inviteNonce,
    forceConsent: true,
    now,
  };
  // `hd` is only a hint on the consent screen: the account Google returns is checked, address and claim.
  if (accountOutsideWorkspace({ email, hostedDomain: identity.hd ?? null }, callback.workspaceDomain)) {
    await giveBackGrant();
    await logRefusal(db, companyId, fieldworker.id, `Refused ${email}: not an account of the Workspace domain ${callback.workspaceDomain}.`);
    return {
      kind: "wrong_account",
      title: `Use your ${callback.workspaceDomain} Google account`,
      message: `${email} is not an account of ${callback.workspaceDomain}, the Google Workspace your company uses. Sign in to Google with your ${callback.workspaceDomain} account and use the link again.`,
    };
  }
  const replaced = await getConnection(db, companyId, fieldworker.id);
  const changesAccount = replaced !== undefined && replaced.account.email.toLowerCase() !== email.toLowerCase();
  // An emailed link alone never moves a healthy connection to another Google account: that would hand the
  // fieldworker's bookings (customer addresses, phone numbers) to whoever holds the link.
  if (changesAccount && replaced.account.status === "active" && callback.actor === "link") {
    await giveBackGrant();
    await logRefusal(db, companyId, fieldworker.id, `Refused switching from ${replaced.account.email} to ${email} through an invitation link without a FieldSync sign-in.`);
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
  const company = await loadCompany(db, companyId);
  if (!company) return { kind: "failed", message: CONNECTION_FAILED_MESSAGE };

  const session = createGoogleSession(db, client, { quotaAccount: existing ?? undefined });
  const calendarList = await fetchCalendarList(session);
  const { calendarId, created, otherClientsCalendars } = await ensureCompanyCalendar(session, {
    storedCalendarId: existing?.companyCalendarId ?? null,
    companyName: company.name,
    timeZone: company.timeZone,
    calendarList,
  });
  return {
    kind: "granted",
    tokens,
    email,
    sub: identity.sub ?? null,
    company,
    existing,
    replaced,
    changesAccount,
    companyCalendarId: calendarId,
    calendarCreated: created,
    calendarList: calendarList.some((c) => c.id === calendarId)
      ? calendarList
      : [...calendarList, { id: calendarId, summary: company.name, backgroundColor: null, accessRole: "owner", primary: false }],
    otherClientsCalendars,
  };
}

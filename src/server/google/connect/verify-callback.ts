import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { getFieldworkerOfCompany } from "../../db/queries/google";
import { consumedTokens, googleInvitations, type fieldworkers } from "../../db/schema";
import { getTokenSigningSecret } from "../../security/keys";
import { verifySignedToken, type SignedTokenPayload } from "../../security/signed-token";
import { loadCompanyGoogleSetup } from "../company-credentials";
import type { OAuthCredentials } from "../oauth-client";
import { connectActors, type ConnectActor } from "./authorization-url";
import { bindingMatches } from "./browser-binding";
import type { CallbackParams, ConnectionOutcome } from "./connection-outcome";

/** A callback that may go on to Google: its state was genuine, unspent, and still describes a possible connection. */
export interface VerifiedCallback {
  kind: "verified";
  companyId: string;
  fieldworker: typeof fieldworkers.$inferSelect;
  actor: ConnectActor;
  inviteNonce: string | undefined;
  credentials: OAuthCredentials;
  workspaceDomain: string | null;
  code: string;
  codeVerifier: string | undefined;
}

/**
 * Google's `error` parameter is one short snake_case code (access_denied, admin_policy_enforced, …). Anything
 * else came from whoever crafted the link, and must not be shown on our page as if Google said it.
 */
const oauthErrorCode = (error: string) => (/^[a-z_]{1,64}$/.test(error) ? error : "unknown_error");

const actorOf = (value: string | undefined): ConnectActor => connectActors.find((a) => a === value) ?? "link";

/** Spends a single-use nonce; false when it was spent already (a replayed state). */
async function consumeNonce(db: Db, payload: SignedTokenPayload): Promise<boolean> {
  const inserted = await db
    .insert(consumedTokens)
    .values({ nonce: payload.nonce, purpose: payload.purpose, expiresAt: new Date(payload.expiresAt) })
    .onConflictDoNothing()
    .returning({ nonce: consumedTokens.nonce });
  return inserted.length === 1;
}

/**
 * Step 1 of `/getAuthKey`, no Google call: the state is ours, unexpired, from this browser (PKCE) and unspent;
 * the fieldworker, the invitation and the company's Google app are still what the flow started with (minutes
 * may have passed since `/connect/google` checked them: a newer invitation or a connection revokes a link, an
 * admin may switch apps). Spends the state last, so a refusal before it leaves nothing behind.
 */
export async function verifyCallback(db: Db, params: CallbackParams, now: Date): Promise<VerifiedCallback | ConnectionOutcome> {
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
  return {
    kind: "verified",
    companyId: state.companyId,
    fieldworker,
    actor: actorOf(state.data?.actor),
    inviteNonce,
    credentials: setup.credentials,
    workspaceDomain: setup.workspaceDomain,
    code: params.code,
    codeVerifier: params.browserBinding,
  };
}

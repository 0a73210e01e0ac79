import { env } from "~/env";
import { issueSignedToken } from "../../security/signed-token";
import { getTokenSigningSecret } from "../../security/keys";
import type { OAuthCredentials } from "../oauth-client";
import { createOAuthClient } from "../oauth-client";
import { REQUESTED_SCOPES } from "../scopes";

export const OAUTH_STATE_TTL_MS = 15 * 60 * 1000;
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface AuthorizationRequest {
  credentials: OAuthCredentials;
  workspaceDomain: string | null;
  fieldworker: { id: string; companyId: string; email: string };
  /** Nonce of the invitation that started the flow, so a successful connection spends it. */
  inviteNonce?: string;
  /** Consent again even if granted before: the only way Google hands out a new refresh token. */
  forceConsent: boolean;
  now: Date;
}

/** Google's consent URL with a signed, short-lived, single-use `state` bound to company and fieldworker. */
export function buildAuthorizationUrl(request: AuthorizationRequest): string {
  const { token: state } = issueSignedToken(
    {
      purpose: "oauth_state",
      companyId: request.fieldworker.companyId,
      fieldworkerId: request.fieldworker.id,
      ttlMs: OAUTH_STATE_TTL_MS,
      data: { clientId: request.credentials.clientId, ...(request.inviteNonce ? { invite: request.inviteNonce } : {}) },
    },
    getTokenSigningSecret(),
    request.now,
  );
  return createOAuthClient(request.credentials).generateAuthUrl({
    access_type: "offline",
    include_granted_scopes: true,
    prompt: request.forceConsent ? "consent" : "select_account",
    login_hint: request.fieldworker.email,
    scope: REQUESTED_SCOPES,
    state,
    ...(request.workspaceDomain ? { hd: request.workspaceDomain } : {}),
  });
}

export function invitationUrl(token: string): string {
  const url = new URL("/connect/google", env.APP_URL);
  url.searchParams.set("invite", token);
  return url.toString();
}

import { CodeChallengeMethod } from "google-auth-library";
import { issueSignedToken } from "../../security/signed-token";
import { getTokenSigningSecret } from "../../security/keys";
import type { OAuthCredentials } from "../oauth-client";
import { createOAuthClient } from "../oauth-client";
import { REQUESTED_SCOPES } from "../scopes";

export const OAUTH_STATE_TTL_MS = 15 * 60 * 1000;

/**
 * Who started the flow: the fieldworker themself or an admin of the company (both signed in), or an emailed
 * link opened without a FieldSync session. Only the first two may move a healthy connection to another
 * Google account.
 */
export type ConnectActor = "fieldworker" | "admin" | "link";
export const connectActors: readonly ConnectActor[] = ["fieldworker", "admin", "link"];

export interface AuthorizationRequest {
  credentials: OAuthCredentials;
  workspaceDomain: string | null;
  fieldworker: { id: string; companyId: string; email: string };
  actor: ConnectActor;
  /** Nonce of the invitation that started the flow, so a successful connection spends it. */
  inviteNonce?: string;
  /** Consent again even if granted before: the only way Google hands out a new refresh token. */
  forceConsent: boolean;
  now: Date;
}

export interface AuthorizationStart {
  url: string;
  /** The PKCE code verifier: goes into the browser's HttpOnly cookie (browser-binding.ts), never into a URL. */
  browserBinding: string;
}

/**
 * Google's consent URL with PKCE (S256) and a signed, short-lived, single-use `state` bound to company,
 * fieldworker and, through the challenge, to the browser holding the verifier.
 */
export async function buildAuthorizationUrl(request: AuthorizationRequest): Promise<AuthorizationStart> {
  const client = createOAuthClient(request.credentials);
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  if (!codeChallenge) throw new Error("Could not derive the PKCE code challenge");
  const { token: state } = issueSignedToken(
    {
      purpose: "oauth_state",
      companyId: request.fieldworker.companyId,
      fieldworkerId: request.fieldworker.id,
      ttlMs: OAUTH_STATE_TTL_MS,
      data: {
        clientId: request.credentials.clientId,
        actor: request.actor,
        pkce: codeChallenge,
        ...(request.inviteNonce ? { invite: request.inviteNonce } : {}),
      },
    },
    getTokenSigningSecret(),
    request.now,
  );
  const url = client.generateAuthUrl({
    access_type: "offline",
    include_granted_scopes: true,
    prompt: request.forceConsent ? "consent" : "select_account",
    login_hint: request.fieldworker.email,
    scope: REQUESTED_SCOPES,
    state,
    code_challenge: codeChallenge,
    code_challenge_method: CodeChallengeMethod.S256,
    ...(request.workspaceDomain ? { hd: request.workspaceDomain } : {}),
  });
  return { url, browserBinding: codeVerifier };
}

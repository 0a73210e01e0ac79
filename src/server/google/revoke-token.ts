import { createOAuthClient, type OAuthCredentials } from "./oauth-client";
import { classifyGoogleError } from "./sync-error";

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

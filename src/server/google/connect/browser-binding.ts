import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "~/env";
import { OAUTH_STATE_TTL_MS } from "./authorization-url";

/**
 * Binds an OAuth round trip to the browser that started it. `/connect/google` sets this cookie to the PKCE
 * code verifier, and the signed `state` carries its S256 challenge; `/getAuthKey` needs both to match before
 * it exchanges the code (and Google needs the verifier to redeem it). A state or code copied into another
 * browser, which has no cookie, connects nobody.
 */
export const OAUTH_BINDING_COOKIE = "fieldsync_oauth";

/** The RFC 7636 S256 challenge of a verifier. */
export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

/** True when the browser's verifier is the one whose challenge the state carries. */
export function bindingMatches(verifier: string | undefined, challenge: string | undefined): boolean {
  if (!verifier || !challenge || verifier.length > 256) return false;
  const given = Buffer.from(pkceChallenge(verifier));
  const wanted = Buffer.from(challenge);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** HttpOnly, Lax (Google's redirect back is a top-level GET, which Lax lets through), Secure in production. */
export function bindingCookieOptions() {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: env.NODE_ENV === "production",
    path: "/getAuthKey",
    maxAge: Math.floor(OAUTH_STATE_TTL_MS / 1000),
  };
}

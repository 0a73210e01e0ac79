import type { SessionCheck } from "../db/queries/users";

/**
 * Whether a JWT may still be used: its user exists, is not a deactivated fieldworker, and the version it was
 * issued with is the user's current one (sign-out, deactivation and password change bump it). Tokens issued
 * before versions existed carry none and count as version 0.
 */
export function sessionIsCurrent(tokenVersion: unknown, check: SessionCheck | undefined): check is SessionCheck {
  if (!check || check.fieldworkerActive === false) return false;
  const version = typeof tokenVersion === "number" ? tokenVersion : 0;
  return version === check.sessionVersion;
}

/** A deactivated fieldworker can't sign in; admins (no profile) and active fieldworkers can. */
export const maySignIn = (user: { fieldworkerActive: boolean | null }) => user.fieldworkerActive !== false;

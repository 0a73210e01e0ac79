import { AccessDenied, CredentialsSignin } from "@auth/core/errors";

/**
 * Thrown from the credentials provider when the account or IP is throttled. Auth.js rethrows it unchanged to a
 * server action (so the login form can say how long to wait) and redirects HTTP callers with `code=too_many_attempts`.
 * The answer is the same for known and unknown emails.
 */
export class TooManySignInAttempts extends CredentialsSignin {
  override code = "too_many_attempts";
  constructor(readonly retryAfterMinutes: number) {
    super(`Too many sign-in attempts; retry in ${retryAfterMinutes} min`);
  }
}

/** The magic-link twin: Auth.js lets only AccessDenied-like errors through from the email sign-in step. */
export class TooManySignInLinks extends AccessDenied {
  constructor(readonly retryAfterMinutes: number) {
    super(`Too many sign-in link requests; retry in ${retryAfterMinutes} min`);
  }
}

/** The sentence the login page shows for either. */
export function tooManyAttemptsMessage(retryAfterMinutes: number): string {
  return `Too many sign-in attempts. Try again in ${retryAfterMinutes} minute${retryAfterMinutes === 1 ? "" : "s"}.`;
}

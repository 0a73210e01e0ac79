/**
 * Whether a fieldworker can sign in to FieldSync: no user row ("none"), a user an admin invited who has
 * neither set a password nor used a sign-in link yet ("invited"), or a working login ("active").
 */
export type LoginState = "none" | "invited" | "active";

export function loginStateOf(user: { passwordHash: string | null; emailVerified: Date | null } | null | undefined): LoginState {
  if (!user) return "none";
  return user.passwordHash || user.emailVerified ? "active" : "invited";
}

/** Why a fieldworker cannot be given a login, or null when they can. Pure, so the profile can say it before anyone clicks. */
export function loginAccessBlocker(fieldworker: { displayName: string; email: string; active: boolean; isGeneral: boolean }): string | null {
  if (fieldworker.isGeneral) return "The business calendar is not a person: it has no login of its own.";
  if (!fieldworker.active) return `${fieldworker.displayName} is inactive: activate the profile first.`;
  if (fieldworker.email.trim() === "") return `${fieldworker.displayName} has no email address: add one with Edit profile first.`;
  return null;
}

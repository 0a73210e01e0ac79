import { env } from "~/env";

/** How long an emailed authorization link works. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** The emailed link: `/connect/google` with the signed invitation token. */
export function invitationUrl(token: string): string {
  const url = new URL("/connect/google", env.APP_URL);
  url.searchParams.set("invite", token);
  return url.toString();
}

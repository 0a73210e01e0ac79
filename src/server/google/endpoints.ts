import { env } from "~/env";

/** Google's endpoints; each can be pointed elsewhere (the emulator) by configuration alone. */
export function googleEndpoints() {
  return {
    authorize: env.GOOGLE_OAUTH_AUTHORIZE_URL ?? "https://accounts.google.com/o/oauth2/v2/auth",
    token: env.GOOGLE_OAUTH_TOKEN_URL ?? "https://oauth2.googleapis.com/token",
    revoke: env.GOOGLE_OAUTH_REVOKE_URL ?? "https://oauth2.googleapis.com/revoke",
    userinfo: env.GOOGLE_USERINFO_URL ?? "https://openidconnect.googleapis.com/v1/userinfo",
    apiRoot: env.GOOGLE_API_ROOT_URL ?? "https://www.googleapis.com/",
  };
}

export function googleRedirectUri(): string {
  return new URL("/getAuthKey", env.APP_URL).toString();
}

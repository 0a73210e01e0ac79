import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The environment for running FieldSync locally (dev server and tests): generated secrets that stay
 * stable across restarts (kept in .data/, git-ignored) and, unless real Google credentials are
 * configured, the Google + Resend emulator's URLs.
 */
export interface LocalEnvOptions {
  appUrl: string;
  emulatorUrl: string;
  dataDir?: string;
}

const SHARED_APP_CLIENT_ID = "fieldsync-shared.apps.googleusercontent.com";
const SHARED_APP_CLIENT_SECRET = "emulator-shared-secret";

function devSecrets(dataDir: string): Record<string, string> {
  const file = path.join(dataDir, "dev-secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  mkdirSync(dataDir, { recursive: true });
  const secrets = throwawaySecrets();
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export function usesRealGoogle(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.GOOGLE_CLIENT_ID && !env.GOOGLE_API_ROOT_URL && !env.GOOGLE_CLIENT_ID.startsWith("fieldsync-shared"));
}

/** The Google + Resend endpoints, shared app and Resend key that point FieldSync at the emulator. */
export function emulatorEnv(emulatorUrl: string, resendApiKey = "re_emulator_key"): Record<string, string> {
  return {
    GOOGLE_CLIENT_ID: SHARED_APP_CLIENT_ID,
    GOOGLE_CLIENT_SECRET: SHARED_APP_CLIENT_SECRET,
    GOOGLE_API_ROOT_URL: `${emulatorUrl}/`,
    GOOGLE_OAUTH_AUTHORIZE_URL: `${emulatorUrl}/o/oauth2/v2/auth`,
    GOOGLE_OAUTH_TOKEN_URL: `${emulatorUrl}/token`,
    GOOGLE_OAUTH_REVOKE_URL: `${emulatorUrl}/revoke`,
    GOOGLE_USERINFO_URL: `${emulatorUrl}/oauth2/v3/userinfo`,
    RESEND_API_KEY: resendApiKey,
    RESEND_BASE_URL: emulatorUrl,
  };
}

/** Fresh random secrets, for processes that keep nothing (tests, benchmarks). */
export function throwawaySecrets(): Record<string, string> {
  return {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    CRON_SECRET: randomBytes(24).toString("base64url"),
  };
}

export function localEnv(options: LocalEnvOptions, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const secrets = devSecrets(options.dataDir ?? ".data");
  const emulator: Record<string, string> = usesRealGoogle(base)
    ? {}
    : { ...emulatorEnv(options.emulatorUrl, base.RESEND_API_KEY), EMULATOR_REDIRECT_URIS: `${options.appUrl}/getAuthKey` };
  return {
    ...secrets,
    APP_URL: options.appUrl,
    EMAIL_FROM: "FieldSync <noreply@fieldsync.app>",
    NEXT_TELEMETRY_DISABLED: "1",
    // `next start` on this machine (the e2e suite) is a production server: this lets it use PGlite and an
    // http://localhost APP_URL, which a real deployment refuses (src/env.ts).
    FIELDSYNC_LOCAL_PRODUCTION: "1",
    ...emulator,
    ...stripEmpty(base),
  };
}

function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""),
  );
}

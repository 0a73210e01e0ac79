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
  const secrets = {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    CRON_SECRET: randomBytes(24).toString("base64url"),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export function usesRealGoogle(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.GOOGLE_CLIENT_ID && !env.GOOGLE_API_ROOT_URL && !env.GOOGLE_CLIENT_ID.startsWith("fieldsync-shared"));
}

export function localEnv(options: LocalEnvOptions, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const secrets = devSecrets(options.dataDir ?? ".data");
  const emulator: Record<string, string> = usesRealGoogle(base)
    ? {}
    : {
        GOOGLE_CLIENT_ID: SHARED_APP_CLIENT_ID,
        GOOGLE_CLIENT_SECRET: SHARED_APP_CLIENT_SECRET,
        GOOGLE_API_ROOT_URL: `${options.emulatorUrl}/`,
        GOOGLE_OAUTH_AUTHORIZE_URL: `${options.emulatorUrl}/o/oauth2/v2/auth`,
        GOOGLE_OAUTH_TOKEN_URL: `${options.emulatorUrl}/token`,
        GOOGLE_OAUTH_REVOKE_URL: `${options.emulatorUrl}/revoke`,
        GOOGLE_USERINFO_URL: `${options.emulatorUrl}/oauth2/v3/userinfo`,
        RESEND_API_KEY: base.RESEND_API_KEY ?? "re_emulator_key",
        RESEND_BASE_URL: options.emulatorUrl,
        EMULATOR_REDIRECT_URIS: `${options.appUrl}/getAuthKey`,
      };
  return { ...secrets, APP_URL: options.appUrl, NEXT_TELEMETRY_DISABLED: "1", ...emulator, ...stripEmpty(base) };
}

function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""),
  );
}

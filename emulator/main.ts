import { readFileSync } from "node:fs";
import { createEmulator, defaultSeed, type Seed } from "./index";

/**
 * `npm run emulator`. The only place that reads process.env; see emulator/README.md for every variable.
 */
const env = process.env;

function list(value: string | undefined, fallback: string[]): string[] {
  if (value === undefined || value.trim() === "") return fallback;
  return value.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
}

function number(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`Not a number: ${value}`);
  return n;
}

const clientId = env.GOOGLE_CLIENT_ID ?? "fieldsync-shared.apps.googleusercontent.com";
const clientSecret = env.GOOGLE_CLIENT_SECRET ?? "shared-secret";
const redirectUris = list(env.EMULATOR_REDIRECT_URIS, ["http://localhost:3000/getAuthKey"]);
const seed: Seed | ((now: number) => Seed) = env.EMULATOR_SEED_FILE
  ? (JSON.parse(readFileSync(env.EMULATOR_SEED_FILE, "utf8")) as Seed)
  : defaultSeed;
const resendKeys = list(env.EMULATOR_RESEND_API_KEYS, env.RESEND_API_KEY ? [env.RESEND_API_KEY] : []);

const emulator = await createEmulator({
  port: number(env.EMULATOR_PORT) ?? 4010,
  host: env.EMULATOR_HOST ?? "127.0.0.1",
  stateFile: env.EMULATOR_STATE_FILE || undefined,
  seed,
  clients: [{ clientId, clientSecret, redirectUris, projectName: env.EMULATOR_PROJECT_NAME ?? "FieldSync" }],
  config: {
    ...(number(env.EMULATOR_ACCESS_TOKEN_TTL_SECONDS) !== undefined ? { accessTokenTtlSeconds: number(env.EMULATOR_ACCESS_TOKEN_TTL_SECONDS) } : {}),
    resendApiKeys: resendKeys,
    // A local emulator's webhooks go to a local app on plain http; EMULATOR_ALLOW_HTTP_WEBHOOKS=0 refuses them as Google does.
    allowHttpWebhooks: env.EMULATOR_ALLOW_HTTP_WEBHOOKS !== "0",
  },
});

console.log(`[emulator] Google OAuth + Calendar v3 + Resend at ${emulator.url}`);
console.log(`[emulator] accounts window ${emulator.url}/ · mailbox ${emulator.url}/mailbox · OAuth client ${clientId}`);

const shutdown = () => {
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

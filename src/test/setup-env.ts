/**
 * Runs before every Vitest file, before the file's own imports: gives each file its own secrets and
 * reserves a free port for an in-process Google/Resend emulator, pointing the app's Google and Resend
 * URLs at it (src/env.ts reads them once, at import). Files that talk to Google start the emulator on
 * that port with `startTestEmulator()` (src/test/emulator.ts).
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const port = await freePort();
const appPort = await freePort();
const emulatorUrl = `http://127.0.0.1:${port}`;
Object.assign(process.env, {
  TEST_EMULATOR_PORT: String(port),
  // Nothing listens here unless a test starts its webhook receiver (src/test/webhook-receiver.ts).
  TEST_APP_PORT: String(appPort),
  APP_URL: `http://localhost:${appPort}`,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  CRON_SECRET: randomBytes(16).toString("base64url"),
  GOOGLE_CLIENT_ID: "fieldsync-shared.apps.googleusercontent.com",
  GOOGLE_CLIENT_SECRET: "emulator-shared-secret",
  GOOGLE_API_ROOT_URL: `${emulatorUrl}/`,
  GOOGLE_OAUTH_AUTHORIZE_URL: `${emulatorUrl}/o/oauth2/v2/auth`,
  GOOGLE_OAUTH_TOKEN_URL: `${emulatorUrl}/token`,
  GOOGLE_OAUTH_REVOKE_URL: `${emulatorUrl}/revoke`,
  GOOGLE_USERINFO_URL: `${emulatorUrl}/oauth2/v3/userinfo`,
  RESEND_API_KEY: "re_test_key",
  RESEND_BASE_URL: emulatorUrl,
});

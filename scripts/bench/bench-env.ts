/**
 * Environment for the benchmarks, set before any app module is imported (src/env.ts reads it once):
 * generated secrets, and Google/Resend URLs pointing at an in-process emulator on a free port.
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

export async function prepareBenchEnv(): Promise<{ emulatorPort: number; appPort: number }> {
  const emulatorPort = await freePort();
  const appPort = await freePort();
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  Object.assign(process.env, {
    APP_URL: `http://localhost:${appPort}`,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    CRON_SECRET: randomBytes(16).toString("base64url"),
    GOOGLE_CLIENT_ID: "fieldsync-shared.apps.googleusercontent.com",
    GOOGLE_CLIENT_SECRET: "bench-shared-secret",
    GOOGLE_API_ROOT_URL: `${emulatorUrl}/`,
    GOOGLE_OAUTH_AUTHORIZE_URL: `${emulatorUrl}/o/oauth2/v2/auth`,
    GOOGLE_OAUTH_TOKEN_URL: `${emulatorUrl}/token`,
    GOOGLE_OAUTH_REVOKE_URL: `${emulatorUrl}/revoke`,
    GOOGLE_USERINFO_URL: `${emulatorUrl}/oauth2/v3/userinfo`,
    RESEND_API_KEY: "re_bench_key",
    RESEND_BASE_URL: emulatorUrl,
  });
  return { emulatorPort, appPort };
}

/**
 * Runs before every Vitest file, before the file's own imports: gives each file its own secrets and
 * reserves a free port for an in-process Google/Resend emulator, pointing the app's Google and Resend
 * URLs at it (src/env.ts reads them once, at import). Files that talk to Google start the emulator on
 * that port with `startTestEmulator()` (src/test/emulator.ts).
 */
import { freePort } from "../../scripts/lib/free-port";
import { emulatorEnv, throwawaySecrets } from "../../scripts/lib/local-env";

const port = await freePort();
const appPort = await freePort();
const emulatorUrl = `http://127.0.0.1:${port}`;
Object.assign(process.env, {
  TEST_EMULATOR_PORT: String(port),
  // Nothing listens here unless a test starts its webhook receiver (src/test/webhook-receiver.ts).
  TEST_APP_PORT: String(appPort),
  APP_URL: `http://localhost:${appPort}`,
  ...throwawaySecrets(),
  ...emulatorEnv(emulatorUrl, "re_test_key"),
});

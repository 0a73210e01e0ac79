/**
 * Environment for the benchmarks, set before any app module is imported (src/env.ts reads it once):
 * generated secrets, and Google/Resend URLs pointing at an in-process emulator on a free port.
 */
import { freePort } from "../lib/free-port";
import { emulatorEnv, throwawaySecrets } from "../lib/local-env";


export async function prepareBenchEnv(): Promise<{ emulatorPort: number; appPort: number }> {
  const emulatorPort = await freePort();
  const appPort = await freePort();
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  Object.assign(process.env, { APP_URL: `http://localhost:${appPort}`, ...throwawaySecrets(), ...emulatorEnv(emulatorUrl, "re_bench_key") });
  return { emulatorPort, appPort };
}

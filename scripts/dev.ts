/**
 * `npm run dev`: the whole demo on one command — the Google + Resend emulator (unless real Google
 * credentials are configured), migrations, the demo seed on an empty database, then `next dev`.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { localEnv, usesRealGoogle } from "./lib/local-env";

const port = process.env.PORT ?? "3000";
const emulatorPort = process.env.EMULATOR_PORT ?? "4010";
const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
const env = localEnv({ appUrl: process.env.APP_URL ?? `http://localhost:${port}`, emulatorUrl });
const children: ChildProcess[] = [];

function stopAll(code: number) {
  for (const child of children) child.kill("SIGTERM");
  process.exit(code);
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

async function waitForUrl(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms`);
}

const tsx = ["node_modules/tsx/dist/cli.mjs"];

if (!usesRealGoogle()) {
  const emulator = spawn(process.execPath, [...tsx, "emulator/main.ts"], {
    env: { ...process.env, ...env, EMULATOR_PORT: emulatorPort, EMULATOR_STATE_FILE: env.EMULATOR_STATE_FILE ?? ".data/emulator-state.json" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  children.push(emulator);
  emulator.on("exit", (code) => {
    console.error(`The Google/Resend emulator stopped (exit ${code}).`);
    stopAll(1);
  });
  await waitForUrl(`${emulatorUrl}/`, 20_000);
}

// Migrations and seed run to completion before Next starts: PGlite allows one process per data folder.
const prepare = spawnSync(process.execPath, [...tsx, "scripts/dev-prepare.ts", ...(usesRealGoogle() ? [] : ["--demo-google"])], {
  env: { ...process.env, ...env },
  stdio: "inherit",
});
if (prepare.status !== 0) stopAll(prepare.status ?? 1);

const next = spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", "-p", port], {
  env: { ...process.env, ...env },
  stdio: "inherit",
});
children.push(next);
next.on("exit", (code) => stopAll(code ?? 0));

await waitForUrl(`http://localhost:${port}/login`, 120_000).catch(() => undefined);

// Vercel runs the sync cron in production; locally this loop plays that part.
const CRON_EVERY_MS = 60_000;
setInterval(() => {
  fetch(`http://localhost:${port}/api/cron/sync`, { headers: { authorization: `Bearer ${env.CRON_SECRET}` } }).catch(() => undefined);
}, CRON_EVERY_MS).unref();
console.log(`
FieldSync is running on http://localhost:${port}
  Demo logins (password fieldsync-demo): admin@acme.test, maria@acme.test, tom@acme.test, aisha@acme.test, ben@acme.test
${usesRealGoogle() ? "" : `  Google + Resend emulator: ${emulatorUrl}  (mailbox: ${emulatorUrl}/mailbox)\n`}`);

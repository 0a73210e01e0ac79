import { defineConfig, devices } from "@playwright/test";
import { chromiumExecutable } from "./scripts/lib/chromium";
import { localEnv } from "./scripts/lib/local-env";

const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3000);
const EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 4010);
const appUrl = `http://localhost:${APP_PORT}`;
const emulatorUrl = `http://127.0.0.1:${EMULATOR_PORT}`;
const env = localEnv({ appUrl, emulatorUrl });
const executablePath = chromiumExecutable();
const tsx = "node node_modules/tsx/dist/cli.mjs";

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  // One app server and one database: journeys run one after the other so their data never races.
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  // The JSON report (path from PLAYWRIGHT_JSON_OUTPUT_NAME) feeds the totals `npm test` prints.
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL: appUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath,
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        },
      },
    },
  ],
  webServer: [
    {
      command: `${tsx} emulator/main.ts`,
      url: `${emulatorUrl}/`,
      env: { ...env, EMULATOR_PORT: String(EMULATOR_PORT) },
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // A production build (npm test builds it first); E2E_DEV=1 uses the dev server instead.
      command: process.env.E2E_DEV
        ? `node node_modules/next/dist/bin/next dev -p ${APP_PORT}`
        : `node node_modules/next/dist/bin/next start -p ${APP_PORT}`,
      url: `${appUrl}/login`,
      env,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});

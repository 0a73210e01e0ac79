import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

/**
 * Playwright's own browser when installed, otherwise the system Chromium (Debian's `chromium`):
 * Playwright cannot download browsers on machines without internet access.
 */
export function chromiumExecutable(): string | undefined {
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return undefined;
  for (const candidate of [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error(
    "No Chromium found. Install one with `sudo apt-get install -y chromium` (Debian/Ubuntu), or `npx playwright install chromium` where downloads are allowed, or set CHROMIUM_PATH.",
  );
}

import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "fieldsync-demo";

export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/calendar/);
}

/**
 * Leaves the signed-in fieldworker without a Google connection, for journeys that connect one. Waits for the
 * sync banner to load first: checking for the Disconnect button before it renders would skip the disconnect
 * and leave the next journey a connected fieldworker.
 */
export async function disconnectGoogleIfConnected(page: Page) {
  const banner = page.getByRole("region", { name: "Google Calendar sync" });
  await expect(banner).toContainText(/Synced with|not synced|reconnect/i);
  const disconnect = banner.getByRole("button", { name: "Disconnect syncing" });
  if (!(await disconnect.isVisible())) return;
  await disconnect.click();
  await page.getByRole("alertdialog", { name: "Disconnect Google Calendar?" }).getByRole("button", { name: "Disconnect" }).click();
  await expect(banner).toContainText("Your calendar is not synced with Google Calendar");
}

/** Puts the signed-in admin's company on the shared FieldSync Google app, two-way, without emailing anyone. */
export async function useSharedGoogleApp(page: Page) {
  const response = await page.request.post("/api/trpc/integrations.save", {
    data: { json: { mode: "shared", syncDirection: "two_way", sendInvitations: false } },
  });
  expect(response.ok()).toBe(true);
}

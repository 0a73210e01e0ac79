import { expect, test } from "@playwright/test";
import { login } from "./helpers";

test.use({ viewport: { width: 1440, height: 900 } });
/** The screenshots looked at for issue 13 (copies live in docs/). */
const shots = process.env.SCREENSHOT_DIR ?? "test-results";

test.describe("the crew calendar reads well at desktop width", () => {
  test("the all-fieldworkers week shows readable event chips", async ({ page }) => {
    await login(page, "admin@acme.test");
    await page.getByRole("button", { name: "Week", exact: true }).click();
    await expect(page.locator(".rbc-event").first()).toBeVisible();
    await page.screenshot({ path: `${shots}/crew-week.png` });
    await page.getByRole("group", { name: "Layout" }).getByRole("button", { name: "By fieldworker" }).click();
    await expect(page.getByTestId("crew-week")).toBeVisible();
    await page.screenshot({ path: `${shots}/lanes-week.png` });
    await page.getByRole("button", { name: "Day", exact: true }).click();
    await expect(page.locator(".rbc-row-resource").first()).toBeVisible();
    await page.screenshot({ path: `${shots}/lanes-day.png` });
    await page.getByRole("button", { name: "Week", exact: true }).click();
    await page.getByRole("group", { name: "Layout" }).getByRole("button", { name: "Together" }).click();
    await page.locator(".rbc-event.fs-booking").first().click();
    await expect(page.getByTestId("event-preview")).toBeVisible();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${shots}/preview.png` });
  });
});

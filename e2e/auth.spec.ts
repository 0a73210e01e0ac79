import { expect, test } from "@playwright/test";
import { login } from "./helpers";

test.describe("signing in", () => {
  test("an admin signs in, sees the admin navigation and signs out", async ({ page }) => {
    await login(page, "admin@acme.test");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Fieldworkers" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Booking statuses" })).toBeVisible();
    await expect(page.getByTestId("signed-in-as")).toContainText("Admin");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/calendar");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a fieldworker sees only the calendar and their own profile", async ({ page }) => {
    await login(page, "maria@acme.test");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Calendar" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "My profile" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Fieldworkers" })).toHaveCount(0);
  });

  test("a wrong password is refused with a message", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email", { exact: true }).fill("admin@acme.test");
    await page.getByLabel("Password", { exact: true }).fill("not-the-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
  });
});

import { expect, test, type Browser, type Page } from "@playwright/test";

const PASSWORD = "fieldsync-demo";
const NO_ACCESS = "You don't have access to this page";

async function login(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/calendar");
}

/** The profile URL of a fieldworker, as an admin finds it on the list. */
async function profileUrlOf(browser: Browser, displayName: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, "admin@acme.test");
  await page.goto("/fieldworkers");
  const href = await page.getByRole("link", { name: displayName, exact: true }).getAttribute("href");
  await context.close();
  expect(href).toMatch(/^\/fieldworkers\/[0-9a-f-]{36}$/);
  return href!;
}

test.describe("admin pages", () => {
  test("an admin adds a booking status with the +, sets its Google flags and sees it listed", async ({ page }) => {
    const name = `On hold ${Date.now().toString(36)}`;
    await login(page, "admin@acme.test");
    await page.goto("/settings/booking-statuses");
    await expect(page.getByRole("heading", { name: "Booking statuses" })).toBeVisible();

    await page.getByRole("button", { name: "Add status" }).click();
    const dialog = page.getByRole("dialog", { name: "Add status" });
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByLabel("Colour").fill("#a855f7");
    await dialog.getByLabel("Description").fill("Waiting for parts");
    await dialog.getByRole("button", { name: "Add status" }).click();
    await expect(dialog).toBeHidden();

    const row = page.getByRole("listitem", { name });
    await expect(row).toBeVisible();
    await expect(row).toContainText("Waiting for parts");
    const push = row.getByRole("checkbox", { name: "Push to Google Calendar" });
    const remove = row.getByRole("checkbox", { name: "Delete from Google Calendar" });
    await expect(push).toBeChecked();
    await expect(remove).not.toBeChecked();

    await push.uncheck();
    await expect(push).toBeEnabled();
    await remove.check();
    await expect(remove).toBeEnabled();

    await page.reload();
    const saved = page.getByRole("listitem", { name });
    await expect(saved.getByRole("checkbox", { name: "Push to Google Calendar" })).not.toBeChecked();
    await expect(saved.getByRole("checkbox", { name: "Delete from Google Calendar" })).toBeChecked();
    // New statuses go to the end of the list.
    await expect(page.getByRole("listitem").last()).toHaveAccessibleName(name);

    // Leave the shared demo data as it was.
    await saved.getByRole("button", { name: `Delete ${name}` }).click();
    const confirm = page.getByRole("alertdialog");
    await confirm.getByRole("button", { name: "Delete status" }).click();
    // The open dialog hides the page from the accessibility tree: wait for it to close before counting.
    await expect(confirm).toBeHidden();
    await expect(page.getByText(`Deleted “${name}”`)).toBeVisible();
    await expect(page.getByRole("listitem", { name })).toHaveCount(0);
  });

  test("an admin edits the company settings", async ({ page }) => {
    await login(page, "admin@acme.test");
    await page.goto("/settings/company");
    const form = page.getByRole("form", { name: "Company settings" });
    const original = {
      name: await form.getByLabel("Company name").inputValue(),
      timeZone: await form.getByLabel("Time zone").inputValue(),
      currencyCode: await form.getByLabel("Currency code").inputValue(),
      currencySymbol: await form.getByLabel("Currency symbol").inputValue(),
    };

    await form.getByLabel("Company name").fill(`${original.name} & Gas`);
    await form.getByLabel("Time zone").selectOption("Australia/Melbourne");
    await form.getByLabel("Currency code").fill("nzd");
    await form.getByLabel("Currency symbol").fill("NZ$");
    await form.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Company settings saved")).toBeVisible();

    await page.reload();
    await expect(form.getByLabel("Company name")).toHaveValue(`${original.name} & Gas`);
    await expect(form.getByLabel("Time zone")).toHaveValue("Australia/Melbourne");
    await expect(form.getByLabel("Currency code")).toHaveValue("NZD");
    await expect(form.getByLabel("Currency symbol")).toHaveValue("NZ$");

    await form.getByLabel("Currency code").fill("ZZZ");
    await form.getByRole("button", { name: "Save settings" }).click();
    await expect(form.getByText(/Unknown currency code/)).toBeVisible();

    await form.getByLabel("Company name").fill(original.name);
    await form.getByLabel("Time zone").selectOption(original.timeZone);
    await form.getByLabel("Currency code").fill(original.currencyCode);
    await form.getByLabel("Currency symbol").fill(original.currencySymbol);
    await form.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Company settings saved")).toBeVisible();
  });

  test("an admin opens a fieldworker profile and finds the Actions menu", async ({ page }) => {
    await login(page, "admin@acme.test");
    await page.goto("/fieldworkers");
    await expect(page.getByRole("row").filter({ hasText: "Business calendar" })).toHaveCount(1);
    await page.getByRole("link", { name: "Tom Chen", exact: true }).click();

    await expect(page.getByRole("heading", { name: "Tom Chen", level: 1 })).toBeVisible();
    await expect(page.getByTestId("google-sync-status")).toHaveText("Not connected");
    await page.getByRole("button", { name: "Actions" }).click();
    const menu = page.getByRole("menu");
    await expect(menu.getByRole("menuitem", { name: "Edit profile" })).toBeVisible();
    await expect(menu.getByRole("menuitem", { name: "Deactivate" })).toBeVisible();
    await expect(menu.getByRole("menuitem", { name: "Send Google Calendar authorization email" })).toBeVisible();

    await menu.getByRole("menuitem", { name: "Edit profile" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit profile" });
    await expect(dialog.getByLabel("Email")).toHaveValue("tom@acme.test");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
  });

  test("an admin adds a customer with a property, then deletes them", async ({ page }) => {
    const name = `E2E Customer ${Date.now().toString(36)}`;
    await login(page, "admin@acme.test");
    await page.goto("/customers");
    await page.getByRole("button", { name: "+ Add customer" }).click();
    const dialog = page.getByRole("dialog", { name: "Add customer" });
    await dialog.getByLabel("Name", { exact: true }).fill(name);
    await dialog.getByLabel("Time zone").selectOption("Australia/Perth");
    await dialog.getByRole("button", { name: "+ Add property" }).click();
    await dialog.getByLabel("Property 1 name").fill("Gate code");
    await dialog.getByLabel("Property 1 value").fill("2468");
    await dialog.getByRole("button", { name: "Add customer" }).click();
    await expect(dialog).toBeHidden();

    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("Australia/Perth");
    await expect(row).toContainText("Gate code: 2468");
    await row.getByRole("button", { name: `Delete ${name}` }).click();
    const confirm = page.getByRole("alertdialog");
    await confirm.getByRole("button", { name: "Delete customer" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText(`Deleted ${name}`)).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
  });
});

test.describe("a fieldworker", () => {
  test("cannot open company settings, booking statuses or another fieldworker's profile", async ({ page, browser }) => {
    const tomProfile = await profileUrlOf(browser, "Tom Chen");
    const ownProfile = await profileUrlOf(browser, "Maria Garcia");
    await login(page, "maria@acme.test");

    for (const path of ["/settings/company", "/settings/booking-statuses", tomProfile]) {
      await page.goto(path);
      await expect(page.getByText(NO_ACCESS)).toBeVisible();
    }

    await page.goto(ownProfile);
    await expect(page.getByRole("heading", { name: "Maria Garcia", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "My profile" })).toHaveAttribute("href", ownProfile);
    await expect(page.getByRole("button", { name: "Actions" })).toHaveCount(0);
  });
});

import { expect, test, type Page } from "@playwright/test";
import { login, useSharedGoogleApp } from "./helpers";

/*
 * Keyboard use (issue #16, WCAG 2.1.1 / 2.4.3): Enter and Space open a calendar event, Escape closes a dialog from
 * anywhere inside it, and focus goes back to what opened a dialog when it closes.
 */

async function weekWithBookings(page: Page) {
  await page.getByRole("button", { name: "Week", exact: true }).click();
  await expect(page.getByTestId("calendar")).toHaveAttribute("aria-busy", "false");
  const chip = page.locator(".rbc-event.fs-booking").first();
  await expect(chip).toBeVisible();
  return chip;
}

test.describe("keyboard", () => {
  test.beforeEach(async ({ page }) => {
    await login(page, "admin@acme.test");
  });

  test("Enter opens an event's preview and it stays open; Escape closes it and focus returns to the event", async ({ page }) => {
    const chip = await weekWithBookings(page);
    await chip.focus();
    await page.keyboard.press("Enter");
    const preview = page.getByTestId("event-preview");
    await expect(preview).toBeVisible();
    // The address arrives in a second request: by then Enter's click on the preview's first button had closed it.
    await expect(preview.getByText("Loading…")).toHaveCount(0);
    await expect(preview).toBeVisible();

    await page.keyboard.press("Escape");
    await expect(preview).toBeHidden();
    await expect(chip).toBeFocused();
  });

  test("Space opens an event too; its dialog, opened from the preview, gives focus back to the event on close", async ({ page }) => {
    const chip = await weekWithBookings(page);
    await chip.focus();
    await page.keyboard.press("Space");
    await expect(page.getByTestId("event-preview")).toBeVisible();
    await page.getByRole("button", { name: "Edit", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Edit booking" });
    await expect(dialog.getByRole("form", { name: "Edit booking" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(chip).toBeFocused();
  });

  test("one Escape closes the booking dialog while a select's picker is open", async ({ page }) => {
    const opener = page.getByRole("button", { name: "New booking" });
    await opener.click();
    const dialog = page.getByRole("dialog", { name: "New booking" });
    // A click opens the browser's picker, which takes Escape's keydown for itself.
    await dialog.getByLabel("Status").click();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
  });

  test("the invitation dialog closes with Escape from inside the email preview and gives focus back to Actions", async ({ page }) => {
    await useSharedGoogleApp(page);
    await page.goto("/fieldworkers");
    await page.getByRole("link", { name: "Aisha Khan", exact: true }).click();
    const actions = page.getByRole("button", { name: "Actions" });
    await actions.click();
    await page.getByRole("menuitem", { name: /Google Calendar authorization email|reconnect link/ }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByTestId("invitation-recipient")).toHaveText("aisha@acme.test");
    await dialog.getByText("Preview the email").click();
    const email = page.frameLocator("iframe[title='Email preview']");
    await email.getByText("Grant permission").focus();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(actions).toBeFocused();
  });

  test("a confirmation gives focus back to the button that asked for it", async ({ page }) => {
    await page.goto("/settings/booking-statuses");
    const remove = page.getByRole("button", { name: /^Delete / }).first();
    await remove.click();
    const confirm = page.getByRole("alertdialog");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeHidden();
    await expect(remove).toBeFocused();
  });
});

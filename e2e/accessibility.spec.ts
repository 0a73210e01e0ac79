import { expect, test, type Page } from "@playwright/test";
import { AxeAudit, DESKTOP, PHONE } from "./a11y";
import { login, useSharedGoogleApp } from "./helpers";

/*
 * WCAG 2.2 AA (issue #16): axe over every page and dialog, as an admin and as a fieldworker, at desktop and phone
 * sizes. Each test walks one role's screens and fails once, listing every critical or serious finding.
 */

const CALENDAR_VIEWS = ["Month", "Week", "Day", "Agenda"] as const;

// Each test walks many screens; axe takes about a second per scan.
test.describe.configure({ timeout: 180_000 });

async function openCalendar(page: Page) {
  await page.goto("/calendar");
  await expect(page.getByTestId("calendar")).toBeVisible();
  await expect(page.getByTestId("calendar")).toHaveAttribute("aria-busy", "false");
}

/** Every calendar view the toolbar offers at this size (a phone may offer fewer). */
async function scanCalendarViews(page: Page, audit: AxeAudit, who: string) {
  const toolbar = page.locator(".rbc-toolbar");
  for (const view of CALENDAR_VIEWS) {
    const button = toolbar.getByRole("button", { name: view, exact: true });
    if ((await button.count()) === 0) continue;
    await button.click();
    await expect(page.getByTestId("calendar")).toHaveAttribute("aria-busy", "false");
    await audit.scan(`${who} calendar ${view}`);
  }
}

async function closeDialog(page: Page) {
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
}

/** Opens the first booking's preview (the week or day view shows the seeded jobs), scans it, then its dialog. */
async function scanEventPreviewAndDialog(page: Page, audit: AxeAudit, who: string, openLabel: "Edit" | "Details") {
  const chip = page.locator(".rbc-event.fs-booking").first();
  if ((await chip.count()) === 0) return;
  await chip.click();
  const preview = page.getByTestId("event-preview");
  await expect(preview).toBeVisible();
  await audit.scan(`${who} event preview`);
  await page.getByRole("button", { name: openLabel, exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText("Loading booking…")).toHaveCount(0);
  await audit.scan(`${who} booking dialog`);
  await closeDialog(page);
}

for (const [size, viewport] of [
  ["desktop", DESKTOP],
  ["phone", PHONE],
] as const) {
  test.describe(`accessibility at ${size} size (${viewport.width}×${viewport.height})`, () => {
    test.use({ viewport });

    test(`an admin's pages and dialogs have no critical or serious axe violation (${size})`, async ({ page }) => {
      const audit = new AxeAudit(page);
      await page.goto("/login");
      await audit.scan("login");
      await login(page, "admin@acme.test");
      await useSharedGoogleApp(page);

      await openCalendar(page);
      await scanCalendarViews(page, audit, "admin");
      const week = page.locator(".rbc-toolbar").getByRole("button", { name: "Week", exact: true });
      if ((await week.count()) > 0) {
        await week.click();
        await page.getByRole("button", { name: "By fieldworker" }).click();
        await expect(page.getByTestId("crew-week")).toBeVisible();
        await audit.scan("admin calendar crew week");
        await page.getByRole("button", { name: "Together" }).click();
      } else {
        await page.locator(".rbc-toolbar").getByRole("button", { name: "Day", exact: true }).click();
      }
      await scanEventPreviewAndDialog(page, audit, "admin", "Edit");

      await page.getByRole("button", { name: "New booking" }).click();
      await expect(page.getByRole("dialog", { name: "New booking" })).toBeVisible();
      await audit.scan("admin new booking dialog");
      await page.getByRole("button", { name: "Add an unavailable block" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await audit.scan("admin unavailable dialog");
      await closeDialog(page);

      await page.getByRole("button", { name: /Filters/ }).click();
      await expect(page.getByRole("dialog", { name: "Filter by fieldworker" })).toBeVisible();
      await audit.scan("admin filters popover");
      await page.keyboard.press("Escape");

      await page.getByRole("button", { name: "Customize display calendar" }).click();
      await expect(page.getByRole("dialog", { name: /calendar/i })).toBeVisible();
      await audit.scan("admin customize calendars dialog");
      await closeDialog(page);

      await page.goto("/fieldworkers");
      await expect(page.getByRole("link", { name: "Maria Garcia", exact: true })).toBeVisible();
      await audit.scan("admin fieldworkers");
      await page.getByRole("button", { name: /Add fieldworker/ }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await audit.scan("admin add fieldworker dialog");
      await closeDialog(page);

      await page.getByRole("link", { name: "Maria Garcia", exact: true }).click();
      await expect(page.getByRole("heading", { name: "Maria Garcia", level: 1 })).toBeVisible();
      await expect(page.getByTestId("google-sync-status")).toBeVisible();
      await audit.scan("admin fieldworker profile");
      await page.getByRole("button", { name: "Actions" }).click();
      await expect(page.getByRole("menu")).toBeVisible();
      await audit.scan("admin profile actions menu");
      await page.getByRole("menuitem", { name: "Edit profile" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await audit.scan("admin edit fieldworker dialog");
      await closeDialog(page);
      await page.getByRole("button", { name: "Actions" }).click();
      await page.getByRole("menuitem", { name: /Google Calendar authorization email|reconnect link/ }).click();
      const invitation = page.getByRole("dialog");
      await expect(invitation.getByTestId("invitation-recipient")).toBeVisible();
      await invitation.getByText("Preview the email").click();
      await audit.scan("admin invitation dialog");
      await closeDialog(page);
      await page.getByRole("button", { name: "Actions" }).click();
      await page.getByRole("menuitem", { name: "Deactivate" }).click();
      await expect(page.getByRole("alertdialog")).toBeVisible();
      await audit.scan("admin deactivate confirmation");
      await page.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();

      await page.goto("/customers");
      await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();
      await audit.scan("admin customers");
      await page.getByRole("button", { name: /Add customer/ }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await audit.scan("admin add customer dialog");
      await closeDialog(page);

      await page.goto("/settings/company");
      await expect(page.getByRole("form", { name: "Company settings" })).toBeVisible();
      await audit.scan("admin company settings");

      await page.goto("/settings/booking-statuses");
      await expect(page.getByRole("listitem").first()).toBeVisible();
      await audit.scan("admin booking statuses");
      await page.getByRole("button", { name: "Add status" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await audit.scan("admin add status dialog");
      await closeDialog(page);

      await page.goto("/settings/integrations");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await audit.scan("admin integrations");

      await page.goto("/conflicts");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await audit.scan("admin conflicts");

      audit.expectClean();
    });

    test(`a fieldworker's pages and dialogs have no critical or serious axe violation (${size})`, async ({ page }) => {
      const audit = new AxeAudit(page);
      await login(page, "admin@acme.test");
      await useSharedGoogleApp(page);
      await page.context().clearCookies();
      await login(page, "maria@acme.test");

      await openCalendar(page);
      await expect(page.getByRole("region", { name: "Google Calendar sync" })).toBeVisible();
      await scanCalendarViews(page, audit, "fieldworker");
      const week = page.locator(".rbc-toolbar").getByRole("button", { name: "Week", exact: true });
      if ((await week.count()) > 0) await week.click();
      await scanEventPreviewAndDialog(page, audit, "fieldworker", "Details");

      await page.getByRole("button", { name: "Add unavailable time" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await audit.scan("fieldworker unavailable dialog");
      await closeDialog(page);

      const menu = page.getByRole("button", { name: /Menu/ });
      if (await menu.isVisible()) {
        await menu.click();
        await audit.scan("fieldworker navigation menu");
      }
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My profile" }).click();
      await expect(page.getByRole("heading", { name: "Maria Garcia", level: 1 })).toBeVisible();
      await expect(page.getByTestId("google-sync-status")).toBeVisible();
      await audit.scan("fieldworker profile");

      audit.expectClean();
    });
  });
}

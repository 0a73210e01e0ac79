import { expect, test, type Page } from "@playwright/test";
import { AxeAudit, horizontalOverflow, PHONE } from "./a11y";
import { disconnectGoogleIfConnected, login, useSharedGoogleApp } from "./helpers";

/*
 * Phone-first screens (issue #16): nothing scrolls sideways at 320 or 390 px, the app bar folds into a menu, the
 * calendar header leaves the screen to the grid, and a fieldworker connects and disconnects Google from a phone.
 */

const ADMIN_PAGES = ["/calendar", "/fieldworkers", "/customers", "/settings/company", "/settings/booking-statuses", "/settings/integrations", "/conflicts"];

/** The calendar's grid (day or agenda view on a phone). */
function grid(page: Page) {
  return page.locator(".rbc-time-view, .rbc-agenda-view").first();
}

async function expectNoSidewaysScroll(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  if (path === "/calendar") await expect(grid(page)).toBeVisible();
  expect(await horizontalOverflow(page), `${path} at ${page.viewportSize()?.width} px`).toBe(0);
}

async function openMenu(page: Page) {
  const menu = page.getByRole("button", { name: /Menu/ });
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
}

for (const width of [320, 390]) {
  test.describe(`at ${width} px wide`, () => {
    test.use({ viewport: { width, height: 740 } });

    test(`no page scrolls sideways at ${width} px, for an admin or a fieldworker`, async ({ page }) => {
      await page.goto("/login");
      await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
      expect(await horizontalOverflow(page), "login").toBe(0);
      await login(page, "admin@acme.test");
      for (const path of ADMIN_PAGES) await expectNoSidewaysScroll(page, path);
      await page.goto("/fieldworkers");
      await page.getByRole("link", { name: "Maria Garcia", exact: true }).click();
      await expect(page.getByRole("heading", { name: "Maria Garcia", level: 1 })).toBeVisible();
      expect(await horizontalOverflow(page), "admin's view of a profile").toBe(0);

      await page.context().clearCookies();
      await login(page, "maria@acme.test");
      await expectNoSidewaysScroll(page, "/calendar");
      await page.locator(".rbc-toolbar").getByRole("button", { name: "Agenda", exact: true }).click();
      await expect(page.locator(".rbc-agenda-view")).toBeVisible();
      expect(await horizontalOverflow(page), "agenda").toBe(0);
      // The agenda's event column is inside the card, not cut off at its edge.
      const card = await page.getByTestId("calendar").boundingBox();
      const firstEvent = page.locator(".rbc-agenda-event-cell").first();
      if ((await firstEvent.count()) > 0) {
        const cell = await firstEvent.boundingBox();
        expect(cell!.x + cell!.width).toBeLessThanOrEqual(card!.x + card!.width);
      }
      await openMenu(page);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My profile" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await horizontalOverflow(page), "own profile").toBe(0);
    });
  });
}

test.describe("on a phone (390×844)", () => {
  test.use({ viewport: PHONE });

  test.afterAll(async ({ browser }) => {
    // Other journeys expect Maria unconnected, whatever happened in the journey below.
    const page = await browser.newPage();
    await login(page, "maria@acme.test");
    await disconnectGoogleIfConnected(page);
    await page.close();
  });

  test("the admin's navigation folds into a menu that opens, lists every page and closes on navigation", async ({ page }) => {
    await login(page, "admin@acme.test");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeHidden();
    const header = await page.getByRole("banner").boundingBox();
    expect(header!.height).toBeLessThanOrEqual(60);

    await openMenu(page);
    for (const label of ["Calendar", "Fieldworkers", "Customers", "Company", "Booking statuses", "Integrations"]) {
      const link = nav.getByRole("link", { name: label, exact: true });
      await expect(link).toBeVisible();
      const box = await link.boundingBox();
      expect(box!.height, `${label} is a touch target`).toBeGreaterThanOrEqual(24);
    }
    await nav.getByRole("link", { name: "Customers", exact: true }).click();
    await expect(page).toHaveURL(/\/customers$/);
    await expect(nav).toBeHidden();

    await openMenu(page);
    await page.keyboard.press("Escape");
    await expect(nav).toBeHidden();
  });

  test("the calendar offers day and agenda views on a phone, day first", async ({ page }) => {
    await login(page, "admin@acme.test");
    const toolbar = page.locator(".rbc-toolbar");
    await expect(toolbar.getByRole("button", { name: "Day", exact: true })).toHaveClass(/rbc-active/);
    await expect(toolbar.getByRole("button", { name: "Agenda", exact: true })).toBeVisible();
    await expect(toolbar.getByRole("button", { name: "Week", exact: true })).toHaveCount(0);
    await expect(toolbar.getByRole("button", { name: "Month", exact: true })).toHaveCount(0);
  });

  test("a fieldworker connects Google on a phone, sees the banner, reads the sync log and disconnects", async ({ page }) => {
    await login(page, "admin@acme.test");
    await useSharedGoogleApp(page);
    await page.context().clearCookies();
    await login(page, "maria@acme.test");
    await disconnectGoogleIfConnected(page);

    const banner = page.getByRole("region", { name: "Google Calendar sync" });
    // An earlier journey may have left Maria's grant with another Google app (the roll-out's private one): then the
    // banner offers "Reconnect" instead, which leads through the same consent.
    await banner.getByRole("link", { name: /^(Sync calendar|Reconnect)$/ }).click();
    await expect(page.getByRole("heading", { name: "Sign in with Google" })).toBeVisible();
    await page.getByLabel("Use another account").check();
    await page.getByLabel("Email", { exact: true }).fill("maria.garcia@gmail.com");
    await page.getByRole("button", { name: "Allow", exact: true }).click();
    await expect(page).toHaveURL(/\/calendar/);
    await expect(banner).toContainText("Synced with maria.garcia@gmail.com");
    await expect(grid(page)).toBeVisible();

    // The banner and the calendar's actions leave the screen to the grid: at most ~150 px above it, once the
    // first sync's progress note has gone.
    await expect(banner).not.toContainText("Syncing", { timeout: 30_000 });
    const audit = new AxeAudit(page);
    await audit.scan("connected fieldworker's calendar (phone)");
    const bannerTop = (await banner.boundingBox())!.y;
    const gridTop = (await grid(page).boundingBox())!.y;
    expect(gridTop - bannerTop).toBeLessThanOrEqual(150);
    expect(await horizontalOverflow(page)).toBe(0);

    await openMenu(page);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My profile" }).click();
    await expect(page.getByRole("heading", { name: "Sync log" })).toBeVisible();
    // A stacked list on a phone, not a four-column table.
    await expect(page.getByRole("list", { name: "Sync log entries" }).getByTestId("sync-log-entry").first()).toBeVisible();
    await expect(page.getByRole("table")).toHaveCount(0);
    expect(await horizontalOverflow(page)).toBe(0);
    await audit.scan("connected fieldworker's profile (phone)");

    await page.goto("/calendar");
    const disconnect = banner.getByRole("button", { name: "Disconnect syncing" });
    await disconnect.click();
    const confirm = page.getByRole("alertdialog", { name: "Disconnect Google Calendar?" });
    await audit.scan("disconnect confirmation (phone)");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeHidden();
    await expect(disconnect).toBeFocused();

    await disconnect.click();
    await confirm.getByRole("button", { name: "Disconnect" }).click();
    await expect(banner).toContainText("Your calendar is not synced with Google Calendar");
    audit.expectClean();
  });
});

import { TZDate } from "@date-fns/tz";
import { expect, test } from "@playwright/test";
import { controlClient } from "../emulator/control-client";
import { disconnectGoogleIfConnected, login, useSharedGoogleApp } from "./helpers";

/*
 * The two-way sync as people see it: a fieldworker connects Google, an event they add in Google shows on
 * the FieldSync calendar by itself (push notification → pull → the page's live update), they choose which
 * calendars FieldSync shows, and an admin booking over that event is warned. The browser runs in UTC on
 * purpose (see calendar.spec.ts): the calendar always shows company (Sydney) time.
 */
test.use({ timezoneId: "UTC", viewport: { width: 1280, height: 900 } });

const emulatorUrl = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4010}`;
const control = controlClient(emulatorUrl);
const COMPANY_TZ = "Australia/Sydney";
/** The open calendar hears a change within about a second (live updates); a loaded CI machine gets slack. */
const APPEARS_WITHIN_MS = 15_000;

/** Today's date in Sydney: always inside the week view the calendar opens on. */
function sydneyToday(): { y: number; m: number; d: number; iso: string } {
  const now = new TZDate(Date.now(), COMPANY_TZ);
  const [y, m, d] = [now.getFullYear(), now.getMonth(), now.getDate()];
  return { y, m, d, iso: `${y}-${String(m + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}` };
}

test.describe("Google Calendar events on the FieldSync calendar", () => {
  // Unique per run: the emulator may outlive a run, and its Google users with it.
  const googleEmail = `aisha.khan.${Date.now()}@gmail.com`;
  const summary = `Physio appointment ${Date.now() % 100_000}`;

  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage();
    await login(page, "admin@acme.test");
    await useSharedGoogleApp(page);
    await page.close();
  });

  test.afterAll(async ({ browser }) => {
    // Other journeys expect Aisha unconnected, whatever happened above.
    const page = await browser.newPage();
    await login(page, "aisha@acme.test");
    await disconnectGoogleIfConnected(page);
    await page.close();
  });

  test("a Google event appears without a reload, Customize display calendar hides and shows it, and an admin booking over it is warned", async ({ page, browser }) => {
    // Several Google round trips in one journey.
    test.setTimeout(120_000);
    await login(page, "aisha@acme.test");
    const banner = page.getByRole("region", { name: "Google Calendar sync" });
    await banner.getByRole("link", { name: "Sync calendar" }).click();
    await expect(page.getByRole("heading", { name: "Sign in with Google" })).toBeVisible();
    await page.getByLabel("Use another account").check();
    await page.getByLabel("Email", { exact: true }).fill(googleEmail);
    await page.getByRole("button", { name: "Allow", exact: true }).click();
    await expect(page).toHaveURL(/\/calendar/);
    await expect(banner).toContainText(`Synced with ${googleEmail}`);

    // Aisha adds an evening appointment in Google (the seed books jobs 07:00–17:30).
    const today = sydneyToday();
    const start = new TZDate(today.y, today.m, today.d, 19, 0, 0, COMPANY_TZ);
    const end = new TZDate(today.y, today.m, today.d, 20, 0, 0, COMPANY_TZ);
    await control.createEvent(googleEmail, googleEmail, {
      summary,
      location: "Bondi Physio, 1 Campbell Pde",
      start: { dateTime: new Date(start.getTime()).toISOString() },
      end: { dateTime: new Date(end.getTime()).toISOString() },
    });

    const imported = page.locator(".rbc-event", { hasText: summary });
    await expect(imported).toBeVisible({ timeout: APPEARS_WITHIN_MS });
    await expect(page.getByTestId("last-synced")).toContainText(/Last synced .* ago/);
    await expect(imported).toHaveClass(/fs-google/);
    await imported.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test-results/google-sync-calendar.png" });

    // Read-only: a click opens the details with the way back to Google, not the edit form.
    await imported.click();
    const details = page.getByRole("dialog", { name: summary });
    await expect(details).toContainText("7:00 pm – 8:00 pm");
    await expect(details).toContainText(googleEmail);
    await expect(details).toContainText("Bondi Physio");
    await expect(details.getByRole("link", { name: /Open in Google Calendar/ })).toHaveAttribute("href", /^https?:\/\//);
    await page.screenshot({ path: "test-results/google-sync-event-dialog.png" });
    await details.getByRole("button", { name: "Close", exact: true }).first().click();
    await expect(details).toBeHidden();

    // Customize display calendar: untick the primary calendar → its events leave FieldSync.
    await page.getByRole("button", { name: "Customize display calendar" }).click();
    const customize = page.getByRole("dialog", { name: "Customize display calendar" });
    const primary = customize.getByRole("group", { name: googleEmail });
    await expect(primary.getByRole("checkbox", { name: "Show in FieldSync" })).toBeChecked();
    await expect(primary.getByRole("radio", { name: "Event details" })).toBeChecked();
    await page.screenshot({ path: "test-results/google-sync-customize.png" });
    await primary.getByRole("checkbox", { name: "Show in FieldSync" }).uncheck();
    await expect(primary.getByRole("radio", { name: "Busy only" })).toBeHidden();
    await customize.getByRole("button", { name: "Save" }).click();
    await expect(customize).toBeHidden();
    await expect(imported).toBeHidden({ timeout: APPEARS_WITHIN_MS });

    // …and ticking it again imports them again.
    await page.getByRole("button", { name: "Customize display calendar" }).click();
    await expect(primary.getByRole("checkbox", { name: "Show in FieldSync" })).not.toBeChecked();
    await primary.getByRole("checkbox", { name: "Show in FieldSync" }).check();
    await customize.getByRole("button", { name: "Save" }).click();
    await expect(customize).toBeHidden();
    await expect(imported).toBeVisible({ timeout: APPEARS_WITHIN_MS });

    // An admin booking Aisha over that hour is warned, and may still go ahead.
    const adminContext = await browser.newContext({ timezoneId: "UTC", viewport: { width: 1280, height: 900 } });
    const adminPage = await adminContext.newPage();
    await login(adminPage, "admin@acme.test");
    await adminPage.getByRole("button", { name: "New booking" }).click();
    const form = adminPage.getByRole("dialog", { name: "New booking" });
    await form.getByLabel("Start", { exact: true }).fill(`${today.iso}T19:30`);
    await form.getByLabel("End", { exact: true }).fill(`${today.iso}T20:30`);
    await form.getByRole("checkbox", { name: "Aisha Khan" }).check();
    const warning = form.getByRole("status").filter({ hasText: "busy in Google Calendar" });
    await expect(warning).toContainText(`Aisha Khan is busy in Google Calendar 19:00–20:00 (${summary})`);
    await expect(warning).toContainText("You can still save the booking.");
    await expect(form.getByRole("button", { name: "Create booking" })).toBeEnabled();
    await adminPage.screenshot({ path: "test-results/google-sync-double-booking.png" });
    // Moving the booking clear of it clears the warning.
    await form.getByLabel("Start", { exact: true }).fill(`${today.iso}T20:00`);
    await form.getByLabel("End", { exact: true }).fill(`${today.iso}T21:00`);
    await expect(warning).toHaveCount(0);

    // Saved with a pushed status, the booking lands in Aisha's company calendar with its details.
    const service = `Hot water service ${Date.now() % 100_000}`;
    await form.getByLabel("Customer", { exact: true }).selectOption({ label: "Liam Nguyen (Nguyen Bakery)" });
    await form.getByLabel("Status", { exact: true }).selectOption({ label: "Confirmed" });
    await form.getByLabel("Service name", { exact: true }).fill(service);
    await form.getByLabel("Amount ($)").fill("245.50");
    await form.getByLabel("Suburb", { exact: true }).fill("Surry Hills");
    await form.getByLabel("Address 1").fill("88 Crown St, Surry Hills NSW 2010");
    await form.getByRole("button", { name: "Create booking" }).click();
    await expect(form).toBeHidden();
    await expect
      .poll(
        async () => {
          const state = (await control.state()) as { events?: { event: { summary?: string; description?: string; location?: string } }[] };
          return state.events?.find((e) => e.event.summary?.includes(service))?.event ?? null;
        },
        { timeout: APPEARS_WITHIN_MS },
      )
      .toMatchObject({
        summary: `[Confirmed] ${service} — Nguyen Bakery, Surry Hills`,
        location: "88 Crown St, Surry Hills NSW 2010",
        description: expect.stringContaining("Aisha Khan"),
      });

    // The admin's side of "Customize display calendar": the calendars fieldworkers share, by fieldworker.
    await adminPage.getByRole("button", { name: "Customize display calendar" }).click();
    const adminCustomize = adminPage.getByRole("dialog", { name: "Customize display calendar" });
    const aishaCalendars = adminCustomize.getByRole("region", { name: "Aisha Khan" });
    await expect(aishaCalendars.getByRole("group", { name: googleEmail }).getByRole("checkbox", { name: "Display" })).toBeChecked();
    await adminPage.screenshot({ path: "test-results/google-sync-admin-customize.png" });
    await adminContext.close();

    // The profile shows what the sync did.
    await page.getByRole("link", { name: "My profile" }).click();
    const log = page.getByRole("region", { name: "Sync log" });
    await expect(log.getByRole("row", { name: /First sync/ })).toBeVisible({ timeout: APPEARS_WITHIN_MS });
    await expect(page.getByText("Watch channel expires")).toBeVisible();
    await page.screenshot({ path: "test-results/google-sync-profile.png", fullPage: true });

    await page.goto("/calendar");
    await disconnectGoogleIfConnected(page);
  });
});

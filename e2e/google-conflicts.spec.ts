import { TZDate } from "@date-fns/tz";
import { expect, test } from "@playwright/test";
import { controlClient } from "../emulator/control-client";
import { disconnectGoogleIfConnected, login, useSharedGoogleApp } from "./helpers";

/*
 * What happens in Google shows where people look. A booking's event deleted in Google: the booking carries a
 * "Not in Google" mark on the calendar, its dialog offers "Re-create in Google" / "Accept deletion", and admins
 * see a count of open conflicts in the navigation. A calendar the fieldworker creates in Google after
 * connecting is offered in "Customize display calendar" as soon as it opens.
 */
test.use({ timezoneId: "UTC", viewport: { width: 1280, height: 900 } });

const emulatorUrl = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4010}`;
const control = controlClient(emulatorUrl);
const COMPANY_TZ = "Australia/Sydney";
// The open calendar hears a change within about a second (live updates); a loaded machine gets slack.
const APPEARS_WITHIN_MS = 15_000;
/** "Customize display calendar" re-reads a Google account's calendar list at most once a minute. */
const LIST_REFRESH_LIMIT_MS = 60_000;

function sydneyToday(): { y: number; m: number; d: number; iso: string } {
  const now = new TZDate(Date.now(), COMPANY_TZ);
  const [y, m, d] = [now.getFullYear(), now.getMonth(), now.getDate()];
  return { y, m, d, iso: `${y}-${String(m + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}` };
}

type StateEvent = { calendarId: string; event: { id?: string; summary?: string; status?: string } };
async function googleEventOf(summaryPart: string): Promise<StateEvent | null> {
  const state = (await control.state()) as { events?: StateEvent[] };
  return state.events?.find((e) => e.event.summary?.includes(summaryPart) && e.event.status !== "cancelled") ?? null;
}

test.describe("Google changes where people look", () => {
  // The second journey uses the connection the first one makes.
  test.describe.configure({ mode: "serial" });
  const googleEmail = `ben.oconnor.${Date.now()}@gmail.com`;
  const service = `Gas fitting ${Date.now() % 100_000}`;
  let connectedAt = 0;

  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage();
    await login(page, "admin@acme.test");
    await useSharedGoogleApp(page);
    await page.close();
  });

  test.afterAll(async ({ browser }) => {
    const page = await browser.newPage();
    await login(page, "ben@acme.test");
    await disconnectGoogleIfConnected(page);
    await page.close();
  });

  test("a booking deleted in Google is marked on the calendar, counted for admins, and re-created from its dialog", async ({ page, browser }) => {
    test.setTimeout(240_000);
    await login(page, "ben@acme.test");
    const banner = page.getByRole("region", { name: "Google Calendar sync" });
    await banner.getByRole("link", { name: "Sync calendar" }).click();
    await page.getByLabel("Use another account").check();
    await page.getByLabel("Email", { exact: true }).fill(googleEmail);
    await page.getByRole("button", { name: "Allow", exact: true }).click();
    await expect(banner).toContainText(`Synced with ${googleEmail}`);
    connectedAt = Date.now();

    // The admin books Ben this evening with a status that goes to Google.
    const adminContext = await browser.newContext({ timezoneId: "UTC", viewport: { width: 1280, height: 900 } });
    const admin = await adminContext.newPage();
    await login(admin, "admin@acme.test");
    const today = sydneyToday();
    await admin.getByRole("button", { name: "New booking" }).click();
    const form = admin.getByRole("dialog", { name: "New booking" });
    await form.getByLabel("Start", { exact: true }).fill(`${today.iso}T18:00`);
    await form.getByLabel("End", { exact: true }).fill(`${today.iso}T19:00`);
    await form.getByRole("checkbox", { name: "Ben O'Connor" }).check();
    await form.getByLabel("Customer", { exact: true }).selectOption({ label: "Liam Nguyen (Nguyen Bakery)" });
    await form.getByLabel("Status", { exact: true }).selectOption({ label: "Confirmed" });
    await form.getByLabel("Service name", { exact: true }).fill(service);
    await form.getByLabel("Suburb", { exact: true }).fill("Surry Hills");
    await form.getByRole("button", { name: "Create booking" }).click();
    await expect(form).toBeHidden();
    await expect.poll(() => googleEventOf(service), { timeout: APPEARS_WITHIN_MS }).not.toBeNull();

    // Ben deletes it in Google Calendar.
    const inGoogle = (await googleEventOf(service))!;
    await control.deleteEvent(googleEmail, inGoogle.calendarId, inGoogle.event.id!);

    // The calendar marks the booking; the navigation counts the conflict.
    const booking = admin.locator(".rbc-event", { hasText: service });
    const mark = booking.getByRole("img", { name: "Not in Google Calendar" });
    await expect(mark).toBeVisible({ timeout: APPEARS_WITHIN_MS });
    await admin.reload();
    const navCount = admin.getByRole("link", { name: "Conflicts: 1 open" });
    await expect(navCount).toBeVisible();
    await expect(mark).toBeVisible();
    await booking.scrollIntoViewIfNeeded();
    await admin.screenshot({ path: "docs/conflict-mark.png" });

    // Ben's own calendar shows the mark too.
    await expect(page.locator(".rbc-event", { hasText: service }).getByRole("img", { name: "Not in Google Calendar" })).toBeVisible({ timeout: APPEARS_WITHIN_MS });

    // The nav link leads to where an admin can act.
    await navCount.click();
    await expect(admin.getByRole("heading", { name: "Google Calendar conflicts" })).toBeVisible();
    await expect(admin.getByRole("listitem", { name: new RegExp(`${service}.*deleted in Ben O'Connor's Google Calendar`) })).toBeVisible();
    await admin.screenshot({ path: "docs/conflicts-page.png" });

    // The booking's dialog shows the conflict with its two actions; re-create puts the event back.
    await admin.getByRole("link", { name: "Calendar", exact: true }).click();
    // A click shows the quick preview; its Edit opens the booking's dialog.
    await booking.click();
    await admin.getByRole("dialog", { name: `${service} preview` }).getByRole("button", { name: "Edit" }).click();
    const dialog = admin.getByRole("dialog", { name: "Edit booking" });
    const conflict = dialog.getByRole("region", { name: "Not in Google Calendar" });
    await expect(conflict.getByRole("button", { name: "Re-create in Google" })).toBeVisible();
    await expect(conflict.getByRole("button", { name: "Accept deletion" })).toBeVisible();
    await admin.screenshot({ path: "docs/conflict-dialog.png" });
    await conflict.getByRole("button", { name: "Re-create in Google" }).click();
    await expect(conflict).toBeHidden();
    await dialog.getByRole("button", { name: "Close", exact: true }).first().click();
    await expect(mark).toBeHidden();
    await expect(navCount).toBeHidden();
    await expect.poll(() => googleEventOf(service), { timeout: APPEARS_WITHIN_MS }).not.toBeNull();
    await adminContext.close();
  });

  test("a calendar created in Google after connecting is offered as soon as Customize display calendar opens", async ({ page }) => {
    test.setTimeout(180_000);
    await login(page, "ben@acme.test");
    await expect(page.getByRole("region", { name: "Google Calendar sync" })).toContainText(`Synced with ${googleEmail}`);
    const created = await control.createCalendar(googleEmail, { summary: "Side jobs", timeZone: COMPANY_TZ });
    // Connecting read the list: the dialog re-reads it once that is a minute old.
    const wait = connectedAt + LIST_REFRESH_LIMIT_MS + 1_000 - Date.now();
    if (wait > 0) await page.waitForTimeout(wait);

    await page.getByRole("button", { name: "Customize display calendar" }).click();
    const customize = page.getByRole("dialog", { name: "Customize display calendar" });
    const sideJobs = customize.getByRole("group", { name: "Side jobs" });
    await expect(sideJobs).toBeVisible({ timeout: 10_000 });
    await expect(sideJobs.getByRole("checkbox", { name: "Show in FieldSync" })).toBeChecked();
    await page.screenshot({ path: "docs/calendar-list-refresh.png" });
    await customize.getByRole("button", { name: "Cancel" }).click();
    await control.deleteCalendar(googleEmail, created.id);
  });
});

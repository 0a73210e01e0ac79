import { TZDate } from "@date-fns/tz";
import { expect, test, type Page } from "@playwright/test";
import { controlClient } from "../emulator/control-client";
import { disconnectGoogleIfConnected, login, useSharedGoogleApp } from "./helpers";

/*
 * The open calendar is live (issue #16): a change made in Google, or by another person in FieldSync, shows on a
 * calendar that is already open, without a reload and without waiting for a poll. The page streams the
 * company's calendar version (server-sent events) and refetches only when it moves. Each journey marks the
 * window first: a reload would lose the mark. The browser runs in UTC on purpose (see calendar.spec.ts).
 */
test.use({ timezoneId: "UTC", viewport: { width: 1280, height: 900 } });

const emulatorUrl = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4010}`;
const control = controlClient(emulatorUrl);
const COMPANY_TZ = "Australia/Sydney";

/** Today's date in Sydney: always inside the week view the calendar opens on. */
function sydneyToday() {
  const now = new TZDate(Date.now(), COMPANY_TZ);
  const [y, m, d] = [now.getFullYear(), now.getMonth(), now.getDate()];
  return { y, m, d, iso: `${y}-${String(m + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}` };
}

/** Today in Sydney at `hour`:`minute`, as the ISO instant Google takes. */
function sydneyAt(hour: number, minute = 0): string {
  const { y, m, d } = sydneyToday();
  return new Date(new TZDate(y, m, d, hour, minute, 0, COMPANY_TZ).getTime()).toISOString();
}

/** The page's live channel: a server-sent event stream of the company's calendar version. */
const liveStream = (page: Page) =>
  page.waitForResponse((response) => response.url().includes("calendar.changes") && (response.headers()["content-type"] ?? "").startsWith("text/event-stream"));

async function openCalendarAndMark(page: Page, stream: ReturnType<typeof liveStream>) {
  await expect(page.locator(".rbc-time-view").first()).toBeVisible();
  expect((await stream).ok()).toBe(true);
  await expect(page.getByTestId("calendar-loading")).toHaveCount(0);
  await page.evaluate(() => Object.assign(window, { fieldsyncNotReloaded: true }));
}
const stillSamePage = (page: Page) => page.evaluate(() => "fieldsyncNotReloaded" in window);

test("the calendar grid shows a loading state until its first range arrives", async ({ page }) => {
  // Hold the first range answer back, so the state in between can be seen.
  let release = () => undefined as void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/api\/trpc\/[^?]*calendar\.range/, async (route) => {
    await held;
    await route.continue();
  });
  await login(page, "maria@acme.test");
  const loading = page.getByTestId("calendar").getByRole("status");
  await expect(loading).toHaveText("Loading calendar…");
  release();
  await expect(loading).toHaveCount(0);
  await expect(page.getByTestId("calendar")).toHaveAttribute("aria-busy", "false");
});

test.describe("the live calendar", () => {
  const googleEmail = `tom.live.${Date.now()}@gmail.com`;

  test.afterAll(async ({ browser }) => {
    // Other journeys expect Tom unconnected, whatever happened here.
    const page = await browser.newPage();
    await login(page, "tom@acme.test");
    await disconnectGoogleIfConnected(page);
    await page.close();
  });

  test("an event added and then renamed in Google shows on the open calendar without a reload", async ({ page, browser }) => {
    const admin = await browser.newPage();
    await login(admin, "admin@acme.test");
    await useSharedGoogleApp(admin);
    await admin.close();

    const stream = liveStream(page);
    await login(page, "tom@acme.test");
    const banner = page.getByRole("region", { name: "Google Calendar sync" });
    await banner.getByRole("link", { name: "Sync calendar" }).click();
    await page.getByLabel("Use another account").check();
    await page.getByLabel("Email", { exact: true }).fill(googleEmail);
    await page.getByRole("button", { name: "Allow", exact: true }).click();
    await expect(page).toHaveURL(/\/calendar/);
    await expect(banner).toContainText(`Synced with ${googleEmail}`);
    await openCalendarAndMark(page, stream);

    const summary = `Plumbers' union meeting ${Date.now() % 100_000}`;
    const created = await control.createEvent(googleEmail, googleEmail, {
      summary,
      start: { dateTime: sydneyAt(19) },
      end: { dateTime: sydneyAt(20) },
    });
    await expect(page.locator(".rbc-event.fs-google", { hasText: summary })).toBeVisible();

    const renamed = `${summary} (moved online)`;
    await control.patchEvent(googleEmail, googleEmail, created.id!, { summary: renamed });
    await expect(page.locator(".rbc-event.fs-google", { hasText: renamed })).toBeVisible();
    expect(await stillSamePage(page)).toBe(true);
  });

  test("a booking an admin creates and deletes in another browser shows on a fieldworker's open calendar without a reload", async ({ page, browser }) => {
    const stream = liveStream(page);
    await login(page, "maria@acme.test");
    await openCalendarAndMark(page, stream);

    const service = `Live booking ${Date.now() % 100_000}`;
    const adminContext = await browser.newContext({ timezoneId: "UTC", viewport: { width: 1280, height: 900 } });
    const admin = await adminContext.newPage();
    try {
      await login(admin, "admin@acme.test");
      await admin.getByRole("button", { name: "New booking" }).click();
      const dialog = admin.getByRole("dialog", { name: "New booking" });
      await dialog.getByLabel("Customer", { exact: true }).selectOption({ label: "Olivia Smith" });
      await dialog.getByLabel("Service name", { exact: true }).fill(service);
      await dialog.getByLabel("Start", { exact: true }).fill(`${sydneyToday().iso}T19:30`);
      await dialog.getByLabel("End", { exact: true }).fill(`${sydneyToday().iso}T20:30`);
      await dialog.getByRole("checkbox", { name: "Maria Garcia" }).check();
      await dialog.getByRole("button", { name: "Create booking" }).click();
      await expect(dialog).toBeHidden();

      const onMariasCalendar = page.locator(".rbc-event.fs-booking", { hasText: service });
      await expect(onMariasCalendar).toBeVisible();

      const onAdminsCalendar = admin.locator(".rbc-event", { hasText: service });
      await onAdminsCalendar.click();
      await admin.getByRole("dialog", { name: `${service} preview` }).getByRole("button", { name: "Edit" }).click();
      await admin.getByRole("dialog", { name: "Edit booking" }).getByRole("button", { name: "Delete booking" }).click();
      await admin.getByRole("alertdialog", { name: "Delete this booking?" }).getByRole("button", { name: "Delete" }).click();
      await expect(admin.getByText("Booking deleted")).toBeVisible();

      await expect(onMariasCalendar).toHaveCount(0);
      expect(await stillSamePage(page)).toBe(true);
    } finally {
      await adminContext.close();
    }
  });
});

import { expect, test, type Page } from "@playwright/test";
import { controlClient } from "../emulator/control-client";
import { login } from "./helpers";

/*
 * Issue #12 in a real browser against `next start`: the security headers are sent, the Content-Security-Policy
 * breaks none of the journeys that lean on inline scripts and styles (calendar, booking dialog, the srcdoc email
 * preview, login, the Google consent redirect), sign-out really ends the session, throttling is explained to the
 * person, and a year-50 typo is caught in the booking form.
 */
test.use({ timezoneId: "UTC", viewport: { width: 1280, height: 900 } });

const control = controlClient(`http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4010}`);

/** Every CSP refusal Chromium reports on this page's console. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test("pages carry the security headers, no X-Powered-By, and token-bearing URLs send no Referer", async ({ request }) => {
  const login = await request.get("/login");
  const headers = login.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("object-src 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["strict-transport-security"]).toContain("max-age=");
  expect(headers["x-powered-by"]).toBeUndefined();

  const invitation = await request.get("/connect/google?invite=not-a-real-token", { maxRedirects: 0 });
  expect(invitation.headers()["referrer-policy"]).toBe("no-referrer");
  const trpc = await request.get("/api/trpc/company.get");
  expect(trpc.headers()["x-content-type-options"]).toBe("nosniff");
});

test("calendar, booking dialog and invitation preview work under the CSP; a year-50 start is refused in the form", async ({ page }) => {
  const violations = watchCsp(page);
  await login(page, "admin@acme.test");
  await expect(page.locator(".rbc-time-view, .rbc-month-view").first()).toBeVisible();

  await page.getByRole("button", { name: "Week", exact: true }).click();
  const slot = page.locator(".rbc-time-content .rbc-day-slot").first().locator(".rbc-timeslot-group").nth(20).locator(".rbc-time-slot").first();
  await slot.scrollIntoViewIfNeeded();
  const box = await slot.boundingBox();
  if (!box) throw new Error("slot not visible");
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const dialog = page.getByRole("dialog", { name: "New booking" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Customer", { exact: true }).selectOption({ label: "Olivia Smith" });
  await dialog.getByLabel("Service name", { exact: true }).fill("Typo in the year");
  await dialog.getByLabel("Start", { exact: true }).fill("0050-12-04T10:00");
  await dialog.getByLabel("End", { exact: true }).fill("0050-12-04T11:00");
  await dialog.getByRole("button", { name: /^(Save|Create)/ }).first().click();
  await expect(dialog.getByText("Dates must be between the years 2000 and 2100").first()).toBeVisible();
  await page.keyboard.press("Escape");

  // The invitation preview is a sandboxed srcdoc iframe: it inherits the CSP and must still render.
  await page.request.post("/api/trpc/integrations.save", { data: { json: { mode: "shared", syncDirection: "two_way", sendInvitations: false } } });
  await page.goto("/fieldworkers");
  await page.getByRole("link", { name: "Aisha Khan", exact: true }).click();
  await page.getByRole("button", { name: "Actions" }).click();
  await page.getByRole("menuitem", { name: "Send Google Calendar authorization email" }).click();
  const invitation = page.getByRole("dialog", { name: "Send Google Calendar authorization email" });
  await invitation.getByText("Preview the email").click();
  await expect(page.frameLocator('iframe[title="Email preview"]').getByText("Grant permission")).toBeVisible();

  expect(violations).toEqual([]);
});

test("a fieldworker's consent round trip works under the CSP", async ({ page }) => {
  const violations = watchCsp(page);
  await login(page, "admin@acme.test");
  await page.request.post("/api/trpc/integrations.save", { data: { json: { mode: "shared", syncDirection: "two_way", sendInvitations: false } } });
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  await login(page, "aisha@acme.test");
  const banner = page.getByRole("region", { name: "Google Calendar sync" });
  await banner.getByRole("link", { name: "Sync calendar" }).click();
  await expect(page.getByRole("heading", { name: "Sign in with Google" })).toBeVisible();
  await page.getByLabel("Use another account").check();
  await page.getByLabel("Email", { exact: true }).fill("aisha.k@gmail.com");
  await page.getByRole("button", { name: "Allow", exact: true }).click();
  await expect(page).toHaveURL(/\/calendar/);
  await expect(banner).toContainText("Synced with aisha.k@gmail.com");
  const state = (await control.state()) as { calendars?: { ownerEmail: string }[] };
  expect(state.calendars?.some((c) => c.ownerEmail === "aisha.k@gmail.com")).toBe(true);
  expect(violations).toEqual([]);
});

test("signing out ends the session: the old cookie, replayed, is sent to the login page", async ({ page, browser }) => {
  await login(page, "maria@acme.test");
  const cookies = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  const thief = await browser.newContext();
  await thief.addCookies(cookies);
  const stolen = await thief.newPage();
  await stolen.goto("/calendar");
  await expect(stolen).toHaveURL(/\/login/);
  const trpc = await stolen.request.get("/api/trpc/company.get");
  expect(trpc.status()).toBe(401);
  await thief.close();
});

test("after too many wrong passwords the login form says how long to wait", async ({ page }) => {
  const violations = watchCsp(page);
  const email = `nobody-${Date.now()}@acme.test`;
  await page.goto("/login");
  for (let attempt = 0; attempt < 11; attempt++) {
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(`guess-${attempt}`);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
  }
  await expect(page.getByRole("alert").filter({ hasText: "Too many" })).toHaveText(/Too many sign-in attempts\. Try again in 1[45] minutes\./);
  expect(violations).toEqual([]);
});

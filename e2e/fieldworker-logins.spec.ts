import { expect, test } from "@playwright/test";
import { controlClient } from "../emulator/control-client";
import { login, useSharedGoogleApp } from "./helpers";

/**
 * Issue 13, items 3 and 5: a fieldworker the admin adds gets a FieldSync login by email, sets a password,
 * sees the calendar's Google banner and connects; the admin then sees who can sign in, is offered only
 * what can succeed for a connected fieldworker, and revokes the login (which signs them out).
 */
const control = controlClient(`http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4010}`);

async function setPasswordLinkSentTo(email: string): Promise<string> {
  const { items } = await control.emails(email);
  const invitation = items.filter((item) => item.subject === "Acme Plumbing invited you to FieldSync").at(-1);
  const href = invitation?.html?.match(/href="([^"]*\/welcome\?token=[^"]+)"/)?.[1];
  if (!href) throw new Error(`No FieldSync invitation in ${email}'s mailbox`);
  return href.replaceAll("&amp;", "&");
}

test("an added fieldworker gets a login, sets a password, connects Google; the admin sees it and revokes it", async ({ page, browser }) => {
  // Two people, a Google consent and a dozen pages: longer than one screen's journey.
  test.setTimeout(180_000);
  const stamp = Date.now() % 1_000_000;
  const name = `Nora Quinn ${stamp}`;
  const email = `nora.${stamp}@acme.test`;
  const googleEmail = `nora.${stamp}@gmail.com`;

  await login(page, "admin@acme.test");
  await useSharedGoogleApp(page);

  // Added without an email: told what is missing, and why it matters.
  await page.goto("/fieldworkers");
  await page.getByRole("button", { name: "Add fieldworker" }).click();
  const form = page.getByRole("dialog", { name: "Add fieldworker" });
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Add fieldworker" }).click();
  await expect(form.getByText("Email is required: FieldSync sends their login invitation and Google Calendar invitation there")).toBeVisible();
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Add fieldworker" }).click();
  await expect(form).toBeHidden();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("No login");

  // The profile says there is no login and the Actions menu gives one.
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page).toHaveURL(/\/fieldworkers\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  const profileUrl = page.url();
  await expect(page.getByTestId("login-state")).toContainText("No FieldSync login");
  await page.getByRole("button", { name: "Actions" }).click();
  await page.getByRole("menuitem", { name: "Give FieldSync login" }).click();
  await expect(page.getByText(`FieldSync login invitation sent to ${email}`)).toBeVisible();
  await expect(page.getByTestId("login-state")).toContainText("Invited");
  await page.goto("/fieldworkers");
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Invited");

  // The fieldworker opens the emailed link, sets a password and lands on the calendar with the Google banner.
  const fieldworker = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const nora = await fieldworker.newPage();
  await nora.goto(await setPasswordLinkSentTo(email));
  await expect(nora.getByText(`Welcome, ${name}.`)).toBeVisible();
  await nora.getByLabel("New password").fill("nora-password-1");
  await nora.getByLabel("Repeat the password").fill("nora-password-1");
  await nora.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(nora).toHaveURL(/\/calendar/, { timeout: 30_000 });
  await expect(nora.getByTestId("calendar-showing")).toContainText("your bookings");
  const banner = nora.getByRole("region", { name: "Google Calendar sync" });
  await expect(banner).toContainText("Your calendar is not synced with Google Calendar");

  // The link was single-use.
  const used = await fieldworker.newPage();
  await used.goto(await setPasswordLinkSentTo(email));
  await expect(used.getByText("This link was already used to set a password.")).toBeVisible();
  await used.close();

  // She connects her Google Calendar from the banner.
  await banner.getByRole("link", { name: "Sync calendar" }).click();
  await expect(nora.getByRole("heading", { name: "Sign in with Google" })).toBeVisible();
  await nora.getByLabel("Use another account").check();
  await nora.getByLabel("Email", { exact: true }).fill(googleEmail);
  await nora.getByRole("button", { name: "Allow", exact: true }).click();
  await expect(nora).toHaveURL(/\/calendar/, { timeout: 30_000 });
  await expect(banner).toContainText(`Synced with ${googleEmail}`);

  // The admin sees a working login, and is not offered an invitation that would fail.
  await page.goto(profileUrl);
  await expect(page.getByTestId("login-state")).toContainText("Has a FieldSync login");
  await expect(page.getByTestId("google-sync-status")).toHaveText(`Connected as ${googleEmail}`);
  await page.getByRole("button", { name: "Actions" }).click();
  const invite = page.getByRole("menuitem", { name: /Send Google Calendar authorization email/ });
  await expect(invite).toHaveAttribute("aria-disabled", "true");
  await expect(invite).toContainText(`Already connected as ${googleEmail}`);
  await expect(page.getByRole("menuitem", { name: "Give FieldSync login" })).toHaveCount(0);

  // The calendar's bar, filtered to her, likewise shows her account and offers no invitation.
  await page.keyboard.press("Escape");
  await page.goto(`/calendar?fw=${profileUrl.split("/").at(-1)}`);
  const bar = page.getByRole("region", { name: "Google Calendar invitation" });
  await expect(bar).toContainText(`Connected as ${googleEmail}`);
  await expect(bar.getByRole("button")).toHaveCount(0);
  await page.goto(profileUrl);
  await page.getByRole("button", { name: "Actions" }).click();

  // Revoking ends her session at her next request.
  await page.getByRole("menuitem", { name: "Revoke FieldSync login" }).click();
  await page.getByRole("alertdialog", { name: `Revoke ${name}'s FieldSync login?` }).getByRole("button", { name: "Revoke login" }).click();
  await expect(page.getByText(`${name} can no longer sign in`)).toBeVisible();
  await expect(page.getByTestId("login-state")).toContainText("No FieldSync login");
  await nora.reload();
  await expect(nora).toHaveURL(/\/login/);
  await fieldworker.close();

  // Revoking the login leaves her Google sync alone; tidy it up so later journeys start from the seed's state.
  await page.getByRole("button", { name: "Disconnect syncing" }).click();
  await page.getByRole("alertdialog", { name: "Disconnect Google Calendar?" }).getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByTestId("google-sync-status")).toHaveText("Not connected");
});

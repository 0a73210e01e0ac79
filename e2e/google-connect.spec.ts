import { expect, test, type Page } from "@playwright/test";
import { controlClient } from "../emulator/control-client";
import { login, useSharedGoogleApp } from "./helpers";

const emulatorUrl = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4010}`;
const control = controlClient(emulatorUrl);

/** Setup shortcut: the settings page has its own journey; here the admin just turns on the shared app. */
async function chooseGoogleAccount(page: Page, email: string, decision: "Allow" | "Cancel") {
  await expect(page.getByRole("heading", { name: "Sign in with Google" })).toBeVisible();
  await page.getByLabel("Use another account").check();
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: decision, exact: true }).click();
}

test.describe("Google Calendar connection", () => {
  test.beforeEach(async ({ page }) => {
    await login(page, "admin@acme.test");
    await useSharedGoogleApp(page);
  });

  test("an admin sends the authorization email from a profile's Actions menu", async ({ page }) => {
    await page.goto("/fieldworkers");
    await page.getByRole("link", { name: "Aisha Khan", exact: true }).click();
    await page.getByRole("button", { name: "Actions" }).click();
    await page.getByRole("menuitem", { name: "Send Google Calendar authorization email" }).click();

    const dialog = page.getByRole("dialog", { name: "Send Google Calendar authorization email" });
    await expect(dialog.getByTestId("invitation-recipient")).toHaveText("aisha@acme.test");
    await expect(dialog.getByTestId("invitation-subject")).toHaveText("Acme Plumbing: connect your Google Calendar to FieldSync");
    const message = dialog.getByLabel("Message");
    await expect(message).toHaveValue(/Hi Aisha/);
    await message.fill("Hi Aisha,\n\nPlease connect your calendar before Monday's jobs.");
    await dialog.getByRole("button", { name: "Send", exact: true }).click();
    await expect(dialog.getByRole("status")).toContainText("Invitation sent to aisha@acme.test");

    const { items } = await control.emails("aisha@acme.test");
    const mail = items.at(-1);
    expect(mail?.subject).toBe("Acme Plumbing: connect your Google Calendar to FieldSync");
    expect(mail?.text).toContain("Please connect your calendar before Monday's jobs.");
    expect(mail?.html).toContain("Grant permission");
    await dialog.getByRole("button", { name: "Close", exact: true }).first().click();
    await expect(page.getByTestId("google-sync-status")).toHaveText(/Invited on/);
  });

  test("an admin filters the calendar to the business calendar and sends the invitation from the bar", async ({ page }) => {
    await page.goto("/calendar");
    await page.getByRole("button", { name: /Filters/ }).click();
    await page.getByRole("checkbox", { name: /business calendar/ }).check();
    await page.getByRole("button", { name: "Filter", exact: true }).click();
    const bar = page.getByRole("region", { name: "Google Calendar invitation" });
    await bar.getByRole("button", { name: "Send invitation to connect Google Calendar to FieldSync" }).click();
    const dialog = page.getByRole("dialog", { name: "Send Google Calendar authorization email" });
    await expect(dialog.getByTestId("invitation-recipient")).toHaveText("office@acme.test");
    await dialog.getByRole("button", { name: "Send", exact: true }).click();
    await expect(dialog.getByRole("status")).toContainText("Invitation sent");
    const { items } = await control.emails("office@acme.test");
    expect(items.length).toBeGreaterThan(0);
  });
});

test.describe("a fieldworker syncs their own calendar", () => {
  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage();
    await login(page, "admin@acme.test");
    await useSharedGoogleApp(page);
    await page.close();
  });

  test("Sync calendar → Google consent → connected → Disconnect syncing → not synced, token revoked", async ({ page }) => {
    await login(page, "tom@acme.test");
    const banner = page.getByRole("region", { name: "Google Calendar sync" });
    await expect(banner).toContainText("Your calendar is not synced with Google Calendar");
    await banner.getByRole("link", { name: "Sync calendar" }).click();

    await chooseGoogleAccount(page, "tom.chen@gmail.com", "Allow");
    await expect(page).toHaveURL(/\/calendar/);
    await expect(banner).toContainText("Synced with tom.chen@gmail.com");
    await expect(page.getByText("Your Google Calendar is connected")).toBeVisible();

    const state = (await control.state()) as { calendars?: { summary: string; ownerEmail: string }[] };
    expect(state.calendars?.some((c) => c.summary === "Acme Plumbing" && c.ownerEmail === "tom.chen@gmail.com")).toBe(true);

    await banner.getByRole("button", { name: "Disconnect syncing" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Disconnect Google Calendar?" });
    await confirm.getByRole("button", { name: "Disconnect" }).click();
    await expect(banner).toContainText("Your calendar is not synced with Google Calendar");

    const after = (await control.state()) as { refreshTokens?: { userEmail: string }[] };
    expect(after.refreshTokens?.filter((t) => t.userEmail === "tom.chen@gmail.com") ?? []).toHaveLength(0);
  });

  test("Cancel on Google's consent screen shows a friendly message and connects nothing", async ({ page }) => {
    await login(page, "ben@acme.test");
    const banner = page.getByRole("region", { name: "Google Calendar sync" });
    await banner.getByRole("link", { name: "Sync calendar" }).click();
    await chooseGoogleAccount(page, "ben.oconnor@gmail.com", "Cancel");
    await expect(page.getByRole("heading", { name: "Nothing was shared" })).toBeVisible();
    await page.goto("/calendar");
    await expect(banner).toContainText("Your calendar is not synced with Google Calendar");
  });
});

test.describe("invitation links belong to one fieldworker and one browser", () => {
  test("a link opened as another fieldworker is refused; Google's redirect replayed in another browser connects nobody", async ({ page, browser }) => {
    await login(page, "admin@acme.test");
    await useSharedGoogleApp(page);
    await page.goto("/fieldworkers");
    await page.getByRole("link", { name: "Tom Chen", exact: true }).click();
    await page.waitForURL(/\/fieldworkers\/[0-9a-f-]{36}$/);
    const fieldworkerId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    await page.getByRole("button", { name: "Actions" }).click();
    await page.getByRole("menuitem", { name: "Send Google Calendar authorization email" }).click();
    const dialog = page.getByRole("dialog", { name: "Send Google Calendar authorization email" });
    await dialog.getByRole("button", { name: "Send", exact: true }).click();
    await expect(dialog.getByRole("status")).toContainText("Invitation sent to tom@acme.test");
    const mail = (await control.emails("tom@acme.test")).items.at(-1);
    const link = /https?:\/\/[^\s"'<>]+\/connect\/google\?invite=[^\s"'<>)\]]+/.exec(mail?.text ?? "")?.[0] ?? "";
    expect(link).toContain("invite=");

    // Maria, signed in on her own phone, opens Tom's forwarded link.
    const maria = await browser.newContext();
    const mariaPage = await maria.newPage();
    await login(mariaPage, "maria@acme.test");
    const refused = await mariaPage.goto(link);
    expect(refused?.status()).toBe(403);
    await expect(mariaPage.getByRole("heading", { name: "This invitation is for someone else" })).toBeVisible();
    await maria.close();

    // Tom consents on his phone; Google's redirect back leaks before his browser follows it.
    const tom = await browser.newContext();
    const tomPage = await tom.newPage();
    await tomPage.goto(link);
    let callback = "";
    const consentForm = (url: URL) => url.pathname === "/o/oauth2/v2/auth/consent";
    await tomPage.route(consentForm, async (route) => {
      const redirect = await route.fetch({ maxRedirects: 0 });
      callback = redirect.headers()["location"] ?? "";
      await route.fulfill({ status: 200, contentType: "text/html", body: "<p>Redirect captured</p>" });
    });
    await chooseGoogleAccount(tomPage, "tom.chen@gmail.com", "Allow");
    await expect(tomPage.getByText("Redirect captured")).toBeVisible();
    expect(callback).toContain("/getAuthKey?");
    expect(callback).toContain("code=");

    // Replayed in another browser (no binding cookie): nothing is connected.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    const replay = await otherPage.goto(callback);
    expect(replay?.status()).toBe(400);
    await expect(otherPage.getByText("started in another browser")).toBeVisible();
    await other.close();

    // Tom's own browser still completes, then the admin disconnects him again for the journeys after this one.
    await tomPage.unroute(consentForm);
    await tomPage.goto(callback);
    await expect(tomPage.getByRole("heading", { name: "Your Google Calendar is connected" })).toBeVisible();
    await tom.close();
    const disconnected = await page.request.post("/api/trpc/googleSync.disconnect", { data: { json: { fieldworkerId } } });
    expect(disconnected.ok()).toBe(true);
  });
});

import { expect, test, type Page } from "@playwright/test";
import { controlClient } from "../emulator/control-client";
import { login, useSharedGoogleApp } from "./helpers";

/**
 * The admin's roll-out journey (issue 4, "Done when" 1): private Google API settings from the downloaded
 * client-secret JSON → every active, unconnected fieldworker gets an invitation → one of them grants access
 * without logging in → the roll-out table shows them connected.
 *
 * Other spec files share this database and emulator (they may have invited or connected people already), so
 * the expected numbers are read from the page rather than assumed from the seed.
 */
const appUrl = `http://localhost:${process.env.E2E_APP_PORT ?? 3000}`;
const emulator = controlClient(`http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4010}`);

const PRIVATE_CLIENT = {
  clientId: "acme-e2e.apps.googleusercontent.com",
  clientSecret: "GOCSPX-e2e_secret_123",
  projectName: "acme-e2e",
  redirectUris: [`${appUrl}/getAuthKey`],
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const rowOf = (page: Page, text: string) => page.getByRole("row", { name: new RegExp(escapeRegExp(text)) });

const jsonFile = (name: string, content: unknown) => ({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(content)) });

async function openIntegrations(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Integrations" }).click();
  await expect(page.getByRole("heading", { name: "Integrations", level: 1 })).toBeVisible();
}

/** Save, answering the confirmation that appears (with its inline warning) when the OAuth client changes. */
async function save(page: Page) {
  const switching = await page.getByText("Switching Google credentials means").isVisible();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  if (switching) {
    await page.getByRole("alertdialog", { name: "Switch Google credentials?" }).getByRole("button", { name: "Switch and save" }).click();
  }
}

/** "Maria Garcia" → "maria.garcia@gmail.com": a personal Google account outside the company's domain. */
const googleAccountOf = (name: string) => `${name.toLowerCase().replace(/[^a-z]+/g, ".").replace(/^\.|\.$/g, "")}@gmail.com`;

test.describe("Google Workspace roll-out", () => {
  test.beforeAll(async () => {
    await emulator.registerClient(PRIVATE_CLIENT);
  });

  test.afterAll(async ({ browser }) => {
    // Leave the company on the shared app, as the other Google journeys set it up, without mailing anyone.
    const page = await browser.newPage();
    await login(page, "admin@acme.test");
    await useSharedGoogleApp(page);
    await page.close();
  });

  test("a client-secret file that isn't a Web client for this app is refused with the precise reason", async ({ page }) => {
    await login(page, "admin@acme.test");
    await openIntegrations(page);
    await page.getByRole("radio", { name: /Use private Google API/ }).check();
    const upload = page.getByLabel("Upload client-secret JSON");

    await upload.setInputFiles(
      jsonFile("client_secret_desktop.json", {
        installed: { client_id: "desktop.apps.googleusercontent.com", client_secret: "GOCSPX-desktop_123", redirect_uris: ["http://localhost"] },
      }),
    );
    await expect(page.getByTestId("chosen-file")).toContainText("client_secret_desktop.json");
    await save(page);
    await expect(page.getByRole("alert").filter({ hasText: "Desktop (installed) client" })).toHaveText(
      'This is a Desktop (installed) client. Create an OAuth client of type "Web application" instead.',
    );

    await upload.setInputFiles(
      jsonFile("client_secret_other_app.json", {
        web: { client_id: "other.apps.googleusercontent.com", client_secret: "GOCSPX-other_123", redirect_uris: ["https://example.com/callback"] },
      }),
    );
    await expect(page.getByTestId("chosen-file")).toContainText("other.apps.googleusercontent.com");
    await save(page);
    await expect(page.getByRole("alert").filter({ hasText: "redirect URIs" })).toContainText(
      `The client's authorized redirect URIs don't include ${appUrl}/getAuthKey.`,
    );
    await expect(page.getByRole("status").filter({ hasText: "Settings saved" })).toHaveCount(0);
  });

  test("private Google API from the JSON → invitations → a fieldworker grants access → connected in the roll-out", async ({ page, browser }) => {
    await emulator.clearEmails();
    await login(page, "admin@acme.test");
    const companyName = await (async () => {
      await page.goto("/settings/company");
      return page.getByLabel("Company name").inputValue();
    })();
    await openIntegrations(page);

    await page.getByRole("radio", { name: /Use private Google API/ }).check();
    await expect(page.getByTestId("redirect-uri")).toHaveText(`${appUrl}/getAuthKey`);
    await expect(page.getByText("no Gmail")).toBeVisible();
    await page.getByLabel("Upload client-secret JSON").setInputFiles(
      jsonFile("client_secret_acme-e2e.json", {
        web: {
          client_id: PRIVATE_CLIENT.clientId,
          client_secret: PRIVATE_CLIENT.clientSecret,
          project_id: PRIVATE_CLIENT.projectName,
          redirect_uris: PRIVATE_CLIENT.redirectUris,
        },
      }),
    );
    await expect(page.getByTestId("chosen-file")).toContainText(PRIVATE_CLIENT.clientId);

    const invite = page.getByRole("checkbox", { name: /Email an authorization link to the \d+ active fieldworkers? who/ });
    await expect(invite).toBeChecked();
    const invitable = Number(/the (\d+) active/.exec((await invite.locator("xpath=..").textContent()) ?? "")?.[1]);
    expect(invitable).toBeGreaterThan(0);

    await save(page);
    const report = page.getByRole("status").filter({ hasText: "Settings saved" });
    await expect(report).toContainText(`Emailing ${invitable} fieldworker${invitable === 1 ? "" : "s"}`);

    // One invitation per active fieldworker who wasn't connected (or invited in the last day), sent by the
    // outbox right after Save answered.
    await expect.poll(async () => (await emulator.emails()).items.length).toBe(invitable);
    const { items: mails } = await emulator.emails();
    const recipients = mails.flatMap((mail) => mail.to);
    expect(new Set(recipients).size).toBe(invitable);
    await page.reload();
    for (const recipient of recipients) {
      await expect(rowOf(page, recipient)).toContainText("Invited on");
    }

    // Prefer Maria, as the seed's story does; any recipient proves the same thing.
    const mail = mails.find((m) => m.to.includes("maria@acme.test")) ?? mails[0]!;
    const row = rowOf(page, mail.to[0]!);
    const fieldworkerName = (await row.getByRole("rowheader").locator("span").first().textContent()) ?? "";
    const googleAccount = googleAccountOf(fieldworkerName);
    const link = /https?:\/\/[^\s"'<>]+\/connect\/google\?invite=[^\s"'<>)\]]+/.exec(mail.text ?? "")?.[0];
    expect(link, "the invitation's Grant permission link").toBeTruthy();

    // The fieldworker opens the email on their phone: no FieldSync session.
    const fieldworker = await browser.newContext();
    const phone = await fieldworker.newPage();
    await phone.goto(link!);
    await expect(phone.getByRole("heading", { name: "Sign in with Google" })).toBeVisible();
    await expect(phone.getByText(`${PRIVATE_CLIENT.projectName} wants to access your Google Account`)).toBeVisible();
    await phone.getByLabel("Use another account").check();
    await phone.getByLabel("Email", { exact: true }).fill(googleAccount);
    await phone.getByRole("button", { name: "Allow", exact: true }).click();
    await expect(phone.getByRole("heading", { name: "Your Google Calendar is connected" })).toBeVisible();
    await expect(phone.getByText(`FieldSync is now synced with ${googleAccount}`)).toBeVisible();
    await fieldworker.close();

    const state = (await emulator.state()) as { calendars?: { summary: string; ownerEmail: string; createdByClientId?: string }[] };
    expect(state.calendars).toContainEqual(
      expect.objectContaining({ summary: companyName, ownerEmail: googleAccount, createdByClientId: PRIVATE_CLIENT.clientId }),
    );

    await page.reload();
    const connected = rowOf(page, fieldworkerName);
    await expect(connected).toContainText(`Connected as ${googleAccount}`);
    await expect(connected.getByRole("button", { name: `Send invitation to ${fieldworkerName}` })).toBeDisabled();

    // Back to FieldSync's app: tokens belong to the client that issued them, so the page warns before saving.
    await page.getByRole("radio", { name: /Use FieldSync's Google API/ }).check();
    await page.getByRole("checkbox", { name: /Email an authorization link/ }).uncheck();
    await expect(page.getByRole("alert").filter({ hasText: "Switching Google credentials means the" })).toContainText("must reconnect");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("alertdialog", { name: "Switch Google credentials?" }).getByRole("button", { name: "Switch and save" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Settings saved" })).toContainText(/\d+ connections? needs? re-authorization/);
    await expect(connected).toContainText("Needs reconnection");
  });
});

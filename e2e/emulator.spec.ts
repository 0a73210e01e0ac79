import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";

/**
 * The Google/Resend emulator as a person meets it: the consent screen in a real browser (Allow and Cancel),
 * and the mailbox where an invitation can be opened. The emulator is already running (Playwright's webServer).
 */
const EMULATOR = process.env.EMULATOR_URL ?? `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4010}`;
const CLIENT_ID = "e2e-emulator-spec.apps.googleusercontent.com";
const CLIENT_SECRET = "e2e-secret";
const SCOPES = [
  "openid",
  "email",
  "https://www.googleapis.com/auth/calendar.calendarlist.readonly",
  "https://www.googleapis.com/auth/calendar.app.created",
];

let callbackServer: Server;
let redirectUri: string;

test.beforeAll(async () => {
  // A tiny page standing in for the app's OAuth callback.
  callbackServer = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(`<!doctype html><title>Callback</title><h1>Back in the app</h1><p id="query">${url.searchParams.toString().replace(/</g, "&lt;")}</p>`);
  });
  await new Promise<void>((resolve) => callbackServer.listen(0, "127.0.0.1", () => resolve()));
  redirectUri = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/getAuthKey`;
  const res = await fetch(`${EMULATOR}/_emulator/clients`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [redirectUri], projectName: "FieldSync E2E" }),
  });
  expect(res.ok).toBe(true);
});

test.afterAll(async () => {
  await fetch(`${EMULATOR}/_emulator/clients/${encodeURIComponent(CLIENT_ID)}`, { method: "DELETE" });
  await new Promise<void>((resolve) => callbackServer.close(() => resolve()));
});

function authorizeUrl(state: string): string {
  const params = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: SCOPES.join(" "),
    access_type: "offline",
    state,
  });
  return `${EMULATOR}/o/oauth2/v2/auth?${params.toString()}`;
}

test("a fieldworker allows calendar access on the Google consent screen", async ({ page }) => {
  await page.goto(authorizeUrl("allow-state"));
  await expect(page.getByRole("heading", { name: "Sign in with Google" })).toBeVisible();
  await expect(page.getByText("FieldSync E2E wants to access your Google Account")).toBeVisible();
  await expect(page.getByText("Make secondary Google calendars, and see, create, change, and delete events on them")).toBeVisible();
  await page.getByLabel("Use another account").check();
  await page.getByLabel("Email", { exact: true }).fill("e2e.fieldworker@example.com");
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByRole("heading", { name: "Back in the app" })).toBeVisible();
  const url = new URL(page.url());
  expect(url.origin + url.pathname).toBe(redirectUri);
  expect(url.searchParams.get("code")).toBeTruthy();
  expect(url.searchParams.get("state")).toBe("allow-state");
});

test("a fieldworker cancels on the consent screen and the app gets access_denied", async ({ page }) => {
  await page.goto(authorizeUrl("cancel-state"));
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { name: "Back in the app" })).toBeVisible();
  const url = new URL(page.url());
  expect(url.searchParams.get("error")).toBe("access_denied");
  expect(url.searchParams.get("state")).toBe("cancel-state");
  expect(url.searchParams.has("code")).toBe(false);
});

test("an unregistered redirect URI shows Google's error page instead of redirecting", async ({ page }) => {
  const url = authorizeUrl("x").replace(encodeURIComponent(redirectUri), encodeURIComponent("http://127.0.0.1:1/elsewhere"));
  await page.goto(url);
  await expect(page.getByText("Error 400: redirect_uri_mismatch")).toBeVisible();
});

test("the mailbox shows a sent invitation and opens it with a working link", async ({ page }) => {
  const subject = `Connect your calendar ${Date.now()}`;
  const res = await fetch(`${EMULATOR}/emails`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${process.env.RESEND_API_KEY ?? "re_emulator_key"}` },
    body: JSON.stringify({
      from: "FieldSync <noreply@fieldsync.test>",
      to: ["e2e.fieldworker@example.com"],
      subject,
      html: `<p>Please connect your Google Calendar.</p><p><a href="${EMULATOR}/mailbox">Grant permission</a></p>`,
    }),
  });
  expect(res.status).toBe(200);
  await page.goto(`${EMULATOR}/mailbox`);
  await expect(page.getByRole("heading", { name: "Mailbox" })).toBeVisible();
  await page.getByRole("link", { name: subject }).click();
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
  const link = page.getByRole("link", { name: "Grant permission" });
  await expect(link).toHaveAttribute("href", `${EMULATOR}/mailbox`);
  await link.click();
  await expect(page).toHaveURL(`${EMULATOR}/mailbox`);
});

import { controlClient } from "../../emulator/control-client";
import { createEmulator, type Emulator } from "../../emulator/index";

export const TEST_REDIRECT_URI = `${process.env.APP_URL}/getAuthKey`;

/** The in-process emulator on the port src/test/setup-env.ts reserved, with the shared app registered. */
export async function startTestEmulator(): Promise<{ emulator: Emulator; control: ReturnType<typeof controlClient> }> {
  const port = Number(process.env.TEST_EMULATOR_PORT);
  if (!port) throw new Error("TEST_EMULATOR_PORT is not set: is src/test/setup-env.ts in vitest setupFiles?");
  const emulator = await createEmulator({
    port,
    clients: [
      {
        clientId: process.env.GOOGLE_CLIENT_ID ?? "",
        clientSecret: process.env.GOOGLE_CLIENT_SECRET ?? "",
        redirectUris: [TEST_REDIRECT_URI],
        projectName: "FieldSync shared app",
      },
    ],
  });
  return { emulator, control: controlClient(emulator.url) };
}

/** Opens the consent screen like a browser, picks or types the account, and returns where Google redirects. */
export async function consentAs(authUrl: string, email: string, decision: "allow" | "cancel" = "allow"): Promise<URL> {
  const page = await fetch(authUrl);
  const markup = await page.text();
  const id = /name="auth_request" value="([^"]+)"/.exec(markup)?.[1];
  if (!id) throw new Error(`No consent form (HTTP ${page.status}): ${markup.slice(0, 300)}`);
  const response = await fetch(new URL("/o/oauth2/v2/auth/consent", authUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ auth_request: id, decision, account: "__other__", email }).toString(),
    redirect: "manual",
  });
  const location = response.headers.get("location");
  if (!location) throw new Error(`Consent did not redirect (HTTP ${response.status})`);
  return new URL(location);
}

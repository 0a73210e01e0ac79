/**
 * Plays the person on the emulator's consent screen over plain HTTP (for tests and the demo seed):
 * opens the authorization URL, picks or types the account, and returns where "Google" redirects.
 */
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

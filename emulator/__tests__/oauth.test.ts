import { describe, expect, it } from "vitest";
import type { Emulator } from "../index";
import { apiError, CLIENT_ID, connect, consent, control, emulatorPerFile, FIELDSYNC_SCOPES, oauthClient, REDIRECT_URI } from "./helpers";

let emu: Emulator;
emulatorPerFile((started) => (emu = started));

describe("OAuth 2.0 code flow", () => {
  it("exchanges a consented code for tokens, with a refresh token and an id_token", async () => {
    const { tokens, oauth } = await connect(emu, "Ann@Example.com");
    expect(tokens.access_token).toMatch(/^ya29\./);
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.token_type).toBe("Bearer");
    expect(tokens.scope?.split(" ")).toEqual(
      expect.arrayContaining(["openid", "https://www.googleapis.com/auth/userinfo.email", "https://www.googleapis.com/auth/calendar.app.created"]),
    );
    const ticket = await oauth.verifyIdToken({ idToken: tokens.id_token ?? "", audience: CLIENT_ID });
    expect(ticket.getPayload()).toMatchObject({ email: "ann@example.com", aud: CLIENT_ID, iss: "https://accounts.google.com" });
    const info = await oauth.getTokenInfo(tokens.access_token ?? "");
    expect(info.email).toBe("ann@example.com");
    expect(info.scopes).toContain("https://www.googleapis.com/auth/calendar.events.readonly");
  });

  it("redirects Allow with code and state, Cancel with access_denied and state", async () => {
    const oauth = oauthClient(emu.url);
    const url = oauth.generateAuthUrl({ scope: FIELDSYNC_SCOPES, state: "xyz" });
    const allowed = await consent(url, "allow", "bob@example.com");
    expect(allowed.origin + allowed.pathname).toBe(REDIRECT_URI);
    expect(allowed.searchParams.get("code")).toBeTruthy();
    expect(allowed.searchParams.get("state")).toBe("xyz");
    const denied = await consent(url, "cancel", "bob@example.com");
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.get("state")).toBe("xyz");
    expect(denied.searchParams.has("code")).toBe(false);
  });

  it("lists the requested scopes with Google's descriptions on the consent screen", async () => {
    const html = await (await fetch(oauthClient(emu.url).generateAuthUrl({ scope: FIELDSYNC_SCOPES }))).text();
    expect(html).toContain("See the list of Google calendars you&#39;re subscribed to");
    expect(html).toContain("Make secondary Google calendars, and see, create, change, and delete events on them");
    expect(html).toMatch(/<button[^>]*>Allow<\/button>/);
    expect(html).toMatch(/<button[^>]*>Cancel<\/button>/);
  });

  it("shows error pages instead of redirecting for an unknown client or an unregistered redirect URI", async () => {
    const bad = await fetch(oauthClient(emu.url, "nope").generateAuthUrl({ scope: FIELDSYNC_SCOPES }), { redirect: "manual" });
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain("invalid_client");
    const mismatch = await fetch(oauthClient(emu.url).generateAuthUrl({ scope: FIELDSYNC_SCOPES, redirect_uri: "http://evil.example/cb" }), { redirect: "manual" });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("redirect_uri_mismatch");
    const scope = await fetch(oauthClient(emu.url).generateAuthUrl({ scope: ["https://www.googleapis.com/auth/drive"] }));
    expect(await scope.text()).toContain("invalid_scope");
  });

  it("gives a refresh token only on first consent, again with prompt=consent", async () => {
    const first = await connect(emu, "carol@example.com");
    expect(first.tokens.refresh_token).toBeTruthy();
    const second = await connect(emu, "carol@example.com");
    expect(second.tokens.refresh_token).toBeUndefined();
    const forced = await connect(emu, "carol@example.com", FIELDSYNC_SCOPES, { prompt: "consent" });
    expect(forced.tokens.refresh_token).toBeTruthy();
    const online = await connect(emu, "dave@example.com", FIELDSYNC_SCOPES, { accessType: "online" });
    expect(online.tokens.refresh_token).toBeUndefined();
  });

  it("uses a code once, checks the client secret and the redirect URI", async () => {
    const oauth = oauthClient(emu.url);
    const redirect = await consent(oauth.generateAuthUrl({ scope: FIELDSYNC_SCOPES }), "allow", "erin@example.com");
    const code = redirect.searchParams.get("code") ?? "";
    const wrongSecret = await apiError(oauthClient(emu.url, CLIENT_ID, "wrong").getToken(code));
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.message).toContain("invalid_client");
    const wrongRedirect = await apiError(oauth.getToken({ code, redirect_uri: "http://localhost:3999/other" }));
    expect(wrongRedirect.message).toContain("redirect_uri_mismatch");
    await oauth.getToken(code);
    const reused = await apiError(oauth.getToken(code));
    expect(reused.status).toBe(400);
    expect(reused.message).toContain("invalid_grant");
  });

  it("expires authorization codes after 10 minutes", async () => {
    const oauth = oauthClient(emu.url);
    const redirect = await consent(oauth.generateAuthUrl({ scope: FIELDSYNC_SCOPES }), "allow", "fay@example.com");
    await control(emu).advanceClock(11 * 60_000);
    const late = await apiError(oauth.getToken(redirect.searchParams.get("code") ?? ""));
    expect(late.message).toContain("invalid_grant");
  });

  it("refreshes an access token, then answers invalid_grant after revoke", async () => {
    const { oauth, cal, tokens } = await connect(emu, "gus@example.com");
    const refreshed = await oauth.refreshAccessToken();
    expect(refreshed.credentials.access_token).toBeTruthy();
    expect(refreshed.credentials.access_token).not.toBe(tokens.access_token);
    await oauth.revokeToken(tokens.refresh_token ?? "");
    const afterRevoke = await apiError(oauth.refreshAccessToken());
    expect(afterRevoke.status).toBe(400);
    expect(afterRevoke.message).toBe("invalid_grant");
    expect(afterRevoke.gaxios).toBe(true);
    // The access token died with the grant.
    const call = await apiError(cal.calendarList.list({}, { retry: false }));
    expect(call.status).toBe(401);
  });

  it("answers 401 authError once an access token expires", async () => {
    await control(emu).setConfig({ accessTokenTtlSeconds: 60 });
    const { cal, oauth } = await connect(emu, "hal@example.com");
    // Keep the client from refreshing on its own: only the access token, no expiry date.
    oauth.setCredentials({ access_token: oauth.credentials.access_token });
    await cal.calendarList.list();
    await control(emu).advanceClock(61_000);
    const expired = await apiError(cal.calendarList.list({}, { retry: false }));
    expect(expired).toMatchObject({ status: 401, reason: "authError" });
  });

  it("makes the client refresh transparently when the access token is rejected", async () => {
    const { cal, oauth } = await connect(emu, "ida@example.com");
    oauth.setCredentials({ ...oauth.credentials, expiry_date: null });
    await control(emu).expireAccessTokens({ email: "ida@example.com" });
    const res = await cal.calendarList.list();
    expect(res.status).toBe(200);
    expect((await control(emu).counters())["oauth.token.refresh"]).toBe(1);
  });

  it("serves userinfo for the token's account", async () => {
    const { oauth } = await connect(emu, "jo@example.com");
    const res = await oauth.request<{ email: string; sub: string }>({ url: `${emu.url}/oauth2/v3/userinfo` });
    expect(res.data.email).toBe("jo@example.com");
    expect(res.data.sub).toMatch(/^\d{21}$/);
  });

  it("supports PKCE (S256)", async () => {
    const oauth = oauthClient(emu.url);
    const { codeVerifier, codeChallenge } = await oauth.generateCodeVerifierAsync();
    const url = oauth.generateAuthUrl({ scope: FIELDSYNC_SCOPES, code_challenge: codeChallenge, code_challenge_method: "S256" as never });
    const code = (await consent(url, "allow", "kim@example.com")).searchParams.get("code") ?? "";
    const bad = await apiError(oauth.getToken({ code, codeVerifier: "x".repeat(43) }));
    expect(bad.message).toContain("invalid_grant");
    const redirect = await consent(url, "allow", "kim@example.com");
    const { tokens } = await oauth.getToken({ code: redirect.searchParams.get("code") ?? "", codeVerifier });
    expect(tokens.access_token).toBeTruthy();
  });

  it("enforces PKCE at the token endpoint like Google: a challenged code needs its verifier, a plain one needs none", async () => {
    const oauth = oauthClient(emu.url);
    const { codeVerifier, codeChallenge } = await oauth.generateCodeVerifierAsync();
    const url = oauth.generateAuthUrl({ scope: FIELDSYNC_SCOPES, code_challenge: codeChallenge, code_challenge_method: "S256" as never });
    const code = (await consent(url, "allow", "pia@example.com")).searchParams.get("code") ?? "";
    // A stolen code is useless without the verifier that only the starting browser holds.
    expect((await apiError(oauth.getToken({ code }))).message).toContain("invalid_grant");
    // The emulator checks the verifier before redeeming the code, so the right one still works once.
    const { tokens } = await oauth.getToken({ code, codeVerifier });
    expect(tokens.access_token).toBeTruthy();
    expect((await apiError(oauth.getToken({ code, codeVerifier }))).message).toContain("invalid_grant");
    const plain = (await consent(oauth.generateAuthUrl({ scope: FIELDSYNC_SCOPES }), "allow", "pia@example.com")).searchParams.get("code") ?? "";
    expect((await oauth.getToken({ code: plain })).tokens.access_token).toBeTruthy();
  });

  it("reports the Workspace domain (hd) in userinfo and the ID token, and none for consumer accounts", async () => {
    const workspace = await connect(emu, "ola@acme-plumbing.com");
    const info = await workspace.oauth.request<{ email: string; hd?: string }>({ url: `${emu.url}/oauth2/v3/userinfo` });
    expect(info.data).toMatchObject({ email: "ola@acme-plumbing.com", hd: "acme-plumbing.com" });
    const claims = JSON.parse(Buffer.from(workspace.tokens.id_token?.split(".")[1] ?? "", "base64url").toString()) as { hd?: string };
    expect(claims.hd).toBe("acme-plumbing.com");
    const consumer = await connect(emu, "ola.private@gmail.com");
    const consumerInfo = await consumer.oauth.request<{ email: string; hd?: string }>({ url: `${emu.url}/oauth2/v3/userinfo` });
    expect(consumerInfo.data.email).toBe("ola.private@gmail.com");
    expect(consumerInfo.data.hd).toBeUndefined();
  });

  it("surfaces an injected token-endpoint fault as a GaxiosError", async () => {
    const { oauth } = await connect(emu, "lee@example.com");
    await control(emu).addFault({ kind: "error", status: 503, match: { surface: "oauth", path: "/token" } });
    const err = await apiError(oauth.refreshAccessToken());
    expect(err.status).toBe(503);
    expect(err.gaxios).toBe(true);
  });
});

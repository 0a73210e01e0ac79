import { createHash } from "node:crypto";
import { bearerToken } from "../auth";
import type { EmulatorContext } from "../context";
import type { AccessToken, OAuthClient, PendingAuthorization } from "../entities";
import { OAuthError, renderOAuthError } from "../errors";
import { applyFaults } from "../faults";
import { hostedDomainOf } from "../hosted-domain";
import { escapeHtml, page } from "../html";
import { html, json, readForm, redirect, type EmuRequest, type EmuResponse, type Handler, type Router } from "../http";
import { urlSafeToken } from "../ids";
import { SCOPE_DESCRIPTIONS, SCOPES, mergeScopes, parseScopes } from "../scopes";
import { grantKey } from "../store";

const OTHER_ACCOUNT = "__other__";
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function errorPage(status: number, code: string, detail: string): EmuResponse {
  return html(
    status,
    page(
      `Error ${status}: ${code}`,
      `<h1>Access blocked: Authorization Error</h1>
<p role="alert"><strong>Error ${status}: ${escapeHtml(code)}</strong></p>
<p>${escapeHtml(detail)}</p>
<p class="muted">Google would show this page instead of redirecting back to the app.</p>`,
    ),
  );
}

function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

function consentScreen(ctx: EmulatorContext, p: PendingAuthorization, client: OAuthClient, problem?: string): EmuResponse {
  const users = [...ctx.store.users.values()];
  const hint = p.loginHint?.toLowerCase();
  const hintIsKnown = users.some((u) => u.email === hint);
  const accounts = users
    .map((u, i) => {
      const checked = hint ? u.email === hint : i === 0;
      return `<div><input type="radio" id="account-${i}" name="account" value="${escapeHtml(u.email)}"${checked ? " checked" : ""}>
<label for="account-${i}">${escapeHtml(u.name)} (${escapeHtml(u.email)})</label></div>`;
    })
    .join("\n");
  const otherChecked = users.length === 0 || (hint !== undefined && !hintIsKnown);
  const scopes = p.scopes.map((s) => `<li>${escapeHtml(SCOPE_DESCRIPTIONS[s] ?? s)} <span class="muted">(<code>${escapeHtml(s)}</code>)</span></li>`).join("\n");
  return html(
    200,
    page(
      "Sign in - Google Accounts",
      `<h1>Sign in with Google</h1>
<p><strong>${escapeHtml(client.projectName)}</strong> wants to access your Google Account</p>
${problem ? `<p class="error" role="alert">${escapeHtml(problem)}</p>` : ""}
<form method="post" action="/o/oauth2/v2/auth/consent">
<input type="hidden" name="auth_request" value="${escapeHtml(p.id)}">
<fieldset><legend>Choose an account</legend>
${accounts}
<div><input type="radio" id="account-other" name="account" value="${OTHER_ACCOUNT}"${otherChecked ? " checked" : ""}>
<label for="account-other">Use another account</label>
<label for="email">Email</label> <input type="email" id="email" name="email" autocomplete="email" value="${escapeHtml(hintIsKnown ? "" : (p.loginHint ?? ""))}"></div>
</fieldset>
<h2>This will allow ${escapeHtml(client.projectName)} to:</h2>
<ul>${scopes}</ul>
<p class="muted">Redirects to <code>${escapeHtml(p.redirectUri)}</code></p>
<button type="submit" name="decision" value="cancel">Cancel</button>
<button type="submit" name="decision" value="allow" class="primary">Allow</button>
</form>`,
    ),
  );
}

function issueCode(ctx: EmulatorContext, p: PendingAuthorization, email: string): string {
  const { store } = ctx;
  const grant = store.grants.get(grantKey(p.clientId, email));
  const scopes = p.includeGrantedScopes && grant ? mergeScopes(grant.scopes, p.scopes) : p.scopes;
  // Google hands out a refresh token on the first offline consent only; prompt=consent forces a new one.
  const issueRefreshToken = p.accessType === "offline" && (!grant?.refreshTokenIssued || p.prompt.includes("consent"));
  store.grants.set(grantKey(p.clientId, email), {
    clientId: p.clientId,
    userEmail: email,
    scopes: mergeScopes(grant?.scopes ?? [], scopes),
    refreshTokenIssued: grant?.refreshTokenIssued ?? false,
  });
  const code = `4/0${urlSafeToken(32)}`;
  store.codes.set(code, {
    code,
    clientId: p.clientId,
    redirectUri: p.redirectUri,
    userEmail: email,
    scopes,
    issueRefreshToken,
    ...(p.nonce ? { nonce: p.nonce } : {}),
    ...(p.codeChallenge ? { codeChallenge: p.codeChallenge, codeChallengeMethod: p.codeChallengeMethod ?? "plain" } : {}),
    createdAt: store.now(),
    used: false,
  });
  store.changed();
  return code;
}

function authorize(ctx: EmulatorContext): Handler {
  return (req) => {
    const { store } = ctx;
    store.count("oauth.authorize");
    const q = req.query;
    const client = store.clients.get(q.get("client_id") ?? "");
    if (!client) return errorPage(401, "invalid_client", "The OAuth client was not found.");
    const redirectUri = q.get("redirect_uri") ?? "";
    if (!client.redirectUris.includes(redirectUri)) {
      return errorPage(
        400,
        "redirect_uri_mismatch",
        `You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. If you're the app developer, register the redirect URI in the Google Cloud Console. Request details: redirect_uri=${redirectUri}`,
      );
    }
    if (q.get("response_type") !== "code") return errorPage(400, "invalid_request", `Invalid response_type: ${q.get("response_type") ?? ""}`);
    const rawScope = q.get("scope");
    if (!rawScope) return errorPage(400, "invalid_request", "Missing required parameter: scope");
    const { scopes, invalid } = parseScopes(rawScope);
    if (invalid.length > 0) return errorPage(400, "invalid_scope", `Some requested scopes were invalid. {invalid=[${invalid.join(", ")}]}`);
    const accessType = q.get("access_type") ?? "online";
    if (accessType !== "online" && accessType !== "offline") return errorPage(400, "invalid_request", `Invalid access_type: ${accessType}`);
    const prompt = (q.get("prompt") ?? "").split(/\s+/).filter((s) => s.length > 0);
    if (prompt.some((v) => !["none", "consent", "select_account"].includes(v)) || (prompt.includes("none") && prompt.length > 1)) {
      return errorPage(400, "invalid_request", `Invalid prompt: ${prompt.join(" ")}`);
    }
    const method = q.get("code_challenge_method") ?? undefined;
    if (method !== undefined && method !== "S256" && method !== "plain") return errorPage(400, "invalid_request", "Invalid code_challenge_method");
    const pending: PendingAuthorization = {
      id: urlSafeToken(16),
      clientId: client.clientId,
      redirectUri,
      scopes,
      ...(q.has("state") ? { state: q.get("state") ?? "" } : {}),
      accessType,
      prompt,
      ...(q.get("login_hint") ? { loginHint: q.get("login_hint") ?? "" } : {}),
      includeGrantedScopes: q.get("include_granted_scopes") === "true",
      ...(q.get("nonce") ? { nonce: q.get("nonce") ?? "" } : {}),
      ...(q.get("code_challenge") ? { codeChallenge: q.get("code_challenge") ?? "", codeChallengeMethod: method ?? "plain" } : {}),
      createdAt: store.now(),
    };
    if (prompt.includes("none")) {
      // No browser session here: silent re-authorization succeeds only for a hinted account that already granted everything.
      const email = pending.loginHint?.toLowerCase();
      const grant = email ? store.grants.get(grantKey(client.clientId, email)) : undefined;
      if (!email || !grant || !scopes.every((s) => grant.scopes.includes(s))) {
        return redirect(withQuery(redirectUri, { error: email && grant ? "consent_required" : "interaction_required", state: pending.state }));
      }
      const code = issueCode(ctx, pending, email);
      return redirect(withQuery(redirectUri, { code, scope: scopes.join(" "), state: pending.state }));
    }
    store.pendingAuthorizations.set(pending.id, pending);
    return consentScreen(ctx, pending, client);
  };
}

function consent(ctx: EmulatorContext): Handler {
  return (req) => {
    const { store } = ctx;
    const form = readForm(req);
    const pending = store.pendingAuthorizations.get(form.get("auth_request") ?? "");
    const client = pending ? store.clients.get(pending.clientId) : undefined;
    if (!pending || !client) return errorPage(400, "invalid_request", "This sign-in request has expired or was already used. Start again from the app.");
    if (form.get("decision") !== "allow") {
      store.pendingAuthorizations.delete(pending.id);
      return redirect(withQuery(pending.redirectUri, { error: "access_denied", state: pending.state }));
    }
    const account = form.get("account");
    const email = (account && account !== OTHER_ACCOUNT ? account : (form.get("email") ?? "")).trim().toLowerCase();
    if (!EMAIL_PATTERN.test(email)) return consentScreen(ctx, pending, client, "Enter a valid email address or choose an account.");
    store.ensureUser(email);
    store.pendingAuthorizations.delete(pending.id);
    const code = issueCode(ctx, pending, email);
    return redirect(withQuery(pending.redirectUri, { code, scope: pending.scopes.join(" "), authuser: "0", prompt: "consent", state: pending.state }));
  };
}

function authenticateClient(ctx: EmulatorContext, req: EmuRequest, form: URLSearchParams): OAuthClient {
  let clientId = form.get("client_id") ?? undefined;
  let secret = form.get("client_secret") ?? undefined;
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? "");
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    const i = decoded.indexOf(":");
    clientId = decodeURIComponent(decoded.slice(0, i));
    secret = decodeURIComponent(decoded.slice(i + 1));
  }
  const client = ctx.store.clients.get(clientId ?? "");
  if (!client) throw new OAuthError(401, "invalid_client", "The OAuth client was not found.");
  if (client.clientSecret !== secret) throw new OAuthError(401, "invalid_client", "Unauthorized");
  return client;
}

function tokenResponse(ctx: EmulatorContext, client: OAuthClient, email: string, scopes: string[], extra: { refreshToken?: string; nonce?: string }) {
  const { store } = ctx;
  const ttl = store.config.accessTokenTtlSeconds;
  const access: AccessToken = { token: `ya29.${urlSafeToken(48)}`, clientId: client.clientId, userEmail: email, scopes, expiresAt: store.now() + ttl * 1000 };
  store.accessTokens.set(access.token, access);
  const body: Record<string, unknown> = {
    access_token: access.token,
    expires_in: ttl,
    ...(extra.refreshToken ? { refresh_token: extra.refreshToken } : {}),
    scope: scopes.join(" "),
    token_type: "Bearer",
  };
  if (scopes.includes(SCOPES.openid)) {
    const user = store.users.get(email);
    const nowSec = Math.floor(store.now() / 1000);
    body.id_token = ctx.signer.sign({
      iss: "https://accounts.google.com",
      azp: client.clientId,
      aud: client.clientId,
      sub: user?.sub ?? email,
      ...(scopes.includes(SCOPES.email) ? { email, email_verified: true } : {}),
      ...(hostedDomainOf(email) ? { hd: hostedDomainOf(email) } : {}),
      ...(scopes.includes(SCOPES.profile) && user ? { name: user.name } : {}),
      at_hash: createHash("sha256").update(access.token).digest().subarray(0, 16).toString("base64url"),
      ...(extra.nonce ? { nonce: extra.nonce } : {}),
      iat: nowSec,
      exp: nowSec + 3600,
    });
  }
  store.changed();
  return json(200, body, { "cache-control": "no-cache, no-store, max-age=0, must-revalidate", pragma: "no-cache" });
}

function verifyPkce(code: { codeChallenge?: string; codeChallengeMethod?: string }, verifier: string | null): void {
  if (!code.codeChallenge) return;
  if (!verifier) throw new OAuthError(400, "invalid_grant", "Missing code verifier.");
  const computed = code.codeChallengeMethod === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  if (computed !== code.codeChallenge) throw new OAuthError(400, "invalid_grant", "Invalid code verifier.");
}

function token(ctx: EmulatorContext): Handler {
  return async (req) => {
    const { store } = ctx;
    store.count("oauth.token");
    try {
      const fault = await applyFaults(store, { surface: "oauth", method: req.method, path: req.path });
      if (fault) throw new OAuthError(fault.status ?? 500, fault.reason ?? "internal_failure", "Injected fault");
      const form = readForm(req);
      const client = authenticateClient(ctx, req, form);
      const grantType = form.get("grant_type");
      if (grantType === "authorization_code") {
        const raw = form.get("code");
        if (!raw) throw new OAuthError(400, "invalid_request", "Missing required parameter: code");
        const code = store.codes.get(raw);
        if (!code || code.clientId !== client.clientId) throw new OAuthError(400, "invalid_grant", "Malformed auth code.");
        if (code.used || store.now() - code.createdAt > store.config.authCodeTtlSeconds * 1000) throw new OAuthError(400, "invalid_grant", "Bad Request");
        if (form.get("redirect_uri") !== code.redirectUri) throw new OAuthError(400, "redirect_uri_mismatch", "Bad Request");
        verifyPkce(code, form.get("code_verifier"));
        code.used = true;
        let refreshToken: string | undefined;
        if (code.issueRefreshToken) {
          refreshToken = `1//0${urlSafeToken(48)}`;
          store.refreshTokens.set(refreshToken, { token: refreshToken, clientId: client.clientId, userEmail: code.userEmail, scopes: code.scopes, createdAt: store.now() });
          const grant = store.grants.get(grantKey(client.clientId, code.userEmail));
          if (grant) grant.refreshTokenIssued = true;
        }
        return tokenResponse(ctx, client, code.userEmail, code.scopes, { refreshToken, nonce: code.nonce });
      }
      if (grantType === "refresh_token") {
        const raw = form.get("refresh_token");
        if (!raw) throw new OAuthError(400, "invalid_request", "Missing required parameter: refresh_token");
        const refresh = store.refreshTokens.get(raw);
        if (!refresh || refresh.clientId !== client.clientId) throw new OAuthError(400, "invalid_grant", "Token has been expired or revoked.");
        store.count("oauth.token.refresh");
        return tokenResponse(ctx, client, refresh.userEmail, refresh.scopes, {});
      }
      throw new OAuthError(400, "unsupported_grant_type", `Invalid grant_type: ${grantType ?? ""}`);
    } catch (err) {
      if (err instanceof OAuthError) return renderOAuthError(err);
      throw err;
    }
  };
}

function revoke(ctx: EmulatorContext): Handler {
  return async (req) => {
    const { store } = ctx;
    store.count("oauth.revoke");
    const fault = await applyFaults(store, { surface: "oauth", method: req.method, path: req.path });
    if (fault) return renderOAuthError(new OAuthError(fault.status ?? 500, fault.reason ?? "internal_failure", "Injected fault"));
    const raw = readForm(req).get("token") ?? "";
    const found = store.accessTokens.get(raw) ?? store.refreshTokens.get(raw);
    if (!found) return json(400, { error: "invalid_token", error_description: "Token expired or revoked" });
    // Revoking either kind of token ends the whole grant: its refresh tokens then fail with invalid_grant.
    const { clientId, userEmail } = found;
    store.grants.delete(grantKey(clientId, userEmail));
    for (const [k, t] of store.refreshTokens) if (t.clientId === clientId && t.userEmail === userEmail) store.refreshTokens.delete(k);
    for (const [k, t] of store.accessTokens) if (t.clientId === clientId && t.userEmail === userEmail) store.accessTokens.delete(k);
    store.changed();
    return json(200, {});
  };
}

function liveToken(ctx: EmulatorContext, raw: string | undefined | null): AccessToken | undefined {
  const t = raw ? ctx.store.accessTokens.get(raw) : undefined;
  return t && t.expiresAt > ctx.store.now() ? t : undefined;
}

function userinfo(ctx: EmulatorContext, version: "v1" | "v3"): Handler {
  return (req) => {
    ctx.store.count("oauth.userinfo");
    const t = liveToken(ctx, bearerToken(req));
    if (!t) {
      return json(401, { error: "invalid_request", error_description: "Invalid Credentials" }, { "www-authenticate": 'Bearer error="invalid_token"' });
    }
    const user = ctx.store.users.get(t.userEmail);
    const withEmail = t.scopes.includes(SCOPES.email);
    const withProfile = t.scopes.includes(SCOPES.profile);
    const [given, ...rest] = (user?.name ?? "").split(" ");
    const profile = withProfile ? { name: user?.name, given_name: given, family_name: rest.join(" ") || undefined } : {};
    const hd = hostedDomainOf(t.userEmail);
    const hosted = hd ? { hd } : {};
    if (version === "v3") {
      return json(200, { sub: user?.sub, ...profile, ...(withEmail ? { email: t.userEmail, email_verified: true } : {}), ...hosted });
    }
    return json(200, { id: user?.sub, ...(withEmail ? { email: t.userEmail, verified_email: true } : {}), ...profile, ...hosted });
  };
}

function tokeninfo(ctx: EmulatorContext): Handler {
  return (req) => {
    ctx.store.count("oauth.tokeninfo");
    const form = readForm(req);
    const t = liveToken(ctx, form.get("access_token") ?? bearerToken(req));
    if (!t) return json(400, { error: "invalid_token", error_description: "Invalid Value" });
    const user = ctx.store.users.get(t.userEmail);
    const hasRefresh = [...ctx.store.refreshTokens.values()].some((r) => r.clientId === t.clientId && r.userEmail === t.userEmail);
    return json(200, {
      azp: t.clientId,
      aud: t.clientId,
      sub: user?.sub,
      scope: t.scopes.join(" "),
      exp: String(Math.floor(t.expiresAt / 1000)),
      expires_in: String(Math.max(0, Math.floor((t.expiresAt - ctx.store.now()) / 1000))),
      ...(t.scopes.includes(SCOPES.email) ? { email: t.userEmail, email_verified: "true" } : {}),
      access_type: hasRefresh ? "offline" : "online",
    });
  };
}

export function registerOAuth(router: Router, ctx: EmulatorContext): void {
  router.add("GET", "/o/oauth2/v2/auth", authorize(ctx));
  router.add("GET", "/o/oauth2/auth", authorize(ctx));
  router.add("POST", "/o/oauth2/v2/auth/consent", consent(ctx));
  router.add("POST", "/token", token(ctx));
  router.add("POST", "/oauth2/v4/token", token(ctx));
  router.add("POST", "/revoke", revoke(ctx));
  router.add("POST", "/o/oauth2/revoke", revoke(ctx));
  for (const path of ["/oauth2/v3/userinfo", "/v1/userinfo"]) {
    router.add("GET", path, userinfo(ctx, path === "/v1/userinfo" ? "v1" : "v3"));
    router.add("POST", path, userinfo(ctx, path === "/v1/userinfo" ? "v1" : "v3"));
  }
  router.add("GET", "/oauth2/v2/userinfo", userinfo(ctx, "v1"));
  router.add("GET", "/oauth2/v1/userinfo", userinfo(ctx, "v1"));
  router.add("GET", "/tokeninfo", tokeninfo(ctx));
  router.add("POST", "/tokeninfo", tokeninfo(ctx));
  router.add("GET", "/oauth2/v3/tokeninfo", tokeninfo(ctx));
  router.add("GET", "/oauth2/v1/certs", () => json(200, ctx.signer.pemCerts()));
  router.add("GET", "/oauth2/v3/certs", () => json(200, ctx.signer.jwks()));
}

import { OAuth2Client } from "google-auth-library";
import { describe, expect, it } from "vitest";
import { isTemporaryResendError } from "../../email/resend-error";
import { bindingMatches, pkceChallenge } from "../connect/browser-binding";
import { accountOutsideWorkspace } from "../connect/workspace-domain";

describe("accountOutsideWorkspace", () => {
  it.each([
    ["no domain set: any account", { email: "maria@gmail.com", hostedDomain: null }, null, false],
    ["an account of the Workspace", { email: "maria@acme.com", hostedDomain: "acme.com" }, "acme.com", false],
    ["case does not matter", { email: "Maria@ACME.com", hostedDomain: "ACME.com" }, "acme.com", false],
    ["a consumer account", { email: "maria@gmail.com", hostedDomain: null }, "acme.com", true],
    ["the domain's address on a consumer Google account (no hd)", { email: "maria@acme.com", hostedDomain: null }, "acme.com", true],
    ["another Workspace", { email: "maria@other.com", hostedDomain: "other.com" }, "acme.com", true],
    ["a look-alike domain", { email: "maria@acme.com.evil.com", hostedDomain: "acme.com.evil.com" }, "acme.com", true],
    ["a subdomain", { email: "maria@eu.acme.com", hostedDomain: "eu.acme.com" }, "acme.com", true],
    ["an hd that does not match the address", { email: "maria@other.com", hostedDomain: "acme.com" }, "acme.com", true],
  ])("%s", (_label, account, domain, outside) => {
    expect(accountOutsideWorkspace(account, domain)).toBe(outside);
  });
});

describe("browser binding (PKCE S256)", () => {
  it("derives the same S256 challenge as google-auth-library, which sends it to Google", async () => {
    for (let i = 0; i < 5; i++) {
      const { codeVerifier, codeChallenge } = await new OAuth2Client().generateCodeVerifierAsync();
      expect(pkceChallenge(codeVerifier)).toBe(codeChallenge);
    }
  });

  it("matches only the verifier whose challenge the state carries", () => {
    const verifier = "a".repeat(64);
    const challenge = pkceChallenge(verifier);
    expect(bindingMatches(verifier, challenge)).toBe(true);
    expect(bindingMatches(undefined, challenge)).toBe(false);
    expect(bindingMatches("", challenge)).toBe(false);
    expect(bindingMatches("b".repeat(64), challenge)).toBe(false);
    expect(bindingMatches(verifier, undefined)).toBe(false);
    expect(bindingMatches("a".repeat(10_000), pkceChallenge("a".repeat(10_000)))).toBe(false);
  });
});

describe("isTemporaryResendError", () => {
  it.each([
    [{ name: "application_error", message: "Internal server error.", statusCode: 500 }, true],
    [{ name: "application_error", message: "Bad gateway", statusCode: 503 }, true],
    [{ name: "rate_limit_exceeded", message: "Too many requests", statusCode: 429 }, true],
    [{ name: "application_error", message: "Unable to fetch data", statusCode: null }, true],
    [{ name: "validation_error", message: "Invalid `to` field", statusCode: 422 }, false],
    [{ name: "invalid_api_key", message: "API key is invalid", statusCode: 403 }, false],
    [{ name: "invalid_parameter", message: "Path parameters cannot be `.`", statusCode: null }, false],
  ])("%o → %s", (error, temporary) => {
    expect(isTemporaryResendError(error)).toBe(temporary);
  });
});

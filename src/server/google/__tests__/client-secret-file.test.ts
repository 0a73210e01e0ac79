import { describe, expect, it } from "vitest";
import { googleClientIdSchema, googleClientSecretSchema, parseClientSecretFile } from "../client-secret-file";

const redirect = "https://app.example.com/getAuthKey";
const web = {
  client_id: "123-abc.apps.googleusercontent.com",
  client_secret: "GOCSPX-abcdefgh_12345",
  project_id: "acme-sync",
  redirect_uris: [redirect, "http://localhost:3000/getAuthKey"],
};

describe("parseClientSecretFile", () => {
  it("accepts a Web client with our redirect URI", () => {
    expect(parseClientSecretFile(JSON.stringify({ web }), redirect)).toEqual({
      ok: true,
      value: { clientId: web.client_id, clientSecret: web.client_secret, projectId: "acme-sync" },
    });
  });

  it.each([
    ["not JSON", "{oops", "not valid JSON"],
    ["a Desktop client", JSON.stringify({ installed: web }), "Desktop (installed) client"],
    ["no web client", JSON.stringify({ other: 1 }), "no \"web\" client"],
    ["a web client without secret", JSON.stringify({ web: { client_id: web.client_id } }), "lacks client_id or client_secret"],
    ["a bad client id", JSON.stringify({ web: { ...web, client_id: "123" } }), ".apps.googleusercontent.com"],
    ["a missing redirect URI", JSON.stringify({ web: { ...web, redirect_uris: ["https://other/getAuthKey"] } }), `don't include ${redirect}`],
    ["an array", "[]", "no \"web\" client"],
  ])("refuses %s with a precise message", (_name, text, message) => {
    const result = parseClientSecretFile(text, redirect);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});

describe("client id and secret validation", () => {
  it("wants the Google suffix and a plausible secret", () => {
    expect(googleClientIdSchema.safeParse(" 1-a.apps.googleusercontent.com ").success).toBe(true);
    expect(googleClientIdSchema.safeParse(".apps.googleusercontent.com").success).toBe(false);
    expect(googleClientIdSchema.safeParse("1-a.example.com").success).toBe(false);
    expect(googleClientSecretSchema.safeParse("GOCSPX-abc_def123").success).toBe(true);
    expect(googleClientSecretSchema.safeParse("short").success).toBe(false);
    expect(googleClientSecretSchema.safeParse("has spaces in it").success).toBe(false);
  });
});

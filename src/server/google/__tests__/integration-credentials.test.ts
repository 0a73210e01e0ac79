import { describe, expect, it } from "vitest";
import type { googleIntegrations } from "../../db/schema";
import { googleRedirectUri } from "../endpoints";
import { decideCredentials, type CredentialsChoice } from "../integration-credentials";

const COMPANY = "11111111-1111-4111-8111-111111111111";
const ADMIN = "22222222-2222-4222-8222-222222222222";
const CLIENT_ID = "1234-abc.apps.googleusercontent.com";
const stored = { privateClientId: CLIENT_ID, privateClientSecretEnc: "v2.key.ciphertext" } as typeof googleIntegrations.$inferSelect;
const json = JSON.stringify({ web: { client_id: CLIENT_ID, client_secret: "GOCSPX-from-file", project_id: "acme-sync", redirect_uris: [googleRedirectUri()] } });

describe("decideCredentials", () => {
  it.each<[string, CredentialsChoice, typeof stored | undefined, { ok: boolean; error?: RegExp; clientId?: string; keepsSecret?: boolean }]>([
    ["the shared app, where the deployment has one", { mode: "shared" }, undefined, { ok: true, clientId: "fieldsync-shared.apps.googleusercontent.com" }],
    ["a private client typed in", { mode: "private", clientId: CLIENT_ID, clientSecret: "GOCSPX-typed" }, undefined, { ok: true, clientId: CLIENT_ID }],
    ["a private client without its ID", { mode: "private", clientSecret: "GOCSPX-typed" }, undefined, { ok: false, error: /client ID/ }],
    ["a new private client without its secret", { mode: "private", clientId: CLIENT_ID }, undefined, { ok: false, error: /client secret/ }],
    ["the same client again, keeping the stored secret", { mode: "private", clientId: CLIENT_ID }, stored, { ok: true, clientId: CLIENT_ID, keepsSecret: true }],
    ["another client, whose secret we don't have", { mode: "private", clientId: "9999-xyz.apps.googleusercontent.com" }, stored, { ok: false, error: /client secret/ }],
    ["Google's downloaded JSON", { mode: "private", clientSecretJson: json }, undefined, { ok: true, clientId: CLIENT_ID }],
    ["a file that is not Google's JSON", { mode: "private", clientSecretJson: "{}" }, undefined, { ok: false }],
  ])("%s", (_label, choice, before, expected) => {
    const decision = decideCredentials(COMPANY, choice, before, ADMIN);
    expect(decision.ok).toBe(expected.ok);
    if (!decision.ok) {
      if (expected.error) expect(decision.error).toMatch(expected.error);
      return;
    }
    expect(decision.clientId).toBe(expected.clientId);
    expect(decision.values.updatedById).toBe(ADMIN);
    if (choice.mode === "private") expect("privateClientSecretEnc" in decision.values).toBe(!expected.keepsSecret);
  });

  it("never stores a secret in plaintext", () => {
    const decision = decideCredentials(COMPANY, { mode: "private", clientId: CLIENT_ID, clientSecret: "GOCSPX-typed" }, undefined, ADMIN);
    expect(JSON.stringify(decision)).not.toContain("GOCSPX-typed");
  });
});

import type { googleIntegrations } from "../db/schema";
import { googleRedirectUri } from "./endpoints";
import { parseClientSecretFile } from "./client-secret-file";
import { encryptClientSecret, sharedAppCredentials } from "./company-credentials";

type IntegrationRow = typeof googleIntegrations.$inferSelect;
export type IntegrationValues = Omit<typeof googleIntegrations.$inferInsert, "companyId">;

/** Settings › Integrations as submitted: the shared FieldSync app, or the company's private Google API client. */
export type CredentialsChoice =
  | { mode: "shared" }
  | {
      mode: "private";
      projectName?: string;
      clientId?: string;
      /** Absent keeps the stored secret ("•••• set"). */
      clientSecret?: string;
      /** The downloaded client-secret JSON; when given it supplies client ID and secret. */
      clientSecretJson?: string;
      workspaceDomain?: string | null;
    };

export type CredentialsDecision = { ok: true; values: IntegrationValues; clientId: string } | { ok: false; error: string };

/**
 * The rules for the credentials a company may save: the shared app only where the deployment has one; a private
 * client needs an ID and a secret (typed, uploaded as Google's JSON, or kept from before for the same client ID).
 * The secret is encrypted here and never leaves the server again. Returns the row to store and the OAuth client
 * that issues tokens from now on (a different one means every connection must consent again).
 */
export function decideCredentials(companyId: string, choice: CredentialsChoice, stored: IntegrationRow | undefined, updatedById: string): CredentialsDecision {
  if (choice.mode === "shared") {
    const shared = sharedAppCredentials();
    if (!shared) return { ok: false, error: "This FieldSync deployment has no shared Google app: use your private Google API credentials." };
    return { ok: true, clientId: shared.clientId, values: { mode: "shared", workspaceDomain: null, updatedById } };
  }
  let { clientId, clientSecret, projectName } = choice;
  if (choice.clientSecretJson) {
    const parsed = parseClientSecretFile(choice.clientSecretJson, googleRedirectUri());
    if (!parsed.ok) return { ok: false, error: parsed.error };
    clientId = parsed.value.clientId;
    clientSecret = parsed.value.clientSecret;
    projectName ||= parsed.value.projectId;
  }
  if (!clientId) return { ok: false, error: "Enter the client ID, or upload the client-secret JSON." };
  const keepsStoredSecret = !clientSecret && stored?.privateClientSecretEnc && stored.privateClientId === clientId;
  if (!clientSecret && !keepsStoredSecret) return { ok: false, error: "Enter the client secret, or upload the client-secret JSON." };
  return {
    ok: true,
    clientId,
    values: {
      mode: "private",
      privateProjectName: projectName || null,
      privateClientId: clientId,
      ...(clientSecret ? { privateClientSecretEnc: encryptClientSecret(companyId, clientSecret) } : {}),
      workspaceDomain: choice.workspaceDomain ?? null,
      updatedById,
    },
  };
}

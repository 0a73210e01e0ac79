import { env } from "~/env";
import type { DbOrTx } from "../db/client";
import type { googleAccounts } from "../db/schema";
import { getGoogleIntegration } from "../db/queries/google";
import { decryptSecret, encryptSecret } from "../security/encryption";
import { getEncryptionKey } from "../security/keys";
import type { OAuthCredentials } from "./oauth-client";

export type CompanyGoogleSetup =
  | { status: "not_configured" }
  | { status: "unavailable"; mode: "shared" | "private"; message: string }
  | {
      status: "ready";
      mode: "shared" | "private";
      credentials: OAuthCredentials;
      workspaceDomain: string | null;
    };

/** The deployment's shared FieldSync Google app, when it has one. */
export function sharedAppCredentials(): OAuthCredentials | undefined {
  if (!env.GOOGLE_CLIENT_ID || !env.GOOGLE_CLIENT_SECRET) return undefined;
  return { clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET };
}

export const clientSecretContext = (companyId: string) => `google_integrations.private_client_secret:${companyId}`;

export function encryptClientSecret(companyId: string, secret: string): string {
  return encryptSecret(secret, getEncryptionKey(), clientSecretContext(companyId));
}

/** Which OAuth client a company's fieldworkers connect through, with its secret decrypted (server only). */
export async function loadCompanyGoogleSetup(db: DbOrTx, companyId: string): Promise<CompanyGoogleSetup> {
  const integration = await getGoogleIntegration(db, companyId);
  if (!integration) return { status: "not_configured" };
  if (integration.mode === "shared") {
    const shared = sharedAppCredentials();
    if (!shared) {
      return { status: "unavailable", mode: "shared", message: "This FieldSync deployment has no shared Google app. Use your private Google API credentials." };
    }
    return { status: "ready", mode: "shared", credentials: shared, workspaceDomain: null };
  }
  if (!integration.privateClientId || !integration.privateClientSecretEnc) {
    return { status: "unavailable", mode: "private", message: "The private Google API client ID or secret is missing." };
  }
  return {
    status: "ready",
    mode: "private",
    credentials: {
      clientId: integration.privateClientId,
      clientSecret: decryptSecret(integration.privateClientSecretEnc, getEncryptionKey(), clientSecretContext(companyId)),
    },
    workspaceDomain: integration.workspaceDomain,
  };
}

/** Tokens only work with the OAuth client that issued them: find that client's credentials, if we still have them. */
export async function credentialsForAccount(db: DbOrTx, account: typeof googleAccounts.$inferSelect): Promise<OAuthCredentials | undefined> {
  return credentialsUnderSetup(await loadCompanyGoogleSetup(db, account.companyId), account);
}

/** The same, with the company's setup already loaded (set-based work loads it once per company). */
export function credentialsUnderSetup(setup: CompanyGoogleSetup, account: Pick<typeof googleAccounts.$inferSelect, "oauthClientId">): OAuthCredentials | undefined {
  if (setup.status === "ready" && setup.credentials.clientId === account.oauthClientId) return setup.credentials;
  const shared = sharedAppCredentials();
  if (shared?.clientId === account.oauthClientId) return shared;
  return undefined;
}


import { z } from "zod";

/**
 * Validation of the OAuth client credentials an admin types or uploads (the client-secret JSON that
 * Google Cloud Console downloads: `{"web": {...}}` for a Web application client).
 */
export const GOOGLE_CLIENT_ID_SUFFIX = ".apps.googleusercontent.com";

export const googleClientIdSchema = z
  .string()
  .trim()
  .min(1, "Enter the client ID")
  .max(200, "That client ID is too long")
  .refine((id) => id.endsWith(GOOGLE_CLIENT_ID_SUFFIX) && id.length > GOOGLE_CLIENT_ID_SUFFIX.length, {
    message: `A Google client ID ends in ${GOOGLE_CLIENT_ID_SUFFIX}`,
  });

export const googleClientSecretSchema = z
  .string()
  .trim()
  .min(8, "Enter the client secret (at least 8 characters)")
  .max(200, "That client secret is too long")
  .regex(/^[A-Za-z0-9_-]+$/, "A client secret contains only letters, digits, '-' and '_'");

const webClientSchema = z.object({
  client_id: z.string(),
  client_secret: z.string(),
  project_id: z.string().optional(),
  redirect_uris: z.array(z.string()).optional(),
});

export interface ParsedClientSecretFile {
  clientId: string;
  clientSecret: string;
  projectId?: string;
}

export type ClientSecretFileResult = { ok: true; value: ParsedClientSecretFile } | { ok: false; error: string };

/** Parses the downloaded JSON and checks it is a Web client whose redirect URIs include ours. */
export function parseClientSecretFile(text: string, requiredRedirectUri: string): ClientSecretFileResult {
  if (text.length > 20_000) return { ok: false, error: "That file is too large to be a Google client-secret JSON." };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: "That file is not valid JSON. Download the client secret again from Google Cloud Console." };
  }
  if (typeof json !== "object" || json === null) return { ok: false, error: "That JSON is not a Google client-secret file." };
  if ("installed" in json) {
    return {
      ok: false,
      error: "This is a Desktop (installed) client. Create an OAuth client of type \"Web application\" instead.",
    };
  }
  if (!("web" in json)) return { ok: false, error: "That JSON has no \"web\" client: is it the client-secret file from Google Cloud Console?" };
  const web = webClientSchema.safeParse(json.web);
  if (!web.success) return { ok: false, error: "The \"web\" client in that file lacks client_id or client_secret." };
  const clientId = googleClientIdSchema.safeParse(web.data.client_id);
  if (!clientId.success) return { ok: false, error: clientId.error.issues[0]?.message ?? "Invalid client ID" };
  const clientSecret = googleClientSecretSchema.safeParse(web.data.client_secret);
  if (!clientSecret.success) return { ok: false, error: clientSecret.error.issues[0]?.message ?? "Invalid client secret" };
  const redirectUris = web.data.redirect_uris ?? [];
  if (!redirectUris.includes(requiredRedirectUri)) {
    return {
      ok: false,
      error: `The client's authorized redirect URIs don't include ${requiredRedirectUri}. Add it in Google Cloud Console, download the JSON again and upload it.`,
    };
  }
  return { ok: true, value: { clientId: clientId.data, clientSecret: clientSecret.data, projectId: web.data.project_id } };
}
